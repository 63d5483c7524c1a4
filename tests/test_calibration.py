"""Calibration: targets from the record, a loss that can tell, a reproducible search."""

import json

import numpy as np
import pytest

from model import load_scenario
from model.params import Params
from model.studies.calibration import FREE, TOLERANCE, calibrate, loss, observed

from .conftest import ROOT

MEXICO_2012 = ROOT / "scenarios" / "mexico_2012.toml"
COMMITTED = ROOT / "docs" / "calibration" / "calibration.json"


def test_targets_come_from_the_record():
    target = observed()
    assert list(target["years"]) == list(range(2012, 2022))
    # Trends2012_2021.csv, 2012: 25,967 homicides and 10,760 missing persons
    assert target["homicides"][0] == 25_967
    assert target["member_deaths"][0] == pytest.approx(0.1 * (25_967 + 10_760))
    assert target["members_2022"] == 175_000


def test_loss_is_zero_on_target_and_grows_with_the_error():
    target = observed()
    exact = {key: target[key] for key in TOLERANCE}
    assert loss(exact, target)["total"] == pytest.approx(0.0)
    off = dict(exact, members_2022=target["members_2022"] * 1.05)
    further = dict(exact, members_2022=target["members_2022"] * 1.10)
    assert 0 < loss(off, target)["total"] < loss(further, target)["total"]
    assert loss(off, target)["members_2022"] == pytest.approx(np.log(1.05) ** 2 / 0.05**2)


def test_search_is_reproducible_serial_or_in_processes():
    scenario = load_scenario(MEXICO_2012)
    kwargs = dict(trials=2, seeds=(101,), validation_seeds=(201,), sampler_seed=3)
    serial = calibrate(scenario, workers=1, **kwargs)
    pooled = calibrate(scenario, workers=2, **kwargs)
    assert serial.trials.equals(pooled.trials)
    assert serial.fitted == pooled.fitted
    for f in FREE:
        assert f.low <= serial.fitted[f.name] <= f.high


def test_calibrate_quick_writes_fitted_values_and_fit(cli, tmp_path):
    out = tmp_path / "cal"
    done = cli("calibrate", "--quick", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "calibration.json").read_text())
    assert set(summary["fitted"]) == {f.name for f in FREE}
    assert len((out / "trials.csv").read_text().strip().splitlines()) == 1 + 4
    targets = {row["target"] for row in summary["fit"]}
    assert {"members_2022", "recruits_per_week", "member_deaths_2021", "homicides_2012"} <= targets
    for name in ("calibration.md", "calibration.toml", "fit.png", "metadata.json"):
        assert (out / name).stat().st_size > 0
    assert "members_2022" in done.stdout


def test_calibrate_refuses_a_scenario_that_does_not_start_in_2012(cli, tmp_path):
    done = cli(
        "calibrate",
        "--quick",
        "--scenario",
        ROOT / "scenarios" / "baseline.toml",
        "--out",
        tmp_path / "x",
        "--quiet",
    )
    assert done.returncode == 2
    assert "world.start_year" in done.stderr and "Traceback" not in done.stderr


def test_defaults_carry_the_committed_calibration():
    """The shipped defaults are the values `cartelsim calibrate` fitted (docs/calibration)."""
    fitted = json.loads(COMMITTED.read_text())["fitted"]
    params = Params()
    for name, value in fitted.items():
        section, key = name.split(".")
        assert getattr(getattr(params, section), key) == pytest.approx(value, rel=1e-9), name


def test_a_time_split_fit_sees_only_the_years_up_to_its_split():
    """``until``: later years and the 2022 membership do not move the loss."""
    target = observed()
    exact = {key: target[key] for key in TOLERANCE}
    late = dict(
        exact,
        homicides=np.where(target["years"] > 2017, 2 * target["homicides"], target["homicides"]),
    )
    late["members_2022"] = 3 * target["members_2022"]
    assert loss(late, target, until=2017)["total"] == pytest.approx(0.0)
    assert "members_2022" not in loss(late, target, until=2017)
    assert loss(late, target)["total"] > 1.0  # the full fit sees them
    early = dict(
        exact,
        homicides=np.where(target["years"] == 2013, 1.2 * target["homicides"], target["homicides"]),
    )
    assert loss(early, target, until=2017)["homicides"] > 0


def test_calibrate_quick_time_split_reports_fitted_and_held_out_years(cli, tmp_path):
    out = tmp_path / "split"
    done = cli("calibrate", "--quick", "--fit-until", "2017", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "calibration.json").read_text())
    assert summary["settings"]["fit_until"] == 2017
    assert "members_2022" not in summary["validation_loss"]
    targets = {row["target"] for row in summary["fit"]}
    assert {
        "homicides_rms_log_error_fitted_years",
        "homicides_rms_log_error_held_out_years",
    } <= targets
    assert "time split" in done.stdout
    bad = cli("calibrate", "--quick", "--fit-until", "2030", "--out", tmp_path / "x", "--quiet")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
