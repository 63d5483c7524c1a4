r"""The replay by calendar month beside SESNSP's monthly victims of intentional homicide.

    cartelsim run scenarios/mexico_2006.toml --replicates 20 \
        --observed scenarios/observed/mexico_2007_2024.csv --out runs/history
    python docs/history/monthly.py runs/history --out docs/history

Reads every replicate's weekly homicides (``replicates.parquet``; the run's start year
from its ``metadata.json``) and the yearly table ``history.csv`` of the run folder, and
writes to ``--out``:

- ``monthly.csv``: one row per complete calendar month of the run (weeks split between
  months by date, ``model.experiments.history.calendar_months``): the model's median and
  10-90% band across replicates, the record (empty before 2015), whether the record lies
  inside the band and ``log_error`` = ln(median / record); then, as comment lines, the
  fit over the months from ``--from`` (months inside the band, RMS and mean log error),
  before it and from 2022, the first half of 2025 against the first half of 2024, and
  the ratio of INEGI's yearly homicides to the record's over the years both cover whole,
  with the fit again on that scale;
- ``monthly.png``: homicides by year (model, INEGI, and SESNSP's whole years) and by
  month from 2015 (model and SESNSP).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from model.experiments.history import (
    MONTHLY_COLUMNS,
    MONTHLY_RECORD,
    band_comparison,
    band_fit,
    monthly_figure,
    monthly_history,
    read_observed,
    read_observed_monthly,
)
from model.experiments.run import atomic_write

ROOT = Path(__file__).resolve().parents[2]
OBSERVED = ROOT / "scenarios" / "observed"


def inegi_ratio(yearly: pd.DataFrame, monthly: pd.DataFrame) -> tuple[float, int, int] | None:
    """INEGI's homicides over the monthly record's, summed over the years both cover whole.

    Returns the ratio and the first and last of those years, or None if there are none.
    """
    years = monthly.assign(year=monthly["month"].str[:4].astype(int))
    whole = years.groupby("year")[MONTHLY_RECORD].agg(["sum", "size"])
    whole = whole[whole["size"] == 12]["sum"]
    both = yearly.dropna(subset=["homicides_median"]).set_index("year")["homicides_median"]
    common = sorted(set(both.index.astype(int)) & set(whole.index))
    if not common:
        return None
    return float(both.loc[common].sum() / whole.loc[common].sum()), common[0], common[-1]


def notes(table: pd.DataFrame, yearly: pd.DataFrame, record: pd.DataFrame, first: str) -> str:
    """The comment lines under the table.

    The fit over the months from ``first`` to the record's last, and over the same months
    before 2019 and from 2022 (the calibration fitted 2012-2021); January-June of the
    record's last two years, where whole, and the change from one to the other; INEGI's
    yearly homicides over the record's; and the fit from ``first`` again with the record
    multiplied by that ratio (the record on INEGI's scale).
    """
    seen = table.dropna(subset=["record"])["month"]
    if not len(seen):
        return ""
    last = seen.iloc[-1]

    def fit_line(both: pd.DataFrame, lo: str, hi: str, what: str = "") -> list[str]:
        fit = band_fit(both, lo, hi)
        if not fit["periods"]:
            return []
        return [
            f"months {lo} to {hi}{what}: {fit['inside_band']} of {fit['periods']} inside "
            f"the 10-90% band, RMS log error {fit['rms_log_error']:.3f}, "
            f"mean log error {fit['mean_log_error']:+.3f}"
        ]

    lines = fit_line(table, first, last)
    year, month = int(first[:4]), int(first[5:7])
    before = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    lines += fit_line(table, seen.iloc[0], before)  # every recorded month before `first`
    lines += fit_line(table, "2022-01", last)
    halves = []
    for year in sorted({m[:4] for m in seen})[-2:]:
        half = band_fit(table, f"{year}-01", f"{year}-06")
        if half["periods"] == 6:
            halves.append(half)
            lines.append(
                f"{year}-01 to {year}-06: model median {half['model_total']:,.0f}, "
                f"record {half['record_total']:,.0f}, {half['inside_band']} of 6 months "
                "inside the band"
            )
    if len(halves) == 2:
        before, after = halves
        lines.append(
            "January-June, change from the year before: record "
            f"{after['record_total'] / before['record_total'] - 1:+.1%}, model median "
            f"{after['model_total'] / before['model_total'] - 1:+.1%}"
        )
    ratio = inegi_ratio(yearly, record)
    if ratio is not None:
        lines.append(f"INEGI homicides / record, {ratio[1]}-{ratio[2]}: {ratio[0]:.3f}")
        scaled = record.assign(**{MONTHLY_RECORD: record[MONTHLY_RECORD] * ratio[0]})
        model = band_comparison(table[list(MONTHLY_COLUMNS)], scaled)
        lines += fit_line(model, first, last, f", record x {ratio[0]:.3f}")
        lines += fit_line(model, "2022-01", last, f", record x {ratio[0]:.3f}")
        lines += fit_line(model, f"{last[:4]}-01", last, f", record x {ratio[0]:.3f}")
    return "".join(f"# {line}\n" for line in lines)


def main() -> None:
    """Write monthly.csv and monthly.png for the replay folder given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the replay's results folder")
    parser.add_argument("--out", type=Path, required=True, help="where to write the two files")
    parser.add_argument(
        "--observed", type=Path, default=OBSERVED / "mexico_2007_2024.csv",
        help="the yearly record (default: INEGI 2007-2024)",
    )  # fmt: skip
    parser.add_argument(
        "--monthly", type=Path, default=OBSERVED / "mexico_monthly_victims.csv",
        help="the monthly record (default: SESNSP victims 2015-01 to 2025-06)",
    )  # fmt: skip
    parser.add_argument(
        "--from", dest="first", default="2019-01", help="first month of the fit (YYYY-MM)"
    )
    args = parser.parse_args()
    start = json.loads((args.folder / "metadata.json").read_text())["start_year"]
    reps = pd.read_parquet(args.folder / "replicates.parquet")
    frames = [frame for _, frame in reps.groupby("seed", sort=True)]
    yearly_model = pd.read_csv(args.folder / "history.csv")
    yearly, record = read_observed(args.observed), read_observed_monthly(args.monthly)
    table = band_comparison(monthly_history(frames, start), record)
    # one decimal for medians and percentiles of counts, four for the log error
    rounded = table.round({c: 1 for c in table.columns[1:4]} | {"log_error": 4})
    summary = notes(table, yearly, record, args.first)
    args.out.mkdir(parents=True, exist_ok=True)
    atomic_write(
        args.out / "monthly.csv", lambda p: p.write_text(rounded.to_csv(index=False) + summary)
    )
    fig = monthly_figure(
        yearly_model, table, yearly, record, first_month=record["month"].iloc[0],
        title=f"Historical replay by year and by month: {len(frames)} replicates",
    )  # fmt: skip
    atomic_write(args.out / "monthly.png", lambda p: fig.savefig(p, format="png"))
    sys.stdout.write(summary)


if __name__ == "__main__":
    main()
