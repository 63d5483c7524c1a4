"""Verdict robustness (issue #17 part 2): every card rerun across parameter sets drawn from
the plausible ranges; shares of the space where each verdict holds and the parameters
that decide it."""

import numpy as np
import pandas as pd

from model.experiments.sensitivity import integer_keys, load_sensitivity
from model.studies.robustness import draw_sets, overrides, summarize

from .conftest import ROOT

SPEC = ROOT / "sweeps" / "robustness.toml"


def test_sets_are_a_latin_hypercube_inside_the_ranges():
    spec = load_sensitivity(SPEC)
    draws = draw_sets(spec, 8, seed=0)
    assert list(draws.columns) == spec.names and len(draws) == 8
    integers = integer_keys()
    for name, (low, high) in zip(spec.names, spec.bounds):
        values = draws[name].to_numpy()
        assert (values >= low).all() and (values <= high).all()
        if name in integers:  # rounded draws: evenness is tested on max_factions below
            assert (values == np.round(values)).all(), name
            continue
        # one draw in each eighth of the range: a Latin hypercube, not 8 random points
        bins = np.floor((values - low) / (high - low) * 8).clip(0, 7)
        assert sorted(bins) == list(range(8))
    assert draws.equals(draw_sets(spec, 8, seed=0))
    assert overrides(draws.iloc[0])["conflict"]["crowding"] == draws.iloc[0]["conflict.crowding"]


def test_the_spec_draws_every_declared_uncertainty_from_its_plausible_span():
    """`"*" = "plausible"` is every uncertainty of model/params.py at its declared span."""
    from model.params import plausible_spans

    spec = load_sensitivity(SPEC)
    spans = plausible_spans()
    assert spec.names == list(spans)
    assert [tuple(b) for b in spec.bounds] == list(spans.values())
    # integers (the factions of a split, a gang's size) are drawn as integers
    row = draw_sets(spec, 4, seed=1).iloc[2]
    sections = overrides(row)
    assert isinstance(sections["organization"]["max_factions"], int)
    assert sections["organization"]["max_factions"] == row["organization.max_factions"]
    # every integer value of a span is equally likely, the ends included
    counts = draw_sets(spec, 100, seed=2)["organization.max_factions"].value_counts()
    assert sorted(counts.index) == [2, 3, 4, 5, 6] and counts.min() >= 18
    assert isinstance(sections["conflict"]["crowding"], float)


def test_plausible_in_a_spec_is_the_declared_span_and_errors_are_clear(tmp_path):
    from model.params import plausible_spans
    from model.scenario import ScenarioError

    head = f'[sensitivity]\nscenario = "{ROOT / "scenarios" / "baseline.toml"}"\n'
    path = tmp_path / "spec.toml"
    path.write_text(head + '[uncertainties]\n"conflict.crowding" = "plausible"\n'
                    '"conflict.truce_rate" = [0.05, 0.2]\n')  # fmt: skip
    spec = load_sensitivity(path)
    assert spec.bounds == [list(plausible_spans()["conflict.crowding"]), [0.05, 0.2]]
    for body, message in (
        ('"conflict.mixing" = "plausible"\n"conflict.crowding" = [0.5, 1.0]', "a setting"),
        ('"levers.aml_seizure" = "plausible"\n"conflict.crowding" = [0.5, 1.0]', "levers are"),
        ('"conflict.crowdin" = "plausible"\n"conflict.crowding" = [0.5, 1.0]', "no such"),
        (
            '"conflict.crowding" = "Plausible"\n"conflict.truce_rate" = [0.05, 0.2]',
            'or "plausible"',
        ),
        ('"*" = "all"', 'allowed: "plausible"'),
    ):
        path.write_text(head + "[uncertainties]\n" + body + "\n")
        try:
            load_sensitivity(path)
        except ScenarioError as err:
            assert message in str(err) and str(path) in str(err)
        else:
            raise AssertionError(body)


def test_summary_shares_and_deciding_parameter():
    draws = pd.DataFrame({"a.x": [0.0, 1.0, 2.0, 3.0], "a.y": [1.0, 0.0, 1.0, 0.0]})
    effects = pd.DataFrame(
        {
            "set": [0, 1, 2, 3],
            "card": ["c"] * 4,
            "claimed_direction": ["raises"] * 4,
            "effect": [-1.0, 1.0, 2.0, 3.0],  # rises with a.x
            "verdict": ["refuted", "inconclusive", "supported", "supported"],
        }
    )
    row = summarize(draws, effects).iloc[0]
    assert row.share_claimed_sign == 0.75 and row.share_supported == 0.5
    assert row.share_refuted == 0.25 and row.deciding_parameters.startswith("a.x +1.00")


def test_robustness_quick_writes_the_verdict_map(cli, tmp_path):
    out = tmp_path / "rob"
    done = cli("hypotheses", "--robustness", SPEC, "--quick", "--sets", "2", "--out", out,
               "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = pd.read_csv(out / "robustness.csv")
    assert len(summary) == 8 and summary["sets"].eq(2).all()
    shares = summary[["share_supported", "share_inconclusive", "share_refuted"]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    for name in ("robustness.md", "verdict_map.png", "effects.csv", "sets.csv"):
        assert (out / name).stat().st_size > 0
    bad = cli("hypotheses", "--robustness", tmp_path / "missing.toml", "--out", out, "--quiet")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_the_chance_level_separates_a_real_dependence_from_noise():
    """With many parameters and few sets the largest |rho| of noise is large; a parameter
    that drives the effect stands above it, noise does not (in most draws)."""
    from model.studies.robustness import chance_level

    rng = np.random.default_rng(3)
    values = rng.random((64, 84))
    noise = rng.normal(size=64)
    level = chance_level(values, noise)
    assert 0.3 < level < 0.55  # ~ the 95th percentile of the max of 84 |rho| at n = 64
    driven = values[:, 5] + 0.1 * rng.normal(size=64)
    draws = pd.DataFrame(values, columns=[f"a.p{i}" for i in range(84)])
    effects = pd.DataFrame(
        {"set": range(64), "card": "c", "claimed_direction": "raises", "effect": driven,
         "verdict": "supported"}
    )  # fmt: skip
    row = summarize(draws, effects).iloc[0]
    assert row.above_chance.split("; ")[0] == "a.p5" and abs(row.chance_rho - level) < 0.05
    # pure noise: a parameter stands above the chance level in about 5% of cards
    effects = pd.concat(effects.assign(card=f"c{k}", effect=rng.normal(size=64)) for k in range(20))
    flagged = summarize(draws, effects)["above_chance"].fillna("").astype(bool).sum()
    assert flagged <= 4


def test_a_results_folder_is_resummarized_from_its_files(tmp_path):
    from model.studies.robustness import resummarize, write_robustness

    draws = pd.DataFrame({"a.x": [0.0, 1.0, 2.0, 3.0], "a.y": [1.0, 0.0, 1.0, 0.0]})
    effects = pd.DataFrame(
        {"set": [0, 1, 2, 3], "card": ["c"] * 4, "claimed_direction": ["raises"] * 4,
         "effect": [-1.0, 1.0, 2.0, 3.0],
         "verdict": ["refuted", "inconclusive", "supported", "supported"]}
    )  # fmt: skip
    settings = {"sets": 4, "seed": 0, "spec": "x.toml", "replicates": 2, "years": 1, "wall_s": 1}
    first = write_robustness(draws, effects, tmp_path, settings)
    text = (tmp_path / "robustness.md").read_text()
    (tmp_path / "robustness.md").unlink()
    again = resummarize(tmp_path)
    pd.testing.assert_frame_equal(first, again)
    assert (tmp_path / "robustness.md").read_text() == text


def test_resummarize_from_the_command_line_refuses_a_folder_that_is_not_one(tmp_path, capsys):
    from model.studies.robustness import main

    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "sets.csv" in err and "Traceback" not in err
