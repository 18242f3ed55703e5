"""Write stage: a Digest → the spoken Script (writer.write_script).

Nothing is imported here: the speech workers load script.lexicon, and loading
the writer with it (jinja2, num2words, the digest readers) cost each run's
worker server 0.1 s before its first clip (measured).
"""
