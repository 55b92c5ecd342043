"""Run many independent model runs: in this process, on a pool of worker processes, or on a
Dask distributed cluster (:func:`dask_client`).

Results are keyed by task index, never by worker, so they do not depend on the executor or
the worker count. On Linux workers are forked: they inherit the compiled kernels, and a user's
script needs no ``if __name__ == "__main__":`` guard; elsewhere they are spawned and load
numba's on-disk kernel cache instead of recompiling.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from tqdm import tqdm


def mp_context():
    """The process start method for worker pools (see the module docstring)."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def run_tasks(
    fn: Callable,
    tasks: Sequence,
    workers: int | None = None,
    progress: bool = True,
    desc: str = "runs",
) -> Iterator[tuple[int, object]]:
    """Yield ``(index, fn(task))`` as tasks finish. ``fn`` must be importable (module level).

    ``workers=1`` runs in this process; otherwise a process pool. An exception in a task is
    raised here, after the pool is shut down.
    """
    workers = default_workers() if workers is None else max(1, int(workers))
    bar = tqdm(total=len(tasks), desc=desc, unit="run", disable=not progress, leave=False)
    try:
        if workers == 1 or len(tasks) <= 1:
            for i, task in enumerate(tasks):
                result = fn(task)
                bar.update(1)
                yield i, result
            return
        with ProcessPoolExecutor(
            max_workers=min(workers, len(tasks)), mp_context=mp_context()
        ) as pool:
            pending = {pool.submit(fn, task): i for i, task in enumerate(tasks)}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    i = pending.pop(future)
                    result = future.result()
                    bar.update(1)
                    yield i, result
    finally:
        bar.close()


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None):
    """A Dask distributed client for the ``with`` block: connected to the cluster whose
    scheduler is at ``scheduler`` (e.g. ``tcp://10.0.0.5:8786``; its workers must import this
    package), else to a LocalCluster of ``workers`` single-threaded worker processes (default:
    all cores). The client, and a cluster started here, are closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        n = default_workers() if workers is None else max(1, int(workers))
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
