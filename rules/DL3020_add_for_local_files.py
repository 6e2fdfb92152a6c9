"""DL3020: ADD used where COPY does the job (local files, no archive to unpack)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Instruction, Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import copy_args, origin, with_onbuild

#: Suffixes of the archives ADD unpacks (tar, alone or compressed).
ARCHIVE_SUFFIXES = (
    ".tar",
    ".gz",
    ".tgz",
    ".bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".xz",
    ".txz",
    ".lz",
    ".tlz",
    ".lzma",
    ".z",
    ".tz",
    ".tpz",
    ".zst",
    ".tzst",
)
#: Prefixes of sources ADD fetches: HTTP(S) URLs and git repositories.
REMOTE_PREFIXES = ("http://", "https://", "git://", "git@", "ssh://")


def is_remote(source: str) -> bool:
    return source.lower().startswith(REMOTE_PREFIXES)


def is_archive(source: str) -> bool:
    return source.lower().endswith(ARCHIVE_SUFFIXES)


def _local_source(ctx: RuleContext, inst: Instruction, trigger: bool) -> tuple[Word, str] | None:
    """The first source COPY could copy as well (word, value), or None when ADD is needed."""
    args = copy_args(inst)
    if args is None:
        return None
    for word in args.sources:
        if args.is_heredoc(inst, word):
            return word, word.value
        value: str | None = word.value
        if not word.literal:
            value = None if trigger else ctx.facts.expand(inst, word.text)
        if value is None:
            return None  # known only at build time: it may be a URL
        if not (is_remote(value) or is_archive(value)):
            return word, value
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report ADD whose sources are local files that are not archives."""
    for inst, trigger in with_onbuild(ctx.facts, "ADD"):
        if inst.flag("checksum") or inst.flag("keep-git-dir") or inst.flag("unpack"):
            continue  # options only ADD has: the author wants ADD
        found = _local_source(ctx, inst, trigger)
        if found is None:
            continue
        word, value = found
        if word.value.startswith("<<"):
            what = f"ADD {value} writes inline content, which COPY does as well"
        else:
            what = (
                f"ADD {value}{origin(word)} copies a local file or directory, "
                "which is what COPY does"
            )
        yield Finding(
            word.span,
            f"{what}; use COPY, and keep ADD for URLs, git repositories and archives that "
            "should be unpacked.",
        )


RULE = Rule(
    code="DL3020",
    name="AddInsteadOfCopy",
    severity=Severity.ERROR,
    summary="Use COPY instead of ADD for local files and folders",
    rationale=(
        "ADD does more than copy: it downloads URLs, clones git repositories and unpacks local\n"
        "tar archives. For a plain file or directory it does the same as COPY, but a reader\n"
        "cannot tell whether the extra magic was meant, and a file that happens to be a tar\n"
        "archive gets unpacked. COPY says exactly what happens.\n\n"
        "ADD is left alone when every source is an http(s) URL, a git repository (`git@...`,\n"
        "`git://`, `ssh://`; a bare `github.com/...` is a local path to ADD) or a local archive\n"
        "ADD unpacks (`.tar`, `.tar.gz`, `.tgz`, `.bz2`, `.xz`, `.zst`...; `.zip` is not\n"
        "unpacked), and when it uses a flag\n"
        "only ADD has (`--checksum`, `--keep-git-dir`, `--unpack`). Sources from ARG and ENV are\n"
        "resolved; one known only at build time may be a URL and is not reported (hadolint\n"
        "reports it). ADD of a here-document and ADD in ONBUILD triggers are checked too."
    ),
    check=check,
    bad="FROM python:3.12-slim\nWORKDIR /app\nADD app.py /app/\n",
    good=(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py /app/\n"
        "ADD https://example.com/data.tar.gz /tmp/\n"
    ),
    tags=("correctness",),
    hadolint=True,
)
