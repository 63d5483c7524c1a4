"""Follow a recruit: a life told from the person table, in both languages."""

import random

from model import CartelModel, Scenario, with_overrides
from model.ui.life import Life, pick_recent

from .test_people import TURMOIL


def test_lives_tell_every_kind_of_event_and_watching_changes_nothing():
    scenario = with_overrides(Scenario(), **TURMOIL)
    model = CartelModel(scenario, rng=8)
    model.run(8)
    rng = random.Random(1)
    lives = {}
    while len(lives) < 400:
        person = pick_recent(model, rng)
        lives[person] = Life.follow(model, person)
    everyone = [Life.follow(model, p) for p in range(0, len(model.people), 97)]
    for _ in range(70):
        model.step()
        for life in [*lives.values(), *everyone]:
            life.update(model)
    keys = {key for life in [*lives.values(), *everyone] for _, key, _ in life.events}
    assert {"joined", "member_at_start", "arrested", "released", "killed", "quit", "boss",
            "moved"} <= keys, keys  # fmt: skip
    assert keys & {"rejoined", "let_go", "new_group", "killed_state", "left_crime"}
    life = next(iter(lives.values()))
    assert life.lines(model, "en")[0].split(": ", 1)[1].startswith("joined ")
    assert life.lines(model, "es")[0].split(": ", 1)[1].startswith("se unió a ")
    assert life.header(model, "en").startswith(f"Person no. {life.person}")
    # watching drew nothing from the model's stream
    twin = CartelModel(scenario, rng=8).run(78)
    assert twin.current == model.current


def test_pick_recent_prefers_last_years_joiners():
    model = CartelModel(Scenario(), rng=2).run(60)
    rng = random.Random(3)
    for _ in range(20):
        person = pick_recent(model, rng)
        assert model.people.cols["joined"][person] >= 60 - 52
