"""Slot-indexed arrays behind the Cartel agents, so weekly arithmetic is vectorized.

Each cartel owns one *slot* (row) for life; a dead cartel's row is zero and its
``alive`` flag false. ``members[slot, state]`` counts real persons (one unit = one
person). Relations (:class:`~model.relations.Relations`, sparse) are symmetric weights
in the units of the 2020 network data (number of states where two groups are recorded
as allied / rivals).
"""

from __future__ import annotations

import numpy as np

from model.relations import Relations

# Numeric per-cartel state read by the vectorized processes (one float per slot).
SCALARS = (
    "treasury",  # US$
    "aggression",  # dimensionless multiplier of lethality, around 1
    "arms",  # US$ of weapons per member
    "cohesion",  # 0-1
    "base_cohesion",  # 0-1, the value cohesion recovers towards
    "pressure",  # losses per member per week, exponential average
    "violence",  # victims inflicted per week, exponential average
    "pay_fraction",  # share of planned spending actually paid last week
    "revenue",  # US$ last week
    "weakened",  # 0-1, set to 1 when the leader falls or the group splits, then decays
    "contest",  # weeks of a contested succession's internal war still to go (0: none)
    "vacancies",  # posts left open by members killed or arrested, persons
    "wage",  # US$ a week the group pays a member (base wage, risk and scarcity premiums)
)


class Roster:
    """Arrays for every cartel slot: members by state, scalars and relations."""

    def __init__(self, n_states: int, capacity: int = 256) -> None:
        """Allocate room for ``capacity`` cartels over ``n_states`` states."""
        self.n_states = n_states
        self.size = 0
        self.alive = np.zeros(capacity, dtype=bool)
        self.members = np.zeros((capacity, n_states), dtype=np.int64)
        self.legitimacy = np.zeros((capacity, n_states))  # local support, 0-1
        self.root = np.zeros(capacity, dtype=np.int64)  # unique_id of the lineage's founder
        self.leader = np.zeros(capacity, dtype=np.int64)  # id of the leader; 0 while vacant
        self.rivalry = Relations()
        self.alliance = Relations()
        # arrays derived from the slots and relations, rebuilt by the processes only when
        # those change (keyed by the relations' versions and the living slots)
        self.cache: dict[str, tuple] = {}
        for name in SCALARS:
            setattr(self, name, np.zeros(capacity))

    @property
    def capacity(self) -> int:
        """Number of slots allocated."""
        return self.alive.size

    def new_slot(self) -> int:
        """Reserve the next slot, growing the arrays when full."""
        if self.size == self.capacity:
            self._grow(2 * self.capacity)
        slot = self.size
        self.size += 1
        self.alive[slot] = True
        return slot

    def _grow(self, capacity: int) -> None:
        old = self.capacity

        def pad(a: np.ndarray, axes: int) -> np.ndarray:
            widths = [(0, capacity - old)] * axes + [(0, 0)] * (a.ndim - axes)
            return np.pad(a, widths)

        self.alive = pad(self.alive, 1)
        self.members = pad(self.members, 1)
        self.legitimacy = pad(self.legitimacy, 1)
        self.root = pad(self.root, 1)
        self.leader = pad(self.leader, 1)
        for name in SCALARS:
            setattr(self, name, pad(getattr(self, name), 1))

    def slots(self) -> np.ndarray:
        """Slots of the living cartels, in creation order."""
        return np.flatnonzero(self.alive[: self.size])

    def clear(self, slot: int) -> None:
        """Mark a slot dead and zero its members and relations."""
        self.alive[slot] = False
        self.members[slot] = 0
        self.legitimacy[slot] = 0.0
        self.leader[slot] = 0
        self.rivalry.clear(slot)
        self.alliance.clear(slot)

    def conflict_kernel(self, slots: np.ndarray) -> np.ndarray:
        """PC2023 kernel K_ij = (R_ij + 1) / (A_i + 1), K_ii = 0, dense, for inspection.

        Prieto-Curiel, Campedelli & Hope (2023), Science 381:1312: every pair has a
        baseline conflict of 1, rivalry adds to it and a group's alliances dampen the
        conflict it suffers. The weekly step never builds this groups x groups array:
        :mod:`model.processes.conflict` applies it through the sparse rivalry matrix.
        """
        rivalry = self.rivalry.matrix(slots).toarray()
        allied = self.alliance.matrix(slots).sum(axis=1)
        kernel = (rivalry + 1.0) / (allied[:, None] + 1.0)
        np.fill_diagonal(kernel, 0.0)
        return kernel
