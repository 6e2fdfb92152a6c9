"""A JSON view of the parsed model, for ``dlint parse`` and for debugging the parser.

It shows what rules see: every instruction with its exact positions, flags,
words, exec form, heredocs and pairs, so a surprising finding can be traced to
how the file was read. Spans are flattened to line/column/end_line/end_column.
"""

from __future__ import annotations

from typing import Any

from dlint.model import (
    Comment,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    KeyValue,
    ParseError,
    Span,
    Word,
)


def dockerfile_to_json(df: Dockerfile) -> dict[str, Any]:
    """The whole file: path, directives, errors and instructions."""
    return {
        "path": df.path,
        "directives": [
            {"name": d.name, "value": d.value, **d.span.to_dict()} for d in df.directives
        ],
        "errors": [_error(e) for e in df.errors],
        "instructions": [instruction_to_json(i) for i in df.instructions],
    }


def _error(error: ParseError) -> dict[str, Any]:
    return {"message": error.message, **error.span.to_dict()}


def instruction_to_json(inst: Instruction) -> dict[str, Any]:
    """One instruction; the ONBUILD trigger nests under ``onbuild``."""
    out: dict[str, Any] = {
        "keyword": inst.keyword,
        "name": inst.name,
        **inst.span.to_dict(),
        "flags": [_flag(f) for f in inst.flags],
        "args": inst.args,
        "words": [_word(w) for w in inst.words],
        "exec_form": list(inst.exec_form) if inst.exec_form is not None else None,
        "json_fallback": inst.json_fallback,
        "heredocs": [_heredoc(h) for h in inst.heredocs],
        "key_values": [_key_value(kv) for kv in inst.key_values],
        "stage": inst.stage,
        "onbuild": instruction_to_json(inst.onbuild) if inst.onbuild is not None else None,
        "comments": [_comment(c) for c in inst.comments],
    }
    if inst.name == "FROM":
        out.update(image=inst.image, stage_name=inst.stage_name, platform=inst.platform)
    if inst.name == "HEALTHCHECK":
        out["health_type"] = inst.health_type
    if inst.empty_continuation_lines:
        out["empty_continuation_lines"] = list(inst.empty_continuation_lines)
    return out


def _span(span: Span | None) -> dict[str, int]:
    return span.to_dict() if span is not None else {}


def _flag(flag: Flag) -> dict[str, Any]:
    return {
        "name": flag.name,
        "value": flag.value,
        "options": [[k, v] for k, v in flag.options],
        **_span(flag.span),
    }


def _word(word: Word) -> dict[str, Any]:
    return {"text": word.text, "value": word.value, "literal": word.literal, **_span(word.span)}


def _heredoc(heredoc: Heredoc) -> dict[str, Any]:
    return {
        "name": heredoc.name,
        "line": heredoc.line,
        "end_line": heredoc.end_line,
        "terminator_line": heredoc.terminator_line,
        "strip_tabs": heredoc.strip_tabs,
        "quoted": heredoc.quoted,
        "fd": heredoc.fd,
        "body": heredoc.body,
    }


def _key_value(kv: KeyValue) -> dict[str, Any]:
    return {
        "key": kv.key,
        "value": kv.value,
        "raw_value": kv.raw_value,
        "legacy": kv.legacy,
        **_span(kv.span),
    }


def _comment(comment: Comment) -> dict[str, Any]:
    return {"line": comment.line, "text": comment.text}
