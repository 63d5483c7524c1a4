"""Initial state of the default world, "Mexico 2020", from the 2020 cartel network.

Data: the 150 groups, their home states, alliances and rivalries of Prieto-Curiel,
Campedelli & Hope (2023), Science 381:1312, deposited at Dryad
(doi:10.5061/dryad.zw3r228d7); see ``model/data/ATTRIBUTION.md``.

Sizes follow the paper's 1/rank rule: groups ranked by total network strength
(rivalry + alliance weight; ties broken by the data's node order) get members in
proportion to 1/rank, summing to ``world.initial_members``. A group keeps
``home_share`` of its members in its home state and spreads the rest over nearby
states, further the larger it is, in proportion to the plazas' value.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "cartel_network_2020"


@dataclass(frozen=True)
class GroupRecord:
    """One group of the 2020 network."""

    node: str
    name: str
    short_name: str
    state: str


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def network_2020() -> tuple[
    list[GroupRecord], dict[tuple[str, str], float], dict[tuple[str, str], float]
]:
    """The 150 groups, and alliance and rivalry weights keyed by (node, node)."""
    groups = [
        GroupRecord(r["Node"], r["Group"], r["ShortName"], r["State"])
        for r in _read("BACRIM2020_Nodes.csv")
    ]

    def edges(name: str) -> dict[tuple[str, str], float]:
        return {(r["Node"], r["RNode"]): float(r["weight"]) for r in _read(name)}

    return groups, edges("BACRIM2020_Alliances.csv"), edges("BACRIM2020_Rivals.csv")


def copied(
    network: tuple[list[GroupRecord], dict, dict], copies: int
) -> tuple[list[GroupRecord], dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """The network repeated ``copies`` times, for scale tests.

    Each copy's groups are related only among themselves, so the relations stay as
    sparse as the 2020 network's.
    """
    groups, alliances, rivalries = network
    if copies == 1:
        return network
    out_groups = [
        GroupRecord(f"{g.node}#{c}", f"{g.name} #{c}", f"{g.short_name}#{c}", g.state)
        for c in range(copies)
        for g in groups
    ]

    def repeat(edges: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
        return {(f"{a}#{c}", f"{b}#{c}"): w for c in range(copies) for (a, b), w in edges.items()}

    return out_groups, repeat(alliances), repeat(rivalries)


def relation_matrices(
    keys: list[str],
    alliances: dict[tuple[str, str], float],
    rivalries: dict[tuple[str, str], float],
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric alliance and rivalry weight matrices, in the order of ``keys``.

    Edges are keyed by pairs of ``keys`` (node ids of the 2020 network, names of a
    landscape). The 2020 edge lists mostly hold each pair in both directions, but 52
    alliance and 57 rivalry edges appear in one direction only: each pair gets the
    larger weight of its two directions.
    """
    index = {key: i for i, key in enumerate(keys)}
    out = []
    for edges in (alliances, rivalries):
        matrix = np.zeros((len(keys), len(keys)))
        for (a, b), weight in edges.items():
            i, j = index[a], index[b]
            matrix[i, j] = matrix[j, i] = max(matrix[i, j], weight)
        out.append(matrix)
    return out[0], out[1]


def rank_sizes(strength: np.ndarray, total: int) -> np.ndarray:
    """PC2023's 1/rank rule: integer sizes proportional to 1/rank, summing to ``total``."""
    order = np.argsort(-strength, kind="stable")
    rank = np.empty(strength.size)
    rank[order] = np.arange(1, strength.size + 1)
    raw = total * (1.0 / rank) / (1.0 / rank).sum()
    sizes = np.floor(raw).astype(np.int64)
    remainder = total - sizes.sum()
    sizes[np.argsort(-(raw - sizes), kind="stable")[:remainder]] += 1
    return sizes


def spread(
    size: int,
    home: int,
    distance: np.ndarray,
    value: np.ndarray,
    home_share: float,
    spread_members: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Members by state for a group of ``size`` based in ``home``."""
    radius = np.sqrt(size / spread_members)
    weights = np.exp(-distance[home] / max(radius, 1e-6)) * np.sqrt(value)
    weights[home] = 0.0
    if radius < 0.5 or weights.sum() == 0:
        probs = np.zeros(distance.shape[0])
        probs[home] = 1.0
    else:
        probs = (1.0 - home_share) * weights / weights.sum()
        probs[home] = home_share
    return rng.multinomial(size, probs)


LANDSCAPE_2006 = Path(__file__).parent / "data" / "landscape_mexico_2006.toml"


@dataclass(frozen=True)
class Wing:
    """An internal faction that may leave its parent group when it splits."""

    name: str
    shares: dict[str, float]  # state code -> share of the parent's members there


@dataclass(frozen=True)
class Organization:
    """One group of a hand-written landscape (``model/data/landscape_*.toml``)."""

    name: str
    home: str
    share: float  # of world.initial_members
    states: dict[str, float]  # state code -> share of its members
    cohesion: float | None  # None: drawn like any group's
    wings: tuple[Wing, ...]


def landscape_2006() -> tuple[
    list[Organization], dict[tuple[str, str], float], dict[tuple[str, str], float]
]:
    """The seven organizations of end-2006, with alliance and rivalry weights by name."""
    data = tomllib.loads(LANDSCAPE_2006.read_text(encoding="utf-8"))
    groups = [
        Organization(
            g["name"],
            g["home"],
            float(g["share"]),
            {code: float(v) for code, v in g["states"].items()},
            g.get("cohesion"),
            tuple(Wing(w["name"], dict(w["states"])) for w in g.get("wings", [])),
        )
        for g in data["groups"]
    ]

    def edges(key: str) -> dict[tuple[str, str], float]:
        return {tuple(e["pair"]): float(e["weight"]) for e in data.get(key, [])}

    return groups, edges("alliances"), edges("rivalries")


def group_names(landscape: str) -> list[str]:
    """Names a dated strike may target in a landscape (groups and their wings)."""
    if landscape == "mexico_2006":
        groups = landscape_2006()[0]
        return [g.name for g in groups] + [w.name for g in groups for w in g.wings]
    return [g.name for g in network_2020()[0]]
