"""Property-based tests over seeds and lever values: the books always balance."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import CartelModel, Scenario, with_overrides
from model.params import Levers, lever, lever_specs
from model.world import state_codes

PROCESSES = Path(__file__).resolve().parents[1] / "model" / "processes"


def lever_strategy(spec) -> st.SearchStrategy:
    """Values of one lever: its typical span, one of its choices, or a subset of states."""
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "states":
        return st.lists(st.sampled_from(spec.choices), unique=True, max_size=len(spec.choices))
    lo, hi = spec.typical
    if isinstance(spec.default, int):
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi)


# every lever, from its declaration in model/params.py
levers = st.fixed_dictionaries({spec.name: lever_strategy(spec) for spec in lever_specs()})


def test_every_lever_declares_label_unit_typical_span_and_readers():
    processes = {p.stem for p in PROCESSES.glob("*.py")} - {"__init__"}
    specs = lever_specs()
    assert [s.name for s in specs] == [f.name for f in dataclasses.fields(Levers)]
    for spec in specs:
        assert spec.label and spec.label[0].isupper(), spec.name
        assert spec.unit and len(spec.source) >= 6, spec.name
        assert spec.readers and set(spec.readers) <= processes, (spec.name, spec.readers)
        if spec.kind == "number":
            (lo, hi), (tlo, thi) = spec.range, spec.typical
            assert lo <= tlo < thi <= hi, spec.name
            assert lo <= spec.default <= hi, spec.name
        elif spec.kind == "choice":
            assert spec.typical is None and spec.default in spec.choices, spec.name
        else:
            assert spec.kind == "states" and spec.choices == tuple(state_codes()), spec.name
            assert set(spec.default) <= set(spec.choices), spec.name
    assert len({s.label for s in specs}) == len(specs)  # one control per label


def test_a_lever_declaration_outside_its_range_is_refused():
    with pytest.raises(ValueError, match="typical"):
        lever(
            1.0,
            "u",
            "policy choice",
            label="X",
            readers=("economy",),
            range=(0.0, 1.0),
            typical=(0.0, 2.0),
        )
    with pytest.raises(ValueError, match="typical"):
        lever(1.0, "u", "policy choice", label="X", readers=("economy",), range=(0.0, 1.0))
    with pytest.raises(ValueError, match="numeric"):
        lever(
            "a",
            "rule",
            "policy choice",
            label="X",
            readers=("economy",),
            choices=("a",),
            typical=(0.0, 1.0),
        )


def check_invariants(model: CartelModel) -> None:
    roster, pop = model.roster, model.population
    members = roster.members[: roster.size]
    assert (members >= 0).all() and (pop.youths >= 0).all() and (pop.prisoners >= 0).all()
    assert (pop.dead >= 0).all()
    # every person accounted for: youths + members + prisoners + dead + aged out
    assert pop.unaccounted(int(members.sum())) == 0
    # dead cartels hold nobody; living ones are the model's cartels
    assert (members[~roster.alive[: roster.size]] == 0).all()
    assert {c.slot for c in model.cartels} == set(roster.slots().tolist())
    # influence shares: member shares by state sum to 1 where anyone is present
    held = members.sum(axis=0)
    shares = members[:, held > 0] / held[held > 0]
    assert np.allclose(shares.sum(axis=0), 1.0)
    # relations symmetric and only among the living
    for matrix in (roster.rivalry, roster.alliance):
        m = matrix.dense(roster.size)
        assert np.allclose(m, m.T)
        assert (m[~roster.alive[: roster.size]] == 0).all()
    # the lineage is a forest: parents exist, are older, and roots are founders
    by_id = {c.unique_id: c for c in model.all_cartels}
    for c in by_id.values():
        seen = set()
        node = c
        while node.parent is not None:
            assert node.unique_id not in seen
            seen.add(node.unique_id)
            parent = by_id[node.parent]
            assert parent.generation == node.generation - 1 and parent.born <= node.born
            node = parent
        assert node.unique_id == c.root and node.generation == 0
    row = model.current
    for key in ("homicides", "members", "recruits", "arrests", "prisoners", "revenue", "seized"):
        assert row[key] >= 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), levers=levers)
def test_invariants_hold_for_any_seed_and_levers(seed, levers):
    assert set(levers) == {f.name for f in dataclasses.fields(Levers)}  # every lever varies
    model = CartelModel(with_overrides(Scenario(), levers=levers), rng=seed)
    for _ in range(12):
        model.step()
        check_invariants(model)


def test_invariants_hold_through_heavy_fragmentation():
    scenario = with_overrides(
        Scenario(),
        levers={"kingpin_strikes_per_year": 150.0},
        organization={"cohesion_mean": 0.2},
    )
    model = CartelModel(scenario, rng=5)
    for _ in range(60):
        model.step()
    check_invariants(model)
    assert model.current["cumulative_cartels"] > 150  # splits happened
