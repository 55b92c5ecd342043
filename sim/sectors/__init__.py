"""The cooperation's other two forms: UMKM strengthening and joint tourism promotion."""

from sim.sectors.tourism import TourismSector
from sim.sectors.umkm import UmkmSector

__all__ = ["TourismSector", "UmkmSector"]
