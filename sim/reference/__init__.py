"""The object-per-agent reference engine (``run.engine = "python"``): one Mesa agent per farmer
and trader, the same rules as the numba kernels in plain Python, for equivalence tests and
benchmarks."""

from sim.reference.agents import Commodity, Farmer, Trader
from sim.reference.market import WholesaleMarket
from sim.reference.model import ReferenceModel, make_model

__all__ = ["Commodity", "Farmer", "ReferenceModel", "Trader", "WholesaleMarket", "make_model"]
