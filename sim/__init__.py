"""Agent-based model of the Surabaya-Blitar inter-regional cooperation (KAD).

The Python API mirrors the command line::

    import sim
    folder, kpis = sim.run_scenario("mou", seed=1, scale=0.1)
    folder, table, cost_eff = sim.compare("baseline", "mou", 10)
    rows = sim.batch_run({"days": 30, "information__lag_days": [1, 5]}, iterations=3)

Scenarios are named (the shipped library, ``sim.paths.SCENARIO_DIR``) or given as TOML paths.

The names below are imported on first use (PEP 562), so that ``import sim.cli`` or
``import sim.paths`` does not pay for the model, pandas and scipy (about 1.5 s) until a command
needs them.
"""

import importlib
import importlib.util
import os
import sys
import types

# numba turns loops over log, exp and pow into calls to Intel's SVML where it finds that library
# (conda's icc_rt), whose last bits differ from the C library's: set before numba is first
# imported, so that a run gives the same numbers with or without it (the manifest's "maths"
# says whether it was on: it stays on if numba was imported before sim)
os.environ.setdefault("NUMBA_DISABLE_INTEL_SVML", "1")

# public name -> the module that defines it
_API = {
    "KADModel": "sim.model",
    "batch_run": "sim.model",
    "Scenario": "sim.config",
    "load_scenario": "sim.config",
    "compare": "sim.experiment",
    "rerun": "sim.experiment",
    "run_replicates": "sim.experiment",
    "run_scenario": "sim.experiment",
    "compute_kpis": "sim.metrics",
}

__all__ = sorted([*_API, "__version__"])


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("kad-sim")
    except importlib.metadata.PackageNotFoundError:  # imported from a checkout, not installed
        return "0+unknown"


def __getattr__(name: str):
    """Import a public name's module on first access and keep the name here; a submodule
    (``sim.paths``, ``sim.metrics``, ...) is imported when first named, as if ``import
    sim`` had imported it."""
    if name == "__version__":
        value = _version()
    elif name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Sim(types.ModuleType):
    """``sim.compare`` is both the function :func:`sim.experiment.compare` (public API) and the
    statistics module ``sim/compare.py``. Importing that module binds the attribute
    ``sim.compare`` to it; this property keeps ``sim.compare`` the function, as it was when
    ``sim/__init__.py`` imported everything. The module stays ``sys.modules["sim.compare"]``."""

    @property
    def compare(self):
        return self.__dict__.get("_compare_set") or _api_compare()

    @compare.setter
    def compare(self, value):
        # the import system binding the submodule: keep the function; anything else (a test's
        # monkeypatch, a user's replacement) is kept until deleted
        if not isinstance(value, types.ModuleType):
            self.__dict__["_compare_set"] = value

    @compare.deleter
    def compare(self):
        self.__dict__.pop("_compare_set", None)


def _api_compare():
    from sim.experiment import compare

    return compare


sys.modules[__name__].__class__ = _Sim
