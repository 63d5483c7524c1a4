"""The ``cartelsim`` command line."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from model.scenario import MAX_STEPS, ScenarioError, load_scenario

DESCRIPTION = """\
cartelsim: agent-based simulation of Mexican drug-cartel fragmentation and violence
under policy (kingpin strikes, arrests, anti-money-laundering, youth investment,
vetting, force deployment). One step is one week; results are in real units.
"""


# upper bounds of the counts the options take (a typo must not start a year-long job)
MAX_REPLICATES = 10_000
MAX_WORKERS = 1_024
MAX_COUNT = 100_000  # trials, seeds, removals


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (and exit status 2), like bad files."""

    def error(self, message: str) -> None:  # noqa: D102 (argparse's)
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _count(high: int) -> Callable[[str], int]:
    """An option type: a whole number from 1 to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not 1 <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a number from 1 to {high:,}, got {value}")
        return value

    parse.__name__ = "count"
    return parse


_positive_int = _count(MAX_COUNT)
_replicates = _count(MAX_REPLICATES)
_steps = _count(MAX_STEPS)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"expected a seed from 0 to 2^63-1, got {value}")
    return value


def _add_pool_options(parser: argparse.ArgumentParser) -> None:
    """--workers and --quiet, shared by every command that runs many models."""
    parser.add_argument(
        "--workers",
        type=_count(MAX_WORKERS),
        default=None,
        help="worker processes (default: one per available core); results do not depend on it",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = Parser(
        prog="cartelsim",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    run = sub.add_parser(
        "run",
        help="run one scenario and write its results folder",
        description=(
            "Run one scenario with one seed and write timeseries, states, events and "
            "cartels tables (Parquet), the resolved scenario.toml, metadata.json and "
            "summary.png into --out, plus history.csv and history.png by calendar year. "
            "With --replicates N, N seeds run in parallel: history.csv gets the median "
            "and 10-90%% band over them and replicates.parquet every run's time series."
        ),
    )
    run.add_argument(
        "scenario",
        type=Path,
        help="scenario file (TOML), or the name of a shipped scenario (baseline, "
        "kingpin_campaign, ...), from any directory",
    )
    run.add_argument(
        "--seed", type=_seed, default=1, help="random seed (default 1); same seed, same results"
    )
    run.add_argument(
        "--out", type=Path, default=None, help="results folder (default runs/<scenario name>)"
    )
    run.add_argument(
        "--steps",
        type=_steps,
        default=None,
        help="weeks to simulate (default: the scenario's horizon)",
    )
    run.add_argument(
        "--csv", action="store_true", help="also write each table as CSV beside the Parquet"
    )
    run.add_argument("--no-figure", action="store_true", help="skip summary.png")
    run.add_argument(
        "--replicates",
        type=_replicates,
        default=1,
        help="replicates: seeds seed, seed+1, ...; the tables are the first one's, "
        "history.csv has every calendar year's median and 10-90%% band (default 1)",
    )
    run.add_argument(
        "--observed",
        type=Path,
        default=None,
        help="CSV with 'year' and columns named as in history.csv, drawn over history.png",
    )
    run.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing results folder whole (without it, an existing --out is refused)",
    )
    _add_pool_options(run)

    dock = sub.add_parser(
        "dock",
        help="reproduce the Science 2023 recruitment model's published results",
        description=(
            "Run scenarios/science2023.toml (the agent model configured as Prieto-Curiel, "
            "Campedelli & Hope 2023) from 2012 to 2022, then under four arms to 2027: status "
            "quo, incarceration doubled, recruitment halved, recruitment stopped. Replicate k "
            "of every arm continues one shared history (common random numbers). Prints "
            "published value, the published equations solved with scipy, this model's median "
            "and 10-90%% band, and whether it is within tolerance."
        ),
    )
    dock.add_argument(
        "--scenario",
        type=Path,
        default=Path("science2023"),
        help="docking scenario (default: scenarios/science2023.toml)",
    )
    dock.add_argument("--replicates", type=_replicates, default=20, help="replicates (default 20)")
    dock.add_argument(
        "--seed", type=_seed, default=0, help="seed of replicate 0; replicate k uses seed + k"
    )
    dock.add_argument("--json", action="store_true", help="print one JSON object, not a table")
    dock.add_argument(
        "--out", type=Path, default=None, help="also write table, JSON and replicates here"
    )
    _add_pool_options(dock)

    cal = sub.add_parser(
        "calibrate",
        help="fit the default world's free parameters to the 2012-2021 record",
        description=(
            "Run scenarios/mexico_2012.toml (the full model from January 2012) under "
            "parameter values proposed by optuna's TPE sampler and keep those closest to the "
            "2012-2021 record: members in 2022, recruits a week, cartel-member deaths and "
            "homicides each year. Writes the fitted values (calibration.toml), the fit "
            "statistics on separate validation seeds (calibration.md, calibration.json), "
            "every trial (trials.csv) and a figure (fit.png). Needs the [calibrate] extra."
        ),
    )
    cal.add_argument(
        "--scenario",
        type=Path,
        default=Path("mexico_2012"),
        help="scenario to fit, starting in 2012 (default: scenarios/mexico_2012.toml)",
    )
    cal.add_argument("--trials", type=_positive_int, default=None, help="trials (default 80)")
    cal.add_argument(
        "--seeds", type=_positive_int, default=None, help="seeds per trial (default 3)"
    )
    cal.add_argument(
        "--validation-seeds",
        type=_positive_int,
        default=None,
        help="seeds the fit is measured on, none used in fitting (default 10)",
    )
    cal.add_argument("--sampler-seed", type=_seed, default=0, help="optuna sampler seed")
    cal.add_argument(
        "--fit-until",
        type=int,
        choices=range(2012, 2021),
        metavar="YEAR",
        default=None,
        help="time split: fit the yearly record only up to YEAR (2012-2020) and not the "
        "2022 membership; the later years are reported as held out",
    )
    cal.add_argument(
        "--quick",
        action="store_true",
        help="4 trials, 1 seed, 2 validation seeds: a smoke test in well under a minute",
    )
    cal.add_argument("--out", type=Path, default=Path("runs") / "calibration", help="output folder")
    _add_pool_options(cal)

    dash = sub.add_parser(
        "dashboard",
        help="serve the interactive dashboard (Solara); open the address it prints",
        description=(
            "Serve the dashboard (scenario picker, levers, map, trends, family tree, event "
            "log, compare, info) on http://HOST:PORT until Ctrl-C; open that address in a "
            "browser (it does not open one itself). Works offline: every asset is served "
            "by the local server. Same as `solara run app.py --host 127.0.0.1 --no-open`."
        ),
    )
    dash.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine)"
    )
    dash.add_argument("--port", type=int, default=8765, help="port (default 8765)")

    sweep = sub.add_parser(
        "sweep",
        help="run scenarios x parameter grids x replicates into a resumable results folder",
        description=(
            "Run every (arm, replicate) of a sweep spec not yet in --out. Replicate k of every "
            "arm uses the same seed (common random numbers). Results stream to Parquet parts "
            "(zstd) with a manifest; rerun the same command to resume after Ctrl-C or a crash. "
            "Runs go to a local process pool, or to Dask with --scheduler ADDRESS (or 'local' "
            "for a LocalCluster; needs the [dask] extra). Same numbers either way."
        ),
    )
    sweep.add_argument("spec", type=Path, help="sweep spec (TOML), e.g. sweeps/levers.toml")
    sweep.add_argument("--out", type=Path, required=True, help="results folder")
    sweep.add_argument(
        "--scheduler", default=None, help="Dask scheduler address (tcp://host:8786) or 'local'"
    )
    sweep.add_argument(
        "--yes", action="store_true", help="run a spec of more than 10,000 runs (else refused)"
    )
    _add_pool_options(sweep)

    report = sub.add_parser(
        "report",
        help="summarize a sweep folder: bands per arm and paired differences",
        description=(
            "Write report.md, report.csv and figures (bands over time for fragmentation and "
            "violence, paired differences from the reference arm) into a sweep folder."
        ),
    )
    report.add_argument("folder", type=Path, help="a folder written by cartelsim sweep")
    sens = sub.add_parser(
        "sensitivity",
        help="rank declared uncertainties by their effect on outcomes (SALib)",
        description=(
            "Global sensitivity over the [uncertainties] of a spec (never levers): Morris "
            "screening by default, Sobol indices with --method sobol (many more runs). Writes "
            "a ranking table and a figure per outcome. Needs the [sensitivity] extra."
        ),
    )
    sens.add_argument("spec", type=Path, help="sensitivity spec (TOML)")
    sens.add_argument("--out", type=Path, required=True, help="output folder")
    sens.add_argument("--method", choices=("morris", "sobol"), default=None)
    sens.add_argument(
        "--yes", action="store_true", help="run an analysis of more than 10,000 runs (else refused)"
    )
    _add_pool_options(sens)

    event = sub.add_parser(
        "event-study",
        help="what one leader removal does: homicides around it against the same run without it",
        description=(
            "For leader removals in a scenario (a sample per replicate), compare the run "
            "with a copy of the model made at the start of the strike's week and run on the "
            "same random numbers without that one removal. Writes event_study.csv (relative "
            "change of homicides in months 1-6 and 7-12 in the strike state, the cartel's "
            "other states and neighbouring states, median and 10-90%% band across "
            "replicates), event_study_months.csv, removals.csv, summary.json (split "
            "probability, extra homicides per removal over two years), event_study.md and "
            "event_study.png."
        ),
    )
    event.add_argument("scenario", type=Path, help="scenario file, e.g. scenarios/mexico_2006.toml")
    event.add_argument("--out", type=Path, required=True, help="output folder")
    event.add_argument("--replicates", type=_replicates, default=None, help="default 10")
    event.add_argument(
        "--removals", type=_positive_int, default=None,
        help="removals studied per replicate, sampled with the seed (default 20)",
    )  # fmt: skip
    event.add_argument(
        "--seed", type=_seed, default=0, help="seed of replicate 0; replicate k uses seed + k"
    )
    event.add_argument(
        "--steps", type=_steps, default=None,
        help="weeks of the scenario to draw removals from (default: its horizon)",
    )  # fmt: skip
    event.add_argument(
        "--quick", action="store_true",
        help="2 replicates, 3 removals each, the first 3 years: a smoke test (~15 s)",
    )  # fmt: skip
    _add_pool_options(event)

    hyp = sub.add_parser(
        "hypotheses",
        help="run one paired experiment per claim of the source articles, with verdicts",
        description=(
            "Each card is registered (model/studies/cards.toml, versioned) with its arms "
            "(common random numbers), outcome, horizon, claimed direction and decision rule "
            "before running, then reports the mean paired difference with its 90%% bootstrap "
            "interval and a verdict: supported, refuted or inconclusive. Writes "
            "hypotheses.md, hypotheses.csv (with each card's version and fingerprint), "
            "registry.md and a figure per card."
        ),
    )
    hyp.add_argument("--out", type=Path, required=True, help="output folder")
    hyp.add_argument(
        "--quick", action="store_true", help="3 replicates, 2 years: a smoke test (~15 s)"
    )
    hyp.add_argument("--replicates", type=_replicates, default=None, help="default 20")
    hyp.add_argument("--years", type=_count(MAX_STEPS // 52), default=None, help="default 10")
    hyp.add_argument(
        "--robustness", type=Path, default=None, metavar="SPEC",
        help="instead: rerun every card over parameter sets drawn (Latin hypercube) from the "
        "[uncertainties] ranges of SPEC (e.g. sweeps/uncertainties.toml); writes "
        "robustness.md/.csv, effects.csv, sets.csv and verdict_map.png",
    )  # fmt: skip
    hyp.add_argument(
        "--sets", type=_count(10_000), default=None,
        help="parameter sets for --robustness (default 64; --quick 3)",
    )  # fmt: skip
    _add_pool_options(hyp)

    cards = sub.add_parser(
        "cards",
        help="write the hypothesis card registry: every version of every card, with results",
        description=(
            "Lists every version of every hypothesis card in model/studies/cards.toml (arms, "
            "outcome, horizon, rule, fingerprint, the commit it was registered at and the "
            "results committed while it was current) as markdown. Runs nothing."
        ),
    )
    cards.add_argument(
        "--out", type=Path, default=None, help="markdown file to write (default: print it)"
    )
    cards.add_argument(
        "--results", type=Path, default=None,
        help="a hypotheses.csv whose rows give current versions their latest result",
    )  # fmt: skip

    report.add_argument(
        "--horizons",
        default=None,
        help="years after the start, comma-separated (default: the middle and the end)",
    )
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario (and its replicates) and write its folder."""
    from model.experiments.history import read_observed
    from model.experiments.parallel import default_workers
    from model.experiments.replicates import describe, run_replicates, write_run
    from model.experiments.run import check_out

    scenario = load_scenario(args.scenario)
    if args.observed is not None:
        _regular(args.observed, "CSV file of an observed series")
    observed = read_observed(args.observed) if args.observed is not None else None
    steps = args.steps if args.steps is not None else scenario.steps
    out = args.out if args.out is not None else Path("runs") / scenario.name
    check_out(out, fresh=True, overwrite=args.overwrite)  # before the run, not after
    workers = args.workers if args.workers is not None else default_workers()
    quiet_replicates = args.quiet or args.replicates == 1
    with (
        tqdm(total=steps, desc=scenario.name, unit="wk", disable=args.quiet,
             file=sys.stderr) as weeks,
        tqdm(total=args.replicates - 1, desc="replicates", unit="run", disable=quiet_replicates,
             file=sys.stderr) as runs,
    ):  # fmt: skip
        run = run_replicates(
            scenario, args.seed, steps, args.replicates, workers, weeks.update, runs.update
        )
    write_run(run, out, observed, csv=args.csv, figure=not args.no_figure, overwrite=args.overwrite)
    print(f"{scenario.name}: {steps} weeks, seed {args.seed} -> {out}\n{describe(run)}")
    return 0


def cmd_dock(args: argparse.Namespace) -> int:
    """Dock with the published Science 2023 model; print the table or JSON."""
    import json
    import time

    from model.experiments.parallel import default_workers
    from model.experiments.run import check_out
    from model.studies.docking import dock, write_docking

    scenario = load_scenario(args.scenario)
    if args.out is not None:
        check_out(args.out)
    workers = args.workers if args.workers is not None else default_workers()
    start = time.perf_counter()
    with tqdm(
        total=args.replicates,
        desc="docking",
        unit="replicate",
        disable=args.quiet,
        file=sys.stderr,
    ) as bar:
        result = dock(scenario, args.replicates, args.seed, workers, progress=bar.update)
    if args.out is not None:
        write_docking(result, args.out, time.perf_counter() - start)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(result.table())
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Fit the free parameters; write the folder; print the fit."""
    import time

    try:
        import optuna  # noqa: F401
    except ImportError:
        print(
            'cartelsim: error: calibrate needs optuna: pip install -e ".[calibrate]"',
            file=sys.stderr,
        )
        return 2
    from model.experiments.parallel import default_workers
    from model.experiments.run import check_out
    from model.studies.calibration import calibrate_preset, preset, write_calibration

    scenario = load_scenario(args.scenario)
    check_out(args.out)
    sizes = preset("quick" if args.quick else "full", trials=args.trials, seeds=args.seeds,
                   validation_seeds=args.validation_seeds)  # fmt: skip
    workers = args.workers if args.workers is not None else default_workers()
    start = time.perf_counter()
    with tqdm(total=sizes["trials"], desc="calibrating", unit="trial", disable=args.quiet,
              file=sys.stderr) as bar:  # fmt: skip
        result = calibrate_preset(
            scenario, sizes, args.sampler_seed, workers, bar.update, fit_until=args.fit_until
        )
    write_calibration(result, args.out, time.perf_counter() - start)
    print(result.table())
    print(f"\nwritten to {args.out}")
    return 0


PRIVATE_SOLARA = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_MODE": "production"}


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the Solara dashboard until interrupted (this process becomes the server)."""
    import os

    # private and offline: production mode (no auto-reload, no solara.dev check iframe),
    # no PyPI version check, no telemetry (Solara sends usage to Mixpanel by default)
    command = [sys.executable, "-m", "solara", "run", "model.ui.dashboard", "--host", args.host,
               "--port", str(args.port), "--no-open", "--production",
               "--no-check-version"]  # fmt: skip
    os.environ.update(PRIVATE_SOLARA)
    print(f"cartelsim dashboard: open http://{args.host}:{args.port} in a browser; Ctrl-C stops")
    sys.stdout.flush()
    # exec, not a child process: stopping `cartelsim dashboard` stops the server itself
    os.execv(sys.executable, command)
    return 0  # not reached


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run (or resume) a sweep."""
    from model.experiments.parallel import default_workers
    from model.experiments.sweep import Store, load_spec, run_sweep

    spec = load_spec(args.spec)
    _confirm(args, spec.total_runs(), f"{len(spec.arms):,} arms x {spec.replicates:,} replicates")
    store = Store(args.out)
    store.check(spec)  # before anything runs or is written
    workers = args.workers if args.workers is not None else default_workers()
    total = spec.total_runs()
    done = store.done()
    initial = len(set(zip(done["arm"], done["replicate"])) & set(spec.runs()))
    with tqdm(
        total=total, initial=initial, desc=spec.name, unit="run", disable=args.quiet,
        file=sys.stderr,
    ) as bar:  # fmt: skip
        store = run_sweep(spec, args.out, workers, args.scheduler, progress=bar.update,
                          notes=_note)  # fmt: skip
    done = store.done()
    finished = len(set(zip(done["arm"], done["replicate"])) & set(spec.runs()))
    print(f"{spec.name}: {finished} of {total} runs in {args.out}")
    return 0


def _regular(path: Path, what: str) -> None:
    """Refuse a FIFO, device or folder given as an input file (reading it would hang)."""
    from model.scenario import check_regular_file

    try:
        check_regular_file(path, what)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such {what}") from None
    except OSError as err:
        raise ScenarioError(f"{path}: cannot read the file ({err.strerror})") from None


def _note(line: str) -> None:
    """A line for the user on standard error (not an error)."""
    print(f"cartelsim: note: {line}", file=sys.stderr)


def _confirm(args: argparse.Namespace, runs: int, what: str) -> None:
    """Refuse a job of more than CONFIRM_RUNS runs unless --yes, and of more than MAX_RUNS."""
    from model.experiments.sweep import CONFIRM_RUNS, MAX_RUNS

    if runs > MAX_RUNS:
        raise ScenarioError(f"{args.spec}: {what} = {runs:,} runs; allowed: at most {MAX_RUNS:,}")
    if runs > CONFIRM_RUNS and not args.yes:
        raise ScenarioError(
            f"{args.spec}: {what} = {runs:,} runs; allowed: at most {CONFIRM_RUNS:,}, or "
            "more with --yes"
        )


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report of a sweep folder."""
    import math

    from model.experiments.report import write_report

    horizons = None
    if args.horizons:
        most = MAX_STEPS // 52
        allowed = f"allowed: years after the start, above 0 and at most {most}, comma-separated"
        try:
            horizons = [float(x) for x in args.horizons.split(",")]
        except ValueError:
            raise ScenarioError(f"--horizons: got {args.horizons!r}; {allowed} (5,10)") from None
        if not all(math.isfinite(h) and 0 < h <= most for h in horizons):
            raise ScenarioError(f"--horizons: got {args.horizons!r}; {allowed}")
    if not args.folder.is_dir():
        raise ScenarioError(f"{args.folder}: no such folder; allowed: a sweep folder")
    write_report(args.folder, horizons)
    print((args.folder / "report.md").read_text())
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Run a sensitivity analysis and write its ranking."""
    from model.experiments.parallel import default_workers
    from model.experiments.run import check_out
    from model.experiments.sensitivity import analyze, load_sensitivity, write_sensitivity

    spec = load_sensitivity(args.spec)
    if args.method:
        spec.method = args.method
    _confirm(args, spec.runs(), f"{spec.method} with {spec.samples:,} samples of "
             f"{len(spec.names)} uncertainties")  # fmt: skip
    check_out(args.out)
    if spec.method == "sobol":
        print(
            f"cartelsim: warning: Sobol needs {spec.runs()} runs of {spec.steps} weeks "
            f"({len(spec.names)} uncertainties, {spec.samples} base samples)",
            file=sys.stderr,
        )
    workers = args.workers if args.workers is not None else default_workers()
    with tqdm(total=spec.runs(), desc="sensitivity", unit="run", disable=args.quiet,
              file=sys.stderr) as bar:  # fmt: skip
        table = analyze(spec, workers, progress=bar.update)
    write_sensitivity(spec, table, args.out)
    print((args.out / "sensitivity.md").read_text())
    return 0


def cmd_event_study(args: argparse.Namespace) -> int:
    """Run the leader-removal event study and write its folder."""
    import time

    from model.experiments.parallel import default_workers
    from model.experiments.run import check_out
    from model.studies.event_study import preset, run_event_study, write_event_study

    scenario = load_scenario(args.scenario)
    check_out(args.out)
    sizes = preset("quick" if args.quick else "full", scenario, args.replicates, args.removals,
                   args.steps)  # fmt: skip
    replicates, removals, steps = sizes["replicates"], sizes["removals"], sizes["steps"]
    workers = args.workers if args.workers is not None else default_workers()
    start = time.perf_counter()
    with tqdm(total=replicates, desc="event study", unit="replicate", disable=args.quiet,
              file=sys.stderr) as bar:  # fmt: skip
        records = run_event_study(
            scenario, replicates, args.seed, steps, removals, workers, bar.update
        )
    if not records:
        raise ScenarioError(
            f"{args.scenario}: no leader was removed in {steps} weeks of {replicates} "
            "replicate(s); allowed: a scenario with leader strikes (kingpin_strikes_per_year "
            "or [[strikes]])"
        )
    settings = {"seed": args.seed, "steps": steps, "removals_per_replicate": removals,
                "wall_seconds": round(time.perf_counter() - start, 1)}  # fmt: skip
    table, summary = write_event_study(records, scenario, args.out, settings)
    print((args.out / "event_study.md").read_text().split("\n![")[0])
    print(f"written to {args.out} in {settings['wall_seconds']:.0f} s")
    return 0


def cmd_hypotheses(args: argparse.Namespace) -> int:
    """Run the hypothesis cards and write their report."""
    import time

    from model.experiments.numbers import fmt
    from model.experiments.parallel import default_workers
    from model.experiments.run import check_out
    from model.studies.hypotheses import (
        CARDS,
        baseline,
        preset,
        price_cards,
        run_report,
        runs_needed,
        write_cards,
        write_registry,
        write_scan,
    )

    check_out(args.out)
    workers = args.workers if args.workers is not None else default_workers()
    if args.robustness is not None:
        return robustness(args, workers)
    sizes = preset("quick" if args.quick else "full", args.replicates, args.years)
    replicates, years, prices = sizes["replicates"], sizes["years"], sizes["prices"]
    start = time.perf_counter()
    base = baseline()
    runs = runs_needed(CARDS + price_cards(prices), replicates)
    with tqdm(total=runs, desc="hypotheses", unit="run", disable=args.quiet,
              file=sys.stderr) as bar:  # fmt: skip
        table, values, scan = run_report(base, replicates, years, workers, prices, bar.update)
    write_cards(table, values, args.out, time.perf_counter() - start)
    write_scan(scan, args.out)
    write_registry(args.out, table, scan)
    for row in table.itertuples():
        print(f"{row.card:26s} v{row.card_version} {row.verdict:13s} effect "
              f"{fmt(row.effect, '+,.1f')} [{fmt(row.ci_low, '+,.1f')} to "
              f"{fmt(row.ci_high, '+,.1f')}] ({row.outcome})")  # fmt: skip
    for row in scan.itertuples():
        print(
            f"equal cost, arrest at US${row.cost_per_arrest_usd:>9,.0f}: {row.verdict:13s} "
            f"effect {fmt(row.effect, '+,.1f')} [{fmt(row.ci_low, '+,.1f')} to "
            f"{fmt(row.ci_high, '+,.1f')}]"
        )
    print(f"written to {args.out}")
    return 0


def robustness(args: argparse.Namespace, workers: int) -> int:
    """``cartelsim hypotheses --robustness SPEC``: every card across the plausible space."""
    import time

    from model.experiments.numbers import fmt
    from model.experiments.sensitivity import load_sensitivity
    from model.studies.hypotheses import CARDS, arm_key
    from model.studies.robustness import run_robustness, write_robustness

    spec = load_sensitivity(args.robustness)
    sets = args.sets or (3 if args.quick else 64)
    replicates = args.replicates or 2
    years = args.years or (1 if args.quick else 10)
    arms = {arm_key(side) for card in CARDS for side in (card.treatment, card.control)}
    start = time.perf_counter()
    with tqdm(total=sets * len(arms) * replicates, desc="robustness", unit="run",
              disable=args.quiet, file=sys.stderr) as bar:  # fmt: skip
        draws, effects = run_robustness(spec, sets, replicates, years, workers, 0, bar.update)
    settings = {"sets": sets, "seed": 0, "spec": str(args.robustness), "replicates": replicates,
                "years": years, "wall_s": time.perf_counter() - start}  # fmt: skip
    summary = write_robustness(draws, effects, args.out, settings)
    for row in summary.itertuples():
        print(f"{row.card:26s} claimed sign in {fmt(row.share_claimed_sign, '.0%'):>4s} of "
              f"{row.sets} sets; {row.deciding_parameters}")  # fmt: skip
    print(f"written to {args.out}")
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    """Write (or print) the hypothesis card registry as markdown."""
    import pandas as pd

    from model.studies.cards import load_registry, registry_markdown

    latest = None
    if args.results is not None:
        if not args.results.is_file():
            raise ScenarioError(f"{args.results}: no such file")
        latest = pd.read_csv(args.results)
    text = registry_markdown(load_registry(), latest)
    if args.out is None:
        print(text, end="")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(f"written to {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse, dispatch, turn user errors into one line and exit status 2.

    SIGTERM (``kill``, a batch system's time limit) is handled as Ctrl-C: finished sweep
    runs are written and a half-written results folder is removed, exit status 130.
    """
    args = build_parser().parse_args(argv)
    args.program = argv is None  # this process is the `cartelsim` command, and ends with it
    from model.experiments.parallel import WorkersDied, one_blas_thread

    one_blas_thread()
    changed, previous = _sigterm_as_interrupt()
    try:
        if args.command == "dashboard" and not 1 <= args.port <= 65535:
            raise ScenarioError(f"--port: got {args.port}; allowed: a port from 1 to 65535")
        commands = {
            "run": cmd_run,
            "dock": cmd_dock,
            "calibrate": cmd_calibrate,
            "dashboard": cmd_dashboard,
            "sweep": cmd_sweep,
            "report": cmd_report,
            "sensitivity": cmd_sensitivity,
            "hypotheses": cmd_hypotheses,
            "cards": cmd_cards,
            "event-study": cmd_event_study,
        }
        return commands[args.command](args)
    except ScenarioError as err:
        print(f"cartelsim: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except WorkersDied as err:
        print(f"cartelsim: failed: {_one_line(err)}; rerun to resume", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cartelsim: interrupted", file=sys.stderr)
        return 130
    finally:
        if changed:
            signal.signal(signal.SIGTERM, previous)
        if args.program:
            _keep_to_exit()


def _keep_to_exit() -> None:
    """Put every object alive now out of the garbage collector's reach, to the process's end.

    Only for the program itself (``main()`` without arguments: the ``cartelsim`` command,
    ``python -m model.ui.cli``), never for a Python session that calls ``main([...])`` and
    goes on. After Mesa, pandas and matplotlib are loaded ~150,000 objects are alive,
    and the interpreter's last collections, as it exits, scan and free them: ~0.25 s. Frozen
    (``gc.freeze``), they are not scanned; the operating system frees their memory when
    the process ends. Results are unchanged: called when the command is done.
    """
    gc.freeze()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sigterm_as_interrupt() -> tuple[bool, object]:
    """Make SIGTERM raise KeyboardInterrupt; return whether it did, and the previous handler."""
    try:
        return True, signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # not the main thread (main() called from a thread): leave it
        return False, None


def _one_line(err: Exception, limit: int = 2000) -> str:
    """An error as one line: line breaks escaped, cut at ``limit`` characters."""
    text = str(err).replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3] + "..."


if __name__ == "__main__":
    sys.exit(main())
