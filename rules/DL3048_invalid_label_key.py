"""DL3048: a label key that breaks Docker's recommended key format."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._labels import label_pairs

_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")
_BAD_CHAR = re.compile(r"[^a-z0-9._/-]")


def key_problem(key: str) -> str | None:
    """Why ``key`` is not a valid label key, or None when it is."""
    for prefix in _RESERVED:
        if key.startswith(prefix):
            return f"uses the namespace {prefix[:-1]}, which Docker reserves for itself"
    bad = _BAD_CHAR.search(key)
    if bad is not None:
        char = bad.group()
        if char.isalpha():
            return "has upper-case letters; label keys are lower case"
        return f"has the character {char!r}; use only a-z, 0-9, '.', '-', '_' and '/'"
    if not key[:1].isalpha():
        return "does not start with a lower-case letter"
    if not key[-1:].isalnum():
        return "does not end with a letter or digit"
    if ".." in key or "--" in key:
        return "has two separators in a row ('..' or '--')"
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    for pair in label_pairs(ctx.facts):
        if pair.key is None:
            continue  # depends on a build argument: the key is not known
        problem = key_problem(pair.key)
        if problem is not None:
            yield Finding(
                pair.key_span,
                f"Label key `{pair.key}` {problem}; use a reverse-DNS key such as "
                "org.opencontainers.image.title or com.example.team.",
            )


RULE = Rule(
    code="DL3048",
    name="InvalidLabelKey",
    severity=Severity.STYLE,
    summary="Label keys should follow Docker's format: lower-case reverse-DNS names",
    rationale=(
        "Docker's guidelines for label keys keep labels from different tools apart and\n"
        "easy to query: a key starts with a lower-case letter and ends with a letter or\n"
        "digit, uses only lower-case letters, digits, `.`, `-` (and, as hadolint allows,\n"
        "`_` and `/`), has no `..` or `--`, and stays out of the namespaces Docker reserves\n"
        "(`com.docker.*`, `io.docker.*`, `org.dockerproject.*`). Use reverse-DNS keys:\n"
        "`org.opencontainers.image.*` for the standard ones, your own domain otherwise.\n\n"
        'Keys are read as the build reads them: `LABEL "com.example.vendor"=ACME` has the\n'
        "key `com.example.vendor`, and build arguments in a key are expanded through their\n"
        "defaults; a key that depends on a build argument without a default is not\n"
        "reported. Each bad key of a multi-key LABEL is reported, and `ONBUILD LABEL` too."
    ),
    check=check,
    bad='FROM alpine:3.20\nLABEL Maintainer="team@example.com"\n',
    good='FROM alpine:3.20\nLABEL org.opencontainers.image.authors="team@example.com"\n',
    tags=("labels", "style"),
    hadolint=True,
)
