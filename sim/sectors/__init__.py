"""The sectors of the cooperation: trade (farmers, traders, the direct channel and the
Surabaya market), UMKM strengthening and joint tourism promotion."""

from sim.sectors.tourism import TourismSector
from sim.sectors.trade import TradeSector
from sim.sectors.umkm import UmkmSector

__all__ = ["TourismSector", "TradeSector", "UmkmSector"]
