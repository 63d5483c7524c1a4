"""The person layer: everyone who is or becomes a group member, one row each.

The processes move persons as counts (``Roster.members``, ``model.population``) and
record each flow of the week in order (``Week.flows``, :meth:`model.model.Week.record`).
At the end of the week :func:`model.processes.people.step` replays those flows on this
table, choosing *which* persons uniformly at random within each (group, place) cell with
the layer's own random stream, so the table always agrees with the counts::

    members per (slot, place) == roster.members, prisoners by state == population.prisoners,
    released and outside by state == population.outside, killed == population.dead

The layer is an observer: it never changes a count or a decision, and its stream is
spawned from the model's generator at construction (``rng.spawn``, which does not
advance the model's stream), so a run with the layer gives the same results as one
without.

Columns (one entry per person id, ``-1`` where not applicable):

- ``joined`` week joined (``-1`` for members and prisoners at the start),
  ``age`` age at joining (15-29, whole years), ``state0`` place at joining,
  ``slot0`` the slot of the group joined (slots are never reused);
- ``slot`` current group slot (``-1`` unless a member), ``place`` current place
  (the prison's or the released person's state otherwise);
- ``rank`` (:data:`RANKS`): a member's rank now, for others the rank they held when they
  last left a group; ``highest`` the highest rank ever held;
- ``status`` (:data:`STATUSES`), ``cause`` how the person last left a group
  (:data:`CAUSES`), ``fate`` week of the last change of status;
- ``release`` the release (week index of the prisons' schedule) that frees a prisoner;
- ``since`` week the current membership began (seniority: the plaza boss of a cell is
  its longest-serving member), ``first_exit`` week the person first left membership;
- ``arrested``, ``imprisoned``, ``rejoined`` counts.

Persons are held by cell in :class:`~model.buckets.Buckets` (O(k) random choice and
removal). A group's leader is kept out of its cell's bucket, so the flows that draw
members at random (deaths, arrests, quits, moves) reach the leader only when they take
the whole cell; the leader leaves through ``leader_exit`` flows (``lose_leader``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.buckets import EMPTY, Buckets
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel

SOLDIER, LIEUTENANT, LEADER = 0, 1, 2
RANKS = ("foot soldier", "lieutenant", "leader")
MEMBER, PRISON, OUTSIDE, DEAD, LEFT = 0, 1, 2, 3, 4
STATUSES = ("member", "prison", "released", "dead", "left")
NONE, KILLED, KILLED_BY_STATE, ARRESTED, QUIT, DISSOLVED, LEFT_CRIME = range(7)
CAUSES = ("", "killed", "killed by the state", "arrested", "quit", "group dissolved",
          "left crime")  # fmt: skip
AGES = (15, 29)  # the at-risk window, whole years (ODD: youth_window_years)

_COLUMNS = {
    "joined": np.int32, "age": np.int8, "state0": np.int32, "slot0": np.int32,
    "slot": np.int32, "place": np.int32, "rank": np.int8, "highest": np.int8,
    "status": np.int8, "cause": np.int8, "fate": np.int32, "release": np.int64,
    "since": np.int32, "first_exit": np.int32, "arrested": np.int16,
    "imprisoned": np.int16, "rejoined": np.int16,
}  # fmt: skip
_MINUS_ONE = ("joined", "slot", "fate", "release", "first_exit", "slot0")


class People:
    """Every person who is or was a member, in array columns, plus the cell index.

    Built from the model's counts at the start (:meth:`__init__`); advanced once a week
    by :meth:`apply` from the week's recorded flows.
    """

    def __init__(self, model: CartelModel, rng: np.random.Generator) -> None:
        """One row per member and prisoner at the start; bosses and leaders chosen."""
        self.rng = rng
        self.places = model.world.n
        self.n = 0
        self.cols: dict[str, np.ndarray] = {}
        self._alloc(1024)
        roster, pop = model.roster, model.population
        cells_capacity = roster.capacity * self.places
        self.cells = Buckets(cells_capacity, 1024)
        self.outside = Buckets(self.places, 1024)  # released persons by state
        self.ring = pop.schedule.shape[0]  # prisoners by release, modulo the schedule's rows
        self.prison = Buckets(self.ring, 1024)
        self.boss = np.full(cells_capacity, -1, dtype=np.int64)
        self.leader_of = np.full(roster.capacity, -1, dtype=np.int64)
        self.leader_seen = np.zeros(roster.capacity, dtype=np.int64)
        self.releases = 0  # releases done (the prisons' schedule row index, unwrapped)
        self.pending = EMPTY  # arrested this week, not yet admitted or let go
        self.returning = EMPTY  # leaving the outside for a group this week
        self.dirty: list[np.ndarray] = []
        self.snapshots: list[tuple[int, np.ndarray]] = []
        # members at the start, cell by cell (room for as many again who join later)
        slots = roster.slots()
        members = roster.members[slots]
        rows, places = np.nonzero(members)
        counts = members[rows, places]
        cells = slots[rows] * self.places + places
        self._room(2 * int(counts.sum() + pop.prisoners.sum()))
        ids = self._new(int(counts.sum()), -1)
        c = self.cols
        c["slot"][ids] = np.repeat(slots[rows], counts)
        c["place"][ids] = c["state0"][ids] = np.repeat(places, counts)
        c["slot0"][ids] = np.repeat(slots[rows], counts)
        self.cells.add(np.repeat(cells, counts), ids)
        # prisoners at the start: row k of the schedule leaves at release k
        k, s = np.nonzero(pop.schedule)
        n = pop.schedule[k, s]
        ids = self._new(int(n.sum()), -1)
        c["place"][ids] = c["state0"][ids] = np.repeat(s, n)
        c["status"][ids] = PRISON
        c["release"][ids] = np.repeat(k, n)
        c["imprisoned"][ids] = c["arrested"][ids] = 1
        self.prison.add(c["release"][ids] % self.ring, ids)
        self.dirty.append(cells)
        self._settle(model)
        self.snapshot(model)

    # ------------------------------------------------------------------ table
    def _alloc(self, capacity: int) -> None:
        for name, dtype in _COLUMNS.items():
            old = self.cols.get(name)
            fill = -1 if name in _MINUS_ONE else 0
            new = np.full(capacity, fill, dtype=dtype)
            if old is not None:
                new[: old.size] = old
            self.cols[name] = new

    def _room(self, capacity: int) -> None:
        """Room for ``capacity`` persons in the columns and the cell indexes."""
        self._alloc(capacity)
        for buckets in (self.cells, self.outside, self.prison):
            buckets.grow_people(capacity)

    def _new(self, count: int, week: int) -> np.ndarray:
        """``count`` new person rows (members joining in ``week``); their ids."""
        if self.n + count > self.cols["joined"].size:
            self._room(max(2 * self.cols["joined"].size, self.n + count))
        new = slice(self.n, self.n + count)
        ids = np.arange(self.n, self.n + count, dtype=np.int64)
        self.n += count
        c = self.cols
        c["joined"][new] = week
        c["since"][new] = week
        c["age"][new] = self.rng.integers(AGES[0], AGES[1] + 1, size=count)
        return ids

    def column(self, name: str) -> np.ndarray:
        """One column over the persons so far (a view)."""
        return self.cols[name][: self.n]

    def __len__(self) -> int:
        """Persons who ever were members (rows)."""
        return self.n

    def _grow_slots(self, model: CartelModel) -> None:
        capacity = model.roster.capacity
        if capacity > self.leader_of.size:
            extra = capacity - self.leader_of.size
            self.leader_of = np.concatenate([self.leader_of, np.full(extra, -1, np.int64)])
            self.leader_seen = np.concatenate([self.leader_seen, np.zeros(extra, np.int64)])
            cells = capacity * self.places
            self.cells.grow_cells(cells)
            self.boss = np.concatenate(
                [self.boss, np.full(cells - self.boss.size, -1, dtype=np.int64)]
            )

    # ------------------------------------------------------------------ members
    def _cell_of(self, ids: np.ndarray) -> np.ndarray:
        c = self.cols
        return c["slot"][ids].astype(np.int64) * self.places + c["place"][ids]

    def _take(self, cells: np.ndarray, k: np.ndarray, keep_leader: bool = False) -> np.ndarray:
        """Remove ``k`` random members of each distinct cell; ids grouped by cell.

        The leader (kept outside the bucket) is taken only when the cell's others do not
        suffice; bosses taken leave their posts (cells marked for a new boss), and so do
        leaders unless ``keep_leader`` (a move within the group).
        """
        k = np.asarray(k, dtype=np.int64)
        short = k > self.cells.count[cells]
        if not short.any():
            ids = self.cells.take(cells, k, self.rng)
        else:  # the whole cell, the leader included
            leaders = self.leader_of[cells[short] // self.places]
            ids = self.cells.take(cells, np.where(short, k - 1, k), self.rng)
            index = np.repeat(np.arange(cells.size), np.where(short, k - 1, k))
            index = np.concatenate([index, np.flatnonzero(short)])
            ids = np.concatenate([ids, leaders])[np.argsort(index, kind="stable")]
            if not keep_leader:
                self.leader_of[cells[short] // self.places] = -1
        bosses = ids[self.cols["rank"][ids] == LIEUTENANT]
        if bosses.size:  # their cells need a new boss; they keep their rank until put
            cells_left = self._cell_of(bosses)
            self.boss[cells_left] = -1
            self.dirty.append(cells_left)
        return ids

    def _put(self, ids: np.ndarray, cells: np.ndarray) -> None:
        """Make ``ids`` members of ``cells`` (foot soldiers; a cell with no boss gets one)."""
        c = self.cols
        c["slot"][ids], c["place"][ids] = np.divmod(cells, self.places)
        c["status"][ids] = MEMBER
        c["rank"][ids] = SOLDIER
        self.cells.add(cells, ids)
        self.dirty.append(cells[self.boss[cells] < 0])

    def _leave(self, ids: np.ndarray, status: int, cause: int, week: int) -> None:
        c = self.cols
        c["status"][ids] = status
        c["cause"][ids] = cause
        c["fate"][ids] = week
        c["slot"][ids] = -1
        first = ids[c["first_exit"][ids] < 0]
        c["first_exit"][first] = week

    def _join(self, cells: np.ndarray, counts: np.ndarray, week: int) -> None:
        """New recruits: ``counts[i]`` youths join cell ``cells[i]`` (group, place)."""
        total = int(counts.sum())
        if total == 0:
            return
        first = self.n
        ids = self._new(total, week)
        cells = np.repeat(cells, counts)
        slots, places = np.divmod(cells, self.places)
        c, new = self.cols, slice(first, first + total)
        c["state0"][new] = c["place"][new] = places
        c["slot0"][new] = c["slot"][new] = slots
        c["status"][new] = MEMBER
        self.cells.add(cells, ids)
        self.dirty.append(cells[self.boss[cells] < 0])

    def _cells_of(self, slots: np.ndarray, matrix: np.ndarray) -> tuple[np.ndarray, ...]:
        """Cells and counts where ``matrix`` (groups ``slots`` x places) is not zero."""
        flat = matrix.ravel()
        where = np.flatnonzero(flat)
        rows, places = np.divmod(where, matrix.shape[1])
        return slots[rows] * self.places + places, flat[where]

    # ------------------------------------------------------------------ the week
    def apply(self, model: CartelModel, flows: list[tuple]) -> None:
        """Replay the week's flows in order, then re-pick bosses and leaders."""
        self._grow_slots(model)
        week = int(model.time)
        for flow in flows:
            getattr(self, "_" + flow[0])(model, week, *flow[1:])
        self._settle(model)
        if week % WEEKS_PER_YEAR == 0:
            self.snapshot(model)

    def _recruit(self, model: CartelModel, week: int, slots: np.ndarray, m: np.ndarray) -> None:
        self._join(*self._cells_of(slots, m), week)

    def _quit(self, model: CartelModel, week: int, slots: np.ndarray, m: np.ndarray) -> None:
        cells, k = self._cells_of(slots, m)
        if cells.size:
            self._leave(self._take(cells, k), LEFT, QUIT, week)

    def _die(self, model: CartelModel, week: int, slots: np.ndarray, m: np.ndarray,
             cause: int = KILLED) -> None:  # fmt: skip
        cells, k = self._cells_of(slots, m)
        if cells.size:
            self._leave(self._take(cells, k), DEAD, cause, week)

    def _kill(self, model: CartelModel, week: int, slots: np.ndarray, m: np.ndarray) -> None:
        self._die(model, week, slots, m, KILLED_BY_STATE)

    def _arrest(self, model: CartelModel, week: int, slots: np.ndarray, m: np.ndarray) -> None:
        cells, k = self._cells_of(slots, m)
        if cells.size == 0:
            return
        ids = self._take(cells, k)
        self._leave(ids, PRISON, ARRESTED, week)  # until admitted or let go
        self.cols["arrested"][ids] += 1
        self.pending = np.concatenate([self.pending, ids])

    def _leader_exit(self, model: CartelModel, week: int, slot: int, place: int, how: str,
                     cause: str) -> None:  # fmt: skip
        """A removed leader leaves ``(slot, place)``: killed or captured (``lose_leader``)."""
        c, cell = self.cols, slot * self.places + place
        leader = int(self.leader_of[slot])
        if leader < 0:  # no leader person (the post was refilled this week): one member
            person = self._take(np.array([cell]), np.array([1]))
        else:
            person = np.array([leader])
            self.leader_of[slot] = -1
            home = int(self._cell_of(person)[0])
            if home != cell:  # counts stay exact: a member of ``cell`` takes the leader's
                substitute = self._take(np.array([cell]), np.array([1]))
                self._put(substitute, np.array([home]))
        c["place"][person] = place  # the place the counts say the leader left
        if how == "killed":
            self._leave(person, DEAD, KILLED_BY_STATE if cause == "state_action" else KILLED,
                        week)  # fmt: skip
        else:
            self._leave(person, PRISON, ARRESTED, week)
            c["arrested"][person] += 1
            self.pending = np.concatenate([self.pending, person])

    def _admit(self, model: CartelModel, week: int, admitted: np.ndarray,
               arrested: np.ndarray, delays: np.ndarray) -> None:  # fmt: skip
        """The pending arrested: ``admitted`` by state go to prison, the rest outside."""
        c, ids = self.cols, self.pending
        self.pending = EMPTY
        if ids.size == 0:
            return
        if admitted.sum() == ids.size:  # all admitted: by state (the delays are i.i.d.)
            jailed = ids[np.argsort(c["place"][ids], kind="stable")]
            inside = None
        else:  # who is let go is random within each state
            order = np.lexsort((self.rng.random(ids.size), c["place"][ids]))
            ids = ids[order]  # by state, in a random order within each
            states = c["place"][ids]
            start = np.searchsorted(states, np.arange(self.places))
            rank = np.arange(ids.size) - start[states]
            inside = rank < admitted[states]
            jailed = ids[inside]  # by state: as prisons.admit's delays are
        c["release"][jailed] = self.releases + delays - 1
        c["imprisoned"][jailed] += 1
        self.prison.add(c["release"][jailed] % self.ring, jailed)
        if inside is None:
            return
        out = ids[~inside]
        if out.size:
            c["status"][out] = OUTSIDE
            self.outside.add(c["place"][out].astype(np.int64), out)

    def _release(self, model: CartelModel, week: int) -> None:
        c = self.cols
        out = self.prison.take_all(np.array([self.releases % self.ring]))
        self.releases += 1
        c["status"][out] = OUTSIDE
        c["fate"][out] = week
        c["release"][out] = -1
        self.outside.add(c["place"][out].astype(np.int64), out)

    def _outside_exit(self, model: CartelModel, week: int, back: np.ndarray,
                      leaving: np.ndarray) -> None:  # fmt: skip
        """Released persons return to a group (``back`` by state) or leave crime."""
        states = np.flatnonzero(back + leaving)
        ids = self.outside.take(states, (back + leaving)[states], self.rng)
        first = np.repeat(np.cumsum(back + leaving)[states] - (back + leaving)[states],
                          (back + leaving)[states])  # fmt: skip
        rank = np.arange(ids.size) - first
        returning = rank < np.repeat(back[states], (back + leaving)[states])
        self.returning = ids[returning]  # by state
        self._leave(ids[~returning], LEFT, LEFT_CRIME, week)

    def _returned(self, model: CartelModel, week: int, slots: np.ndarray,
                  by_place: list[tuple[int, np.ndarray]]) -> None:  # fmt: skip
        """The returning persons join groups: ``by_place`` (place, returners by slot)."""
        if not by_place:
            return
        places = np.array([p for p, _ in by_place], dtype=np.int64)
        counts = np.concatenate([counts for _, counts in by_place])
        base = np.tile(slots * self.places, places.size) + np.repeat(places, slots.size)
        cells = np.repeat(base, counts)  # in increasing place order, as the returners are
        ids, self.returning = self.returning, EMPTY
        c = self.cols
        c["since"][ids] = week
        c["rejoined"][ids] += 1
        c["fate"][ids] = week
        self._put(ids, cells)

    def _split(self, model: CartelModel, week: int, parent: int, children: list[int],
               parts: np.ndarray) -> None:  # fmt: skip
        """Factions take ``parts[1:]`` of the parent's members, place by place."""
        moving = parts[1:]
        places = np.flatnonzero(moving.sum(axis=0))
        if places.size == 0:
            return
        ids = self._take(parent * self.places + places, moving[:, places].sum(axis=0))
        child = np.asarray(children, dtype=np.int64)
        targets = (child[None, :] * self.places + places[:, None]).ravel()
        self._transfer(ids, np.repeat(targets, moving[:, places].T.ravel()), parent)

    def _transfer(self, ids: np.ndarray, cells: np.ndarray, origin: int) -> None:
        """Move members to other groups' cells; the origin's leader among them steps down."""
        leader = int(self.leader_of[origin])
        if leader >= 0 and (ids == leader).any():
            self.leader_of[origin] = -1
        self._put(ids, cells)

    def _merge(self, model: CartelModel, week: int, small: int, big: int) -> None:
        ids, places = self._all_of(small)
        self._transfer(ids, big * self.places + places, small)

    def _all_of(self, slot: int) -> tuple[np.ndarray, np.ndarray]:
        """Take every member of group ``slot`` (its leader last); ids and their places."""
        cells = slot * self.places + np.arange(self.places)
        cells = cells[self.cells.count[cells] > 0]
        ids = self.cells.take_all(cells)
        leader = int(self.leader_of[slot])
        if leader >= 0:
            ids = np.concatenate([ids, [leader]])
            self.leader_of[slot] = -1
        self.boss[slot * self.places : (slot + 1) * self.places] = -1
        places = self.cols["place"][ids].astype(np.int64)
        return ids, places

    def _dissolve(self, model: CartelModel, week: int, slot: int) -> None:
        ids, _ = self._all_of(slot)
        self._leave(ids, LEFT, DISSOLVED, week)

    def _breakaway(self, model: CartelModel, week: int, parent: int, child: int,
                   place: int, size: int) -> None:  # fmt: skip
        cell = parent * self.places + place
        ids = self._take(np.array([cell]), np.array([size]))
        self._transfer(ids, np.full(ids.size, child * self.places + place), parent)

    def _gang(self, model: CartelModel, week: int, slot: int, place: int, size: int) -> None:
        self._join(np.array([slot * self.places + place]), np.array([size]), week)

    def _move(self, model: CartelModel, week: int, slots: np.ndarray, places: np.ndarray,
              counts: np.ndarray, dest: np.ndarray) -> None:  # fmt: skip
        """Members move within their group to neighbouring places (territory)."""
        ids = self._take(slots * self.places + places, counts, keep_leader=True)
        group = np.repeat(slots, counts)
        leaders = self.cols["rank"][ids] == LEADER  # moved with the whole cell: still leader
        self.cols["place"][ids[leaders]] = dest[leaders]
        stay = ~leaders
        self._put(ids[stay], group[stay] * self.places + dest[stay])

    # ------------------------------------------------------------------ posts
    def _settle(self, model: CartelModel) -> None:
        """Re-pick the bosses of cells that lost theirs, then give leaders to groups."""
        self._pick_bosses()
        roster = model.roster
        size = roster.size
        ids, alive = roster.leader[:size], roster.alive[:size]
        seen, person = self.leader_seen[:size], self.leader_of[:size]
        posted = alive & (ids > 0)
        need = np.flatnonzero(posted & ((seen != ids) | (person < 0)))
        vacant = np.flatnonzero(alive & (ids == 0) & (person >= 0))
        if need.size == 0 and vacant.size == 0:
            return
        c = self.cols
        for slot in vacant:  # no post (defensive): the person goes back to the ranks
            self._demote(int(slot))
        for slot in need:
            slot = int(slot)
            if self.leader_of[slot] >= 0:
                self._demote(slot)
            self.leader_seen[slot] = roster.leader[slot]
            place = int(np.argmax(roster.members[slot]))
            cell = slot * self.places + place
            boss = int(self.boss[cell])
            if boss < 0:
                continue
            self.cells.remove(cell, boss)
            self.boss[cell] = -1
            self.dirty.append(np.array([cell]))
            c["rank"][boss] = LEADER
            c["highest"][boss] = LEADER
            self.leader_of[slot] = boss
        self._pick_bosses()

    def _demote(self, slot: int) -> None:
        person = int(self.leader_of[slot])
        self.leader_of[slot] = -1
        cell = np.array([int(self._cell_of(np.array([person]))[0])])
        self._put(np.array([person]), cell)

    def _pick_bosses(self) -> None:
        """Each marked cell's boss is its longest-serving member (lowest id on ties)."""
        if not self.dirty:
            return
        cells = np.unique(np.concatenate(self.dirty))
        self.dirty = []
        cells = cells[(self.boss[cells] < 0) & (self.cells.count[cells] > 0)]
        if cells.size == 0:
            return
        ids, _ = self.cells.gather(cells)
        counts = self.cells.count[cells]
        key = (self.cols["since"][ids].astype(np.int64) + 1) << 40 | ids  # since, then id
        first = np.minimum.reduceat(key, np.cumsum(counts) - counts) & ((1 << 40) - 1)
        self.boss[cells] = first
        self.cols["rank"][first] = LIEUTENANT
        high = self.cols["highest"]
        high[first] = np.maximum(high[first], LIEUTENANT)

    # ------------------------------------------------------------------ reading
    def snapshot(self, model: CartelModel) -> None:
        """Persons by year joined (run year, 0 for those there at the start) and status."""
        joined = self.column("joined")
        cohort = np.where(joined < 0, 0, (joined - 1) // WEEKS_PER_YEAR + 1)
        status = self.column("status")
        years = int(cohort.max(initial=0)) + 1
        table = np.bincount(cohort * len(STATUSES) + status, minlength=years * len(STATUSES))
        self.snapshots.append((int(model.time), table.reshape(years, len(STATUSES))))

    def counts(self, model: CartelModel) -> dict[str, Any]:
        """The table's persons by the model's count categories (a full pass; for checks)."""
        c = {name: self.column(name) for name in ("slot", "place", "status", "cause")}
        member = c["status"] == MEMBER
        shape = (model.roster.capacity, self.places)
        flat = c["slot"][member].astype(np.int64) * self.places + c["place"][member]
        members = np.bincount(flat, minlength=shape[0] * shape[1]).reshape(shape)

        def by_state(mask: np.ndarray) -> np.ndarray:
            return np.bincount(c["place"][mask], minlength=self.places)

        return {
            "members": members,
            "prisoners": by_state(c["status"] == PRISON),
            "outside": by_state(c["status"] == OUTSIDE),
            "dead": by_state(c["status"] == DEAD),
            "left_crime": int(((c["status"] == LEFT) & (c["cause"] == LEFT_CRIME)).sum()),
        }

    def leader(self, slot: int) -> int | None:
        """Person id of group ``slot``'s leader (None while the post is vacant)."""
        person = int(self.leader_of[slot]) if slot < self.leader_of.size else -1
        return person if person >= 0 else None

    def frame(self, model: CartelModel) -> pd.DataFrame:
        """One row per person who ever joined: ``recruits.parquet``."""
        c = {name: self.column(name) for name in _COLUMNS}
        names = ["", *(model.cartel_at[slot].name for slot in range(model.roster.size))]
        group = c["slot0"].astype(np.int64) + 1  # index into names: 0 for none
        group_now = c["slot"].astype(np.int64) + 1
        codes = list(model.world.codes)
        joined = c["joined"]
        year = np.where(joined >= 0, model.spec.params.world.start_year
                        + joined / WEEKS_PER_YEAR, np.nan)  # fmt: skip

        def labels(index: np.ndarray, words: list[str] | tuple[str, ...]) -> pd.Categorical:
            """Words by code, as a categorical (quick to build, dictionary-coded in Parquet)."""
            unique, code = np.unique(np.array(words, dtype=object), return_inverse=True)
            return pd.Categorical.from_codes(code[index], categories=unique)

        member = c["status"] == MEMBER
        return pd.DataFrame(
            {
                "id": np.arange(self.n, dtype=np.int64),
                "week_joined": joined,
                "year_joined": year,
                "age_at_joining": c["age"],
                "state": labels(c["state0"], codes),
                "group": labels(group, names),
                "highest_rank": labels(c["highest"], RANKS),
                "status": labels(c["status"], STATUSES),
                "cause": labels(c["cause"], CAUSES),
                "fate_week": c["fate"],
                "first_exit_week": c["first_exit"],
                "times_arrested": c["arrested"],
                "times_imprisoned": c["imprisoned"],
                "times_rejoined": c["rejoined"],
                "rank": labels(np.where(member, c["rank"], len(RANKS)), (*RANKS, "")),
                "group_now": labels(group_now, names),
                "place_now": labels(c["place"], codes),
            }
        )

    def cohort_frame(self, model: CartelModel) -> pd.DataFrame:
        """Statuses of each joining cohort at each yearly snapshot (tidy)."""
        rows = []
        start = model.spec.params.world.start_year
        for week, table in self.snapshots:
            for cohort in range(1, table.shape[0]):
                total = table[cohort].sum()
                if total == 0:
                    continue
                for k, status in enumerate(STATUSES):
                    rows.append(
                        {
                            "week": week,
                            "cohort": start + cohort - 1,
                            "years_since": week / WEEKS_PER_YEAR - (cohort - 1),
                            "status": status,
                            "persons": int(table[cohort, k]),
                            "share": float(table[cohort, k] / total),
                        }
                    )
        return pd.DataFrame(rows, columns=["week", "cohort", "years_since", "status",
                                           "persons", "share"])  # fmt: skip


def careers(table: pd.DataFrame, end_week: int) -> dict[str, float]:
    """Career length (joining to first leaving membership), in years.

    ``median_career_years`` is the median among recruits who left membership at least
    once (killed, arrested, quit, or their group dissolved) during the run; careers
    still under way at the end are left out, which biases it short.
    ``median_career_years_km`` counts them as censored at the end (Kaplan-Meier).
    Only recruits who joined during the run count (not members at the start).
    """
    joined = table["week_joined"].to_numpy()
    ended = table["first_exit_week"].to_numpy()
    recruits = joined >= 0
    done = recruits & (ended >= 0)
    length = (ended[done] - joined[done]) / WEEKS_PER_YEAR
    out = {
        "recruits": int(recruits.sum()),
        "careers_ended": int(done.sum()),
        "median_career_years": float(np.median(length)) if length.size else float("nan"),
    }
    duration = np.where(ended >= 0, ended - joined, end_week - joined)[recruits]
    event = (ended >= 0)[recruits]
    out["median_career_years_km"] = kaplan_meier_median(duration, event) / WEEKS_PER_YEAR
    return out


def kaplan_meier_median(duration: np.ndarray, event: np.ndarray) -> float:
    """Kaplan-Meier median of ``duration`` (``event`` False: censored); NaN if not reached."""
    if duration.size == 0:
        return float("nan")
    times, index = np.unique(duration, return_inverse=True)
    deaths = np.bincount(index, weights=event, minlength=times.size)
    leaving = np.bincount(index, minlength=times.size)
    at_risk = duration.size - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    survival = np.cumprod(1.0 - deaths / at_risk)
    below = np.flatnonzero(survival <= 0.5)
    return float(times[below[0]]) if below.size else float("nan")
