"""Hostile input through the real command: one clear line each, and the rest of the run goes on.

Platform teams lint thousands of files in one job; one odd file must neither
crash the run nor hide the other files' findings. Each case is linted next to
a good file whose warnings must still be reported; ``-t error`` keeps those
warnings out of the exit code, so the code says what the hostile file did:
2 when it could not be read or decoded, 1 for a parse error finding.
ShellCheck is off: these cases test dlint's own pipeline, within the time budget.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import Run, dlint

GOOD = "good/Dockerfile"
GOOD_TEXT = "FROM python:3.12-slim\nRUN pip install flask\n"  # DL3042 and DF001: warnings
ARGS = ["--isolated", "--no-shellcheck", "-f", "json", "-t", "error"]
ERROR_LINE = re.compile(r"^dlint: error: (?P<path>.+?): (?P<message>.+)$")


@dataclass(frozen=True)
class Expect:
    kind: str  # "error": a line on stderr; "finding": a DL1000 finding; "linted": no complaint
    pattern: str = ""  # regular expression the message must match
    code: int = 0


def lint(tmp_path: Path, *paths: str) -> Run:
    good = tmp_path / GOOD
    good.parent.mkdir(exist_ok=True)
    good.write_text(GOOD_TEXT)
    return dlint([*ARGS, *paths, GOOD], cwd=tmp_path)


def check(run: Run, name: str, expect: Expect) -> None:
    """The common promises, then what this case must show."""
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    lines = run.err.splitlines()
    assert all(ERROR_LINE.match(line) for line in lines), lines
    findings = json.loads(run.out)
    good = {f["code"] for f in findings if f["path"] == GOOD}
    assert {"DL3042", "DF001"} <= good, f"the good file was not linted: {run.err}"
    assert run.code == expect.code, (run.code, run.err, run.out[:500])
    mine = [f for f in findings if f["path"] == name]
    if expect.kind == "error":
        assert len(lines) == 1, lines
        m = ERROR_LINE.match(lines[0])
        assert m and m["path"] == name and re.search(expect.pattern, m["message"]), lines[0]
        assert not mine
    elif expect.kind == "finding":
        assert not lines, lines
        errors = [f for f in mine if f["code"] == "DL1000"]
        assert errors and re.search(expect.pattern, errors[0]["message"]), mine
        assert all(f["line"] >= 1 and f["column"] >= 1 for f in mine)
    else:
        assert not lines, lines
        assert not [f for f in mine if f["code"] == "DL1000"], mine


def _write(name: str, data: bytes) -> Callable[[Path], str]:
    def make(root: Path) -> str:
        (root / name).write_bytes(data)
        return name

    return make


def _mixed_lines(total: int) -> bytes:
    """A ``total``-line Dockerfile of everyday instructions, comments and blank lines.

    Its second-to-last line is ``WORKDIR app`` (DL3000), so a finding proves the
    file was read to its end.
    """
    lines = ["FROM python:3.12-slim AS base"]
    i = 0
    while len(lines) < total - 10:
        lines += [
            f"# step {i}",
            "RUN set -eux \\",
            f"    && apt-get install -y --no-install-recommends pkg{i}=1.0 \\",
            "    # a comment inside the continuation",
            f"    && echo step{i} >> /var/log/steps \\",
            "    && rm -rf /var/lib/apt/lists/*",
            "",
            f"COPY src/m{i} /app/m{i}",
            f"LABEL step{i}=done",
            "",
        ]
        i += 1
    lines += [""] * (total - len(lines) - 2)
    lines += ["WORKDIR app", "USER 10001"]
    return ("\n".join(lines) + "\n").encode()


def _broken_link(root: Path) -> str:
    (root / "broken.Dockerfile").symlink_to(root / "nowhere")
    return "broken.Dockerfile"


def _empty_dir(root: Path) -> str:
    (root / "nothing" / "here").mkdir(parents=True)
    (root / "nothing" / "README.md").write_text("FROM alpine\n")
    return "nothing"


NESTED = "FROM alpine:3.20\nRUN echo " + "$(echo " * 500 + "x" + ")" * 500 + "\n"

CASES: dict[str, tuple[Callable[[Path], str], Expect]] = {
    "empty file": (_write("empty.Dockerfile", b""), Expect("finding", "no instructions", 1)),
    "only comments": (
        _write("comments.Dockerfile", b"# one\n\n# two\n"),
        Expect("finding", "no instructions", 1),
    ),
    "binary file": (
        _write("binary.Dockerfile", bytes(range(256)) * 16),
        Expect("error", "binary", 2),
    ),
    "invalid UTF-8": (
        _write("latin1.Dockerfile", "FROM alpine\nLABEL a=café\n".encode("latin-1")),
        Expect("error", r"not valid UTF-8 \(byte 0xe9 at line 2, column 12\)", 2),
    ),
    "UTF-16 with a BOM": (
        _write("utf16.Dockerfile", "FROM alpine:3.20\nUSER 10001\n".encode("utf-16")),
        Expect("finding", "UTF-16", 1),
    ),
    "2 MB single line": (
        _write("long.Dockerfile", b"FROM alpine:3.20\nRUN echo " + b"a" * (2 << 20) + b"\n"),
        Expect("finding", "max allowed size", 1),
    ),
    "500 nested $(": (_write("nested.Dockerfile", NESTED.encode()), Expect("linted")),
    "unterminated heredoc": (
        _write("heredoc.Dockerfile", b"FROM alpine:3.20\nRUN <<EOF\necho hi\n"),
        Expect("finding", "[Uu]nterminated heredoc", 1),
    ),
    "broken symbolic link": (_broken_link, Expect("error", "broken symbolic link", 2)),
    "missing path": (lambda root: "missing/Dockerfile", Expect("error", "no such file", 2)),
    "directory without Dockerfiles": (_empty_dir, Expect("error", "no Dockerfile", 2)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input(tmp_path: Path, case: str) -> None:
    make, expect = CASES[case]
    name = make(tmp_path)
    check(lint(tmp_path, name), name, expect)


def test_a_100000_line_file(tmp_path: Path) -> None:
    """Linted to its last line, in seconds, with nothing on stderr."""
    (tmp_path / "huge.Dockerfile").write_bytes(_mixed_lines(100_000))
    run = lint(tmp_path, "huge.Dockerfile")
    check(run, "huge.Dockerfile", Expect("linted", code=1))
    found = [(f["code"], f["line"]) for f in json.loads(run.out) if f["path"] == "huge.Dockerfile"]
    assert found == [("DL3000", 99_999)], found


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions only")
def test_unreadable_file(tmp_path: Path) -> None:
    target = tmp_path / "secret.Dockerfile"
    target.write_text("FROM alpine:3.20\n")
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading (see the FIFO test)")
        check(lint(tmp_path, target.name), target.name, Expect("error", "permission denied", 2))
    finally:
        target.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_unreadable_simulated_with_a_fifo_and_a_directory(tmp_path: Path) -> None:
    """What root cannot be denied: a FIFO with no writer (must not hang) and a folder."""
    os.mkfifo(tmp_path / "pipe.Dockerfile")
    check(lint(tmp_path, "pipe.Dockerfile"), "pipe.Dockerfile", Expect("error", "pipe", 2))
    (tmp_path / "dir.Dockerfile").mkdir()
    check(lint(tmp_path, "dir.Dockerfile"), "dir.Dockerfile", Expect("error", "no Dockerfile", 2))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_walk_meets_a_fifo_and_a_broken_link(tmp_path: Path) -> None:
    """Found while walking a folder, they are named too, and the walk goes on."""
    repo = tmp_path / "repo"
    (repo / "svc").mkdir(parents=True)
    os.mkfifo(repo / "svc" / "Dockerfile")
    (repo / "Dockerfile.old").symlink_to(repo / "gone")
    (repo / "z.Dockerfile").write_text("FROM python:3.12-slim\nWORKDIR app\n")
    run = dlint([*ARGS, "repo"], cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.err
    errors = sorted(run.err.splitlines())
    assert errors == [
        f"dlint: error: {os.path.join('repo', 'Dockerfile.old')}: broken symbolic link",
        f"dlint: error: {os.path.join('repo', 'svc', 'Dockerfile')}: "
        "is a named pipe (FIFO) with nothing to read",
    ]
    assert any(f["code"] == "DL3000" for f in json.loads(run.out))


def test_every_case_in_one_run(tmp_path: Path) -> None:
    """All of them at once: each is named, the good file is linted, the exit code is 2."""
    names = [make(tmp_path) for make, _ in CASES.values()]
    run = lint(tmp_path, *names)
    assert run.code == 2 and "Traceback" not in run.err
    errors = [ERROR_LINE.match(line) for line in run.err.splitlines()]
    assert all(errors), run.err
    named = {m["path"] for m in errors if m}
    findings = json.loads(run.out)
    flagged = {f["path"] for f in findings if f["code"] == "DL1000"}
    for name, (case, (_, expect)) in zip(names, CASES.items()):
        if expect.kind == "error":
            assert name in named, (case, run.err)
        elif expect.kind == "finding":
            assert name in flagged, case
    assert {"DL3042", "DF001"} <= {f["code"] for f in findings if f["path"] == GOOD}


def test_a_folder_that_cannot_be_listed_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process, since root may list any folder: the walk reports it and goes on."""
    from dlint.files import InputError, Source, discover

    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "Dockerfile").write_text("FROM alpine:3.20\n")
    real = os.scandir

    def scandir(path: Any) -> Any:
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(discover([str(tmp_path)]))
    assert (
        InputError(str(tmp_path / "locked"), "permission denied (directory not searched)") in found
    )
    assert [s.path for s in found if isinstance(s, Source)] == [
        str(tmp_path / "open" / "Dockerfile")
    ]
