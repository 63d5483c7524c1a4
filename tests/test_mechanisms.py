"""Mechanism tests: each could fail if the mechanism broke. Paired runs share seeds."""

import numpy as np

from model import CartelModel, Scenario, with_overrides
from model.metrics import timeseries_frame
from model.processes import enforcement, organization


def run(levers=None, steps=104, seed=1, **sections):
    scenario = with_overrides(Scenario(), levers=levers or {}, **sections)
    return CartelModel(scenario, rng=seed).run(steps)


def test_strike_on_large_weakly_cohesive_cartel_splits_it_into_rival_factions():
    at_once = with_overrides(Scenario(), organization={"succession_war_months": 0.0})
    model = CartelModel(at_once, rng=4)
    target = max(model.cartels, key=lambda c: c.members)
    target.cohesion = target.base_cohesion = 0.0
    before = target.members
    target.leader = None
    target.removed_how = "killed"
    assert organization.split_probability(model, target) > 0.9
    organization.succession(model)
    kids = [c for c in model.cartels if c.parent == target.unique_id]
    assert kids, "the cartel did not split"
    assert target.members + sum(k.members for k in kids) == before
    for kid in kids:
        assert kid.generation == 1 and kid.root == target.root
        assert target in kid.rivals and kid in target.rivals
    assert any(e["kind"] == "split" for e in model.events)


def test_cohesive_small_cartel_rarely_splits():
    model = CartelModel(Scenario(), rng=4)
    small = min(model.cartels, key=lambda c: c.members)
    small.cohesion = 0.95
    assert organization.split_probability(model, small) < 0.05


def test_kingpin_campaign_fragments_the_landscape():
    base = timeseries_frame(run(steps=156))
    strikes = timeseries_frame(run({"kingpin_strikes_per_year": 24.0}, steps=156))
    assert strikes["leaders_removed"].sum() > 10
    assert strikes["cumulative_cartels"].iloc[-1] > base["cumulative_cartels"].iloc[-1]
    assert strikes["effective_cartels"].iloc[-1] > base["effective_cartels"].iloc[-1]


def test_aml_lowers_treasuries():
    base = timeseries_frame(run())
    aml = timeseries_frame(run({"aml_seizure": 0.3}))
    assert aml["seized"].sum() > 10 * base["seized"].sum()
    assert aml["treasury"].iloc[-1] < 0.5 * base["treasury"].iloc[-1]


def test_youth_investment_lowers_recruitment():
    base = timeseries_frame(run())
    youth = timeseries_frame(run({"youth_investment": 2600.0}))
    assert youth["recruits"].sum() < 0.85 * base["recruits"].sum()


def test_targeted_youth_investment_only_acts_where_spent():
    model = CartelModel(
        with_overrides(
            Scenario(), levers={"youth_investment": 5000.0, "youth_investment_states": ["JAL"]}
        )
    )
    from model.processes.recruitment import legal_income

    legal = legal_income(model)
    jal = model.world.index["JAL"]
    assert legal[jal] > legal[model.world.index["SIN"]]
    assert np.sum(legal > legal.min()) == 1


def test_vetting_reduces_corruption_and_leaks():
    base = timeseries_frame(run())
    vet = timeseries_frame(run({"vetting": 1.0}))
    assert vet["corruption"].iloc[-1] < 0.5 * base["corruption"].iloc[-1]
    assert vet["arrests_lost_to_leaks"].sum() < 0.7 * base["arrests_lost_to_leaks"].sum()


def test_corruption_makes_strikes_leak():
    leaky = run(
        {"kingpin_strikes_per_year": 100.0}, steps=52, corruption={"initial": 1.0, "turnover": 0.0}
    )
    clean = run(
        {"kingpin_strikes_per_year": 100.0, "vetting": 1.0}, steps=52, corruption={"initial": 0.0}
    )
    ts_leaky, ts_clean = timeseries_frame(leaky), timeseries_frame(clean)
    assert ts_leaky["strikes_leaked"].sum() > 3 * max(ts_clean["strikes_leaked"].sum(), 1)


def test_destroyed_cartels_territory_gets_contested():
    model = CartelModel(Scenario(), rng=3)
    model.run(4)
    victim = max(model.cartels, key=lambda c: c.presence[model.world.index["SIN"]])
    sin = model.world.index["SIN"]
    model.roster.members[victim.slot] = 0  # destroyed (test set-up, not a lever)
    organization.dissolve_weak(model)
    assert not victim.active
    others_before = model.roster.members[:, sin].sum()
    present_before = (model.roster.members[:, sin] > 0).sum()
    model.run(52)
    assert model.roster.members[:, sin].sum() > others_before
    assert (model.roster.members[:, sin] > 0).sum() >= present_before
    assert any(e["kind"] == "extinct" and e["cartel"] == victim.short_name for e in model.events)


def test_strike_targeting_rules():
    model = CartelModel(Scenario(), rng=1)
    model.run(2)
    largest = enforcement.choose_target(model, "largest")
    assert largest.members == max(c.members for c in model.cartels)
    violent = enforcement.choose_target(model, "most_violent")
    assert violent.violence == max(c.violence for c in model.cartels)


def test_successive_splits_give_unique_names():
    model = run({"kingpin_strikes_per_year": 52.0}, steps=104, organization={"cohesion_mean": 0.2})
    names = [c.short_name for c in model.all_cartels]
    assert len(names) > 155 and len(names) == len(set(names))


def test_a_world_without_revenue_runs_without_nan():
    # national_revenue = 0 is allowed: no money for arms at the start must not give 0/0
    model = run(steps=5, economy={"national_revenue": 0.0})
    assert np.isfinite(model.roster.arms).all()
    assert model.current["members"] > 0 and model.current["homicides"] >= 0


def test_a_long_schedule_is_consumed_in_order():
    scenario = with_overrides(Scenario(), levers={"vetting": 0.0})
    scenario.schedule = [(step, {"vetting": (step % 10) / 10}) for step in range(2000)]
    model = CartelModel(scenario, rng=1).run(30)
    assert model.levers.vetting == 0.9  # the entry of step 29 is the last applied
    assert len(model._schedule) == 2000 - 30
