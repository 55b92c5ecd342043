"""Shared helpers: small, short runs so the suite stays fast; safe under pytest-xdist."""

import functools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _own_numba_cache(worker: str) -> None:
    """Give this xdist worker (and the processes it starts) a numba cache folder of its own.

    Why: numba writes a kernel's cache index before its data file, so two processes compiling
    different signatures of one kernel at the same time can leave an index entry that names
    the other process's code (numba issue #4807). Workers never share a cache folder."""
    base = os.environ.get("NUMBA_CACHE_DIR") or str(ROOT / ".pytest_cache" / "numba")
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(base, worker)
    if "numba" in sys.modules:  # a plugin imported numba first: make it read the folder again
        from numba.core import config

        config.reload_config()


if os.environ.get("PYTEST_XDIST_WORKER"):
    _own_numba_cache(os.environ["PYTEST_XDIST_WORKER"])

from sim import KADModel  # noqa: E402 - after the worker's numba cache folder is set
from sim.metrics import compute_kpis  # noqa: E402

SCENARIOS = ROOT / "sim" / "data" / "scenarios"
CALIBRATION = ROOT / "sim" / "data" / "calibration"
BASELINE = SCENARIOS / "baseline.toml"
MOU = SCENARIOS / "mou.toml"
SEEDS = range(1, 11)  # effect directions are averaged over 10 seeds


def run_model(scenario=BASELINE, seed=1, days=120, scale=0.05, **overrides) -> KADModel:
    model = KADModel(scenario, seed=seed, days=days, scale=scale, overrides=overrides)
    model.run_model()
    return model


def umkm_drift(seed: int, scale: float) -> dict:
    """Years 8-10 over years 1-3, less 1, of Blitar UMKM revenue, firm count and online share
    in a 10-year baseline from 1 January 2024."""
    m = run_model(BASELINE, seed=seed, days=3653, scale=scale, **{"run.start_date": "2024-01-01"})
    g, n = m.recorder.g, m.day
    alive = g["umkm_alive_blitar"][:n]
    series = {
        "revenue": g["umkm_revenue_blitar_rp"][:n],
        "firms": alive,
        "online share": g["umkm_online_blitar"][:n] / alive,
    }
    return {k: x[7 * 365 + 2 :].mean() / x[: 3 * 365].mean() - 1.0 for k, x in series.items()}


def run_kpis(scenario=BASELINE, seed=1, days=120, scale=0.05, **overrides) -> dict:
    return compute_kpis(run_model(scenario, seed, days, scale, **overrides))


@functools.cache
def _kpis_once(scenario: str, seed: int, days: int, scale: float, overrides: tuple) -> dict:
    return run_kpis(scenario, seed, days, scale, **dict(overrides))


def shared_kpis(scenario=BASELINE, seed=1, days=120, scale=0.05, **overrides) -> dict:
    """``run_kpis``, run once per test process for the same arguments and shared by the tests
    that compare runs (effect directions over seeds ask for the same runs many times). The model
    is deterministic (tests/test_determinism.py); tests OF determinism use ``run_kpis``."""
    key = tuple(sorted(overrides.items()))
    return dict(_kpis_once(str(scenario), seed, days, scale, key))


def mean_kpis(scenario, key, seeds=SEEDS, **kw) -> float:
    values = [shared_kpis(scenario, seed=s, **kw)[key] for s in seeds]
    return sum(values) / len(values)


# Long tests (over ~3 s on 2 cores, `pytest --durations`) in files whose code others are
# changing at the time of writing, marked `slow` here by node-id prefix rather than in those
# files; tests in other files carry `@pytest.mark.slow` themselves. `pytest -m "not slow"`
# leaves them out; plain `pytest` runs everything.
SLOW_ELSEWHERE = (
    "tests/test_brief.py::test_brief_of_a_scenario_against_itself",
    "tests/test_brief.py::test_comparison_over_the_ensemble_reaches_the_brief",
    "tests/test_calibration.py::test_committed_evaluation_is_current",
    "tests/test_calibration.py::test_parameter_recovery_on_a_small_problem",
    "tests/test_calibration.py::test_candidates_on_a_dask_cluster_give_the_same_distances",
    "tests/test_cli.py::test_replicates_and_compare_and_rerun_from_the_command_line",
    "tests/test_cli.py::test_bad_input_one_line_exit_2",
    "tests/test_cli.py::test_bad_scenario_file_names_file_and_key",
    "tests/test_explorer.py::test_page_in_headless_chromium",
    "tests/test_sweep.py::test_sobol_indices_recover_ishigami",
    "tests/test_sweep.py::test_killed_sweep_resumes_to_the_same_results",
    "tests/test_sweep.py::test_same_results_whatever_the_executor",
)
# fixtures that run several scenarios (briefs, folders) or the quickstart notebook (executed)
# once per module: every test that uses them is slow
SLOW_FIXTURES = {"briefs", "executed", "folders"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.nodeid.startswith(SLOW_ELSEWHERE) or uses & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def write_toml(tmp_path):
    """Write a scenario file into tmp_path; returns its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
