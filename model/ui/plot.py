"""Interactive plotly charts in the dashboard, served by the local server (offline).

plotly's Python package ships ``plotly.min.js``; the dashboard adds that folder to Solara's
asset folders, so the page loads it from ``/static/assets/plotly.min.js`` on the local
server and from nowhere else. :class:`PlotlyWidget` is a small Vue component that draws a
figure (a plotly figure as a plain dict) with ``Plotly.react``, which redraws only what
changed. Attributes that never change (the states' outlines) are sent once as ``static``
and merged into the traces in the browser, so a week's update carries only colours and
hover text, and plotly does not recompute the outlines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipyvuetify
import plotly
import solara
import solara.server.settings
import traitlets

PLOTLY_JS = Path(plotly.__file__).parent / "package_data"  # holds plotly.min.js
CONFIG = {
    "displaylogo": False,  # the logo links to plotly.com
    "responsive": True,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
}

TEMPLATE = """
<template>
  <div class="cartelsim-plot" :style="{height: height, width: '100%'}" data-renders="0">
    <div ref="plot" style="width: 100%; height: 100%"></div>
  </div>
</template>
<script>
module.exports = {
  mounted() {
    if (!window.cartelsimPlotly) {
      const root = (window.solara && window.solara.rootPath) || "";
      window.cartelsimPlotly = new Promise((resolve, reject) => {
        if (window.Plotly) { resolve(window.Plotly); return; }
        const script = document.createElement("script");
        script.src = root + "/static/assets/plotly.min.js";
        script.onload = () => resolve(window.Plotly);
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    window.cartelsimPlotly.then((Plotly) => {
      this.Plotly = Plotly;
      this.draw();
      const el = this.$refs.plot;
      el.on("plotly_click", (event) => {
        const p = event.points && event.points[0];
        if (p) {
          this.click({curve: p.curveNumber, point: p.pointNumber === undefined ? null
                      : p.pointNumber, customdata: p.customdata === undefined ? null
                      : p.customdata});
        }
      });
      this.observer = new ResizeObserver(() => Plotly.Plots.resize(el));
      this.observer.observe(el);
    });
  },
  beforeDestroy() {
    if (this.observer) { this.observer.disconnect(); }
    if (this.Plotly) { this.Plotly.purge(this.$refs.plot); }
  },
  watch: {
    figure() { this.draw(); },
    static_() { this.draw(); },
  },
  methods: {
    draw() {
      if (!this.Plotly || !this.figure.data) { return; }
      const fixed = this.static_ || [];
      const data = this.figure.data.map(
        (trace, i) => (i < fixed.length && fixed[i]) ? Object.assign({}, fixed[i], trace) : trace);
      const el = this.$refs.plot;
      this.Plotly.react(el, data, this.figure.layout, this.config).then(() => {
        const holder = el.parentElement;
        holder.dataset.renders = String(Number(holder.dataset.renders) + 1);
      });
    },
  },
};
</script>
"""


class PlotlyWidget(ipyvuetify.VuetifyTemplate):
    """A plotly figure drawn in the browser by the locally served plotly.js."""

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    figure = traitlets.Dict({}).tag(sync=True)  # {"data": [...], "layout": {...}}
    static_ = traitlets.List([]).tag(sync=True)  # constant attributes of the first traces
    config = traitlets.Dict(CONFIG).tag(sync=True)
    height = traitlets.Unicode("480px").tag(sync=True)
    on_click = traitlets.Callable(None, allow_none=True)
    box = traitlets.Any(None)  # a Box: sets figure (not synced itself)
    static_box = traitlets.Any(None)  # a Box: sets static_

    @traitlets.observe("box")
    def _open_box(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.figure = change["new"].value

    @traitlets.observe("static_box")
    def _open_static_box(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.static_ = change["new"].value

    def vue_click(self, data: dict[str, Any]) -> None:
        """A click on a trace: ``{"curve": n, "point": k or None, "customdata": ...}``."""
        if self.on_click is not None:
            self.on_click(data)


def serve_plotly_js() -> None:
    """Serve plotly.js from the local server (``/static/assets/plotly.min.js``)."""
    locations = solara.server.settings.assets.extra_locations
    if str(PLOTLY_JS) not in locations:
        locations.append(str(PLOTLY_JS))


class Box:
    """A figure handed to :func:`Plot` unopened.

    Solara compares and walks every list and dict passed to a component on every render;
    a figure in a box is compared by identity (make it with ``solara.use_memo``) and never
    walked, which saves most of a week's redraw time.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


@solara.component
def Plot(
    figure: Box,
    name: str,
    static: Box | None = None,
    height: str = "480px",
    on_click: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """A plotly figure (boxed) in a ``div.cartelsim-{name}``; ``static``: see the module doc."""
    with solara.Div(classes=[f"cartelsim-{name}", "cartelsim-figure"]):
        PlotlyWidget.element(box=figure, static_box=static, height=height, on_click=on_click)
