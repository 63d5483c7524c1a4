"""Prisons: time served, capacity, and former members who return to a group.

Time served. Every arrested member first waits in pre-trial detention R (lognormal,
median ``remand_median_years``, log-sd ``remand_sigma``; ENPOL 2021). A share
``conviction_share`` is sentenced to S (lognormal, median ``sentence_median_years``,
log-sd ``sentence_sigma``; pre-trial detention counts towards it) and serves max(R, S);
the others leave when R ends. Nobody serves beyond ``max_years``. The weekly
distribution of time served is computed once (:func:`time_served`).

Capacity. Prisons have ``capacity_ratio`` places per prisoner at the start and admit
the arrested up to ``overcrowding_limit`` times their places; past that the arrested
are released at once (they go outside as if their detention ended).

Return. Released people are *outside*: each week they return to a group with hazard
``recidivism / T`` or leave crime for good with hazard ``(1 - recidivism) / T``, T the
mean ``return_months``, so a share ``recidivism`` returns. A returning person joins a
group present in their state, in proportion to its members (the groups recruit them,
inside prison or out).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from model import sampling
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel
    from model.params import Prisons


def _lognormal_cdf(years: np.ndarray, median: float, sigma: float) -> np.ndarray:
    if median <= 0:
        return np.ones(years.shape)
    if sigma <= 0:
        return (years >= median).astype(float)
    with np.errstate(divide="ignore"):
        z = (np.log(years) - np.log(median)) / (sigma * math.sqrt(2.0))
    # the standard normal CDF through math.erf (importing scipy.stats for it would cost
    # ~0.25 s of every run's start); computed once per parameter set (lru_cache below)
    return 0.5 * (1.0 + np.array([math.erf(v) for v in z]))


@lru_cache(maxsize=16)
def _time_served(
    remand_median: float, remand_sigma: float, sentence_median: float, sentence_sigma: float,
    conviction: float, max_years: float,
) -> np.ndarray:  # fmt: skip
    weeks = max(1, round(max_years * WEEKS_PER_YEAR))
    edges = np.arange(weeks + 1) / WEEKS_PER_YEAR  # years at the end of each week
    remand = _lognormal_cdf(edges, remand_median, remand_sigma)
    sentence = _lognormal_cdf(edges, sentence_median, sentence_sigma)
    cdf = (1.0 - conviction) * remand + conviction * remand * sentence  # max(R, S)
    cdf[-1] = 1.0  # nobody serves longer than max_years
    pmf = np.diff(cdf)
    pmf[0] += cdf[0]
    return pmf / pmf.sum()


def time_served(p: Prisons) -> np.ndarray:
    """P(a person arrested now leaves after k + 1 weeks), k = 0 .. max_years x 52 - 1."""
    return _time_served(
        p.remand_median_years, p.remand_sigma, p.sentence_median_years, p.sentence_sigma,
        p.conviction_share, p.max_years,
    )  # fmt: skip


def mean_years_served(p: Prisons) -> float:
    """Expected years an arrested person spends in prison."""
    pmf = time_served(p)
    return float((np.arange(1, pmf.size + 1) * pmf).sum() / WEEKS_PER_YEAR)


def steady_schedule(p: Prisons, admissions: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A release schedule in steady state under ``admissions`` a week by state.

    Prisoners due k + 1 weeks from now are Poisson with mean admissions x P(time > k).
    """
    pmf = time_served(p)
    remaining = 1.0 - np.cumsum(pmf) + pmf  # P(time served >= k + 1 weeks)
    return rng.poisson(remaining[:, None] * admissions[None, :])


def capacity(model: CartelModel) -> float:
    """Most prisoners the prisons admit up to (places x overcrowding limit)."""
    p = model.params.prisons
    return p.capacity_ratio * p.overcrowding_limit * model.prison_places_base


def admit(model: CartelModel, arrested: np.ndarray) -> np.ndarray:
    """Imprison ``arrested`` (by state) up to capacity; return those admitted by state.

    Those past capacity are released at once (they go outside).
    """
    pop, rng = model.population, model.rng
    room = max(0, int(capacity(model)) - int(pop.prisoners.sum()))
    admitted = arrested
    if arrested.sum() > room:  # a random subset of the arrested fits
        admitted = rng.multivariate_hypergeometric(arrested, room)
        pop.outside += arrested - admitted
    total = int(admitted.sum())
    if total:
        pmf = time_served(model.params.prisons)
        delays = 1 + np.searchsorted(np.cumsum(pmf), rng.random(total), side="right")
        delays = np.minimum(delays, pmf.size)
        places = np.repeat(np.arange(admitted.size), admitted)
        pop.imprison(admitted, delays, places)
    else:
        delays = np.zeros(0, dtype=np.int64)
    model.week.record("admit", admitted, arrested, delays)
    return admitted


def returns(model: CartelModel) -> np.ndarray:
    """Former members outside return to a group or leave crime; returners by state."""
    p, pop, rng, roster = model.params.prisons, model.population, model.rng, model.roster
    weeks = p.return_months * WEEKS_PER_YEAR / 12.0
    exits = sampling.binomial(rng, pop.outside, min(1.0, 1.0 / weeks))
    back = sampling.binomial(rng, exits, p.recidivism)
    slots = roster.slots()
    members = roster.members[slots]
    present = members.sum(axis=0)
    back = np.where(present > 0, back, 0)  # nobody to return to: they leave
    pop.outside -= exits
    pop.left += int((exits - back).sum())
    model.week.record("outside_exit", back, exits - back)
    by_place = []
    for place in np.flatnonzero(back):
        share = members[:, place] / present[place]
        joined = rng.multinomial(back[place], share)
        roster.members[slots, place] += joined
        by_place.append((int(place), joined))
    model.week.record("returned", slots, by_place)
    return back


def step(model: CartelModel) -> None:
    """Releases and returns of the week (admissions happen in enforcement)."""
    model.week.record("release")
    model.week.released = int(model.population.release().sum())
    model.week.returned = returns(model)
