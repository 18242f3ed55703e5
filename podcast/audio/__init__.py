"""Assemble stage: clips → the finished episode file and its side files (assemble.assemble).

Nothing is imported here: a make whose episode is reused assembles nothing, and
loading the assembly (numpy, Pillow, mutagen) cost it 0.15 s (measured).
"""
