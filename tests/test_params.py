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


def test_every_uncertainty_has_a_plausible_span_and_a_reason():
    """Issue #17: each uncertainty has a span holding its default and a real source."""
    from model.params import plausible_spans

    spans = plausible_spans()
    kinds = {row["kind"] for row in parameter_table()}
    assert kinds == {"uncertainty", "setting", "lever"}
    assert len(spans) >= 80
    for row in parameter_table():
        name = f"{row['section']}.{row['name']}"
        source = row["source"].lower()
        assert source.strip() not in {"assumption", "argued"}, name
        assert "literature.md" not in source and "../shared" not in source, name
        if row["kind"] != "uncertainty":
            assert row["plausible"] is None, name
            continue
        lo, hi = row["plausible"]
        allowed_lo, allowed_hi = row["allowed"]
        assert allowed_lo <= lo <= row["default"] <= hi <= allowed_hi and lo < hi, name
        assert len(source) >= 60, f"{name}: give the source or the argument"
        if source.startswith(("argued", "assumption")):
            assert "span" in source, f"{name}: argue the plausible span too"
        assert spans[name] == (lo, hi)


def test_numeric_switches_and_choices_are_settings_not_uncertainties():
    for row in parameter_table():
        if isinstance(row["default"], bool | str) and row["section"] != "levers":
            assert row["kind"] == "setting", row["name"]


def test_a_span_that_leaves_its_range_is_refused_at_declaration():
    from model.params import param

    with pytest.raises(ValueError, match="plausible span"):
        param(1.0, "x", "argued: a test", (0.0, 2.0), (1.5, 3.0))  # default outside
    with pytest.raises(ValueError, match="plausible span"):
        param(1.0, "x", "argued: a test", (0.0, 2.0), (0.5, 3.0))  # beyond the range


def test_every_plausible_corner_of_the_tied_parameters_is_a_possible_world():
    """The robustness study can draw any span: the consistency-checked keys' corners pass."""
    from itertools import product

    from model.params import plausible_spans
    from model.scenario import CONSISTENCY_KEYS, load_scenario, with_overrides

    spans = plausible_spans()
    base = load_scenario("baseline")
    tied = [key for key in CONSISTENCY_KEYS if key in spans]
    for corner in product(*(spans[key] for key in tied)):
        sections: dict = {}
        for key, value in zip(tied, corner):
            section, name = key.split(".")
            sections.setdefault(section, {})[name] = value
        with_overrides(base, **sections)  # raises ScenarioError if impossible
