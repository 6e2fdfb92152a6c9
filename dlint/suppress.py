"""Suppression comments: dlint's, hadolint's and BuildKit's ``# check=skip=``.

Forms (codes or names, comma-separated; a reason may follow a second ``#``):

- ``# dlint: ignore=DL3008,PipNoCacheDir`` in the comment block right above an
  instruction: that instruction, all its lines.
- ``# dlint: stage ignore=...`` above a FROM: the whole stage, FROM line included.
- ``# dlint: global ignore=...`` anywhere: the whole file.
- hadolint's ``# hadolint ignore=``, ``# hadolint global ignore=`` and
  ``# hadolint stage ignore=`` mean the same (``# hadolint shell=`` is read by
  the analysis, for the shell dialect).
- BuildKit's ``# check=skip=Name,...`` directive (whole file) and the same
  comment above one instruction; ``skip=all`` skips everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dlint.model import Comment, Dockerfile, Span

#: BuildKit's build checks (frontend/dockerfile/linter/ruleset.go), by name.
BUILDKIT_CHECKS = frozenset(
    {
        "StageNameCasing",
        "FromAsCasing",
        "NoEmptyContinuation",
        "ConsistentInstructionCasing",
        "DuplicateStageName",
        "ReservedStageName",
        "JSONArgsRecommended",
        "MaintainerDeprecated",
        "UndefinedArgInFrom",
        "WorkdirRelativePath",
        "UndefinedVar",
        "MultipleInstructionsDisallowed",
        "LegacyKeyValueFormat",
        "InvalidBaseImagePlatform",
        "RedundantTargetPlatform",
        "SecretsUsedInArgOrEnv",
        "InvalidDefaultArgInFrom",
        "FromPlatformFlagConstDisallowed",
        "CopyIgnoredFile",
        "InvalidDefinitionDescription",
        "ExposeProtoCasing",
        "ExposeInvalidFormat",
    }
)

_PRAGMA = re.compile(
    r"^#\s*(?P<tool>dlint:|hadolint\b)\s*(?P<scope>global\s+|stage\s+)?"
    r"ignore\s*=\s*(?P<codes>[^#]*?)\s*(?:#\s*(?P<reason>.*))?$"
)
_SHELL = re.compile(r"^#\s*hadolint\s+shell\s*=\s*(?P<shell>\S+)\s*(?:#.*)?$")
_MENTION = re.compile(r"^#\s*(dlint:|hadolint\b)")
_CHECK = re.compile(r"^#\s*check\s*=\s*(?P<value>\S*)")


@dataclass(frozen=True)
class Pragma:
    """One suppression comment."""

    scope: str  # "instruction", "stage", "file"
    codes: tuple[str, ...]  # as written; "all" for check=skip=all
    span: Span  # the comment
    lines: tuple[int, int]  # first and last line it covers
    tool: str  # "dlint", "hadolint", "check"
    reason: str = ""


@dataclass(frozen=True)
class PragmaProblem:
    span: Span
    message: str


@dataclass
class Pragmas:
    items: list[Pragma] = field(default_factory=list)
    problems: list[PragmaProblem] = field(default_factory=list)


def _comment_span(c: Comment) -> Span:
    start = len(c.raw) - len(c.raw.lstrip()) + 1
    return Span(c.line, start, c.line, len(c.raw.rstrip("\r\n")) + 1)


def _split_codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",")]


def parse(df: Dockerfile, known: set[str] | None = None) -> Pragmas:
    """Every suppression comment of a file, and every malformed one.

    ``known`` holds the valid references in lower case (codes, names and
    BuildKit names of the loaded rules); None skips that check.
    """
    result = Pragmas()
    last_line = len(df.lines)
    stage_ends = _stage_ranges(df, last_line)
    above: dict[int, tuple[int, int, bool]] = {}
    for inst in df.instructions:
        for c in inst.comments:
            above[c.line] = (inst.line, inst.end_line, inst.name == "FROM")
    check = df.directive("check")
    if check is not None:
        _check_directive(result, check.value, check.span, (1, last_line), "file", known)
    for c in df.comments:
        raw = c.raw.strip()
        if _SHELL.match(raw):
            continue
        target = above.get(c.line)
        m_check = _CHECK.match(raw)
        if m_check and (check is None or c.line != check.line):
            if target is not None:
                _check_directive(
                    result,
                    m_check.group("value"),
                    _comment_span(c),
                    target[:2],
                    "instruction",
                    known,
                )
            continue
        if not _MENTION.match(raw):
            continue
        m = _PRAGMA.match(raw)
        span = _comment_span(c)
        if m is None:
            result.problems.append(
                PragmaProblem(
                    span,
                    "Malformed suppression comment; write `# dlint: ignore=CODE[,CODE...]` "
                    "(or `global ignore=`, `stage ignore=`), optionally followed by `# reason`.",
                )
            )
            continue
        tool = "dlint" if m.group("tool") == "dlint:" else "hadolint"
        scope_word = (m.group("scope") or "").strip()
        codes = _split_codes(m.group("codes"))
        if not all(codes):
            result.problems.append(PragmaProblem(span, "Suppression comment with an empty code."))
            continue
        _report_unknown(result, codes, span, known)
        if scope_word == "global":
            lines = (1, last_line)
            scope = "file"
        elif scope_word == "stage":
            if target is None or not target[2]:
                result.problems.append(
                    PragmaProblem(
                        span, "A `stage ignore=` comment must be right above a FROM instruction."
                    )
                )
                continue
            lines = (target[0], stage_ends[target[0]])
            scope = "stage"
        else:
            if target is None:
                result.problems.append(
                    PragmaProblem(
                        span,
                        "This suppression comment is not right above an instruction, so it "
                        "suppresses nothing; move it into the comment block above one.",
                    )
                )
                continue
            lines = target[:2]
            scope = "instruction"
        result.items.append(Pragma(scope, tuple(codes), span, lines, tool, m.group("reason") or ""))
    return result


def _stage_ranges(df: Dockerfile, last_line: int) -> dict[int, int]:
    starts = [i.line for i in df.instructions if i.name == "FROM"]
    return {
        s: (starts[k + 1] - 1 if k + 1 < len(starts) else last_line) for k, s in enumerate(starts)
    }


def _check_directive(
    result: Pragmas,
    value: str,
    span: Span,
    lines: tuple[int, int],
    scope: str,
    known: set[str] | None,
) -> None:
    for option in value.split(";"):
        key, _, val = option.partition("=")
        if key.strip() != "skip":
            continue
        names = _split_codes(val)
        if any(n.lower() == "all" for n in names):
            result.items.append(Pragma(scope, ("all",), span, lines, "check"))
            continue
        for n in names:
            if n and n not in BUILDKIT_CHECKS and (known is None or n.lower() not in known):
                result.problems.append(
                    PragmaProblem(
                        span,
                        f"`check=skip` names {n!r}, which is neither a BuildKit check nor a "
                        "dlint rule (BuildKit names are case-sensitive).",
                    )
                )
        result.items.append(Pragma(scope, tuple(n for n in names if n), span, lines, "check"))


def _report_unknown(
    result: Pragmas, codes: Sequence[str], span: Span, known: set[str] | None
) -> None:
    if known is None:
        return
    for code in codes:
        if code.lower() not in known and not re.fullmatch(r"SC\d{4}", code):
            result.problems.append(
                PragmaProblem(
                    span, f"Suppression comment names an unknown rule code or name: {code}."
                )
            )


@dataclass(frozen=True)
class Target:
    """What a pragma entry is compared with: a finding's code, names and line."""

    code: str
    names: tuple[str, ...]  # lower-case: name and BuildKit name
    line: int


def matches(pragma: Pragma, target: Target) -> bool:
    if not pragma.lines[0] <= target.line <= pragma.lines[1]:
        return False
    for code in pragma.codes:
        low = code.lower()
        if low == "all" and pragma.tool == "check":
            return True
        if code.upper() == target.code or low in target.names:
            return True
    return False


def apply(pragmas: Iterable[Pragma], targets: Sequence[Target]) -> tuple[list[bool], set[int]]:
    """Which targets are suppressed, and the indexes of pragmas that suppressed something."""
    items = list(pragmas)
    used: set[int] = set()
    suppressed = []
    for t in targets:
        hit = False
        for k, p in enumerate(items):
            if matches(p, t):
                used.add(k)
                hit = True
        suppressed.append(hit)
    return suppressed, used
