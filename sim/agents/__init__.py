"""Agents stepped as Python objects (few and rich): the governments."""

from sim.agents.government import Government, Program

__all__ = ["Government", "Program"]
