"""``--format text``: one line per finding, optionally with the source line underlined."""

from __future__ import annotations

from dlint.formatters.base import FormatOptions
from dlint.report import Report
from dlint.rule import Severity, Violation

_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
    Severity.STYLE: "\x1b[35m",
}
_SEVERITY_WORDS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFO: ("info", "info"),
    Severity.STYLE: ("style issue", "style issues"),
}
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TextFormatter:
    name = "text"
    description = "path:line:col: CODE [severity] message (Name), for people (the default)."

    def render(self, report: Report, options: FormatOptions) -> str:
        out: list[str] = []
        for v in report.violations:
            out.append(self._line(v, options.color))
            if options.show_source:
                out.extend(self._source(v, report.lines.get(v.path, ()), options.color))
        out.append(self._summary(report, options.color))
        return "\n".join(out) + "\n"

    @staticmethod
    def _line(v: Violation, color: bool) -> str:
        where = f"{v.path}:{v.span.line}:{v.span.column}:"
        sev = f"[{v.severity.label}]"
        if color:
            c = _COLORS[v.severity]
            return f"{BOLD}{where}{RESET} {c}{BOLD}{v.code}{RESET} {c}{sev}{RESET} {v.message} {DIM}({v.name}){RESET}"
        return f"{where} {v.code} {sev} {v.message} ({v.name})"

    @staticmethod
    def _source(v: Violation, lines: tuple[str, ...], color: bool) -> list[str]:
        if not 1 <= v.span.line <= len(lines):
            return []
        text = lines[v.span.line - 1].rstrip("\r\n").expandtabs(1)
        gutter = str(v.span.line)
        start = max(v.span.column - 1, 0)
        if v.span.end_line == v.span.line:
            end = max(v.span.end_column - 1, start + 1)
        else:
            end = max(len(text), start + 1)
        marks = " " * start + "^" * (end - start)
        if color:
            marks = f"{_COLORS[v.severity]}{marks}{RESET}"
        pad = " " * len(gutter)
        return [f"  {gutter} | {text}", f"  {pad} | {marks}"]

    @staticmethod
    def _summary(report: Report, color: bool) -> str:
        checked = _plural(report.files_checked, "file")
        if not report.violations:
            return f"No problems found in {checked} checked."
        counts = report.counts()
        parts = [
            f"{counts[s]} {_SEVERITY_WORDS[s][counts[s] != 1]}"
            for s in sorted(Severity, reverse=True)
            if counts[s]
        ]
        files = len({v.path for v in report.violations})
        text = (
            f"Found {_plural(len(report.violations), 'problem')} ({', '.join(parts)}) "
            f"in {files} of {checked} checked."
        )
        return f"{BOLD}{text}{RESET}" if color else text
