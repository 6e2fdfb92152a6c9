"""The bad and good examples in each rule's docs: bad triggers the rule, good does not."""

from __future__ import annotations

import pytest

from dlint.api import default_registry, lint_string
from dlint.rule import CODE_RE, NAME_RE, Settings

RULES = [r for r in default_registry().rules if r.plugin == "dlint_rules"]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_examples(rule, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert rule.bad and rule.good, f"{rule.code} needs bad and good examples"
    # The examples are read with the rules on by default, as users run dlint, and the
    # settings a configuration-driven rule documents with them.
    settings = Settings(**dict(rule.example_settings))
    # Files the examples need beside the Dockerfile (a .dockerignore) go in a folder of
    # their own, and each example is linted as a Dockerfile there.
    path = "Dockerfile"
    if rule.example_context:
        for name, content in rule.example_context.items():
            (tmp_path / name).write_text(content, encoding="utf-8")
        path = str(tmp_path / "Dockerfile")

    def found(text: str) -> list:  # type: ignore[type-arg]
        if rule.example_context:
            (tmp_path / "Dockerfile").write_text(text, encoding="utf-8")
        kept = lint_string(text, path, extend_select=[rule.code], settings=settings)
        return [v for v in kept if v.code == rule.code]

    bad, good = found(rule.bad), found(rule.good)
    assert bad, f"{rule.code}: the bad example does not trigger the rule"
    assert not good, f"{rule.code}: the good example triggers it: {good[0].message}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_metadata(rule) -> None:  # type: ignore[no-untyped-def]
    assert CODE_RE.match(rule.code) and NAME_RE.match(rule.name)
    assert rule.summary and len(rule.summary) < 120 and "\n" not in rule.summary
    assert len(rule.rationale) > 80
    assert rule.tags


def test_codes_and_names_are_unique() -> None:
    codes = [r.code for r in default_registry().rules]
    names = [r.name.lower() for r in default_registry().rules]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
