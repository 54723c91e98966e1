"""The rule API's public import path (``docs/plugins.md``): ``Rule``, ``Context``,
``RuleOptions``, ``literal``, ``judged_literal`` and the rest of the rule API. The code
lives in :mod:`stagelint.policy.rule`, :mod:`stagelint.policy.context` and
:mod:`stagelint.policy.facts`; stagelint's own modules and built-in rules import it from
there.
"""

from stagelint.policy.context import *  # noqa: F403
from stagelint.policy.facts import judged_literal as judged_literal
from stagelint.policy.rule import *  # noqa: F403
