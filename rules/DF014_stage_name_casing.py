"""DF014: a stage name with upper-case letters (BuildKit's StageNameCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("FROM"):
        name = inst.stage_name
        if name and name != name.lower() and len(inst.words) == 3:
            yield Finding(
                inst.words[2].span,
                f"Stage name {name!r} has upper-case letters; BuildKit lower-cases stage names "
                f"(so `--from={name}` and `--from={name.lower()}` are the same stage) and warns "
                f"(StageNameCasing); write AS {name.lower()}.",
            )


RULE = Rule(
    code="DF014",
    name="StageNameCasing",
    severity=Severity.STYLE,
    summary="Write stage names in lower case",
    rationale=(
        "BuildKit compares stage names without case: `AS Builder` defines the stage\n"
        "`builder`, and `COPY --from=BUILDER` finds it. Writing the name in several cases\n"
        "hides that, and BuildKit warns (StageNameCasing). Use lower case."
    ),
    check=check,
    bad="FROM golang:1.23 AS Build\nRUN go build -o /app .\nFROM debian:12-slim\nCOPY --from=Build /app /app\n",
    good="FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM debian:12-slim\nCOPY --from=build /app /app\n",
    tags=("style",),
    buildkit_name="StageNameCasing",
    precision="very-high",
)
