"""DL3024: two stages with the same name (BuildKit's DuplicateStageName)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.analysis import Stage
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import stage_name_word


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report each stage whose lower-cased name an earlier stage already has."""
    seen: dict[str, Stage] = {}
    for stage in ctx.facts.stages:
        if not stage.name:
            continue
        first = seen.setdefault(stage.name, stage)
        if first is stage:
            continue
        inst = stage.from_instruction
        word = stage_name_word(inst)
        span = word.span if word else inst.keyword_span
        written = inst.stage_name or stage.name
        earlier = first.from_instruction.stage_name or first.name
        note = "" if earlier == written else f" as {earlier} (stage names ignore case)"
        yield Finding(
            span,
            f"Stage name {written} is already used by the stage on line "
            f"{first.from_instruction.line}{note}; give each stage its own name so that FROM "
            "and COPY --from refer to the one you mean.",
        )


RULE = Rule(
    code="DL3024",
    name="DuplicateStageName",
    severity=Severity.ERROR,
    summary="Stage names (FROM ... AS name) must be unique",
    rationale=(
        "`FROM`, `COPY --from` and `RUN --mount=from=` find a stage by its name, and\n"
        "`docker build --target` builds one. With two stages of the same name only one of\n"
        "them can be reached, and which one depends on the builder and on where the reference\n"
        "is, so part of the Dockerfile is silently dead or the wrong files are copied.\n\n"
        "Names are compared ignoring case, as BuildKit lower-cases them (`AS Build` and\n"
        "`AS build` are the same stage); hadolint compares them as written. Each repeat is\n"
        "reported at its name, pointing back at the first stage."
    ),
    check=check,
    bad=(
        "FROM node:22-slim AS build\nRUN npm --version\n"
        "FROM node:22-slim AS build\nRUN node --version\n"
    ),
    good=(
        "FROM node:22-slim AS deps\nRUN npm --version\n"
        "FROM node:22-slim AS build\nRUN node --version\n"
    ),
    tags=("correctness",),
    buildkit_name="DuplicateStageName",
    hadolint=True,
)
