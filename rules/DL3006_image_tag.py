"""DL3006 and DL3007: base images pinned by tag or digest, and not to ``latest``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dlint.model import Span
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import copied_images, external_refs, image_origin, image_span, partial_refs


@dataclass(frozen=True)
class _Image:
    """An image the build pulls, as the two rules judge it."""

    span: Span
    base: bool  # a FROM image; else one that COPY --from or RUN --mount=from pulls
    shown: str  # the FROM image as written (and its origin), or what the instruction does
    familiar: str  # the name without tag or digest
    tag: str | None
    digest: bool


def _images(ctx: RuleContext) -> Iterator[_Image]:
    """FROM images (valid references, and those known but for their registry or namespace)
    in stage order, then the images COPY --from, ADD --from and RUN --mount=from pull."""
    bases = [
        (stage.index, _Image(image_span(stage), True, f"{ref.raw}{image_origin(stage)}",
                             ref.familiar_name, ref.tag, ref.digest is not None))
        for stage, ref in external_refs(ctx)
    ] + [
        (stage.index, _Image(image_span(stage), True, part.raw, part.familiar, part.tag,
                             part.digest))
        for stage, part in partial_refs(ctx)
    ]  # fmt: skip
    for _index, image in sorted(bases, key=lambda b: b[0]):
        yield image
    for span, what, ref in copied_images(ctx):
        yield _Image(span, False, what, ref.familiar_name, ref.tag, ref.digest is not None)


def check_tag(ctx: RuleContext) -> Iterator[Finding]:
    for image in _images(ctx):
        if image.tag is not None or image.digest:
            continue
        pin = f"pin a version, such as {image.familiar}:<version>"
        if image.base:
            message = (
                f"Base image {image.shown} has no tag or digest, so each build may get a "
                f"different image; {pin}."
            )
        else:
            message = (
                f"{image.shown} an image without a tag or digest, so each build may get a "
                f"different one; {pin}."
            )
        yield Finding(image.span, message)


def check_latest(ctx: RuleContext) -> Iterator[Finding]:
    for image in _images(ctx):
        if image.tag != "latest" or image.digest:
            continue
        if image.base:
            message = f"Base image {image.shown} uses the 'latest' tag, which moves; "
        else:
            message = f"{image.shown} an image tagged 'latest', which moves; "
        yield Finding(image.span, message + "pin a version tag or a digest.")


_SCOPE = (
    "Build arguments are resolved through their ARG defaults (`ARG BASE=python:3.12` then\n"
    "`FROM $BASE` is pinned); a FROM naming an earlier stage, `scratch`, or a value that\n"
    "cannot be known without build arguments is not reported, unless the unknown part is\n"
    "only the registry or namespace (`gcr.io/$PROJECT_ID/app:latest`), which cannot change\n"
    "the tag. A registry port is not a tag: `localhost:5000/team/app` has no tag. Images\n"
    "that `COPY --from`, `ADD --from` and `RUN --mount=from=` pull are judged too\n"
    "(`COPY --from=composer:latest`): they change the image as much as its base does."
)

RULES = [
    Rule(
        code="DL3006",
        name="ImageTagMissing",
        severity=Severity.WARNING,
        summary="Always tag the base image with a version",
        rationale=(
            "Without a tag, FROM takes `latest`: whatever the image's publisher pushed last.\n"
            "Builds stop being reproducible and can break without any change on your side.\n\n"
            + _SCOPE
        ),
        check=check_tag,
        bad="FROM python\nRUN python --version\n",
        good="FROM python:3.12-slim\nRUN python --version\n",
        tags=("reproducibility",),
        hadolint=True,
    ),
    Rule(
        code="DL3007",
        name="ImageTagLatest",
        severity=Severity.WARNING,
        summary="Do not use the 'latest' tag for a base image; pin a version",
        rationale=(
            "`latest` is just a tag that moves with every release, so two builds of the same\n"
            "Dockerfile can get different base images. Pin a version tag, or a digest. A\n"
            "`latest` tag together with a digest is fine: the digest decides.\n\n" + _SCOPE
        ),
        check=check_latest,
        bad="FROM node:latest\nRUN node --version\n",
        good="FROM node:22.11-alpine\nRUN node --version\n",
        tags=("reproducibility",),
        hadolint=True,
    ),
]
