"""Exec (JSON) form, decided as BuildKit's ``parseJSON`` does.

The arguments are exec form only when, after leading blanks, they start with
``[`` and are a valid JSON array of strings. Invalid JSON silently stays shell
form (the classic ``CMD ['a', 'b']`` bug), while valid JSON with a non-string
element is a hard error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dlint.parser.source import GO_SPACE

NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"


@dataclass(frozen=True)
class JsonArgs:
    """The outcome of trying the JSON form on an argument text.

    ``values`` is set for exec form; ``fallback`` when the text starts with
    ``[`` but is not valid JSON; ``not_strings`` when it is a JSON array with a
    non-string element. ``tokens`` are the (start, end) offsets of each string
    literal in the text, quotes included.
    """

    values: tuple[str, ...] | None = None
    fallback: bool = False
    not_strings: bool = False
    tokens: tuple[tuple[int, int], ...] = ()


def _reject_constant(name: str) -> object:
    raise ValueError(name)  # Go's encoding/json has no NaN or Infinity


def parse_json_args(text: str) -> JsonArgs:
    """Try the exec form on ``text`` (the trimmed argument text)."""
    start = len(text) - len(text.lstrip(GO_SPACE))
    if not text.startswith("[", start):
        return JsonArgs()
    try:
        value = json.loads(text[start:], parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return JsonArgs(fallback=True)
    if not isinstance(value, list):
        return JsonArgs(fallback=True)
    if not all(isinstance(v, str) for v in value):
        return JsonArgs(not_strings=True)
    return JsonArgs(values=tuple(value), tokens=_string_tokens(text, start))


def _string_tokens(text: str, pos: int) -> tuple[tuple[int, int], ...]:
    """Offsets of the top-level string literals of a valid JSON array of strings."""
    tokens = []
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == '"':
            end = _string_end(text, pos)
            tokens.append((pos, end))
            pos = end
        else:
            pos += 1
    return tuple(tokens)


def _string_end(text: str, pos: int) -> int:
    """Offset just after the JSON string literal that starts at ``pos``."""
    pos += 1
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == "\\":
            pos += 2
            continue
        pos += 1
        if ch == '"':
            break
    return min(pos, n)
