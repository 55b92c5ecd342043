"""Agent-based model of the Surabaya-Blitar inter-regional cooperation (KAD)."""

from sim.config import Scenario, load_scenario
from sim.model import KADModel

__all__ = ["KADModel", "Scenario", "load_scenario"]
