"""Generated rule docs must match the rules' metadata."""

from __future__ import annotations

from helpers import ROOT, dlint


def test_rule_docs_are_up_to_date() -> None:
    run = dlint(["docs", "--check", str(ROOT / "docs" / "rules")])
    assert run.code == 0, "docs/rules is stale; run `dlint docs`:\n" + run.out
