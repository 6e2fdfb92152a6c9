"""DL3018: apk add without a pinned package version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import Operand, calls, grouped, is_path, operands, pinned_names, unpinned_message


def _unpinned(op: Operand) -> bool:
    v = op.value
    if any(c in v for c in "=~<>") or is_path(v) or v.endswith(".apk"):
        return False
    return not v.startswith("!")  # a conflict ("must not be installed"), not an install


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "apk"):
        if call.sub != "add":
            continue
        ops = list(operands(ctx.facts, call))
        pinned = pinned_names(ops, "=~<>")
        found = (op for op in ops if _unpinned(op) and op.value not in pinned)
        for word, values, origin in grouped(found):
            yield Finding(word.span, unpinned_message("Package", values, origin, "{}=<version>"))


RULE = Rule(
    code="DL3018",
    name="ApkPackageUnpinned",
    severity=Severity.WARNING,
    summary="Pin the versions of the packages apk add installs",
    rationale=(
        "`apk add curl` installs whatever the Alpine mirror has that day, so two builds of\n"
        "the same Dockerfile can differ. Pin each package: `curl=8.11.1-r0` exactly, or\n"
        "`curl~8.11` to accept fixes within a version; `>`, `<`, `>=` and `<=` work too.\n\n"
        "One finding per install command names every unpinned package. `.apk` files, paths and URLs, the name given\n"
        "to `--virtual`/`-t`, the value of `--repository`/`-X` and other options that take a\n"
        "value are not packages, and neither is a `!name` conflict (hadolint reports it).\n"
        "`$PKG` is judged on its value when an ARG or ENV gives it one, and left alone when\n"
        "it cannot be known.\n\n"
        "Alpine removes old package versions from a branch's mirror, so pins break over\n"
        "time; pinning the base image by digest is the other half of a reproducible build."
    ),
    check=check,
    bad="FROM alpine:3.21\nRUN apk add --no-cache curl\n",
    good="FROM alpine:3.21\nRUN apk add --no-cache curl=8.11.1-r0\n",
    tags=("reproducibility",),
    hadolint=True,
)
