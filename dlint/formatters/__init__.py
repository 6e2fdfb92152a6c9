"""Built-in output formats, registered through the same hook a third-party plugin uses.

Each is loaded only when it is used, so a run pays only for the formats it writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from dlint import hookimpl
from dlint.formatters.base import FormatOptions, Formatter


class LazyFormatter:
    """A formatter whose module is imported on first use."""

    def __init__(self, name: str, description: str, target: str, needs_lines: bool = False):
        self.name = name
        self.description = description
        self.needs_lines = needs_lines
        self._target = target
        self._loaded: Any = None

    def render(self, report: Any, options: FormatOptions) -> str:
        if self._loaded is None:
            module, _, cls = self._target.partition(":")
            self._loaded = getattr(importlib.import_module(module), cls)()
        return str(self._loaded.render(report, options))


@hookimpl
def dlint_formatters() -> Iterable[Formatter]:
    base = "dlint.formatters."
    return [
        LazyFormatter(
            "text",
            "path:line:col: CODE [severity] message (Name), for people (the default).",
            base + "text:TextFormatter",
        ),
        LazyFormatter(
            "json",
            "A JSON list of findings with a fixed set of keys (see docs/output.md).",
            base + "json:JsonFormatter",
        ),
        LazyFormatter(
            "sarif",
            "SARIF 2.1.0 with full rule metadata, for GitHub code scanning.",
            base + "sarif:SarifFormatter",
        ),
        LazyFormatter(
            "github",
            "GitHub Actions annotations; chosen automatically under GitHub Actions.",
            base + "ci:GithubFormatter",
        ),
        LazyFormatter(
            "gitlab",
            "GitLab Code Quality report (JSON) with stable fingerprints.",
            base + "ci:GitlabFormatter",
            needs_lines=True,
        ),
        LazyFormatter(
            "checkstyle",
            "Checkstyle XML, for Jenkins and other CI tools.",
            base + "ci:CheckstyleFormatter",
        ),
        LazyFormatter(
            "junit",
            "JUnit XML: one test suite per file, one failing test case per finding.",
            base + "ci:JunitFormatter",
        ),
        LazyFormatter(
            "concise",
            "One line per finding (path:line:col: CODE message), nothing else.",
            base + "ci:ConciseFormatter",
        ),
    ]
