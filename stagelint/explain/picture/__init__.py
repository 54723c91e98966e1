"""The picture of the deployment that ``stagelint explain`` draws.

One model (:mod:`stagelint.explain.picture.graph`: services, data stores and third parties per
environment, the variables that connect them, each with its status) and three renderings
of it: box drawing for the terminal (:mod:`~stagelint.explain.picture.terminal`), a Mermaid
flowchart for Markdown (:mod:`~stagelint.explain.picture.mermaid`) and an SVG laid out by
stagelint for the HTML tour (:mod:`~stagelint.explain.picture.svg`,
:mod:`~stagelint.explain.picture.html`).

Only ``stagelint explain`` imports this package; ``stagelint check`` never does.
"""
