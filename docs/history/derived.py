"""Figures docs/history.md quotes that no single committed output prints.

    python docs/history/derived.py > docs/history/derived.json

Reads committed outputs only (no run): the replay by year (docs/history/history.csv),
by six-year period (periods.csv) and by month (monthly.csv), the yearly record
(scenarios/observed/mexico_2007_2024.csv) and the replay by year of earlier versions of
the model (docs/earlier/*/history/history.csv). Prints one JSON object: the width of the
band (90th percentile over median), the years whose record lies inside the band, the
model's errors and peaks, the record's lowest year of the strike campaign and its fall
from 2011 to 2014, the extinctions of each six-year period, the monthly
record's ranges and the months inside the band, and for each earlier version the fit
fit.py gives now (years inside the band, correlations) with its errors and peaks. A
range is [lowest, highest]; a year is a key "yYYYY"; a list of years is a string as the
page writes it ("2009, 2015 and 2016").
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
HISTORY = ROOT / "docs" / "history"
EARLIER = ROOT / "docs" / "earlier"
VERSIONS = ("before_issue14", "issue13_part1", "before_issue13")


def span(values: pd.Series) -> list[float]:
    """Lowest and highest value."""
    return [float(values.min()), float(values.max())]


def years_text(years: list[int]) -> str:
    """Years as the page writes them ("2007-2009, 2015 and 2016")."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = []
    for run in runs:  # a run of three years or more as "2007-2009", shorter ones year by year
        parts += [f"{run[0]}-{run[-1]}"] if len(run) > 2 else [str(y) for y in run]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def fit(history: Path, record: pd.Series) -> dict:
    """The replay's fit to the record as fit.py computes it, with errors and peaks."""
    model = pd.read_csv(history).set_index("year").loc[record.index]
    med = model["homicides_median"]
    inside = (record >= model["homicides_p10"]) & (record <= model["homicides_p90"])
    below = record < model["homicides_p10"]
    error = med / record - 1
    peak = int(med.idxmax())
    first_peak = int(med.loc[:2012].idxmax())
    return {
        "years_inside_band": int(inside.sum()),
        "years": len(record),
        "inside_band_years": years_text([int(y) for y in record.index[inside]]),
        "inside_every_year_from": int(min(y for y in record.index if inside.loc[y:].all())),
        "record_below_p10_years": years_text([int(y) for y in record.index[below]]),
        "correlation_levels": float(np.corrcoef(med, record)[0, 1]),
        "correlation_changes": float(np.corrcoef(np.diff(med), np.diff(record))[0, 1]),
        "error": {f"y{y}": float(e) for y, e in error.items()},
        "peak_year": peak,
        "first_peak_year": first_peak,
        "change_2012_from_first_peak": float(med[2012] / med[first_peak] - 1),
    }


def monthly() -> dict:
    """Ranges of the monthly record and the months inside the model's band."""
    months = pd.read_csv(HISTORY / "monthly.csv", comment="#").dropna(subset=["record"])
    months["year"] = months.month.str[:4].astype(int)
    record = months.set_index("month")["record"]
    last = months.month.iloc[-1]
    lower_before = months[(months.record <= record[last]) & (months.month < last)]
    y2025 = months[months.year == 2025]
    inside_2015_2018 = months[(months.year <= 2018) & months.inside_band.astype(bool)]
    return {
        "record_2018_07_to_2020_12": span(record.loc["2018-07":"2020-12"]),
        "record_2021_2024": span(record.loc["2021-01":"2024-12"]),
        "last_month": last,
        "last_month_at_or_below_last_before": lower_before.month.iloc[-1],
        "months_2025_record_below_p10": int((y2025.record < y2025.homicides_p10).sum()),
        "months_2025": len(y2025),
        "inside_2015_2018_by_year": {
            f"y{y}": int(n) for y, n in inside_2015_2018.groupby("year").size().items()
        },
    }


def main() -> None:
    """Print the derived figures as one JSON object."""
    observed = pd.read_csv(ROOT / "scenarios" / "observed" / "mexico_2007_2024.csv")
    record = observed.set_index("year")["homicides_median"]
    model = pd.read_csv(HISTORY / "history.csv").set_index("year")
    ratio = model["homicides_p90"] / model["homicides_median"]
    periods = pd.read_csv(HISTORY / "periods.csv")
    out = {
        "p90_over_median": {f"y{y}": float(r) for y, r in ratio.loc[:2008].items()},
        "p90_over_median_from_2010": span(ratio.loc[2010:]),
        "record_lowest_year_2013_2018": int(record.loc[2013:2018].idxmin()),
        "record_fall_2011_2014": float(1 - record[2014] / record[2011]),
        "extinctions_by_period": [float(x) for x in periods.extinctions_median],
        "fit": fit(HISTORY / "history.csv", record),
        "earlier": {v: fit(EARLIER / v / "history" / "history.csv", record) for v in VERSIONS},
        "monthly": monthly(),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
