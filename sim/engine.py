"""The choice of engine: the numba struct-of-arrays kernels (``run.engine = "numba"``, the
default) or the object-per-agent twin (``"python"``), whose module is imported only when it is
asked for."""

from __future__ import annotations

from pathlib import Path

from sim.config import Scenario, load_scenario
from sim.model import DEFAULT_SCENARIO, KADModel


def engine_of(scenario: str | Path | Scenario, kwargs: dict) -> str:
    """``run.engine`` of a model built from ``scenario`` with keyword arguments ``kwargs``."""
    overrides = kwargs.get("overrides") or {}
    if "run.engine" in overrides:
        return overrides["run.engine"]
    if "run__engine" in kwargs:
        return kwargs["run__engine"]
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    return scenario.params["run"]["engine"]


def make_model(scenario: str | Path | Scenario = DEFAULT_SCENARIO, **kwargs) -> KADModel:
    """A :class:`~sim.reference.model.ReferenceModel` if the scenario's ``run.engine`` is
    ``"python"``, else a :class:`KADModel`; ``kwargs`` are their keyword arguments (seed,
    days, scale, overrides)."""
    if engine_of(scenario, kwargs) == "python":
        from sim.reference.model import ReferenceModel

        return ReferenceModel(scenario, **kwargs)
    return KADModel(scenario, **kwargs)
