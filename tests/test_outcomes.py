"""Every outcome declared once (model/outcomes.py): each consumer derives from the catalogue."""

import json

import numpy as np
import pandas as pd
import pytest

from model import CartelModel, load_scenario
from model.experiments import compare, history, report, sensitivity
from model.experiments.sweep import load_spec, run_sweep
from model.metrics import timeseries_frame
from model.outcomes import COLUMNS, HEADLINE, INDEX, OUTCOMES, Outcome
from model.studies.hypotheses import CARDS

from .conftest import ROOT


def test_the_time_series_columns_are_the_catalogue_in_order():
    model = CartelModel(rng=1)
    assert tuple(model.current) == COLUMNS
    model.run(2)
    assert tuple(timeseries_frame(model).columns) == COLUMNS
    assert COLUMNS[: len(INDEX)] == INDEX and set(HEADLINE) <= set(OUTCOMES)


def test_at_horizon_sums_a_year_of_flows_and_reads_levels_at_the_step():
    weekly = np.arange(120.0).reshape(2, 60)  # 2 replicates x steps 0..59; step 0 is not 0
    flow = Outcome("f", "a flow", "persons a week", "year")
    level = Outcome("l", "a level", "persons", "last")
    # steps 4..55 (52 weeks): replicate 0 is 4 + ... + 55, replicate 1 adds 60 a week
    assert flow.at_horizon(weekly, 55).tolist() == [1534.0, 1534.0 + 60 * 52]
    # fewer than 52 weeks run: steps 1..10, never the initial state (step 0)
    assert flow.at_horizon(weekly, 10).tolist() == [55.0, 55.0 + 60 * 10]
    assert flow.at_horizon(weekly, 0).tolist() == [0.0, 0.0]
    assert level.at_horizon(weekly, 55).tolist() == [55.0, 115.0]
    assert level.at_horizon(weekly[1], 0) == 60.0
    assert flow.horizon_label == "a flow in the year" and level.horizon_label == "a level"


def test_a_sweep_part_holds_every_column_of_the_time_series(tmp_path):
    spec_file = tmp_path / "one.toml"
    baseline = ROOT / "scenarios" / "baseline.toml"
    spec_file.write_text(f'[sweep]\nreplicates = 1\nsteps = 3\n[[arms]]\nscenario = "{baseline}"\n')
    store = run_sweep(load_spec(spec_file), tmp_path / "sweep")
    (part,) = sorted((tmp_path / "sweep" / "runs").glob("part-*.parquet"))
    assert list(pd.read_parquet(part).columns) == ["arm", "replicate", "seed", *COLUMNS]
    assert len(store.results()) == 4


def fake_results(steps: int = 60) -> pd.DataFrame:
    """Long sweep results for arms a and b, 3 replicates, random headline outcomes."""
    rng = np.random.default_rng(5)
    rows = []
    for arm in ("a", "b"):
        for replicate in range(3):
            frame = pd.DataFrame({"step": np.arange(steps + 1)})
            frame["year"] = 2020 + frame["step"] / 52
            for name in HEADLINE:
                frame[name] = rng.integers(0, 100, steps + 1)
                if OUTCOMES[name].reduce == "year":
                    frame.loc[0, name] = 0  # as in a run: step 0 is the initial state, no flows
            rows.append(frame.assign(arm=arm, replicate=replicate))
    return pd.concat(rows, ignore_index=True)


def test_report_reads_the_headline_outcomes_as_the_catalogue_says(tmp_path):
    results = fake_results()
    table = report.summary(results, "a", [30, 60])
    assert tuple(table["metric"].unique()) == HEADLINE
    by = table.set_index(["arm", "metric", "horizon_step"])
    for step in (30, 60):
        # the reading before the catalogue: homicides over steps (step-52, step], else at step
        window = results[(results["step"] > step - 52) & (results["step"] <= step)]
        homicides = window.groupby(["arm", "replicate"])["homicides"].sum()
        assert by.loc[("b", "homicides", step), "median"] == np.median(homicides["b"])
        members = results[results["step"] == step].set_index(["arm", "replicate"])["members"]
        assert by.loc[("b", "members", step), "median"] == np.median(members["b"])
    out = tmp_path / "folder"  # a sweep folder holding these results
    (out / "runs").mkdir(parents=True)
    results.to_parquet(out / "runs" / "part-00000.parquet", index=False)
    runs = results[["arm", "replicate"]].drop_duplicates().assign(seed=0, part="part-00000.parquet")
    runs.to_csv(out / "manifest.csv", index=False)
    (out / "spec.toml").write_text('[sweep]\nreference = "a"\n')
    report.write_report(out)
    metrics = json.loads((out / "report.json").read_text())["metrics"]
    assert list(metrics) == list(HEADLINE)
    for name, entry in metrics.items():
        assert entry == {"label": OUTCOMES[name].horizon_label, "read": OUTCOMES[name].reading}
    assert "| b | homicides in the year |" in (out / "report.md").read_text()


def test_sensitivity_reads_the_headline_outcomes_at_the_end(monkeypatch):
    weekly = fake_results(steps=70).query("arm == 'a' and replicate == 0")
    weekly = weekly.drop(columns=["arm", "replicate"]).reset_index(drop=True)

    class Ran:
        timeseries = weekly

    monkeypatch.setattr(sensitivity, "simulate", lambda *args, **kwargs: Ran())
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml")
    got = sensitivity.outcomes(scenario, {}, seed=0, steps=70)
    assert list(got) == list(HEADLINE)
    # before the catalogue: homicides over the last 52 weeks, the others in the last week
    assert got["homicides"] == weekly["homicides"].iloc[1:].tail(52).sum()
    for name in ("members", "active_cartels", "effective_cartels"):
        assert got[name] == weekly[name].iloc[-1]
    assert sensitivity.title("homicides") == "homicides in the last year"
    assert sensitivity.title("effective_cartels") == "effective number of groups at the end"


def test_compare_holds_every_outcome_the_hypotheses_cards_read():
    assert compare.METRICS == tuple(OUTCOMES)
    for card in CARDS:
        assert card.outcome in OUTCOMES or card.outcome in compare.DERIVED, card.outcome
    for parts in compare.DERIVED.values():
        assert set(parts) <= set(OUTCOMES)


def test_history_series_are_outcomes_and_keep_their_csv_names():
    assert history.OBSERVABLE == ("homicides", "active_groups", "cumulative_groups")
    assert history.COLUMNS == (
        "year",
        "homicides_median", "homicides_p10", "homicides_p90",
        "active_groups_median", "active_groups_p10", "active_groups_p90",
        "cumulative_groups_median",
    )  # fmt: skip
    assert set(history.SERIES.values()) <= set(OUTCOMES)


@pytest.mark.parametrize("reduce", ["year", "last"])
def test_history_reads_a_calendar_year_as_the_outcome_says(monkeypatch, reduce):
    homicides = Outcome("homicides", "homicides", "persons a week", reduce)
    monkeypatch.setitem(history.OUTCOMES, "homicides", homicides)
    weeks = np.arange(105)
    frame = pd.DataFrame(
        {"step": weeks, "homicides": weeks, "active_cartels": 7, "cumulative_cartels": 7}
    )
    years = history.calendar_years(frame, 2007.0)
    expected = [sum(range(1, 53)), sum(range(53, 105))] if reduce == "year" else [52, 104]
    assert years["homicides"].tolist() == expected
