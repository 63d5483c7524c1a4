"""The parameter and lever tables of docs/ODD.md, generated from ``model.params``.

``model.params`` is the one source of truth. Regenerate the tables after changing a
parameter or a lever: ``python -m model.ui.odd`` (rewrites both tables in ``docs/ODD.md``);
``tests/test_params.py`` fails while they differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from model.params import lever_specs, parameter_table

PARAMETER_HEADER = (
    "| section (kind) | name | default | unit | allowed | plausible | source or reason |"
)
LEVER_HEADER = "| lever | dashboard label | typical values | read by (model/processes/) |"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{value:.7g}"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def markdown_table() -> str:
    """The parameter table of docs/ODD.md (one row per parameter), generated from the code."""
    lines = [PARAMETER_HEADER, "|---|---|---|---|---|---|---|"]
    for row in parameter_table():
        span = row["plausible"]
        span_text = f"{_cell(span[0])} to {_cell(span[1])}" if span else "-"
        allowed = row["allowed"]
        if isinstance(allowed, tuple) and len(allowed) == 2 and not isinstance(row["default"], str):
            allowed_text = f"{_cell(allowed[0])} to {_cell(allowed[1])}"
        elif allowed:
            allowed_text = ", ".join(_cell(a) for a in allowed)
        else:
            allowed_text = "-"
        lines.append(
            f"| {row['section']} ({row['kind']}) | `{row['name']}` | {_cell(row['default'])} "
            f"| {row['unit']} | {allowed_text} | {span_text} | {row['source']} |"
        )
    return "\n".join(lines)


def lever_table() -> str:
    """The lever table of docs/ODD.md: each lever's label, typical values and readers."""
    lines = [LEVER_HEADER, "|---|---|---|---|"]
    for spec in lever_specs():
        if spec.kind == "number":
            typical = f"{_cell(spec.typical[0])} to {_cell(spec.typical[1])}"
        elif spec.kind == "choice":
            typical = ", ".join(_cell(c) for c in spec.choices)
        else:
            typical = "any subset of the state codes"
        readers = ", ".join(f"`{r}`" for r in spec.readers)
        lines.append(f"| `{spec.name}` | {spec.label} | {typical} | {readers} |")
    return "\n".join(lines)


def write_odd_table(path: str | Path) -> None:
    """Replace the parameter and lever tables in ``path`` (docs/ODD.md) with generated ones.

    Raises:
        ValueError: ``path`` lacks a table's header line (add it where the table belongs).
    """
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    for header, table in ((PARAMETER_HEADER, markdown_table()), (LEVER_HEADER, lever_table())):
        if header not in lines:
            raise ValueError(f"{path}: no table header {header!r}")
        start = end = lines.index(header)
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        lines[start:end] = table.splitlines()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    write_odd_table(sys.argv[1] if len(sys.argv) > 1 else "docs/ODD.md")
