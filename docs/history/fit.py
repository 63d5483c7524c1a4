"""How the replay's homicides compare with the record, year by year.

    python docs/history/fit.py > docs/history/fit.csv

Reads the committed replay summary (docs/history/history.csv: the model's median and
10-90% band over 20 replicates) and the record (scenarios/observed/mexico_2007_2024.csv)
and prints, per year, both series, whether the record lies inside the band and the
model's error; then, as comment lines, the number of years inside the band and the
correlation of the medians with the record, in levels and in year-to-year changes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def compare() -> pd.DataFrame:
    """Model median, band and record by year, with inside-band flag and error."""
    model = pd.read_csv(ROOT / "docs" / "history" / "history.csv")
    record = pd.read_csv(ROOT / "scenarios" / "observed" / "mexico_2007_2024.csv")
    record = record[["year", "homicides_median"]].rename(columns={"homicides_median": "record"})
    both = model[["year", "homicides_median", "homicides_p10", "homicides_p90"]].merge(record)
    both["inside_band"] = (both.record >= both.homicides_p10) & (both.record <= both.homicides_p90)
    both["error"] = both.homicides_median / both.record - 1.0
    return both


if __name__ == "__main__":
    table = compare()
    print(table.to_csv(index=False, float_format="%.3f"), end="")
    levels = np.corrcoef(table.homicides_median, table.record)[0, 1]
    changes = np.corrcoef(np.diff(table.homicides_median), np.diff(table.record))[0, 1]
    print(f"# years inside the 10-90% band: {int(table.inside_band.sum())} of {len(table)}")
    print(
        f"# correlation of medians with the record: {levels:.2f} (levels), {changes:.2f} (changes)"
    )
