"""Random draws over groups x places that cost only the entries where something happens.

Most (group, place) entries hold no members: NumPy's ``Generator.binomial`` and
``poisson`` draw nothing for ``n == 0``, ``p == 0`` or ``lam == 0`` and return 0. Drawing
only the other entries, in the same (C) order, therefore gives exactly the numbers of the
dense call and leaves the generator in the same state, for the cost of the non-zero
entries (``tests/test_sampling.py`` checks both).
"""

from __future__ import annotations

import numpy as np


def binomial(rng: np.random.Generator, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
    """``rng.binomial(n, p)``, drawn only where ``n > 0`` and ``p > 0``."""
    n, p = np.broadcast_arrays(np.asarray(n), np.asarray(p, dtype=float))
    out = np.zeros(n.shape, dtype=np.int64)
    where = (n > 0) & (p > 0)
    out[where] = rng.binomial(n[where], p[where])
    return out


def poisson(rng: np.random.Generator, lam: np.ndarray) -> np.ndarray:
    """``rng.poisson(lam)``, drawn only where ``lam > 0``."""
    lam = np.asarray(lam, dtype=float)
    out = np.zeros(lam.shape, dtype=np.int64)
    where = lam > 0
    out[where] = rng.poisson(lam[where])
    return out
