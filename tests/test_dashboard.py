"""The dashboard page, rendered in-process (solara.render) and driven from Python."""

import time
import warnings

import ipyvuetify as v
import numpy as np
import pytest
import solara
from solara.widgets import HTML

from model import load_scenario
from model.experiments.compare import compare
from model.params import lever_specs
from model.ui.dashboard import Page, scenario_names

from .conftest import ROOT

warnings.filterwarnings("ignore", category=UserWarning)


@pytest.fixture
def page():
    _, rc = solara.render(Page(), handle_error=False)
    return rc


def click(rc, label):
    rc.find(v.Btn, children=[label]).widget.click()


def week(rc):
    texts = [w.children[0] for w in rc.find(v.Html, tag="span").widgets if w.children]
    return next(t for t in texts if t.startswith("Week "))


def image(rc, name):
    holder = [w for w in rc.find(v.Html).widgets if w.class_ == f"cartelsim-{name}"]
    return bytes(holder[0].children[0].value)


LABELS = {spec.name: spec.label for spec in lever_specs()}


def type_lever(rc, name, text):
    field = next(f for f in rc.find(v.TextField).widgets if f.label == LABELS[name])
    field.v_model = text
    field.fire_event("focusout", None)  # InputFloat commits on leaving the field


def alerts(rc):
    return [" ".join(map(str, w.children)) for w in rc.find(v.Alert).widgets]


def test_page_renders_every_view(page):
    assert week(page) == "Week 0 (2020.00)"
    tabs = [w.children[0] for w in page.find(v.Tab).widgets]
    assert tabs == ["Map and trends", "Family tree", "Events", "Compare", "Info"]
    spans = [w.children[0] for w in page.find(v.Html, tag="span").widgets if w.children]
    for label in ("active groups", "homicides, last 52 weeks", "members", "leaders removed"):
        assert label in spans
    names = page.find(v.Select).widgets[0].items
    assert names == scenario_names() and "baseline" in names
    assert image(page, "map")[:4] == b"\x89PNG"


def test_step_changes_the_model_and_the_plots_reset_rebuilds(page):
    map0, trends0 = image(page, "map"), image(page, "trends")
    for _ in range(5):
        click(page, "Step")
    assert week(page) == "Week 5 (2020.10)"
    assert image(page, "trends") != trends0
    assert image(page, "map") != map0  # homicides by state have moved the point sizes
    click(page, "Reset")
    assert week(page) == "Week 0 (2020.00)"
    assert image(page, "map") == map0


def test_a_lever_applies_from_the_next_step_and_is_logged(page):
    type_lever(page, "arrests_per_week", "300")
    assert any("from next week" in text for text in alerts(page))
    click(page, "Step")
    page.find(v.Tabs).widget.v_model = 2  # the Events tab
    log = " ".join(str(w.unsafe_innerHTML) for w in page.find(HTML).widgets)
    assert "Policy changed from this week: arrests_per_week: 110.0 -&gt; 300.0" in log


def test_an_impossible_value_is_refused_with_a_message(page):
    type_lever(page, "vetting", "7")
    refused = [text for text in alerts(page) if text.startswith("Refused")]
    assert refused and "vetting" in refused[0] and "0" in refused[0]
    click(page, "Step")  # the model keeps running with the old value
    assert week(page).startswith("Week 1")


def test_every_lever_has_its_control_with_label_and_unit(page):
    selects = {w.label: w for w in page.find(v.Select).widgets}
    fields = {w.label: w for w in page.find(v.TextField).widgets}
    spans = [w.children[0] for w in page.find(v.Html, tag="span").widgets if w.children]
    for spec in lever_specs():
        if spec.kind == "choice":
            assert selects[spec.label].items == list(spec.choices), spec.name
        elif spec.kind == "states":
            assert selects[spec.label].multiple and selects[spec.label].items == list(spec.choices)
        else:
            assert spec.label in fields, spec.name
        assert any(text.startswith(spec.unit) for text in spans), spec.name
    assert "Arrests a week" in fields and "Strike target" in selects


def test_the_state_list_lever_is_a_multi_select(page):
    select = next(
        w for w in page.find(v.Select).widgets if w.label == LABELS["youth_investment_states"]
    )
    select.v_model = ["CHIH", "GRO"]
    assert any(
        "youth_investment_states = ['CHIH', 'GRO'] from next week" in t for t in alerts(page)
    )
    click(page, "Step")
    page.find(v.Tabs).widget.v_model = 2  # the Events tab
    log = " ".join(str(w.unsafe_innerHTML) for w in page.find(HTML).widgets)
    assert "youth_investment_states: [] -&gt; [&#x27;CHIH&#x27;, &#x27;GRO&#x27;]" in log


def test_changing_the_scenario_rebuilds(page):
    click(page, "Step")
    select = page.find(v.Select).widgets[0]
    select.v_model = "kingpin_campaign"
    assert week(page) == "Week 0 (2020.00)"
    for _ in range(3):
        click(page, "Step")
    assert week(page).startswith("Week 3")


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


def test_compare_runs_in_the_background_and_reports_averted_homicides(page):
    page.find(v.Tabs).widget.v_model = 3  # the Compare tab
    sliders = {w.label: w for w in page.find(v.Slider).widgets}
    sliders["Years"].v_model = 1
    sliders["Replicates per arm"].v_model = 2
    click(page, "Run comparison")
    deadline = time.monotonic() + 120
    texts: list[str] = []
    while time.monotonic() < deadline:
        texts = [w.children[0] for w in page.find(v.Html, tag="span").widgets if w.children]
        if any(t.startswith("Homicides averted") for t in texts):
            break
        time.sleep(0.5)
    summary = next(t for t in texts if t.startswith("Homicides averted"))
    # baseline against itself: common random numbers make every paired difference zero
    assert "median 0 (10-90%: 0 to 0)" in summary
