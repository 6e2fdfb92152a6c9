"""DF005: a quoted path with blanks in the shell form of COPY, ADD or VOLUME."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dlint import words
from dlint.model import Instruction, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

KEYWORDS = ("COPY", "ADD", "VOLUME")


def _targets(ctx: RuleContext) -> Iterator[Instruction]:
    for inst in ctx.dockerfile.instructions:
        if inst.name in KEYWORDS:
            yield inst
        elif inst.onbuild is not None and inst.onbuild.name in KEYWORDS:
            yield inst.onbuild


def check(ctx: RuleContext) -> Iterator[Finding]:
    escape = ctx.dockerfile.escape
    for inst in _targets(ctx):
        if inst.exec_form is not None or inst.heredocs:
            continue
        broken = [w for w in inst.words if words.unclosed_quote(w.text, escape)]
        if not broken:
            continue
        first, last = broken[0].span, broken[-1].span
        # What the author meant: the arguments with quotes grouping blanks.
        meant = [w.value for w in words.split_words(inst.args, escape)]
        lead = "".join(f.text + " " for f in inst.flags)
        json_form = json.dumps(meant)
        span = Span(first.line, first.column, last.end_line, last.end_column)
        failure = "the build fails (unexpected end of statement while looking for matching quote)"
        if words.unclosed_quote(inst.args, escape):  # not a quoted path: a stray quote
            yield Finding(span, f"`{broken[0].text}` has an unmatched quote, so {failure}.")
            continue
        yield Finding(
            span,
            f"{inst.keyword} splits its arguments at blanks before it reads quotes, so "
            f"`{broken[0].text}` has no closing quote and {failure}; write paths with blanks "
            f"in the JSON form: {inst.keyword} {lead}{json_form}.",
        )


RULE = Rule(
    code="DF005",
    name="BlankInShellFormPath",
    severity=Severity.ERROR,
    summary="Paths with blanks in COPY, ADD and VOLUME need the JSON form",
    rationale=(
        "BuildKit reads the shell form of COPY, ADD and VOLUME differently from RUN: its\n"
        "parser first splits the arguments at blanks, and only then reads quotes and escapes\n"
        'in each piece. `COPY "my file.txt" /app/` is therefore three pieces, `"my`,\n'
        '`file.txt"` and `/app/`, and the build stops when it expands the first one\n'
        "(`unexpected end of statement while looking for matching double-quote`). Docker's\n"
        "reference says it: the JSON form is required for paths containing whitespace.\n\n"
        'Quotes around a path without blanks (`COPY "app.py" /app/`) are fine. A quote that\n'
        "is never closed fails the same way and is reported too. Heredocs and the JSON form\n"
        "are not checked; ONBUILD triggers are."
    ),
    check=check,
    bad='FROM python:3.12-slim\nCOPY "my settings.toml" /app/\n',
    good='FROM python:3.12-slim\nCOPY ["my settings.toml", "/app/"]\n',
    tags=("correctness",),
    precision="very-high",
)
