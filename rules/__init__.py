"""dlint's built-in rules (import package ``dlint_rules``).

One module per rule, named ``<CODE>_<what>.py``, each defining ``RULE`` (or
``RULES``). They are registered through the same ``dlint_rules`` hook a
third-party plugin implements.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable

from dlint import hookimpl
from dlint.rule import Rule

_MODULE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{3,5}_")


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if _MODULE_RE.match(m.name))


@hookimpl
def dlint_rules() -> Iterable[Rule]:
    rules: list[Rule] = []
    for name in _modules():
        module = importlib.import_module(f"{__name__}.{name}")
        found = getattr(module, "RULES", None) or [module.RULE]
        rules.extend(found)
    return rules
