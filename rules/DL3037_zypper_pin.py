"""DL3037: zypper install without a pinned package version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import Operand, calls, grouped, is_path, operands, unpinned_message

#: ``pattern:devel_basis`` and friends name things that have no version to pin.
_UNVERSIONED_KINDS = ("pattern:", "patch:", "product:")


def _unpinned(op: Operand) -> bool:
    v = op.value
    if any(c in v for c in "=<>") or is_path(v) or v.endswith(".rpm"):
        return False
    return not v.startswith(_UNVERSIONED_KINDS)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "zypper"):
        if call.sub not in ("install", "in"):
            continue
        if any(v != "package" for v in call.values("t", "type")):
            continue
        found = (op for op in operands(ctx.facts, call) if _unpinned(op))
        for word, values, origin in grouped(found):
            yield Finding(word.span, unpinned_message("Package", values, origin, "{}=<version>"))


RULE = Rule(
    code="DL3037",
    name="ZypperPackageUnpinned",
    severity=Severity.WARNING,
    summary="Pin the versions of the packages zypper installs",
    rationale=(
        "`zypper install curl` installs whatever version the repositories have that day, so\n"
        "two builds of the same Dockerfile can differ. Pin it: `curl=8.6.0`, or a range\n"
        "such as `'curl>=8.6'` (quote `<` and `>` from the shell).\n\n"
        "One finding per install command names every unpinned package. `.rpm` files, paths and URLs, patterns,\n"
        "patches and products (`-t pattern`, `pattern:name`; hadolint reports them), and the\n"
        "values of options such as `--repo` are not packages. `$PKG` is judged on its value\n"
        "when an ARG or ENV gives it one and left alone when it cannot be known."
    ),
    check=check,
    bad="FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl && zypper clean\n",
    good="FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl=8.6.0 && zypper clean\n",
    tags=("reproducibility",),
    hadolint=True,
)
