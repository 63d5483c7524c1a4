"""The dashboard's catalogues: both languages complete, every event kind has its template."""

import re
import string

import pytest

from model.outcomes import OUTCOMES
from model.params import DEPLOYMENT, TARGETING, lever_specs
from model.ui import i18n

from .conftest import ROOT


def ui_keys(lang):
    """Keys of the catalogue other than the translations of labels declared elsewhere."""
    return {key for key in i18n.catalogue(lang) if key.split(".")[0] not in i18n.DECLARED_ELSEWHERE}


def placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_exists_in_both_languages():
    assert ui_keys("es") == ui_keys("en")
    # labels declared in model/ are not copied into English
    assert not set(i18n.catalogue("en")) - ui_keys("en")


def test_both_languages_fill_the_same_placeholders_and_differ():
    en, es = i18n.catalogue("en"), i18n.catalogue("es")
    for key in ui_keys("en"):
        if isinstance(en[key], str):
            assert placeholders(en[key]) == placeholders(es[key]), key

    def words(template):
        literal = "".join(text for text, *_ in string.Formatter().parse(template))
        return re.sub(r"\bHHI\b", "", literal)

    same = [k for k in ui_keys("en") if isinstance(en[k], str) and en[k] == es[k]
            and re.search(r"[a-z]", words(en[k]))]  # fmt: skip
    # text in English and Spanish alike: only the name of the reference scenario
    assert same == ["compare.reference"], same


def test_every_lever_outcome_and_rule_has_a_spanish_label():
    es = i18n.catalogue("es")
    for spec in lever_specs():
        assert f"levers.{spec.name}.label" in es and f"levers.{spec.name}.unit" in es, spec.name
    for name in OUTCOMES:
        assert f"outcomes.{name}" in es, name
    for choice in (*TARGETING, *DEPLOYMENT):
        assert f"choices.{choice}" in es, choice
    names = {spec.name for spec in lever_specs()}
    stale = {k.split(".")[1] for k in es if k.startswith("levers.")} - names
    assert not stale, f"translations of levers that no longer exist: {stale}"


def logged_kinds():
    """Every event kind the simulation can log: `log("kind", ...)` anywhere in model/."""
    kinds = set()
    for path in (ROOT / "model").rglob("*.py"):
        kinds |= set(re.findall(r"\blog\(\s*\"(\w+)\"", path.read_text()))
    return kinds


def test_every_event_kind_the_simulation_logs_has_a_template_in_both_languages():
    kinds = logged_kinds()
    assert {"leader_removed", "split", "lever_changed", "alliance"} <= kinds  # the grep works
    for lang in i18n.LANGUAGES:
        for kind in kinds | {"succession_war", "breakaway"}:
            assert f"events.{kind}" in i18n.catalogue(lang), f"{lang}: no template for {kind}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_event_lines_render_from_kind_group_and_state(lang):
    names = {"SIN": "Sinaloa", "JAL": "Jalisco"}
    base = {"year": 2021.5, "cartel": "CJNG", "state": "JAL"}
    for kind in logged_kinds() | {"succession_war", "breakaway"}:
        line = i18n.event_line({**base, "kind": kind, "details": ""}, lang, names)
        assert "{" not in line and line, kind
    line = i18n.event_line({**base, "kind": "alliance", "details": "CJNG + Cuinis (pressure)"},
                           lang, names)  # fmt: skip
    assert "CJNG" in line and "Cuinis" in line and "Jalisco" in line and "pressure" not in line
    merger = {**base, "kind": "merger", "details": "Cuinis absorbed by CJNG"}
    assert "Cuinis" in i18n.event_line(merger, lang, names)
    lever = {"year": 2021.0, "kind": "lever_changed", "cartel": "", "state": "",
             "details": "arrests_per_week: 110.0 -> 3000.5"}  # fmt: skip
    text = i18n.event_line(lever, lang, names)
    assert "110" in text and "3,000.5" in text and "arrests_per_week" not in text
    unknown = i18n.event_line({**base, "kind": "new_kind", "details": "x"}, lang, names)
    assert "new_kind" in unknown and "CJNG" in unknown  # the generic fallback


def test_numbers_and_dates_per_language():
    # Mexican usage in both languages: comma for thousands, point for decimals
    assert i18n.number(12345.6, "es", 1) == "12,345.6" == i18n.number(12345.6, "en", 1)
    assert i18n.short_number(0.35, "es") == "0.35" and i18n.short_number(110.0, "en") == "110"
    assert i18n.date(2021.0, "en") == "Jan 1, 2021"
    assert i18n.date(2021.0, "es") == "1 ene 2021"
    assert i18n.date(2020.5, "es").endswith("jul 2020")


def test_the_browser_language_chooses_and_english_is_the_fallback():
    assert i18n.choose_language("es-MX,es;q=0.9,en;q=0.8") == "es"
    assert i18n.choose_language("en-US,en;q=0.9,es;q=0.8") == "en"
    assert i18n.choose_language("fr-FR,es;q=0.5,en;q=0.4") == "es"
    assert i18n.choose_language("de") == i18n.choose_language(None) == "en"
