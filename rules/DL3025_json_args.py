"""DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form, or in broken JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from dlint.model import Instruction
from dlint.rule import Finding, Option, Rule, RuleContext, Severity

from ._instr import text_span, with_onbuild

#: Characters that make shell text more than one plain command with plain words.
_SHELL_SYNTAX = re.compile(r"[$`\\|&;<>(){}*?~#\n]|^\s*[A-Za-z_][A-Za-z0-9_]*=")
_SUGGESTION_LIMIT = 90


def _why_not_json(text: str) -> str:
    """A short reason why text starting with ``[`` is not a JSON array of strings."""
    body = text.strip()
    if "'" in body and '"' not in body:
        return "JSON strings need double quotes, not single quotes"
    if re.search(r",\s*\]\s*$", body):
        return "it has a trailing comma"
    if re.search(r"\]\s+#", body):
        return "a `#` after the array starts no comment, and makes the text invalid JSON"
    if len(re.findall(r'(?<!\\)"', body)) % 2:
        return 'a string is never closed (a " is missing)'
    if not body.endswith("]"):
        return "the closing ] is missing"
    try:
        json.loads(body)
    except json.JSONDecodeError as err:
        if "escape" in err.msg:
            return "backslashes must be doubled inside JSON strings, as in C:\\\\app"
    return "it is not a valid JSON array of strings"


def _suggestion(ctx: RuleContext, inst: Instruction) -> str:
    """The JSON form of a one-command shell text with plain words, or ''."""
    text = inst.args.strip()
    if _SHELL_SYNTAX.search(text):
        return ""
    scripts = ctx.facts.scripts_of(inst)
    if len(scripts) != 1:
        return ""
    # `exec node x.js` is one command; the shell model also lists `node x.js` unwrapped.
    top = [c for c in scripts[0].commands if not c.wrappers]
    if len(top) != 1:
        return ""
    argv = [w.value for w in top[0].words]
    if argv and argv[0] == "exec":
        argv = argv[1:]
    if not argv:
        return ""
    prefix = "HEALTHCHECK CMD" if inst.name == "HEALTHCHECK" else inst.name
    suggestion = f"{prefix} {json.dumps(argv)}"
    return suggestion if len(suggestion) <= _SUGGESTION_LIMIT else ""


def _shell_set(ctx: RuleContext, inst: Instruction) -> bool:
    """True when a SHELL instruction before ``inst`` applies to its stage."""
    stage = ctx.facts.stage_of(inst)
    if stage is None:
        return False
    return any(
        i.index < inst.index
        for s in ctx.facts.lineage(stage)
        for i in s.instructions_named("SHELL")
    )


def _shell_message(ctx: RuleContext, inst: Instruction) -> str:
    shell_argv = ctx.facts.shell_of(inst)
    shell = " ".join(shell_argv)
    suggestion = _suggestion(ctx, inst)
    if suggestion:
        fix = f"use the JSON form: {suggestion}"
    elif _SHELL_SYNTAX.search(inst.args.strip()) and inst.name != "HEALTHCHECK":
        fix = (
            "it needs a shell, so start the program with `exec` (`... && exec app`) to make "
            'it PID 1, or move the commands into a script run in the JSON form (["/start.sh"])'
        )
    else:
        fix = "use the JSON (exec) form"
    if inst.name == "HEALTHCHECK":
        wrapped = json.dumps([*shell_argv, "..."])
        if len(wrapped) > 50:  # a long SHELL prelude: show just the program and its flag
            wrapped = json.dumps([*shell_argv[:2], "..."])
        return (
            f"HEALTHCHECK CMD in shell form needs {shell_argv[0]} in the image and starts a "
            f"shell for every check; {fix} (or {wrapped} where shell syntax is needed)."
        )
    execs = inst.args.lstrip().startswith("exec ")
    if inst.name == "ENTRYPOINT" and execs:
        return (
            f"ENTRYPOINT in shell form runs under `{shell}`: `exec` hands the process over to "
            f"your program, but CMD and `docker run` arguments are still ignored; {fix}."
        )
    if execs:
        if not suggestion and _SHELL_SYNTAX.search(inst.args.strip()):
            fix = "that is the way to go where the shell must expand something, such as a variable"
        return (
            f"CMD in shell form needs `{shell_argv[0]}` in the image to start your program "
            f"(`exec` then replaces the shell); {fix}."
        )
    if inst.name == "ENTRYPOINT":
        return (
            f"ENTRYPOINT in shell form runs under `{shell}`: it ignores CMD and `docker run` "
            f"arguments, and docker stop's SIGTERM may not reach your program; {fix}."
        )
    return (
        f"CMD in shell form runs under `{shell}`, so the shell may stay PID 1 and docker stop's "
        f"SIGTERM may not reach your program; {fix}."
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report shell-form commands of the image config, and JSON that is not JSON."""
    skip_after_shell = bool(ctx.options.get("skip-after-shell", False))
    for inst, trigger in with_onbuild(ctx.facts, "CMD", "ENTRYPOINT", "HEALTHCHECK"):
        if inst.exec_form is not None:
            continue
        if inst.name == "HEALTHCHECK" and inst.health_type != "CMD":
            continue
        if not inst.args.strip():
            continue
        if inst.json_fallback:
            label = "HEALTHCHECK CMD" if inst.name == "HEALTHCHECK" else inst.name
            yield Finding(
                text_span(inst),
                f"{label} {inst.args.strip()} looks like a JSON array but is not valid JSON: "
                f"{_why_not_json(inst.args)}. Docker therefore runs the whole text as a shell "
                "command; write a valid JSON array of double-quoted strings.",
            )
            continue
        if skip_after_shell and not trigger and _shell_set(ctx, inst):
            continue
        yield Finding(text_span(inst), _shell_message(ctx, inst))


RULE = Rule(
    code="DL3025",
    name="JSONArgsRecommended",
    severity=Severity.WARNING,
    summary="Use the JSON (exec) form for CMD, ENTRYPOINT and HEALTHCHECK CMD",
    rationale=(
        'In shell form (`CMD node server.js`) Docker runs the command as `/bin/sh -c "..."`\n'
        "(or the stage's SHELL). The shell may stay the container's main process, and a plain\n"
        "`sh` does not pass on the SIGTERM that `docker stop` sends, so the program is killed\n"
        "after the grace period instead of shutting down cleanly. A shell-form ENTRYPOINT also\n"
        "ignores CMD and the arguments of `docker run`. The JSON form\n"
        '(`CMD ["node", "server.js"]`) starts the program directly. A shell-form HEALTHCHECK\n'
        "needs a shell in the image (distroless images have none) and starts one per check.\n\n"
        "Text that starts with `[` but is not valid JSON (single quotes, a trailing comma) is\n"
        "reported with its own message: Docker silently runs such text as a shell command,\n"
        "brackets and all. The message suggests the JSON form when the command is a single\n"
        "command with plain words. CMD, ENTRYPOINT and HEALTHCHECK in ONBUILD triggers are\n"
        "checked too.\n\n"
        "BuildKit's JSONArgsRecommended check is silent in a stage that sets SHELL, taking the\n"
        "shell form as deliberate; hadolint and dlint report it by default. Set the\n"
        "`skip-after-shell` option to follow BuildKit. BuildKit does not check HEALTHCHECK."
    ),
    check=check,
    bad="FROM node:22-slim\nWORKDIR /app\nCOPY server.js ./\nCMD node server.js\n",
    good='FROM node:22-slim\nWORKDIR /app\nCOPY server.js ./\nCMD ["node", "server.js"]\n',
    tags=("correctness",),
    options=(
        Option(
            "skip-after-shell",
            False,
            "Do not report stages that set SHELL, as BuildKit's JSONArgsRecommended does.",
            bool,
        ),
    ),
    buildkit_name="JSONArgsRecommended",
    hadolint=True,
)
