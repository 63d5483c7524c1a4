"""Corruption: bribes put force units on the payroll; turnover and vetting remove them.

    d corr = bribe_effect * pull * (1 - corr) - (turnover + purge * vetting) * corr

with ``pull = bribes / (bribes + bribe_half * units)``: money paid in a state per unit
deployed there. Corrupted units leak operations (see enforcement).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.model import CartelModel


def pull(model: CartelModel) -> np.ndarray:
    """The pull of the week's bribes on each state's forces (0-1).

    bribes / (bribes + ``bribe_half`` x units deployed there).
    """
    paid = model.week.bribes.sum(axis=0)
    units = np.maximum(model.force_units, 1e-9)
    half = model.params.corruption.bribe_half
    return np.divide(paid, paid + half * units, out=np.zeros_like(paid), where=paid > 0)


def step(model: CartelModel) -> None:
    """Update the corruption of every state's forces."""
    p, vetting = model.params.corruption, model.levers.vetting
    pull_now = pull(model)
    corruption = model.force_corruption
    gain = p.bribe_effect * pull_now * (1.0 - corruption)
    loss = (p.turnover + p.vetting_purge * vetting) * corruption
    model.force_corruption[:] = np.clip(corruption + gain - loss, 0.0, 1.0)
