"""Figures of a running model for the dashboard: map, trends, family tree, comparison.

Pure functions of a :class:`~model.model.CartelModel` (and the language) returning plotly
figures as plain dicts (``{"data": [...], "layout": {...}}``), drawn in the browser by
:mod:`model.ui.plot`; the tests check them against plotly's schema. Text is at least
14 px (readable on a projector), every plot has axis titles and a legend.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.ui import i18n, mapdata
from model.ui.mapdata import EXTINCT, ColorBook, ColorMode
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel

FONT = {"size": 16, "color": "#222"}
SMALL = 14  # the smallest text anywhere (ticks, legends)
LEVER_COLOR, STRIKE_COLOR, SPLIT_COLOR = "#2ca02c", "#d62728", "#9467bd"
Figure = dict[str, Any]


def _layout(**extra: Any) -> dict[str, Any]:
    """The layout every figure shares: large type, white paper, closest hover."""
    return {
        "font": FONT,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hovermode": "closest",
        "hoverlabel": {"font": {"size": SMALL + 1}, "align": "left"},
        "legend": {"font": {"size": SMALL + 1}},
        "margin": {"l": 70, "r": 20, "t": 50, "b": 60},
        **extra,
    }


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "font": {"size": 16}},
        "tickfont": {"size": SMALL},
        "gridcolor": "#e6e6e6",
        "zeroline": False,
        "automargin": True,
        **extra,
    }


def headline(model: CartelModel, lang: str) -> dict[str, str]:
    """Headline numbers, labelled with the outcomes' labels (``model/outcomes.py``)."""
    columns = model.datacollector.model_vars
    label = i18n.outcome_label
    homicides = sum(columns["homicides"][1:][-WEEKS_PER_YEAR:])
    values = {
        label("active_cartels", lang): model.current["active_cartels"],
        i18n.text(lang, "ui.last_52", label=label("homicides", lang)): homicides,
        label("members", lang): model.current["members"],
        label("leaders_removed", lang): sum(columns["leaders_removed"]),
    }
    return {k: i18n.number(v, lang) for k, v in values.items()}


def to_plotly(figure: Figure) -> Any:
    """A figure of this module as a ``plotly.graph_objects.Figure`` (to show in a notebook)."""
    import plotly.graph_objects as go

    return go.Figure(figure)


# ---------------------------------------------------------------------------------- map
def map_static() -> list[dict[str, Any]]:
    """The states' outlines, trace by trace (``model.world`` order): sent to the browser once."""
    from model.world import state_codes

    shapes = mapdata.shapes()
    return [{"x": shapes[code].x, "y": shapes[code].y} for code in state_codes()]


def map_figure(
    model: CartelModel, mode: ColorMode, lang: str, book: ColorBook
) -> tuple[Figure, list[mapdata.StateView]]:
    """The map of the 32 states this week, and the states' data (for the details panel).

    One filled trace per state (outline from :func:`map_static`; hover anywhere inside
    it), hatched when contested; a legend of the largest dominant groups, or a colour
    scale of homicides per 100k a year.
    """
    views = mapdata.state_views(model, mode, lang, book)
    t = i18n.text
    data: list[dict[str, Any]] = []
    for view in views:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "fill": "toself",
                "fillcolor": view.color,
                "fillpattern": (
                    {
                        "shape": "/",
                        "fgcolor": "rgba(0,0,0,0.55)",
                        "bgcolor": view.color,
                        "size": 10,
                        "solidity": 0.12,
                    }
                    if view.contested
                    else {"shape": ""}
                ),
                "line": {
                    "color": "#333" if view.contested else "#777",
                    "width": 1.6 if view.contested else 0.8,
                },  # fmt: skip
                "hoveron": "fills",
                "hoverlabel": {"namelength": 0},  # the text says which state
                "text": mapdata.hover_text(view, lang),
                "name": view.code,
                "showlegend": False,
            }
        )
    legend_title = t(lang, "map.legend_title") if mode == "group" else ""
    if mode == "group":
        entries, more = mapdata.legend(model, views, book)
        if more:
            entries.append((t(lang, "map.others"), "#ffffff"))
        if any(v.dominant < 0 for v in views):
            entries.append((t(lang, "map.nobody"), mapdata.NOBODY))
        for name, color in entries:
            data.append(_legend_marker(name, color))
    else:
        data.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "hoverinfo": "skip",
                "showlegend": False,
                "marker": {
                    "color": [0.0],
                    "cmin": 0.0,
                    "cmax": mapdata.RATE_MAX,
                    "colorscale": [list(stop) for stop in mapdata.RATE_STOPS],
                    "showscale": True,
                    "colorbar": {
                        "title": {
                            "text": t(lang, "map.rate_scale"),
                            "side": "right",
                            "font": {"size": SMALL + 1},
                        },  # fmt: skip
                        "tickfont": {"size": SMALL},
                        "len": 0.75,
                        "thickness": 18,
                    },
                },
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": [None, None, None],
            "y": [None, None, None],
            "mode": "lines",
            "fill": "toself",
            "fillcolor": "#ffffff",
            "fillpattern": {
                "shape": "/",
                "fgcolor": "rgba(0,0,0,0.55)",
                "bgcolor": "#ffffff",
                "size": 10,
                "solidity": 0.12,
            },
            "line": {"color": "#333", "width": 1.6},
            "name": t(lang, "map.contested_long"),
            "hoverinfo": "skip",
        }
    )
    layout = _layout(  # the title is the page's, above the figure with the colour toggle
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        xaxis={"range": list(mapdata.VIEW_LON), "visible": False, "fixedrange": False},
        yaxis={
            "range": list(mapdata.VIEW_LAT),
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": 1.0 / np.cos(np.radians(23.5)),
        },  # fmt: skip
        legend={
            "title": {"text": legend_title, "font": {"size": SMALL + 1}},
            "font": {"size": SMALL + 1},
            "x": 1.0,
            "y": 1.0,
            "xanchor": "left",
            "yanchor": "top",
        },  # fmt: skip
        dragmode="pan",
        uirevision="map",  # keep the user's zoom across weeks
    )
    return {"data": data, "layout": layout}, views


def _legend_marker(name: str, color: str) -> dict[str, Any]:
    """A legend entry only (no point drawn): a coloured square and a name."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "marker": {
            "symbol": "square",
            "size": 16,
            "color": color,
            "line": {"color": "#555", "width": 1},
        },  # fmt: skip
        "name": name,
        "hoverinfo": "skip",
    }


# ------------------------------------------------------------------------------- trends
def _trailing_mean(values: list, window: int) -> np.ndarray:
    """Mean over the last ``window`` values at each point (fewer at the start)."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return x
    total = np.cumsum(x)
    out = total.copy()
    out[window:] = total[window:] - total[:-window]
    return out / np.minimum(np.arange(1, x.size + 1), window)


def trend_marks(model: CartelModel, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Events marked on the trends: policy changes, leader removals, splits (year, text)."""
    kinds = {"lever": ("lever_changed",), "strike": ("leader_removed",), "split": ("split",)}
    names = mapdata.state_names()
    marks: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
    for event in model.events:
        for mark, accepted in kinds.items():
            if event["kind"] in accepted:
                marks[mark].append(
                    {"year": event["year"], "text": i18n.event_line(event, lang, names)}
                )
    return marks


def _year_ticks(start: float, end: float) -> dict[str, Any]:
    """Whole-year ticks on a year axis (every year, or every other one on long spans)."""
    return {"tickmode": "linear", "tick0": int(start), "dtick": 1 if end - start <= 6 else 2,
            "tickformat": "d"}  # fmt: skip


def trends_figure(model: CartelModel, lang: str) -> Figure | None:
    """Fragmentation, violence, recruitment and members week by week, with events marked.

    None before the first week (no placeholder axes). Four panels (two by two), each with
    its axis titles and legend; policy changes, leader removals and splits are marked
    along the top of every panel (hover for what happened), with a dotted line down.
    """
    columns = model.datacollector.model_vars
    if len(columns["year"]) < 2:
        return None
    t, label = i18n.text, i18n.outcome_label
    year = [round(y, 4) for y in columns["year"][1:]]
    homicides = _trailing_mean(columns["homicides"][1:], WEEKS_PER_YEAR) * WEEKS_PER_YEAR
    panels = (  # (title, [(values, name, colour)])
        (t(lang, "trends.groups"), [
            (columns["active_cartels"][1:], label("active_cartels", lang).capitalize(),
             "#1f77b4"),
            (np.round(columns["effective_cartels"][1:], 2),
             t(lang, "trends.effective", label=label("effective_cartels", lang).capitalize()),
             "#ff7f0e"),
        ]),
        (t(lang, "trends.homicides"), [
            (np.round(homicides), t(lang, "trends.homicides_line"), "#d62728"),
        ]),
        (t(lang, "trends.per_week"), [
            (np.round(_trailing_mean(columns["recruits"][1:], 4), 1), t(lang, "trends.recruits"),
             "#2ca02c"),
            (np.round(_trailing_mean(columns["member_deaths"][1:], 4), 1),
             t(lang, "trends.deaths"), "#8c564b"),
        ]),
        (t(lang, "trends.members"), [
            (columns["members"][1:], label("members", lang).capitalize(), "#9467bd"),
        ]),
    )  # fmt: skip
    # (x axis, y axis, x domain, y domain) of each panel, two by two
    grid = (
        ("x", "y", [0.0, 0.44], [0.60, 0.92]),
        ("x2", "y2", [0.56, 1.0], [0.60, 0.92]),
        ("x3", "y3", [0.0, 0.44], [0.0, 0.33]),
        ("x4", "y4", [0.56, 1.0], [0.0, 0.33]),
    )
    start = model.params.world.start_year
    end = max(year[-1], start + 0.5)
    marks = trend_marks(model, lang)
    kinds = (("lever", LEVER_COLOR, "triangle-down"), ("strike", STRIKE_COLOR, "x"),
             ("split", SPLIT_COLOR, "diamond"))  # fmt: skip
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    layout = _layout(margin={"l": 10, "r": 10, "t": 10, "b": 10})
    for n, ((title, lines), (xa, ya, xdom, ydom)) in enumerate(zip(panels, grid)):
        legend = "legend" if n == 0 else f"legend{n + 1}"
        top = 0.0
        for values, name, color in lines:
            values = np.asarray(values, dtype=float)
            top = max(top, float(np.nanmax(values)) if values.size else 0.0)
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": year,
                    "y": values.tolist(),
                    "name": name,
                    "line": {"color": color, "width": 2.5},
                    "xaxis": xa,
                    "yaxis": ya,
                    "legend": legend,
                    "hovertemplate": "%{y:,.4~g}<extra>" + escape(name) + "</extra>",
                }  # fmt: skip
            )
        high = 1.15 * top if top > 0 else 1.0  # room for the event marks along the top
        for k, (mark, color, symbol) in enumerate(kinds):
            name = t(lang, f"trends.{mark}")
            years = [m["year"] for m in marks[mark]]
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": years,
                    "y": [high * (0.97 - 0.05 * k)] * len(years),
                    "xaxis": xa,
                    "yaxis": ya,
                    "name": name,
                    "legend": "legend5",
                    "legendgroup": mark,
                    "showlegend": n == 0,
                    "marker": {"color": color, "size": 11, "symbol": symbol},
                    "text": [escape(m["text"]) for m in marks[mark]],
                    "hovertemplate": "%{text}<extra>" + escape(name) + "</extra>",
                }  # fmt: skip
            )
            shapes += [
                {"type": "line", "xref": xa, "yref": f"{ya} domain", "x0": y, "x1": y,
                 "y0": 0, "y1": 1, "line": {"color": color, "width": 1, "dash": "dot"},
                 "opacity": 0.6, "layer": "below"}
                for y in years
            ]  # fmt: skip
        suffix = "" if n == 0 else str(n + 1)
        layout[f"xaxis{suffix}"] = _axis(t(lang, "trends.year"), domain=xdom, anchor=ya,
                                         range=[start, end], **_year_ticks(start, end))  # fmt: skip
        layout[f"yaxis{suffix}"] = _axis(title, domain=ydom, anchor=xa, range=[0, high],
                                         tickformat=",~g")  # fmt: skip
        layout[legend] = {
            "x": xdom[0], "y": ydom[1] + 0.01, "xanchor": "left", "yanchor": "bottom",
            "orientation": "h", "font": {"size": SMALL},
        }  # fmt: skip
    layout["legend5"] = {"orientation": "h", "x": 1.0, "y": 1.0, "xanchor": "right",
                         "yanchor": "bottom", "font": {"size": SMALL}}  # fmt: skip
    layout["shapes"] = shapes
    layout["margin"]["t"] = 30
    layout["uirevision"] = "trends"
    return {"data": data, "layout": layout}


# -------------------------------------------------------------------------- family tree
def lineage_frame(model: CartelModel) -> pd.DataFrame:
    """Groups in families that split, plus the largest founders: id, parent, born, died."""
    step = int(model.time)
    everyone = model.all_cartels
    roots_with_splits = {c.root for c in everyone if c.parent is not None}
    alive = sorted((c for c in everyone if c.died is None), key=lambda c: -c.members)
    big = {c.root for c in alive[:8]}
    keep = [c for c in everyone if c.root in roots_with_splits | big]
    rows = [
        {
            "id": c.unique_id,
            "name": c.short_name,
            "parent": c.parent if c.parent is not None else -1,
            "root": c.root,
            "born": c.born,
            "died": c.died if c.died is not None else -1,
            "end": c.died if c.died is not None else step,
            "active": c.died is None,
            "members": c.members if c.died is None else 0,
        }
        for c in keep
    ]
    return pd.DataFrame(rows, columns=["id", "name", "parent", "root", "born", "died", "end",
                                       "active", "members"])  # fmt: skip


ROWS_SHOWN = 30  # rows of the family tree in view at first (zoom out for the rest)


def lineage_figure(model: CartelModel, lang: str = "en", book: ColorBook | None = None) -> Figure:
    """The family tree: a bar per group from birth to death, a link to its parent.

    Active groups in their colour (the map's, for a group dominant somewhere), extinct
    groups grey. With many groups the first rows are in view; zoom or pan for the rest.
    """
    frame = lineage_frame(model)
    book = book if book is not None else ColorBook()
    t = i18n.text
    start = model.params.world.start_year
    order: list[int] = []
    children: dict[int, list[int]] = {}
    for row in frame.itertuples():
        children.setdefault(row.parent, []).append(row.id)
    known = set(frame["id"])
    stack = [r for r in children.get(-1, [])] + [
        i for p, kids in children.items() if p != -1 and p not in known for i in kids
    ]
    stack.reverse()
    while stack:  # depth first, parents above their factions
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children.get(node, [])))
    position = {node: n for n, node in enumerate(order)}
    by_id = frame.set_index("id")
    names = dict(zip(frame["id"], frame["name"]))
    bars: dict[bool, dict[str, list]] = {
        alive: {"y": [], "base": [], "x": [], "color": [], "text": []} for alive in (True, False)
    }
    links_x: list[float | None] = []
    links_y: list[float | None] = []
    for node in order:
        row = by_id.loc[node]
        x0 = start + row["born"] / WEEKS_PER_YEAR
        x1 = start + row["end"] / WEEKS_PER_YEAR
        alive = bool(row["active"])
        parent = int(row["parent"])
        lines = [f"<b>{escape(str(row['name']))}</b>",
                 t(lang, "tree.born", date=i18n.date(x0, lang))]  # fmt: skip
        lines.append(
            t(lang, "tree.alive", members=i18n.number(row["members"], lang))
            if alive
            else t(lang, "tree.died", date=i18n.date(x1, lang))
        )
        parent_name = names.get(parent, t(lang, "tree.founder") if parent < 0 else str(parent))
        lines.append(t(lang, "tree.parent", parent=escape(str(parent_name))))
        group = bars[alive]
        group["y"].append(position[node])
        group["base"].append(x0)
        group["x"].append(max(x1 - x0, 0.04))
        group["color"].append(book.color(int(node)) if alive else EXTINCT)
        group["text"].append("<br>".join(lines))
        if parent in position:
            links_x += [x0, x0, None]
            links_y += [position[parent], position[node], None]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": links_x,
            "y": links_y,
            "line": {"color": "#999", "width": 1},
            "hoverinfo": "skip",
            "showlegend": False,
        }  # fmt: skip
    ]
    for alive in (True, False):
        group = bars[alive]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": group["y"],
                "base": group["base"],
                "x": group["x"],
                "width": 0.7,
                "marker": {"color": group["color"]},
                "text": group["text"],
                "textposition": "none",
                "hovertemplate": "%{text}<extra></extra>",
                "name": t(lang, "tree.active" if alive else "tree.extinct"),
            }  # fmt: skip
        )
    n = len(order)
    end = start + max(int(model.time), 1) / WEEKS_PER_YEAR + 0.05
    layout = _layout(
        title={
            "text": t(lang, "tree.title"),
            "font": {"size": 18},
            "x": 0.01,
            "xanchor": "left",
        },  # fmt: skip
        barmode="overlay",
        margin={"l": 160, "r": 20, "t": 60, "b": 60},
        xaxis=_axis(t(lang, "tree.year"), range=[start, end], **_year_ticks(start, end)),
        yaxis=_axis(
            "",
            tickmode="array",
            tickvals=list(range(n)),
            ticktext=[escape(str(names[i])) for i in order],
            autorange=False,
            range=[min(n, ROWS_SHOWN) - 0.5, -0.5],
        ),  # fmt: skip
        legend={
            "orientation": "h",
            "x": 1.0,
            "y": 1.02,
            "xanchor": "right",
            "yanchor": "bottom",
            "font": {"size": SMALL + 1},
        },  # fmt: skip
        dragmode="zoom",
        uirevision="tree",
    )
    return {"data": data, "layout": layout}


# ------------------------------------------------------------------------------ events
def event_rows(model: CartelModel, lang: str, last: int = 40) -> list[tuple[str, str]]:
    """The latest events in words, newest first: (date, sentence)."""
    names = mapdata.state_names()
    return [
        (i18n.date(event["year"], lang), i18n.event_line(event, lang, names))
        for event in reversed(model.events[-last:])
    ]


# ----------------------------------------------------------------------------- compare
ARM_COLORS = ("#7f7f7f", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def compare_figure(
    comparison: Any, start_year: float, lang: str = "en", arms: dict[str, str] | None = None
) -> Figure:
    """Homicides a year, active groups and effective number of groups, arm by arm.

    ``arms`` maps arm names in ``comparison`` to labels, reference first (default: the
    reference and the settings of :func:`model.experiments.compare.compare`). Median lines
    and 10-90% bands across the paired replicates; groups are read at each year's end.
    """
    if arms is None:
        arms = {"reference": i18n.text(lang, "compare.reference"),
                "settings": i18n.text(lang, "compare.settings")}  # fmt: skip
    from model.outcomes import OUTCOMES

    t = i18n.text
    n_years = comparison.yearly("reference").shape[1]
    years = [start_year + k + 1 for k in range(n_years)]
    ends = [WEEKS_PER_YEAR * (k + 1) for k in range(n_years)]
    panels = (
        ("y", t(lang, "compare.homicides"), lambda arm: comparison.yearly(arm)),
        ("y2", t(lang, "compare.active"),
         lambda arm: np.stack([OUTCOMES["active_cartels"].at_horizon(
             comparison.arms[arm]["active_cartels"], e) for e in ends], axis=1)),
        ("y3", t(lang, "compare.effective"),
         lambda arm: np.stack([OUTCOMES["effective_cartels"].at_horizon(
             comparison.arms[arm]["effective_cartels"], e) for e in ends], axis=1)),
    )  # fmt: skip
    domains = ([0.70, 1.0], [0.35, 0.63], [0.0, 0.28])
    data: list[dict[str, Any]] = []
    layout = _layout(margin={"l": 80, "r": 20, "t": 20, "b": 60})
    layout["xaxis"] = _axis(t(lang, "compare.year"), anchor="y3",
                            **_year_ticks(years[0], years[-1]))  # fmt: skip
    for n, ((axis, title, values), domain) in enumerate(zip(panels, domains)):
        for k, (arm, label) in enumerate(arms.items()):
            band = comparison.band(values(arm))
            color = ARM_COLORS[k % len(ARM_COLORS)]
            group = f"{arm}"
            data.append(
                {
                    "type": "scatter",
                    "x": years + years[::-1],
                    "y": np.concatenate([band["p90"], band["p10"][::-1]]).tolist(),
                    "fill": "toself",
                    "fillcolor": _alpha(color, 0.18),
                    "line": {"width": 0},
                    "hoverinfo": "skip",
                    "showlegend": False,
                    "yaxis": axis,
                    "legendgroup": group,
                }  # fmt: skip
            )
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": years,
                    "y": band["median"].tolist(),
                    "name": label,
                    "yaxis": axis,
                    "line": {"color": color, "width": 2.5},
                    "legendgroup": group,
                    "showlegend": n == 0,
                    "hovertemplate": "%{y:,.4~g}<extra>" + escape(label) + "</extra>",
                }  # fmt: skip
            )
        key = "yaxis" if axis == "y" else f"yaxis{axis[1:]}"
        layout[key] = _axis(title, domain=domain, anchor="x", rangemode="tozero",
                            tickformat=",~g")  # fmt: skip
    layout["legend"] = {"orientation": "h", "x": 0.0, "y": 1.02, "yanchor": "bottom",
                        "font": {"size": SMALL + 1}}  # fmt: skip
    layout["margin"]["t"] = 50
    return {"data": data, "layout": layout}


def _alpha(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
