"""The historical replay under the time-split fit, beside the shipped fit.

    python docs/calibration/time_split_replay.py > docs/calibration/time_split_replay.csv

The time split (``cartelsim calibrate --fit-until 2017``) fitted the four free
parameters to the national record of 2012-2017 only. This reruns the historical replay
(``scenarios/mexico_2006.toml``, 20 replicates, seeds 1-20, as docs/history.md) with
those four values and compares its yearly median homicides with INEGI's record
(``scenarios/observed/mexico_2007_2024.csv``) over four spans: 2007-2011 (before any
fitted year), 2012-2017 (fitted by both), 2018-2021 (fitted by the shipped values only)
and 2022-2024 (fitted by neither). The shipped fit's row reads the committed
``docs/history/history.csv`` (the same scenario and seeds). Per span: the RMS and the
mean log error of the medians, ln(median / record) (a positive mean: the model is high),
and in how many years the record lies inside the 10-90% band.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from model import load_scenario
from model.experiments.history import band_comparison, band_fit, read_observed
from model.experiments.parallel import default_workers
from model.experiments.replicates import run_replicates
from model.experiments.sensitivity import as_sections
from model.scenario import with_overrides

ROOT = Path(__file__).resolve().parents[2]
SPANS = {"2007-2011": (2007, 2011), "2012-2017": (2012, 2017), "2018-2021": (2018, 2021),
         "2022-2024": (2022, 2024)}  # fmt: skip
REPLICATES = 20


def time_split_history() -> pd.DataFrame:
    """The replay's yearly history with the time-split fit's four values."""
    fit = json.loads((ROOT / "docs/calibration/time_split/calibration.json").read_text())
    scenario = with_overrides(
        load_scenario(ROOT / "scenarios/mexico_2006.toml"), **as_sections(fit["fitted"])
    )
    return run_replicates(scenario, 1, replicates=REPLICATES, workers=default_workers()).history


def spans(table: pd.DataFrame, observed: pd.DataFrame) -> dict[str, str | float]:
    """Per span: RMS and mean log error of the yearly medians, and years inside the band."""
    both = band_comparison(table, observed, "homicides_median", on="year")
    out: dict[str, str | float] = {}
    for name, (first, last) in SPANS.items():
        fit = band_fit(both, first, last, on="year")
        out[f"rms_log_error_{name}"] = round(fit["rms_log_error"], 3)
        out[f"mean_log_error_{name}"] = round(fit["mean_log_error"], 3)
        out[f"in_band_{name}"] = f"{fit['inside_band']} of {fit['periods']}"
    return out


def main() -> None:
    """Print one row per fit (CSV)."""
    observed = read_observed(ROOT / "scenarios/observed/mexico_2007_2024.csv")
    shipped = pd.read_csv(ROOT / "docs/history/history.csv")
    rows = [
        {"fit": "time split (2012-2017)", **spans(time_split_history(), observed)},
        {"fit": "full (2012-2021, shipped)", **spans(shipped, observed)},
    ]
    print(pd.DataFrame(rows).to_csv(index=False), end="")


if __name__ == "__main__":
    main()
