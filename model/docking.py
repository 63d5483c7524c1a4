"""The published Science 2023 equations, solved with scipy, as the docking reference.

Prieto-Curiel, Campedelli & Hope (2023), Science 381:1312, one equation per cartel,
one step = one week:

    dC_i/dt = C_i * (rho - eta / sum_j C_j - theta * sum_j K_ij C_j - omega * C_i)

This is *not* the model: it is the reference ``scenarios/science2023.toml`` (a real
agent-model run) is compared with.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from model import initial
from model.scenario import Scenario


def pc2023_reference(scenario: Scenario, weeks: int) -> np.ndarray:
    """Total members at weeks 0..weeks under the published equations and the scenario's values."""
    p = scenario.params
    groups, alliances, rivalries = initial.network_2020()
    alliance, rivalry = initial.relation_matrices(groups, alliances, rivalries)
    sizes = initial.rank_sizes(alliance.sum(1) + rivalry.sum(1), p.world.initial_members)
    kernel = (rivalry + 1.0) / (alliance.sum(axis=1)[:, None] + 1.0)
    np.fill_diagonal(kernel, 0.0)
    rho, eta = p.recruitment.contact_rate, p.levers.arrests_per_week
    theta, omega = p.conflict.lethality, p.recruitment.saturation

    def rate(_t: float, c: np.ndarray) -> np.ndarray:
        return c * (rho - eta / c.sum() - theta * (kernel @ c) - omega * c)

    weeks_grid = np.arange(weeks + 1, dtype=float)
    solution = solve_ivp(
        rate, (0.0, float(weeks)), sizes.astype(float), t_eval=weeks_grid, rtol=1e-8, atol=1e-6
    )
    return solution.y.sum(axis=0)
