"""How much of the robustness study's spread is replicate noise.

    python docs/hypotheses/robustness_noise.py > docs/hypotheses/robustness_noise.csv

Each parameter set of ``docs/hypotheses/robustness`` runs a card on 2 paired replicates,
so a set's effect carries Monte-Carlo noise. Its size is estimated from the 20-replicate
run at the defaults (``docs/hypotheses/hypotheses.csv``): the standard deviation of one
paired difference is the 90% interval's half-width / 1.645 x sqrt(20) (a normal reading
of the bootstrap interval), and a 2-replicate mean has that / sqrt(2). Per card: that
standard error, the sets' median effect, the share with the claimed sign, and the shares
of sets whose effect lies more than two standard errors from zero with the claimed sign
or against it (a sign against the claim beyond noise is a reversal, not a coin toss).
The noise at the defaults stands in for the noise in every set: an approximation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ROOT = "docs/hypotheses"


def main() -> None:
    """Print the table (CSV) to standard output."""
    cards = pd.read_csv(f"{ROOT}/hypotheses.csv").set_index("card")
    effects = pd.read_csv(f"{ROOT}/robustness/effects.csv")
    settings = pd.read_json(f"{ROOT}/robustness/settings.json", typ="series")
    rows = []
    for card, sets in effects.groupby("card", sort=False):
        row = cards.loc[card]
        sd_pair = (row.ci_high - row.ci_low) / (2 * 1.645) * np.sqrt(row.replicates)
        se = sd_pair / np.sqrt(settings["replicates"])
        sign = 1.0 if row.claimed_direction == "raises" else -1.0
        signed = sign * sets["effect"].to_numpy()
        rows.append(
            {
                "card": card,
                "effect_at_defaults": row.effect,
                "set_standard_error": round(se, 1),
                "median_effect_over_sets": float(np.median(sets["effect"])),
                "share_claimed_sign": round(float(np.mean(signed > 0)), 3),
                "share_claimed_beyond_2se": round(float(np.mean(signed > 2 * se)), 3),
                "share_against_beyond_2se": round(float(np.mean(signed < -2 * se)), 3),
            }
        )
    print(pd.DataFrame(rows).to_csv(index=False), end="")


if __name__ == "__main__":
    main()
