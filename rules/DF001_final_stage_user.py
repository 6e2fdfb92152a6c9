"""DF001: the final stage never sets USER, so the container runs as root."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from dlint.analysis import WINDOWS_SHELL
from dlint.imageref import ImageRef
from dlint.rule import Finding, Option, Rule, RuleContext, Severity

#: Base images known to run as a non-root user by default (repository glob, tag glob).
NONROOT_IMAGES: tuple[tuple[str, str], ...] = (
    ("gcr.io/distroless/*", "*nonroot*"),
    ("cgr.dev/chainguard/*", "*"),
    ("docker.io/nginxinc/nginx-unprivileged", "*"),
    ("docker.io/bitnami/*", "*"),
    ("docker.io/library/sonarqube", "*"),
    ("docker.io/jenkins/jenkins", "*"),
)
#: Exceptions to the list above (repository glob, tag glob): these run as root.
ROOT_EXCEPTIONS: tuple[tuple[str, str], ...] = (
    ("cgr.dev/chainguard/*", "*-dev"),
    ("cgr.dev/chainguard/*", "*dev*"),
    ("docker.io/bitnami/minideb", "*"),
)


def _full_name(ref: ImageRef) -> str:
    return f"{ref.domain}/{ref.repository}"


def runs_as_nonroot(ref: ImageRef, extra: list[str]) -> bool:
    name = _full_name(ref)
    tag = ref.tag or "latest"
    for repo, tag_glob in ROOT_EXCEPTIONS:
        if fnmatch.fnmatch(name, repo) and fnmatch.fnmatch(tag, tag_glob):
            return False
    for repo, tag_glob in NONROOT_IMAGES:
        if fnmatch.fnmatch(name, repo) and fnmatch.fnmatch(tag, tag_glob):
            return True
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(ref.familiar_name, p) for p in extra)


def _root_of_chain(ctx: RuleContext, index: int) -> int:
    stages = ctx.facts.stages
    while stages[index].base_stage is not None:
        index = stages[index].base_stage  # type: ignore[assignment]
    return index


def check(ctx: RuleContext) -> Iterator[Finding]:
    final = ctx.facts.final_stage
    if final is None or final.user is not None:
        return
    root = ctx.facts.stages[_root_of_chain(ctx, final.index)]
    if root.shell == WINDOWS_SHELL:
        return  # Windows images choose their user (ContainerUser) differently
    if root.image is None:
        return  # the base image is only known at build time
    ref = root.image_ref
    if isinstance(ref, ImageRef) and runs_as_nonroot(ref, list(ctx.options["nonroot-images"])):
        return
    inst = final.from_instruction
    span = inst.keyword_span
    base = root.image or "the base image"
    yield Finding(
        span,
        f"The final stage (built from {base}) never sets USER, so the container runs as root; "
        "add a USER with a non-root user (for example USER 10001) after installing.",
    )


RULE = Rule(
    code="DF001",
    name="FinalStageRunsAsRoot",
    severity=Severity.WARNING,
    summary="The final stage sets no USER, so the container runs as root",
    rationale=(
        "A container runs as the last USER of the stage its image is built from, and as root\n"
        "when there is none. A process running as root inside a container is one kernel bug\n"
        "away from root on the host, and can write anywhere in the image. Create a user and\n"
        "switch to it with USER once the installs are done.\n\n"
        "Only the final stage counts: a USER in a builder stage does not change what the\n"
        "image runs as, while a USER in an earlier stage that the final stage is built FROM\n"
        "does. Base images known to run as a non-root user are not reported: distroless\n"
        "`:nonroot` tags, Chainguard images (not `-dev`), `nginxinc/nginx-unprivileged`,\n"
        "Bitnami images (not minideb), `sonarqube` and `jenkins/jenkins`. Add your own with\n"
        "the `nonroot-images` option. Windows images and bases known only at build time are\n"
        "not reported. A USER that is root is DL3002's concern."
    ),
    check=check,
    bad='FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\nCMD ["flask", "run"]\n',
    good=(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 && useradd -u 10001 app\n"
        'USER 10001\nCMD ["flask", "run"]\n'
    ),
    tags=("security",),
    options=(
        Option(
            "nonroot-images", [], "Image names (globs) that already run as a non-root user.", list
        ),
    ),
    security_severity=5.0,
    precision="medium",
)
