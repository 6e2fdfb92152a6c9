"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning, built with sarif-om.

sarif-om is imported here only, so that other formats never pay for attrs.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path
from typing import Any

from dlint.engine import rule_url
from dlint.formatters.base import FormatOptions
from dlint.report import Report
from dlint.rule import Rule, Severity, Violation

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dlint-dev/dlint"

_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.STYLE: "note",
}
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
    Severity.STYLE: "recommendation",
}


def to_sarif_dict(obj: Any) -> Any:
    """Serialise sarif-om objects: schema property names, no None, no attrs defaults."""
    import attr

    if attr.has(type(obj)):
        out: dict[str, Any] = {}
        for f in attr.fields(type(obj)):
            value = getattr(obj, f.name)
            default = f.default.factory() if isinstance(f.default, attr.Factory) else f.default  # type: ignore[arg-type]
            if value is None or (value == default and f.name not in _KEEP_DEFAULTS):
                continue
            out[f.metadata.get("schema_property_name", f.name)] = to_sarif_dict(value)
        return out
    if isinstance(obj, dict):
        return {k: to_sarif_dict(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [to_sarif_dict(v) for v in obj]
    return obj


#: Fields whose schema default we still write, so readers need not know it.
_KEEP_DEFAULTS = frozenset({"level", "execution_successful"})


def artifact_uri(path: str, root: str) -> str:
    """A relative POSIX URI for ``path`` from ``root``, percent-encoded."""
    if path == "-":
        return "-"
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        rel = path
    return urllib.parse.quote(Path(rel).as_posix(), safe="/")


class SarifFormatter:
    name = "sarif"
    description = "SARIF 2.1.0 with full rule metadata, for GitHub code scanning."

    def render(self, report: Report, options: FormatOptions) -> str:
        return json.dumps(self.build(report), indent=2, ensure_ascii=False) + "\n"

    def build(self, report: Report) -> dict[str, Any]:
        import sarif_om as om

        from dlint.docs import rule_page

        rules = list(report.rules)
        index = {r.code: i for i, r in enumerate(rules)}
        fired = {v.code for v in report.violations} - set(index)
        if fired:  # a finding of a rule not in the enabled list still needs a descriptor
            extra = [r for r in report.all_rules if r.code in fired]
            for r in extra:
                index[r.code] = len(rules)
                rules.append(r)
        descriptors = [self._descriptor(om, r, rule_page(r)) for r in rules]
        by_code = {r.code: r for r in rules}
        results = [
            self._result(om, v, index[v.code], by_code[v.code], report.root)
            for v in report.violations
        ]
        notifications = [
            om.Notification(
                message=om.Message(text=_sentence(d.line(), capitalize=False)),
                level="error" if d.kind != "input" else "warning",
            )
            for d in report.diagnostics
        ]
        invocation = om.Invocation(
            execution_successful=report.execution_successful,
            tool_execution_notifications=notifications or None,
        )
        root_uri = Path(os.path.abspath(report.root)).as_uri().rstrip("/") + "/"
        run = om.Run(
            tool=om.Tool(
                driver=om.ToolComponent(
                    name="dlint",
                    version=report.version,
                    semantic_version=report.version,
                    information_uri=INFORMATION_URI,
                    rules=descriptors,
                )
            ),
            results=results,
            invocations=[invocation],
            original_uri_base_ids={"%SRCROOT%": {"uri": root_uri}},
            column_kind="unicodeCodePoints",
        )
        log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
        data = to_sarif_dict(log)
        data["runs"][0].setdefault("results", [])
        return data

    @staticmethod
    def _descriptor(om: Any, rule: Rule, page: str) -> Any:
        props: dict[str, Any] = {"tags": sorted(set(rule.tags))[:20], "precision": rule.precision}
        if rule.security_severity is not None:
            props["security-severity"] = f"{rule.security_severity:.1f}"
        else:
            props["problem.severity"] = _PROBLEM_SEVERITY[rule.severity]
        first_para = rule.rationale.strip().split("\n\n", 1)[0].replace("\n", " ")
        return om.ReportingDescriptor(
            id=rule.code,
            name=rule.name,
            short_description=om.MultiformatMessageString(text=_sentence(rule.summary)[:1024]),
            full_description=om.MultiformatMessageString(text=_sentence(first_para)[:1024]),
            help=om.MultiformatMessageString(text=page, markdown=page),
            help_uri=rule_url(rule) or None,
            default_configuration=om.ReportingConfiguration(level=_LEVELS[rule.severity]),
            properties=props,
        )

    @staticmethod
    def _result(om: Any, v: Violation, rule_index: int, rule: Rule, root: str) -> Any:
        span = v.span
        region_args: dict[str, int] = {"start_line": span.line}
        if span.end_line > span.line or span.end_column > span.column:
            region_args.update(
                start_column=span.column, end_line=span.end_line, end_column=span.end_column
            )
        level: str | None = _LEVELS[v.severity]
        if level == _LEVELS[rule.severity]:
            level = None  # the rule's defaultConfiguration says it
        return om.Result(
            rule_id=v.code,
            rule_index=rule_index,
            level=level,
            message=om.Message(text=_sentence(v.message)),
            locations=[
                om.Location(
                    physical_location=om.PhysicalLocation(
                        artifact_location=om.ArtifactLocation(
                            uri=artifact_uri(v.path, root), uri_base_id="%SRCROOT%"
                        ),
                        region=om.Region(**region_args),
                    )
                )
            ],
        )


def _sentence(text: str, capitalize: bool = True) -> str:
    text = text.strip()
    if not text:
        return "No description."
    if text[-1] not in ".!?":
        text += "."
    return text[0].upper() + text[1:] if capitalize else text
