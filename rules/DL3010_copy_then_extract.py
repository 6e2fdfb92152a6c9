"""DL3010: a tar archive COPY'd into the image and then extracted by RUN."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from dlint.model import Command, Instruction, Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import exec_command, is_posix, split_run, values_of

#: archives ADD unpacks by itself: tar, plain or compressed with gzip, bzip2 or xz.
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz")
TARS = frozenset({"tar", "gtar", "bsdtar"})
#: decompressors, and the option that makes the compressor decompress.
DECOMPRESSORS = frozenset({"gunzip", "bunzip2", "unxz", "zcat", "gzcat", "bzcat", "xzcat"})
COMPRESSORS = frozenset({"gzip", "bzip2", "xz", "pigz"})


@dataclass(frozen=True)
class Archive:
    """A tar archive a COPY put into the stage, under the name it has there."""

    name: str  # basename in the image (a glob when the source is one)
    word: Word  # the source word in the COPY
    copy: Instruction


def _basename(path: str) -> str:
    return path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1].strip("\"'")


def _is_tar(name: str) -> bool:
    return name.lower().endswith(TAR_SUFFIXES)


def _copied(ctx: RuleContext, inst: Instruction) -> list[Archive]:
    """The tar archives a COPY from the build context brings in."""
    if inst.flag("from") is not None or inst.heredocs or len(inst.words) < 2:
        return []
    *sources, dest = inst.words
    dest_name = _basename((values_of(ctx.facts, inst, dest) or [dest.value])[0])
    found = []
    for word in sources:
        for value in values_of(ctx.facts, inst, word) or ():
            name = _basename(value)
            if not _is_tar(name):
                continue
            if _is_tar(dest_name) and len(sources) == 1 and not dest.value.endswith("/"):
                name = dest_name  # copied under a new name
            found.append(Archive(name, word, inst))
    return found


def _program(cmd: Command) -> str:
    """The command's name without directory or ``.exe`` (Windows paths too)."""
    name = _basename(cmd.name).lower()
    return name[:-4] if name.endswith(".exe") else name


def _extracting(cmd: Command) -> bool:
    """tar in extract mode, or a decompressor (its output goes on to tar)."""
    values = [w.value for w in cmd.words[1:]]
    program = _program(cmd)
    if program in TARS:
        if values and not values[0].startswith("-") and "x" in values[0]:
            return True  # old-style bundled options: ``tar xzf file``
        return any(
            v in ("--extract", "--get")
            or (v.startswith("-") and not v.startswith("--") and "x" in v)
            for v in values
        )
    if program in DECOMPRESSORS:
        return True
    return program in COMPRESSORS and any(
        v in ("--decompress", "--uncompress") or (v.startswith("-") and "d" in v[1:])
        for v in values
        if not v.startswith("--") or v in ("--decompress", "--uncompress")
    )


def _names(cmd: Command) -> set[str]:
    """Basenames of the files a command mentions (``--file=x`` and ``-fx`` included)."""
    names = set()
    for w in cmd.words[1:]:
        v = w.value
        names.add(_basename(v))
        if "=" in v:
            names.add(_basename(v.split("=", 1)[1]))
        if v.startswith("-f") and len(v) > 2:
            names.add(_basename(v[2:]))
    return names


def _commands(ctx: RuleContext, inst: Instruction) -> list[Command]:
    """The commands of a RUN, also in exec form and under a Windows SHELL."""
    scripts = ctx.facts.scripts_of(inst)
    if scripts:
        return [cmd for script in scripts for cmd in script.commands]
    if inst.exec_form is not None:
        cmd = exec_command(inst)
        return [cmd] if cmd is not None else []
    return [] if is_posix(ctx.facts.shell_of(inst)) else split_run(inst)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for stage in ctx.facts.stages:
        archives: list[Archive] = []
        reported: set[tuple[int, str]] = set()
        for inst in stage.instructions:
            if inst.name == "COPY":
                archives.extend(_copied(ctx, inst))
                continue
            if inst.name != "RUN" or not archives:
                continue
            for cmd in _commands(ctx, inst):
                if not _extracting(cmd):
                    continue
                names = _names(cmd)
                for a in archives:
                    key = (a.copy.index, a.name)
                    if key in reported or not any(fnmatchcase(n, a.name) for n in names):
                        continue
                    reported.add(key)
                    yield Finding(
                        a.word.span,
                        f"`{a.name}` is copied into a layer here and extracted by "
                        f"`{_program(cmd)}` on line {cmd.span.line}, so the archive stays in the "
                        "image; use ADD, which unpacks local tar archives itself, or read it "
                        "from a bind mount (`RUN --mount=type=bind,source=...`).",
                    )


RULE = Rule(
    code="DL3010",
    name="CopyThenExtract",
    severity=Severity.INFO,
    summary="Use ADD (or a bind mount) to extract a local tar archive, not COPY then tar",
    rationale=(
        "Layers are immutable: a tar archive COPY'd into the image stays in that layer even\n"
        "when a later RUN extracts it and deletes it, so the image carries the data twice.\n"
        "`ADD app.tar.gz /opt/` unpacks a local tar archive (plain, gzip, bzip2 or xz) in one\n"
        "step with no copy of the archive left behind. When the extraction needs tar options\n"
        "ADD does not have (`--strip-components`), read the archive from a bind mount\n"
        "instead: `RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf\n"
        "/tmp/app.tar.gz --strip-components=1 -C /opt`.\n\n"
        "Reported on the COPY, at the archive, when a later RUN of the same stage extracts a\n"
        "file of that name: `tar` in extract mode (`-x`, `--extract`, and the dash-less\n"
        "`tar xzf` that hadolint misses), or a decompressor (`gunzip`, `zcat`, `xz -d`...)\n"
        "feeding tar. Only tar archives count, since ADD extracts nothing else: hadolint also\n"
        "suggests ADD for `.gz`, `.bz2` or `.xz` files that are not tar archives, which ADD\n"
        "would copy as they are. `COPY --from` is not reported."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\nCOPY app-1.0.tar.gz /tmp/\n"
        "RUN tar -xzf /tmp/app-1.0.tar.gz -C /opt && rm /tmp/app-1.0.tar.gz\n"
    ),
    good="FROM debian:12-slim\nADD app-1.0.tar.gz /opt/\n",
    tags=("size",),
    hadolint=True,
)
