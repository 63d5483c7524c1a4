"""No report prints NaN: a value that is not defined reads "n/a" (and null in JSON)."""

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from model.experiments.numbers import fmt

from .conftest import ROOT

NAN_WORD = re.compile(r"\bnan\b|\binf\b", re.IGNORECASE)


def printed_nan(text: str) -> list[str]:
    """Lines of ``text`` that print a NaN or an infinity ("nan", "+nan%", "inf")."""
    return [line for line in text.splitlines() if NAN_WORD.search(line)]


@pytest.mark.parametrize("value", [math.nan, np.nan, np.float64("nan"), math.inf, -math.inf, None])
def test_a_missing_number_is_n_a(value):
    for spec in (",.1f", "+,.0f", "+.1%", ".2f"):
        assert fmt(value, spec) == "n/a"


def test_a_number_keeps_its_format():
    assert fmt(-1234.56, "+,.1f") == "-1,234.6" and fmt(0.123, "+.1%") == "+12.3%"
    assert fmt(np.int64(7), ",.0f") == "7"


def test_sweep_report_prints_n_a_for_undefined_bands():
    from model.experiments.report import markdown

    table = pd.DataFrame(
        [
            {"arm": "a", "metric": "homicides", "horizon_year": 2025.0, "median": 10.0,
             "p10": 5.0, "p90": 20.0, "diff_median": 0.0, "diff_p10": 0.0, "diff_p90": 0.0},
            {"arm": "b", "metric": "homicides", "horizon_year": 2025.0, "median": math.nan,
             "p10": math.nan, "p90": math.nan, "diff_median": math.nan, "diff_p10": math.nan,
             "diff_p90": math.nan},
        ]
    )  # fmt: skip
    text = markdown(table, "a")
    assert printed_nan(text) == [] and "n/a [n/a to n/a]" in text


def test_event_study_headline_with_one_replicate_prints_n_a():
    from model.studies.event_study import summary_lines

    summary = {
        "split_probability": 0.5,
        "split_probability_p10_p90": [math.nan, math.nan],
        "split_probability_without_strike": math.nan,
        "extra_homicides_per_removal_2y": 12.0,
        "extra_homicides_per_removal_2y_se": math.nan,  # one removal
        "extra_homicides_per_removal_2y_se_by_replicate": math.nan,  # one replicate
        "extra_homicides_2y_median_removal": 12.0,
        "share_of_removals_raising_homicides": 1.0,
        "extra_homicides_per_removal_2y_median_p10_p90": [12.0, math.nan, math.nan],
    }
    text = "\n".join(summary_lines(summary))
    assert printed_nan(text) == [] and "standard error n/a" in text


def test_event_study_with_one_replicate_writes_no_nan(cli, tmp_path):
    """One replicate: no standard error across replicates; the files say so without NaN."""
    out = tmp_path / "es"
    scenario = ROOT / "scenarios" / "mexico_2006.toml"
    done = cli("event-study", scenario, "--quick", "--replicates", "1", "--workers", "1",
               "--out", out, "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert printed_nan((out / "event_study.md").read_text()) == []
    summary = json.loads((out / "summary.json").read_text())  # strict JSON: no NaN token
    assert "NaN" not in (out / "summary.json").read_text()
    assert summary["extra_homicides_per_removal_2y_se_by_replicate"] is None


def test_hypotheses_reports_print_n_a(tmp_path):
    from model.studies.cards import load_registry, registry_markdown
    from model.studies.hypotheses import CARDS, PRICE_CARDS, write_scan

    scan = pd.DataFrame(
        [
            {"cost_per_arrest_usd": c.arrest_price_usd, "arrests_per_week": math.nan,
             "programme_budget": 1.0, "card": c.key, "card_version": c.version,
             "fingerprint": c.fingerprint, "outcome": "homicides in the final year",
             "horizon_years": 10, "replicates": 20, "youth_median": math.nan,
             "arrests_median": 1.0, "effect": math.nan if k else 5.0,
             "ci_low": math.nan if k else 1.0, "ci_high": math.nan if k else 9.0,
             "verdict": "inconclusive"}
            for k, c in enumerate(PRICE_CARDS)
        ]
    )  # fmt: skip
    (tmp_path / "hypotheses.md").write_text("# Hypothesis cards\n")
    write_scan(scan, tmp_path)
    assert printed_nan((tmp_path / "hypotheses.md").read_text()) == []
    rows = pd.DataFrame(
        [{"card": c.key, "fingerprint": c.fingerprint, "effect": math.nan, "ci_low": math.nan,
          "ci_high": math.nan, "verdict": "inconclusive", "replicates": 20,
          "horizon_years": 10} for c in CARDS]
    )  # fmt: skip
    assert printed_nan(registry_markdown(load_registry(), rows)) == []


def test_committed_reports_print_no_nan():
    """Every committed markdown report and table of results."""
    found = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        if path.name in ("cli.md", "ODD.md"):  # they explain that NaN input is refused
            continue
        lines = printed_nan(path.read_text())
        if lines:
            found[str(path.relative_to(ROOT))] = lines[:3]
    assert found == {}
