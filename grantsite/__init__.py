"""The engine of the open-data site of NGO state-grant priorities (kk/ru).

pipeline.py runs the stages in order; each stage or concern is a subpackage whose __init__ says what it
does and is all that other packages import of it.  Imports point down, never up: preview and importer →
pipeline → handbook, site, data, search → check → model, content → output, cache, workers, stopwatch,
jsontext.  The handbook's developer page draws the tree (docs/en/developers.md).
"""
