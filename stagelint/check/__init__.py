"""Checking one project: select rules, run them, apply suppressions and the baseline.

:mod:`~stagelint.check.runner` is ``stagelint check`` without the command line (targets ->
projects -> diagnostics); :mod:`~stagelint.check.engine` selects and runs the rules
(:mod:`~stagelint.check.parallel` in several processes) and stamps code and severity;
:mod:`~stagelint.check.suppress` applies inline suppressions and per-file ignores;
:mod:`~stagelint.check.baseline` drops the findings a project has adopted. Imports the
policy and project layers, the parsers and the model; never a reporter.
"""
