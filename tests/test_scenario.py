"""Scenario files: every shipped scenario loads; bad input gets one clear line."""

import pytest

from model import Scenario, ScenarioError, load_scenario, with_overrides
from model.scenario import scenario_from_dict

from .conftest import SCENARIOS

REQUIRED = {
    "baseline",
    "kingpin_campaign",
    "follow_the_money",
    "youth_first",
    "coalition",
    "unilateral_strikes",
}


def test_required_scenarios_ship():
    assert REQUIRED <= {p.stem for p in SCENARIOS}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_load_and_open_with_a_story(path):
    scenario = load_scenario(path)
    assert scenario.name == path.stem
    assert path.read_text().startswith("#"), "a scenario opens with its policy story"
    again = scenario_from_dict(__import__("tomllib").loads(scenario.to_toml()))
    assert again.to_dict() == scenario.to_dict()


def test_schedule_converts_years_to_steps():
    s = load_scenario([p for p in SCENARIOS if p.stem == "kingpin_campaign"][0])
    assert s.schedule == [(312, {"kingpin_strikes_per_year": 0.0})]


BAD = [
    ("[levers]\nkingpin_rate = 3\n", "unknown key 'levers.kingpin_rate'"),
    ("[levers]\naml_seizure = 1.5\n", "'levers.aml_seizure': got 1.5, out of range"),
    ("[levers]\naml_seizure = 'high'\n", "'levers.aml_seizure': got 'high'"),
    ("[levers]\nkingpin_targeting = 'biggest'\n", "one of 'largest', 'most_violent', 'random'"),
    ("[recruitment]\nproportional = 1\n", "true or false"),
    ("[levers]\nyouth_investment_states = ['XX']\n", "unknown state code(s) XX"),
    ("[[schedule]]\nkingpin_strikes_per_year = 2\n", "give exactly one of 'year'"),
    ("[[schedule]]\nyear = 2010\nvetting = 1\n", "falls before the start"),
    ("[[schedule]]\nyear = 2022\nwage = 1\n", "unknown key 'schedule[1].wage'"),
    ("[scenario]\nsteps = 0\n", "'scenario.steps'"),
    ("[banana]\nx = 1\n", "unknown key 'banana'"),
    ("[levers\n", "not valid TOML"),
    ("[levers]\nvetting = nan\n", "'levers.vetting': got nan, not a finite number"),
    ("[[schedule]]\nyear = inf\nvetting = 1\n", "'schedule[1].year': got inf"),
    ("[[schedule]]\nyear = 2030.0\nvetting = 1\n", "at or after the horizon (step 520, year 2030)"),
    ("[[strikes]]\nstep = 520\ntarget = 'ACME'\n", "a step from 0 to 519"),
    ("[scenario]\nname = '../../../tmp/x'\n", "a name, not a path"),
    ("[world]\ninitial_members = 100\nat_risk_share = 0.0001\n", "prisoners at the start"),
    ("[enforcement]\narrest_cap = 1.0\nkilled_per_arrest = 10\n", "arrest and kill 11 times"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "brackets nested 5,000 deep"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_bad_scenarios_raise_one_line_naming_file_and_key(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text,message", BAD[:4])
def test_cli_reports_bad_scenario_with_exit_2_and_no_traceback(cli, tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    done = cli("run", path, "--out", tmp_path / "out", "--quiet")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]
    assert not (tmp_path / "out").exists()


def test_missing_file(cli, tmp_path):
    done = cli("run", tmp_path / "nope.toml", "--quiet")
    assert done.returncode == 2 and "no such scenario file" in done.stderr


def test_overrides_are_validated():
    with pytest.raises(ScenarioError):
        with_overrides(Scenario(), levers={"vetting": 2.0})
    assert with_overrides(Scenario(), levers={"vetting": 1}).params.levers.vetting == 1.0
