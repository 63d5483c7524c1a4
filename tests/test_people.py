"""The person layer (issue #14: recruits are people): every member a row, observed only.

Each test would fail if the layer broke: the person ledger balances every week against
the counts (members by group and place, prisoners, released, dead, left crime) in
scenarios where every flow happens; released persons rejoin under their own id; leaders
come from the plaza bosses; the layer changes nothing in the model; the same seed gives
the same table, in one process or in several.
"""

from pathlib import Path

import numpy as np
import pytest

from model import CartelModel, Scenario, load_scenario, with_overrides
from model.agents import Recruit
from model.buckets import Buckets
from model.metrics import timeseries_frame
from model.people import LEADER, LIEUTENANT, MEMBER, OUTSIDE, careers

ROOT = Path(__file__).resolve().parents[1]

# heavy arrests, strikes, leader losses, fission, breakaways, gangs, alliances, mergers
TURMOIL = {
    "levers": {"arrests_per_week": 2500.0, "kingpin_strikes_per_year": 40.0},
    "organization": {
        "leader_hazard": 0.5,
        "fission_rate": 2.0,
        "breakaway_rate": 3.0,
        "alliance_rate": 0.5,
        "merger_size_ratio": 0.9,
        "min_members": 25,
    },
    "births": {"gang_formation_rate": 30.0},
    "prisons": {"return_months": 2.0, "recidivism": 0.6, "overcrowding_limit": 1.05},
}


def balanced(model: CartelModel) -> None:
    """The person table agrees with every count of the model."""
    got, roster, pop = model.people.counts(model), model.roster, model.population
    assert np.array_equal(got["members"], roster.members), "members by (slot, place)"
    assert np.array_equal(got["prisoners"], pop.prisoners), "prisoners by state"
    assert np.array_equal(got["outside"], pop.outside), "released, outside, by state"
    assert np.array_equal(got["dead"], pop.dead), "killed by state"
    assert got["left_crime"] == pop.left, "left crime after prison"
    people = model.people
    for slot in roster.slots():  # a leader person wherever the post is filled
        person = people.leader(int(slot))
        if person is not None:
            assert people.cols["rank"][person] == LEADER
            assert people.cols["slot"][person] == slot
            assert people.cols["status"][person] == MEMBER


CASES = {
    "default 2020 network": (Scenario(), 104),
    "mexico_2006": (load_scenario(ROOT / "scenarios" / "mexico_2006.toml"), 104),
    "science2023 docking": (load_scenario(ROOT / "scenarios" / "science2023.toml"), 104),
    "turmoil": (with_overrides(Scenario(), **TURMOIL), 156),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_person_ledger_balances_every_week(case):
    scenario, weeks = CASES[case]
    model = CartelModel(scenario, rng=4)
    balanced(model)
    for _ in range(weeks):
        model.step()
        balanced(model)
    if case == "turmoil":  # every kind of flow happened
        kinds = set()
        model2 = CartelModel(scenario, rng=4)
        for _ in range(weeks):
            model2.step()
            kinds |= {flow[0] for flow in model2.week.flows}
        expected = {"quit", "recruit", "die", "arrest", "kill", "admit", "leader_exit",
                    "release", "outside_exit", "returned", "split", "merge", "dissolve",
                    "breakaway", "gang", "move"}  # fmt: skip
        assert expected <= kinds, expected - kinds


def test_a_released_person_can_rejoin_under_the_same_id():
    model = CartelModel(with_overrides(Scenario(), **TURMOIL), rng=5)
    seen_released: set[int] = set()
    for _ in range(80):
        model.step()
        status = model.people.column("status")
        seen_released |= set(np.flatnonzero(status == OUTSIDE).tolist())
    cols = model.people.cols
    n = len(model.people)
    back = np.flatnonzero(cols["rejoined"][:n] > 0)
    assert back.size > 0
    assert set(back.tolist()) & seen_released  # was released, later a member again
    assert (cols["arrested"][back] >= 1).all()  # each was arrested before returning
    served = back[cols["imprisoned"][back] >= 1]  # some served time (others were let go)
    assert served.size > 0
    recruit = model.recruit(int(served[0]))
    assert recruit.times_rejoined >= 1 and recruit.times_imprisoned >= 1


def test_leaders_come_from_the_plaza_bosses_of_the_largest_place():
    model = CartelModel(with_overrides(Scenario(), **TURMOIL), rng=6)
    people = model.people
    for slot in model.roster.slots():  # at the start: every group's leader
        person = people.leader(int(slot))
        assert person is not None
        place = int(np.argmax(model.roster.members[slot]))
        assert people.cols["place"][person] == place
    changed = 0
    for _ in range(52):
        before = model.roster.leader.copy()
        model.step()
        roster = model.roster
        for slot in roster.slots():
            slot = int(slot)
            if roster.leader[slot] and (slot >= before.size or roster.leader[slot] != before[slot]):
                person = people.leader(slot)
                assert person is not None
                assert people.cols["highest"][person] == LEADER
                # the plaza boss of the largest place: its longest-serving member
                place = int(np.argmax(roster.members[slot]))
                assert people.cols["place"][person] == place
                others = people.cells.members(slot * model.world.n + place)
                if others.size:
                    assert people.cols["since"][person] <= people.cols["since"][others].min()
                changed += 1
    assert changed > 5
    # at most one boss per occupied cell, a member of that cell; a post left vacant goes
    # to the longest-serving member there when it is filled (a boss keeps the post when
    # older members move in later)
    cols = people.cols
    member = cols["status"][: len(people)] == MEMBER
    boss = np.flatnonzero(member & (cols["rank"][: len(people)] == LIEUTENANT))
    cells = cols["slot"][boss].astype(np.int64) * model.world.n + cols["place"][boss]
    assert np.unique(cells).size == cells.size
    assert np.array_equal(people.boss[cells], boss)
    for cell in cells[:20]:
        ids = people.cells.members(int(cell))
        old = people.boss[cell]
        people.boss[cell] = -1  # vacate the post, as when its holder leaves
        people.cols["rank"][old] = 0
        people.dirty.append(np.array([cell]))
        people._pick_bosses()
        assert cols["since"][people.boss[cell]] == cols["since"][ids].min()


def test_the_layer_changes_nothing_in_the_model():
    scenario = with_overrides(Scenario(), **TURMOIL)
    with_layer = CartelModel(scenario, rng=7).run(60)
    without = CartelModel(scenario, rng=7, people=False).run(60)
    assert without.people is None
    a, b = timeseries_frame(with_layer), timeseries_frame(without)
    assert a.equals(b)
    assert [e["details"] for e in with_layer.events] == [e["details"] for e in without.events]
    # a recruit agent looked at mid-run does not shift the cartels' ids
    looked = CartelModel(scenario, rng=7)
    looked.run(10)
    agent = looked.recruit(3)
    looked.run(50)
    assert agent in looked.agents_by_type[Recruit]
    assert [c.unique_id for c in looked.all_cartels] == [
        c.unique_id for c in with_layer.all_cartels
    ]


def test_spawning_the_layer_stream_does_not_advance_the_model_stream():
    rng, twin = np.random.default_rng(11), np.random.default_rng(11)
    rng.spawn(1)
    assert rng.random() == twin.random()


def test_same_seed_same_recruits_table():
    one = CartelModel(Scenario(), rng=9).run(30)
    two = CartelModel(Scenario(), rng=9).run(30)
    assert one.people.frame(one).equals(two.people.frame(two))
    other = CartelModel(Scenario(), rng=10).run(30)
    assert not one.people.frame(one).equals(other.people.frame(other))


def test_recruit_agents_read_the_columns():
    model = CartelModel(Scenario(), rng=2).run(20)
    person = len(model.people) - 1  # a recent recruit
    agent = model.recruit(person)
    assert model.recruit(person) is agent  # cached
    assert agent.week_joined > 0 and 15 <= agent.age_at_joining <= 29
    assert agent.status == "member" and agent.group is not None
    assert agent.group_at_joining is not None and agent.state in model.world.codes
    assert agent.rank in ("foot soldier", "lieutenant", "leader")
    with pytest.raises(ValueError):
        model.recruit(len(model.people))
    with pytest.raises(ValueError):
        CartelModel(Scenario(), rng=2, people=False).recruit(0)


def test_careers_median_and_kaplan_meier():
    model = CartelModel(with_overrides(Scenario(), **TURMOIL), rng=3).run(104)
    table = model.people.frame(model)
    out = careers(table, int(model.time))
    assert out["recruits"] > 0 and out["careers_ended"] > 0
    assert 0 < out["median_career_years"] < 2
    assert out["median_career_years_km"] >= out["median_career_years"] or np.isnan(
        out["median_career_years_km"]
    )
    assert set(table["status"]) <= {"member", "prison", "released", "dead", "left"}


def test_buckets_take_is_uniform_and_exact():
    rng = np.random.default_rng(0)
    b = Buckets(3, 100)
    b.add(np.repeat([0, 1, 2], [10, 40, 50]), np.arange(100))
    hits = np.zeros(100)
    for _ in range(2000):
        ids = b.take(np.array([0, 1, 2]), np.array([2, 30, 5]), rng)
        assert np.unique(ids).size == 37
        assert set(ids[:2]) <= set(range(10)) and set(ids[2:32]) <= set(range(10, 50))
        hits[ids] += 1
        b.add(np.repeat([0, 1, 2], [2, 30, 5]), ids[[*range(2), *range(2, 32), *range(32, 37)]])
        for cell, members in ((0, range(10)), (1, range(10, 50)), (2, range(50, 100))):
            assert sorted(b.members(cell)) == list(members)
    # each person of a cell is chosen about k / n of the time
    assert np.allclose(hits[:10] / 2000, 0.2, atol=0.05)
    assert np.allclose(hits[10:50] / 2000, 0.75, atol=0.05)
    assert np.allclose(hits[50:] / 2000, 0.1, atol=0.04)


def test_same_recruits_table_in_one_process_or_many():
    from model.experiments.parallel import run_all
    from model.experiments.run import simulate

    jobs = [(Scenario(), 9, 30), (Scenario(), 12, 30)]
    here = [simulate(*job).recruits for job in jobs]
    there = [r.recruits for r in run_all(simulate, jobs, workers=2)]
    for a, b in zip(here, there):
        assert a.equals(b)


def test_the_run_folder_has_the_recruits_outputs(tmp_path):
    import json

    import pandas as pd

    from model.experiments.run import simulate, write_results

    out = write_results(simulate(Scenario(), seed=3, steps=60), tmp_path / "run")
    table = pd.read_parquet(out / "recruits.parquet")
    assert (table["week_joined"] > 0).any() and table["id"].is_unique
    summary = json.loads((out / "summary.json").read_text())
    assert summary["recruits"] == int((table["week_joined"] >= 0).sum())
    assert (out / "cohorts.png").stat().st_size > 10_000
