"""DL3067: ``COPY --from=<stage> / /`` copies another stage's whole filesystem."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from dlint.imageref import ImageRef, try_parse_image
from dlint.model import Instruction, Word
from dlint.rule import Finding, Option, Rule, RuleContext, Severity

#: Images made to be copied whole: FROM scratch images of helper files or binaries.
ARTIFACT_IMAGES = (
    "tonistiigi/xx",
    "gloursdocker/docker",
    "docker/buildx-bin",
    "docker/compose-bin",
)


def _is_root(ctx: RuleContext, inst: Instruction, word: Word) -> bool:
    value = word.value if "$" not in word.value else ctx.facts.expand(inst, word.text)
    return value is not None and value != "" and posixpath.normpath(value) in ("/", "//")


def _is_artifact(ctx: RuleContext, inst: Instruction, source: str) -> bool:
    """True when the source holds only chosen files: a FROM scratch stage or an artifact image."""
    name = ctx.facts.expand(inst, source) or source
    stage = ctx.facts.stage_named(name)
    if stage is not None and stage.index < inst.stage:
        root = ctx.facts.lineage(stage)[-1]
        if root.is_scratch:
            return True
        ref = root.image_ref
    else:
        ref = try_parse_image(name)
    if not isinstance(ref, ImageRef):
        return False
    globs = [*ARTIFACT_IMAGES, *ctx.options["artifact-images"]]
    return any(fnmatch.fnmatch(ref.familiar_name, g) or fnmatch.fnmatch(ref.name, g) for g in globs)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("COPY"):
        source = inst.flag("from")
        if source is None or not source.value or len(inst.words) < 2:
            continue
        *sources, dest = inst.words
        if not _is_root(ctx, inst, dest):
            continue
        target = ctx.facts.stage_of(inst)
        if target is not None and ctx.facts.lineage(target)[-1].is_scratch:
            continue  # into an empty image: flattening a stage on purpose
        if _is_artifact(ctx, inst, source.value):
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
        "copying the root into a subdirectory.\n\n"
        "Copying a whole filesystem is the intended use of some sources, and these are not\n"
        "reported (hadolint reports them): a stage built FROM scratch, which holds only the\n"
        "files put there; images made to be copied whole (`tonistiigi/xx`,\n"
        "`gloursdocker/docker`, `docker/buildx-bin`, `docker/compose-bin`, plus the globs of\n"
        "the `artifact-images` option); and a copy into a stage built FROM scratch, which\n"
        "flattens the other stage into one layer rather than mixing two systems."
    ),
    check=check,
    bad=(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n"
        "FROM debian:12-slim\nCOPY --from=build / /\n"
    ),
    good=(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n"
        "FROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n"
    ),
    tags=("size", "correctness"),
    options=(
        Option(
            "artifact-images",
            [],
            "More image names (globs) that are made to be copied whole with COPY --from=... / /.",
            list,
        ),
    ),
    hadolint=True,
)
