"""DF020: a variable that nothing defines where it is used (BuildKit's UndefinedVar)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint import words
from dlint.analysis import PLATFORM_ARGS, Facts, ScopeView
from dlint.model import Instruction, Span, TextMap
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import closest, defaulted_names
from ._instr import texts

#: Instructions whose arguments BuildKit expands (CMD, ENTRYPOINT and HEALTHCHECK are not:
#: a shell expands them when the container runs).
EXPANDED = frozenset(
    {"ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG"}
)

#: BuildKit sets PATH in every stage; the proxy variables are predefined build arguments.
_ALWAYS = frozenset({"PATH"})


#: Flags whose values BuildKit expands: COPY/ADD --chown, RUN --mount (a cache id...).
_EXPANDED_FLAGS = frozenset({"chown", "mount"})


def _references(inst: Instruction, escape: str) -> Iterator[tuple[str, Span]]:
    """Variable references BuildKit or the shell expands, without those that have a default.

    A RUN's heredoc script is expanded by the shell that runs it even when its delimiter is
    quoted; a COPY heredoc with a quoted delimiter is copied as written.
    """
    bodies = list(texts(inst, expanded=inst.name != "RUN"))
    for flag in inst.flags:
        if flag.name in _EXPANDED_FLAGS and flag.value and flag.span.line == flag.span.end_line:
            at = flag.span.column + len(flag.name) + 3  # past ``--name=``
            bodies.append((flag.value, TextMap.single(flag.span.line, at)))
    for text, tmap in bodies:
        if "$" not in text:
            continue
        defaulted = defaulted_names(text)
        for name, start, end in words.references(text, escape):
            if name in defaulted or not (name[0].isalpha() or name[0] == "_"):
                continue
            yield name, tmap.span(start, end)


def _assigned_in_script(name: str, inst: Instruction) -> bool:
    """The script gives the name a value itself (``NAME=...``, ``for NAME``, ``read NAME``)."""
    pattern = rf"(?<![\w$]){name}=|\bfor\s+{name}\b|\bread\b[^;&|\n]*\b{name}\b"
    return any(re.search(pattern, text) for text, _ in texts(inst))


def _picks_base_version(facts: Facts, inst: Instruction, name: str) -> bool:
    """``ARG PYTHON_VERSION`` chose the base image (``FROM python:${PYTHON_VERSION}``): the
    official images set an ENV of the same name, so the stage does see a value."""
    if not name.endswith("_VERSION"):
        return False
    chain = facts.lineage(facts.stage_of(inst))
    root = chain[-1].from_instruction if chain else None
    return root is not None and name in {n for n, _, _ in words.references(root.args)}


def check(ctx: RuleContext) -> Iterator[Finding]:
    facts = ctx.facts
    escape = ctx.dockerfile.escape
    global_names = set(facts.global_args) | set(PLATFORM_ARGS)
    for inst in ctx.dockerfile.instructions:
        if inst.stage < 0 or inst.name not in (*EXPANDED, "RUN"):
            continue
        scope = facts.scope(inst)
        if not isinstance(scope, ScopeView):
            continue
        for name, span in _references(inst, escape):
            if name in _ALWAYS or scope.sets(name):
                continue
            if name in global_names:
                if inst.name == "RUN" and _assigned_in_script(name, inst):
                    continue
                if scope.open and _picks_base_version(facts, inst, name):
                    continue
                where = (
                    "a platform argument"
                    if name in PLATFORM_ARGS
                    else "declared before the first FROM"
                )
                yield Finding(
                    span,
                    f"${name} is {where}, so only FROM lines see it: in this stage it is empty "
                    f"(unless the base image sets it); add `ARG {name}` to the stage to use it.",
                )
                continue
            if inst.name == "RUN":
                continue  # the shell's own variables and the base image's are out of sight
            known = sorted(n for n in scope if n != name)
            close = closest(name, known, cutoff=0.8)
            if scope.open and not close:
                continue  # the base image's environment may define it
            hint = f" (did you mean {close}?)" if close else ""
            source = "the base image may set it, but " if scope.open else ""
            yield Finding(
                span,
                f"No ARG or ENV declares ${name}{hint}; {source}as written it expands to an "
                "empty string.",
            )


RULE = Rule(
    code="DF020",
    name="UndefinedVar",
    severity=Severity.WARNING,
    summary="Use only variables that an ARG or ENV of the stage defines",
    rationale=(
        "BuildKit expands `$NAME` in COPY, ADD, ENV, ARG, LABEL, WORKDIR, USER, EXPOSE,\n"
        "VOLUME and STOPSIGNAL (and in `--chown` and RUN's `--mount` options), and a name\n"
        "nothing defines becomes an empty string without\n"
        "an error: `COPY app /opt/$APP_DIR/` copies to `/opt/`. BuildKit warns\n"
        "(UndefinedVar), and so does dlint where it can be sure without the base image:\n\n"
        "- **an ARG declared before the first FROM**, or a platform argument\n"
        "  (`TARGETARCH`...), used inside a stage that does not declare it again. Those are\n"
        "  visible only in FROM lines; a stage needs a bare `ARG NAME` to get the value.\n"
        "  This is checked in RUN too, where the shell sees an empty variable, unless the\n"
        "  script sets the name itself. A `*_VERSION` argument that chose the base image\n"
        "  (`FROM node:${NODE_VERSION}`) is left alone: the official images set an ENV of\n"
        "  that name;\n"
        "- **a name close to one the stage declares** (`$APP_VERISON` with\n"
        "  `ARG APP_VERSION`), with a did-you-mean;\n"
        "- **any undefined name in a stage built FROM scratch**, whose environment is\n"
        "  only what the Dockerfile sets.\n\n"
        "Other names may come from the base image's environment (`$JAVA_HOME`), which\n"
        "dlint does not fetch, so they are not reported. References with a default\n"
        "(`${TARGETOS:-linux}`) are not reported. A stage built on an earlier stage sees the\n"
        "ARGs and ENV declared there."
    ),
    check=check,
    bad=(
        "ARG VERSION=1.4.2\n"
        "FROM alpine:3.20\n"
        "RUN wget -q https://example.com/tool-${VERSION}.tar.gz\n"
    ),
    good=(
        "ARG VERSION=1.4.2\n"
        "FROM alpine:3.20\n"
        "ARG VERSION\n"
        "RUN wget -q https://example.com/tool-${VERSION}.tar.gz\n"
    ),
    tags=("correctness",),
    buildkit_name="UndefinedVar",
    precision="high",
)
