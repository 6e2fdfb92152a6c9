"""What a rule is: its metadata, its check, and what it reports."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlint.model import Span

if TYPE_CHECKING:
    from dlint.analysis import Facts
    from dlint.model import Dockerfile
    from dlint.suppress import Pragmas


class Severity(enum.IntEnum):
    """Severities, ordered so that a higher value is more severe."""

    STYLE = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning, info or style)"
            ) from None


CODE_RE = re.compile(r"^[A-Z]{1,6}[0-9]{3,5}$")
NAME_RE = re.compile(r"^[A-Z][A-Za-z0-9]+$")


@dataclass(frozen=True)
class Option:
    """A typed rule option, set under ``[tool.dlint.rules.CODE]``."""

    name: str
    default: Any
    help: str
    type: type = str


@dataclass(frozen=True)
class Finding:
    """What a check yields: where, and a message that is a full sentence."""

    span: Span
    message: str


@dataclass(frozen=True)
class Violation:
    """A finding of a rule in a file, ready for a formatter."""

    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    url: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)


Check = Callable[["RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: metadata plus a check.

    ``check`` receives a :class:`RuleContext` and yields :class:`Finding`
    values; the engine adds the code, name, severity and path. ``bad`` and
    ``good`` are complete example Dockerfiles: the test suite checks that
    ``bad`` triggers the rule and ``good`` does not, so the docs cannot lie.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    check: Check
    bad: str = ""
    good: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    enabled: bool = True  # False: opt-in (select it by code, name or tag)
    precision: str = "high"  # SARIF precision: very-high, high, medium, low
    security_severity: float | None = None  # CVSS-like score for security rules
    buildkit_name: str | None = None  # BuildKit's check name, for # check=skip=
    hadolint: bool = False  # True when the code is hadolint's (same meaning)
    url: str = ""  # public documentation address; built-in rules get theirs from the docs setting
    plugin: str = ""  # filled in by the plugin manager
    #: settings the bad and good examples need (configuration-driven rules), as
    #: ``Settings`` field names: ``{"trusted_registries": ("docker.io",)}``
    example_settings: Mapping[str, Any] = field(default_factory=dict)
    #: files beside the Dockerfile (its build context) the examples need, by name:
    #: ``{".dockerignore": "*.md\n"}``
    example_context: Mapping[str, str] = field(default_factory=dict)
    #: "check" rules look at the file; "review" rules run after suppressions are applied
    #: and see ``RuleContext.used_pragmas`` (for example to report unused suppressions)
    phase: str = "check"
    #: the files besides the Dockerfile the check reads, given the Dockerfile's path and
    #: the settings (DF017: the .dockerignore files); the results cache hashes their content
    reads: Callable[[str, Settings], Iterable[str]] | None = None

    def __post_init__(self) -> None:
        if not CODE_RE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like ABC123")
        if not NAME_RE.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be PascalCase")
        if self.security_severity is not None and "security" not in self.tags:
            raise ValueError(f"{self.code}: security_severity needs the 'security' tag")

    @property
    def default_options(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}


@dataclass
class Settings:
    """Settings that rules may read (from configuration files and the command line)."""

    trusted_registries: tuple[str, ...] = ()
    label_schema: Mapping[str, str] = field(default_factory=dict)
    strict_labels: bool = False
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    disable_ignore_pragma: bool = False
    #: every valid rule reference in lower case (codes, names, BuildKit names), for pragmas
    known_refs: frozenset[str] = frozenset()
    shellcheck: bool = True
    #: the build context folder (``--context``); None: each Dockerfile's own folder
    context_dir: str | None = None


@dataclass
class RuleContext:
    """Everything a check may look at for one file.

    ``facts`` are derived once per file and shared by all rules (stages,
    scopes, shell commands); checks should query them rather than re-scan.
    """

    dockerfile: Dockerfile
    facts: Facts
    settings: Settings
    options: Mapping[str, Any]
    pragmas: Pragmas | None = None
    used_pragmas: frozenset[int] = frozenset()
    #: the rules running in this run: codes, names and BuildKit names, lower-cased
    enabled_refs: frozenset[str] = frozenset()
