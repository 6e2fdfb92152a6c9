"""DL3000: a relative WORKDIR whose meaning depends on the base image."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

_ABSOLUTE = re.compile(r"""^["']?(/|\$|[A-Za-z]:[\\/]?|\\)""")


def is_absolute(path: str) -> bool:
    """``/x``, ``$VAR/x`` (resolved at build time), ``C:\\x`` and ``\\x`` are fine."""
    return bool(_ABSOLUTE.match(path.strip()))


def check(ctx: RuleContext) -> Iterator[Finding]:
    for stage in ctx.facts.stages:
        # An absolute WORKDIR inherited from an earlier stage anchors relative ones.
        anchored = (
            stage.base_stage is not None and ctx.facts.stages[stage.base_stage].workdir is not None
        )
        for inst in stage.instructions_named("WORKDIR"):
            path = inst.args.strip()
            if not path:
                continue
            if is_absolute(path):
                anchored = True
                continue
            if not anchored:
                yield Finding(
                    inst.args_map.span(0, len(inst.args.rstrip())),
                    f"WORKDIR {path} is relative, so where it lands depends on the base image's "
                    f"WORKDIR; write the absolute path it means (/{path.lstrip('./')} when the "
                    "base image sets no WORKDIR).",
                )


RULE = Rule(
    code="DL3000",
    name="WorkdirRelativePath",
    severity=Severity.ERROR,
    summary="Use an absolute WORKDIR",
    rationale=(
        "A relative WORKDIR is resolved against the WORKDIR the base image happens to set, so\n"
        "the same Dockerfile puts files in different places when the base image changes. An\n"
        "absolute path says where files go.\n\n"
        "Paths starting with a variable (`$HOME/app`) and Windows paths (`C:\\\\app`) count as\n"
        "absolute. As in BuildKit's WorkdirRelativePath check, a relative WORKDIR after an\n"
        "absolute one in the same stage (or inherited from the stage it is built FROM) is\n"
        "well defined and not reported; hadolint reports every relative WORKDIR."
    ),
    check=check,
    bad="FROM python:3.12-slim\nWORKDIR hello-world\n",
    good="FROM python:3.12-slim\nWORKDIR /hello-world\n",
    tags=("correctness",),
    buildkit_name="WorkdirRelativePath",
    hadolint=True,
)
