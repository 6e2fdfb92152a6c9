"""DL3044: ENV uses a variable that the same ENV instruction sets earlier."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from dlint import words
from dlint.model import Instruction, KeyValue, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import with_onbuild


def _ref_span(kv: KeyValue, raw: str, start: int, end: int) -> Span:
    """The span of a reference inside ``key=value`` when it can be placed exactly."""
    s = kv.span
    offset = len(kv.key) + 1
    if kv.legacy or s.line != s.end_line or s.end_column - s.column != offset + len(raw):
        return s
    return Span(s.line, s.column + offset + start, s.line, s.column + offset + end)


def _keeps_value(
    earlier: KeyValue, scope: Mapping[str, str | None], escape: str, trigger: bool
) -> bool:
    """True when the earlier assignment leaves the variable as it was (``A=$A``, same value)."""
    raw = (earlier.raw_value or earlier.value or "").strip()
    if re.fullmatch(r"[\"']?\$\{?" + re.escape(earlier.key) + r"\}?[\"']?", raw):
        return True
    if trigger or earlier.key not in scope:
        return False
    before = scope[earlier.key]
    after = words.expand(raw, scope, escape)
    return before is not None and before == after


def _old_value(name: str, scope: Mapping[str, str | None], trigger: bool) -> str:
    """What the reference really gives, for the message."""
    if trigger:
        return ""
    if name not in scope:
        return " (empty, unless the base image sets it)"
    value = scope[name]
    return "" if value is None else f" ({value!r})"


def _check_env(ctx: RuleContext, inst: Instruction, trigger: bool) -> Iterator[Finding]:
    escape = ctx.facts.dockerfile.escape
    scope: Mapping[str, str | None] = {} if trigger else ctx.facts.scope(inst)
    assigned: dict[str, KeyValue] = {}
    for kv in inst.key_values:
        raw = kv.raw_value if kv.raw_value is not None else kv.value
        for name, start, end in words.references(raw or "", escape):
            earlier = assigned.get(name)
            if earlier is None or _keeps_value(earlier, scope, escape, trigger):
                continue
            new = earlier.raw_value if earlier.raw_value is not None else earlier.value
            yield Finding(
                _ref_span(kv, raw or "", start, end),
                f"{kv.key} uses ${name}, which this ENV sets to {new} just before, but ENV "
                f"expands all its values before setting any, so ${name} here still has its old "
                f"value{_old_value(name, scope, trigger)}; set {name} in an earlier ENV.",
            )
        assigned[kv.key] = kv


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Check each ENV (and ONBUILD ENV) for references to its own earlier keys."""
    for inst, trigger in with_onbuild(ctx.facts, "ENV"):
        yield from _check_env(ctx, inst, trigger)


RULE = Rule(
    code="DL3044",
    name="EnvSelfReference",
    severity=Severity.ERROR,
    summary="Do not use a variable in the same ENV instruction that sets it",
    rationale=(
        "One ENV instruction expands all its values first and only then sets the variables.\n"
        "In `ENV APP_HOME=/app APP_BIN=$APP_HOME/bin`, `$APP_HOME` is the value from before\n"
        "the instruction (empty here), so `APP_BIN` becomes `/bin`. Set the variable in an\n"
        "earlier ENV.\n\n"
        "A variable using its own old value (`ENV PATH=/opt/bin:$PATH`) is fine, as is a\n"
        "reference to a variable the instruction re-sets to the value it already had\n"
        "(`ARG VERSION=1.2` then `ENV VERSION=$VERSION URL=.../$VERSION`). Unlike hadolint,\n"
        "dlint reports only references to keys set *earlier* in the instruction (a later\n"
        "key has not been set yet in anybody's reading), and also reports a variable that\n"
        "was defined before but is changed by the same ENV. References in single quotes are\n"
        "not expansions and are ignored. ONBUILD ENV is checked too."
    ),
    check=check,
    bad="FROM python:3.12-slim\nENV APP_HOME=/app APP_BIN=$APP_HOME/bin\n",
    good="FROM python:3.12-slim\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin\n",
    tags=("correctness",),
    hadolint=True,
)
