"""dlint's parser against BuildKit's own, over every corpus file.

The oracle is the PyPI ``dockerfile`` package, which binds BuildKit's Go parser
(v0.12.5). For every file it accepts, dlint must find the same instructions
(upper-cased keyword, first line, last line; ONBUILD counts as one) and the
same heredocs. Where v0.12.5 and newest BuildKit differ (the ``check``
directive, which v0.12.5 does not know, so an ``escape`` after it is ignored
there), dlint follows newest BuildKit and such files are listed apart. For
files the oracle rejects, dlint must report at least one parse error.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlint.files import decode
from dlint.model import Dockerfile
from dlint.parser import parse

oracle = pytest.importorskip("dockerfile", reason="the BuildKit oracle (PyPI dockerfile) is absent")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (../shared is absent)"
)

Listing = list[tuple[str, int, int]]

_CHECK_LINE = re.compile(r"[ \t]*#[ \t]*check[ \t]*=", re.IGNORECASE)


@dataclass
class Results:
    """What the walk over the corpus found."""

    accepted: int = 0
    agreeing: int = 0
    version_differences: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[tuple[str, Listing, Listing]] = field(default_factory=list)
    heredoc_instructions: int = 0
    heredoc_disagreements: list[tuple[str, int]] = field(default_factory=list)
    #: shell-form ADD, COPY, VOLUME, EXPOSE and FROM: BuildKit's fields against dlint's words
    fields_compared: int = 0
    fields_disagreements: list[tuple[str, int, tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=list
    )
    #: flags, exec-form values, ENV/LABEL pairs, ARG words, single-string arguments
    values_compared: Counter[str] = field(default_factory=Counter)
    values_disagreements: list[tuple[str, str, int, tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=list
    )
    rejected: int = 0
    rejected_with_errors: int = 0
    rejected_without_errors: list[tuple[str, str]] = field(default_factory=list)
    undecodable: list[str] = field(default_factory=list)


def dlint_listing(df: Dockerfile) -> Listing:
    return [(i.name, i.span.line, i.span.end_line) for i in df.instructions]


def oracle_listing(commands: Any) -> Listing:
    return [((c.cmd or "").upper(), c.start_line, c.end_line) for c in commands]


def version_difference(text: str, expected: Listing) -> str | None:
    """Why BuildKit v0.12.5 reads ``text`` differently from newest BuildKit, if that is the cause.

    v0.12.5 knows no ``check`` directive: the line ends the directive search, so
    it reads the file as newest BuildKit reads it with that line made an
    ordinary comment.
    """
    lines = text.split("\n")
    changed = [("#" if _CHECK_LINE.match(line) else line) for line in lines]
    if changed != lines and dlint_listing(parse("\n".join(changed))) == expected:
        return "check directive: BuildKit v0.12.5 stops directive parsing at it"
    return None


def _chomp(body: str) -> str:
    return re.sub(r"(?m)^\t+", "", body)


def _heredoc_mismatches(name: str, df: Dockerfile, commands: Any) -> Iterator[tuple[str, int]]:
    """Instructions whose heredocs differ from the oracle's.

    The binding reports no heredocs for ONBUILD (its lines still count), so
    those are compared by lines only.
    """
    for command, inst in zip(commands, df.instructions):
        if inst.name == "ONBUILD":
            continue
        expected = [(h.name, h.content) for h in command.heredocs]
        got = [(h.name, h.body) for h in inst.heredocs]
        if len(expected) != len(got):
            yield name, command.start_line
            continue
        flags = [h.strip_tabs for h in inst.heredocs]
        expected = [(n, _chomp(b) if chomp else b) for (n, b), chomp in zip(expected, flags)]
        if expected != got:
            yield name, command.start_line


#: Instructions whose shell-form arguments BuildKit splits at blanks (parseStringsWhitespaceDelimited).
_FIELD_KEYWORDS = frozenset({"ADD", "COPY", "VOLUME", "EXPOSE", "FROM"})


def _field_mismatches(
    name: str, df: Dockerfile, commands: Any
) -> Iterator[tuple[str, int, tuple[str, ...], tuple[str, ...]] | None]:
    """None for each agreeing instruction compared, else what differs."""
    for command, inst in zip(commands, df.instructions):
        if inst.name not in _FIELD_KEYWORDS or command.json or command.heredocs:
            continue
        expected = tuple(command.value)
        got = tuple(w.text for w in inst.words)
        yield None if expected == got else (name, command.start_line, expected, got)


def _values(command: Any, inst: Any) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(what, BuildKit's, dlint's) for the parts of an instruction both parsers expose."""
    yield "flags", tuple(command.flags), tuple(f.text for f in inst.flags)
    if command.json and inst.name != "HEALTHCHECK":  # the binding puts CMD in its values
        yield "exec form", tuple(command.value), tuple(inst.exec_form or ())
    if inst.name in ("ENV", "LABEL"):
        pairs = tuple(
            x
            for kv in inst.key_values
            for x in (kv.key, kv.raw_value if kv.raw_value is not None else (kv.value or ""))
        )
        yield "ENV/LABEL pairs", tuple(command.value), pairs
    if inst.name == "ARG":
        words = tuple(
            kv.key
            + (
                "=" + (kv.raw_value if kv.raw_value is not None else kv.value)
                if kv.value is not None
                else ""
            )
            for kv in inst.key_values
        )
        yield "ARG words", tuple(command.value), words
    if inst.name in ("USER", "WORKDIR", "STOPSIGNAL", "MAINTAINER"):
        yield "single string", tuple(command.value), (inst.args.strip(),)


def _check_file(results: Results, name: str, text: str) -> None:
    df = parse(text, name)
    try:
        commands = oracle.parse_string(text)
    except oracle.GoParseError as exc:
        results.rejected += 1
        if df.errors:
            results.rejected_with_errors += 1
        else:
            results.rejected_without_errors.append((name, str(exc)))
        return
    results.accepted += 1
    expected, got = oracle_listing(commands), dlint_listing(df)
    if expected == got:
        results.agreeing += 1
        results.heredoc_instructions += sum(1 for c in commands if c.heredocs)
        results.heredoc_disagreements.extend(_heredoc_mismatches(name, df, commands))
        for mismatch in _field_mismatches(name, df, commands):
            results.fields_compared += 1
            if mismatch is not None:
                results.fields_disagreements.append(mismatch)
        for command, inst in zip(commands, df.instructions):
            if inst.name == "ONBUILD":
                continue
            for what, expected, got in _values(command, inst):
                if any("\x00" in g for g in got):
                    continue  # the binding passes strings through C, which ends them at a NUL
                results.values_compared[what] += 1
                if expected != got:
                    results.values_disagreements.append(
                        (what, name, command.start_line, expected, got)
                    )
        return
    reason = version_difference(text, expected)
    if reason:
        results.version_differences.append((name, reason))
    else:
        results.disagreements.append((name, expected, got))


@pytest.fixture(scope="module")
def results() -> Results:
    found = Results()
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        name = str(path.relative_to(CORPUS))
        decoded = decode(path.read_bytes())
        if isinstance(decoded, str):
            found.undecodable.append(name)
            continue
        _check_file(found, name, decoded.text)
    return found


def _report(results: Results) -> str:
    lines = [
        f"BuildKit agreement: {results.agreeing}/{results.accepted} files accepted by the "
        "official parser",
        f"  version differences (newest BuildKit followed): {len(results.version_differences)}",
        *(f"    {name}: {reason}" for name, reason in results.version_differences),
        f"  disagreements: {len(results.disagreements)}",
        *(f"    {name}" for name, _, _ in results.disagreements),
        f"  heredoc instructions compared: {results.heredoc_instructions}, "
        f"disagreeing: {len(results.heredoc_disagreements)}",
        f"  ADD/COPY/VOLUME/EXPOSE/FROM argument lists compared: {results.fields_compared}, "
        f"disagreeing: {len(results.fields_disagreements)}",
        *(
            f"    {n}:{line}: {exp} != {got}"
            for n, line, exp, got in results.fields_disagreements[:20]
        ),
        "  other values compared: "
        + ", ".join(f"{what} {n}" for what, n in sorted(results.values_compared.items()))
        + f"; disagreeing: {len(results.values_disagreements)}",
        *(
            f"    {w} {n}:{line}: {e} != {g}"
            for w, n, line, e, g in results.values_disagreements[:20]
        ),
        f"  files the official parser rejects: {results.rejected}, "
        f"with a dlint parse error: {results.rejected_with_errors}",
        f"  files skipped because they do not decode: {len(results.undecodable)}",
        *(f"    {name}" for name in results.undecodable),
    ]
    return "\n".join(lines)


def test_instruction_lists_agree_with_buildkit(
    results: Results, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print("\n" + _report(results))
    assert results.accepted > 0
    assert results.disagreements == []
    assert results.agreeing + len(results.version_differences) == results.accepted


def test_heredocs_agree_with_buildkit(results: Results) -> None:
    assert results.heredoc_instructions > 0
    assert results.heredoc_disagreements == []


def test_copy_add_volume_expose_from_arguments_agree_with_buildkit(results: Results) -> None:
    """BuildKit splits these at blanks before quotes count: dlint's words are its fields."""
    assert results.fields_compared > 1000
    assert results.fields_disagreements == []


def test_flags_exec_form_and_key_values_agree_with_buildkit(results: Results) -> None:
    """Flags (raw), exec-form values, ENV/LABEL pairs, ARG words and single-string arguments."""
    assert results.values_compared["flags"] > 10000
    assert results.values_compared["ENV/LABEL pairs"] > 1000
    assert results.values_disagreements == []


def test_rejected_files_get_a_parse_error(results: Results) -> None:
    assert results.rejected_without_errors == []


def test_version_difference_is_recognised() -> None:
    text = "# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a\nRUN dir `\n  c:\\\n"
    expected = oracle_listing(oracle.parse_string(text))
    assert dlint_listing(parse(text)) != expected
    assert version_difference(text, expected) is not None


_PIECES = [
    "a",
    "b=c",
    '"q w"',
    "'s'",
    "\\",
    "--mount=type=cache,target=/x",
    "--from=b",
    "<<EOF",
    "<<-EOF",
    "<<'E'",
    '["a", "b"]',
    "[",
    "$V",
    "AS",
    "x",
    "CMD",
    "#",
]
_LINES = ["", "  ", "# c", "# escape=`", "EOF", "\tEOF", "E", "\\", "RUN a \\", "RUN b \\\\"]


@st.composite
def _files(draw: st.DrawFn) -> str:
    keywords = st.sampled_from(["FROM", "RUN", "COPY", "ENV", "ONBUILD RUN", "CMD", "label", "x"])
    instruction = st.builds(
        lambda k, ws: k + " " + " ".join(ws),
        keywords,
        st.lists(st.sampled_from(_PIECES), max_size=5),
    )
    lines = draw(st.lists(st.one_of(instruction, st.sampled_from(_LINES)), max_size=10))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_files())
def test_generated_files_agree_with_buildkit(text: str) -> None:
    """Differential check on generated files (JSON with trailing text aside: v0.12.5 reads it as JSON)."""
    try:
        commands = oracle.parse_string(text)
    except oracle.GoParseError:
        return
    df = parse(text)
    fallbacks = [i.onbuild if i.onbuild is not None else i for i in df.instructions]
    if any(c.json for c in commands) and any(i.json_fallback for i in fallbacks):
        return
    assert dlint_listing(df) == oracle_listing(commands)
    assert list(_heredoc_mismatches("generated", df, commands)) == []
    assert [m for m in _field_mismatches("generated", df, commands) if m is not None] == []
    for command, inst in zip(commands, df.instructions):
        if inst.name != "ONBUILD":
            for what, expected, got in _values(command, inst):
                if not any("\x00" in g for g in got):
                    assert expected == got, (what, text)
