"""Run a scenario and write its results folder (tables, resolved scenario, metadata).

A results folder is written whole or not at all: into a hidden temporary sibling
(``.NAME.incomplete-XXXX``), renamed into place once complete (:func:`staged_folder`).
An existing results folder is refused unless ``overwrite`` is given; it is then replaced
whole, never merged. :func:`check_out` checks an output folder before any computation.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import metrics
from model.model import CartelModel
from model.people import careers
from model.scenario import Scenario, ScenarioError

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
    recruits: pd.DataFrame | None = None  # one row per person who ever joined
    cohorts: pd.DataFrame | None = None  # each joining cohort's statuses, yearly
    summary: dict[str, Any] = field(default_factory=dict)  # outcomes.SUMMARY


def simulate(
    scenario: Scenario,
    seed: int,
    steps: int | None = None,
    progress: Callable[[int], Any] | None = None,
    people: bool = True,
) -> Results:
    """Run ``scenario`` with ``seed`` for ``steps`` weeks (its horizon by default).

    ``people``: keep the person layer and return its tables (``recruits``, ``cohorts``,
    ``summary``); the other tables are the same either way.
    """
    start = time.perf_counter()
    model = CartelModel(scenario, rng=seed, people=people)
    steps = scenario.steps if steps is None else steps
    model.run(steps, progress=progress)
    wall = time.perf_counter() - start
    recruits = cohorts = None
    summary: dict[str, Any] = {}
    if model.people is not None:
        recruits = model.people.frame(model)
        cohorts = model.people.cohort_frame(model)
        summary = careers(recruits, int(model.time))
    return Results(
        scenario=scenario,
        seed=seed,
        timeseries=metrics.timeseries_frame(model),
        states=metrics.states_frame(model),
        events=metrics.events_frame(model),
        cartels=metrics.cartels_frame(model),
        metadata=run_metadata(scenario, seed, steps, wall),
        recruits=recruits,
        cohorts=cohorts,
        summary=summary,
    )


def replicate_timeseries(scenario: Scenario, seed: int, steps: int) -> pd.DataFrame:
    """Worker task: one replicate's weekly time series (top level so spawn can pickle it)."""
    return simulate(scenario, seed, steps, people=False).timeseries


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


def check_out(out: str | Path, fresh: bool = False, overwrite: bool = False) -> Path:
    """Check an output folder before any computation; return it. Leaves nothing behind.

    It must be a folder or absent, and writable (or creatable: its nearest existing
    parent a writable folder). With ``fresh`` (a results folder written whole, such as
    ``cartelsim run``'s) an existing folder that is not empty is refused, unless
    ``overwrite`` is given and it is a cartelsim folder (it has ``metadata.json``): a
    folder of other files is never replaced. Raises ScenarioError in one line.
    """
    out = Path(out)
    allowed = "allowed: a new folder, or an existing one you can write to"
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"{out}: is a file, not a folder; {allowed}")
    absolute = Path(os.path.abspath(out))
    if absolute.parent == absolute:
        raise ScenarioError(f"{out}: the root folder; allowed: a folder inside it")
    # a folder written whole is made beside ``out`` and renamed: its parent must be writable
    parent = absolute.parent if fresh else absolute
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise ScenarioError(f"{out}: cannot be made, {parent} is a file; {allowed}")
    try:  # os.access is not enough: root passes it on a read-only file system
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".cartelsim-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise ScenarioError(f"{out}: cannot write in {parent} ({reason}); {allowed}") from None
    if fresh and out.is_dir() and any(out.iterdir()):
        if not overwrite:
            raise ScenarioError(
                f"{out}: already exists and is not empty; allowed: a new folder, or "
                "--overwrite to replace it whole"
            )
        if not (out / "metadata.json").is_file():
            raise ScenarioError(
                f"{out}: is not a cartelsim results folder (no metadata.json), so "
                "--overwrite will not replace it; allowed: a new or empty folder"
            )
    return out


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM for a few renames; they act right after."""
    held = {signal.SIGINT, signal.SIGTERM}
    can = hasattr(signal, "pthread_sigmask")  # not on Windows
    if can:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if can:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@contextmanager
def staged_folder(out: str | Path, overwrite: bool = False) -> Iterator[Path]:
    """A temporary sibling folder to write into; renamed to ``out`` when the block ends.

    The folder appears whole or not at all: if the block fails or is interrupted the
    temporary folder is removed, and ``out`` is untouched. It is checked with
    :func:`check_out` (``fresh``); with ``overwrite`` an earlier results folder is
    replaced whole (moved aside, the new one renamed in, the old one deleted). A crash
    can leave only hidden siblings named ``.NAME.incomplete-*`` or ``.NAME.old-*``.
    """
    out = Path(out)
    check_out(out, fresh=True, overwrite=overwrite)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.incomplete-"))
    except OSError as err:
        raise ScenarioError(f"{out}: cannot write beside it ({err.strerror})") from None
    try:
        yield tmp
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; results are meant to be shared
        with _signals_held():
            _swap_in(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _swap_in(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``, replacing an empty folder or (checked) an old results folder."""
    try:
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        if not out.exists():
            os.rename(tmp, out)
            return
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        os.rename(out, old / out.name)
        try:
            os.rename(tmp, out)
        except BaseException:
            os.rename(old / out.name, out)  # put the old folder back
            raise
        shutil.rmtree(old, ignore_errors=True)
    except OSError as err:  # e.g. another process wrote the same folder meanwhile
        raise ScenarioError(f"{out}: could not be put in place ({err.strerror})") from None


def write_tables(results: Results, out: Path, csv: bool, figure: bool) -> None:
    """The run's tables, scenario, metadata and figure, into the folder ``out``."""
    tables = {
        "timeseries": results.timeseries,
        "states": results.states,
        "events": results.events,
        "cartels": results.cartels,
    }
    if results.recruits is not None:
        tables["recruits"] = results.recruits
    for name, frame in tables.items():
        atomic_write(out / f"{name}.parquet", lambda p, f=frame: f.to_parquet(p, index=False))
        if csv:
            atomic_write(out / f"{name}.csv", lambda p, f=frame: f.to_csv(p, index=False))
    atomic_write(out / "scenario.toml", lambda p: p.write_text(results.scenario.to_toml()))
    atomic_write(
        out / "metadata.json", lambda p: p.write_text(json.dumps(results.metadata, indent=2))
    )
    if results.summary:
        text = json.dumps(json_ready(results.summary), indent=2)
        atomic_write(out / "summary.json", lambda p: p.write_text(text))
    if figure:
        from model.experiments.plotting import cohort_figure, summary_figure

        fig = summary_figure(results)
        atomic_write(out / "summary.png", lambda p: fig.savefig(p, dpi=110, format="png"))
        if results.cohorts is not None and len(results.cohorts):
            fig = cohort_figure(results.cohorts)
            atomic_write(out / "cohorts.png", lambda p: fig.savefig(p, dpi=110, format="png"))


def write_results(
    results: Results,
    out: str | Path,
    csv: bool = False,
    figure: bool = True,
    overwrite: bool = False,
) -> Path:
    """Write the results folder whole (:func:`staged_folder`): all of it or nothing.

    An existing non-empty ``out`` is refused (ScenarioError) unless ``overwrite``, which
    replaces an earlier results folder whole.
    """
    out = Path(out)
    with staged_folder(out, overwrite) as folder:
        write_tables(results, folder, csv, figure)
    return out
