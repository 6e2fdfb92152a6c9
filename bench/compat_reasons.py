"""Why dlint and hadolint disagree on a finding: the documented differences.

docs/hadolint-compat.md describes every place where dlint deliberately behaves differently
from hadolint 2.15.1. ``reason`` recognises, on a real file and from dlint's own parse of
it, why dlint stays silent where hadolint reports; ``dlint_reason`` why dlint reports where
hadolint is silent. ``hadolint_compare.py`` uses them to say how many findings on each side
each difference explains and to list the ones no documented difference explains. They name
the difference; they do not decide who is right (the docs do, with examples).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from dlint.analysis import WINDOWS_SHELL, Facts
from dlint.imageref import ImageRef, InvalidReference, try_parse_image
from dlint.model import Command, Dockerfile, Instruction

#: Windows users, which have no numeric form.
WINDOWS_USERS = frozenset({"containeruser", "containeradministrator"})


def _windows(df: Dockerfile, facts: Facts, inst: Instruction) -> bool:
    stage = facts.stage_of(inst)
    return df.escape == "`" or (
        stage is not None and facts.lineage(stage)[-1].shell == WINDOWS_SHELL
    )


def _dl3066(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    user = inst.args.strip().split(":", 1)[0]
    if _windows(df, facts, inst) or user.lower() in WINDOWS_USERS:
        return "Windows user: no numeric form"
    final = facts.final_stage
    if final is None or final.user_instruction is not inst:
        return "not the user the image runs as (hadolint after PR #1239)"
    value = facts.expand(inst, user)
    if value is not None and value.isdigit():
        return "numeric once ENV is expanded"
    if "$" in user:
        return "user from a build argument or the base image's ENV"
    return None


def _dl3002(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    final = facts.final_stage
    if final is None or final.user_instruction is not inst:
        return "not the image's last USER (a builder stage, or root in between)"
    return None


def _powershell(facts: Facts, inst: Instruction) -> bool:
    shell = " ".join(facts.shell_of(inst)).lower()
    return any(name in shell for name in ("pwsh", "powershell", "cmd"))


def _dl4006(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    target = inst.onbuild if inst.onbuild is not None else inst
    if target.exec_form is not None:
        return "exec form: no shell, no pipe"
    if _windows(df, facts, inst) or _powershell(facts, inst):
        return "not a POSIX shell (PowerShell, cmd)"
    scripts = facts.scripts.get(inst.index, [])
    if any("pipefail" in s.text for s in scripts):
        return "pipefail set inside the RUN"
    if re.search(r"(?:^|[;&|(]\s*)(?:printenv|env|set|export -p)\s*\|(?!\|)", inst.args, re.M):
        return "pipe fed by a bare printenv, env, set or export -p, which cannot fail"
    try:
        import dlint_rules.DL4006_pipefail as rule
    except ImportError:
        return None
    # Each exemption proven by turning it off: the rule without it finds a pipe here.
    for name, why in (
        ("QUIET_WRITERS", "pipe fed by echo, printf or yes"),
        ("MATCHERS", "pipe ending in grep, which fails when the left side prints nothing"),
    ):
        kept = getattr(rule, name)
        try:
            setattr(rule, name, frozenset())
            relaxed = any(rule._offending_pipe(s) for s in scripts)
        finally:
            setattr(rule, name, kept)
        if relaxed:
            return why
    if any(re.search(r"\$\([^)]*\|", s.text) for s in scripts):
        return "pipe inside a command substitution used as an argument"
    return None


def _dl3064(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    try:
        from dlint_rules._secrets import looks_secret
    except ImportError:
        return None
    names = [kv.key for kv in inst.key_values] or [inst.args.split("=", 1)[0].strip()]
    if names and not any(looks_secret(n) for n in names):
        return "name is not a secret once split into words"
    return None


def _dl3009(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    stage = facts.stage_of(inst)
    if stage is not None and stage.index not in {s.index for s in facts.lineage(facts.final_stage)}:
        return "a builder stage: its lists do not reach the image"
    text = inst.raw
    if re.search(
        r"\bdist-?clean\b|/var/lib/apt/lists/\*_\*|--mount=type=cache[^ ]*/var/lib/apt", text
    ):
        return "lists removed in a way hadolint does not see (distclean, lists/*_*, cache mount)"
    return None


def _dl3067(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    source = inst.flag("from")
    if source is None or not source.value:
        return None
    target = facts.stage_of(inst)
    if target is not None and facts.lineage(target)[-1].is_scratch:
        return "copies into a FROM scratch stage (assembles an image)"
    name = facts.expand(inst, source.value) or source.value
    stage = facts.stage_named(name)
    if stage is not None and stage.index < inst.stage:
        root = facts.lineage(stage)[-1]
        if root.is_scratch:
            return "copies a FROM scratch stage made to be copied whole"
        ref = root.image_ref
    else:
        ref = try_parse_image(name)
    from dlint_rules.DL3067_copy_whole_filesystem import ARTIFACT_IMAGES

    if isinstance(ref, ImageRef) and ref.familiar_name in ARTIFACT_IMAGES:
        return "copies an image made to be copied whole (tonistiigi/xx...)"
    return None


def _dl3059(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    before = df.instructions[inst.index - 1] if inst.index else None
    if inst.exec_form is not None or (before is not None and before.exec_form is not None):
        return "exec-form RUN"
    if _windows(df, facts, inst) or _powershell(facts, inst):
        return "PowerShell or cmd RUN"
    if any(len(s.commands) > 1 for s in facts.scripts.get(inst.index, [])):
        return "the RUN runs several commands (inside sh -c, chroot...)"
    return None


def _dl3006(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    stage = facts.stage_of(inst)
    if stage is None:
        return None
    if stage.base_stage is not None:
        return "FROM an earlier stage (named through a variable)"
    if stage.image is None:
        return "a value known only at build time"
    if isinstance(stage.image_ref, InvalidReference):
        return "not a valid reference: DF004"
    return None


def _from_variable(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    """DL3007 (and DL3006): an image reference that depends on a build argument."""
    if "$" in inst.args and facts.stage_of(inst) is not None:
        stage = facts.stage_of(inst)
        if stage is not None and stage.image is None:
            return "a value known only at build time"
    return None


def _dl3022(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    source = inst.flag("from")
    if source is None or not source.value:
        return None
    if facts.stage_named(source.value) is None and isinstance(
        try_parse_image(source.value), ImageRef
    ):
        return "--from names an image, not a stage"
    return None


def _dl3029(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    flag = inst.flag("platform")
    if flag is None or not flag.value:
        return None
    try:
        from dlint_rules._instr import expand_in_from, uses_platform_arg
    except ImportError:
        return None
    if uses_platform_arg(flag.value, facts):
        return "a BuildKit platform ARG (TARGETOS, TARGETARCH...)"
    if not expand_in_from(facts, flag.value):
        return "a value known only at build time"
    return None


def _dl3020(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    sources = [w.value for w in inst.words[:-1]]
    if any("$" in v for v in sources):
        return "a source from a variable, which may be a URL"
    if any(v.startswith("\\") or "\\" in v for v in sources) or df.escape == "`":
        return "escapes and Windows paths read as BuildKit reads them"
    return None


def _windows_path(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if _windows(df, facts, inst) or re.search(r"[A-Za-z]:\\|\\\\", inst.raw):
        return "Windows paths and escapes"
    return None


def _dl3045(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    found = _windows_path(df, facts, inst)
    if found is not None:
        return found
    stage = facts.stage_of(inst)
    if stage is not None and facts.lineage(stage)[-1].is_scratch:
        return "a stage built FROM scratch: relative to /"
    return None


def _dl3016(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if re.search(r"--prefix[= ]", inst.raw):
        return "an option's value, not a package (--prefix)"
    return None


def _variable_version(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    """DL3041, DL3062: a package or version that comes from a variable."""
    if "$" in inst.raw:
        return "a package or version from a variable, judged on its value"
    return None


def _dl3062(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    found = _variable_version(df, facts, inst)
    if found is not None:
        return found
    if re.search(r"\bgo\s+(?:install|run)\b", inst.raw):
        return "go install or go run without a version: go.mod decides"
    return None


def _dl3019(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if "--no-network" in inst.raw:
        return "apk add --no-network reads no index"
    if re.search(r"--mount=type=cache[^ ]*/var/cache/apk", inst.raw):
        return "a cache mount on /var/cache/apk"
    return None


def _dl3060(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if re.search(r"--mount=type=cache[^ ]*(yarn|\.cache)", inst.raw):
        return "a cache mount on yarn's cache"
    return None


def _dl3003(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    try:
        from dlint_rules.DL3003_use_workdir import temporary_cd
    except ImportError:
        return None
    if any(i is inst for i, _ in facts.commands("cd")) and temporary_cd(facts, inst) is None:
        return "cd into a temporary directory (/tmp, mktemp -d, or deleted by the RUN)"
    return None


def _dl3042(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if re.search(r"\s--no-ca(?:c|ch|che|che-|che-d|che-di)?(?=\s|$)", inst.raw):
        return "an abbreviation of --no-cache-dir (--no-cache), which pip accepts"
    if re.search(
        r"\brm\s+-\w+\s+[^;&|]*(?:~|\$HOME|/root|/home/[^/\s]+)/\.cache\b"
        r"|\bpip3?\s+cache\s+(?:purge|remove)\b|\buv\s+cache\s+(?:clean|prune)\b",
        inst.raw,
    ):
        return "the cache deleted later in the same RUN (rm -rf ~/.cache, pip cache purge)"
    return None


def _dl3038(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if re.search(r"\bmicrodnf\b", inst.raw) and not re.search(r"\bdnf5?\s", inst.raw):
        return "microdnf never asks"
    return None


def _dl3000(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    stage = facts.stage_of(inst)
    if stage is None:
        return None
    before = [i for i in stage.instructions_named("WORKDIR") if i.index < inst.index]
    if stage.base_stage is not None and facts.stages[stage.base_stage].workdir is not None:
        return "relative to an absolute WORKDIR (BuildKit's rule)"
    if any(i.args.strip().startswith(("/", "$")) for i in before):
        return "relative to an absolute WORKDIR (BuildKit's rule)"
    return None


def _dl3021(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if inst.words and inst.words[-1].value in (".", "./"):
        return "`.` is a directory"
    return None


def _dl3046(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    if re.search(r"(?:-u\s*|--uid[=\s]+)[\"']?\$", inst.raw):
        return "UID from a variable: judged on its value"
    return None


def _simulated(df: Dockerfile, facts: Facts, inst: Instruction) -> str | None:
    """DL3008, DL3014, DL3015, DL3018...: the only install in question is simulated."""
    try:
        from dlint_rules import _pkg
    except ImportError:
        return None
    mine = [c for i, c in facts.all_commands() if i is inst]
    calls = [_pkg.pkg_call(inst, c) for c in mine]
    if any(call is not None and _pkg.simulated(call) for call in calls):
        return "a simulated install (apt-get install -s) installs nothing"
    return None


REASONS: dict[str, Callable[[Dockerfile, Facts, Instruction], str | None]] = {
    "DL3000": _dl3000,
    "DL3002": _dl3002,
    "DL3003": _dl3003,
    "DL3006": _dl3006,
    "DL3007": _from_variable,
    "DL3008": _simulated,
    "DL3009": _dl3009,
    "DL3014": _simulated,
    "DL3015": _simulated,
    "DL3016": _dl3016,
    "DL3018": _simulated,
    "DL3019": _dl3019,
    "DL3020": _dl3020,
    "DL3021": _dl3021,
    "DL3022": _dl3022,
    "DL3025": _windows_path,
    "DL3029": _dl3029,
    "DL3038": _dl3038,
    "DL3041": _variable_version,
    "DL3042": _dl3042,
    "DL3045": _dl3045,
    "DL3046": _dl3046,
    "DL3059": _dl3059,
    "DL3060": _dl3060,
    "DL3062": _dl3062,
    "DL3064": _dl3064,
    "DL3066": _dl3066,
    "DL3067": _dl3067,
    "DL4006": _dl4006,
}


_CHECK_SKIP = re.compile(r"skip\s*=\s*([^;]*)", re.I)


def _skipped_by_check(df: Dockerfile, code: str) -> bool:
    """True when a BuildKit ``# check=skip=`` directive names the rule (hadolint ignores it)."""
    directive = df.directive("check")
    if directive is None:
        return False
    m = _CHECK_SKIP.search(directive.value)
    if m is None:
        return False
    skipped = {part.strip().lower() for part in m.group(1).split(",")}
    if "all" in skipped:
        return True
    try:
        from dlint.api import default_registry

        names = {
            r.code: {r.name.lower(), (r.buildkit_name or r.name).lower()}
            for r in default_registry().rules
        }
    except Exception:
        return False
    return bool(names.get(code, set()) & skipped)


def reason(code: str, df: Dockerfile, facts: Facts, line: int) -> str | None:
    """The documented difference that explains hadolint's ``code`` at ``line``, if one does."""
    if _skipped_by_check(df, code):
        return "skipped by a BuildKit `# check=skip=` directive, which hadolint does not read"
    check = REASONS.get(code)
    inst = next((i for i in df.instructions if i.span.line <= line <= i.span.end_line), None)
    if check is None or inst is None:
        return None
    try:
        return check(df, facts, inst)
    except Exception:  # a classifier must never stop the comparison
        return None


# -- only dlint ------------------------------------------------------------------------
#
# The other side: why dlint reports what hadolint does not. Each category names a documented
# difference where dlint is right (docs/hadolint-compat.md shows it with an example). A
# finding that fits none, including the few where dlint is wrong, stays unexplained so that
# the comparison lists it.

#: dlint's extra findings in an instruction where both tools report the code.
EXTRA = "reported at each offending word; hadolint once per instruction"
WRAPPED = "behind sudo, su -c, xargs or sh -c, where hadolint does not look"
THROUGH_PATH = "run through a path (/venv/bin/pip, bin/yarn), which hadolint does not match"
ANY_RM = "an `rm -rf` of something else, which hadolint takes for the cleanup"

_PIP = re.compile(r"(pip|python)[0-9.]*\Z|uv\Z|pipx\Z")


def _commands_at(
    facts: Facts, inst: Instruction, line: int, names: re.Pattern[str]
) -> list[Command]:
    """The commands of ``inst`` whose span holds ``line`` and whose basename matches."""
    return [
        c
        for s in facts.scripts_of(inst)
        for c in s.commands
        if c.span.line <= line <= c.span.end_line and names.match(c.base)
    ]


def _wrapped_or_path(facts: Facts, inst: Instruction, line: int, names: str) -> str | None:
    """A command hadolint cannot see: behind a wrapper, or named by a path."""
    cmds = _commands_at(facts, inst, line, re.compile(names))
    if any(c.wrappers for c in cmds):
        return WRAPPED
    if any("/" in c.name for c in cmds):
        return THROUGH_PATH
    return None


def _d_from_variable(
    df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str
) -> str | None:
    """DL3006, DL3007: an image from an ARG default (hadolint skips `$...`, keeps `:${TAG}`),
    or one that COPY --from or RUN --mount=from pulls (hadolint checks FROM only)."""
    if inst.name in ("COPY", "ADD", "RUN") and re.match(r"(?:COPY|ADD|RUN) --", msg):
        return "an image that COPY --from or RUN --mount=from pulls (hadolint checks FROM only)"
    stage = facts.stage_of(inst)
    raw = inst.image or ""
    if inst.name == "FROM" and stage is not None and stage.image is None and raw.startswith("$"):
        head, _, tail = raw.rpartition("/")
        if "$" in head and "$" not in tail:
            return "a variable only in the registry or namespace, which cannot change the tag"
    if inst.name != "FROM" or stage is None or stage.image is None or "$" not in raw:
        return None
    # dlint's false positive: the variable names an earlier stage once that stage's own
    # `AS ${NAME}` is expanded (buildah expands it; BuildKit refuses the name: DL1000).
    for earlier in facts.stages[: stage.index]:
        written = earlier.from_instruction.stage_name or ""
        if "$" in written and facts.expand(earlier.from_instruction, written) == stage.image:
            return None
    return "an image from an ARG default, which hadolint does not expand"


def _d_packages(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    """DL3008, DL3015, DL3018, DL3047: the command is behind a wrapper."""
    return _wrapped_or_path(facts, inst, line, r"apt-get\Z|apt\Z|apk\Z|wget\Z")


def _d_dl3009(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    cmds = [c for s in facts.scripts_of(inst) for c in s.commands]
    updates = [
        n for n, c in enumerate(cmds) if c.base in ("apt-get", "apt") and "update" in c.arg_values
    ]
    if not updates:
        return None
    removals = [
        n
        for n, c in enumerate(cmds)
        if c.base == "rm" and any("/var/lib/apt/lists" in v for v in c.arg_values)
    ]
    if removals and max(removals) < max(updates):
        return "lists fetched again after they were removed (hadolint does not check the order)"
    if any(c.base == "rm" and "-rf" in c.arg_values for c in cmds):
        return ANY_RM
    return None


def _d_pip(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    """DL3013, DL3042: pip behind a wrapper or a path; uv, which hadolint does not know."""
    found = _wrapped_or_path(facts, inst, line, _PIP.pattern)
    if found is not None:
        return found
    cmds = _commands_at(facts, inst, line, re.compile(r"uv\Z"))
    if cmds and "uv pip" in msg:
        return "uv pip install, which hadolint does not know"
    return None


def _d_dl3016(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    found = _wrapped_or_path(facts, inst, line, r"npm\Z")
    if found is not None:
        return found
    if "`@latest`" in msg:
        return "@latest, which names no version"
    for cmd in _commands_at(facts, inst, line, re.compile(r"npm\Z")):
        if "install" not in cmd.arg_values:
            return "an install alias (npm i, npm add), which hadolint does not check"
    return None


def _d_dl3020(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    if inst.onbuild is not None:
        return "ADD in an ONBUILD trigger, which hadolint does not check"
    return None


def _d_dl3025(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    if inst.json_fallback or (inst.onbuild is not None and inst.onbuild.json_fallback):
        return "not valid JSON (a single backslash): Docker runs it as a shell command"
    return None


def _d_dl3028(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    for cmd in _commands_at(facts, inst, line, re.compile(r"gem\Z")):
        values = cmd.arg_values
        if any(a.startswith("-") and not b.startswith("-") for a, b in pairwise(values)):
            return "an option without a value before the gem (hadolint takes the gem for its value)"
    return None


def _d_dl3040(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    if any(
        c.base == "rm" and "-rf" in c.arg_values for s in facts.scripts_of(inst) for c in s.commands
    ):
        return ANY_RM
    return None


def _d_dl3041(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    m = re.match(r"Packages? (.*?) (?:is|are) installed without", msg)
    if m and any(re.search(r"-\d", name) for name in re.split(r",\s*|\s+and\s+", m.group(1))):
        return "a name ending in a number (gcc-toolset-13-gcc) is not a version"
    return None


def _d_dl3019(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    if msg.startswith("`apk update` leaves"):
        return "apk update, whose index apk add --no-cache does not remove"
    return None


def _d_dl3045(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    target = inst.onbuild if inst.onbuild is not None else inst
    if target.name == "ADD":
        return "ADD, checked as well as COPY"
    return None


def _d_dl3059(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    before = df.instructions[inst.index - 1] if inst.index else None
    if (_windows(df, facts, inst) or _powershell(facts, inst)) and any(
        "$(" in i.args for i in (inst, before) if i is not None
    ):
        return "a PowerShell `$(...)` is an expression, not a second command"
    return None


def _d_dl3060(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    found = _wrapped_or_path(facts, inst, line, r"yarn\Z")
    if found is not None:
        return found
    for cmd in _commands_at(facts, inst, line, re.compile(r"yarn\Z")):
        verbs = [v for v in cmd.arg_values if not v.startswith("-")]
        if not verbs or verbs[0] in ("add", "global"):
            return "bare yarn, yarn add, yarn global add (hadolint checks yarn install only)"
    return None


def _d_dl3062(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    if "query that moves" in msg and "`@latest`" not in msg:
        return "a moving query other than @latest (@master, @main...)"
    return None


#: hadolint's DL3064: a name on its list, or one holding one of these.
_HADOLINT_SECRET_PARTS = (
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
)


def _d_dl3064(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    m = re.match(r"(?:ARG|ENV) (\S+) looks like", msg)
    if m is None:
        return None
    name = m.group(1)
    if any(part in name.lower() for part in _HADOLINT_SECRET_PARTS):
        return None
    return "a secret word hadolint's substrings miss (KEY, PASS...)"


def _d_dl4001(df: Dockerfile, facts: Facts, inst: Instruction, line: int, msg: str) -> str | None:
    m = re.search(r"\(line (\d+)\)", msg)
    if m is None:
        return None
    other = int(m.group(1))
    first, last = sorted((line, other))
    if inst.span.line <= other <= inst.span.end_line and any(
        ";;" in text for text in df.lines[first - 1 : last]
    ):
        # dlint's false positive: the two tools run in different branches of one `case`.
        return None
    stage = facts.stage_of(inst)
    tools = [
        c
        for i, c in facts.commands("wget", "curl")
        if facts.stage_of(i) is stage and (i.onbuild is None) == (inst.onbuild is None)
    ]
    if any(c.wrappers for c in tools):
        return WRAPPED
    return None


DLINT_REASONS: dict[str, Callable[[Dockerfile, Facts, Instruction, int, str], str | None]] = {
    "DL3006": _d_from_variable,
    "DL3007": _d_from_variable,
    "DL3008": _d_packages,
    "DL3009": _d_dl3009,
    "DL3013": _d_pip,
    "DL3015": _d_packages,
    "DL3016": _d_dl3016,
    "DL3018": _d_packages,
    "DL3019": _d_dl3019,
    "DL3020": _d_dl3020,
    "DL3025": _d_dl3025,
    "DL3028": _d_dl3028,
    "DL3040": _d_dl3040,
    "DL3041": _d_dl3041,
    "DL3042": _d_pip,
    "DL3045": _d_dl3045,
    "DL3047": _d_packages,
    "DL3059": _d_dl3059,
    "DL3060": _d_dl3060,
    "DL3062": _d_dl3062,
    "DL3064": _d_dl3064,
    "DL4001": _d_dl4001,
}


def dlint_reason(code: str, df: Dockerfile, facts: Facts, line: int, message: str) -> str | None:
    """The documented difference that explains dlint's ``code`` at ``line``, if one does."""
    check = DLINT_REASONS.get(code)
    inst = next((i for i in df.instructions if i.span.line <= line <= i.span.end_line), None)
    if check is None or inst is None:
        return None
    try:
        return check(df, facts, inst, line, message)
    except Exception:  # a classifier must never stop the comparison
        return None
