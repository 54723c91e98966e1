"""stagelint's built-in policy packs and variable catalogue (YAML data).

This ``__init__`` makes the directory a package so that ``importlib.resources`` finds the
YAML files from a source checkout, an editable install and an installed wheel alike.
"""
