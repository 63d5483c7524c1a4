"""The hypothesis card registry: versions, fingerprints, history, and the committed verdicts."""

import re
import shutil
import subprocess

import pandas as pd
import pytest

from model.studies.cards import (
    REGISTRY,
    RegistryError,
    current,
    fingerprint,
    load_registry,
    registry_markdown,
    stale_fingerprints,
)

from .conftest import ROOT

COMMITTED = ROOT / "docs" / "hypotheses"


def test_every_stored_fingerprint_is_its_design():
    """A card edited in place (arms, outcome, horizon, rule) fails here: make a new version."""
    stale = stale_fingerprints(load_registry())
    assert stale == [], (
        "a card's design changed without a new version: add a version to "
        "model/studies/cards.toml (mark the old one superseded, say what changed) with the "
        "fingerprint given here\n" + "\n".join(stale)
    )


def test_an_edit_in_place_is_caught(tmp_path):
    edited = tmp_path / "cards.toml"
    text = REGISTRY.read_text()
    assert text.count("programme_budget = 1191353488.0") >= 1
    edited.write_text(text.replace("programme_budget = 1191353488.0", "programme_budget = 2e9", 1))
    stale = stale_fingerprints(load_registry(edited))
    assert len(stale) == 1 and stale[0].startswith("recruitment_is_the_lever v3")
    # wording is not design: a corrected claim keeps the fingerprint
    reworded = tmp_path / "reworded.toml"
    reworded.write_text(text.replace("Leader strikes multiply the groups.", "Strikes multiply."))
    assert stale_fingerprints(load_registry(reworded)) == []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('status = "superseded"', 'status = "current"', 1), "only it"),
        (lambda t: t.replace("version = 3", "version = 4", 1), "versions [1, 2, 4]"),
        (lambda t: t.replace("horizon_years = 10\n", "horizon_years = 10\nx = 1\n", 1), "unknown"),
        (lambda t: t.replace('reduce = "final"', 'reduce = "mean"', 1), "reduce must be"),
    ],
)
def test_a_malformed_registry_is_refused(tmp_path, edit, message):
    broken = tmp_path / "cards.toml"
    broken.write_text(edit(REGISTRY.read_text()))
    with pytest.raises(RegistryError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_registry(broken)


def test_history_keeps_every_version_of_the_redesigned_cards():
    cards = load_registry()
    versions = {}
    for card in cards:
        versions.setdefault(card.key, []).append(card)
    recruitment = versions["recruitment_is_the_lever"]
    assert [c.version for c in recruitment] == [1, 2, 3]
    assert [c.status for c in recruitment] == ["superseded", "superseded", "current"]
    v1, v2, v3 = recruitment
    # the first design: US$2,600 for every at-risk youth against doubled arrests, supported
    assert v1.treatment == {"levers": {"youth_investment": 2600.0}}
    assert (v1.results[0].commit, v1.results[0].verdict) == ("696bb5e", "supported")
    assert v1.results[0].effect == pytest.approx(-2802.65)
    # the thin spread of the budget over every at-risk youth, refuted in every committed run
    assert v2.treatment == {"levers": {"youth_investment": 215.26}}
    assert {r.verdict for r in v2.results} == {"refuted"} and len(v2.results) == 4
    # the programme with places (issue #14): no result committed yet
    assert v3.treatment == {"levers": {"programme_budget": 1191353488.0}} and not v3.results
    for card in cards:
        assert card.registered and card.commit and card.claim and card.source
        if card.version > 1:
            assert card.change, f"{card.key} v{card.version} does not say what changed"
    assert len({fingerprint(c) for c in recruitment}) == 3


def test_registered_commits_are_in_this_history():
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for card in load_registry():
        for commit in {card.commit, *(r.commit for r in card.results)}:
            done = subprocess.run(
                [git, "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"],
                capture_output=True,
            )
            assert done.returncode == 0, f"{card.key} v{card.version}: no commit {commit}"


def test_the_equal_cost_arms_are_what_costs_py_computes():
    """The registered arms are literal numbers; the pricing code must still give them."""
    from model.studies.costs import arrests_bought, cost_per_arrest_usd, equal_cost_levers
    from model.studies.hypotheses import CARDS, PRICE_CARDS

    card = next(c for c in CARDS if c.key == "recruitment_is_the_lever")
    youth, arrests = equal_cost_levers()
    assert card.treatment == {"levers": youth} and card.control == {"levers": arrests}
    assert PRICE_CARDS[0].arrest_price_usd == round(cost_per_arrest_usd())
    assert fingerprint(PRICE_CARDS[0]) == fingerprint(card)  # the scan's first price is the card
    for priced in PRICE_CARDS:
        assert priced.treatment == card.treatment
        bought = arrests_bought(priced.arrest_price_usd)
        assert priced.control == {"levers": {"arrests_per_week": bought}}, priced.key


def committed_tables() -> list[pd.DataFrame]:
    return [pd.read_csv(COMMITTED / name) for name in ("hypotheses.csv", "equal_cost.csv")]


def not_made_by(table: pd.DataFrame, registered: tuple, replicates: int) -> list[str]:
    """How a results table differs from what ``registered`` cards make at full size."""
    made = list(zip(table["card"], table["card_version"], table["fingerprint"]))
    wanted = [(c.key, c.version, c.fingerprint) for c in registered]
    problems = [f"made by {m}, registered {w}" for m, w in zip(made, wanted) if m != w]
    if len(made) != len(wanted):
        problems.append(f"{len(made)} rows for {len(wanted)} cards")
    for card, row in zip(registered, table.itertuples()):
        if row.horizon_years != card.horizon_years:
            problems.append(f"{card.key}: {row.horizon_years} years, registered at "
                            f"{card.horizon_years}")  # fmt: skip
        if row.replicates != replicates:
            problems.append(f"{card.key}: {row.replicates} replicates, not {replicates}")
    return problems


def test_the_committed_verdicts_come_from_the_current_cards():
    """docs/hypotheses/ was made by the registry's current cards, at their registered horizon.

    A card changed without rerunning `cartelsim hypotheses --out docs/hypotheses` fails here.
    """
    from model.studies.hypotheses import CARDS, PRICE_CARDS, preset

    cards, scan = committed_tables()
    if "fingerprint" not in cards.columns:
        pytest.skip(
            "docs/hypotheses/hypotheses.csv predates the registry's card_version and "
            "fingerprint columns (it was made by recruitment_is_the_lever v2 and the price "
            "cards v1, see registry.md); this test binds from the next full run, "
            "`cartelsim hypotheses --out docs/hypotheses`"
        )
    replicates = preset("full")["replicates"]
    assert not_made_by(cards, CARDS, replicates) == []
    assert not_made_by(scan, PRICE_CARDS, replicates) == []


def test_the_committed_verdicts_check_fails_on_a_stale_table():
    from model.studies.hypotheses import CARDS

    rows = [
        {"card": c.key, "card_version": c.version, "fingerprint": c.fingerprint,
         "horizon_years": 10, "replicates": 20}
        for c in CARDS
    ]  # fmt: skip
    table = pd.DataFrame(rows)
    assert not_made_by(table, CARDS, 20) == []
    table.loc[4, "fingerprint"] = "0123456789abcdef"  # a run of another design
    table.loc[0, "horizon_years"] = 2  # a quick run
    problems = not_made_by(table, CARDS, 20)
    assert len(problems) == 2 and "recruitment_is_the_lever" in problems[0]


def test_registry_markdown_lists_every_version(cli, tmp_path):
    out = tmp_path / "registry.md"
    done = cli("cards", "--out", out)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    for card in load_registry():
        assert f"## {card.key}, version {card.version} ({card.status})" in text
        assert f"`{card.fingerprint}`" in text
    assert "not recorded" in text  # recruitment v3 has no committed result yet
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    committed = (COMMITTED / "registry.md").read_text()
    for card in load_registry():
        assert f"## {card.key}, version {card.version} ({card.status})" in committed
        assert f"`{card.fingerprint}`" in committed


def test_a_result_table_gives_current_versions_their_latest_result():
    current_cards = current(load_registry())
    card = current_cards[0]
    row = {"card": card.key, "card_version": card.version, "fingerprint": card.fingerprint,
           "effect": 12.5, "ci_low": 1.0, "ci_high": 20.0, "verdict": "supported",
           "replicates": 3, "horizon_years": 2}  # fmt: skip
    text = registry_markdown(load_registry(), pd.DataFrame([row]))
    assert "+12.5, supported (this run; exploratory: registered at 10 years)" in text
    stale = registry_markdown(load_registry(), pd.DataFrame([{**row, "fingerprint": "x"}]))
    assert "+12.5" not in stale
