"""Public import path of ``rule_doc`` and the parsed rule documentation (a plugin's
tests check its rules' docs with it); the code lives in
:mod:`stagelint.policy.ruledocs`.
"""

from stagelint.policy.ruledocs import *  # noqa: F403
