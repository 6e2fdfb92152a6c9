"""DL3008: apt-get install without a pinned package version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import Operand, calls, grouped, is_path, operands, pinned_names, unpinned_message


def _unpinned(op: Operand) -> bool:
    v = op.value
    return not ("=" in v or is_path(v) or v.endswith((".deb", "-")))


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "apt-get"):
        if call.sub != "install":
            continue
        ops = list(operands(ctx.facts, call))
        pinned = pinned_names(ops, "=")
        found = [op for op in ops if _unpinned(op) and op.value not in pinned]
        for op in found:
            if "/" in op.value:
                name, _, release = op.value.partition("/")
                yield Finding(
                    op.word.span,
                    f"Package {name}{_origin(op)} is selected by release ({release}), which "
                    f"does not fix its version; pin it as {name}=<version> (with -t {release}).",
                )
        plain = (op for op in found if "/" not in op.value)
        for word, values, origin in grouped(plain):
            yield Finding(word.span, unpinned_message("Package", values, origin, "{}=<version>"))


def _origin(op: Operand) -> str:
    return f" (from {op.origin})" if op.origin else ""


RULE = Rule(
    code="DL3008",
    name="AptPackageUnpinned",
    severity=Severity.WARNING,
    summary="Pin the versions of the packages apt-get installs",
    rationale=(
        "`apt-get install curl` installs whatever version the mirror has that day, so two\n"
        "builds of the same Dockerfile can differ, and a build can break when a package\n"
        "changes. `apt-get install curl=8.5.0-2` fails loudly instead when that version is\n"
        "gone, and tells a reader what is in the image. Trailing wildcards\n"
        "(`curl=8.5.*`) keep security updates flowing within a release.\n\n"
        "One finding per install command names every unpinned package. Local files (`./pkg.deb`, `/tmp/x.deb`),\n"
        "URLs, the value of `-t`/`--target-release` and other options that take a value are\n"
        "not packages. `$PKG` is judged on its value when an ARG or ENV gives it one;\n"
        "a package list from a build argument without a default or from `$(cat list)` is\n"
        "not reported, since it cannot be known (hadolint reports the `$VAR` word). A release\n"
        "selection (`curl/bookworm`) does not pin a version and is reported, unlike in\n"
        "hadolint.\n\n"
        "Pinning is a trade-off: pins break when Debian drops the old version from its\n"
        "mirrors. Many teams pin the base image by digest instead and turn this rule off."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    good=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    tags=("reproducibility",),
    hadolint=True,
)
