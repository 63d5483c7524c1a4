"""Relations between groups (alliances, rivalries): symmetric weights stored sparsely.

Fewer than 1% of the pairs of groups are related (the 2020 network: 150 groups), so a
relation is an edge in a dict of dicts keyed by roster slot, and the weekly processes
get a ``scipy.sparse`` matrix over the living groups, rebuilt only when an edge changes.
Memory and work grow with the edges, never with groups squared.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


class Relations:
    """Symmetric, non-negative weights between slots; a zero weight is no relation."""

    def __init__(self) -> None:
        """Start with no relations."""
        self._weight: dict[tuple[int, int], float] = {}  # (i, j) with i < j -> weight
        self._of: dict[int, set[int]] = {}  # slot -> related slots
        self._strength = np.zeros(0)  # by slot: the sum of its weights
        self._cache: tuple[int, bytes, sparse.csr_array] | None = None
        self.version = 0  # bumped on every change

    @staticmethod
    def _key(i: int, j: int) -> tuple[int, int]:
        i, j = int(i), int(j)
        if i == j:
            raise ValueError("a group has no relation with itself")
        return (i, j) if i < j else (j, i)

    def __getitem__(self, pair: tuple[int, int]) -> float:
        """Weight between slots ``i`` and ``j`` (0 if unrelated)."""
        return self._weight.get(self._key(*pair), 0.0)

    def __setitem__(self, pair: tuple[int, int], weight: float) -> None:
        """Set the weight of ``i``-``j`` on both sides (0 removes the relation)."""
        key = self._key(*pair)
        change = float(weight) - self._weight.get(key, 0.0)
        if weight:
            self._weight[key] = float(weight)
            self._of.setdefault(key[0], set()).add(key[1])
            self._of.setdefault(key[1], set()).add(key[0])
        elif key in self._weight:
            del self._weight[key]
            self._of[key[0]].discard(key[1])
            self._of[key[1]].discard(key[0])
        else:
            return
        if key[1] >= self._strength.size:
            self._strength = np.pad(self._strength, (0, 2 * key[1] + 2 - self._strength.size))
        for slot in key:  # weights are counts of states: integer sums stay exact
            self._strength[slot] += change
        self.version += 1

    def of(self, slot: int) -> dict[int, float]:
        """The relations of ``slot``: ``{other slot: weight}``, in slot order."""
        slot = int(slot)
        return {other: self[slot, other] for other in sorted(self._of.get(slot, ()))}

    def copy_relations(self, source: int, target: int) -> None:
        """Give ``target`` every relation ``source`` has, with the same weights."""
        for other, weight in self.of(source).items():
            if other != target:
                self[target, other] = weight

    def share_relations(self, source: int, shares: dict[int, float]) -> None:
        """Divide ``source``'s relations among ``shares`` (slot -> fraction, source included).

        A group that splits passes its alliances and rivalries on in shares (its factions
        by their share of its members), so the total weight an outsider has with the
        family is what it had with the group: a split neither multiplies an ally's
        protection nor a rival's hostility.
        """
        for other, weight in self.of(source).items():
            if other in shares:
                continue
            for slot, fraction in shares.items():
                self[slot, other] = weight * fraction

    def clear(self, slot: int) -> None:
        """Remove every relation of ``slot``."""
        for other in list(self._of.get(int(slot), ())):
            self[slot, other] = 0.0

    def keys(self) -> list[tuple[int, int]]:
        """Every related pair once, ``(i, j)`` with ``i < j``, in slot order."""
        return sorted(self._weight)

    def pairs(self) -> list[tuple[int, int, float]]:
        """Every related pair once, ``(i, j, weight)`` with ``i < j``, in slot order."""
        return sorted((i, j, w) for (i, j), w in self._weight.items())

    def strength(self, slots: np.ndarray) -> np.ndarray:
        """Sum of each slot's relation weights (the row sums of :meth:`matrix`)."""
        out = np.zeros(slots.size)
        known = slots < self._strength.size
        out[known] = self._strength[slots[known]]
        return out

    def count(self) -> int:
        """Number of related pairs."""
        return len(self._weight)

    def matrix(self, slots: np.ndarray) -> sparse.csr_array:
        """Weights among ``slots`` (rows and columns in that order), sparse, symmetric.

        Cached until a relation changes or the slots differ.
        """
        key = slots.tobytes()
        if self._cache is not None and self._cache[0] == self.version and self._cache[1] == key:
            return self._cache[2]
        n = slots.size
        ends = np.array(list(self._weight), dtype=np.int64).reshape(-1, 2)
        weights = np.fromiter(self._weight.values(), dtype=float, count=len(self._weight))
        row_of = np.full(max(int(slots.max(initial=0)), int(ends.max(initial=0))) + 1, -1)
        row_of[slots] = np.arange(n)
        rows, cols = row_of[ends[:, 0]], row_of[ends[:, 1]]
        keep = (rows >= 0) & (cols >= 0)
        rows, cols, weights = rows[keep], cols[keep], weights[keep]
        both = (np.r_[rows, cols], np.r_[cols, rows])
        out = sparse.csr_array((np.r_[weights, weights], both), shape=(n, n))
        self._cache = (self.version, key, out)
        return out

    def dense(self, size: int) -> np.ndarray:
        """All weights among slots ``0..size-1`` as a dense array (for inspection and tests)."""
        out = np.zeros((size, size))
        for i, j, weight in self.pairs():
            if j < size:
                out[i, j] = out[j, i] = weight
        return out
