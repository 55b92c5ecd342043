"""Agents stepped as Python objects (few and rich): the governments."""

from sim.agents.government import Government, Program
from sim.agents.monitoring import Monitoring

__all__ = ["Government", "Monitoring", "Program"]
