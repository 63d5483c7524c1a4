"""Which issue-#14 mechanism moved a hypothesis card: the card rerun with each switched off.

    python docs/hypotheses/moved.py > docs/hypotheses/moved.csv

Two verdicts changed when issue #14 arrived (docs/hypotheses.md): vetting making
strikes work (supported -> inconclusive) and the legitimacy shield (inconclusive ->
supported). Each card is rerun here, 20 paired replicates and 10 years as in the full
report, on the baseline as shipped ("all on") and with one of issue #14's mechanisms
switched off at a time, every other parameter unchanged (not recalibrated: a diagnostic
of direction, not a model).
"""

from __future__ import annotations

from model.scenario import with_overrides
from model.studies.hypotheses import CARDS, baseline, run_cards

VARIANTS = {
    "all on (shipped)": {},
    "vacancy_contacts = 0 (no replacement)": {"recruitment": {"vacancy_contacts": 0.0}},
    "risk_premium = scarcity_premium = 0 (flat wage)": {
        "recruitment": {"risk_premium": 0.0, "scarcity_premium": 0.0}
    },
    "recidivism = 0, arrest_half_members = 0 (no return, arrests never saturate)": {
        "prisons": {"recidivism": 0.0},
        "enforcement": {"arrest_half_members": 0.0},
    },
}
REPLICATES = 20
YEARS = 10
KEYS = ("corruption_and_leaks", "legitimacy_shield")


def main() -> None:
    """Print one CSV row per (card, variant): the paired effect and its verdict."""
    print(
        "card,years,replicates,variant,effect,ci_low,ci_high,verdict,treatment_median,control_median"
    )
    cards = {c.key: c for c in CARDS}
    for key in KEYS:
        for name, overrides in VARIANTS.items():
            base = with_overrides(baseline(), **overrides) if overrides else baseline()
            table, _ = run_cards(base, REPLICATES, YEARS, workers=2, cards=(cards[key],))
            row = table.iloc[0]
            print(
                f'{key},{YEARS},{REPLICATES},"{name}",{row.effect:.1f},{row.ci_low:.1f},'
                f"{row.ci_high:.1f},{row.verdict},{row.treatment_median:.1f},{row.control_median:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
