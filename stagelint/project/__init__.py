"""A project on disk -> the model: settings, discovery, loading.

:mod:`~stagelint.project.settings` reads ``[tool.stagelint]`` or ``stagelint.toml``,
:mod:`~stagelint.project.discover` says what each file is (service, environment, template),
:mod:`~stagelint.project.loader` reads each through its parser into a
:class:`~stagelint.model.deployment.Project`, :mod:`~stagelint.project.iac` places Railway's
IaC services, :mod:`~stagelint.project.deployed` reads the deployed values the operator pulled
(``--env-file``), :mod:`~stagelint.project.init` writes a starting configuration. Imports
the parsers and the model only: nothing here knows of rules or policies.
"""
