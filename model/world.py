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

DATA = Path(__file__).parent / "data"


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
    """The map: the Network of states and their static properties.

    Attributes:
        codes, names: state codes and names, in index order.
        population: 2020 census population per state (persons).
        lat, lon: approximate centroids (degrees).
        us_border, southern_border, port: 0/1 flags.
        adjacency: (S, S) 0/1 matrix of land neighbours.
        distance: (S, S) shortest-path distance in steps over land borders.
        space: the ``mesa.discrete_space.Network``; cell coordinate = state index.
    """

    def __init__(self, random=None) -> None:
        """Read the state table and build the network space."""
        rows = _rows()
        self.codes = [r["code"] for r in rows]
        self.names = [r["name"] for r in rows]
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.index_by_name = {normalize_name(r["name"]): i for i, r in enumerate(rows)}
        self.population = state_populations()
        self.lat = np.array([float(r["lat"]) for r in rows])
        self.lon = np.array([float(r["lon"]) for r in rows])
        self.us_border = np.array([int(r["us_border"]) for r in rows], dtype=float)
        self.southern_border = np.array([int(r["southern_border"]) for r in rows], dtype=float)
        self.port = np.array([int(r["major_port"]) for r in rows], dtype=float)
        n = len(rows)
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        for i, r in enumerate(rows):
            for code in r["neighbors"].split(";"):
                graph.add_edge(i, self.index[code])
        self.graph = graph
        self.adjacency = nx.to_numpy_array(graph, nodelist=range(n))
        lengths = dict(nx.all_pairs_shortest_path_length(graph))
        self.distance = np.array([[lengths[i].get(j, n) for j in range(n)] for i in range(n)])
        positions = {i: (self.lon[i], self.lat[i]) for i in range(n)}
        self.space = Network(graph, random=random, layout=positions)

    @property
    def n(self) -> int:
        """Number of states."""
        return len(self.codes)

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
