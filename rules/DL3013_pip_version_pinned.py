"""DL3013: pip (and pipx, uv) install packages without a version."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from dlint.model import Command, Instruction, Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import pip_call
from ._lang import Args, Unpinned, foreign_commands, parse_args, unpinned_findings, values_of

#: pip install options whose value may be the next word.
PIP_LONG = frozenset(
    {
        "requirement",
        "constraint",
        "editable",
        "index-url",
        "extra-index-url",
        "find-links",
        "target",
        "prefix",
        "root",
        "src",
        "build",
        "platform",
        "python-version",
        "implementation",
        "abi",
        "upgrade-strategy",
        "progress-bar",
        "no-binary",
        "only-binary",
        "config-settings",
        "global-option",
        "build-option",
        "install-option",
        "report",
        "root-user-action",
        "trusted-host",
        "proxy",
        "retries",
        "timeout",
        "exists-action",
        "cert",
        "client-cert",
        "cache-dir",
        "log",
        "python",
        "use-feature",
        "use-deprecated",
        "keyring-provider",
        "group",
        "dependency-groups",
    }
)
PIP_SHORT = "rceiftbC"
#: uv pip install adds its own.
UV_LONG = PIP_LONG | {
    "constraints",
    "requirements",
    "python-preference",
    "overrides",
    "build-constraints",
    "build-constraint",
    "index",
    "default-index",
    "index-strategy",
    "upgrade-package",
    "reinstall-package",
    "no-build-package",
    "no-binary-package",
    "refresh-package",
    "resolution",
    "prerelease",
    "fork-strategy",
    "exclude-newer",
    "link-mode",
    "python-platform",
    "config-setting",
    "extra",
    "config-file",
    "directory",
    "project",
    "color",
    "allow-insecure-host",
    "from",
    "with",
    "with-requirements",
    "with-editable",
    "torch-backend",
}
UV_SHORT = "rceiftbCpP"
PIPX_LONG = frozenset(
    {"python", "pip-args", "suffix", "index-url", "spec", "preinstall", "backend"}
)
PIPX_SHORT = "i"

VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+", "git://", "svn://")
ARCHIVES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")
OPERATORS = ("==", ">=", "<=", "!=", "~=", ">", "<")


#: Branch names that move with every push: a VCS ``@ref`` naming one pins nothing.
BRANCHES = frozenset({"main", "master", "develop", "development", "dev", "trunk", "head"})


def _vcs_ref(url: str) -> str | None:
    """The ``@ref`` after the host of a VCS URL (``git+https://h/r.git@v1.0`` -> v1.0)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    path = rest.split("/", 1)[1] if "/" in rest else ""
    path = path.split("#", 1)[0]
    return path.rsplit("@", 1)[1] if "@" in path else None


def _vcs_pinned(url: str) -> bool:
    """A VCS URL is pinned by an ``@ref`` that is not a branch that moves."""
    ref = _vcs_ref(url)
    return ref is not None and ref != "" and ref.lower() not in BRANCHES


def is_pinned(spec: str, at_sign: bool = False) -> bool:
    """True when ``spec`` names a fixed version or a local or remote artifact.

    ``at_sign`` accepts ``name@version`` (uv tool), but not ``@latest``.
    """
    if " @ " in spec or spec.startswith("@ "):
        spec = spec.split("@", 1)[1].strip()
    lowered = spec.lower()
    if lowered.startswith(VCS_PREFIXES):
        return _vcs_pinned(spec)
    if "://" in spec or lowered.startswith("file:"):
        return True
    if spec.startswith((".", "/", "~")) or "/" in spec or "\\" in spec:
        return True
    if lowered.endswith(ARCHIVES):
        return True
    requirement = spec.split(";", 1)[0]
    if any(op in requirement for op in OPERATORS):
        return True
    if at_sign and "@" in requirement:
        return requirement.rsplit("@", 1)[1].lower() not in ("", "latest")
    return False


def _operands(args: Args) -> Iterator[tuple[Word, Word | None]]:
    """Each package operand, with the URL word of a ``name @ url`` direct reference."""
    ops = args.operands
    i = 0
    while i < len(ops):
        if i + 2 < len(ops) and ops[i + 1].value == "@":
            yield ops[i], ops[i + 2]
            i += 3
            continue
        yield ops[i], None
        i += 1


def _constrained(ctx: RuleContext, inst: Instruction, cmd: Command, args: Args, uv: bool) -> bool:
    """A constraints file decides the versions: the command is pinned elsewhere."""
    if args.has("c", "constraint", "constraints"):
        return True
    pip_args = args.value("pip-args") or ""
    if any(a in ("-c", "--constraint") or a.startswith("--constraint=") for a in pip_args.split()):
        return True
    name = "UV_CONSTRAINT" if uv else "PIP_CONSTRAINT"
    inline = any(a.value.partition("=")[0] == name for a in cmd.assignments)
    return inline or bool(ctx.facts.scope(inst).get(name))


def _install(cmd: Command) -> tuple[str, Args, bool] | None:
    """(tool name, parsed install arguments, accepts ``@version``) of an install command."""
    call = pip_call(cmd)
    if call is not None:
        index, sub = call
        if sub != "install":
            return None
        uv = cmd.base == "uv"
        short, long = (UV_SHORT, UV_LONG) if uv else (PIP_SHORT, PIP_LONG)
        tool = "uv pip" if uv else "pip"
        return tool, parse_args(cmd.words[index + 1 :], short, long), False
    words = cmd.words
    if cmd.base == "pipx" and len(words) > 1 and words[1].value == "install":
        return "pipx", parse_args(words[2:], PIPX_SHORT, PIPX_LONG), False
    if cmd.base == "uv" and len(words) > 2 and [w.value for w in words[1:3]] == ["tool", "install"]:
        return "uv tool", parse_args(words[3:], UV_SHORT, UV_LONG), True
    return None


def _candidates(args: Args) -> Iterator[tuple[Word, Word]]:
    """(word to report, word holding the spec) for each package the command installs."""
    source = args.last("spec", "from")
    if source is not None and source.value_word is not None:
        yield source.value_word, source.value_word
        return
    if source is not None:
        return
    for word, url in _operands(args):
        yield word, url if url is not None else word
    for opt in args.options:
        if opt.name in ("e", "editable") and opt.value_word is not None:
            yield opt.value_word, opt.value_word


def _unpinned(word: Word, name: str, at_sign: bool) -> Unpinned:
    """What is wrong with one requirement that ``is_pinned`` rejected, and how to pin it."""
    pattern = "<name>@<version>" if at_sign else "<name>==<version>"
    project, direct, target = name.partition(" @ ")
    lead, url = (f"{project} @ ", target.strip()) if direct else ("", name)
    if url.lower().startswith(VCS_PREFIXES):
        url, hash_, fragment = url.partition("#")
        ref = _vcs_ref(url)
        why = "from a VCS URL without a fixed revision"
        if ref:
            why = f"from the VCS branch `@{ref}`, which moves with every push"
            url = url[: -len(ref) - 1]
        pin = f"{lead}{url}@<tag or commit>{hash_}{fragment}"
        return Unpinned(word, name, why, pin, "URL@<ref>")
    if name.lower().endswith("@latest"):
        bare = name[: -len("@latest")]
        why = "at `@latest`, which moves with every release"
        return Unpinned(word, bare, why, f"{bare}@<version>", pattern)
    pin = f"{name}@<version>" if at_sign else f"{name}==<version>"
    return Unpinned(word, name, "without a version", pin, pattern)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in chain(ctx.facts.all_commands(), foreign_commands(ctx.facts)):
        found = _install(cmd)
        if found is None:
            continue
        tool, args, at_sign = found
        if _constrained(ctx, inst, cmd, args, tool.startswith("uv")):
            continue
        items = [
            _unpinned(word, value.split(";", 1)[0].strip(), at_sign)
            for word, spec_word in _candidates(args)
            for value in values_of(ctx.facts, inst, spec_word) or ()
            if not is_pinned(value, at_sign)
        ]
        files = " or install from a requirements or constraints file"
        yield from unpinned_findings(
            f"`{tool}` installs", items, files if tool in ("pip", "uv pip") else ""
        )


RULE = Rule(
    code="DL3013",
    name="PipVersionUnpinned",
    severity=Severity.WARNING,
    summary="Pin versions in pip install (`package==version`)",
    rationale=(
        "`pip install flask` takes whatever release is newest on the day of the build, so two\n"
        "builds of the same Dockerfile can install different code, and a new release can break\n"
        "a build that worked yesterday. Pin each package (`flask==3.0.3`, or at least a range\n"
        "such as `flask>=3,<4`), or install from a requirements file (`-r`) or under a\n"
        "constraints file (`-c`, or `PIP_CONSTRAINT`), where the versions are kept.\n\n"
        "One finding per install command names every unpinned package. Not reported: requirement and constraint\n"
        "files, local paths (`.`, `./pkg`, `/wheels/x.whl`), archives and URLs, and VCS URLs\n"
        "with a revision (`git+https://host/repo.git@v1.2`); a VCS URL without one, or with a\n"
        "branch that moves (`@main`, `@master`, `@develop`...), is.\n"
        "Variables are resolved from ARG and ENV; a word whose value cannot be known is not\n"
        "reported.\n\n"
        "dlint sees `pip`, `pip3`, `python -m pip`, `uv pip install`, `uv tool install`\n"
        "(`ruff@0.6.9` is pinned there, `@latest` is not) and `pipx install` (its `--spec`\n"
        "is what gets installed), wherever they run: after `&&`, in `sh -c`, heredocs and\n"
        "ONBUILD. Unlike hadolint it still checks the other packages of a command that also\n"
        "installs `.` or a requirements file (`pip install -r requirements.txt gunicorn`),\n"
        "reads combined flags (`-qr requirements.txt` is a requirements file, not a package),\n"
        "and checks the VCS URL given to `-e`."
    ),
    check=check,
    bad="FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
    good="FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    tags=("reproducibility",),
    hadolint=True,
)
