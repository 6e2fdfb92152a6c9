"""DF001: the final stage never sets USER, so the container runs as root."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator

from dlint.analysis import Stage
from dlint.imageref import ImageRef
from dlint.rule import Finding, Option, Rule, RuleContext, Severity

from ._instr import INIT_WRAPPERS, command_argvs
from ._users import suggestion

#: Base images known to run as a non-root user by default (repository glob, tag glob).
NONROOT_IMAGES: tuple[tuple[str, str], ...] = (
    ("gcr.io/distroless/*", "*nonroot*"),
    ("cgr.dev/*", "*"),
    ("docker.io/nginxinc/nginx-unprivileged", "*"),
    ("docker.io/bitnami/*", "*"),
    ("docker.io/library/sonarqube", "*"),
    ("docker.io/jenkins/jenkins", "*"),
    ("quay.io/jupyter/*", "*"),
    ("docker.io/jupyter/*", "*"),
    ("mcr.microsoft.com/dotnet/*", "*chiseled*"),
    ("mcr.microsoft.com/dotnet/*", "*distroless*"),
)
#: Exceptions to the list above (repository glob, tag glob): these run as root.
ROOT_EXCEPTIONS: tuple[tuple[str, str], ...] = (
    ("cgr.dev/*", "*-dev"),
    ("cgr.dev/*", "*dev*"),
    ("docker.io/bitnami/minideb", "*"),
)
#: Images whose entrypoint starts as root and runs the program as its own user (repository
#: globs): the official database images (``exec gosu postgres "$@"``), nginx and httpd
#: (whose workers run as nginx and www-data; the master needs root for port 80) and
#: LinuxServer.io's, whose s6 services run as ``abc``. An image built on one keeps that
#: unless it sets ENTRYPOINT.
DROPPING_IMAGES = (
    *(
        f"docker.io/library/{name}"
        for name in (
            "postgres",
            "mysql",
            "mariadb",
            "redis",
            "mongo",
            "rabbitmq",
            "cassandra",
            "couchdb",
            "nginx",
            "httpd",
        )
    ),
    "lscr.io/linuxserver/*",
    "ghcr.io/linuxserver/*",
    "docker.io/linuxserver/*",
)
#: Tags of other images that run such a server (repository glob, tag glob): php's Apache
#: (workers as www-data) and PHP-FPM (pools as www-data) variants.
DROPPING_TAGS = (
    ("docker.io/library/php", "*apache*"),
    ("docker.io/library/php", "*fpm*"),
)
#: Servers that start as root (to bind a low port, read keys) and run their workers as a
#: user they switch to themselves, and process supervisors and cron, which start their
#: jobs as the users their configuration names: a final command running one needs no USER.
DROPPING_SERVERS = frozenset(
    {
        "nginx", "httpd", "apache2", "apache2ctl", "apachectl", "php-fpm", "exim", "exim4",
        "postfix", "sshd", "dovecot", "vsftpd", "proftpd", "squid", "named", "init",
        "supervisord", "s6-svscan", "runsvdir", "crond", "cron",
    }
)  # fmt: skip


#: Programs that run a process as another user. An image that runs one starts as root on
#: purpose and drops to a user itself (the official images' `exec gosu app "$@"` pattern).
SWITCHERS = frozenset({"gosu", "su-exec", "s6-setuidgid", "setuidgid", "runuser"})
#: Programs that switch users only with one of these options.
SWITCH_OPTIONS = {"setpriv": ("--reuid", "--ruid", "--euid"), "chpst": ("-u", "-U")}
#: Tools whose only job is to switch users: installing or downloading one says enough
#: (`apk add su-exec`, `wget -O /usr/local/bin/gosu ...`).
SWITCHER_FILE = re.compile(r"(?:.*/)?(?:gosu|su-exec)(?:[=<>~@:]|-\d|\Z)")
SOURCES = ("run", "heredoc", "entrypoint", "cmd")


def _switches_user(program: str, args: list[str]) -> bool:
    """True when a command runs something as another user, or installs or fetches a tool that does."""
    base = program.rsplit("/", 1)[-1]
    if base in SWITCHERS:
        return True
    options = SWITCH_OPTIONS.get(base)
    if options is not None:
        return any(a.startswith(options) for a in args)
    return any(SWITCHER_FILE.match(a) for a in args)


def _drops_privileges(ctx: RuleContext, stages: list[Stage]) -> bool:
    """True when these stages install or run a tool that runs the program as another user."""
    indexes = {s.index for s in stages}
    for inst, cmd in ctx.facts.all_commands(SOURCES):
        if inst.stage in indexes and _switches_user(cmd.base, [w.value for w in cmd.args]):
            return True
    # An exec-form ENTRYPOINT or CMD runs its program without a shell.
    for inst in ctx.facts.instructions("ENTRYPOINT", "CMD"):
        argv = inst.exec_form
        if inst.stage in indexes and argv and _switches_user(argv[0], list(argv[1:])):
            return True
    return False


def _runs_dropping_server(ctx: RuleContext, final: Stage) -> bool:
    """The container's command is a server that switches user itself (``nginx -g 'daemon
    off;'``, ``apache2-foreground``, s6-overlay's ``/init``)."""
    for _inst, argv in command_argvs(ctx.facts, final):
        words = [w.value for w in argv]
        # Look through init wrappers and entrypoint scripts to the command they start
        # (`/entrypoint.sh nginx -g ...`, `tini -- php-fpm`).
        while words and (
            words[0].startswith("-")
            or words[0].rsplit("/", 1)[-1] in INIT_WRAPPERS
            or words[0].endswith(".sh")
            or "entrypoint" in words[0].rsplit("/", 1)[-1]
        ):
            words = words[1:]
        if not words:
            continue
        program = words[0].rsplit("/", 1)[-1]
        if program == "init" and words[0] != "/init":
            continue  # s6-overlay's /init; another init may be anything
        stem = re.sub(r"[\d.]+$", "", program)  # php-fpm8.2 -> php-fpm
        if stem in DROPPING_SERVERS or program.endswith("-foreground"):
            return True
    return False


def _in_dev_container(path: str) -> bool:
    """A dev container's Dockerfile: its user comes from devcontainer.json (remoteUser)."""
    return ".devcontainer" in os.path.abspath(path).replace("\\", "/").split("/")


def _full_name(ref: ImageRef) -> str:
    return f"{ref.domain}/{ref.repository}"


def runs_as_nonroot(ref: ImageRef, extra: list[str]) -> bool:
    name = _full_name(ref)
    tag = ref.tag or "latest"
    for repo, tag_glob in ROOT_EXCEPTIONS:
        if fnmatch.fnmatch(name, repo) and fnmatch.fnmatch(tag, tag_glob):
            return False
    for repo, tag_glob in NONROOT_IMAGES:
        if fnmatch.fnmatch(name, repo) and fnmatch.fnmatch(tag, tag_glob):
            return True
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(ref.familiar_name, p) for p in extra)


def check(ctx: RuleContext) -> Iterator[Finding]:
    final = ctx.facts.final_stage
    if final is None or final.user is not None:
        return
    chain = ctx.facts.lineage(final)
    root = chain[-1]
    if root.windows:
        return  # Windows images choose their user (ContainerUser) differently
    if root.image is None:
        return  # the base image is only known at build time
    ref = root.image_ref
    if ref is not None and not isinstance(ref, ImageRef):
        return  # not a valid reference (a template's REPLACE-ME): DF004 reports it
    if isinstance(ref, ImageRef) and runs_as_nonroot(ref, list(ctx.options["nonroot-images"])):
        return
    if root.is_scratch and not any(
        i.stage in {s.index for s in chain} for i in ctx.facts.instructions("CMD", "ENTRYPOINT")
    ):
        return  # files to export or copy (--output, COPY --from): nothing runs
    if _in_dev_container(ctx.dockerfile.path):
        return
    if _drops_privileges(ctx, chain) or _runs_dropping_server(ctx, final):
        return  # starts as root to set up, then runs the program as a user (gosu, su-exec)
    if isinstance(ref, ImageRef) and any(
        fnmatch.fnmatch(_full_name(ref), repo) and fnmatch.fnmatch(ref.tag or "", tag)
        for repo, tag in DROPPING_TAGS
    ):
        indexes = {s.index for s in chain}
        if not any(i.stage in indexes for i in ctx.facts.instructions("CMD", "ENTRYPOINT")):
            return  # the base image's server command (apache2-foreground, php-fpm) is kept
    if isinstance(ref, ImageRef) and any(
        fnmatch.fnmatch(_full_name(ref), glob) for glob in DROPPING_IMAGES
    ):
        indexes = {s.index for s in chain}
        if not any(i.stage in indexes for i in ctx.facts.instructions("ENTRYPOINT")):
            return  # the base image's entrypoint drops privileges, and it is kept
    inst = final.from_instruction
    span = inst.keyword_span
    base = root.image or "the base image"
    # Official images and scratch are known to run as root; another image may set a USER.
    known = root.is_scratch or (
        isinstance(ref, ImageRef) and _full_name(ref).startswith("docker.io/library/")
    )
    hedge = "" if known else " unless the base image sets a user"
    yield Finding(
        span,
        f"The final stage (built from {base}) never sets USER, so the container runs as root"
        f"{hedge}; add a non-root USER after installing: {suggestion(ctx, final)}.",
    )


RULE = Rule(
    code="DF001",
    name="FinalStageRunsAsRoot",
    severity=Severity.WARNING,
    summary="The final stage sets no USER, so the container runs as root",
    rationale=(
        "A container runs as the last USER of the stage its image is built from, and as root\n"
        "when there is none. A process running as root inside a container is one kernel bug\n"
        "away from root on the host, and can write anywhere in the image. Create a user and\n"
        "switch to it with USER once the installs are done.\n\n"
        "Only the final stage counts: a USER in a builder stage does not change what the\n"
        "image runs as, while a USER in an earlier stage that the final stage is built FROM\n"
        "does. Base images known to run as a non-root user are not reported: distroless\n"
        "`:nonroot` tags, Chainguard images (`cgr.dev/*`, not `-dev`), `nginxinc/nginx-unprivileged`,\n"
        "Bitnami images (not minideb), `sonarqube`, `jenkins/jenkins` and the .NET\n"
        "`chiseled` and `distroless` images. Add your own with\n"
        "the `nonroot-images` option. Windows images and bases known only at build time are\n"
        "not reported. A USER that is root is DL3002's concern.\n\n"
        "Nor is an image that drops privileges itself: one whose final stage (or a stage it\n"
        "is built FROM) installs or runs `gosu`, `su-exec`, `setpriv --reuid`, `runuser`,\n"
        "`s6-setuidgid` or `chpst -u`. Such an image starts as root on purpose, to fix the\n"
        "ownership of mounted volumes, and its entrypoint then runs the program as a user\n"
        '(`exec gosu postgres "$@"`), the pattern of the official database images. An\n'
        "image built on one of those (postgres, mysql, mariadb, redis, mongo, rabbitmq,\n"
        "cassandra, couchdb), on nginx or httpd (whose workers run as nginx and www-data) or on\n"
        "a LinuxServer.io image (`lscr.io/linuxserver/*`, whose s6 services run as `abc`)\n"
        "keeps that entrypoint, and is not reported unless it sets its own ENTRYPOINT. A\n"
        "final stage FROM scratch without CMD or ENTRYPOINT holds files to export or copy,\n"
        "and runs nothing. The Jupyter Docker Stacks images (`quay.io/jupyter/*`) run as\n"
        "their `jovyan` user. php's Apache and FPM images, and a command that runs a server\n"
        "which switches to its own user once it has bound its port (nginx, Apache httpd,\n"
        "php-fpm, sshd, exim, postfix, dovecot, squid, s6-overlay's `/init`...) or a process\n"
        "supervisor or cron (supervisord, s6-svscan, runsvdir, crond), which start their jobs\n"
        "as the users they are configured with, are not reported either: `USER` would stop\n"
        "them from starting or from switching users. Nor is a dev container\n"
        "(a Dockerfile under `.devcontainer/`), whose user `devcontainer.json` chooses.\n\n"
        "The advice fits the base image: `adduser` on Alpine, `USER 65534` on scratch, the\n"
        "`:nonroot` tag of distroless images, .NET's own `$APP_UID` and node's user 1000."
    ),
    check=check,
    bad='FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\nCMD ["flask", "run"]\n',
    good=(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 && useradd -u 10001 app\n"
        'USER 10001\nCMD ["flask", "run"]\n'
    ),
    tags=("security",),
    options=(
        Option(
            "nonroot-images", [], "Image names (globs) that already run as a non-root user.", list
        ),
    ),
    security_severity=5.0,
    precision="medium",
)
