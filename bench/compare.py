"""dlint against hadolint 2.15.1 and tally: wall and CPU time, files per second, peak memory.

Why this exists: issue 6 sets dlint's speed targets relative to hadolint, and a shared
2-core machine is noisy, so every figure is taken the same way: the tools run
alternately (A B C A B C ...) after one warm-up run each, the median of ``--runs``
runs is reported, and CPU time (user + system, from ``wait4``) is printed next to
wall time because it suffers less from other load on the machine.

Run: ``.venv/bin/python bench/compare.py [--runs N] [--corpus DIR] [--skip SECTION]``.
The lists of corpus files each tool accepts are found once and cached under
``bench/out/compare/``; ``--refresh`` finds them again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "files"
OUT = ROOT / "bench" / "out" / "compare"
SMALL = ROOT / "tests" / "data" / "seed" / "flask.Dockerfile"
BIN = Path(sys.executable).parent
SECTIONS = ("small", "corpus", "scale", "shellcheck")
SIZES = (100, 1_000, 10_000)
MB = 1024.0

# Targets of issue 6 (2-core machine).
TARGET_CORPUS_RATIO = 0.25
TARGET_FLOOR_FACTOR = 3.0
TARGET_SMALL_S = 0.150
TARGET_MEMORY_MB = 150.0
FLOOR_TRUE = "hadolint, RUN bodies -> true"
FLOOR_EXEC = 'hadolint floor, RUN ["true"]'


def tool(name: str) -> str | None:
    """The tool next to this interpreter (the project's venv), else on PATH."""
    local = BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name)


DLINT = tool("dlint")
HADOLINT = tool("hadolint")
TALLY = tool("tally")
DLINT_ARGS = ["--isolated", "-f", "json", "--no-shellcheck"]
# An empty configuration: no .hadolint.yaml found by chance changes what hadolint does.
HADOLINT_CONFIG = OUT / "hadolint-empty.yaml"
HADOLINT_ARGS = ["--no-color", "-f", "json", "--config", str(HADOLINT_CONFIG)]
# A pip-installed dlint has its bytecode compiled; where PYTHONDONTWRITEBYTECODE is set
# every fresh process would compile all of dlint again, so runs keep bytecode here instead.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BASE_ENV["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
# Every dlint run lints afresh unless a case says otherwise: the results cache would turn
# the timed runs after the first into cache reads (the ShellCheck section times it).
BASE_ENV["DLINT_NO_CACHE"] = "1"
# Registry look-ups ("slow checks") would time the network, not the linter.
TALLY_ARGS = ["lint", "--no-config", "--slow-checks", "off", "-f", "json"]


# -- measuring ------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    maxrss_kb: int  # largest resident set of the process or of one waited-for child
    code: int


@dataclass(frozen=True)
class Case:
    label: str
    argv: list[str]
    cwd: Path
    files: int = 1
    env: dict[str, str] | None = None
    before: Callable[[], None] | None = None  # run before each sample, untimed


@dataclass
class Result:
    case: Case
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.maxrss_kb for s in self.samples) / MB

    @property
    def spread(self) -> str:
        walls = [s.wall for s in self.samples]
        return f"{min(walls):.3f}-{max(walls):.3f}"

    @property
    def codes(self) -> set[int]:
        return {s.code for s in self.samples}


def run_once(case: Case) -> Sample:
    """One run, output to /dev/null, timed around fork+exec+wait."""
    if case.before is not None:
        case.before()
    env = {**BASE_ENV, **(case.env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(
        case.argv,
        cwd=case.cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode)


def alternate(cases: Sequence[Case], runs: int, title: str) -> list[Result]:
    """One warm-up each, then ``runs`` rounds of every case in turn (ABAB...)."""
    results = [Result(c) for c in cases]
    for c in cases:
        run_once(c)
    for r in range(runs):
        progress(f"{title}: round {r + 1}/{runs}")
        for res in results:
            res.samples.append(run_once(res.case))
    return results


def elsewhere(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a fresh interpreter.

    A child's ``ru_maxrss`` counts the memory of the process it was forked
    from, so this process must stay small: work that imports dlint or builds
    big models here would inflate the peak memory of every tool timed after it.
    """
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
        return pool.submit(fn, *args).result()


def own_rss_mb() -> float:
    """This process's resident size: a floor under every child's ``ru_maxrss``."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


class TreeMemory:
    """Peak total memory of a process and its descendants, sampled from /proc.

    ``ru_maxrss`` is the largest single process; with ``--jobs`` the workers add
    up, so this sums RSS (shared pages counted in each process: an upper bound)
    and PSS (shared pages divided among their users) every few milliseconds.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree, frontier = [self.pid], [self.pid]
        while frontier:
            frontier = [p for p, pp in parents.items() if pp in frontier]
            tree.extend(frontier)
        return tree

    def _loop(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            pids = self._tree()
            for pid in pids:
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Rss:"):
                            rss += int(line.split()[1])
                        elif line.startswith("Pss:"):
                            pss += int(line.split()[1])
                except (OSError, ValueError):
                    continue
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_procs = max(self.peak_procs, len(pids))
            self._stop.wait(0.01)


def tree_memory(case: Case) -> TreeMemory:
    """One untimed run of ``case`` with its process tree's memory sampled."""
    proc = subprocess.Popen(
        case.argv,
        cwd=case.cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=BASE_ENV,
    )
    with TreeMemory(proc.pid) as mem:
        proc.wait()
    return mem


# -- printing -------------------------------------------------------------------


def table(results: Sequence[Result], per_file: bool = False) -> None:
    head = f"  {'':44} {'median s':>9} {'range s':>13} {'CPU s':>7} {'peak MB':>8} {'exit':>5}"
    if per_file:
        head += f" {'files':>6} {'files/s':>8} {'ms/file':>8}"
    print(head)
    for r in results:
        codes = ",".join(str(c) for c in sorted(r.codes))
        row = (
            f"  {r.case.label:44} {r.wall:9.3f} {r.spread:>13} {r.cpu:7.3f} "
            f"{r.rss_mb:8.1f} {codes:>5}"
        )
        if per_file:
            n = r.case.files
            row += f" {n:6d} {n / r.wall:8.1f} {1000 * r.wall / n:8.2f}"
        print(row)


def heading(text: str) -> None:
    print(f"\n== {text}")


def verdict(name: str, ok: bool, detail: str) -> str:
    line = f"  [{'met' if ok else 'NOT met'}] {name}: {detail}"
    print(line)
    return line


# -- corpus preparation ---------------------------------------------------------


def corpus_files(corpus: Path) -> list[str]:
    """Every regular file of the corpus, relative to it, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            if full.is_file() and not full.is_symlink():
                out.append(str(full.relative_to(corpus)))
    return out


def corpus_key(corpus: Path, files: Sequence[str], version: str) -> str:
    """Changes when a file, its size or mtime, or the tool's version changes."""
    h = hashlib.sha256(version.encode())
    for f in files:
        st = (corpus / f).stat()
        h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def version_of(argv: list[str]) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True)
    return (proc.stdout or proc.stderr).strip().splitlines()[0] if proc.returncode == 0 else "?"


def hadolint_accepts(corpus: Path, rel: str) -> bool:
    """hadolint lints the file: exit 0/1, nothing on stderr, no DL1000 parse error."""
    assert HADOLINT
    proc = subprocess.run(
        [HADOLINT, *HADOLINT_ARGS, rel], cwd=corpus, capture_output=True, text=True
    )
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        return False
    try:
        found = json.loads(proc.stdout or "[]")
    except ValueError:
        return False
    return not any(f.get("code") == "DL1000" for f in found)


def tally_accepts(corpus: Path, rel: str) -> bool:
    """tally lints the file: exit 0/1 (2 and 4 end a whole run)."""
    assert TALLY
    proc = subprocess.run([TALLY, *TALLY_ARGS, rel], cwd=corpus, capture_output=True)
    return proc.returncode in (0, 1)


def accepted(
    name: str,
    corpus: Path,
    files: Sequence[str],
    version: str,
    accepts: Callable[[Path, str], bool],
    refresh: bool,
) -> list[str]:
    """The files ``name`` accepts, one run per file the first time, then from the cache."""
    key = corpus_key(corpus, files, version)
    cache = OUT / f"accepted-{name}.txt"
    if cache.exists() and not refresh:
        lines = cache.read_text().splitlines()
        if lines and lines[0] == f"# key {key}":
            return lines[1:]
    progress(f"finding the files {name} accepts ({len(files)} runs, cached afterwards)")
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        ok = list(pool.map(lambda f: accepts(corpus, f), files))
    chosen = [f for f, good in zip(files, ok) if good]
    OUT.mkdir(parents=True, exist_ok=True)
    cache.write_text("\n".join([f"# key {key}", *chosen]) + "\n")
    return chosen


def neutralise_runs(text: str, body: str) -> str:
    """The same Dockerfile with every RUN (flags and body) replaced by ``RUN <body>``.

    Line numbers are kept (the extra lines become blank) so every other
    instruction's findings stay where they were.
    """
    from dlint.parser import parse

    df = parse(text)
    lines = text.splitlines(keepends=True)
    for ins in df.instructions:
        if ins.name != "RUN":
            continue
        last = max([ins.span.end_line, *(h.terminator_line for h in ins.heredocs)])
        first = ins.span.line
        if not 1 <= first <= len(lines):
            continue
        ending = "\r\n" if lines[first - 1].endswith("\r\n") else "\n"
        lines[first - 1] = f"{ins.keyword} {body}{ending}"
        for i in range(first, min(last, len(lines))):
            lines[i] = ending
    return "".join(lines)


def make_floor(corpus: Path, files: Sequence[str], target: Path, body: str) -> None:
    """Copies with RUN bodies replaced; files not in UTF-8 are copied unchanged."""
    from dlint.files import Decoded, decode

    for rel in files:
        data = (corpus / rel).read_bytes()
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        decoded = decode(data)
        if isinstance(decoded, Decoded) and decoded.encoding == "utf-8":
            dest.write_text(neutralise_runs(decoded.text, body), encoding="utf-8", newline="")
        else:
            dest.write_bytes(data)


def sc_count(argv: list[str], cwd: Path) -> tuple[int, int, int]:
    """(exit code, ShellCheck findings, DL1000 parse errors) of one JSON run."""
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    try:
        found = json.loads(proc.stdout or "[]")
    except ValueError:
        return proc.returncode, -1, -1
    codes = [str(f.get("code", "")) for f in found]
    return (
        proc.returncode,
        sum(c.startswith("SC") for c in codes),
        codes.count("DL1000"),
    )


# -- synthetic files --------------------------------------------------------------

_TEMPLATES = (
    "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n"
    "        curl=7.88.1-10 ca-certificates=20230311 git=1:2.39.2-1 \\\n"
    "    && rm -rf /var/lib/apt/lists/*\n",
    "COPY --chown=app:app src/module{n}/ /app/module{n}/\n",
    'ENV APP_HOME=/app PATH="/app/bin:$PATH" MODULE_{n}=enabled\n',
    "WORKDIR /app/module{n}\n",
    "ARG BUILD_{n}=1.{n}.0\n",
    "RUN pip install --no-cache-dir -r /app/module{n}/requirements.txt \\\n"
    "    && python -m compileall -q /app/module{n}\n",
    'LABEL org.opencontainers.image.version="1.{n}" module{n}.owner="team"\n',
    "EXPOSE {port}\n",
    'RUN set -eux; \\\n    for f in a b c; do \\\n        echo "$f" >> /etc/module{n}.list; \\\n'
    "    done\n",
    "USER 10001\n",
)


def synthetic(n: int) -> str:
    """A realistic Dockerfile of exactly ``n`` instructions (a new stage every 200)."""
    out = []
    for i in range(n):
        if i % 200 == 0:
            out.append(f"FROM python:3.12-slim AS stage{i // 200}\n")
            continue
        out.append(_TEMPLATES[i % len(_TEMPLATES)].format(n=i, port=1024 + i % 60000))
    return "".join(out)


def in_process_cost(text: str, rounds: int) -> float:
    """Best time of ``lint_text`` on ``text`` in this process, seconds."""
    from dlint.api import default_registry
    from dlint.engine import RuleSet, select_rules
    from dlint.rule import Settings
    from dlint.runner import lint_text

    registry = default_registry()
    rules, _ = select_rules(registry.rules)
    settings = Settings(known_refs=registry.known_refs(), shellcheck=False)
    ruleset = RuleSet(tuple(rules))
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        lint_text(text, "Dockerfile", ruleset, settings)
        best = min(best, time.perf_counter() - start)
    return best


# -- the sections -----------------------------------------------------------------


def importtime(file: Path, rounds: int = 3) -> tuple[float, dict[str, tuple[int, int, int]]]:
    """Import costs of a one-file run: (total self us, name -> (self, cumulative, depth)).

    Each module's best of ``rounds`` runs, since imports are deterministic work.
    """
    best: dict[str, tuple[int, int, int]] = {}
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for _ in range(rounds):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "dlint", *DLINT_ARGS, str(file)],
            capture_output=True,
            text=True,
            env=BASE_ENV,
        )
        for m in pattern.finditer(proc.stderr):
            name, own, cum, depth = m[4], int(m[1]), int(m[2]), len(m[3]) // 2
            old = best.get(name)
            if old is None or cum < old[1]:
                best[name] = (own, cum, depth)
    return sum(v[0] for v in best.values()) / 1e6, best


def section_small(runs: int, report: dict[str, object]) -> None:
    heading(f"(a) one small Dockerfile as a fresh process ({SMALL.relative_to(ROOT)})")
    n = max(runs * 4, 12)
    cases = [Case("python -c pass (interpreter start)", [sys.executable, "-c", "pass"], ROOT)]
    if DLINT:
        cases.append(Case("dlint --no-shellcheck", [DLINT, *DLINT_ARGS, str(SMALL)], ROOT))
        cases.append(
            Case(
                "dlint, no bytecode cache (compiles each run)",
                [DLINT, *DLINT_ARGS, str(SMALL)],
                ROOT,
                env={"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(OUT / "none")},
            )
        )
    if HADOLINT:
        cases.append(Case("hadolint", [HADOLINT, *HADOLINT_ARGS, str(SMALL)], ROOT))
    if TALLY:
        cases.append(Case("tally", [TALLY, *TALLY_ARGS, str(SMALL)], ROOT))
    results = alternate(cases, n, "small file")
    table(results)
    by = {r.case.label: r for r in results}
    d = by.get("dlint --no-shellcheck")
    report["small"] = {r.case.label: (r.wall, r.cpu, r.rss_mb) for r in results}
    if d is not None:
        for other in ("hadolint", "tally"):
            if other in by:
                print(f"  dlint/{other}: {d.wall / by[other].wall:.2f}x wall")
        start = by["python -c pass (interpreter start)"]
        report["verdict_small"] = verdict(
            "one small file <= 150 ms as a fresh process",
            d.wall <= TARGET_SMALL_S,
            f"{1000 * d.wall:.0f} ms median wall ({1000 * d.cpu:.0f} ms CPU; "
            f"python -c pass: {1000 * start.wall:.0f} ms)",
        )
    total, mods = importtime(SMALL)
    print(f"\n  python -X importtime: {1000 * total:.0f} ms of imports in all (best of 3 runs)")
    print("  heaviest by own time (ms):")
    for name, (own, cum, _) in sorted(mods.items(), key=lambda kv: -kv[1][0])[:12]:
        print(f"    {own / 1000:7.1f}  (cumulative {cum / 1000:7.1f})  {name}")
    print("  top-level imports by cumulative time (ms):")
    top = [(k, v) for k, v in mods.items() if v[2] == 0]
    for name, (_, cum, _) in sorted(top, key=lambda kv: -kv[1][1])[:12]:
        print(f"    {cum / 1000:7.1f}  {name}")
    print(
        "  imported on this path though a one-file JSON run without ShellCheck or a"
        " configuration file does not need them (cumulative ms):"
    )
    for name in (
        "multiprocessing",
        "concurrent.futures.process",
        "importlib.metadata",
        "dlint.shellcheck",
        "dlint.formatters.ci",
        "dlint.formatters.sarif",
        "dlint.formatters.text",
        "tomllib",
        "difflib",
    ):
        if name in mods:
            print(f"    {mods[name][1] / 1000:7.1f}  {name}")


def section_corpus(
    corpus: Path, runs: int, refresh: bool, report: dict[str, object], keep: Path
) -> None:
    heading(f"(b) the corpus in one invocation ({corpus})")
    files = corpus_files(corpus)
    print(f"  {len(files)} files in the corpus")
    h_files = t_files = []
    if HADOLINT:
        h_files = accepted(
            "hadolint",
            corpus,
            files,
            version_of([HADOLINT, "--version"]),
            hadolint_accepts,
            refresh,
        )
        print(
            f"  hadolint lints {len(h_files)} of them on their own (the others: DL1000 parse "
            "error, or an error on stderr); timed on those"
        )
    if TALLY:
        t_files = accepted(
            "tally", corpus, files, version_of([TALLY, "version"]), tally_accepts, refresh
        )
        print(
            f"  tally lints {len(t_files)} of them (the others end its whole run with exit "
            "2 or 4); timed on those"
        )
    cases: list[Case] = []
    if DLINT:
        cases += [
            Case(
                "dlint DIR (all files, --jobs auto)", [DLINT, *DLINT_ARGS, "."], corpus, len(files)
            ),
            Case("dlint DIR --jobs 1", [DLINT, *DLINT_ARGS, "-j", "1", "."], corpus, len(files)),
        ]
    if HADOLINT and h_files:
        # ``RUN true`` is what issue 6 names; hadolint still hands each shell-form
        # ``true`` to ShellCheck (a few ms each), so the exec form ``RUN ["true"]``,
        # which ShellCheck never sees, gives the real parse-and-rules floor.
        floors: dict[str, Path] = {}
        for label, body in ((FLOOR_TRUE, "true"), (FLOOR_EXEC, '["true"]')):
            folder = Path(tempfile.mkdtemp(prefix="dlint-floor-", dir=keep))
            elsewhere(make_floor, corpus, h_files, folder, body)
            floors[label] = folder
            code, sc, dl1000 = sc_count([HADOLINT, *HADOLINT_ARGS, *h_files], folder)
            print(
                f"  copies with every RUN -> 'RUN {body}': hadolint exit {code}, {sc} ShellCheck "
                f"findings left, {dl1000} parse errors"
            )
        if DLINT:
            cases.append(
                Case(
                    "dlint, hadolint's files", [DLINT, *DLINT_ARGS, *h_files], corpus, len(h_files)
                )
            )
        cases.append(Case("hadolint", [HADOLINT, *HADOLINT_ARGS, *h_files], corpus, len(h_files)))
        for label, folder in floors.items():
            cases.append(Case(label, [HADOLINT, *HADOLINT_ARGS, *h_files], folder, len(h_files)))
        if DLINT:
            cases.append(
                Case(
                    'dlint on the RUN ["true"] copies',
                    [DLINT, *DLINT_ARGS, *h_files],
                    floors[FLOOR_EXEC],
                    len(h_files),
                )
            )
    if TALLY and t_files:
        if DLINT:
            cases.append(
                Case("dlint, tally's files", [DLINT, *DLINT_ARGS, *t_files], corpus, len(t_files))
            )
        cases.append(Case("tally", [TALLY, *TALLY_ARGS, *t_files], corpus, len(t_files)))
    results = alternate(cases, runs, "corpus")
    table(results, per_file=True)
    by = {r.case.label: r for r in results}
    report["corpus"] = {
        r.case.label: {"wall": r.wall, "cpu": r.cpu, "rss_mb": r.rss_mb, "files": r.case.files}
        for r in results
    }
    if not DLINT:
        return
    d_all = by["dlint DIR (all files, --jobs auto)"]
    mem = tree_memory(d_all.case)
    print(
        f"  dlint DIR process tree peak: {mem.peak_pss_kb / MB:.1f} MB PSS, "
        f"{mem.peak_rss_kb / MB:.1f} MB RSS summed over {mem.peak_procs} process(es)"
    )
    d_h, h = by.get("dlint, hadolint's files"), by.get("hadolint")
    d_t, t = by.get("dlint, tally's files"), by.get("tally")
    print("\n  ratios on the same files (wall; CPU in brackets):")
    if d_h and h:
        print(f"    dlint/hadolint: {d_h.wall / h.wall:.3f} ({d_h.cpu / h.cpu:.3f})")
    if d_t and t:
        print(f"    dlint/tally:    {d_t.wall / t.wall:.3f} ({d_t.cpu / t.cpu:.3f})")
    found = [(label, by[label]) for label in (FLOOR_TRUE, FLOOR_EXEC) if label in by]
    if d_h:
        n = d_h.case.files
        for label, floor in found:
            print(
                f"    dlint per file {1000 * d_h.wall / n:.2f} ms vs {label} "
                f"{1000 * floor.wall / n:.2f} ms (3x = {3000 * floor.wall / n:.2f} ms): "
                f"{d_h.wall / floor.wall:.2f}x"
            )
    print("\n  targets:")
    if d_h and h:
        report["verdict_corpus"] = verdict(
            "corpus in <= 1/4 of hadolint's time",
            d_h.wall <= TARGET_CORPUS_RATIO * h.wall,
            f"dlint {d_h.wall:.2f} s vs hadolint {h.wall:.2f} s on {h.case.files} files "
            f"= {d_h.wall / h.wall:.3f}",
        )
    for label, floor in found:
        if d_h:
            report[f"verdict_{label}"] = verdict(
                f"dlint per file <= 3x {label}",
                d_h.wall <= TARGET_FLOOR_FACTOR * floor.wall,
                f"{1000 * d_h.wall / d_h.case.files:.2f} ms vs 3 x "
                f"{1000 * floor.wall / floor.case.files:.2f} ms",
            )
    peak = max(d_all.rss_mb, mem.peak_pss_kb / MB)
    report["verdict_memory"] = verdict(
        "peak memory < 150 MB for the corpus",
        peak < TARGET_MEMORY_MB,
        f"largest process {d_all.rss_mb:.1f} MB (ru_maxrss), whole tree "
        f"{mem.peak_pss_kb / MB:.1f} MB PSS",
    )


def section_scale(runs: int, keep: Path, report: dict[str, object]) -> None:
    heading("per-instruction cost (synthetic files; dlint, one file per size)")
    if not DLINT:
        print("  dlint not found")
        return
    folder = Path(tempfile.mkdtemp(prefix="dlint-scale-", dir=keep))
    base = folder / "base.Dockerfile"
    base.write_text("FROM python:3.12-slim\n")
    cases = [Case("1 instruction (start-up)", [DLINT, *DLINT_ARGS, str(base)], folder)]
    texts = {}
    for n in SIZES:
        path = folder / f"n{n}.Dockerfile"
        texts[n] = synthetic(n)
        path.write_text(texts[n])
        cases.append(Case(f"{n} instructions", [DLINT, *DLINT_ARGS, str(path)], folder))
    results = alternate(cases, runs, "scale")
    table(results)
    start = results[0]
    rows = {}
    print(
        f"\n  {'instructions':>12} {'lines':>7} {'CLI wall us/instr':>18} "
        f"{'CLI CPU us/instr':>17} {'in-process us/instr':>20}"
    )
    for n, res in zip(SIZES, results[1:]):
        wall = 1e6 * (res.wall - start.wall) / n
        cpu = 1e6 * (res.cpu - start.cpu) / n
        inproc = 1e6 * elsewhere(in_process_cost, texts[n], 3 if n >= 10_000 else 5) / n
        rows[n] = (wall, cpu, inproc)
        print(f"  {n:12d} {texts[n].count(chr(10)):7d} {wall:18.1f} {cpu:17.1f} {inproc:20.1f}")
    print(
        "  (CLI: (median of n instructions - median of 1 instruction) / n;"
        " in-process: best lint_text time / n)"
    )
    report["scale"] = rows


def shellcheck_implemented(work: Path) -> bool:
    """True when dlint reports ShellCheck (SC) findings with ShellCheck on."""
    assert DLINT
    probe = work / "probe.Dockerfile"
    probe.write_text("FROM alpine:3.20\nRUN echo $1 > /tmp/x && cd /tmp\n")
    proc = subprocess.run(
        [DLINT, "--isolated", "-f", "json", str(probe)], capture_output=True, text=True
    )
    try:
        found = json.loads(proc.stdout or "[]")
    except ValueError:
        return False
    return any(str(f.get("code", "")).startswith("SC") for f in found)


def section_shellcheck(corpus: Path, runs: int, keep: Path, report: dict[str, object]) -> None:
    heading("dlint with ShellCheck on (cold and warm caches) vs --no-shellcheck")
    if not DLINT:
        return
    work = Path(tempfile.mkdtemp(prefix="dlint-sc-", dir=keep))
    if not shellcheck_implemented(work):
        print(
            "  skipped: dlint reports no ShellCheck (SC) finding even with ShellCheck on, so "
            "the\n  integration is not there yet and --no-shellcheck has no effect; the "
            "figures above\n  are dlint without ShellCheck either way."
        )
        report["shellcheck"] = "not implemented"
        return
    n = len(corpus_files(corpus))
    cold_cache = work / "cold"
    warm_cache = work / "warm"

    sc_only = work / "sc-only"

    def empty_cold() -> None:
        shutil.rmtree(cold_cache, ignore_errors=True)
        cold_cache.mkdir()

    def drop_results() -> None:
        shutil.rmtree(sc_only / "d" / "results", ignore_errors=True)

    on = ["--isolated", "-f", "json", "."]
    # dlint keeps ShellCheck's answers under DLINT_CACHE_DIR/shellcheck and each file's
    # results under DLINT_CACHE_DIR/results; "warm caches" is a second run over unchanged
    # files, "warm ShellCheck cache" the same with the results cache emptied before each run.
    caching = {"DLINT_NO_CACHE": ""}
    cases = [
        Case("dlint --no-shellcheck", [DLINT, *DLINT_ARGS, "."], corpus, n),
        Case(
            "dlint ShellCheck on, cold cache",
            [DLINT, *on],
            corpus,
            n,
            env={**caching, "DLINT_CACHE_DIR": str(cold_cache / "d")},
            before=empty_cold,
        ),
        Case(
            "dlint ShellCheck on, warm caches",
            [DLINT, *on],
            corpus,
            n,
            env={**caching, "DLINT_CACHE_DIR": str(warm_cache / "d")},
        ),
        Case(
            "dlint ShellCheck on, warm ShellCheck cache",
            [DLINT, *on],
            corpus,
            n,
            env={**caching, "DLINT_CACHE_DIR": str(sc_only / "d")},
            before=drop_results,
        ),
    ]
    results = alternate(cases, runs, "shellcheck")
    table(results, per_file=True)
    report["shellcheck"] = {r.case.label: (r.wall, r.cpu, r.rss_mb) for r in results}
    corpus_report = report.get("corpus")
    hadolint = corpus_report.get("hadolint") if isinstance(corpus_report, dict) else None
    if not hadolint:
        print("  (no hadolint corpus time: run the corpus section for the issue 7 targets)")
        return
    h_wall = float(hadolint["wall"])
    by = {r.case.label: r for r in results}
    print(
        f"\n  targets (issue 7), against hadolint's {h_wall:.2f} s on its {hadolint['files']} files:"
    )
    cold, warm = by["dlint ShellCheck on, cold cache"], by["dlint ShellCheck on, warm caches"]
    sc_warm = by["dlint ShellCheck on, warm ShellCheck cache"]
    report["verdict_sc_cold"] = verdict(
        "ShellCheck on, whole corpus, no slower than hadolint",
        cold.wall <= h_wall,
        f"cold caches {cold.wall:.2f} s = {cold.wall / h_wall:.3f} of hadolint's time",
    )
    report["verdict_sc_warm"] = verdict(
        "a second run over unchanged files in at most 1/10 of hadolint's time",
        warm.wall <= h_wall / 10,
        f"warm caches {warm.wall:.2f} s = {warm.wall / h_wall:.3f}"
        f" (ShellCheck cache alone: {sc_warm.wall:.2f} s = {sc_warm.wall / h_wall:.3f})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip", action="append", default=[], choices=SECTIONS)
    parser.add_argument(
        "--refresh", action="store_true", help="find the files each tool accepts again"
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    HADOLINT_CONFIG.write_text("{}\n")
    print(
        f"dlint bench: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start, "
        f"{args.runs} runs per case (median), tools alternate"
    )
    for name, path, ver in (
        ("dlint", DLINT, [DLINT or "", "--version"]),
        ("hadolint", HADOLINT, [HADOLINT or "", "--version"]),
        ("tally", TALLY, [TALLY or "", "version"]),
    ):
        print(f"  {name:9} {path or 'NOT FOUND'}  {version_of(ver) if path else ''}")
    report: dict[str, object] = {"cpus": os.cpu_count(), "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="dlint-bench-") as tmp:
        keep = Path(tmp)
        if "small" not in args.skip:
            section_small(args.runs, report)
        if "corpus" not in args.skip:
            if args.corpus.is_dir():
                section_corpus(args.corpus, args.runs, args.refresh, report, keep)
            else:
                heading(f"(b) corpus: skipped, {args.corpus} is absent")
        if "scale" not in args.skip:
            section_scale(args.runs, keep, report)
        if "shellcheck" not in args.skip and args.corpus.is_dir():
            section_shellcheck(args.corpus, args.runs, keep, report)
    print(f"\nthis script's own memory at the end: {own_rss_mb():.1f} MB (under every peak above)")
    load = os.getloadavg()[0]
    print(f"\nload average {load:.2f} at the end (2 CPUs: above ~1, other work shares them)")
    report["load_end"] = load
    (OUT / "last.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
