"""The dashboard page, rendered in-process (solara.render) and driven from Python."""

import time
import warnings

import ipyvuetify as v
import numpy as np
import plotly.graph_objects as go
import pytest
import solara
from solara.widgets import HTML

from model import load_scenario
from model.experiments.compare import compare
from model.params import lever_specs
from model.studies import costs
from model.ui import arms
from model.ui.dashboard import Page, scenario_names
from model.ui.plot import PlotlyWidget
from model.units import WEEKS_PER_YEAR

from .conftest import ROOT

warnings.filterwarnings("ignore", category=UserWarning)


@pytest.fixture
def page():
    _, rc = solara.render(Page(), handle_error=False)
    return rc


def click(rc, label):
    rc.find(v.Btn, children=[label]).widget.click()


def texts(rc):
    return [str(w.children[0]) for w in rc.find(v.Html, tag="span").widgets if w.children]


def week(rc):
    return str(rc.find(v.Html, class_="cartelsim-week").widget.children[0])


def figure(rc, name):
    holder = rc.find(v.Html, class_=f"cartelsim-{name} cartelsim-figure").widget
    (plot,) = [c for c in holder.children if isinstance(c, PlotlyWidget)]
    return plot


def valid(plot):
    """The widget's figure, with its static attributes merged, checked by plotly."""
    data = [{**plot.static_[i], **t} if i < len(plot.static_) else t
            for i, t in enumerate(plot.figure["data"])]  # fmt: skip
    go.Figure({"data": data, "layout": plot.figure["layout"]})
    return plot.figure


def show_tab(rc, n):
    rc.find(v.Tabs).widget.v_model = n


def log_html(rc):
    show_tab(rc, 3)  # the Events tab
    return " ".join(str(w.unsafe_innerHTML) for w in rc.find(HTML).widgets)


LABELS = {spec.name: spec.label for spec in lever_specs()}


def field(rc, name):
    return next(f for f in rc.find(v.TextField).widgets if f.label == LABELS[name])


def type_lever(rc, name, text):
    box = field(rc, name)
    box.v_model = text
    box.fire_event("focusout", None)  # the field commits on leaving it (or Enter)


def answers(rc, kind):
    return [str(w.children[0]) for w in rc.find(v.Html, class_=f"cartelsim-{kind}").widgets]


def test_page_renders_every_view(page):
    assert week(page) == "Week 0 · Jan 1, 2020"
    tabs = [w.children[0] for w in page.find(v.Tab).widgets]
    assert tabs == ["Map", "Trends", "Family tree", "Events", "Compare", "Follow a recruit",
                    "Info"]  # fmt: skip
    headline = " ".join(str(w.unsafe_innerHTML) for w in page.find(HTML).widgets)
    for label in ("active groups", "homicides, last 52 weeks", "members", "leaders removed"):
        assert label in headline
    names = page.find(v.Select).widgets[0].items
    assert names == scenario_names() and "baseline" in names
    plot = figure(page, "map")
    assert len(plot.static_) == 32 and len(valid(plot)["data"]) > 32
    for n in range(1, 7):
        show_tab(page, n)
    show_tab(page, 1)
    assert any(t.startswith("The trends appear after the first week") for t in texts(page))
    show_tab(page, 6)
    info = " ".join(str(w.unsafe_innerHTML) for w in page.find(HTML).widgets)
    assert "State boundaries: Natural Earth (public domain)" in info


def test_step_changes_the_model_and_the_figures_reset_rebuilds(page):
    map0 = figure(page, "map").figure
    for _ in range(5):
        click(page, "Step")
    assert week(page) == "Week 5 · Feb 5, 2020"
    map5 = valid(figure(page, "map"))
    assert map5 is not map0 and [t["text"] for t in map5["data"][:32]] != [
        t["text"] for t in map0["data"][:32]
    ]
    show_tab(page, 1)
    trends = valid(figure(page, "trends"))
    assert len(trends["data"][0]["x"]) == 5
    titles = {k: a["title"]["text"] for k, a in trends["layout"].items() if k.startswith("yaxis")}
    assert len(titles) == 4 and all(titles.values())  # every panel has its axis title
    show_tab(page, 2)
    valid(figure(page, "lineage"))
    click(page, "Reset")
    assert week(page) == "Week 0 · Jan 1, 2020"


def test_a_lever_applies_from_the_next_step_and_is_logged(page):
    type_lever(page, "arrests_per_week", "300")
    assert answers(page, "applied") == ["Arrests a week = 300 from next week"]
    assert field(page, "arrests_per_week").v_model == "300"
    click(page, "Step")
    assert "Policy changed from this week: Arrests a week: 110 → 300" in log_html(page)
    show_tab(page, 1)  # and the change is marked on the trends
    marks = [t for t in figure(page, "trends").figure["data"] if t.get("legendgroup") == "lever"]
    assert marks and len(marks[0]["x"]) == 1


def test_an_impossible_value_is_refused_next_to_its_field_which_shows_the_value_in_use(page):
    type_lever(page, "vetting", "7")
    (refused,) = answers(page, "refused")
    assert refused == "Refused 7: allowed is a number from 0 to 1. In use: 0."
    assert field(page, "vetting").v_model == "0" and field(page, "vetting").error
    type_lever(page, "arrests_per_week", "abc")
    assert "Refused “abc”: not a number. In use: 110." in answers(page, "refused")
    assert field(page, "arrests_per_week").v_model == "110"
    click(page, "Step")  # the model keeps running with the old values
    assert week(page).startswith("Week 1 ")
    assert "Policy changed" not in log_html(page)


def test_every_lever_has_its_control_with_label_and_unit(page):
    selects = {w.label: w for w in page.find(v.Select).widgets}
    fields = {w.label: w for w in page.find(v.TextField).widgets}
    for spec in lever_specs():
        if spec.kind == "choice":
            items = selects[spec.label].items
            assert [i["value"] for i in items] == list(spec.choices), spec.name
            assert spec.unit in selects[spec.label].hint
        elif spec.kind == "states":
            assert selects[spec.label].multiple and selects[spec.label].items == list(spec.choices)
            assert spec.unit in texts(page)
        else:
            assert fields[spec.label].messages[0].startswith(spec.unit), spec.name


def test_the_state_list_lever_is_a_multi_select(page):
    select = next(
        w for w in page.find(v.Select).widgets if w.label == LABELS["youth_investment_states"]
    )
    select.v_model = ["CHIH", "GRO"]
    assert answers(page, "applied") == [
        "States with youth investment (none: all) = CHIH, GRO from next week"
    ]
    click(page, "Step")
    assert "all states → CHIH, GRO" in log_html(page)


def test_the_scenario_picker_loads_its_levers_and_the_seed_is_an_integer(page):
    click(page, "Step")
    select = page.find(v.Select).widgets[0]
    select.v_model = "kingpin_campaign"
    assert week(page) == "Week 0 · Jan 1, 2020"
    assert field(page, "kingpin_strikes_per_year").v_model == "12"
    seed = next(w for w in page.find(v.Slider).widgets if w.label.startswith("Seed"))
    seed.v_model = 7.6
    label = next(w for w in page.find(v.Slider).widgets if w.label.startswith("Seed")).label
    assert label in ("Seed: 7", "Seed: 8")  # coerced to an integer
    for _ in range(3):
        click(page, "Step")
    assert week(page).startswith("Week 3 ")


def test_the_language_switch_changes_the_page(page):
    click(page, "Step")
    page.find(v.BtnToggle, class_="cartelsim-language").widget.v_model = 0  # Español
    assert week(page) == "Semana 1 · 8 ene 2020"
    tabs = [w.children[0] for w in page.find(v.Tab).widgets]
    assert tabs[0] == "Mapa" and tabs[-1] == "Información"
    assert "Paso" in [b.children[0] for b in page.find(v.Btn).widgets if b.children]
    assert any(w.label == "Depuración de las fuerzas" for w in page.find(v.TextField).widgets)
    plot = figure(page, "map")
    assert plot.figure["data"][0]["text"].count("Miembros:") == 1
    box = next(f for f in page.find(v.TextField).widgets if f.label.startswith("Depuración"))
    box.v_model = "7"
    box.fire_event("focusout", None)
    assert answers(page, "refused") == ["Rechazado 7: se admite un número de 0 a 1. En uso: 0."]


def test_cost_of_an_arm_per_homicide_averted():
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    youth = load_scenario(ROOT / "scenarios" / "youth_first.toml")
    per_youth = youth.params.levers.youth_investment
    assert arms.annual_cost_usd(youth, baseline, 5) == pytest.approx(
        per_youth * costs.at_risk_youths(youth.params)
    )
    averted = np.array([100.0, 200.0, 300.0])
    result = arms.arm_cost(youth, baseline, averted, 5)
    assert result.averted["median"] == 200.0 and result.priced
    assert result.per_averted == pytest.approx(result.cost_per_year * 5 / 200.0)
    assert arms.arm_cost(youth, baseline, -averted, 5).per_averted is None  # none averted
    # arrests beyond the reference cost their prison-years, in the states' weeks they run
    from model.scenario import with_overrides

    more = with_overrides(baseline, levers={"arrests_per_week": 210.0})
    assert arms.annual_cost_usd(more, baseline, 2) == pytest.approx(
        100 * WEEKS_PER_YEAR * costs.cost_per_arrest_usd()
    )
    # youth investment in some states costs only their share of the youths
    some = with_overrides(baseline, levers={"youth_investment": 1000.0,
                                            "youth_investment_states": ["CHIH"]})  # fmt: skip
    assert 0 < arms.annual_cost_usd(some, baseline, 1) < 1000.0 * costs.at_risk_youths() / 10
    # a campaign of strikes has no price: unpriced, whatever it averts
    kingpin = load_scenario(ROOT / "scenarios" / "kingpin_campaign.toml")
    assert not arms.arm_cost(kingpin, baseline, averted, 5).priced
    # the schedule is followed: strikes stop in 2026, six years into the run
    weekly = arms.weekly_levers(kingpin, 520)
    assert weekly[0]["kingpin_strikes_per_year"] == 12.0 and weekly[-1][
        "kingpin_strikes_per_year"] == 0.0  # fmt: skip


def test_paired_comparison_bands_and_differences():
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    youth = load_scenario(ROOT / "scenarios" / "youth_first.toml")
    result = compare(youth, baseline, replicates=3, steps=104, workers=1)
    yearly = result.yearly("settings")
    assert yearly.shape == (3, 2)
    assert np.array_equal(result.averted(), result.yearly("reference") - yearly)
    band = result.band(result.averted())
    assert np.all(band["p10"] <= band["median"]) and np.all(band["median"] <= band["p90"])
    # common random numbers: the reference arm equals a run of the baseline with that seed
    again = compare(baseline, baseline, replicates=1, steps=104, workers=1)
    assert np.array_equal(again.averted(), np.zeros((1, 2)))


def test_compare_runs_in_the_background_and_reports_fragmentation_and_cost(page):
    show_tab(page, 4)  # the Compare tab
    sliders = {w.label: w for w in page.find(v.Slider).widgets}
    sliders["Years: 5"].v_model = 1
    sliders["Replicates per arm: 4"].v_model = 2
    click(page, "Run comparison")
    deadline = time.monotonic() + 120
    table = ""
    while time.monotonic() < deadline:
        found = [w for w in page.find(HTML).widgets if "<th>Arm</th>" in w.unsafe_innerHTML]
        errors = [w.children for w in page.find(v.Alert).widgets]
        assert not errors, errors
        if found:
            table = str(found[0].unsafe_innerHTML)
            break
        time.sleep(0.5)
    assert "Effective number of groups at the end" in table and "Cost per homicide" in table
    # baseline against itself: common random numbers make every paired difference zero
    assert "<td>Your settings</td><td>0 (0 to 0)</td>" in table and "none averted" in table
    plot = figure(page, "compare")
    titles = [a["title"]["text"] for k, a in valid(plot)["layout"].items() if k.startswith("yaxis")]
    assert titles == ["Homicides a year", "Active groups", "Effective number of groups"]


def story(rc):
    return " ".join(str(w.unsafe_innerHTML) for w in rc.find(HTML).widgets
                    if "Person no." in str(w.unsafe_innerHTML))  # fmt: skip


def test_follow_a_recruit_tells_a_life_as_the_run_steps(page):
    show_tab(page, 5)
    first = story(page)
    assert "Person no." in first and "already a member of" in first  # week 0: no recruit yet
    for _ in range(3):
        click(page, "Step")
    click(page, "Another recruit")
    told = story(page)
    assert told != first and "joined" in told and "aged" in told
    page.find(v.BtnToggle, class_="cartelsim-language").widget.v_model = 0  # Español
    assert "se unió a" in " ".join(str(w.unsafe_innerHTML) for w in page.find(HTML).widgets)
    assert "Persona n.º" in " ".join(str(w.unsafe_innerHTML) for w in page.find(HTML).widgets)
