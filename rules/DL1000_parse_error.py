"""DL1000: the Dockerfile cannot be parsed as BuildKit would."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    for error in ctx.dockerfile.errors:
        message = error.message.strip()
        if message and message[-1] not in ".!?":
            message += "."
        yield Finding(error.span, message[:1].upper() + message[1:])


RULE = Rule(
    code="DL1000",
    name="ParseError",
    severity=Severity.ERROR,
    summary="The Dockerfile cannot be parsed as BuildKit would parse it",
    rationale=(
        "Docker's builder (BuildKit) refuses a Dockerfile it cannot parse: an unterminated\n"
        "heredoc, an exec form with a non-string element, an unknown instruction, a repeated\n"
        "parser directive. dlint reports each such place with its line and column, and still\n"
        "checks every instruction it could read (hadolint reports only the first error and\n"
        "loses every other finding in the file).\n\n"
        "The same code as hadolint uses for parse errors, so existing configurations keep working."
    ),
    check=check,
    bad="FROM alpine:3.20\nRUN <<EOF\necho the heredoc is never closed\n",
    good="FROM alpine:3.20\nRUN <<EOF\necho closed\nEOF\n",
    tags=("correctness",),
    precision="very-high",
    hadolint=True,
)
