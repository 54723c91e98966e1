"""The model: what every stage passes to the next, and safe access to files.

The deployment (:mod:`~stagelint.model.deployment`: services, environments, env files,
variables, each with its exact location), values and what they are
(:mod:`~stagelint.model.values`), the diagnostics rules yield and reporters print
(:mod:`~stagelint.model.diagnostics`), what a service evidently is
(:mod:`~stagelint.model.stack`), errors, records, patterns users write
(:mod:`~stagelint.model.user_regex`), and reading and writing files safely
(:mod:`~stagelint.model.source`, :mod:`~stagelint.model.atomic`). The bottom layer: it
imports nothing else of stagelint, so every other layer may import it.
"""
