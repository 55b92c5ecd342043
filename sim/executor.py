"""Run many independent model runs: in this process, on a pool of worker processes, or on a
Dask distributed cluster (:func:`dask_client`). :func:`run_tasks` is the project's one
parallel loop: replicates and comparisons, sweeps, sensitivity screenings and calibration
candidates all go through it.

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
from concurrent.futures.process import BrokenProcessPool

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
    *,
    client=None,
    pool_restarts: int = 0,
) -> Iterator[tuple[int, object]]:
    """Yield ``(index, fn(task))`` as tasks finish: the one loop that runs replicates,
    comparisons, sweeps, screenings and calibration candidates. ``fn`` must be importable
    (module level).

    Where: ``client`` (a Dask distributed Client, see :func:`dask_client`) sends every task to
    its cluster; else ``workers=1`` runs in this process; else a local process pool. A pool
    broken by a killed worker is started again, up to ``pool_restarts`` times, for the tasks
    that have not finished (their results are yielded once); beyond that, or with an
    exception in a task, the error is raised here after the pool is shut down.
    """
    workers = default_workers() if workers is None else max(1, int(workers))
    bar = tqdm(total=len(tasks), desc=desc, unit="run", disable=not progress, leave=False)
    try:
        if client is not None:
            source = _on_dask(fn, tasks, client)
        elif workers == 1 or len(tasks) <= 1:
            source = ((i, fn(task)) for i, task in enumerate(tasks))
        else:
            source = _on_pool(fn, tasks, workers, pool_restarts)
        for i, result in source:
            bar.update(1)
            yield i, result
    finally:
        bar.close()


def _on_pool(fn, tasks, workers: int, restarts: int) -> Iterator[tuple[int, object]]:
    todo = list(range(len(tasks)))
    for attempt in range(restarts + 1):
        try:
            with ProcessPoolExecutor(max_workers=min(workers, len(todo)),
                                     mp_context=mp_context()) as pool:  # fmt: skip
                pending = {pool.submit(fn, tasks[i]): i for i in todo}
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        i = pending.pop(future)
                        result = future.result()
                        todo.remove(i)
                        yield i, result
            return
        except BrokenProcessPool:
            if attempt == restarts or not todo:
                raise


def _on_dask(fn, tasks, client) -> Iterator[tuple[int, object]]:
    from distributed import as_completed

    futures = client.map(fn, list(tasks), pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    for future in as_completed(futures):
        yield index[future.key], future.result()


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
