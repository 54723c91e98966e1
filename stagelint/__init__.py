"""stagelint: a config linter and policy checker for staging deployments.

Kept empty on purpose: ``stagelint check`` runs on every commit, so importing the package
must not import the world (pydantic, tree-sitter, rich, ...). Modules import what they need.
"""

__version__ = "0.1.0"
