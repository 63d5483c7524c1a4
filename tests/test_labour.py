"""Issue #14's labour market, each part tested so that it would fail if removed: the
killed and the arrested leave posts open that groups refill (replacement), open posts
lapse and are dropped when the revenue cannot pay them, and the wage follows risk and
scarcity, both as the offer youths weigh and as the groups' wage bill."""

import numpy as np
import pytest

from model import CartelModel, Scenario, with_overrides
from model.processes import economy, labour


def model_with(seed=5, **sections):
    return CartelModel(with_overrides(Scenario(), **sections), rng=seed)


def test_losses_open_posts_that_are_refilled():
    """Heavy arrests: with replacement the groups recruit more and end larger."""
    runs = {}
    for contacts in (0.0, 0.5):
        model = model_with(
            levers={"arrests_per_week": 3000.0}, recruitment={"vacancy_contacts": contacts}
        )
        recruits = 0
        for _ in range(52):
            model.step()
            recruits += int(model.week.recruits.sum())
        runs[contacts] = (recruits, int(model.roster.members.sum()), model)
    (few, small, none), (many, large, some) = runs[0.0], runs[0.5]
    open_posts = {m: m.roster.vacancies[m.roster.slots()].sum() for m in (none, some)}
    assert open_posts[none] > open_posts[some]  # unfilled posts pile up (living groups)
    assert many > 1.3 * few  # replacements recruited
    assert large > small + 0.5 * (many - few)  # and they stay members


def test_the_killed_and_arrested_open_posts_and_quitters_do_not():
    model = model_with(recruitment={"quit_rate": 0.01})
    model.step()
    slots = model.roster.slots()
    before = model.roster.vacancies[slots].copy()
    model.week.deaths_by_group = np.arange(slots.size)
    model.week.losses_by_group = np.ones(slots.size, dtype=np.int64)
    labour.vacate(model)
    assert np.array_equal(model.roster.vacancies[slots], before + np.arange(slots.size) + 1)
    # a week of quits and no losses opens no post
    assert model.week.quits.sum() > 0
    before = model.roster.vacancies[slots].copy()
    model.week.deaths_by_group = np.zeros(slots.size, dtype=np.int64)
    model.week.losses_by_group = np.zeros(slots.size, dtype=np.int64)
    labour.vacate(model)
    assert np.array_equal(model.roster.vacancies[slots], before)


def test_open_posts_lapse_and_unaffordable_ones_are_dropped():
    model = model_with(recruitment={"vacancy_months": 1.0})
    model.step()
    slots = model.roster.slots()
    model.roster.vacancies[slots] = 100.0
    room = labour.affordable_posts(model, slots) - model.roster.members[slots].sum(axis=1)
    labour.step(model)
    kept = model.roster.vacancies[slots]
    lapsed = 100.0 * (1 - 12 / 52)  # a month's mean life
    assert np.allclose(kept, np.minimum(lapsed, np.maximum(room, 0.0)), rtol=1e-9)
    assert (kept == lapsed).sum() > slots.size / 2 and (kept < lapsed).any()
    rich = slots[np.argmax(kept)]
    model.roster.revenue[rich] = 0.0  # no revenue: no post can be paid
    labour.step(model)
    assert model.roster.vacancies[rich] == 0.0 and model.roster.vacancies[slots].max() > 0


@pytest.mark.parametrize("premium", ["risk", "scarcity"])
def test_the_wage_follows_risk_and_scarcity(premium):
    model = model_with(recruitment={"risk_premium": 1.0, "scarcity_premium": 1.0})
    slots = model.roster.slots()
    base = model.params.economy.wage
    labour.step(model)
    assert np.allclose(model.roster.wage[slots], base)  # no losses, no open posts yet
    a, b = slots[:2]
    if premium == "risk":
        model.roster.pressure[a] = 0.002  # ~10% a year killed or arrested
        expected = base * (1 + (1 - 0.998**52))
    else:
        held = model.roster.members[a].sum()
        model.roster.vacancies[a] = held  # half its posts open, less a week's lapse
        open_posts = held * (1 - 1 / (model.params.recruitment.vacancy_months * 52 / 12))
        expected = base * (1 + open_posts / (held + open_posts))
    labour.step(model)
    assert model.roster.wage[a] == pytest.approx(expected, rel=1e-6)
    assert model.roster.wage[b] == pytest.approx(base)
    # the group's wage is its wage bill, not only its offer: with no savings and a wage
    # its revenue cannot cover, a higher wage pays a smaller share of the plan
    model.roster.treasury[slots] = 0.0
    model.roster.wage[a] = 1e6
    economy.step(model)
    paid = model.roster.pay_fraction[a]
    model.roster.treasury[slots] = 0.0
    model.roster.wage[a] = 2e6
    economy.step(model)
    assert 0.0 < model.roster.pay_fraction[a] < paid < 1.0
