"""Agent-based model of the Surabaya-Blitar inter-regional cooperation (KAD).

The Python API mirrors the command line::

    import sim
    folder, kpis = sim.run_scenario("scenarios/mou.toml", seed=1, scale=0.1)
    folder, table, cost_eff = sim.compare("scenarios/baseline.toml", "scenarios/mou.toml", 10)
"""

from sim.config import Scenario, load_scenario
from sim.experiment import compare, rerun, run_replicates, run_scenario
from sim.metrics import compute_kpis
from sim.model import KADModel

__all__ = [
    "KADModel",
    "Scenario",
    "compare",
    "compute_kpis",
    "load_scenario",
    "rerun",
    "run_replicates",
    "run_scenario",
]
