"""Verdict robustness: every hypothesis card rerun across the plausible parameter space.

``sets`` parameter sets are drawn by Latin hypercube (``scipy.stats.qmc``, seeded) from
the ranges of a sensitivity spec's ``[uncertainties]`` (``sweeps/uncertainties.toml``:
the model's least certain parameters, each with its plausible range). In every set each
card runs its two arms on ``replicates`` paired seeds at its horizon, arms shared
between cards run once (:func:`model.studies.hypotheses.run_cards`). Reported per card:

- the share of sets in which the mean paired difference has the claimed sign (how much of
  the plausible space the claim's direction holds in);
- the share of sets in which the card's own rule gives each verdict (with few replicates
  per set many are inconclusive: noise, not robustness);
- which parameters decide the effect: the Spearman rank correlation of the effect with
  each parameter across sets (the three largest in size), beside the size the largest of
  them reaches by chance: the 95th percentile of the largest |rho| over all parameters
  when the effects are shuffled across sets (with many parameters and few sets, some
  correlation is always found; only one above that level points at a parameter).

``python -m model.studies.robustness DIR`` rewrites a results folder's summary, table
and figure from its ``sets.csv``, ``effects.csv`` and ``settings.json`` (no new runs).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc, spearmanr

from model.experiments.parallel import process_pool
from model.experiments.sensitivity import SensitivitySpec, as_sections, integer_keys
from model.scenario import with_overrides
from model.studies.hypotheses import CARDS, run_cards

VERDICTS = ("supported", "inconclusive", "refuted")
SHUFFLES = 2000  # permutations for the chance level of the largest |rho|


def _ranks(values: np.ndarray) -> np.ndarray:
    """Column-wise ranks (ties averaged), centred and scaled to unit norm."""
    from scipy.stats import rankdata

    ranked = rankdata(values, axis=0)
    ranked -= ranked.mean(axis=0)
    norm = np.linalg.norm(ranked, axis=0)
    return np.divide(ranked, norm, out=np.zeros_like(ranked), where=norm > 0)


def chance_level(values: np.ndarray, effect: np.ndarray, seed: int = 0) -> float:
    """The 95th percentile of the largest |Spearman rho| when ``effect`` is shuffled.

    ``values`` is sets x parameters. Spearman's rho is Pearson's on ranks, so every
    shuffle's correlations with all parameters are one matrix product.
    """
    rng = np.random.default_rng(seed)
    params = _ranks(values.astype(float))
    shuffled = np.stack([rng.permutation(effect) for _ in range(SHUFFLES)], axis=1)
    rho = params.T @ _ranks(shuffled.astype(float))  # parameters x shuffles
    return float(np.quantile(np.abs(rho).max(axis=0), 0.95))


def draw_sets(spec: SensitivitySpec, sets: int, seed: int = 0) -> pd.DataFrame:
    """``sets`` Latin-hypercube draws over the spec's ranges, one column per parameter.

    An integer parameter is drawn over ``[low - 0.5, high + 0.5]`` and rounded, so each
    of its values is equally likely, and the table holds the values that are run.
    """
    sample = qmc.LatinHypercube(d=len(spec.names), seed=seed).random(sets)
    low, high = np.array(spec.bounds, dtype=float).T
    integer = np.array([name in integer_keys() for name in spec.names])
    low, high = np.where(integer, low - 0.5, low), np.where(integer, high + 0.5, high)
    draws = pd.DataFrame(qmc.scale(sample, low, high), columns=spec.names)
    for name in draws.columns[integer]:
        draws[name] = (
            draws[name]
            .round()
            .clip(low[spec.names.index(name)] + 0.5, high[spec.names.index(name)] - 0.5)
        )
    return draws


def overrides(row: pd.Series) -> dict[str, dict[str, float | int]]:
    """A parameter set as scenario sections (``section.key`` -> nested; integers rounded)."""
    return as_sections({str(name): float(value) for name, value in row.items()})


def run_robustness(
    spec: SensitivitySpec,
    sets: int,
    replicates: int,
    years: int,
    workers: int = 1,
    seed: int = 0,
    progress: Callable[[int], Any] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every card in every parameter set; return the sets and one row per (set, card)."""
    draws = draw_sets(spec, sets, seed)
    rows = []
    with process_pool(workers) if workers > 1 else nullcontext() as pool:  # one for all sets
        for n, row in draws.iterrows():
            base = with_overrides(spec.scenario, **overrides(row))
            table, _ = run_cards(base, replicates, years, workers, CARDS, progress, pool)
            for card in table.itertuples():
                rows.append(
                    {
                        "set": int(n),
                        "card": card.card,
                        "claimed_direction": card.claimed_direction,
                        "effect": card.effect,
                        "verdict": card.verdict,
                    }
                )
    return draws, pd.DataFrame(rows)


def summarize(draws: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """Per card: share of sets with the claimed sign, verdict shares, deciding parameters."""
    out = []
    for card, rows in effects.groupby("card", sort=False):
        sign = 1.0 if rows["claimed_direction"].iloc[0] == "raises" else -1.0
        effect = rows["effect"].to_numpy(dtype=float)
        record: dict[str, Any] = {
            "card": card,
            "sets": len(rows),
            "share_claimed_sign": float(np.mean(sign * effect > 0)),
            "median_effect": float(np.median(effect)),
        }
        for verdict in VERDICTS:
            record[f"share_{verdict}"] = float(np.mean(rows["verdict"] == verdict))
        values = draws.loc[rows["set"].to_numpy()]
        rho = {}
        for name in draws.columns:
            if np.ptp(effect) > 0 and np.ptp(values[name]) > 0:
                rho[name] = float(spearmanr(values[name], effect).statistic)
        top = sorted(rho, key=lambda k: -abs(rho[k]))[:3]
        record["deciding_parameters"] = "; ".join(f"{k} {rho[k]:+.2f}" for k in top)
        usable = [name for name in draws.columns if name in rho]
        chance = chance_level(values[usable].to_numpy(), effect) if usable else float("nan")
        record["chance_rho"] = chance
        record["above_chance"] = "; ".join(k for k in top if abs(rho[k]) > chance)
        out.append(record)
    return pd.DataFrame(out)


def verdict_map(summary: pd.DataFrame):
    """Stacked bars: per card, the share of parameter sets giving each verdict."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4.5))
    ax = fig.subplots()
    left = np.zeros(len(summary))
    colours = {"supported": "#2a9d8f", "inconclusive": "#c9c9c9", "refuted": "#e76f51"}
    for verdict in VERDICTS:
        share = summary[f"share_{verdict}"].to_numpy()
        ax.barh(summary["card"], share, left=left, color=colours[verdict], label=verdict)
        left += share
    ax.scatter(summary["share_claimed_sign"], summary["card"], color="black", zorder=3,
               label="claimed sign")  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of plausible parameter sets")
    ax.invert_yaxis()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, fontsize=8)
    fig.tight_layout()
    return fig


def _marked(deciding: str, above: str) -> str:
    """The deciding parameters, those above the chance level in bold."""
    if not isinstance(deciding, str) or not deciding:
        return "n/a"
    strong = set(above.split("; ")) if isinstance(above, str) and above else set()
    return "; ".join(
        f"**{item}**" if item.rsplit(" ", 1)[0] in strong else item for item in deciding.split("; ")
    )


def write_robustness(
    draws: pd.DataFrame, effects: pd.DataFrame, out: str | Path, settings: dict[str, Any]
) -> pd.DataFrame:
    """Write sets.csv, effects.csv, robustness.csv/.md and verdict_map.png; return summary."""
    from model.experiments.numbers import fmt

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = summarize(draws, effects)
    draws.to_csv(out / "sets.csv", index_label="set")
    effects.to_csv(out / "effects.csv", index=False)
    (out / "settings.json").write_text(json.dumps(settings, indent=1, default=str) + "\n")
    summary.to_csv(out / "robustness.csv", index=False)
    verdict_map(summary).savefig(out / "verdict_map.png", dpi=110)
    lines = [
        "# Verdict robustness",
        "",
        f"{settings['sets']} parameter sets (Latin hypercube, seed {settings['seed']}) over "
        f"the ranges of {settings['spec']} ({len(draws.columns)} parameters); each card's "
        f"arms on {settings['replicates']} paired replicates per set, {settings['years']} "
        f"years. Wall time: {settings['wall_s']:.0f} s.",
        "",
        "| card | claimed sign holds in | supported | inconclusive | refuted | median effect "
        "| deciding parameters (Spearman rho) | largest rho by chance (95%) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in summary.itertuples():
        lines.append(
            f"| {row.card} | {fmt(row.share_claimed_sign, '.0%')} | "
            f"{fmt(row.share_supported, '.0%')} | {fmt(row.share_inconclusive, '.0%')} | "
            f"{fmt(row.share_refuted, '.0%')} | {fmt(row.median_effect, '+,.1f')} | "
            f"{_marked(row.deciding_parameters, row.above_chance)} | "
            f"{fmt(row.chance_rho, '.2f')} |"
        )
    lines += [
        "",
        "Parameters in **bold** correlate with the effect more than the largest of "
        f"{len(draws.columns)} correlations does by chance in 95% of shuffles of the effects "
        "across sets; the others may be noise.",
        "",
        "![verdict map](verdict_map.png)",
        "",
    ]
    (out / "robustness.md").write_text("\n".join(lines))
    return summary


def resummarize(folder: str | Path) -> pd.DataFrame:
    """Rewrite a results folder's summary from its sets, effects and settings (no runs)."""
    folder = Path(folder)
    draws = pd.read_csv(folder / "sets.csv", index_col="set")
    effects = pd.read_csv(folder / "effects.csv")
    settings = json.loads((folder / "settings.json").read_text())
    return write_robustness(draws, effects, folder, settings)


def main(argv: list[str] | None = None) -> int:
    """``python -m model.studies.robustness DIR``: rewrite a folder's summary; exit status."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m model.studies.robustness",
        description="Rewrite robustness.md/.csv and verdict_map.png of a results folder "
        "from its sets.csv, effects.csv and settings.json (no new runs).",
    )
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    missing = [
        name
        for name in ("sets.csv", "effects.csv", "settings.json")
        if not (args.folder / name).is_file()
    ]
    if missing:
        print(
            f"{args.folder}: not a robustness results folder (no {', '.join(missing)}); "
            "allowed: a folder written by cartelsim hypotheses --robustness",
            file=sys.stderr,
        )
        return 2
    resummarize(args.folder)
    print(f"written to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
