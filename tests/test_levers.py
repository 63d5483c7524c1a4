"""No lever writes an outcome: outcomes are computed only from agents' state and flows."""

import ast
from pathlib import Path

import pytest

from model import CartelModel, ScenarioError, metrics

MODEL = Path(__file__).resolve().parents[1] / "model"
# Levers are inputs to behaviour; only these process modules may read them.
READERS = {"economy.py", "recruitment.py", "enforcement.py", "corruption.py"}


class Poison:
    def __getattr__(self, name):
        raise AssertionError(f"an outcome metric read the lever {name}")


def test_metrics_never_read_levers():
    model = CartelModel(rng=1).run(5)
    model.levers = Poison()
    dominant = metrics.dominant_slots(model)
    metrics.timeseries_row(model, dominant)
    metrics.state_arrays(model, dominant)
    metrics.states_frame(model)


def lever_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "levers"
    ]


def test_only_behaviour_processes_read_levers():
    for path in (MODEL / "processes").glob("*.py"):
        if path.name not in READERS:
            assert lever_reads(path) == [], f"{path.name} reads levers"
    for path in [MODEL / "metrics.py", MODEL / "run.py", MODEL / "plotting.py"]:
        assert "levers" not in path.read_text()


def test_lever_reads_never_assign_outcomes():
    outcomes = {"homicides", "member_deaths", "missing", "members", "violence"}
    for name in READERS:
        tree = ast.parse((MODEL / "processes" / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                text = " ".join(ast.unparse(t) for t in targets)
                if "levers" in ast.unparse(node.value):
                    assert not any(o in text for o in outcomes), ast.unparse(node)


def test_set_levers_applies_next_step_and_logs():
    model = CartelModel(rng=1)
    model.set_levers(vetting=1.0)
    assert model.levers.vetting == 0.0
    model.step()
    assert model.levers.vetting == 1.0
    assert any(e["kind"] == "lever_changed" and "vetting" in e["details"] for e in model.events)
    with pytest.raises(ScenarioError):
        model.set_levers(vetting=3.0)
    with pytest.raises(ScenarioError):
        model.set_levers(nonsense=1)


def test_schedule_switches_levers_on_date():
    from model.scenario import scenario_from_dict

    s = scenario_from_dict(
        {
            "levers": {"kingpin_strikes_per_year": 50.0},
            "schedule": [{"step": 10, "kingpin_strikes_per_year": 0.0}],
        }
    )
    model = CartelModel(s, rng=1)
    model.run(10)
    assert model.levers.kingpin_strikes_per_year == 50.0
    model.step()
    assert model.levers.kingpin_strikes_per_year == 0.0
