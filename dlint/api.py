"""A small library API: lint a string the way the command line would."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from dlint.engine import RuleSet, select_rules, sort_violations
from dlint.plugins import Registry, load
from dlint.rule import Settings, Violation


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return load()


def lint_string(
    text: str,
    path: str = "Dockerfile",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    settings: Settings | None = None,
    registry: Registry | None = None,
) -> list[Violation]:
    """Violations for ``text``, sorted as the command line prints them.

    ``select`` picks rules by code, prefix, name or tag (default: the rules on by
    default); ``options`` gives rule options by code.
    """
    from dlint.runner import lint_text

    registry = registry or default_registry()
    rules, unknown = select_rules(registry.rules, select, extend_select, ignore)
    if unknown:
        raise ValueError(f"unknown rule code or name: {', '.join(unknown)}")
    settings = replace(settings or Settings(), known_refs=registry.known_refs())
    if options:
        settings = replace(settings, rule_options={**settings.rule_options, **options})
    result = lint_text(text, path, RuleSet(tuple(rules)), settings)
    if result.diagnostics:
        raise RuntimeError("; ".join(d.line() for d in result.diagnostics))
    return sort_violations(result.violations)
