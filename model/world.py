"""Mexico's 32 states as a Mesa ``Network`` space, with per-state properties as arrays.

Data: ``model/data/mexico_states.csv`` (INEGI 2020 census population, approximate
centroids, borders, ports and land neighbours; see ``model/data/ATTRIBUTION.md``).

Per-state quantities the processes change every week (youths at risk, members, force
units, corruption, legitimacy, violence) are NumPy arrays indexed by the state's
position in :attr:`World.codes`, so that arithmetic over states is vectorized; the Mesa
cells carry the same index as their coordinate.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np
from mesa.discrete_space import Network
from scipy import sparse
from scipy.sparse.csgraph import shortest_path

DATA = Path(__file__).parent / "data"


COVARIATES = {  # what the groups fight over, by state (model/data/plaza_covariates.md)
    "us_crossings_trucks": "us_trucks_nb_2018",
    "us_crossings_vehicles": "us_personal_vehicles_nb_2018",
    "port_containers": "port_teu_janoct_2020",
    "poppy_hectares": "poppy_eradicated_ha_2017",
    "marijuana_hectares": "marijuana_eradicated_ha_2018",
    "economy": "gdp_nonoil_mxn_m_2019",
}


@cache
def _covariates() -> dict[str, dict[str, float]]:
    """Plaza covariates by state code (blank cells: 0, see plaza_covariates.md)."""
    with open(DATA / "plaza_covariates.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["code"]: {name: float(r[column] or 0.0) for name, column in COVARIATES.items()}
        for r in rows
    }


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with open(DATA / "mexico_states.csv", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def state_codes() -> list[str]:
    """The 32 state codes in file order (the index used by every per-state array)."""
    return [row["code"] for row in _rows()]


def state_populations() -> np.ndarray:
    """2020 census population per state (persons), in state-code order."""
    return np.array([int(row["population_2020"]) for row in _rows()], dtype=float)


def normalize_name(name: str) -> str:
    """Lower-case, accent-free state name, for matching names across data sets."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


class World:
    """The map: the Network of places (states) and their static properties.

    Attributes:
        codes, names: place codes and names, in index order.
        population: 2020 census population per place (persons).
        lat, lon: approximate centroids (degrees).
        us_border, southern_border, port: 0/1 flags.
        covariates: what groups fight over, per place (``COVARIATES``; a state's figures
            split evenly over its places).
        adjacency: (S, S) sparse 0/1 matrix of land neighbours (``scipy.sparse`` CSR).
        border_source: the place each adjacency entry (a directed border) leaves from.
        edges: (E, 2) each land border once, ``i < j``.
        distance: (S, S) shortest-path distance in steps over land borders (computed on
            first use; unreachable places are S steps away).
        space: the ``mesa.discrete_space.Network``; cell coordinate = place index.
    """

    def __init__(self, random=None, rows: tuple[dict[str, str], ...] | None = None) -> None:
        """Build the map from the state table (or from ``rows`` in the same layout)."""
        rows = _rows() if rows is None else rows
        self.codes = [r["code"] for r in rows]
        self.names = [r["name"] for r in rows]
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.index_by_name: dict[str, int] = {}
        for i, r in enumerate(rows):  # the first place of a name answers for it
            self.index_by_name.setdefault(normalize_name(r.get("state_name", r["name"])), i)
        self.population = np.array([float(r["population_2020"]) for r in rows])
        self.lat = np.array([float(r["lat"]) for r in rows])
        self.lon = np.array([float(r["lon"]) for r in rows])
        self.us_border = np.array([int(r["us_border"]) for r in rows], dtype=float)
        self.southern_border = np.array([int(r["southern_border"]) for r in rows], dtype=float)
        self.port = np.array([int(r["major_port"]) for r in rows], dtype=float)
        # what groups fight over, per place: a state's figures, split evenly over its places
        state = [r.get("state_code", r["code"]) for r in rows]
        parts = np.array([state.count(s) for s in state], dtype=float)
        self.covariates = {
            name: np.array([_covariates()[s][name] for s in state]) / parts for name in COVARIATES
        }
        n = len(rows)
        pairs = [(i, self.index[c]) for i, r in enumerate(rows) for c in r["neighbors"].split(";")]
        src, dst = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
        ones = np.ones(2 * src.size)
        both = (np.r_[src, dst], np.r_[dst, src])
        adjacency = sparse.csr_array((ones, both), shape=(n, n))
        adjacency.data[:] = 1.0  # duplicates (listed from both sides) count once
        self.adjacency = adjacency
        # the place each adjacency entry leaves from (entry e goes to adjacency.indices[e])
        self.border_source = np.repeat(np.arange(n), np.diff(adjacency.indptr))
        upper = sparse.triu(adjacency, k=1).tocoo()
        self.edges = np.column_stack([upper.row, upper.col])  # each land border once, i < j
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(self.edges.tolist())
        self.graph = graph
        positions = {i: (self.lon[i], self.lat[i]) for i in range(n)}
        self.space = Network(graph, random=random, layout=positions)
        self._distance: np.ndarray | None = None

    @classmethod
    def subdivided(cls, parts: int, random=None) -> World:
        """A synthetic finer map: each state split into ``parts`` places (for scale tests).

        Place ``j`` of a state borders places ``j - 1`` and ``j + 1`` of its state (a ring)
        and place ``j`` of each neighbouring state, so a place has about as many
        neighbours as a municipality. Population splits evenly; flags are the state's;
        a state's name and code answer with its place 0.
        """
        rows = []
        for r in _rows():
            for j in range(parts):
                ring = {f"{r['code']}.{(j + d) % parts}" for d in (-1, 1)} - {f"{r['code']}.{j}"}
                across = {f"{c}.{j}" for c in r["neighbors"].split(";")}
                rows.append(
                    {
                        **r,
                        "code": f"{r['code']}.{j}",
                        "name": f"{r['name']} {j}",
                        "state_name": r["name"],
                        "state_code": r["code"],
                        "population_2020": str(int(r["population_2020"]) / parts),
                        "lat": str(float(r["lat"]) + 0.05 * np.sin(2 * np.pi * j / parts)),
                        "lon": str(float(r["lon"]) + 0.05 * np.cos(2 * np.pi * j / parts)),
                        "neighbors": ";".join(sorted(ring | across)),
                    }
                )
        world = cls(random=random, rows=tuple(rows))
        for r in _rows():  # state codes name their place 0
            world.index.setdefault(r["code"], world.index[f"{r['code']}.0"])
        return world

    @property
    def n(self) -> int:
        """Number of places."""
        return len(self.codes)

    @property
    def distance(self) -> np.ndarray:
        """(S, S) steps over land borders between places (S where unreachable)."""
        if self._distance is None:
            steps = shortest_path(self.adjacency, unweighted=True, directed=False)
            self._distance = np.where(np.isfinite(steps), steps, self.n).astype(np.int64)
        return self._distance

    def neighbours(self, place: int) -> np.ndarray:
        """Indices of the places that share a land border with ``place``."""
        adjacency = self.adjacency
        return adjacency.indices[adjacency.indptr[place] : adjacency.indptr[place + 1]]

    def by_state(self, values: dict[str, float]) -> np.ndarray:
        """A per-state array from ``{state code: value}`` (0 for states not given)."""
        out = np.zeros(self.n)
        for code, value in values.items():
            out[self.index[code]] = value
        return out

    def state_index(self, name_or_code: str) -> int:
        """Index of a state given its code ('JAL') or its name, accents optional."""
        if name_or_code in self.index:
            return self.index[name_or_code]
        return self.index_by_name[normalize_name(name_or_code)]
