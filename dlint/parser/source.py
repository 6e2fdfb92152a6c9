"""Source text as BuildKit reads it: lines split on LF only, line endings kept aside.

BuildKit scans bytes with a line splitter that cuts at ``\\n`` and then trims
trailing ``\\r`` and ``\\n``; Python's ``str.splitlines`` also cuts at ``\\r``,
``\\x0b``, ``\\u2028`` and others, which would shift every line number after
such a character. So lines are split here by hand, once, and every later step
works on these lines.
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"

# Go's unicode.IsSpace (the Unicode White_Space property). Python's str.isspace
# also counts U+001C..U+001F, which Go does not, so the set is spelled out.
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# BuildKit's reWhitespace: what separates the keyword from its arguments.
ASCII_SPACE = "\t\v\f\r "

# bufio.Scanner's default token limit: longer lines make BuildKit fail.
MAX_LINE_BYTES = 65535


@dataclass(frozen=True)
class SourceLines:
    """The file cut into lines: ``lines[i]`` has no line ending, ``endings[i]`` holds it."""

    text: str
    lines: tuple[str, ...]
    endings: tuple[str, ...]
    bom: bool
    crlf: bool


def split_source(text: str) -> SourceLines:
    """Strip a UTF-8 BOM and cut the text into lines the way BuildKit's scanner does."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    parts = text.split("\n")
    final_newline = len(parts) > 1 and parts[-1] == ""
    if final_newline:
        parts.pop()
    lines = [p.rstrip("\r") for p in parts]
    endings = [p[len(s) :] + "\n" for p, s in zip(parts, lines)]
    if not final_newline:
        last = parts[-1]
        endings[-1] = last[len(lines[-1]) :]
    return SourceLines(text, tuple(lines), tuple(endings), bom, "\r\n" in text)


def go_lstrip(s: str) -> str:
    """``bytes.TrimLeftFunc(s, unicode.IsSpace)``."""
    return s.lstrip(GO_SPACE)


def go_strip(s: str) -> str:
    """``strings.TrimSpace``."""
    return s.strip(GO_SPACE)


def is_comment(line: str) -> bool:
    """A line whose first non-blank character is ``#`` (BuildKit's isComment)."""
    return go_lstrip(line).startswith("#")


def is_blank(line: str) -> bool:
    return not go_lstrip(line)


def too_long(line: str) -> bool:
    """True when the line exceeds bufio's token limit, which BuildKit reports as an error."""
    return len(line) * 4 > MAX_LINE_BYTES and len(line.encode("utf-8", "surrogatepass")) > (
        MAX_LINE_BYTES
    )
