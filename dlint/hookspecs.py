"""The plugin API of dlint: every hook a plugin may implement.

dlint is built on pluggy. A plugin is any module or object with functions
marked ``@dlint.hookimpl``; a third-party package makes itself known through
the entry-point group ``dlint`` in its packaging metadata::

    [project.entry-points.dlint]
    my_rules = "my_package.dlint_plugin"

dlint's own rules (the ``dlint_rules`` package) and formatters
(``dlint.formatters``) are registered through exactly these hooks.

Each hook implementation is called on its own: a plugin whose hook raises is
reported by name and the others still load. A rule's check is called on its
own too, so a rule that raises is reported by code and the other rules still
run; both make the run exit with code 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from dlint.formatters.base import Formatter
    from dlint.rule import Rule

hookspec = pluggy.HookspecMarker("dlint")


@hookspec
def dlint_rules() -> Iterable[Rule]:  # type: ignore[empty-body]
    """Return the rules this plugin provides.

    Each is a :class:`dlint.Rule`: a code (``ABC123``; hadolint's ``DLxxxx``
    codes are reserved for rules with hadolint's meaning), a PascalCase name,
    a default severity, a one-line summary, a rationale in Markdown, bad and
    good example Dockerfiles, tags, typed options, and ``check``: a function
    that takes a :class:`dlint.RuleContext` and yields :class:`dlint.Finding`
    values (a span and a message that is a full sentence). A check never reads
    files and never prints; it asks ``context.facts`` (stages, scopes, shell
    commands: derived once per file for all rules) and ``context.dockerfile``.

    Example::

        from dlint import Finding, Rule, Severity, hookimpl

        def check(ctx):
            for cmd in ctx.facts.commands("curl"):
                if cmd.has_flag("k", "insecure"):
                    yield Finding(cmd.span, "curl is told not to verify TLS certificates.")

        CURL_INSECURE = Rule(
            code="XY001", name="CurlInsecure", severity=Severity.WARNING,
            summary="Do not turn off TLS verification in curl",
            rationale="...", check=check, tags=("security",),
            bad="FROM alpine:3.20\\nRUN curl -k https://example.com\\n",
            good="FROM alpine:3.20\\nRUN curl https://example.com\\n",
        )

        @hookimpl
        def dlint_rules():
            return [CURL_INSECURE]
    """


@hookspec
def dlint_formatters() -> Iterable[Formatter]:  # type: ignore[empty-body]
    """Return the output formats this plugin provides.

    Each is a :class:`dlint.formatters.base.Formatter`: a ``name`` (what
    ``--format`` takes), a one-line ``description``, and
    ``render(report, options) -> str`` that turns a finished
    :class:`dlint.report.Report` into the text to write. A formatter never
    imports a rule; everything it needs (violations, the metadata of every
    enabled rule, files checked, input errors) is in the report.
    """
