"""Top-to-bottom decile ratio of log-logistic incomes for a few shapes b.

    python docs/prisons/income_deciles.py > docs/prisons/income_deciles.txt

The recruitment choice (ODD 7.2) takes youths' reservation incomes as log-logistic with
median the legal wage and shape ``recruitment.choice_elasticity`` = b. This prints the
ratio of the mean income of the top 10% to that of the bottom 10%, to compare with the
ratio INEGI's ENIGH reports for households (16 in 2020).
"""

import numpy as np


def decile_ratio(b: float, n: int = 1_000_000) -> float:
    """Mean of the top decile over mean of the bottom decile, log-logistic of shape b."""
    p = (np.arange(n) + 0.5) / n
    q = (p / (1 - p)) ** (1 / b)
    return float(q[p > 0.9].mean() / q[p < 0.1].mean())


if __name__ == "__main__":
    print("b,gini,top_to_bottom_decile")
    for b in (1.5, 2.0, 2.2, 2.4, 2.5, 3.0):
        print(f"{b},{1 / b:.3f},{decile_ratio(b):.1f}")
