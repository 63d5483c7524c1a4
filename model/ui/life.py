"""One recruit's life in plain words, told as the run steps ("Follow a recruit").

A :class:`Life` watches one row of the person table (:mod:`model.people`): after every
week it compares the row with the week before and notes what changed (joined, moved,
became plaza boss or leader, arrested and for how long, let go because the prisons were
full, released, rejoined, killed, quit, left crime). Events are kept as catalogue keys
and values, so the story is told again in the other language when the page switches.
Watching reads the table and changes nothing; who is followed is drawn from the page's
own random generator, never the model's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from model.people import (
    DEAD,
    DISSOLVED,
    KILLED_BY_STATE,
    LEADER,
    LEFT,
    LIEUTENANT,
    MEMBER,
    OUTSIDE,
    PRISON,
    QUIT,
    RANKS,
    STATUSES,
)
from model.ui import i18n
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel

RECENT_WEEKS = WEEKS_PER_YEAR  # "joined recently": within the last year
_FIELDS = ("status", "slot", "place", "rank", "cause", "fate", "release", "imprisoned")


def pick_recent(model: CartelModel, rng: random.Random) -> int | None:
    """A random member who joined in the last year (else any member); None if nobody."""
    people = model.people
    if people is None or len(people) == 0:
        return None
    joined, status = people.column("joined"), people.column("status")
    now = int(model.time)
    member = status == MEMBER
    recent = np.flatnonzero(member & (joined >= max(1, now - RECENT_WEEKS)))
    pool = recent if recent.size else np.flatnonzero(member)
    if pool.size == 0:
        return None
    return int(pool[rng.randrange(pool.size)])


@dataclass
class Life:
    """The story of person ``person``: events (week, catalogue key, values) as they happen."""

    person: int
    events: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    last: dict[str, int] = field(default_factory=dict)

    @classmethod
    def follow(cls, model: CartelModel, person: int) -> Life:
        """Start following ``person``: the story begins with how they joined."""
        life = cls(person)
        row = life._row(model)
        c = model.people.cols
        joined = int(c["joined"][person])
        values = {
            "group": life._group(model, int(c["slot0"][person])),
            "state": model.world.names[int(c["state0"][person])],
            "age": int(c["age"][person]),
        }
        if joined >= 0:
            life.events.append((joined, "joined", values))
        else:
            life.events.append((0, "member_at_start", values))
        if row["rank"] == LIEUTENANT:
            life.events.append((int(model.time), "boss", life._where(model, row)))
        elif row["rank"] == LEADER:
            life.events.append((int(model.time), "leader", life._where(model, row)))
        life.last = row
        return life

    def _row(self, model: CartelModel) -> dict[str, int]:
        c = model.people.cols
        return {name: int(c[name][self.person]) for name in _FIELDS}

    @staticmethod
    def _group(model: CartelModel, slot: int) -> str:
        return model.cartel_at[slot].name if slot >= 0 else "?"

    def _where(self, model: CartelModel, row: dict[str, int]) -> dict[str, Any]:
        return {"group": self._group(model, row["slot"]), "state": model.world.names[row["place"]]}

    def update(self, model: CartelModel) -> None:
        """Note what changed in the week just stepped."""
        row = self._row(model)
        old, week = self.last, int(model.time)
        self.last = row
        if row == old:
            return
        where = self._where(model, row)
        status, was = row["status"], old["status"]
        add = self.events.append
        if was == MEMBER and status == MEMBER:
            if row["slot"] != old["slot"]:
                add((week, "new_group", where))
            elif row["place"] != old["place"]:
                add((week, "moved", where))
        elif was == MEMBER:
            place = {"state": model.world.names[row["place"]],
                     "group": self._group(model, old["slot"])}  # fmt: skip
            if status == PRISON:
                weeks = row["release"] - model.people.releases + 1
                add((week, "arrested", {**place, "years": round(weeks / WEEKS_PER_YEAR, 1)}))
            elif status == OUTSIDE:
                add((week, "let_go", place))
            elif status == DEAD:
                key = "killed_state" if row["cause"] == KILLED_BY_STATE else "killed"
                add((week, key, place))
            elif status == LEFT:
                key = {QUIT: "quit", DISSOLVED: "dissolved"}.get(row["cause"], "left_crime")
                add((week, key, place))
        elif was == PRISON and status == OUTSIDE:
            years = round((week - old["fate"]) / WEEKS_PER_YEAR, 1)
            add((week, "released", {"years": years, "state": where["state"]}))
        elif was == OUTSIDE and status == MEMBER:
            add((week, "rejoined", where))
        elif was == OUTSIDE and status == LEFT:
            add((week, "left_crime", where))
        if status == MEMBER and (row["rank"] != old["rank"] or was != MEMBER):
            if row["rank"] == LIEUTENANT:
                add((week, "boss", where))
            elif row["rank"] == LEADER:
                add((week, "leader", where))

    def lines(self, model: CartelModel, lang: str) -> list[str]:
        """The story so far, one dated line an event, in ``lang``."""
        out = []
        for week, key, values in self.events:
            shown = {k: (i18n.short_number(v, lang) if isinstance(v, float) else v)
                     for k, v in values.items()}  # fmt: skip
            date = i18n.date(model.spec.year_of(week), lang)
            out.append(f"{date}: {i18n.text(lang, 'recruit.' + key, **shown)}")
        return out

    def header(self, model: CartelModel, lang: str) -> str:
        """Who is followed and where they stand now, in ``lang``."""
        c = model.people.cols
        status = STATUSES[self.last["status"]]
        rank = RANKS[self.last["rank"]].replace(" ", "_")
        until = self.last["fate"] if self.last["status"] == DEAD else int(model.time)
        served = until - max(int(c["joined"][self.person]), 0)  # age at death for the dead
        age = int(c["age"][self.person]) + served // WEEKS_PER_YEAR
        now = i18n.text(lang, f"recruit.status_{status}")
        if self.last["status"] == MEMBER:
            now = i18n.text(lang, f"recruit.rank_{rank}") + ", " + now
        return i18n.text(lang, "recruit.header", id=self.person, age=age, now=now)
