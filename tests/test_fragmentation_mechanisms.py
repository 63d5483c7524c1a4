"""Issue #13's mechanisms, each tested so that it would fail if the mechanism were removed:
factions share relations, wars end (truces, decisive outcomes), contested plazas are
violent and held ones quiet (crowding), leaders fall and groups split without the state,
contested successions are fought inside the group before it splits, predators attack
weakened groups and move into their plazas, operations provoke clashes, local gangs are
born and cells break away."""

import numpy as np

from model import CartelModel, Scenario, with_overrides
from model.processes import (
    births,
    conflict,
    enforcement,
    leadership,
    organization,
    predation,
    rivalry,
    territory,
)


def model_with(seed=4, **sections):
    return CartelModel(with_overrides(Scenario(), **sections), rng=seed)


def split_the_largest(model):
    target = max(model.cartels, key=lambda c: c.members)
    target.cohesion = target.base_cohesion = 0.0
    target.leader, target.removed_how = None, "killed"
    organization.succession(model)  # contested: fought for weeks, then split
    for _ in range(10_000):
        if target.leader is not None:
            break
        organization.succession(model)
    family = [target, *[c for c in model.cartels if c.parent == target.unique_id]]
    assert len(family) > 1, "the largest group did not split"
    return target, family


def test_factions_share_the_parents_alliances_instead_of_copying_them():
    for share in (True, False):
        model = model_with(organization={"share_relations": share})
        target = max(model.cartels, key=lambda c: c.members)
        ally = target.allies[0]
        before = model.roster.alliance[target.slot, ally.slot]
        _, family = split_the_largest(model)
        total = sum(model.roster.alliance[c.slot, ally.slot] for c in family)
        if share:  # the ally's protection is what it was
            assert np.isclose(total, before)
        else:  # each faction copies it: the artefact the switch removes
            assert np.isclose(total, before * len(family))


def test_truces_end_rivalries_and_without_them_rivalries_last():
    ends = model_with(conflict={"truce_rate": 52.0, "decisive_ratio": 0.0})
    pairs = ends.roster.rivalry.count()
    rivalry.step(ends)  # a truce rate of 52 a year ends every rivalry in a week
    assert pairs > 0 and ends.roster.rivalry.count() == 0
    assert any(e["kind"] == "truce" for e in ends.events)
    lasts = model_with(conflict={"truce_rate": 0.0, "decisive_ratio": 0.0})
    rivalry.step(lasts)
    assert lasts.roster.rivalry.count() == pairs


def test_a_war_is_decided_when_one_side_is_crushed_where_they_meet():
    model = model_with(conflict={"truce_rate": 0.0, "decisive_ratio": 0.1})
    (a, b), *_ = model.roster.rivalry.keys()
    shared = (model.roster.members[a] > 0) & (model.roster.members[b] > 0)
    shared[:] = False
    shared[0] = True  # put both in place 0 only, b crushed there
    model.roster.members[a] = 0
    model.roster.members[b] = 0
    model.roster.members[a, 0], model.roster.members[b, 0] = 5000, 10
    ratio = rivalry.decided(model, np.array([[a, b]]))[0]
    assert ratio < 0.1
    rivalry.step(model)
    assert model.roster.rivalry[a, b] == 0.0
    assert any(e["kind"] == "war_decided" for e in model.events)
    model.roster.rivalry[a, b] = 3.0
    model.roster.members[b, 0] = 4000  # a balanced war goes on
    rivalry.step(model)
    assert model.roster.rivalry[a, b] == 3.0


def test_a_held_plaza_is_quiet_and_a_contested_one_violent():
    model = model_with(conflict={"crowding": 1.0})
    roster, slots = model.roster, model.roster.slots()
    roster.members[:] = 0
    a, b, c = slots[:3]
    roster.members[a, 0] = 1000  # place 0: one group alone
    roster.members[a, 1], roster.members[b, 1] = 1000, 20  # place 1: nearly held
    roster.members[b, 2], roster.members[c, 2] = 500, 500  # place 2: contested
    hazard, _ = conflict.hazards(model, slots)
    assert hazard[a, 0] == 0.0  # alone in its plaza: nobody to fight
    assert hazard[a, 1] < 0.1 * hazard[b, 2]  # the dominant group barely fights
    # with crowding, per-member risk follows the hostile share, not numbers
    roster.members[b, 2], roster.members[c, 2] = 1000, 1000
    doubled, _ = conflict.hazards(model, slots)
    assert np.isclose(doubled[b, 2], hazard[b, 2], rtol=0.05)
    mass = model_with(conflict={"crowding": 0.0})  # PC2023's mass action: it doubles
    mass.roster.members[:] = roster.members
    mass_hazard, _ = conflict.hazards(mass, slots)
    mass.roster.members[b, 2], mass.roster.members[c, 2] = 500, 500
    half, _ = conflict.hazards(mass, slots)
    assert mass_hazard[b, 2] > 1.8 * half[b, 2]


def test_leaders_fall_without_the_state_and_vacancies_go_to_succession():
    model = model_with(organization={"leader_hazard": 52.0})
    leadership.leader_losses(model)  # hazard 52 a year: every leader falls this week
    assert all(c.leader is None for c in model.cartels)
    assert sum(e["kind"] == "leader_lost" for e in model.events) == len(model.cartels)
    organization.succession(model)  # a successor, or a contested succession under way
    assert all(c.leader is not None or c.contest > 0 for c in model.cartels)
    assert any(c.leader is not None for c in model.cartels)
    quiet = model_with(organization={"leader_hazard": 0.0})
    leadership.leader_losses(quiet)
    assert all(c.leader is not None for c in quiet.cartels)


def test_a_loose_broke_group_splits_without_losing_its_leader():
    model = model_with(organization={"fission_rate": 52.0})
    before = len(model.cartels)
    model.roster.cohesion[:] = 0.0
    model.roster.pay_fraction[:] = 0.0
    leadership.fission(model)
    assert len(model.cartels) > before
    assert not any(e["kind"] == "leader_removed" for e in model.events)
    assert any("outgrew itself" in e["details"] for e in model.events if e["kind"] == "split")
    none = model_with(organization={"fission_rate": 0.0})
    none.roster.cohesion[:] = 0.0
    leadership.fission(none)
    assert len(none.cartels) == before


def test_gangs_are_born_in_valuable_empty_plazas_from_its_youths():
    model = model_with(births={"gang_formation_rate": 5000.0, "gang_size": 30})
    roster = model.roster
    empty = int(np.argmax(model.plaza_value))
    roster.members[:, empty] = 0  # the richest plaza, emptied
    probability = births.formation_probability(model)
    assert probability[empty] == probability.max()
    youths = model.population.youths[empty]
    ledger = model.population.unaccounted(int(roster.members.sum()))  # (we emptied a plaza)
    before = {c.unique_id for c in model.cartels}
    while not any(e["kind"] == "born" for e in model.events):
        births.gangs(model)
    born = [c for c in model.cartels if c.unique_id not in before]
    gang = next(c for c in born if c.home == empty)
    assert gang.parent is None and gang.root == gang.unique_id and gang.generation == 0
    assert gang.members == 30 and gang.presence[empty] == 30
    assert model.population.youths[empty] <= youths - 30
    assert model.population.unaccounted(int(roster.members.sum())) == ledger  # nobody lost
    none = model_with(births={"gang_formation_rate": 0.0})
    assert not births.formation_probability(none).any()


def test_the_docking_configuration_switches_every_new_mechanism_off():
    from model import load_scenario

    science = load_scenario("science2023").params
    assert science.conflict.crowding == 0.0
    assert science.conflict.truce_rate == 0.0 and science.conflict.decisive_ratio == 0.0
    assert science.organization.leader_hazard == 0.0
    assert science.organization.fission_rate == 0.0
    assert science.births.gang_formation_rate == 0.0
    assert science.conflict.predation == 0.0
    assert science.enforcement.provocation == 0.0
    assert science.organization.breakaway_rate == 0.0
    assert science.organization.succession_war_months == 0.0


def test_a_contested_succession_is_fought_inside_the_group_then_splits_it():
    model = model_with(organization={"succession_war_months": 6.0})
    slots = model.roster.slots()
    target = max(model.cartels, key=lambda c: c.members)
    row = int(np.searchsorted(slots, target.slot))
    _, lineage_before = conflict.hazards(model, slots)
    assert not lineage_before[row].any()  # alone in its lineage: no split war
    target.cohesion = target.base_cohesion = 0.0
    target.leader, target.removed_how = None, "killed"  # P(contested) = 1
    before = len(model.cartels)
    organization.succession(model)
    assert target.contest > 0 and target.leader is None
    assert len(model.cartels) == before  # not split yet
    assert [e["kind"] for e in model.events] == ["succession_war"]
    hazard, lineage = conflict.hazards(model, slots)
    present = target.presence > 0
    assert (lineage[row, present] > 0).all()  # its members fight each other where it is
    assert (hazard[row] >= lineage[row]).all()
    weeks = 0
    while target.leader is None:
        organization.succession(model)
        weeks += 1
    assert weeks >= 1 and len(model.cartels) > before
    assert any("after a contested succession" in e["details"] for e in model.events)
    at_once = model_with(organization={"succession_war_months": 0.0})
    big = max(at_once.cartels, key=lambda c: c.members)
    big.cohesion = big.base_cohesion = 0.0
    big.leader, big.removed_how = None, "killed"
    organization.succession(at_once)
    assert big.leader is not None and len(at_once.cartels) > before


def test_predators_attack_a_weakened_group_harder_wherever_it_operates():
    model = model_with(conflict={"predation": 1.0})
    slots = model.roster.slots()
    model.roster.pay_fraction[:] = 1.0
    hazard, _ = conflict.hazards(model, slots)
    weak = max(model.cartels, key=lambda c: len(c.states))
    row = int(np.searchsorted(slots, weak.slot))
    weak.weakened = 1.0
    attacked, _ = conflict.hazards(model, slots)
    assert np.allclose(attacked[row], 2.0 * hazard[row])  # 1 + predation, in every state
    others = np.arange(slots.size) != row
    assert np.allclose(attacked[others], hazard[others])
    assert len(weak.states) > 1
    # its plazas look weakly held to neighbours and gangs
    members = model.roster.members[slots].sum(axis=0)
    seen = predation.held(model, slots)
    assert (seen[weak.presence > 0] < members[weak.presence > 0]).all()
    # weakness fades, a vacant post renews it
    predation.step(model)
    assert 0.9 < weak.weakened < 1.0
    weak.leader = None
    predation.step(model)
    assert weak.weakened == 1.0
    off = model_with(conflict={"predation": 0.0})
    off.roster.pay_fraction[:] = 1.0
    base, _ = conflict.hazards(off, slots)
    off.roster.weakened[weak.slot] = 1.0
    assert np.allclose(conflict.hazards(off, slots)[0], base)


def test_predators_move_into_a_weakened_groups_plazas():
    def arrivals(weakened):
        model = model_with(seed=7, territory={"expansion_rate": 0.05})
        roster = model.roster
        roster.pay_fraction[:] = 1.0
        weak = max(model.cartels, key=lambda c: c.members)
        home = weak.home
        roster.members[weak.slot, home] = weak.members  # all of it at home
        roster.members[weak.slot, np.arange(model.world.n) != home] = 0
        weak.weakened = weakened
        others = roster.slots()[roster.slots() != weak.slot]
        before = roster.members[others, home].sum()
        for _ in range(4):
            territory.step(model)
        return roster.members[others, home].sum() - before

    assert arrivals(1.0) > arrivals(0.0) + 50


def test_operations_provoke_clashes_among_groups_where_they_happen():
    model = model_with(enforcement={"provocation": 1.0})
    assert np.allclose(enforcement.provocation(model), 1.0)  # the start: unchanged
    slots = model.roster.slots()
    hazard, _ = conflict.hazards(model, slots)
    model.operations[0] = 1000 * model.operations_ref  # a campaign in place 0
    model.operations[1] = 0.0  # no operations in place 1
    provoked, _ = conflict.hazards(model, slots)
    assert np.allclose(provoked[:, 0], hazard[:, 0] * 2.0 / 1.5, rtol=1e-2)
    assert np.allclose(provoked[:, 1], hazard[:, 1] / 1.5)
    # arrests are what raises operations
    campaign = model_with(levers={"arrests_per_week": 5000.0})
    before = campaign.operations.copy()
    campaign.step()
    assert campaign.operations.mean() > before.mean()
    off = model_with(enforcement={"provocation": 0.0})
    off.operations[0] = 1000 * off.operations_ref
    assert np.allclose(enforcement.provocation(off), 1.0)


def test_cells_break_away_as_named_independent_groups():
    model = model_with(organization={"breakaway_rate": 52.0})
    roster = model.roster
    roster.cohesion[:] = 0.0
    roster.pay_fraction[:] = 0.0
    total = int(roster.members.sum())
    before = {c.unique_id: c for c in model.cartels}
    births.breakaways(model)
    cells = [c for c in model.cartels if c.unique_id not in before]
    assert cells and int(roster.members.sum()) == total  # nobody lost
    for cell in cells:
        parent = before[cell.parent]
        assert cell.home != parent.home and parent.presence[cell.home] == 0
        assert cell.states == [model.world.codes[cell.home]]
        assert model.world.names[cell.home] in cell.name
        assert cell.root == parent.root and cell.generation == parent.generation + 1
        assert parent in cell.rivals and cell.allies == []
    assert sum(e["kind"] == "breakaway" for e in model.events) == len(cells)
    none = model_with(organization={"breakaway_rate": 0.0})
    none.roster.cohesion[:] = 0.0
    births.breakaways(none)
    assert len(none.cartels) == len(before)
