"""DL3026: images pulled from a registry that is not in the trusted list."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from dlint.imageref import DEFAULT_DOMAIN, ImageRef, try_parse_image
from dlint.model import Instruction, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import classify_from, origin, with_onbuild

#: Names that all mean Docker Hub; trusting one of them trusts unqualified images.
DOCKER_HUB = (
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
    "hub.docker.com",
)


def _matches(pattern: str, domain: str) -> bool:
    """``*`` wildcards; a pattern without a port also matches that host on any port."""
    if fnmatch.fnmatchcase(domain, pattern):
        return True
    host = domain.split(":", 1)[0] if not domain.startswith("[") else domain
    return ":" not in pattern and host != domain and fnmatch.fnmatchcase(host, pattern)


def is_trusted(domain: str, patterns: tuple[str, ...]) -> bool:
    domain = domain.lower()
    names = DOCKER_HUB if domain == DEFAULT_DOMAIN else (domain,)
    return any(_matches(p, name) for p in patterns for name in names)


class _Checker:
    """Checks image references against the configured registries."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self.listed = ", ".join(patterns)

    def finding(self, span: Span, what: str, ref: ImageRef) -> Finding | None:
        if is_trusted(ref.domain, self.patterns):
            return None
        return Finding(
            span,
            f"{what} is pulled from {ref.domain}, which is not a trusted registry "
            f"({self.listed}); use an image from a trusted registry, or add {ref.domain} "
            "to the trusted registries.",
        )


def _literal_registry(raw: str) -> ImageRef | None:
    """For an image known only at build time, its registry when written literally.

    ``gcr.io/$PROJECT/app`` comes from gcr.io whatever the variable holds. Only an
    explicit registry counts: without one the value may still name a stage.
    """
    first, slash, _ = raw.partition("/")
    if not slash or "$" in first:
        return None
    if "." not in first and ":" not in first and first != "localhost":
        return None
    return ImageRef(raw, first, raw[len(first) + 1 :], None, None)


def _image_value(ctx: RuleContext, inst: Instruction, value: str, trigger: bool) -> str | None:
    """The image a ``--from`` value names, or None for a stage (or anything unknown)."""
    if trigger:
        # In a trigger, names belong to the later build: only clear image references count.
        return value if any(c in value for c in ":/@") and "$" not in value else None
    kind = classify_from(ctx.facts, inst, value).kind
    return value if kind in ("image", "unknown-name") else None


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Check FROM images, COPY --from images and RUN --mount from= images."""
    patterns = tuple(p.strip().lower() for p in ctx.settings.trusted_registries if p.strip())
    if not patterns:
        return
    checker = _Checker(patterns)
    for stage in ctx.facts.stages:
        inst = stage.from_instruction
        if stage.base_stage is not None or not inst.words:
            continue
        word = inst.words[0]
        ref = stage.image_ref
        if stage.image is None:
            ref = _literal_registry(inst.image or "")
        if not isinstance(ref, ImageRef):
            continue
        shown = ref.raw + (origin(word) if stage.image is not None else "")
        found = checker.finding(word.span, f"Base image {shown}", ref)
        if found:
            yield found
    for inst, trigger in with_onbuild(ctx.facts, "COPY", "RUN"):
        if inst.name == "COPY":
            flags = [(f, f.value) for f in inst.flags_named("from")]
        else:
            flags = [(f, f.option("from")) for f in inst.flags_named("mount")]
        for flag, value in flags:
            if not value:
                continue
            image = _image_value(ctx, inst, value, trigger)
            parsed = try_parse_image(image) if image else None
            if isinstance(parsed, ImageRef):
                what = "Image" if inst.name == "COPY" else "Mounted image"
                found = checker.finding(flag.span, f"{what} {parsed.raw}", parsed)
                if found:
                    yield found


RULE = Rule(
    code="DL3026",
    name="UntrustedRegistry",
    severity=Severity.ERROR,
    summary="Use images only from the trusted registries",
    rationale=(
        "Organisations often allow images only from registries they control or vet, so that\n"
        "what runs in production has been scanned and cannot vanish or change upstream. This\n"
        "rule does nothing until trusted registries are configured (`trusted-registries` in\n"
        "the configuration, or `--trusted-registry`).\n\n"
        "Checked: FROM images, `COPY --from=<image>` and `RUN --mount=...,from=<image>`,\n"
        "including in ONBUILD triggers; a `from` that names a stage is not an image. Images\n"
        "without a registry come from Docker Hub, which is trusted when any of `docker.io`,\n"
        "`index.docker.io`, `registry-1.docker.io` or `hub.docker.com` is listed. Patterns may\n"
        "use `*` (`*.corp.example`, `*`); a pattern without a port matches its host on any\n"
        "port. Images from ARG values are resolved through their defaults; `scratch` and\n"
        "images known only at build time are not reported."
    ),
    check=check,
    bad="FROM quay.io/prometheus/busybox:latest\nRUN echo hello\n",
    good="FROM docker.io/library/busybox:1.36\nRUN echo hello\n",
    tags=("security", "supply-chain"),
    security_severity=5.0,
    hadolint=True,
    example_settings={"trusted_registries": ("docker.io",)},
)
