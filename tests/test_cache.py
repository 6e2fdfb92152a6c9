"""The results cache: a second run over unchanged files answers from it, and any change
that could change a finding (the file, a file a rule reads, the configuration, the code of
a rule) is linted afresh."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
import time
from pathlib import Path

import pytest
from helpers import dlint
from test_plugins import make_dist

from dlint.shellcheck import find_shellcheck

BAD = "FROM python:3.12\nWORKDIR app\nCOPY README.md /app/\nRUN pip install flask\n"


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "results").rglob("*.json")) if (cache / "results").is_dir() else []


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"DLINT_CACHE_DIR": str(tmp_path / "cache")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "Dockerfile").write_text(BAD)
    (root / "api.Dockerfile").write_text("FROM alpine\nRUN apk add curl\n")
    return root


def codes(out: str) -> list[str]:
    return [v["code"] for v in json.loads(out)]


def test_second_run_answers_the_same(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    first = dlint(["--isolated", "-f", "json", "."], cwd=project, env=env)
    assert first.code == 1 and first.err == ""
    assert len(entries(tmp_path / "cache")) == 2  # one per file
    second = dlint(["--isolated", "-f", "json", "."], cwd=project, env=env)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    text1 = dlint(["--isolated", "."], cwd=project, env=env)
    text2 = dlint(["--isolated", "."], cwd=project, env=env)
    assert text1.out == text2.out and "DL3000" in text2.out


def test_an_edited_file_is_linted_again(project: Path, env: dict[str, str]) -> None:
    assert "DL3000" in codes(dlint(["--isolated", "-f", "json", "."], cwd=project, env=env).out)
    (project / "Dockerfile").write_text(BAD.replace("WORKDIR app", "WORKDIR /app"))
    found = codes(dlint(["--isolated", "-f", "json", "."], cwd=project, env=env).out)
    assert "DL3000" not in found and "DL3042" in found


def test_a_changed_dockerignore_is_seen(project: Path, env: dict[str, str]) -> None:
    def run() -> list[str]:
        return codes(dlint(["--isolated", "-f", "json", "Dockerfile"], cwd=project, env=env).out)

    assert "DF017" not in run()
    (project / ".dockerignore").write_text("*.md\n")
    assert "DF017" in run()
    (project / "Dockerfile.dockerignore").write_text("*.txt\n")  # the Dockerfile's own wins
    assert "DF017" not in run()
    (project / "Dockerfile.dockerignore").unlink()
    assert "DF017" in run()


def test_the_configuration_is_part_of_the_key(project: Path, env: dict[str, str]) -> None:
    def run(*args: str) -> list[dict[str, object]]:
        out = dlint(["--isolated", "-f", "json", *args, "Dockerfile"], cwd=project, env=env).out
        return list(json.loads(out))

    assert any(v["code"] == "DL3000" for v in run())
    assert not any(v["code"] == "DL3000" for v in run("--ignore", "DL3000"))
    (project / ".dlint.toml").write_text('[severity]\nDL3000 = "style"\n')
    graded = dlint(["-f", "json", "Dockerfile"], cwd=project, env=env).out
    assert [v["severity"] for v in json.loads(graded) if v["code"] == "DL3000"] == ["style"]


def test_a_changed_helper_module_elsewhere_is_seen(tmp_path: Path, env: dict[str, str]) -> None:
    site, lib = tmp_path / "site", tmp_path / "lib"
    site.mkdir()
    lib.mkdir()
    (lib / "every_helper.py").write_text('MESSAGE = "first version"\n')
    plugin = textwrap.dedent(
        """
        import functools
        from dlint import Finding, Rule, Severity, hookimpl
        import every_helper

        def check(ctx, prefix):
            for inst in ctx.dockerfile.instructions:
                yield Finding(inst.span, prefix + every_helper.MESSAGE + ".")

        RULE = Rule(code="XY012", name="EveryInstruction", severity=Severity.INFO,
                    summary="Every instruction", rationale="A test rule.",
                    check=functools.partial(check, prefix="said: "))

        @hookimpl
        def dlint_rules():
            return [RULE]
        """
    )
    make_dist(site, "dlint-helped", "dlint_helped", plugin)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    run_env = {**env, "PYTHONPATH": f"{site}{os.pathsep}{lib}"}
    args = ["--isolated", "--select", "XY012", "Dockerfile"]
    assert "said: first version." in dlint(args, cwd=tmp_path, env=run_env).out
    (lib / "every_helper.py").write_text('MESSAGE = "the second version"\n')
    assert "said: the second version." in dlint(args, cwd=tmp_path, env=run_env).out


def test_a_rule_that_reads_paths_or_fails_to_say(tmp_path: Path, env: dict[str, str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    plugin = textwrap.dedent(
        """
        import pathlib
        from dlint import Finding, Rule, Severity, hookimpl

        def check(ctx):
            text = pathlib.Path("notes.txt").read_text().strip()
            yield Finding(ctx.dockerfile.instructions[0].span, f"Notes say {text}.")

        def reads(path, settings):
            if pathlib.Path("broken").exists():
                raise RuntimeError("cannot tell")
            return [pathlib.Path("notes.txt")]

        RULE = Rule(code="XY013", name="ReadsNotes", severity=Severity.INFO,
                    summary="Reads notes", rationale="A test rule.", check=check, reads=reads)

        @hookimpl
        def dlint_rules():
            return [RULE]
        """
    )
    make_dist(site, "dlint-notes", "dlint_notes", plugin)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    run_env = {**env, "PYTHONPATH": str(site)}
    args = ["--isolated", "--select", "XY013", "Dockerfile"]
    for note in ("one", "two"):
        (tmp_path / "notes.txt").write_text(note)
        run = dlint(args, cwd=tmp_path, env=run_env)
        assert f"Notes say {note}." in run.out and run.err == ""
    (tmp_path / "broken").write_text("")
    for note in ("three", "four"):  # not cached: linted afresh each time
        (tmp_path / "notes.txt").write_text(note)
        run = dlint(args, cwd=tmp_path, env=run_env)
        assert f"Notes say {note}." in run.out and run.err == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_dockerignore_does_not_block(project: Path, env: dict[str, str]) -> None:
    (project / "Dockerfile.dockerignore").write_text("*.md\n")
    os.mkfifo(project / ".dockerignore")
    for _ in range(2):
        run = dlint(["--isolated", "Dockerfile"], cwd=project, env=env)
        assert run.code == 1 and "DF017" in run.out


def test_a_changed_rule_is_run_again(tmp_path: Path, env: dict[str, str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    plugin = textwrap.dedent(
        """
        from dlint import Finding, Rule, Severity, hookimpl

        def check(ctx):
            for inst in ctx.dockerfile.instructions:
                yield Finding(inst.span, "MESSAGE")

        RULE = Rule(code="XY010", name="EveryInstruction", severity=Severity.INFO,
                    summary="Every instruction", rationale="A test rule.", check=check)

        @hookimpl
        def dlint_rules():
            return [RULE]
        """
    )
    make_dist(site, "dlint-every", "dlint_every", plugin.replace("MESSAGE", "first version"))
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    run_env = {**env, "PYTHONPATH": str(site)}
    args = ["--isolated", "--select", "XY010", "Dockerfile"]
    assert "first version" in dlint(args, cwd=tmp_path, env=run_env).out
    module = site / "dlint_every.py"
    module.write_text(plugin.replace("MESSAGE", "second version!"))  # another size, too
    assert "second version!" in dlint(args, cwd=tmp_path, env=run_env).out


@pytest.mark.parametrize(
    "how",
    [
        {"args": ["--no-cache"]},
        {"vars": {"DLINT_NO_CACHE": "1"}},
        {"config": "cache = false\n"},
    ],
    ids=["--no-cache", "DLINT_NO_CACHE", "config"],
)
def test_caching_can_be_turned_off(
    project: Path, env: dict[str, str], tmp_path: Path, how: dict[str, object]
) -> None:
    if "config" in how:
        (project / ".dlint.toml").write_text(str(how["config"]))
    args = [*how.get("args", []), "-f", "json", "."]  # type: ignore[misc]
    run_env = {**env, **how.get("vars", {})}  # type: ignore[dict-item]
    first = dlint(args, cwd=project, env=run_env)
    assert first.code == 1 and first.err == ""
    assert not (tmp_path / "cache").exists()  # neither results nor ShellCheck's answers


@pytest.mark.parametrize(
    "damage",
    [
        '{"format": 1, "violations": [[1]]}',
        "not json",
        "[]",
        '{"format": 1, "violations": [[1, 1, 1, 2, "XX999", "Bogus", "error", "m.", ""]]}',
        '{"format": 1, "violations": [["1", 1, 1, 2, "DL3000", "N", "error", "m.", ""]]}',
        '{"format": 1, "violations": [[1, 1, 1, 2, "DL3000", "N", "error", null, ""]]}',
        '{"format": 1, "violations": [[1, 1, 1, 2, "DL3000", "N", "fatal", "m.", ""]]}',
    ],
    ids=["short", "not-json", "a-list", "unknown-code", "text-line", "null-message", "level"],
)
def test_damaged_entries_are_misses(
    project: Path, env: dict[str, str], tmp_path: Path, damage: str
) -> None:
    first = dlint(["--isolated", "-f", "sarif", "."], cwd=project, env=env)
    for entry in entries(tmp_path / "cache"):
        entry.write_text(damage)
    again = dlint(["--isolated", "-f", "sarif", "."], cwd=project, env=env)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)


def test_a_cache_that_cannot_be_written_costs_nothing_else(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = {"DLINT_CACHE_DIR": str(blocker)}
    run = dlint(["--isolated", "-f", "json", "."], cwd=project, env=env)
    assert run.code == 1 and run.err == ""
    assert "DL3000" in codes(run.out)


def test_show_source_works_from_the_cache(project: Path, env: dict[str, str]) -> None:
    args = ["--isolated", "--show-source", "--color", "never", "Dockerfile"]
    first = dlint(args, cwd=project, env=env)
    second = dlint(args, cwd=project, env=env)
    assert second.out == first.out
    assert "WORKDIR app" in second.out and "^^^" in second.out


def test_parallel_runs_share_the_cache(tmp_path: Path, env: dict[str, str]) -> None:
    for i in range(70):  # enough files for worker processes
        (tmp_path / f"s{i}.Dockerfile").write_text(f"FROM alpine:3.{i}\nWORKDIR app{i}\n")
    serial = dlint(["--isolated", "-j", "1", "--no-cache", "-f", "json", "."], cwd=tmp_path)
    cold = dlint(["--isolated", "-j", "2", "-f", "json", "."], cwd=tmp_path, env=env)
    warm = dlint(["--isolated", "-j", "2", "-f", "json", "."], cwd=tmp_path, env=env)
    assert cold.out == warm.out == serial.out
    assert len(entries(tmp_path / "cache")) == 70


def test_standard_input_is_not_cached(env: dict[str, str], tmp_path: Path) -> None:
    run = dlint(["--isolated", "-"], stdin=BAD, env=env, cwd=tmp_path)
    assert run.code == 1 and "DL3000" in run.out
    assert entries(tmp_path / "cache") == []


def test_a_file_whose_rule_raised_is_not_kept(tmp_path: Path, env: dict[str, str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make_dist(
        site,
        "dlint-raises",
        "dlint_raises",
        textwrap.dedent(
            """
            from dlint import Rule, Severity, hookimpl

            def check(ctx):
                raise RuntimeError("boom")

            RULE = Rule(code="XY011", name="Raises", severity=Severity.INFO,
                        summary="Raises", rationale="A test rule.", check=check)

            @hookimpl
            def dlint_rules():
                return [RULE]
            """
        ),
    )
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    run_env = {**env, "PYTHONPATH": str(site)}
    for _ in range(2):  # the problem is reported on every run, not only the first
        run = dlint(["--isolated", "--select", "XY011", "Dockerfile"], cwd=tmp_path, env=run_env)
        assert run.code == 2 and "boom" in run.err
    assert entries(tmp_path / "cache") == []


def test_entries_of_runs_unused_for_a_month_are_removed(
    project: Path, env: dict[str, str], tmp_path: Path
) -> None:
    results = tmp_path / "cache" / "results"
    old, recent, foreign = results / ("0" * 16), results / ("1" * 16), results / "experiment"
    for folder, days in ((old, 40), (recent, 5), (foreign, 40)):
        (folder / "ab").mkdir(parents=True)
        (folder / "ab" / "ab12.json").write_text("{}")
        then = time.time() - days * 86400
        os.utime(folder, (then, then))
    dlint(["--isolated", "Dockerfile"], cwd=project, env=env)
    assert not old.exists() and recent.exists()
    assert foreign.exists()  # not a folder dlint makes: never touched
    assert len(entries(tmp_path / "cache")) == 3  # the recent folder's, this run's, foreign


def test_clean_removes_the_caches_and_nothing_else(
    project: Path, env: dict[str, str], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    dlint(["--isolated", "."], cwd=project, env=env)
    (cache / "keep.txt").write_text("not dlint's")
    (cache / "results" / "mine").mkdir()  # someone else's folder where dlint keeps results
    assert entries(cache)
    run = dlint(["clean"], cwd=project, env=env)
    assert run.code == 0 and run.err == ""
    assert f"removed {cache / 'results'}" in run.out
    assert entries(cache) == [] and not (cache / "shellcheck").exists()
    assert (cache / "keep.txt").read_text() == "not dlint's"
    assert (cache / "results" / "mine").is_dir()
    (cache / "results" / "mine").rmdir()
    again = dlint(["clean"], cwd=project, env=env)
    assert (again.code, again.out) == (0, "no cache to remove\n")


@pytest.mark.skipif(find_shellcheck() is None, reason="shellcheck is not installed")
def test_shellcheck_findings_kept_by_workers(tmp_path: Path, env: dict[str, str]) -> None:
    """Workers keep the files whose scripts ShellCheck's cache answered; what they keep has
    the run's ShellCheck selection, severities and the files' suppressions applied."""
    for i in range(70):
        ignore = "# hadolint ignore=SC2086\n" if i % 2 else ""
        (tmp_path / f"s{i}.Dockerfile").write_text(
            f"FROM alpine:3.{i}\n{ignore}RUN echo $HOME{i} > /tmp/x; cd /tmp && ls $1\n"
        )
    (tmp_path / ".dlint.toml").write_text('[severity]\nSC2086 = "warning"\n')
    args = ["-j", "2", "-f", "json", "."]
    fresh = dlint(["--no-cache", *args], cwd=tmp_path)
    found = [v for v in json.loads(fresh.out) if v["code"] == "SC2086"]
    assert len(found) == 35 * 2  # two in each file, but the odd files ignore it
    assert {v["severity"] for v in found} == {"warning"}
    cold = dlint(args, cwd=tmp_path, env=env)  # ShellCheck runs in the parent
    shutil.rmtree(tmp_path / "cache" / "results")
    warm_sc = dlint(args, cwd=tmp_path, env=env)  # ShellCheck's cache only: workers finish
    warm = dlint(args, cwd=tmp_path, env=env)  # the results cache
    assert fresh.out == cold.out == warm_sc.out == warm.out
