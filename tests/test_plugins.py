"""Third-party plugins: found through entry points, isolated when they fail."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from helpers import dlint

PLUGIN = """
from dlint import Finding, Rule, Severity, hookimpl


def check(ctx):
    for inst, cmd in ctx.facts.commands("curl"):
        if cmd.has_flag("k", "insecure"):
            yield Finding(cmd.span, "curl is told not to verify TLS certificates.")


def explode(ctx):
    raise RuntimeError("boom")
    yield


CURL = Rule(code="XY001", name="CurlInsecure", severity=Severity.WARNING,
            summary="Do not turn off TLS verification in curl",
            rationale="Turning off certificate checks lets anyone on the path change the download.",
            check=check, tags=("security",), security_severity=6.5,
            bad="FROM alpine:3.20\\nRUN curl -k https://example.com\\n",
            good="FROM alpine:3.20\\nRUN curl https://example.com\\n")
BROKEN = Rule(code="XY002", name="AlwaysRaises", severity=Severity.INFO,
              summary="A rule with a bug", rationale="It raises to show isolation.",
              check=explode, tags=("test",))


@hookimpl
def dlint_rules():
    return [CURL, BROKEN]
"""


def make_dist(site: Path, name: str, module: str, source: str) -> None:
    (site / f"{module}.py").write_text(source)
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"  # as a wheel names it
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[dlint]\n{name} = {module}\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "dlint-curl", "dlint_curl", textwrap.dedent(PLUGIN))
    return site


DOCKERFILE = "FROM alpine:3.20\nUSER 1000\nRUN curl -k https://example.com | sh\n"


def test_plugin_rule_runs_and_is_listed(site: Path) -> None:
    env = {"PYTHONPATH": str(site)}
    rules = dlint(["rules"], env=env)
    row = next(line for line in rules.out.splitlines() if line.startswith("XY001"))
    assert "CurlInsecure" in row and "[dlint-curl]" in row
    run = dlint(["--isolated", "-f", "json", "--ignore", "XY002", "-"], stdin=DOCKERFILE, env=env)
    found = json.loads(run.out)
    assert ("XY001", 3, 5) in {(v["code"], v["line"], v["column"]) for v in found}
    assert run.code == 1


def test_plugin_rule_select_and_ignore(site: Path) -> None:
    env = {"PYTHONPATH": str(site)}
    run = dlint(
        ["--isolated", "-f", "json", "--select", "CurlInsecure", "-"], stdin=DOCKERFILE, env=env
    )
    assert {v["code"] for v in json.loads(run.out)} == {"XY001"}
    run = dlint(["--isolated", "-f", "json", "--ignore", "XY", "-"], stdin=DOCKERFILE, env=env)
    assert not any(v["code"].startswith("XY") for v in json.loads(run.out))


def test_rule_that_raises_is_isolated(site: Path) -> None:
    env = {"PYTHONPATH": str(site)}
    run = dlint(["--isolated", "-f", "json", "-"], stdin=DOCKERFILE, env=env)
    assert run.code == 2
    assert "Traceback" not in run.err
    (line,) = [e for e in run.err.splitlines() if "XY002" in e]
    assert "AlwaysRaises" in line and "RuntimeError: boom" in line and "dlint-curl" in line
    assert "XY001" in {v["code"] for v in json.loads(run.out)}


def test_plugin_that_fails_to_import(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "dlint-broken", "dlint_broken", "import no_such_module_here\n")
    run = dlint(
        ["--isolated", "-f", "json", "-"],
        stdin="FROM python\nUSER 1\nRUN pip install x\n",
        env={"PYTHONPATH": str(site)},
    )
    assert run.code == 2
    assert "Traceback" not in run.err
    (line,) = [e for e in run.err.splitlines() if "dlint-broken" in e]
    assert "failed to load" in line and "no_such_module_here" in line
    assert {v["code"] for v in json.loads(run.out)} >= {"DL3006", "DL3042"}


FORMATTER_PLUGIN = """
from dlint import hookimpl


class Broken:
    name = "broken"
    description = "A formatter with a bug."

    def render(self, report, options):
        raise ValueError("no luck")


@hookimpl
def dlint_formatters():
    return [Broken()]
"""


def test_formatter_that_raises_is_isolated(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "dlint-broken-format", "dlint_broken_format", FORMATTER_PLUGIN)
    out = tmp_path / "out.json"
    run = dlint(
        ["--isolated", "-f", "broken", "-f", "json", "-o", "-", "-o", str(out), "-"],
        stdin="FROM python\n",
        env={"PYTHONPATH": str(site)},
    )
    assert run.code == 2
    assert "Traceback" not in run.err
    (line,) = [e for e in run.err.splitlines() if "broken" in e]
    assert "formatter 'broken'" in line and "ValueError: no luck" in line
    assert json.loads(out.read_text())[0]["code"]  # the other output is still written


def test_a_run_without_plugins_skips_the_entry_point_machinery(tmp_path: Path) -> None:
    # importlib.metadata costs about a seventh of a one-file run; sarif-om pulls in attrs.
    # Without a distribution declaring a dlint entry point, neither is needed.
    import subprocess
    import sys

    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    code = (
        "import sys\n"
        "from dlint.cli import main\n"
        f"sys.argv = ['dlint', '--isolated', '--no-shellcheck', '-f', 'json', {str(path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('importlib.metadata', 'sarif_om', 'attrs') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
