"""DF016: a variable in FROM that no global ARG declares (BuildKit's UndefinedArgInFrom)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint import words
from dlint.analysis import PLATFORM_ARGS
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import closest, defaulted_names


def check(ctx: RuleContext) -> Iterator[Finding]:
    declared = {
        kv.key
        for inst in ctx.facts.instructions("ARG")
        if inst.stage == -1
        for kv in inst.key_values
    }
    known = declared | set(PLATFORM_ARGS)
    escape = ctx.dockerfile.escape
    for inst in ctx.facts.instructions("FROM"):
        texts = [(w.text, w.span) for w in inst.words[:1]]
        platform = inst.flag("platform")
        if platform is not None and platform.value:
            texts.append((platform.value, platform.span))
        for text, span in texts:
            defaulted = defaulted_names(text)
            for name, _, _ in words.references(text, escape):
                if name in known or name in defaulted or name.startswith("BUILDKIT_"):
                    continue
                close = closest(name, sorted(declared))
                hint = f" (did you mean {close}?)" if close else ""
                yield Finding(
                    span,
                    f"FROM uses ${name}, which no ARG before the first FROM declares{hint}, so "
                    "it expands to an empty string unless --build-arg happens to set it; "
                    f"declare it with ARG {name}=<default> at the top of the file.",
                )


RULE = Rule(
    code="DF016",
    name="UndefinedArgInFrom",
    severity=Severity.WARNING,
    summary="Declare every variable FROM uses with an ARG before the first FROM",
    rationale=(
        "FROM can only see the ARGs declared before the first FROM (and BuildKit's platform\n"
        "ARGs). A variable it uses that is declared nowhere, or only inside a stage,\n"
        "expands to an empty string: `FROM python:${PY_VERSION}-slim` becomes\n"
        "`python:-slim` and the build fails, or, worse, picks another image. BuildKit warns\n"
        "(UndefinedArgInFrom). A reference with its own default (`${TAG:-3.12}`) is not\n"
        "reported."
    ),
    check=check,
    bad="FROM python:${PY_VERSION}-slim\nRUN python --version\n",
    good="ARG PY_VERSION=3.12\nFROM python:${PY_VERSION}-slim\nRUN python --version\n",
    tags=("correctness",),
    buildkit_name="UndefinedArgInFrom",
    precision="high",
)
