"""dlint against hadolint 2.15.1 on the corpus, rule by rule (issue 7, point 4).

Run: ``.venv/bin/python bench/hadolint_compare.py [--corpus DIR] [--json FILE]
[--rule CODE [--limit N] [--extras]]``.

hadolint (``hadolint --no-fail -f json FILE...``) runs over every file of the corpus in
batches; a batch that fails (hadolint aborts the whole run on some inputs) is run again
file by file, and a file hadolint still fails on, or reports DL1000 for, is a file
hadolint cannot parse. hadolint gets an empty configuration file, so no .hadolint.yaml
found by chance changes its results (the counterpart of dlint's ``--isolated``), and its
results are cached under ``bench/out/`` by the file's sha256 and hadolint's version,
because ShellCheck makes hadolint slow. dlint (``dlint --isolated -f json --select DL``:
every DL rule, opt-in ones included, and no ShellCheck) runs once over the same files.

A hadolint finding and a dlint finding match when they have the same file and code and
hadolint's line (the first line of the instruction) lies in the instruction that holds
dlint's finding (dlint points at the offending word, often on a continuation line). The
instructions come from ``dlint.parser.parse``; a finding outside every instruction is
compared by its line. Findings are matched pairwise, so two of the same code in one
instruction need two on the other side. The table leaves out DL1000 (parse errors) and
hadolint's SC codes, which get a line each for information; dlint's findings in files
hadolint cannot parse are counted on their own line, not as dlint-only. hadolint reports
a code once per instruction and dlint at each offending word (each unpinned package, say):
dlint's extra findings in an instruction where both report the code are dlint-only, as
pairwise matching makes them, and a line under the table counts them.

Two more tables group the findings only one tool reports by the documented difference
(docs/hadolint-compat.md) that explains them, as recognised by ``bench/compat_reasons.py``;
dlint's extra findings are one category per code. Findings no difference explains are
counted, and the only-dlint ones listed.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compat_reasons import EXTRA, dlint_reason, reason  # noqa: E402

from dlint.analysis import Facts  # noqa: E402
from dlint.files import decode  # noqa: E402
from dlint.parser import parse  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "files"
OUT = ROOT / "bench" / "out"
#: Bump when what is cached for a file changes (options given to hadolint, entry layout).
CACHE_SCHEMA = 1
EXPECTED_HADOLINT = "2.15.1"
DL_CODE = re.compile(r"DL\d{4}\Z")
SC_CODE = re.compile(r"SC\d{4}\Z")
PARSE_ERROR = "DL1000"
TARGET = 0.95
BATCH_TIMEOUT = 900.0
FILE_TIMEOUT = 300.0
TIMED_OUT = "timed out"  # not cached: a slow machine may do better next time


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the corpus
    line: int
    code: str
    message: str


@dataclass
class HadolintEntry:
    """hadolint's verdict on one file's content (what is cached)."""

    findings: list[dict[str, Any]]  # hadolint's JSON objects without "file"
    crash: str | None = None  # why hadolint failed on the file alone, if it did

    def to_json(self) -> dict[str, Any]:
        return {"schema": CACHE_SCHEMA, "crash": self.crash, "findings": self.findings}

    @staticmethod
    def from_json(data: dict[str, Any]) -> HadolintEntry:
        return HadolintEntry(list(data["findings"]), data.get("crash"))

    @property
    def parse_error(self) -> str | None:
        """Why hadolint cannot parse the file, or None when it can."""
        if self.crash is not None:
            return self.crash
        for f in self.findings:
            if f.get("code") == PARSE_ERROR:
                return f"DL1000 at line {f.get('line')}: {first_line(str(f.get('message', '')))}"
        return None


@dataclass
class Tally:
    both: int = 0
    only_hadolint: int = 0
    only_dlint: int = 0
    # Of the only-dlint findings, those in an instruction where both report the code:
    # hadolint reports a code once per instruction, dlint at each offending word.
    only_dlint_extra: int = 0


@dataclass
class Comparison:
    rules: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    same_file_code: int = 0  # matches by file and code alone, for information
    disagreements: dict[str, list[tuple[Finding, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    extras: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))


# -- helpers ---------------------------------------------------------------------------


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def shown(path: Path | str) -> str:
    """A path as short as it can be shown: relative to the current directory when near."""
    rel = os.path.relpath(path)
    return rel if not rel.startswith(os.path.join(os.pardir, os.pardir)) else str(path)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def program(name: str, given: str | None) -> str:
    """The program to run: as given, else next to this Python (the virtualenv), else PATH."""
    if given:
        return given
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def corpus_files(corpus: Path) -> list[str]:
    """Every regular file under the corpus, relative to it, in a stable order."""
    found = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        for name in filenames:
            full = os.path.join(dirpath, name)
            if os.path.isfile(full):
                found.append(os.path.relpath(full, corpus).replace(os.sep, "/"))
    return sorted(found)


def version_of(cmd: Sequence[str]) -> str:
    try:
        out = subprocess.run(list(cmd), capture_output=True, text=True, check=False).stdout
    except OSError as exc:
        sys.exit(f"hadolint_compare: cannot run {cmd[0]}: {exc}")
    return out.strip().split()[-1] if out.strip() else "unknown"


def git_commit() -> str | None:
    """The commit of the tree (read only: no index refresh, nothing written)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def arg_path(rel: str) -> str:
    """A corpus path as a command-line argument that cannot be taken for an option."""
    return rel if not rel.startswith("-") else "./" + rel


# -- hadolint --------------------------------------------------------------------------


class Hadolint:
    def __init__(self, exe: str, corpus: Path, version: str, batch: int, jobs: int) -> None:
        self.exe = exe
        self.corpus = corpus
        self.batch = batch
        self.jobs = jobs
        self.cache = OUT / "hadolint-cache" / f"{version}-v{CACHE_SCHEMA}"
        # An explicit empty configuration: no .hadolint.yaml or ~/.config/hadolint.yaml
        # found by chance changes the result (the counterpart of dlint --isolated).
        self.config = OUT / "hadolint-empty-config.yaml"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
        self.ran = 0
        self.cached = 0
        self.crashed_batches = 0

    @property
    def command(self) -> list[str]:
        return [self.exe, "--no-fail", "-f", "json", "--config", str(self.config)]

    def run(self, files: Sequence[str], digests: dict[str, str]) -> dict[str, HadolintEntry]:
        """hadolint's entry for every file: from the cache, or by running hadolint."""
        self.cache.mkdir(parents=True, exist_ok=True)
        if not self.config.exists():
            self.config.write_text("{}\n")
        by_digest: dict[str, HadolintEntry] = {}
        todo: dict[str, str] = {}  # digest -> one file with that content
        for rel in files:
            digest = digests[rel]
            if digest in by_digest or digest in todo:
                continue
            entry = self._load(digest)
            if entry is None:
                todo[digest] = rel
            else:
                by_digest[digest] = entry
                self.cached += 1
        paths = sorted(todo.values())
        if paths:
            batches = [paths[i : i + self.batch] for i in range(0, len(paths), self.batch)]
            print(
                f"hadolint: {plural(len(paths), 'file')} to run in {plural(len(batches), 'batch', 'batches')} "
                f"({self.jobs} at a time); {self.cached} from the cache",
                file=sys.stderr,
            )
            with ThreadPoolExecutor(max_workers=self.jobs) as pool:
                for results in pool.map(self._run_batch, batches):
                    for rel, entry in results.items():
                        by_digest[digests[rel]] = entry
                        if not (entry.crash or "").startswith(TIMED_OUT):
                            self._store(digests[rel], entry)
            self.ran = len(paths)
        return {rel: by_digest[digests[rel]] for rel in files}

    def _load(self, digest: str) -> HadolintEntry | None:
        try:
            data = json.loads((self.cache / f"{digest}.json").read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != CACHE_SCHEMA:
            return None
        return HadolintEntry.from_json(data)

    def _store(self, digest: str, entry: HadolintEntry) -> None:
        target = self.cache / f"{digest}.json"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry.to_json()))
        os.replace(tmp, target)

    def _invoke(self, paths: Sequence[str], timeout: float) -> dict[str, HadolintEntry] | str:
        """Run hadolint once: an entry per file, or why the run failed."""
        args = {arg_path(rel): rel for rel in paths}
        try:
            done = subprocess.run(
                [*self.command, *args],
                cwd=self.corpus,
                env=self.env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"{TIMED_OUT} after {timeout:.0f} s"
        except OSError as exc:
            sys.exit(f"hadolint_compare: cannot run {self.exe}: {exc}")
        reason = first_line(done.stderr) or f"exit code {done.returncode}, no message"
        if done.returncode != 0:
            return f"exit code {done.returncode}: {reason}"
        try:
            found = json.loads(done.stdout)
        except ValueError:
            return f"output is not JSON: {first_line(done.stdout)[:100] or reason}"
        if not isinstance(found, list):
            return "output is not a JSON list"
        entries = {rel: HadolintEntry([]) for rel in paths}
        for f in found:
            rel = args.get(str(f.get("file"))) if isinstance(f, dict) else None
            if rel is None:
                return f"a finding for an unexpected file: {str(f)[:100]}"
            entries[rel].findings.append({k: v for k, v in f.items() if k != "file"})
        return entries

    def _run_batch(self, paths: Sequence[str]) -> dict[str, HadolintEntry]:
        result = self._invoke(paths, BATCH_TIMEOUT)
        if not isinstance(result, str):
            return result
        if len(paths) > 1:
            self.crashed_batches += 1
            print(
                f"hadolint: a batch of {len(paths)} files failed ({result[:120]}); "
                "running them one by one",
                file=sys.stderr,
            )
        entries = {}
        for rel in paths:
            alone = self._invoke([rel], FILE_TIMEOUT) if len(paths) > 1 else result
            entries[rel] = alone[rel] if not isinstance(alone, str) else HadolintEntry([], alone)
        return entries


# -- dlint -----------------------------------------------------------------------------


#: Off by default in hadolint as in dlint: comparing them would only count dlint's side.
OPT_IN = "DL1001,DL3057"


def dlint_command(exe: str) -> list[str]:
    """Every DL rule hadolint runs by default (its opt-in rules stay off on both sides)."""
    cmd = [exe, "--isolated", "--no-cache", "-f", "json", "--select", "DL", "--ignore", OPT_IN]
    help_text = subprocess.run([exe, "--help"], capture_output=True, text=True, check=False).stdout
    if "--no-shellcheck" in help_text:
        cmd.append("--no-shellcheck")
    return cmd


def run_dlint(cmd: Sequence[str], corpus: Path, files: Sequence[str]) -> list[Finding]:
    args = {os.path.normpath(arg_path(rel)): rel for rel in files}
    try:
        done = subprocess.run(
            [*cmd, *args], cwd=corpus, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        sys.exit(f"hadolint_compare: cannot run {cmd[0]}: {exc}")
    try:
        found = json.loads(done.stdout)
    except ValueError:
        sys.exit(
            f"hadolint_compare: dlint exited with {done.returncode} and no JSON output:\n"
            + done.stderr[-2000:]
        )
    if done.returncode not in (0, 1):
        print(f"dlint: exit code {done.returncode}: {first_line(done.stderr)}", file=sys.stderr)
    findings = []
    for f in found:
        rel = args.get(f["path"], f["path"])
        findings.append(Finding(rel, int(f["line"]), str(f["code"]), str(f["message"])))
    return findings


# -- matching --------------------------------------------------------------------------


class Instructions:
    """Which instruction of a file holds a line, from dlint's parser."""

    def __init__(self, data: bytes, path: str) -> None:
        decoded = decode(data)
        spans: list[tuple[int, int]] = []
        #: the parsed file (None when it does not decode), for explain()
        self.dockerfile = None if isinstance(decoded, str) else parse(decoded.text, path)
        if self.dockerfile is not None:
            spans = sorted((i.span.line, i.span.end_line) for i in self.dockerfile.instructions)
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def key(self, line: int) -> tuple[str, int]:
        """("instruction", index) of the instruction holding the line, else ("line", line)."""
        i = bisect.bisect_right(self.starts, line) - 1
        if i >= 0 and line <= self.ends[i]:
            return ("instruction", i)
        return ("line", line)


def compare(
    hadolint: Iterable[Finding],
    dlint: Iterable[Finding],
    instructions: dict[str, Instructions],
) -> Comparison:
    groups: dict[tuple[str, str, tuple[str, int]], tuple[list[Finding], list[Finding]]] = (
        defaultdict(lambda: ([], []))
    )
    for side, findings in enumerate((hadolint, dlint)):
        for f in findings:
            groups[(f.path, f.code, instructions[f.path].key(f.line))][side].append(f)
    result = Comparison()
    per_file: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (path, code, _), (hs, ds) in groups.items():
        both = min(len(hs), len(ds))
        tally = result.rules[code]
        tally.both += both
        tally.only_hadolint += len(hs) - both
        tally.only_dlint += len(ds) - both
        result.disagreements[code].extend((f, "hadolint") for f in hs[both:])
        if both:
            tally.only_dlint_extra += len(ds) - both
            result.extras[code].extend(ds[both:])
        else:
            result.disagreements[code].extend((f, "dlint") for f in ds)
        counts = per_file[(path, code)]
        counts[0] += len(hs)
        counts[1] += len(ds)
    result.same_file_code = sum(min(h, d) for h, d in per_file.values())
    return result


# -- report ----------------------------------------------------------------------------


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def top(counter: Counter[str], n: int) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{code} {count}" for code, count in items[:n])
    return text + (", ..." if len(items) > n else "")


def markdown_table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> Iterator[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if r and n else c.ljust(w) for c, w, r in zip(row, widths, right)]
        yield "| " + " | ".join(cells) + " |"
        if n == 0:
            rule = ["-" * (w - 1) + ":" if r else "-" * w for w, r in zip(widths, right)]
            yield "| " + " | ".join(rule) + " |"


def dlint_rule_codes(exe: str) -> set[str] | None:
    done = subprocess.run(
        [exe, "rules", "--all", "--format", "json"], capture_output=True, text=True, check=False
    )
    try:
        return {str(r["code"]) for r in json.loads(done.stdout)}
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class Run:
    """Everything one comparison found, for the report."""

    corpus: str  # as shown
    files: list[str]
    hadolint: Hadolint
    h_version: str
    h_cmd: list[str]
    d_version: str
    d_cmd: list[str]
    commit: str | None
    cannot_parse: dict[str, str]  # path -> why
    crashed: int
    result: Comparison
    total: Tally
    d_unparsed: list[Finding]  # dlint's DL findings in files hadolint cannot parse
    d_parse_errors: dict[str, Finding]  # path -> dlint's first DL1000 in it
    sc: Counter[str]
    sc_files: int
    missing: list[str]  # codes in the table that dlint has no rule for
    seconds: dict[str, float]
    #: only-hadolint findings by the documented difference that explains them ("" for none)
    reasons: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)
    #: only-dlint findings (extras included) by the documented difference ("" for none)
    dlint_reasons: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)

    @property
    def h_total(self) -> int:
        return self.total.both + self.total.only_hadolint

    @property
    def extra_total(self) -> int:
        return sum(t.only_dlint_extra for t in self.result.rules.values())


def gather(args: argparse.Namespace) -> Run:
    started = time.perf_counter()
    corpus: Path = args.corpus.resolve()
    files = corpus_files(corpus)
    data = {rel: (corpus / rel).read_bytes() for rel in files}
    digests = {rel: hashlib.sha256(b).hexdigest() for rel, b in data.items()}
    hadolint_exe = program("hadolint", args.hadolint)
    dlint_exe = program("dlint", args.dlint)
    h_version = version_of([hadolint_exe, "--version"])
    d_version = version_of([dlint_exe, "--version"])

    # hadolint, batch by batch, through the cache
    t0 = time.perf_counter()
    hl = Hadolint(hadolint_exe, corpus, h_version, max(1, args.batch), max(1, args.jobs))
    entries = hl.run(files, digests)
    h_seconds = time.perf_counter() - t0
    cannot_parse = {rel: e.parse_error for rel, e in entries.items() if e.parse_error}
    h_dl: list[Finding] = []
    sc: Counter[str] = Counter()
    sc_files = set()
    for rel, entry in entries.items():
        for obj in entry.findings:
            code = str(obj.get("code", ""))
            if SC_CODE.match(code):
                sc[code] += 1
                sc_files.add(rel)
            elif DL_CODE.match(code) and code != PARSE_ERROR and rel not in cannot_parse:
                line = int(obj.get("line", 0))
                h_dl.append(Finding(rel, line, code, str(obj.get("message", ""))))

    # dlint, once over every file
    t0 = time.perf_counter()
    d_cmd = dlint_command(dlint_exe)
    d_all = run_dlint(d_cmd, corpus, files)
    d_seconds = time.perf_counter() - t0
    d_dl = [f for f in d_all if DL_CODE.match(f.code) and f.code != PARSE_ERROR]
    d_parse_errors: dict[str, Finding] = {}
    for f in d_all:
        if f.code == PARSE_ERROR:
            d_parse_errors.setdefault(f.path, f)

    # matching, instruction by instruction
    t0 = time.perf_counter()
    d_matched = [f for f in d_dl if f.path not in cannot_parse]
    needed = {f.path for f in h_dl} | {f.path for f in d_matched}
    instructions = {rel: Instructions(data[rel], rel) for rel in sorted(needed)}
    result = compare(h_dl, d_matched, instructions)
    m_seconds = time.perf_counter() - t0

    reasons = explain(result, instructions)
    dlint_reasons = explain_dlint(result, instructions)
    have = dlint_rule_codes(dlint_exe)
    shown_hadolint = [shown(hadolint_exe), *hl.command[1:-1], shown(hl.config)]
    return Run(
        corpus=shown(args.corpus),
        files=files,
        hadolint=hl,
        h_version=h_version,
        h_cmd=shown_hadolint,
        d_version=d_version,
        d_cmd=[shown(dlint_exe), *d_cmd[1:]],
        commit=git_commit(),
        cannot_parse=cannot_parse,
        crashed=sum(1 for e in entries.values() if e.crash is not None),
        result=result,
        total=Tally(
            sum(t.both for t in result.rules.values()),
            sum(t.only_hadolint for t in result.rules.values()),
            sum(t.only_dlint for t in result.rules.values()),
            sum(t.only_dlint_extra for t in result.rules.values()),
        ),
        d_unparsed=[f for f in d_dl if f.path in cannot_parse],
        d_parse_errors=d_parse_errors,
        sc=sc,
        sc_files=len(sc_files),
        missing=sorted(c for c in result.rules if have is not None and c not in have),
        reasons=reasons,
        dlint_reasons=dlint_reasons,
        seconds={
            "total": time.perf_counter() - started,
            "hadolint": h_seconds,
            "dlint": d_seconds,
            "matching": m_seconds,
        },
    )


def explain(
    result: Comparison, instructions: dict[str, Instructions]
) -> dict[tuple[str, str], list[Finding]]:
    """Only-hadolint findings grouped by (code, documented difference); "" when none fits.

    The files were parsed once for matching (``instructions``); facts are derived here.
    """
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    _classify(result, instructions, "hadolint", grouped)
    return dict(grouped)


def _classify(
    result: Comparison,
    instructions: dict[str, Instructions],
    side: str,
    grouped: dict[tuple[str, str], list[Finding]],
) -> None:
    """Add ``side``'s disagreements to ``grouped`` by (code, documented difference)."""
    only = [f for fs in result.disagreements.values() for f, s in fs if s == side]
    facts: dict[str, Facts] = {}
    for f in sorted(only, key=lambda f: (f.path, f.line)):
        df = instructions[f.path].dockerfile
        why = None
        if df is not None:
            if f.path not in facts:
                facts[f.path] = Facts(df)
            if side == "hadolint":
                why = reason(f.code, df, facts[f.path], f.line)
            else:
                why = dlint_reason(f.code, df, facts[f.path], f.line, f.message)
        grouped[(f.code, why or "")].append(f)


def explain_dlint(
    result: Comparison, instructions: dict[str, Instructions]
) -> dict[tuple[str, str], list[Finding]]:
    """Only-dlint findings grouped by (code, documented difference); "" when none fits.

    dlint's extra findings in an instruction where both report the code are one category
    per code (``EXTRA``); the others are recognised by ``compat_reasons.dlint_reason``.
    """
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for code, extra in result.extras.items():
        if extra:
            grouped[(code, EXTRA)].extend(extra)
    _classify(result, instructions, "dlint", grouped)
    return dict(grouped)


def dlint_reasons_report(run: Run) -> list[str]:
    """The only-dlint findings by documented difference, and those none explains."""
    if not run.dlint_reasons:
        return []
    total = sum(len(v) for v in run.dlint_reasons.values())
    missed = sorted(
        (f for (_, why), fs in run.dlint_reasons.items() if not why for f in fs),
        key=lambda f: (f.path, f.line, f.code),
    )
    out = [
        "",
        f"## Only dlint, by documented difference ({total - len(missed)} of {total} recognised "
        "here; each is described with an example in docs/hadolint-compat.md)",
        "",
    ]
    rows = [["code", "difference", "findings"]]
    items = sorted(run.dlint_reasons.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1]))
    for (code, why), found in items:
        rows.append([code, why or "(not recognised by bench/compat_reasons.py)", str(len(found))])
    out.extend(markdown_table(rows, [False, False, True]))
    out += ["", f"- only dlint, explained by no documented difference: {len(missed)}"]
    for f in missed:
        out.append(f"  - {run.corpus}/{f.path}:{f.line}: {f.code}: {first_line(f.message)}")
    return out


def reasons_report(run: Run) -> list[str]:
    """The only-hadolint findings by documented difference, and those none explains."""
    if not run.reasons:
        return []
    total = sum(len(v) for v in run.reasons.values())
    unexplained = sum(len(v) for (_, why), v in run.reasons.items() if not why)
    out = [
        "",
        f"## Only hadolint, by documented difference ({total - unexplained} of {total} recognised "
        "here; each is described with an example in docs/hadolint-compat.md)",
        "",
    ]
    rows = [["code", "difference", "findings"]]
    for (code, why), found in sorted(run.reasons.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        rows.append([code, why or "(not recognised by bench/compat_reasons.py)", str(len(found))])
    out.extend(markdown_table(rows, [False, False, True]))
    h_total = run.h_total
    if h_total:
        out += [
            "",
            f"Leaving out the {total - unexplained} findings of the recognised differences, dlint "
            f"reports {percent(run.total.both, h_total - (total - unexplained))} of the rest "
            f"({run.total.both} of {h_total - (total - unexplained)}).",
        ]
    return out


def report(run: Run) -> list[str]:
    hl, total, result = run.hadolint, run.total, run.result
    commit = f" (git {run.commit})" if run.commit else ""
    out = [
        f"# dlint vs hadolint on {run.corpus}",
        "",
        f"- hadolint {run.h_version}: `{' '.join(run.h_cmd)} FILE...` (cwd: the corpus; "
        f"batches of {hl.batch}, file by file when a batch fails)",
        f"- dlint {run.d_version}{commit}: `{' '.join(run.d_cmd)} FILE...` "
        "(cwd: the corpus; one run)",
        f"- python {sys.version.split()[0]}; hadolint results: {hl.ran} run, "
        f"{hl.cached} from the cache {shown(hl.cache)} (identical files once)",
        f"- files: {len(run.files)}; hadolint cannot parse {len(run.cannot_parse)} "
        f"({len(run.cannot_parse) - run.crashed} with DL1000, {run.crashed} aborted hadolint)",
    ]
    if run.h_version != EXPECTED_HADOLINT:
        out.append(f"- WARNING: hadolint {run.h_version}, not {EXPECTED_HADOLINT}")
    out.append("")
    rows = [["code", "both", "only hadolint", "only dlint"]]
    for code in sorted(result.rules):
        t = result.rules[code]
        rows.append([code, str(t.both), str(t.only_hadolint), str(t.only_dlint)])
    rows.append(["total", str(total.both), str(total.only_hadolint), str(total.only_dlint)])
    out.extend(markdown_table(rows, [False, True, True, True]))
    out += [
        "",
        f"dlint reports {percent(total.both, run.h_total)} of hadolint's DL findings "
        f"({total.both} of {run.h_total}; same file, code and instruction; target ≥ "
        f"{TARGET:.0%}); by file and code alone: "
        f"{percent(result.same_file_code, run.h_total)}.",
        "",
    ]
    if run.extra_total:
        extras = Counter({c: t.only_dlint_extra for c, t in result.rules.items()})
        out.append(
            f"- only dlint includes {run.extra_total} extra findings in instructions where "
            "both report the code (hadolint reports a code once per instruction, dlint at "
            f"each offending word): {top(+extras, 6)}; without them, only dlint is "
            f"{total.only_dlint - run.extra_total}"
        )
    unparsed = Counter(f.code for f in run.d_unparsed)
    d_errors = set(run.d_parse_errors)
    out += [
        f"- files hadolint cannot parse: {len(run.cannot_parse)}; dlint's DL findings in them "
        f"(only dlint, not in the table): {len(run.d_unparsed)}"
        + (f" ({top(unparsed, 8)})" if unparsed else ""),
        f"- DL1000 (not compared): hadolint cannot parse {len(run.cannot_parse)} files, dlint "
        f"reports DL1000 in {len(d_errors)}, both in {len(d_errors & set(run.cannot_parse))} "
        "(--rule DL1000 lists the others)",
        f"- hadolint's ShellCheck findings (not compared): {sum(run.sc.values())} in "
        f"{plural(run.sc_files, 'file')}"
        + (f", {len(run.sc)} codes ({top(run.sc, 6)})" if run.sc else ""),
    ]
    if run.missing:
        out.append(
            f"- no dlint rule (yet), so all only hadolint: {plural(len(run.missing), 'code')}: "
            + " ".join(run.missing)
        )
    out += reasons_report(run)
    out += dlint_reasons_report(run)
    s = run.seconds
    out.append(
        f"- time: {s['total']:.1f} s (hadolint {s['hadolint']:.1f} s, dlint {s['dlint']:.1f} s, "
        f"matching {s['matching']:.1f} s)"
    )
    return out


def listing(run: Run, code: str, limit: int | None, extras: bool) -> list[str]:
    """Every disagreement of one code, as ``path:line: side: message`` lines."""
    items: list[tuple[Finding, str]]
    if code == PARSE_ERROR:
        only_h = sorted(set(run.cannot_parse) - set(run.d_parse_errors))
        items = [(Finding(p, 0, code, run.cannot_parse[p]), "hadolint") for p in only_h]
        items += [
            (f, "dlint") for p, f in sorted(run.d_parse_errors.items()) if p not in run.cannot_parse
        ]
        title = f"## {code}: {plural(len(items), 'file')} where only one tool reports a parse error"
    else:
        items = sorted(
            run.result.disagreements.get(code, []), key=lambda fs: (fs[0].path, fs[0].line)
        )
        items += [(f, "dlint (hadolint cannot parse)") for f in run.d_unparsed if f.code == code]
        title = f"## {code}: {plural(len(items), 'disagreement')}"
    extra = sorted(run.result.extras.get(code, []), key=lambda f: (f.path, f.line))
    if extras:
        items += [(f, "dlint (extra in an instruction both report)") for f in extra]
    selected = items if limit is None else items[: max(0, limit)]
    out = ["", title, ""]
    for f, side in selected:
        where = f"{run.corpus}/{f.path}" + (f":{f.line}" if f.line else "")
        out.append(f"{where}: {side}: {first_line(f.message)}")
    if len(selected) < len(items):
        out.append(f"... and {len(items) - len(selected)} more (raise --limit)")
    if extra and not extras:
        out.append(
            f"(plus {len(extra)} extra dlint findings in instructions where both report "
            f"{code}; --extras lists them)"
        )
    return out


def as_json(run: Run) -> dict[str, Any]:
    h_total = run.h_total
    result = run.result
    return {
        "corpus": run.corpus,
        "files": len(run.files),
        "hadolint": {"version": run.h_version, "command": [*run.h_cmd, "FILE..."]},
        "dlint": {
            "version": run.d_version,
            "commit": run.commit,
            "command": [*run.d_cmd, "FILE..."],
        },
        "rules": [{"code": code, **vars(result.rules[code])} for code in sorted(result.rules)],
        "total": {
            **vars(run.total),
            "share": run.total.both / h_total if h_total else None,
            "share_by_file_and_code": result.same_file_code / h_total if h_total else None,
            "target": TARGET,
        },
        "hadolint_cannot_parse": [
            {"path": rel, "reason": reason} for rel, reason in sorted(run.cannot_parse.items())
        ],
        "dlint_in_files_hadolint_cannot_parse": dict(
            sorted(Counter(f.code for f in run.d_unparsed).items())
        ),
        "dlint_parse_error_files": sorted(run.d_parse_errors),
        "hadolint_shellcheck": dict(sorted(run.sc.items())),
        "no_dlint_rule": run.missing,
        "seconds": {k: round(v, 2) for k, v in run.seconds.items()},
        "hadolint_cache": {"run": run.hadolint.ran, "cached": run.hadolint.cached},
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Compare dlint's DL findings with hadolint's on the corpus, rule by rule."
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    ap.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="CODE",
        help="list every disagreement of this code (repeatable; DL1000: parse verdicts)",
    )
    ap.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="list at most N disagreements per --rule code",
    )
    ap.add_argument(
        "--extras",
        action="store_true",
        help="with --rule, also list dlint's extra findings in instructions both report",
    )
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the table as JSON")
    ap.add_argument("--hadolint", help="hadolint program (default: the virtualenv's)")
    ap.add_argument("--dlint", help="dlint program (default: the virtualenv's)")
    ap.add_argument("--batch", type=int, default=40, help="files per hadolint run [40]")
    ap.add_argument(
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="hadolint runs at a time [CPUs, at most 4]",
    )
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"hadolint_compare: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    run = gather(args)
    out = report(run)
    for arg in args.rule:
        for code in arg.split(","):
            if code.strip():
                out += listing(run, code.strip().upper(), args.limit, args.extras)
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps(as_json(run), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
