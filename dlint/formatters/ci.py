"""Formats that CI systems read: GitHub annotations, GitLab Code Quality, Checkstyle, JUnit, concise."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import ClassVar
from xml.etree import ElementTree as ET

from dlint.formatters.base import FormatOptions
from dlint.report import Report
from dlint.rule import Severity, Violation


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter:
    """GitHub Actions workflow commands: one annotation per finding."""

    name = "github"
    description = "GitHub Actions annotations; chosen automatically under GitHub Actions."
    _levels: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "notice",
        Severity.STYLE: "notice",
    }

    def render(self, report: Report, options: FormatOptions) -> str:
        out = []
        for v in report.violations:
            s = v.span
            props = {
                "file": v.path,
                "line": str(s.line),
                "endLine": str(s.end_line),
                "col": str(s.column),
                "endColumn": str(s.end_column),
                "title": f"dlint {v.code} ({v.name})",
            }
            if s.end_line != s.line:  # GitHub takes columns only for one-line annotations
                del props["col"], props["endColumn"]
            joined = ",".join(f"{k}={_escape_property(val)}" for k, val in props.items())
            message = _escape_data(
                f"{v.path}:{s.line}:{s.column}: {v.code} [{v.severity.label}] {v.message}"
            )
            out.append(f"::{self._levels[v.severity]} {joined}::{message}")
        return "".join(line + "\n" for line in out)


class ConciseFormatter:
    name = "concise"
    description = "One line per finding (path:line:col: CODE message), nothing else."

    def render(self, report: Report, options: FormatOptions) -> str:
        return "".join(
            f"{v.path}:{v.span.line}:{v.span.column}: {v.code} {v.message}\n"
            for v in report.violations
        )


def fingerprint(v: Violation, lines: tuple[str, ...], occurrence: int) -> str:
    """Stable across unrelated edits: the path, the code, the finding's source line text and
    which occurrence of that (path, code, text) it is; not its line number."""
    text = lines[v.span.line - 1].strip() if 0 < v.span.line <= len(lines) else v.message
    key = f"{v.path}\0{v.code}\0{text}\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class GitlabFormatter:
    """GitLab Code Quality report (a JSON array of issues)."""

    name = "gitlab"
    description = "GitLab Code Quality report (JSON) with stable fingerprints."
    needs_lines = True
    _severity: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "critical",
        Severity.WARNING: "major",
        Severity.INFO: "minor",
        Severity.STYLE: "info",
    }

    def render(self, report: Report, options: FormatOptions) -> str:
        seen: dict[tuple[str, str, str], int] = defaultdict(int)
        issues = []
        for v in report.violations:
            lines = report.lines.get(v.path, ())
            text = lines[v.span.line - 1].strip() if 0 < v.span.line <= len(lines) else ""
            n = seen[(v.path, v.code, text)]
            seen[(v.path, v.code, text)] += 1
            issues.append(
                {
                    "description": f"{v.code} {v.message}",
                    "check_name": f"{v.code} {v.name}",
                    "fingerprint": fingerprint(v, lines, n),
                    "severity": self._severity[v.severity],
                    "categories": ["Style"] if v.severity is Severity.STYLE else ["Bug Risk"],
                    "location": {
                        "path": v.path,
                        "lines": {"begin": v.span.line, "end": v.span.end_line},
                    },
                }
            )
        return json.dumps(issues, indent=2) + "\n"


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _by_file(report: Report) -> dict[str, list[Violation]]:
    files: dict[str, list[Violation]] = defaultdict(list)
    for v in report.violations:
        files[v.path].append(v)
    return files


class CheckstyleFormatter:
    name = "checkstyle"
    description = "Checkstyle XML, for Jenkins and other CI tools."
    _severity: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "info",
        Severity.STYLE: "info",
    }

    def render(self, report: Report, options: FormatOptions) -> str:
        root = ET.Element("checkstyle", version="4.3")
        for path, violations in _by_file(report).items():
            file_el = ET.SubElement(root, "file", name=path)
            for v in violations:
                ET.SubElement(
                    file_el,
                    "error",
                    line=str(v.span.line),
                    column=str(v.span.column),
                    severity=self._severity[v.severity],
                    message=v.message,
                    source=f"dlint.{v.code}",
                )
        return _xml(root)


class JunitFormatter:
    name = "junit"
    description = "JUnit XML: one test suite per file, one failing test case per finding."

    def render(self, report: Report, options: FormatOptions) -> str:
        files = _by_file(report)
        root = ET.Element(
            "testsuites",
            name="dlint",
            tests=str(max(len(report.violations), 1)),
            failures=str(len(report.violations)),
        )
        for path, violations in files.items():
            suite = ET.SubElement(
                root,
                "testsuite",
                name=path,
                tests=str(len(violations)),
                failures=str(len(violations)),
            )
            for v in violations:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=path,
                    name=f"{v.code} {v.name} at {v.span.line}:{v.span.column}",
                )
                failure = ET.SubElement(case, "failure", type=v.severity.label, message=v.message)
                failure.text = f"{v.path}:{v.span.line}:{v.span.column}: {v.code} {v.message}"
        if not files:
            suite = ET.SubElement(root, "testsuite", name="dlint", tests="1", failures="0")
            ET.SubElement(
                suite, "testcase", classname="dlint", name=f"{report.files_checked} files checked"
            )
        return _xml(root)
