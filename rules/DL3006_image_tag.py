"""DL3006 and DL3007: base images pinned by tag or digest, and not to ``latest``."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import copied_images, external_refs, image_origin, image_span, partial_refs


def check_tag(ctx: RuleContext) -> Iterator[Finding]:
    found = [
        (stage, f"{ref.raw}{image_origin(stage)}", ref.familiar_name)
        for stage, ref in external_refs(ctx)
        if ref.tag is None and ref.digest is None
    ]
    found += [
        (stage, part.raw, part.familiar)
        for stage, part in partial_refs(ctx)
        if part.tag is None and not part.digest
    ]
    for stage, shown, familiar in sorted(found, key=lambda f: f[0].index):
        yield Finding(
            image_span(stage),
            f"Base image {shown} has no tag or digest, so each build may "
            f"get a different image; pin a version, such as {familiar}:<version>.",
        )
    for span, what, ref in copied_images(ctx):
        if ref.tag is None and ref.digest is None:
            yield Finding(
                span,
                f"{what} an image without a tag or digest, so each build may get a different "
                f"one; pin a version, such as {ref.familiar_name}:<version>.",
            )


def check_latest(ctx: RuleContext) -> Iterator[Finding]:
    found = [
        (stage, f"{ref.raw}{image_origin(stage)}")
        for stage, ref in external_refs(ctx)
        if ref.tag == "latest" and ref.digest is None
    ]
    found += [
        (stage, part.raw)
        for stage, part in partial_refs(ctx)
        if part.tag == "latest" and not part.digest
    ]
    for stage, shown in sorted(found, key=lambda f: f[0].index):
        yield Finding(
            image_span(stage),
            f"Base image {shown} uses the 'latest' tag, which moves; "
            "pin a version tag or a digest.",
        )
    for span, what, ref in copied_images(ctx):
        if ref.tag == "latest" and ref.digest is None:
            yield Finding(
                span,
                f"{what} an image tagged 'latest', which moves; pin a version tag or a digest.",
            )


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
