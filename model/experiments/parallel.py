"""Local process pools for independent runs (replicates, arms), and one BLAS thread.

Each worker is a fresh interpreter (``spawn``: no inherited state, same behaviour on
Linux, macOS and Windows) limited to one BLAS/OpenMP thread with ``threadpoolctl``, as
is every entry point (the CLI, the dashboard, Dask workers). Without that limit NumPy's
BLAS starts a thread per core: a small matrix product then costs ten to a hundred times
more under load, and two workers on two cores run about four times slower than one.

Workers never outlive the process that started them: each runs a watchdog thread that
exits the worker within :data:`WATCHDOG_SECONDS` once its parent is gone (``kill -9``
included), and ignores Ctrl-C (the parent handles it and stops the pool). A worker that
dies (killed, out of memory) breaks the pool; :func:`completed` then starts a new pool
and resubmits the jobs not yet finished, at most :data:`RETRIES` times.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from threadpoolctl import threadpool_limits

RETRIES = 3  # new pools after workers died, before giving up
WATCHDOG_SECONDS = 0.5  # how often a worker checks that its parent is alive


class WorkersDied(RuntimeError):
    """Worker processes kept dying (killed, out of memory): the jobs could not finish."""


def one_blas_thread() -> None:
    """Limit BLAS and OpenMP to one thread in this process (every entry point calls it)."""
    threadpool_limits(limits=1)


def default_workers() -> int:
    """Worker count that uses the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as the process that started it is gone."""
    while True:
        if os.getppid() != parent:
            os._exit(70)  # orphaned: nobody will read the result
        time.sleep(WATCHDOG_SECONDS)


def worker_init(parent: int) -> None:
    """Start a pool worker: one BLAS thread, Ctrl-C left to the parent, a parent watchdog."""
    one_blas_thread()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool on Ctrl-C
    except ValueError:  # not the main thread (never in a pool worker)
        pass
    threading.Thread(target=_watch_parent, args=(parent,), name="watchdog", daemon=True).start()


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A spawn-context pool of ``workers`` worker processes, each on one BLAS thread.

    The workers exit by themselves if this process dies. Leaving the block on an
    exception (Ctrl-C, a failing job) cancels the queued jobs and stops the workers
    instead of waiting for them.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=worker_init,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    else:
        pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued jobs and end the workers now (they hold no result worth waiting for)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def completed(
    task: Callable[..., Any],
    jobs: list[tuple],
    workers: int = 1,
    timeout: float | None = None,
    retries: int = RETRIES,
) -> Iterator[tuple[int, Any] | None]:
    """Yield ``(n, task(*jobs[n]))`` as each job finishes, in the order they finish.

    Serial for ``workers <= 1``; else on a :func:`process_pool`. With ``timeout``, a
    ``None`` is yielded whenever that many seconds pass with no job finished (so the
    caller can do timed work, such as writing what it has). If a worker dies, a new pool
    runs the jobs not yet finished, at most ``retries`` times; then :class:`WorkersDied`.
    An exception raised by ``task`` itself is raised here.
    """
    if workers <= 1:
        for n, job in enumerate(jobs):
            yield n, task(*job)
        return
    remaining = dict(enumerate(jobs))
    failures = 0
    while remaining:
        broken = False
        with process_pool(min(workers, len(remaining))) as pool:
            futures = {pool.submit(task, *job): n for n, job in remaining.items()}
            pending = set(futures)
            while pending and not broken:
                done, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
                if not done:
                    yield None
                    continue
                for future in sorted(done, key=futures.__getitem__):
                    if isinstance(future.exception(), BrokenProcessPool):
                        broken = True  # finish yielding the others that did complete
                        continue
                    n = futures[future]
                    result = future.result()  # a job's own exception is raised here
                    del remaining[n]
                    yield n, result
        if broken:
            failures += 1
            if failures > retries:
                raise WorkersDied(
                    f"worker processes died {failures} times (killed, or out of memory?); "
                    f"{len(remaining)} of {len(jobs)} jobs did not finish"
                )


def run_all(
    task: Callable[..., Any],
    jobs: list[tuple],
    workers: int = 1,
    progress: Callable[[int], Any] | None = None,
    pool: Any = None,
) -> list[Any]:
    """``task(*job)`` for every job, results in the jobs' order.

    Serial for ``workers <= 1`` and no ``pool``; else on ``pool`` (kept open by the
    caller) or on new pools (:func:`completed`: a dead worker is replaced and its jobs
    run again). ``progress(1)`` after each finished job.
    """
    results: list[Any] = [None] * len(jobs)
    if pool is None:
        for n, result in completed(task, jobs, workers):
            results[n] = result
            if progress is not None:
                progress(1)
        return results
    futures = {pool.submit(task, *job): n for n, job in enumerate(jobs)}
    for future in as_completed(futures):
        results[futures[future]] = future.result()
        if progress is not None:
            progress(1)
    return results
