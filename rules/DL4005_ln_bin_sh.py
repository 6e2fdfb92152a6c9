"""DL4005: replacing /bin/sh with ln instead of using SHELL."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import parse_args

SH = ("/bin/sh", "/usr/bin/sh")
LN_LONG = frozenset({"target-directory", "suffix", "backup"})


def _link_name(words: tuple[Word, ...]) -> Word | None:
    """The word naming the link ``ln`` creates (its last operand), unless it is a directory."""
    args = parse_args(words[1:], "tS", LN_LONG)
    if args.has("t", "target-directory") or len(args.operands) < 2:
        return None
    return args.operands[-1]


def check(ctx: RuleContext) -> Iterator[Finding]:
    for _inst, cmd in ctx.facts.commands("ln"):
        link = _link_name(cmd.words)
        if link is None or link.value.rstrip("/") not in SH:
            continue
        yield Finding(
            link.span,
            f"`ln` replaces {link.value} for every later program of the image, not just the "
            "build; use a SHELL instruction to run RUN with another shell.",
        )


RULE = Rule(
    code="DL4005",
    name="LinkBinSh",
    severity=Severity.WARNING,
    summary="Use SHELL to change the shell of RUN, not ln to /bin/sh",
    rationale=(
        "`ln -sf /bin/bash /bin/sh` makes every program in the image that runs `/bin/sh`\n"
        "(scripts with `#!/bin/sh`, `system()` calls, package maintainer scripts) use bash\n"
        "instead, with bash's behaviour in POSIX mode, which can break them in ways that are\n"
        "hard to trace. If RUN instructions need bash, say so with\n"
        '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`: it changes only how the\n'
        "Dockerfile's own commands run.\n\n"
        "Reported when the link `ln` creates is `/bin/sh` (or `/usr/bin/sh`), at that word.\n"
        "hadolint reports any `ln` that mentions `/bin/sh`, also `ln -s /bin/sh /usr/local/bin/sh`,\n"
        "which leaves /bin/sh alone; dlint does not."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN ln -sf /bin/bash /bin/sh\n",
    good='FROM debian:12-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
    tags=("correctness",),
    hadolint=True,
)
