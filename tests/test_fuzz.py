"""Every bad input is refused the same way: one line on standard error naming the file,
exit status 2, no traceback, nothing written, before anything runs (issue #16).

Malformed scenarios and sweep and sensitivity specs come from a generator (hypothesis)
that breaks one thing of a valid file at a time, and from a table of the inputs that
once crashed or hung. Everything runs in this process through ``model.ui.cli.main``.
"""

import dataclasses
import math
import os
import signal
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.params import SECTIONS
from model.scenario import MAX_DATED, MAX_FILE_BYTES, MAX_NESTING, load_scenario
from model.ui.cli import main

from .conftest import ROOT

BASELINE = ROOT / "scenarios" / "baseline.toml"
VALID = {
    "scenario": {"name": "fuzz", "steps": 10},
    "levers": {"vetting": 0.5},
    "schedule": [{"step": 1, "vetting": 1.0}],
    "strikes": [{"step": 2, "target": "ACME"}],
}
NUMBERS = [
    (section, f.name, f.type if isinstance(f.type, str) else f.type.__name__)
    for section, cls in SECTIONS.items()
    for f in dataclasses.fields(cls)
    if (f.type if isinstance(f.type, str) else f.type.__name__) in ("int", "float")
]
NOT_A_NUMBER = [math.nan, math.inf, -math.inf, 1e308, -1e308, "1", True, [1.0], {"x": 1}]
BAD_YEARS = [math.nan, math.inf, -math.inf, 1e308, -1e308, 2019.0, 2031.0, "2025", True]
BAD_STEPS = [-1, 10, 2**62, 1.5, "1", False]
BAD_NAMES = ["../../../tmp/x", "/tmp/x", "a b", "", "x" * 101, "a/b", ".", "..", "é"]
BAD_HORIZONS = [0, -1, 100_001, 10**18, math.nan, 1.5, "5", True]


def mutate_number(draw) -> dict:
    section, name, _ = draw(st.sampled_from(NUMBERS))
    return {**VALID, section: {name: draw(st.sampled_from(NOT_A_NUMBER))}}


def mutate_dated(draw) -> dict:
    key = draw(st.sampled_from(["schedule", "strikes"]))
    entry = dict(VALID[key][0])
    entry.pop("step")
    if draw(st.booleans()):
        entry["year"] = draw(st.sampled_from(BAD_YEARS))
    else:
        entry["step"] = draw(st.sampled_from(BAD_STEPS))
    return {**VALID, key: [entry]}


def mutate_header(draw) -> dict:
    if draw(st.booleans()):
        return {**VALID, "scenario": {"name": draw(st.sampled_from(BAD_NAMES))}}
    return {**VALID, "scenario": {"steps": draw(st.sampled_from(BAD_HORIZONS))}}


def mutate_structure(draw) -> dict:
    choice = draw(st.integers(0, 6))
    if choice == 0:
        return {**VALID, draw(st.sampled_from(["banana", "Levers", "schedules"])): {}}
    if choice == 1:
        return {**VALID, "levers": {"no_such_lever": 1.0}}
    if choice == 2:
        return {**VALID, "schedule": draw(st.sampled_from([3, "x", [1], [{}], {"step": 1}]))}
    if choice == 3:
        return {**VALID, "strikes": [{"step": 2, "target": "Atlantis"}]}
    if choice == 4:
        return {**VALID, "levers": 3}
    if choice == 5:  # each valid, together impossible
        return {**VALID, "world": {"initial_members": 100, "at_risk_share": 0.0001}}
    return {**VALID, "enforcement": {"arrest_cap": 1.0, "killed_per_arrest": 10.0}}


@st.composite
def bad_scenarios(draw) -> str:
    """The text of a scenario file with one thing broken."""
    kind = draw(st.sampled_from(["number", "dated", "header", "structure", "text"]))
    if kind == "text":
        return draw(
            st.sampled_from(
                [
                    "a = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1) + "\n",
                    "a = " + "[" * 5000 + "]" * 5000 + "\n",
                    "x = {a = " * 60 + "1" + "}" * 60 + "\n",
                    "[levers\n",
                    "[levers]\nvetting = \n",
                    "[[schedule]]\nstep = 1\nvetting = 1\n" * (MAX_DATED + 1),
                    "\x00\x01",
                    '"a\\nb" = 1\n',
                ]
            )
        )
    mutate = {"number": mutate_number, "dated": mutate_dated, "header": mutate_header,
              "structure": mutate_structure}[kind]  # fmt: skip
    return tomli_w.dumps(mutate(draw))


def refused(capsys, argv: list[str], named: Path, out: Path) -> str:
    """Run the CLI; assert the one-line refusal that names ``named``; return the line."""
    status = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("cartelsim: error: ") and "Traceback" not in err
    assert str(named) in err
    assert not out.exists(), "something was written"
    return err


def test_the_valid_base_is_valid(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(tomli_w.dumps(VALID))
    assert load_scenario(path).name == "fuzz"


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=bad_scenarios())
def test_a_malformed_scenario_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["run", path, "--out", out, "--steps", "1", "--no-figure", "--quiet", "--workers", "1"]
    refused(capsys, argv, path, out)


SWEEP = {"sweep": {"replicates": 1, "steps": 1}, "arms": [{"scenario": str(BASELINE)}]}
SWEEP_BREAKS = [
    ("sweep", 3),
    ("sweep", {"replicates": 0}),
    ("sweep", {"replicates": 10**18}),
    ("sweep", {"replicates": math.nan}),
    ("sweep", {"steps": 10**9}),
    ("sweep", {"steps": 0}),
    ("sweep", {"seed": -1}),
    ("sweep", {"seed": 2**63 - 1}),
    ("sweep", {"reference": "nobody"}),
    ("sweep", {"name": 5}),
    ("sweep", {"repeats": 3}),
    ("arms", []),
    ("arms", [{"scenario": 123}]),
    ("arms", [{"scenario": ""}]),
    ("arms", [{"scenario": "no/such.toml"}]),
    ("arms", [{"scenario": str(BASELINE), "extra": 1}]),
    ("arms", "baseline"),
    ("grid", {"levers.vetting": [math.nan]}),
    ("grid", {"levers.vetting": [math.inf]}),
    ("grid", {"levers.vetting": []}),
    ("grid", {"bogus.x": [1]}),
    ("grid", {f"levers.k{n}": list(range(20)) for n in range(8)}),
    ("grid", {"world.at_risk_share": [0.0001], "world.initial_members": [100]}),
    ("grid", 3),
    ("extra", {}),
]


SENSITIVITY = {
    "sensitivity": {"scenario": str(BASELINE), "samples": 1, "steps": 1},
    "uncertainties": {
        "conflict.state_mixing_boost": [0.3, 1.0],
        "recruitment.choice_elasticity": [1.0, 3.0],
    },
}
MIX = "conflict.state_mixing_boost"
SENSITIVITY_BREAKS = [
    ("sensitivity", 3),
    ("sensitivity", {"scenario": 123}),
    ("sensitivity", {"scenario": str(BASELINE), "samples": 10**12}),
    ("sensitivity", {"scenario": str(BASELINE), "samples": 0}),
    ("sensitivity", {"scenario": str(BASELINE), "steps": 10**9}),
    ("sensitivity", {"scenario": str(BASELINE), "seed": -1}),
    ("sensitivity", {"scenario": str(BASELINE), "method": "fast"}),
    ("sensitivity", {"scenario": str(BASELINE), "samples": math.inf}),
    ("sensitivity", {"samples": 2}),
    ("uncertainties", {MIX: [0.3, 1.0]}),
    ("uncertainties", {"levers.vetting": [0.0, 1.0], MIX: [0.3, 1]}),
    ("uncertainties", {MIX: [math.nan, 1.0], "world.youth_share": [0, 1]}),
    ("uncertainties", {MIX: [0.3, math.inf], "world.youth_share": [0, 1]}),
    ("uncertainties", {MIX: [1.0, 0.3], "world.youth_share": [0, 1]}),
    (
        "uncertainties",
        {"enforcement.arrest_cap": [0.1, 0.9], "enforcement.killed_per_arrest": [0, 5]},
    ),
    ("uncertainties", 3),
]


SPEC_BREAKS = [
    *[("sweep", SWEEP, key, value) for key, value in SWEEP_BREAKS],
    *[("sensitivity", SENSITIVITY, key, value) for key, value in SENSITIVITY_BREAKS],
]


@pytest.mark.parametrize(("command", "valid", "key", "value"), SPEC_BREAKS)
def test_a_malformed_spec_is_one_line_exit_2_and_nothing_written(
    tmp_path, capsys, command, valid, key, value
):
    """Every break of a sweep or sensitivity spec, each once (a fixed list, not a sample)."""
    path = tmp_path / "spec.toml"
    path.write_text(tomli_w.dumps({**valid, key: value}))
    out = tmp_path / "out"
    refused(capsys, [command, path, "--out", out, "--quiet", "--workers", "1"], path, out)


@pytest.fixture
def alarm():
    """Fail instead of hanging: SIGALRM after 20 seconds."""

    def hung(*_):
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("command", ["run", "sweep", "sensitivity", "event-study"])
def test_a_fifo_a_device_a_folder_or_a_huge_file_is_refused_without_reading_it(
    tmp_path, capsys, alarm, command
):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    huge.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    out = tmp_path / "out"
    for path, words in ((fifo, "not a regular file"), (Path("/dev/zero"), "not a regular file"),
                        (tmp_path, "is a folder"), (huge, "at most 2,000,000 bytes")):  # fmt: skip
        assert words in refused(capsys, [command, path, "--out", out, "--quiet"], path, out)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "baseline"],
        ["sweep", ROOT / "sweeps" / "quick.toml"],
        ["sensitivity", ROOT / "sweeps" / "quick_sensitivity.toml"],
        ["hypotheses", "--quick"],
        ["event-study", "kingpin_campaign", "--quick"],
        ["dock", "--replicates", "1"],
        ["calibrate", "--quick"],
    ],
    ids=lambda argv: str(argv[0]),
)
def test_an_output_folder_that_cannot_be_written_is_refused_before_anything_runs(
    tmp_path, capsys, argv
):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "below"):
        status = main([*map(str, argv), "--out", str(out), "--quiet", "--workers", "1"])
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1 and str(out) in err, err
        assert "Traceback" not in err and "a new folder, or an existing one" in err
    assert blocker.read_text() == "not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_a_scenario_name_is_never_a_path(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # without --out, a run writes to runs/<name>
    path = tmp_path / "named.toml"
    for name in ("../../../tmp/cartelsim-escape", str(tmp_path / "abs")):
        path.write_text(tomli_w.dumps({"scenario": {"name": name, "steps": 1}}))
        err = refused(capsys, ["run", path, "--quiet", "--no-figure"], path, tmp_path / "runs")
        assert "a name, not a path" in err
    assert not Path("/tmp/cartelsim-escape").exists() and not (tmp_path / "abs").exists()


def test_a_file_without_a_name_gets_a_name_from_its_file_name(tmp_path):
    path = tmp_path / "my scenario.v2.toml"
    path.write_text("[scenario]\nsteps = 1\n")
    assert load_scenario(path).name == "my_scenario_v2"


def status_of(argv: list[str]) -> int:
    """The CLI's exit status, whether it returns it or argparse exits with it."""
    try:
        return main(argv)
    except SystemExit as done:
        return done.code


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["dashboard", "--port", "-5"], "allowed: a port from 1 to 65535"),
        (["dashboard", "--port", "70000"], "allowed: a port from 1 to 65535"),
        (["run", "baseline", "--steps", "1000000000"], "from 1 to 100,000"),
        (["run", "baseline", "--replicates", "0"], "from 1 to 10,000"),
        (["sweep", "x.toml", "--out", "o", "--workers", "5000"], "from 1 to 1,024"),
        (["report", ".", "--horizons", "nan"], "--horizons"),
    ],
)
def test_bad_options_are_one_line_exit_2(capsys, argv, words):
    status = status_of(argv)
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and words in err, err


def test_a_spec_of_more_than_10000_runs_needs_yes(tmp_path, capsys):
    path = tmp_path / "big.toml"
    arms = [{"scenario": str(BASELINE)}, {"scenario": str(ROOT / "scenarios" / "coalition.toml")}]
    path.write_text(tomli_w.dumps({"sweep": {"replicates": 6000, "steps": 1}, "arms": arms}))
    out = tmp_path / "out"
    err = refused(capsys, ["sweep", path, "--out", out, "--quiet"], path, out)
    assert "12,000 runs; allowed: at most 10,000, or more with --yes" in err


def test_an_observed_series_that_is_a_fifo_is_refused(tmp_path, capsys, alarm):
    fifo = tmp_path / "observed.csv"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    argv = ["run", "baseline", "--steps", "1", "--observed", fifo, "--out", out, "--quiet"]
    assert "not a regular file" in refused(capsys, argv, fifo, out)
