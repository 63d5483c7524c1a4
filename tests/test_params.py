"""Every parameter carries a unit, a source or stated reason, and allowed values."""

import dataclasses

from model.params import SECTIONS, parameter_table


def test_every_parameter_is_documented():
    rows = parameter_table()
    assert len(rows) == sum(len(dataclasses.fields(k)) for k in SECTIONS.values())
    for row in rows:
        name = f"{row['section']}.{row['name']}"
        assert row["unit"], name
        assert len(row["source"]) >= 6, name
        if isinstance(row["default"], (int, float)) and not isinstance(row["default"], bool):
            lo, hi = row["allowed"]
            assert lo <= row["default"] <= hi, name
        if isinstance(row["default"], str):
            assert row["default"] in row["allowed"], name


def test_odd_parameter_table_matches_the_code():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "ODD.md").read_text()
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    for row in parameter_table():
        matches = [
            line
            for line in lines
            if line.startswith(f"| {row['section']} (") and f"| `{row['name']}` |" in line
        ]
        assert len(matches) == 1, f"{row['section']}.{row['name']} missing from docs/ODD.md"
        default = row["default"]
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            cell = matches[0].split("|")[3].strip()
            assert float(cell) == float(f"{default:.7g}"), (row["name"], cell, default)
