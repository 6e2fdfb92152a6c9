"""``--name[=value]`` flags after the keyword, and BuildKit's rules on which are allowed.

Extraction follows ``extractBuilderFlags`` (parser/split_command.go): words
that start with ``--`` are flags until the first word that does not, quotes are
removed and the escape token applies. Which flags an instruction accepts, and
of which type, follows ``instructions/parse.go`` and ``bflag.go``; an unknown
flag is an error there, so it is an error here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from dlint.model import Flag, ParseError, TextMap

# Go tests rune(byte) with unicode.IsSpace; for the ASCII bytes that start a
# character this is the ASCII whitespace set.
_SPACE = "\t\n\v\f\r "

BOOL, STRING, STRINGS = "bool", "string", "strings"

FLAG_TYPES: dict[str, dict[str, str]] = {
    "FROM": {"platform": STRING},
    "RUN": {"mount": STRINGS, "network": STRING, "security": STRING, "device": STRINGS},
    "COPY": {
        "from": STRING,
        "chown": STRING,
        "chmod": STRING,
        "link": BOOL,
        "parents": BOOL,
        "exclude": STRINGS,
    },
    "ADD": {
        "chown": STRING,
        "chmod": STRING,
        "link": BOOL,
        "keep-git-dir": BOOL,
        "checksum": STRING,
        "unpack": BOOL,
        "exclude": STRINGS,
    },
    "HEALTHCHECK": {
        "interval": STRING,
        "timeout": STRING,
        "start-period": STRING,
        "start-interval": STRING,
        "retries": STRING,
    },
}

# Instructions whose flags BuildKit never validates (it does not call Parse).
UNCHECKED = frozenset({"ARG", "STOPSIGNAL"})

# Flags whose value is a comma-separated list of key=value options.
WITH_OPTIONS = frozenset({"mount", "device"})


@dataclass(frozen=True)
class FlagWord:
    """A flag word as BuildKit reads it: quotes removed, offsets into the logical text."""

    text: str
    start: int
    end: int


def extract_flags(text: str, pos: int, escape: str) -> tuple[list[FlagWord], int]:
    """Flag words from ``pos`` on, and the offset where the arguments begin."""
    words: list[FlagWord] = []
    n = len(text)
    while True:
        while pos < n and text[pos] in _SPACE:
            pos += 1
        if not text.startswith("--", pos):
            return words, pos
        start = pos
        word, pos, blank_ok = _read_flag_word(text, pos, escape)
        if word == "--":
            return words, pos
        if blank_ok or word:
            words.append(FlagWord(word, start, pos))


def _read_flag_word(text: str, pos: int, escape: str) -> tuple[str, int, bool]:
    """One flag word: quotes removed, the escape token taking the next character."""
    buf: list[str] = []
    quote = ""
    blank_ok = False
    n = len(text)
    while pos < n:
        ch = text[pos]
        if not quote and ch in _SPACE:
            break
        pos += 1
        if ch == quote:
            quote = ""
            continue
        if not quote and ch in "'\"":
            quote, blank_ok = ch, True
            continue
        if ch == escape:
            if pos == n:
                quote = ""
                continue
            ch = text[pos]
            pos += 1
        buf.append(ch)
    return "".join(buf), pos, blank_ok


def make_flags(words: list[FlagWord], tmap: TextMap) -> tuple[Flag, ...]:
    """Model flags with their source spans and, for ``--mount``, their options."""
    flags = []
    for w in words:
        name, eq, value = w.text[2:].partition("=")
        options = _options(value) if eq and name in WITH_OPTIONS else ()
        flags.append(Flag(name, value if eq else None, tmap.span(w.start, w.end), options))
    return tuple(flags)


def _options(value: str) -> tuple[tuple[str, str], ...]:
    """``type=cache,target=/x`` -> ``(("type", "cache"), ("target", "/x"))``, keys lower-cased."""
    if '"' in value:
        try:
            fields = next(csv.reader([value]), [])
        except csv.Error:
            fields = value.split(",")
    else:
        fields = value.split(",")
    out = []
    for item in fields:
        key, _, val = item.partition("=")
        out.append((key.lower(), val))
    return tuple(out)


def check_flags(name: str, flags: tuple[Flag, ...], health_none: bool = False) -> ParseError | None:
    """The first error BuildKit's flag parser would raise for this instruction, if any."""
    if name in UNCHECKED or health_none:
        return None
    allowed = FLAG_TYPES.get(name, {})
    used: set[str] = set()
    for flag in flags:
        message = _flag_error(flag, allowed, used)
        if message:
            return ParseError(message, flag.span)
    return None


def _flag_error(flag: Flag, allowed: dict[str, str], used: set[str]) -> str | None:
    kind = allowed.get(flag.name)
    shown = "--" + flag.name
    if kind is None:
        return f"unknown flag: {shown}"
    if flag.name in used and kind != STRINGS:
        return f"duplicate flag specified: {shown}"
    used.add(flag.name)
    if kind == BOOL:
        if flag.value == "":
            return f"missing a value on flag: {shown}"
        if flag.value is not None and flag.value.lower() not in ("true", "false"):
            return f"expecting boolean value for flag {shown}, not: {flag.value}"
    elif flag.value is None:
        return f"missing a value on flag: {shown}"
    return None
