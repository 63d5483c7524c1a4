"""In-sample and out-of-sample errors of the time-split fit, beside the full fit.

    python docs/calibration/time_split.py > docs/calibration/time_split.csv

Reads docs/calibration/time_split/calibration.json (``cartelsim calibrate --fit-until
2017 --out docs/calibration/time_split``: fitted to the yearly record 2012-2017 only)
and docs/calibration/calibration.json (the shipped fit, 2012-2021 and the 2022
membership) and prints, for member deaths and homicides, the RMS log error of each fit's
validation-seed medians over the fitted years (2012-2017) and the held-out years
(2018-2021), then the relative error of the membership in 2022 (held out by the time
split): one row per fit, one column per quantity.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
FITS = {"time split (2012-2017)": HERE / "time_split", "full (2012-2021)": HERE}


def errors(folder: Path, until: int = 2017) -> dict[str, float]:
    """RMS log errors by span, and the 2022 membership's relative error, of one fit."""
    rows = {r["target"]: r for r in json.loads((folder / "calibration.json").read_text())["fit"]}
    out = {}
    for key in ("member_deaths", "homicides"):
        for span, years in (
            ("2012-2017", range(2012, until + 1)),
            ("2018-2021", range(until + 1, 2022)),
        ):
            logs = [
                np.log(rows[f"{key}_{y}"]["model_median"] / rows[f"{key}_{y}"]["observed"])
                for y in years
            ]
            out[f"{key}_{span.replace('-', '_')}"] = float(np.sqrt(np.mean(np.square(logs))))
    out["members_2022"] = rows["members_2022"]["relative_error"]
    return out


if __name__ == "__main__":
    table = {name: errors(folder) for name, folder in FITS.items()}
    columns = list(next(iter(table.values())))
    print(",".join(["fit", *columns]))  # RMS log errors; members_2022: relative error
    for name, row in table.items():
        print(",".join([f'"{name}"', *(f"{row[c]:.3f}" for c in columns)]))
