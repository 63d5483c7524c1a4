"""Historical replay: the 2006 landscape, wings, dated strikes, history.csv and --observed."""

import numpy as np
import pandas as pd
import pytest

from model import CartelModel, load_scenario
from model.experiments.history import COLUMNS, calendar_years, history, read_observed
from model.initial import landscape_2006
from model.processes import organization
from model.scenario import ScenarioError, scenario_from_dict

from .conftest import ROOT

MEXICO_2006 = ROOT / "scenarios" / "mexico_2006.toml"
OBSERVED = ROOT / "scenarios" / "observed" / "mexico_2007_2024.csv"


def fake_timeseries(weeks: int, homicides: np.ndarray, active: np.ndarray) -> pd.DataFrame:
    steps = np.arange(weeks + 1)
    return pd.DataFrame(
        {
            "step": steps,
            "homicides": np.r_[0, homicides],
            "active_cartels": np.r_[7, active],
            "cumulative_cartels": np.r_[7, np.maximum.accumulate(active)],
        }
    )


def test_calendar_years_sum_homicides_and_read_groups_at_year_end():
    weeks = 2 * 52 + 10  # two whole years and a partial third
    homicides = np.arange(weeks, dtype=float)
    active = np.r_[np.full(52, 7), np.full(52, 9), np.full(10, 12)]
    years = calendar_years(fake_timeseries(weeks, homicides, active), 2007.0)
    assert list(years["year"]) == [2007, 2008]  # the partial year is left out
    assert years["homicides"].tolist() == [homicides[:52].sum(), homicides[52:104].sum()]
    assert years["active_groups"].tolist() == [7, 9]


def test_history_bands_match_numpy_percentiles():
    rng = np.random.default_rng(3)
    frames, totals = [], []
    for _ in range(9):
        homicides = rng.poisson(100, size=104).astype(float)
        active = np.full(104, int(rng.integers(7, 20)))
        frames.append(fake_timeseries(104, homicides, active))
        totals.append([homicides[:52].sum(), homicides[52:].sum()])
    table = history(frames, 2007.0)
    assert list(table.columns) == list(COLUMNS)
    totals = np.array(totals)
    np.testing.assert_allclose(table["homicides_median"], np.median(totals, axis=0))
    np.testing.assert_allclose(table["homicides_p10"], np.quantile(totals, 0.1, axis=0))
    np.testing.assert_allclose(table["homicides_p90"], np.quantile(totals, 0.9, axis=0))


def test_observed_file_accepts_history_names_and_bare_names(tmp_path):
    shipped = read_observed(OBSERVED)
    assert shipped["year"].tolist() == list(range(2007, 2025))
    assert shipped["homicides_median"].notna().all()
    bare = tmp_path / "bare.csv"
    bare.write_text("year,homicides,active_groups\n2010,25757,\n")
    frame = read_observed(bare)
    assert frame.loc[0, "homicides_median"] == 25757
    assert np.isnan(frame.loc[0, "active_groups_median"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("homicides\n3\n", "no 'year' column"),
        ("year,deaths\n2010,3\n", "unknown column 'deaths'"),
        ("year,homicides\n2010,many\n", "line 2, column 'homicides_median': got 'many'"),
    ],
)
def test_bad_observed_file_is_one_clear_line(tmp_path, text, message):
    path = tmp_path / "obs.csv"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message) as err:
        read_observed(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_2006_landscape_has_the_seven_organizations_with_their_wings():
    model = CartelModel(load_scenario(MEXICO_2006), rng=0)
    groups = {c.name: c for c in model.cartels}
    assert set(groups) == {g.name for g in landscape_2006()[0]}
    assert sum(c.members for c in groups.values()) == 90_000
    assert [name for name, _ in groups["Gulf"].wings] == ["Los Zetas"]
    assert groups["Sinaloa"].members > groups["Oaxaca"].members
    sinaloa, gulf = groups["Sinaloa"].slot, groups["Gulf"].slot
    assert model.roster.rivalry[sinaloa, gulf] > 0
    assert model.roster.alliance[sinaloa, groups["Milenio"].slot] > 0


def test_a_split_breaks_along_the_wing():
    model = CartelModel(load_scenario(MEXICO_2006), rng=0)
    sinaloa = next(c for c in model.cartels if c.name == "Sinaloa")
    gro, mor = model.world.index["GRO"], model.world.index["MOR"]
    before = sinaloa.presence.copy()
    (wing,) = organization.split(model, sinaloa)
    assert wing.name == "Beltrán Leyva" and wing.parent == sinaloa.unique_id
    # the wing takes all of its parent's members in Guerrero and Morelos
    assert wing.presence[gro] == before[gro] and wing.presence[mor] == before[mor]
    assert sinaloa.presence[gro] == 0 and sinaloa.presence[mor] == 0
    assert (wing.presence + sinaloa.presence == before).all()  # nobody lost or created
    assert sinaloa.wings == [] and sinaloa.base_cohesion == model.params.organization.cohesion_mean
    assert model.roster.rivalry[sinaloa.slot, wing.slot] > 0  # the two now fight


def test_a_dated_strike_removes_the_named_leader_that_week():
    data = load_scenario(MEXICO_2006).to_dict()
    data["levers"]["kingpin_strikes_per_year"] = 0.0
    data.pop("schedule")
    data["strikes"] = [{"step": 3, "target": "Gulf", "how": "killed"}]
    model = CartelModel(scenario_from_dict(data), rng=1).run(6)
    removed = [e for e in model.events if e["kind"] == "leader_removed"]
    assert [(e["step"], e["cartel"]) for e in removed] == [(4, "Gulf")]
    assert "dated" in removed[0]["details"] and "killed" in removed[0]["details"]


@pytest.mark.parametrize(
    ("strike", "message"),
    [
        ({"year": 2010.0, "target": "Atlantis"}, "strikes[1].target': got 'Atlantis'"),
        ({"year": 2010.0, "target": "Gulf", "how": "exiled"}, "strikes[1].how'"),
        ({"target": "Gulf"}, "give exactly one of 'year'"),
        ({"year": 2010.0, "target": "Gulf", "when": 1}, "unknown key 'strikes[1].when'"),
    ],
)
def test_bad_dated_strike_is_one_clear_line(strike, message):
    data = load_scenario(MEXICO_2006).to_dict()
    data["strikes"] = [strike]
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        scenario_from_dict(data, "test.toml")


def test_run_with_replicates_writes_history_and_overlays_observed(cli, tmp_path):
    out = tmp_path / "h"
    done = cli(
        "run", MEXICO_2006, "--steps", "104", "--replicates", "3", "--workers", "1",
        "--observed", OBSERVED, "--out", out, "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "history.csv")
    assert list(table.columns) == list(COLUMNS)
    assert table["year"].tolist() == [2007, 2008]
    assert (table["homicides_p10"] <= table["homicides_median"]).all()
    assert (table["homicides_median"] <= table["homicides_p90"]).all()
    assert (table["active_groups_median"] >= 7).all()
    assert (out / "history.png").stat().st_size > 0
    every = pd.read_parquet(out / "replicates.parquet")
    assert sorted(every["seed"].unique()) == [1, 2, 3]
    first = pd.read_parquet(out / "timeseries.parquet")
    pd.testing.assert_frame_equal(
        every[every["seed"] == 1].drop(columns="seed").reset_index(drop=True), first
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("when,homicides\n2010,1\n")
    done = cli("run", MEXICO_2006, "--steps", "2", "--observed", bad, "--out", out, "--quiet")
    assert done.returncode == 2 and "no 'year' column" in done.stderr
    assert "Traceback" not in done.stderr


def test_proportional_targeting_picks_groups_in_proportion_to_size():
    from model.processes.enforcement import choose_target

    model = CartelModel(load_scenario(MEXICO_2006), rng=0)
    sizes = {c.name: c.members for c in model.cartels}
    picks = [choose_target(model, "proportional").name for _ in range(4000)]
    for name in ("Sinaloa", "Gulf", "Oaxaca"):
        expected = sizes[name] / sum(sizes.values())
        assert picks.count(name) / len(picks) == pytest.approx(expected, abs=0.03)
