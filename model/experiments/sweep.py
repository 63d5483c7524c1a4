"""Sweeps: scenarios x parameter grids x replicates, resumable, on processes or Dask.

A sweep spec is a TOML file::

    [sweep]
    name = "levers"
    replicates = 30          # replicate k of every arm uses seed + k (common random numbers)
    seed = 0
    steps = 520              # weeks (default: each scenario's horizon)
    reference = "baseline"   # the arm paired differences are taken against (report)

    [[arms]]                 # one per scenario file (paths relative to the spec)
    scenario = "../scenarios/baseline.toml"

    [[arms]]
    scenario = "../scenarios/kingpin_campaign.toml"

    [grid]                   # optional: every combination is applied to every arm
    "levers.vetting" = [0.0, 1.0]

Results stream to ``DIR/runs/part-NNNNN.parquet`` (zstd) in chunks of whole runs, each
written atomically: ``arm``, ``replicate``, ``seed``, then every column of the weekly time
series (:data:`model.outcomes.COLUMNS`). ``DIR/manifest.csv`` lists the runs done.
Rerunning skips them, so an interrupted sweep loses no finished run. ``DIR`` also holds the resolved
``spec.toml``, the seeds and ``metadata.json`` (versions, git commit).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w

from model.experiments.parallel import one_blas_thread, process_pool
from model.experiments.run import atomic_write, run_metadata, simulate
from model.outcomes import COLUMNS
from model.params import SECTIONS
from model.scenario import (
    Scenario,
    ScenarioError,
    check_header,
    load_scenario,
    read_toml,
    with_overrides,
)

SWEEP_KEYS = {"name": str, "replicates": int, "seed": int, "steps": int, "reference": str}
CHUNK_RUNS = 16  # runs per Parquet file: not one tiny file per run, not one giant file


@dataclass
class Arm:
    """One scenario with one combination of grid values."""

    name: str
    scenario: Scenario


@dataclass
class SweepSpec:
    """A validated sweep: arms, replicates, seeds, horizon, reference arm."""

    name: str
    arms: list[Arm]
    replicates: int
    seed: int = 0
    steps: int | None = None
    reference: str | None = None
    source: str = "<spec>"
    raw: dict[str, Any] = field(default_factory=dict)

    def seeds(self) -> list[int]:
        """Seed of each replicate (the same for every arm: common random numbers)."""
        return [self.seed + k for k in range(self.replicates)]

    def runs(self) -> list[tuple[str, int]]:
        """Every (arm, replicate) pair, in a fixed order."""
        return [(arm.name, k) for arm in self.arms for k in range(self.replicates)]


def _fail(where: str, key: str, message: str) -> ScenarioError:
    return ScenarioError(f"{where}: key '{key}': {message}")


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec; raise ScenarioError with one line on any problem."""
    path = Path(path)
    where = str(path)
    data = read_toml(path, "sweep spec")
    unknown = set(data) - {"sweep", "arms", "grid"}
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key '{sorted(unknown)[0]}'; allowed: sweep, arms, grid"
        )
    head = check_header(where, "sweep", data.get("sweep", {}), SWEEP_KEYS)
    replicates = head.get("replicates", 10)
    if replicates < 1:
        raise _fail(where, "sweep.replicates", f"got {replicates}; allowed: 1 or more")
    if head.get("steps", 1) < 1:
        raise _fail(where, "sweep.steps", f"got {head['steps']}; allowed: 1 or more")
    arms_data = data.get("arms")
    if not isinstance(arms_data, list) or not arms_data:
        raise _fail(where, "arms", "give at least one [[arms]] table with a 'scenario' path")
    scenarios = []
    for n, entry in enumerate(arms_data, start=1):
        if not isinstance(entry, dict) or set(entry) != {"scenario"}:
            raise _fail(where, f"arms[{n}]", "allowed: exactly one key, scenario = 'path'")
        scenarios.append(load_scenario(path.parent / entry["scenario"]))
    grid = data.get("grid", {})
    if not isinstance(grid, dict):
        raise _fail(where, "grid", "must be a [grid] table of 'section.key' = [values]")
    for key, values in grid.items():
        section, _, name = key.partition(".")
        if section not in SECTIONS or not name:
            raise ScenarioError(
                f"{where}: unknown key 'grid.{key}'; allowed: 'section.key' with a section "
                f"among {', '.join(SECTIONS)}"
            )
        if not isinstance(values, list) or not values:
            raise _fail(where, f"grid.{key}", "must be a non-empty list of values")
    arms = []
    for scenario in scenarios:
        for combo in itertools.product(*grid.values()) if grid else [()]:
            changes: dict[str, dict[str, Any]] = {}
            for key, value in zip(grid, combo):
                section, _, name = key.partition(".")
                changes.setdefault(section, {})[name] = value
            try:
                resolved = with_overrides(scenario, **changes) if changes else scenario
            except ScenarioError as err:
                raise ScenarioError(f"{where}: key 'grid': {err}") from None
            label = ",".join(f"{k}={v}" for k, v in zip(grid, combo))
            arms.append(Arm(f"{scenario.name}|{label}" if label else scenario.name, resolved))
    names = [a.name for a in arms]
    if len(set(names)) != len(names):
        raise _fail(where, "arms", "two arms have the same scenario name")
    reference = head.get("reference", names[0])
    if reference not in names:  # a scenario name: its arm with the first grid values
        reference = next((n for n in names if n.split("|")[0] == reference), reference)
    if reference not in names:
        raise _fail(where, "sweep.reference", f"got {reference!r}; allowed: {', '.join(names)}")
    return SweepSpec(
        name=head.get("name", path.stem),
        arms=arms,
        replicates=replicates,
        seed=head.get("seed", 0),
        steps=head.get("steps"),
        reference=reference,
        source=where,
        raw=data,
    )


def run_one(scenario: Scenario, seed: int, steps: int | None) -> pd.DataFrame:
    """One run's weekly time series, every column of :data:`model.outcomes.COLUMNS`.

    The worker task (top level so it pickles).
    """
    frame = simulate(scenario, seed, steps).timeseries
    return frame[list(COLUMNS)]


class Store:
    """The results folder: chunked Parquet parts, a manifest of runs done, the spec."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.parts = self.out / "runs"
        self.parts.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.out / "manifest.csv"

    def done(self) -> pd.DataFrame:
        """Runs finished so far (arm, replicate, seed, part)."""
        if not self.manifest_path.exists():
            return pd.DataFrame(columns=["arm", "replicate", "seed", "part"])
        return pd.read_csv(self.manifest_path)

    def write_part(self, frames: list[pd.DataFrame], manifest_rows: list[dict]) -> None:
        """Write one Parquet part atomically, then add its runs to the manifest."""
        existing = sorted(self.parts.glob("part-*.parquet"))
        number = int(existing[-1].stem.split("-")[1]) + 1 if existing else 0
        part = self.parts / f"part-{number:05d}.parquet"
        table = pd.concat(frames, ignore_index=True)
        atomic_write(part, lambda p: table.to_parquet(p, index=False, compression="zstd"))
        rows = pd.DataFrame([{**row, "part": part.name} for row in manifest_rows])
        manifest = pd.concat([self.done(), rows], ignore_index=True)
        atomic_write(self.manifest_path, lambda p: manifest.to_csv(p, index=False))

    def results(self) -> pd.DataFrame:
        """Every finished run's weekly outcomes, one frame (arm, replicate, seed, ...)."""
        done = self.done()
        if done.empty:
            return pd.DataFrame(columns=["arm", "replicate", "seed", *COLUMNS])
        frames = [pd.read_parquet(self.parts / part) for part in sorted(done["part"].unique())]
        return pd.concat(frames, ignore_index=True)


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client (``scheduler`` address or "local"), a process pool, or None (serial)."""
    if scheduler is not None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ScenarioError("--scheduler needs Dask: pip install -e '.[dask]'") from None
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            with cluster, Client(cluster) as client:
                client.run(one_blas_thread)  # every Dask worker on one BLAS thread
                yield client
        else:
            with Client(scheduler) as client:
                client.run(one_blas_thread)
                yield client
    elif workers > 1:
        with process_pool(workers) as pool:
            yield pool
    else:
        yield None


def run_sweep(
    spec: SweepSpec,
    out: str | Path,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], Any] | None = None,
    chunk_runs: int = CHUNK_RUNS,
) -> Store:
    """Run every run not yet in ``out``'s manifest; stream results to Parquet parts.

    Finished runs are written as they complete (in parts of ``chunk_runs``) and on any
    interruption (Ctrl-C, a failing run) the runs already finished are written first.
    """
    store = Store(out)
    _write_spec(spec, store.out)
    done = store.done()
    finished = set(zip(done["arm"], done["replicate"]))
    todo = [(arm, k) for arm, k in spec.runs() if (arm, k) not in finished]
    arms = {a.name: a for a in spec.arms}
    seeds = spec.seeds()
    buffer: list[pd.DataFrame] = []
    rows: list[dict] = []

    def collect(arm: str, k: int, frame: pd.DataFrame) -> None:
        frame = frame.copy()
        frame.insert(0, "seed", seeds[k])
        frame.insert(0, "replicate", k)
        frame.insert(0, "arm", arm)
        buffer.append(frame)
        rows.append({"arm": arm, "replicate": k, "seed": seeds[k]})
        if len(buffer) >= chunk_runs:
            flush()
        if progress is not None:
            progress(1)

    def flush() -> None:
        if buffer:
            store.write_part(list(buffer), list(rows))
            buffer.clear()
            rows.clear()

    try:
        with _executor(workers, scheduler) as executor:
            if executor is None:
                for arm, k in todo:
                    collect(arm, k, run_one(arms[arm].scenario, seeds[k], spec.steps))
            else:
                dask = scheduler is not None
                extra = {"pure": False} if dask else {}
                pending = {
                    executor.submit(run_one, arms[arm].scenario, seeds[k], spec.steps, **extra): (
                        arm,
                        k,
                    )
                    for arm, k in todo
                }
                for future in _as_completed(pending, dask):
                    arm, k = pending[future]
                    collect(arm, k, future.result())
    finally:
        flush()  # finished runs are never lost, whatever stopped the sweep
    return store


def _as_completed(futures: dict, dask: bool) -> Iterator[Any]:
    """Futures as they finish, for a process pool or a Dask client."""
    if dask:
        from distributed import as_completed as dask_completed

        return iter(dask_completed(list(futures)))
    from concurrent.futures import as_completed

    return as_completed(futures)


def _write_spec(spec: SweepSpec, out: Path) -> None:
    """The resolved spec, the seeds and the metadata beside the results."""
    out.mkdir(parents=True, exist_ok=True)
    resolved = {
        "sweep": {
            "name": spec.name,
            "replicates": spec.replicates,
            "seed": spec.seed,
            "reference": spec.reference,
            **({"steps": spec.steps} if spec.steps is not None else {}),
        },
        "arms": [{"name": a.name, **a.scenario.to_dict()} for a in spec.arms],
    }
    atomic_write(out / "spec.toml", lambda p: p.write_text(tomli_w.dumps(resolved)))
    seeds = json.dumps({"seeds": spec.seeds(), "rule": "replicate k uses seed + k"}, indent=2)
    atomic_write(out / "seeds.json", lambda p: p.write_text(seeds + "\n"))
    meta = run_metadata(spec.arms[0].scenario, spec.seeds(), spec.steps or 0, 0.0)
    meta.update(
        {"sweep": spec.name, "spec_source": spec.source, "created": time.strftime("%FT%T%z")}
    )
    atomic_write(out / "metadata.json", lambda p: p.write_text(json.dumps(meta, indent=2) + "\n"))
