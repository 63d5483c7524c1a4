"""Paired replicates: two scenarios on common random numbers, summarized with bands.

Replicate k of both arms uses seed ``seed + k``, so the paired difference removes the
noise the two arms share. Used by the dashboard's Compare panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.parallel import run_all
from model.experiments.run import simulate
from model.metrics import band
from model.outcomes import COLUMNS, OUTCOMES
from model.scenario import Scenario
from model.units import WEEKS_PER_YEAR

METRICS = tuple(OUTCOMES)  # every outcome of the catalogue, one array per arm
# outcomes made of others, added after the runs: name -> the outcomes summed
DERIVED = {"alliances_and_mergers": ("alliances", "mergers")}  # cooperation, both kinds


def _timeseries(scenario: Scenario, seed: int, steps: int) -> pd.DataFrame:
    """Worker task: one run's weekly time series (top level so ``spawn`` can pickle it)."""
    frame = simulate(scenario, seed, steps, people=False).timeseries
    return frame[list(COLUMNS)]


@dataclass
class Comparison:
    """Weekly metrics of the arms, one array (replicates x weeks) per arm and metric.

    The metrics are every outcome of :mod:`model.outcomes` plus :data:`DERIVED`.
    """

    arms: dict[str, dict[str, np.ndarray]]
    years: np.ndarray  # calendar year at the end of each week
    seeds: list[int]

    def yearly(self, arm: str, metric: str = "homicides") -> np.ndarray:
        """Sums per full year (replicates x years) for flows like homicides."""
        weekly = self.arms[arm][metric][:, 1:]
        whole = weekly.shape[1] // WEEKS_PER_YEAR * WEEKS_PER_YEAR
        return weekly[:, :whole].reshape(weekly.shape[0], -1, WEEKS_PER_YEAR).sum(axis=2)

    def band(self, values: np.ndarray) -> dict[str, np.ndarray]:
        """Median and 10-90% band across replicates (axis 0)."""
        return band(values, axis=0)

    def averted(self, metric: str = "homicides") -> np.ndarray:
        """Reference minus settings, per replicate and year (positive: fewer with settings)."""
        return self.yearly("reference", metric) - self.yearly("settings", metric)


def run_arms(
    arms: dict[str, Scenario],
    replicates: int,
    steps: int,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    pool: Any = None,
) -> Comparison:
    """Run every named scenario ``replicates`` times on common seeds for ``steps`` weeks.

    Replicate k of every arm uses seed ``seed + k``. ``pool``: an open process pool to
    reuse (else one is started for ``workers > 1``).
    """
    seeds = list(range(seed, seed + replicates))
    jobs = [(name, s) for s in seeds for name in arms]
    tasks = [(arms[name], s, steps) for name, s in jobs]
    frames = dict(zip(jobs, run_all(_timeseries, tasks, workers, progress, pool)))
    out = {
        name: {m: np.stack([frames[name, s][m].to_numpy(float) for s in seeds]) for m in METRICS}
        for name in arms
    }
    for metrics in out.values():
        for derived, parts in DERIVED.items():
            metrics[derived] = sum(metrics[part] for part in parts)
    years = frames[jobs[0]]["year"].to_numpy()
    return Comparison(out, years, seeds)


def compare(
    settings: Scenario,
    reference: Scenario,
    replicates: int,
    steps: int,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    pool: Any = None,
) -> Comparison:
    """Run both scenarios ``replicates`` times on common seeds for ``steps`` weeks.

    The arms are named ``settings`` and ``reference``; see :func:`run_arms`.
    """
    arms = {"settings": settings, "reference": reference}
    return run_arms(arms, replicates, steps, seed, workers, progress, pool)
