"""Numbers as the reports write them: a value that is missing is "n/a", never "nan".

A band over no replicates, a change against zero or a standard error of one replicate is
NaN (``model.metrics.band`` says so on purpose); reports print it as ``n/a`` (JSON files
store it as ``null``: ``model.experiments.run.json_ready``).
"""

from __future__ import annotations

import math
from typing import Any

MISSING = "n/a"


def fmt(value: Any, spec: str = ",.1f") -> str:
    """``value`` formatted with ``spec`` (e.g. ``"+,.0f"``, ``".1%"``), or "n/a".

    "n/a" when ``value`` is None, NaN or infinite.
    """
    if value is None:
        return MISSING
    number = float(value)
    return format(number, spec) if math.isfinite(number) else MISSING
