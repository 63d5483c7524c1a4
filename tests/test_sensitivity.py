"""Sensitivity: Morris screening on a tiny spec; levers are refused as uncertainties."""

import pandas as pd

from model.outcomes import HEADLINE

from .conftest import ROOT

SPEC = """
[sensitivity]
scenario = "{root}/scenarios/baseline.toml"
samples = 2
steps = 26
seed = 3

[uncertainties]
"conflict.state_mixing_boost" = [0.3, 1.0]
"recruitment.choice_elasticity" = [1.0, 3.0]
"""


def test_morris_ranks_each_outcome(cli, tmp_path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(SPEC.format(root=ROOT))
    done = cli("sensitivity", spec, "--out", tmp_path / "s", "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "s" / "sensitivity.csv")
    assert set(table["outcome"]) == set(HEADLINE)
    assert len(table) == len(HEADLINE) * 2 and (table["mu_star"] >= 0).all()
    homicides = table[table["outcome"] == "homicides"].set_index("parameter")
    # lethality of state-level clashes moves homicides: it must register, and rank first
    assert homicides.loc["conflict.state_mixing_boost", "mu_star"] > 0
    assert homicides.loc["conflict.state_mixing_boost", "rank"] == 1
    for outcome in table["outcome"].unique():
        assert (tmp_path / "s" / f"sensitivity_{outcome}.png").stat().st_size > 0
    text = (tmp_path / "s" / "sensitivity.md").read_text()
    assert "Sensitivity (morris, 6 runs" in text and "## homicides in the last year" in text


def test_levers_are_not_uncertainties(cli, tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text(
        SPEC.format(root=ROOT).replace('"recruitment.choice_elasticity"', '"levers.vetting"')
    )
    done = cli("sensitivity", spec, "--out", tmp_path / "s", "--quiet")
    assert done.returncode == 2
    assert "uncertainties.levers.vetting" in done.stderr and "Traceback" not in done.stderr


def test_the_shipped_quick_sensitivity_runs(cli, tmp_path):
    """sweeps/quick_sensitivity.toml: Morris over three uncertainties, 16 runs."""
    out = tmp_path / "quick"
    done = cli("sensitivity", ROOT / "sweeps" / "quick_sensitivity.toml", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "sensitivity.csv")
    assert set(table["parameter"]) == {
        "conflict.state_mixing_boost", "recruitment.choice_elasticity",
        "prisons.sentence_median_years",
    }  # fmt: skip


def test_ranges_that_meet_in_an_impossible_world_are_refused_before_running(tmp_path, capsys):
    from model.ui.cli import main

    spec = tmp_path / "corner.toml"
    text = SPEC.format(root=ROOT).split("[uncertainties]")[0]
    spec.write_text(
        text + '[uncertainties]\n"enforcement.arrest_cap" = [0.01, 0.5]\n'
        '"enforcement.killed_per_arrest" = [0.0, 3.0]\n'
    )
    out = tmp_path / "s"
    assert main(["sensitivity", str(spec), "--out", str(out), "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "at the corner" in err and "[0.5, 3.0]" in err and err.count("\n") == 1
    assert not out.exists()
    spec.write_text("sensitivity = 3\n")  # a header that is not a table
    assert main(["sensitivity", str(spec), "--out", str(out), "--quiet"]) == 2
    assert "must be a [sensitivity] table" in capsys.readouterr().err
