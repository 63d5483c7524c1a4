"""Every model parameter in one place: default, unit, allowed range and source.

Parameters are grouped in sections that mirror the scenario file (``[world]``,
``[economy]``, ...). ``Levers`` are what a policy maker controls and may change over
time through the scenario's ``[[schedule]]``; every other section holds
*uncertainties* (EMA Workbench vocabulary): numbers nobody controls, taken from the
literature where it gives them and otherwise stated as assumptions.

The metadata attached to each field (``unit``, ``range``, ``choices``, ``source``) is
used by the scenario validator and by ``docs/ODD.md``'s parameter table, so the
documentation cannot drift from the code. Levers are declared with :func:`lever`, which
adds a plain-words ``label``, a ``typical`` span and the ``readers`` (process modules)
of each: the dashboard's controls, the property tests and the lever-reader check are
generated from them (:func:`lever_specs`). ``SECTIONS`` is derived from :class:`Params`.

Sources abbreviated below:
  PC2023 = Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312,
           https://doi.org/10.1126/science.adh2888 (preprint arXiv:2307.06302).
  Pol2020 = Pol (2020) Policy Design and Practice 3:73,
           https://doi.org/10.1080/25741292.2020.1725366
  INEGI2020 = INEGI Censo de Poblacion y Vivienda 2020.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, get_type_hints


def param(
    default: Any,
    unit: str,
    source: str,
    range: tuple[float, float] | None = None,  # noqa: A002 - reads best in the table
    choices: tuple[str, ...] | None = None,
) -> Any:
    """Declare a parameter with its unit, source or reason, and allowed values."""
    return _field(default, {"unit": unit, "source": source, "range": range, "choices": choices})


def _field(default: Any, meta: dict[str, Any]) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


ASSUMPTION = "assumption"
LANDSCAPES = ("network_2020", "mexico_2006")


@dataclass
class World:
    """Geography, population and the start of the simulated clock."""

    start_year: float = param(
        2020.0, "calendar year", "the cartel network data describe 2020", (1990.0, 2100.0)
    )
    landscape: str = param(
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
        "geometrically to Jan 2020",
        (0, 2_000_000),
    )
    youth_share: float = param(
        0.244, "fraction of population", "INEGI2020: population aged 15-29 / total", (0.0, 1.0)
    )
    at_risk_share: float = param(
        0.18,
        "fraction of youths",
        "OECD Education at a Glance: share of Mexican 15-29 year-olds neither in "
        "employment nor in education (NEET), ~18-20% around 2020",
        (0.0, 1.0),
    )
    youth_window_years: float = param(
        15.0,
        "years",
        "width of the 15-29 age window: at-risk youths renew at 1/15 per year",
        (1.0, 50.0),
    )
    home_share: float = param(
        0.6,
        "fraction of members",
        "assumption: share of a group's members in its home state at start; the rest "
        "spread to nearby states, further for larger groups",
        (0.0, 1.0),
    )
    spread_members: float = param(
        3000.0,
        "persons",
        "assumption: a group with this many members spreads over a radius of one state "
        "beyond its home (radius grows with the square root of size)",
        (1.0, 1e6),
    )


@dataclass
class Economy:
    """Plaza revenue, laundering and spending (all money in US dollars)."""

    national_revenue: float = param(
        15e9,
        "US$ per year",
        "mid-range of published estimates of Mexican cartels' revenue, US$6-29 billion "
        "a year (LITERATURE.md section 4)",
        (0.0, 1e12),
    )
    plaza_value_from: str = param(
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
        "share of national revenue",
        "assumption: smuggling into the US is the groups' main business; split by the "
        "state's share of northbound trucks and of personal vehicles at its US ports of "
        "entry (US BTS 2018, plaza_covariates.md)",
        (0.0, 1.0),
    )
    value_weight_ports: float = param(
        0.15,
        "share of national revenue",
        "assumption: cocaine and synthetic-drug precursors arrive by sea; split by the "
        "state's share of container traffic (SCT, Jan-Oct 2020)",
        (0.0, 1.0),
    )
    value_weight_drug_crops: float = param(
        0.15,
        "share of national revenue",
        "assumption: poppy and marijuana growing areas; split by the mean of the state's "
        "shares of poppy (2017) and marijuana (2018) hectares eradicated, a proxy of "
        "cultivation (states not listed count as 0)",
        (0.0, 1.0),
    )
    value_weight_population: float = param(
        0.15,
        "share of national revenue",
        "assumption: retail drug sales and extortion of households follow population "
        "(INEGI 2020 census)",
        (0.0, 1.0),
    )
    value_weight_economy: float = param(
        0.15,
        "share of national revenue",
        "assumption: extortion of businesses follows the non-oil economy (INEGI state GDP "
        "2019 without oil)",
        (0.0, 1.0),
    )
    route_weight_us_border: float = param(
        3.0,
        "x plaza value",
        "assumption: US crossings are the most valuable plazas (used with "
        "plaza_value_from = 'routes')",
        (0.0, 100.0),
    )
    route_weight_port: float = param(
        1.5,
        "x plaza value",
        "assumption: major cargo ports receive precursors and cocaine",
        (0.0, 100.0),
    )
    route_weight_southern_border: float = param(
        0.5,
        "x plaza value",
        "assumption: entry of cocaine and migrants from Guatemala/Belize",
        (0.0, 100.0),
    )
    capture_half_members: float = param(
        200.0,
        "persons",
        "assumption: members a group needs in a state to capture half of the plaza's "
        "uncontested value",
        (1.0, 1e6),
    )
    operating_cost_share: float = param(
        0.5,
        "fraction of revenue",
        "assumption: product, transport and logistics costs",
        (0.0, 1.0),
    )
    laundered_share: float = param(
        0.7,
        "fraction of revenue",
        "assumption: most proceeds must pass the financial system",
        (0.0, 1.0),
    )
    wage: float = param(
        100.0,
        "US$ per member per week",
        "assumption from press reports of lookouts and gunmen paid ~MXN 8,000-12,000 a month",
        (0.0, 1e5),
    )
    bribe_share: float = param(0.10, "fraction of revenue", "assumption", (0.0, 1.0))
    handout_share: float = param(
        0.02, "fraction of revenue", "assumption: social handouts buy local support", (0.0, 1.0)
    )
    arms_share: float = param(
        0.10, "fraction of revenue", "assumption: weapons and vehicles", (0.0, 1.0)
    )
    arms_depreciation: float = param(
        0.02,
        "per week",
        "assumption: arsenal lost, seized or worn out (~2 year life)",
        (0.0, 1.0),
    )
    arms_reference_members: int = param(
        115_000,
        "persons",
        "members whose steady-state arms per member define lethality 1: PC2023's 115,000 "
        "of January 2012, the calibration's start (so a run started later with more "
        "members starts with thinner arsenals, as the calibrated run reaches them)",
        (1, 10_000_000),
    )
    arms_elasticity: float = param(
        0.487,
        "dimensionless",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md): lethality "
        "follows arms per member relative to the start",
        (0.0, 3.0),
    )
    consumption_rate: float = param(
        0.01, "per week", "assumption: leaders' consumption and hidden assets", (0.0, 1.0)
    )


@dataclass
class Recruitment:
    """Young people weigh a cartel's offer against legal opportunity."""

    contact_rate: float = param(
        1.97e-3,
        "contacts per member per week",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md); PC2023's "
        "rho = 2.527474e-3 counts recruits, not contacts",
        (0.0, 1.0),
    )
    legal_wage: float = param(
        40.0,
        "US$ per week",
        "Mexican minimum wage 2020 (MXN 123.22/day, ~6 days, ~MXN 20/US$)",
        (0.01, 1e5),
    )
    choice_elasticity: float = param(
        2.0,
        "dimensionless",
        "shape of youths' log-logistic reservation incomes around the legal wage, so "
        "P(join) = offer^b / (offer^b + legal^b) and the Gini of those incomes is 1/b. b = 2 "
        "puts the top decile's mean income 28.6 times the bottom decile's (python "
        "docs/prisons/income_deciles.py); INEGI's ENIGH 2020 gives 16 for households "
        "(press reports of INEGI's release, July 2021), which b = 2.4 matches: youths' "
        "incomes are taken as more dispersed than households'; range 1.5-3",
        (0.0, 20.0),
    )
    legitimacy_pull: float = param(
        0.5,
        "dimensionless",
        "assumption: full local support makes the offer worth 1.5x",
        (0.0, 10.0),
    )
    quit_rate: float = param(
        0.0, "per member per week", "PC2023 (voluntary exit folded into saturation)", (0.0, 1.0)
    )
    unpaid_quit_rate: float = param(
        0.01, "per member per week when wages go fully unpaid", ASSUMPTION, (0.0, 1.0)
    )
    saturation: float = param(
        5.99e-8,
        "per member^2 per week",
        "calibrated to 2012-2021 (cartelsim calibrate; docs/calibration.md); PC2023's omega = 4e-8",
        (0.0, 1.0),
    )
    vacancy_contacts: float = param(
        0.5,
        "contacts per open position per week",
        "assumption: a group seeks a replacement for each member killed or arrested, "
        "filling the post in ~2-3 weeks at today's joining chance (~0.86); the record's "
        "replacement of arrested members (PC2023: doubling incarceration barely shrinks "
        "the groups) says replacement is fast, not how fast; range 0 (no replacement) to 5",
        (0.0, 100.0),
    )
    vacancy_months: float = param(
        6.0,
        "months",
        "assumption: mean time an open post stays open before it lapses (the plaza's work "
        "is taken up by others or lost); range 1-24",
        (0.01, 1200.0),
    )
    risk_premium: float = param(
        1.0,
        "wage increase per unit of annual risk",
        "assumption: the wage rises by this times the annual chance of being killed or "
        "arrested (1: +10% at a 10% risk). Levitt & Venkatesh (2000, QJE 115:755) found "
        "Chicago gang foot soldiers earning little above the legal wage despite ~7% a year "
        "killed, so the compensating premium is small; range 0-5",
        (0.0, 100.0),
    )
    scarcity_premium: float = param(
        1.0,
        "wage increase per unit of the share of posts open",
        "assumption: a group with a share v of its posts open pays 1 + this x v times the "
        "base wage to fill them (1: +50% with half its posts open); range 0-3",
        (0.0, 100.0),
    )
    proportional: bool = param(
        False,
        "switch",
        "true reduces recruitment to PC2023 (rho * C_i: no economy, opportunity or pool depletion)",
    )


@dataclass
class Conflict:
    """Violence between groups present in the same place."""

    lethality: float = param(
        1.549231e-8,
        "deaths per member pair per week",
        "PC2023 theta (national mixing); with state mixing it is scaled by the number of "
        "states so that evenly spread groups meet as often as in PC2023",
        (0.0, 1.0),
    )
    mixing: str = param(
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
        "often members of concentrated groups meet than under national mixing",
        (0.0, 1e3),
    )
    victims_per_member_death: float = param(
        9.0,
        "victims per member killed",
        "PC2023 calibration assumption: members are ~10% of homicides + missing persons",
        (0.0, 1e3),
    )
    homicide_share: float = param(
        0.616,
        "fraction of victims",
        "Trends2012_2021.csv, 2020: 36,773 homicides / (36,773 + 22,943 missing)",
        (0.0, 1.0),
    )
    split_rivalry: float = param(
        3.0,
        "rivalry weight",
        "assumption: factions of a split are rivals as if opposed in 3 states (PC2023 "
        "weights count states)",
        (0.0, 100.0),
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
        "the run's members are at the start (one reference for every start year)",
        (0.0, 1.0),
    )
    truce_rate: float = param(
        0.1,
        "per rivalry per year",
        "assumption: rivalries end in truces or pacts after years, not decades (the "
        "Sinaloa-Juarez war ran ~2008-2012; the 2020 network's pacts replaced earlier "
        "wars); 0.1 a year is a mean of ten years. 0 keeps every rivalry (PC2023)",
        (0.0, 52.0),
    )
    decisive_ratio: float = param(
        0.1,
        "force ratio (0-1)",
        "assumption: a rivalry ends when, in the places the two groups share, the weaker "
        "side's armed force is below this fraction of the stronger's (it withdraws or "
        "submits: a decisive outcome). 0 never decides a war (PC2023)",
        (0.0, 1.0),
    )
    predation: float = param(
        1.0,
        "x hazard at full weakness",
        "assumption: rivals push into the plazas of a weakened group (leaderless, in a "
        "contested succession, just split or broke): the hazard its members suffer from "
        "other groups is multiplied by 1 + predation x weakness, and neighbours judging a "
        "plaza count its members as 1 / (1 + predation x weakness). 1 doubles the attack "
        "on a fully weakened group. Mechanism after Calderon, Robles, Diaz-Cayeros & "
        "Magaloni (2015, J. Conflict Resolution 59:1455) and Lindo & Padilla-Romo (2018, "
        "J. Health Economics 58:253), who find homicides rising where a captured leader's "
        "organization operates; they report effects on homicide rates, not this "
        "multiplier. 0 in the docking configuration",
        (0.0, 10.0),
    )
    weakness_months: float = param(
        6.0,
        "months",
        "assumption: a group looks weak for about six months after its leader falls or "
        "it splits (the weakness decays exponentially with this mean), the window over "
        "which the event-study literature first measures the rise in homicides",
        (0.01, 120.0),
    )


@dataclass
class Enforcement:
    """How state forces act (the intensity itself is a lever)."""

    arrest_cap: float = param(
        0.05,
        "max share of a group's members in a state arrested per week",
        ASSUMPTION,
        (0.0, 1.0),
    )
    killed_per_arrest: float = param(
        0.03,
        "deaths per arrest",
        "assumption of the order of the lethality of Mexico's armed forces in "
        "confrontations (Silva Forne, Perez Correa & Gutierrez Rivas 2012)",
        (0.0, 10.0),
    )
    arrest_half_members: float = param(
        200.0,
        "members in a place",
        "assumption: arrests get harder as members thin out: a place's arrests are its "
        "capacity x M / (M + this), so forces make half their capacity's arrests where 200 "
        "members are left (about 5,000 a state at the start: 96%). 0 keeps arrests at "
        "capacity however few are left (before issue #14)",
        (0.0, 1e6),
    )
    strike_success: float = param(
        0.8,
        "probability",
        "assumption: a strike that does not leak finds its target",
        (0.0, 1.0),
    )
    kill_share: float = param(
        0.3,
        "probability",
        "assumption: share of removals in which the leader is killed",
        (0.0, 1.0),
    )
    legitimacy_shield: float = param(
        0.5,
        "fraction",
        "assumption: full local support hides half of a group's operations from forces",
        (0.0, 1.0),
    )
    provocation: float = param(
        1.0,
        "x hazard at saturating operations",
        "assumption: operations provoke clashes among groups (Osorio 2015, J. Conflict "
        "Resolution 59:1403, finds law-enforcement operations followed by more violence "
        "between criminal organizations; Dell 2015, AER 105:1738, after crackdowns). In "
        "each place the hazard among groups is scaled by (1 + provocation x x_s) / (1 + "
        "provocation / 2), x_s = o_s / (o_s + o_ref), o_s the recent arrests and killings "
        "by the state per member there and o_ref the status-quo flow (110 arrests a week) "
        "per member at the start, so a status-quo start is unchanged on average. Neither "
        "paper reports this multiplier. 0 in "
        "the docking configuration",
        (0.0, 10.0),
    )
    national_arrests: bool = param(
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
        "ENPOL 2021 (INEGI): of sentenced prisoners 23.5% got their sentence within 6 "
        "months and 23.9% after more than 2 years; a lognormal through both points has "
        "median 1.0 years and log-sd 0.97 (pre-trial detention, prision preventiva)",
        (0.0, 40.0),
    )
    remand_sigma: float = param(0.97, "log-sd", "the same two-point fit (ENPOL 2021)", (0.0, 5.0))
    sentence_median_years: float = param(
        2.43,
        "years",
        "derived: ENPOL 2021 reports 39% of sentenced prisoners with 21 years or more, and "
        "INEGI's 2025 penitentiary census 17.8% of sentenced men with 5-10 years; a "
        "lognormal through both has median 14.5 years and log-sd 1.33 for the prisoners "
        "present, who over-represent long sentences in proportion to their length, so the "
        "sentences handed to the people arrested have median 14.5 exp(-1.33^2) = 2.43 years",
        (0.0, 100.0),
    )
    sentence_sigma: float = param(
        1.33, "log-sd", "the same fit (ENPOL 2021; INEGI census 2025)", (0.0, 5.0)
    )
    conviction_share: float = param(
        0.62,
        "fraction of the arrested",
        "derived: the share sentenced to serve beyond pre-trial detention for which, in "
        "steady state, 37.9% of prisoners are without sentence (INEGI, Censos Nacionales "
        "de Sistemas Penitenciarios 2021, end of 2020); the others leave when pre-trial "
        "detention ends",
        (0.0, 1.0),
    )
    max_years: float = param(
        40.0,
        "years",
        "assumption: nobody serves longer (the tail of the sentence distribution is cut)",
        (1.0, 100.0),
    )
    capacity_ratio: float = param(
        0.98,
        "places per prisoner at the start",
        "INEGI, Censos Nacionales de Sistemas Penitenciarios 2023: 222,133 places for "
        "226,116 prisoners at the end of 2022 (101.8% occupancy; 96.7% at the end of 2020)",
        (0.01, 100.0),
    )
    overcrowding_limit: float = param(
        1.5,
        "x capacity",
        "policy assumption: prisons admit the arrested up to 150% of their places and no "
        "one beyond (the excess is released at once); national occupancy was 97-103% in "
        "2020-2024, the State of Mexico's 226-242% (INEGI censuses 2021-2025)",
        (1.0, 100.0),
    )
    recidivism: float = param(
        0.2,
        "fraction of released members",
        "ENPOL 2021: 20.5% of prisoners had been tried before and 17.4% had been in prison "
        "before; taken as the share of released members who return to a group (a proxy: "
        "the survey counts prisoners with a past, not the fate of the released). Return "
        "is recruitment inside prison too: the group they rejoin recruits them",
        (0.0, 1.0),
    )
    return_months: float = param(
        12.0,
        "months",
        "assumption: the mean time after release before a former member either returns "
        "to a group or leaves crime for good",
        (0.01, 600.0),
    )


@dataclass
class Organization:
    """Leadership, succession, splits, alliances and mergers."""

    cohesion_mean: float = param(0.6, "0-1", ASSUMPTION, (0.0, 1.0))
    cohesion_recovery: float = param(
        0.02,
        "per week",
        "assumption: cohesion returns to its baseline in about a year",
        (0.0, 1.0),
    )
    aggression_sd: float = param(
        0.3, "log-sd", "assumption: spread of groups' aggression around 1", (0.0, 5.0)
    )
    split_half_size: float = param(
        2000.0,
        "persons",
        "assumption: a group this size that loses its leader splits with probability "
        "(1 - cohesion) / 2 (Jones 2013: contested successions split)",
        (1.0, 1e7),
    )
    kill_split_factor: float = param(
        1.5,
        "x split probability",
        "Dickenson 2014: killing a leader disrupts more than capturing one",
        (0.0, 10.0),
    )
    max_factions: int = param(4, "groups", ASSUMPTION, (2, 10))
    succession_cohesion_loss: float = param(
        0.15, "cohesion", "assumption: a peaceful succession still costs cohesion", (0.0, 1.0)
    )
    pressure_memory: float = param(
        0.1,
        "per week",
        "assumption: pressure is an exponential average over ~10 weeks",
        (0.0, 1.0),
    )
    alliance_rate: float = param(
        2e-3,
        "per pair per week at reference pressure",
        "assumption: shared pressure pushes groups that meet into alliances",
        (0.0, 1.0),
    )
    reference_pressure: float = param(
        0.01,
        "losses per member per week",
        "assumption: about the default world's weekly losses to arrests and killings",
        (1e-9, 1.0),
    )
    alliance_break_rate: float = param(
        0.004, "per alliance per week", "assumption: alliances last ~5 years", (0.0, 1.0)
    )
    merger_size_ratio: float = param(
        0.2,
        "fraction",
        "assumption: an ally this much smaller, broke and under pressure may be absorbed",
        (0.0, 1.0),
    )
    min_members: int = param(
        5, "persons", "assumption: a group below this size dissolves", (0, 10_000)
    )
    leader_hazard: float = param(
        0.08,
        "per leader per year",
        "assumption: leaders also fall without the state (natural death, killing by "
        "rivals or their own, routine arrest, overthrow); 0.08 a year is a median tenure "
        "of about 8.5 years without targeted strikes. 0 in the docking configuration",
        (0.0, 52.0),
    )
    leader_loss_violent_share: float = param(
        0.5,
        "fraction",
        "assumption: half of those losses are violent (killed by rivals or overthrown), "
        "which makes the succession more likely to split the group, as a killing by the "
        "state does (kill_split_factor)",
        (0.0, 1.0),
    )
    fission_rate: float = param(
        0.1,
        "splits per group per year at full strain",
        "assumption: a group splits without losing its leader when it outgrows its "
        "cohesion: weekly hazard = rate / 52 x (1 - cohesion) x size / (size + "
        "split_half_size) x (1 + share of wages unpaid). 0 in the docking configuration",
        (0.0, 52.0),
    )
    succession_war_months: float = param(
        6.0,
        "months",
        "assumption: a contested succession is fought inside the group for months before "
        "it splits (after El Chapo's extradition in January 2017 his sons and Damaso Lopez "
        "fought until Lopez's arrest in May 2017; the Beltran Leyva brothers broke with "
        "Sinaloa within months of Alfredo's arrest in January 2008); the duration is drawn "
        "from an exponential with this mean. 0 splits at once (before issue #13, and the "
        "docking configuration)",
        (0.0, 120.0),
    )
    breakaway_rate: float = param(
        0.1,
        "breakaways per group per year at full strain",
        "assumption: a cell of a group breaks away as an independent organization about as "
        "often as the group splits by fission: weekly hazard = rate / 52 x (1 - cohesion) "
        "x (share of members outside its home place) x (2 - pay fraction); the cell is a "
        "place drawn in proportion to the members there. 0 in the docking configuration",
        (0.0, 52.0),
    )
    share_relations: bool = param(
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
        "assumption: an empty plaza of average value finds a local gang within about a "
        "year (32 states: 32 a year were all empty); the weekly chance in a place is rate "
        "/ 52 x (its share of national plaza value) x (1 - the incumbents' grip, members / "
        "(members + capture_half_members)). 0 in the docking configuration",
        (0.0, 10_000.0),
    )
    gang_size: int = param(
        30,
        "persons",
        "assumption: a local gang starts with tens of members recruited from the at-risk "
        "youths of its place",
        (1, 10_000),
    )


@dataclass
class Territory:
    """Movement of members towards valuable, weakly held plazas (vacuums)."""

    expansion_rate: float = param(
        0.002,
        "per member per week",
        "assumption: members sent to neighbouring plazas that pay more per member",
        (0.0, 1.0),
    )


@dataclass
class Corruption:
    """Bribes corrupt forces; corrupted units leak operations."""

    initial: float = param(0.2, "share of units on the payroll", ASSUMPTION, (0.0, 1.0))
    bribe_effect: float = param(0.01, "per week at saturating bribes", ASSUMPTION, (0.0, 1.0))
    bribe_half: float = param(5e5, "US$ per unit per week", ASSUMPTION, (1.0, 1e12))
    turnover: float = param(
        0.005,
        "per week",
        "assumption: corrupted officials leave at this rate without vetting",
        (0.0, 1.0),
    )
    vetting_purge: float = param(
        0.05,
        "per week at full vetting",
        "assumption: full vetting removes corrupted units in ~5 months",
        (0.0, 1.0),
    )


@dataclass
class Legitimacy:
    """Local support bought with handouts."""

    handout_half: float = param(5.0, "US$ per resident per year", ASSUMPTION, (1e-6, 1e6))
    decay: float = param(
        0.02,
        "per week",
        "assumption: support fades in about a year without handouts",
        (0.0, 1.0),
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
        "Pol2020: AML regimes touch well under 1% of proceeds",
        label="Money seized by anti-laundering",
        range=(0.0, 1.0),
        typical=(0.0, 1.0),
        readers=("economy",),
    )
    laundering_cost: float = lever(
        0.10,
        "share of laundered money paid as fees",
        ASSUMPTION,
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
        "force units (battalion-equivalents)",
        ASSUMPTION,
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
    """List every parameter with section, name, default, unit, range and source."""
    rows = []
    for section, klass in SECTIONS.items():
        for f in dataclasses.fields(klass):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            rows.append(
                {
                    "section": section,
                    "name": f.name,
                    "default": default,
                    "unit": f.metadata["unit"],
                    "allowed": f.metadata["choices"] or f.metadata["range"],
                    "source": f.metadata["source"],
                }
            )
    return rows
