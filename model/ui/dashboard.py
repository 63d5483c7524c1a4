"""The Solara dashboard: explore scenarios and levers live, compare policies, teach.

Open it with ``cartelsim dashboard`` or ``solara run app.py`` (binds to 127.0.0.1). It
follows Mesa's SolaraViz conventions (a model per session, Reset / Play / Step, one
component per view redrawn when the model steps) with its own controls: levers change
the running model from the next step (``model.set_levers``). It speaks Spanish and
English (:mod:`model.ui.i18n`), draws interactive plotly charts (:mod:`model.ui.viz`,
:mod:`model.ui.plot`) and serves every asset itself: plotly.js from plotly's package,
Solara's from ``solara-assets``; no ``solara.Markdown`` (it loads KaTeX from a CDN).
"""

from __future__ import annotations

import html
import random
import threading
import time
import warnings
from typing import Any

import solara
import solara.lab
import solara.server.settings

from model.experiments.compare import run_arms
from model.experiments.parallel import default_workers, one_blas_thread
from model.model import CartelModel
from model.params import LeverSpec, lever_specs
from model.scenario import (
    Scenario,
    ScenarioError,
    check_lever,
    load_scenario,
    shipped,
    shipped_names,
    with_overrides,
)
from model.studies import costs
from model.ui import arms, i18n, viz
from model.ui.life import Life, pick_recent
from model.ui.mapdata import ColorBook
from model.ui.plot import Box, Plot, serve_plotly_js
from model.units import WEEKS_PER_YEAR

one_blas_thread()  # the server process steps models: one BLAS thread (see parallel.py)
# Solara warns on every page load over plain http to 127.0.0.1 that it falls back to
# samesite=lax cookies: that fallback is what a local dashboard wants
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
# private and offline however the server was started (also `solara run app.py`): no usage
# telemetry to Mixpanel, and production mode, which skips the solara.dev check iframe
solara.server.settings.telemetry.mixpanel_enable = False
solara.server.settings.main.mode = "production"
solara.server.settings.theme.show_banner = False  # a fixed banner would cover the figures
serve_plotly_js()  # plotly.js from plotly's own package, by the local server

REFERENCE = "baseline"
PLAY_PAUSE_S = 0.02  # pause between steps while playing (lets the browser keep up)
FIGURE_HEIGHT = "max(400px, calc(100vh - 240px))"  # the figures fill the page

CSS = """
.cartelsim-app { font-size: 16px; }
.cartelsim-layout { display: grid; gap: 16px; align-items: start;
  grid-template-columns: minmax(270px, 330px) minmax(0, 1fr); grid-template-rows: auto 1fr;
  grid-template-areas: "scenario main" "levers main"; }
.cartelsim-scenario { grid-area: scenario; }
.cartelsim-levers { grid-area: levers; }
.cartelsim-main { grid-area: main; min-width: 0; }
.cartelsim-app { --cartelsim-map-height: max(360px, min(calc(100vh - 240px),
  calc((100vw - 600px) * 0.63))); }
@media (max-width: 900px) {
  .cartelsim-layout { grid-template-columns: minmax(0, 1fr);
    grid-template-areas: "scenario" "main" "levers"; }
  .cartelsim-app { --cartelsim-map-height: max(340px, min(calc(100vh - 200px),
    calc((100vw - 230px) * 0.63))); }
}
.cartelsim-header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px;
  justify-content: space-between; margin-bottom: 8px; }
.cartelsim-header h1 { font-size: 1.5em; font-weight: 500; margin: 0; }
.cartelsim-headline { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; }
.cartelsim-stat { border: 1px solid #ddd; border-radius: 6px; padding: 2px 12px;
  min-width: 130px; }
.cartelsim-stat b { font-size: 1.35em; display: block; line-height: 1.3; }
.cartelsim-stat span, .cartelsim-hint, .cartelsim-note { font-size: 15px; color: #444; }
.cartelsim-refused { color: #b00020; font-size: 15px; font-weight: 500; white-space: normal; }
.cartelsim-applied { color: #1b5e20; font-size: 15px; white-space: normal; }
.cartelsim-app .v-messages, .cartelsim-app .v-messages__message { font-size: 14px;
  line-height: 1.3; }
.cartelsim-app .v-label { font-size: 16px; }
.cartelsim-app .v-text-field .v-label--active,
.cartelsim-app .v-select .v-label--active { transform: translateY(-22px) scale(0.9); }
.cartelsim-app .v-btn, .cartelsim-app .v-tab { font-size: 15px; letter-spacing: 0; }
.cartelsim-app .v-slider__thumb-label { font-size: 14px; width: 36px !important;
  height: 36px !important; }
.cartelsim-app .v-chip { font-size: 14px; }
.cartelsim-app .v-card__title { font-size: 20px; }
.cartelsim-app .v-tabs-bar { height: auto; }
.cartelsim-app .v-tabs-bar .v-slide-group__wrapper { overflow: visible; contain: none;
  flex: 1 1 100%; min-width: 0; }
.cartelsim-app .v-tabs-bar .v-slide-group__content { flex-wrap: wrap; flex: 1 1 100%;
  min-width: 0; transform: none !important; }
.cartelsim-app .v-tabs-bar .v-slide-group__prev,
.cartelsim-app .v-tabs-bar .v-slide-group__next { display: none !important; }
.cartelsim-app .v-tab { height: 44px; }
.cartelsim-figure-head { display: flex; flex-wrap: wrap; align-items: center;
  justify-content: space-between; gap: 4px 12px; }
.cartelsim-figure-title { font-size: 18px; font-weight: 500; }
.cartelsim-map-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(220px, 300px);
  gap: 12px; align-items: start; }
@media (max-width: 1500px) { .cartelsim-map-layout { grid-template-columns: minmax(0, 1fr); } }
.cartelsim-details { font-size: 16px; overflow-wrap: anywhere; }
.cartelsim-events td { padding: 4px 12px 4px 0; vertical-align: top; font-size: 16px; }
.cartelsim-recruit li { font-size: 16px; margin: 4px 0; }
.cartelsim-events th { text-align: left; font-size: 16px; }
.cartelsim-table { border-collapse: collapse; width: 100%; }
.cartelsim-table td, .cartelsim-table th { border-bottom: 1px solid #ddd; padding: 6px 8px;
  font-size: 15px; text-align: left; vertical-align: top; }
.cartelsim-scroll { overflow-x: auto; max-width: 100%; }
.cartelsim-info { font-size: 16px; max-width: 60em; }
.cartelsim-info h3 { font-size: 20px; margin-top: 12px; }
"""


def scenario_names() -> list[str]:
    """Every scenario file in ``scenarios/``, by name."""
    return shipped_names()


def scenario(name: str) -> Scenario:
    """The shipped scenario ``name``."""
    return load_scenario(shipped() / f"{name}.toml")


def build_model(name: str, seed: int, edits: dict[str, Any] | None = None) -> CartelModel:
    """A fresh model of scenario ``name`` with ``seed``, lever edits applied from the start."""
    spec = scenario(name)
    if edits:
        spec = with_overrides(spec, levers=dict(edits))
    return CartelModel(spec, rng=int(seed))


def _shown(spec: LeverSpec, value: Any, lang: str) -> str:
    """A lever value as the dashboard writes it."""
    if spec.kind == "states":
        return ", ".join(value) if value else i18n.text(lang, "ui.all_states")
    if spec.kind == "choice":
        return i18n.choice_label(str(value), lang)
    return i18n.short_number(value, lang)


class Session:
    """One browser session's model, with a lock so Play and the buttons never overlap."""

    def __init__(self, name: str, seed: int) -> None:
        self.name, self.seed = name, int(seed)
        self.edits: dict[str, Any] = {}
        self.requested: dict[str, Any] = {}  # lever values set since the last step
        self.lock = threading.Lock()
        self.book = ColorBook()  # group colours, stable while the model runs
        self.model = build_model(name, self.seed)
        self.picker = random.Random(self.seed)  # who "Follow a recruit" follows: the page's
        self.life: Life | None = None

    def follow_another(self) -> None:
        """Follow another recruit who joined recently (drawn at random by the page)."""
        with self.lock:
            person = pick_recent(self.model, self.picker)
            self.life = Life.follow(self.model, person) if person is not None else None

    def rebuild(self, name: str | None = None, seed: int | None = None) -> None:
        """New scenario (clears lever edits) or new seed / Reset (keeps them)."""
        with self.lock:
            if name is not None and name != self.name:
                self.name, self.edits = name, {}
            if seed is not None:
                self.seed = int(seed)
            self.model = build_model(self.name, self.seed, self.edits)
            self.requested = {}
            self.book = ColorBook()
            self.picker = random.Random(self.seed)
            self.life = None

    def lever_value(self, key: str) -> Any:
        """The value lever ``key`` takes next week: the one just set, else the current one."""
        return self.requested.get(key, getattr(self.model.levers, key))

    def step(self, weeks: int = 1) -> None:
        """Advance the model ``weeks`` weeks."""
        with self.lock:
            for _ in range(weeks):
                self.model.step()
                if self.life is not None:
                    self.life.update(self.model)
            self.requested = {}

    def set_lever(self, spec: LeverSpec, value: Any, lang: str) -> tuple[bool, str]:
        """Change a lever from the next step; return (accepted, message in ``lang``).

        A refusal says what is allowed and the value in use; the model keeps that value.
        """
        key = spec.name
        current = _shown(spec, self.lever_value(key), lang)
        shown = str(value).strip() if isinstance(value, str) else _shown(spec, value, lang)
        if spec.kind == "number" and isinstance(value, str):
            try:
                value = float(value.strip().replace(",", ""))
            except ValueError:
                return False, i18n.text(lang, "ui.refused_number", value=shown, current=current)
        try:
            value = check_lever("dashboard", key, value)
            # the edits must also make a possible world from the start (Reset rebuilds it)
            with_overrides(scenario(self.name), levers={**self.edits, key: value})
        except ScenarioError as err:
            if (
                spec.kind == "number"
                and spec.range is not None
                and not (spec.range[0] <= float(value) <= spec.range[1])
            ):
                lo, hi = (i18n.short_number(v, lang) for v in spec.range)
                return False, i18n.text(
                    lang, "ui.refused_range", value=shown, lo=lo, hi=hi, current=current
                )
            detail = str(err).split(": ", 1)[-1]
            return False, i18n.text(
                lang, "ui.refused_world", value=shown, detail=detail, current=current
            )
        with self.lock:
            self.model.set_levers(**{key: value})
            self.edits[key] = value
            self.requested[key] = value
        label = i18n.lever_label(spec, lang)
        return True, i18n.text(lang, "ui.applied", lever=label, value=_shown(spec, value, lang))


# --------------------------------------------------------------------------- components
@solara.component
def Headline(model: CartelModel, version: int, lang: str) -> None:
    """Headline numbers (the outcomes' labels)."""
    cells = "".join(
        f"<div class='cartelsim-stat'><b>{html.escape(value)}</b><span>{html.escape(label)}"
        "</span></div>"
        for label, value in viz.headline(model, lang).items()
    )
    solara.HTML(tag="div", unsafe_innerHTML=cells, classes=["cartelsim-headline"])


@solara.component
def LeverControl(session: Session, spec: LeverSpec, version: int, lang: str, on_change) -> None:
    """The control of one lever, its unit, and the answer to a change right under it.

    A refused value is explained there and the field goes back to the value in use.
    """
    answer, set_answer = solara.use_state(("", True))
    resets, set_resets = solara.use_state(0)
    label, unit = i18n.lever_label(spec, lang), i18n.lever_unit(spec, lang)
    value = session.lever_value(spec.name)

    def apply(raw: Any) -> None:
        if raw is None:
            return
        accepted, message = session.set_lever(spec, raw, lang)
        set_answer((message, accepted))
        if not accepted:
            set_resets(lambda n: n + 1)  # a fresh field shows the value in use
        on_change()

    hint = unit
    if spec.typical is not None:
        lo, hi = (i18n.short_number(v, lang) for v in spec.typical)
        hint = i18n.text(lang, "ui.typical", unit=unit, lo=lo, hi=hi)
    message, accepted = answer
    with solara.Div(classes=["cartelsim-lever", f"cartelsim-lever-{spec.name}"]):
        if spec.kind == "choice":
            solara.v.Select(
                label=label,
                v_model=value,
                items=[{"text": i18n.choice_label(c, lang), "value": c} for c in spec.choices],
                on_v_model=apply,
                hint=hint,
                persistent_hint=True,
            )
        elif spec.kind == "states":
            solara.SelectMultiple(
                label, values=list(value), all_values=list(spec.choices), on_value=apply
            )
            solara.Text(hint, classes=["cartelsim-hint"])
        else:
            solara.InputText(
                label,
                value=i18n.short_number(value, lang),
                on_value=apply,
                continuous_update=False,
                message=hint,
                error=bool(message) and not accepted,
            ).key(f"{spec.name}-{resets}")
        if message:
            solara.Text(
                message,
                classes=["cartelsim-applied" if accepted else "cartelsim-refused"],
            )


@solara.component
def Levers(session: Session, version: int, lang: str, on_change) -> None:
    """A control per lever (generated from ``model.params.lever_specs()``)."""
    solara.Text(i18n.text(lang, "ui.levers_hint"), classes=["cartelsim-hint"])
    for spec in lever_specs():
        LeverControl(session, spec, version, lang, on_change).key(f"{spec.name}-{lang}")


@solara.component
def StateDetails(view: Any, lang: str) -> None:
    """The clicked state's groups, members, homicides, force units and recent events."""
    from model.ui.mapdata import hover_text

    with solara.Card(i18n.text(lang, "map.details"), classes=["cartelsim-details"]):
        if view is None:
            solara.Text(i18n.text(lang, "map.hint"), classes=["cartelsim-hint"])
        else:
            solara.HTML(tag="div", unsafe_innerHTML=hover_text(view, lang))


@solara.component
def MapPanel(session: Session, version: int, lang: str) -> None:
    """The map of the 32 states, a colour toggle and the details of a clicked state."""
    mode, set_mode = solara.use_state("group")
    selected, set_selected = solara.use_state(None)
    model = session.model
    figure, views = solara.use_memo(
        lambda: (lambda f, v: (Box(f), v))(*viz.map_figure(model, mode, lang, session.book)),
        dependencies=[version, id(model), mode, lang],
    )
    static = solara.use_memo(lambda: Box(viz.map_static()), dependencies=[])

    def on_click(data: dict[str, Any]) -> None:
        curve = data.get("curve")
        if isinstance(curve, int) and 0 <= curve < len(model.world.codes):
            set_selected(model.world.codes[curve])

    title = i18n.text(lang, "map.title_group" if mode == "group" else "map.title_rate")
    with solara.Div(classes=["cartelsim-figure-head"]):
        solara.Text(title, classes=["cartelsim-figure-title"])
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(i18n.text(lang, "map.color_by"))
            with solara.ToggleButtonsSingle(value=mode, on_value=set_mode, dense=True):
                solara.Button(i18n.text(lang, "map.by_group"), value="group")
                solara.Button(i18n.text(lang, "map.by_rate"), value="rate")
    with solara.Div(classes=["cartelsim-map-layout"]):
        Plot(figure, "map", static=static, height="var(--cartelsim-map-height)",
             on_click=on_click)  # fmt: skip
        view = next((v for v in views if v.code == selected), None)
        StateDetails(view, lang)


@solara.component
def TrendsPanel(model: CartelModel, version: int, lang: str) -> None:
    """Trends with policy changes, leader removals and splits marked."""
    figure = solara.use_memo(
        lambda: Box(viz.trends_figure(model, lang)), dependencies=[version, id(model), lang]
    )
    if figure.value is None:
        solara.Text(i18n.text(lang, "trends.empty"), classes=["cartelsim-note"])
    else:
        Plot(figure, "trends", height=FIGURE_HEIGHT)


@solara.component
def TreePanel(session: Session, version: int, lang: str) -> None:
    """The family tree of splits (zoom for hundreds of groups)."""
    model = session.model
    figure = solara.use_memo(
        lambda: Box(viz.lineage_figure(model, lang, session.book)),
        dependencies=[version, id(model), lang],
    )
    solara.Text(i18n.text(lang, "tree.hint"), classes=["cartelsim-hint"])
    Plot(figure, "lineage", height=FIGURE_HEIGHT)


@solara.component
def RecruitPanel(session: Session, version: int, lang: str, on_change) -> None:
    """Follow a recruit: one recent joiner's life in plain words, and "another recruit"."""
    if session.life is None:
        session.follow_another()
    life = session.life

    def another() -> None:
        session.follow_another()
        on_change()

    solara.Text(i18n.text(lang, "recruit.text"), classes=["cartelsim-note"])
    solara.Button(i18n.text(lang, "recruit.another"), on_click=another, color="primary")
    if life is None:
        solara.Text(i18n.text(lang, "recruit.nobody"), classes=["cartelsim-note"])
        return
    model = session.model
    items = "".join(f"<li>{html.escape(line)}</li>" for line in life.lines(model, lang))
    head = f"<h3>{html.escape(life.header(model, lang))}</h3>"
    solara.HTML(tag="div", unsafe_innerHTML=f"{head}<ul>{items}</ul>",
                classes=["cartelsim-recruit"])  # fmt: skip


@solara.component
def EventLog(model: CartelModel, version: int, lang: str) -> None:
    """The latest events in words, newest first."""
    rows = viz.event_rows(model, lang)
    if not rows:
        solara.Text(i18n.text(lang, "events.empty"), classes=["cartelsim-note"])
        return
    head = (
        f"<tr><th>{html.escape(i18n.text(lang, 'events.date'))}</th>"
        f"<th>{html.escape(i18n.text(lang, 'events.event'))}</th></tr>"
    )
    body = "".join(
        f"<tr><td style='white-space:nowrap'>{html.escape(d)}</td><td>{html.escape(e)}</td></tr>"
        for d, e in rows
    )
    solara.HTML(tag="table", unsafe_innerHTML=head + body, classes=["cartelsim-events"])


def _money(value: float, lang: str) -> str:
    return ("−" if value < 0 else "") + i18n.number(abs(value), lang)


def compare_rows(result: dict[str, Any], lang: str) -> list[list[str]]:
    """The Compare table: per arm, homicides averted, groups at the end, cost per averted."""
    comparison, labels, specs, years = (
        result["comparison"], result["labels"], result["scenarios"], result["years"]
    )  # fmt: skip
    end = years * WEEKS_PER_YEAR
    rows = []
    for arm, label in labels.items():
        averted = (comparison.yearly("reference") - comparison.yearly(arm)).sum(axis=1)
        active = comparison.band(comparison.arms[arm]["active_cartels"][:, end])
        effective = comparison.band(comparison.arms[arm]["effective_cartels"][:, end])
        cost = arms.arm_cost(specs[arm], specs["reference"], averted, years)
        band = i18n.text(
            lang, "compare.band", median=i18n.number(cost.averted["median"], lang),
            p10=i18n.number(cost.averted["p10"], lang), p90=i18n.number(cost.averted["p90"], lang),
        )  # fmt: skip
        if arm == "reference":
            price = per = "—"
        elif not cost.priced:
            price = per = i18n.text(lang, "compare.unpriced")
        else:
            price = _money(cost.cost_per_year, lang)
            per = (
                _money(cost.per_averted, lang)
                if cost.per_averted is not None
                else i18n.text(lang, "compare.none_averted")
            )
        rows.append(
            [label, band if arm != "reference" else "—", i18n.number(active["median"], lang),
             i18n.number(effective["median"], lang, 1), price, per]
        )  # fmt: skip
    return rows


@solara.component
def Compare(session: Session, lang: str) -> None:
    """Paired replicates of the current settings (and picked scenarios) against baseline."""
    replicates, set_replicates = solara.use_state(4)
    years, set_years = solara.use_state(5)
    extra, set_extra = solara.use_state([])
    done, set_done = solara.use_state(0)
    result, set_result = solara.use_state(None)
    error, set_error = solara.use_state("")
    running, set_running = solara.use_state(False)
    t = i18n.text
    labels_now = {"reference": REFERENCE, "settings": t(lang, "compare.settings")}

    def run() -> None:
        set_running(True)
        set_error("")
        set_done(0)
        try:
            specs = {
                "reference": scenario(REFERENCE),
                "settings": build_model(session.name, 0, session.edits).spec,
                **{name: scenario(name) for name in extra},
            }
            counter = {"n": 0}

            def tick(n: int) -> None:
                counter["n"] += n
                set_done(counter["n"])

            comparison = run_arms(
                specs, replicates, steps=years * WEEKS_PER_YEAR, seed=0,
                workers=default_workers(), progress=tick,
            )  # fmt: skip
            set_result(
                {"comparison": comparison, "scenarios": specs, "years": years,
                 "names": list(specs), "start": specs["settings"].params.world.start_year}
            )  # fmt: skip
        except Exception as err:  # shown to the user, never a crash of the page
            set_error(t(lang, "compare.failed", error=err))
        finally:
            set_running(False)

    solara.Text(t(lang, "compare.intro"), classes=["cartelsim-note"])
    solara.SliderInt(
        t(lang, "compare.replicates", n=replicates), value=replicates, min=2, max=20,
        on_value=set_replicates, thumb_label=False,
    )  # fmt: skip
    solara.SliderInt(
        t(lang, "compare.years", n=years), value=years, min=1, max=10, on_value=set_years,
        thumb_label=False,
    )  # fmt: skip
    solara.SelectMultiple(
        t(lang, "compare.also"), values=extra,
        all_values=[n for n in scenario_names() if n != REFERENCE], on_value=set_extra,
    )  # fmt: skip
    solara.Button(
        t(lang, "compare.run"),
        on_click=lambda: threading.Thread(target=run, daemon=True).start(),
        disabled=running,
        color="primary",
    )
    total = replicates * (2 + len(extra))
    if running:
        solara.ProgressLinear(value=100 * done / total)
        solara.Text(t(lang, "compare.progress", done=done, total=total))
    if error:
        solara.Error(error)
    if result is not None:
        labels = {name: labels_now.get(name, name) for name in result["names"]}
        shown = {**result, "labels": labels}
        solara.Text(
            t(lang, "compare.summary", replicates=len(result["comparison"].seeds),
              years=result["years"]),
            classes=["cartelsim-note"],
        )  # fmt: skip
        heads = ["arm", "averted_total", "active_end", "effective_end", "cost", "cost_per"]
        table = (
            "<tr>"
            + "".join(f"<th>{html.escape(t(lang, 'compare.' + h))}</th>" for h in heads)
            + "</tr>"
        )
        for row in compare_rows(shown, lang):
            table += "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        with solara.Div(classes=["cartelsim-scroll"]):
            solara.HTML(tag="table", unsafe_innerHTML=table,
                        classes=["cartelsim-table", "cartelsim-compare-table"])  # fmt: skip
        arrest = i18n.number(costs.cost_per_arrest_usd(), lang)
        solara.Text(t(lang, "compare.cost_note", arrest=arrest), classes=["cartelsim-note"])
        CompareFigure(result, labels, lang)


@solara.component
def CompareFigure(result: dict[str, Any], labels: dict[str, str], lang: str) -> None:
    """The comparison's figure: homicides, active and effective groups, arm by arm."""
    figure = solara.use_memo(
        lambda: Box(viz.compare_figure(result["comparison"], result["start"], lang, labels)),
        dependencies=[id(result), lang],
    )
    Plot(figure, "compare", height="640px")


# -------------------------------------------------------------------------------- page
def _browser_language() -> str:
    """The language the browser asks for (Accept-Language of the page's connection)."""
    headers = solara.lab.headers.value or {}
    accept = headers.get("accept-language") or headers.get("Accept-Language") or [""]
    return i18n.choose_language(accept[0] if isinstance(accept, list) else str(accept))


@solara.component
def Page() -> None:
    """The dashboard page."""
    names = scenario_names()
    session = solara.use_memo(
        lambda: Session(REFERENCE if REFERENCE in names else names[0], 1), dependencies=[]
    )
    first = solara.use_memo(_browser_language, dependencies=[])
    lang, set_lang = solara.use_state(first)
    version, set_version = solara.use_state(0)
    playing = solara.use_reactive(False)
    t = i18n.text

    def redraw() -> None:
        set_version(lambda v: v + 1)

    def play_loop() -> None:
        while playing.value:
            session.step()
            redraw()
            time.sleep(PLAY_PAUSE_S)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def set_playing(value: bool) -> None:
        playing.value = value

    def on_scenario(name: str) -> None:
        set_playing(False)
        session.rebuild(name=name)
        redraw()

    def on_seed(seed: Any) -> None:
        set_playing(False)
        session.rebuild(seed=int(round(float(seed))))
        redraw()

    def on_reset() -> None:
        set_playing(False)
        session.rebuild()
        redraw()

    def on_step() -> None:
        session.step()
        redraw()

    model = session.model
    solara.Title("cartelsim")
    solara.Style(CSS)
    with solara.Div(classes=["cartelsim-app"], attributes={"lang": lang}):
        with solara.Div(classes=["cartelsim-header"]):
            solara.HTML(tag="h1", unsafe_innerHTML=html.escape(t(lang, "ui.title")))
            with solara.Row(style={"align-items": "center"}):
                solara.Text(t(lang, "ui.language"))
                with solara.ToggleButtonsSingle(value=lang, on_value=set_lang,
                                                classes=["cartelsim-language"]):  # fmt: skip
                    solara.Button("Español", value="es")
                    solara.Button("English", value="en")
        with solara.Div(classes=["cartelsim-layout"]):
            # three grid areas: side by side on wide screens; scenario, views, then levers
            # on narrow ones (Step stays at hand)
            with solara.Div(classes=["cartelsim-controls", "cartelsim-scenario"]):
                with solara.Card(t(lang, "ui.scenario_card")):
                    solara.Select(
                        t(lang, "ui.scenario"), value=session.name, values=names,
                        on_value=on_scenario,
                    )  # fmt: skip
                    solara.SliderInt(
                        t(lang, "ui.seed", seed=session.seed), value=session.seed, min=0,
                        max=999, on_value=on_seed, thumb_label=False,
                    )  # fmt: skip
                    with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
                        solara.Button(t(lang, "ui.reset"), on_click=on_reset, color="primary")
                        solara.Button(
                            t(lang, "ui.pause" if playing.value else "ui.play"),
                            on_click=lambda: set_playing(not playing.value),
                            color="primary",
                        )
                        solara.Button(
                            t(lang, "ui.step"), on_click=on_step, color="primary",
                            disabled=playing.value,
                        )  # fmt: skip
                    solara.Text(
                        t(lang, "ui.week", week=int(model.time), date=i18n.date(model.year, lang)),
                        classes=["cartelsim-week"],
                    )
            with solara.Div(classes=["cartelsim-controls", "cartelsim-levers"]):
                with solara.Card(t(lang, "ui.levers")):
                    Levers(session, version, lang, redraw)
            with solara.Div(classes=["cartelsim-main"]):
                Headline(model, version, lang)
                with solara.lab.Tabs(lazy=True):
                    with solara.lab.Tab(t(lang, "tabs.map")):
                        MapPanel(session, version, lang)
                    with solara.lab.Tab(t(lang, "tabs.trends")):
                        TrendsPanel(model, version, lang)
                    with solara.lab.Tab(t(lang, "tabs.tree")):
                        TreePanel(session, version, lang)
                    with solara.lab.Tab(t(lang, "tabs.events")):
                        EventLog(model, version, lang)
                    with solara.lab.Tab(t(lang, "tabs.compare")):
                        Compare(session, lang)
                    with solara.lab.Tab(t(lang, "tabs.recruit")):
                        RecruitPanel(session, version, lang, redraw)
                    with solara.lab.Tab(t(lang, "tabs.info")):
                        solara.HTML(tag="div", unsafe_innerHTML=t(lang, "info.html"),
                                    classes=["cartelsim-info"])  # fmt: skip
