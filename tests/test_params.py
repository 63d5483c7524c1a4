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
