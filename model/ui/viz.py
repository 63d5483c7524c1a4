"""Figures of a running model for the dashboard: map, trends, family tree, event log.

Pure functions of a :class:`~model.model.CartelModel` returning matplotlib figures or
tables, so the dashboard, the benchmark and the tests draw exactly the same thing.
Figures are built with ``matplotlib.figure.Figure`` (no pyplot state, safe in threads).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, ScalarFormatter

from model.outcomes import OUTCOMES
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39",
)  # fmt: skip
EXTINCT = "#c8c8c8"
_LABEL = {name: outcome.label for name, outcome in OUTCOMES.items()}  # model/outcomes.py


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes (light compression: encoding is a fifth of the drawing time)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _encode(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as it stands (after blitting) as PNG bytes."""
    image = PIL.Image.fromarray(np.asarray(canvas.buffer_rgba()))
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def cartel_color(cartel_id: int) -> str:
    """A stable colour per cartel id (the same group keeps its colour all run)."""
    return PALETTE[cartel_id % len(PALETTE)]


def headline(model: CartelModel) -> dict[str, int]:
    """Headline numbers: active groups, homicides in the last 52 weeks, members, removals.

    Labelled with the outcomes' labels of :mod:`model.outcomes`.
    """
    columns = model.datacollector.model_vars
    return {
        _LABEL["active_cartels"]: int(model.current["active_cartels"]),
        f"{_LABEL['homicides']}, last 52 weeks": int(
            sum(columns["homicides"][1:][-WEEKS_PER_YEAR:])
        ),
        _LABEL["members"]: int(model.current["members"]),
        _LABEL["leaders_removed"]: int(sum(columns["leaders_removed"])),
    }


def _homicide_rate(model: CartelModel) -> np.ndarray:
    """Homicides per 100k a year by state (recent average)."""
    return model.recent_homicides * WEEKS_PER_YEAR / model.world.population * 1e5


def _dominant_colors(model: CartelModel) -> list[str]:
    dominant = model.state_rows[-1]["dominant_slot"] if model.state_rows else None
    colors = []
    for s in range(model.world.n):
        slot = int(dominant[s]) if dominant is not None else -1
        cartel = model.cartel_at.get(slot) if slot >= 0 else None
        colors.append(cartel_color(cartel.unique_id) if cartel is not None else EXTINCT)
    return colors


class MapView:
    """The 32 states at their centroids with their borders as edges.

    Each state is coloured by its dominant group and sized by homicides per 100k a year
    (recent average). Borders, labels and title are drawn once into a cached background;
    :meth:`png` redraws only the points over it (matplotlib blitting), which keeps a
    step with its drawing within the dashboard's time budget.
    """

    def __init__(self, model: CartelModel) -> None:
        world = model.world
        self.figure = Figure(figsize=(7.0, 5.0), dpi=72)
        self.canvas = FigureCanvasAgg(self.figure)
        ax = self.ax = self.figure.add_axes((0.01, 0.01, 0.98, 0.86))
        segments = [[(world.lon[i], world.lat[i]), (world.lon[j], world.lat[j])]
                    for i, j in world.edges]  # fmt: skip
        ax.add_collection(LineCollection(segments, colors="#d0d0d0", linewidths=0.8, zorder=1))
        self.points = ax.scatter(world.lon, world.lat, s=30, c=[EXTINCT] * world.n,
                                 edgecolors="black", linewidths=0.5, zorder=2)  # fmt: skip
        for s in range(world.n):  # labels above the points, in the background
            ax.annotate(world.codes[s], (world.lon[s], world.lat[s]), fontsize=6, ha="center",
                        va="bottom", xytext=(0, 5), textcoords="offset points")  # fmt: skip
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.autoscale_view()
        ax.set_title("Dominant group by state; size = homicides per 100k a year", fontsize=9)
        self.points.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.points.set_visible(True)

    def update(self, model: CartelModel) -> Figure:
        """Restyle the points for the model's current week; return the figure."""
        self.points.set_facecolors(_dominant_colors(model))
        self.points.set_sizes(30 + 6 * np.clip(_homicide_rate(model), 0, 150))
        return self.figure

    def png(self, model: CartelModel) -> bytes:
        """PNG of the current week: cached background plus the points."""
        self.update(model)
        self.canvas.restore_region(self.background)
        self.ax.draw_artist(self.points)
        return _encode(self.canvas)


def map_figure(model: CartelModel) -> Figure:
    """The map of :class:`MapView` for the model's current week."""
    return MapView(model).update(model)


TRENDS = (  # panels of (series, label); the labels are the outcomes' (model/outcomes.py)
    (
        ("active_cartels", _LABEL["active_cartels"]),
        ("effective_cartels", f"{_LABEL['effective_cartels']} (1/HHI)"),
    ),
    (("homicides_year", f"{_LABEL['homicides']} a year (52-week rate)"),),
    (
        ("recruits_month", f"{_LABEL['recruits']} a week (4-week mean)"),
        ("deaths_month", f"{_LABEL['member_deaths']} a week (4-week mean)"),
    ),
    (("members", _LABEL["members"]),),
)


class TrendsView:
    """Fragmentation, violence, recruitment and members over time.

    The x axis spans the scenario's horizon and each y axis keeps headroom, so most
    weeks only the lines change: axes, ticks and labels are a cached background and
    :meth:`png` draws the lines over it (matplotlib blitting). A limit that has to grow
    redraws the background once.
    """

    def __init__(self, model: CartelModel) -> None:
        self.figure = Figure(figsize=(5.6, 5.6), dpi=72)
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(len(TRENDS), 1, sharex=True)
        self.figure.subplots_adjust(left=0.13, right=0.89, top=0.98, bottom=0.06, hspace=0.12)
        self.lines: dict[str, Any] = {}
        for ax, panel in zip(self.axes, TRENDS):
            for n, (key, label) in enumerate(panel):
                (self.lines[key],) = ax.plot([], [])
                # coloured labels instead of a legend box: a third of the drawing time
                ax.text(0.01, 0.93 - 0.13 * n, label, transform=ax.transAxes, fontsize=7,
                        va="top", color=self.lines[key].get_color())  # fmt: skip
            ax.tick_params(labelsize=7)
            ax.yaxis.set_major_locator(MaxNLocator(3))
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.xaxis.set_major_formatter(ScalarFormatter(useOffset=False))
            ax.set_ylim(0.0, 1.0)
        per_100k = 1e5 / float(model.world.population.sum())  # same line, rate axis
        rate = self.axes[1].secondary_yaxis(
            "right", functions=(lambda h: h * per_100k, lambda r: r / per_100k)
        )
        rate.set_ylabel("per 100k", fontsize=7)
        rate.tick_params(labelsize=7)
        rate.yaxis.set_major_locator(MaxNLocator(3))
        start = model.params.world.start_year
        self.axes[0].set_xlim(start, start + max(model.spec.steps, 1) / WEEKS_PER_YEAR)
        self.background = None
        self.update(model)

    def _series(self, model: CartelModel) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        columns = model.datacollector.model_vars
        year = np.asarray(columns["year"][1:])
        return year, {
            "active_cartels": np.asarray(columns["active_cartels"][1:], dtype=float),
            "effective_cartels": np.asarray(columns["effective_cartels"][1:], dtype=float),
            "homicides_year": _trailing_mean(columns["homicides"][1:], WEEKS_PER_YEAR)
            * WEEKS_PER_YEAR,
            "recruits_month": _trailing_mean(columns["recruits"][1:], 4),
            "deaths_month": _trailing_mean(columns["member_deaths"][1:], 4),
            "members": np.asarray(columns["members"][1:], dtype=float),
        }

    def update(self, model: CartelModel) -> Figure:
        """Set the lines to the weeks run so far, growing limits if needed; return figure.

        Sets ``self.background`` to None when a limit changed.
        """
        year, series = self._series(model)
        for key, line in self.lines.items():
            line.set_data(year, series[key])
        if not year.size:
            return self.figure
        left, right = self.axes[0].get_xlim()
        if year[-1] > right:  # ran past the horizon: double the span
            self.axes[0].set_xlim(left, left + 2 * (right - left))
            self.background = None
        for ax, panel in zip(self.axes, TRENDS):
            top = max(float(np.nanmax(series[key])) for key, _ in panel)
            if top > ax.get_ylim()[1]:
                ax.set_ylim(0.0, 1.5 * top)  # headroom: a redraw only when it grows by half
                self.background = None
        return self.figure

    def png(self, model: CartelModel) -> bytes:
        """PNG of the weeks run so far: cached background plus the lines."""
        self.update(model)
        if self.background is None:
            for line in self.lines.values():
                line.set_visible(False)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.figure.bbox)
            for line in self.lines.values():
                line.set_visible(True)
        self.canvas.restore_region(self.background)
        for line in self.lines.values():
            line.axes.draw_artist(line)
        return _encode(self.canvas)


def view_png(view: Any, model: CartelModel) -> bytes:
    """PNG of a view for the model's current week (blitted when the view can)."""
    return view.png(model) if hasattr(view, "png") else png(view.update(model))


def _trailing_mean(values: list, window: int) -> np.ndarray:
    """Mean over the last ``window`` values at each point (fewer at the start)."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return x
    total = np.cumsum(x)
    out = total.copy()
    out[window:] = total[window:] - total[:-window]
    return out / np.minimum(np.arange(1, x.size + 1), window)


def trends_figure(model: CartelModel) -> Figure:
    """The trends of :class:`TrendsView` for the weeks run so far."""
    return TrendsView(model).figure


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
        }
        for c in keep
    ]
    return pd.DataFrame(rows, columns=["id", "name", "parent", "root", "born", "died", "end",
                                       "active"])  # fmt: skip


def lineage_figure(model: CartelModel) -> Figure:
    """The family tree: a bar per group from birth to death, a link to its parent.

    Extinct groups are grey.
    """
    frame = lineage_frame(model)
    start = model.params.world.start_year
    fig = Figure(figsize=(6.4, max(2.5, 0.22 * len(frame) + 1)), dpi=80)
    ax = fig.add_subplot()
    order: list[int] = []
    children: dict[int, list[int]] = {}
    for row in frame.itertuples():
        children.setdefault(row.parent, []).append(row.id)

    def visit(node: int) -> None:
        order.append(node)
        for child in children.get(node, []):
            visit(child)

    for root in children.get(-1, []):
        visit(root)
    position = {node: n for n, node in enumerate(order)}
    by_id = frame.set_index("id")
    for node in order:
        row = by_id.loc[node]
        y = position[node]
        x0, x1 = start + row["born"] / WEEKS_PER_YEAR, start + row["end"] / WEEKS_PER_YEAR
        color = cartel_color(node) if row["active"] else EXTINCT
        ax.plot([x0, x1], [y, y], color=color, lw=3, solid_capstyle="butt")
        label = "black" if row["active"] else "#888888"
        ax.annotate(row["name"], (x1, y), fontsize=6, va="center", xytext=(3, 0),
                    textcoords="offset points", color=label)  # fmt: skip
        if row["parent"] in position:
            ax.plot([x0, x0], [position[row["parent"]], y], color="#999999", lw=0.8)
    ax.invert_yaxis()
    ax.set_yticks([])
    ax.tick_params(labelsize=7)
    ax.set_title("Family tree: who split from whom (grey: extinct)", fontsize=9)
    fig.tight_layout()
    return fig


PLAIN = {
    "leader_removed": "Leader of {cartel} removed in {state}: {details}",
    "strike_leaked": "Strike on {cartel} leaked (corrupt units) in {state}",
    "strike_failed": "Strike on {cartel} failed in {state}",
    "succession": "{cartel} has a new leader: {details}",
    "split": "{cartel} split: {details}",
    "alliance": "Alliance: {details}",
    "alliance_broken": "Alliance broken: {details}",
    "merger": "Merger: {details}",
    "extinct": "{cartel} is gone: {details}",
    "lever_changed": "Policy changed from this week: {details}",
    "leader_lost": "Leader of {cartel} lost without a strike: {details}",
    "born": "New group {cartel}: {details}",
    "truce": "Truce: {details}",
    "war_decided": "War decided: {details}",
}


def event_sentences(model: CartelModel, last: int = 30) -> list[dict[str, Any]]:
    """The latest events in plain words, newest first."""
    out = []
    for event in reversed(model.events[-last:]):
        template = PLAIN.get(event["kind"], "{kind}: {details}")
        text = template.format(**{**event, "state": event["state"] or "the country"})
        out.append({"year": f"{event['year']:.2f}", "event": text})
    return out


def compare_figure(comparison: Any, start_year: float) -> Figure:
    """Homicides a year for both arms (median, 10-90% band) and homicides averted."""
    fig = Figure(figsize=(6.4, 4.6), dpi=80)
    top, bottom = fig.subplots(2, 1, sharex=True)
    n_years = comparison.yearly("settings").shape[1]
    years = start_year + np.arange(n_years)
    for arm, color, label in (
        ("reference", "#7f7f7f", "baseline"),
        ("settings", "#d62728", "current settings"),
    ):
        band = comparison.band(comparison.yearly(arm))
        top.fill_between(years, band["p10"], band["p90"], color=color, alpha=0.25)
        top.plot(years, band["median"], color=color, label=label)
    top.set_ylabel(f"{_LABEL['homicides']} a year", fontsize=8)
    top.legend(fontsize=7, loc="upper left")
    diff = comparison.band(comparison.averted())
    bottom.fill_between(years, diff["p10"], diff["p90"], color="#2ca02c", alpha=0.25)
    bottom.plot(
        years, diff["median"], color="#2ca02c", label=f"{_LABEL['homicides']} averted (paired)"
    )
    bottom.axhline(0, color="black", lw=0.6)
    bottom.set_ylabel("averted a year", fontsize=8)
    bottom.legend(fontsize=7, loc="upper left")
    for ax in (top, bottom):
        ax.tick_params(labelsize=7)
    top.set_title(
        f"{len(comparison.seeds)} paired replicates (common random numbers): median, 10-90%",
        fontsize=9,
    )
    fig.tight_layout()
    return fig
