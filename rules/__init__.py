"""stagelint's built-in rules (installed as the ``stagelint_rules`` package)."""
