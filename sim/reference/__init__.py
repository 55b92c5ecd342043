"""The object-per-agent reference engine (``run.engine = "python"``): one Mesa agent per farmer,
trader, UMKM firm and tourist group, the same rules as the numba kernels in plain Python, for
equivalence tests and benchmarks."""

from sim.reference.agents import Commodity, Farmer, Trader
from sim.reference.market import WholesaleMarket
from sim.reference.model import ReferenceModel, make_model
from sim.reference.tourism import ReferenceTourism, Tourist
from sim.reference.umkm import ReferenceUmkm, Umkm

__all__ = [
    "Commodity",
    "Farmer",
    "ReferenceModel",
    "ReferenceTourism",
    "ReferenceUmkm",
    "Tourist",
    "Trader",
    "Umkm",
    "WholesaleMarket",
    "make_model",
]
