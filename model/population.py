"""The people: at-risk youths, members, prisoners and the dead, as exact counts.

Scale: one count is one person. Members are held by cartel and state in
``Roster.members``; this module holds everyone else by state, plus running totals
so that every person can be accounted for at any time::

    youths + members + prisoners + dead + aged_out == initial + entered

(``entered``: youths who turned 15 and joined the at-risk pool; ``aged_out``: at-risk
youths who left the 15-29 window without joining.) Members quit back into the pool,
prisoners are released into it.
"""

from __future__ import annotations

import numpy as np


class Population:
    """Persons by state outside the cartels, and the running totals."""

    def __init__(self, youths: np.ndarray, prisoners: np.ndarray, initial_members: int) -> None:
        """Start with ``youths`` and ``prisoners`` per state (integer persons)."""
        self.youths = youths.astype(np.int64)
        self.base_youths = self.youths.copy()
        self.prisoners = prisoners.astype(np.int64)
        self.dead = np.zeros_like(self.youths)  # cumulative members killed, by state
        self.initial = int(self.youths.sum() + self.prisoners.sum() + initial_members)
        self.entered = 0
        self.aged_out = 0

    def renew(self, rng: np.random.Generator, window_weeks: float) -> None:
        """Youths age in and out of the at-risk window (15-29 years)."""
        rate = 1.0 / window_weeks
        leaving = rng.binomial(self.youths, rate)
        arriving = rng.poisson(self.base_youths * rate)
        self.youths += arriving - leaving
        self.entered += int(arriving.sum())
        self.aged_out += int(leaving.sum())

    def release(self, rng: np.random.Generator, sentence_weeks: float) -> np.ndarray:
        """Prisoners who finish their sentence return to the at-risk pool."""
        released = rng.binomial(self.prisoners, 1.0 / sentence_weeks)
        self.prisoners -= released
        self.youths += released
        return released

    def unaccounted(self, members: int) -> int:
        """Persons created or lost by mistake (0 when the books balance)."""
        present = int(self.youths.sum() + members + self.prisoners.sum() + self.dead.sum())
        return present + self.aged_out - self.initial - self.entered
