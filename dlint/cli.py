"""The ``dlint`` command: wires discovery, configuration, the engine and formatters."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from dlint import __version__

SUBCOMMANDS = ("lint", "rules", "rule", "parse", "docs", "config", "clean")
FORMAT_HELP = (
    "Output format: text, json, sarif, github, gitlab, checkstyle, junit, concise (and any a "
    "plugin adds). Repeatable, paired with -o."
)


def _use_color(choice: str, stream: Any) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force and force != "0":
        return True
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class UsageFailure(Exception):
    """A usage or configuration error: one line on stderr, exit code 2."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="dlint")
def cli() -> None:
    """dlint: a Dockerfile linter.

    `dlint [OPTIONS] [PATH]...` lints files and directories (the `lint`
    command is implied). Other commands: rules, rule, parse, docs, config, clean.
    """


@cli.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "formats", multiple=True, help=FORMAT_HELP)
@click.option(
    "-o",
    "--output-file",
    "outputs",
    multiple=True,
    type=click.Path(),
    help="Write the output to FILE instead of standard output. Repeatable.",
)
@click.option(
    "--select",
    multiple=True,
    help="Rules to run: codes, code prefixes, names, tags or ALL (comma-separated; replaces the default set).",
)
@click.option(
    "--extend-select",
    multiple=True,
    help="Rules to run in addition to the default set (turns on opt-in rules).",
)
@click.option("--ignore", multiple=True, help="Rules not to run: codes, prefixes, names or tags.")
@click.option(
    "--failure-threshold",
    "-t",
    type=click.Choice(["error", "warning", "info", "style"], case_sensitive=False),
    help="Exit with 1 only for findings at or above this severity [default: info].",
)
@click.option(
    "--exit-zero", is_flag=True, default=None, help="Exit with 0 even when there are findings."
)
@click.option("--isolated", is_flag=True, help="Read no configuration file.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Read this configuration file (.dlint.toml, pyproject.toml or .hadolint.yaml).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output (auto honours NO_COLOR and FORCE_COLOR).",
)
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Print the source line with the span underlined [default: on a terminal].",
)
@click.option("--stdin-filename", default=None, help="The name to report for standard input (-).")
@click.option(
    "--exclude",
    multiple=True,
    help="Glob of files or folders to skip when walking directories. Repeatable.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Processes to lint with (0: automatic).",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option(
    "--disable-ignore-pragma",
    is_flag=True,
    default=None,
    help="Ignore suppression comments in Dockerfiles.",
)
@click.option(
    "--context",
    "context",
    default=None,
    metavar="DIR",
    help="The build context (for .dockerignore checks); default: each Dockerfile's folder.",
)
@click.option(
    "--no-shellcheck",
    "no_shellcheck",
    is_flag=True,
    default=None,
    help="Do not run ShellCheck on RUN scripts.",
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    default=None,
    help="Lint every file afresh: neither read nor write the results and ShellCheck caches.",
)
def lint_command(**kwargs: Any) -> None:
    """Lint Dockerfiles, Containerfiles and directories (the default command).

    PATH may be a file, a directory (walked for Dockerfile, Containerfile,
    *.Dockerfile, Dockerfile.* and the like) or - for standard input; with
    no PATH, the current directory. Other commands: `dlint rules`,
    `dlint rule CODE`, `dlint parse PATH`, `dlint config`, `dlint docs`,
    `dlint clean`.

    Exit codes: 0 no finding at or above the failure threshold, 1 findings,
    2 usage, configuration or input errors.
    """
    from dlint.app import run_lint

    sys.exit(run_lint(**kwargs))


@cli.command("rules")
@click.option("--all", "show_all", is_flag=True, help="Also list opt-in rules (marked with *).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_command(show_all: bool, fmt: str) -> None:
    """List every rule: code, name, severity, summary and the plugin that provides it."""
    from dlint import plugins

    registry = plugins.load()
    _print_plugin_problems(registry.diagnostics)
    rows = registry.rules
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.label,
                        "enabled": r.enabled,
                        "summary": r.summary,
                        "plugin": r.plugin,
                        "tags": list(r.tags),
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
    else:
        for r in rows:
            mark = " " if r.enabled else "*"
            click.echo(
                f"{r.code:<8}{mark} {r.name:<34} {r.severity.label:<8} {r.summary}  [{r.plugin}]"
            )
        click.echo(
            f"\n{len(rows)} rules; * marks opt-in rules (turn on with --extend-select CODE)."
        )
    sys.exit(2 if registry.diagnostics else 0)


@cli.command("rule")
@click.argument("code_or_name")
def rule_command(code_or_name: str) -> None:
    """Explain one rule (by code or name)."""
    from dlint import plugins
    from dlint.docs import rule_page

    registry = plugins.load()
    _print_plugin_problems(registry.diagnostics)
    rule = registry.rule(code_or_name)
    if rule is None:
        click.echo(f"dlint: error: unknown rule code or name: {code_or_name}", err=True)
        sys.exit(2)
    click.echo(rule_page(rule))


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def parse_command(paths: tuple[str, ...]) -> None:
    """Print the parsed model of each file as JSON Lines (for debugging and plugin authors)."""
    from dlint.dump import dockerfile_to_json
    from dlint.files import InputError, discover, read
    from dlint.parser import parse

    status = 0
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    for item in discover(paths):
        if isinstance(item, InputError):
            click.echo(f"dlint: error: {item.path}: {item.message}", err=True)
            status = 2
            continue
        decoded = read(item, stdin)
        if isinstance(decoded, InputError):
            click.echo(f"dlint: error: {decoded.path}: {decoded.message}", err=True)
            status = 2
            continue
        doc = dockerfile_to_json(parse(decoded.text, item.path))
        click.echo(json.dumps(doc, ensure_ascii=False))
    sys.exit(status)


@cli.command("docs")
@click.argument("directory", default="docs/rules", type=click.Path(file_okay=False))
@click.option(
    "--check", is_flag=True, help="Exit with 1 when the pages are stale, writing nothing."
)
def docs_command(directory: str, check: bool) -> None:
    """Generate docs/rules/<CODE>.md and the index from the built-in rules' metadata."""
    from pathlib import Path

    from dlint import docs, plugins

    registry = plugins.load(entry_points=False)
    rules = [r for r in registry.rules if r.plugin == "dlint_rules"]
    if check:
        wanted = docs.generate(rules)
        target = Path(directory)
        stale = [
            n
            for n, c in wanted.items()
            if not (target / n).exists() or (target / n).read_text(encoding="utf-8") != c
        ]
        stale += [p.name for p in target.glob("*.md") if p.name not in wanted]
        for name in stale:
            click.echo(f"stale: {target / name}")
        sys.exit(1 if stale else 0)
    changed = docs.write(rules, Path(directory))
    click.echo(f"{len(changed)} file(s) written or removed in {directory}")


@cli.command("config")
@click.option("--isolated", is_flag=True, help="Show the defaults, reading no configuration file.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def config_command(isolated: bool, config_file: str | None) -> None:
    """Print the effective settings and where each came from."""
    from dlint.app import show_config

    sys.exit(show_config(isolated, config_file))


@cli.command("clean")
def clean_command() -> None:
    """Delete dlint's caches (the results cache and ShellCheck's answers)."""
    from dlint.cache import RUN_FOLDER, SC_FOLDER, clean, default_dir
    from dlint.shellcheck import default_cache_dir

    failed = removed = False
    for folder, pattern in ((default_dir(), RUN_FOLDER), (str(default_cache_dir()), SC_FOLDER)):
        size, left = clean(folder, pattern)
        if left:
            click.echo(f"dlint: error: {folder}: could not delete {left}", err=True)
            failed = True
        if size is not None:
            removed = True
            click.echo(f"removed {folder} ({size / 1024:.0f} KiB)")
    if not removed and not failed:
        click.echo("no cache to remove")
    sys.exit(2 if failed else 0)


def _print_plugin_problems(diagnostics: Sequence[Any]) -> None:
    for d in diagnostics:
        click.echo(f"dlint: error: {d.line()}", err=True)


def route(args: Sequence[str]) -> list[str]:
    """``dlint PATH...`` means ``dlint lint PATH...``; ``dlint --help`` shows lint's help."""
    args = list(args)
    first = args[0] if args else None
    if first in ("-V", "--version") or first in SUBCOMMANDS:
        return args
    return ["lint", *args]


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``dlint`` command."""
    cli.main(args=route(sys.argv[1:] if argv is None else argv), prog_name="dlint")


if __name__ == "__main__":
    main()
