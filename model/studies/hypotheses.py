"""Hypothesis cards: each claim of the source articles as a paired experiment.

The cards are registered, with every earlier version, in ``model/studies/cards.toml``
(:mod:`model.studies.cards`). A card states, before it runs, the two arms (run on common
random numbers), the outcome, the horizon, the claimed direction and the decision rule:

    supported     if the 90% interval of the mean paired difference (treatment minus
                  control, replicate by replicate) excludes zero in the claimed direction;
    refuted       if it excludes zero in the other direction;
    inconclusive  otherwise.

The interval is a percentile bootstrap (2,000 resamples, seeded; each card's rule in the
registry gives these numbers). The verdicts are whatever the model produces; no mechanism
is tuned to them. Every output row carries the card's registry version and fingerprint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.compare import Comparison, run_arms
from model.experiments.numbers import fmt
from model.experiments.parallel import process_pool
from model.experiments.run import atomic_write
from model.scenario import Scenario, load_scenario, shipped, with_overrides
from model.studies.cards import Card, current, load_registry, registry_markdown
from model.studies.costs import budget_usd
from model.units import WEEKS_PER_YEAR

BOOTSTRAP = 2000


# the registry (model/studies/cards.toml): every version of every card; runs use the
# current versions, the price scan's variants apart
REGISTRY: tuple[Card, ...] = load_registry()
CARDS: tuple[Card, ...] = tuple(c for c in current(REGISTRY) if not c.scan)
PRICE_CARDS: tuple[Card, ...] = tuple(
    sorted((c for c in current(REGISTRY) if c.scan), key=lambda c: c.arrest_price_usd)
)


def registered_horizon(cards: tuple[Card, ...] = CARDS + PRICE_CARDS) -> int:
    """The horizon (years) the cards are registered at; one for all, as they run together.

    Raises:
        ValueError: cards registered at different horizons.
    """
    horizons = {c.horizon_years for c in cards}
    if len(horizons) != 1:
        raise ValueError(f"cards registered at different horizons: {sorted(horizons)}")
    return horizons.pop()


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


def verdict(
    differences: np.ndarray,
    direction: int,
    seed: int = 0,
    interval: float = 0.90,
    resamples: int = BOOTSTRAP,
) -> dict[str, Any]:
    """Mean paired difference, its bootstrap interval (90% by default) and the verdict."""
    rng = np.random.default_rng(seed)
    n = differences.size
    means = differences[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
    tail = round((1.0 - interval) / 2.0, 12)
    low, high = np.quantile(means, [tail, 1.0 - tail])
    if direction * low > 0 and direction * high > 0:
        result = "supported"
    elif direction * low < 0 and direction * high < 0:
        result = "refuted"
    else:
        result = "inconclusive"
    return {"effect": float(differences.mean()), "ci_low": float(low), "ci_high": float(high),
            "verdict": result}  # fmt: skip


ABLATION_HEADER = (
    "card,years,replicates,variant,effect,ci_low,ci_high,verdict,treatment_median,control_median"
)


def ablation_row(
    card: Card, variant: str, overrides: dict[str, dict[str, Any]], replicates: int, years: int,
    workers: int = 2,
) -> str:  # fmt: skip
    """One card rerun on the baseline with ``overrides``: a CSV row (``ABLATION_HEADER``).

    The ablation scripts (docs/fragmentation/ablation.py, docs/hypotheses/moved.py) switch
    one mechanism off at a time, nothing recalibrated: a diagnostic of direction.
    """
    base = with_overrides(baseline(), **overrides) if overrides else baseline()
    row = run_cards(base, replicates, years, workers=workers, cards=(card,))[0].iloc[0]
    return (
        f'{card.key},{years},{replicates},"{variant}",{row.effect:.1f},{row.ci_low:.1f},'
        f"{row.ci_high:.1f},{row.verdict},{row.treatment_median:.1f},{row.control_median:.1f}"
    )


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
    pool: Any = None,
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Run every card; return the table and each card's per-replicate arm values.

    Arms shared by several cards (the baseline, the strike campaign, ...) run once: replicate
    k of every arm uses seed k, so every pair of arms is on common random numbers. Each row
    carries the card's ``card_version`` and ``fingerprint`` from the registry. ``pool``: a
    process pool kept open by the caller (the robustness study's sets share one); else
    one is opened for ``workers > 1``. Results do not depend on it.
    """
    sides = {arm_key(side): side for card in cards for side in (card.treatment, card.control)}
    arms = {key: arm(base, overrides) for key, overrides in sides.items()}
    steps = years * WEEKS_PER_YEAR
    if pool is not None:
        runs = run_arms(arms, replicates, steps, 0, workers, progress, pool)
    else:
        with process_pool(workers) if workers > 1 else nullcontext() as own:
            runs = run_arms(arms, replicates, steps, 0, workers, progress, own)
    rows, values = [], {}
    for card in cards:
        treated = measure(runs, card, arm_key(card.treatment))
        control = measure(runs, card, arm_key(card.control))
        values[card.key] = (treated, control)
        rows.append(
            {
                "card": card.key,
                "card_version": card.version,
                "fingerprint": card.fingerprint,
                "claim": card.claim,
                "outcome": card.outcome_text(),
                "claimed_direction": "raises" if card.direction > 0 else "lowers",
                "horizon_years": years,
                "replicates": replicates,
                "treatment_median": float(np.median(treated)),
                "control_median": float(np.median(control)),
                **verdict(
                    treated - control,
                    card.direction,
                    card.rule.seed,
                    card.rule.interval,
                    card.rule.resamples,
                ),  # fmt: skip
            }
        )
    return pd.DataFrame(rows), values


def write_cards(
    table: pd.DataFrame, values: dict, out: str | Path, wall: float, cards: tuple = CARDS
) -> Path:
    """hypotheses.md, hypotheses.csv and a figure per card.

    Each card's section names its registry version and fingerprint; a run at another
    horizon than the registered one says so (it is exploratory, not the registered test).
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    by_key = {c.key: c for c in cards}
    lines = [
        "# Hypothesis cards\n",
        "Each card is registered in `model/studies/cards.toml` before it runs: two arms on "
        "common random numbers (replicate k of both uses seed k), an outcome, a horizon, a "
        "claimed direction and a decision rule. Verdict: **supported** if the 90% bootstrap "
        "interval of the mean paired difference (treatment minus control) excludes zero in "
        "the claimed direction, **refuted** if it excludes zero the other way, "
        "**inconclusive** otherwise. A card whose design changes gets a new version; every "
        "version, with the results committed while it was current, is in "
        "[registry.md](registry.md). Each row of hypotheses.csv carries the card's "
        "`card_version` and `fingerprint`.\n",
        f"Wall time: {wall:.0f} s.\n",
    ]
    for row in table.itertuples():
        card = by_key[row.card]
        lines += [
            f"\n## {row.card}: {row.verdict}\n",
            f"- Claim: {card.claim} ({card.source})",
            f"- Registered: version {card.version} of {card.registered} (commit "
            f"{card.commit}), fingerprint `{card.fingerprint}`",
            f"- Treatment: `{json.dumps(card.treatment)}`; control: "
            f"`{json.dumps(card.control) if card.control else 'baseline'}`",
            f"- Outcome: {row.outcome}, {row.horizon_years} years, {row.replicates} paired "
            f"replicates; the claim says the treatment {row.claimed_direction} it",
            f"- Effect (mean paired difference): {fmt(row.effect, '+,.1f')} "
            f"[{card.rule.interval:.0%} interval {fmt(row.ci_low, '+,.1f')} to "
            f"{fmt(row.ci_high, '+,.1f')}]; medians: treatment "
            f"{fmt(row.treatment_median)}, control {fmt(row.control_median)}",
            f"\n![{row.card}](hypothesis_{row.card}.png)",
        ]
        if row.horizon_years != card.horizon_years:
            lines.insert(
                -1,
                f"- Horizon: {row.horizon_years} years here, registered at "
                f"{card.horizon_years}: an exploratory run, not the registered test",
            )
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


def write_registry(out: str | Path, *tables: pd.DataFrame) -> Path:
    """registry.md: every version of every card, current ones with this run's results.

    ``tables``: this run's ``run_cards`` tables (the cards, the price scan); a current
    version gets the row whose fingerprint is its own.
    """
    path = Path(out) / "registry.md"
    latest = pd.concat([t for t in tables if len(t)], ignore_index=True) if tables else None
    text = registry_markdown(REGISTRY, latest)
    atomic_write(path, lambda p: p.write_text(text))
    return path


# Prices of an arrest (US$) the equal-cost card is re-run at (registered as the price
# cards): the card's own price (prison-years only, ~US$10,000) up to a hundred times
# more, for policing, courts and arrests that catch no cartel member.
ARREST_PRICES: tuple[float, ...] = tuple(c.arrest_price_usd for c in PRICE_CARDS)


def price_cards(prices: tuple[float, ...] = ARREST_PRICES) -> tuple[Card, ...]:
    """The registered price cards at ``prices``: the recruitment card's arrest arm bought there.

    The youth arm is the same at every price (the budget is fixed); the arrest arm gets
    status-quo arrests plus what the budget buys at that price (``costs.arrests_bought``;
    ``tests/test_cards.py`` checks the registered arms against it).

    Raises:
        ValueError: a price no card is registered at.
    """
    by_price = {c.arrest_price_usd: c for c in PRICE_CARDS}
    missing = [p for p in prices if p not in by_price]
    if missing:
        raise ValueError(f"no price card registered at {missing}; registered: {ARREST_PRICES}")
    return tuple(by_price[p] for p in prices)


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
    return scan.drop(columns=["claim", "claimed_direction"])


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
    priced = price_cards(prices)
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
        "the youth programme leaves fewer homicides than the arrests the same money buys. "
        "Each price is a registered card (`arrest_at_...` in [registry.md](registry.md)).\n",
        "| cost per arrest (US$) | arrests a week | youth: homicides | arrests: homicides "
        "| difference [90% interval] | verdict | card (version) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in scan.itertuples():
        lines.append(
            f"| {fmt(row.cost_per_arrest_usd, ',.0f')} | {fmt(row.arrests_per_week, ',.0f')} | "
            f"{fmt(row.youth_median, ',.0f')} | {fmt(row.arrests_median, ',.0f')} | "
            f"{fmt(row.effect, '+,.0f')} [{fmt(row.ci_low, '+,.0f')} to "
            f"{fmt(row.ci_high, '+,.0f')}] | {row.verdict} | {row.card} ({row.card_version}) |"
        )
    lines.append("\n![equal cost](equal_cost.png)")
    report = out / "hypotheses.md"
    text = report.read_text() + "\n".join(lines) + "\n"
    atomic_write(report, lambda p: p.write_text(text))


def preset(name: str, replicates: int | None = None, years: int | None = None) -> dict[str, Any]:
    """Run size of a preset, with overrides.

    "full": 20 replicates, the registered horizon (10 years), five prices of an arrest;
    "quick": 3 replicates, 2 years, two prices (exploratory: not the registered horizon).
    """
    quick = name == "quick"
    return {
        "replicates": replicates or (3 if quick else 20),
        "years": years or (2 if quick else registered_horizon()),
        "prices": ARREST_PRICES[::4] if quick else ARREST_PRICES,
    }


def baseline() -> Scenario:
    """The scenario every card starts from."""
    return load_scenario(shipped() / "baseline.toml")
