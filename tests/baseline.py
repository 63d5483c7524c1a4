"""Fixed-seed regression baseline: a summary of known runs, stored and compared.

Regenerate on purpose after an intended model change, and say why in the commit:

    python -m tests.baseline --update
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from model import load_scenario
from model.experiments.run import simulate

ROOT = Path(__file__).resolve().parents[1]
PATH = Path(__file__).with_name("baseline_summary.json")
CASES = {"baseline": 1, "kingpin_campaign": 2}
STEPS = 104


def summarize(name: str, seed: int) -> dict[str, float]:
    """Integer totals (and a few rounded floats) of a two-year run."""
    results = simulate(load_scenario(ROOT / "scenarios" / f"{name}.toml"), seed, STEPS)
    ts = results.timeseries
    totals = [
        "homicides",
        "member_deaths",
        "recruits",
        "arrests",
        "leaders_removed",
        "splits",
        "alliances",
        "mergers",
        "extinctions",
    ]
    out = {f"total_{k}": int(ts[k].sum()) for k in totals}
    out.update(
        members_final=int(ts["members"].iloc[-1]),
        active_cartels_final=int(ts["active_cartels"].iloc[-1]),
        effective_cartels_final=round(float(ts["effective_cartels"].iloc[-1]), 6),
        events=len(results.events),
    )
    return out


def current() -> dict[str, dict[str, float]]:
    """Summaries of every case with the code as it is."""
    return {name: summarize(name, seed) for name, seed in CASES.items()}


if __name__ == "__main__":
    if "--update" in sys.argv:
        PATH.write_text(json.dumps(current(), indent=2) + "\n")
        print(f"wrote {PATH}")
    else:
        print(json.dumps(current(), indent=2))
