"""The people: at-risk youths, members, prisoners, former members and the dead, as counts.

Scale: one count is one person. Members are held by cartel and state in
``Roster.members``; this module holds everyone else by state, plus running totals so
that every person can be accounted for at any time::

    youths + members + prisoners + outside + dead + left + aged_out == initial + entered

(``entered``: youths who turned 15 and joined the at-risk pool; ``aged_out``: at-risk
youths who left the 15-29 window without joining; ``outside``: released prisoners who
have neither returned to a group nor left crime; ``left``: former members who left
crime for good.) Members who quit go back to the at-risk pool. Prisoners wait in a
release schedule (a ring buffer of weeks x states) until their time is served.
"""

from __future__ import annotations

import numpy as np


class Population:
    """Persons by state outside the cartels, and the running totals."""

    def __init__(self, youths: np.ndarray, schedule: np.ndarray, initial_members: int) -> None:
        """Start with ``youths`` per state and prisoners in ``schedule``.

        ``schedule[k, s]``: prisoners of state s released k + 1 weeks from now.
        """
        self.youths = youths.astype(np.int64)
        self.base_youths = self.youths.copy()
        self.schedule = schedule.astype(np.int64)
        self.head = 0  # row of the schedule released next week
        self.prisoners = self.schedule.sum(axis=0)
        self.outside = np.zeros_like(self.youths)
        self.dead = np.zeros_like(self.youths)  # cumulative members killed, by state
        initial = self.youths.sum() + self.prisoners.sum() + initial_members
        self.initial = int(initial)
        self.entered = 0
        self.aged_out = 0
        self.left = 0

    def renew(self, rng: np.random.Generator, window_weeks: float) -> None:
        """Youths age in and out of the at-risk window (15-29 years)."""
        rate = 1.0 / window_weeks
        leaving = rng.binomial(self.youths, rate)
        arriving = rng.poisson(self.base_youths * rate)
        self.youths += arriving - leaving
        self.entered += int(arriving.sum())
        self.aged_out += int(leaving.sum())

    def imprison(self, arrested: np.ndarray, delays: np.ndarray, places: np.ndarray) -> None:
        """Admit ``arrested`` persons by state; person i leaves ``delays[i]`` weeks from now.

        ``places[i]`` is person i's state; ``delays`` are at least 1.
        """
        rows = (self.head + delays - 1) % self.schedule.shape[0]
        np.add.at(self.schedule, (rows, places), 1)
        self.prisoners += arrested

    def release(self) -> np.ndarray:
        """Release the prisoners due this week (they join the former members outside)."""
        released = self.schedule[self.head].copy()
        self.schedule[self.head] = 0
        self.head = (self.head + 1) % self.schedule.shape[0]
        self.prisoners -= released
        self.outside += released
        return released

    def unaccounted(self, members: int) -> int:
        """Persons created or lost by mistake (0 when the books balance)."""
        present = self.youths.sum() + members + self.prisoners.sum() + self.outside.sum()
        present += self.dead.sum() + self.left + self.aged_out
        return int(present) - self.initial - self.entered
