"""The checks of BuildKit's instruction layer (``instructions/parse.go``) as parse errors.

BuildKit's line parser accepts any keyword and any argument count; the
instruction layer then fails the build on an unknown keyword, a missing
argument or a bad flag. A linter reports those instead of failing, at the
place they concern, and keeps the instruction.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dlint.model import Instruction, ParseError, Span
from dlint.parser.flags import check_flags
from dlint.parser.heredocs import parse_heredoc_word

KNOWN = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)

_BLANKS = re.compile(r"[\t\v\f\r ]+")
_STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*\Z")


def blank_fields(text: str) -> list[str]:
    """``parseStringsWhitespaceDelimited``: fields split on ASCII blanks, quotes not special."""
    return _BLANKS.split(text) if text else []


def _args_span(inst: Instruction) -> Span:
    if inst.args:
        return inst.args_map.span(0, len(inst.args))
    return inst.keyword_span


def instruction_error(inst: Instruction) -> ParseError | None:
    """The error BuildKit's instruction layer would raise for this instruction, if any."""
    if inst.name not in KNOWN:
        return ParseError(f"unknown instruction: {inst.keyword}", inst.keyword_span)
    message = _ARGUMENT_CHECKS.get(inst.name, _no_check)(inst)
    if message:
        return ParseError(message, _args_span(inst))
    return check_flags(inst.name, inst.flags, inst.health_type == "NONE")


def _no_check(inst: Instruction) -> str:
    return ""


def _at_least_one(inst: Instruction) -> str:
    return "" if inst.args else f"{inst.name} requires at least one argument"


def _exactly_one(inst: Instruction) -> str:
    return "" if inst.args else f"{inst.name} requires exactly one argument"


def _sources_and_dest(inst: Instruction) -> str:
    fields = list(inst.exec_form) if inst.exec_form is not None else blank_fields(inst.args)
    if len(fields) < 2:
        return (
            f"{inst.name} requires at least two arguments, but only one was provided. "
            "Destination could not be determined"
        )
    if parse_heredoc_word(fields[-1]) is not None:
        return f"{inst.name} cannot accept a heredoc as a destination"
    return ""


def _volume(inst: Instruction) -> str:
    fields = list(inst.exec_form) if inst.exec_form is not None else blank_fields(inst.args)
    if not fields:
        return "VOLUME requires at least one argument"
    if any(not f.strip() for f in fields):
        return "VOLUME specified can not be an empty string"
    return ""


def _shell(inst: Instruction) -> str:
    if not inst.args or inst.exec_form == ():
        return "SHELL requires at least one argument"
    if inst.exec_form is None:
        return "SHELL requires the arguments to be in JSON form"
    return ""


def _from(inst: Instruction) -> str:
    fields = blank_fields(inst.args)
    if len(fields) == 3 and fields[1].lower() == "as":
        if not _STAGE_NAME.match(fields[2].lower()):
            return (
                f'invalid name for build stage: "{fields[2]}", '
                "name can't start with a number or contain symbols"
            )
        return ""
    if len(fields) != 1:
        return "FROM requires either one or three arguments"
    return ""


def _healthcheck(inst: Instruction) -> str:
    kind = inst.health_type
    if kind is None:
        return "HEALTHCHECK requires at least one argument"
    if kind == "NONE":
        return "HEALTHCHECK NONE takes no arguments" if inst.args else ""
    if kind != "CMD":
        return f'Unknown type "{kind}" in HEALTHCHECK (try CMD)'
    if not inst.args or inst.exec_form == ():
        return "Missing command after HEALTHCHECK CMD"
    return ""


_ARGUMENT_CHECKS: dict[str, Callable[[Instruction], str]] = {
    "ENV": _at_least_one,
    "LABEL": _at_least_one,
    "ARG": _at_least_one,
    "MAINTAINER": _exactly_one,
    "WORKDIR": _exactly_one,
    "USER": _exactly_one,
    "STOPSIGNAL": _exactly_one,
    "EXPOSE": _at_least_one,
    "ONBUILD": _at_least_one,
    "ADD": _sources_and_dest,
    "COPY": _sources_and_dest,
    "VOLUME": _volume,
    "SHELL": _shell,
    "FROM": _from,
    "HEALTHCHECK": _healthcheck,
}
