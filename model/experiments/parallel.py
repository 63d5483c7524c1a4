"""Local process pools for independent runs (replicates, arms), and one BLAS thread.

Each worker is a fresh interpreter (``spawn``: no inherited state, same behaviour on
Linux, macOS and Windows) limited to one BLAS/OpenMP thread with ``threadpoolctl``, as
is every entry point (the CLI, the dashboard, Dask workers). Without that limit NumPy's
BLAS starts a thread per core: a small matrix product then costs ten to a hundred times
more under load, and two workers on two cores run about four times slower than one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from typing import Any

from threadpoolctl import threadpool_limits


def one_blas_thread() -> None:
    """Limit BLAS and OpenMP to one thread in this process (every entry point calls it)."""
    threadpool_limits(limits=1)


def default_workers() -> int:
    """Worker count that uses the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A spawn-context pool of ``workers`` worker processes, each on one BLAS thread."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=one_blas_thread
    ) as pool:
        yield pool


def run_all(
    task: Callable[..., Any],
    jobs: list[tuple],
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    pool: Any = None,
) -> list[Any]:
    """``task(*job)`` for every job, results in the jobs' order.

    Serial for ``workers <= 1`` and no ``pool``; else on ``pool`` (kept open by the
    caller) or on a new :func:`process_pool`. ``progress(1)`` after each finished job.
    """
    if pool is None and workers <= 1:
        results = []
        for job in jobs:
            results.append(task(*job))
            if progress is not None:
                progress(1)
        return results
    context = nullcontext(pool) if pool is not None else process_pool(workers)
    results = [None] * len(jobs)
    with context as executor:
        futures = {executor.submit(task, *job): n for n, job in enumerate(jobs)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if progress is not None:
                progress(1)
    return results
