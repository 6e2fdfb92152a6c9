"""Dockerfile text -> :class:`dlint.model.Dockerfile`, as BuildKit reads it.

``parse`` never raises: what BuildKit would reject becomes ``Dockerfile.errors``
(each with a span inside the file) and every instruction that can be read is
still returned. dockerfile-parse splits the instructions; the modules here close
the gaps between it and BuildKit (see :mod:`dlint.parser.shadow`) and read each
instruction's flags, words, exec form, key=value pairs and heredocs.
"""

from __future__ import annotations

import gc

from dlint.model import Dockerfile, ParseError, Span
from dlint.parser.document import parse_document

__all__ = ["parse"]


def parse(text: str, path: str = "Dockerfile") -> Dockerfile:
    """Parse a Dockerfile's text (already decoded; a UTF-8 BOM is allowed).

    The cyclic garbage collector is paused meanwhile: the model has no
    reference cycles, and collections triggered by its many small objects
    would otherwise make the cost per instruction grow with the file's size.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return parse_document(text, path)
    except Exception as exc:  # a linter must report, not crash, whatever the input
        return _internal_error(text, path, exc)
    finally:
        if paused:
            gc.enable()


def _internal_error(text: str, path: str, exc: Exception) -> Dockerfile:
    """A file the parser failed on: no instructions, one error naming the failure."""
    lines = tuple(line.rstrip("\r") for line in text.split("\n")) or ("",)
    error = ParseError(f"internal parser error: {type(exc).__name__}: {exc}", Span(1, 1, 1, 1))
    return Dockerfile(path=path, text=text, lines=lines, instructions=(), errors=(error,))
