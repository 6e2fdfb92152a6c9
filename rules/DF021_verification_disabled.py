"""DF021: TLS certificate or package signature checks turned off."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.model import Command, Span, Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from . import _pkg
from ._common import pip_call, words_span
from ._instr import texts
from ._lang import is_posix, split_run

TLS = "TLS certificate checks"
SIGNATURES = "package signature checks"

#: Variables that turn a check off, with the values that do it (None: any non-empty value).
_ENV: dict[str, tuple[str, frozenset[str] | None]] = {
    "NODE_TLS_REJECT_UNAUTHORIZED": (TLS, frozenset({"0"})),
    "PYTHONHTTPSVERIFY": (TLS, frozenset({"0"})),
    "NPM_CONFIG_STRICT_SSL": (TLS, frozenset({"false", "0"})),
    "GIT_SSL_NO_VERIFY": (TLS, None),
    "PIP_TRUSTED_HOST": (TLS, None),
}
_FALSE = frozenset({"false", "0", "no", "off"})
_TRUE = frozenset({"true", "1", "yes", "on"})

_APT_OPTIONS = frozenset({"allow-unauthenticated", "force-yes", "allow-insecure-repositories"})
_APT_CONFIG = re.compile(
    r"(?i)^(?:APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|"
    r"Acquire::https?(?:::[^:=]+)?::Verify-(?:Peer|Host))=(?P<value>.*)$"
)
_RPM_TOOLS = ("yum", "dnf", "dnf5", "microdnf")
_SETOPT_OFF = re.compile(r"(?i)(?:^|\.)(?:sslverify|gpgcheck|repo_gpgcheck)=(?:0|false|no)$")
#: Settings written into configuration files (``echo ... > /etc/apt/apt.conf.d/x``, a
#: heredoc): (pattern, what, check).
_CONFIG_TEXT: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rf"(?:^|(?<=[\s\"';]))(?P<s>{pattern})", re.IGNORECASE | re.MULTILINE), what, check)
    for pattern, what, check in (
        (
            r"Acquire::https?(?:::[^:\s]+)?::Verify-(?:Peer|Host)\s+\\?\"?(?:false|0|no)\b",
            "The apt setting `Verify-Peer false`",
            TLS,
        ),
        (
            r"(?:APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories)\s+\\?\"?"
            r"(?:true|1|yes)\b",
            "The apt setting `AllowUnauthenticated true`",
            SIGNATURES,
        ),
        (r"strict-ssl\s*=\s*false\b", "`strict-ssl=false` (npm)", TLS),
        (
            r"(?:repo_)?gpgcheck\s*=\s*(?:0|false|no)\b",
            "`gpgcheck=0` in a repository file",
            SIGNATURES,
        ),
        (r"sslverify\s*=\s*(?:0|false|no)\b", "`sslverify=0` in a repository file", TLS),
        (r"Trusted:\s*yes\b", "an APT source marked `Trusted: yes`", SIGNATURES),
        (r"(?:global\.)?trusted-host\s*[= ]\s*[^\s\-]", "The pip setting `trusted-host`", TLS),
    )
)
#: The literal each pattern above needs, to skip texts cheaply.
_CONFIG_NEEDLES = ("verify-", "allow", "strict-ssl", "gpgcheck", "sslverify", "trusted")

#: .NET's certificate check replaced by one that accepts anything (PowerShell).
_ACCEPT_ANY_CERT = re.compile(r"(?i)\bServerCertificateValidationCallback\s*=\s*\{\s*\$true\s*\}")
#: PowerShell's web cmdlets, and the switch that skips the certificate check (PowerShell 6+).
_PS_WEB = frozenset({"invoke-webrequest", "iwr", "invoke-restmethod", "irm"})

#: ``deb [trusted=yes] URI ...`` for a repository that is not on this machine.
_TRUSTED_SOURCE = re.compile(
    r"\bdeb(?:-src)?\s*\[(?P<opts>[^\]]*\b(?:trusted|allow-insecure)=yes\b[^\]]*)\]\s*"
    r"(?P<uri>[^\s'\"]+)"
)


#: curl's short options that take a value: in ``-okubectl`` the ``k`` belongs to the value.
_CURL_VALUES = frozenset("bcdeEFHKoQruTwxXyYzACDPt")


def _curl_insecure(cmd: Command) -> Iterator[Word]:
    for w in cmd.args:
        v = w.value
        if v == "--":
            return
        if v in ("--insecure", "--proxy-insecure", "--doh-insecure"):
            yield w
        elif v.startswith("-") and not v.startswith("--"):
            for ch in v[1:]:
                if ch == "k":
                    yield w
                    break
                if ch in _CURL_VALUES:
                    break


def _word_findings(cmd: Command) -> Iterator[tuple[Word, str, str]]:
    """(word, what, check) for each option of the command that turns a check off."""
    base = cmd.base.removesuffix(".exe")
    if base == "curl":
        for w in _curl_insecure(cmd):
            # Named, not quoted: the word may hold other options' values (a password).
            flag = w.value if w.value.startswith("--") else "-k"
            yield w, f"`curl {flag}`", TLS
    elif base == "wget":
        for w in cmd.flag_words("no-check-certificate"):
            yield w, "`wget --no-check-certificate`", TLS
    elif base == "rpm":
        for w in cmd.flag_words("nosignature", "nodigest", "nofiledigest"):
            yield w, f"`rpm {w.value}`", SIGNATURES
    elif base in ("npm", "yarn", "pnpm"):
        values = [v.lower() for v in cmd.arg_values]
        for i in range(len(values) - 2):
            key = values[i + 1].strip("\"'")
            strict = key in ("strict-ssl", "enablestrictssl")
            if values[i] == "set" and strict and values[i + 2] in _FALSE:
                yield cmd.args[i + 2], f"`{base} config set {key} false`", TLS
        for w in cmd.flag_words("strict-ssl"):
            if w.value.partition("=")[2].lower() in _FALSE:
                yield w, f"`{base} {w.value}`", TLS
    elif base == "git":
        yield from _git(cmd)
    if base.startswith(("pip", "python", "uv")) and pip_call(cmd) is not None:
        for w in cmd.flag_words("trusted-host"):
            yield w, "`pip --trusted-host`", TLS


def _windows_findings(ctx: RuleContext) -> Iterator[tuple[Span, str, str]]:
    """RUNs under cmd or PowerShell, whose scripts the shell parser does not read: the
    commands split at ``&&``, ``;`` and ``|`` (curl.exe, pip, git... take the same options
    there), PowerShell's ``-SkipCertificateCheck``, and a .NET callback that accepts any
    certificate."""
    for inst in ctx.facts.instructions("RUN"):
        if inst.exec_form is not None or is_posix(ctx.facts.shell_of(inst)):
            continue
        for cmd in split_run(inst):
            for w, what, chk in _word_findings(cmd):
                yield w.span, what, chk
            if cmd.base in _PS_WEB:
                for w in cmd.args:
                    if w.value.lower().partition(":")[0] == "-skipcertificatecheck":
                        if w.value.lower().endswith(":$false"):
                            continue
                        yield w.span, f"`{cmd.words[0].text} -SkipCertificateCheck`", TLS
        for text, tmap in texts(inst):
            for m in _ACCEPT_ANY_CERT.finditer(text):
                yield tmap.span(m.start(), m.end()), "A certificate callback returning $true", TLS


def _git(cmd: Command) -> Iterator[tuple[Word, str, str]]:
    """``git -c http.sslVerify=false ...`` and ``git config [--global] http.sslVerify false``."""
    args = cmd.args
    configuring = False
    for i, w in enumerate(args):
        low = w.value.lower()
        configuring = configuring or low == "config"
        key, eq, value = low.partition("=")
        after_c = i > 0 and args[i - 1].value == "-c"
        if not eq and configuring and not after_c and i + 1 < len(args):
            value = args[i + 1].value.lower()
        elif not (eq and after_c):
            continue
        if key.startswith("http.") and key.endswith(".sslverify") and value in _FALSE:
            yield w, "`git http.sslVerify=false`", TLS


def _package_findings(ctx: RuleContext) -> Iterator[tuple[Span, str, str]]:
    for call in _pkg.calls(ctx, "apk", "apt-get", "apt", "aptitude", *_RPM_TOOLS):
        if call.tool == "apk":
            remote = [w for w in call.operands if not _local_apk(w.value)]
            if call.action == "add" and remote:
                for o in call.opts:
                    if o.name == "allow-untrusted":
                        yield (
                            o.word.span,
                            "`apk add --allow-untrusted` from a repository",
                            SIGNATURES,
                        )
        elif call.tool in _RPM_TOOLS:
            for o in call.opts:
                if o.name == "nogpgcheck":
                    yield o.word.span, f"`{call.tool} --nogpgcheck`", SIGNATURES
                elif o.name == "setopt" and o.value and _SETOPT_OFF.search(o.value):
                    what = "sslverify" if "sslverify" in o.value.lower() else "gpgcheck"
                    check = TLS if what == "sslverify" else SIGNATURES
                    yield _opt_span(call, o), f"`{call.tool} --setopt={o.value}`", check
        else:
            for o in call.opts:
                if o.name in _APT_OPTIONS:
                    yield o.word.span, f"`{call.tool} --{o.name}`", SIGNATURES
                elif o.name == "o" and o.value:
                    m = _APT_CONFIG.match(o.value)
                    if m is None:
                        continue
                    value = m.group("value").strip("\"'").lower()
                    # Verify-Peer/Verify-Host=false is TLS off; Allow...=true is signatures off.
                    if "verify-" in o.value.lower():
                        check = TLS if value in _FALSE else ""
                    else:
                        check = SIGNATURES if value in _TRUE else ""
                    if check:
                        yield _opt_span(call, o), f"`{call.tool} -o {o.value}`", check


def _opt_span(call: _pkg.PkgCall, opt: _pkg.Opt) -> Span:
    """The option with its value, when the value is the next word (``-o Name=value``)."""
    words = call.cmd.words
    for i, w in enumerate(words[:-1]):
        if w is opt.word and opt.value is not None and opt.value not in w.value:
            return words_span([w, words[i + 1]])
    return opt.word.span


def _local_apk(value: str) -> bool:
    """A package file built or fetched earlier in the build, not one from a repository."""
    return "://" not in value and (
        value.endswith(".apk") or value.startswith(("/", "./", "../", "~", "$"))
    )


def _env_findings(ctx: RuleContext) -> Iterator[tuple[Span, str, str]]:
    for inst in ctx.facts.instructions("ENV", "ARG"):
        for kv in inst.key_values:
            hit = _env_hit(kv.key, kv.value)
            if hit is not None:
                yield kv.span, f"{inst.name} {kv.key}={kv.value}", hit
    for _inst, cmd in ctx.facts.all_commands():
        words = list(cmd.assignments)
        if cmd.name == "export":
            words += [w for w in cmd.args if "=" in w.value]
        for w in words:
            key, _, value = w.value.partition("=")
            hit = _env_hit(key, value)
            if hit is not None:
                yield w.span, f"`{w.value}`", hit


def _env_hit(key: str, value: str | None) -> str | None:
    entry = _ENV.get(key.upper())
    if entry is None or not value:
        return None
    check, values = entry
    low = value.strip().lower()
    if values is None:
        return check if low not in _FALSE else None
    return check if low in values else None


def _source_findings(ctx: RuleContext) -> Iterator[tuple[Span, str, str]]:
    for inst in ctx.facts.instructions("RUN", "COPY", "ADD"):
        for text, tmap in texts(inst):
            low = text.lower()
            if any(n in low for n in _CONFIG_NEEDLES):
                for pattern, what, check in _CONFIG_TEXT:
                    for m in pattern.finditer(text):
                        yield tmap.span(m.start("s"), m.end("s")), what, check
            if "=yes" not in text:
                continue
            for m in _TRUSTED_SOURCE.finditer(text):
                if m.group("uri").startswith(("file:", "copy:", "cdrom:")):
                    continue
                span = tmap.span(m.start("opts"), m.end("opts"))
                yield span, "an APT source marked `trusted=yes`", SIGNATURES


_WHY = {
    TLS: "anyone on the network path can replace what the build downloads",
    SIGNATURES: "a tampered or unsigned package installs without a complaint",
}
_FIX = {
    TLS: "install the CA certificate the server needs instead",
    SIGNATURES: "import the repository's signing key instead",
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    found: list[tuple[Span, str, str]] = []
    for _inst, cmd in ctx.facts.all_commands():
        found.extend((w.span, what, chk) for w, what, chk in _word_findings(cmd))
    found.extend(_package_findings(ctx))
    found.extend(_env_findings(ctx))
    found.extend(_source_findings(ctx))
    found.extend(_windows_findings(ctx))
    seen: set[tuple[int, int]] = set()
    for span, what, chk in sorted(found, key=lambda f: (f[0].line, f[0].column)):
        if (span.line, span.column) in seen:
            continue
        seen.add((span.line, span.column))
        yield Finding(
            span, f"{what[0].upper()}{what[1:]} turns off {chk}, so {_WHY[chk]}; {_FIX[chk]}."
        )


RULE = Rule(
    code="DF021",
    name="VerificationDisabled",
    severity=Severity.WARNING,
    summary="Do not turn off TLS certificate or package signature checks",
    rationale=(
        "A build downloads code that ends up in the image. TLS certificate checks and\n"
        "package signatures are what stop someone on the network path, or a compromised\n"
        "mirror, from handing the build something else. Turning them off usually hides a\n"
        "missing CA certificate (a corporate proxy) or a missing signing key; fix that\n"
        "instead: `COPY corp-ca.crt /usr/local/share/ca-certificates/` and\n"
        "`update-ca-certificates`, or import the repository's key.\n\n"
        "Reported, wherever a RUN runs it (after `&&`, in `sh -c`, in heredocs):\n"
        "- TLS: `curl -k`/`--insecure`, `wget --no-check-certificate`, pip's\n"
        "  `--trusted-host`, `npm`/`yarn`/`pnpm config set strict-ssl false`, git's\n"
        "  `http.sslVerify false`, `dnf --setopt=sslverify=0`, apt's `Verify-Peer=false`, and\n"
        "  the variables `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`,\n"
        "  `NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY`, `PIP_TRUSTED_HOST` (in ENV,\n"
        "  ARG, or before a command);\n"
        "- signatures: `apt-get --allow-unauthenticated`/`--force-yes`/\n"
        "  `--allow-insecure-repositories`, an APT source marked `[trusted=yes]`,\n"
        "  `yum`/`dnf --nogpgcheck` or `--setopt=gpgcheck=0`, `rpm --nosignature`/\n"
        "  `--nodigest`, and `apk add --allow-untrusted`;\n"
        "- the same settings written into configuration files, by `echo` or a heredoc:\n"
        '  apt\'s `Verify-Peer "false"` and `AllowUnauthenticated "true"`, `strict-ssl=false`\n'
        "  in `.npmrc`, `gpgcheck=0` or `sslverify=0` in a yum repository file, `Trusted: yes`\n"
        "  in a deb822 source, pip's `trusted-host`;\n"
        "- under a cmd or PowerShell SHELL: the same options (`curl.exe -k`...),\n"
        "  `Invoke-WebRequest`/`Invoke-RestMethod -SkipCertificateCheck`, and\n"
        "  `ServerCertificateValidationCallback = {$true}`.\n\n"
        "Packages built earlier in the same build are not reported: `apk add\n"
        "--allow-untrusted /tmp/pkg.apk` and an APT source at a `file:` URI install\n"
        "files that never crossed a network (the official nginx and postgres images do\n"
        "this)."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh\n",
    good=(
        "FROM debian:12-slim\n"
        "COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\n"
        "RUN update-ca-certificates \\\n"
        " && curl -fsSL https://example.com/install.sh -o /tmp/install.sh\n"
    ),
    tags=("security",),
    security_severity=7.5,
    precision="high",
)
