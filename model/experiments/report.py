"""Reports on a sweep folder: bands per arm and paired differences from the reference.

For each arm, metric and horizon: the median and 10-90% band across replicates, and the
paired difference from the reference arm (replicate k minus replicate k of the
reference: common random numbers make that difference far less noisy than the gap
between two medians). Written as Markdown and CSV, with figures of the bands over time
and of the paired differences.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from model.experiments.numbers import fmt
from model.experiments.run import atomic_write
from model.metrics import band
from model.outcomes import HEADLINE, OUTCOMES
from model.scenario import ScenarioError
from model.units import WEEKS_PER_YEAR

METRICS = HEADLINE  # the outcomes reported; label and reading come from the catalogue


def load(out: str | Path) -> tuple[pd.DataFrame, str]:
    """The results of a sweep folder and its reference arm."""
    from model.experiments.sweep import Store

    out = Path(out)
    if not (out / "manifest.csv").exists():
        raise ScenarioError(f"{out}: not a sweep folder (no manifest.csv); run cartelsim sweep")
    import tomllib

    spec = tomllib.loads((out / "spec.toml").read_text(encoding="utf-8"))
    return Store(out).results(), spec["sweep"]["reference"]


def at_horizon(results: pd.DataFrame, metric: str, step: int) -> pd.DataFrame:
    """One value per (arm, replicate) at ``step``, read as the catalogue says.

    :meth:`model.outcomes.Outcome.at_horizon`: a flow summed over the 52 weeks to
    ``step``, a level read at ``step``. Columns ``arm``, ``replicate``, ``value``, sorted
    by arm and replicate; runs that stopped before ``step`` are left out.
    """
    weekly = results.pivot(index=["arm", "replicate"], columns="step", values=metric)
    weekly = weekly.reindex(columns=range(step + 1))  # column n is step n
    values = OUTCOMES[metric].at_horizon(weekly.to_numpy(), step)
    frame = pd.DataFrame({"value": values}, index=weekly.index).reset_index()
    return frame.dropna(subset=["value"])  # a run that stopped before the horizon has none


def summary(results: pd.DataFrame, reference: str, horizons: list[int]) -> pd.DataFrame:
    """The report table: one row per arm, metric and horizon (step)."""
    rows = []
    start = float(results.loc[results["step"] == 0, "year"].iloc[0])
    for step in horizons:
        for metric in METRICS:
            values = at_horizon(results, metric, step)
            ref = values[values["arm"] == reference].set_index("replicate")["value"]
            for arm, group in values.groupby("arm", sort=False):
                mine = group.set_index("replicate")["value"]
                paired = (mine - ref).dropna()
                level, diff = band(mine), band(paired)
                rows.append(
                    {
                        "arm": arm,
                        "metric": metric,
                        "horizon_step": step,
                        "horizon_year": start + step / WEEKS_PER_YEAR,
                        "replicates": int(mine.size),
                        **level,
                        "diff_median": diff["median"],
                        "diff_p10": diff["p10"],
                        "diff_p90": diff["p90"],
                    }
                )
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame, reference: str) -> str:
    """The table as Markdown, one section per horizon."""
    lines = [
        f"# Sweep report\n\nMedian [10-90% band] across replicates; difference: paired with "
        f"replicate k of `{reference}` (common random numbers).\n"
    ]
    for year, block in table.groupby("horizon_year", sort=True):
        lines += [
            f"\n## Horizon {year:.2f}\n",
            "| arm | metric | value | difference from reference |",
            "|---|---|---|---|",
        ]
        for row in block.itertuples():
            lines.append(
                f"| {row.arm} | {OUTCOMES[row.metric].horizon_label} | {fmt(row.median)} "
                f"[{fmt(row.p10)} to {fmt(row.p90)}] | {fmt(row.diff_median, '+,.1f')} "
                f"[{fmt(row.diff_p10, '+,.1f')} to {fmt(row.diff_p90, '+,.1f')}] |"
            )
    return "\n".join(lines) + "\n"


def _bands_over_time(results: pd.DataFrame, metric: str, rolling: int = 1) -> dict:
    out = {}
    for arm, group in results.groupby("arm", sort=False):
        wide = group.pivot(index="step", columns="replicate", values=metric).sort_index()
        if rolling > 1:
            wide = wide.rolling(rolling, min_periods=1).sum()
        years = group.drop_duplicates("step").set_index("step")["year"].reindex(wide.index)
        out[arm] = (years.to_numpy(), wide.to_numpy())
    return out


def figures(results: pd.DataFrame, reference: str, out: Path) -> list[Path]:
    """Bands over time for fragmentation and violence, and paired differences."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    written = []
    homicides = OUTCOMES["homicides"].label
    panels = (
        ("bands_fragmentation.png", "effective_cartels", 1, OUTCOMES["effective_cartels"].label),
        ("bands_violence.png", "homicides", WEEKS_PER_YEAR, f"{homicides} in the last 52 weeks"),
    )
    for name, metric, rolling, label in panels:
        fig = Figure(figsize=(8, 4.5), dpi=100)
        ax = fig.add_subplot()
        for arm, (years, values) in _bands_over_time(results, metric, rolling).items():
            lo, mid, hi = np.quantile(values, [0.1, 0.5, 0.9], axis=1)
            (line,) = ax.plot(years, mid, label=arm)
            ax.fill_between(years, lo, hi, color=line.get_color(), alpha=0.2)
        ax.set_ylabel(label)
        ax.set_title(f"{label}: median and 10-90% band across replicates")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = out / name
        atomic_write(path, lambda p, f=fig: f.savefig(p, format="png"))
        written.append(path)
    fig = Figure(figsize=(8, 4.5), dpi=100)
    ax = fig.add_subplot()
    bands = _bands_over_time(results, "homicides", WEEKS_PER_YEAR)
    years, ref = bands[reference]
    for arm, (_, values) in bands.items():
        if arm == reference:
            continue
        lo, mid, hi = np.quantile(values - ref, [0.1, 0.5, 0.9], axis=1)
        (line,) = ax.plot(years, mid, label=arm)
        ax.fill_between(years, lo, hi, color=line.get_color(), alpha=0.2)
    ax.axhline(0, color="black", lw=0.7)
    ax.set_ylabel(f"{homicides} in the last 52 weeks minus {reference}")
    ax.set_title("Paired differences (common random numbers): median and 10-90% band")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out / "differences.png"
    atomic_write(path, lambda p: fig.savefig(p, format="png"))
    written.append(path)
    return written


def write_report(out: str | Path, horizons_years: list[float] | None = None) -> pd.DataFrame:
    """Write report.md, report.csv and the figures into the sweep folder ``out``."""
    out = Path(out)
    results, reference = load(out)
    if results.empty:
        raise ScenarioError(f"{out}: no finished runs yet")
    last = int(results["step"].max())
    if horizons_years:
        horizons = sorted({min(last, round(y * WEEKS_PER_YEAR)) for y in horizons_years})
    else:
        horizons = sorted({min(last, max(WEEKS_PER_YEAR, last // 2)), last})
    table = summary(results, reference, horizons)
    atomic_write(out / "report.csv", lambda p: table.to_csv(p, index=False))
    atomic_write(out / "report.md", lambda p: p.write_text(markdown(table, reference)))
    figures(results, reference, out)
    metrics = {
        m: {"label": OUTCOMES[m].horizon_label, "read": OUTCOMES[m].reading} for m in METRICS
    }
    meta = {"reference": reference, "horizon_steps": horizons, "metrics": metrics}
    atomic_write(out / "report.json", lambda p: p.write_text(json.dumps(meta, indent=2) + "\n"))
    return table
