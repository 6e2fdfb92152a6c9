"""DL3022: COPY --from must name an earlier stage (or an image reference)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.analysis import Facts
from dlint.model import Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import FromRef, classify_from

_LIST_LIMIT = 5  # stage names shown in a message


def _earlier(facts: Facts, before: int) -> str:
    """The stages a COPY may use, for the message: ``earlier stages: build, 1``."""
    names = [s.name or str(s.index) for s in facts.stages[:before]]
    if not names:
        return "there is no earlier stage"
    shown = ", ".join(names[-_LIST_LIMIT:])
    return "earlier stages: " + ("..., " if len(names) > _LIST_LIMIT else "") + shown


def _message(facts: Facts, inst: Instruction, ref: FromRef) -> str | None:
    v = ref.value
    if ref.kind == "later" and ref.stage is not None:
        line = ref.stage.from_instruction.line
        return (
            f"COPY --from={v} names a stage defined later, on line {line}; a stage can only copy "
            f"from stages above it, so move stage {ref.stage.name} before this one."
        )
    if ref.kind == "bad-index":
        return (
            f"COPY --from={v} is not the index of a stage before this one "
            f"({_earlier(facts, inst.stage)}); use the name of an earlier stage."
        )
    if ref.kind == "variable":
        return (
            f"COPY --from={v} uses a variable, but --from does not expand variables, so the "
            "build fails; declare the image in its own stage (a global ARG, then "
            "FROM ${ARG} AS name) and copy --from that stage's name."
        )
    if ref.kind == "unknown-name":
        return (
            f"COPY --from={v} names no stage of this Dockerfile "
            f"({_earlier(facts, inst.stage)}), so unless the build passes a context of that "
            f"name (--build-context {v}=...), it pulls an image called {v}; fix the stage "
            f"name, or, if an image is meant, pin it ({v}:<version>)."
        )
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Resolve each COPY --from of the file; ONBUILD triggers belong to a later build."""
    for inst in ctx.facts.instructions("COPY"):
        flag = inst.flag("from")
        if flag is None or not flag.value or inst.stage < 0:
            continue
        message = _message(ctx.facts, inst, classify_from(ctx.facts, inst, flag.value))
        if message:
            yield Finding(flag.span, message)


RULE = Rule(
    code="DL3022",
    name="CopyFromUnknownStage",
    severity=Severity.WARNING,
    summary="COPY --from should name an earlier stage or an image",
    rationale=(
        "`COPY --from=<name>` takes files from an earlier stage of the same Dockerfile. When no\n"
        "stage has that name, BuildKit does not complain: it pulls an image called `<name>`\n"
        "from Docker Hub instead, so a typo in a stage name turns into a pull of an unknown\n"
        "(or missing) image.\n\n"
        "Reported: a bare name that is no stage (stage names compare case-insensitively, as\n"
        "in BuildKit); a stage defined after the COPY and a stage index that is not below the\n"
        "current stage's (both fail the build); and a variable (`--from=$BUILDER`), which\n"
        "`--from` never expands, so the build fails: put the image in a stage of its own\n"
        "(`ARG BUILDER=golang:1.23` before the first FROM, `FROM ${BUILDER} AS builder`) and copy\n"
        "from that. A value with `:`, `/` or `@` is an image reference and is fine here\n"
        "(DL3026 checks its registry). Copying from the stage itself is DL3023. `COPY --from`\n"
        "in an ONBUILD trigger refers to stages of the later build and is not checked."
    ),
    check=check,
    bad=(
        "FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build -o /out/app .\n"
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=biuld /out/app /app\n"
        'ENTRYPOINT ["/app"]\n'
    ),
    good=(
        "FROM golang:1.23 AS build\nWORKDIR /src\nRUN go build -o /out/app .\n"
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n"
        'ENTRYPOINT ["/app"]\n'
    ),
    tags=("correctness",),
    hadolint=True,
)
