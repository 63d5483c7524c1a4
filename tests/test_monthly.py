"""The replay by calendar month: weeks split between months by date, the monthly record."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from model.experiments.history import (
    MONTHLY_COLUMNS,
    band_comparison,
    band_fit,
    calendar_months,
    calendar_years,
    monthly_history,
    read_observed_monthly,
)
from model.scenario import ScenarioError

from .conftest import ROOT

MONTHLY = ROOT / "scenarios" / "observed" / "mexico_monthly_victims.csv"
MEXICO_2006 = ROOT / "scenarios" / "mexico_2006.toml"


def weekly(homicides) -> pd.DataFrame:
    homicides = np.asarray(homicides, dtype=float)
    return pd.DataFrame({"step": np.arange(len(homicides) + 1), "homicides": np.r_[0, homicides]})


def test_a_week_across_the_first_of_a_month_is_split_by_date():
    # week 5 of 2007 covers [4/52, 5/52) of the year; 1 February is 31/365 into it
    homicides = np.zeros(10)
    homicides[4] = 100.0
    months = calendar_months(weekly(homicides), 2007.0)
    assert months["month"].tolist() == ["2007-01", "2007-02"]  # March is not whole
    january = 100.0 * (31 / 365 - 4 / 52) * 52
    assert months["homicides"].tolist() == pytest.approx([january, 100.0 - january])
    assert 0.4 < january / 100 < 0.45  # a real split, not all to one month


def test_a_steady_rate_gives_each_month_its_days():
    months = calendar_months(weekly(np.full(2 * 52, 7.0)), 2007.0)
    assert len(months) == 24
    by = months.set_index("month")["homicides"]
    assert by["2007-01"] == pytest.approx(7 * 52 * 31 / 365)
    assert by["2007-02"] == pytest.approx(7 * 52 * 28 / 365)
    assert by["2008-02"] == pytest.approx(7 * 52 * 29 / 366)  # a leap year


def test_months_sum_to_the_calendar_years():
    rng = np.random.default_rng(5)
    homicides = rng.poisson(600, size=3 * 52 + 16).astype(float)
    frame = weekly(homicides).assign(active_cartels=7, cumulative_cartels=7)
    months = calendar_months(frame, 2007.0)
    years = calendar_years(frame, 2007.0)
    summed = months.groupby(months["month"].str[:4])["homicides"].sum()
    assert summed[["2007", "2008", "2009"]].tolist() == pytest.approx(years["homicides"].tolist())
    assert months["month"].iloc[-1] == "2010-03"  # 16 weeks = 22 April 2010: April not whole


def test_a_start_inside_a_month_leaves_that_month_out():
    months = calendar_months(weekly(np.ones(30)), 2012.5)  # 2 July 2012 (a leap year)
    assert months["month"].iloc[0] == "2012-08"


def test_monthly_history_bands_match_numpy_percentiles():
    rng = np.random.default_rng(8)
    frames = [weekly(rng.poisson(50, size=60)) for _ in range(7)]
    table = monthly_history(frames, 2007.0)
    assert list(table.columns) == list(MONTHLY_COLUMNS)
    each = np.stack([calendar_months(f, 2007.0)["homicides"] for f in frames])
    np.testing.assert_allclose(table["homicides_median"], np.median(each, axis=0))
    np.testing.assert_allclose(table["homicides_p10"], np.quantile(each, 0.1, axis=0))
    np.testing.assert_allclose(table["homicides_p90"], np.quantile(each, 0.9, axis=0))


def test_the_shipped_monthly_record_has_every_month_from_2015_to_june_2025():
    record = read_observed_monthly(MONTHLY)
    expected = pd.period_range("2015-01", "2025-06", freq="M").strftime("%Y-%m").tolist()
    assert record["month"].tolist() == expected  # no gap, no repeat
    assert (record["homicide_victims"] > 1000).all()
    assert (record["feminicide_victims"] > 0).all()
    assert record["homicide_victims"].dtype.kind in "iu"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("when,homicide_victims\n2015-01,3\n", "no 'month' column"),
        ("month,deaths\n2015-01,3\n", "no 'homicide_victims' column"),
        ("month,homicide_victims\n2015-1,3\n", "data row 1: month '2015-1'"),
        ("month,homicide_victims\n2015-02,3\n2015-01,4\n", "out of order"),
        ("month,homicide_victims\n2015-01,3\n2015-01,4\n", "repeat"),
        ("month,homicide_victims\n2015-01,many\n", "not a number"),
    ],
)
def test_bad_monthly_file_is_one_clear_line(tmp_path, text, message):
    path = tmp_path / "monthly.csv"
    path.write_text("# a comment line is allowed\n" + text)
    with pytest.raises(ScenarioError, match=message) as err:
        read_observed_monthly(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_comparison_flags_the_band_and_measures_log_error():
    model = pd.DataFrame(
        {
            "month": ["2019-01", "2019-02", "2019-03"],
            "homicides_median": [100.0, 100.0, 100.0],
            "homicides_p10": [80.0, 80.0, 80.0],
            "homicides_p90": [120.0, 120.0, 120.0],
        }
    )
    record = pd.DataFrame({"month": ["2019-02", "2019-03"], "homicide_victims": [110, 50]})
    both = band_comparison(model, record)
    assert both["record"].isna().tolist() == [True, False, False]
    assert both["inside_band"].tolist()[1:] == [True, False]
    assert pd.isna(both["inside_band"].iloc[0])
    assert both["log_error"].iloc[2] == pytest.approx(np.log(2.0))
    fit = band_fit(both, "2019-01")
    assert fit["periods"] == 2 and fit["inside_band"] == 1
    assert fit["rms_log_error"] == pytest.approx(
        np.sqrt((np.log(100 / 110) ** 2 + np.log(2.0) ** 2) / 2)
    )
    assert band_fit(both, "2019-01", "2019-02")["periods"] == 1


def test_a_short_replay_writes_the_monthly_table_and_figure(cli, tmp_path):
    out = tmp_path / "h"
    done = cli(
        "run", MEXICO_2006, "--steps", "30", "--replicates", "2", "--workers", "1",
        "--out", out, "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    record = tmp_path / "record.csv"  # a made-up record for the run's months
    record.write_text("month,homicide_victims\n2007-01,150\n2007-02,100000\n2007-03,200\n")
    done = subprocess.run(
        [sys.executable, ROOT / "docs" / "history" / "monthly.py", out, "--out", out / "m",
         "--monthly", record, "--from", "2007-01"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "m" / "monthly.csv", comment="#", dtype={"month": str})
    assert list(table.columns) == [*MONTHLY_COLUMNS, "record", "inside_band", "log_error"]
    # 30 weeks end on 29 July 2007: January to June are whole
    assert table["month"].tolist() == [f"2007-{m:02d}" for m in range(1, 7)]
    assert (table["homicides_p10"] <= table["homicides_median"]).all()
    assert table["record"].notna().tolist() == [True] * 3 + [False] * 3
    assert not table["inside_band"].iloc[1]  # 100,000 in a month is far outside
    assert (out / "m" / "monthly.png").stat().st_size > 0
    assert "of 3 inside the 10-90% band" in done.stdout


def test_the_committed_monthly_table_holds_the_record_and_leaves_2025_out_of_the_years():
    table = pd.read_csv(ROOT / "docs" / "history" / "monthly.csv", comment="#")
    assert table["month"].iloc[0] == "2007-01" and table["month"].iloc[-1] == "2025-06"
    record = read_observed_monthly(MONTHLY).set_index("month")["homicide_victims"]
    seen = table.dropna(subset=["record"]).set_index("month")["record"]
    assert seen.index.tolist() == record.index.tolist()
    assert (seen == record).all()
    years = pd.read_csv(ROOT / "docs" / "history" / "history.csv")
    assert years["year"].max() == 2024  # half of 2025 is not compared with a whole year
