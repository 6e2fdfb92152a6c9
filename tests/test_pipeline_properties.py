"""Property tests over the whole pipeline: decode, parse, rules, suppressions, SARIF.

Why: real repositories hold every odd Dockerfile there is, and a linter that
raises on one of them is removed from CI. Random instruction sequences, random
bytes and mutated corpus files go through what the command runs; none may
raise, no rule may fail, and the SARIF built from the result must always be
valid against the official schema (GitHub rejects the upload otherwise).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from conftest import SARIF_SCHEMA, corpus_files, needs_corpus, needs_schema
from helpers import dlint
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dlint.api import default_registry
from dlint.engine import FileResult, RuleSet, select_rules, sort_violations
from dlint.files import Decoded, decode
from dlint.formatters.sarif import SarifFormatter
from dlint.report import Report
from dlint.rule import Settings
from dlint.runner import lint_text

pytestmark = needs_schema


def budget(examples: int) -> settings:
    """Few examples, no deadline: the whole file must stay near 30 s on a busy 2-core box."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


ERROR_LINE = re.compile(r"^dlint: error: .+?: .+$")

# -- building blocks of Dockerfiles ------------------------------------------------

KEYWORDS = (
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
    "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
    "HEALTHCHECK", "SHELL", "from", "run", "Copy", "ONBUILD RUN", "HEALTHCHECK CMD",
    "HEALTHCHECK NONE", "BOGUS", "",
)  # fmt: skip
FLAGS = (
    "--mount=type=cache,target=/root/.cache", "--mount=type=secret,id=npm,required",
    "--mount=type=bind,from=build,source=/out,target=/in", "--network=none",
    "--security=insecure", "--chmod=755", "--chown=app:app", "--link", "--from=build",
    "--platform=$BUILDPLATFORM", "--checksum=sha256:abc", "--parents", "--exclude=*.md",
    "--interval=30s", "--start-period=5s", "--retries=3", "--", "--=", "--mount",
)  # fmt: skip
FRAGMENTS = (
    "alpine", "python:3.12-slim", "ubuntu:22.04@sha256:" + "a" * 64, "AS build", "as",
    "scratch", "build", "$VAR", "${VAR}", "${VAR:-default}", "${VAR:+x}", "${VAR?err}",
    "$(id -u)", "`date`", "$((1+2))", "apt-get", "install", "-y", "--no-install-recommends",
    "curl=7.*", "pip", "install", "--no-cache-dir", "flask", "npm", "ci", "apk", "add",
    "--no-cache", "&&", "||", "|", ";", "&", ">", "2>&1", "<", "cd", "/app", "app", "..",
    "sudo", "sh", "-c", "'echo hi'", '"quoted $X"', "'", '"', "\\", "\\\\", "`", "#",
    "# not a comment", "=", "a=b", "KEY=value", 'K="v w"', "K", "[", "]", '["sh", "-c"]',
    '["a",', '[ "x" ]', "{", "}", "(", ")", "<<EOF", "<<-EOT", "<<'X'", '<<"Y"', "EOF", "X",
    "8080", "8080/tcp", "80-90/udp", "root", "0:0", "10001", "SIGTERM", "9",
    "http://example.com/a.tar.gz", "git@github.com:a/b.git", ".", "./", "*", "**/*.py",
    "é", "日本", "\t", "  ", "\u00a0", "\u200b", "if", "then", "fi", "for", "do", "done",
    "case", "esac", "while", "{ x; }", "[[ -f a ]]", "set -eux", "set -o pipefail",
    "wget", "-O-", "chmod", "777", "useradd", "-m", "yum", "dnf", "zypper", "gem", "go",
)  # fmt: skip
DIRECTIVES = (
    "# syntax=docker/dockerfile:1", "# escape=`", "# escape=\\", "# check=skip=all",
    "# check=error=true", "#syntax = docker/dockerfile:1.7", "# escape=x", "# directive=1",
)  # fmt: skip
PRAGMAS = (
    "# hadolint ignore=DL3008", "# hadolint ignore=DL3008,DL9999", "# dlint: ignore",
    "# dlint: ignore[DL3042]", "# noqa", "# hadolint shell=bash", "# hadolint global ignore=DL3006",
    "# check=skip=JSONArgsRecommended", "# dlint: ignore-file",
)  # fmt: skip


@st.composite
def instruction(draw: st.DrawFn) -> str:
    """One instruction, maybe continued over lines, maybe with heredoc bodies after it."""
    keyword = draw(st.sampled_from(KEYWORDS))
    flags = draw(st.lists(st.sampled_from(FLAGS), max_size=2))
    words = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=8))
    cont = draw(st.sampled_from(("\\", "`")))
    out = " ".join([keyword, *flags])
    for w in words:
        sep = draw(st.sampled_from((" ", " ", " ", f" {cont}\n    ", f" {cont}\n# c\n  ", "")))
        out += sep + w
    heredocs = [w for w in words if w.startswith("<<")]
    for h in heredocs[: draw(st.integers(0, len(heredocs)))]:
        name = h.lstrip("<-").strip("'\"")
        body = draw(st.lists(st.sampled_from(FRAGMENTS), max_size=4))
        out += "\n" + " ".join(body) + "\n" + draw(st.sampled_from((name, "\t" + name, "")))
    return out


@st.composite
def dockerfile(draw: st.DrawFn) -> str:
    """A random Dockerfile: directives, instructions, comments, pragmas, blank lines."""
    lines = draw(st.lists(st.sampled_from(DIRECTIVES), max_size=2))
    if draw(st.booleans()):
        lines.append(f"FROM {draw(st.sampled_from(FRAGMENTS[:4]))}")
    body = st.one_of(
        instruction(), instruction(), instruction(), st.sampled_from(PRAGMAS), st.just("")
    )
    lines += draw(st.lists(body, max_size=14))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text += "\n"
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


# -- the pipeline, in process -------------------------------------------------------


@cache
def pipeline() -> tuple[RuleSet, Settings, Any]:
    """Every rule (opt-in ones too) and a schema validator, built once.

    ``shellcheck=True`` makes ``lint_text`` prepare each file's ShellCheck jobs
    (the scripts and their position maps) as the command does; running the
    ShellCheck program is left to the command-line tests.
    """
    registry = default_registry()
    rules, _ = select_rules(registry.rules, ["ALL"])
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    settings_ = Settings(known_refs=registry.known_refs(), shellcheck=True)
    return RuleSet(tuple(rules)), settings_, validator


def run_pipeline(text: str, path: str = "Dockerfile", encoding: str = "utf-8") -> FileResult:
    """Lint ``text`` as the command does, check the result, and validate its SARIF."""
    ruleset, settings_, validator = pipeline()
    result = lint_text(text, path, ruleset, settings_, encoding, keep_lines=True)
    assert not result.diagnostics, [d.line() for d in result.diagnostics]
    # the parser turns its own exceptions into "internal parser error: ..." findings
    internal = [v.message for v in result.violations if "internal parser error" in v.message]
    assert not internal, internal
    for v in result.violations:
        assert v.path == path
        assert 1 <= v.span.line <= v.span.end_line
        assert v.span.column >= 1 and v.span.end_column >= 1
    registry = default_registry()
    report = Report(
        violations=sort_violations(result.violations),
        rules=list(ruleset.rules),
        all_rules=list(registry.rules),
        files_checked=1,
        diagnostics=list(result.diagnostics),
        version="0.1.0",
        root=os.getcwd(),
        lines={path: result.lines},
    )
    log = SarifFormatter().build(report)
    json.dumps(log)  # serialisable as it is
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return result


PATHS = st.sampled_from(
    ("Dockerfile", "svc/api.Dockerfile", "dir with space/Dockerfile", "ü/Dockerfile.dev",
     "a#b?c%d/Containerfile", "-")
)  # fmt: skip


@budget(150)
@given(text=dockerfile(), path=PATHS)
# Digits that str.isdigit() accepts and int() refuses crashed the EXPOSE walk once.
@example(text="\ufeffFROM\r\nEXPOSE ¹", path="Dockerfile")
@example(
    text="FROM a\nEXPOSE ¹-²\nUSER ¹\nRUN useradd -u ¹²³ x && apt-get -q¹ install x\n"
    "COPY --from=¹ a b\n",
    path="Dockerfile",
)
def test_random_instruction_sequences(text: str, path: str) -> None:
    run_pipeline(text, path)


@budget(100)
@given(data=st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    decoded = decode(data)
    if isinstance(decoded, Decoded):
        run_pipeline(decoded.text, encoding=decoded.encoding)
    else:
        assert isinstance(decoded, str) and decoded and "\n" not in decoded


@budget(80)
@given(text=st.text(max_size=400))
def test_random_text(text: str) -> None:
    run_pipeline(text)


# -- mutated corpus files ------------------------------------------------------------

MUTATIONS = ("delete", "insert", "duplicate", "swap", "truncate", "splice")
INSERTS = ("\\\n", "`\n", "\n", "<<EOF\n", "$(", ")", '"', "'", "\r", "\t", "\x00", "#", "[")


@cache
def corpus_texts() -> list[str]:
    texts = []
    for p in corpus_files():
        decoded = decode(p.read_bytes())
        if isinstance(decoded, Decoded):
            texts.append(decoded.text)
    return texts


@st.composite
def mutated(draw: st.DrawFn) -> str:
    texts = corpus_texts()
    text = texts[draw(st.integers(0, len(texts) - 1))]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(MUTATIONS))
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 200)))
        if kind == "delete":
            text = text[:at] + text[end:]
        elif kind == "insert":
            piece = draw(st.one_of(st.sampled_from(INSERTS), st.sampled_from(FRAGMENTS)))
            text = text[:at] + piece + text[at:]
        elif kind == "duplicate":
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "swap":
            lines = text.split("\n")
            i, j = (draw(st.integers(0, max(0, len(lines) - 1))) for _ in range(2))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "truncate":
            text = text[:at]
        else:
            other = texts[draw(st.integers(0, len(texts) - 1))]
            text = text[:at] + other[draw(st.integers(0, len(other))) :]
    return text


@needs_corpus
@budget(80)
@given(text=mutated())
def test_mutated_corpus_files(text: str) -> None:
    run_pipeline(text)


# -- a few through the real command ---------------------------------------------------


@budget(4)
@given(texts=st.lists(st.one_of(dockerfile(), st.binary(max_size=200)), min_size=1, max_size=4))
def test_command_line(texts: list[str | bytes]) -> None:
    """Exit code 0, 1 or 2 only, stderr lines all ``dlint: error: PATH: MESSAGE``, valid SARIF."""
    _, _, validator = pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        for i, t in enumerate(texts):
            data = t.encode("utf-8") if isinstance(t, str) else t
            (Path(tmp) / f"f{i}.Dockerfile").write_bytes(data)
        run = dlint(["--isolated", "--no-shellcheck", "-f", "sarif", "."], cwd=Path(tmp))
    assert run.code in (0, 1, 2), run.err
    assert "Traceback" not in run.err
    assert all(ERROR_LINE.match(line) for line in run.err.splitlines()), run.err
    log = json.loads(run.out)
    errors = list(validator.iter_errors(log))
    assert not errors, [e.message for e in errors[:5]]
