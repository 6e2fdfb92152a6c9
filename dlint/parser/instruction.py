"""One logical line -> one :class:`Instruction`, following BuildKit's line parsers.

The keyword, flags and argument text are cut as ``splitCommand`` does; each
keyword then reads its arguments the way its BuildKit line parser does (exec
form, key=value pairs, FROM fields, HEALTHCHECK type, ONBUILD trigger), and
the checks of BuildKit's instruction layer become :class:`ParseError` values
instead of a failed build.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dlint.model import (
    Comment,
    Flag,
    Heredoc,
    Instruction,
    KeyValue,
    ParseError,
    Span,
    TextMap,
    Word,
)
from dlint.parser import checks
from dlint.parser.flags import extract_flags, make_flags
from dlint.parser.jsonform import NOT_STRINGS, JsonArgs, parse_json_args
from dlint.parser.keyvalues import arg_pairs, name_value_pairs
from dlint.parser.source import GO_SPACE
from dlint.parser.split import split_command, trim_span
from dlint.words import RawWord, split_fields, split_words

EXEC_FORM = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
# Exec form of these runs no shell and expands nothing: every word is literal.
NO_EXPANSION = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK"})
TRIGGER_ONLY_RULES = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
# Shell-form arguments BuildKit splits at blanks before it reads quotes (its
# parseStringsWhitespaceDelimited); every other instruction's words group quotes.
BLANK_FIELDS = frozenset({"COPY", "ADD", "VOLUME", "EXPOSE", "FROM"})


@dataclass(frozen=True)
class Where:
    """What the instruction gets from its place in the file rather than from its text."""

    end_line: int
    end_column: int
    raw: str
    comments: tuple[Comment, ...] = ()
    stage: int = -1
    index: int = 0
    empty_lines: tuple[int, ...] = ()
    heredocs: tuple[Heredoc, ...] = ()
    trigger: bool = False
    # Where the instruction starts when that is before its keyword: a line
    # holding only the escape character continues into the keyword's line.
    start: tuple[int, int] | None = None


@dataclass
class _Args:
    """The argument-dependent fields, filled in by the per-keyword readers."""

    text: str
    tmap: TextMap
    words: tuple[Word, ...] = ()
    exec_form: tuple[str, ...] | None = None
    json_fallback: bool = False
    key_values: tuple[KeyValue, ...] = ()
    image: str | None = None
    stage_name: str | None = None
    health_type: str | None = None
    onbuild: Instruction | None = None
    errors: list[ParseError] = field(default_factory=list)
    has_heredocs: bool = False  # the instruction carries here-documents


def build_instruction(
    text: str, tmap: TextMap, where: Where, escape: str, lines: tuple[str, ...]
) -> tuple[Instruction, list[ParseError]]:
    """The instruction on a logical line, and the errors BuildKit would report for it."""
    split = split_command(text)
    keyword = text[split.keyword_start : split.keyword_end]
    name = keyword.upper()
    flag_words, args_start = extract_flags(text[: split.end], split.rest_start, escape)
    flags = make_flags(flag_words, tmap)
    a, b = trim_span(text, args_start, split.end)
    args = _Args(text[a:b], tmap.shifted(a))
    _read_arguments(name, args, where, escape, lines)
    line, column = where.start or tmap.position(split.keyword_start)
    end_column = where.end_column
    if where.end_line == line:
        end_column = max(end_column, column)
    inst = Instruction(
        keyword=keyword,
        name=name,
        span=Span(line, column, where.end_line, end_column),
        keyword_span=tmap.span(split.keyword_start, split.keyword_end),
        raw=where.raw,
        args=args.text,
        args_map=args.tmap,
        words=args.words,
        flags=flags,
        comments=where.comments,
        exec_form=args.exec_form,
        json_fallback=args.json_fallback,
        heredocs=where.heredocs,
        key_values=args.key_values,
        stage=where.stage,
        index=where.index,
        onbuild=args.onbuild,
        empty_continuation_lines=where.empty_lines,
        image=args.image,
        stage_name=args.stage_name,
        platform=_platform(name, flags),
        health_type=args.health_type,
    )
    return inst, _errors(inst, args, where)


def _platform(name: str, flags: tuple[Flag, ...]) -> str | None:
    if name != "FROM":
        return None
    found = None
    for flag in flags:
        if flag.name == "platform":
            found = flag.value
    return found


def _errors(inst: Instruction, args: _Args, where: Where) -> list[ParseError]:
    """Line-parser errors first, then the first instruction-layer error (BuildKit stops there)."""
    errors = list(args.errors)
    if where.trigger:
        return errors
    problem = checks.instruction_error(inst)
    if problem is not None:
        errors.append(problem)
    return errors[:1] if errors else []


def _read_arguments(
    name: str, args: _Args, where: Where, escape: str, lines: tuple[str, ...]
) -> None:
    """Fill the fields that depend on the keyword."""
    args.has_heredocs = bool(where.heredocs)
    if name == "ONBUILD":
        _read_onbuild(args, where, escape, lines)
    elif name == "HEALTHCHECK":
        _read_healthcheck(args, escape)
    elif name in EXEC_FORM:
        _read_exec(name, args, escape)
    else:
        raw = _split(name, args, escape)
        args.words = _words(raw, args.tmap)
        if name in ("ENV", "LABEL"):
            args.key_values, error = name_value_pairs(name, args.text, args.tmap, raw, escape)
            _add(args, error)
        elif name == "ARG":
            args.key_values, error = arg_pairs(args.tmap, raw, escape)
            _add(args, error)
        elif name == "FROM":
            _read_from(args)


def _split(name: str, args: _Args, escape: str) -> list[RawWord]:
    """The instruction's words: blank-split fields where BuildKit splits at blanks."""
    if name in BLANK_FIELDS:
        return split_fields(args.text, escape, heredocs=args.has_heredocs)
    return split_words(args.text, escape)


def _add(args: _Args, error: ParseError | None) -> None:
    if error is not None:
        args.errors.append(error)


def _words(raw: list[RawWord], tmap: TextMap) -> tuple[Word, ...]:
    """Model words; a one-line argument text (the common case) maps without a search."""
    if len(tmap.offsets) == 1:
        line, column = tmap.lines[0], tmap.columns[0] - tmap.offsets[0]
        return tuple(
            Word(w.text, w.value, Span(line, column + w.start, line, column + w.end), w.literal)
            for w in raw
        )
    return tuple(Word(w.text, w.value, tmap.span(w.start, w.end), w.literal) for w in raw)


def _read_exec(name: str, args: _Args, escape: str) -> None:
    """Exec form when the text is a JSON array of strings, else shell-form words."""
    parsed = parse_json_args(args.text) if args.text.startswith("[") else JsonArgs()
    _apply_json(name, args, parsed, escape)


def _apply_json(name: str, args: _Args, parsed: JsonArgs, escape: str) -> None:
    if parsed.not_strings:
        args.errors.append(ParseError(NOT_STRINGS, args.tmap.span(0, len(args.text))))
    if parsed.values is None:
        args.json_fallback = parsed.fallback
        args.words = _words(_split(name, args, escape), args.tmap)
        return
    args.exec_form = parsed.values
    literal = name in NO_EXPANSION
    args.words = tuple(
        Word(args.text[s:e], v, args.tmap.span(s, e), literal or "$" not in v)
        for (s, e), v in zip(parsed.tokens, parsed.values)
    )


def _read_from(args: _Args) -> None:
    """``FROM image [AS name]``: fields split on blanks, as BuildKit's FROM parser does."""
    fields = checks.blank_fields(args.text)
    if fields:
        args.image = fields[0]
    if len(fields) == 3 and fields[1].lower() == "as":
        args.stage_name = fields[2]


def _read_healthcheck(args: _Args, escape: str) -> None:
    """``HEALTHCHECK [flags] NONE`` or ``CMD <command>``: the command becomes the args."""
    text = args.text
    sep = 0
    while sep < len(text) and text[sep] not in GO_SPACE:
        sep += 1
    nxt = sep
    while nxt < len(text) and text[nxt] in GO_SPACE:
        nxt += 1
    if sep:
        args.health_type = text[:sep].upper()
    args.text = text[nxt:]
    args.tmap = args.tmap.shifted(nxt)
    parsed = parse_json_args(args.text) if args.text.startswith("[") else JsonArgs()
    _apply_json("HEALTHCHECK", args, parsed, escape)


def _read_onbuild(args: _Args, where: Where, escape: str, lines: tuple[str, ...]) -> None:
    """The trigger is an instruction of its own, with exact spans inside the ONBUILD."""
    args.words = _words(split_words(args.text, escape), args.tmap)
    if not args.text:
        return
    line, column = args.tmap.position(0)
    raw = "\n".join([lines[line - 1][column - 1 :], *lines[line : where.end_line]])
    child_where = replace(where, raw=raw, comments=(), trigger=True, start=None)
    child, errors = build_instruction(args.text, args.tmap, child_where, escape, lines)
    args.onbuild = child
    args.errors.extend(errors)
