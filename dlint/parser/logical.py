"""Logical lines and their maps back to the source.

A logical line is the concatenation of its pieces (continuation characters
removed, comment and blank lines dropped); its :class:`TextMap` records where
each piece starts, so any offset maps back to a 1-based line and column.
"""

from __future__ import annotations

from dlint.model import TextMap
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
