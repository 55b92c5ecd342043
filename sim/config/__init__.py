"""Scenario files -> validated, read-only parameters."""

from sim.config.loader import Scenario, load_scenario, scenario_from_params
from sim.config.schema import SCHEMA, Param, iter_params

__all__ = ["SCHEMA", "Param", "Scenario", "iter_params", "load_scenario", "scenario_from_params"]
