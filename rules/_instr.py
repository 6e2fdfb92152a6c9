"""Helpers for the instruction rules (DL3002-DL3065): paths, stages, flags, variables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dlint import words
from dlint.analysis import PLATFORM_ARGS, Facts, Stage
from dlint.imageref import ImageRef
from dlint.model import Instruction, Span, TextMap, Word
from dlint.rule import RuleContext

#: ``C:``, ``c:\\x``, ``d:/x``: a path on a Windows drive, absolute for our purposes.
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


def image_span(stage: Stage) -> Span:
    """Where a stage's FROM names its image."""
    inst = stage.from_instruction
    return inst.words[0].span if inst.words else inst.span


def image_origin(stage: Stage) -> str:
    """`` (from $BASE)`` when the FROM names its image through a variable."""
    raw = stage.from_instruction.image or ""
    return f" (from {raw})" if "$" in raw else ""


def external_refs(ctx: RuleContext) -> Iterator[tuple[Stage, ImageRef]]:
    """Stages whose base is an image (not a stage, not scratch) with a known, valid reference."""
    for stage in ctx.facts.stages:
        if isinstance(stage.image_ref, ImageRef):
            yield stage, stage.image_ref


@dataclass(frozen=True)
class PartialRef:
    """A FROM image known only in part: a variable before the last ``/`` (the registry or
    namespace, ``gcr.io/$PROJECT/app:latest``) cannot change its tag, which is read as
    written. ``familiar`` is the image without tag or digest."""

    raw: str
    familiar: str
    tag: str | None
    digest: bool


def partial_refs(ctx: RuleContext) -> Iterator[tuple[Stage, PartialRef]]:
    """Stages whose base image is unknown only in its registry or namespace part."""
    for stage in ctx.facts.stages:
        raw = stage.from_instruction.image or ""
        if stage.image_ref is not None or stage.base_stage is not None or "/" not in raw:
            continue
        head, _, tail = raw.rpartition("/")
        if "$" not in head or not tail or "$" in tail or "}" in tail:
            continue  # `${BASE:-ghcr.io/org/base}`: the `/` is inside the variable
        name, at, _digest = tail.partition("@")
        name, colon, tag = name.partition(":")
        if not name or (colon and not tag):
            continue
        yield stage, PartialRef(raw, f"{head}/{name}", tag or None, bool(at))


def copied_images(ctx: RuleContext) -> Iterator[tuple[Span, str, ImageRef]]:
    """Images that ``COPY --from``, ``ADD --from`` or ``RUN --mount=from=`` pull (not
    stages): (where the value is, what the instruction does with it, its reference)."""
    from dlint.imageref import try_parse_image

    for inst in ctx.facts.instructions("COPY", "ADD", "RUN"):
        for flag in inst.flags:
            if flag.name == "from" and flag.value:
                value = flag.value
                what = f"{inst.name} --from={value} copies from"
                at = flag.span.column + len("--from=")
            elif flag.name == "mount" and flag.option("from"):
                value = flag.option("from") or ""
                what = f"RUN --mount=from={value} mounts"
                at = None
            else:
                continue
            if classify_from(ctx.facts, inst, value).kind != "image":
                continue
            ref = try_parse_image(value)
            if not isinstance(ref, ImageRef):
                continue
            span = flag.span
            if at is not None and span.line == span.end_line:
                span = Span(span.line, at, span.line, at + len(value))
            yield span, what, ref


def text_span(inst: Instruction) -> Span:
    """The span of an instruction's arguments, trailing blanks left out."""
    text = inst.args.rstrip()
    if not text:
        return inst.keyword_span
    start = len(inst.args) - len(inst.args.lstrip())
    return inst.args_map.span(start, len(text))


def texts(inst: Instruction, expanded: bool = False) -> Iterator[tuple[str, TextMap]]:
    """The instruction's argument text and its heredoc bodies, each with the map from its
    offsets to source positions; ``expanded``: only bodies whose variables are expanded
    (the delimiter is not quoted)."""
    yield inst.args, inst.args_map
    for doc in inst.heredocs:
        if not (expanded and doc.quoted):
            yield doc.body, doc.body_map


def is_root_user(user: str) -> bool:
    """True for ``root``, ``0``, ``root:<group>`` and ``0:<group>``: the uid decides."""
    uid = user.strip().split(":", 1)[0]
    return uid in ("root", "0")


def is_absolute(path: str) -> bool:
    """A container path that does not depend on WORKDIR (POSIX or Windows)."""
    return path.startswith(("/", "\\")) or bool(_WINDOWS_DRIVE.match(path))


def origin(word: Word) -> str:
    """`` (from $X)`` when the word holds a variable, to show where a value came from."""
    return "" if word.literal else f" (from {word.text})"


@dataclass(frozen=True)
class CopyArgs:
    """The sources and destination of a COPY or ADD, as words of the instruction."""

    sources: tuple[Word, ...]
    dest: Word

    def is_heredoc(self, inst: Instruction, word: Word) -> bool:
        """True when a source word is a here-document (``<<EOF``), not a path."""
        if not word.value.startswith("<<"):
            return False
        name = word.value[2:].lstrip("-").strip("'\"")
        return any(h.name == name for h in inst.heredocs)


def copy_args(inst: Instruction) -> CopyArgs | None:
    """Sources and destination of a COPY/ADD; None when there is no destination."""
    if len(inst.words) < 2:
        return None
    return CopyArgs(tuple(inst.words[:-1]), inst.words[-1])


def with_onbuild(facts: Facts, *names: str) -> Iterator[tuple[Instruction, bool]]:
    """Instructions with these names, then ONBUILD triggers with them: (instruction, is_trigger)."""
    wanted = set(names)
    for inst in facts.dockerfile.instructions:
        if inst.name in wanted:
            yield inst, False
        elif inst.name == "ONBUILD" and inst.onbuild is not None and inst.onbuild.name in wanted:
            yield inst.onbuild, True


def expose_values(facts: Facts) -> Iterator[tuple[Word, str]]:
    """Every EXPOSE value (``80/tcp``) with its word, ARG/ENV expanded; ONBUILD triggers as written.

    A value known only at build time is left out.
    """
    for inst, trigger in with_onbuild(facts, "EXPOSE"):
        for word in inst.words:
            value: str | None = word.value
            if not word.literal:
                value = None if trigger else facts.expand(inst, word.text)
            for part in (value or "").split():
                yield word, part


def stage_name_word(inst: Instruction) -> Word | None:
    """The ``name`` word of ``FROM image AS name``."""
    if inst.stage_name is None:
        return None
    for i in range(len(inst.words) - 1):
        if inst.words[i].value.lower() == "as":
            return inst.words[i + 1]
    return None


def global_arg_defaults(facts: Facts) -> dict[str, str | None]:
    """Global ARG defaults as written (before expansion), for tracing what a value uses."""
    found: dict[str, str | None] = {}
    for inst in facts.instructions("ARG"):
        if inst.stage == -1:
            for kv in inst.key_values:
                found[kv.key] = kv.raw_value if kv.raw_value is not None else kv.value
    return found


def uses_platform_arg(text: str, facts: Facts) -> bool:
    """True when ``text`` refers to a BuildKit platform ARG, directly or via global ARG defaults."""
    defaults = global_arg_defaults(facts)
    seen: set[str] = set()
    pending = [text]
    while pending:
        current = pending.pop()
        for name, _, _ in words.references(current, facts.dockerfile.escape):
            if name in PLATFORM_ARGS:
                return True
            if name in seen:
                continue
            seen.add(name)
            default = defaults.get(name)
            if default:
                pending.append(default)
    return False


@dataclass(frozen=True)
class FromRef:
    """What a ``COPY --from`` value refers to.

    ``kind`` is ``"stage"`` (an earlier stage, fine), ``"self"`` (the stage the
    COPY is in), ``"later"`` (a stage defined after it), ``"bad-index"`` (a
    number that is no earlier stage), ``"variable"`` (``$X``, which ``--from``
    does not expand), ``"image"`` (an image reference, with ``:``, ``/`` or
    ``@``) or ``"unknown-name"`` (a bare name that is no stage: an image to pull,
    most likely a typo).
    """

    kind: str
    value: str
    stage: Stage | None = None


def classify_from(facts: Facts, inst: Instruction, value: str) -> FromRef:
    """Resolve a ``COPY --from`` value the way BuildKit does, relative to ``inst``'s stage."""
    here = inst.stage
    if words.references(value, facts.dockerfile.escape):
        return FromRef("variable", value)
    if words.is_number(value):
        index = int(value)
        if index < here:
            return FromRef("stage", value, facts.stages[index])
        if index == here:
            return FromRef("self", value, facts.stages[index])
        return FromRef("bad-index", value)
    key = value.lower()
    named = [s for s in facts.stages if s.name == key]
    earlier = [s for s in named if s.index < here]
    if earlier:
        return FromRef("stage", value, earlier[-1])
    if any(s.index == here for s in named):
        return FromRef("self", value, facts.stages[here])
    if named:
        return FromRef("later", value, named[0])
    if any(c in value for c in ":/@"):
        return FromRef("image", value)
    return FromRef("unknown-name", value)


def expand_in_from(facts: Facts, text: str) -> str | None:
    """Expand ``text`` as a FROM line sees it: global ARGs and the platform ARGs only.

    ``Facts.scope`` of a FROM after the first returns the previous stage's
    variables, so FROM values are expanded here instead.
    """
    scope: dict[str, str | None] = dict.fromkeys(PLATFORM_ARGS)
    scope.update(facts.global_args)
    return words.expand(text, scope, facts.dockerfile.escape)


#: Init wrappers and exec: they start the command in their arguments as given, without a
#: shell (`tini -- app`, `dumb-init app`).
INIT_WRAPPERS = frozenset({"exec", "tini", "tini-static", "dumb-init", "catatonit"})


def _last(chain: list[Stage], name: str) -> tuple[int, Instruction | None]:
    for depth, stage in enumerate(chain):
        found = stage.instructions_named(name)
        if found:
            return depth, found[-1]
    return len(chain), None


def command_argvs(facts: Facts, stage: Stage) -> Iterator[tuple[Instruction, list[Word]]]:
    """The argv lists the container runs: ENTRYPOINT and CMD combined, shell scripts unwrapped."""
    chain = facts.lineage(stage)
    ep_depth, entrypoint = _last(chain, "ENTRYPOINT")
    cmd_depth, cmd = _last(chain, "CMD")
    if entrypoint is not None and cmd is not None and cmd_depth > ep_depth:
        cmd = None  # a later ENTRYPOINT resets an inherited CMD
    parts = [i for i in (entrypoint, cmd) if i is not None]
    if entrypoint is not None and entrypoint.exec_form is None:
        parts = [entrypoint]
    argv: list[Word] = []
    for inst in parts:
        scripts = facts.scripts_of(inst)
        if scripts:  # shell form, or an exec form running `sh -c CODE`
            for script in scripts:
                for command in script.commands:
                    yield inst, list(command.words)
        elif inst.exec_form is not None:
            argv.extend(inst.words)  # the JSON strings, with their positions
    if argv:
        yield parts[0], argv
