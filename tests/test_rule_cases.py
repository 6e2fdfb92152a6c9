"""Every rule's case file (tests/rules/<CODE>.yaml): pass and fail cases with expected lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dlint.api import default_registry, lint_string
from dlint.rule import Settings

CASES_DIR = Path(__file__).parent / "rules"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{i}-{case['name']}"))
    return params


def _expected(entry: Any) -> tuple[int, int | None]:
    if isinstance(entry, int):
        return entry, None
    line, col = str(entry).split(":")
    return int(line), int(col)


@pytest.mark.parametrize(("code", "case"), _load())
def test_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    settings = Settings(
        trusted_registries=tuple(case.get("trusted_registries", ())),
        label_schema=case.get("label_schema", {}),
        strict_labels=case.get("strict_labels", False),
    )
    options = {code: case["options"]} if "options" in case else None
    # `also` turns on other rules the case needs (DF011 judges other rules' suppressions).
    # `context`: files beside the Dockerfile (a .dockerignore), written with it to a folder.
    # `path`: the Dockerfile's path, for rules that read it (a dev container's).
    path = case.get("path", "Dockerfile")
    if "context" in case:
        for name, content in case["context"].items():
            (tmp_path / name).write_text(content, encoding="utf-8")
        (tmp_path / "Dockerfile").write_text(case["dockerfile"], encoding="utf-8")
        path = str(tmp_path / "Dockerfile")
    found = lint_string(
        case["dockerfile"],
        path,
        select=[code, *case.get("also", [])],
        options=options,
        settings=settings,
    )
    got = [v for v in found if v.code == code]
    expected = [_expected(e) for e in case["lines"]]
    assert [v.span.line for v in got] == [line for line, _ in expected], [
        f"{v.span.line}:{v.span.column} {v.message}" for v in got
    ]
    for v, (_line, col) in zip(got, expected):
        if col is not None:
            assert v.span.column == col, f"{v.code} at {v.span}: {v.message}"
    for v in got:
        assert v.message.rstrip().endswith((".", "!", "?")), v.message
    # `contains`: text the case's findings must name (every package of a grouped finding, say).
    messages = " ".join(v.message for v in got)
    for text in case.get("contains", []):
        assert text in messages, f"{text!r} not in {messages!r}"
    # `excludes`: text no finding may show (a secret the message must not repeat).
    for text in case.get("excludes", []):
        assert text not in messages, f"{text!r} in {messages!r}"


def test_every_rule_has_a_case_file_with_both_kinds() -> None:
    builtin = [r for r in default_registry().rules if r.plugin == "dlint_rules"]
    for rule in builtin:
        path = CASES_DIR / f"{rule.code}.yaml"
        assert path.is_file(), f"{rule.code} has no case file {path.name}"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(c["lines"] for c in cases), f"{rule.code}: no failing case"
        assert any(not c["lines"] for c in cases), f"{rule.code}: no passing case"
