"""ENV, LABEL and ARG arguments as ``key=value`` pairs.

BuildKit's line parser (``parseNameVal``) picks the legacy ``ENV key value``
form when the first word has no ``=``: the key is the first blank-separated
field and the value is the whole rest of the line. Otherwise every word must be
``key=value``. ARG takes ``name`` or ``name=default`` words. The key is cut at
the first ``=`` of the word as written; the value is then unquoted the way the
builder's ``ProcessWord`` does, variable references kept.
"""

from __future__ import annotations

import re

from dlint.model import KeyValue, ParseError, Span, TextMap
from dlint.words import RawWord, split_words

_ASCII_BLANKS = re.compile(r"[\t\v\f\r ]+")


def unquote(text: str, escape: str) -> str:
    """ProcessWord without expansion: quotes removed, escapes applied, blanks between words kept."""
    words = split_words(text, escape)
    if not words:
        return text
    parts = [text[: words[0].start]]
    for k, word in enumerate(words):
        if k:
            parts.append(text[words[k - 1].end : word.start])
        parts.append(word.value)
    parts.append(text[words[-1].end :])
    return "".join(parts)


def name_value_pairs(
    name: str, args: str, tmap: TextMap, words: list[RawWord], escape: str
) -> tuple[tuple[KeyValue, ...], ParseError | None]:
    """ENV or LABEL pairs, with the line parser's error when the form is wrong."""
    if not words:
        return (), None
    if "=" not in words[0].text:
        return _legacy(name, args, tmap, escape)
    pairs: list[KeyValue] = []
    for word in words:
        key, eq, raw = word.text.partition("=")
        if not eq:
            message = (
                f'Syntax error - can\'t find = in "{word.text}". Must be of the form: name=value'
            )
            return tuple(pairs), ParseError(message, tmap.span(word.start, word.end))
        if not key:
            error = ParseError(f"{name} names can not be blank", tmap.span(word.start, word.end))
            return tuple(pairs), error
        pairs.append(_pair(key, raw, tmap.span(word.start, word.end), escape))
    return tuple(pairs), None


def _legacy(
    name: str, args: str, tmap: TextMap, escape: str
) -> tuple[tuple[KeyValue, ...], ParseError | None]:
    """``ENV key value``: the first field is the key, the rest of the line the value."""
    match = _ASCII_BLANKS.search(args)
    if match is None:
        error = ParseError(f"{name} must have two arguments", tmap.span(0, len(args)))
        return (), error
    key = args[: match.start()]
    raw = args[match.end() :]
    span = tmap.span(0, len(args))
    return (KeyValue(key, unquote(raw, escape), span, True, raw),), None


def _pair(key: str, raw: str, span: Span, escape: str) -> KeyValue:
    return KeyValue(key, unquote(raw, escape), span, False, raw)


def arg_pairs(
    tmap: TextMap, words: list[RawWord], escape: str
) -> tuple[tuple[KeyValue, ...], ParseError | None]:
    """ARG ``name`` and ``name=default`` words (value None when there is no default)."""
    pairs = []
    error = None
    for word in words:
        span = tmap.span(word.start, word.end)
        key, eq, raw = word.text.partition("=")
        if eq and not key and error is None:
            error = ParseError("ARG names can not be blank", span)
        if eq:
            pairs.append(_pair(key, raw, span, escape))
        else:
            pairs.append(KeyValue(key, None, span))
    return tuple(pairs), error
