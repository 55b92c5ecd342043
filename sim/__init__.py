"""Agent-based model of the Surabaya-Blitar inter-regional cooperation (KAD).

The Python API mirrors the command line::

    import sim
    folder, kpis = sim.run_scenario("mou", seed=1, scale=0.1)
    folder, table, cost_eff = sim.compare("baseline", "mou", 10)
    results = sim.batch_run({"information__lag_days": [1, 5]}, iterations=3, days=30)

Scenarios are named (the shipped library, ``sim.paths.SCENARIO_DIR``) or given as TOML paths.
"""

import importlib.metadata as _metadata

from sim.config import Scenario, load_scenario
from sim.experiment import compare, rerun, run_replicates, run_scenario
from sim.metrics import compute_kpis
from sim.model import KADModel, batch_run

try:
    __version__ = _metadata.version("kad-sim")
except _metadata.PackageNotFoundError:  # imported from a checkout that is not installed
    __version__ = "0+unknown"

__all__ = [
    "KADModel",
    "Scenario",
    "__version__",
    "batch_run",
    "compare",
    "compute_kpis",
    "load_scenario",
    "rerun",
    "run_replicates",
    "run_scenario",
]
