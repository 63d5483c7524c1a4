"""Shipped scenarios are found the same way from a checkout, any directory and a wheel."""

import shutil
import subprocess
import sys
import zipfile

from model.scenario import load_scenario, scenario_path, shipped, shipped_names

from .conftest import ROOT, SCENARIOS


def test_shipped_folder_is_the_checkouts_scenarios_folder():
    assert shipped_names() == [p.stem for p in SCENARIOS]
    assert (shipped() / "baseline.toml").read_bytes() == (
        ROOT / "scenarios/baseline.toml"
    ).read_bytes()


def test_a_bare_name_resolves_to_the_shipped_scenario_but_a_path_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert scenario_path("baseline") == shipped() / "baseline.toml"
    assert scenario_path("baseline.toml") == shipped() / "baseline.toml"
    assert load_scenario("kingpin_campaign").name == "kingpin_campaign"
    (tmp_path / "baseline.toml").write_text('[scenario]\nname = "mine"\n')
    assert load_scenario("baseline.toml").name == "mine"  # an existing file is used as given


def test_cli_runs_a_shipped_scenario_by_name_from_another_directory(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "model.ui.cli", "run", "baseline", "--steps", "2",
         "--no-figure", "--quiet", "--out", str(tmp_path / "run")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "run" / "timeseries.parquet").exists()


def test_the_wheel_ships_every_scenario_and_the_data(tmp_path):
    source = tmp_path / "source"  # build from a copy: setuptools writes build/ beside it
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in ("model", "scenarios"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("cartelsim-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in SCENARIOS:
        assert f"model/scenarios/{path.name}" in names
    assert "model/scenarios/observed/mexico_2007_2024.csv" in names
    assert "model/data/cartel_network_2020/BACRIM2020_Nodes.csv" in names
    assert "model/data/mexico_states.csv" in names
    assert "model/studies/cards.toml" in names  # the hypothesis card registry
    assert "model/ui/cli.py" in names and "model/processes/conflict.py" in names
