"""DL3011: EXPOSE a port outside 0-65535."""

from __future__ import annotations

from collections.abc import Iterator

from dlint import words
from dlint.model import Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import expose_values, origin

MAX_PORT = 65535


def _problem(value: str) -> str | None:
    """What is wrong with one EXPOSE value (``80``, ``8000-8010/udp``), or None."""
    spec = value.split("/", 1)[0]
    start, dash, end = spec.partition("-")
    if not words.is_number(start) or (dash and not words.is_number(end)):
        return None  # not a port number: another rule's concern
    low, high = int(start), int(end) if dash else int(start)
    too_big = [p for p in (low, high) if p > MAX_PORT]
    if too_big:
        return (
            f"port {too_big[0]} is above {MAX_PORT}, the highest TCP/UDP port; "
            f"use a port between 0 and {MAX_PORT}"
        )
    if high < low:
        return f"the range ends before it starts; write it low to high ({high}-{low})"
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Expand every EXPOSE word with its ARG/ENV values and check the numbers."""
    for word, part in expose_values(ctx.facts):
        problem = _problem(part)
        if problem:
            yield _finding(word, part, problem)


def _finding(word: Word, part: str, problem: str) -> Finding:
    return Finding(
        word.span,
        f"EXPOSE {part}{origin(word)} is not a valid port: {problem}.",
    )


RULE = Rule(
    code="DL3011",
    name="ExposePortOutOfRange",
    severity=Severity.ERROR,
    summary="EXPOSE only ports from 0 to 65535",
    rationale=(
        "TCP and UDP ports are 16-bit numbers, so a port above 65535 cannot exist and the build\n"
        "stops with an error. Both ends of a range (`8000-8100/tcp`) are checked, and a range\n"
        "that ends before it starts is reported too, since Docker refuses it as well.\n\n"
        "Values from ARG and ENV are resolved (`ARG PORT=80000` then `EXPOSE $PORT` is\n"
        "reported); a variable whose value is only known at build time is not. EXPOSE in an\n"
        "ONBUILD trigger is checked when it is written literally. hadolint does not expand\n"
        "variables and accepts reversed ranges."
    ),
    check=check,
    bad="FROM nginx:1.27\nEXPOSE 80800\n",
    good="FROM nginx:1.27\nEXPOSE 8080\n",
    tags=("correctness",),
    hadolint=True,
)
