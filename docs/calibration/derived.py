"""Figures docs/calibration.md quotes that no single committed output prints.

    python docs/calibration/derived.py > docs/calibration/derived.json

Reads the committed outputs only (no run): the shipped fit (calibration.json), the
values shipped before issue #14 (recheck.py's ``BEFORE_14``), PC2023's saturation
(scenarios/science2023.toml), the 2020 start's first year
(benchmarks/calibration_table.md) and fresh_start.csv. Prints one JSON object: the
values before issue #14, the fitted saturation over PC2023's, the largest homicide error
of 2019-2021, the 2020 start's first year against the 2020 record, and, for each kind of
run in fresh_start.csv, the lowest and highest value over its seeds.
"""

from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RUNS = {"start_2020": "2020 start", "run_2012": "2012 run in January 2020"}


def before_issue14() -> dict[str, float]:
    """The calibrated values shipped before issue #14, as recheck.py evaluates them."""
    spec = importlib.util.spec_from_file_location("recheck", HERE / "recheck.py")
    recheck = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recheck)
    return {key.split(".")[1]: value for key, value in recheck.BEFORE_14.items()}


def first_year_medians() -> dict[str, float]:
    """Median over seeds of each quantity in the 2020 start's first year (calibration_table.md)."""
    out = {}
    for line in (ROOT / "benchmarks" / "calibration_table.md").read_text().splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        out[cells[0]] = float(cells[2].split(" (")[0].replace(",", ""))
    return out


def ranges(frame: pd.DataFrame) -> dict[str, list[float]]:
    """Lowest and highest value over the seeds, per column."""
    columns = frame.drop(columns=["run", "seed"])
    return {c: [float(columns[c].min()), float(columns[c].max())] for c in columns}


def main() -> None:
    """Print the derived figures as one JSON object."""
    fit = json.loads((HERE / "calibration.json").read_text())
    rows = {r["target"]: r for r in fit["fit"]}
    pc2023 = tomllib.loads((ROOT / "scenarios" / "science2023.toml").read_text())
    first = first_year_medians()
    record_deaths_week = rows["member_deaths_2020"]["observed"] / 52
    fresh = pd.read_csv(HERE / "fresh_start.csv")
    out = {
        "before_issue14": before_issue14(),
        "saturation_over_pc2023": fit["fitted"]["recruitment.saturation"]
        / pc2023["recruitment"]["saturation"],
        "homicides_2019_2021_largest_error": max(
            abs(rows[f"homicides_{y}"]["relative_error"]) for y in (2019, 2020, 2021)
        ),
        "first_year_2020_start": {
            "homicides": first["homicides a year"],
            "record_homicides_2020": rows["homicides_2020"]["observed"],
            "homicides_error": first["homicides a year"] / rows["homicides_2020"]["observed"] - 1,
            "member_deaths_a_week": first["member deaths a week"],
            "record_member_deaths_a_week_2020": record_deaths_week,
        },
        "fresh_start": {key: ranges(fresh[fresh.run == run]) for key, run in RUNS.items()},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
