"""The bundled script templates, one per segment kind (shipped as package data).

To change what the show says, copy this folder's *.txt.j2 files to a folder of
your own and pass it with --templates DIR (or templates_dir in podcast.toml).
"""
