"""Scenario files: read, validate against the parameter schema, resolve defaults.

A scenario is a TOML file::

    [scenario]
    name = "kingpin_campaign"
    description = "Strikes on the largest group ..."
    steps = 520                       # weeks

    [levers]                          # what policy controls (see model.params.Levers)
    kingpin_strikes_per_year = 12

    [conflict]                        # any uncertainty section may override defaults
    split_rivalry = 3.0

    [[schedule]]                      # lever changes at a date (year) or a step
    year = 2026.0
    kingpin_strikes_per_year = 0

    [[strikes]]                       # a dated leader removal (the record says it happened)
    year = 2024.55
    target = "Sinaloa"                # a group (or wing) of the world's landscape
    how = "captured"                  # or "killed"

Any problem is raised as :class:`ScenarioError` with one line naming the file, the key
and what is allowed. Limits: only regular files are read, of at most
:data:`MAX_FILE_BYTES` bytes, with brackets nested at most :data:`MAX_NESTING` deep (checked
on the text before parsing); every number is finite; a scenario name is letters, digits,
``_`` and ``-``; dated entries fall within the horizon (at most :data:`MAX_DATED` of each
kind); and the parameters must describe a possible world (:func:`check_consistency`).
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import reprlib
import stat
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from model.params import SECTIONS, Levers, Params
from model.processes.prisons import mean_years_served
from model.units import WEEKS_PER_YEAR
from model.world import state_codes, state_populations

SCENARIO_KEYS = {"name": str, "description": str, "steps": int}
MAX_STEPS = 100_000  # weeks (about 1,900 years): the horizon of a scenario, sweep or analysis
MAX_FILE_BYTES = 2_000_000  # a scenario or spec file; the shipped ones are under 5 kB
MAX_NESTING = 50  # brackets ([ and {) nested in a TOML file, counted before parsing
MAX_DATED = 10_000  # [[schedule]] entries, and [[strikes]] entries, in one scenario
NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")  # a scenario name: never a path
NAME_ALLOWED = "1 to 100 letters, digits, '_' or '-' (a name, not a path)"


class ScenarioError(ValueError):
    """A scenario file or value is invalid; the message is one line for the user."""


_SHOW = reprlib.Repr(maxstring=80, maxother=80, maxlevel=3, maxlist=6, maxdict=4)


def show(value: Any) -> str:
    """A value as an error message quotes it: its repr, shortened (long or deep values)."""
    return _SHOW.repr(value)


@dataclass
class Scenario:
    """A resolved scenario: every parameter filled in, schedule converted to steps."""

    name: str = "default"
    description: str = ""
    steps: int = 520
    params: Params = field(default_factory=Params)
    schedule: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    strikes: list[tuple[int, str, str]] = field(default_factory=list)  # (step, group, how)
    source: str = "<defaults>"

    def year_of(self, step: float) -> float:
        """Calendar year (fractional) at the start of a step."""
        return self.params.world.start_year + step / WEEKS_PER_YEAR

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario in the TOML layout (every default filled in)."""
        out: dict[str, Any] = {
            "scenario": {"name": self.name, "description": self.description, "steps": self.steps}
        }
        out.update(self.params.to_dict())
        if self.schedule:
            out["schedule"] = [{"step": step, **changes} for step, changes in self.schedule]
        if self.strikes:
            out["strikes"] = [
                {"step": step, "target": target, "how": how} for step, target, how in self.strikes
            ]
        return out

    def to_toml(self) -> str:
        """The resolved scenario as TOML text; loading it gives the same scenario."""
        return tomli_w.dumps(self.to_dict())


def _describe_allowed(f: dataclasses.Field) -> str:
    meta = f.metadata
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    if f.type in ("bool", bool):
        return "true or false"
    if f.type in ("list", list):
        return "a list of state codes (" + ", ".join(state_codes()) + ")"
    kind = "an integer" if f.type in ("int", int) else "a number"
    if meta.get("range"):
        lo, hi = meta["range"]
        return f"{kind} from {lo:g} to {hi:g}"
    return kind


def _check_value(where: str, key: str, f: dataclasses.Field, value: Any) -> Any:
    """Return ``value`` converted to the field's type, or raise ScenarioError."""
    allowed = _describe_allowed(f)

    def fail(problem: str) -> ScenarioError:
        return ScenarioError(f"{where}: key '{key}': {problem}; allowed: {allowed}")

    kind = f.type if isinstance(f.type, str) else f.type.__name__
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail(f"got {show(value)}")
        return value
    if kind == "list":
        codes = set(state_codes())
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"got {show(value)}")
        unknown = [v for v in value if v not in codes]
        if unknown:
            raise fail(f"unknown state code(s) {', '.join(unknown)}")
        return list(value)
    if kind == "str":
        if not isinstance(value, str) or value not in f.metadata["choices"]:
            raise fail(f"got {show(value)}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(f"got {show(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise fail(f"got {show(value)}, not a finite number")
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise fail(f"got {show(value)}")
        value = int(value)
    else:
        value = float(value)
    lo, hi = f.metadata["range"]
    if not (lo <= value <= hi):
        raise fail(f"got {show(value)}, out of range")
    return value


def _fields(section: str) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(SECTIONS[section])}


def check_lever(where: str, key: str, value: Any) -> Any:
    """Validate one lever value; return it converted, or raise ScenarioError."""
    fields = _fields("levers")
    if key not in fields:
        raise ScenarioError(f"{where}: unknown lever '{key}'; allowed: {', '.join(fields)}")
    return _check_value(where, key, fields[key], value)


def _apply_section(where: str, section: str, table: Any, target: Any) -> None:
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: key '{section}': must be a table [{section}]")
    fields = _fields(section)
    for key, value in table.items():
        if key not in fields:
            raise ScenarioError(
                f"{where}: unknown key '{section}.{key}'; allowed: {', '.join(fields)}"
            )
        setattr(target, key, _check_value(where, f"{section}.{key}", fields[key], value))


KINDS = {int: "an integer", str: "a string", float: "a number"}


def check_header(where: str, name: str, table: Any, keys: dict[str, type]) -> dict[str, Any]:
    """A header table such as ``[scenario]`` or ``[sweep]``: known keys of the right type.

    Returns the table; raises ScenarioError in one line naming the key and what is allowed.
    """
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: key '{name}': must be a [{name}] table")
    for key, value in table.items():
        if key not in keys:
            raise ScenarioError(f"{where}: unknown key '{name}.{key}'; allowed: {', '.join(keys)}")
        kind = keys[key]
        finite = not isinstance(value, float) or math.isfinite(value)
        if isinstance(value, bool) or not isinstance(value, kind) or not finite:
            raise ScenarioError(
                f"{where}: key '{name}.{key}': got {show(value)}; allowed: {KINDS[kind]}"
            )
    return table


def check_range(where: str, key: str, value: int, lo: int, hi: int) -> int:
    """An integer of a header within ``lo..hi``; ScenarioError in one line otherwise."""
    if not lo <= value <= hi:
        raise ScenarioError(
            f"{where}: key '{key}': got {show(value)}, out of range; "
            f"allowed: an integer from {lo:,} to {hi:,}"
        )
    return value


def scenario_from_dict(data: dict[str, Any], where: str = "<scenario>") -> Scenario:
    """Build and validate a :class:`Scenario` from the TOML layout."""
    scenario = Scenario(source=where)
    allowed_top = ["scenario", *SECTIONS, "schedule", "strikes"]
    for top in data:
        if top not in allowed_top:
            raise ScenarioError(f"{where}: unknown key '{top}'; allowed: {', '.join(allowed_top)}")
    meta = check_header(where, "scenario", data.get("scenario", {}), SCENARIO_KEYS)
    for key, value in meta.items():
        if key == "steps":
            check_range(where, "scenario.steps", value, 1, MAX_STEPS)
        if key == "name" and not NAME.fullmatch(value):
            raise ScenarioError(
                f"{where}: key 'scenario.name': got {show(value)}; allowed: {NAME_ALLOWED}"
            )
        setattr(scenario, key, value)
    for section in SECTIONS:
        if section in data:
            _apply_section(where, section, data[section], getattr(scenario.params, section))
    scenario.schedule = _parse_schedule(where, data.get("schedule", []), scenario)
    scenario.strikes = _parse_strikes(where, data.get("strikes", []), scenario)
    check_consistency(where, scenario)
    return scenario


# parameters the cross-field rules of check_consistency read (a sensitivity analysis
# checks every corner of the ranges it gives them)
CONSISTENCY_KEYS = (
    "enforcement.arrest_cap",
    "enforcement.killed_per_arrest",
    "prisons.remand_median_years",
    "prisons.sentence_median_years",
    "prisons.conviction_share",
    "world.initial_members",
    "world.youth_share",
    "world.at_risk_share",
)


def check_consistency(where: str, scenario: Scenario) -> None:
    """Refuse parameters that are valid one by one but together describe no possible world.

    - A week's arrests and deaths in state operations in a place may not exceed a group's
      members there: ``arrest_cap * (1 + killed_per_arrest) <= 1``.
    - The prisoners at the start are the steady state of the status-quo arrest flow,
      ``110 x mean years served x 52``; they may not exceed the people the
      groups are drawn from: the initial members plus the at-risk youths at the start.

    Refused, not capped: raises ScenarioError in one line naming the keys and the limit.
    """
    p = scenario.params
    e, w = p.enforcement, p.world
    removed = e.arrest_cap * (1.0 + e.killed_per_arrest)
    if removed > 1.0:
        raise ScenarioError(
            f"{where}: keys 'enforcement.arrest_cap' and 'enforcement.killed_per_arrest': "
            f"a week would arrest and kill {removed:g} times a group's members "
            f"(arrest_cap x (1 + killed_per_arrest)); allowed: at most 1"
        )
    prisoners = Levers().arrests_per_week * mean_years_served(p.prisons) * WEEKS_PER_YEAR
    people = w.initial_members + float(state_populations().sum()) * w.youth_share * (
        w.at_risk_share
    )
    if prisoners > people:
        raise ScenarioError(
            f"{where}: keys 'prisons.*': "
            f"{prisoners:,.0f} prisoners at the start (110 arrests a week x mean years "
            f"served x {WEEKS_PER_YEAR}); allowed: at most the {people:,.0f} initial members and "
            "at-risk youths"
        )


def _when(where: str, at: str, entry: dict[str, Any], scenario: Scenario) -> int:
    """The step of a dated entry (``year`` or ``step``, exactly one), popped from it."""
    has_year, has_step = "year" in entry, "step" in entry
    if has_year == has_step:
        raise ScenarioError(f"{where}: key '{at}': give exactly one of 'year' (calendar) or 'step'")
    start, horizon = scenario.params.world.start_year, scenario.steps
    end = scenario.year_of(horizon)
    if has_year:
        year = entry.pop("year")
        if isinstance(year, bool) or not isinstance(year, (int, float)) or not math.isfinite(year):
            raise ScenarioError(
                f"{where}: key '{at}.year': got {show(year)}; allowed: a finite number (a year)"
            )
        weeks = (year - start) * WEEKS_PER_YEAR  # may overflow to inf: no round() of it
        step = round(weeks) if abs(weeks) <= 2 * MAX_STEPS else int(math.copysign(2**62, weeks))
    else:
        step = entry.pop("step")
        if isinstance(step, bool) or not isinstance(step, int):
            raise ScenarioError(f"{where}: key '{at}.step': got {show(step)}; allowed: an integer")
    if step < 0:
        raise ScenarioError(
            f"{where}: key '{at}': falls before the start ({start:g}); allowed: a date at or "
            "after it"
        )
    if step >= horizon:
        raise ScenarioError(
            f"{where}: key '{at}': falls at or after the horizon (step {horizon}, year "
            f"{end:g}), where it would never apply; allowed: a year before {end:g} or a step "
            f"from 0 to {horizon - 1}"
        )
    return step


def _dated(where: str, key: str, entries: Any, scenario: Scenario):
    """Yield ``(name, step, rest of the entry)`` for each table of a dated list."""
    if not isinstance(entries, list):
        raise ScenarioError(f"{where}: key '{key}': must be a list of [[{key}]] tables")
    if len(entries) > MAX_DATED:
        raise ScenarioError(
            f"{where}: key '{key}': {len(entries):,} entries; allowed: at most {MAX_DATED:,}"
        )
    for n, entry in enumerate(entries, start=1):
        at = f"{key}[{n}]"
        if not isinstance(entry, dict):
            raise ScenarioError(f"{where}: key '{at}': must be a [[{key}]] table")
        entry = dict(entry)
        yield at, _when(where, at, entry, scenario), entry


def _parse_strikes(where: str, entries: Any, scenario: Scenario) -> list:
    """``[[strikes]]``: dated leader removals on a named group (year or step, target, how)."""
    from model.initial import group_names

    names = group_names(scenario.params.world.landscape)
    out = []
    for at, step, entry in _dated(where, "strikes", entries, scenario):
        target = entry.pop("target", None)
        if target not in names:
            shown = ", ".join(names) if len(names) <= 20 else "a group name of the landscape"
            raise ScenarioError(f"{where}: key '{at}.target': got {show(target)}; allowed: {shown}")
        how = entry.pop("how", "captured")
        if how not in ("captured", "killed"):
            raise ScenarioError(
                f"{where}: key '{at}.how': got {show(how)}; allowed: 'captured' or 'killed'"
            )
        if entry:
            raise ScenarioError(
                f"{where}: unknown key '{at}.{next(iter(entry))}'; allowed: year or step, "
                "target, how"
            )
        out.append((step, target, how))
    return sorted(out, key=lambda item: item[0])


def _parse_schedule(where: str, entries: Any, scenario: Scenario) -> list:
    lever_fields = _fields("levers")
    out = []
    for at, step, entry in _dated(where, "schedule", entries, scenario):
        if not entry:
            raise ScenarioError(f"{where}: key '{at}': changes no lever")
        changes = {}
        for key, value in entry.items():
            if key not in lever_fields:
                raise ScenarioError(
                    f"{where}: unknown key '{at}.{key}'; allowed: year or step, and the "
                    f"levers {', '.join(lever_fields)}"
                )
            changes[key] = _check_value(where, f"{at}.{key}", lever_fields[key], value)
        out.append((step, changes))
    return sorted(out, key=lambda item: item[0])


# strings and comments of TOML text: brackets inside them do not nest
_NOT_BRACKETS = re.compile(
    r'"""[\s\S]*?"""' r"|'''[\s\S]*?'''" r'|"(?:[^"\\\n]|\\.)*"' r"|'[^'\n]*'" r"|#[^\n]*"
)


def nesting_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in TOML text (strings and comments left out).

    Counted on the text before parsing, so a file nested thousands deep is refused
    without recursing into it. Brackets left open count as open.
    """
    import numpy as np

    code = np.frombuffer(_NOT_BRACKETS.sub("", text).encode("utf-8"), dtype=np.uint8)
    opens = (code == ord("[")) | (code == ord("{"))
    closes = (code == ord("]")) | (code == ord("}"))
    return int(np.cumsum(opens.astype(np.int64) - closes.astype(np.int64)).max(initial=0))


def check_regular_file(path: Path, what: str) -> os.stat_result:
    """Refuse a folder, FIFO, device or socket before anything opens it (a FIFO would hang).

    Returns the file's ``os.stat``; raises ScenarioError in one line, or OSError
    (FileNotFoundError if it is missing).
    """
    where = str(path)
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(f"{where}: is a folder; allowed: a {what} (a regular file)")
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(
            f"{where}: not a regular file (a FIFO, device or socket); allowed: a {what} "
            "(a regular file)"
        )
    return info


def read_text_file(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes, read without hanging.

    A FIFO, device, socket or folder is refused before it is opened (reading a FIFO
    would wait forever). Raises ScenarioError in one line naming the file.
    """
    where = str(path)
    try:
        info = check_regular_file(path, what)
        if info.st_size > limit:
            raise ScenarioError(
                f"{where}: {info.st_size:,} bytes; allowed: a {what} of at most {limit:,} bytes"
            )
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:  # it grew after the check
            raise ScenarioError(f"{where}: allowed: a {what} of at most {limit:,} bytes")
        return data.decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{where}: no such {what}") from None
    except ScenarioError:
        raise
    except (OSError, UnicodeDecodeError, ValueError) as err:
        message = " ".join(str(err).split())
        raise ScenarioError(f"{where}: cannot read the file ({message})") from None


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Parse a TOML file; ScenarioError in one line if it is missing, unreadable or invalid.

    Only a regular file of at most :data:`MAX_FILE_BYTES` bytes, with brackets nested at
    most :data:`MAX_NESTING` deep, is parsed.
    """
    where = str(path)
    text = read_text_file(Path(path), what)
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise ScenarioError(
            f"{where}: brackets nested {depth:,} deep (or left open); allowed: at most "
            f"{MAX_NESTING}"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = " ".join(str(err).split())
        raise ScenarioError(f"{where}: not valid TOML: {message}") from None
    except RecursionError:
        raise ScenarioError(f"{where}: nested too deep; allowed: {MAX_NESTING} levels") from None


def shipped() -> Path:
    """The folder of shipped scenarios: ``scenarios/`` in a checkout, installed with the package.

    ``pyproject.toml`` installs the top-level ``scenarios/`` folder as ``model.scenarios``,
    so the same lookup works from a checkout, an editable install and a wheel.
    """
    return Path(str(resources.files("model.scenarios")))


def shipped_names() -> list[str]:
    """Names of the shipped scenarios ("baseline", "kingpin_campaign", ...)."""
    return sorted(p.stem for p in shipped().glob("*.toml"))


def scenario_path(name_or_path: str | Path) -> Path:
    """A scenario file given by path, or by the name of a shipped scenario (``baseline``).

    An existing path wins; otherwise a bare name (with or without ``.toml``) that names
    a shipped scenario resolves to it, from any working directory.
    """
    path = Path(name_or_path)
    if path.exists() or len(path.parts) != 1:
        return path
    candidate = shipped() / f"{path.name.removesuffix('.toml')}.toml"
    return candidate if candidate.exists() else path


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (a path or a shipped name; see :func:`scenario_path`).

    Raises ScenarioError with one clear line.
    """
    path = scenario_path(path)
    where = str(path)
    if not path.exists() and len(path.parts) == 1:
        raise ScenarioError(
            f"{where}: no such scenario file; allowed: a path to a .toml file or a shipped "
            f"scenario ({', '.join(shipped_names())})"
        )
    data = read_toml(path, "scenario file")
    scenario = scenario_from_dict(data, where)
    if scenario.name == "default":  # no [scenario] name: the file's, made a name (no path)
        stem = path.stem
        scenario.name = stem if NAME.fullmatch(stem) else re.sub(r"[^A-Za-z0-9_-]", "_", stem)[:100]
    return scenario


def with_overrides(scenario: Scenario, **sections: dict[str, Any]) -> Scenario:
    """Return a copy of ``scenario`` with section values overridden (validated).

    Example: ``with_overrides(s, levers={"vetting": 1.0})``.
    """
    data = scenario.to_dict()
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    out = scenario_from_dict(data, scenario.source)
    return out
