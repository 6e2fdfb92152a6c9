"""``--format json``: a list of findings, one object each, with a fixed set of keys."""

from __future__ import annotations

import json

from dlint.formatters.base import FormatOptions
from dlint.report import Report
from dlint.rule import Violation

#: The keys of every object, in this order. Documented in docs/output.md.
KEYS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "message",
    "url",
)


def violation_to_dict(v: Violation) -> dict[str, object]:
    return {
        "path": v.path,
        "line": v.span.line,
        "column": v.span.column,
        "end_line": v.span.end_line,
        "end_column": v.span.end_column,
        "code": v.code,
        "name": v.name,
        "severity": v.severity.label,
        "message": v.message,
        "url": v.url,
    }


class JsonFormatter:
    name = "json"
    description = "A JSON list of findings with a fixed set of keys (see docs/output.md)."

    def render(self, report: Report, options: FormatOptions) -> str:
        return json.dumps([violation_to_dict(v) for v in report.violations], indent=2) + "\n"
