"""Logical lines and their maps back to the source.

A logical line is the concatenation of its pieces (continuation characters
removed, comment and blank lines dropped); its :class:`TextMap` records where
each piece starts, so any offset maps back to a 1-based line and column.
"""

from __future__ import annotations

from dlint.model import Span, TextMap
from dlint.parser.scan import Piece


def logical_line(pieces: list[Piece]) -> tuple[str, TextMap]:
    """The joined text of the pieces and its map (1-based lines and columns)."""
    offsets = []
    lines = []
    columns = []
    offset = 0
    for piece in pieces:
        offsets.append(offset)
        lines.append(piece.line + 1)
        columns.append(piece.column + 1)
        offset += len(piece.text)
    text = "".join(p.text for p in pieces)
    return text, TextMap(tuple(offsets), tuple(lines), tuple(columns))


def clamp_span(span: Span, lines: tuple[str, ...]) -> Span:
    """Keep a span inside the file: a position past a line's end moves to just after it."""
    line = min(max(span.line, 1), len(lines))
    end_line = min(max(span.end_line, line), len(lines))
    column = min(max(span.column, 1), len(lines[line - 1]) + 1)
    end_column = min(max(span.end_column, 1), len(lines[end_line - 1]) + 1)
    if end_line == line and end_column < column:
        end_column = column
    return Span(line, column, end_line, end_column)
