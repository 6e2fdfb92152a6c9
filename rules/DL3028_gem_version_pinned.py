"""DL3028: gem install packages without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import Unpinned, commands_named, parse_args, unpinned_findings, values_of

#: gem install options whose value may be the next word (optional values must be attached).
GEM_LONG = frozenset(
    {
        "version",
        "install-dir",
        "bindir",
        "build-root",
        "source",
        "platform",
        "trust-policy",
        "without",
        "config-file",
        "target-rbconfig",
    }
)
GEM_SHORT = "vinsP"
#: gem install options known to take no value (or only an attached one).
GEM_FLAGS = frozenset(
    {
        "document",
        "no-document",
        "env-shebang",
        "no-env-shebang",
        "force",
        "no-force",
        "wrappers",
        "no-wrappers",
        "user-install",
        "no-user-install",
        "development",
        "development-all",
        "conservative",
        "minimal-deps",
        "post-install-message",
        "no-post-install-message",
        "ignore-dependencies",
        "prerelease",
        "no-prerelease",
        "explain",
        "lock",
        "no-lock",
        "suggestions",
        "no-suggestions",
        "default",
        "vendor",
        "clear-sources",
        "local",
        "remote",
        "both",
        "quiet",
        "verbose",
        "no-verbose",
        "backtrace",
        "debug",
        "silent",
        "http-proxy",
        "no-http-proxy",
        "format-executable",
        "no-format-executable",
        "ri",
        "rdoc",
        "no-ri",
        "no-rdoc",
        "norc",
        "update-sources",
        "no-update-sources",
    }
)


def _long_values(values: list[str]) -> frozenset[str]:
    """GEM_LONG plus any unknown ``--option``: gem would reject it, so read it as taking a value."""
    unknown = {
        v[2:] for v in values if v.startswith("--") and "=" not in v and v[2:] not in GEM_FLAGS
    }
    return GEM_LONG | unknown


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in commands_named(ctx.facts, "gem"):
        words = cmd.words
        if len(words) < 2 or words[1].value not in ("install", "i"):
            continue
        values = [w.value for w in words]
        rest = values.index("--") if "--" in values else None
        args = parse_args(words[2:rest], GEM_SHORT, _long_values(values[2:rest]))
        if args.has("v", "version"):
            continue  # one version for the gems named (gem refuses it for several)
        items = [
            Unpinned(word, value, "without a version", f"{value}:<version>", "<name>:<version>")
            for word in args.operands  # the words after ``--`` are build options, not gems
            for value in values_of(ctx.facts, inst, word) or ()
            if not (":" in value or value.endswith(".gem") or "/" in value)
        ]
        tail = ", or use `-v <version>` for a single gem"
        yield from unpinned_findings("`gem install` installs", items, tail)


RULE = Rule(
    code="DL3028",
    name="GemVersionUnpinned",
    severity=Severity.WARNING,
    summary="Pin versions in gem install (`gem:version` or `-v`)",
    rationale=(
        "`gem install rails` takes whatever release is newest on the day of the build, so two\n"
        "builds of the same Dockerfile can install different code. Pin each gem\n"
        "(`gem install rails:7.2.1`, or `-v 7.2.1` for a single gem), or install from a\n"
        "`Gemfile.lock` with `bundle install`.\n\n"
        "One finding per install command names every unpinned gem; local `.gem` files and paths are not, nor are\n"
        "the build options after `--`. Variables are resolved from ARG and ENV; a word whose\n"
        "value cannot be known is not reported.\n\n"
        "Difference from hadolint: hadolint takes the word after every option as that\n"
        "option's value, so `gem install --no-document bundler` is never checked; dlint\n"
        "knows which gem options take a value."
    ),
    check=check,
    bad="FROM ruby:3.3-slim\nRUN gem install --no-document bundler\n",
    good="FROM ruby:3.3-slim\nRUN gem install --no-document bundler:2.5.22\n",
    tags=("reproducibility",),
    hadolint=True,
)
