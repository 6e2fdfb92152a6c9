"""dlint: a Dockerfile linter. The public API for plugin authors is re-exported here."""

from __future__ import annotations

import pluggy

from dlint.rule import Finding, Option, Rule, RuleContext, Severity, Violation

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("dlint")

__all__ = [
    "Finding",
    "Option",
    "Rule",
    "RuleContext",
    "Severity",
    "Violation",
    "__version__",
    "hookimpl",
]
