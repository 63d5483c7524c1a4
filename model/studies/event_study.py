"""Event study of leader removals, measured the way the empirical literature measures it.

For each leader removal in a run (a sample of them, ``removals`` per replicate), the
factual is the run itself and the counterfactual a copy of the model made at the start of
the strike's week, run on the same random-number state with that one removal left out
(the strike's draws are made, the leader stays). A copy run without the veto reproduces
the run exactly (tested), so the two differ by that removal and what follows from it.
Everything else, every other strike included, is the same scenario with the same seed.

Homicides are compared month by month (a month is 52/12 weeks) in three places, fixed
at the moment of the strike:

- ``strike_state``: the state where the strike happened;
- ``same_cartel_other_states``: the other states where the cartel had members;
- ``neighbour_states``: land neighbours of the strike state not in the two above.

The relative change of a place and window (months 1-6 and 7-12 after the strike) pools
the replicate's removals: sum(factual - counterfactual) / sum(counterfactual). Bands are
the 10th and 90th percentiles across replicates; ``change_median`` their median. The six
months before are the same run in both branches (change zero by construction), shown in
the figure as the event-study baseline. Also per removal: whether the group split in
the year from the removal week (in both branches), and the extra homicides over the two
years after it (all states).

Empirical counterparts: Calderón, Robles, Díaz-Cayeros & Magaloni (2015), J. Conflict
Resolution 59:1455 (homicides rise after captures/killings in the municipality and its
neighbours); Phillips (2015), J. Politics 77:324; Dickenson (2014), J. Quant. Criminol.
30:651 (the home state suffers more than the strike location).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.numbers import fmt
from model.experiments.parallel import run_all
from model.experiments.run import atomic_write, json_ready, run_metadata
from model.metrics import band
from model.model import CartelModel
from model.scenario import Scenario
from model.units import WEEKS_PER_YEAR

PLACES = ("strike_state", "same_cartel_other_states", "neighbour_states")
WINDOWS = {"1-6": (1, 6), "7-12": (7, 12)}
MONTHS_BEFORE, MONTHS_AFTER = 6, 12
HORIZON = 2 * WEEKS_PER_YEAR  # weeks each branch runs after the strike (extra deaths)
BEFORE = int(np.ceil(MONTHS_BEFORE * WEEKS_PER_YEAR / 12))  # weeks of history kept
MONTHS = [m for m in range(-MONTHS_BEFORE, MONTHS_AFTER + 1) if m != 0]


def month_of(offset: np.ndarray) -> np.ndarray:
    """Event month of a week offset from the strike week (0 -> month 1, -1 -> month -1)."""
    month = np.floor(offset * 12 / WEEKS_PER_YEAR).astype(int)
    return np.where(offset >= 0, month + 1, month)


def _weekly_homicides(model: CartelModel, first: int) -> np.ndarray:
    """Homicides by state (weeks x states) for steps ``first`` onward."""
    return np.stack([row["homicides"] for row in model.state_rows[first:]]).astype(float)


def _places(model: CartelModel, cartel_id: int, state: int) -> dict[str, np.ndarray]:
    """The three places of a strike, as state masks, at the moment of the strike."""
    cartel = next(c for c in model.cartels if c.unique_id == cartel_id)
    strike = np.zeros(model.world.n, dtype=bool)
    strike[state] = True
    own = (cartel.presence > 0) & ~strike
    near = np.zeros(model.world.n, dtype=bool)
    near[model.world.neighbours(state)] = True
    near &= ~strike & ~own
    return {"strike_state": strike, "same_cartel_other_states": own, "neighbour_states": near}


def _split_within(events: list[dict[str, Any]], cartel_id: int, week: int) -> bool:
    """True if the group split in the year from ``week``.

    A contested succession is fought for months before the split.
    """
    return any(
        e["kind"] == "split" and e["cartel_id"] == cartel_id and week <= e["step"] < week + 52
        for e in events
    )


def _monthly(weekly: np.ndarray, months: np.ndarray) -> list[float]:
    """Weekly totals summed into event months -6..-1, 1..12 (``MONTHS``)."""
    keep = (months >= -MONTHS_BEFORE) & (months <= MONTHS_AFTER)
    return (
        pd.Series(weekly[keep]).groupby(months[keep]).sum().reindex(MONTHS, fill_value=0.0).tolist()
    )


def study_replicate(
    scenario: Scenario, seed: int, steps: int, removals: int | None
) -> list[dict[str, Any]]:
    """One replicate: each sampled removal against the same run without it.

    The factual is the run itself, continued ``HORIZON`` weeks past ``steps`` so that late
    removals have their two years; removals are drawn from the first ``steps`` weeks.
    Returns one record per studied removal with the monthly homicides of both branches by
    place (months -6..-1 shared, 1..12 per branch), the split, and the two-year totals.
    """
    model = CartelModel(scenario, rng=seed, people=False).run(steps + HORIZON)
    events = [e for e in model.events if e["kind"] == "leader_removed" and e["step"] <= steps]
    factual = _weekly_homicides(model, 0)  # row k: step k (row 0 is the initial state)
    if removals is not None and len(events) > removals:
        pick = np.random.default_rng([seed, 2024]).choice(len(events), removals, replace=False)
        events = [events[i] for i in sorted(pick)]
    replay = CartelModel(scenario, rng=seed, people=False)
    records = []
    for event in events:
        week, cartel_id = event["step"], event["cartel_id"]  # removed during step ``week``
        replay.run(week - 1 - int(replay.time))  # now at the start of that week
        places = _places(replay, cartel_id, replay.world.index[event["state"]])
        counterfactual = copy.deepcopy(replay)  # same state, same random-number state
        counterfactual.veto = (week, cartel_id)
        counterfactual.run(HORIZON)
        after = {
            "factual": factual[week : week + HORIZON],
            "counterfactual": _weekly_homicides(counterfactual, week),
        }
        before = factual[max(week - BEFORE, 1) : week]  # the same run in both branches
        months = month_of(np.arange(-len(before), HORIZON))
        record = {
            "seed": seed,
            "step": week,
            "year": event["year"],
            "cartel": event["cartel"],
            "cartel_id": cartel_id,
            "state": event["state"],
            "split": _split_within(model.events, cartel_id, week),
            "split_without_strike": _split_within(counterfactual.events, cartel_id, week),
            "extra_homicides_2y": float(after["factual"].sum() - after["counterfactual"].sum()),
        }
        for place, mask in places.items():
            record[f"n_{place}"] = int(mask.sum())
            for name, weeks in after.items():
                weekly = np.vstack([before, weeks])[:, mask].sum(axis=1)
                record[f"{place}_{name}"] = _monthly(weekly, months)
        records.append(record)
    return records


def preset(
    name: str, scenario: Scenario, replicates: int | None = None, removals: int | None = None,
    steps: int | None = None,
) -> dict[str, int]:  # fmt: skip
    """Run size of a preset, with overrides.

    "full": 10 replicates, 20 removals each, the scenario's horizon; "quick": 2
    replicates, 3 removals each, at most the first 3 years.
    """
    quick = name == "quick"
    return {
        "replicates": replicates or (2 if quick else 10),
        "removals": removals or (3 if quick else 20),
        "steps": steps or (min(scenario.steps, 3 * WEEKS_PER_YEAR) if quick else scenario.steps),
    }


def run_event_study(
    scenario: Scenario,
    replicates: int,
    seed: int = 0,
    steps: int | None = None,
    removals: int | None = 20,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
) -> list[dict[str, Any]]:
    """Every replicate's studied removals (replicate k uses seed + k)."""
    steps = scenario.steps if steps is None else steps
    tasks = [(scenario, seed + k, steps, removals) for k in range(replicates)]
    return [r for batch in run_all(study_replicate, tasks, workers, progress) for r in batch]


def _pooled(group: pd.DataFrame, place: str, months: list[int]) -> float:
    """sum(factual - counterfactual) / sum(counterfactual) over removals and months."""
    index = [MONTHS.index(m) for m in months]
    factual = np.array(group[f"{place}_factual"].tolist())[:, index].sum()
    counter = np.array(group[f"{place}_counterfactual"].tolist())[:, index].sum()
    return float((factual - counter) / counter) if counter > 0 else float("nan")


def _percent(value: float) -> str:
    """A change as a signed percentage, or "n/a" when there is none (NaN)."""
    return fmt(value, "+.1%")


def _band(values: list[float]) -> dict[str, float]:
    """The band across replicates, as ``change_median``, ``change_p10``, ``change_p90``."""
    return {f"change_{k}": v for k, v in band(values).items()}


def summarize(records: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """``event_study.csv`` rows, the monthly curve, and the headline numbers."""
    frame = pd.DataFrame(records)
    by_seed = list(frame.groupby("seed"))
    rows, curve = [], []
    for place in PLACES:
        for window, (first, last) in WINDOWS.items():
            months = list(range(first, last + 1))
            values = [_pooled(g, place, months) for _, g in by_seed]
            rows.append({"place": place, "window": window, **_band(values)})
        for month in MONTHS:
            values = [_pooled(g, place, [month]) for _, g in by_seed]
            curve.append({"place": place, "month": month, **_band(values)})
    per_seed = frame.groupby("seed").agg(
        split=("split", "mean"), extra=("extra_homicides_2y", "mean")
    )
    summary = {
        "replicates": int(frame["seed"].nunique()),
        "removals_studied": len(frame),
        "split_probability": float(frame["split"].mean()),
        "split_probability_p10_p90": [float(q) for q in per_seed["split"].quantile([0.1, 0.9])],
        "split_probability_without_strike": float(frame["split_without_strike"].mean()),
        "extra_homicides_per_removal_2y": float(frame["extra_homicides_2y"].mean()),
        "extra_homicides_per_removal_2y_se": float(
            frame["extra_homicides_2y"].std() / np.sqrt(len(frame))
        )
        if len(frame) > 1
        else float("nan"),
        # removals of one replicate share its history, so they are not independent: the
        # standard error of the mean of the replicates' means (clustered by replicate)
        "extra_homicides_per_removal_2y_se_by_replicate": float(
            per_seed["extra"].std() / np.sqrt(len(per_seed))
        )
        if len(per_seed) > 1
        else float("nan"),
        "extra_homicides_2y_median_removal": float(frame["extra_homicides_2y"].median()),
        "share_of_removals_raising_homicides": float((frame["extra_homicides_2y"] > 0).mean()),
        "extra_homicides_per_removal_2y_median_p10_p90": [
            float(q) for q in per_seed["extra"].quantile([0.5, 0.1, 0.9])
        ],
    }
    return pd.DataFrame(rows), pd.DataFrame(curve), summary


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The headline numbers of ``summary`` as report lines ("n/a" where one is undefined)."""
    s = summary
    low, high = s["split_probability_p10_p90"]
    _, mean_p10, mean_p90 = s["extra_homicides_per_removal_2y_median_p10_p90"]
    return [
        f"- Split probability within a year of a removal: {fmt(s['split_probability'], '.2f')} "
        f"(10-90% across replicates {fmt(low, '.2f')}-{fmt(high, '.2f')}); without the strike "
        f"{fmt(s['split_probability_without_strike'], '.2f')}.",
        f"- Extra homicides per removal over two years: "
        f"{fmt(s['extra_homicides_per_removal_2y'], '+,.0f')} on average (standard error "
        f"{fmt(s['extra_homicides_per_removal_2y_se'], ',.0f')} treating removals as "
        f"independent, {fmt(s['extra_homicides_per_removal_2y_se_by_replicate'], ',.0f')} "
        "clustered by replicate; median removal "
        f"{fmt(s['extra_homicides_2y_median_removal'], '+,.0f')}; "
        f"{fmt(s['share_of_removals_raising_homicides'], '.0%')} of removals raise them; "
        f"10-90% of the replicates' means {fmt(mean_p10, '+,.0f')} to {fmt(mean_p90, '+,.0f')}).",
    ]


def event_figure(curve: pd.DataFrame, title: str = ""):
    """Event-study plot: relative change by month around the strike, one panel per place."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 3.4), dpi=110)
    axes = fig.subplots(1, len(PLACES), sharey=True)
    for ax, place in zip(axes, PLACES):
        rows = curve[curve["place"] == place]
        ax.fill_between(rows["month"], 100 * rows["change_p10"], 100 * rows["change_p90"],
                        color="#d62728", alpha=0.25, label="10-90% across replicates")  # fmt: skip
        ax.plot(rows["month"], 100 * rows["change_median"], "o-", ms=3, color="#d62728",
                label="median")  # fmt: skip
        ax.axhline(0, color="black", lw=0.8)
        ax.axvline(0, color="grey", ls="--", lw=0.8)
        ax.set_title(place.replace("_", " "), fontsize=10)
        ax.set_xlabel("months from the strike")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("homicides vs no strike (%)")
    axes[0].legend(fontsize=8, loc="upper left")
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def write_event_study(
    records: list[dict[str, Any]], scenario: Scenario, out: str | Path, settings: dict
) -> tuple[pd.DataFrame, dict]:
    """Write the event-study folder; return the table and the headline numbers."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table, curve, summary = summarize(records)
    summary = {**summary, **settings}
    flat = pd.DataFrame(records).drop(
        columns=[f"{p}_{b}" for p in PLACES for b in ("factual", "counterfactual")]
    )
    atomic_write(out / "event_study.csv", lambda p: table.to_csv(p, index=False))
    atomic_write(out / "event_study_months.csv", lambda p: curve.to_csv(p, index=False))
    atomic_write(out / "removals.csv", lambda p: flat.to_csv(p, index=False))
    # strict JSON: a number that is not defined (one replicate's standard error) is null
    text = json.dumps(json_ready(summary), indent=2, allow_nan=False)
    atomic_write(out / "summary.json", lambda p: p.write_text(text))
    atomic_write(out / "scenario.toml", lambda p: p.write_text(scenario.to_toml()))
    meta = run_metadata(scenario, settings["seed"], settings["steps"], settings["wall_seconds"])
    atomic_write(out / "metadata.json", lambda p: p.write_text(json.dumps(meta, indent=2)))
    fig = event_figure(curve, f"{scenario.name}: {summary['removals_studied']} removals")
    atomic_write(out / "event_study.png", lambda p: fig.savefig(p, format="png"))
    lines = [
        f"# Event study: {scenario.name}\n",
        f"{summary['removals_studied']} leader removals over {summary['replicates']} "
        "replicates, each against the same run without it.\n",
        "| place | months | change (median) | 10-90% across replicates |",
        "|---|---|---|---|",
        *[
            f"| {r.place} | {r.window} | {_percent(r.change_median)} | "
            + (
                f"{_percent(r.change_p10)} to {_percent(r.change_p90)} |"
                if np.isfinite(r.change_median)
                else "no removal had such a place |"
            )
            for r in table.itertuples()
        ],
        "",
        *summary_lines(summary),
        "\n![event study](event_study.png)",
    ]
    atomic_write(out / "event_study.md", lambda p: p.write_text("\n".join(lines) + "\n"))
    return table, summary
