"""DL3064: an ARG or ENV whose name says it holds a secret."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._labels import pair_spans

#: hadolint's list of well-known secret variables, less the ones that hold no secret
#: (operating system names, flags, user names, public ids and URLs).
KNOWN_SECRETS = frozenset(
    {
        "ACCESS_TOKEN",
        "APPLICATION_KEY",
        "APP_SECRET",
        "AUTH_TOKEN",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "BITTREX_API_KEY",
        "BITTREX_API_SECRET",
        "CF_PASSWORD",
        "CIRCLE_TOKEN",
        "CI_DEPLOY_PASSWORD",
        "DOCKERHUB_PASSWORD",
        "DOCKER_PASSWORD",
        "FACEBOOK_ACCESS_TOKEN",
        "FACEBOOK_APP_SECRET",
        "FIREBASE_API_TOKEN",
        "FIREBASE_TOKEN",
        "FOSSA_API_KEY",
        "GH_ENTERPRISE_TOKEN",
        "GH_TOKEN",
        "GITHUB_ENTERPRISE_TOKEN",
        "GITHUB_TOKEN",
        "HEROKU_API_KEY",
        "NPM_AUTH_TOKEN",
        "NPM_TOKEN",
        "OKTA_CLIENT_TOKEN",
        "OKTA_OAUTH2_CLIENTSECRET",
        "OPENAI_API_KEY",
        "OS_PASSWORD",
        "POSTGRES_PASSWORD",
        "SLACK_TOKEN",
        "STRIPE_API_KEY",
        "VAULT_CLIENT_KEY",
        "VAULT_TOKEN",
    }
)

#: Name parts that mean a secret: BuildKit's tokens, plus common spellings.
SECRET_TOKENS = frozenset(
    {
        "apikey",
        "auth",
        "credential",
        "credentials",
        "key",
        "password",
        "pword",
        "passwd",
        "pass",
        "passphrase",
        "secret",
        "token",
        "accesskey",
        "secretkey",
        "privatekey",
        "clientsecret",
        "apitoken",
        "authtoken",
        "accesstoken",
    }
)

#: Name parts that mean the value is not the secret itself: where to find it
#: (a file, path, URL or config file), public material (a GPG key id), a setting
#: about it, or a "key" that is a lookup key (object, cache, sort, filter keys).
PUBLIC_TOKENS = frozenset(
    {
        "public",
        "file",
        "files",
        "path",
        "dir",
        "version",
        "id",
        "ids",
        "gpg",
        "pgp",
        "fingerprint",
        "url",
        "uri",
        "enabled",
        "name",
        "type",
        "length",
        "size",
        "object",
        "config",
        "prefix",
        "cache",
        "filter",
        "filters",
        "sort",
        "partition",
    }
)

_SPLIT = re.compile(r"[_\-.]+|(?<=[a-z0-9])(?=[A-Z])")


def name_tokens(name: str) -> list[str]:
    """``NPM_AUTH_TOKEN`` -> npm, auth, token; ``dbPassword`` -> db, password."""
    return [t.lower() for t in _SPLIT.split(name) if t]


def looks_secret(name: str) -> bool:
    """True when a variable name says it holds a secret (names only, never values)."""
    if name.upper() in KNOWN_SECRETS:
        return True
    tokens = name_tokens(name)
    return any(t in SECRET_TOKENS for t in tokens) and not any(t in PUBLIC_TOKENS for t in tokens)


_WHERE = {
    "ARG": "a build argument's value is recorded in the image history",
    "ENV": "an ENV value is stored in the image configuration for anyone who pulls it",
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    for outer in ctx.facts.instructions("ARG", "ENV", "ONBUILD"):
        inst = outer.onbuild if outer.name == "ONBUILD" else outer
        if inst is None or inst.name not in ("ARG", "ENV"):
            continue
        for kv in inst.key_values:
            if not looks_secret(kv.key):
                continue
            key_span, _ = pair_spans(inst, kv)
            yield Finding(
                key_span,
                f"{inst.name} {kv.key} looks like it holds a secret, and {_WHERE[inst.name]}; "
                "pass secrets with a secret mount (RUN --mount=type=secret,id=...) instead.",
            )


RULE = Rule(
    code="DL3064",
    name="SecretsUsedInArgOrEnv",
    severity=Severity.WARNING,
    summary="Do not pass secrets through ARG or ENV",
    rationale=(
        "ENV values are part of the image configuration, and the values of build\n"
        "arguments used by RUN are recorded in the image history: `docker history` and\n"
        "`docker inspect` show them to anyone who can pull the image. Secrets belong in a\n"
        "secret mount (`RUN --mount=type=secret,id=npm_token ...`), which never reaches a\n"
        "layer.\n\n"
        "The rule reads names, never values. A name is reported when it is one of\n"
        "hadolint's well-known secret variables (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`,\n"
        "`POSTGRES_PASSWORD`...), or when one of its parts (split at `_`, `-`, `.` and\n"
        "camelCase) is a secret word as in BuildKit's SecretsUsedInArgOrEnv: `key`,\n"
        "`token`, `secret`, `password`, `passwd`, `pword`, `auth`, `apikey`, `credential(s)`,\n"
        "plus `pass` and `passphrase`. A name with a part that shows the value is not the\n"
        "secret itself is exempt: `public`, `file`, `path`, `dir`, `url`, `version`, `id`,\n"
        "`gpg`/`pgp`, `name`, `enabled`... So `PASSWORD_FILE`, `GPG_KEY_ID`,\n"
        "`NEXT_PUBLIC_API_KEY` and `SECRET_NAME` are not reported.\n\n"
        "Deliberate differences from hadolint, to keep the noise low: hadolint matches the\n"
        "substrings `token`, `secret`, `password`, `private` and `username` anywhere, so it\n"
        "reports `TIKTOKEN_CACHE_DIR`, `ALLOW_PRIVATE_REPOS` and every devcontainer's\n"
        "`ARG USERNAME=vscode`; user names, OS names and public ids from its list\n"
        "(`DOCKER_USERNAME`, `TRAVIS_OS_NAME`, `FACEBOOK_APP_ID`) are not secrets either.\n"
        "dlint reports each secret-looking name of an instruction, at the name, and checks\n"
        "`ONBUILD ARG`/`ONBUILD ENV` too."
    ),
    check=check,
    bad=(
        "FROM node:22-slim\nARG NPM_TOKEN\n"
        'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n'
    ),
    good=(
        "FROM node:22-slim\n"
        "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n"
        '    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n'
    ),
    tags=("security",),
    security_severity=7.0,
    buildkit_name="SecretsUsedInArgOrEnv",
    hadolint=True,
)
