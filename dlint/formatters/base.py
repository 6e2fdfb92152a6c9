"""The formatter interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from dlint.report import Report


@dataclass(frozen=True)
class FormatOptions:
    """How the user asked for output: colour, source lines, statistics."""

    color: bool = False
    show_source: bool = False
    statistics: bool = False


class Formatter(Protocol):
    name: str
    description: str

    def render(self, report: Report, options: FormatOptions) -> str: ...
