"""Docking with the published Science 2023 recruitment model.

Prieto-Curiel, Campedelli & Hope (2023), "Reducing cartel recruitment is the only way to
lower violence in Mexico", Science 381:1312 (https://doi.org/10.1126/science.adh2888),
one equation per cartel, one step = one week:

    dC_i/dt = C_i * (rho - eta / sum_j C_j - theta * sum_j K_ij C_j - omega * C_i)

``scenarios/science2023.toml`` configures the *agent model* so that its rules reduce to
these equations. :func:`dock` runs it 2012 -> 2022 and then branches into the paper's
four policy arms to 2027 (common random numbers: every arm of replicate k continues one
shared 2012-2022 history with the same random state). :func:`equations` solves the
published equations with scipy as the reference beside it. Both are measured by the same
function (:func:`measure`), so the comparison is like for like.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp

from model import initial
from model.experiments.numbers import fmt
from model.experiments.parallel import run_all
from model.experiments.run import json_ready
from model.metrics import band
from model.model import CartelModel
from model.scenario import Scenario, ScenarioError
from model.units import WEEKS_PER_YEAR

BRANCH_YEAR = 2022.0  # the paper's projections start in January 2022
HORIZON_YEAR = 2027.0  # ... and compare January 2027 with it
WINDOW = 13  # weeks averaged for a weekly-victims level: one quarter (Poisson noise ~3%)
ARMS = ("status_quo", "double_incarceration", "halve_recruitment", "zero_recruitment")
FLOWS = ("members", "member_deaths", "recruits", "quits", "arrests")

Trajectory = dict[str, np.ndarray]  # flow name -> one value per week, index = step


def arm_levers(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Lever changes from January 2022 that make each of the paper's four arms."""
    return {
        "status_quo": {},
        "double_incarceration": {"arrests_per_week": 2.0 * scenario.params.levers.arrests_per_week},
        "halve_recruitment": {"recruitment_prevention": 0.5},
        "zero_recruitment": {"recruitment_prevention": 1.0},
    }


def branch_steps(scenario: Scenario) -> tuple[int, int]:
    """Steps of January 2022 (branch point) and January 2027 (horizon) in ``scenario``."""
    start = scenario.params.world.start_year
    return (
        round((BRANCH_YEAR - start) * WEEKS_PER_YEAR),
        round((HORIZON_YEAR - start) * WEEKS_PER_YEAR),
    )


# ---------------------------------------------------------------------- the agent model
def agent_replicate(scenario: Scenario, seed: int) -> dict[str, Trajectory]:
    """One replicate: run to 2022, then continue a copy of that model under each arm."""
    branch, horizon = branch_steps(scenario)
    shared = CartelModel(scenario, rng=seed, people=False).run(branch)
    out = {}
    for arm, changes in arm_levers(scenario).items():
        model = copy.deepcopy(shared)  # same state, same random-number generator state
        if changes:
            model.set_levers(**changes)
        model.run(horizon - branch)
        frame = model.datacollector.get_model_vars_dataframe()
        out[arm] = {name: frame[name].to_numpy(dtype=float) for name in FLOWS}
    return out


# ---------------------------------------------------------------- the published equations
def _network(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Initial sizes by the 1/rank rule and the kernel K = (R+1)/(A+1), K_ii = 0."""
    groups, alliances, rivalries = initial.network_2020()
    alliance, rivalry = initial.relation_matrices([g.node for g in groups], alliances, rivalries)
    sizes = initial.rank_sizes(
        alliance.sum(1) + rivalry.sum(1), scenario.params.world.initial_members
    )
    kernel = (rivalry + 1.0) / (alliance.sum(axis=1)[:, None] + 1.0)
    np.fill_diagonal(kernel, 0.0)
    return sizes.astype(float), kernel


def _solve(scenario: Scenario, sizes: np.ndarray, kernel: np.ndarray, weeks: int, levers: dict):
    """Solve the equations for ``weeks``; return (sizes by group x week, flows by week)."""
    p = scenario.params
    rho = p.recruitment.contact_rate * (1.0 - levers.get("recruitment_prevention", 0.0))
    eta = levers.get("arrests_per_week", p.levers.arrests_per_week)
    theta, omega = p.conflict.lethality, p.recruitment.saturation

    def rate(_t: float, c: np.ndarray) -> np.ndarray:
        return c * (rho - eta / c.sum() - theta * (kernel @ c) - omega * c)

    grid = np.arange(weeks + 1, dtype=float)
    sol = solve_ivp(rate, (0.0, float(weeks)), sizes, t_eval=grid, rtol=1e-8, atol=1e-6)
    c = sol.y
    # weekly flows of week k, from the sizes at its start (rates change ~0.1% a week)
    start = c[:, :-1]
    flows = {
        "members": c.sum(axis=0),
        "member_deaths": np.r_[0.0, theta * np.einsum("iw,ij,jw->w", start, kernel, start)],
        "recruits": np.r_[0.0, rho * start.sum(axis=0)],
        "quits": np.r_[0.0, omega * np.square(start).sum(axis=0)],
        "arrests": np.r_[0.0, np.full(weeks, eta)],
    }
    return c, flows


def equations(scenario: Scenario) -> dict[str, Trajectory]:
    """The published equations under the four arms (same branch point and horizon)."""
    branch, horizon = branch_steps(scenario)
    sizes, kernel = _network(scenario)
    shared, history = _solve(scenario, sizes, kernel, branch, {})
    out = {}
    for arm, changes in arm_levers(scenario).items():
        _, future = _solve(scenario, shared[:, -1], kernel, horizon - branch, changes)
        out[arm] = {k: np.r_[history[k], future[k][1:]] for k in FLOWS}
    return out


def pc2023_reference(scenario: Scenario, weeks: int) -> np.ndarray:
    """Total members at weeks 0..weeks under the published equations (status quo)."""
    sizes, kernel = _network(scenario)
    return _solve(scenario, sizes, kernel, weeks, {})[1]["members"]


# ------------------------------------------------------------------------ measurement
def _level(series: np.ndarray, step: int) -> float:
    """Mean weekly value over the WINDOW weeks ending at ``step``."""
    return float(series[step - WINDOW + 1 : step + 1].mean())


def measure(runs: dict[str, Trajectory], branch: int, horizon: int) -> dict[str, float]:
    """The published quantities, measured on one replicate's four arms."""
    sq = runs["status_quo"]
    year = WEEKS_PER_YEAR
    last_year = slice(branch - year + 1, branch + 1)  # the 52 weeks of 2021
    deaths_2012 = float(sq["member_deaths"][1 : WINDOW + 1].mean())
    out = {
        "members_2022": float(sq["members"][branch]),
        "recruits_net_2021": float((sq["recruits"] - sq["quits"])[last_year].sum()),
        "killed_2021": float(sq["member_deaths"][last_year].sum()),
        "incapacitated_2021": float(sq["arrests"][last_year].sum()),
        "removals_per_week_2022": _level(sq["member_deaths"] + sq["quits"] + sq["arrests"], branch),
        "member_deaths_per_week_2012_2021": float(sq["member_deaths"][1 : branch + 1].mean()),
        "member_deaths_rise_2012_2022": _level(sq["member_deaths"], branch) / deaths_2012 - 1.0,
    }
    for arm, run in runs.items():
        out[f"members_change_2027.{arm}"] = run["members"][horizon] / run["members"][branch] - 1.0
        victims = run["member_deaths"]
        out[f"victims_change_2027.{arm}"] = _level(victims, horizon) / _level(victims, branch) - 1.0
    # weeks after 2022 until the quarterly death level is back to that of early 2012
    deaths = pd.Series(runs["zero_recruitment"]["member_deaths"])
    centred = deaths.rolling(WINDOW, center=True).mean().to_numpy()
    back = np.flatnonzero(centred[branch:] <= deaths_2012)
    out["years_to_2012_deaths_zero_recruitment"] = float(back[0]) / year if back.size else math.nan
    return out


# ------------------------------------------------------------------- published targets
def _within(low: float, high: float) -> Callable[[float, dict], bool]:
    return lambda value, _medians: low <= value <= high


def _rising_more_slowly(value: float, medians: dict) -> bool:
    return 0.0 < value < medians["members_change_2027.status_quo"]


@dataclass(frozen=True)
class Target:
    """One published figure and the tolerance this model is held to."""

    key: str
    label: str
    published: str
    tolerance: str
    check: Callable[[float, dict], bool] | None  # None: no published figure to match
    percent: bool = False


def _pp(key: str, label: str, value: float) -> Target:
    return Target(key, label, f"{value:+.0%}", "±5 pp", _within(value - 0.05, value + 0.05), True)


# Published figures: Prieto-Curiel, Campedelli & Hope (2023), Science 381:1312, main text
# and Fig. 4; data file Trends2012_2021.csv shipped with the paper.
TRENDS_DEATHS_PER_WEEK = 90.3  # 10% x (homicides + missing) 2012-2021 / 520 weeks
TARGETS: tuple[Target, ...] = (
    Target(
        "members_2022",
        "members, January 2022",
        "160,000-185,000",
        "in range",
        _within(160_000, 185_000),
    ),
    _pp("members_change_2027.status_quo", "members 2027 vs 2022, status quo", 0.26),
    _pp("victims_change_2027.status_quo", "weekly victims 2027 vs 2022, status quo", 0.40),
    Target(
        "members_change_2027.double_incarceration",
        "members 2027 vs 2022, incarceration doubled",
        "still grow, more slowly",
        "0 < x < status quo",
        _rising_more_slowly,
        True,
    ),
    Target(
        "victims_change_2027.double_incarceration",
        "weekly victims 2027 vs 2022, incarceration doubled",
        "+8% (still rising)",
        "> 0",
        lambda v, _m: v > 0.0,
        True,
    ),
    _pp("members_change_2027.halve_recruitment", "members 2027 vs 2022, recruitment halved", -0.11),
    _pp(
        "victims_change_2027.halve_recruitment",
        "weekly victims 2027 vs 2022, recruitment halved",
        -0.25,
    ),
    Target(
        "members_change_2027.zero_recruitment",
        "members 2027 vs 2022, recruitment stopped",
        "not published",
        "-",
        None,
        True,
    ),
    Target(
        "victims_change_2027.zero_recruitment",
        "weekly victims 2027 vs 2022, recruitment stopped",
        "not published",
        "-",
        None,
        True,
    ),
    Target(
        "years_to_2012_deaths_zero_recruitment",
        "years until weekly deaths are back to 2012, recruitment stopped",
        "about 3",
        "2-4",
        _within(2.0, 4.0),
    ),
    Target(
        "recruits_net_2021",
        "recruits net of drop-outs, 2021",
        "≈19,300",
        "±10%",
        _within(19_300 * 0.9, 19_300 * 1.1),
    ),
    Target("killed_2021", "members killed, 2021", "≈6,500", "±10%", _within(5_850, 7_150)),
    Target(
        "incapacitated_2021", "members incapacitated, 2021", "≈5,700", "±10%", _within(5_130, 6_270)
    ),
    Target(
        "removals_per_week_2022",
        "recruits a week needed to avoid decline (2022)",
        "350-370",
        "in range",
        _within(350, 370),
    ),
    Target(
        "member_deaths_per_week_2012_2021",
        "member deaths a week, mean 2012-2021",
        f"≈120 (text); {TRENDS_DEATHS_PER_WEEK:.0f} (10% of Trends2012_2021)",
        "±15% of the data",
        _within(TRENDS_DEATHS_PER_WEEK * 0.85, TRENDS_DEATHS_PER_WEEK * 1.15),
    ),
    Target(
        "member_deaths_rise_2012_2022",
        "rise in weekly member deaths, 2012 to 2022",
        "≈+77%",
        "±15 pp",
        _within(0.62, 0.92),
        True,
    ),
)


@dataclass
class DockingResult:
    """Replicate measurements of the agent model and the equations' values."""

    scenario: Scenario
    seeds: list[int]
    replicates: pd.DataFrame  # one row per seed, one column per quantity
    reference: dict[str, float]  # the published equations solved with scipy
    medians: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        self.medians = {k: float(v) for k, v in self.replicates.median().items()}

    def rows(self) -> list[dict[str, Any]]:
        """One row per published quantity: published, equations, median, band, verdict."""
        out = []
        for t in TARGETS:
            values = self.replicates[t.key].dropna()
            median = self.medians[t.key]
            spread = band(values)
            out.append(
                {
                    "quantity": t.key,
                    "label": t.label,
                    "published": t.published,
                    "tolerance": t.tolerance,
                    "equations": self.reference[t.key],
                    "median": median,
                    "p10": spread["p10"],
                    "p90": spread["p90"],
                    "within_tolerance": None
                    if t.check is None
                    else bool(not math.isnan(median) and t.check(median, self.medians)),
                    "percent": t.percent,
                }
            )
        return out

    def to_json(self) -> dict[str, Any]:
        """The result as one JSON-ready object (values as fractions; medians by arm)."""

        def by_arm(prefix: str) -> dict[str, float]:
            return {arm: json_ready(self.medians[f"{prefix}.{arm}"]) for arm in ARMS}

        return {
            "members_2022": {arm: json_ready(self.medians["members_2022"]) for arm in ARMS},
            "members_change_2027": by_arm("members_change_2027"),
            "victims_change_2027": by_arm("victims_change_2027"),
            "years_to_2012_deaths_zero_recruitment": json_ready(
                self.medians["years_to_2012_deaths_zero_recruitment"]
            ),
            "replicates": len(self.seeds),
            "seeds": self.seeds,
            "scenario": self.scenario.name,
            "table": json_ready(self.rows()),
        }

    def table(self) -> str:
        """The comparison as a Markdown table."""
        lines = [
            f"Docking with Prieto-Curiel, Campedelli & Hope (2023): {len(self.seeds)} replicates "
            f"(seeds {self.seeds[0]}-{self.seeds[-1]}), scenario {self.scenario.name}",
            "",
            "| quantity | published | tolerance | equations (scipy) "
            "| agent model median [10-90%] | within tolerance |",
            "|---|---|---|---|---|---|",
        ]
        for row in self.rows():
            fmt = _percent if row["percent"] else _number
            verdict = {True: "yes", False: "no", None: "-"}[row["within_tolerance"]]
            lines.append(
                f"| {row['label']} | {row['published']} | {row['tolerance']} "
                f"| {fmt(row['equations'])} | {fmt(row['median'])} "
                f"[{fmt(row['p10'])} to {fmt(row['p90'])}] | {verdict} |"
            )
        return "\n".join(lines)


def _percent(value: float) -> str:
    return fmt(value, "+.1%")


def _number(value: float) -> str:
    if not math.isfinite(value):
        return fmt(value)  # "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def _measure_replicate(scenario: Scenario, seed: int) -> dict[str, float]:
    """Worker task: one replicate's measurements (top level, so spawn can pickle it)."""
    branch, horizon = branch_steps(scenario)
    return measure(agent_replicate(scenario, seed), branch, horizon)


def dock(
    scenario: Scenario,
    replicates: int = 20,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
) -> DockingResult:
    """Run the docking experiment: replicate k uses seed ``seed + k`` in every arm."""
    branch, horizon = branch_steps(scenario)
    if branch < WINDOW:
        raise ScenarioError(
            f"{scenario.source}: key 'world.start_year': got "
            f"{scenario.params.world.start_year:g}; allowed for docking: a start at least a "
            f"quarter before {BRANCH_YEAR:g}"
        )
    seeds = list(range(seed, seed + replicates))
    jobs = [(scenario, s) for s in seeds]
    measured = dict(zip(seeds, run_all(_measure_replicate, jobs, workers, progress)))
    frame = pd.DataFrame([measured[s] for s in seeds], index=pd.Index(seeds, name="seed"))
    reference = measure(equations(scenario), branch, horizon)
    return DockingResult(scenario, seeds, frame, reference)


def write_docking(result: DockingResult, out: str | Path, wall: float) -> Path:
    """Write the docking folder: table, JSON, replicate values, scenario and metadata."""
    from model.experiments.run import atomic_write, run_metadata

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _, horizon = branch_steps(result.scenario)
    files = {
        "docking.md": result.table() + "\n",
        "docking.json": json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n",
        "replicates.csv": result.replicates.to_csv(),
        "scenario.toml": result.scenario.to_toml(),
        "metadata.json": json.dumps(
            run_metadata(result.scenario, result.seeds, horizon, wall), indent=2
        )
        + "\n",
    }
    for name, text in files.items():
        atomic_write(out / name, lambda p, t=text: p.write_text(t, encoding="utf-8"))
    return out
