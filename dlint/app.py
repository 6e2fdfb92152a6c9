"""The lint run from the command line's point of view: settings in, output and exit code out."""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dlint import __version__
from dlint.config import Config, ConfigError
from dlint.engine import RuleSet, select_rules, selector_matches, sort_violations
from dlint.files import InputError, Source, discover
from dlint.formatters.base import FormatOptions
from dlint.plugins import Registry
from dlint.report import Diagnostic, Report
from dlint.rule import Rule, Settings, Severity, Violation

if TYPE_CHECKING:
    from dlint.cache import ResultCache
    from dlint.runner import ShellcheckPlan

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error(message: str) -> None:
    click.echo(f"dlint: error: {message}", err=True)


def _cli_lists(values: tuple[str, ...]) -> list[str]:
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def apply_cli(config: Config, kw: dict[str, Any]) -> None:
    """Command-line values win over the file; each records where it came from."""
    origin = "command line"
    for key in ("select", "extend_select", "ignore", "exclude"):
        values = _cli_lists(kw.get(key) or ())
        if values:
            name = key.replace("_", "-")
            merged = values if key == "select" else [*getattr(config, key), *values]
            config.set(name, merged, origin)
    if kw.get("failure_threshold"):
        config.set("failure-threshold", kw["failure_threshold"].lower(), origin)
    if kw.get("exit_zero"):
        config.set("exit-zero", True, origin)
    if kw.get("disable_ignore_pragma"):
        config.set("disable-ignore-pragma", True, origin)
    if kw.get("no_shellcheck"):
        config.set("shellcheck", False, origin)
    if kw.get("no_cache"):
        config.set("cache", False, origin)


def _rule_ref_ok(ref: str, rules: list[Rule]) -> bool:
    from dlint.runner import is_shellcheck_selector

    return is_shellcheck_selector(ref) or any(selector_matches(ref, r) for r in rules)


def validate_rule_refs(config: Config, registry: Registry) -> None:
    """Every code or name the configuration mentions must exist."""
    rules = registry.rules
    checks: list[tuple[str, list[str]]] = [
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
        ("severity", list(config.severity)),
        ("rules", list(config.rules)),
    ]
    checks += [(f"per-file-ignores.{g}", codes) for g, codes in config.per_file_ignores.items()]
    for key, refs in checks:
        base = key.split(".")[0]
        for ref in refs:
            if not _rule_ref_ok(ref, rules):
                where = config.origin(base)
                raise ConfigError(f"{where}: '{key}' names an unknown rule code or name: {ref}")
    for code, opts in config.rules.items():
        rule = registry.rule(code)
        if rule is None:
            raise ConfigError(f"{config.origin('rules')}: 'rules.{code}' is not a rule")
        known = {o.name: o for o in rule.options}
        for name, value in opts.items():
            if name not in known:
                raise ConfigError(
                    f"{config.origin('rules')}: 'rules.{code}.{name}' is not an option "
                    f"of {rule.code} (options: {', '.join(known) or 'none'})"
                )
            want = known[name].type
            if not isinstance(value, want) or (want is int and isinstance(value, bool)):
                raise ConfigError(
                    f"{config.origin('rules')}: 'rules.{code}.{name}' must be "
                    f"of type {want.__name__}"
                )


def build_ruleset(config: Config, registry: Registry) -> RuleSet:
    rules, _unknown = select_rules(
        registry.rules, config.select, config.extend_select, config.ignore
    )
    severities: dict[str, Severity] = {}
    off: set[str] = set()
    for ref, level in config.severity.items():
        for r in registry.rules:
            if selector_matches(ref, r):
                if level == "off":
                    off.add(r.code)
                else:
                    severities[r.code] = Severity.parse(level)
    chosen = [r for r in rules if r.code not in off]
    return RuleSet(tuple(chosen), severities)


def settings_from(config: Config, registry: Registry) -> Settings:
    options: dict[str, dict[str, Any]] = {}
    for code, opts in config.rules.items():
        rule = registry.rule(code)
        if rule is not None:
            options[rule.code] = dict(opts)
    return Settings(
        trusted_registries=tuple(config.trusted_registries),
        label_schema=dict(config.label_schema),
        strict_labels=config.strict_labels,
        rule_options=options,
        disable_ignore_pragma=config.disable_ignore_pragma,
        known_refs=registry.known_refs(),
        shellcheck=shellcheck_plan(config) is not None,
    )


def shellcheck_plan(config: Config) -> ShellcheckPlan | None:
    """ShellCheck runs when it is installed, turned on, and the selection includes it."""
    if not config.shellcheck:
        return None
    from dlint import shellcheck
    from dlint.runner import ShellcheckPlan, is_shellcheck_selector

    selected = [s for s in config.select if is_shellcheck_selector(s) or s.upper() == "ALL"]
    if config.select and not selected:
        return None
    if any(s.strip().lower() in ("sc", "shellcheck", "all") for s in config.ignore):
        return None
    program = shellcheck.find_shellcheck()
    if program is None:
        return None
    cache_dir = shellcheck.default_cache_dir() if caching(config) else None
    severities = {
        ref.upper(): Severity.parse(level)
        for ref, level in config.severity.items()
        if is_shellcheck_selector(ref) and level != "off"
    }
    ignore = [s for s in config.ignore if is_shellcheck_selector(s)]
    ignore += [ref for ref, level in config.severity.items() if level == "off"]
    return ShellcheckPlan(
        program=program,
        cache_dir=cache_dir,
        select=tuple(selected) if "ALL" not in (s.upper() for s in selected) else (),
        ignore=tuple(ignore),
        severities=severities,
    )


def caching(config: Config) -> bool:
    """Caches are on unless the configuration, --no-cache or DLINT_NO_CACHE turns them off."""
    return config.cache and os.environ.get("DLINT_NO_CACHE", "") in ("", "0", "false")


def results_cache(
    config: Config, ruleset: RuleSet, settings: Settings, plan: ShellcheckPlan | None
) -> ResultCache | None:
    """The results cache for this run, or None when caching is off."""
    if not caching(config):
        return None
    from dlint.cache import default_dir, open_cache

    sc: tuple[str, ...] | None = None
    if plan is not None:
        from dlint.shellcheck import shellcheck_version

        version = shellcheck_version(plan.program)
        try:
            st = os.stat(plan.program)
        except OSError:
            return None
        if not version:
            return None  # as for ShellCheck's own cache: nothing is kept
        sc = (
            plan.program,
            version,  # a shim (asdf, mise) stays the same file when ShellCheck changes
            f"{st.st_size}:{st.st_mtime_ns}",
            *plan.select,
            "--ignore",
            *plan.ignore,
            *sorted(f"{k}={v.label}" for k, v in plan.severities.items()),
        )
    return open_cache(default_dir(), ruleset.rules, ruleset.severities, settings, sc)


def _per_file_ignored(v: Violation, config: Config, rules: dict[str, Rule]) -> bool:
    path = v.path.replace(os.sep, "/")
    rule = rules[v.code]
    for pattern, refs in config.per_file_ignores.items():
        hit = fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern)
        if hit and any(selector_matches(ref, rule) for ref in refs):
            return True
    return False


def _default_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


def run_lint(**kw: Any) -> int:
    try:
        config = load_config(kw.get("isolated", False), kw.get("config_file"))
        apply_cli(config, kw)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR
    from dlint import plugins

    registry = plugins.load()
    diagnostics: list[Diagnostic] = list(registry.diagnostics)
    try:
        validate_rule_refs(config, registry)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR
    formats = list(kw.get("formats") or ())
    outputs = list(kw.get("outputs") or ())
    if not formats:
        formats = [_default_format()]
    while len(formats) < len(outputs):
        formats.append("text")  # as hadolint: a missing format means text
    for fmt in formats:
        if fmt not in registry.formatters:
            _error(f"unknown format {fmt!r} (available: {', '.join(sorted(registry.formatters))})")
            return EXIT_ERROR
    ruleset = build_ruleset(config, registry)
    settings = settings_from(config, registry)
    context = kw.get("context")
    if context is not None:
        if not os.path.isdir(context):
            _error(f"--context {context}: not a directory")
            return EXIT_ERROR
        settings = replace(settings, context_dir=os.path.abspath(context))

    paths = list(kw.get("paths") or ()) or ["."]
    stdin_name = kw.get("stdin_filename") or "-"
    sources: list[Source] = []
    for item in discover(paths, config.exclude, stdin_name):
        if isinstance(item, InputError):
            diagnostics.append(Diagnostic("input", item.path, item.message))
        else:
            sources.append(item)
    stdin = sys.stdin.buffer.read() if any(s.fs_path is None for s in sources) else None

    color_choice = kw.get("color") or "auto"
    if color_choice == "auto" and config.color == "never":
        color_choice = "never"
    stdout_formats = [f for i, f in enumerate(formats) if i >= len(outputs) or outputs[i] == "-"]
    from dlint.cli import _use_color

    color = _use_color(color_choice, sys.stdout) if stdout_formats else False
    show_source = kw.get("show_source")
    if show_source is None:
        show_source = (
            color_choice != "never" and _use_color("auto", sys.stdout) and "text" in stdout_formats
        )

    from dlint.runner import lint_sources

    keep_lines = bool(show_source) or any(
        getattr(registry.formatters[f], "needs_lines", False) for f in formats
    )
    plan = shellcheck_plan(config) if settings.shellcheck else None
    cache = results_cache(config, ruleset, settings, plan)
    results = lint_sources(
        sources,
        ruleset,
        settings,
        jobs=kw.get("jobs") or 0,
        stdin=stdin,
        keep_lines=keep_lines,
        sc_plan=plan,
        cache=cache,
    )
    sc_problems: list[Diagnostic] = []
    if plan is not None:
        from dlint.runner import run_shellcheck

        sc_problems = run_shellcheck(results, plan)
        diagnostics.extend(sc_problems)
    if cache is not None and not sc_problems:
        from dlint.runner import store_results

        store_results(results, cache)
    by_code = {r.code: r for r in registry.rules}
    sc_rules = _shellcheck_rules(results)
    by_code.update({r.code: r for r in sc_rules})
    violations: list[Violation] = []
    lines: dict[str, tuple[str, ...]] = {}
    checked = 0
    for res in results:
        diagnostics.extend(res.diagnostics)
        if not any(d.kind == "input" for d in res.diagnostics):
            checked += 1
        lines[res.path] = res.lines
        violations.extend(v for v in res.violations if not _per_file_ignored(v, config, by_code))
    report = Report(
        violations=sort_violations(violations),
        rules=[*ruleset.rules, *sc_rules],
        all_rules=[*registry.rules, *sc_rules],
        files_checked=checked,
        diagnostics=diagnostics,
        version=__version__,
        root=os.getcwd(),
        lines=lines,
    )
    for d in diagnostics:
        _error(d.line())
    status = write_outputs(
        report,
        registry,
        formats,
        outputs,
        FormatOptions(
            color=color, show_source=bool(show_source), statistics=bool(kw.get("statistics"))
        ),
    )
    if kw.get("statistics"):
        _print_statistics(report)
    if status or report.diagnostics:
        return EXIT_ERROR
    limit = Severity.parse(config.failure_threshold)
    if not config.exit_zero and any(v.severity >= limit for v in report.violations):
        return EXIT_FINDINGS
    return EXIT_OK


def _shellcheck_rules(results: list[Any]) -> list[Rule]:
    """Descriptions of the ShellCheck codes found, in code order."""
    from dlint.runner import shellcheck_rule

    codes = sorted(
        {v.code for r in results for v in r.violations if v.name.startswith("ShellCheck")}
    )
    return [shellcheck_rule(c) for c in codes]


def load_config(isolated: bool, explicit: str | None) -> Config:
    from dlint import config as config_mod

    return config_mod.load(Path.cwd(), explicit, isolated)


def write_outputs(
    report: Report,
    registry: Registry,
    formats: list[str],
    outputs: list[str],
    options: FormatOptions,
) -> int:
    status = 0
    for i, fmt in enumerate(formats):
        target = outputs[i] if i < len(outputs) else "-"
        formatter = registry.formatters[fmt]
        opts = options if target == "-" else FormatOptions(False, False, options.statistics)
        try:
            text = formatter.render(report, opts)
        except Exception as exc:  # a plugin formatter's bug must not lose the other outputs
            _error(f"formatter {fmt!r} raised {type(exc).__name__}: {exc}")
            status = EXIT_ERROR
            continue
        if target == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                Path(target).write_text(text, encoding="utf-8")
            except OSError as exc:
                _error(f"{target}: cannot write output ({exc.strerror or exc})")
                status = EXIT_ERROR
    return status


def _print_statistics(report: Report) -> None:
    counts: dict[tuple[str, str], int] = {}
    for v in report.violations:
        counts[(v.code, v.name)] = counts.get((v.code, v.name), 0) + 1
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"{n:>6}  {code:<8} {name}", err=True)


def show_config(isolated: bool, explicit: str | None) -> int:
    from dataclasses import fields

    try:
        config = load_config(isolated, explicit)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR
    click.echo(f"# configuration file: {config.path or 'none'}")
    for f in fields(Config):
        if f.name in ("path", "origins"):
            continue
        key = f.name.replace("_", "-")
        click.echo(f"{key} = {getattr(config, f.name)!r}    # from {config.origin(key)}")
    return EXIT_OK
