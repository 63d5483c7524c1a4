"""Event study: month arithmetic, the two branches, and the quick command end to end."""

import copy
import json

import numpy as np
import pandas as pd

from model import CartelModel, load_scenario
from model.studies.event_study import HORIZON, MONTHS, month_of, study_replicate

from .conftest import ROOT

MEXICO_2006 = ROOT / "scenarios" / "mexico_2006.toml"


def test_event_months_start_with_the_strike_week():
    offsets = np.array([-27, -5, -1, 0, 4, 5, 47, 51])
    assert month_of(offsets).tolist() == [-7, -2, -1, 1, 1, 2, 11, 12]


def test_counterfactual_leaves_out_that_removal_and_nothing_else():
    scenario = load_scenario(MEXICO_2006)
    model = CartelModel(scenario, rng=0).run(200)
    removal = next(e for e in model.events if e["kind"] == "leader_removed")
    week, target = removal["step"], removal["cartel_id"]
    start = CartelModel(scenario, rng=0).run(week - 1)
    factual, counter = copy.deepcopy(start), copy.deepcopy(start)
    counter.veto = (week, target)
    factual.step()
    counter.step()

    def removed(m):
        return [
            e["cartel_id"] for e in m.events if e["kind"] == "leader_removed" and e["step"] == week
        ]

    assert target in removed(factual) and target not in removed(counter)
    assert [c for c in removed(factual) if c != target] == removed(counter)
    assert removed(factual) == [
        e["cartel_id"] for e in model.events if e["kind"] == "leader_removed" and e["step"] == week
    ]  # the factual copy is the original run


def test_a_copy_without_the_veto_reproduces_the_run():
    """The premise of the counterfactual: copying the model changes nothing by itself."""
    scenario = load_scenario(MEXICO_2006)
    run = CartelModel(scenario, rng=0).run(160)
    start = CartelModel(scenario, rng=0).run(100)
    copied = copy.deepcopy(start).run(60)
    original = np.stack([row["homicides"] for row in run.state_rows])
    branch = np.stack([row["homicides"] for row in copied.state_rows])
    np.testing.assert_array_equal(branch, original)
    assert copied.events == run.events


def test_records_follow_the_run_and_share_the_months_before():
    scenario = load_scenario(MEXICO_2006)
    steps = 260
    records = study_replicate(scenario, 0, steps, 3)
    assert records and records == study_replicate(scenario, 0, steps, 3)  # deterministic
    run = CartelModel(scenario, rng=0).run(steps + HORIZON)
    weekly = np.stack([row["homicides"] for row in run.state_rows])
    for record in records:
        state = run.world.index[record["state"]]
        months = month_of(np.arange(1, steps + HORIZON + 1) - record["step"])
        original = pd.Series(weekly[1:, state]).groupby(months).sum()
        for month, factual, counter in zip(
            MONTHS, record["strike_state_factual"], record["strike_state_counterfactual"]
        ):
            if month < 0:
                assert factual == counter  # the same run before the strike
                if record["step"] <= 26:
                    continue  # the run's start cuts the months before
            assert factual == original[month], (record["step"], month)
        # "split" is the factual run's own log: a split of that group within the year
        split = any(
            e["kind"] == "split"
            and e["cartel_id"] == record["cartel_id"]
            and record["step"] <= e["step"] < record["step"] + 52
            for e in run.events
        )
        assert record["split"] == split
        # without the strike the group may split within the year too (a leader lost
        # without the state, fission): the counterfactual's own log decides it
        assert isinstance(record["split_without_strike"], bool)


def test_quick_event_study_writes_the_documented_files(cli, tmp_path):
    out = tmp_path / "es"
    done = cli("event-study", MEXICO_2006, "--quick", "--workers", "1", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "event_study.csv")
    assert list(table.columns) == ["place", "window", "change_median", "change_p10", "change_p90"]
    assert set(zip(table["place"], table["window"])) == {
        (p, w)
        for p in ("strike_state", "same_cartel_other_states", "neighbour_states")
        for w in ("1-6", "7-12")
    }
    ok = table.dropna()
    assert (ok["change_p10"] <= ok["change_median"]).all()
    assert (ok["change_median"] <= ok["change_p90"]).all()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["replicates"] == 2 and 0 < summary["removals_studied"] <= 6
    assert 0.0 <= summary["split_probability"] <= 1.0
    # without the strike a group can still split within the year (its leader may fall
    # without the state, or it may outgrow itself), so only the range is fixed
    assert 0.0 <= summary["split_probability_without_strike"] <= 1.0
    assert summary["extra_homicides_per_removal_2y_se"] > 0
    assert summary["extra_homicides_per_removal_2y_se_by_replicate"] > 0
    report = (out / "event_study.md").read_text()
    assert "nan" not in report.lower()  # a place no removal had reads "n/a", not "+nan%"
    assert 0.0 <= summary["share_of_removals_raising_homicides"] <= 1.0
    months = pd.read_csv(out / "event_study_months.csv")
    before = months[months["month"] < 0]
    assert (before["change_median"].dropna() == 0).all()  # same run before the strike
    removals = pd.read_csv(out / "removals.csv")
    schema = (ROOT / "docs" / "output.md").read_text()
    for column in [*table.columns, *months.columns, *removals.columns, *summary]:
        assert f"`{column}`" in schema, column
    for name in ("event_study.png", "event_study.md", "scenario.toml", "metadata.json"):
        assert (out / name).stat().st_size > 0


def test_scenario_without_removals_is_one_clear_line(cli, tmp_path):
    baseline = ROOT / "scenarios" / "baseline.toml"
    done = cli("event-study", baseline, "--replicates", "1", "--steps", "5", "--workers", "1",
               "--out", tmp_path / "none", "--quiet")  # fmt: skip
    assert done.returncode == 2 and "no leader was removed" in done.stderr
    assert "Traceback" not in done.stderr
