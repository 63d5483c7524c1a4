"""Check whether the shipped calibrated values still fit after a change to the mechanisms.

    python docs/calibration/recheck.py > docs/calibration/recheck.txt

Evaluates the calibration loss of ``cartelsim calibrate`` (model/studies/calibration.py:
same targets, tolerances and run) on the 10 validation seeds (201-210) for the shipped
values and for another set (``--refit FILE``, a calibration.toml; by default the values
shipped before issue #14's prisons and labour market, written below). The set with the
lower total loss is the better fit; nothing here is tuned.
"""

from __future__ import annotations

import argparse
import tomllib

import numpy as np

from model import load_scenario
from model.experiments.parallel import process_pool, run_all
from model.studies import calibration as cal

# the calibrated values shipped before issue #14 (fitted after issue #13 part 1)
BEFORE_14 = {
    "recruitment.contact_rate": 2.86e-3,
    "recruitment.saturation": 1.25e-8,
    "conflict.state_mixing_boost": 1.09,
    "economy.arms_elasticity": 0.273,
}
SEEDS = range(201, 211)


def _record(values: dict[str, float], seed: int) -> dict:
    return cal.record(cal.apply(load_scenario("mexico_2012"), values), seed)


def main() -> None:
    """Print the loss terms and RMS log errors of the shipped values and of the other set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refit", help="a calibration.toml with another set of values")
    args = parser.parse_args()
    refit = BEFORE_14
    if args.refit:
        with open(args.refit, "rb") as f:
            refit = {f"{s}.{k}": v for s, keys in tomllib.load(f).items() for k, v in keys.items()}
    target = cal.observed()
    print("set,members_2022,recruits_per_week,member_deaths,homicides,total,"
          "member_deaths_rms_log,homicides_rms_log")  # fmt: skip
    with process_pool(2) as pool:
        for name, values in (("shipped", {}), ("before #14" if not args.refit else "refit", refit)):
            mean = cal.mean_record(run_all(_record, [(values, s) for s in SEEDS], 2, pool=pool))
            terms = cal.loss(mean, target)
            rms = {
                key: float(np.sqrt(np.mean(np.log(mean[key] / np.asarray(target[key])) ** 2)))
                for key in ("member_deaths", "homicides")
            }
            print(
                f"{name},{terms['members_2022']:.3f},{terms['recruits_per_week']:.3f},"
                f"{terms['member_deaths']:.3f},{terms['homicides']:.3f},{terms['total']:.3f},"
                f"{rms['member_deaths']:.3f},{rms['homicides']:.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
