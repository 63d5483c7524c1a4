"""What policies cost, so two levers can be compared at the same budget.

The "recruitment is the lever" card compares a youth programme with arrests at equal
cost. Budget: what Mexico spent on its national youth employment programme, Jóvenes
Construyendo el Futuro (JCF), in 2020. The youth arm runs that programme (its budget
pays a year's stipend to a number of places; ``programme_*`` levers); the arrest arm
buys extra arrest capacity with it, each arrest costing the prison-years it leads to
(the mean time served, ``model.processes.prisons``). Arrests get harder as members thin
out (``enforcement.arrest_half_members``), so the arrests actually made fall short of
the capacity bought and the real cost per arrest rises: :func:`realized_cost_per_arrest`.

Every cost choice favours arrests, so a verdict for the programme is not an artefact of
pricing: an arrest is charged only its prison-years (no policing, prosecution or
courts), at the low end of the published daily cost of a prisoner.
"""

from __future__ import annotations

from model.params import Params
from model.processes.prisons import mean_years_served
from model.units import WEEKS_PER_YEAR
from model.world import state_populations

# JCF budget in the 2020 federal budget project (PPEF 2020, SHCP): MXN 25,614.1 million.
# Reported by El CEO, "¿Por qué Jóvenes Construyendo el Futuro tendrá menos dinero en
# 2020?" (2019), https://elceo.com/politica/por-que-jovenes-construyendo-el-futuro-tendra-menos-dinero-en-2020/
JCF_BUDGET_2020_MXN = 25_614.1e6
# Banco de México FIX, 2020 annual average: about MXN 21.5 per US$.
MXN_PER_USD_2020 = 21.5
# Daily cost of keeping one prisoner: about MXN 140 in the federal system (G. Zepeda
# Lecuona, "La transformación del Sistema Penitenciario Federal", as reported by
# https://www.astrolabio.com.mx/cuanto-cuesta-mantener-a-un-reo-en-mexico/), MXN 151 on
# average over all prisons (Centro de Estudios de las Finanzas Públicas, Cámara de
# Diputados), MXN 330.50 in government-run prisons in 2025 (SSPC, as reported by
# https://lucesdelsiglo.com/2025/03/04/se-ahorrara-mexico-40-mdp-con-extradiciones-nacional).
# We take MXN 150, the low end: cheap prisons buy more arrests.
PRISON_MXN_PER_DAY = 150.0


def budget_usd() -> float:
    """The equal budget of both arms: JCF's 2020 budget in US$ a year."""
    return JCF_BUDGET_2020_MXN / MXN_PER_USD_2020


def cost_per_arrest_usd(params: Params | None = None) -> float:
    """US$ an arrest costs: the expected prison-years it leads to, nothing else."""
    params = params or Params()
    prisoner_year = PRISON_MXN_PER_DAY * 365.0 / MXN_PER_USD_2020
    return prisoner_year * mean_years_served(params.prisons)


def realized_cost_per_arrest(extra_arrests_made: float, budget: float | None = None) -> float:
    """US$ per extra arrest actually made when ``budget`` (a year) buys arrest capacity.

    ``extra_arrests_made``: arrests a year above the status quo that the arm really made.
    """
    budget = budget_usd() if budget is None else budget
    return budget / extra_arrests_made if extra_arrests_made > 0 else float("inf")


def at_risk_youths(params: Params | None = None) -> float:
    """At-risk youths in the model's Mexico at the start (persons)."""
    params = params or Params()
    w = params.world
    return float(state_populations().sum() * w.youth_share * w.at_risk_share)


def arrests_bought(
    price: float, budget: float | None = None, params: Params | None = None
) -> float:
    """Arrests a week when ``budget`` (US$ a year) buys arrests at ``price`` US$ each.

    The bought arrests come on top of the status quo (``Levers.arrests_per_week``).
    """
    params = params or Params()
    budget = budget_usd() if budget is None else budget
    return round(params.levers.arrests_per_week + budget / price / WEEKS_PER_YEAR, 1)


def equal_cost_levers(
    budget: float | None = None, params: Params | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Levers that spend ``budget`` (US$ a year) on the youth programme, and on arrests.

    Returns ``(programme_levers, arrest_levers)``; the programme keeps its other levers
    (JCF's stipend, ages and duration); the arrest arm keeps the status-quo arrests
    (``Levers.arrests_per_week``) and adds the capacity the budget buys.
    """
    params = params or Params()
    budget = budget_usd() if budget is None else budget
    arrests = arrests_bought(cost_per_arrest_usd(params), budget, params)
    return {"programme_budget": round(budget, 0)}, {"arrests_per_week": arrests}
