"""The dashboard in Spanish and English: catalogues, numbers, dates and event lines.

Every string the dashboard shows comes from one catalogue per language,
``model/ui/locales/es.toml`` and ``en.toml`` (a test checks both hold the same keys). The
English labels of levers and outcomes are declared once, in ``model/params.py`` and
``model/outcomes.py``; the Spanish catalogue translates them in its ``[levers]``,
``[outcomes]`` and ``[choices]`` tables (a test checks every lever and outcome has one).

Numbers follow Mexican usage in both languages (``12,345.6``: comma for thousands, point
for decimals, as in Mexico's official publications); dates use each language's month
names and order ("12 mar 2021", "Mar 12, 2021"). The language is chosen from the
browser's ``Accept-Language`` and can be switched on the page.
"""

from __future__ import annotations

import ast
import datetime
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from model.outcomes import OUTCOMES
from model.params import LeverSpec

LANGUAGES = ("es", "en")
DEFAULT = "en"  # when the browser asks for neither
LOCALES = Path(__file__).parent / "locales"
# tables of the Spanish catalogue that translate labels declared elsewhere (English is
# read from model/params.py and model/outcomes.py, so these are not in en.toml)
DECLARED_ELSEWHERE = ("levers", "outcomes", "choices")


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """The catalogue of ``lang`` as a flat dict of dotted keys (``"ui.step"``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}")
    with open(LOCALES / f"{lang}.toml", "rb") as file:
        return _flatten(tomllib.load(file))


def text(lang: str, key: str, **values: Any) -> str:
    """The string ``key`` in ``lang`` with ``values`` filled in (``str.format``)."""
    template = catalogue(lang).get(key)
    if template is None:  # never in a tested catalogue; shows the key rather than crash
        template = catalogue(DEFAULT).get(key, key)
    return str(template).format(**values) if values else str(template)


def choose_language(accept_language: str | None) -> str:
    """The first of :data:`LANGUAGES` the browser accepts, by its q-values; else DEFAULT.

    ``accept_language`` is an HTTP ``Accept-Language`` header ("es-MX,es;q=0.9,en;q=0.8").
    """
    ranked = []
    for n, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        ranked.append((-quality, n, tag.strip().lower().split("-")[0]))
    for _, _, lang in sorted(ranked):
        if lang in LANGUAGES:
            return lang
    return DEFAULT


def number(value: float, lang: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals and the separators of ``lang``."""
    plain = f"{float(value):,.{digits}f}"
    thousands, decimal = catalogue(lang)["format.thousands"], catalogue(lang)["format.decimal"]
    return plain.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def short_number(value: Any, lang: str) -> str:
    """A lever value as a person writes it: up to 4 significant decimals, separators."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    value = float(value)
    if value == int(value):
        return number(value, lang)
    digits = min(4, max(1, 3 - len(str(int(abs(value))))))
    return number(value, lang, digits).rstrip("0").rstrip(catalogue(lang)["format.decimal"])


def calendar_date(year: float) -> datetime.date:
    """The calendar day a fractional year (2020.5) falls on."""
    whole = int(year)
    start = datetime.date(whole, 1, 1)
    days = (datetime.date(whole + 1, 1, 1) - start).days
    return start + datetime.timedelta(days=int((year - whole) * days))


def date(year: float, lang: str) -> str:
    """A fractional year as a short date in ``lang`` ("12 mar 2021" / "Mar 12, 2021")."""
    day = calendar_date(year)
    month = catalogue(lang)["format.months"][day.month - 1]
    return text(lang, "format.date", day=day.day, month=month, year=day.year)


def lever_label(spec: LeverSpec, lang: str) -> str:
    """A lever's label: from ``model/params.py`` in English, the catalogue in Spanish."""
    return spec.label if lang == "en" else text(lang, f"levers.{spec.name}.label")


def lever_unit(spec: LeverSpec, lang: str) -> str:
    """A lever's unit, in ``lang``."""
    return spec.unit if lang == "en" else text(lang, f"levers.{spec.name}.unit")


def choice_label(value: str, lang: str) -> str:
    """A choice of a rule lever (``"most_violent"``) in words."""
    return value.replace("_", " ") if lang == "en" else text(lang, f"choices.{value}")


def outcome_label(name: str, lang: str) -> str:
    """An outcome's label: from ``model/outcomes.py`` in English, the catalogue in Spanish."""
    return OUTCOMES[name].label if lang == "en" else text(lang, f"outcomes.{name}")


# details of events between two groups, as the simulation writes them: the other group
_PARTNER = {
    "alliance": re.compile(r"^(?P<a>.+?) \+ (?P<b>.+?)(?: \(.*\))?$"),
    "alliance_broken": re.compile(r"^(?P<a>.+?) / (?P<b>.+)$"),
    "truce": re.compile(r"^(?P<a>.+?) / (?P<b>.+)$"),
    "merger": re.compile(r"^(?P<b>.+?) absorbed by (?P<a>.+)$"),
    "war_decided": re.compile(r"^(?P<a>.+?) prevailed over (?P<b>.+)$"),
}
_LEVER_CHANGE = re.compile(r"^(?P<key>\w+): (?P<old>.*) -> (?P<new>.*)$")


def _lever_value(value: str, lang: str) -> str:
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        parsed = value
    if isinstance(parsed, list):
        return ", ".join(map(str, parsed)) if parsed else text(lang, "events.all_states")
    if isinstance(parsed, str):
        return choice_label(parsed, lang) if f"choices.{parsed}" in catalogue("es") else parsed
    return short_number(parsed, lang)


def event_line(event: dict[str, Any], lang: str, state_names: dict[str, str]) -> str:
    """One event of ``model.events`` in words, from the template of its kind.

    The template (``[events]`` of the catalogue) is filled from the event's group and
    state, the other group of a pair event and, for a policy change, the lever and its
    values; an unknown kind gets the generic ``events.other`` template.
    """
    kind = event["kind"]
    state = event.get("state") or ""
    values = {
        "kind": kind,
        "group": event.get("cartel") or "",
        "state": state_names.get(state, state) if state else text(lang, "events.country"),
        "other": text(lang, "events.another_group"),
    }
    details = str(event.get("details") or "")
    pattern = _PARTNER.get(kind)
    match = pattern.match(details) if pattern else None
    if match:
        values["other"] = match.group("b") if match.group("a") == values["group"] else match["a"]
    if kind == "lever_changed":
        from model.params import lever_specs

        specs = {spec.name: spec for spec in lever_specs()}
        change = _LEVER_CHANGE.match(details)
        if change and change["key"] in specs:
            values["lever"] = lever_label(specs[change["key"]], lang)
            values["old"] = _lever_value(change["old"], lang)
            values["new"] = _lever_value(change["new"], lang)
        else:
            values.update(lever=details, old="", new="")
    key = f"events.{kind}"
    if key not in catalogue(lang):
        key = "events.other"
    return text(lang, key, **values)
