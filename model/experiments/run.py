"""Run a scenario and write its results folder (tables, resolved scenario, metadata)."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import metrics
from model.model import CartelModel
from model.scenario import Scenario

PACKAGES = ("cartelsim", "mesa", "numpy", "pandas", "pyarrow", "matplotlib", "networkx")


@dataclass
class Results:
    """The tables of one run, plus the scenario and metadata that made them."""

    scenario: Scenario
    seed: int
    timeseries: pd.DataFrame
    states: pd.DataFrame
    events: pd.DataFrame
    cartels: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)


def simulate(
    scenario: Scenario,
    seed: int,
    steps: int | None = None,
    progress: Callable[[int], Any] | None = None,
) -> Results:
    """Run ``scenario`` with ``seed`` for ``steps`` weeks (its horizon by default)."""
    start = time.perf_counter()
    model = CartelModel(scenario, rng=seed)
    steps = scenario.steps if steps is None else steps
    model.run(steps, progress=progress)
    wall = time.perf_counter() - start
    return Results(
        scenario=scenario,
        seed=seed,
        timeseries=metrics.timeseries_frame(model),
        states=metrics.states_frame(model),
        events=metrics.events_frame(model),
        cartels=metrics.cartels_frame(model),
        metadata=run_metadata(scenario, seed, steps, wall),
    )


def replicate_timeseries(scenario: Scenario, seed: int, steps: int) -> pd.DataFrame:
    """Worker task: one replicate's weekly time series (top level so spawn can pickle it)."""
    return simulate(scenario, seed, steps).timeseries


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _relative(source: str) -> str:
    """A path relative to the working directory when it lies inside it."""
    try:
        return str(Path(source).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return source


def run_metadata(
    scenario: Scenario, seed: int | list[int], steps: int, wall: float
) -> dict[str, Any]:
    """What made a run: seed, steps, versions, git commit, wall time."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "scenario": scenario.name,
        "scenario_source": _relative(scenario.source),
        "seed": seed,
        "steps": steps,
        "weeks_per_step": 1,
        "start_year": scenario.params.world.start_year,
        "python": platform.python_version(),
        "packages": versions,
        "git_commit": _git_commit(),
        "wall_time_s": round(wall, 3),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def json_ready(value: Any) -> Any:
    """``value`` as ``json.dumps`` writes it strictly: NaN to None (null), numpy to Python.

    numpy floats, integers and booleans become Python numbers and booleans; dicts, lists
    and tuples are converted item by item (tuples become lists); anything else is kept.
    """
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def atomic_write(path: Path, write: Callable[[Path], Any]) -> None:
    """Write ``path`` through ``write(tmp)`` then rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are meant to be shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_results(
    results: Results, out: str | Path, csv: bool = False, figure: bool = True
) -> Path:
    """Write the results folder; each file is written atomically."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "timeseries": results.timeseries,
        "states": results.states,
        "events": results.events,
        "cartels": results.cartels,
    }
    for name, frame in tables.items():
        atomic_write(out / f"{name}.parquet", lambda p, f=frame: f.to_parquet(p, index=False))
        if csv:
            atomic_write(out / f"{name}.csv", lambda p, f=frame: f.to_csv(p, index=False))
    atomic_write(out / "scenario.toml", lambda p: p.write_text(results.scenario.to_toml()))
    atomic_write(
        out / "metadata.json", lambda p: p.write_text(json.dumps(results.metadata, indent=2))
    )
    if figure:
        from model.experiments.plotting import summary_figure

        fig = summary_figure(results)
        atomic_write(out / "summary.png", lambda p: fig.savefig(p, dpi=110, format="png"))
    return out
