"""DF022: a base image tag that names a variant or a channel, not a version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import external_refs, image_origin, image_span

#: system images whose codename tags (bookworm, jammy...) name one release of the system,
#: by the last part of the name, so that mirrors (`amd64/debian`, `myregistry/ubuntu`) count
DISTROS = frozenset(
    {
        "debian",
        "ubuntu",
        "buildpack-deps",
        "fedora",
        "centos",
        "rockylinux",
        "almalinux",
        "oraclelinux",
        "amazonlinux",
        "archlinux",
        "photon",
        "clearlinux",
        "mageia",
        "alt",
        "sl",
        "ros",
    }
)
#: other images that are a system named by its codename
DISTRO_IMAGES = frozenset({"devcontainers/base"})
#: tag parts that move from release to release, even on a system image
CHANNELS = frozenset(
    {
        "stable",
        "testing",
        "unstable",
        "sid",
        "rolling",
        "edge",
        "devel",
        "dev",
        "nightly",
        "beta",
        "rc",
        "current",
        "lts",
        "mainline",
        "insider",
        "master",
        "main",
        "latest",
    }
)
#: Node.js release lines named after elements: each is one major version
NODE_LINES = frozenset(
    {
        "argon",
        "boron",
        "carbon",
        "dubnium",
        "erbium",
        "fermium",
        "gallium",
        "hydrogen",
        "iron",
        "jod",
    }
)
_DIGIT = re.compile(r"\d")


def _moves(repository: str, tag: str) -> bool:
    """True when ``tag`` (which has no digit) takes whatever version comes next."""
    parts = tag.lower().split("-")
    if any(p in CHANNELS for p in parts):
        return True
    if _DIGIT.search(repository.rsplit("/", 1)[-1]):
        return False  # the version is in the name: distroless/static-debian12:nonroot
    if repository.rsplit("/", 1)[-1] in DISTROS or repository in DISTRO_IMAGES:
        return False  # a codename: bookworm is Debian 12
    return not (repository.endswith("/node") and parts[0] in NODE_LINES)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for stage, ref in external_refs(ctx):
        tag = ref.tag
        if tag is None or ref.digest is not None or tag == "latest" or _DIGIT.search(tag):
            continue
        if not _moves(ref.repository, tag):
            continue
        rest = [p for p in tag.split("-") if p.lower() not in CHANNELS]
        pinned = "-".join(["<version>", *rest])
        yield Finding(
            image_span(stage),
            f"Base image {ref.raw}{image_origin(stage)} has a tag with no version in it ('{tag}'), "
            "which moves to each new release like 'latest'; pin a version in the tag "
            f"({ref.path}:{pinned}, say) or a digest.",
        )


RULE = Rule(
    code="DF022",
    name="TagWithoutVersion",
    severity=Severity.WARNING,
    summary="Pin a version in the base image tag, not only a variant or channel",
    rationale=(
        "`node:alpine`, `python:slim`, `nginx:mainline` and `node:lts` are tags that move: each\n"
        "names a variant or a release channel, and its publisher points it at every new\n"
        "release, major versions included. A Dockerfile built on one gets a different base\n"
        "image from one week to the next, exactly as with `latest` (DL3007), which hadolint\n"
        "checks while letting these pass. Put a version in the tag (`node:22-alpine`,\n"
        "`python:3.12-slim`) or pin a digest.\n\n"
        "Reported: a tag without any digit, other than `latest`, on an image without a\n"
        "digest. Not reported: a system image's release codename (`debian:bookworm`,\n"
        "`ubuntu:jammy-*`, `buildpack-deps:bookworm-curl`), which names one release; an image\n"
        "whose name carries the version (`distroless/static-debian12:nonroot`); and Node.js\n"
        "release lines (`node:iron`). Channel words (`stable`, `testing`, `sid`, `edge`, `lts`,\n"
        "`current`, `mainline`, `rolling`...) move even on system images (`debian:stable`).\n"
        "Build arguments are resolved through their ARG defaults."
    ),
    check=check,
    bad="FROM node:alpine\nRUN node --version\n",
    good="FROM node:22-alpine\nRUN node --version\n",
    tags=("reproducibility",),
    precision="high",
)
