"""Every model parameter in one place: default, unit, allowed range, plausible span, source.

Parameters are grouped in sections that mirror the scenario file (``[world]``,
``[economy]``, ...). Each is one of three kinds:

- an **uncertainty** (:func:`param`; EMA Workbench vocabulary): a number nobody
  controls and nobody knows exactly. It has a hard ``range`` (what the validator
  accepts) and a ``plausible`` span inside it (what a careful reader could defend, and
  what the robustness study draws from), with a source, or where no source measures it
  an argument for the default and the span ("argued: ...");
- a **setting** (:func:`setting`): a switch between model variants, a data set, a
  definition or a normalisation, chosen rather than uncertain (never drawn);
- a **lever** (:func:`lever`): what a policy maker controls; it may change over time
  through the scenario's ``[[schedule]]``.

The metadata attached to each field (``unit``, ``range``, ``plausible``, ``choices``,
``source``) is used by the scenario validator, the robustness study
(:func:`plausible_spans`) and ``docs/ODD.md``'s parameter table, so the documentation
cannot drift from the code. Levers also carry a plain-words ``label``, a ``typical``
span and the ``readers`` (process modules) of each: the dashboard's controls, the
property tests and the lever-reader check are generated from them (:func:`lever_specs`).
``SECTIONS`` is derived from :class:`Params`.

Sources abbreviated below:
  PC2023 = Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312,
           https://doi.org/10.1126/science.adh2888 (preprint arXiv:2307.06302).
  Pol2020 = Pol (2020) Policy Design and Practice 3:73,
           https://doi.org/10.1080/25741292.2020.1725366
  INEGI2020 = INEGI Censo de Poblacion y Vivienda 2020.
  ENPOL2021 = INEGI, Encuesta Nacional de Poblacion Privada de la Libertad 2021.
"Measured in the default world" refers to `python docs/parameters/anchors.py`
(docs/parameters/anchors.txt), which prints those figures from a run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, get_type_hints

Span = tuple[float, float]


def param(
    default: float,
    unit: str,
    source: str,
    range: Span,  # noqa: A002 - reads best in the table
    plausible: Span,
) -> Any:
    """Declare an uncertainty: its unit, source or argument, hard range and plausible span.

    Raises:
        ValueError: the plausible span does not hold the default or leaves the range.
    """
    low, high = plausible
    if not (range[0] <= low <= default <= high <= range[1] and low < high):
        raise ValueError(
            f"plausible span {plausible} must hold the default {default} and lie inside "
            f"the range {range}"
        )
    meta = {"unit": unit, "source": source, "range": range, "choices": None}
    return _field(default, {**meta, "kind": "uncertainty", "plausible": plausible})


def setting(
    default: Any,
    unit: str,
    source: str,
    range: Span | None = None,  # noqa: A002 - as in param()
    choices: tuple[str, ...] | None = None,
) -> Any:
    """Declare a setting: a model variant, data set, definition or normalisation."""
    meta = {"unit": unit, "source": source, "range": range, "choices": choices}
    return _field(default, {**meta, "kind": "setting", "plausible": None})


def _field(default: Any, meta: dict[str, Any]) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


LANDSCAPES = ("network_2020", "mexico_2006")
DOCKING = "0 in the docking configuration (PC2023 has no such process)"


@dataclass
class World:
    """Geography, population and the start of the simulated clock."""

    start_year: float = setting(
        2020.0, "calendar year", "the cartel network data describe 2020", (1990.0, 2100.0)
    )
    landscape: str = setting(
        "network_2020",
        "data set",
        "the groups at the start: the 150 of the 2020 network (PC2023), or the seven "
        "organizations of end-2006 (model/data/landscape_mexico_2006.toml)",
        choices=LANDSCAPES,
    )
    initial_members: int = param(
        160_000,
        "persons",
        "PC2023 trajectory (115,000 in Jan 2012 -> ~175,000 in Jan 2022), interpolated "
        "geometrically to Jan 2020. Span: +-20%, PC2023's being the only estimate",
        (0, 2_000_000),
        (130_000, 190_000),
    )
    youth_share: float = param(
        0.244,
        "fraction of population",
        "INEGI2020: population aged 15-29 / total. Span: about the change between the "
        "2010 and 2020 censuses as the population ages",
        (0.0, 1.0),
        (0.23, 0.26),
    )
    at_risk_share: float = param(
        0.18,
        "fraction of youths",
        "OECD Education at a Glance: share of Mexican 15-29 year-olds neither in "
        "employment nor in education (NEET), ~18-20% around 2020. Span: argued, from "
        "somewhat under the NEET share (not every NEET youth is reachable) to a quarter "
        "(youths in precarious informal work are also at risk)",
        (0.0, 1.0),
        (0.15, 0.25),
    )
    youth_window_years: float = setting(
        15.0,
        "years",
        "definition: the width of the 15-29 age window, so at-risk youths renew at 1/15 per year",
        (1.0, 50.0),
    )
    home_share: float = param(
        0.6,
        "fraction of members",
        "argued: a group's members in its home state at the start, the rest spread to "
        "nearby states; the 2020 network gives each group's home state but not how its "
        "members are spread. Only groups of at least spread_members / 4 members (750 at "
        "the default) spread at all; the others start wholly at home (about three "
        "quarters of the 2020 groups; anchors.txt). Span: from under half to four "
        "fifths at home",
        (0.0, 1.0),
        (0.4, 0.8),
    )
    spread_members: float = param(
        3000.0,
        "persons",
        "argued: a group with this many members spreads over a radius of one state "
        "beyond its home (radius grows with the square root of size); groups below a "
        "quarter of it (radius under half a state) start wholly at home. At the start "
        "the 90th percentile of group size is ~1,800 (anchors.txt), so only the largest "
        "groups reach beyond their neighbours. Span: a third to three times (the "
        "cut-off from 250 to 2,500 members)",
        (1.0, 1e6),
        (1000.0, 10_000.0),
    )


@dataclass
class Economy:
    """Plaza revenue, laundering and spending (all money in US dollars)."""

    national_revenue: float = param(
        15e9,
        "US$ per year",
        "argued: mid-range of published estimates of Mexican cartels' yearly revenue, "
        "which run from about US$6 billion to US$19-29 billion. Kilmer, Caulkins, Bond & "
        "Reuter (2010, RAND OP-325) put the groups' gross revenue from marijuana exports "
        "to the US at about US$1.5 billion and marijuana at 15-26% of their drug-export "
        "revenue, so exports alone bring roughly US$6-10 billion (a floor: extortion and "
        "domestic sales come on top); US ICE's United States-Mexico Bi-National Criminal "
        "Proceeds Study (2010) puts the criminal proceeds moved from the US to Mexico at "
        "US$19-29 billion a year. The span is those bounds",
        (0.0, 1e12),
        (6e9, 29e9),
    )
    plaza_value_from: str = setting(
        "covariates",
        "choice",
        "'covariates': each place's share of national revenue is a weighted sum of its "
        "shares of what the groups fight over (model/data/plaza_covariates.csv, sourced "
        "there: US crossings, container ports, drug crops, population, non-oil GDP; never "
        "homicides); 'routes': population times the route flags (the model before issue #13)",
        choices=("covariates", "routes"),
    )
    value_weight_us_crossings: float = param(
        0.4,
        "relative weight",
        "argued: smuggling into the US is the groups' main business; split by the "
        "state's share of northbound trucks and of personal vehicles at its US ports of "
        "entry (US BTS 2018, plaza_covariates.md). The five weights are normalised to "
        "sum to one; span: from as much as each other weight to over half of the total",
        (0.0, 1.0),
        (0.2, 0.6),
    )
    value_weight_ports: float = param(
        0.15,
        "relative weight",
        "argued: cocaine and synthetic-drug precursors arrive by sea; split by the "
        "state's share of container traffic (SCT, Jan-Oct 2020). Span: from a third to "
        "twice the default",
        (0.0, 1.0),
        (0.05, 0.3),
    )
    value_weight_drug_crops: float = param(
        0.15,
        "relative weight",
        "argued: poppy and marijuana growing areas; split by the mean of the state's "
        "shares of poppy (2017) and marijuana (2018) hectares eradicated, a proxy of "
        "cultivation (states not listed count as 0). Span: a third to twice the default",
        (0.0, 1.0),
        (0.05, 0.3),
    )
    value_weight_population: float = param(
        0.15,
        "relative weight",
        "argued: retail drug sales and extortion of households follow population "
        "(INEGI 2020 census). Span: a third to twice the default",
        (0.0, 1.0),
        (0.05, 0.3),
    )
    value_weight_economy: float = param(
        0.15,
        "relative weight",
        "argued: extortion of businesses follows the non-oil economy (INEGI state GDP "
        "2019 without oil). Span: a third to twice the default",
        (0.0, 1.0),
        (0.05, 0.3),
    )
    route_weight_us_border: float = setting(
        3.0,
        "x plaza value",
        "the 'routes' variant only (plaza_value_from = 'routes'): US crossings count 3x",
        (0.0, 100.0),
    )
    route_weight_port: float = setting(
        1.5,
        "x plaza value",
        "the 'routes' variant only: major cargo ports count 1.5x",
        (0.0, 100.0),
    )
    route_weight_southern_border: float = setting(
        0.5,
        "x plaza value",
        "the 'routes' variant only: the Guatemala/Belize border counts 0.5x",
        (0.0, 100.0),
    )
    capture_half_members: float = param(
        200.0,
        "persons",
        "argued: members a group needs in a state to capture half of the plaza's "
        "uncontested value; 200 is about the smallest groups of the 2020 start (10th "
        "percentile of size ~210, anchors.txt), so a small group alone in a state takes "
        "half its value. Span: a quarter to five times",
        (1.0, 1e6),
        (50.0, 1000.0),
    )
    operating_cost_share: float = param(
        0.5,
        "fraction of revenue",
        "argued: product, transport and logistics costs take half of revenue, the rest "
        "pays members, officials, arms and leaders. Span: 0.3-0.7",
        (0.0, 1.0),
        (0.3, 0.7),
    )
    laundered_share: float = param(
        0.7,
        "fraction of revenue",
        "argued: most proceeds must pass the financial system before they can be spent; "
        "the rest is spent in cash (wages, bribes). Span: half to nine tenths",
        (0.0, 1.0),
        (0.5, 0.9),
    )
    wage: float = param(
        100.0,
        "US$ per member per week",
        "argued from press reports of lookouts and gunmen paid ~MXN 8,000-12,000 a month "
        "(US$92-138 a week at MXN 20 a dollar). Span: half the default (the lowest-paid "
        "lookouts) to 1.5x",
        (0.0, 1e5),
        (50.0, 150.0),
    )
    bribe_share: float = param(
        0.10,
        "fraction of revenue",
        "argued, no measured figure exists: a tenth of revenue, US$1.44 billion a year in "
        "the default world (anchors.txt), the same order as arms. Span: 2-20%",
        (0.0, 1.0),
        (0.02, 0.2),
    )
    handout_share: float = param(
        0.02,
        "fraction of revenue",
        "argued: social handouts that buy local support are a small item beside wages and "
        "bribes (in the default world under US$1 per resident a year per state, median; "
        "anchors.txt). Span: none to 5%",
        (0.0, 1.0),
        (0.0, 0.05),
    )
    arms_share: float = param(
        0.10,
        "fraction of revenue",
        "argued: weapons and vehicles, the same order as bribes. Span: half to twice",
        (0.0, 1.0),
        (0.05, 0.2),
    )
    arms_depreciation: float = param(
        0.02,
        "per week",
        "argued: arsenal lost, seized or worn out with a mean life of about a year "
        "(1/0.02 = 50 weeks). Span: a mean life of six months to two years",
        (0.0, 1.0),
        (0.01, 0.04),
    )
    arms_reference_members: int = setting(
        115_000,
        "persons",
        "normalisation: members whose steady-state arms per member define lethality 1: "
        "PC2023's 115,000 of January 2012, the calibration's start (so a run started "
        "later with more members starts with thinner arsenals, as the calibrated run "
        "reaches them)",
        (1, 10_000_000),
    )
    arms_elasticity: float = param(
        0.487,
        "dimensionless",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md): lethality "
        "follows arms per member relative to the start. Span: the values of the 16 of 80 "
        "calibration trials whose loss is within twice the best (docs/calibration/"
        "trials.csv; anchors.txt), rounded outward",
        (0.0, 3.0),
        (0.19, 0.9),
    )
    consumption_rate: float = param(
        0.01,
        "per week",
        "argued: leaders' consumption and hidden assets draw on the treasury, about "
        "two fifths of it a year. Span: a tenth to four fifths a year",
        (0.0, 1.0),
        (0.002, 0.03),
    )


@dataclass
class Recruitment:
    """Young people weigh a cartel's offer against legal opportunity."""

    contact_rate: float = param(
        1.97e-3,
        "contacts per member per week",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md); PC2023's "
        "rho = 2.527474e-3 counts recruits, not contacts. Span: the calibration trials "
        "within twice the best loss (anchors.txt), rounded outward",
        (0.0, 1.0),
        (0.0018, 0.0022),
    )
    legal_wage: float = param(
        40.0,
        "US$ per week",
        "Mexican minimum wage 2020 (MXN 123.22/day, ~6 days, ~MXN 20/US$). Span: from "
        "under the 2020 minimum (informal work pays less) to the 2022 minimum "
        "(MXN 172.87/day, ~US$52 a week) and above",
        (0.01, 1e5),
        (30.0, 60.0),
    )
    choice_elasticity: float = param(
        2.0,
        "dimensionless",
        "shape of youths' log-logistic reservation incomes around the legal wage, so "
        "P(join) = offer^b / (offer^b + legal^b) and the Gini of those incomes is 1/b. b = 2 "
        "puts the top decile's mean income 28.6 times the bottom decile's (python "
        "docs/prisons/income_deciles.py); INEGI's ENIGH 2020 gives 16 for households "
        "(press reports of INEGI's release, July 2021), which b = 2.4 matches: youths' "
        "incomes are taken as more dispersed than households'. Span: b 1.5-3",
        (0.0, 20.0),
        (1.5, 3.0),
    )
    legitimacy_pull: float = param(
        0.5,
        "dimensionless",
        "argued: full local support makes the offer worth 1.5x (belonging and "
        "protection beside pay). Span: none to twice",
        (0.0, 10.0),
        (0.0, 1.0),
    )
    quit_rate: float = setting(
        0.0,
        "per member per week",
        "PC2023's variant: voluntary exit is folded into the calibrated saturation",
        (0.0, 1.0),
    )
    unpaid_quit_rate: float = param(
        0.01,
        "per member per week when wages go fully unpaid",
        "argued: members not paid at all leave at 1% a week, 41% within a year "
        "(1 - exp(-0.52)); fear of the group keeps most. Span: none to 5% a week (93% "
        "within a year)",
        (0.0, 1.0),
        (0.0, 0.05),
    )
    saturation: float = param(
        5.99e-8,
        "per member^2 per week",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md); PC2023's "
        "omega = 4e-8. Span: the calibration trials within twice the best loss "
        "(anchors.txt), rounded outward",
        (0.0, 1.0),
        (2.5e-8, 2e-7),
    )
    vacancy_contacts: float = param(
        0.5,
        "contacts per open position per week",
        "argued: a group seeks a replacement for each member killed or arrested, "
        "filling the post in ~2-3 weeks at today's joining chance (~0.86); the record's "
        "replacement of arrested members (PC2023: doubling incarceration barely shrinks "
        "the groups) says replacement is fast, not how fast. Span: 0 (no replacement) "
        "to 2",
        (0.0, 100.0),
        (0.0, 2.0),
    )
    vacancy_months: float = param(
        6.0,
        "months",
        "argued: mean time an open post stays open before it lapses (the plaza's work "
        "is taken up by others or lost). Span: a month to two years",
        (0.01, 1200.0),
        (1.0, 24.0),
    )
    risk_premium: float = param(
        1.0,
        "wage increase per unit of annual risk",
        "argued: the wage rises by this times the annual chance of being killed or "
        "arrested (1: +10% at a 10% risk). Levitt & Venkatesh (2000, QJE 115:755) found "
        "Chicago gang foot soldiers earning little above the legal wage despite ~7% a year "
        "killed, so the compensating premium is small. Span: 0-3",
        (0.0, 100.0),
        (0.0, 3.0),
    )
    scarcity_premium: float = param(
        1.0,
        "wage increase per unit of the share of posts open",
        "argued: a group with a share v of its posts open pays 1 + this x v times the "
        "base wage to fill them (1: +50% with half its posts open). Span: 0-3",
        (0.0, 100.0),
        (0.0, 3.0),
    )
    proportional: bool = setting(
        False,
        "switch",
        "true reduces recruitment to PC2023 (rho * C_i: no economy, opportunity or pool depletion)",
    )


@dataclass
class Conflict:
    """Violence between groups present in the same place."""

    lethality: float = setting(
        1.549231e-8,
        "deaths per member pair per week",
        "PC2023 theta (national mixing), kept as their fit: with state mixing it is scaled "
        "by the number of states and by the calibrated state_mixing_boost, which carries "
        "the uncertainty",
        (0.0, 1.0),
    )
    mixing: str = setting(
        "state",
        "choice",
        "'national' reproduces PC2023 (every pair meets nationally); 'state' makes groups "
        "meet only where both have members",
        choices=("state", "national"),
    )
    state_mixing_boost: float = param(
        0.897,
        "x lethality",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md): how much more "
        "often members of concentrated groups meet than under national mixing. Span: the "
        "calibration trials within twice the best loss (anchors.txt), rounded outward",
        (0.0, 1e3),
        (0.8, 1.25),
    )
    victims_per_member_death: float = param(
        9.0,
        "other victims per member killed",
        "PC2023 calibration assumption: members are ~10% of homicides + missing persons. "
        "Span: a member for every 7 to 14 victims (victims = members killed x (1 + this))",
        (0.0, 1e3),
        (6.0, 13.0),
    )
    homicide_share: float = param(
        0.616,
        "fraction of victims",
        "Trends2012_2021.csv, 2020: 36,773 homicides / (36,773 + 22,943 missing). Span: "
        "the same ratio's lowest and highest year of 2012-2021 (0.528 in 2014, 0.707 in "
        "2012)",
        (0.0, 1.0),
        (0.528, 0.707),
    )
    split_rivalry: float = param(
        3.0,
        "rivalry weight",
        "data: PC2023's rivalry weights count the states in which two groups are opposed; "
        "in the 2020 network (BACRIM2020_Rivals.csv, 127 rows) the median "
        "weight is 2, the 75th percentile 3 and the 90th 4, so the factions of a split "
        "are rivals like the 2020 network's upper quarter. Span: the 10th to 90th "
        "percentile, 1-4",
        (0.0, 100.0),
        (1.0, 4.0),
    )
    crowding: float = param(
        1.0,
        "exponent (0-1)",
        "0 reproduces PC2023's mass action (a member's risk grows with the hostile force "
        "present, so deaths grow with pairs of members); 1 makes the risk depend on the "
        "hostile share of the force present, a ratio-form contest success function "
        "(Hirshleifer 1989, Public Choice 63:101): a plaza held by one group is quiet (pax "
        "mafiosa) and deaths grow with members, not their pairs. Hazards are scaled by "
        "(reference force / force present)^crowding, the reference being the mean force "
        "per place of economy.arms_reference_members members at reference arms, spread as "
        "the run's members are at the start (one reference for every start year). "
        "Span: 0.5-1",
        (0.0, 1.0),
        (0.5, 1.0),
    )
    truce_rate: float = param(
        0.1,
        "per rivalry per year",
        "argued: rivalries end in truces or pacts after years, not decades (the "
        "Sinaloa-Juarez war ran ~2008-2012; the 2020 network's pacts replaced earlier "
        "wars); 0.1 a year is a mean of ten years. 0 keeps every rivalry (PC2023). "
        "Span: a mean of 3-50 years",
        (0.0, 52.0),
        (0.02, 0.3),
    )
    decisive_ratio: float = param(
        0.1,
        "force ratio (0-1)",
        "argued: a rivalry ends when, in the places the two groups share, the weaker "
        "side's armed force is below this fraction of the stronger's (it withdraws or "
        "submits: a decisive outcome). 0 never decides a war (PC2023). Span: 0-0.3",
        (0.0, 1.0),
        (0.0, 0.3),
    )
    predation: float = param(
        1.0,
        "x hazard at full weakness",
        "argued: rivals push into the plazas of a weakened group (leaderless, in a "
        "contested succession, just split or broke): the hazard its members suffer from "
        "other groups is multiplied by 1 + predation x weakness, and neighbours judging a "
        "plaza count its members as 1 / (1 + predation x weakness). 1 doubles the attack "
        "on a fully weakened group. Mechanism after Calderon, Robles, Diaz-Cayeros & "
        "Magaloni (2015, J. Conflict Resolution 59:1455) and Lindo & Padilla-Romo (2018, "
        "J. Health Economics 58:253), who find homicides rising where a captured leader's "
        "organization operates; they report effects on homicide rates, not this "
        "multiplier. 0 in the docking configuration. Span: 0-3",
        (0.0, 10.0),
        (0.0, 3.0),
    )
    weakness_months: float = param(
        6.0,
        "months",
        "argued: a group looks weak for about six months after its leader falls or "
        "it splits (the weakness decays exponentially with this mean), the window over "
        "which the event-study literature first measures the rise in homicides. "
        "Span: 2-18 months",
        (0.01, 120.0),
        (2.0, 18.0),
    )


@dataclass
class Enforcement:
    """How state forces act (the intensity itself is a lever)."""

    arrest_cap: float = param(
        0.05,
        "max share of a group's members in a state arrested per week",
        "argued: however many forces are sent, a week's operations in a state reach at "
        "most a twentieth of a group's members there (the rest are unknown to the state "
        "or out of reach); at the status quo's 110 arrests a week the cap does not bind "
        "(the largest weekly arrest rate in a place is far below it; anchors.txt). "
        "Span: 2-10% a week",
        (0.0, 1.0),
        (0.02, 0.1),
    )
    killed_per_arrest: float = param(
        0.03,
        "deaths per arrest",
        "argued, no source reports deaths per arrest: 3 members killed by the state per "
        "100 arrested makes ~170 deaths a year at the status quo's 110 arrests a week, "
        "under 1% of homicides. Silva Forne, Perez Correa & Gutierrez Rivas (2012) "
        "report a different ratio, killed per wounded in the armed forces' "
        "confrontations, which shows such operations to be lethal but does not give "
        "this one. Span: 0.5-10 per 100 arrests",
        (0.0, 10.0),
        (0.005, 0.1),
    )
    arrest_half_members: float = param(
        200.0,
        "members in a place",
        "argued: arrests get harder as members thin out: a place's arrests are its "
        "capacity x M / (M + this), so forces make half their capacity's arrests where 200 "
        "members are left (about 5,000 a state at the start: 96%). 0 keeps arrests at "
        "capacity however few are left (before issue #14). Span: 50-1,000",
        (0.0, 1e6),
        (50.0, 1000.0),
    )
    strike_success: float = param(
        0.8,
        "probability",
        "argued: a strike that does not leak finds its target four times in five. "
        "Span: half to 95%",
        (0.0, 1.0),
        (0.5, 0.95),
    )
    kill_share: float = param(
        0.3,
        "probability",
        "argued: a minority of removals are killings (most of the kingpins removed in "
        "2006-2018 were captured). Span: 10-50%",
        (0.0, 1.0),
        (0.1, 0.5),
    )
    legitimacy_shield: float = param(
        0.5,
        "fraction",
        "argued: full local support hides half of a group's operations from forces "
        "(residents do not inform). Span: 20-80%",
        (0.0, 1.0),
        (0.2, 0.8),
    )
    provocation: float = param(
        1.0,
        "x hazard at saturating operations",
        "argued: operations provoke clashes among groups (Osorio 2015, J. Conflict "
        "Resolution 59:1403, finds law-enforcement operations followed by more violence "
        "between criminal organizations; Dell 2015, AER 105:1738, after crackdowns). In "
        "each place the hazard among groups is scaled by (1 + provocation x x_s) / (1 + "
        "provocation / 2), x_s = o_s / (o_s + o_ref), o_s the recent arrests and killings "
        "by the state per member there and o_ref the status-quo flow (110 arrests a week) "
        "per member at the start, so a status-quo start is unchanged on average. Neither "
        "paper reports this multiplier. 0 in the docking configuration. Span: 0-3",
        (0.0, 10.0),
        (0.0, 3.0),
    )
    national_arrests: bool = setting(
        False,
        "switch",
        "true reduces arrests to PC2023 (a national flow shared in proportion to size)",
    )


@dataclass
class Prisons:
    """Time in prison, capacity, and return to a group after release."""

    remand_median_years: float = param(
        1.0,
        "years",
        "ENPOL2021: of sentenced prisoners 23.5% got their sentence within 6 months and "
        "23.9% after more than 2 years; a lognormal through both points has median 1.0 "
        "years and log-sd 0.97 (pre-trial detention, prision preventiva). Span: argued, "
        "the two-point fit's shape, 0.7-1.4 years",
        (0.0, 40.0),
        (0.7, 1.4),
    )
    remand_sigma: float = param(
        0.97,
        "log-sd",
        "the same two-point fit through ENPOL2021's shares sentenced within 6 months and "
        "after 2 years. Span: argued, 0.7-1.2",
        (0.0, 5.0),
        (0.7, 1.2),
    )
    sentence_median_years: float = param(
        2.43,
        "years",
        "derived: ENPOL2021 reports 39% of sentenced prisoners with 21 years or more, and "
        "INEGI's 2025 penitentiary census 17.8% of sentenced men with 5-10 years; a "
        "lognormal through both has median 14.5 years and log-sd 1.33 for the prisoners "
        "present, who over-represent long sentences in proportion to their length, so the "
        "sentences handed to the people arrested have median 14.5 exp(-1.33^2) = 2.43 "
        "years. Span: argued, 1-6 years (the derivation's assumptions)",
        (0.0, 100.0),
        (1.0, 6.0),
    )
    sentence_sigma: float = param(
        1.33,
        "log-sd",
        "the same fit (ENPOL2021; INEGI census 2025). Span: argued, 1-1.6",
        (0.0, 5.0),
        (1.0, 1.6),
    )
    conviction_share: float = param(
        0.62,
        "fraction of the arrested",
        "derived: the share sentenced to serve beyond pre-trial detention for which, in "
        "steady state, 37.9% of prisoners are without sentence (INEGI, Censos Nacionales "
        "de Sistemas Penitenciarios 2021, end of 2020); the others leave when pre-trial "
        "detention ends. Span: argued, 0.5-0.75",
        (0.0, 1.0),
        (0.5, 0.75),
    )
    max_years: float = param(
        40.0,
        "years",
        "argued: nobody serves longer (the tail of the sentence distribution is cut; few "
        "of those arrested live through a longer term in prison). Span: 20-60 years",
        (1.0, 100.0),
        (20.0, 60.0),
    )
    capacity_ratio: float = param(
        0.98,
        "places per prisoner at the start",
        "INEGI, Censos Nacionales de Sistemas Penitenciarios 2023: 222,133 places for "
        "226,116 prisoners at the end of 2022 (101.8% occupancy; 96.7% at the end of "
        "2020). Span: 0.9-1.05",
        (0.01, 100.0),
        (0.9, 1.05),
    )
    overcrowding_limit: float = param(
        1.5,
        "x capacity",
        "policy assumption: prisons admit the arrested up to 150% of their places and no "
        "one beyond (the excess is released at once); national occupancy was 97-103% in "
        "2020-2024, the State of Mexico's 226-242% (INEGI censuses 2021-2025). Span: "
        "1.2-2.5",
        (1.0, 100.0),
        (1.2, 2.5),
    )
    recidivism: float = param(
        0.2,
        "fraction of released members",
        "ENPOL2021: 20.5% of prisoners had been tried before and 17.4% had been in prison "
        "before; taken as the share of released members who return to a group (a proxy: "
        "the survey counts prisoners with a past, not the fate of the released). Return "
        "is recruitment inside prison too: the group they rejoin recruits them. Span: "
        "argued, 5-50% (the proxy could err either way)",
        (0.0, 1.0),
        (0.05, 0.5),
    )
    return_months: float = param(
        12.0,
        "months",
        "argued: the mean time after release before a former member either returns "
        "to a group or leaves crime for good. Span: 3-36 months",
        (0.01, 600.0),
        (3.0, 36.0),
    )


@dataclass
class Organization:
    """Leadership, succession, splits, alliances and mergers."""

    cohesion_mean: float = param(
        0.6,
        "0-1",
        "argued by what it implies: P(split) = (1 - cohesion) x size / (size + "
        "split_half_size), so a group far larger than 2,000 members splits after about "
        "1 - 0.6 = 40% of its leaders' captures (60% of killings, kill_split_factor "
        "1.5), a 2,000-member group after half as many; the record has successions "
        "that held and that broke (the Beltran Leyva split from Sinaloa in 2008, Los "
        "Zetas from the Gulf cartel in 2010). Span: 0.4-0.8 (20-60% of captures split "
        "a large group)",
        (0.0, 1.0),
        (0.4, 0.8),
    )
    cohesion_recovery: float = param(
        0.02,
        "per week",
        "argued: cohesion returns to its baseline in about a year (1/0.02 = 50 weeks). "
        "Span: 5 months to 2 years",
        (0.0, 1.0),
        (0.01, 0.05),
    )
    aggression_sd: float = param(
        0.3,
        "log-sd",
        "argued: groups differ in aggression, a quarter either way of 1 for most. "
        "Span: all alike to twice the spread",
        (0.0, 5.0),
        (0.0, 0.6),
    )
    split_half_size: float = param(
        2000.0,
        "persons",
        "argued by the 2020 start: a group of this size that loses its leader splits "
        "with half the chance of a very large one ((1 - cohesion) / 2 against 1 - "
        "cohesion; Jones 2013: contested successions split); 2,000 is about the 90th "
        "percentile of group size at the start (~1,800, median ~380; anchors.txt), so "
        "small local groups rarely split and the large organizations do. Span: "
        "500-5,000",
        (1.0, 1e7),
        (500.0, 5000.0),
    )
    kill_split_factor: float = param(
        1.5,
        "x split probability",
        "argued, no source measures splits by how a leader fell: a killed leader cannot "
        "name or back a successor from prison, so his succession is contested more "
        "often; the direction agrees with Dickenson (2014, J. Quant. Criminology "
        "30:651), who finds killing a leader more disruptive than capturing one, "
        "measured by the violence that follows, not by splits. Span: 1 (no difference) "
        "to 2.5",
        (0.0, 10.0),
        (1.0, 2.5),
    )
    max_factions: int = param(
        4,
        "groups",
        "argued: a split makes two groups up to this many; the organizations that broke "
        "up made a few named successors each (La Familia Michoacana: the Knights "
        "Templar and La Nueva Familia Michoacana; Los Zetas: the Cartel del Noreste and "
        "Zetas Vieja Escuela). Span: 2-6",
        (2, 10),
        (2, 6),
    )
    succession_cohesion_loss: float = param(
        0.15,
        "cohesion",
        "argued: a peaceful succession still costs cohesion (a quarter of the baseline "
        "0.6). Span: 0.05-0.3",
        (0.0, 1.0),
        (0.05, 0.3),
    )
    pressure_memory: float = param(
        0.1,
        "per week",
        "argued: pressure is an exponential average over ~10 weeks. Span: 5-20 weeks",
        (0.0, 1.0),
        (0.05, 0.2),
    )
    alliance_rate: float = param(
        2e-3,
        "per pair per week at reference pressure",
        "argued by what it implies: the weekly chance is this x (P_i / P_ref) x (P_j / "
        "P_ref) / (1 + rivalry), P the groups' pressure and P_ref reference_pressure; "
        "with alliance_break_rate 0.004, two groups that meet under reference pressure "
        "are allied a third of the time (0.002 / 0.006), in spells of about five years. "
        "In the default world pressure is a median 0.15 of the reference (anchors.txt), "
        "so two typical groups ally at about 2% of this rate. Span: 5e-4 to 5e-3 "
        "(allied 11-56% of the time at reference pressure)",
        (0.0, 1.0),
        (5e-4, 5e-3),
    )
    reference_pressure: float = param(
        0.01,
        "losses per member per week",
        "argued: the pressure (a group's weekly losses to arrests and killings per "
        "member, averaged over ~10 weeks) at which a group counts as under heavy attack: "
        "it scales alliance_rate and is the pressure a broke group must reach to be "
        "absorbed by a larger ally. 1% a week is about two fifths of a group a year; in "
        "the default world pressure is a median 0.15% a week (90th percentile 0.28%) and "
        "no group merges in ten years (anchors.txt): mergers need a campaign. Span: "
        "0.3-2% a week",
        (1e-9, 1.0),
        (0.003, 0.02),
    )
    alliance_break_rate: float = param(
        0.004,
        "per alliance per week",
        "argued: alliances last ~5 years (1/0.004 = 250 weeks), like the 2020 network's "
        "pacts that replaced earlier wars. Span: 2-10 years",
        (0.0, 1.0),
        (0.002, 0.01),
    )
    merger_size_ratio: float = param(
        0.2,
        "fraction",
        "argued: an ally at most a fifth the size, broke and under pressure may be "
        "absorbed. Span: a tenth to two fifths",
        (0.0, 1.0),
        (0.1, 0.4),
    )
    min_members: int = param(
        5,
        "persons",
        "argued: a group below this size dissolves (a handful of people is a crew, not "
        "an organization). Span: 2-20",
        (0, 10_000),
        (2, 20),
    )
    leader_hazard: float = param(
        0.08,
        "per leader per year",
        "argued: leaders also fall without the state (natural death, killing by "
        "rivals or their own, routine arrest, overthrow); 0.08 a year is a median tenure "
        "of about 8.5 years without targeted strikes. 0 in the docking configuration. "
        "Span: a median tenure of 3.5-35 years",
        (0.0, 52.0),
        (0.02, 0.2),
    )
    leader_loss_violent_share: float = param(
        0.5,
        "fraction",
        "argued: half of those losses are violent (killed by rivals or overthrown), "
        "which makes the succession more likely to split the group, as a killing by the "
        "state does (kill_split_factor). Span: a quarter to three quarters",
        (0.0, 1.0),
        (0.25, 0.75),
    )
    fission_rate: float = param(
        0.1,
        "splits per group per year at full strain",
        "argued: a group splits without losing its leader when it outgrows its "
        "cohesion: weekly hazard = rate / 52 x (1 - cohesion) x size / (size + "
        "split_half_size) x (1 + share of wages unpaid); 0.1 a year at full strain is a "
        "large group (cohesion 0.6) splitting about once in 25 years when paid. 0 in "
        "the docking configuration. Span: 0-0.3",
        (0.0, 52.0),
        (0.0, 0.3),
    )
    succession_war_months: float = param(
        6.0,
        "months",
        "argued: a contested succession is fought inside the group for months before "
        "it splits (after El Chapo's extradition in January 2017 his sons and Damaso Lopez "
        "fought until Lopez's arrest in May 2017; the Beltran Leyva brothers broke with "
        "Sinaloa within months of Alfredo's arrest in January 2008); the duration is drawn "
        "from an exponential with this mean. 0 splits at once (before issue #13, and the "
        "docking configuration). Span: 0-18 months",
        (0.0, 120.0),
        (0.0, 18.0),
    )
    breakaway_rate: float = param(
        0.1,
        "breakaways per group per year at full strain",
        "argued: a cell of a group breaks away as an independent organization about as "
        "often as the group splits by fission: weekly hazard = rate / 52 x (1 - cohesion) "
        "x (share of members outside its home place) x (2 - pay fraction); the cell is a "
        "place drawn in proportion to the members there. 0 in the docking configuration. "
        "Span: 0-0.3",
        (0.0, 52.0),
        (0.0, 0.3),
    )
    share_relations: bool = setting(
        True,
        "switch",
        "true: factions share their parent's alliance and rivalry weights in proportion to "
        "their members, so a split does not multiply an ally's protection (the damping A "
        "in PC2023's kernel); false: every faction copies them whole (the model before "
        "issue #13, where this artefact decided the sign of the kingpin effect)",
    )


@dataclass
class Births:
    """New groups: local gangs form where a plaza is valuable and incumbents are weak."""

    gang_formation_rate: float = param(
        32.0,
        "gangs a year nationally, were no plaza held",
        "argued: an empty plaza of average value finds a local gang within about a "
        "year (32 states: 32 a year were all empty); the weekly chance in a place is rate "
        "/ 52 x (its share of national plaza value) x (1 - the incumbents' grip, members / "
        "(members + capture_half_members)). 0 in the docking configuration. Span: an "
        "empty plaza finds a gang in 4 months to 4 years",
        (0.0, 10_000.0),
        (8.0, 96.0),
    )
    gang_size: int = param(
        30,
        "persons",
        "argued: a local gang starts with tens of members recruited from the at-risk "
        "youths of its place. Span: 10-100",
        (1, 10_000),
        (10, 100),
    )


@dataclass
class Territory:
    """Movement of members towards valuable, weakly held plazas (vacuums)."""

    expansion_rate: float = param(
        0.002,
        "per member per week",
        "argued: members are sent to neighbouring plazas that pay more per member; 0.002 "
        "a week moves about a tenth of a group's members a year (1 - exp(-0.104)) where "
        "the pay gap is full. Span: 2.5-34% a year",
        (0.0, 1.0),
        (0.0005, 0.008),
    )


@dataclass
class Corruption:
    """Bribes corrupt forces; corrupted units leak operations."""

    initial: float = param(
        0.2,
        "share of units on the payroll",
        "argued: about the steady state of the bribe dynamics at the defaults: a state's "
        "bribes pull a median 0.18 of saturation in the default world, so corruption "
        "settles near 0.01 x 0.18 / (0.01 x 0.18 + 0.005) = 0.26 and averages 0.25 after "
        "a year from 0.2 (anchors.txt). Span: 0.05-0.4",
        (0.0, 1.0),
        (0.05, 0.4),
    )
    bribe_effect: float = param(
        0.01,
        "per week at saturating bribes",
        "argued: saturating bribes win over 1% of the honest units a week (about 40% a "
        "year). Span: a third to three times",
        (0.0, 1.0),
        (0.003, 0.03),
    )
    bribe_half: float = param(
        5e5,
        "US$ per unit per week",
        "argued by what it implies: with the default bribes (US$1.44 billion a year) and "
        "100 deployed units, a state's pull is a median 0.18 of saturation (anchors.txt), "
        "so neither bribes nor honesty dominates. Only bribe_half x deployment_units "
        "matters. Span: a fifth to four times",
        (1.0, 1e12),
        (1e5, 2e6),
    )
    turnover: float = param(
        0.005,
        "per week",
        "argued: corrupted officials leave at this rate without vetting (a mean of about "
        "four years in post). Span: 2-10 years",
        (0.0, 1.0),
        (0.002, 0.01),
    )
    vetting_purge: float = param(
        0.05,
        "per week at full vetting",
        "argued: full vetting removes corrupted units in ~5 months (1/0.05 = 20 weeks). "
        "Span: 2.5-12 months",
        (0.0, 1.0),
        (0.02, 0.1),
    )


@dataclass
class Legitimacy:
    """Local support bought with handouts."""

    handout_half: float = param(
        5.0,
        "US$ per resident per year",
        "argued: handouts of US$5 per resident a year would buy a group half of a "
        "place's support. In the default world groups give far less per place (median "
        "support target 0.14%, 90th percentile 2.6%; anchors.txt), so local support is "
        "small except where a group spends heavily. Span: 1-20",
        (1e-6, 1e6),
        (1.0, 20.0),
    )
    decay: float = param(
        0.02,
        "per week",
        "argued: support fades in about a year without handouts. Span: 5 months to 2 years",
        (0.0, 1.0),
        (0.01, 0.05),
    )


TARGETING = ("largest", "most_violent", "random", "proportional")
DEPLOYMENT = ("population", "violence", "uniform")


def lever(
    default: Any,
    unit: str,
    source: str,
    *,
    label: str,
    readers: tuple[str, ...],
    range: tuple[float, float] | None = None,  # noqa: A002 - as in param()
    typical: tuple[float, float] | None = None,
    choices: tuple[str, ...] | None = None,
) -> Any:
    """Declare a lever: a :func:`param` plus what the dashboard and the tests need.

    ``label`` names the lever in plain words (the dashboard's control); ``typical`` is
    the span a slider and the property tests explore, inside the hard ``range`` (numeric
    levers only); ``readers`` are the modules of ``model/processes/`` whose behaviour the
    lever changes, and the only ones allowed to read it (``tests/test_levers.py``).

    Raises:
        ValueError: a numeric lever without a typical span inside its range, or a
            typical span on a lever that is not numeric.
    """
    numeric = choices is None and not isinstance(default, list)
    if numeric and (
        range is None or typical is None or not range[0] <= typical[0] < typical[1] <= range[1]
    ):
        raise ValueError(f"lever {label!r}: typical {typical} must lie inside range {range}")
    if not numeric and typical is not None:
        raise ValueError(f"lever {label!r}: only numeric levers have a typical span")
    meta = {"unit": unit, "source": source, "range": range, "choices": choices}
    return _field(default, {**meta, "label": label, "typical": typical, "readers": tuple(readers)})


@dataclass
class Levers:
    """What a policy maker controls; each may change over time via ``[[schedule]]``.

    Declared once, with :func:`lever`: validation, the dashboard's controls, the property
    tests' strategy and the lever-reader check all read these declarations
    (:func:`lever_specs`).
    """

    kingpin_strikes_per_year: float = lever(
        0.0,
        "leader strikes attempted per year",
        "policy choice",
        label="Leader strikes a year",
        range=(0.0, 520.0),
        typical=(0.0, 200.0),
        readers=("enforcement",),
    )
    kingpin_targeting: str = lever(
        "largest",
        "rule",
        "policy choice",
        label="Strike target",
        choices=TARGETING,
        readers=("enforcement",),
    )
    arrests_per_week: float = lever(
        110.0,
        "cartel members arrested nationally per week (capacity)",
        "PC2023 eta: 110 arrests a week",
        label="Arrests a week",
        range=(0.0, 1e5),
        typical=(0.0, 3000.0),
        readers=("enforcement",),
    )
    aml_seizure: float = lever(
        0.005,
        "share of laundered money seized",
        "status quo; Pol2020 estimates that anti-money-laundering policy affects less "
        "than 0.1% of criminal finances. The default seizes 0.5% of the laundered 70%, "
        "0.35% of revenue, above Pol's figure (0.0014 would match it); the difference "
        "is within the noise of a run's homicides (anchors.txt)",
        label="Money seized by anti-laundering",
        range=(0.0, 1.0),
        typical=(0.0, 1.0),
        readers=("economy",),
    )
    laundering_cost: float = lever(
        0.10,
        "share of laundered money paid as fees",
        "status quo, argued: launderers keep a tenth of what they move (no Mexican "
        "measurement exists); the fee is a cost like seizure, so the two levers act alike",
        label="Laundering fees",
        range=(0.0, 1.0),
        typical=(0.0, 1.0),
        readers=("economy",),
    )
    youth_investment: float = lever(
        0.0,
        "US$ per at-risk youth per year",
        "policy choice; for scale, Jovenes Construyendo el Futuro paid ~US$2,600 a year "
        "per apprentice in 2020",
        label="Youth investment",
        range=(0.0, 1e6),
        typical=(0.0, 20_000.0),
        readers=("recruitment",),
    )
    youth_investment_states: list = lever(
        [],
        "state codes",
        "policy choice: empty means national",
        label="States with youth investment (none: all)",
        readers=("recruitment",),
    )
    programme_budget: float = lever(
        0.0,
        "US$ a year",
        "policy choice; for scale, Jovenes Construyendo el Futuro's approved 2020 budget "
        "was MXN 24,956 million (about US$1.16 billion at MXN 21.5 a dollar)",
        label="Youth programme budget",
        range=(0.0, 1e11),
        typical=(0.0, 5e9),
        readers=("recruitment",),
    )
    programme_stipend: float = lever(
        174.3,
        "US$ a month per participant",
        "Jovenes Construyendo el Futuro 2020: MXN 3,748 a month (CONEVAL, as reported by "
        "La Jornada, 10 July 2020) at MXN 21.5 a dollar",
        label="Programme stipend",
        range=(1.0, 1e5),
        typical=(50.0, 1000.0),
        readers=("recruitment",),
    )
    programme_min_age: int = lever(
        18,
        "years",
        "Jovenes Construyendo el Futuro: ages 18-29 not studying or working (STPS); the "
        "model's at-risk pool spans 15-29",
        label="Programme minimum age",
        range=(15, 29),
        typical=(15, 29),
        readers=("recruitment",),
    )
    programme_max_age: int = lever(
        29,
        "years",
        "Jovenes Construyendo el Futuro: ages 18-29 (STPS)",
        label="Programme maximum age",
        range=(15, 29),
        typical=(15, 29),
        readers=("recruitment",),
    )
    programme_states: list = lever(
        [],
        "state codes",
        "policy choice: empty means national",
        label="States with the programme (none: all)",
        readers=("recruitment",),
    )
    programme_targeting: str = lever(
        "most_at_risk",
        "rule",
        "policy choice: places go to the eligible youths most likely to join a group "
        "(lowest legal income) first, or at random",
        label="Programme places go to",
        choices=("most_at_risk", "random"),
        readers=("recruitment",),
    )
    recruitment_prevention: float = lever(
        0.0,
        "share of recruitment attempts a prevention programme stops (0-1)",
        "policy choice; an abstract lever, PC2023's 'recruitment halved' arm is 0.5",
        label="Recruitment prevention",
        range=(0.0, 1.0),
        typical=(0.0, 1.0),
        readers=("recruitment",),
    )
    vetting: float = lever(
        0.0,
        "0-1 intensity",
        "policy choice",
        label="Vetting of forces",
        range=(0.0, 1.0),
        typical=(0.0, 1.0),
        readers=("corruption",),
    )
    deployment_units: float = lever(
        100.0,
        "force units (units of account)",
        "status quo, a scale: units only dilute bribes (a state's pull is bribes / "
        "(bribes + corruption.bribe_half x its units)) and share arrests and strikes "
        "among states, whose totals are set by arrests_per_week and the strike rate; "
        "100 units with bribe_half US$500k a week puts a state's pull at a median 0.18 "
        "(anchors.txt)",
        label="Force units deployed",
        range=(0.0, 1e6),
        typical=(0.0, 1000.0),
        readers=("enforcement",),
    )
    deployment_rule: str = lever(
        "population",
        "rule",
        "policy choice",
        label="Deploy forces by",
        choices=DEPLOYMENT,
        readers=("enforcement",),
    )


@dataclass
class Params:
    """All parameters of one run, section by section (the sections of a scenario file)."""

    world: World = field(default_factory=World)
    economy: Economy = field(default_factory=Economy)
    recruitment: Recruitment = field(default_factory=Recruitment)
    conflict: Conflict = field(default_factory=Conflict)
    enforcement: Enforcement = field(default_factory=Enforcement)
    prisons: Prisons = field(default_factory=Prisons)
    organization: Organization = field(default_factory=Organization)
    births: Births = field(default_factory=Births)
    territory: Territory = field(default_factory=Territory)
    corruption: Corruption = field(default_factory=Corruption)
    legitimacy: Legitimacy = field(default_factory=Legitimacy)
    levers: Levers = field(default_factory=Levers)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Return the parameters as nested plain dicts (the TOML layout)."""
        return dataclasses.asdict(self)


# section name -> its dataclass, in the order of Params (derived: Params is the one declaration)
SECTIONS: dict[str, type] = {
    f.name: get_type_hints(Params)[f.name] for f in dataclasses.fields(Params)
}

LeverKind = Literal["number", "choice", "states"]


@dataclass(frozen=True)
class LeverSpec:
    """One lever as the dashboard, the tests and the docs see it (see :func:`lever_specs`)."""

    name: str
    label: str  # plain words for a control
    unit: str
    kind: LeverKind  # "number", "choice" (one of choices) or "states" (a subset of choices)
    default: Any
    range: tuple[float, float] | None  # hard bounds the validator enforces (numbers)
    typical: tuple[float, float] | None  # the span to explore, inside range (numbers)
    choices: tuple[str, ...] | None  # allowed values (choice) or state codes (states)
    readers: tuple[str, ...]  # modules of model/processes/ that read the lever
    source: str


def lever_specs() -> tuple[LeverSpec, ...]:
    """Every lever of :class:`Levers`, in declaration order, with its metadata.

    ``kind`` is ``"number"`` (a float or integer within ``range``; ``typical`` is the span
    to explore), ``"choice"`` (one of ``choices``) or ``"states"`` (a list of state codes;
    ``choices`` holds the 32 codes).
    """
    from model.world import state_codes  # the map's codes, read only for the list lever

    specs = []
    for f in dataclasses.fields(Levers):
        meta = f.metadata
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        if isinstance(default, list):
            kind, choices = "states", tuple(state_codes())
        elif meta["choices"]:
            kind, choices = "choice", meta["choices"]
        else:
            kind, choices = "number", None
        specs.append(
            LeverSpec(
                name=f.name,
                label=meta["label"],
                unit=meta["unit"],
                kind=kind,
                default=default,
                range=meta["range"],
                typical=meta["typical"],
                choices=choices,
                readers=meta["readers"],
                source=meta["source"],
            )
        )
    return tuple(specs)


def parameter_table() -> list[dict[str, Any]]:
    """List every parameter with section, name, kind, default, unit, range, span, source.

    ``kind`` is ``"uncertainty"``, ``"setting"`` or ``"lever"``; ``plausible`` is the
    span of an uncertainty (None for the others).
    """
    rows = []
    for section, klass in SECTIONS.items():
        for f in dataclasses.fields(klass):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            rows.append(
                {
                    "section": section,
                    "name": f.name,
                    "kind": f.metadata.get("kind", "lever"),
                    "default": default,
                    "unit": f.metadata["unit"],
                    "allowed": f.metadata["choices"] or f.metadata["range"],
                    "plausible": f.metadata.get("plausible"),
                    "source": f.metadata["source"],
                }
            )
    return rows


def plausible_spans() -> dict[str, Span]:
    """Every uncertainty's plausible span, keyed ``"section.name"`` (declaration order)."""
    return {
        f"{row['section']}.{row['name']}": row["plausible"]
        for row in parameter_table()
        if row["kind"] == "uncertainty"
    }
