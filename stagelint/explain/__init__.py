"""``stagelint explain``, ``stagelint rules`` and ``stagelint policies``, and the docs.

Commands (:mod:`~stagelint.explain.commands`) build documents
(:mod:`~stagelint.explain.document`): a rule's or a pack's page
(:mod:`~stagelint.explain.rules`), a variable (:mod:`~stagelint.explain.variable`), the tour
(:mod:`~stagelint.explain.tour`) with its picture (:mod:`stagelint.explain.picture`), from a
project checked exactly as ``stagelint check`` does (:mod:`~stagelint.explain.survey`);
:mod:`~stagelint.explain.render` draws them for a terminal, Markdown or HTML, and
:mod:`~stagelint.explain.docgen` writes ``docs/rules``. Independent of the reporters:
``stagelint check`` never imports this package.
"""
