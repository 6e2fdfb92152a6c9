"""Which words of an instruction open a here-document, as newest BuildKit decides.

BuildKit (parser/parser.go) splits the whole logical line into raw words with a
backslash escape whatever the escape directive says, and takes every word that
matches ``^(\\d*)<<(-?)\\s*([^<]*)$`` whose rest is exactly one word. The name
is that word unquoted; any quote in it turns expansion off. Only RUN, COPY and
ADD (also as ONBUILD triggers) have heredocs, and never in exec form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dlint.parser.flags import extract_flags
from dlint.parser.jsonform import parse_json_args
from dlint.parser.source import GO_SPACE
from dlint.parser.split import split_command
from dlint.words import split_words

_HEREDOC_WORD = re.compile(r"([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)\Z", re.S)

HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})


@dataclass(frozen=True)
class HeredocWord:
    """A ``<<WORD`` found in an instruction: offsets are into its logical text."""

    name: str
    fd: int | None
    chomp: bool
    quoted: bool
    start: int
    end: int


def _quote_count(s: str) -> int:
    return s.count("'") + s.count('"')


def parse_heredoc_word(text: str) -> tuple[str, int | None, bool, bool] | None:
    """(name, fd, chomp, quoted) when ``text`` is a heredoc word, else None."""
    match = _HEREDOC_WORD.match(text)
    if match is None or not match.group(3):
        return None
    rest = split_words(match.group(3), "\\")
    if len(rest) != 1:
        return None
    word = rest[0]
    digits = match.group(1)
    fd = int(digits) if digits and len(digits) < 19 else (0 if digits else None)
    quoted = _quote_count(word.value) != _quote_count(word.text)
    return word.value, fd, match.group(2) == "-", quoted


def heredoc_words(text: str, escape: str) -> list[HeredocWord]:
    """The heredoc words of a logical line, or nothing when it cannot have heredocs."""
    if "<<" not in text or not can_contain_heredoc(text, escape):
        return []
    found = []
    for word in split_words(text, "\\"):
        if "<<" not in word.text:
            continue
        parsed = parse_heredoc_word(word.text)
        if parsed is not None:
            name, fd, chomp, quoted = parsed
            found.append(HeredocWord(name, fd, chomp, quoted, word.start, word.end))
    return found


def can_contain_heredoc(text: str, escape: str, trigger: bool = False) -> bool:
    """RUN, COPY or ADD in shell form, directly or as the trigger of ONBUILD."""
    split = split_command(text)
    keyword = text[split.keyword_start : split.keyword_end].upper()
    _, args_start = extract_flags(text, split.rest_start, escape)
    if keyword == "ONBUILD" and not trigger:
        return can_contain_heredoc(text[args_start:].strip(GO_SPACE), escape, True)
    if keyword not in HEREDOC_KEYWORDS:
        return False
    return parse_json_args(text[args_start:].strip(GO_SPACE)).values is None
