"""Lints many files: read, parse, check, in one process or across several."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from dlint.engine import FileResult, RuleSet, run_rules
from dlint.files import Decoded, InputError, Source, read
from dlint.model import ParseError, Span
from dlint.report import Diagnostic
from dlint.rule import Settings

#: Below this many files one process is faster than starting workers.
PARALLEL_MIN_FILES = 64


@dataclass(frozen=True)
class Job:
    """What a worker needs to lint files: picklable, no rule objects."""

    codes: tuple[str, ...]
    severities: dict[str, str]
    settings: Settings
    keep_lines: bool = False


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
    result = run_rules(df, ruleset, settings)
    if keep_lines:
        result.lines = df.lines
    return result


def lint_source(
    source: Source,
    ruleset: RuleSet,
    settings: Settings,
    stdin: bytes | None = None,
    keep_lines: bool = False,
) -> FileResult:
    decoded = read(source, stdin)
    if isinstance(decoded, InputError):
        result = FileResult(source.path)
        result.diagnostics.append(Diagnostic("input", decoded.path, decoded.message))
        return result
    assert isinstance(decoded, Decoded)
    return lint_text(decoded.text, source.path, ruleset, settings, decoded.encoding, keep_lines)


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
    return lint_source(source, ruleset, job.settings, keep_lines=job.keep_lines)


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
) -> list[FileResult]:
    """Lint every source; results come back in the order of ``sources``."""
    n_jobs = jobs if jobs > 0 else auto_jobs(len(sources))
    on_disk = [s for s in sources if s.fs_path is not None]
    if n_jobs <= 1 or len(on_disk) < 2:
        return [lint_source(s, ruleset, settings, stdin, keep_lines) for s in sources]
    job = Job(
        codes=tuple(r.code for r in ruleset.rules),
        severities={c: s.label for c, s in ruleset.severities.items()},
        settings=settings,
        keep_lines=keep_lines,
    )
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
