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
and what is allowed.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from model.params import SECTIONS, Params
from model.units import WEEKS_PER_YEAR
from model.world import state_codes

SCENARIO_KEYS = {"name": str, "description": str, "steps": int}


class ScenarioError(ValueError):
    """A scenario file or value is invalid; the message is one line for the user."""


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
            raise fail(f"got {value!r}")
        return value
    if kind == "list":
        codes = set(state_codes())
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"got {value!r}")
        unknown = [v for v in value if v not in codes]
        if unknown:
            raise fail(f"unknown state code(s) {', '.join(unknown)}")
        return list(value)
    if kind == "str":
        if not isinstance(value, str) or value not in f.metadata["choices"]:
            raise fail(f"got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(f"got {value!r}")
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise fail(f"got {value!r}")
        value = int(value)
    else:
        value = float(value)
    lo, hi = f.metadata["range"]
    if not (lo <= value <= hi):
        raise fail(f"got {value!r}, out of range")
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
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ScenarioError(
                f"{where}: key '{name}.{key}': got {value!r}; allowed: {KINDS[kind]}"
            )
    return table


def scenario_from_dict(data: dict[str, Any], where: str = "<scenario>") -> Scenario:
    """Build and validate a :class:`Scenario` from the TOML layout."""
    scenario = Scenario(source=where)
    allowed_top = ["scenario", *SECTIONS, "schedule", "strikes"]
    for top in data:
        if top not in allowed_top:
            raise ScenarioError(f"{where}: unknown key '{top}'; allowed: {', '.join(allowed_top)}")
    meta = check_header(where, "scenario", data.get("scenario", {}), SCENARIO_KEYS)
    for key, value in meta.items():
        if key == "steps" and not 1 <= value <= 100_000:
            raise ScenarioError(
                f"{where}: key 'scenario.steps': got {value!r}, out of range; "
                "allowed: an integer from 1 to 100000"
            )
        setattr(scenario, key, value)
    for section in SECTIONS:
        if section in data:
            _apply_section(where, section, data[section], getattr(scenario.params, section))
    scenario.schedule = _parse_schedule(where, data.get("schedule", []), scenario)
    scenario.strikes = _parse_strikes(where, data.get("strikes", []), scenario)
    return scenario


def _when(where: str, at: str, entry: dict[str, Any], scenario: Scenario) -> int:
    """The step of a dated entry (``year`` or ``step``, exactly one), popped from it."""
    has_year, has_step = "year" in entry, "step" in entry
    if has_year == has_step:
        raise ScenarioError(f"{where}: key '{at}': give exactly one of 'year' (calendar) or 'step'")
    if has_year:
        year = entry.pop("year")
        if isinstance(year, bool) or not isinstance(year, (int, float)):
            raise ScenarioError(f"{where}: key '{at}.year': got {year!r}; allowed: a number")
        step = round((year - scenario.params.world.start_year) * WEEKS_PER_YEAR)
    else:
        step = entry.pop("step")
        if isinstance(step, bool) or not isinstance(step, int):
            raise ScenarioError(f"{where}: key '{at}.step': got {step!r}; allowed: an integer")
    if step < 0:
        raise ScenarioError(
            f"{where}: key '{at}': falls before the start "
            f"({scenario.params.world.start_year:g}); allowed: a date at or after it"
        )
    return step


def _dated(where: str, key: str, entries: Any, scenario: Scenario):
    """Yield ``(name, step, rest of the entry)`` for each table of a dated list."""
    if not isinstance(entries, list):
        raise ScenarioError(f"{where}: key '{key}': must be a list of [[{key}]] tables")
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
            raise ScenarioError(f"{where}: key '{at}.target': got {target!r}; allowed: {shown}")
        how = entry.pop("how", "captured")
        if how not in ("captured", "killed"):
            raise ScenarioError(
                f"{where}: key '{at}.how': got {how!r}; allowed: 'captured' or 'killed'"
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


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Parse a TOML file; ScenarioError in one line if it is missing, unreadable or invalid."""
    where = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{where}: no such {what}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{where}: cannot read the file ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{where}: not valid TOML: {err}") from None


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
    if scenario.name == "default":
        scenario.name = path.stem
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
