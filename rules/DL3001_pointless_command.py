"""DL3001: commands that make no sense in a RUN of an image build."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

#: each command, and why running it in a build step is pointless.
REASONS = {
    "free": "it reports the memory of the throwaway build container; remove it",
    "top": "it is interactive and shows only the build container's processes; remove it",
    "ps": "it lists only the build container's processes, which end with the RUN; remove it",
    "kill": "it can only stop processes of this RUN, which end with it anyway; remove it",
    "service": "it starts services in a build container that stops when the RUN ends; "
    "start them from the image's ENTRYPOINT or CMD",
    "shutdown": "a build step has no init system to shut down, it simply ends; remove it",
    "mount": "it changes only the build container's mounts, and mounted files never reach "
    "the image; use RUN --mount",
    "ssh": "it needs keys inside the build and ties it to a remote host; forward an agent "
    "with RUN --mount=type=ssh",
    "vim": "it is an interactive editor and a build has no terminal; write files with COPY, "
    "a heredoc or sed",
    "ifconfig": "it changes only the build container's network, not that of containers run "
    "from the image; remove it",
}


def _forwards_ssh(ctx: RuleContext, index: int) -> bool:
    inst = ctx.dockerfile.instructions[index]
    run = inst.onbuild if inst.onbuild is not None else inst
    return any(f.option("type") == "ssh" for f in run.flags_named("mount"))


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in ctx.facts.commands(*REASONS):
        name = cmd.base
        if name == "ssh" and _forwards_ssh(ctx, inst.index):
            continue
        yield Finding(
            cmd.words[0].span,
            f"`{name}` makes no sense in an image build: {REASONS[name]}.",
        )


RULE = Rule(
    code="DL3001",
    name="PointlessCommand",
    severity=Severity.INFO,
    summary="Do not run commands that make no sense in an image build (ssh, vim, service...)",
    rationale=(
        "Each RUN executes in a throwaway container with no terminal and no init system, and\n"
        "only the files it leaves behind become the layer. Processes it starts end with it.\n"
        "So `service nginx start`, `ps`, `top`, `free`, `kill`, `shutdown`, `mount`,\n"
        "`ifconfig` and `vim` do nothing useful for the image, and `ssh` needs keys that\n"
        "should not be in a build at all. Start services from the image's ENTRYPOINT or CMD,\n"
        "use `RUN --mount` for mounts and `RUN --mount=type=ssh` for SSH access.\n\n"
        "Each such command is reported where it runs (after `&&`, in `sh -c`, in heredocs,\n"
        "behind `sudo`), matched by its name without directory (`/usr/sbin/service`). Package\n"
        "names are not commands: `apt-get install vim` is fine. An `ssh` in a RUN that\n"
        "forwards an agent with `--mount=type=ssh` is not reported. hadolint's message lists\n"
        "`ifconfig` but never checks it; dlint does."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN service nginx start\n",
    good='FROM debian:12-slim\nCMD ["nginx", "-g", "daemon off;"]\n',
    tags=("correctness",),
    hadolint=True,
)
