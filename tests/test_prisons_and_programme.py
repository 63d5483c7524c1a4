"""Issue #14's prisons, saturating arrests and youth programme, each tested so that it
would fail if the mechanism were removed: the person ledger balances every week,
released members can return to a group, a full prison admits no one past its limit,
arrests per unit of force fall as members thin, and a programme changes its
participants' choices and no one else's."""

import numpy as np

from model import CartelModel, Scenario, with_overrides
from model.processes import enforcement, prisons, recruitment
from model.units import WEEKS_PER_YEAR


def model_with(seed=3, **sections):
    return CartelModel(with_overrides(Scenario(), **sections), rng=seed)


def set_now(model, **changes):
    """Levers in force at once: the schedule's writer, as at the start of a step.

    ``model.levers`` is read-only (model/levers.py); a test that calls one process
    function under other levers changes them the way the model does.
    """
    model.set_levers(**changes)
    model._apply_levers()


def test_the_person_ledger_balances_every_week():
    model = model_with(levers={"arrests_per_week": 2000.0})
    for _ in range(60):
        model.step()
        assert model.population.unaccounted(int(model.roster.members.sum())) == 0
    pop = model.population
    assert pop.outside.sum() > 0 and pop.left > 0 and model.current["returned"] >= 0


def test_time_served_follows_the_sourced_distributions():
    p = Scenario().params.prisons
    pmf = prisons.time_served(p)
    assert np.isclose(pmf.sum(), 1.0) and pmf.size == round(p.max_years * WEEKS_PER_YEAR)
    years = np.arange(1, pmf.size + 1) / WEEKS_PER_YEAR
    # nobody convicted: time served is pre-trial detention, median one year
    remand_only = prisons._time_served(1.0, 0.97, 2.43, 1.33, 0.0, 40.0)
    assert abs(years[np.searchsorted(np.cumsum(remand_only), 0.5)] - 1.0) < 0.05
    # convictions lengthen it: 4.2 years on average with the shipped values
    assert 3.5 < prisons.mean_years_served(p) < 5.0
    assert prisons.mean_years_served(p) > (years * remand_only).sum()


def test_released_members_return_to_groups_present_in_their_state():
    model = model_with(prisons={"recidivism": 1.0, "return_months": 0.25})
    place = int(np.argmax(model.roster.members.sum(axis=0)))
    model.population.outside[place] = 1000
    before = model.roster.members[:, place].sum()
    back = prisons.returns(model)
    assert back[place] > 900  # a week of ~one-week mean: nearly all exit, all return
    assert model.roster.members[:, place].sum() == before + back[place]
    none = model_with(prisons={"recidivism": 0.0, "return_months": 0.25})
    none.population.outside[place] = 1000
    assert prisons.returns(none).sum() == 0 and none.population.left > 900


def test_a_full_prison_admits_no_one_past_its_limit():
    model = model_with(prisons={"capacity_ratio": 1.0, "overcrowding_limit": 1.0})
    pop = model.population
    limit = prisons.capacity(model)
    room = int(limit) - int(pop.prisoners.sum())
    arrested = np.zeros(model.world.n, dtype=np.int64)
    arrested[0] = room + 500
    outside = pop.outside.sum()
    admitted = prisons.admit(model, arrested)
    assert admitted.sum() == room and pop.prisoners.sum() == int(limit)
    assert pop.outside.sum() == outside + 500  # the rest walk out at once
    assert prisons.admit(model, arrested).sum() == 0  # full: nobody more


def test_arrests_per_unit_of_force_fall_as_members_thin():
    def arrests_in_place_0(members, half):
        model = model_with(
            enforcement={"arrest_half_members": half, "arrest_cap": 0.9},
            levers={"arrests_per_week": 150.0 * 32, "deployment_rule": "uniform"},
        )  # 150 arrests of capacity in each place
        roster = model.roster
        roster.members[:, 0] = 0
        roster.members[roster.slots()[0], 0] = members
        model.week.slots = roster.slots()
        model.week.bribes = np.zeros((roster.slots().size, model.world.n))
        units = enforcement.deploy(model)
        enforcement.arrests(model, units)
        return model.week.arrests[0] / units[0]

    many, few = arrests_in_place_0(100_000, 200.0), arrests_in_place_0(200, 200.0)
    assert few < 0.7 * many  # half the capacity at 200 members, nearly all at 100,000
    flat_many, flat_few = arrests_in_place_0(100_000, 0.0), arrests_in_place_0(200, 0.0)
    assert np.isclose(flat_few, flat_many, rtol=0.2)  # without saturation: the same


def test_a_programme_changes_participants_choices_and_no_one_elses():
    budget = 1.19e9
    base = model_with()
    base.step()
    slots = base.roster.slots()
    without = recruitment.acceptance(base, slots)
    states = ["GRO", "MICH"]
    chosen = [base.world.index[c] for c in states]
    others = np.setdiff1d(np.arange(base.world.n), chosen)
    for targeting in ("random", "most_at_risk"):
        set_now(base, programme_budget=budget, programme_states=states,
                programme_targeting=targeting)  # fmt: skip
        share = recruitment.programme_share(base)
        assert (share[chosen] > 0).all() and not share[others].any()
        with_programme = recruitment.acceptance(base, slots)
        assert np.allclose(with_programme[:, others], without[:, others])  # no one else
        assert (with_programme[:, chosen] <= without[:, chosen] + 1e-12).all()
    set_now(base, programme_targeting="random")
    assert (recruitment.acceptance(base, slots)[:, chosen] < without[:, chosen]).any()
    # a bigger stipend for the poorest lifts them over the offer: most-at-risk works too
    set_now(base, programme_targeting="most_at_risk", programme_stipend=5000.0)
    assert (recruitment.acceptance(base, slots)[:, chosen] < without[:, chosen]).any()
