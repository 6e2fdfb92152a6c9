"""Runs the rules on one parsed file, each in isolation, and builds its violations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dlint import suppress
from dlint.analysis import Facts
from dlint.model import Dockerfile
from dlint.report import Diagnostic
from dlint.rule import Rule, RuleContext, Settings, Severity, Violation


@dataclass
class FileResult:
    path: str
    violations: list[Violation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: tuple[str, ...] = ()
    #: ShellCheck work found in this file, run later in one batch for the whole run,
    #: and the file's suppressions, to apply to what ShellCheck finds
    sc_jobs: list[Any] = field(default_factory=list)
    #: ShellCheck findings a worker already had from the cache, by instruction index
    sc_found: dict[int, list[Any]] = field(default_factory=dict)
    pragmas: list[suppress.Pragma] = field(default_factory=list)
    #: the results-cache key of a file linted afresh, to store its violations under
    cache_key: str | None = None


@dataclass
class RuleSet:
    """The enabled rules with their effective severities and options."""

    rules: tuple[Rule, ...]
    severities: dict[str, Severity] = field(default_factory=dict)

    def severity(self, rule: Rule) -> Severity:
        return self.severities.get(rule.code, rule.severity)

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules)

    @cached_property
    def refs(self) -> frozenset[str]:
        """Codes, names and BuildKit names of the enabled rules, lower-cased (computed once)."""
        refs: set[str] = set()
        for r in self.rules:
            refs.update({r.code.lower(), r.name.lower(), (r.buildkit_name or r.name).lower()})
        return frozenset(refs)


def run_rules(
    df: Dockerfile, ruleset: RuleSet, settings: Settings, facts: Facts | None = None
) -> FileResult:
    """Check one parsed Dockerfile with every enabled rule, then apply suppressions.

    A rule that raises becomes one diagnostic naming the rule and the file;
    the other rules still run.
    """
    result = FileResult(df.path)
    facts = facts or Facts(df)
    pragmas = suppress.parse(df, set(settings.known_refs) or None)
    if settings.disable_ignore_pragma:
        pragmas = suppress.Pragmas()
    result.pragmas = pragmas.items
    by_code = {r.code: r for r in ruleset.rules}
    found: list[Violation] = []
    for rule in ruleset.rules:
        if rule.phase == "check":
            found.extend(_run_one(rule, df, facts, settings, ruleset, pragmas, frozenset(), result))
    hidden, used = suppress.apply(pragmas.items, [_target(v, by_code) for v in found])
    kept = [v for v, h in zip(found, hidden) if not h]
    review: list[Violation] = []
    for rule in ruleset.rules:
        if rule.phase == "review":
            review.extend(
                _run_one(rule, df, facts, settings, ruleset, pragmas, frozenset(used), result)
            )
    hidden, _ = suppress.apply(pragmas.items, [_target(v, by_code) for v in review])
    kept.extend(v for v, h in zip(review, hidden) if not h)
    result.violations = kept
    return result


def _target(v: Violation, rules: dict[str, Rule]) -> suppress.Target:
    rule = rules[v.code]
    names = (rule.name.lower(), (rule.buildkit_name or rule.name).lower())
    return suppress.Target(v.code, names, v.span.line)


def _run_one(
    rule: Rule,
    df: Dockerfile,
    facts: Facts,
    settings: Settings,
    ruleset: RuleSet,
    pragmas: suppress.Pragmas,
    used: frozenset[int],
    result: FileResult,
) -> list[Violation]:
    options = {**rule.default_options, **settings.rule_options.get(rule.code, {})}
    ctx = RuleContext(df, facts, settings, options, pragmas, used, ruleset.refs)
    try:
        findings = list(rule.check(ctx))
    except Exception as exc:  # a rule's bug must not end the run
        result.diagnostics.append(
            Diagnostic(
                "rule",
                f"rule {rule.code} ({rule.name}){_plugin_suffix(rule)}",
                f"raised {type(exc).__name__}: {exc} while checking {df.path}",
            )
        )
        return []
    severity = ruleset.severity(rule)
    return [
        Violation(df.path, f.span, rule.code, rule.name, severity, f.message, rule_url(rule))
        for f in findings
    ]


def _plugin_suffix(rule: Rule) -> str:
    return f" from plugin {rule.plugin!r}" if rule.plugin and rule.plugin != "dlint_rules" else ""


DOCS_URL = "https://github.com/dlint-dev/dlint/blob/main/docs/rules/{code}.md"


def rule_url(rule: Rule) -> str:
    """The rule's public documentation address: its own ``url``, or the built-in docs page."""
    if rule.url:
        return rule.url
    return DOCS_URL.format(code=rule.code) if rule.plugin == "dlint_rules" else ""


def sort_violations(violations: Iterable[Violation]) -> list[Violation]:
    return sorted(violations, key=lambda v: v.sort_key)


def select_rules(
    rules: Sequence[Rule],
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[list[Rule], list[str]]:
    """Which rules run, and the selectors that matched no rule.

    A selector is a code (``DL3008``), a code prefix (``DL30``), a rule name
    (``PipNoCacheDir``, any case), a tag (``security``) or ``ALL``. Without
    ``select`` the rules on by default run; ``select`` replaces that set (and
    can turn on opt-in rules), ``extend_select`` adds to it, ``ignore``
    removes from it.
    """
    unknown: list[str] = []

    def matching(selectors: Sequence[str]) -> set[str]:
        codes: set[str] = set()
        for sel in selectors:
            hit = {r.code for r in rules if selector_matches(sel, r)}
            if not hit:
                unknown.append(sel)
            codes |= hit
        return codes

    chosen = matching(select) if select else {r.code for r in rules if r.enabled}
    chosen |= matching(extend_select)
    chosen -= matching(ignore)
    return [r for r in rules if r.code in chosen], unknown


def selector_matches(selector: str, rule: Rule) -> bool:
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper() == "ALL":
        return True
    letters = sel.rstrip("0123456789")
    if sel.isalnum() and letters.isalpha() and rule.code.startswith(sel.upper()):
        return True
    low = sel.lower()
    return low == rule.name.lower() or low == (rule.buildkit_name or "").lower() or low in rule.tags
