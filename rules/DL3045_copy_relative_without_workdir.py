"""DL3045: COPY to a relative destination in a stage that never sets WORKDIR."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.analysis import Facts
from dlint.model import Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import copy_args, is_absolute, origin, with_onbuild


def _workdir_set(facts: Facts, inst: Instruction, trigger: bool) -> bool:
    """True when a WORKDIR of this Dockerfile decides where ``inst`` copies to.

    For a normal COPY: a WORKDIR before it in its stage, or anywhere in the stages
    it is built FROM. For an ONBUILD trigger, which runs in the child build: any
    WORKDIR of the stage and its bases (the image keeps the last one), or an
    ONBUILD WORKDIR before it.
    """
    stage = facts.stage_of(inst)
    if stage is None:
        return False
    for s in facts.lineage(stage):
        for i in s.instructions:
            if i.name == "WORKDIR" and (trigger or s is not stage or i.index < inst.index):
                return True
            if (
                trigger
                and i.name == "ONBUILD"
                and i.onbuild is not None
                and i.onbuild.name == "WORKDIR"
                and (s is not stage or i.line < inst.line)
            ):
                return True
    return False


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report COPY/ADD destinations that depend on the base image's WORKDIR."""
    for inst, trigger in with_onbuild(ctx.facts, "COPY", "ADD"):
        args = copy_args(inst)
        if args is None:
            continue
        dest = args.dest
        value: str | None = dest.value
        if not dest.literal:
            value = None if trigger else ctx.facts.expand(inst, dest.text)
        if not value or is_absolute(value) or _workdir_set(ctx.facts, inst, trigger):
            continue
        stage = ctx.facts.stage_of(inst)
        if not trigger and stage is not None and ctx.facts.lineage(stage)[-1].is_scratch:
            continue  # FROM scratch has no WORKDIR to inherit: the path is under /
        root = "C:\\" if stage is not None and stage.windows else "/"
        rest = value
        while rest.startswith("./"):
            rest = rest[2:].lstrip("/")
        if rest in ("", "."):
            fix = "set WORKDIR first (WORKDIR /app, say), so that it names a directory you chose"
        else:
            target = root + (rest.replace("/", "\\") if root != "/" else rest)
            fix = f"set WORKDIR first, or use an absolute path such as {target}"
        yield Finding(
            dest.span,
            f"{inst.name} to the relative path {value}{origin(dest)} in a stage without WORKDIR "
            f"lands wherever the base image's WORKDIR points ({root} if it sets none); {fix}.",
        )


RULE = Rule(
    code="DL3045",
    name="CopyRelativeWithoutWorkdir",
    severity=Severity.WARNING,
    summary="Set WORKDIR before COPY to a relative destination",
    rationale=(
        "A relative COPY destination (`COPY app.py .`) is resolved against the current\n"
        "WORKDIR. When the Dockerfile never sets one, that is whatever the base image set,\n"
        "or `/`: files land in a place the Dockerfile does not show, and move when the base\n"
        "image changes. Set WORKDIR first, or copy to an absolute path.\n\n"
        "A WORKDIR earlier in the stage, or in an earlier stage the stage is built FROM,\n"
        "counts; one in an unrelated stage does not. Absolute POSIX and Windows paths\n"
        "(`/app`, `C:\\\\app`) are fine. Destinations from ARG and ENV are resolved (hadolint\n"
        "skips any destination starting with `$`); one known only at build time is not\n"
        "reported. A stage built FROM scratch inherits no WORKDIR, so its relative paths are\n"
        "under `/` and are not reported. ADD is checked as well as COPY. An ONBUILD COPY runs\n"
        "in the child build, whose WORKDIR is the last one this image sets, so any WORKDIR\n"
        "of the stage counts."
    ),
    check=check,
    bad="FROM python:3.12-slim\nCOPY requirements.txt .\n",
    good="FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n",
    tags=("correctness",),
    hadolint=True,
)
