"""The corpus across processes: identical output whatever ``--jobs``, and no internal error.

Why: CI diffs and SARIF uploads must not change because a runner had more
cores; and hadolint and tally each abort or lose files on the first odd one,
so dlint must get through every corpus file in one run, reporting only
input errors, never its own.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_files, needs_corpus
from helpers import dlint

from dlint.shellcheck import find_shellcheck

pytestmark = needs_corpus
FORMATS = ("text", "json", "sarif")
JOBS = ("1", "2", "0")  # 0: automatic
ERROR_LINE = re.compile(r"^dlint: error: (?P<path>.+?): (?P<message>.+)$")


@dataclass(frozen=True)
class Outputs:
    code: int
    err: str
    files: dict[str, bytes]  # format -> the bytes written


def lint_corpus(
    cwd: Path,
    folder: Path,
    jobs: str,
    target: Path = CORPUS,
    extra: tuple[str, ...] = ("--no-shellcheck",),
    env: dict[str, str] | None = None,
) -> Outputs:
    """One run from ``cwd`` (SARIF names it) writing every format to a file in ``folder``."""
    args = ["--isolated", *extra, "--jobs", jobs]
    for fmt in FORMATS:
        args += ["-f", fmt, "-o", str(folder / f"out.{fmt}")]
    run = dlint([*args, str(target)], cwd=cwd, env=env)
    assert "Traceback" not in run.err, run.err
    files = {fmt: (folder / f"out.{fmt}").read_bytes() for fmt in FORMATS}
    return Outputs(run.code, run.err, files)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outputs]:
    """The whole corpus with --jobs 1, 2 and automatic, each from the same directory."""
    cwd = tmp_path_factory.mktemp("cwd")
    return {jobs: lint_corpus(cwd, tmp_path_factory.mktemp(f"jobs{jobs}"), jobs) for jobs in JOBS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs_give_byte_identical_output(runs: dict[str, Outputs], fmt: str) -> None:
    one = runs["1"].files[fmt]
    assert one, f"no {fmt} output"
    for jobs in JOBS[1:]:
        assert runs[jobs].files[fmt] == one, f"--jobs {jobs} differs from --jobs 1 in {fmt}"


def test_jobs_give_the_same_exit_code_and_errors(runs: dict[str, Outputs]) -> None:
    assert len({(r.code, r.err) for r in runs.values()}) == 1


def test_every_corpus_file_lints_without_internal_error(runs: dict[str, Outputs]) -> None:
    """One run over the folder: findings, or input errors naming a corpus file; nothing else."""
    run = runs["0"]
    assert "Traceback" not in run.err
    lines = run.err.splitlines()
    problems = [line for line in lines if not ERROR_LINE.match(line)]
    assert not problems, problems
    corpus = {str(p) for p in corpus_files()}
    for line in lines:
        m = ERROR_LINE.match(line)
        assert m is not None
        assert m["path"] in corpus, f"not an input error about a corpus file: {line}"
        assert not re.search(r"\brule\b|raised|internal|Error:", m["message"]), line
    assert run.code == (2 if lines else 1), (run.code, lines)
    findings = json.loads(run.files["json"])
    internal = [f for f in findings if re.search("internal|raised", f["message"], re.IGNORECASE)]
    assert not internal, internal[:3]
    summary = run.files["text"].decode().rstrip("\n").splitlines()[-1]
    checked = re.search(r"(\d+) files? checked", summary)
    assert checked and int(checked[1]) == len(corpus) - len(lines), summary
    sarif = json.loads(run.files["sarif"])
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True


@pytest.mark.skipif(find_shellcheck() is None, reason="shellcheck is not installed")
def test_jobs_identical_with_shellcheck_cold_and_warm(tmp_path: Path) -> None:
    """ShellCheck on, over enough files to go parallel: cold, warm and half-warm caches."""
    subset = tmp_path / "subset"
    for p in corpus_files()[:: max(1, len(corpus_files()) // 100)]:
        dest = subset / p.relative_to(CORPUS)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dest)
    env = {"DLINT_CACHE_DIR": str(tmp_path / "cache")}
    found = []
    for i, jobs in enumerate(("2", "1", "2", "2")):  # cold -j2, warm -j1 and -j2, half warm -j2
        if i == 3:
            # Workers answer from the cache; what it lacks goes to one ShellCheck batch.
            entries = sorted((tmp_path / "cache").rglob("*.json"))
            assert len(entries) > 20
            for entry in entries[::2]:
                entry.unlink()
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        found.append(lint_corpus(tmp_path, folder, jobs, subset, (), env))
    assert found[0] == found[1] == found[2] == found[3]
    assert b'"code": "SC' in found[0].files["json"], "ShellCheck reported nothing: was it run?"
