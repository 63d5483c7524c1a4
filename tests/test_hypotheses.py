"""Hypothesis cards: the decision rule, and the quick command end to end."""

import numpy as np
import pandas as pd
import pytest

from model.studies.hypotheses import CARDS, verdict

from .conftest import ROOT


@pytest.mark.parametrize(
    ("differences", "direction", "expected"),
    [
        (np.array([5.0, 6.0, 7.0, 5.5, 6.5]), +1, "supported"),
        (np.array([5.0, 6.0, 7.0, 5.5, 6.5]), -1, "refuted"),
        (np.array([-3.0, 4.0, -2.0, 3.0, 0.5]), +1, "inconclusive"),
        (np.array([-5.0, -6.0, -7.0]), -1, "supported"),
    ],
)
def test_decision_rule(differences, direction, expected):
    result = verdict(differences, direction)
    assert result["verdict"] == expected
    assert result["ci_low"] <= result["effect"] <= result["ci_high"]


def test_every_card_states_its_experiment_before_running():
    keys = [card.key for card in CARDS]
    assert len(set(keys)) == len(keys) >= 6
    for card in CARDS:
        assert card.claim and card.source and card.treatment
        assert card.direction in (-1, 1) and card.reduce in ("last_year", "total", "final")
        assert card.treatment != card.control


def test_quick_run_writes_a_verdict_and_figure_per_card(cli, tmp_path):
    out = tmp_path / "h"
    done = cli("hypotheses", "--quick", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "hypotheses.csv")
    assert list(table["card"]) == [card.key for card in CARDS]
    # each row names the registry version and fingerprint of the card that made it
    assert list(table["card_version"]) == [card.version for card in CARDS]
    assert list(table["fingerprint"]) == [card.fingerprint for card in CARDS]
    assert set(table["verdict"]) <= {"supported", "refuted", "inconclusive"}
    assert (table["ci_low"] <= table["ci_high"]).all()
    assert (table["replicates"] == 3).all() and (table["horizon_years"] == 2).all()
    text = (out / "hypotheses.md").read_text()
    assert "exploratory run, not the registered test" in text  # 2 years, registered at 10
    registry = (out / "registry.md").read_text()
    for card in CARDS:
        assert f"## {card.key}:" in text
        assert f"fingerprint `{card.fingerprint}`" in text
        assert f"## {card.key}, version {card.version} (current)" in registry
        assert (out / f"hypothesis_{card.key}.png").stat().st_size > 0
    check_price_scan(out)


def test_recruitment_card_arms_spend_the_same_budget():
    from model.params import Params
    from model.studies.costs import budget_usd, cost_per_arrest_usd

    card = next(c for c in CARDS if c.key == "recruitment_is_the_lever")
    youth_spend = card.treatment["levers"]["programme_budget"]
    extra = card.control["levers"]["arrests_per_week"] - Params().levers.arrests_per_week
    arrest_spend = extra * 52.0 * cost_per_arrest_usd()
    assert youth_spend == pytest.approx(budget_usd(), rel=1e-3)
    assert arrest_spend == pytest.approx(budget_usd(), rel=1e-3)
    assert 1e9 < budget_usd() < 1.5e9  # JCF 2020: MXN 25.6 billion


def check_price_scan(out):
    """The equal-cost card re-run at other prices of an arrest (part of the quick run)."""
    from model.studies.hypotheses import ARREST_PRICES

    scan = pd.read_csv(out / "equal_cost.csv")
    assert list(scan["cost_per_arrest_usd"]) == list(ARREST_PRICES[::4])
    assert scan["arrests_per_week"].is_monotonic_decreasing  # dearer arrests, fewer bought
    assert scan["youth_median"].nunique() == 1  # the youth arm does not depend on the price
    cards = pd.read_csv(out / "hypotheses.csv").set_index("card")
    # the scan at the card's own price is the card itself (same arms, same seeds)
    assert scan["effect"].iloc[0] == cards.loc["recruitment_is_the_lever", "effect"]
    assert "## Equal cost" in (out / "hypotheses.md").read_text()
    schema = (ROOT / "docs" / "output.md").read_text()
    for column in [*scan.columns, *cards.reset_index().columns]:
        assert f"`{column}`" in schema, column
    assert (out / "equal_cost.png").stat().st_size > 0


def test_shared_arms_run_once_and_give_the_same_pairs_as_compare():
    from model.experiments.compare import compare
    from model.studies.hypotheses import arm, baseline, measure, run_cards, runs_needed

    base = baseline()
    cards = tuple(c for c in CARDS if c.key in ("kingpin_backfire", "vacuums", "follow_the_money"))
    # baseline, strikes, strikes without expansion, AML: four arms, not six
    assert runs_needed(cards, 2) == 4 * 2
    _, values = run_cards(base, replicates=2, years=1, cards=cards)
    for card in cards:
        pair = compare(arm(base, card.treatment), arm(base, card.control), 2, steps=52)
        np.testing.assert_array_equal(values[card.key][0], measure(pair, card, "settings"))
        np.testing.assert_array_equal(values[card.key][1], measure(pair, card, "reference"))
