"""CartelModel: cartels, state forces and young people on Mexico's map, one week a step."""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

import numpy as np
from mesa import Model
from mesa.agentset import AgentSet
from mesa.datacollection import DataCollector

from model import initial, metrics
from model.agents import Cartel, Recruit, StateForce
from model.levers import LeverAccessError, LeverView, NoLevers, RunParams
from model.params import Levers
from model.people import People
from model.population import Population
from model.processes import (
    births,
    conflict,
    corruption,
    economy,
    enforcement,
    labour,
    leadership,
    legitimacy,
    organization,
    people,
    predation,
    prisons,
    recruitment,
    rivalry,
    territory,
)
from model.roster import Roster
from model.scenario import Scenario, check_lever
from model.units import WEEKS_PER_YEAR
from model.world import World

CAUSES = ("rivalry", "split_war", "state_action")


class Week:
    """Tallies of the step in progress (flows by state, counts of events)."""

    def __init__(self, n_states: int, record: bool = False) -> None:
        """Start an empty week (``record``: keep the flows of persons for the person layer)."""
        zeros = np.zeros(n_states, dtype=np.int64)
        self.homicides = {cause: zeros.copy() for cause in CAUSES}
        self.missing = zeros.copy()
        self.member_deaths = zeros.copy()
        self.recruits = zeros.copy()
        self.quits = zeros.copy()
        self.arrests = zeros.copy()
        self.returned = zeros.copy()
        self.released = 0
        self.moved = 0
        self.revenue = self.seized = self.laundered = 0.0
        self.arrests_lost_to_leaks = 0.0
        self.strikes = self.leaks = self.leaders_removed = 0
        self.splits = self.alliances = self.mergers = self.extinctions = 0
        self.rivalries_ended = self.leaders_lost = self.births = 0
        self.breakaways = self.succession_wars = 0
        self.leader_exits: list[tuple[int, int, str]] = []  # (slot, place, how) this week
        self.slots = np.zeros(0, dtype=np.int64)
        self.bribes = self.handouts = np.zeros((0, n_states))
        self.deaths_by_group = self.losses_by_group = np.zeros(0, dtype=np.int64)
        # the week's flows of persons in the order they happened, for the person layer
        # (model/people.py): (kind, *data), kinds as People's handlers ``_<kind>``
        self.flows: list[tuple] | None = [] if record else None

    def record(self, kind: str, *data: Any) -> None:
        """Note a flow of persons (a no-op when the person layer is off)."""
        if self.flows is not None:
            self.flows.append((kind, *data))

    def total_homicides(self) -> np.ndarray:
        """Homicides by state, all causes."""
        return sum(self.homicides.values())


class CartelModel(Model):
    """Agent-based model of cartel fragmentation and violence under policy.

    One step is one week. ``step()`` runs the processes below in this order; outcomes
    (fragmentation, violence) are written only by these processes, never by a lever.

    Args:
        scenario: a resolved :class:`~model.scenario.Scenario` (defaults if None).
        rng: the seed; the same scenario and seed give identical results.
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        rng: int | None = 0,
        world: World | None = None,
        people: bool = True,
    ) -> None:
        """Build the world, the forces, the youths and the 2020 cartels.

        ``world``: another map than Mexico's 32 states (``World.subdivided`` for scale
        tests; later the municipalities); the 2020 groups start in their state's place 0.
        ``people``: keep the person layer (:mod:`model.people`: every member a row, the
        ``Recruit`` agents); it observes and changes nothing, so results are the same
        without it (sweeps and studies that read only time series turn it off).
        """
        super().__init__(rng=rng)
        self.spec = scenario if scenario is not None else Scenario()
        # levers: processes read the read-only view (model.levers, model.params.levers);
        # only the schedule (_apply_levers) writes the private copy and replaces the view
        self.params, self._levers = RunParams.of(copy.deepcopy(self.spec.params))
        self._lever_view: LeverView = self.params.levers
        # queues consumed from the left as their dates pass (deque: O(1) a pop)
        self._schedule = deque(self.spec.schedule)
        self.strike_queue = deque(self.spec.strikes)  # dated removals: (step, group, how)
        self.veto: tuple[int, int] | None = None  # (step, cartel id): a removal not to make
        self._pending: dict[str, Any] = {}
        self.world = world if world is not None else World(random=self.random)
        self.roster = Roster(self.world.n)
        self.cartel_at: dict[int, Cartel] = {}
        self.graveyard: list[Cartel] = []
        self.events: list[dict[str, Any]] = []
        self._leaders = 0
        self.gangs_formed = 0  # numbers the local gangs' names
        self.breakaways = 0  # numbers the breakaway cells' names
        self.week = Week(self.world.n, people)
        self.plaza_value = economy.plaza_value(self)
        self.recent_homicides = np.zeros(self.world.n)
        self.legal_income = recruitment.legal_income(self)  # US$/week, per state
        self._create_forces()
        self._create_population_and_cartels()
        self.datacollector = DataCollector(
            model_reporters={name: metrics.reporter(name) for name in metrics.TIMESERIES}
        )
        self.state_rows: list[dict[str, np.ndarray]] = []
        # the person layer, on its own stream (spawning does not advance self.rng's)
        self.people = People(self, self.rng.spawn(1)[0]) if people else None
        self._recruits: dict[int, Recruit] = {}
        self.collect()

    # ------------------------------------------------------------------ set-up
    def _create_forces(self) -> None:
        self.force_units = np.zeros(self.world.n)  # units deployed, by state
        self.force_corruption = np.full(self.world.n, self.params.corruption.initial)
        for cell in self.world.space.all_cells:
            StateForce(self, cell)
        self.forces: list[StateForce] = sorted(
            self.agents_by_type[StateForce], key=lambda f: f.state
        )
        enforcement.deploy(self)

    def _create_population_and_cartels(self) -> None:
        w, world = self.params.world, self.world
        youths = np.round(world.population * w.youth_share * w.at_risk_share)
        if w.landscape == "mexico_2006":
            founders, alliance, rivalry = self._create_landscape_2006()
        else:
            founders, alliance, rivalry = self._create_network_2020()
        slots = [c.slot for c in founders]
        for relations, weights in (
            (self.roster.alliance, alliance),
            (self.roster.rivalry, rivalry),
        ):
            for i, j in zip(*np.nonzero(np.triu(weights, k=1))):
                relations[slots[i], slots[j]] = weights[i, j]
        # arms per member: the steady state of the default spending shared by the
        # reference membership (lethality 1), and by this run's members at the start
        e = self.params.economy
        arsenal = (
            e.arms_share * e.national_revenue / WEEKS_PER_YEAR / max(e.arms_depreciation, 1e-9)
        )
        self.arms_ref = arsenal / e.arms_reference_members
        self.roster.arms[self.roster.slots()] = arsenal / max(w.initial_members, 1)
        # prisoners at the start: the steady state of the status-quo arrest flow (PC2023's
        # 110 a week, the lever's default) by members, whatever this scenario's arrests
        # lever says (a campaign starts now); the prisons have places for about them
        members_by_state = self.roster.members.sum(axis=0)
        share = members_by_state / max(members_by_state.sum(), 1)
        admissions = Levers().arrests_per_week * share
        schedule = prisons.steady_schedule(self.params.prisons, admissions, self.rng)
        self.population = Population(youths, schedule, int(members_by_state.sum()))
        self.prison_places_base = max(float(self.population.prisoners.sum()), 1.0)
        self.force_ref = conflict.reference_force(self)  # the reference army's force per place
        # operations (arrests and killings by the state per member, recent average): the
        # reference is the default arrest flow (PC2023's 110 a week) over this start's
        # members, and every place starts at this scenario's national rate
        total = max(int(members_by_state.sum()), 1)
        self.operations_ref = Levers().arrests_per_week / total
        self.operations = np.full(self.world.n, self.levers.arrests_per_week / total)

    def found(self, cartel: Cartel, presence: np.ndarray, cohesion: float | None) -> None:
        """Give a founding group its members, cohesion, aggression and treasury."""
        org = self.params.organization
        self.roster.members[cartel.slot] = presence
        if cohesion is None:
            cohesion = (
                float(self.rng.beta(6.0 * org.cohesion_mean, 6.0 * (1.0 - org.cohesion_mean)))
                if 0.0 < org.cohesion_mean < 1.0
                else org.cohesion_mean
            )
        cartel.cohesion = cartel.base_cohesion = cohesion
        cartel.aggression = float(np.exp(self.rng.normal(0.0, org.aggression_sd)))
        size = int(presence.sum())
        cartel.treasury = 26.0 * self.params.economy.wage * size  # six months of wages

    def _create_network_2020(self) -> tuple[list[Cartel], np.ndarray, np.ndarray]:
        """The 150 groups of the 2020 network, sized by PC2023's 1/rank rule."""
        w, world, rng = self.params.world, self.world, self.rng
        groups, alliances, rivalries = self.network()
        alliance, rivalry = initial.relation_matrices(
            [g.node for g in groups], alliances, rivalries
        )
        strength = alliance.sum(axis=1) + rivalry.sum(axis=1)  # total network strength
        sizes = initial.rank_sizes(strength, w.initial_members)
        founders: list[Cartel] = []
        seen: set[str] = set()
        for group, size in zip(groups, sizes):
            home = world.state_index(group.state)
            # two distinct groups share the short name "Tequileros": label the repeat
            label = (
                group.short_name
                if group.short_name not in seen
                else f"{group.short_name} ({group.node})"
            )
            seen.add(label)
            cartel = Cartel(self, group.name, label, home)
            presence = initial.spread(
                int(size), home, world.distance, self.plaza_value, w.home_share,
                w.spread_members, rng,
            )  # fmt: skip
            self.found(cartel, presence, None)
            founders.append(cartel)
        return founders, alliance, rivalry

    def network(self) -> tuple[list, dict, dict]:
        """The groups and relations of the default landscape (``initial.network_2020``)."""
        return initial.network_2020()

    def _create_landscape_2006(self) -> tuple[list[Cartel], np.ndarray, np.ndarray]:
        """The seven organizations of end-2006, wings inside their parents."""
        w, world, rng = self.params.world, self.world, self.rng
        groups, alliances, rivalries = initial.landscape_2006()
        shares = np.array([g.share for g in groups])
        sizes = rng.multinomial(w.initial_members, shares / shares.sum())
        founders: list[Cartel] = []
        for group, size in zip(groups, sizes):
            cartel = Cartel(self, group.name, group.name, world.index[group.home])
            probs = world.by_state(group.states)
            self.found(cartel, rng.multinomial(size, probs / probs.sum()), group.cohesion)
            cartel.wings = [(wing.name, world.by_state(wing.shares)) for wing in group.wings]
            founders.append(cartel)
        alliance, rivalry = initial.relation_matrices(
            [g.name for g in groups], alliances, rivalries
        )
        return founders, alliance, rivalry

    def new_leader_id(self) -> int:
        """A fresh leader identity (leaders are numbered as they take over)."""
        self._leaders += 1
        return self._leaders

    def recruit(self, person: int) -> Recruit:
        """The :class:`~model.agents.Recruit` agent of person ``person`` (made once, cached).

        Agents are made on demand, not one per joiner (see docs/recruits.md for the
        measured cost); each is registered, so it appears in ``agents_by_type[Recruit]``.

        Raises:
            ValueError: the person layer is off, or no such person.
        """
        if self.people is None:
            raise ValueError("the person layer is off (CartelModel(..., people=False))")
        if not 0 <= person < len(self.people):
            raise ValueError(f"no person {person}: ids run from 0 to {len(self.people) - 1}")
        agent = self._recruits.get(person)
        if agent is None:
            agent = self._recruits[person] = Recruit(self, person)
        return agent

    # ------------------------------------------------------------------ helpers
    @property
    def cartels(self):
        """AgentSet of the active cartels."""
        return self.agents_by_type.get(Cartel) or AgentSet([], random=self.random)

    @property
    def all_cartels(self) -> list[Cartel]:
        """Every cartel that ever existed, active or not, in order of creation."""
        return sorted(self.cartel_at.values(), key=lambda c: c.unique_id)

    @property
    def step_count(self) -> int:
        """Completed weeks (the model's time)."""
        return int(self.time)

    @property
    def year(self) -> float:
        """Calendar year (fractional) now."""
        return self.spec.year_of(self.time)

    def log(self, kind: str, cartel: Cartel | None, state: int | None, details: str) -> None:
        """Append an event to the event log."""
        self.events.append(
            {
                "step": int(self.time),
                "year": self.year,
                "kind": kind,
                "cartel": cartel.short_name if cartel is not None else "",
                "cartel_id": cartel.unique_id if cartel is not None else -1,
                "state": self.world.codes[state] if state is not None else "",
                "details": details,
            }
        )

    def vetoed(self, cartel: Cartel) -> bool:
        """True if this week's removal of ``cartel``'s leader is the one left out.

        The event study's counterfactual runs a copy of the model with ``veto`` set to
        (step, cartel id): the strike's random draws are made, its removal is not.
        """
        return self.veto is not None and self.veto == (int(self.time), cartel.unique_id)

    # ------------------------------------------------------------------ levers
    @property
    def levers(self) -> LeverView:
        """The levers in force this week, read-only (:class:`~model.levers.LeverView`).

        Change them with :meth:`set_levers` or a scenario's ``[[schedule]]``.
        """
        return self._lever_view

    @levers.setter
    def levers(self, value: Any) -> None:
        raise LeverAccessError(
            "model.levers is read-only: change a lever with model.set_levers(...) or a "
            "scenario's [[schedule]]; it takes effect at the start of the next step"
        )

    def set_levers(self, **changes: Any) -> None:
        """Change levers from the next step on (validated; logged as events).

        Raises:
            ScenarioError: an unknown lever or a value out of range.
        """
        for key, value in changes.items():
            self._pending[key] = check_lever("set_levers", key, value)

    def _apply_levers(self) -> None:
        """Apply the changes due this week (the schedule's, then set_levers'): the only writer."""
        now = int(self.time)
        while self._schedule and self._schedule[0][0] < now:
            self._pending.update(self._schedule.popleft()[1])
        changed = False
        for key, value in self._pending.items():
            old = getattr(self._levers, key)
            if old != value:
                setattr(self._levers, key, value)
                changed = True
                self.log("lever_changed", None, None, f"{key}: {old} -> {value}")
        self._pending = {}
        if changed:
            self._lever_view = LeverView(self._levers)
            self.params.show(self._lever_view)

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """One week, as a list of processes in order."""
        self.week = Week(self.world.n, self.people is not None)
        self._apply_levers()
        labour.step(self)  # wages follow risk and scarcity; open posts lapse
        economy.step(self)  # revenue from plazas, laundering, seizure, spending
        recruitment.step(self)  # youths join, members quit
        conflict.step(self)  # violence where rivals meet
        enforcement.step(self)  # deployment, arrests, leader strikes, leaks
        prisons.step(self)  # releases; former members return to a group or leave crime
        organization.update_pressure(self)  # losses per member, recent average
        labour.vacate(self)  # the killed and the arrested leave their posts open
        leadership.step(self)  # leaders fall and groups split without the state
        organization.succession(self)  # successors, contested successions, splits
        predation.step(self)  # weakness fades; vacant posts mark their group weak
        organization.alliances(self)  # alliances and mergers under pressure
        rivalry.step(self)  # rivalries end in truces or decisive outcomes
        territory.step(self)  # expansion into richer, weaker-held plazas (vacuums)
        corruption.step(self)  # bribes corrupt units; vetting purges
        legitimacy.step(self)  # handouts buy local support
        births.step(self)  # local gangs form; cells break away as new groups
        organization.dissolve_weak(self)  # extinction of groups too small to act
        self.population.renew(self.rng, self.params.world.youth_window_years * WEEKS_PER_YEAR)
        people.step(self)  # the person layer replays the week's flows (observer only)
        self.collect()

    def collect(self) -> None:
        """Record this step's metrics (time series, states)."""
        homicides = self.week.total_homicides()
        self.recent_homicides += 0.1 * (homicides - self.recent_homicides)
        seen = NoLevers(self)  # outcome metrics may not read levers (model.levers)
        dominant = metrics.dominant_slots(seen)
        self.current = metrics.timeseries_row(seen, dominant)
        self.datacollector.collect(self)
        self.state_rows.append(metrics.state_arrays(seen, dominant))

    def run(self, steps: int | None = None, progress=None) -> CartelModel:
        """Run ``steps`` weeks (the scenario's horizon by default); return self."""
        for _ in range(self.spec.steps if steps is None else steps):
            self.step()
            if progress is not None:
                progress(1)
        return self
