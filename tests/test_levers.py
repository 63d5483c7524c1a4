"""No lever writes an outcome: outcomes are computed only from agents' state and flows.

Enforced at run time (``model/levers.py``): processes read levers through a read-only
view, only the model's schedule writes them, and outcome metrics cannot read them at
all; the metrics of a week computed twice from the same state under two values of any
lever are identical, for every outcome of ``model/outcomes.py``. Two static checks
remain as documentation checks: each process module reads exactly the levers that
declare it a reader (``readers`` in ``model/params.py``, seen through aliases by
:class:`LeverUses`), and no lever value is assigned into an outcome's array.
"""

import ast
import math
from pathlib import Path

import numpy as np
import pytest

from model import CartelModel, ScenarioError, metrics
from model.levers import LeverAccessError, LeverView, NoLevers
from model.outcomes import OUTCOMES
from model.params import LeverSpec, lever_specs
from model.processes import economy

MODEL = Path(__file__).resolve().parents[1] / "model"
PROCESSES = MODEL / "processes"
# what a lever must never be written into: every outcome, plus the per-state arrays that
# hold them; matched inside the name of the attribute or array written (force_corruption)
OUTCOME_NAMES = set(OUTCOMES) | {"violence"}


# ---------------------------------------------------------------- run time: processes
PROCESS_WRITES = {
    "attribute": lambda m: setattr(m.levers, "aml_seizure", 1.0),
    "statement": lambda m: exec("m.levers.vetting = 1.0", {"m": m}),
    "alias": lambda m: exec("lv = m.levers\nlv.arrests_per_week = 0.0", {"m": m}),
    "delete": lambda m: delattr(m.levers, "vetting"),
    "rebind": lambda m: setattr(m, "levers", LeverView(m._levers)),
    "through params": lambda m: setattr(m.params.levers, "vetting", 1.0),
    "rebind params": lambda m: setattr(m.params, "levers", None),
}


@pytest.mark.parametrize("how", sorted(PROCESS_WRITES))
def test_a_process_that_writes_a_lever_stops_the_run(monkeypatch, how):
    model = CartelModel(rng=1)
    real = economy.step

    def writing_step(m):
        PROCESS_WRITES[how](m)
        real(m)

    monkeypatch.setattr(economy, "step", writing_step)
    with pytest.raises(LeverAccessError, match="read-only"):
        model.step()


def test_state_lists_cannot_be_changed_in_place():
    model = CartelModel(rng=1)
    model.set_levers(programme_states=["JAL"])
    model.step()
    assert model.levers.programme_states == ("JAL",)
    with pytest.raises(AttributeError):
        model.levers.programme_states.append("SIN")


def test_the_view_follows_the_schedule_and_copies():
    import copy
    import pickle

    model = CartelModel(rng=1)
    before = model.levers
    model.set_levers(vetting=0.5)
    assert model.levers.vetting == 0.0  # from the next step on
    model.step()
    assert model.levers.vetting == model.params.levers.vetting == 0.5
    assert before.vetting == 0.0  # a view is a snapshot of its week
    twin = copy.deepcopy(model)  # the event study copies running models
    assert twin.levers == model.levers and twin.levers is not model.levers
    assert pickle.loads(pickle.dumps(model.params)).levers.vetting == 0.5
    twin.step(), model.step()
    assert twin.current == model.current
    assert model.params.to_dict()["levers"]["vetting"] == 0.5


# ---------------------------------------------------------------- run time: metrics
METRIC_READS = {
    "levers": lambda m: m.levers.vetting,
    "getattr": lambda m: getattr(m, "lev" + "ers"),
    "params.levers": lambda m: m.params.levers.vetting,
    "scenario": lambda m: m.spec.params.levers,
    "private copy": lambda m: m._levers,
    "schedule": lambda m: m._schedule,
    "model behind the view": lambda m: m._model,
}


@pytest.mark.parametrize("how", sorted(METRIC_READS))
def test_a_metric_that_reads_a_lever_stops_the_run(monkeypatch, how):
    model = CartelModel(rng=1)
    real = metrics.timeseries_row

    def reading_row(m, dominant):
        METRIC_READS[how](m)
        return real(m, dominant)

    monkeypatch.setattr(metrics, "timeseries_row", reading_row)
    with pytest.raises(LeverAccessError, match="outcome metrics may not read levers"):
        model.step()


def test_metrics_still_read_the_state_they_need():
    seen = NoLevers(CartelModel(rng=1).run(3))
    assert seen.params.economy.wage > 0 and seen.world.n == 32 and seen.time == 3
    with pytest.raises(LeverAccessError):
        seen.week = None


def alternative(spec: LeverSpec):
    """A value of the lever other than its default."""
    if spec.kind == "states":
        return ["JAL", "SIN"]
    if spec.kind == "choice":
        return next(c for c in spec.choices if c != spec.default)
    low, high = spec.typical
    value = high if spec.default != high else low
    return type(spec.default)(value)


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b, equal_nan=True)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def test_metrics_of_a_week_do_not_depend_on_any_lever():
    """Every outcome, every lever: the same state measured under two lever values."""
    model = CartelModel(rng=2).run(30)
    model.set_levers(kingpin_strikes_per_year=50.0, arrests_per_week=500.0)
    model.run(20)  # a state with strikes, splits and arrests to measure

    def measure():
        seen = NoLevers(model)
        dominant = metrics.dominant_slots(seen)
        return metrics.timeseries_row(seen, dominant), metrics.state_arrays(seen, dominant)

    row, arrays = measure()
    assert set(OUTCOMES) <= set(row)  # recruits, arrests, leaders removed, active groups...
    assert row["active_cartels"] > 0 and row["recruits"] > 0 and row["arrests"] > 0
    for spec in lever_specs():
        old = getattr(model._levers, spec.name)
        model.set_levers(**{spec.name: alternative(spec)})
        model._apply_levers()  # the schedule's writer, as at the start of a step
        assert getattr(model.levers, spec.name) != (tuple(old) if isinstance(old, list) else old)
        other_row, other_arrays = measure()
        for name in row:
            assert same(row[name], other_row[name]), (spec.name, name)
        for name in arrays:
            assert same(arrays[name], other_arrays[name]), (spec.name, name)
        model.set_levers(**{spec.name: old})
        model._apply_levers()


class LeverUses(ast.NodeVisitor):
    """Where a module touches levers: ``x.levers.name``, and through aliases.

    Aliases of the levers object (``levers = model.levers``, ``lv = self.levers``, tuple
    unpacking ``p, levers = model.params.x, model.levers``, a parameter named ``levers``)
    and of one lever's value (``vetting = model.levers.vetting``) are followed in source
    order, per function; rebinding a name ends its alias. The levers object used in any
    other way (passed on, ``vars()``-ed) is an escape: its reads cannot be seen.
    """

    def __init__(self, source: str) -> None:
        self.reads: set[str] = set()
        self.writes: set[str] = set()
        self.escapes: list[str] = []
        self.assignments: list[tuple[ast.expr, set[str]]] = []  # (target, levers in value)
        self._objects: list[set[str]] = [set()]  # names bound to the levers object, per scope
        self._values: list[dict[str, str]] = [{}]  # names bound to one lever's value
        self._seen: set[str] | None = None  # lever reads of the expression being assigned
        self.visit(ast.parse(source))

    def _is_levers(self, node: ast.expr) -> bool:
        if isinstance(node, ast.NamedExpr):
            return self._is_levers(node.value)
        if isinstance(node, ast.Attribute):
            return node.attr == "levers"
        return isinstance(node, ast.Name) and node.id in self._objects[-1]

    def _lever_read(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Attribute) and self._is_levers(node.value):
            return node.attr
        if isinstance(node, ast.Name):
            return self._values[-1].get(node.id)
        return None

    def _read(self, name: str) -> None:
        self.reads.add(name)
        if self._seen is not None:
            self._seen.add(name)

    # scopes
    def _scope(self, node: ast.AST, params: list[ast.arg]) -> None:
        self._objects.append(set(self._objects[-1]))
        self._values.append(dict(self._values[-1]))
        for arg in params:
            hint = ast.unparse(arg.annotation) if arg.annotation else ""
            if arg.arg == "levers" or hint.strip("'\"") == "Levers":
                self._objects[-1].add(arg.arg)
            else:
                self._forget(arg.arg)
        self.generic_visit(node)
        self._objects.pop()
        self._values.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        a = node.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
        self._scope(node, [arg for arg in params if arg is not None])

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    # bindings
    def _forget(self, name: str) -> None:
        self._objects[-1].discard(name)
        self._values[-1].pop(name, None)

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            pair = isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
            for i, element in enumerate(target.elts):
                self._bind(element, value.elts[i] if pair else None)
            return
        if isinstance(target, ast.Starred):
            self._bind(target.value, None)
            return
        if not isinstance(target, ast.Name):
            self.visit(target)  # an attribute or subscript written: its parts are read
            return
        self._forget(target.id)
        if value is not None and self._is_levers(value):
            self._objects[-1].add(target.id)
        elif value is not None and self._lever_read(value):
            self._values[-1][target.id] = self._lever_read(value)

    def _assign(self, targets: list[ast.expr], value: ast.expr | None) -> None:
        pairs = []
        for target in targets:
            if (
                isinstance(target, (ast.Tuple, ast.List))
                and isinstance(value, (ast.Tuple, ast.List))
                and len(value.elts) == len(target.elts)
            ):
                pairs += list(zip(target.elts, value.elts))
            else:
                pairs.append((target, value))
        for target, part in pairs:
            outer, self._seen = self._seen, set()
            if part is not None and not (isinstance(target, ast.Name) and self._is_levers(part)):
                self.visit(part)  # binding the levers object to a name is not an escape
            self.assignments.append((target, self._seen))
            if outer is not None:  # an assignment inside another's value (walrus)
                outer |= self._seen
            self._seen = outer
        for target, part in pairs:
            self._bind(target, part)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assign(node.targets, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assign([node.target], node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assign([node.target], node.value)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._assign([node.target], node.value)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._bind(node.target, None)
        for child in (*node.body, *node.orelse):
            self.visit(child)

    # uses
    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self._is_levers(node.value):
            if isinstance(node.ctx, ast.Load):
                self._read(node.attr)
            else:
                self.writes.add(node.attr)
            if isinstance(node.value, ast.Attribute):
                self.visit(node.value.value)
            elif isinstance(node.value, ast.NamedExpr):
                self.visit(node.value)
            return
        if node.attr == "levers" and isinstance(node.ctx, ast.Load):
            self.escapes.append(ast.unparse(node))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        if node.id in self._objects[-1]:
            self.escapes.append(node.id)
        elif node.id in self._values[-1]:
            self._read(self._values[-1][node.id])

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("getattr", "setattr") and node.args:
            if self._is_levers(node.args[0]):
                name = node.args[1] if len(node.args) > 1 else None
                if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                    self.escapes.append(ast.unparse(node))
                elif func.id == "getattr":
                    self._read(name.value)
                else:
                    self.writes.add(name.value)
                for arg in node.args[1:]:
                    self.visit(arg)
                return
        self.generic_visit(node)


def reader_problems(processes: Path, specs: tuple[LeverSpec, ...]) -> list[str]:
    """How process modules' lever reads differ from the levers' declared ``readers``."""
    problems = []
    for path in sorted(processes.glob("*.py")):
        uses = LeverUses(path.read_text())
        declared = {s.name for s in specs if path.stem in s.readers}
        for name in sorted(uses.reads - declared):
            problems.append(f"{path.name} reads {name}, which does not declare it a reader")
        for name in sorted(declared - uses.reads):
            problems.append(f"{name} declares {path.stem} a reader, which never reads it")
        for name in sorted(uses.writes):
            problems.append(f"{path.name} writes the lever {name}")
        for text in uses.escapes:
            problems.append(f"{path.name} passes the levers object on: {text}")
    return problems


def test_each_process_reads_exactly_the_levers_that_declare_it():
    assert reader_problems(PROCESSES, lever_specs()) == []


def test_the_reader_check_fails_on_undeclared_and_unused_readers(tmp_path):
    (tmp_path / "economy.py").write_text(
        "def step(model):\n    levers = model.levers\n    return levers.vetting\n"
    )
    (tmp_path / "corruption.py").write_text("def step(model):\n    return 0\n")
    problems = reader_problems(tmp_path, lever_specs())
    assert "economy.py reads vetting, which does not declare it a reader" in problems
    assert "vetting declares corruption a reader, which never reads it" in problems
    assert "aml_seizure declares economy a reader, which never reads it" in problems


def test_the_scanner_sees_lever_reads_through_aliases():
    source = """
def a(model):
    levers = model.levers
    return levers.arrests_per_week + model.levers.vetting

def b(self):
    lv = self.levers
    return lv.aml_seizure

def c(model):
    p, levers, roster = model.params.enforcement, model.levers, model.roster
    return levers.deployment_rule, p.arrest_cap, roster.members

def d(model, levers):
    if (x := model.levers).laundering_cost:
        return levers.kingpin_targeting

def e(model):
    levers = model.params  # a rebound name is no longer the levers
    return levers.kingpin_strikes_per_year, getattr(model.levers, "youth_investment")
"""
    uses = LeverUses(source)
    assert uses.reads == {
        "arrests_per_week",
        "vetting",
        "aml_seizure",
        "deployment_rule",
        "laundering_cost",
        "kingpin_targeting",
        "youth_investment",
    }
    assert uses.escapes == [] and uses.writes == set()
    leaky = LeverUses("def f(model):\n    g(model.levers)\n    model.levers.vetting = 1\n")
    assert leaky.escapes == ["model.levers"] and leaky.writes == {"vetting"}


def outcome_writes(source: str) -> list[str]:
    """Assignments in ``source`` that write a lever's value into an outcome.

    An outcome is written when the target is an attribute or array (model state, the
    week's tallies) whose name contains an outcome's name; local variables are
    intermediate values, not outcomes. The value reads a lever directly or through an
    alias (:class:`LeverUses`).
    """
    bad = []
    for target, levers in LeverUses(source).assignments:
        if not levers or isinstance(target, ast.Name):
            continue
        written = {
            n.attr if isinstance(n, ast.Attribute) else n.value
            for n in ast.walk(target)
            if isinstance(n, ast.Attribute)
            or (isinstance(n, ast.Constant) and isinstance(n.value, str))
        }
        if any(o in w for o in OUTCOME_NAMES for w in written):
            bad.append(ast.unparse(target))
    return bad


def test_lever_reads_never_assign_outcomes():
    for path in PROCESSES.glob("*.py"):
        assert outcome_writes(path.read_text()) == [], path.name


def test_the_outcome_check_sees_a_lever_written_into_an_outcome():
    source = """
def step(model):
    levers, week = model.levers, model.week
    week.homicides += levers.arrests_per_week * 0.1
    vetting = model.levers.vetting
    model.force_corruption[:] = vetting
    roster.members[slots], x = 0, levers.aml_seizure
    share = levers.aml_seizure * 2  # a local: fine
"""
    assert outcome_writes(source) == ["week.homicides", "model.force_corruption[:]"]


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
