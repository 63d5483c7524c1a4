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


def step(model: CartelModel) -> None:
    """Update each StateForce's corruption."""
    p, vetting = model.params.corruption, model.levers.vetting
    bribes = model.week.bribes.sum(axis=0)
    for force in model.forces:
        paid = bribes[force.state]
        pull = paid / (paid + p.bribe_half * max(force.units, 1e-9)) if paid > 0 else 0.0
        gain = p.bribe_effect * pull * (1.0 - force.corruption)
        loss = (p.turnover + p.vetting_purge * vetting) * force.corruption
        force.corruption = float(np.clip(force.corruption + gain - loss, 0.0, 1.0))
