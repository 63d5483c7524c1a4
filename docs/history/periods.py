r"""How groups were born, split, died and made peace in the replay, by period.

The committed tables come from (the replay's Parquet tables are not committed):

    cartelsim run scenarios/mexico_2006.toml --replicates 20 \
        --observed scenarios/observed/mexico_2007_2024.csv --out runs/history
    python docs/history/periods.py runs/history > docs/history/periods.csv
    python docs/history/periods.py runs/history --strike-periods > docs/history/strike_periods.csv

Every replicate's weekly counts (``replicates.parquet``) are summed over each period, then
the median and the 10th and 90th percentiles across replicates are taken
(``model.metrics.band``, as in ``history.csv``). Week s covers calendar time
[start + (s-1)/52, start + s/52), as in ``history.csv``. Active groups are read in the
period's last week. The event log (``events.parquet``) holds the first replicate only
(seed 1): truces and decided wars, which the weekly table counts together as
``rivalries_ended``, are split from it for that replicate, and so are the splits by
fission (logged "outgrew itself", ODD 7.10) from those after a leader fell.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from model.metrics import band

START = 2007.0  # scenarios/mexico_2006.toml: world.start_year
PERIODS = {
    "2007-2012": (2007.0, 2013.0),
    "2013-2018": (2013.0, 2019.0),
    "2019-2024": (2019.0, 2025.0),
}
# the record's periods of leader removals in docs/history.md (month boundaries)
STRIKE_PERIODS = {
    "Jan 2007 - Feb 2009": (2007.0, 2009.0 + 2 / 12),
    "Mar 2009 - Jan 2011": (2009.0 + 2 / 12, 2011.0 + 1 / 12),
    "Feb 2011 - Dec 2012": (2011.0 + 1 / 12, 2013.0),
    "2013 - 2018": (2013.0, 2019.0),
    "2019 - 2024": (2019.0, 2025.0),
}
FLOWS = (  # summed over the period
    "leaders_removed",
    "leaders_lost",
    "splits",
    "births",
    "breakaways",
    "succession_wars",
    "extinctions",
    "mergers",
    "rivalries_ended",
)
LEVELS = ("active_cartels",)  # read in the period's last week


def week_time(step: pd.Series) -> np.ndarray:
    """Calendar time at the start of week ``step`` (1-based), as history.csv reads it."""
    return START + (step.to_numpy() - 1) / 52 + 1e-9


def table(folder: Path, periods: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """One row per period: each count's median and 10-90% band, and the first run's log."""
    reps = pd.read_parquet(folder / "replicates.parquet")
    reps = reps[reps["step"] > 0].assign(t=lambda f: week_time(f["step"]))
    events = pd.read_parquet(folder / "events.parquet")
    events = events[events["step"] > 0].assign(t=lambda f: week_time(f["step"]))
    rows = []
    for name, (lo, hi) in periods.items():
        part = reps[(reps["t"] >= lo) & (reps["t"] < hi)]
        per_seed = part.groupby("seed").agg(
            weeks=("step", "size"),
            **{f: (f, "sum") for f in FLOWS},
            **{f: (f, "last") for f in LEVELS},
        )
        row = {"period": name, "replicates": len(per_seed), "weeks": int(per_seed["weeks"].iloc[0])}
        for column in (*FLOWS, *LEVELS):
            for stat, value in band(per_seed[column].to_numpy(float)).items():
                row[f"{column}_{stat}"] = value
        log = events[(events["t"] >= lo) & (events["t"] < hi)]
        row["truces_seed1"] = int((log["kind"] == "truce").sum())
        row["wars_decided_seed1"] = int((log["kind"] == "war_decided").sum())
        splits = log[log["kind"] == "split"]
        row["splits_seed1"] = len(splits)
        row["fission_splits_seed1"] = int(splits["details"].str.contains("outgrew itself").sum())
        row["contested_splits_seed1"] = int(splits["details"].str.contains("contested").sum())
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    """Write the table of the replay folder given on the command line to standard output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the replay's results folder")
    parser.add_argument(
        "--strike-periods", action="store_true", help="the record's periods of leader removals"
    )
    args = parser.parse_args()
    out = table(args.folder, STRIKE_PERIODS if args.strike_periods else PERIODS)
    out.to_csv(sys.stdout, index=False, float_format="%.1f")


if __name__ == "__main__":
    main()
