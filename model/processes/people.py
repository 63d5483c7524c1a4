"""The person layer's weekly step: replay the week's flows of persons on the table.

Runs last in the week. Every process that moves persons as counts recorded its flow in
``model.week.flows`` (``Week.record``) in the order it happened; this step applies them
to :class:`~model.people.People`, choosing which persons uniformly at random within each
cell, and re-picks plaza bosses and leaders. It reads the model and changes nothing in
it (its random numbers come from the layer's own stream).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.model import CartelModel


def step(model: CartelModel) -> None:
    """Apply the week's flows to the person table (nothing when the layer is off)."""
    if model.people is not None and model.week.flows is not None:
        model.people.apply(model, model.week.flows)
