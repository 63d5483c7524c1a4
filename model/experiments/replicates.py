"""One scenario over several seeds: the folder ``cartelsim run`` writes, with its history.

Replicate k uses seed ``seed + k``. The run tables (timeseries, states, events, cartels)
are the first seed's; ``history.csv`` has the median and 10-90% band over every
replicate by calendar year, and ``replicates.parquet`` every replicate's time series
(when there is more than one).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model.experiments.history import history, write_history
from model.experiments.numbers import fmt
from model.experiments.parallel import run_all
from model.experiments.run import (
    Results,
    atomic_write,
    replicate_timeseries,
    simulate,
    staged_folder,
    write_tables,
)
from model.scenario import Scenario
from model.units import WEEKS_PER_YEAR


@dataclass
class ReplicatedRun:
    """The first seed's results, every replicate's time series and their history."""

    results: Results
    frames: list[pd.DataFrame]  # time series of seed, seed + 1, ...
    history: pd.DataFrame  # calendar years: median and 10-90% band over the replicates

    @property
    def seeds(self) -> list[int]:
        """The seed of each replicate."""
        return [self.results.seed + k for k in range(len(self.frames))]


def run_replicates(
    scenario: Scenario,
    seed: int = 1,
    steps: int | None = None,
    replicates: int = 1,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    replicate_progress: Callable[[int], Any] | None = None,
) -> ReplicatedRun:
    """Run ``scenario`` with seeds ``seed`` .. ``seed + replicates - 1``.

    ``progress(1)`` after each week of the first run, ``replicate_progress(1)`` after
    each further replicate (they run on ``workers`` processes).
    """
    steps = scenario.steps if steps is None else steps
    results = simulate(scenario, seed, steps, progress=progress)
    tasks = [(scenario, seed + k, steps) for k in range(1, replicates)]
    frames = [
        results.timeseries,
        *run_all(replicate_timeseries, tasks, workers, replicate_progress),
    ]
    table = history(frames, scenario.params.world.start_year)
    return ReplicatedRun(results, frames, table)


def write_run(
    run: ReplicatedRun,
    out: str | Path,
    observed: pd.DataFrame | None = None,
    csv: bool = False,
    figure: bool = True,
    overwrite: bool = False,
) -> Path:
    """Write the run folder: the first seed's tables, history.csv/.png, replicates.parquet.

    Written whole or not at all (:func:`model.experiments.run.staged_folder`): an
    existing non-empty ``out`` is refused unless ``overwrite``, which replaces an earlier
    results folder whole (no stale ``replicates.parquet`` is left beside new results).
    """
    out = Path(out)
    with staged_folder(out, overwrite) as folder:
        write_tables(run.results, folder, csv, figure)
        if len(run.frames) > 1:
            every = pd.concat(
                [frame.assign(seed=s) for frame, s in zip(run.frames, run.seeds)],
                ignore_index=True,
            )
            atomic_write(folder / "replicates.parquet", lambda p: every.to_parquet(p, index=False))
        title = f"{run.results.scenario.name}: {len(run.frames)} replicate(s)"
        write_history(run.history, folder, observed, title)
    return out


def describe(run: ReplicatedRun) -> str:
    """A few plain lines on the run: the last year of the first seed, and the band."""
    ts = run.results.timeseries.iloc[1:]
    last_year = ts.tail(WEEKS_PER_YEAR)
    lines = [
        f"  last {WEEKS_PER_YEAR} weeks: {int(last_year['homicides'].sum()):,} homicides, "
        f"{int(ts['members'].iloc[-1]):,} members, "
        f"{last_year['recruits'].mean():.0f} recruits/week, "
        f"{int(ts['active_cartels'].iloc[-1])} active groups"
    ]
    summary = run.results.summary
    if summary:
        km = summary["median_career_years_km"]
        km_text = "not reached: over half still in" if math.isnan(km) else f"{km:.1f}"
        lines.append(
            f"  recruits: {summary['recruits']:,} joined; median career "
            f"{summary['median_career_years']:.1f} years among the "
            f"{summary['careers_ended']:,} who left (Kaplan-Meier, counting careers under "
            f"way: {km_text})"
        )
    if len(run.frames) > 1 and len(run.history):
        last = run.history.iloc[-1]
        lines.append(
            f"  {int(last['year'])} over {len(run.frames)} replicates: homicides "
            f"{fmt(last['homicides_median'], ',.0f')} [{fmt(last['homicides_p10'], ',.0f')}-"
            f"{fmt(last['homicides_p90'], ',.0f')}], active groups "
            f"{fmt(last['active_groups_median'], '.0f')}"
        )
    return "\n".join(lines)
