"""The suite under pytest-xdist (`python -m pytest -n auto`): each worker compiles the kernels
into a numba cache folder of its own (tests/conftest.py), never into one another worker uses."""

import os
from pathlib import Path

import pytest


def test_each_worker_caches_the_kernels_in_a_folder_of_its_own():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        pytest.skip("not under pytest-xdist: run with -n 2")
    from numba.core import config

    from sim.kernels import market

    assert Path(config.CACHE_DIR).name == worker
    assert os.environ["NUMBA_CACHE_DIR"] == config.CACHE_DIR  # the processes it starts too
    assert Path(market.clear_price._cache._cache_path).is_relative_to(config.CACHE_DIR)
