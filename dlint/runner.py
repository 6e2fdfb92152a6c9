"""Lints many files: read, parse, check, in one process or across several."""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlint.analysis import Facts
from dlint.engine import FileResult, RuleSet, run_rules, selector_matches
from dlint.files import Decoded, InputError, Source, read
from dlint.model import ParseError, Span
from dlint.report import Diagnostic
from dlint.rule import Finding, Rule, Settings, Severity, Violation

if TYPE_CHECKING:
    from dlint.cache import ResultCache

#: ShellCheck's time doubles with each level of `$(` nesting: deeper scripts are not
#: given to it (depth 15 takes ShellCheck 0.11 about ten seconds).
MAX_SUBSTITUTION_DEPTH = 8


_SUBSTITUTION_PARENS = re.compile(r"\$\(|\)")


def substitution_depth(text: str) -> int:
    """How deeply ``$(`` nests in ``text`` (closing parentheses of other kinds counted too,
    which only ever makes the estimate lower)."""
    if "$(" not in text:
        return 0
    depth = deepest = 0
    for m in _SUBSTITUTION_PARENS.finditer(text):
        if m.group() == ")":
            if depth:
                depth -= 1
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


#: Below this many files one process is faster than starting workers.
PARALLEL_MIN_FILES = 64


@dataclass(frozen=True)
class Job:
    """What a worker needs to lint files: picklable, no rule objects."""

    codes: tuple[str, ...]
    severities: dict[str, str]
    settings: Settings
    keep_lines: bool = False
    #: ShellCheck's program, cache and selection: workers answer their scripts from the
    #: cache, and finish a file themselves when nothing is left for the parent's batch
    sc_plan: ShellcheckPlan | None = None
    results_cache: ResultCache | None = None


def lint_text(
    text: str,
    path: str,
    ruleset: RuleSet,
    settings: Settings,
    encoding: str = "utf-8",
    keep_lines: bool = False,
) -> FileResult:
    """Parse and check one file's text."""
    from dlint.parser import parse

    df = parse(text, path)
    if encoding != "utf-8":
        note = ParseError(
            f"The file is encoded as {encoding.upper()}; BuildKit reads Dockerfiles as UTF-8 "
            "and cannot build it.",
            Span(1, 1, 1, 1 + len(df.lines[0]) if df.lines else 1),
        )
        df = replace(df, errors=(note, *df.errors))
    facts = Facts(df)
    # The rules allocate many small objects that never form cycles: pausing the
    # cycle collector keeps the cost per instruction flat on big files.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = run_rules(df, ruleset, settings, facts)
        if settings.shellcheck:
            from dlint import shellcheck

            # Only the text and its positions travel back to the parent, not the commands;
            # scripts nested too deep are left out (ShellCheck is exponential in `$(` depth).
            result.sc_jobs = [
                replace(job, script=replace(job.script, commands=(), errors=()))
                for job in shellcheck.jobs_for(df, facts)
                if substitution_depth(job.script.text) <= MAX_SUBSTITUTION_DEPTH
            ]
    finally:
        if was_enabled:
            gc.enable()
    if keep_lines:
        result.lines = df.lines
    return result


def lint_source(
    source: Source,
    ruleset: RuleSet,
    settings: Settings,
    stdin: bytes | None = None,
    keep_lines: bool = False,
    cache: ResultCache | None = None,
) -> FileResult:
    """Lint one file, or answer from ``cache`` (files on disk only, not standard input)."""
    decoded = read(source, stdin)
    if isinstance(decoded, InputError):
        result = FileResult(source.path)
        result.diagnostics.append(Diagnostic("input", decoded.path, decoded.message))
        return result
    assert isinstance(decoded, Decoded)
    key = None
    if cache is not None and source.fs_path is not None:
        key = cache.key(source.path, decoded.text, decoded.encoding, ruleset.rules, settings)
        stored = None if key is None else cache.load(key, source.path, ruleset.codes)
        if stored is not None:
            result = FileResult(source.path, violations=stored)
            if keep_lines:
                from dlint.parser.source import split_source

                result.lines = split_source(decoded.text).lines
            return result
    result = lint_text(decoded.text, source.path, ruleset, settings, decoded.encoding, keep_lines)
    result.cache_key = key
    return result


def store_results(
    results: Sequence[FileResult], cache: ResultCache, prune_old: bool = True
) -> None:
    """Keep the freshly linted files' violations; call after ShellCheck has added its own.
    A file with a diagnostic (a rule that raised) is not kept, so the problem shows again."""
    for res in results:
        if res.cache_key is not None and not res.diagnostics:
            cache.store(res.cache_key, res.violations)
    if prune_old:
        from dlint.cache import prune

        prune(cache)


# -- worker processes -----------------------------------------------------------

_worker: dict[str, object] = {}


def _init_worker(job: Job) -> None:
    from dlint import plugins
    from dlint.rule import Severity

    registry = plugins.load()
    by_code = {r.code: r for r in registry.rules}
    rules = tuple(by_code[c] for c in job.codes if c in by_code)
    severities = {c: Severity.parse(s) for c, s in job.severities.items()}
    _worker["ruleset"] = RuleSet(rules, severities)
    _worker["job"] = job


def _lint_in_worker(source: Source) -> FileResult:
    job = _worker["job"]
    ruleset = _worker["ruleset"]
    assert isinstance(job, Job) and isinstance(ruleset, RuleSet)
    result = lint_source(
        source, ruleset, job.settings, keep_lines=job.keep_lines, cache=job.results_cache
    )
    plan = job.sc_plan
    if result.sc_jobs and plan is not None and plan.cache_dir is not None:
        # Cache lookups here, in parallel; the parent runs ShellCheck on what is left.
        from dlint import shellcheck

        found = shellcheck.run(result.sc_jobs, plan.program, plan.cache_dir, check_missing=False)
        result.sc_jobs = found.pending
        result.sc_found = {key[1]: f for key, f in found.findings.items() if isinstance(key, tuple)}
    cache = job.results_cache
    if cache is not None and result.cache_key is not None and not result.sc_jobs:
        # Nothing left for the parent's ShellCheck batch: finish and keep the file here,
        # so that the workers share the writing.
        if result.sc_found and plan is not None:
            add_shellcheck_findings(result, sorted(result.sc_found.items()), plan, {})
            result.sc_found = {}
        if not result.sc_found:
            store_results([result], cache, prune_old=False)
            result.cache_key = None
    return result


def auto_jobs(n_files: int) -> int:
    if n_files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def lint_sources(
    sources: Sequence[Source],
    ruleset: RuleSet,
    settings: Settings,
    jobs: int = 0,
    stdin: bytes | None = None,
    keep_lines: bool = False,
    sc_plan: ShellcheckPlan | None = None,
    cache: ResultCache | None = None,
) -> list[FileResult]:
    """Lint every source; results come back in the order of ``sources``.

    With ``sc_plan``, worker processes answer their files' scripts from
    its cache; ``run_shellcheck`` then checks the rest and adds every finding.
    With ``cache``, unchanged files are answered from it; ``store_results``
    keeps the others once ShellCheck is done.
    """
    n_jobs = jobs if jobs > 0 else auto_jobs(len(sources))
    on_disk = [s for s in sources if s.fs_path is not None]
    if n_jobs <= 1 or len(on_disk) < 2:
        return [lint_source(s, ruleset, settings, stdin, keep_lines, cache) for s in sources]
    job = Job(
        codes=tuple(r.code for r in ruleset.rules),
        severities={c: s.label for c, s in ruleset.severities.items()},
        settings=settings,
        keep_lines=keep_lines,
        sc_plan=sc_plan,
        results_cache=cache,
    )
    if sc_plan is not None:
        from dlint.shellcheck import shellcheck_version

        shellcheck_version(sc_plan.program)  # asked once, before the workers fork
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    chunk = max(1, len(on_disk) // (n_jobs * 8))
    with ProcessPoolExecutor(
        n_jobs, mp_context=ctx, initializer=_init_worker, initargs=(job,)
    ) as pool:
        done = dict(zip(on_disk, pool.map(_lint_in_worker, on_disk, chunksize=chunk)))
    return [
        done[s] if s.fs_path is not None else lint_source(s, ruleset, settings, stdin, keep_lines)
        for s in sources
    ]


# -- ShellCheck, once for the whole run ---------------------------------------------------

SC_SELECTOR = re.compile(r"^(SC\d{0,4}|shellcheck)$", re.IGNORECASE)


def is_shellcheck_selector(selector: str) -> bool:
    """``SC``, ``SC2``, ``SC2086`` or ``shellcheck``: refers to ShellCheck's findings."""
    return bool(SC_SELECTOR.match(selector.strip()))


def shellcheck_rule(code: str) -> Rule:
    """Metadata for one ShellCheck code, so that it can be selected, suppressed and described."""
    url = f"https://www.shellcheck.net/wiki/{code}"
    return Rule(
        code=code,
        name=f"ShellCheck{code[2:]}",
        severity=Severity.INFO,
        summary=f"ShellCheck {code} in a RUN script",
        rationale=(
            f"ShellCheck reports {code} in the shell code of a RUN instruction. dlint runs\n"
            "ShellCheck on every RUN script (heredocs included, in the dialect of the stage's\n"
            "SHELL or the heredoc's interpreter), with the stage's ARG and ENV names declared,\n"
            f"and places each finding at its line and column in the Dockerfile. See {url}."
        ),
        check=_no_check,
        tags=("shellcheck",),
        url=url,
        plugin="shellcheck",
    )


def _no_check(ctx: object) -> Iterator[Finding]:
    """ShellCheck codes are checked by the ShellCheck pass, not per rule."""
    return iter(())


@dataclass(frozen=True)
class ShellcheckPlan:
    """Whether and how ShellCheck runs: the program, the cache, and what to keep."""

    program: str
    cache_dir: Path | None
    select: tuple[str, ...] = ()  # empty: every code
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)

    def wants(self, rule: Rule) -> bool:
        if self.select and not any(selector_matches(s, rule) for s in self.select):
            return False
        return not any(selector_matches(s, rule) for s in self.ignore)


def add_shellcheck_findings(
    res: FileResult,
    found: list[tuple[int, list[Any]]],
    plan: ShellcheckPlan,
    rules: dict[str, Rule],
) -> None:
    """Turn one file's ShellCheck findings (by instruction) into violations: the plan's
    selection and severities, and the file's suppression comments, applied."""
    from dlint import suppress

    for _index, findings in found:
        for f in findings:
            rule = rules.get(f.code) or rules.setdefault(f.code, shellcheck_rule(f.code))
            if not plan.wants(rule):
                continue
            target = suppress.Target(f.code, ("shellcheck", rule.name.lower()), f.span.line)
            if suppress.apply(res.pragmas, [target])[0][0]:
                continue
            severity = plan.severities.get(f.code) or Severity.parse(f.level)
            res.violations.append(
                Violation(res.path, f.span, f.code, rule.name, severity, f.message, rule.url)
            )


def run_shellcheck(results: list[FileResult], plan: ShellcheckPlan) -> list[Diagnostic]:
    """Check every file's scripts in one batch and add the findings to the results."""
    from dlint import shellcheck

    jobs: list[shellcheck.ScJob] = []
    keyed: list[tuple[tuple[int, int], list[shellcheck.ScFinding]]] = []
    for i, res in enumerate(results):
        jobs.extend(replace(job, key=(i, job.key[1])) for job in res.sc_jobs)
        keyed.extend(((i, index), found) for index, found in res.sc_found.items())
        res.sc_jobs, res.sc_found = [], {}
    problems: list[str] = []
    if jobs:
        outcome = shellcheck.run(jobs, plan.program, plan.cache_dir, processes=os.cpu_count() or 1)
        keyed.extend((k, f) for k, f in outcome.findings.items() if isinstance(k, tuple))
        problems = outcome.problems
    rules: dict[str, Rule] = {}
    by_file: dict[int, list[tuple[int, list[Any]]]] = {}
    for (i, index), findings in sorted(keyed, key=lambda kv: kv[0]):
        by_file.setdefault(i, []).append((index, findings))
    for i, found in by_file.items():
        add_shellcheck_findings(results[i], found, plan, rules)
    return [Diagnostic("plugin", "ShellCheck", p) for p in problems]
