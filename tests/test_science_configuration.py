"""scenarios/science2023.toml reduces the mechanisms to Prieto-Curiel et al. (2023).

Checked against an independent computation from the raw network files: expected
weekly deaths theta * C^T K C, recruitment rho * C_i, arrests eta shared by size.
"""

import csv
from pathlib import Path

import numpy as np

from model import CartelModel, load_scenario
from model.processes import conflict, recruitment

DATA = Path(__file__).resolve().parents[1] / "model" / "data" / "cartel_network_2020"
THETA, RHO, ETA = 1.549231e-8, 2.527474e-3, 110.0

SCIENCE = Path(__file__).resolve().parents[1] / "scenarios" / "science2023.toml"


def independent_pc2023():
    def rows(name):
        with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    nodes = [r["Node"] for r in rows("BACRIM2020_Nodes.csv")]
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    alliance, rivalry = np.zeros((n, n)), np.zeros((n, n))
    for matrix, name in (
        (alliance, "BACRIM2020_Alliances.csv"),
        (rivalry, "BACRIM2020_Rivals.csv"),
    ):
        for r in rows(name):
            i, j = index[r["Node"]], index[r["RNode"]]
            w = max(matrix[i, j], float(r["weight"]))
            matrix[i, j] = matrix[j, i] = w
    strength = alliance.sum(1) + rivalry.sum(1)
    order = np.argsort(-strength, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(1, n + 1)
    sizes = 115_000 * (1 / rank) / (1 / rank).sum()
    kernel = (rivalry + 1) / (alliance.sum(1)[:, None] + 1)
    np.fill_diagonal(kernel, 0)
    return sizes, kernel


def test_configuration_reproduces_the_published_equations():
    model = CartelModel(load_scenario(SCIENCE), rng=1)
    sizes, kernel = independent_pc2023()
    slots = model.roster.slots()
    c = model.roster.members[slots].sum(axis=1).astype(float)
    assert c.sum() == 115_000
    assert np.allclose(c, sizes, atol=1.0)  # integer rounding of the 1/rank rule
    assert np.allclose(model.roster.conflict_kernel(slots), kernel)
    hazard, _ = conflict.hazards(model, slots)
    expected_deaths = (hazard * model.roster.members[slots]).sum()
    published = THETA * c @ kernel @ c
    assert np.isclose(expected_deaths, published, rtol=1e-3)  # hazard -> probability
    # PC2023: ~120 a week on average over 2012-2022, rising ~77%: ~80 at the start
    assert 50 < published < 110
    accept = recruitment.acceptance(model, slots)
    assert np.allclose(accept, 1.0)


def test_configuration_runs_with_published_flows():
    model = CartelModel(load_scenario(SCIENCE), rng=3).run(52)
    rows = model.datacollector.get_model_vars_dataframe().iloc[1:]
    assert abs(rows["arrests"].mean() - ETA) < 5  # national flow of 110 a week
    start = rows["members"].iloc[0]
    assert abs(rows["recruits"].mean() - RHO * start) < 0.1 * RHO * start
    assert rows["splits"].sum() == 0 and rows["leaders_removed"].sum() == 0
