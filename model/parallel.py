"""Local process pools for independent runs (replicates, arms).

Each worker is a fresh interpreter (``spawn``: no inherited state, same behaviour on
Linux, macOS and Windows) limited to one BLAS/OpenMP thread. Without that limit each
worker's NumPy starts a thread per core and two workers on two cores run about four
times slower than one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

SINGLE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}


def default_workers() -> int:
    """Worker count that uses the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A spawn-context pool of ``workers`` single-threaded worker processes."""
    saved = {key: os.environ.get(key) for key in SINGLE_THREAD}
    os.environ.update(SINGLE_THREAD)  # inherited by the workers when they start
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield pool  # workers start on demand, while the environment holds the limits
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
