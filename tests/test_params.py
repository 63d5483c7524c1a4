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
    """docs/ODD.md carries exactly the generated table (regenerate: python -m model.odd)."""
    from pathlib import Path

    from model.odd import markdown_table

    text = (Path(__file__).resolve().parents[1] / "docs" / "ODD.md").read_text()
    assert markdown_table() in text
    assert len(markdown_table().splitlines()) == 2 + len(parameter_table())
