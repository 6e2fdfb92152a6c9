"""DL3049-DL3056 and DL3058: labels checked against the configured label schema.

The schema maps each required label to a type. These rules report a required
label that an image lacks, labels outside the schema (with strict labels), and
values that are empty or not of their type. Without a schema they do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dlint.analysis import Stage
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._labels import (
    EXAMPLE_SCHEMA,
    SCHEMA_HOWTO,
    LabelPair,
    email_problem,
    hash_problem,
    label_pairs,
    rfc3339_problem,
    semver_problem,
    spdx_problem,
    url_problem,
    used_stages,
)

#: How a message names a value of each type.
_KIND = {
    "text": "a value",
    "url": "a URL",
    "semver": "a semantic version",
    "hash": "a git commit id",
    "rfc3339": "an RFC 3339 date-time",
    "spdx": "an SPDX license expression",
    "email": "an e-mail address",
}

_TAGS = ("labels", "label-schema")


def _show(value: str) -> str:
    """A value as a message quotes it: shortened when long."""
    return value if len(value) <= 60 else value[:57] + "..."


def _stage_labels(ctx: RuleContext) -> dict[int, set[str] | None]:
    """Label keys each stage's image carries (its own and its base stages'); None: unknown."""
    own: dict[int, set[str] | None] = {s.index: set() for s in ctx.facts.stages}
    for pair in label_pairs(ctx.facts, onbuild=False):
        keys = own.get(pair.inst.stage)
        if keys is None:
            continue
        if pair.key is None:
            own[pair.inst.stage] = None  # a key known only at build time may be any label
        else:
            keys.add(pair.key)
    result: dict[int, set[str] | None] = {}
    for stage in ctx.facts.stages:
        keys = own[stage.index]
        if stage.base_stage is not None:
            base = result[stage.base_stage]
            keys = None if keys is None or base is None else keys | base
        result[stage.index] = keys
    return result


def _stage_words(stage: Stage) -> str:
    name = stage.from_instruction.stage_name
    return f"stage `{name}`" if name else "this stage"


def check_missing(ctx: RuleContext) -> Iterator[Finding]:
    schema = ctx.settings.label_schema
    if not schema:
        return
    labels = _stage_labels(ctx)
    used = used_stages(ctx.facts)
    for stage in ctx.facts.stages:
        have = labels[stage.index]
        if stage.index in used or have is None:
            continue
        for label, typ in schema.items():
            if label not in have:
                yield Finding(
                    stage.from_instruction.keyword_span,
                    f"The image of {_stage_words(stage)} has no `{label}` label, "
                    f"which the label schema requires; add LABEL {label}=... with "
                    f"{_KIND.get(typ, 'a value')}.",
                )


def check_superfluous(ctx: RuleContext) -> Iterator[Finding]:
    schema = ctx.settings.label_schema
    if not schema or not ctx.settings.strict_labels:
        return
    for pair in label_pairs(ctx.facts):
        if pair.key is not None and pair.key not in schema:
            yield Finding(
                pair.key_span,
                f"Label `{pair.key}` is not in the label schema, and strict labels allow no "
                "others; remove it, or add it to the schema.",
            )


def check_empty(ctx: RuleContext) -> Iterator[Finding]:
    schema = ctx.settings.label_schema
    if not schema:
        return
    for pair in label_pairs(ctx.facts):
        if pair.key is None or pair.key not in schema:
            continue
        if pair.value is not None and not pair.value.strip():
            yield Finding(
                pair.value_span,
                f"Label `{pair.key}` is empty{pair.origin}, but the label schema expects "
                f"{_KIND.get(schema[pair.key], 'a value')}; give it a value.",
            )


Validator = Callable[[str], "str | None"]


def _typed(
    typ: str, validator: Validator, advice: str
) -> Callable[[RuleContext], Iterator[Finding]]:
    """A check that validates every schema label of type ``typ`` whose value is known."""

    def check(ctx: RuleContext) -> Iterator[Finding]:
        schema = ctx.settings.label_schema
        for pair in label_pairs(ctx.facts):
            if pair.key is None or schema.get(pair.key) != typ:
                continue
            if pair.value is None or not pair.value.strip():
                continue  # unknown until the build, or empty: DL3051's concern
            problem = validator(pair.value)
            if problem is not None:
                yield Finding(pair.value_span, _message(pair, typ, problem, advice))

    return check


def _message(pair: LabelPair, typ: str, problem: str, advice: str) -> str:
    return (
        f"Label `{pair.key}` should be {_KIND[typ]}, but `{_show(pair.value or '')}`"
        f"{pair.origin} {problem}; {advice}."
    )


def _schema_rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    why: str,
    check: Callable,
    bad: str,
    good: str,
) -> Rule:
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=summary,
        rationale=why.strip() + "\n\n" + SCHEMA_HOWTO,
        check=check,
        bad=bad,
        good=good,
        tags=_TAGS,
        hadolint=True,
        example_settings={"label_schema": EXAMPLE_SCHEMA, "strict_labels": True},
    )


_VALUES = (
    "Values are read as the build sets them: quotes removed and build arguments\n"
    "expanded through their defaults (`ARG VERSION=1.2.3` then `LABEL ...version=$VERSION`\n"
    "checks `1.2.3`). A value that depends on a build argument without a default is only\n"
    "known at build time and is not reported (hadolint checks the text `$VERSION` and\n"
    "always fails it). `ONBUILD LABEL` values are checked when they contain no variable.\n"
    "An empty value is DL3051's concern, not this rule's."
)

_FULL = (
    "FROM alpine:3.20\n"
    "LABEL org.opencontainers.image.title=dlint-demo \\\n"
    "      org.opencontainers.image.source=https://github.com/example/demo \\\n"
    "      org.opencontainers.image.version=1.4.0 \\\n"
    "      org.opencontainers.image.revision=4f1c2a9 \\\n"
    "      org.opencontainers.image.created=2024-05-01T12:30:00Z \\\n"
    "      org.opencontainers.image.licenses=MIT \\\n"
    '      org.opencontainers.image.authors="Demo Team <team@example.com>"\n'
)


def _one(label: str, value: str) -> str:
    return f"FROM alpine:3.20\nLABEL org.opencontainers.image.{label}={value}\n"


RULES = [
    _schema_rule(
        "DL3049",
        "RequiredLabelMissing",
        Severity.INFO,
        "A label that the label schema requires is missing from an image",
        """
Labels are how registries, scanners and people find out where an image comes from:
its source, version, revision and licence. A label schema makes some of them
mandatory; this rule reports each required label that an image lacks, on the FROM of
the stage that builds it.

Labels are inherited: a stage built `FROM` an earlier stage has that stage's labels.
A stage that only serves other stages (as their base, as a `COPY --from` source or a
`RUN --mount=from=` source) produces no image of its own and is not reported; every
other stage is, since each can be built with `--target`. hadolint also reports such
helper stages when they lack the label, and accepts a label set only under ONBUILD.
Labels of the external base image are not known and do not count.
""",
        check_missing,
        "FROM alpine:3.20\nLABEL org.opencontainers.image.title=dlint-demo\n",
        _FULL,
    ),
    _schema_rule(
        "DL3050",
        "SuperfluousLabel",
        Severity.INFO,
        "With strict labels, a label that the label schema does not name",
        """
With `strict-labels`, the label schema is the complete list of labels an image may
carry, which keeps the metadata of a fleet of images uniform. This rule reports each
label key outside the schema, pointing at the key (hadolint reports the whole LABEL
instruction once). Keys are read as the build reads them: quotes removed, build
arguments expanded. It does nothing unless both a schema and strict labels are set.
""",
        check_superfluous,
        _one("title", "dlint-demo") + "LABEL maintainer=team@example.com\n",
        _one("title", "dlint-demo"),
    ),
    _schema_rule(
        "DL3051",
        "LabelEmpty",
        Severity.WARNING,
        "A label named in the label schema has an empty value",
        """
A required label with an empty value satisfies the letter of the schema and none of
its purpose. This rule reports a schema label whose value is empty, including a value
made of a variable that expands to nothing (`LABEL version=$UNSET`). A value that
depends on a build argument without a default is known only at build time and is not
reported.
""",
        check_empty,
        _one("version", '""'),
        _one("version", "1.4.0"),
    ),
    _schema_rule(
        "DL3052",
        "LabelNotUrl",
        Severity.WARNING,
        "A label that the label schema types as url is not a valid URL",
        """
Tools follow URL labels (source, documentation, vendor pages): a value that is not an
absolute URL breaks that link. The value must be an RFC 3986 URI with a scheme
(`https://...`); for web-like schemes (http, https, ftp, git, ssh, ws) it must also
name a host, which hadolint's check does not ask.

"""
        + _VALUES,
        _typed("url", url_problem, "use an absolute URL such as https://example.com/project"),
        _one("source", "github.com/example/demo"),
        _one("source", "https://github.com/example/demo"),
    ),
    _schema_rule(
        "DL3053",
        "LabelNotRfc3339",
        Severity.WARNING,
        "A label that the label schema types as rfc3339 is not an RFC 3339 date-time",
        """
The OCI `created` annotation and its kin are RFC 3339 date-times, which tools parse
to sort and age images. The value must be a full date-time with a time zone:
`2024-05-01T12:30:00Z` or `2024-05-01T14:30:00.5+02:00`, and a real date.

"""
        + _VALUES,
        _typed("rfc3339", rfc3339_problem, "write it like 2024-05-01T12:30:00Z"),
        _one("created", '"2024-05-01 12:30"'),
        _one("created", "2024-05-01T12:30:00Z"),
    ),
    _schema_rule(
        "DL3054",
        "LabelNotSpdx",
        Severity.WARNING,
        "A label that the label schema types as spdx is not an SPDX license expression",
        """
Licence scanners read the licences label as an SPDX license expression. The value
must be one: identifiers (`MIT`, `Apache-2.0`, `GPL-2.0+`, `LicenseRef-...`) joined
by AND, OR and WITH, with parentheses. dlint checks the syntax and does not look
identifiers up in the SPDX list. hadolint accepts a single identifier from its list
only, so it rejects valid expressions such as `MIT OR Apache-2.0`.

"""
        + _VALUES,
        _typed("spdx", spdx_problem, "use SPDX identifiers, such as MIT or Apache-2.0 OR MIT"),
        _one("licenses", '"MIT/Apache 2"'),
        _one("licenses", '"MIT OR Apache-2.0"'),
    ),
    _schema_rule(
        "DL3055",
        "LabelNotGitHash",
        Severity.WARNING,
        "A label that the label schema types as hash is not a git commit id",
        """
A revision label ties an image to the commit it was built from. The value must be a
git commit id in lower-case hexadecimal: abbreviated (7 to 40 digits) or full (40 for
SHA-1, 64 for SHA-256 repositories). hadolint accepts exactly 7 or 40 digits, so it
rejects the longer abbreviations git prints in large repositories.

"""
        + _VALUES,
        _typed("hash", hash_problem, "use the output of git rev-parse HEAD"),
        _one("revision", "main"),
        _one("revision", "4f1c2a9d0b7e"),
    ),
    _schema_rule(
        "DL3056",
        "LabelNotSemver",
        Severity.WARNING,
        "A label that the label schema types as semver is not a semantic version",
        """
A version label that follows Semantic Versioning 2.0.0 can be compared and sorted by
tools. The value must be `MAJOR.MINOR.PATCH` with optional `-pre.release` and
`+build` parts and no leading zeros; a leading `v` is not part of a semantic version.

"""
        + _VALUES,
        _typed("semver", semver_problem, "use MAJOR.MINOR.PATCH, such as 1.4.0"),
        _one("version", "v1.4"),
        _one("version", "1.4.0-rc.1"),
    ),
    _schema_rule(
        "DL3058",
        "LabelNotEmail",
        Severity.WARNING,
        "A label that the label schema types as email is not an e-mail address",
        """
A contact label is only useful if someone can write to it. The value must be an RFC
5322 mailbox, `team@example.com` or `Demo Team <team@example.com>`, or several of them
separated by commas. hadolint accepts a bare address only, so it rejects the
`Name <address>` form that the OCI authors annotation commonly uses.

"""
        + _VALUES,
        _typed("email", email_problem, "use an address such as team@example.com"),
        _one("authors", '"Demo Team"'),
        _one("authors", '"Demo Team <team@example.com>"'),
    ),
]
