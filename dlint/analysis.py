"""Facts derived once per file and shared by every rule.

Stages and what each inherits, variable scopes (ARG and ENV as BuildKit
scopes them), the effective USER, SHELL and WORKDIR, exposed ports, and the
shell commands of every script. Rules ask these questions; none re-scans the
file on its own.
"""

from __future__ import annotations

import bisect
import fnmatch
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from dlint import words
from dlint.imageref import ImageRef, InvalidReference, try_parse_image
from dlint.model import Command, Dockerfile, Instruction, KeyValue, Script

Scope = Mapping[str, str | None]

DEFAULT_SHELL: tuple[str, ...] = ("/bin/sh", "-c")
WINDOWS_SHELL: tuple[str, ...] = ("cmd", "/S", "/C")

#: ARGs BuildKit defines without a declaration. Their values depend on the
#: build, so they are known to exist but their values are unknown.
PLATFORM_ARGS = (
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
)
PROXY_ARGS = (
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
)

#: Base images whose /bin/sh is BusyBox ash: alpine, busybox, and tags such as 3.12-alpine;
#: the official docker image is Alpine whatever its tag says (docker:27-cli).
_BUSYBOX_IMAGE = re.compile(
    r"(^|[/:.-])(alpine|busybox)([:.@-]|\d|$)|^(docker\.io/)?(library/)?docker(:[^w]|@|$)"
)
#: Base images whose /bin/sh is bash: the Red Hat family, SUSE and Arch (name or tag).
_BASH_SH_IMAGE = re.compile(
    r"(^|[/:.-])(centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|ubi\d*|rhel\d*"
    r"|opensuse|sles|archlinux|photon|mariner|azurelinux)([:.@/-]|\d|$)"
)
#: Base images whose /bin/sh is dash: Debian and Ubuntu, and the official images built on
#: them when no other family shows in the name.
_DASH_SH_IMAGE = re.compile(
    r"(^|/)(debian|ubuntu|python|node|ruby|golang|php|rust|perl|buildpack-deps|gcc|openjdk"
    r"|eclipse-temurin|elixir|erlang|haskell|dotnet/(sdk|aspnet|runtime|runtime-deps)"
    r"|nginx|httpd|redis|postgres|mariadb|mongo|rabbitmq|wordpress|tomcat|maven|gradle"
    r"|haproxy|memcached)(:|@|$)"
)

#: Image names that say Windows: the Windows base images, and repositories that exist only
#: for Windows (IIS, ASP.NET 4.x, .NET Framework). PowerShell images also have Linux tags.
_WINDOWS_HINTS = (
    "windows",
    "nanoserver",
    "servercore",
    "microsoft/iis",
    "microsoft/aspnet",
    "dotnet/framework",
    "dotnet-framework",
)


@dataclass(frozen=True)
class Port:
    """One EXPOSEd port (or range): ``end`` equals ``start`` for a single port."""

    start: int
    end: int
    protocol: str
    instruction: Instruction


@dataclass
class Stage:
    """A build stage: from its FROM to the next FROM."""

    index: int
    from_instruction: Instruction
    name: str | None  # lower-cased, as BuildKit compares them
    image: str | None  # the FROM image after ARG expansion; None when unknown
    image_ref: ImageRef | InvalidReference | None  # None: unknown, or a stage
    base_stage: int | None  # the earlier stage this one is built FROM
    instructions: list[Instruction] = field(default_factory=list)
    user: str | None = None  # effective USER at the end (inherited); None: never set
    user_instruction: Instruction | None = None
    shell: tuple[str, ...] = DEFAULT_SHELL
    workdir: str | None = None  # effective WORKDIR at the end, when known
    env: dict[str, str | None] = field(default_factory=dict)  # ENV at the end (inherited)
    args: dict[str, str | None] = field(default_factory=dict)  # ARG at the end (inherited)
    ports: list[Port] = field(default_factory=list)
    #: the base image's /bin/sh is BusyBox ash (Alpine, BusyBox images)
    busybox_sh: bool = False
    #: the program the base image's /bin/sh is, when its name tells: "dash" or "bash"
    sh: str = ""
    #: a Windows image: by its name, the backtick escape, or a SHELL running cmd
    windows: bool = False

    @property
    def is_scratch(self) -> bool:
        return self.base_stage is None and (self.image or "").lower() == "scratch"

    def instructions_named(self, *names: str) -> list[Instruction]:
        return [i for i in self.instructions if i.name in names]


class History:
    """Every value each variable took, and from which instruction position on."""

    __slots__ = ("positions", "values")

    def __init__(self) -> None:
        self.positions: dict[str, list[int]] = {}
        self.values: dict[str, list[str | None]] = {}

    def set(self, name: str, value: str | None, position: int) -> None:
        self.positions.setdefault(name, []).append(position)
        self.values.setdefault(name, []).append(value)

    def lookup(self, name: str, position: int) -> tuple[bool, str | None]:
        """(found, value) of ``name`` as set before ``position``."""
        positions = self.positions.get(name)
        if not positions:
            return False, None
        k = bisect.bisect_right(positions, position) - 1
        if k < 0:
            return False, None
        return True, self.values[name][k]


_MISSING = object()


class ScopeView(Mapping[str, "str | None"]):
    """The variables visible at one instruction: ENV wins over ARG, as in BuildKit.

    ``open``: a name the Dockerfile never set may come from the base image's
    environment, so it exists with an unknown value (None) rather than being unset.
    """

    __slots__ = ("_args", "_env", "_open", "_pos")

    def __init__(self, env: History | None, args: History, pos: int, open_: bool) -> None:
        self._env, self._args, self._pos, self._open = env, args, pos, open_

    def _get(self, key: str) -> object:
        if self._env is not None:
            found, value = self._env.lookup(key, self._pos)
            if found:
                return value
        found, value = self._args.lookup(key, self._pos)
        return value if found else _MISSING

    def __getitem__(self, key: str) -> str | None:
        value = self._get(key)
        if value is _MISSING:
            if self._open:
                return None
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        return self._open or (isinstance(key, str) and self._get(key) is not _MISSING)

    @property
    def open(self) -> bool:
        """Whether names the Dockerfile never set may come from the base image."""
        return self._open

    def sets(self, key: str) -> bool:
        """Whether an ARG or ENV of the Dockerfile set ``key`` before this instruction."""
        return self._get(key) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        names = set(self._args.positions)
        if self._env is not None:
            names.update(self._env.positions)
        return iter(sorted(n for n in names if self._get(n) is not _MISSING))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _raw(kv: KeyValue) -> str:
    """The value as written (quotes kept), so that expansion honours single quotes."""
    return kv.raw_value if kv.raw_value is not None else (kv.value or "")


_SHELL_PRAGMA = re.compile(r"^#\s*hadolint\s+shell\s*=\s*(\S+)")


def shell_pragmas(df: Dockerfile) -> list[tuple[int, str]]:
    """hadolint's ``# hadolint shell=NAME`` comments: (line, shell), in file order.

    Before the first FROM it sets every stage's default shell; inside a stage,
    the shell of the rest of that stage (and of stages built FROM it).
    """
    found = []
    for c in df.comments:
        m = _SHELL_PRAGMA.match(c.raw.strip())
        if m:
            found.append((c.line, m.group(1)))
    return found


class Facts:
    """Everything derived from one parsed Dockerfile, computed once."""

    def __init__(self, dockerfile: Dockerfile):
        self.dockerfile = dockerfile
        self.global_args: dict[str, str | None] = {}
        self.stages: list[Stage] = []
        self._scopes: dict[int, Scope] = {}
        self._by_name: dict[str, list[Instruction]] = {}
        for inst in dockerfile.instructions:
            self._by_name.setdefault(inst.name, []).append(inst)
        self._walk()

    # -- questions rules ask -------------------------------------------------

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def instructions(self, *names: str) -> list[Instruction]:
        """Instructions with these (upper-case) names, in file order."""
        if len(names) == 1:
            return self._by_name.get(names[0], [])
        found = [i for n in names for i in self._by_name.get(n, [])]
        found.sort(key=lambda i: i.index)
        return found

    def stage_of(self, inst: Instruction) -> Stage | None:
        if 0 <= inst.stage < len(self.stages):
            return self.stages[inst.stage]
        return None

    def lineage(self, stage: Stage | None) -> list[Stage]:
        """The stage and the earlier stages it is built FROM, nearest first ([] for None).

        A stage is only ever built FROM an earlier one, so the walk always ends.
        """
        chain: list[Stage] = []
        while stage is not None:
            chain.append(stage)
            stage = self.stages[stage.base_stage] if stage.base_stage is not None else None
        return chain

    def stage_named(self, name: str) -> Stage | None:
        """A stage by name or by index (as ``COPY --from`` and ``FROM`` refer to them)."""
        key = name.lower()
        for stage in self.stages:
            if stage.name == key:
                return stage
        if words.is_number(key) and int(key) < len(self.stages):
            return self.stages[int(key)]
        return None

    def scope(self, inst: Instruction) -> Scope:
        """Variables visible to ``inst`` (values before it runs); None means unknown."""
        return self._scopes.get(inst.index, {})

    def expand(self, inst: Instruction, text: str) -> str | None:
        """``text`` with variables expanded as BuildKit would for ``inst``; None when unknown."""
        return words.expand(text, self.scope(inst), self.dockerfile.escape)

    def shell_of(self, inst: Instruction) -> tuple[str, ...]:
        return self._shells.get(inst.index, DEFAULT_SHELL)

    @cached_property
    def scripts(self) -> dict[int, list[Script]]:
        """Scripts of every instruction that runs shell code, by instruction index."""
        from dlint import shell

        out: dict[int, list[Script]] = {}
        for inst in self.dockerfile.instructions:
            if inst.name in ("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD"):
                found = shell.scripts_for(inst, self._script_shell(inst))
                if found:
                    out[inst.index] = found
        return out

    def _script_shell(self, inst: Instruction) -> tuple[str, ...]:
        """The shell that reads the scripts: /bin/sh is ash on Alpine and BusyBox images,
        dash on Debian and Ubuntu, bash on the Red Hat family (when the image name tells)."""
        current = self.shell_of(inst)
        stage = self.stage_of(inst)
        if current == DEFAULT_SHELL and stage is not None:
            if stage.busybox_sh:
                return ("/bin/ash", "-c")
            if stage.sh:
                return (f"/bin/{stage.sh}", "-c")
        return current

    def scripts_of(self, inst: Instruction) -> list[Script]:
        return self.scripts.get(inst.index, [])

    @cached_property
    def _command_index(self) -> dict[str, list[tuple[Instruction, Script, Command]]]:
        index: dict[str, list[tuple[Instruction, Script, Command]]] = {}
        insts = self.dockerfile.instructions
        for i, scripts in self.scripts.items():
            for script in scripts:
                for cmd in script.commands:
                    index.setdefault(cmd.base, []).append((insts[i], script, cmd))
        return index

    def commands(
        self, *names: str, sources: tuple[str, ...] = ("run", "heredoc")
    ) -> Iterator[tuple[Instruction, Command]]:
        """Every command with one of these basenames, with its instruction, in file order.

        By default only what RUN executes (its text and heredoc scripts);
        pass ``sources`` to include ``cmd``, ``entrypoint`` or ``healthcheck``.
        """
        hits: list[tuple[Instruction, Script, Command]] = []
        for n in names:
            hits.extend(self._command_index.get(n, ()))
        if len(names) > 1:
            hits.sort(key=lambda t: (t[0].index, t[2].span))
        for inst, script, cmd in hits:
            if script.source in sources:
                yield inst, cmd

    def all_commands(
        self, sources: tuple[str, ...] = ("run", "heredoc")
    ) -> Iterator[tuple[Instruction, Command]]:
        """Every command of every script from ``sources``, in file order."""
        insts = self.dockerfile.instructions
        for i in sorted(self.scripts):
            for script in self.scripts[i]:
                if script.source in sources:
                    for cmd in script.commands:
                        yield insts[i], cmd

    # -- the walk ------------------------------------------------------------

    def _walk(self) -> None:
        df = self.dockerfile
        esc = df.escape
        # Histories make every instruction's scope a cheap view: nothing is copied per
        # ARG or ENV, so the walk stays linear however many variables a file sets.
        global_args = History()
        for name in PLATFORM_ARGS:
            global_args.set(name, None, 0)
        env = args = History()
        open_scope = False
        stage: Stage | None = None
        self._shells: dict[int, tuple[str, ...]] = {}
        windows_default = esc == "`"
        pragmas = shell_pragmas(df)
        default_shell: tuple[str, ...] | None = None
        for inst in df.instructions:
            pos = inst.index
            if inst.name == "FROM" or stage is None:
                scope: Scope = ScopeView(None, global_args, pos, False)
            else:
                scope = ScopeView(env, args, pos, open_scope)
            # FROM sees only the global ARGs (and the platform ARGs), whatever came before.
            self._scopes[inst.index] = scope
            while pragmas and pragmas[0][0] < inst.line:
                shell = (pragmas.pop(0)[1], "-c")
                if stage is None:
                    default_shell = shell  # before any FROM: every stage's default
                else:
                    stage.shell = shell
            if inst.name == "FROM":
                stage = self._new_stage(inst, scope, windows_default)
                if default_shell is not None and stage.base_stage is None:
                    stage.shell = default_shell
                self.stages.append(stage)
                args, env = History(), History()
                for key, value in stage.env.items():
                    env.set(key, value, pos + 1)
                for key, value in stage.args.items():
                    args.set(key, value, pos + 1)
                open_scope = self._open(stage)
                self._shells[inst.index] = stage.shell
                continue
            if stage is None:
                if inst.name == "ARG":
                    for kv in inst.key_values:
                        value = words.expand(_raw(kv), scope, esc) if kv.value is not None else None
                        global_args.set(kv.key, value, pos + 1)
                        self.global_args[kv.key] = value
                continue
            stage.instructions.append(inst)
            self._shells[inst.index] = stage.shell
            if inst.name == "ARG":
                for kv in inst.key_values:
                    if kv.value is not None:
                        value = words.expand(_raw(kv), scope, esc)
                    else:
                        value = self.global_args.get(kv.key)
                    args.set(kv.key, value, pos + 1)
                    stage.args[kv.key] = value
            elif inst.name == "ENV":
                for kv in inst.key_values:
                    value = words.expand(_raw(kv), scope, esc) if kv.value is not None else ""
                    stage.env[kv.key] = value
                    env.set(kv.key, value, pos + 1)
            elif inst.name == "USER":
                stage.user = words.expand(inst.args.strip(), scope, esc)
                stage.user_instruction = inst
                if stage.user is None:
                    stage.user = inst.args.strip()
            elif inst.name == "WORKDIR":
                stage.workdir = self._workdir(stage.workdir, inst, scope)
            elif inst.name == "SHELL" and inst.exec_form:
                stage.shell = tuple(inst.exec_form)
                if stage.shell[0].lower().rsplit("\\", 1)[-1] in ("cmd", "cmd.exe"):
                    stage.windows = True
            elif inst.name == "EXPOSE":
                stage.ports.extend(self._ports(inst, scope))

    def _open(self, stage: Stage) -> bool:
        """Whether names the Dockerfile never sets are unknown (they may come from the base
        image's environment) rather than empty: always, except in a chain FROM scratch."""
        return not self.lineage(stage)[-1].is_scratch

    def _stage_alias(self, stage: Stage, global_scope: Scope) -> str | None:
        """A stage name written with a variable (`AS ${NAME}`), as buildah expands it;
        BuildKit rejects such names (a parse error), but the FROM that uses one means
        the stage either way."""
        raw = stage.from_instruction.stage_name or ""
        return words.expand(raw, global_scope, self.dockerfile.escape)

    def _new_stage(self, inst: Instruction, global_scope: Scope, windows_default: bool) -> Stage:
        esc = self.dockerfile.escape
        raw = inst.image or ""
        image = words.expand(raw, global_scope, esc) if raw else None
        base: Stage | None = None
        if image is not None:
            key = image.lower()
            for earlier in self.stages:
                if earlier.name == key or (
                    earlier.name is not None
                    and "$" in earlier.name
                    and (self._stage_alias(earlier, global_scope) or "").lower() == key
                ):
                    base = earlier
                    break
        stage = Stage(
            index=len(self.stages),
            from_instruction=inst,
            name=inst.stage_name.lower() if inst.stage_name else None,
            image=image,
            image_ref=None,
            base_stage=base.index if base else None,
        )
        if base is not None:
            stage.busybox_sh = base.busybox_sh
            stage.sh = base.sh
            stage.windows = base.windows
            stage.user = base.user
            stage.user_instruction = base.user_instruction
            stage.shell = base.shell
            stage.workdir = base.workdir
            stage.env = dict(base.env)
            # BuildKit: a stage built on an earlier one inherits the ARGs declared there.
            stage.args = dict(base.args)
        else:
            if image is not None and image.lower() != "scratch":
                stage.image_ref = try_parse_image(image)
            lowered = (image or raw).lower()
            if any(h in lowered for h in _WINDOWS_HINTS):
                stage.windows = True
            elif _BUSYBOX_IMAGE.search(lowered):
                stage.busybox_sh = True
            elif _BASH_SH_IMAGE.search(lowered):
                stage.sh = "bash"
            elif _DASH_SH_IMAGE.search(lowered):
                stage.sh = "dash"
            elif image is None and self._shared_shell(raw, stage):
                pass  # FROM base-${TARGETARCH}: the possible stages agree on their shell
            elif windows_default:
                # The backtick escape is a Windows habit, unless the image is known Linux.
                stage.windows = True
            if stage.windows:
                stage.shell = WINDOWS_SHELL
        return stage

    def _shared_shell(self, raw: str, stage: Stage) -> bool:
        """For a FROM whose variable is unknown, the shell facts of the earlier stages its
        name may mean (``base-${TARGETARCH}``: ``base-amd64``, ``base-arm64``), copied to
        ``stage`` when they all agree. Returns whether any was found."""
        pattern = re.sub(r"\$\{[^}]*\}|\$\w+", "*", raw).lower()
        if pattern == raw.lower() or pattern.strip("*") == "":
            return False
        found = [s for s in self.stages if s.name and fnmatch.fnmatchcase(s.name, pattern)]
        facts = {(s.windows, s.busybox_sh, s.sh, s.shell) for s in found}
        if len(facts) != 1:
            return False
        stage.windows, stage.busybox_sh, stage.sh, stage.shell = facts.pop()
        return True

    def _workdir(self, current: str | None, inst: Instruction, scope: Scope) -> str | None:
        value = words.expand(inst.args.strip(), scope, self.dockerfile.escape)
        if value is None:
            return None
        if value.startswith("/") or (len(value) > 1 and value[1] == ":"):
            return value
        if current is None:
            return posixpath.join("/", value)
        return posixpath.join(current, value)

    def _ports(self, inst: Instruction, scope: Scope) -> Iterator[Port]:
        for word in inst.words:
            value = words.expand(word.text, scope, self.dockerfile.escape)
            if not value:
                continue
            spec, _, proto = value.partition("/")
            start, _, end = spec.partition("-")
            if words.is_number(start) and (not end or words.is_number(end)):
                yield Port(int(start), int(end or start), (proto or "tcp").lower(), inst)
