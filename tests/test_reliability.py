"""Nothing lost, nothing mixed, nothing hangs (issue #16).

Sweeps: a kill -9 at any moment loses no finished run and, resumed, gives the result of
an uninterrupted sweep with no run read twice; pool workers die with their parent; a dead
worker is replaced; a second sweep into a folder is refused; a part the manifest lacks is
adopted. Run folders: written whole or not at all; an existing one is refused unless
--overwrite, which replaces it whole.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from model.experiments import parallel
from model.experiments.run import staged_folder
from model.experiments.sweep import LOCK_NAME, Store, load_spec, run_sweep
from model.scenario import ScenarioError
from model.ui.cli import main

from .conftest import ROOT

SPEC = """
[sweep]
name = "tiny"
replicates = 4
steps = 2

[[arms]]
scenario = "{root}/scenarios/baseline.toml"

[[arms]]
scenario = "{root}/scenarios/youth_first.toml"
"""


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("spec") / "tiny.toml"
    path.write_text(SPEC.format(root=ROOT))
    return path


@pytest.fixture(scope="module")
def straight(spec_file, tmp_path_factory):
    """The uninterrupted sweep, in order."""
    store = run_sweep(load_spec(spec_file), tmp_path_factory.mktemp("straight") / "out")
    return ordered(pd.read_parquet(store.parts))


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["arm", "replicate", "step"]).reset_index(drop=True)


def assert_whole_and_once(out: Path) -> None:
    """The parts hold every listed run exactly once, and nothing else."""
    manifest = pd.read_csv(out / "manifest.csv") if (out / "manifest.csv").exists() else None
    if not (out / "runs").exists() or not list((out / "runs").glob("*.parquet")):
        assert manifest is None or manifest.empty
        return
    every = pd.read_parquet(out / "runs")  # as the README reads it
    per_run = every.groupby(["arm", "replicate"]).size()
    assert (per_run == 3).all(), "a run twice, or half a run"  # steps 0, 1, 2
    assert manifest is not None and not manifest.duplicated(["arm", "replicate"]).any()
    assert set(per_run.index) == set(zip(manifest["arm"], manifest["replicate"]))


def sweep_process(spec_file: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "model.ui.cli", "sweep", str(spec_file), "--out", str(out),
               "--workers", "2", "--quiet"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)


def wait_for(condition, timeout: float = 60.0) -> None:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("moment", "sig"),
    [("at_start", signal.SIGKILL), ("after_first_part", signal.SIGKILL),
     ("after_first_part", signal.SIGTERM)],
)  # fmt: skip
def test_a_killed_sweep_loses_nothing_and_resumes_to_the_uninterrupted_result(
    spec_file, straight, tmp_path, moment, sig
):
    out = tmp_path / "out"
    sweep = sweep_process(spec_file, out)
    try:
        if moment == "at_start":  # the folder is locked, no run has finished
            wait_for(lambda: (out / LOCK_NAME).exists() or sweep.poll() is not None)
        else:  # the first finished run is on disk while the sweep goes on
            wait_for(lambda: (out / "manifest.csv").exists() or sweep.poll() is not None)
        children = psutil.Process(sweep.pid).children(recursive=True)
    finally:
        os.kill(sweep.pid, sig)
        status = sweep.wait(timeout=60)
    if sig == signal.SIGTERM:  # handled as Ctrl-C: runs written, workers stopped, 130
        assert status == 130 and sweep.stderr.read() == "cartelsim: interrupted\n"
    # the pool workers (and the resource tracker) do not outlive the killed parent
    _, alive = psutil.wait_procs(children, timeout=15)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
    assert_whole_and_once(out)
    run_sweep(load_spec(spec_file), out)  # resume (the dead sweep's lock does not block)
    assert_whole_and_once(out)
    pd.testing.assert_frame_equal(ordered(pd.read_parquet(out / "runs")), straight)


def test_a_finished_run_is_on_disk_before_the_next_one_starts(spec_file, tmp_path):
    out = tmp_path / "out"
    seen = []

    def check(_):
        seen.append(len(pd.read_csv(out / "manifest.csv")))

    run_sweep(load_spec(spec_file), out, progress=check, flush_seconds=0.0)
    assert seen == list(range(1, 9))  # every run durable as soon as it finished
    seen.clear()
    run_sweep(load_spec(spec_file), tmp_path / "default", progress=lambda _: seen.append(
        len(pd.read_csv(tmp_path / "default" / "manifest.csv"))))  # fmt: skip
    assert seen[0] == 1  # default: the first run at once, then every 5 seconds at most
    assert len(list((tmp_path / "default" / "runs").glob("part-*.parquet"))) <= 2


def test_a_part_the_manifest_lacks_is_adopted_not_run_again(spec_file, straight, tmp_path):
    """A kill between writing a part and the manifest: the part is adopted, not recomputed."""
    out = tmp_path / "out"
    spec = load_spec(spec_file)
    run_sweep(spec, out, flush_seconds=0.0)  # a part per run
    manifest = pd.read_csv(out / "manifest.csv")
    manifest.iloc[:5].to_csv(out / "manifest.csv", index=False)  # the last 3 parts unlisted
    (out / "runs" / ".part-00009.parquet.x.tmp").write_text("half")  # a half-written part
    notes, ran = [], []
    run_sweep(spec, out, progress=ran.append, notes=notes.append)
    assert ran == [] and sum("adopted" in n for n in notes) == 3
    assert not list((out / "runs").glob(".*.tmp"))
    assert_whole_and_once(out)
    pd.testing.assert_frame_equal(ordered(pd.read_parquet(out / "runs")), straight)


def test_a_part_of_foreign_or_repeated_runs_is_removed(spec_file, straight, tmp_path):
    out = tmp_path / "out"
    spec = load_spec(spec_file)
    run_sweep(spec, out)
    part = sorted((out / "runs").glob("part-*.parquet"))[0]
    table = pd.read_parquet(part)
    table.to_parquet(out / "runs" / "part-00100.parquet")  # a second copy of listed runs
    table.assign(seed=table["seed"] + 7).to_parquet(out / "runs" / "part-00101.parquet")
    # a folder of the old bug: a run recomputed into a new part, listed twice
    table.to_parquet(out / "runs" / "part-00102.parquet")
    manifest = pd.read_csv(out / "manifest.csv")
    again = manifest[manifest["part"] == part.name].assign(part="part-00102.parquet")
    pd.concat([manifest, again]).to_csv(out / "manifest.csv", index=False)
    pd.testing.assert_frame_equal(ordered(Store(out).results()), straight)  # read once
    run_sweep(spec, out)
    for n in (100, 101, 102):
        assert not (out / "runs" / f"part-00{n}.parquet").exists()
    assert_whole_and_once(out)
    pd.testing.assert_frame_equal(ordered(pd.read_parquet(out / "runs")), straight)


def test_a_second_sweep_into_the_same_folder_is_refused_in_one_line(spec_file, tmp_path, capsys):
    out = tmp_path / "out"
    store = Store(out)
    with store.lock():  # a sweep is writing here
        status = main(["sweep", str(spec_file), "--out", str(out), "--quiet", "--workers", "1"])
        holder = (out / LOCK_NAME).read_text()
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "another sweep is writing" in err
    assert f"pid {os.getpid()}" in holder and f"pid {os.getpid()}" in err
    assert not (out / "manifest.csv").exists() and not (out / "spec.toml").exists()
    # a lock left by a dead process does not block
    (out / LOCK_NAME).write_text("pid 999999999 on nowhere, since then\n")
    assert main(["sweep", str(spec_file), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert len(pd.read_csv(out / "manifest.csv")) == 8 and not (out / LOCK_NAME).exists()


def test_a_sweep_folder_of_another_spec_is_refused(spec_file, tmp_path, capsys):
    out = tmp_path / "out"
    run_sweep(load_spec(spec_file), out)
    other = tmp_path / "other.toml"
    other.write_text(SPEC.format(root=ROOT).replace("steps = 2", "steps = 3"))
    assert main(["sweep", str(other), "--out", str(out), "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "another spec (steps differ)" in err
    more = tmp_path / "more.toml"  # more replicates extend the sweep
    more.write_text(SPEC.format(root=ROOT).replace("replicates = 4", "replicates = 5"))
    assert main(["sweep", str(more), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert len(pd.read_csv(out / "manifest.csv")) == 10
    assert main(["sweep", str(spec_file), "--out", str(tmp_path), "--quiet", "--workers", "1"]) == 2
    assert "not a sweep folder" in capsys.readouterr().err  # a folder of other files


def die_once(n: int, marker: str) -> int:
    """A job whose worker is killed the first time job 1 runs (out of memory, say)."""
    if n == 1 and not os.path.exists(marker):
        Path(marker).write_text("died")
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def always_die(n: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_a_dead_worker_is_replaced_and_its_jobs_run_again(tmp_path):
    marker = str(tmp_path / "marker")
    assert parallel.run_all(die_once, [(n, marker) for n in range(4)], workers=2) == [0, 1, 4, 9]
    assert Path(marker).exists()  # a worker did die
    with pytest.raises(parallel.WorkersDied, match="died 1 times"):
        list(parallel.completed(always_die, [(1,), (2,)], workers=2, retries=0))


def test_run_refuses_an_existing_folder_and_overwrite_replaces_it_whole(tmp_path, capsys):
    out = tmp_path / "run"
    quick = ["run", "baseline", "--steps", "2", "--no-figure", "--quiet", "--out", str(out)]
    assert main([*quick, "--replicates", "2", "--workers", "1"]) == 0
    assert (out / "replicates.parquet").exists()
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    capsys.readouterr()
    assert main(quick) == 2  # refused before it runs: nothing touched
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--overwrite" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert main([*quick, "--overwrite"]) == 0
    assert not (out / "replicates.parquet").exists()  # replaced whole, never merged
    assert (out / "timeseries.parquet").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary folder left
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    assert main([*quick[:-1], str(mine), "--overwrite"]) == 2  # not a results folder
    assert "not a cartelsim results folder" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_ctrl_c_while_writing_leaves_no_mix_and_nothing_incomplete(tmp_path, monkeypatch):
    from model.experiments import history

    out = tmp_path / "run"
    quick = ["run", "baseline", "--steps", "2", "--no-figure", "--quiet", "--out", str(out)]
    assert main(quick) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C after the tables, before history.csv

    monkeypatch.setattr(history, "history_figure", interrupted)
    assert main([*quick[:-1], str(out), "--overwrite", "--seed", "2"]) == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the old folder, whole
    assert main([*quick[:-1], str(tmp_path / "new")]) == 130
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no half-written new folder


def test_a_folder_being_written_is_hidden_and_named_incomplete(tmp_path):
    out = tmp_path / "run"
    with staged_folder(out) as folder:
        (folder / "metadata.json").write_text("{}")
        assert not out.exists()
        assert folder.parent == tmp_path and folder.name.startswith(".run.incomplete-")
    assert (out / "metadata.json").exists() and not folder.exists()
    with pytest.raises(ScenarioError, match="already exists"):
        with staged_folder(out):
            pass
