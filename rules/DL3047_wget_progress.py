"""DL3047: wget's default progress output floods build logs."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import parse_args

#: wget options whose value may be the next word; ``-n`` takes its letters attached (``-nv``).
WGET_SHORT = "oaiBtOTwQPUelARDXIn"
WGET_LONG = frozenset(
    {
        "output-file",
        "append-output",
        "input-file",
        "base",
        "tries",
        "output-document",
        "timeout",
        "wait",
        "quota",
        "directory-prefix",
        "user-agent",
        "execute",
        "level",
        "accept",
        "reject",
        "domains",
        "exclude-directories",
        "include-directories",
        "header",
        "user",
        "password",
        "post-data",
        "post-file",
        "method",
        "body-data",
        "body-file",
        "ca-certificate",
        "certificate",
        "private-key",
        "bind-address",
        "limit-rate",
        "referer",
        "load-cookies",
        "save-cookies",
        "progress",
    }
)


def _busybox_wget(ctx: RuleContext, inst: Instruction) -> bool:
    """True when ``wget`` is BusyBox's: an Alpine or BusyBox stage that has not installed
    wget by then."""
    stage = ctx.facts.stage_of(inst)
    if stage is None or not stage.busybox_sh:
        return False
    chain = {s.index for s in ctx.facts.lineage(stage)}
    for other, cmd in ctx.facts.commands("apk"):
        if other.index > inst.index:
            break
        if other.stage in chain and any(v.split("=")[0] == "wget" for v in cmd.arg_values):
            return False
    return True


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in ctx.facts.commands("wget"):
        args = parse_args(cmd.words[1:], WGET_SHORT, WGET_LONG)
        if args.has("progress", "q", "quiet", "no-verbose", "o", "output-file", "a"):
            continue
        if args.has("append-output") or "v" in (args.value("n") or ""):
            continue
        if _busybox_wget(ctx, inst):
            yield Finding(
                cmd.words[0].span,
                "`wget` (BusyBox's, in this image) without `-q` writes its progress meter into "
                "the build log; add -q (BusyBox wget has no --progress option).",
            )
            continue
        yield Finding(
            cmd.words[0].span,
            "`wget` without `--progress=dot:giga`, `-q` or `-nv` writes a line of progress "
            "for every few kilobytes, which floods the build log; add one of them.",
        )


RULE = Rule(
    code="DL3047",
    name="WgetProgress",
    severity=Severity.INFO,
    summary="Use wget with --progress=dot:giga, -q or -nv to keep build logs short",
    rationale=(
        "A build has no terminal, so wget falls back from its progress bar to printing a row\n"
        "of dots for every few kilobytes: downloading a large file adds thousands of lines to\n"
        "the build log, which hides the output that matters and can hit log size limits in\n"
        "CI. `--progress=dot:giga` prints one dot per megabyte, `-nv` (`--no-verbose`) one\n"
        "line per file, `-q` nothing; `-o FILE` and `-a FILE` send the log elsewhere.\n\n"
        "Each wget command without one of these is reported, also when the option is in a\n"
        "group of short options (`-qO-`, `-nvO file`)."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\nRUN wget -O /tmp/app.tgz https://example.com/app-1.0.tgz "
        "&& tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz\n"
    ),
    good=(
        "FROM debian:12-slim\nRUN wget -nv -O /tmp/app.tgz https://example.com/app-1.0.tgz "
        "&& tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz\n"
    ),
    tags=("maintainability",),
    hadolint=True,
)
