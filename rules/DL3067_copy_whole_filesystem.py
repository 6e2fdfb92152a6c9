"""DL3067: ``COPY --from=<stage> / /`` copies another stage's whole filesystem."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dlint.model import Instruction, Word
from dlint.rule import Finding, Rule, RuleContext, Severity


def _is_root(ctx: RuleContext, inst: Instruction, word: Word) -> bool:
    value = word.value if "$" not in word.value else ctx.facts.expand(inst, word.text)
    return value is not None and value != "" and posixpath.normpath(value) in ("/", "//")


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("COPY"):
        source = inst.flag("from")
        if source is None or len(inst.words) < 2:
            continue
        *sources, dest = inst.words
        if not _is_root(ctx, inst, dest):
            continue
        for word in sources:
            if _is_root(ctx, inst, word):
                yield Finding(
                    word.span,
                    f"COPY --from={source.value} / / copies the whole filesystem of another "
                    "image or stage over this one, with its package database, users and "
                    "leftovers; copy only the directories you need.",
                )
                break


RULE = Rule(
    code="DL3067",
    name="CopyWholeFilesystem",
    severity=Severity.WARNING,
    summary="Do not copy an entire filesystem from another stage with COPY --from=... / /",
    rationale=(
        "`COPY --from=build / /` lays every file of the other stage over this one: its\n"
        "package manager database, `/etc/passwd`, caches and build tools. The result is a\n"
        "large image that mixes two distributions' files and silently undoes what this\n"
        "stage set up. Copy the directories that hold the build output instead.\n\n"
        "Reported when a source and the destination of a `COPY --from` are both the root\n"
        '(`/`, `"/"`, `/.`), in shell or JSON form, with build arguments expanded through\n'
        "their defaults. A plain `COPY / /` (from the build context) is not reported, nor is\n"
        "copying the root into a subdirectory."
    ),
    check=check,
    bad=(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n"
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build / /\n"
    ),
    good=(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n"
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n"
    ),
    tags=("size", "correctness"),
    hadolint=True,
)
