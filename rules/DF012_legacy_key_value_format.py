"""DF012: ENV or LABEL in the legacy ``key value`` form (BuildKit's LegacyKeyValueFormat)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import with_onbuild


def _quoted(raw: str, escape: str) -> str:
    """The value for ``key=value``: as written when it is one word or already quoted,
    else in double quotes (which keep ``$VAR`` expanding, as the legacy form does)."""
    if len(raw) > 1 and raw[0] in "'\"" and raw[-1] == raw[0]:
        return raw
    if raw and not any(c.isspace() for c in raw):
        return raw
    return '"' + raw.replace('"', escape + '"') + '"'


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, _ in with_onbuild(ctx.facts, "ENV", "LABEL"):
        for kv in inst.key_values:
            if not kv.legacy:
                continue
            value = kv.raw_value if kv.raw_value is not None else (kv.value or "")
            meant, hash_, _comment = value.partition(" #")
            shown = _quoted(meant.rstrip() if hash_ else value, ctx.dockerfile.escape)
            after = " and the comment on a line of its own (DF025)" if hash_ else ""
            yield Finding(
                kv.span,
                f"{inst.keyword} {kv.key} {value} uses the legacy `key value` form, which "
                f"BuildKit warns about (LegacyKeyValueFormat); write {inst.keyword} "
                f"{kv.key}={shown}{after}.",
            )


RULE = Rule(
    code="DF012",
    name="LegacyKeyValueFormat",
    severity=Severity.STYLE,
    summary="Write ENV and LABEL as key=value, not the legacy key value form",
    rationale=(
        "`ENV NAME value` (no `=`) is the legacy form: the first word is the key and the\n"
        "whole rest of the line is the value, spaces and quotes included, so it sets only\n"
        "one variable and reads differently from `ENV NAME=value`, which can set several.\n"
        "BuildKit warns about it on every build (LegacyKeyValueFormat). Write\n"
        "`ENV NAME=value`, quoting a value with blanks.\n\n"
        "Style: reported, but below the default failure threshold."
    ),
    check=check,
    bad="FROM python:3.12-slim\nENV PYTHONUNBUFFERED 1\n",
    good="FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n",
    tags=("style",),
    buildkit_name="LegacyKeyValueFormat",
    precision="very-high",
)
