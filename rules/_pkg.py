"""Helpers for the OS package-manager rules (apt-get, apt, apk, yum, dnf, microdnf, zypper).

Package managers take options before and after their subcommand, and some options
take a value in the next word (``-t bookworm-backports``, ``--virtual .deps``). A
rule that guesses wrongly reports option values as unpinned packages or misses the
subcommand, so every rule reads commands through :func:`pkg_call`, which knows the
value-taking options of each tool.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from dlint import words as wordlib
from dlint.analysis import Facts
from dlint.model import Command, Instruction, Span, Word
from dlint.rule import Finding, RuleContext

from ._common import cache_mount_targets, name_list, words_span

_APT_VALUES = frozenset(
    {
        "o",
        "option",
        "c",
        "config-file",
        "t",
        "target-release",
        "default-release",
        "a",
        "host-architecture",
        "P",
        "build-profiles",
        "solver",
        "planner",
    }
)
_APK_VALUES = frozenset(
    {
        "X",
        "repository",
        "p",
        "root",
        "t",
        "virtual",
        "arch",
        "cache-dir",
        "keys-dir",
        "repositories-file",
        "progress-fd",
        "wait",
        "timeout",
        "cache-max-age",
        "from",
    }
)
_RPM_VALUES = frozenset(
    {
        "c",
        "config",
        "d",
        "debuglevel",
        "e",
        "errorlevel",
        "R",
        "randomwait",
        "x",
        "exclude",
        "excludepkgs",
        "installroot",
        "enablerepo",
        "disablerepo",
        "repo",
        "repoid",
        "from-repo",
        "releasever",
        "setopt",
        "color",
        "downloaddir",
        "destdir",
        "rpmverbosity",
        "forcearch",
        "disableplugin",
        "enableplugin",
        "repofrompath",
        "comment",
        "advisory",
        "advisories",
        "bz",
        "bzs",
        "cve",
        "cves",
        "sec-severity",
        "secseverity",
        "disableexcludes",
        "disableexcludepkgs",
        "platform-id",
    }
)
_ZYPPER_GLOBAL_VALUES = frozenset(
    {
        "R",
        "root",
        "D",
        "reposd-dir",
        "C",
        "cache-dir",
        "raw-cache-dir",
        "solv-cache-dir",
        "pkg-cache-dir",
        "c",
        "config",
        "p",
        "plus-repo",
        "plus-content",
        "userdata",
        "installroot",
    }
)
_ZYPPER_SUB_VALUES = frozenset(
    {"t", "type", "r", "repo", "from", "download", "plus-content", "comment", "p", "plus-repo"}
)

#: Per tool: (options taking a value before the subcommand, the same after it).
_TOOLS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "apt-get": (_APT_VALUES, _APT_VALUES),
    "apt": (_APT_VALUES, _APT_VALUES),
    "aptitude": (_APT_VALUES, _APT_VALUES),
    "apk": (_APK_VALUES, _APK_VALUES),
    "yum": (_RPM_VALUES, _RPM_VALUES),
    "dnf": (_RPM_VALUES, _RPM_VALUES),
    "dnf5": (_RPM_VALUES, _RPM_VALUES),
    "microdnf": (_RPM_VALUES, _RPM_VALUES),
    "zypper": (_ZYPPER_GLOBAL_VALUES, _ZYPPER_SUB_VALUES),
}

#: yum/dnf subcommands whose own subcommand follows (``dnf module install``).
_NESTED = frozenset({"module", "group", "groups"})


@dataclass(frozen=True)
class Opt:
    """One option as the tool reads it: ``-qy`` gives ``q`` and ``y``."""

    name: str
    value: str | None
    word: Word


@dataclass(frozen=True)
class PkgCall:
    """A package-manager command split into options, subcommand and operands."""

    inst: Instruction
    cmd: Command
    tool: str
    opts: tuple[Opt, ...]
    sub_words: tuple[Word, ...]  # ``install``; ``module install`` for nested ones
    operands: tuple[Word, ...]

    @property
    def sub(self) -> str:
        """The subcommand, nested ones joined by a space (``module install``)."""
        return " ".join(w.value for w in self.sub_words)

    @property
    def action(self) -> str:
        """The last subcommand word: ``install`` for both ``install`` and ``module install``."""
        return self.sub_words[-1].value if self.sub_words else ""

    @property
    def span(self) -> Span:
        """From the command name to its subcommand: what a finding about the call points at."""
        return words_span([self.cmd.words[0], *self.sub_words])

    @property
    def label(self) -> str:
        """How messages name the call: ``apt-get install``."""
        return f"{self.tool} {self.sub}".strip()

    def has(self, *names: str) -> bool:
        """True when any of the options is given (short letters or long names)."""
        return any(o.name in names for o in self.opts)

    def count(self, name: str) -> int:
        return sum(1 for o in self.opts if o.name == name)

    def values(self, *names: str) -> list[str]:
        """Values given to the options, in order (``-o A=1 -o B=2``)."""
        return [o.value for o in self.opts if o.name in names and o.value is not None]


def _options(word: Word, takes_value: frozenset[str], nxt: Word | None) -> tuple[list[Opt], bool]:
    """The options in one word, and whether the next word was used as a value."""
    v = word.value
    if v.startswith("--"):
        name, eq, val = v[2:].partition("=")
        if eq:
            return [Opt(name, val, word)], False
        if name in takes_value and nxt is not None:
            return [Opt(name, nxt.value, word)], True
        return [Opt(name, None, word)], False
    found: list[Opt] = []
    body = v[1:]
    for i, ch in enumerate(body):
        rest = body[i + 1 :]
        if rest.startswith("="):
            found.append(Opt(ch, rest[1:], word))
            return found, False
        if ch in takes_value:
            if rest:
                found.append(Opt(ch, rest, word))
                return found, False
            if nxt is not None:
                found.append(Opt(ch, nxt.value, word))
                return found, True
        found.append(Opt(ch, None, word))
    return found, False


def pkg_call(inst: Instruction, cmd: Command) -> PkgCall | None:
    """Split a package-manager command; None for any other command."""
    tool = cmd.base
    if tool not in _TOOLS:
        return None
    before, after = _TOOLS[tool]
    opts: list[Opt] = []
    subs: list[Word] = []
    operands: list[Word] = []
    args = cmd.words[1:]
    i = 0
    rest = False
    while i < len(args):
        w = args[i]
        v = w.value
        if rest or not v.startswith("-") or v == "-":
            if not subs or (
                len(subs) == 1 and not operands and subs[0].value in _NESTED and tool != "zypper"
            ):
                subs.append(w)
            else:
                operands.append(w)
        elif v == "--":
            rest = True
        else:
            nxt = args[i + 1] if i + 1 < len(args) else None
            found, used = _options(w, after if subs else before, nxt)
            opts.extend(found)
            if used:
                i += 1
        i += 1
    return PkgCall(inst, cmd, tool, tuple(opts), tuple(subs), tuple(operands))


#: Options that make a call only show what it would do (``apt-get install -s`` to test
#: whether a package exists): nothing is installed, asked or downloaded.
_SIMULATE = {
    "apt-get": ("s", "simulate", "dry-run", "just-print", "no-act", "recon"),
    "apt": ("s", "simulate", "dry-run", "just-print", "no-act", "recon"),
    "aptitude": ("s", "simulate"),
    "apk": ("s", "simulate"),
    "zypper": ("D", "dry-run"),
}


def calls(ctx: RuleContext, *tools: str) -> Iterator[PkgCall]:
    """Every call of these tools that a RUN executes (ONBUILD RUN included), in file order;
    simulated calls (``apt-get install -s``) are left out."""
    for inst, cmd in ctx.facts.commands(*tools):
        call = pkg_call(inst, cmd)
        if call is not None and not simulated(call):
            yield call


def simulated(call: PkgCall) -> bool:
    """True for a call that only shows what it would do (``apt-get install -s``)."""
    return call.has(*_SIMULATE.get(call.tool, ()))


# -- operands ---------------------------------------------------------------------


@dataclass(frozen=True)
class Operand:
    """A package word with its value; ``origin`` is the word as written when it was expanded."""

    value: str
    word: Word
    origin: str = ""

    def describe(self) -> str:
        """The operand for a message: ``curl`` or ``curl (from $PKGS)``."""
        return f"{self.value} (from {self.origin})" if self.origin else self.value


_UNKNOWN = object()


def _script_value(facts: Facts, inst: Instruction, name: str) -> object:
    """What the RUN's own shell code assigns to ``name``.

    None when the scripts never assign it (the Dockerfile's ARG/ENV value holds),
    the value when there is exactly one plain assignment of a literal
    (``buildDeps='gcc make'``), and ``_UNKNOWN`` for anything else (a loop
    variable, ``read``, a command substitution, several assignments).
    """
    n = re.escape(name)
    if any(
        re.search(rf"\bfor\s+{n}\b|\bread\b[^;&|\n]*\b{n}\b", s.text)
        for s in facts.scripts_of(inst)
    ):
        return _UNKNOWN
    found: list[str | None] = []
    assign = re.compile(rf"(?<![\w$]){n}=('([^']*)'|\"((?:[^\"\\$`]|\\\n)*)\"|[^\s;&|()<>'\"$`]*)")
    for s in facts.scripts_of(inst):
        for m in re.finditer(rf"(?<![\w$]){n}=", s.text):
            literal = assign.match(s.text, m.start())
            if literal is None or s.text[literal.end() : literal.end() + 1] in ("$", "`", "'", '"'):
                found.append(None)
            elif literal.group(2) is not None:
                found.append(literal.group(2))
            elif literal.group(3) is not None:
                found.append(literal.group(3).replace("\\\n", ""))
            else:
                found.append(literal.group(1))
    if not found:
        return None
    if len(found) == 1 and found[0] is not None:
        return found[0]
    return _UNKNOWN


def operands(facts: Facts, call: PkgCall) -> Iterator[Operand]:
    """The operands with variables expanded where ARG/ENV or the script make them known.

    An operand whose value depends on anything not known (a build argument without a
    default, a loop variable, a command substitution) is left out: a rule cannot
    judge it.
    """
    for word in call.operands:
        if word.literal:
            yield Operand(word.value, word)
            continue
        if "$(" in word.text or "`" in word.text:
            continue
        env = dict(facts.scope(call.inst))
        known = True
        for name, _, _ in wordlib.references(word.text):
            local = _script_value(facts, call.inst, name)
            if local is _UNKNOWN:
                known = False
            elif isinstance(local, str):
                env[name] = local
            elif env.get(name) is None:
                known = False
        value = wordlib.expand(word.text, env) if known else None
        if value is None:
            continue
        for part in value.split():
            yield Operand(part, word, word.text)


_RPM_VERSION = re.compile(r"^[0-9][0-9A-Za-z.~^_:+*]*$")


def rpm_pinned(value: str) -> bool:
    """True when an rpm package spec names a version: ``name-1.2``, ``name-1:1.2-3.el9``.

    The version (or the release, which also starts with a digit) is the last
    ``-`` part; a name such as ``java-17-openjdk`` does not end in one. Relational
    specs (``name >= 1.2``) are pinned too.
    """
    if any(c in value for c in "=<>"):
        return True
    name, dash, last = value.rpartition("-")
    return bool(dash and name and _RPM_VERSION.match(last))


def is_path(value: str) -> bool:
    """A local file, a path or a URL: something installed as it is, not by name."""
    return value.startswith(("/", "./", "../", "~")) or "://" in value


# -- cleanup and cache mounts --------------------------------------------------------


def run_instruction(inst: Instruction) -> Instruction:
    """The RUN itself: an ONBUILD's trigger carries the flags."""
    return inst.onbuild if inst.onbuild is not None else inst


def _norm(path: str) -> str:
    return posixpath.normpath(path) if path else path


def mount_covers(facts: Facts, inst: Instruction, dirs: tuple[str, ...], ends: str = "") -> bool:
    """True when a cache or tmpfs mount of the RUN holds one of ``dirs`` (or a parent of it).

    ``ends`` also accepts a target ending with it, for caches kept in a home
    directory that may be anyone's (``.cache/libdnf5``).
    """
    run = run_instruction(inst)
    for target in cache_mount_targets(run, facts.scope(inst)):
        t = _norm(target)
        if ends and t.endswith(ends):
            return True
        for d in dirs:
            if t == d or d.startswith(t.rstrip("/") + "/"):
                return True
    return False


def _clears(pattern: str, directory: str, ancestors: bool) -> bool:
    """True when removing ``pattern`` (a path, maybe a glob) clears ``directory``.

    It does when it names the directory, all of its contents (``dir/*``,
    ``dir/*_*``) or, with ``ancestors``, a parent directory.
    """
    p = _norm(pattern)
    if fnmatch.fnmatchcase(directory, p) or fnmatch.fnmatchcase(directory + "/x_y", p):
        return True
    if ancestors:
        parts = directory.split("/")
        return any(fnmatch.fnmatchcase("/".join(parts[:i]) or "/", p) for i in range(1, len(parts)))
    return False


def _glob_of(word: Word) -> str:
    """The word as an fnmatch pattern of what the shell expands: a quoted or escaped
    ``*``, ``?`` or ``[`` is literal (``rm -rf "/var/lib/apt/lists/*"`` deletes nothing)."""
    text = word.text
    if not any(c in text for c in "*?[") or not any(q in text for q in "'\"\\"):
        return word.value
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
            elif quote == '"' and c == "\\" and i + 1 < len(text):
                i += 1
                out.append(text[i])
            else:
                out.append(f"[{c}]" if c in "*?[" else c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(text):
            i += 1
            out.append(f"[{text[i]}]" if text[i] in "*?[" else text[i])
        else:
            out.append(c)
        i += 1
    return "".join(out)


def removes(cmd: Command, *dirs: str) -> bool:
    """True when ``cmd`` deletes one of ``dirs``, its contents or (``rm``) a parent directory."""
    if cmd.base == "rm":
        paths = [_glob_of(w) for w in cmd.positionals()]
        ancestors = True
    elif cmd.base == "find" and ("-delete" in cmd.arg_values or "rm" in cmd.arg_values):
        paths = cmd.arg_values
        ancestors = False
    else:
        return False
    return any(
        _clears(p, d, ancestors) for p in paths if p.startswith("/") and p != "/" for d in dirs
    )


def commands_of(facts: Facts, inst: Instruction) -> list[Command]:
    """Every command the RUN executes, in order (all its scripts)."""
    found: list[Command] = []
    for script in facts.scripts_of(inst):
        if script.source in ("run", "heredoc"):
            found.extend(script.commands)
    return found


def follows(
    facts: Facts, inst: Instruction, cmd: Command, predicate: Callable[[Command], bool]
) -> bool:
    """True when a command after ``cmd`` in the same RUN passes ``predicate``."""
    seen = False
    for other in commands_of(facts, inst):
        if other is cmd:
            seen = True
        elif seen and predicate(other):
            return True
    return False


def cleanup_follows(facts: Facts, call: PkgCall, predicate: Callable[[Command], bool]) -> bool:
    """True when a command later in the same RUN as the package call passes ``predicate``."""
    return follows(facts, call.inst, call.cmd, predicate)


# -- stages ------------------------------------------------------------------------


def configured(facts: Facts, inst: Instruction, pattern: re.Pattern[str]) -> bool:
    """True when a RUN up to ``inst`` in its stage (or the stages it builds on) matches.

    Used for settings written to a package manager's configuration file
    (``echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes``).
    """
    stage = facts.stage_of(inst)
    for s in facts.lineage(stage):
        for other in s.instructions:
            if other.index > inst.index:
                break
            if other.name in ("RUN", "ONBUILD") and pattern.search(other.raw):
                return True
    return False


# -- yum, dnf and microdnf -----------------------------------------------------------

#: Subcommands that download repository metadata and packages into the cache.
RPM_FILLS_CACHE = frozenset(
    {
        "install", "in", "localinstall", "groupinstall", "reinstall", "rei",
        "update", "upgrade", "up", "update-minimal", "upgrade-minimal", "up-min",
        "update-to", "upgrade-to", "distro-sync", "distribution-synchronization", "dsync",
        "downgrade", "dg", "swap", "groupupdate",
        "group install", "group update", "group upgrade",
        "groups install", "groups update", "groups upgrade",
        "module install", "module update",
    }
)  # fmt: skip

#: Subcommands that change packages and ask "Is this ok [y/N]" without -y: the ones
#: that download, and the ones that remove or switch.
RPM_PROMPTING = RPM_FILLS_CACHE | frozenset(
    {
        "remove", "rm", "erase", "autoremove", "groupremove",
        "group remove", "groups remove",
        "module remove", "module enable", "module disable", "module reset", "module switch-to",
    }
)  # fmt: skip

_ASSUMEYES = re.compile(r"assumeyes\s*=\s*['\"]?(1|true|yes|on)\b", re.IGNORECASE)


def rpm_says_yes(facts: Facts, call: PkgCall) -> bool:
    """True when yum/dnf/microdnf will not ask: -y, --assumeyes or an assumeyes setting."""
    if call.has("y", "assumeyes"):
        return True
    if any(_ASSUMEYES.search(v) for v in call.values("setopt")):
        return True
    return configured(facts, call.inst, _ASSUMEYES)


def rpm_packages(facts: Facts, call: PkgCall) -> Iterator[Operand]:
    """Unpinned operands of an install; a module (``module install``) needs ``name:stream``."""
    module = call.sub == "module install"
    if not module and call.sub not in ("install", "in"):
        return
    for op in operands(facts, call):
        v = op.value
        if module:
            if ":" not in v:
                yield op
        elif not (v.startswith("@") or is_path(v) or v.endswith(".rpm") or rpm_pinned(v)):
            yield op


def last_uncleaned(
    facts: Facts,
    found: Iterator[PkgCall],
    cleans: Callable[[Command], bool],
    cache_dirs: tuple[str, ...],
    ends: str = "",
) -> Iterator[PkgCall]:
    """Per RUN, the last call that no later command cleans up after (cache mounts exempt).

    One finding per RUN: a single cleanup at the end fixes every call before it.
    """
    last: dict[int, PkgCall] = {}
    for call in found:
        last[call.inst.index] = call
    for call in last.values():
        if mount_covers(facts, call.inst, cache_dirs, ends):
            continue
        if not cleanup_follows(facts, call, cleans):
            yield call


def clean_all(cmd: Command, tools: frozenset[str]) -> bool:
    """``<tool> clean all`` (options allowed anywhere)."""
    if cmd.base not in tools:
        return False
    values = [w.value for w in cmd.args if not w.value.startswith("-")]
    return values[:2] == ["clean", "all"]


def pinned_names(ops: Iterable[Operand], marks: str) -> set[str]:
    """Names the command pins somewhere (``curl=7.88.1-10``): a bare ``curl`` beside that
    pin installs the pinned version. ``marks`` are the characters that start a version."""
    names = set()
    for op in ops:
        cut = min((i for i in (op.value.find(c) for c in marks) if i > 0), default=-1)
        if cut > 0:
            names.add(op.value[:cut])
    return names


def grouped(found: Iterable[Operand]) -> Iterator[tuple[Word, list[str], str]]:
    """All unpinned operands of one install command, as one finding.

    One finding per command keeps a 30-package install readable: the message
    names every package and the span runs from the first to the last of them.
    Yields nothing when there are none.
    """
    ops = list(found)
    if not ops:
        return
    values = list(dict.fromkeys(op.value for op in ops))
    origins = ", ".join(dict.fromkeys(op.origin for op in ops if op.origin))
    first, last = ops[0].word.span, ops[-1].word.span
    span = Span(first.line, first.column, last.end_line, last.end_column)
    yield Word("", "", span, True), values, origins


def unpinned_message(
    kind: str, values: list[str], origin: str, pin: str, what: str = "version"
) -> str:
    """The pinning rules' message: ``pin`` is the pattern with ``{}`` for the name."""
    where = f" (from {origin})" if origin else ""
    if len(values) == 1:
        name = values[0]
        return (
            f"{kind} {name}{where} is installed without a {what}, so each build may get a "
            f"different one; pin it as {pin.format(name)}."
        )
    names = name_list(values)
    return (
        f"{kind}s {names}{where} are installed without {what}s, so each build may get "
        f"different ones; pin each as {pin.format('<name>')}."
    )


def rpm_unpinned(ctx: RuleContext, *tools: str) -> Iterator[Finding]:
    """DL3033 and DL3041: yum, dnf and microdnf installs without versions (modules: streams)."""
    for call in calls(ctx, *tools):
        found = list(rpm_packages(ctx.facts, call))
        module = call.sub == "module install"
        for word, values, origin in grouped(found):
            if module:
                message = unpinned_message("Module", values, origin, "{}:<stream>", "stream")
            else:
                message = unpinned_message("Package", values, origin, "{}-<version>")
            yield Finding(word.span, message)
