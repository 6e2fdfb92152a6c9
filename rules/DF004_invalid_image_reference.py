"""DF004: an image reference that Docker cannot resolve."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.imageref import InvalidReference, try_parse_image
from dlint.model import Instruction, Span
from dlint.rule import Finding, Rule, RuleContext, Severity


def _word_span(inst: Instruction, text: str) -> Span:
    for word in inst.words:
        if text in word.text:
            return word.span
    return inst.keyword_span


def _origin(raw: str, value: str) -> str:
    return f" (from {raw})" if raw != value else ""


def check(ctx: RuleContext) -> Iterator[Finding]:
    for stage in ctx.facts.stages:
        ref = stage.image_ref
        if isinstance(ref, InvalidReference):
            inst = stage.from_instruction
            raw = inst.image or ""
            span = inst.words[0].span if inst.words else inst.span
            yield Finding(
                span,
                f"FROM {ref.reference}{_origin(raw, ref.reference)} is not a valid image "
                f"reference: {ref.reason}; the build stops here.",
            )
    for inst in ctx.facts.instructions("COPY", "ADD", "RUN"):
        yield from _image_flags(ctx, inst)


def _image_flags(ctx: RuleContext, inst: Instruction) -> Iterator[Finding]:
    """``COPY --from=<image>`` and ``RUN --mount=from=<image>`` naming a malformed image."""
    values: list[tuple[str, Span]] = []
    if inst.name in ("COPY", "ADD"):
        flag = inst.flag("from")
        if flag is not None and flag.value:
            values.append((flag.value, flag.span))
    else:
        for flag in inst.flags_named("mount"):
            source = flag.option("from")
            if source:
                values.append((source, flag.span))
    for value, span in values:
        if "$" in value or ctx.facts.stage_named(value) is not None:
            continue
        if not any(c in value for c in ":/@") and value.islower():
            continue  # a bare name: a build context or an unknown stage (DL3022's concern)
        ref = try_parse_image(value)
        if isinstance(ref, InvalidReference):
            yield Finding(
                span,
                f"{value!r} is not a valid image reference: {ref.reason}; the build stops "
                "when it tries to resolve it.",
            )


RULE = Rule(
    code="DF004",
    name="InvalidImageReference",
    severity=Severity.ERROR,
    summary="An image reference is not valid, so the build cannot resolve it",
    rationale=(
        "Image references follow the distribution grammar\n"
        "`[HOST[:PORT]/]PATH[:TAG][@DIGEST]`: the path is lower-case, a tag is at most 128\n"
        "word characters, dots and dashes, and a sha256 digest has exactly 64 lower-case hex\n"
        "digits. BuildKit stops with `invalid reference format` on anything else, but only\n"
        "when the build reaches it; dlint says which part is wrong before the build.\n\n"
        "Checked: FROM (after expanding ARG defaults, as BuildKit's InvalidDefaultArgInFrom\n"
        "does), `COPY --from=<image>` and `RUN --mount=from=<image>`. A value that depends on\n"
        "a build argument without a default, or names a stage, is not judged."
    ),
    check=check,
    bad="FROM Python:3.12\nRUN python --version\n",
    good="FROM python:3.12\nRUN python --version\n",
    tags=("correctness",),
    buildkit_name="InvalidDefaultArgInFrom",
    precision="very-high",
)
