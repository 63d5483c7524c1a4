r"""The status quo 2020-2029 year by year: members, groups and what moves them.

The committed table comes from (the Parquet tables are not committed):

    cartelsim run baseline --replicates 10 --out runs/status_quo
    python docs/fragmentation/status_quo/yearly.py runs/status_quo \
        > docs/fragmentation/status_quo/yearly.csv

Calendar years as in ``history.csv`` (week s covers [start + (s-1)/52, start + s/52)):
levels (members, active groups, rival pairs, allied pairs) are read in the year's last
week, flows (homicides, member deaths, splits, births, leaders lost, ...) summed over its
52 weeks. Across the replicates of ``replicates.parquet``: the median and the 10th and
90th percentiles (``model.metrics.band``, as in ``history.csv``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from model.metrics import band

LEVELS = ("members", "active_cartels", "effective_cartels", "rival_pairs", "alliance_pairs")
FLOWS = (
    "homicides",
    "member_deaths",
    "recruits",
    "splits",
    "births",
    "breakaways",
    "succession_wars",
    "extinctions",
    "leaders_lost",
    "rivalries_ended",
)


def yearly(folder: Path) -> pd.DataFrame:
    """One row per complete calendar year: each column's median and 10-90% band."""
    reps = pd.read_parquet(folder / "replicates.parquet")
    meta = pd.read_json(folder / "metadata.json", typ="series")
    start = float(meta["start_year"])
    weeks = reps[reps["step"] > 0]
    calendar = np.floor(start + (weeks["step"].to_numpy() - 1) / 52 + 1e-9).astype(int)
    per_run = (
        weeks.assign(calendar=calendar)
        .groupby(["seed", "calendar"])
        .agg(
            weeks=("step", "size"),
            **{c: (c, "last") for c in LEVELS},
            **{c: (c, "sum") for c in FLOWS},
        )
        .reset_index()
    )
    per_run = per_run[per_run["weeks"] == 52]
    rows = []
    for year, runs in per_run.groupby("calendar"):
        row = {"year": int(year), "replicates": len(runs)}
        for column in (*LEVELS, *FLOWS):
            for stat, value in band(runs[column].to_numpy(float)).items():
                row[f"{column}_{stat}"] = value
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    """Write the table of the results folder given on the command line to standard output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the results folder of the status-quo run")
    args = parser.parse_args()
    yearly(args.folder).to_csv(sys.stdout, index=False, float_format="%.1f")


if __name__ == "__main__":
    main()
