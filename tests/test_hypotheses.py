"""Hypothesis cards: the decision rule, and the quick command end to end."""

import numpy as np
import pandas as pd
import pytest

from model.hypotheses import CARDS, verdict


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
    assert set(table["verdict"]) <= {"supported", "refuted", "inconclusive"}
    assert (table["ci_low"] <= table["ci_high"]).all()
    assert (table["replicates"] == 3).all() and (table["horizon_years"] == 2).all()
    text = (out / "hypotheses.md").read_text()
    for card in CARDS:
        assert f"## {card.key}:" in text
        assert (out / f"hypothesis_{card.key}.png").stat().st_size > 0
