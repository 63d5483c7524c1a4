"""`cartelsim run` writes the documented folder; runs are reproducible."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from model import CartelModel, Scenario, ScenarioError
from model.experiments.run import json_ready, simulate, write_results
from model.metrics import events_frame, states_frame, timeseries_frame
from model.outcomes import COLUMNS

from .conftest import ROOT

STATES = ["step", "state", "homicides", "dominant_cartel", "n_cartels_present"]
EVENTS = ["step", "kind", "cartel", "state", "details"]


def test_cli_run_writes_the_documented_folder(cli, tmp_path):
    out = tmp_path / "base"
    done = cli(
        "run",
        ROOT / "scenarios/kingpin_campaign.toml",
        "--seed",
        3,
        "--steps",
        60,
        "--out",
        out,
        "--csv",
    )
    assert done.returncode == 0, done.stderr
    for name in ["timeseries", "states", "events", "cartels"]:
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert list(ts.columns) == list(COLUMNS) and len(ts) == 61
    states = pd.read_parquet(out / "states.parquet")
    assert set(STATES) <= set(states.columns) and len(states) == 61 * 32
    events = pd.read_parquet(out / "events.parquet")
    assert set(EVENTS) <= set(events.columns)
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["seed"] == 3 and meta["steps"] == 60 and meta["packages"]["mesa"].startswith("3.")
    assert (out / "summary.png").stat().st_size > 10_000
    resolved = (out / "scenario.toml").read_text()
    assert "[levers]" in resolved and "kingpin_strikes_per_year = 12.0" in resolved
    assert "[economy]" in resolved  # every default filled in


def test_same_seed_same_tables_and_different_seed_differs():
    a = simulate(Scenario(), seed=7, steps=40)
    b = simulate(Scenario(), seed=7, steps=40)
    c = simulate(Scenario(), seed=8, steps=40)
    pdt.assert_frame_equal(a.timeseries, b.timeseries)
    pdt.assert_frame_equal(a.states, b.states)
    pdt.assert_frame_equal(a.events, b.events)
    assert not a.timeseries["homicides"].equals(c.timeseries["homicides"])


def test_same_seed_same_tables_in_another_process(tmp_path):
    code = (
        "import sys; from model import CartelModel; from model.metrics import timeseries_frame;"
        "m = CartelModel(rng=11); m.run(30); timeseries_frame(m).to_parquet(sys.argv[1])"
    )
    path = tmp_path / "ts.parquet"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT, timeout=120)
    model = CartelModel(rng=11).run(30)
    pdt.assert_frame_equal(pd.read_parquet(path), timeseries_frame(model))


def test_tables_are_consistent():
    model = CartelModel(rng=2).run(26)
    ts, states = timeseries_frame(model), states_frame(model)
    per_step = states.groupby("step")["homicides"].sum().to_numpy()
    assert (per_step == ts["homicides"].to_numpy()).all()
    causes = ts[["homicides_rivalry", "homicides_split_war", "homicides_state_action"]].sum(axis=1)
    assert (causes == ts["homicides"]).all()
    assert events_frame(model).columns.tolist()[:3] == ["step", "year", "kind"]


def test_json_ready_writes_nan_as_null_and_numpy_as_python():
    value = {
        "nan": np.float64("nan"),
        "rows": [{"n": np.int64(3), "x": np.float32(1.5), "ok": np.bool_(True)}],
        "pair": (1.0, float("nan")),
        "name": "baseline",
    }
    ready = json_ready(value)
    assert ready == {
        "nan": None,
        "rows": [{"n": 3, "x": 1.5, "ok": True}],
        "pair": [1.0, None],
        "name": "baseline",
    }
    assert type(ready["rows"][0]["n"]) is int and type(ready["rows"][0]["ok"]) is bool
    json.dumps(ready, allow_nan=False)  # strict JSON: would raise on NaN or numpy scalars


def test_write_results_refuses_an_existing_folder_unless_overwrite(tmp_path):
    out = tmp_path / "run"
    write_results(simulate(Scenario(), seed=1, steps=2), out, figure=False)
    (out / "stale.csv").write_text("from an earlier run")
    second = simulate(Scenario(), seed=2, steps=3)
    with pytest.raises(ScenarioError, match="already exists"):
        write_results(second, out, figure=False)
    assert json.loads((out / "metadata.json").read_text())["seed"] == 1
    write_results(second, out, figure=False, overwrite=True)
    assert json.loads((out / "metadata.json").read_text())["seed"] == 2
    assert not (out / "stale.csv").exists()  # replaced whole, not merged
    assert len(pd.read_parquet(out / "timeseries.parquet")) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_only_the_program_freezes_its_objects_for_its_exit(tmp_path, monkeypatch):
    """`cartelsim` leaves its objects to the process's end; main([...]) in a session does not."""
    import gc

    from model.ui.cli import main

    def args(out):
        return ["run", "baseline", "--steps", "3", "--out", str(out), "--quiet", "--no-figure"]

    before = gc.get_freeze_count()
    assert main(args(tmp_path / "called")) == 0
    assert gc.get_freeze_count() == before  # a Python session goes on: nothing frozen
    monkeypatch.setattr(sys, "argv", ["cartelsim", *args(tmp_path / "program")])
    try:
        assert main() == 0  # as the `cartelsim` command calls it
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
    assert (tmp_path / "program" / "timeseries.parquet").exists()
