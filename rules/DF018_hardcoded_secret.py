"""DF018: a credential written into the Dockerfile itself, found by its value."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command, Instruction, Span, TextMap, Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import texts
from ._secrets import (
    AUTH_HEADER,
    CREDENTIAL_URL,
    NPM_AUTH,
    PRIVATE_KEY,
    TOKEN_FORMATS,
    is_placeholder,
    is_private_host,
    looks_fake,
)

#: Where each instruction keeps what it is given, once the image is built.
_KEPT = {
    "RUN": "the image history keeps the command line",
    "ADD": "the image history keeps the instruction",
    "ARG": "the image history keeps build arguments",
    "COPY": "the layer keeps the file",
}
_CONFIG = "the image configuration keeps it"

#: Registry clients whose ``login`` takes ``-p``/``--password``.
_LOGIN_CLIENTS = frozenset(
    {"docker", "podman", "buildah", "skopeo", "nerdctl", "helm", "oras", "crane"}
)
_MYSQL_CLIENTS = frozenset({"mysql", "mysqladmin", "mysqldump", "mariadb", "mariadb-admin"})


def _text_findings(text: str, tmap: TextMap) -> Iterator[tuple[Span, str]]:
    # Each pattern needs a literal that is rare in a Dockerfile: look for it before scanning.
    for what, needles, pattern in TOKEN_FORMATS:
        if any(n in text for n in needles):
            for m in pattern.finditer(text):
                if not looks_fake(m.group()):
                    yield tmap.span(m.start(), m.end()), f"{what} ({m.group()[:4]}…)"
    if "PRIVATE KEY" in text:
        for m in PRIVATE_KEY.finditer(text):
            yield tmap.span(m.start(), m.end("header")), "a private key"
    if "@" in text and "://" in text:
        for m in CREDENTIAL_URL.finditer(text):
            user, password, host = m.group("user", "password", "host")
            if "$" in password or is_placeholder(password, user) or is_private_host(host):
                continue
            at = m.start("password")
            owner = f"of {user}@{host}" if user else f"for {host}"
            yield tmap.span(at, m.end("password")), f"the password {owner}"
    low = text.lower()
    for needles, pattern, what in (
        (("authorization", "token"), AUTH_HEADER, "an Authorization header"),
        (("_auth",), NPM_AUTH, "an npm token"),
    ):
        if any(n in low for n in needles):
            for m in pattern.finditer(text):
                value = m.group("value")
                if "$" not in value and not is_placeholder(value) and not looks_fake(value):
                    yield tmap.span(m.start("value"), m.end("value")), what


def _literal(word: Word, value: str) -> bool:
    return word.literal and bool(value) and "$" not in value


def _command_findings(cmd: Command) -> Iterator[tuple[Word, str]]:
    base = cmd.base
    values = cmd.arg_values
    if base in _LOGIN_CLIENTS and "login" in values:
        for w, v in cmd.flag_values("p", "password"):
            if _literal(w, v):
                yield w, f"the password given to `{base} login`"
    elif base == "sshpass":
        for w, v in cmd.flag_values("p"):
            if _literal(w, v):
                yield w, "the password given to sshpass"
    elif base == "curl":
        for w, v in cmd.flag_values("u", "user", "proxy-user"):
            user, colon, password = v.partition(":")
            if colon and _literal(w, password) and not is_placeholder(password, user):
                yield w, f"the password given to curl for {user}"
    elif base == "wget":
        longs = ("password", "http-password", "ftp-password", "proxy-password")
        for w, v in cmd.flag_values(*longs):
            if _literal(w, v) and not is_placeholder(v):
                yield w, "the password given to wget"
    elif base in _MYSQL_CLIENTS:
        # -pSECRET (attached: a lone -p asks, and `-p name` names a database) or --password=
        user = cmd.flag_value("u", "user") or ""
        for w in cmd.args:
            v = w.value
            if v.startswith("--password="):
                password = v.partition("=")[2]
            elif v.startswith("-p") and len(v) > 2 and not v.startswith("--"):
                password = v[2:]
            else:
                continue
            if _literal(w, password) and not is_placeholder(password, user):
                yield w, f"the password given to {base}"


def check(ctx: RuleContext) -> Iterator[Finding]:
    found: list[tuple[Span, str, Instruction]] = []
    for inst in ctx.dockerfile.instructions:
        for text, tmap in texts(inst):
            found.extend((span, what, inst) for span, what in _text_findings(text, tmap))
    for inst, cmd in ctx.facts.all_commands():
        found.extend((w.span, what, inst) for w, what in _command_findings(cmd))
    # One finding per place: an option's value may also match a text pattern.
    seen: list[Span] = []
    for span, what, inst in sorted(found, key=lambda f: (f[0].line, f[0].column)):
        if any(s.contains(span) or span.contains(s) for s in seen):
            continue
        seen.append(span)
        trigger = inst.onbuild.name if inst.onbuild is not None else inst.name
        kept = _KEPT.get(trigger, _CONFIG)
        if trigger == "COPY" and not inst.heredocs:
            kept = _CONFIG
        yield Finding(
            span,
            f"{what[0].upper()}{what[1:]} is written in the Dockerfile: "
            f"anyone who can read the repository can use it, and {kept}. Revoke it, and "
            "pass it at build time with a secret mount (RUN --mount=type=secret,id=...).",
        )


RULE = Rule(
    code="DF018",
    name="HardcodedSecret",
    severity=Severity.ERROR,
    summary="Do not write credentials into the Dockerfile",
    rationale=(
        "A credential written in a Dockerfile is in the repository for everyone who can\n"
        "read it, and in the image too: the history keeps RUN command lines and build\n"
        "arguments, the configuration keeps ENV and LABEL values, and a heredoc file is\n"
        "a layer. `docker history --no-trunc` and `docker inspect` show them to anyone\n"
        "who can pull the image. Revoke a credential found this way; a build gets it\n"
        "without keeping it through a secret mount:\n"
        "`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`.\n\n"
        "DL3064 reads the names of ARG and ENV; this rule reads values, anywhere in an\n"
        "instruction or heredoc:\n"
        "- tokens in the documented formats of GitHub, GitLab, AWS access key ids, Slack,\n"
        "  Stripe, Google API keys, npm, PyPI, Docker Hub, Hugging Face, OpenAI, Anthropic\n"
        "  and SendGrid, and private key blocks;\n"
        "- passwords in URLs (`https://user:password@host`), literal `Authorization:`\n"
        "  headers and npm `_authToken` settings;\n"
        "- passwords given on a command line: `docker login -p`, `curl -u user:password`,\n"
        "  `wget --password`, `mysql -psecret` and `sshpass -p`.\n\n"
        "To stay quiet, a value built from a variable (`$TOKEN`) is never reported, nor are\n"
        "placeholders (`xxxx`, `changeme`, `<password>`, a password equal to its user name,\n"
        "values containing `example`), nor URLs to the machine itself or to a service of\n"
        "the same network (`localhost`, `127.0.0.1`, a host name without a dot such as\n"
        "`db`), which hold development defaults. The message never repeats the secret."
    ),
    check=check,
    bad=(
        "FROM alpine:3.20\n"
        "RUN wget -q --header='Authorization: Bearer 4fd2c1e8a97b3d5f6e0c' \\\n"
        "      https://api.example.net/v1/artifact.tar.gz\n"
    ),
    good=(
        "FROM alpine:3.20\n"
        "RUN --mount=type=secret,id=api_token,env=API_TOKEN \\\n"
        '    wget -q --header="Authorization: Bearer $API_TOKEN" \\\n'
        "      https://api.example.net/v1/artifact.tar.gz\n"
    ),
    tags=("security",),
    security_severity=9.0,
    precision="high",
)
