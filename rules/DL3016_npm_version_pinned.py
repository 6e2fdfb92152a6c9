"""DL3016: npm install packages without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import Unpinned, commands_named, parse_args, subcommand, unpinned_findings, values_of

INSTALL = frozenset(
    {"install", "i", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal"}
    | {"isntall"}
)
#: npm options whose value may be the next word (npm reads ``--key value`` for its config keys).
NPM_LONG = frozenset(
    {
        "registry",
        "loglevel",
        "prefix",
        "cache",
        "userconfig",
        "globalconfig",
        "tag",
        "omit",
        "include",
        "install-strategy",
        "save-prefix",
        "workspace",
        "before",
        "script-shell",
        "location",
        "otp",
        "auth-type",
        "proxy",
        "https-proxy",
        "ca",
        "cafile",
        "cert",
        "key",
        "node-options",
        "fetch-retries",
        "fetch-timeout",
        "maxsockets",
        "scope",
        "access",
    }
)
NPM_SHORT = "Cw"
GIT_PREFIXES = ("git://", "git+ssh://", "git+http://", "git+https://", "git+file://")
HOSTED_PREFIXES = ("github:", "gitlab:", "bitbucket:", "gist:")
TARBALLS = (".tar", ".tar.gz", ".tgz")
PATHS = ("/", "./", "../", "~/", "file:", "link:")


def problem(spec: str) -> str | None:
    """How ``spec`` is unpinned ("without a version"...), or None when it is pinned or local."""
    lowered = spec.lower()
    if lowered.startswith(GIT_PREFIXES + HOSTED_PREFIXES):
        return None if "#" in spec else "without a commit or tag"
    if lowered.endswith(TARBALLS) or spec.startswith(PATHS) or spec in (".", ".."):
        return None
    if "://" in spec:
        return None
    name = spec[1:] if spec.startswith("@") else spec
    if "@" in name:
        version = name.split("@", 1)[1]
        return (
            "at `@latest`, which moves with every release" if version.lower() == "latest" else None
        )
    if "/" in name and not spec.startswith("@"):
        # ``user/repo``: a GitHub shorthand, pinned by ``#ref``
        return None if "#" in spec else "without a commit or tag"
    return "without a version"


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in commands_named(ctx.facts, "npm"):
        sub = subcommand(cmd, NPM_SHORT, NPM_LONG)
        if sub is None or cmd.words[sub].value not in INSTALL:
            continue
        args = parse_args(cmd.words[sub + 1 :], NPM_SHORT, NPM_LONG)
        items = []
        for word in args.operands:
            for value in values_of(ctx.facts, inst, word) or ():
                why = problem(value)
                if why is None:
                    continue
                if "commit" in why:
                    items.append(Unpinned(word, value, why, f"{value}#<commit or tag>", "#<ref>"))
                    continue
                name = value[: -len("@latest")] if "@latest" in why else value
                items.append(Unpinned(word, name, why, f"{name}@<version>", "<name>@<version>"))
        globally = any(a.value in ("-g", "--global") for a in cmd.args)
        tail = "" if globally else ", or list {it} in package.json and use `npm ci`"
        yield from unpinned_findings("`npm install` installs", items, tail)


RULE = Rule(
    code="DL3016",
    name="NpmVersionUnpinned",
    severity=Severity.WARNING,
    summary="Pin versions in npm install (`package@version`)",
    rationale=(
        "`npm install express` takes whatever release is newest on the day of the build, so\n"
        "two builds of the same Dockerfile can install different code. Pin each package\n"
        "(`express@4.19.2`), or declare dependencies in `package.json` with a lock file and\n"
        "run `npm ci` (a bare `npm install` reads them and is not reported).\n\n"
        "One finding per install command names every unpinned package. Not reported: tarballs, local paths and\n"
        "URLs; git URLs and GitHub shorthands (`user/repo`, `github:user/repo`) with a\n"
        "`#commit` or `#semver:` ref (without one they are reported). Variables are resolved\n"
        "from ARG and ENV; a word whose value cannot be known is not reported.\n\n"
        "Differences from hadolint: dlint also knows npm's aliases (`npm i`, `npm add`),\n"
        "options before the subcommand (`npm --prefix /app install x`) and more options that\n"
        "take a value, and it reports `@latest`, which names no version at all (hadolint\n"
        "accepts any `@tag`)."
    ),
    check=check,
    bad="FROM node:22-slim\nRUN npm install -g typescript\n",
    good="FROM node:22-slim\nRUN npm install -g typescript@5.6.3\n",
    tags=("reproducibility",),
    hadolint=True,
)
