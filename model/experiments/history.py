"""Calendar years across replicates: ``history.csv``, its figure, and an observed overlay.

A run's week ``s`` (1-based) covers ``[start + (s-1)/52, start + s/52)`` in calendar
time; a calendar year is reported when the run covers all 52 of its weeks. Homicides are
summed over the year; active groups and groups ever formed (cumulative) are read in the
year's last week. Across replicates: the median and the 10th and 90th percentiles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.experiments.run import atomic_write
from model.metrics import band
from model.outcomes import OUTCOMES
from model.scenario import ScenarioError
from model.units import WEEKS_PER_YEAR

# history name -> outcome of model/outcomes.py; a calendar year reads each as its
# ``reduce`` says: a flow summed over the year's weeks, a level in the year's last week
SERIES = {
    "homicides": "homicides",
    "active_groups": "active_cartels",
    "cumulative_groups": "cumulative_cartels",
}
MEDIAN_ONLY = ("cumulative_groups",)  # drawn as one line: no band
OBSERVABLE = tuple(SERIES)  # the names an observed CSV may use for their _median column
COLUMNS = (
    "year",
    *(
        f"{name}_{stat}"
        for name in SERIES
        for stat in (("median",) if name in MEDIAN_ONLY else ("median", "p10", "p90"))
    ),
)
_YEARLY = {"year": "sum", "last": "last"}  # Outcome.reduce -> its pandas aggregation


def calendar_years(timeseries: pd.DataFrame, start_year: float) -> pd.DataFrame:
    """One run's complete calendar years, with its homicides and groups.

    Columns: ``year``, then one per :data:`SERIES` (``homicides``, ``active_groups``,
    ``cumulative_groups``), each read over the year as its outcome's ``reduce`` says.
    """
    weeks = timeseries[timeseries["step"] > 0]
    # calendar year of each week's start; the small offset absorbs float error at Jan 1
    year = np.floor(start_year + (weeks["step"].to_numpy() - 1) / WEEKS_PER_YEAR + 1e-9)
    frame = weeks.assign(calendar=year.astype(int))
    yearly = frame.groupby("calendar").agg(
        weeks=("step", "size"),
        **{name: (outcome, _YEARLY[OUTCOMES[outcome].reduce]) for name, outcome in SERIES.items()},
    )
    yearly = yearly[yearly["weeks"] == WEEKS_PER_YEAR].drop(columns="weeks")
    return yearly.rename_axis("year").reset_index()


def history(frames: list[pd.DataFrame], start_year: float) -> pd.DataFrame:
    """Median and 10-90% band by calendar year over replicate time series."""
    years = [calendar_years(frame, start_year) for frame in frames]
    out = {"year": years[0]["year"].to_numpy()}
    for name in SERIES:
        spread = band(np.stack([y[name].to_numpy(float) for y in years]), axis=0)
        out.update({f"{name}_{k}": v for k, v in spread.items()})
    return pd.DataFrame(out)[list(COLUMNS)]


def read_observed(path: str | Path) -> pd.DataFrame:
    """An observed series: ``year`` plus any of the history's columns.

    ``homicides``, ``active_groups`` and ``cumulative_groups`` are accepted for their
    ``_median`` names. Empty cells are missing values.

    Raises:
        ScenarioError: one line naming the file, the problem and what is allowed.
    """
    path = Path(path)
    allowed = "a CSV with 'year' and any of " + ", ".join(COLUMNS[1:])
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such observed file") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ScenarioError(f"{path}: cannot read it as CSV ({err}); allowed: {allowed}") from None
    frame = frame.rename(columns={name: f"{name}_median" for name in OBSERVABLE})
    if "year" not in frame.columns:
        raise ScenarioError(f"{path}: no 'year' column; allowed: {allowed}")
    unknown = [c for c in frame.columns if c not in COLUMNS]
    if unknown:
        raise ScenarioError(f"{path}: unknown column '{unknown[0]}'; allowed: {allowed}")
    for column in frame.columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() & frame[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # header is line 1
            raise ScenarioError(
                f"{path}: line {row}, column '{column}': got {frame[column].iloc[row - 2]!r}; "
                "allowed: a number or an empty cell"
            )
        frame[column] = values
    if frame["year"].isna().any():
        raise ScenarioError(f"{path}: a row has no year; allowed: {allowed}")
    return frame


def history_figure(table: pd.DataFrame, observed: pd.DataFrame | None = None, title: str = ""):
    """Homicides a year and active groups, median with 10-90% bands, observed as dots."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(10, 3.8), dpi=110)
    left, right = fig.subplots(1, 2)
    year = table["year"]
    # a band only where replicates differ (one replicate: the median is the run itself)
    banded = bool((table["homicides_p90"] > table["homicides_p10"]).any())
    model = "model median" if banded else "model"
    if banded:
        left.fill_between(year, table["homicides_p10"], table["homicides_p90"],
                          color="#d62728", alpha=0.25, label="model 10-90%")  # fmt: skip
        right.fill_between(year, table["active_groups_p10"], table["active_groups_p90"],
                           color="#1f77b4", alpha=0.25, label="active, 10-90%")  # fmt: skip
    left.plot(year, table["homicides_median"], color="#d62728", label=model)
    left.set_ylabel("homicides a year")
    right.plot(year, table["active_groups_median"], color="#1f77b4",
               label="active, median" if banded else "active")  # fmt: skip
    right.plot(year, table["cumulative_groups_median"], color="#1f77b4", ls="--",
               label="ever formed, median" if banded else "ever formed")  # fmt: skip
    right.set_ylabel("groups")
    if observed is not None:
        for ax, column in ((left, "homicides_median"), (right, "active_groups_median")):
            if column in observed:
                seen = observed.dropna(subset=[column])
                # a lone observation says which year it is (e.g. the 2020 network's count)
                label = f"observed ({int(seen['year'].iloc[0])})" if len(seen) == 1 else "observed"
                ax.plot(seen["year"], seen[column], "ko", ms=4, label=label)
    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("year")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8, loc="best")
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=11)
    # fixed margins: tight_layout would draw the whole figure once more just to measure it
    fig.subplots_adjust(
        left=0.08, right=0.98, bottom=0.13, top=0.88 if title else 0.95, wspace=0.22
    )
    return fig


def write_history(
    table: pd.DataFrame, out: str | Path, observed: pd.DataFrame | None = None, title: str = ""
) -> None:
    """``history.csv`` and ``history.png`` in ``out``."""
    out = Path(out)
    # one decimal: medians and percentiles of counts (no 21121.600000000002)
    atomic_write(out / "history.csv", lambda p: table.round(1).to_csv(p, index=False))
    fig = history_figure(table, observed, title)
    atomic_write(out / "history.png", lambda p: fig.savefig(p, format="png"))
