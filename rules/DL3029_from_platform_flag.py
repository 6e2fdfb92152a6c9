"""DL3029: FROM --platform fixed to a platform instead of following the build's."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import expand_in_from, uses_platform_arg


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report --platform values that use none of BuildKit's platform ARGs."""
    for stage in ctx.facts.stages:
        inst = stage.from_instruction
        flag = inst.flag("platform")
        if flag is None or not flag.value:
            continue
        raw = flag.value
        if uses_platform_arg(raw, ctx.facts):
            continue
        value = expand_in_from(ctx.facts, raw)
        if not value:
            continue  # set by a build argument: chosen at build time, not fixed here
        shown = value if value == raw else f"{value} (from {raw})"
        yield Finding(
            flag.span,
            f"FROM --platform={shown} fixes the platform of this stage, so the image no longer "
            "follows the platform the build asks for; drop --platform, or use $BUILDPLATFORM "
            "for a stage that only runs build tools.",
        )


RULE = Rule(
    code="DL3029",
    name="FromPlatformFlagConstDisallowed",
    severity=Severity.WARNING,
    summary="Do not hard-code the platform with FROM --platform",
    rationale=(
        "`FROM --platform=linux/amd64` pins a stage to one platform: on an arm64 machine, or\n"
        "in a multi-platform build, that stage is pulled and run for amd64 anyway, under\n"
        "emulation or not at all, and the image's platform no longer matches what was asked\n"
        "for. Let the build choose (`docker build --platform`), or use BuildKit's platform\n"
        "arguments: `--platform=$BUILDPLATFORM` for a stage that runs build tools natively and\n"
        "cross-compiles for `$TARGETPLATFORM`.\n\n"
        "Values that use any platform argument (`$BUILDPLATFORM`, `$TARGETPLATFORM`,\n"
        "`$TARGETOS/$TARGETARCH`, ...), directly or through the default of a global ARG, are\n"
        "fine, as is a value given only at build time (`ARG PLATFORM` without a default).\n"
        "A constant, written directly or as an ARG default, is reported. hadolint accepts\n"
        "only values that mention BUILDPLATFORM or TARGETPLATFORM. BuildKit's\n"
        "FromPlatformFlagConstDisallowed check looks only at constants written in the FROM\n"
        "line, and is silent when the stage name mentions the platform's OS or architecture."
    ),
    check=check,
    bad="FROM --platform=linux/amd64 debian:12-slim\nRUN uname -m\n",
    good="FROM debian:12-slim\nRUN uname -m\n",
    tags=("portability",),
    buildkit_name="FromPlatformFlagConstDisallowed",
    hadolint=True,
)
