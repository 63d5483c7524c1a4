"""The parameter table of docs/ODD.md, generated from ``model.params`` (one source of truth).

Regenerate it after changing a parameter: ``python -m model.odd`` (rewrites the table in
``docs/ODD.md``); ``tests/test_params.py`` fails while the two differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from model.params import parameter_table


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
    lines = [
        "| section | name | default | unit | allowed | source or reason |",
        "|---|---|---|---|---|---|",
    ]
    for row in parameter_table():
        kind = "lever" if row["section"] == "levers" else "uncertainty"
        allowed = row["allowed"]
        if isinstance(allowed, tuple) and len(allowed) == 2 and not isinstance(row["default"], str):
            allowed_text = f"{_cell(allowed[0])} to {_cell(allowed[1])}"
        elif allowed:
            allowed_text = ", ".join(_cell(a) for a in allowed)
        else:
            allowed_text = "-"
        lines.append(
            f"| {row['section']} ({kind}) | `{row['name']}` | {_cell(row['default'])} "
            f"| {row['unit']} | {allowed_text} | {row['source']} |"
        )
    return "\n".join(lines)


def write_odd_table(path: str | Path) -> None:
    """Replace the parameter table in ``path`` (docs/ODD.md) with :func:`markdown_table`."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("| section | name | default | unit | allowed | source or reason |")
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[start:end] = markdown_table().splitlines()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    write_odd_table(sys.argv[1] if len(sys.argv) > 1 else "docs/ODD.md")
