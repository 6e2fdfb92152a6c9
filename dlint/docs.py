"""Rule documentation generated from rule metadata: ``dlint docs`` writes docs/rules/."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dlint.rule import Rule


def _fence(text: str) -> str:
    return "```dockerfile\n" + text.rstrip("\n") + "\n```"


def _toml_line(key: str, value: object) -> str:
    name = key.replace("_", "-")
    if isinstance(value, bool):
        return f"{name} = {str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return f"{name} = [{', '.join(repr(str(v)).replace(chr(39), chr(34)) for v in value)}]"
    if isinstance(value, dict):
        items = ", ".join(f'"{k}" = "{v}"' for k, v in value.items())
        return f"{name} = {{ {items} }}"
    return f'{name} = "{value}"'


def rule_page(rule: Rule) -> str:
    """The whole documentation page of a rule, in Markdown."""
    parts = [f"# {rule.code}: {rule.name}", "", rule.summary.rstrip(".") + ".", ""]
    facts = [
        f"- **Default severity:** {rule.severity.label}",
        f"- **On by default:** {'yes' if rule.enabled else 'no (select it to turn it on)'}",
    ]
    if rule.tags:
        facts.append(f"- **Tags:** {', '.join(rule.tags)}")
    if rule.hadolint:
        facts.append(f"- **hadolint:** same code and meaning as hadolint's {rule.code}")
    if rule.buildkit_name:
        facts.append(
            f"- **BuildKit check:** {rule.buildkit_name} "
            f"(`# check=skip={rule.buildkit_name}` also suppresses it)"
        )
    if rule.security_severity is not None:
        facts.append(f"- **Security severity:** {rule.security_severity:.1f}")
    parts += [*facts, "", "## Why", "", rule.rationale.strip(), ""]
    if rule.options:
        parts += [
            "## Options",
            "",
            f"Set under `[tool.dlint.rules.{rule.code}]`.",
            "",
            "| option | default | meaning |",
            "| --- | --- | --- |",
        ]
        for o in rule.options:
            parts.append(f"| `{o.name}` | `{o.default!r}` | {o.help} |")
        parts.append("")
    if rule.example_settings:
        parts += ["## Configuration used by the examples", "", "```toml", "[tool.dlint]"]
        parts += [_toml_line(k, v) for k, v in rule.example_settings.items()]
        parts += ["```", ""]
    for name, content in rule.example_context.items():
        parts += [f"Beside the Dockerfile, `{name}`:", "", "```", content.rstrip("\n"), "```", ""]
    if rule.bad:
        parts += ["## Example that triggers it", "", _fence(rule.bad), ""]
    if rule.good:
        parts += ["## Example that passes", "", _fence(rule.good), ""]
    parts += [
        "## Suppressing it",
        "",
        f"Above the instruction: `# dlint: ignore={rule.code}` "
        f"(or `# hadolint ignore={rule.code}`).",
        "",
    ]
    return "\n".join(parts)


def index_page(rules: Sequence[Rule]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated from rule metadata by `dlint docs`. Do not edit by hand.",
        "",
        "| code | name | severity | on by default | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        lines.append(
            f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity.label} | "
            f"{'yes' if r.enabled else 'no'} | {r.summary} |"
        )
    return "\n".join(lines) + "\n"


def generate(rules: Sequence[Rule]) -> dict[str, str]:
    """File name -> content for docs/rules/ (built-in rules only)."""
    files = {f"{r.code}.md": rule_page(r) for r in rules}
    files["README.md"] = index_page(rules)
    return files


def write(rules: Sequence[Rule], directory: Path) -> list[str]:
    """Write the pages; return the names of files that changed or were removed."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = generate(rules)
    changed = []
    for name, content in wanted.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed.append(name)
    for path in sorted(directory.glob("*.md")):
        if path.name not in wanted:
            path.unlink()
            changed.append(path.name)
    return changed
