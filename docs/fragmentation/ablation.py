"""Which issue-#13 mechanism moved a hypothesis card: the card rerun with each switched off.

The committed table comes from:

    python docs/fragmentation/ablation.py > docs/fragmentation/ablation.csv

Two results changed when the first mechanisms of issue #13 arrived (docs/hypotheses.md):
kingpin backfire over 2 years and the equal-cost recruitment card at US$1 million an
arrest over 10 years. Each is rerun here, 20 paired replicates as in the full report, on
the baseline as shipped ("all on") and with one mechanism switched off at a time, every
other parameter unchanged (not recalibrated: a diagnostic of direction, not a model).
"""

from __future__ import annotations

from dataclasses import replace

from model.scenario import with_overrides
from model.studies.hypotheses import ABLATION_HEADER, CARDS, ablation_row, baseline, price_cards

SHIPPED = "all on (shipped)"
COPIED = "share_relations = false (factions copy relations)"
MASS_ACTION = "crowding = 0 (mass action)"
VARIANTS = {
    SHIPPED: {},
    COPIED: {"organization": {"share_relations": False}},
    MASS_ACTION: {"conflict": {"crowding": 0.0}},
    "leader_hazard = 0, fission_rate = 0": {
        "organization": {"leader_hazard": 0.0, "fission_rate": 0.0}
    },
    "gang_formation_rate = 0 (no births)": {"births": {"gang_formation_rate": 0.0}},
    "truce_rate = 0, decisive_ratio = 0 (wars never end)": {
        "conflict": {"truce_rate": 0.0, "decisive_ratio": 0.0}
    },
    "plaza_value_from = routes": {"economy": {"plaza_value_from": "routes"}},
    "succession_war_months = 0 (contested successions split at once)": {
        "organization": {"succession_war_months": 0.0}
    },
    "predation = 0 (no predators)": {"conflict": {"predation": 0.0}},
    "provocation = 0 (operations provoke nothing)": {"enforcement": {"provocation": 0.0}},
    "breakaway_rate = 0 (no breakaways)": {"organization": {"breakaway_rate": 0.0}},
}
REPLICATES = 20
STUDIES = (  # (card, horizon in years, variants)
    ("kingpin_backfire", 2, tuple(VARIANTS)),
    ("arrest_at_1000000", 10, (SHIPPED, COPIED, MASS_ACTION, *tuple(VARIANTS)[-4:])),
)


def main() -> None:
    """Print one CSV row per (card, variant): the paired effect and its verdict."""
    print(ABLATION_HEADER)
    for key, years, variants in STUDIES:
        for name in variants:
            base = with_overrides(baseline(), **VARIANTS[name]) if VARIANTS[name] else baseline()
            card = {c.key: c for c in (*CARDS, *price_cards(base))}[key]
            if key.startswith("arrest_at_"):  # the scan's card keeps the recruitment claim
                card = replace(card, key=key)
            print(ablation_row(card, name, VARIANTS[name], REPLICATES, years), flush=True)


if __name__ == "__main__":
    main()
