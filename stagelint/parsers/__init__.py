"""One module per file format; each turns text into the model and never raises on bad input
(except :class:`stagelint.model.errors.ParseError`, which the loader turns into SL001)."""
