"""Built-in output formats, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

from collections.abc import Iterable

from dlint import hookimpl
from dlint.formatters.base import Formatter


@hookimpl
def dlint_formatters() -> Iterable[Formatter]:
    from dlint.formatters.ci import (
        CheckstyleFormatter,
        ConciseFormatter,
        GithubFormatter,
        GitlabFormatter,
        JunitFormatter,
    )
    from dlint.formatters.json import JsonFormatter
    from dlint.formatters.sarif import SarifFormatter
    from dlint.formatters.text import TextFormatter

    return [
        TextFormatter(),
        JsonFormatter(),
        SarifFormatter(),
        GithubFormatter(),
        GitlabFormatter(),
        CheckstyleFormatter(),
        JunitFormatter(),
        ConciseFormatter(),
    ]
