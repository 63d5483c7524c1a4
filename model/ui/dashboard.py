"""The Solara dashboard: explore scenarios and levers live, compare policies, teach.

Open it with ``cartelsim dashboard`` or ``solara run app.py`` (binds to 127.0.0.1). It
follows Mesa's SolaraViz conventions (a reactive model, Reset / Play / Step controls in
a sidebar, one component per view redrawn when the model steps) with its own controls:
levers change the running model from the next step (``model.set_levers``) rather than
rebuilding it, as SolaraViz's model parameters would. Everything is served by the local
server (``solara-assets``; no ``solara.Markdown``, which loads KaTeX from a CDN).
"""

from __future__ import annotations

import html
import threading
import time
import warnings
from typing import Any

import solara
import solara.lab
import solara.server.settings

from model.experiments.compare import compare
from model.experiments.parallel import default_workers, one_blas_thread
from model.model import CartelModel
from model.params import LeverSpec, lever_specs
from model.scenario import (
    ScenarioError,
    check_lever,
    load_scenario,
    shipped,
    shipped_names,
    with_overrides,
)
from model.ui import viz
from model.units import WEEKS_PER_YEAR

one_blas_thread()  # the server process steps models: one BLAS thread (see parallel.py)
# Solara warns on every page load over plain http to 127.0.0.1 that it falls back to
# samesite=lax cookies: that fallback is what a local dashboard wants
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
# private and offline however the server was started (also `solara run app.py`): no usage
# telemetry to Mixpanel, and production mode, which skips the solara.dev check iframe
solara.server.settings.telemetry.mixpanel_enable = False
solara.server.settings.main.mode = "production"

REFERENCE = "baseline"
PLAY_PAUSE_S = 0.05  # pause between steps while playing


def scenario_names() -> list[str]:
    """Every scenario file in ``scenarios/``, by name."""
    return shipped_names()


def build_model(name: str, seed: int, edits: dict[str, Any] | None = None) -> CartelModel:
    """A fresh model of scenario ``name`` with ``seed``, lever edits applied from the start."""
    scenario = load_scenario(shipped() / f"{name}.toml")
    if edits:
        scenario = with_overrides(scenario, levers=dict(edits))
    return CartelModel(scenario, rng=int(seed))


class Session:
    """One browser session's model, with a lock so Play and the buttons never overlap."""

    def __init__(self, name: str, seed: int) -> None:
        self.name, self.seed = name, int(seed)
        self.edits: dict[str, Any] = {}
        self.requested: dict[str, Any] = {}  # lever values set since the last step
        self.lock = threading.Lock()
        self.model = build_model(name, self.seed)

    def rebuild(self, name: str | None = None, seed: int | None = None) -> None:
        """New scenario (clears lever edits) or new seed / Reset (keeps them)."""
        with self.lock:
            if name is not None and name != self.name:
                self.name, self.edits = name, {}
            if seed is not None:
                self.seed = int(seed)
            self.model = build_model(self.name, self.seed, self.edits)
            self.requested = {}

    def lever_value(self, key: str) -> Any:
        """The value lever ``key`` takes next week: the one just set, else the current one."""
        return self.requested.get(key, getattr(self.model.levers, key))

    def step(self, weeks: int = 1) -> None:
        """Advance the model ``weeks`` weeks."""
        with self.lock:
            for _ in range(weeks):
                self.model.step()
            self.requested = {}

    def set_lever(self, key: str, value: Any) -> str:
        """Change a lever from the next step; return a message (refusals say why)."""
        try:
            value = check_lever("dashboard", key, value)
            # the edits must also make a possible world from the start (Reset rebuilds it)
            with_overrides(load_scenario(shipped() / f"{self.name}.toml"),
                           levers={**self.edits, key: value})  # fmt: skip
        except ScenarioError as err:
            return f"Refused: {str(err).split(': ', 1)[-1]}"
        with self.lock:
            self.model.set_levers(**{key: value})
            self.edits[key] = value
            self.requested[key] = value
        return f"{key} = {value} from next week"


@solara.component
def Headline(model: CartelModel, version: int) -> None:
    """Headline numbers as cards."""
    with solara.Row(gap="12px"):
        for label, value in viz.headline(model).items():
            with solara.Card(style={"min-width": "150px"}):
                solara.HTML(tag="div", unsafe_innerHTML=f"<b style='font-size:1.6em'>{value:,}</b>")
                solara.Text(label)


@solara.component
def ModelView(view_class, model: CartelModel, version: int, name: str) -> None:
    """A live figure of the model (built once per model, restyled each step) as a PNG."""
    view = solara.use_memo(lambda: view_class(model), dependencies=[id(model)])
    image = solara.use_memo(lambda: viz.view_png(view, model), dependencies=[version, id(model)])
    with solara.Div(classes=[f"cartelsim-{name}"]):
        solara.Image(image)


@solara.component
def ModelFigure(draw, model: CartelModel, version: int, name: str) -> None:
    """A figure of the model drawn from scratch when ``version`` changes (slower views)."""
    image = solara.use_memo(lambda: viz.png(draw(model)), dependencies=[version, id(model)])
    with solara.Div(classes=[f"cartelsim-{name}"]):
        solara.Image(image)


@solara.component
def EventLog(model: CartelModel, version: int) -> None:
    """The latest events in plain words."""
    cell = "<tr><td style='padding-right:12px'>{}</td><td>{}</td></tr>"
    rows = "".join(
        cell.format(e["year"], html.escape(e["event"])) for e in viz.event_sentences(model, last=40)
    )
    empty = "<tr><td>No events yet: press Step.</td></tr>"
    solara.HTML(tag="table", unsafe_innerHTML=rows or empty, classes=["cartelsim-events"])


def lever_hint(spec: LeverSpec) -> str:
    """The unit of a lever and, for a number, the span worth exploring (shown under its control)."""
    if spec.typical is None:
        return spec.unit
    lo, hi = spec.typical
    return f"{spec.unit}; typical {lo:,g} to {hi:,g}"


@solara.component
def LeverControl(spec: LeverSpec, value: Any, on_value) -> None:
    """The control of one lever, chosen by its kind and labelled from its declaration."""
    with solara.Div(classes=["cartelsim-lever", f"cartelsim-lever-{spec.name}"]):
        if spec.kind == "choice":
            solara.Select(spec.label, value=value, values=list(spec.choices), on_value=on_value)
        elif spec.kind == "states":
            solara.SelectMultiple(
                spec.label, values=list(value), all_values=list(spec.choices), on_value=on_value
            )
        else:
            solara.InputFloat(spec.label, value=float(value), on_value=on_value)
        solara.Text(lever_hint(spec), style={"font-size": "0.8em", "color": "#666"})


@solara.component
def Levers(session: Session, version: int, on_change) -> None:
    """A control per lever (generated from ``model.params``); values apply from the next step.

    Every value goes through :meth:`Session.set_lever` (validated by ``check_lever``);
    refusals are shown.
    """
    message, set_message = solara.use_state("")

    def setter(key: str):
        def apply(value: Any) -> None:
            set_message(session.set_lever(key, value))
            on_change()

        return apply

    for spec in lever_specs():
        LeverControl(spec, session.lever_value(spec.name), setter(spec.name))
    if message.startswith("Refused"):
        solara.Error(message, classes=["cartelsim-refused"])
    elif message:
        solara.Info(message)


@solara.component
def Compare(session: Session) -> None:
    """N paired replicates of the current settings against the baseline, in the background."""
    replicates, set_replicates = solara.use_state(4)
    years, set_years = solara.use_state(5)
    done, set_done = solara.use_state(0)
    result, set_result = solara.use_state(None)
    error, set_error = solara.use_state("")
    running, set_running = solara.use_state(False)
    figure = solara.use_memo(
        lambda: viz.compare_figure(*result) if result is not None else None, [id(result)]
    )

    def run() -> None:
        set_running(True)
        set_error("")
        set_done(0)
        try:
            settings = build_model(session.name, 0, session.edits).spec
            reference = load_scenario(shipped() / f"{REFERENCE}.toml")
            counter = {"n": 0}

            def tick(n: int) -> None:
                counter["n"] += n
                set_done(counter["n"])

            comparison = compare(
                settings, reference, replicates, steps=years * WEEKS_PER_YEAR, seed=0,
                workers=default_workers(), progress=tick,
            )  # fmt: skip
            set_result((comparison, settings.params.world.start_year))
        except Exception as err:  # shown to the user, never a crash of the page
            set_error(f"Compare failed: {err}")
        finally:
            set_running(False)

    solara.SliderInt("Replicates per arm", value=replicates, on_value=set_replicates, min=2, max=20)
    solara.SliderInt("Years", value=years, on_value=set_years, min=1, max=10)
    solara.Button(
        "Run comparison",
        on_click=lambda: threading.Thread(target=run, daemon=True).start(),
        disabled=running,
        color="primary",
    )
    total = 2 * replicates
    if running:
        solara.ProgressLinear(value=100 * done / total)
        solara.Text(f"{done} of {total} runs done")
    if error:
        solara.Error(error)
    if result is not None:
        comparison = result[0]
        averted = comparison.averted().sum(axis=1)
        band = comparison.band(averted)
        solara.Text(
            f"Homicides averted over {comparison.yearly('settings').shape[1]} years against "
            f"'{REFERENCE}': median {band['median']:,.0f} (10-90%: {band['p10']:,.0f} to "
            f"{band['p90']:,.0f}); negative means more homicides."
        )
        solara.Image(viz.png(figure))


INFO = """
<h3>What is it?</h3>
<p>An agent-based model of Mexico's drug-trafficking organizations, the state forces that
fight them and the young people they recruit, on the 32 states. Each step is one week.</p>
<h3>How it works</h3>
<p>Groups earn from the plazas they hold, pay wages, buy arms, bribe forces and hand out
money. Young people join when a group's offer beats legal income. Members of rival groups
kill each other where they meet, more so when allies are few (the Science 2023 kernel).
Forces arrest members and strike leaders; a leader removed from a weakly cohesive group
can split it into rival factions. Groups ally under pressure, merge, expand into vacuums
and die out.</p>
<h3>How to use it</h3>
<p>Pick a scenario and a seed, press <b>Step</b> or <b>Play</b>. Change a lever while it runs:
it applies from the next week and the event log says so. <b>Reset</b> restarts the scenario
with your lever changes from the start. <b>Compare</b> runs replicates of your settings
against the baseline with common random numbers.</p>
<h3>Things to notice</h3>
<ul><li>After a leader strike, watch the family tree: does the group split? Does violence
rise in its states?</li><li>The effective number of groups can rise while the count of
groups barely moves.</li></ul>
<h3>Things to try</h3>
<ul><li>Set leader strikes to 24 a year, then to 0, and compare both with the baseline.</li>
<li>Raise youth investment to 2,600 US$ a year; compare.</li>
<li>Set vetting to 1 with strikes on: do fewer strikes leak?</li></ul>
<h3>Credits and references</h3>
<p>cartelsim (open source). Network and rates: Prieto-Curiel, Campedelli &amp; Hope (2023),
Science 381:1312. Mechanisms: Jones (2013), Phillips (2015), Dickenson (2014), Calderoni et
al. (2022). Critique: Caulkins, Kilmer &amp; Reuter (2023). Populations: INEGI 2020. Full
model description: docs/ODD.md.</p>
"""


@solara.component
def Page() -> None:
    """The dashboard page."""
    names = scenario_names()
    session = solara.use_memo(
        lambda: Session(REFERENCE if REFERENCE in names else names[0], 1), dependencies=[]
    )
    version, set_version = solara.use_state(0)
    playing = solara.use_reactive(False)

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

    def on_seed(seed: int) -> None:
        set_playing(False)
        session.rebuild(seed=seed)
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
    with solara.Columns([1, 3]):
        with solara.Column(classes=["cartelsim-controls"]):
            with solara.Card("Scenario"):
                solara.Select("Scenario", value=session.name, values=names, on_value=on_scenario)
                solara.SliderInt("Seed", value=session.seed, min=0, max=999, on_value=on_seed)
                with solara.Row():
                    solara.Button("Reset", on_click=on_reset, color="primary")
                    solara.Button(
                        "Pause" if playing.value else "Play",
                        on_click=lambda: set_playing(not playing.value),
                        color="primary",
                    )
                    solara.Button("Step", on_click=on_step, color="primary", disabled=playing.value)
                solara.Text(
                    f"Week {int(model.time)} ({model.year:.2f})", classes=["cartelsim-week"]
                )
            with solara.Card("Levers"):
                Levers(session, version, redraw)
        with solara.Column():
            solara.HTML(
                tag="h2",
                unsafe_innerHTML="cartelsim: cartel fragmentation and violence under policy",
            )
            Headline(model, version)
            with solara.lab.Tabs(lazy=True):
                with solara.lab.Tab("Map and trends"):
                    with solara.Columns([1, 1]):
                        ModelView(viz.MapView, model, version, "map")
                        ModelView(viz.TrendsView, model, version, "trends")
                with solara.lab.Tab("Family tree"):
                    ModelFigure(viz.lineage_figure, model, version, "lineage")
                with solara.lab.Tab("Events"):
                    EventLog(model, version)
                with solara.lab.Tab("Compare"):
                    Compare(session)
                with solara.lab.Tab("Info"):
                    solara.HTML(tag="div", unsafe_innerHTML=INFO)
