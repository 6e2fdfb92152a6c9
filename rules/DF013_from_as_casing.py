"""DF013: FROM and AS written in different cases (BuildKit's FromAsCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("FROM"):
        if len(inst.words) != 3 or inst.words[1].value.lower() != "as":
            continue
        keyword, as_word = inst.keyword, inst.words[1]
        if keyword.isupper() and not as_word.value.isupper():
            want = "AS"
        elif keyword.islower() and not as_word.value.islower():
            want = "as"
        else:
            continue
        yield Finding(
            as_word.span,
            f"`{keyword} ... {as_word.value}`: write `{want}` in the case of `{keyword}`, as "
            "BuildKit's FromAsCasing check asks.",
        )


RULE = Rule(
    code="DF013",
    name="FromAsCasing",
    severity=Severity.STYLE,
    summary="Write AS in the same case as FROM",
    rationale=(
        "Keywords are case-insensitive, but `FROM golang:1.23 as build` mixes cases within\n"
        "one instruction. BuildKit warns about it on every build (FromAsCasing). Write\n"
        "`FROM ... AS name` (or `from ... as name` in a lower-case file)."
    ),
    check=check,
    bad="FROM golang:1.23 as build\nRUN go version\n",
    good="FROM golang:1.23 AS build\nRUN go version\n",
    tags=("style",),
    buildkit_name="FromAsCasing",
    precision="very-high",
)
