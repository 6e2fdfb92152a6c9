"""What makes a variable name, or a value, a secret: shared by DL3064 and DF018."""

from __future__ import annotations

import re

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


# -- values ---------------------------------------------------------------------------

#: Token formats with a prefix their issuers document, so a match is almost surely real,
#: each with the literals one of its matches contains (a cheap test before the scan).
TOKEN_FORMATS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (what, needles, re.compile(pattern))
    for what, needles, pattern in (
        (
            "a GitHub token",
            ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
            r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b",
        ),
        ("a GitLab token", ("glpat-",), r"\bglpat-[A-Za-z0-9_-]{20}\b"),
        ("an AWS access key id", ("AKIA", "ASIA"), r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b"),
        ("a Slack token", ("xox",), r"\bxox[abposr]-[0-9A-Za-z-]{10,}"),
        ("a Stripe secret key", ("k_live_",), r"\b[rs]k_live_[0-9A-Za-z]{24,}"),
        ("a Google API key", ("AIza",), r"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"),
        ("an npm token", ("npm_",), r"\bnpm_[A-Za-z0-9]{36}\b"),
        ("a PyPI token", ("pypi-",), r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
        ("a Docker Hub token", ("dckr_pat_",), r"\bdckr_pat_[A-Za-z0-9_-]{27,}"),
        ("a Hugging Face token", ("hf_",), r"\bhf_[A-Za-z]{34}\b"),
        (
            "an OpenAI key",
            ("T3BlbkFJ",),
            r"\bsk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}",
        ),
        ("an Anthropic key", ("sk-ant-",), r"\bsk-ant-[a-z]+\d\d-[A-Za-z0-9_-]{80,}"),
        (
            "a SendGrid key",
            ("SG.",),
            r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
        ),
    )
)

#: A private key block with key material after it (not a ``grep "BEGIN ... KEY"``).
PRIVATE_KEY = re.compile(
    r"(?P<header>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)"
    r"(?:\s|\\n)+(?:[\w-]+: [^\n]*(?:\s|\\n)+)*[A-Za-z0-9+/=]{40,}"
)

#: ``scheme://user:password@host``.
CREDENTIAL_URL = re.compile(
    r"\b[a-zA-Z][a-zA-Z0-9+.-]*://(?P<user>[^\s:/@'\"`]*):(?P<password>[^\s/@'\"`]+)"
    r"@(?P<host>\[[0-9a-fA-F:.]+\]|[^\s/:?#'\"`\\]+)"
)

#: An HTTP Authorization (or token) header with its value.
AUTH_HEADER = re.compile(
    r"(?i:authorization:\s*(?:bearer|basic|token)\s+|private-token:\s*|x-[\w-]*token:\s*)"
    r"(?P<value>[A-Za-z0-9._~+/=-]{8,})"
)

#: npm's ``_authToken`` (or ``_auth``) setting, as ``.npmrc`` or ``npm config set`` write it.
NPM_AUTH = re.compile(
    r"(?:^|(?<=[\s:'\"]))(?:_authToken|_auth)(?:\s*=\s*|\s+)[\"']?(?P<value>[^\s\"'$]{8,})",
    re.MULTILINE,
)

#: Words a value is made of when it stands in for a real one.
_PLACEHOLDER_WORDS = frozenset(
    {
        "pass",
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "changeme",
        "change_me",
        "changeit",
        "dummy",
        "test",
        "example",
        "placeholder",
        "redacted",
        "none",
        "null",
    }
)
#: A word naming what belongs there: ``pypi-token``, ``my_password``, ``api-key``.
_NAMED_PLACEHOLDER = re.compile(r"[a-z]{0,12}[-_]?(?:token|password|passwd|secret|key)")
_PLACEHOLDER = re.compile(r"[xX*.#_-]+|<[^>]*>|\{\{.*\}\}|%[^%]*%|\[[^\]]*\]")
_FAKE_PARTS = ("example", "xxxx", "0000", "1234", "abcd", "your", "dummy", "fake", "redacted")


def is_placeholder(value: str, user: str | None = None) -> bool:
    """True for a value that stands in for a password: ``changeme``, ``<pw>``, ``xxxx``,
    or the user name again (``root:root``)."""
    low = value.lower()
    return (
        low in _PLACEHOLDER_WORDS
        or bool(_PLACEHOLDER.fullmatch(value))
        or bool(_NAMED_PLACEHOLDER.fullmatch(low))
        or (user is not None and low == user.lower())
    )


def looks_fake(value: str) -> bool:
    """True for a token-shaped value that is a documented or made-up example."""
    low = value.lower()
    return any(part in low for part in _FAKE_PARTS) or len(set(value)) < 8


def is_private_host(host: str) -> bool:
    """True for the machine itself, a host of the same network (no dot: a service name
    such as ``db``), or a name reserved for examples and tests."""
    if host.startswith("["):  # an IPv6 address: loopback, link-local or unique-local
        address = host.strip("[]").lower()
        return address == "::1" or address.startswith(("fe80:", "fc", "fd"))
    host = host.lower()
    if "." not in host or host.startswith("127.") or host == "0.0.0.0":
        return True
    return host.endswith(
        (
            ".localhost",
            ".local",
            ".internal",
            ".example",
            ".test",
            ".invalid",
            "example.com",
            "example.org",
            "example.net",
        )
    )
