"""Every parameter carries a unit, a source or stated reason, and allowed values."""

import dataclasses

import pytest

from model.params import SECTIONS, Params, lever_specs, parameter_table


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
    """docs/ODD.md carries exactly the generated table (regenerate: python -m model.ui.odd)."""
    from pathlib import Path

    from model.ui.odd import lever_table, markdown_table

    text = (Path(__file__).resolve().parents[1] / "docs" / "ODD.md").read_text()
    assert markdown_table() in text
    assert len(markdown_table().splitlines()) == 2 + len(parameter_table())
    assert lever_table() in text
    assert len(lever_table().splitlines()) == 2 + len(lever_specs())


def test_sections_are_the_fields_of_params():
    params = Params()
    assert list(SECTIONS) == [f.name for f in dataclasses.fields(Params)]
    assert list(SECTIONS)[0] == "world" and "levers" in SECTIONS
    for name, klass in SECTIONS.items():
        assert type(getattr(params, name)) is klass, name


def test_write_odd_table_rewrites_both_tables(tmp_path):
    from model.ui.odd import lever_table, markdown_table, write_odd_table

    path = tmp_path / "ODD.md"
    params = markdown_table().splitlines()
    levers = lever_table().splitlines()
    stale = [*params[:2], "| old | row |", "", "text", "", *levers[:2], "| old |", "", "end"]
    path.write_text("\n".join(["# ODD", *stale]) + "\n")
    write_odd_table(path)
    assert (
        path.read_text() == "\n".join(["# ODD", *params, "", "text", "", *levers, "", "end"]) + "\n"
    )
    path.write_text("no tables\n")
    with pytest.raises(ValueError, match="no table header"):
        write_odd_table(path)
