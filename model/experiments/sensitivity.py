"""Global sensitivity of outcomes to declared uncertainties, with SALib.

A sensitivity spec is a TOML file::

    [sensitivity]
    scenario = "../scenarios/baseline.toml"
    method = "morris"          # screening (default); "sobol" for variance shares (costly)
    samples = 10               # Morris: trajectories, N (D+1) runs; Sobol: N (2D+2) runs
    steps = 260                # weeks
    seed = 0                   # sampler seed; every run uses this run seed (common numbers)

    [uncertainties]            # "section.key" = [low, high]; levers are not allowed
    "conflict.state_mixing_boost" = [0.3, 1.0]
    "recruitment.choice_elasticity" = "plausible"   # its span declared in model/params.py
    # "*" = "plausible"        # every uncertainty of model/params.py, at its span

Morris: Morris (1991) elementary effects with Campolongo et al.'s (2007) mu*; Sobol:
Saltelli (2002) sampling and Sobol indices, via SALib (Herman & Usher 2017, JOSS).

Limits: ``samples`` 1 to :data:`MAX_SAMPLES`, ``steps`` 1 to 100,000, ``seed`` 0 to 2^32 - 1, at
most :data:`~model.experiments.sweep.MAX_RUNS` runs (more than
:data:`~model.experiments.sweep.CONFIRM_RUNS` need ``--yes``). Every corner of the ranges
given to parameters that must agree with each other
(:data:`model.scenario.CONSISTENCY_KEYS`) is checked before anything runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model.experiments.parallel import run_all
from model.experiments.run import atomic_write, simulate
from model.experiments.sweep import MAX_RUNS
from model.outcomes import HEADLINE, OUTCOMES
from model.params import SECTIONS, parameter_table, plausible_spans
from model.scenario import (
    CONSISTENCY_KEYS,
    MAX_STEPS,
    Scenario,
    ScenarioError,
    check_header,
    check_range,
    load_scenario,
    read_toml,
    show,
    with_overrides,
)

UNCERTAIN_SECTIONS = [s for s in SECTIONS if s != "levers"]
HEAD_KEYS = {"scenario": str, "method": str, "samples": int, "steps": int, "seed": int}
MAX_SAMPLES = 10_000  # Morris trajectories or Sobol base samples


@dataclass
class SensitivitySpec:
    """A validated sensitivity analysis."""

    scenario: Scenario
    names: list[str]
    bounds: list[list[float]]
    method: str = "morris"
    samples: int = 10
    steps: int = 260
    seed: int = 0
    source: str = "<spec>"

    def runs(self) -> int:
        """How many model runs the analysis needs."""
        d = len(self.names)
        return self.samples * (d + 1) if self.method == "morris" else self.samples * (2 * d + 2)


def load_sensitivity(path: str | Path) -> SensitivitySpec:
    """Read and validate a sensitivity spec; ScenarioError with one line on any problem."""
    path = Path(path)
    where = str(path)
    data = read_toml(path, "sensitivity spec")
    unknown = set(data) - {"sensitivity", "uncertainties"}
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key '{sorted(unknown)[0]}'; allowed: sensitivity, uncertainties"
        )
    head = check_header(where, "sensitivity", data.get("sensitivity", {}), HEAD_KEYS)
    if not head.get("scenario"):
        raise ScenarioError(f"{where}: key 'sensitivity.scenario': missing; give a scenario path")
    method = head.get("method", "morris")
    if method not in ("morris", "sobol"):
        raise ScenarioError(
            f"{where}: key 'sensitivity.method': got {show(method)}; allowed: morris, sobol"
        )
    samples = check_range(where, "sensitivity.samples", head.get("samples", 10), 1, MAX_SAMPLES)
    steps = check_range(where, "sensitivity.steps", head.get("steps", 260), 1, MAX_STEPS)
    seed = check_range(where, "sensitivity.seed", head.get("seed", 0), 0, 2**32 - 1)
    uncertain = _expand_plausible(where, data.get("uncertainties", {}))
    if not isinstance(uncertain, dict) or len(uncertain) < 2:
        raise ScenarioError(
            f"{where}: key 'uncertainties': give at least two 'section.key' = [low, high]"
        )
    d = len(uncertain)
    runs = samples * (d + 1) if method == "morris" else samples * (2 * d + 2)
    if runs > MAX_RUNS:
        raise ScenarioError(
            f"{where}: key 'sensitivity.samples': {samples:,} samples of {d} uncertainties "
            f"take {runs:,} runs ({method}); allowed: at most {MAX_RUNS:,} runs"
        )
    try:
        scenario = load_scenario(path.parent / head["scenario"])
    except ScenarioError as err:
        raise ScenarioError(f"{where}: key 'sensitivity.scenario': {err}") from None
    names, bounds = [], []
    for key, pair in uncertain.items():
        section, _, name = key.partition(".")
        if section == "levers":
            raise ScenarioError(
                f"{where}: key 'uncertainties.{key}': levers are policy choices, not "
                f"uncertainties; allowed sections: {', '.join(UNCERTAIN_SECTIONS)}"
            )
        valid = (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in pair)
            and pair[0] < pair[1]  # false for NaN
            and all(abs(x) < float("inf") for x in pair)
        )
        if not valid:
            raise ScenarioError(
                f"{where}: key 'uncertainties.{key}': got {show(pair)}; allowed: [low, high] "
                'with low < high, finite numbers, or "plausible" (the declared span)'
            )
        for end in pair:  # both ends must be valid values of the parameter
            try:
                with_overrides(scenario, **{section: {name: float(end)}})
            except ScenarioError as err:
                raise ScenarioError(f"{where}: key 'uncertainties.{key}': {err}") from None
        names.append(key)
        bounds.append([float(pair[0]), float(pair[1])])
    _check_corners(where, scenario, names, bounds)
    return SensitivitySpec(scenario, names, bounds, method, samples, steps, seed, where)


def _expand_plausible(where: str, uncertain: Any) -> Any:
    """Replace ``"plausible"`` by the key's declared span; ``"*" = "plausible"`` adds all.

    Explicit ``[low, high]`` pairs are kept as given (they override ``"*"``).
    """
    if not isinstance(uncertain, dict):
        return uncertain
    spans = plausible_spans()
    out: dict[str, Any] = {}
    if "*" in uncertain:
        if uncertain["*"] != "plausible":
            raise ScenarioError(
                f"{where}: key 'uncertainties.*': got {show(uncertain['*'])}; allowed: "
                '"plausible" (every uncertainty of model/params.py at its declared span)'
            )
        out.update({key: list(span) for key, span in spans.items()})
    for key, value in uncertain.items():
        if key == "*":
            continue
        if value == "plausible":
            if key not in spans:
                raise ScenarioError(f"{where}: key 'uncertainties.{key}': {_not_drawn(key)}")
            value = list(spans[key])
        out[key] = value
    return out


def _not_drawn(key: str) -> str:
    """Why ``key`` has no plausible span, and what is allowed instead."""
    kinds = {f"{row['section']}.{row['name']}": row["kind"] for row in parameter_table()}
    if key not in kinds:
        return "no such parameter; allowed: a 'section.key' of model/params.py (docs/ODD.md)"
    if kinds[key] == "lever":
        return "levers are policy choices, not uncertainties; set them in the scenario"
    return (
        "a setting (a model variant, data set, definition or normalisation), not an "
        "uncertainty: it has no plausible span and is not drawn; set it in the scenario"
    )


def _check_corners(
    where: str, scenario: Scenario, names: list[str], bounds: list[list[float]]
) -> None:
    """Every corner of the ranges of the parameters that must agree makes a possible world.

    Each end is valid alone (checked above); together they must pass
    :func:`model.scenario.check_consistency`, or a sample would fail mid-analysis.
    """
    tied = [(n, b) for n, b in zip(names, bounds) if n in CONSISTENCY_KEYS]
    if len(tied) < 2:
        return  # a single parameter's two ends were each checked with the scenario
    for corner in itertools.product(*(b for _, b in tied)):
        sections: dict[str, dict[str, float]] = {}
        for (key, _), value in zip(tied, corner):
            section, _, name = key.partition(".")
            sections.setdefault(section, {})[name] = value
        try:
            with_overrides(scenario, **sections)
        except ScenarioError as err:
            keys = ", ".join(n for n, _ in tied)
            problem = str(err).split("': ", 1)[-1]  # after "file: keys 'a' and 'b': "
            raise ScenarioError(
                f"{where}: key 'uncertainties': at the corner {keys} = {show(list(corner))}, "
                f"{problem}"
            ) from None


def integer_keys() -> set[str]:
    """The ``"section.key"`` names of the integer parameters (sizes, counts)."""
    return {
        f"{row['section']}.{row['name']}"
        for row in parameter_table()
        if isinstance(row["default"], int) and not isinstance(row["default"], bool)
    }


def as_sections(values: dict[str, float]) -> dict[str, dict[str, float | int]]:
    """Sampled values (``"section.key"`` -> value) as scenario sections.

    Integer parameters (a group's size, the factions of a split) are rounded to the
    nearest integer, so a continuous sample of their span is a valid value.
    """
    integers = integer_keys()
    sections: dict[str, dict[str, float | int]] = {}
    for key, value in values.items():
        section, _, name = key.partition(".")
        sections.setdefault(section, {})[name] = (
            int(round(value)) if key in integers else float(value)
        )
    return sections


def outcomes(
    scenario: Scenario, values: dict[str, float], seed: int, steps: int
) -> dict[str, float]:
    """Run one sample; return the :data:`~model.outcomes.HEADLINE` outcomes at the end.

    Each is read as the catalogue says (:meth:`~model.outcomes.Outcome.at_horizon`):
    flows summed over the last 52 weeks, levels read in the last week. Worker task
    (top level, picklable).
    """
    sections = as_sections(values)
    ts = simulate(with_overrides(scenario, **sections), seed, steps, people=False).timeseries
    last = len(ts) - 1  # row n is step n
    return {name: float(OUTCOMES[name].at_horizon(ts[name], last)) for name in HEADLINE}


def title(outcome: str) -> str:
    """An outcome read at the end of the run, in words ("homicides in the last year")."""
    o = OUTCOMES[outcome]
    return f"{o.label} in the last year" if o.reduce == "year" else f"{o.label} at the end"


def analyze(
    spec: SensitivitySpec, workers: int = 1, progress: Callable[[int], Any] | None = None
) -> pd.DataFrame:
    """Sample, run and analyze; one row per outcome and parameter, ranked."""
    problem = {"num_vars": len(spec.names), "names": spec.names, "bounds": spec.bounds}
    if spec.method == "morris":
        from SALib.analyze import morris as analyzer
        from SALib.sample import morris as sampler

        x = sampler.sample(problem, spec.samples, num_levels=4, seed=spec.seed)
    else:
        from SALib.analyze import sobol as analyzer
        from SALib.sample import sobol as sampler

        x = sampler.sample(problem, spec.samples, seed=spec.seed)
    jobs = [
        (spec.scenario, dict(zip(spec.names, map(float, sample))), spec.seed, spec.steps)
        for sample in x
    ]
    rows = run_all(outcomes, jobs, workers, progress)
    y = pd.DataFrame(rows)
    table = []
    for outcome in HEADLINE:
        values = y[outcome].to_numpy()
        if spec.method == "morris":
            result = analyzer.analyze(problem, x, values, num_levels=4, seed=spec.seed)
            for n, name in enumerate(spec.names):
                table.append({"outcome": outcome, "parameter": name,
                              "mu_star": float(result["mu_star"][n]),
                              "mu_star_conf": float(result["mu_star_conf"][n]),
                              "sigma": float(result["sigma"][n])})  # fmt: skip
        else:
            result = analyzer.analyze(problem, values, seed=spec.seed)
            for n, name in enumerate(spec.names):
                table.append({"outcome": outcome, "parameter": name,
                              "S1": float(result["S1"][n]), "ST": float(result["ST"][n]),
                              "ST_conf": float(result["ST_conf"][n])})  # fmt: skip
    frame = pd.DataFrame(table)
    key = "mu_star" if spec.method == "morris" else "ST"
    frame["rank"] = frame.groupby("outcome")[key].rank(ascending=False, method="min").astype(int)
    return frame.sort_values(["outcome", "rank"]).reset_index(drop=True)


def write_sensitivity(spec: SensitivitySpec, table: pd.DataFrame, out: str | Path) -> Path:
    """sensitivity.csv, sensitivity.md (a ranking per outcome) and a figure per outcome."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    key = "mu_star" if spec.method == "morris" else "ST"
    atomic_write(out / "sensitivity.csv", lambda p: table.to_csv(p, index=False))
    lines = [f"# Sensitivity ({spec.method}, {spec.runs()} runs, scenario {spec.scenario.name})\n"]
    for outcome, block in table.groupby("outcome", sort=False):
        lines += [f"\n## {title(outcome)}\n", f"| rank | parameter | {key} |", "|---|---|---|"]
        for row in block.itertuples():
            lines.append(f"| {row.rank} | `{row.parameter}` | {getattr(row, key):.4g} |")
        fig = Figure(figsize=(6, 0.5 + 0.4 * len(block)), dpi=100)
        ax = fig.add_subplot()
        ordered = block.sort_values(key)
        ax.barh(ordered["parameter"], ordered[key])
        ax.set_xlabel(key)
        ax.set_title(title(outcome))
        fig.tight_layout()
        atomic_write(
            out / f"sensitivity_{outcome}.png", lambda p, f=fig: f.savefig(p, format="png")
        )
    atomic_write(out / "sensitivity.md", lambda p: p.write_text("\n".join(lines) + "\n"))
    return out
