"""Calibration of the default world's free parameters to the 2012-2021 record.

The full model (every mechanism on) is started in January 2012 with Prieto-Curiel,
Campedelli & Hope's (2023) 115,000 members (``scenarios/mexico_2012.toml``) and run to
January 2022. Optuna's TPE sampler (Akiba et al. 2019, "Optuna: a next-generation
hyperparameter optimization framework", KDD) searches the few parameters the literature
does not pin down (:data:`FREE`) to minimize the distance to the targets
(:func:`observed`):

- members in January 2022: ~175,000 (PC2023's fitted trajectory; 160,000-185,000);
- recruits a week, mean 2012-2021: ~360 (PC2023: 350-370);
- cartel-member deaths each year 2012-2021: 10% of homicides plus missing persons
  (PC2023's calibration assumption, applied to ``Trends2012_2021.csv``);
- homicides each year 2012-2021 (``Trends2012_2021.csv``).

Every trial runs the same seeds (common random numbers), so trials differ only by their
parameters. Trials are asked and told in batches of a fixed size, so the result does not
depend on how many worker processes ran them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.numbers import fmt
from model.experiments.parallel import process_pool, run_all
from model.experiments.run import json_ready
from model.initial import DATA as NETWORK_DATA
from model.metrics import timeseries_frame
from model.model import CartelModel
from model.scenario import Scenario, ScenarioError, with_overrides
from model.units import WEEKS_PER_YEAR

FIRST_YEAR, LAST_YEAR = 2012, 2021  # the record in Trends2012_2021.csv
MEMBERS_2022 = 175_000.0  # PC2023: ~175,000 in January 2022 (160,000-185,000)
RECRUITS_PER_WEEK = 360.0  # PC2023: 350-370 a week
MEMBER_SHARE_OF_VICTIMS = 0.10  # PC2023: members are ~10% of homicides + missing persons
BATCH = 2  # trials asked together; fixed so results do not depend on the worker count


@dataclass(frozen=True)
class Free:
    """A free parameter: where it lives, its search range and why it is free."""

    section: str
    key: str
    low: float
    high: float
    why: str

    @property
    def name(self) -> str:
        """``section.key``."""
        return f"{self.section}.{self.key}"


FREE: tuple[Free, ...] = (
    Free(
        "recruitment",
        "contact_rate",
        1.5e-3,
        6e-3,
        "PC2023's rho counts recruits, not contacts; how many contacts a member makes "
        "when youths may refuse is not measured anywhere",
    ),
    Free(
        "conflict",
        "state_mixing_boost",
        0.03,
        1.5,
        "how much more often members of concentrated groups meet than under PC2023's "
        "national mixing is not measured anywhere",
    ),
    Free(
        "recruitment",
        "saturation",
        4e-9,
        4e-7,
        "PC2023's omega was fitted with national mixing and no economy; drop-out in the "
        "full model is not measured anywhere",
    ),
    Free(
        "economy",
        "arms_elasticity",
        0.03,
        3.0,
        "how lethality follows a group's arms per member is an assumption; it sets how "
        "fast violence grows with membership",
    ),
)

# Relative tolerance of each target: the scale of its term in the loss.
TOLERANCE = {
    "members_2022": 0.05,  # the published range is about +-7%
    "recruits_per_week": 0.03,  # 350-370
    "member_deaths": 0.10,  # each year: the 10% rule is an approximation
    "homicides": 0.10,  # each year
}


def observed() -> dict[str, Any]:
    """The calibration targets, from the literature and ``Trends2012_2021.csv``."""
    trends = pd.read_csv(NETWORK_DATA / "Trends2012_2021.csv", encoding="utf-8-sig")
    trends.columns = [c.strip().lstrip("\ufeff").lower() for c in trends.columns]
    trends = trends.set_index("year").loc[FIRST_YEAR:LAST_YEAR]
    victims = trends["homicide"] + trends["missings"]
    return {
        "members_2022": MEMBERS_2022,
        "recruits_per_week": RECRUITS_PER_WEEK,
        "member_deaths": (MEMBER_SHARE_OF_VICTIMS * victims).astype(float).to_numpy(),
        "homicides": trends["homicide"].astype(float).to_numpy(),
        "years": trends.index.to_numpy(),
    }


def check_start(scenario: Scenario) -> None:
    """Raise ScenarioError unless ``scenario`` starts when the record does."""
    start = scenario.params.world.start_year
    if start != FIRST_YEAR:
        raise ScenarioError(
            f"{scenario.source}: key 'world.start_year': got {start:g}; allowed for "
            f"calibration: {FIRST_YEAR} (the record starts then)"
        )


def record(scenario: Scenario, seed: int) -> dict[str, Any]:
    """Run ``scenario`` 2012 -> 2022 with ``seed``; return what the targets measure."""
    check_start(scenario)
    weeks = (LAST_YEAR + 1 - FIRST_YEAR) * WEEKS_PER_YEAR
    ts = timeseries_frame(CartelModel(scenario, rng=seed, people=False).run(weeks)).iloc[1:]
    year = FIRST_YEAR + (ts["step"].to_numpy() - 1) // WEEKS_PER_YEAR
    by_year = ts.groupby(year)
    return {
        "members_2022": float(ts["members"].iloc[-1]),
        "recruits_per_week": float(ts["recruits"].mean()),
        "member_deaths": by_year["member_deaths"].sum().to_numpy(dtype=float),
        "homicides": by_year["homicides"].sum().to_numpy(dtype=float),
        "members": ts["members"].to_numpy(dtype=float),
    }


def loss(
    simulated: dict[str, Any], target: dict[str, Any], until: int | None = None
) -> dict[str, float]:
    """Squared log errors scaled by each target's tolerance; ``total`` is their sum.

    The yearly series count as one target each (mean over their years). ``until``: a
    time-split fit, which sees the yearly series only up to that year and not the
    membership of 2022 (the mean recruits a week, PC2023's 2012-2021 figure, stays).
    """
    terms = {}
    years = np.asarray(target["years"])
    for key, tol in TOLERANCE.items():
        if until is not None and key == "members_2022":
            continue
        ratio = np.log(np.asarray(simulated[key]) / np.asarray(target[key]))
        if until is not None and key in ("member_deaths", "homicides"):
            ratio = ratio[years <= until]
        terms[key] = float(np.mean(np.square(ratio)) / tol**2)
    terms["total"] = sum(terms.values())
    return terms


def mean_record(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Average records over seeds, key by key."""
    return {key: np.mean([r[key] for r in records], axis=0) for key in records[0]}


def apply(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """``scenario`` with free parameters set (keys ``section.key``)."""
    sections: dict[str, dict[str, float]] = {}
    for name, value in values.items():
        section, key = name.split(".")
        sections.setdefault(section, {})[key] = value
    return with_overrides(scenario, **sections)


def _record_task(scenario: Scenario, values: dict[str, float], seed: int) -> dict[str, Any]:
    """Worker task (top level so ``spawn`` can pickle it)."""
    return record(apply(scenario, values), seed)


@dataclass
class CalibrationResult:
    """The fitted values, the search history and the fit at the fitted values."""

    scenario: Scenario
    fitted: dict[str, float]
    trials: pd.DataFrame
    target: dict[str, Any]
    validation: list[dict[str, Any]]  # one record per validation seed, at the fitted values
    settings: dict[str, Any]

    def fit(self) -> list[dict[str, Any]]:
        """Fit statistics per target: target, median and 10-90% band, relative error."""
        rows = []
        for key in ("members_2022", "recruits_per_week"):
            values = np.array([r[key] for r in self.validation])
            median = float(np.median(values))
            rows.append(
                {
                    "target": key,
                    "observed": float(self.target[key]),
                    "model_median": median,
                    "model_p10": float(np.quantile(values, 0.1)),
                    "model_p90": float(np.quantile(values, 0.9)),
                    "relative_error": median / float(self.target[key]) - 1.0,
                }
            )
        for key in ("member_deaths", "homicides"):
            values = np.array([r[key] for r in self.validation])
            median = np.median(values, axis=0)
            observed_series = np.asarray(self.target[key])
            log_error = np.log(median / observed_series)
            for n, year in enumerate(self.target["years"]):
                rows.append(
                    {
                        "target": f"{key}_{year}",
                        "observed": float(observed_series[n]),
                        "model_median": float(median[n]),
                        "model_p10": float(np.quantile(values[:, n], 0.1)),
                        "model_p90": float(np.quantile(values[:, n], 0.9)),
                        "relative_error": float(median[n] / observed_series[n] - 1.0),
                    }
                )
            spans = {"": np.ones(log_error.size, dtype=bool)}
            until = self.settings.get("fit_until")
            if until is not None:  # a time-split fit: errors on fitted and held-out years
                years = np.asarray(self.target["years"])
                spans["_fitted_years"] = years <= until
                spans["_held_out_years"] = years > until
            for suffix, mask in spans.items():
                rows.append(
                    {
                        "target": f"{key}_rms_log_error{suffix}",
                        "observed": 0.0,
                        "model_median": float(np.sqrt(np.mean(np.square(log_error[mask])))),
                        "model_p10": math.nan,
                        "model_p90": math.nan,
                        "relative_error": math.nan,
                    }
                )
        return rows

    def summary(self) -> dict[str, Any]:
        """Everything as one JSON-ready object."""
        best = self.trials.loc[self.trials["loss"].idxmin()]
        return {
            "method": "optuna TPE (multivariate), common random numbers across trials",
            "scenario": self.scenario.name,
            "fitted": self.fitted,
            "free": [
                {"name": f.name, "low": f.low, "high": f.high, "scale": "log", "why": f.why}
                for f in FREE
            ],
            "tolerance": TOLERANCE,
            "best_trial": int(best["trial"]),
            "best_loss": float(best["loss"]),
            "validation_loss": loss(
                mean_record(self.validation), self.target, self.settings.get("fit_until")
            ),
            "fit": json_ready(self.fit()),
            "settings": self.settings,
        }

    def table(self) -> str:
        """The fitted values and the fit as Markdown."""
        s = self.settings
        lines = [
            f"Calibration of {self.scenario.name}: {s['trials']} trials x {len(s['seeds'])} "
            f"seeds (optuna TPE, sampler seed {s['sampler_seed']}); fit checked on "
            f"{len(s['validation_seeds'])} other seeds"
            + (
                f"; time split: fitted to the yearly record {FIRST_YEAR}-{s['fit_until']} "
                f"only (not to the 2022 membership), later years held out"
                if s.get("fit_until") is not None
                else ""
            ),
            "",
            "| parameter | fitted | search range |",
            "|---|---|---|",
        ]
        for f in FREE:
            lines.append(f"| `{f.name}` | {self.fitted[f.name]:.4g} | {f.low:g} to {f.high:g} |")
        lines += [
            "",
            "| target | observed | model median [10-90%] | error |",
            "|---|---|---|---|",
        ]
        for row in self.fit():
            if "rms_log_error" in row["target"]:
                lines.append(f"| {row['target']} | - | {fmt(row['model_median'], '.3f')} | - |")
                continue
            lines.append(
                f"| {row['target']} | {fmt(row['observed'], ',.0f')} | "
                f"{fmt(row['model_median'], ',.0f')} [{fmt(row['model_p10'], ',.0f')} to "
                f"{fmt(row['model_p90'], ',.0f')}] | {fmt(row['relative_error'], '+.1%')} |"
            )
        return "\n".join(lines)

    def overlay(self) -> str:
        """The fitted values as TOML sections to paste into a scenario."""
        sections: dict[str, list[str]] = {}
        for name, value in self.fitted.items():
            section, key = name.split(".")
            sections.setdefault(section, []).append(f"{key} = {value:.4g}")
        return "\n".join(
            f"[{section}]\n" + "\n".join(lines) + "\n" for section, lines in sections.items()
        )


def round_fitted(value: float) -> float:
    """Fitted values are kept to 3 significant digits (more would be false precision)."""
    return float(f"{value:.3g}")


# run sizes: "full" is the shipped fit (docs/calibration.md), "quick" a smoke test
PRESETS = {
    "full": {"trials": 80, "seeds": 3, "validation_seeds": 10},
    "quick": {"trials": 4, "seeds": 1, "validation_seeds": 2},
}


def preset(name: str, **overrides: int | None) -> dict[str, int]:
    """The run size of preset ``name`` ("full" or "quick"), with non-None overrides."""
    chosen = dict(PRESETS[name])
    chosen.update({key: value for key, value in overrides.items() if value is not None})
    return chosen


def calibrate_preset(
    scenario: Scenario,
    sizes: dict[str, int],
    sampler_seed: int = 0,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    fit_until: int | None = None,
) -> CalibrationResult:
    """:func:`calibrate` with the run sizes of :func:`preset`.

    Fit seeds count from 101, validation seeds from 201.
    """
    return calibrate(
        scenario,
        trials=sizes["trials"],
        seeds=tuple(range(101, 101 + sizes["seeds"])),
        validation_seeds=tuple(range(201, 201 + sizes["validation_seeds"])),
        sampler_seed=sampler_seed,
        workers=workers,
        progress=progress,
        fit_until=fit_until,
    )


def calibrate(
    scenario: Scenario,
    trials: int = 60,
    seeds: tuple[int, ...] = (101, 102),
    validation_seeds: tuple[int, ...] = tuple(range(201, 211)),
    sampler_seed: int = 0,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    fit_until: int | None = None,
) -> CalibrationResult:
    """Fit :data:`FREE` to :func:`observed`; then measure the fit on other seeds.

    ``fit_until``: fit only the record up to that year (a time split; :func:`loss`), so
    the later years measure predictive skill.
    """
    if fit_until is not None and not FIRST_YEAR <= fit_until < LAST_YEAR:
        raise ValueError(f"fit_until: got {fit_until}; allowed: {FIRST_YEAR} to {LAST_YEAR - 1}")
    import optuna

    check_start(scenario)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    target = observed()
    sampler = optuna.samplers.TPESampler(
        seed=sampler_seed, multivariate=True, n_startup_trials=min(10, max(1, trials // 3))
    )
    study = optuna.create_study(direction="minimize", sampler=sampler)
    rows = []
    with process_pool(workers) if workers > 1 else nullcontext() as pool:

        def run(scenario: Scenario, jobs: list[tuple[dict, int]]) -> list[dict]:
            return run_all(_record_task, [(scenario, v, s) for v, s in jobs], pool=pool)

        done = 0
        while done < trials:
            batch = [study.ask() for _ in range(min(BATCH, trials - done))]
            values = [
                {f.name: t.suggest_float(f.name, f.low, f.high, log=True) for f in FREE}
                for t in batch
            ]
            records = run(scenario, [(v, s) for v in values for s in seeds])
            for n, trial in enumerate(batch):
                mine = records[n * len(seeds) : (n + 1) * len(seeds)]
                terms = loss(mean_record(mine), target, fit_until)
                study.tell(trial, terms["total"])
                rows.append(
                    {
                        "trial": trial.number,
                        **values[n],
                        "loss": terms["total"],
                        **{f"loss_{k}": v for k, v in terms.items() if k != "total"},
                    }
                )
            done += len(batch)
            if progress is not None:
                progress(len(batch))
        fitted = {k: round_fitted(v) for k, v in study.best_params.items()}
        validation = run(scenario, [(fitted, s) for s in validation_seeds])
    settings = {
        "trials": trials,
        "seeds": list(seeds),
        "validation_seeds": list(validation_seeds),
        "sampler_seed": sampler_seed,
        "batch": BATCH,
        "fit_until": fit_until,
    }
    return CalibrationResult(scenario, fitted, pd.DataFrame(rows), target, validation, settings)


def fit_figure(result: CalibrationResult):
    """Model (median, 10-90% band) against the record, year by year, and members."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = result.target["years"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, key, title in (
        (axes[0], "member_deaths", "cartel-member deaths a year"),
        (axes[1], "homicides", "homicides a year"),
    ):
        values = np.array([r[key] for r in result.validation])
        ax.fill_between(
            years, *np.quantile(values, [0.1, 0.9], axis=0), alpha=0.3, label="model 10-90%"
        )
        ax.plot(years, np.median(values, axis=0), label="model median")
        ax.plot(years, result.target[key], "ko", label="record")
        ax.set_title(title)
        ax.set_ylim(bottom=0)
    axes[0].legend(fontsize=8)
    members = np.array([r["members"] for r in result.validation])
    weeks = FIRST_YEAR + np.arange(1, members.shape[1] + 1) / WEEKS_PER_YEAR
    axes[2].fill_between(weeks, *np.quantile(members, [0.1, 0.9], axis=0), alpha=0.3)
    axes[2].plot(weeks, np.median(members, axis=0))
    axes[2].plot([FIRST_YEAR, LAST_YEAR + 1], [115_000, MEMBERS_2022], "ko")
    axes[2].errorbar([LAST_YEAR + 1], [172_500], yerr=[12_500], fmt="none", ecolor="k")
    axes[2].set_title("members (PC2023: 115k in 2012; 160-185k in 2022)")
    fig.tight_layout()
    return fig


def write_calibration(result: CalibrationResult, out: str | Path, wall: float) -> Path:
    """Write calibration.md/.json/.toml, trials.csv, fit.png and metadata.json."""
    from model.experiments.run import atomic_write, run_metadata

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "calibration.md": result.table() + "\n",
        "calibration.json": json.dumps(result.summary(), indent=2) + "\n",
        "calibration.toml": "# Fitted by `cartelsim calibrate` (see calibration.md)\n"
        + result.overlay(),
        "trials.csv": result.trials.to_csv(index=False),
        "metadata.json": json.dumps(
            run_metadata(
                result.scenario,
                result.settings["seeds"],
                (LAST_YEAR + 1 - FIRST_YEAR) * WEEKS_PER_YEAR,
                wall,
            ),
            indent=2,
        )
        + "\n",
    }
    for name, text in files.items():
        atomic_write(out / name, lambda p, t=text: p.write_text(t, encoding="utf-8"))
    fig = fit_figure(result)
    atomic_write(out / "fit.png", lambda p: fig.savefig(p, dpi=110, format="png"))
    import matplotlib.pyplot as plt

    plt.close(fig)
    return out
