"""DF017: COPY or ADD of a path the .dockerignore excludes (BuildKit's CopyIgnoredFile)."""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dlint.rule import Finding, Rule, RuleContext, Settings, Severity

from ._instr import copy_args, with_onbuild

_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class IgnoreFile:
    name: str  # as shown in messages
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    has_exceptions: bool  # a `!pattern` line: BuildKit skips the check, and so does dlint


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Docker's pattern syntax (Go's filepath.Match plus ``**``) as a regular expression."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
                out.append("(?:.*/)?")
            else:
                out.append(".*")
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def _clean(path: str) -> str:
    """A context-relative path as .dockerignore sees it: no leading ``/`` or ``./``."""
    cleaned = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    return "" if cleaned == "." else cleaned


@functools.lru_cache(maxsize=64)
def _read_ignore(directory: str, dockerfile_name: str, context: str) -> IgnoreFile | None:
    """``<Dockerfile>.dockerignore`` beside it, else ``.dockerignore`` in the context."""
    candidates = [(os.path.join(context, ".dockerignore"), ".dockerignore")]
    if dockerfile_name:
        own = f"{dockerfile_name}.dockerignore"
        candidates.insert(0, (os.path.join(directory, own), own))
    for where, name in candidates:
        if not os.path.isfile(where):
            continue  # missing, or a folder or pipe (reading a pipe would block)
        try:
            with open(where, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        patterns, exceptions = [], False
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("!"):
                exceptions = True
                continue
            cleaned = _clean(line)
            if cleaned:
                patterns.append((line, _glob_regex(cleaned)))
        return IgnoreFile(name, tuple(patterns), exceptions)
    return None


def _excluded_by(ignore: IgnoreFile, path: str) -> str | None:
    """The pattern that excludes ``path`` or one of its parent folders, if any."""
    parts = path.split("/")
    for pattern, regex in ignore.patterns:
        if any(regex.match("/".join(parts[:k])) for k in range(1, len(parts) + 1)):
            return pattern
    return None


def _where(path: str, context: str | None) -> tuple[str, str, str] | None:
    """The Dockerfile's folder and name, and the build context folder."""
    if path and path != "-" and os.path.isfile(path):
        directory, name = os.path.split(os.path.abspath(path))
    elif context:
        directory, name = context, ""  # standard input with --context: docker build -f - DIR
    else:
        return None
    return directory, name, context or directory


def reads(path: str, settings: Settings) -> list[str]:
    """The ignore files ``_read_ignore`` may read for this Dockerfile."""
    where = _where(path, settings.context_dir)
    if where is None:
        return []
    directory, name, context = where
    own = [os.path.join(directory, f"{name}.dockerignore")] if name else []
    return [*own, os.path.join(context, ".dockerignore")]


def check(ctx: RuleContext) -> Iterator[Finding]:
    where = _where(ctx.dockerfile.path, ctx.settings.context_dir)
    if where is None:
        return
    ignore = _read_ignore(*where)
    if ignore is None or ignore.has_exceptions or not ignore.patterns:
        return
    for inst, _ in with_onbuild(ctx.facts, "COPY", "ADD"):
        args = copy_args(inst)
        if args is None or inst.flag("from") is not None:
            continue
        for word in args.sources:
            value = word.value
            if (
                args.is_heredoc(inst, word)
                or not word.literal
                or _GLOB.search(value)
                or "://" in value
                or value.startswith("git@")
            ):
                continue
            source = _clean(value)
            if not source:
                continue  # the whole context: left to BuildKit, which needs everything ignored
            pattern = _excluded_by(ignore, source)
            if pattern is not None:
                yield Finding(
                    word.span,
                    f"{inst.keyword} {value}: {ignore.name} excludes it (pattern {pattern!r}), "
                    "so it is not in the build context and the build fails to find it "
                    "(BuildKit's CopyIgnoredFile); remove the pattern, or stop copying it.",
                )


RULE = Rule(
    code="DF017",
    name="CopyIgnoredFile",
    severity=Severity.ERROR,
    summary="COPY and ADD cannot read paths that .dockerignore excludes",
    rationale=(
        "Files that `.dockerignore` excludes never reach the builder, so `COPY` of one of\n"
        "them fails (`not found`), or, for a folder, copies it without the excluded part.\n"
        "BuildKit warns (CopyIgnoredFile) before the build fails.\n\n"
        "dlint reads `<Dockerfile name>.dockerignore` next to the Dockerfile, else\n"
        "`.dockerignore` in the build context: the folder given with `--context`, or else\n"
        "the Dockerfile's own folder (the usual `docker build .` next to it). Patterns\n"
        "follow Docker's syntax (`*`, `?`, `[...]`, `**`), and a pattern excludes everything\n"
        "under a matching folder. As in BuildKit, a file with `!` exceptions is not checked.\n"
        "Sources with wildcards or variables, URLs, `--from` sources and heredocs are not\n"
        "checked, nor is standard input unless `--context` is given."
    ),
    check=check,
    bad="FROM python:3.12-slim\nCOPY README.md app.py /app/\n",
    good="FROM python:3.12-slim\nCOPY app.py /app/\n",
    example_context={".dockerignore": "*.md\n.git\n"},
    tags=("correctness",),
    buildkit_name="CopyIgnoredFile",
    precision="high",
    reads=reads,
)
