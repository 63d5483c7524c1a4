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

Limits: ``replicates`` 1 to :data:`MAX_REPLICATES`, ``steps`` 1 to 100,000 (as
scenarios), ``seed`` from 0, at most :data:`MAX_ARMS` arms (scenarios x grid
combinations) and :data:`MAX_RUNS` runs; a spec of more than :data:`CONFIRM_RUNS` runs
needs ``--yes``.

Results stream to ``DIR/runs/part-NNNNN.parquet`` (zstd): ``arm``, ``replicate``,
``seed``, then every column of the weekly time series (:data:`model.outcomes.COLUMNS`).
A part holds whole runs only, and is written (atomically) at most
:data:`FLUSH_SECONDS` after its first run finished: the first finished run at once, then
what finished in each following interval, at most :data:`CHUNK_RUNS` runs a part (run
one at a time in this process, a part is written before a run expected to outlast the
interval starts). Then
``DIR/manifest.csv`` (the runs done) is rewritten to list it. A kill between the two
leaves a part the manifest does not list: the next start adopts it (its runs are whole
runs of this spec) or deletes it, so no run is computed or read twice. ``DIR/sweep.lock``
(the pid of the sweep writing the folder, locked with ``flock``) refuses a second sweep
into the same folder; the kernel releases it when that process dies. Rerunning the same
spec skips the runs done; a spec that differs (other than more replicates) is refused.
``DIR`` also holds the resolved ``spec.toml``, the seeds and ``metadata.json``.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import socket
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w

try:
    import fcntl
except ImportError:  # not on POSIX: the lock checks the pid instead
    fcntl = None

from model.experiments.parallel import completed, one_blas_thread
from model.experiments.run import atomic_write, check_out, run_metadata, simulate
from model.outcomes import COLUMNS
from model.params import SECTIONS
from model.scenario import (
    MAX_STEPS,
    Scenario,
    ScenarioError,
    check_header,
    check_range,
    load_scenario,
    read_toml,
    show,
    with_overrides,
)

SWEEP_KEYS = {"name": str, "replicates": int, "seed": int, "steps": int, "reference": str}
MAX_REPLICATES = 10_000  # replicates of one arm
MAX_ARMS = 1_000  # scenarios x grid combinations
MAX_RUNS = 1_000_000  # arms x replicates, even with --yes
CONFIRM_RUNS = 10_000  # a spec of more runs needs --yes (about a day of 520-week runs)
CHUNK_RUNS = 64  # at most this many runs in one Parquet part
FLUSH_SECONDS = 5.0  # a finished run is on disk at most this long after it finished
LOCK_NAME = "sweep.lock"
RUN_KEYS = ["arm", "replicate", "seed"]


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

    def total_runs(self) -> int:
        """How many runs the whole sweep takes (arms x replicates)."""
        return len(self.arms) * self.replicates

    def steps_of(self, arm: Arm) -> int:
        """Weeks a run of ``arm`` lasts: the sweep's ``steps``, else the scenario's horizon."""
        return arm.scenario.steps if self.steps is None else self.steps

    def resolved(self) -> dict[str, Any]:
        """The resolved spec as ``spec.toml`` holds it: every arm's full scenario."""
        return {
            "sweep": {
                "name": self.name,
                "replicates": self.replicates,
                "seed": self.seed,
                "reference": self.reference,
                **({"steps": self.steps} if self.steps is not None else {}),
            },
            "arms": [{"name": a.name, **a.scenario.to_dict()} for a in self.arms],
        }


def _fail(where: str, key: str, message: str) -> ScenarioError:
    return ScenarioError(f"{where}: key '{key}': {message}")


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec; raise ScenarioError with one line on any problem.

    Nothing is written and nothing runs: sizes are checked before any arm is built.
    """
    path = Path(path)
    where = str(path)
    data = read_toml(path, "sweep spec")
    unknown = set(data) - {"sweep", "arms", "grid"}
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key '{sorted(unknown)[0]}'; allowed: sweep, arms, grid"
        )
    head = check_header(where, "sweep", data.get("sweep", {}), SWEEP_KEYS)
    replicates = check_range(
        where, "sweep.replicates", head.get("replicates", 10), 1, MAX_REPLICATES
    )
    if "steps" in head:
        check_range(where, "sweep.steps", head["steps"], 1, MAX_STEPS)
    seed = check_range(where, "sweep.seed", head.get("seed", 0), 0, 2**63 - 1 - replicates)
    arms_data = data.get("arms")
    if not isinstance(arms_data, list) or not arms_data:
        raise _fail(where, "arms", "give at least one [[arms]] table with a 'scenario' path")
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
    n_arms = len(arms_data) * math.prod(len(v) for v in grid.values())
    if n_arms > MAX_ARMS:
        raise _fail(
            where,
            "grid",
            f"{len(arms_data)} scenario(s) x {' x '.join(str(len(v)) for v in grid.values())} "
            f"values = {n_arms:,} arms; allowed: at most {MAX_ARMS:,}",
        )
    if n_arms * replicates > MAX_RUNS:
        raise _fail(
            where,
            "sweep.replicates",
            f"{n_arms:,} arms x {replicates:,} replicates = {n_arms * replicates:,} runs; "
            f"allowed: at most {MAX_RUNS:,}",
        )
    scenarios = []
    for n, entry in enumerate(arms_data, start=1):
        if not isinstance(entry, dict) or set(entry) != {"scenario"}:
            raise _fail(where, f"arms[{n}]", "allowed: exactly one key, scenario = 'path'")
        if not isinstance(entry["scenario"], str) or not entry["scenario"]:
            raise _fail(
                where,
                f"arms[{n}].scenario",
                f"got {show(entry['scenario'])}; allowed: a path to a scenario file",
            )
        try:
            scenarios.append(load_scenario(path.parent / entry["scenario"]))
        except ScenarioError as err:
            raise ScenarioError(f"{where}: key 'arms[{n}].scenario': {err}") from None
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
        shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
        raise _fail(where, "sweep.reference", f"got {show(reference)}; allowed: {shown}")
    return SweepSpec(
        name=head.get("name", path.stem),
        arms=arms,
        replicates=replicates,
        seed=seed,
        steps=head.get("steps"),
        reference=reference,
        source=where,
        raw=data,
    )


def run_one(scenario: Scenario, seed: int, steps: int | None) -> pd.DataFrame:
    """One run's weekly time series, every column of :data:`model.outcomes.COLUMNS`.

    The worker task (top level so it pickles).
    """
    frame = simulate(scenario, seed, steps, people=False).timeseries
    return frame[list(COLUMNS)]


def _pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (owned by someone else), or we cannot tell: assume alive
    return True


class Store:
    """The results folder: Parquet parts of whole runs, a manifest of runs done, the spec."""

    def __init__(self, out: str | Path) -> None:
        """A handle on the folder ``out``; nothing is created until a sweep runs."""
        self.out = Path(out)
        self.parts = self.out / "runs"
        self.manifest_path = self.out / "manifest.csv"
        self.lock_path = self.out / LOCK_NAME
        self._done: pd.DataFrame | None = None

    def done(self) -> pd.DataFrame:
        """Runs finished so far (arm, replicate, seed, part)."""
        if self._done is not None:
            return self._done.copy()
        if not self.manifest_path.exists():
            return pd.DataFrame(columns=[*RUN_KEYS, "part"])
        try:
            manifest = pd.read_csv(self.manifest_path)
        except (OSError, ValueError) as err:
            raise ScenarioError(f"{self.manifest_path}: unreadable ({err})") from None
        if list(manifest.columns) != [*RUN_KEYS, "part"]:
            raise ScenarioError(
                f"{self.manifest_path}: columns {', '.join(map(str, manifest.columns))}; "
                f"allowed: {', '.join([*RUN_KEYS, 'part'])}"
            )
        return manifest

    def _write_manifest(self, manifest: pd.DataFrame) -> None:
        manifest = manifest.reset_index(drop=True)
        atomic_write(self.manifest_path, lambda p: manifest.to_csv(p, index=False))
        self._done = manifest

    def _next_part(self) -> Path:
        numbers = [
            int(p.stem.split("-")[1])
            for p in self.parts.glob("part-*.parquet")
            if p.stem.split("-")[1].isdigit()
        ]
        return self.parts / f"part-{max(numbers, default=-1) + 1:05d}.parquet"

    def write_part(self, frames: list[pd.DataFrame], manifest_rows: list[dict]) -> None:
        """Write one Parquet part of whole runs atomically, then list its runs in the manifest.

        In that order: a kill in between leaves a part the manifest lacks, which
        :meth:`recover` adopts on the next start (never a manifest entry without data).
        """
        self.parts.mkdir(parents=True, exist_ok=True)
        part = self._next_part()
        table = pd.concat(frames, ignore_index=True)
        atomic_write(part, lambda p: table.to_parquet(p, index=False, compression="zstd"))
        rows = pd.DataFrame([{**row, "part": part.name} for row in manifest_rows])
        self._write_manifest(pd.concat([self.done(), rows], ignore_index=True))

    def results(self) -> pd.DataFrame:
        """Every finished run's weekly outcomes, one frame (arm, replicate, seed, ...).

        Each run once, from the part the manifest lists it in first (a folder written by
        an older version may list a run twice).
        """
        done = self.done().drop_duplicates(["arm", "replicate"])
        if done.empty:
            return pd.DataFrame(columns=[*RUN_KEYS, *COLUMNS])
        frames = []
        for part, runs in done.groupby("part", sort=True):
            table = pd.read_parquet(self.parts / part)
            listed = pd.MultiIndex.from_frame(table[["arm", "replicate"]]).isin(
                pd.MultiIndex.from_frame(runs[["arm", "replicate"]])
            )
            frames.append(table if listed.all() else table[listed])
        return pd.concat(frames, ignore_index=True)

    # ------------------------------------------------------------ before a sweep runs
    def check(self, spec: SweepSpec) -> None:
        """Refuse, before anything runs or is written, a folder this sweep must not write.

        ``out`` must be absent, an empty folder, or a sweep folder of the same spec
        (more replicates are allowed: the sweep extends); and writable.
        """
        check_out(self.out)
        if not self.out.is_dir():
            return
        spec_path = self.out / "spec.toml"
        if not spec_path.exists():
            others = [
                p.name
                for p in self.out.iterdir()
                if p.name != LOCK_NAME and not p.name.startswith(".")
            ]
            if others:
                raise ScenarioError(
                    f"{self.out}: is not a sweep folder (no spec.toml) and not empty; "
                    "allowed: a new or empty folder, or a sweep folder to resume"
                )
            return
        try:
            old = tomllib.loads(spec_path.read_text(encoding="utf-8"))
            old_head, old_arms = old["sweep"], old["arms"]
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
            raise ScenarioError(
                f"{spec_path}: unreadable, so the folder cannot be resumed; allowed: a new --out"
            ) from None
        new = tomllib.loads(tomli_w.dumps(spec.resolved()))
        differs = [
            key
            for key in ("seed", "steps", "reference")
            if old_head.get(key) != new["sweep"].get(key)
        ]
        if old_arms != new["arms"]:
            differs.insert(0, "arms")
        if new["sweep"]["replicates"] < old_head.get("replicates", 0):
            differs.append(f"replicates {new['sweep']['replicates']} < {old_head['replicates']}")
        if differs:
            raise ScenarioError(
                f"{self.out}: holds a sweep of another spec ({', '.join(differs)} differ); "
                "allowed: the same spec to resume (more replicates extend it), or a new --out"
            )

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold ``sweep.lock`` while the block runs: a second sweep into the folder refuses.

        The file holds the pid; it is locked with ``flock``, which the kernel releases
        when the process dies, so a stale lock never blocks. Where ``flock`` is missing
        the pid is checked instead: a lock whose process is gone is taken over.
        """
        self.out.mkdir(parents=True, exist_ok=True)
        fd = self._acquire()
        try:
            yield
        finally:
            try:
                if _same_file(fd, self.lock_path):
                    os.unlink(self.lock_path)
            finally:
                os.close(fd)

    def _refuse(self, holder: str) -> ScenarioError:
        return ScenarioError(
            f"{self.out}: another sweep is writing into this folder ({holder or 'pid unknown'}); "
            "allowed: wait for it to finish, or another --out"
        )

    def _acquire(self) -> int:
        me = f"pid {os.getpid()} on {socket.gethostname()}"
        for _ in range(20):
            if fcntl is None:
                fd = self._acquire_by_pid(me)
                if fd is not None:
                    return fd
                continue
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 200).decode("utf-8", "replace").strip()
                os.close(fd)
                raise self._refuse(holder) from None
            except OSError:  # a file system without flock: fall back to the pid
                os.close(fd)
                fd = self._acquire_by_pid(me)
                if fd is not None:
                    return fd
                continue
            if not _same_file(fd, self.lock_path):  # removed by its last holder meanwhile
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{me}, since {time.strftime('%FT%T%z')}\n".encode())
            return fd
        raise ScenarioError(f"{self.lock_path}: could not take the lock; allowed: try again")

    def _acquire_by_pid(self, me: str) -> int | None:
        """Create the lock file exclusively; take over one whose process is gone."""
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                holder = self.lock_path.read_text(encoding="utf-8", errors="replace").strip()
            except FileNotFoundError:
                return None  # released meanwhile: try again
            parts = holder.split()
            here = len(parts) >= 4 and parts[3].rstrip(",") == socket.gethostname()
            if here and parts[1].isdigit() and not _pid_alive(int(parts[1])):
                self.lock_path.unlink(missing_ok=True)  # stale: its process is gone
                return None
            raise self._refuse(holder) from None
        os.write(fd, f"{me}, since {time.strftime('%FT%T%z')}\n".encode())
        return fd

    def recover(self, spec: SweepSpec) -> list[str]:
        """Make the parts and the manifest agree after a kill at any instant (lock held).

        Removes half-written temporary files; drops manifest entries whose part is gone;
        adopts a part the manifest does not list if it holds only whole runs of this
        spec not listed yet, else deletes it; keeps one copy of a run listed twice.
        Returns a line per change, for the user.
        """
        notes: list[str] = []
        for tmp in [*self.out.glob(".*.tmp"), *self.parts.glob(".*.tmp")]:
            tmp.unlink(missing_ok=True)
        done = self.done()
        present = {p.name for p in self.parts.glob("part-*.parquet")}
        missing = ~done["part"].isin(present)
        if missing.any():
            notes.append(
                f"{int(missing.sum())} run(s) listed in the manifest had no part; they run again"
            )
            done = done[~missing]
        duplicated = done.duplicated(["arm", "replicate"])
        if duplicated.any():
            done = self._drop_copies(done, duplicated, notes)
            present = {p.name for p in self.parts.glob("part-*.parquet")}
        listed = set(done["part"])
        seeds = spec.seeds()
        arms = {a.name: spec.steps_of(a) for a in spec.arms}
        known = set(zip(done["arm"], done["replicate"]))
        adopted = []
        for name in sorted(present - listed):
            part = self.parts / name
            runs = _whole_runs(part, arms, seeds)
            if runs is None or any(run[:2] in known for run in runs):
                part.unlink()
                notes.append(
                    f"removed {name}: not whole runs of this sweep, or runs held elsewhere"
                )
                continue
            known |= {run[:2] for run in runs}
            adopted += [dict(zip([*RUN_KEYS, "part"], (*run, name))) for run in runs]
            notes.append(f"adopted {name}: {len(runs)} finished run(s) written before a stop")
        if adopted:
            done = pd.concat([done, pd.DataFrame(adopted)], ignore_index=True)
        if adopted or missing.any() or duplicated.any():
            self._write_manifest(done)
        return notes

    def _drop_copies(self, done: pd.DataFrame, duplicated: Any, notes: list[str]) -> pd.DataFrame:
        """Rewrite the parts holding a second copy of a run without it (folders of old sweeps)."""
        kept = done[~duplicated]
        home = dict(zip(zip(kept["arm"], kept["replicate"]), kept["part"]))
        extra = done[duplicated]
        extra = extra[
            [
                home[(a, k)] != part
                for a, k, part in zip(extra["arm"], extra["replicate"], extra["part"])
            ]
        ]
        for name, copies in extra.groupby("part"):
            path = self.parts / name
            table = pd.read_parquet(path)
            drop = pd.MultiIndex.from_frame(table[["arm", "replicate"]]).isin(
                pd.MultiIndex.from_frame(copies[["arm", "replicate"]])
            )
            if drop.all():
                path.unlink()
            elif drop.any():
                rest = table[~drop]
                atomic_write(
                    path, lambda p, t=rest: t.to_parquet(p, index=False, compression="zstd")
                )
        notes.append(f"removed {int(duplicated.sum())} second copies of runs")
        return kept


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the file at ``path``."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _whole_runs(part: Path, arms: dict[str, int], seeds: list[int]) -> list[tuple] | None:
    """The (arm, replicate, seed) runs of a part, if each is a whole run of the spec."""
    try:
        table = pd.read_parquet(part, columns=[*RUN_KEYS, "step"])
    except Exception:  # unreadable: not ours to trust  # noqa: BLE001
        return None
    runs = []
    for (arm, k, seed), steps in table.groupby(RUN_KEYS, sort=False)["step"]:
        expected = arms.get(arm)
        if expected is None or not 0 <= k < len(seeds) or seeds[k] != seed:
            return None
        if len(steps) != expected + 1 or set(steps) != set(range(expected + 1)):
            return None
        runs.append((arm, int(k), int(seed)))
    return runs or None


@contextmanager
def _dask_client(workers: int, scheduler: str) -> Iterator[Any]:
    """A Dask client for ``scheduler`` (an address, or "local" for a LocalCluster)."""
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


def _dask_completed(
    client: Any, jobs: list[tuple], timeout: float
) -> Iterator[tuple[int, Any] | None]:
    """Like :func:`model.experiments.parallel.completed`, on Dask (which reruns lost tasks)."""
    from distributed import as_completed

    futures = {client.submit(run_one, *job, pure=False): n for n, job in enumerate(jobs)}
    finished = as_completed(list(futures))
    idle = 0.0
    while not finished.is_empty():
        batch = finished.next_batch(block=False)
        if not batch:
            time.sleep(0.1)
            idle += 0.1
            if idle >= timeout:
                idle = 0.0
                yield None
            continue
        idle = 0.0
        for future in batch:
            yield futures[future], future.result()


def run_sweep(
    spec: SweepSpec,
    out: str | Path,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], Any] | None = None,
    chunk_runs: int = CHUNK_RUNS,
    flush_seconds: float = FLUSH_SECONDS,
    notes: Callable[[str], Any] | None = None,
) -> Store:
    """Run every run not yet in ``out``'s manifest; stream results to Parquet parts.

    The folder is checked first (:meth:`Store.check`), locked while the sweep runs
    (:meth:`Store.lock`) and repaired after an earlier kill (:meth:`Store.recover`;
    ``notes(line)`` hears what was repaired). A finished run is on disk at most
    ``flush_seconds`` later (parts of at most ``chunk_runs`` runs); on any interruption
    (Ctrl-C, a failing run) the runs already finished are written first. A dead pool
    worker is replaced and its runs resubmitted (:func:`model.experiments.parallel.completed`).
    """
    store = Store(out)
    store.check(spec)  # before anything is written
    with store.lock():
        store.check(spec)  # again: another sweep may have written the folder meanwhile
        for line in store.recover(spec):
            if notes is not None:
                notes(line)
        _write_spec(spec, store.out)
        done = store.done()
        finished = set(zip(done["arm"], done["replicate"]))
        todo = [(arm, k) for arm, k in spec.runs() if (arm, k) not in finished]
        arms = {a.name: a for a in spec.arms}
        seeds = spec.seeds()
        jobs = [(arms[arm].scenario, seeds[k], spec.steps) for arm, k in todo]
        buffer: list[pd.DataFrame] = []
        rows: list[dict] = []
        last_flush = -math.inf

        def flush() -> None:
            nonlocal last_flush
            if buffer:
                store.write_part(list(buffer), list(rows))
                buffer.clear()
                rows.clear()
            last_flush = time.monotonic()

        def collect(n: int, frame: pd.DataFrame) -> None:
            arm, k = todo[n]
            frame = frame.copy()
            frame.insert(0, "seed", seeds[k])
            frame.insert(0, "replicate", k)
            frame.insert(0, "arm", arm)
            buffer.append(frame)
            rows.append({"arm": arm, "replicate": k, "seed": seeds[k]})

        tick = min(1.0, flush_seconds)
        # serial: nothing is written while the next run computes, so write before it
        # when it is expected to outlast the interval (it takes about as long as the last)
        serial = scheduler is None and workers <= 1
        started, took = time.monotonic(), 0.0
        try:
            with (
                _dask_client(workers, scheduler) if scheduler is not None else _no_client()
            ) as client:
                if client is not None:
                    results = _dask_completed(client, jobs, tick)
                else:
                    results = completed(run_one, jobs, workers, timeout=tick)
                with closing(results):  # on Ctrl-C: stop the pool now, then write
                    for item in results:
                        now = time.monotonic()
                        if item is not None:
                            collect(*item)
                            took = now - started
                        ahead = took if serial else 0.0
                        due = now + ahead >= last_flush + flush_seconds
                        if buffer and (due or len(buffer) >= chunk_runs):
                            flush()
                        if item is not None and progress is not None:
                            progress(1)
                        started = time.monotonic()  # serial: the next run starts now
        finally:
            flush()  # finished runs are never lost, whatever stopped the sweep
    return store


@contextmanager
def _no_client() -> Iterator[None]:
    yield None


def _write_spec(spec: SweepSpec, out: Path) -> None:
    """The resolved spec, the seeds and the metadata beside the results."""
    out.mkdir(parents=True, exist_ok=True)
    resolved = spec.resolved()
    atomic_write(out / "spec.toml", lambda p: p.write_text(tomli_w.dumps(resolved)))
    seeds = json.dumps({"seeds": spec.seeds(), "rule": "replicate k uses seed + k"}, indent=2)
    atomic_write(out / "seeds.json", lambda p: p.write_text(seeds + "\n"))
    meta = run_metadata(spec.arms[0].scenario, spec.seeds(), spec.steps or 0, 0.0)
    meta.update(
        {"sweep": spec.name, "spec_source": spec.source, "created": time.strftime("%FT%T%z")}
    )
    atomic_write(out / "metadata.json", lambda p: p.write_text(json.dumps(meta, indent=2) + "\n"))
