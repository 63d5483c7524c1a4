"""Sweeps: same numbers serial / process pool / Dask; resume; clear errors; honest report."""

import numpy as np
import pandas as pd
import pytest

from model.experiments.report import at_horizon, write_report
from model.experiments.sweep import Store, load_spec, run_sweep

from .conftest import ROOT

SPEC = """
[sweep]
name = "tiny"
replicates = 2
steps = 52
reference = "baseline"

[[arms]]
scenario = "{root}/scenarios/baseline.toml"

[[arms]]
scenario = "{root}/scenarios/youth_first.toml"

[grid]
"levers.vetting" = [0.0, 1.0]
"""


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(SPEC.format(root=ROOT))
    return path


def ordered(store: Store) -> pd.DataFrame:
    frame = store.results().sort_values(["arm", "replicate", "step"])
    return frame.reset_index(drop=True)


def test_serial_process_pool_and_dask_give_the_same_numbers(spec_file, tmp_path):
    spec = load_spec(spec_file)
    assert [a.name for a in spec.arms] == [
        "baseline|levers.vetting=0.0",
        "baseline|levers.vetting=1.0",
        "youth_first|levers.vetting=0.0",
        "youth_first|levers.vetting=1.0",
    ]
    assert spec.reference == "baseline|levers.vetting=0.0"
    serial = ordered(run_sweep(spec, tmp_path / "serial", workers=1))
    pooled = ordered(run_sweep(spec, tmp_path / "pool", workers=2))
    dask = ordered(run_sweep(spec, tmp_path / "dask", workers=2, scheduler="local"))
    assert len(serial) == 4 * 2 * 53
    pd.testing.assert_frame_equal(serial, pooled)
    pd.testing.assert_frame_equal(serial, dask)
    # common random numbers: replicate k has the same seed in every arm
    seeds = serial.groupby(["arm", "replicate"])["seed"].first().unstack()
    assert (seeds.nunique() == 1).all()


def test_an_interrupted_sweep_resumes_without_losing_or_repeating_runs(spec_file, tmp_path):
    spec = load_spec(spec_file)
    out = tmp_path / "resumed"
    finished = []

    def interrupt_after_three(n):
        finished.append(n)
        if len(finished) == 3:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the sweep

    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, out, workers=1, progress=interrupt_after_three, chunk_runs=2)
    assert len(Store(out).done()) == 3  # the third run was not yet in a part: flushed anyway
    run_sweep(spec, out, workers=1, chunk_runs=2)
    done = Store(out).done()
    assert len(done) == 8 and not done.duplicated(["arm", "replicate"]).any()
    straight = run_sweep(spec, tmp_path / "straight", workers=1)
    pd.testing.assert_frame_equal(ordered(Store(out)), ordered(straight))
    every = pd.read_parquet(out / "runs")  # as the README reads it: each run once
    assert len(every) == 8 * 53 and not every.duplicated(["arm", "replicate", "step"]).any()


def test_a_bad_spec_is_refused_before_anything_is_written(spec_file, tmp_path, capsys):
    from model.ui.cli import main

    bad = tmp_path / "seed.toml"
    bad.write_text(spec_file.read_text().replace("steps = 52", "steps = 52\nseed = -1"))
    out = tmp_path / "out"
    assert main(["sweep", str(bad), "--out", str(out), "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "sweep.seed" in err and err.count("\n") == 1 and not out.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[sweep]\nreplicates = 'many'\n[[arms]]\nscenario = 'x.toml'\n", "sweep.replicates"),
        ("[sweep]\nrepeats = 3\n", "sweep.repeats"),
        ("[sweep]\nreplicates = 2\n", "arms"),
        (
            "[[arms]]\nscenario = '{root}/scenarios/baseline.toml'\n[grid]\n'bogus.x' = [1]\n",
            "grid.bogus.x",
        ),  # fmt: skip
        (
            "[[arms]]\nscenario = '{root}/scenarios/baseline.toml'\n[grid]\n"
            "'levers.vetting' = [7.0]\n",
            "vetting",
        ),  # fmt: skip
    ],
)
def test_a_malformed_spec_gets_one_clear_line(cli, tmp_path, text, expected):
    bad = tmp_path / "bad.toml"
    bad.write_text(text.format(root=ROOT))
    done = cli("sweep", bad, "--out", tmp_path / "out", "--quiet")
    assert done.returncode == 2
    assert str(bad) in done.stderr and expected in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_report_bands_match_a_hand_computation(spec_file, tmp_path):
    spec = load_spec(spec_file)
    spec.replicates = 3
    out = tmp_path / "report"
    store = run_sweep(spec, out, workers=1)
    table = write_report(out, [1.0])
    results = store.results()
    arm, ref = "youth_first|levers.vetting=1.0", "baseline|levers.vetting=0.0"
    yearly = results[results["step"].between(1, 52)].groupby(["arm", "replicate"])["homicides"]
    mine, base = yearly.sum()[arm], yearly.sum()[ref]
    row = table[(table["arm"] == arm) & (table["metric"] == "homicides")].iloc[0]
    assert row["median"] == np.median(mine)
    assert row["p10"] == pytest.approx(np.quantile(mine, 0.1))
    assert row["diff_median"] == np.median(mine.to_numpy() - base.to_numpy())
    assert row["diff_p90"] == pytest.approx(np.quantile(mine.to_numpy() - base.to_numpy(), 0.9))
    members = at_horizon(results, "members", 52)
    assert set(members["arm"]) == {a.name for a in spec.arms}
    for name in ("report.md", "report.csv", "bands_fragmentation.png", "bands_violence.png",
                 "differences.png", "spec.toml", "seeds.json", "metadata.json"):  # fmt: skip
        assert (out / name).stat().st_size > 0


def test_the_shipped_quick_sweep_runs_and_reports(cli, tmp_path):
    """sweeps/quick.toml, the README's first sweep: 3 arms x 4 replicates, then a report."""
    out = tmp_path / "quick"
    done = cli("sweep", ROOT / "sweeps" / "quick.toml", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    manifest = pd.read_csv(out / "manifest.csv")
    assert len(manifest) == 12 and set(manifest["arm"]) == {
        "baseline", "kingpin_campaign", "follow_the_money",
    }  # fmt: skip
    report = cli("report", out)
    assert report.returncode == 0, report.stderr
    assert "kingpin_campaign" in (out / "report.md").read_text()
