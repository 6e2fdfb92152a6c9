"""DF007: EXPOSE with a host port or an IP address (BuildKit's ExposeInvalidFormat)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import expose_values, origin


def check(ctx: RuleContext) -> Iterator[Finding]:
    for word, part in expose_values(ctx.facts):
        if ":" not in part:
            continue
        container = part.rsplit(":", 1)[1]
        yield Finding(
            word.span,
            f"EXPOSE {part}{origin(word)} names a host port or address, which EXPOSE cannot "
            f"set: BuildKit keeps only {container} and warns (ExposeInvalidFormat, announced to "
            f"become an error); write EXPOSE {container} and publish it when the container "
            f"runs (docker run -p {part}).",
        )


RULE = Rule(
    code="DF007",
    name="ExposeInvalidFormat",
    severity=Severity.WARNING,
    summary="EXPOSE takes container ports only, not host:container mappings",
    rationale=(
        "EXPOSE documents which ports the program in the image listens on. Which host port\n"
        "and address they are published on is decided when the container runs (`docker run\n"
        "-p 8080:80`, a compose file, a Kubernetes Service), never by the image. BuildKit\n"
        "drops the host part of `EXPOSE 8080:80` or `EXPOSE 127.0.0.1:8080:80`, warns\n"
        "(ExposeInvalidFormat) and has announced that it will become an error.\n\n"
        "Values from ARG and ENV are expanded; EXPOSE in ONBUILD triggers is checked as\n"
        "written."
    ),
    check=check,
    bad="FROM nginx:1.27\nEXPOSE 8080:80\n",
    good="FROM nginx:1.27\nEXPOSE 80\n",
    tags=("correctness",),
    buildkit_name="ExposeInvalidFormat",
    precision="very-high",
)
