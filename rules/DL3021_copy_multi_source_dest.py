"""DL3021: COPY/ADD with several sources needs a directory destination ending in /."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import copy_args, origin, with_onbuild


def is_directory(dest: str) -> bool:
    """A destination the build treats as a directory: ends with a separator, or is ``.``."""
    return dest.endswith(("/", "\\")) or dest == "."


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report several sources copied to a destination that does not end with a slash."""
    for inst, trigger in with_onbuild(ctx.facts, "COPY", "ADD"):
        args = copy_args(inst)
        if args is None or len(args.sources) < 2:
            continue
        dest = args.dest
        value: str | None = dest.value
        if not dest.literal:
            value = None if trigger else ctx.facts.expand(inst, dest.text)
        if value is None or is_directory(value):
            continue
        yield Finding(
            dest.span,
            f"{inst.name} has {len(args.sources)} sources, so its destination {value}"
            f"{origin(dest)} must be a directory; end it with a slash ({value}/).",
        )


RULE = Rule(
    code="DL3021",
    name="CopyMultipleSourcesNeedsDirectory",
    severity=Severity.ERROR,
    summary="COPY with more than one source needs a destination that ends with /",
    rationale=(
        "With several sources, COPY and ADD put each of them into the destination, which must\n"
        "therefore be a directory, and Docker's reference requires it to end with `/`. Without\n"
        "the slash the sources are written one after the other to the same path, and the\n"
        "result depends on the builder: an error with the classic builder, a silent overwrite\n"
        "or a surprising layout with BuildKit.\n\n"
        "Here-documents count as sources. A destination of `.` is a directory for BuildKit and\n"
        "is not reported (hadolint reports it). Destinations from ARG and ENV are resolved;\n"
        "one known only at build time is not reported. ADD is checked as well as COPY (hadolint\n"
        "checks COPY only), including in ONBUILD triggers."
    ),
    check=check,
    bad="FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app\n",
    good="FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app/\n",
    tags=("correctness",),
    hadolint=True,
)
