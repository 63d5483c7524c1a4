"""Calendar years and months across replicates, their figures, and observed overlays.

A run's week ``s`` (1-based) covers ``[start + (s-1)/52, start + s/52)`` in calendar
time; a calendar year is reported when the run covers all 52 of its weeks. Homicides are
summed over the year; active groups and groups ever formed (cumulative) are read in the
year's last week. Across replicates: the median and the 10th and 90th percentiles.

Calendar months (:func:`calendar_months`) place the same fractional years on the real
calendar: fractional years ``[y, y + 1)`` are 1 January to 31 December of year ``y``,
and a month covers its share of the year's days (January 31/365, February 28/365 or
29/366, ...).
A week that straddles the first of a month is split between the two months in
proportion to its time in each; a month is reported when the run covers the whole of it.
A year's months sum to the year's homicides of :func:`calendar_years` when the start
year is on the weekly grid (a whole number of 52nds of a year, as every shipped scenario):
``calendar_years`` files a week under the year it starts in, ``calendar_months`` splits it.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path
from typing import Any

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


def _read_csv(path: Path, allowed: str, **options: Any) -> pd.DataFrame:
    """An observed CSV file, or ScenarioError in one line (missing, unreadable, not CSV)."""
    try:
        return pd.read_csv(path, **options)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such observed file") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ScenarioError(f"{path}: cannot read it as CSV ({err}); allowed: {allowed}") from None


def read_observed(path: str | Path) -> pd.DataFrame:
    """An observed series: ``year`` plus any of the history's columns.

    ``homicides``, ``active_groups`` and ``cumulative_groups`` are accepted for their
    ``_median`` names. Empty cells are missing values.

    Raises:
        ScenarioError: one line naming the file, the problem and what is allowed.
    """
    path = Path(path)
    allowed = "a CSV with 'year' and any of " + ", ".join(COLUMNS[1:])
    frame = _read_csv(path, allowed)
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


MONTHLY_COLUMNS = ("month", "homicides_median", "homicides_p10", "homicides_p90")
MONTHLY_RECORD = "homicide_victims"  # the observed monthly column compared with homicides
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_edges(first_year: int, last_year: int) -> tuple[list[str], np.ndarray]:
    """Every month of ``first_year`` .. ``last_year`` and its edges in fractional years.

    Returns the labels (``YYYY-MM``) and an array one longer: month ``k`` covers
    ``[edges[k], edges[k + 1])``, its days' share of its year after the year's start.
    """
    labels, edges = [], []
    for year in range(first_year, last_year + 1):
        days = 366 if calendar.isleap(year) else 365
        before = 0
        for month in range(1, 13):
            labels.append(f"{year:04d}-{month:02d}")
            edges.append(year + before / days)
            before += calendar.monthrange(year, month)[1]
    edges.append(last_year + 1.0)
    return labels, np.asarray(edges)


def calendar_months(timeseries: pd.DataFrame, start_year: float) -> pd.DataFrame:
    """One run's homicides by complete calendar month: columns ``month`` and ``homicides``.

    Each week's homicides are shared between the months it overlaps in proportion to
    the time it spends in each (see the module docstring); months only partly covered
    by the run are left out.
    """
    weeks = timeseries[timeseries["step"] > 0]
    begin = start_year + (weeks["step"].to_numpy(float) - 1) / WEEKS_PER_YEAR
    end = begin + 1 / WEEKS_PER_YEAR
    if len(weeks) == 0:
        return pd.DataFrame({"month": [], "homicides": []})
    labels, edges = month_edges(int(np.floor(begin.min())), int(np.floor(end.max())))
    # time each week spends in each month (weeks x months), as a share of the week
    overlap = np.clip(
        np.minimum(end[:, None], edges[None, 1:]) - np.maximum(begin[:, None], edges[None, :-1]),
        0.0,
        None,
    )
    share = overlap * WEEKS_PER_YEAR
    homicides = weeks["homicides"].to_numpy(float) @ share
    eps = 1e-9  # float error at the first and last edges
    whole = (edges[:-1] >= begin.min() - eps) & (edges[1:] <= end.max() + eps)
    return pd.DataFrame({"month": np.asarray(labels)[whole], "homicides": homicides[whole]})


def monthly_history(frames: list[pd.DataFrame], start_year: float) -> pd.DataFrame:
    """Median and 10-90% band of homicides by calendar month over replicate time series.

    Columns: :data:`MONTHLY_COLUMNS`.
    """
    months = [calendar_months(frame, start_year) for frame in frames]
    spread = band(np.stack([m["homicides"].to_numpy(float) for m in months]), axis=0)
    out = {"month": months[0]["month"].to_numpy()}
    out.update({f"homicides_{k}": v for k, v in spread.items()})
    return pd.DataFrame(out)[list(MONTHLY_COLUMNS)]


def read_observed_monthly(path: str | Path) -> pd.DataFrame:
    """An observed monthly series: ``month`` (YYYY-MM) and numeric columns.

    Lines starting with ``#`` are comments (the source). Months must be unique and in
    order; :data:`MONTHLY_RECORD` must be one of the columns.

    Raises:
        ScenarioError: one line naming the file, the problem and what is allowed.
    """
    path = Path(path)
    allowed = f"a CSV with 'month' (YYYY-MM) and '{MONTHLY_RECORD}'"
    frame = _read_csv(path, allowed, comment="#", dtype={"month": str})
    for column in ("month", MONTHLY_RECORD):
        if column not in frame.columns:
            raise ScenarioError(f"{path}: no '{column}' column; allowed: {allowed}")
    bad = ~frame["month"].fillna("").str.match(_MONTH)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ScenarioError(
            f"{path}: data row {row + 1}: month {frame['month'].iloc[row]!r}; allowed: YYYY-MM"
        )
    if not frame["month"].is_monotonic_increasing or frame["month"].duplicated().any():
        raise ScenarioError(f"{path}: months repeat or are out of order; allowed: {allowed}")
    for column in frame.columns.drop("month"):
        values = pd.to_numeric(frame[column], errors="coerce")
        if (values.isna() & frame[column].notna()).any():
            raise ScenarioError(f"{path}: column '{column}' has a value that is not a number")
        frame[column] = values
    return frame


def band_comparison(
    model: pd.DataFrame, observed: pd.DataFrame, column: str = MONTHLY_RECORD, on: str = "month"
) -> pd.DataFrame:
    """The model's periods beside the record: ``record``, ``inside_band``, ``log_error``.

    ``model`` is a :func:`monthly_history` (``on="month"``) or :func:`history` table
    (``on="year"``), ``observed`` holds ``on`` and the record's ``column``. Every period of
    ``model`` is kept; where the record has no value, ``record``, ``inside_band`` and
    ``log_error`` are empty. ``log_error`` is ``ln(median / record)``.
    """
    record = observed[[on, column]].rename(columns={column: "record"})
    both = model.merge(record, on=on, how="left")
    seen = both["record"].notna()
    inside = (both["record"] >= both["homicides_p10"]) & (both["record"] <= both["homicides_p90"])
    both["inside_band"] = pd.array(np.where(seen, inside, pd.NA), dtype="boolean")
    with np.errstate(divide="ignore", invalid="ignore"):
        both["log_error"] = np.log(both["homicides_median"] / both["record"])
    return both


def band_fit(
    comparison: pd.DataFrame, first: Any, last: Any | None = None, on: str = "month"
) -> dict[str, float]:
    """How the periods ``first`` .. ``last`` (inclusive) compare with the record.

    Periods are months (YYYY-MM) or years, as ``on`` of :func:`band_comparison`. Over
    the periods that have a record: ``periods``, ``inside_band`` (how many),
    ``rms_log_error`` (root mean square of ``log_error``), ``mean_log_error`` (its mean:
    above zero, the model is high) and ``model_total`` / ``record_total`` (sums of the
    median and of the record).
    """
    part = comparison[(comparison[on] >= first) & comparison["record"].notna()]
    if last is not None:
        part = part[part[on] <= last]
    errors = part["log_error"].to_numpy(float)
    return {
        "periods": len(part),
        "inside_band": int(part["inside_band"].sum()),
        "rms_log_error": float(np.sqrt(np.mean(errors**2))) if len(part) else np.nan,
        "mean_log_error": float(np.mean(errors)) if len(part) else np.nan,
        "model_total": float(part["homicides_median"].sum()),
        "record_total": float(part["record"].sum()),
    }


def _month_middle(months: pd.Series) -> np.ndarray:
    """Each YYYY-MM's middle as a fractional year (for plotting)."""
    year = months.str[:4].astype(int).to_numpy()
    month = months.str[5:7].astype(int).to_numpy()
    return year + (month - 0.5) / 12


def monthly_figure(
    yearly: pd.DataFrame,
    monthly: pd.DataFrame,
    observed_yearly: pd.DataFrame | None = None,
    observed_monthly: pd.DataFrame | None = None,
    first_month: str | None = None,
    title: str = "",
):
    """Homicides by year (left) and by month (right), model band and both records.

    ``yearly`` is a :func:`history` table and ``observed_yearly`` a :func:`read_observed`
    frame; ``monthly`` a :func:`monthly_history` (or :func:`band_comparison`) table
    and ``observed_monthly`` a :func:`read_observed_monthly` frame, whose complete years
    are also summed onto the left panel. The right panel starts at ``first_month``
    (YYYY-MM; default: the model's first month).
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(11, 4.0), dpi=110)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.5]})
    if len(yearly):  # a run shorter than a year has no whole year
        left.fill_between(yearly["year"], yearly["homicides_p10"], yearly["homicides_p90"],
                          color="#d62728", alpha=0.25, label="model 10-90%")  # fmt: skip
        left.plot(yearly["year"], yearly["homicides_median"], color="#d62728",
                  label="model median")  # fmt: skip
    if observed_yearly is not None and "homicides_median" in observed_yearly:
        seen = observed_yearly.dropna(subset=["homicides_median"])
        left.plot(seen["year"], seen["homicides_median"], "ko", ms=4,
                  label="INEGI deaths registered")  # fmt: skip
    first_month = first_month or monthly["month"].min()
    shown = monthly[monthly["month"] >= first_month]
    x = _month_middle(shown["month"])
    right.fill_between(x, shown["homicides_p10"], shown["homicides_p90"], color="#d62728",
                       alpha=0.25, label="model 10-90%")  # fmt: skip
    right.plot(x, shown["homicides_median"], color="#d62728", lw=1, label="model median")
    if observed_monthly is not None:
        seen = observed_monthly[observed_monthly["month"] >= first_month]
        right.plot(_month_middle(seen["month"]), seen[MONTHLY_RECORD], "k-", lw=1.2,
                   label="SESNSP victims (homicidio doloso)")  # fmt: skip
        years = observed_monthly.assign(year=observed_monthly["month"].str[:4].astype(int))
        totals = years.groupby("year")[MONTHLY_RECORD].agg(["sum", "size"])
        totals = totals[totals["size"] == 12]
        left.plot(totals.index, totals["sum"], "ks", ms=4, mfc="white",
                  label="SESNSP victims, whole years")  # fmt: skip
    left.set_ylabel("homicides a year")
    left.set_xlabel("year")
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_ylabel("homicides a month")
    right.set_xlabel("year (one value a month)")
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in (left, right):
        tops = [np.nanmax(line.get_ydata(), initial=0.0) for line in ax.get_lines()]
        tops += [np.nanmax(c.get_paths()[0].vertices[:, 1], initial=0.0) for c in ax.collections]
        if max(tops, default=0.0) > 0:
            ax.set_ylim(0, 1.35 * max(tops))  # room above the data for the legend
            ax.legend(fontsize=8, loc="upper left", ncol=2)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.88 if title else 0.95, wspace=0.2)
    return fig
