"""DL3023: COPY --from names the stage it is in."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import classify_from


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report COPY --from whose name or index is the current stage."""
    for inst in ctx.facts.instructions("COPY"):
        flag = inst.flag("from")
        if flag is None or not flag.value or inst.stage < 0:
            continue
        ref = classify_from(ctx.facts, inst, flag.value)
        if ref.kind != "self":
            continue
        yield Finding(
            flag.span,
            f"COPY --from={ref.value} names the stage this COPY is in; a stage cannot copy from "
            "itself (the build fails): copy from an earlier stage, or use the path directly "
            "in a RUN.",
        )


RULE = Rule(
    code="DL3023",
    name="CopyFromOwnStage",
    severity=Severity.ERROR,
    summary="COPY --from cannot name its own stage",
    rationale=(
        "A stage's files only exist once the stage is built, so `COPY --from` cannot take\n"
        'files from the stage it is in; BuildKit stops with "cannot copy from stage". This is\n'
        "usually a copy-paste slip: the COPY was meant for the next stage, or the name of an\n"
        "earlier stage was intended.\n\n"
        "The stage is matched by name, case-insensitively as BuildKit does, and also by index\n"
        "(`--from=1` inside the second stage), which hadolint does not check."
    ),
    check=check,
    bad=(
        "FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build -o /out/app .\n"
        "COPY --from=build /out/app /usr/local/bin/app\n"
    ),
    good=(
        "FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build -o /out/app .\n"
        "FROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n"
    ),
    tags=("correctness",),
    hadolint=True,
)
