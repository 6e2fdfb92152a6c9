"""Cutting a logical line into keyword and the rest, as BuildKit's ``splitCommand`` does.

The line is trimmed of Unicode blanks, then split once on the first run of
ASCII blanks (``[\\t\\v\\f\\r ]+``): a non-ASCII space does not end the keyword.
"""

from __future__ import annotations

from typing import NamedTuple

from dlint.parser.source import ASCII_SPACE, GO_SPACE


class CommandSplit(NamedTuple):
    """Offsets into the logical text: the keyword, and where the rest begins."""

    keyword_start: int
    keyword_end: int
    rest_start: int
    end: int  # end of the trimmed line


def split_command(text: str) -> CommandSplit:
    start = len(text) - len(text.lstrip(GO_SPACE))
    end = len(text.rstrip(GO_SPACE))
    pos = start
    while pos < end and text[pos] not in ASCII_SPACE:
        pos += 1
    keyword_end = pos
    while pos < end and text[pos] in ASCII_SPACE:
        pos += 1
    return CommandSplit(start, keyword_end, pos, end)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``strings.TrimSpace`` of ``text[start:end]``, as offsets."""
    while start < end and text[start] in GO_SPACE:
        start += 1
    while end > start and text[end - 1] in GO_SPACE:
        end -= 1
    return start, end
