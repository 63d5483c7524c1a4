"""Lever isolation, enforced at run time: who may read and write the levers of a run.

A lever is an input a policy maker controls (:class:`model.params.Levers`); outcomes must
emerge from the processes, never be written by a lever. Three rules hold while a model
runs, and break loudly (:class:`LeverAccessError`) instead of silently:

- **Processes read levers through a read-only view.** ``model.levers`` (and
  ``model.params.levers``) is a :class:`LeverView`: a snapshot of the levers in force this
  week whose attributes cannot be assigned or deleted, and whose list levers are tuples.
  ``model.levers = ...`` raises too.
- **Only the model's schedule writes levers.** :meth:`CartelModel.set_levers` queues a
  change; ``CartelModel._apply_levers`` (the first entry of the step) applies it to the
  model's private :class:`~model.params.Levers` and replaces the view.
- **Outcome metrics see no levers at all.** ``CartelModel.collect`` hands the functions of
  :mod:`model.metrics` a :class:`NoLevers` view of the model: every attribute they need,
  but reading ``levers``, ``params.levers``, the scenario (``spec``, which holds the
  levers) or the lever schedule raises.

``tests/test_levers.py`` checks the three rules by running the model, and checks that
the week's metrics computed twice from the same state under two values of any lever are
identical.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from model.params import Levers, Params

LEVER_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Levers))


class LeverAccessError(AttributeError):
    """A lever was written outside the model's schedule, or read by an outcome metric."""


def _frozen(value: Any) -> Any:
    """A lever value that cannot be changed in place (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


class LeverView:
    """The levers in force this week, read-only.

    Reads cost what a plain attribute costs (the values sit in slots): processes read
    levers in their weekly loops. Any assignment or deletion raises
    :class:`LeverAccessError`; list levers (state codes) are tuples, so they cannot be
    changed in place either.
    """

    __slots__ = LEVER_NAMES

    def __init__(self, levers: Levers) -> None:
        """Snapshot ``levers`` (later changes to ``levers`` do not reach this view)."""
        for name in LEVER_NAMES:
            object.__setattr__(self, name, _frozen(getattr(levers, name)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise LeverAccessError(
            f"levers are read-only here (tried to set {name!r}): change a lever with "
            "model.set_levers(...) or a scenario's [[schedule]]; it takes effect at the "
            "start of the next step"
        )

    def __delattr__(self, name: str) -> None:
        raise LeverAccessError(f"levers are read-only here (tried to delete {name!r})")

    def as_dict(self) -> dict[str, Any]:
        """The levers as a plain dict (list levers as lists, as in a scenario file)."""
        return {name: _thawed(getattr(self, name)) for name in LEVER_NAMES}

    def __reduce__(self) -> tuple[Any, tuple[Levers]]:
        # copies and pickles (the event study copies a running model) rebuild the view
        return LeverView, (Levers(**self.as_dict()),)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LeverView):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in LEVER_NAMES)

    __hash__ = None  # type: ignore[assignment]  # equal views need not be interchangeable keys

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={getattr(self, n)!r}" for n in LEVER_NAMES)
        return f"LeverView({values})"


def _thawed(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


class RunParams(Params):
    """A run's parameters: ``levers`` is the run's :class:`LeverView` and cannot be rebound.

    The model keeps it in step with ``model.levers`` (:meth:`show`); processes read their
    sections from it as from any :class:`~model.params.Params`.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "levers" and "levers" in self.__dict__:
            raise LeverAccessError(
                "model.params.levers is read-only: change a lever with model.set_levers(...)"
            )
        object.__setattr__(self, name, value)

    @classmethod
    def of(cls, params: Params) -> tuple[RunParams, Levers]:
        """A run's parameters from a copy of ``params``, and its private writable levers."""
        run = cls.__new__(cls)
        for f in dataclasses.fields(Params):
            object.__setattr__(run, f.name, getattr(params, f.name))
        levers = run.levers
        object.__setattr__(run, "levers", LeverView(levers))
        return run, levers

    def show(self, view: LeverView) -> None:
        """Show ``view`` as ``levers`` (the model's schedule calls this; nothing else may)."""
        object.__setattr__(self, "levers", view)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """The parameters as nested plain dicts (the TOML layout), levers in force included."""
        out = {f.name: dataclasses.asdict(getattr(self, f.name))
               for f in dataclasses.fields(Params) if f.name != "levers"}  # fmt: skip
        out["levers"] = self.levers.as_dict()
        return {f.name: out[f.name] for f in dataclasses.fields(Params)}


class _MetricView:
    """What outcome metrics see of an object: its attributes but the hidden ones, read-only.

    A subclass names what it hides (``_HIDDEN``; private names are always hidden), how an
    error calls the object (``_LABEL``) and may wrap what it shows (``_shown``).
    """

    __slots__ = ("_target",)
    _HIDDEN: frozenset[str] = frozenset()
    _LABEL = "object"

    def __init__(self, target: Any) -> None:
        """Wrap ``target``."""
        object.__setattr__(self, "_target", target)

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            return object.__getattribute__(self, name)
        view = type(self)
        if name in view._HIDDEN or name.startswith("_"):
            raise LeverAccessError(
                f"outcome metrics may not read levers ({view._LABEL}.{name}): an outcome "
                "must come from the processes' results, not from a policy input"
            )
        return view._shown(name, getattr(object.__getattribute__(self, "_target"), name))

    @staticmethod
    def _shown(name: str, value: Any) -> Any:
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise LeverAccessError(
            f"outcome metrics may not change the {type(self)._LABEL} (tried {name!r})"
        )


class _ParamsWithoutLevers(_MetricView):
    """A run's parameters as outcome metrics see them: every section but the levers."""

    __slots__ = ()
    _HIDDEN = frozenset({"levers", "to_dict"})
    _LABEL = "params"


# what a metric may not read on the model: the levers, the scenario that holds them, and
# the lever schedule and its writers
HIDDEN_FROM_METRICS = frozenset(
    {"levers", "spec", "set_levers", "_apply_levers", "_levers", "_pending", "_schedule"}
)


class NoLevers(_MetricView):
    """The model as outcome metrics see it: its state, but no lever.

    Attribute reads go to the model, except ``levers``, the scenario (``spec``), the lever
    schedule and any private attribute, which raise :class:`LeverAccessError`;
    ``params`` comes without its ``levers``. Nothing can be assigned through it.
    """

    __slots__ = ()
    _HIDDEN = HIDDEN_FROM_METRICS
    _LABEL = "model"

    @staticmethod
    def _shown(name: str, value: Any) -> Any:
        return _ParamsWithoutLevers(value) if name == "params" else value
