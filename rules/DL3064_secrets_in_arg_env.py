"""DL3064: an ARG or ENV whose name says it holds a secret."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._labels import pair_spans
from ._lang import shipped_stages
from ._secrets import looks_secret

_WHERE = {
    "ARG": "a build argument's value is recorded in the image history",
    "ENV": "an ENV value is stored in the image configuration for anyone who pulls it",
}
#: The same in a stage the final image is not built from.
_WHERE_BUILDER = {
    "ARG": "a build argument's value is recorded in this stage's history",
    "ENV": "an ENV value is stored in this stage's image configuration",
}
_BUILDER = (
    " (the final image does not include this stage, but the build cache and `--target` builds do)"
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    shipped = shipped_stages(ctx.facts)
    for outer in ctx.facts.instructions("ARG", "ENV", "ONBUILD"):
        inst = outer.onbuild if outer.name == "ONBUILD" else outer
        if inst is None or inst.name not in ("ARG", "ENV"):
            continue
        for kv in inst.key_values:
            if not looks_secret(kv.key):
                continue
            key_span, _ = pair_spans(inst, kv)
            builder = outer.stage >= 0 and outer.stage not in shipped
            where = _WHERE_BUILDER[inst.name] + _BUILDER if builder else _WHERE[inst.name]
            yield Finding(
                key_span,
                f"{inst.name} {kv.key} looks like it holds a secret, and {where}; "
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
