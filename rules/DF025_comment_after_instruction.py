"""DF025: a ``#`` comment after an instruction, which Dockerfiles do not have."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Instruction, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

#: What the words after ``#`` become, by instruction (RUN, and CMD, ENTRYPOINT and
#: HEALTHCHECK in shell form, hand them to a shell, which reads a comment).
_EFFECT = {
    "ARG": "declares build arguments named after its words",
    "EXPOSE": "makes the build fail (`#` is not a port)",
    "WORKDIR": "becomes part of the directory's name",
    "USER": "becomes part of the user's name, so the container cannot start",
    "COPY": "is taken for more files to copy, and the destination moves to its last word",
    "ADD": "is taken for more files to add, and the destination moves to its last word",
    "VOLUME": "declares volumes named after its words",
    "STOPSIGNAL": "makes the signal invalid",
}
#: Instructions whose parse error (DL1000) already says it (ENV and LABEL in their
#: key=value form: their legacy `key value` form takes the comment into the value).
_PARSE_ERRORS = frozenset({"FROM", "MAINTAINER"})


def _legacy_value(inst: Instruction) -> Iterator[Finding]:
    """``ENV PORT 8080 # http``: the legacy form's value runs to the end of the line."""
    for kv in inst.key_values:
        raw = kv.raw_value or ""
        cut = raw.find(" #")
        if not kv.legacy or cut < 0:
            continue
        at = inst.args.find(raw)
        if at < 0:
            continue
        start = inst.args_map.position(at + cut + 1)
        yield Finding(
            Span(start[0], start[1], kv.span.end_line, kv.span.end_column),
            f"`#` starts a comment only at the start of a line: the value of {kv.key} is the "
            f"whole rest of the line, `{raw}`; put the comment on its own line above.",
        )


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.dockerfile.instructions:
        if inst.name in _PARSE_ERRORS or inst.heredocs:
            continue
        if inst.name in ("ENV", "LABEL"):
            yield from _legacy_value(inst)
            continue
        effect = _EFFECT.get(inst.name)
        if effect is None or inst.exec_form is not None:
            continue
        found = [w for w in inst.words[1:] if w.text.startswith("#")]
        if not found:
            continue
        first, last = found[0].span, inst.words[-1].span
        yield Finding(
            Span(first.line, first.column, last.end_line, last.end_column),
            f"`#` starts a comment only at the start of a line: here `{found[0].text}` and "
            f"what follows are more arguments of {inst.name}, which {effect}; put the comment "
            "on its own line above.",
        )


RULE = Rule(
    code="DF025",
    name="CommentAfterInstruction",
    severity=Severity.ERROR,
    summary="A `#` after an instruction is not a comment",
    rationale=(
        "A Dockerfile comment is a line that starts with `#`. After an instruction, `#` and\n"
        "the words that follow are more arguments: `ARG TARGET_OS=linux # linux or macos`\n"
        "declares build arguments named `#`, `linux`, `or` and `macos`, `EXPOSE 80 # http`\n"
        "fails the build, `WORKDIR /app # code` creates a directory called `/app # code`,\n"
        "`COPY app.py /srv/ # copy` copies into a folder named `copy`, and the legacy\n"
        "`ENV PORT 8080 # http` sets PORT to `8080 # http`.\n\n"
        "FROM, and ENV and LABEL in their `key=value` form, refuse the extra words (DL1000\n"
        "reports that); after the JSON form of CMD or ENTRYPOINT the text is no longer JSON\n"
        "(DL3025 says so). RUN, and CMD, ENTRYPOINT and HEALTHCHECK in shell form, give the\n"
        "text to a shell, for which `#` does start a comment: they are fine.\n\n"
        "Put the comment on its own line above the instruction."
    ),
    check=check,
    bad="FROM alpine:3.20\nARG TARGET_OS=linux # linux or macos\nWORKDIR /app # code\n",
    good="FROM alpine:3.20\n# linux or macos\nARG TARGET_OS=linux\n# code\nWORKDIR /app\n",
    tags=("correctness",),
    precision="very-high",
)
