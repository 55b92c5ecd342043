"""The object-per-agent reference engine (``run.engine = "python"``): one Mesa agent per farmer,
trader, UMKM firm and tourist group, the same rules as the numba kernels in plain Python, for
equivalence tests and benchmarks. Production code chooses the engine with
:func:`sim.engine.make_model`, which imports this package only for ``"python"``."""

# the engine choice lives in sim.engine; kept here for callers that imported it from here
from sim.engine import make_model  # noqa: E402
from sim.reference.agents import Commodity, Farmer, Trader
from sim.reference.market import WholesaleMarket
from sim.reference.model import ReferenceModel
from sim.reference.tourism import ReferenceTourism, Tourist
from sim.reference.trade import ReferenceTrade
from sim.reference.umkm import ReferenceUmkm, Umkm

__all__ = [
    "Commodity",
    "Farmer",
    "ReferenceModel",
    "ReferenceTourism",
    "ReferenceTrade",
    "ReferenceUmkm",
    "Tourist",
    "Trader",
    "Umkm",
    "WholesaleMarket",
    "make_model",
]
