"""Hypothesis cards: each claim of the source articles as a paired experiment.

A card states, before anything runs, the two arms (run on common random numbers), the
outcome, the horizon, the claimed direction and the decision rule:

    supported     if the 90% interval of the mean paired difference (treatment minus
                  control, replicate by replicate) excludes zero in the claimed direction;
    refuted       if it excludes zero in the other direction;
    inconclusive  otherwise.

The interval is a percentile bootstrap (2,000 resamples, seeded). The verdicts are
whatever the model produces; no mechanism is tuned to them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.compare import Comparison, run_arms
from model.experiments.parallel import process_pool
from model.experiments.run import atomic_write
from model.scenario import Scenario, load_scenario, shipped, with_overrides
from model.studies.costs import arrests_bought, budget_usd, cost_per_arrest_usd, equal_cost_levers
from model.units import WEEKS_PER_YEAR

BOOTSTRAP = 2000


@dataclass(frozen=True)
class Card:
    """One claim as a paired experiment."""

    key: str
    claim: str
    source: str
    treatment: dict[str, dict[str, Any]]  # section -> overrides on the baseline scenario
    control: dict[str, dict[str, Any]] = field(default_factory=dict)
    outcome: str = "homicides"
    reduce: str = "last_year"  # "last_year" (sum of the final 52 weeks), "total", "final"
    direction: int = 1  # +1: the claim says treatment raises the outcome; -1: lowers it
    note: str = ""

    def outcome_text(self) -> str:
        """The outcome in words."""
        how = {"last_year": "in the final year", "total": "summed over the run",
               "final": "at the end"}[self.reduce]  # fmt: skip
        return f"{self.outcome} {how}"


STRIKES = {"kingpin_strikes_per_year": 12.0, "kingpin_targeting": "largest"}
YOUTH_AT_EQUAL_COST, ARRESTS_AT_EQUAL_COST = equal_cost_levers()
CARDS: tuple[Card, ...] = (
    Card(
        "kingpin_backfire",
        "Leader strikes split cartels into more, more violent groups.",
        "seed articles on the kingpin strategy; Phillips (2015); Calderón et al. (2015)",
        treatment={"levers": STRIKES},
        outcome="homicides",
        direction=+1,
    ),
    Card(
        "kingpin_fragmentation",
        "Leader strikes multiply the groups.",
        "seed articles; Phillips (2015): new groups emerge after removals",
        treatment={"levers": STRIKES},
        outcome="active_cartels",
        reduce="final",
        direction=+1,
    ),
    Card(
        "diamonds_under_pressure",
        "Strong pressure pushes rivals into alliances or mergers.",
        "seed article 'diamonds under pressure'",
        treatment={"levers": {**STRIKES, "arrests_per_week": 330.0}},
        outcome="alliances_and_mergers",
        reduce="total",
        direction=+1,
    ),
    Card(
        "follow_the_money",
        "Anti-money-laundering starves cartels and lowers violence.",
        "seed articles on financial intelligence; Pol (2020) on AML reach",
        treatment={"levers": {"aml_seizure": 0.2, "laundering_cost": 0.2}},
        outcome="homicides",
        direction=-1,
    ),
    Card(
        "recruitment_is_the_lever",
        "Investing in youths lowers violence more than arrests of equal cost.",
        "Prieto-Curiel, Campedelli & Hope (2023); seed articles on youth programmes",
        treatment={"levers": YOUTH_AT_EQUAL_COST},
        control={"levers": ARRESTS_AT_EQUAL_COST},
        outcome="homicides",
        direction=-1,
        note="Equal cost (model/studies/costs.py): both arms spend JCF's 2020 budget, about "
        "US$1.19 billion a year, either on the programme itself (a year's stipend for each "
        "of its places, ages 18-29, places given at random among the eligible) or on extra "
        "arrest capacity charged only the prison-years an arrest leads to, at the low end "
        "of published prison costs; arrests get harder as members thin out, so the arrests "
        "made cost more than that. Every pricing choice favours arrests. (Before issue #14 "
        "the youth arm spread the budget over every at-risk youth.)",
    ),
    Card(
        "corruption_and_leaks",
        "Vetting the forces makes leader strikes work.",
        "seed articles on corruption and leaks",
        treatment={"levers": {**STRIKES, "vetting": 1.0}},
        control={"levers": STRIKES},
        outcome="leaders_removed",
        reduce="total",
        direction=+1,
    ),
    Card(
        "vacuums",
        "A destroyed group's territory draws new violence.",
        "seed articles on power vacuums; Osorio (2015); Dell (2015)",
        treatment={"levers": STRIKES},
        control={"levers": STRIKES, "territory": {"expansion_rate": 0.0}},
        outcome="homicides",
        direction=+1,
        note="A mechanism contrast: both arms strike 12 times a year, splitting and destroying "
        "groups; in the control no group moves into plazas that others left or hold weakly.",
    ),
    Card(
        "legitimacy_shield",
        "Handouts that buy local support shield a cartel from strikes.",
        "seed articles on narco-philanthropy",
        treatment={"levers": STRIKES, "economy": {"handout_share": 0.08}},
        control={"levers": STRIKES},
        outcome="leaders_removed",
        reduce="total",
        direction=-1,
        note="Handouts are a cartel behaviour, not a lever: both arms strike; the treatment "
        "arm's groups spend 8% of revenue on handouts instead of 2%.",
    ),
)


def arm(base: Scenario, overrides: dict[str, dict[str, Any]]) -> Scenario:
    """The baseline scenario with a card arm's overrides."""
    return with_overrides(base, **overrides) if overrides else base


def measure(comparison: Comparison, card: Card, arm_name: str) -> np.ndarray:
    """The card's outcome per replicate for one arm."""
    weekly = comparison.arms[arm_name][card.outcome][:, 1:]
    if card.reduce == "last_year":
        return weekly[:, -WEEKS_PER_YEAR:].sum(axis=1)
    if card.reduce == "total":
        return weekly.sum(axis=1)
    return weekly[:, -1]


def verdict(differences: np.ndarray, direction: int, seed: int = 0) -> dict[str, Any]:
    """Mean paired difference, its 90% bootstrap interval and the verdict."""
    rng = np.random.default_rng(seed)
    n = differences.size
    means = differences[rng.integers(0, n, size=(BOOTSTRAP, n))].mean(axis=1)
    low, high = np.quantile(means, [0.05, 0.95])
    if direction * low > 0 and direction * high > 0:
        result = "supported"
    elif direction * low < 0 and direction * high < 0:
        result = "refuted"
    else:
        result = "inconclusive"
    return {"effect": float(differences.mean()), "ci_low": float(low), "ci_high": float(high),
            "verdict": result}  # fmt: skip


def arm_key(overrides: dict[str, dict[str, Any]]) -> str:
    """A card arm's identity: two cards with the same overrides share one set of runs."""
    return json.dumps(overrides, sort_keys=True)


def runs_needed(cards: tuple[Card, ...], replicates: int) -> int:
    """Model runs ``run_cards`` makes: each distinct arm once per replicate."""
    keys = {arm_key(side) for card in cards for side in (card.treatment, card.control)}
    return len(keys) * replicates


def run_cards(
    base: Scenario,
    replicates: int,
    years: int,
    workers: int = 1,
    cards: tuple[Card, ...] = CARDS,
    progress: Callable[[int], Any] | None = None,
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Run every card; return the table and each card's per-replicate arm values.

    Arms shared by several cards (the baseline, the strike campaign, ...) run once: replicate
    k of every arm uses seed k, so every pair of arms is on common random numbers.
    """
    sides = {arm_key(side): side for card in cards for side in (card.treatment, card.control)}
    arms = {key: arm(base, overrides) for key, overrides in sides.items()}
    with process_pool(workers) if workers > 1 else nullcontext() as pool:
        runs = run_arms(arms, replicates, years * WEEKS_PER_YEAR, 0, workers, progress, pool)
    rows, values = [], {}
    for card in cards:
        treated = measure(runs, card, arm_key(card.treatment))
        control = measure(runs, card, arm_key(card.control))
        values[card.key] = (treated, control)
        rows.append(
            {
                "card": card.key,
                "claim": card.claim,
                "outcome": card.outcome_text(),
                "claimed_direction": "raises" if card.direction > 0 else "lowers",
                "horizon_years": years,
                "replicates": replicates,
                "treatment_median": float(np.median(treated)),
                "control_median": float(np.median(control)),
                **verdict(treated - control, card.direction),
            }
        )
    return pd.DataFrame(rows), values


def write_cards(
    table: pd.DataFrame, values: dict, out: str | Path, wall: float, cards: tuple = CARDS
) -> Path:
    """hypotheses.md, hypotheses.csv, a figure per card and metadata."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    by_key = {c.key: c for c in cards}
    lines = [
        "# Hypothesis cards\n",
        "Each card was stated before running: two arms on common random numbers (replicate k "
        "of both uses seed k), an outcome, a horizon and a claimed direction. Verdict: "
        "**supported** if the 90% bootstrap interval of the mean paired difference (treatment "
        "minus control) excludes zero in the claimed direction, **refuted** if it excludes "
        "zero the other way, **inconclusive** otherwise.\n",
        f"Wall time: {wall:.0f} s.\n",
    ]
    for row in table.itertuples():
        card = by_key[row.card]
        lines += [
            f"\n## {row.card}: {row.verdict}\n",
            f"- Claim: {card.claim} ({card.source})",
            f"- Treatment: `{json.dumps(card.treatment)}`; control: "
            f"`{json.dumps(card.control) if card.control else 'baseline'}`",
            f"- Outcome: {row.outcome}, {row.horizon_years} years, {row.replicates} paired "
            f"replicates; the claim says the treatment {row.claimed_direction} it",
            f"- Effect (mean paired difference): {row.effect:+,.1f} "
            f"[90% interval {row.ci_low:+,.1f} to {row.ci_high:+,.1f}]; medians: treatment "
            f"{row.treatment_median:,.1f}, control {row.control_median:,.1f}",
            f"\n![{row.card}](hypothesis_{row.card}.png)",
        ]
        if card.note:
            lines.insert(-1, f"- Note: {card.note}")
        treated, control = values[row.card]
        fig = Figure(figsize=(5, 3), dpi=100)
        ax = fig.add_subplot()
        ax.hist(treated - control, bins=min(20, max(5, len(treated) // 2)), color="#999999")
        ax.axvline(0, color="black", lw=0.8)
        ax.axvspan(row.ci_low, row.ci_high, color="#d62728", alpha=0.3, label="90% interval")
        ax.set_xlabel(f"paired difference in {row.outcome}")
        ax.set_title(f"{row.card}: {row.verdict}", fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        atomic_write(
            out / f"hypothesis_{row.card}.png", lambda p, f=fig: f.savefig(p, format="png")
        )
    atomic_write(out / "hypotheses.md", lambda p: p.write_text("\n".join(lines) + "\n"))
    atomic_write(out / "hypotheses.csv", lambda p: table.to_csv(p, index=False))
    return out


# Prices of an arrest (US$) the equal-cost card is re-run at: the card's own price
# (prison-years only, ~US$10,000) up to a hundred times more, for policing, courts and
# arrests that catch no cartel member.
ARREST_PRICES = (round(cost_per_arrest_usd()), 30_000.0, 100_000.0, 300_000.0, 1_000_000.0)


def price_cards(base: Scenario, prices: tuple[float, ...] = ARREST_PRICES) -> tuple[Card, ...]:
    """The recruitment card with its arrest arm bought at each price in ``prices``.

    The youth arm is the same at every price (the budget is fixed); the arrest arm gets
    status-quo arrests plus what the budget buys at that price.
    """
    card = next(c for c in CARDS if c.key == "recruitment_is_the_lever")
    return tuple(
        replace(
            card,
            key=f"arrest_at_{price:.0f}",
            control={"levers": {"arrests_per_week": arrests_bought(price, params=base.params)}},
        )  # fmt: skip
        for price in prices
    )


def scan_table(
    table: pd.DataFrame, cards: tuple[Card, ...], prices: tuple[float, ...]
) -> pd.DataFrame:
    """``equal_cost.csv``: the price cards' rows of a ``run_cards`` table, with their arms."""
    scan = table.reset_index(drop=True).copy()
    scan.insert(0, "cost_per_arrest_usd", list(prices))
    scan.insert(1, "arrests_per_week", [c.control["levers"]["arrests_per_week"] for c in cards])
    scan.insert(2, "programme_budget", [c.treatment["levers"]["programme_budget"] for c in cards])
    scan = scan.rename(columns={"treatment_median": "youth_median",
                                "control_median": "arrests_median"})  # fmt: skip
    return scan.drop(columns=["card", "claim", "claimed_direction"])


def run_report(
    base: Scenario,
    replicates: int,
    years: int,
    workers: int = 1,
    prices: tuple[float, ...] = ARREST_PRICES,
    progress: Callable[[int], Any] | None = None,
) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """The cards and the equal-cost price scan in one batch of runs (shared arms run once).

    Returns the cards' table, their per-replicate values and the scan table.
    """
    priced = price_cards(base, prices)
    table, values = run_cards(base, replicates, years, workers, CARDS + priced, progress)
    cards, scan = table.iloc[: len(CARDS)], table.iloc[len(CARDS) :]
    return cards, values, scan_table(scan, priced, prices)


def write_scan(scan: pd.DataFrame, out: str | Path) -> None:
    """equal_cost.csv, equal_cost.png and a section appended to hypotheses.md."""
    from matplotlib.figure import Figure

    out = Path(out)
    fig = Figure(figsize=(5.5, 3.2), dpi=100)
    ax = fig.add_subplot()
    x = scan["cost_per_arrest_usd"]
    ax.fill_between(x, scan["ci_low"], scan["ci_high"], color="#d62728", alpha=0.3,
                    label="90% interval")  # fmt: skip
    ax.plot(x, scan["effect"], "o-", color="#d62728", label="youth minus arrests")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("cost of one arrest (US$, log scale)")
    ax.set_ylabel("homicides, final year")
    ax.set_title("Equal budget: youth programme minus arrests", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    atomic_write(out / "equal_cost.png", lambda p: fig.savefig(p, format="png"))
    atomic_write(out / "equal_cost.csv", lambda p: scan.to_csv(p, index=False))
    lines = [
        "\n## Equal cost: the recruitment card at other prices of an arrest\n",
        f"Both arms spend US${budget_usd() / 1e9:.2f} billion a year (JCF 2020). Negative: "
        "the youth programme leaves fewer homicides than the arrests the same money buys.\n",
        "| cost per arrest (US$) | arrests a week | youth: homicides | arrests: homicides "
        "| difference [90% interval] | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for row in scan.itertuples():
        lines.append(
            f"| {row.cost_per_arrest_usd:,.0f} | {row.arrests_per_week:,.0f} | "
            f"{row.youth_median:,.0f} | {row.arrests_median:,.0f} | {row.effect:+,.0f} "
            f"[{row.ci_low:+,.0f} to {row.ci_high:+,.0f}] | {row.verdict} |"
        )
    lines.append("\n![equal cost](equal_cost.png)")
    report = out / "hypotheses.md"
    text = report.read_text() + "\n".join(lines) + "\n"
    atomic_write(report, lambda p: p.write_text(text))


def preset(name: str, replicates: int | None = None, years: int | None = None) -> dict[str, Any]:
    """Run size of a preset, with overrides.

    "full": 20 replicates, 10 years, five prices of an arrest; "quick": 3 replicates,
    2 years, two prices.
    """
    quick = name == "quick"
    return {
        "replicates": replicates or (3 if quick else 20),
        "years": years or (2 if quick else 10),
        "prices": ARREST_PRICES[::4] if quick else ARREST_PRICES,
    }


def baseline() -> Scenario:
    """The scenario every card starts from."""
    return load_scenario(shipped() / "baseline.toml")
