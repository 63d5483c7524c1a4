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

from model.studies.hypotheses import ABLATION_HEADER, CARDS, ablation_row

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
    print(ABLATION_HEADER)
    cards = {c.key: c for c in CARDS}
    for key in KEYS:
        for name, overrides in VARIANTS.items():
            print(ablation_row(cards[key], name, overrides, REPLICATES, YEARS), flush=True)


if __name__ == "__main__":
    main()
