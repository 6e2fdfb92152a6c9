"""The result of a run: plain data handed to formatters."""

from __future__ import annotations

from dataclasses import dataclass, field

from dlint.rule import Rule, Severity, Violation


@dataclass(frozen=True)
class Diagnostic:
    """A problem with the run itself, not with a Dockerfile's content.

    ``kind`` is ``input`` (a file that could not be read or decoded),
    ``config`` (bad configuration), ``plugin`` (a plugin that failed to load),
    ``rule`` (a rule that raised) or ``formatter``.
    """

    kind: str
    subject: str  # the file, plugin, rule or key concerned
    message: str

    def line(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass
class Report:
    violations: list[Violation]
    rules: list[Rule]  # every enabled rule, in a stable order
    all_rules: list[Rule] = field(default_factory=list)  # every rule that loaded
    files_checked: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    version: str = ""
    root: str = "."  # paths in SARIF are made relative to this directory
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path -> source lines

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for v in self.violations:
            out[v.severity] += 1
        return out

    @property
    def execution_successful(self) -> bool:
        return not any(d.kind in ("rule", "plugin", "formatter") for d in self.diagnostics)
