"""The object-per-agent engine: :class:`sim.model.KADModel` whose three sectors are their
object-per-agent twins, with one Mesa agent per farmer, trader, UMKM firm and tourist group,
stepped through Mesa's AgentSets in plain Python.

It is the slow, obvious twin of the numba kernels: the same rules in the same order on the
same random numbers, so both engines give identical daily series (``tests/test_equivalence.py``).
The rest (governments, the schedule, program payments, the recorder and the stock-flow check)
is the base model's code. Each sector's twin takes over the sector the base model built (its
populations were drawn from the seeded streams, which must not be drawn from again):

==========  ======================================  ========================================
sector      numba engine                            object-per-agent twin
==========  ======================================  ========================================
trade       :class:`sim.sectors.trade.TradeSector`  :class:`sim.reference.trade.ReferenceTrade`
UMKM        :class:`sim.sectors.umkm.UmkmSector`    :class:`sim.reference.umkm.ReferenceUmkm`
tourism     :class:`sim.sectors.tourism.            :class:`sim.reference.tourism.
            TourismSector`                          ReferenceTourism`
==========  ======================================  ========================================

Which engine a run uses is chosen by :func:`sim.engine.make_model`, which imports this module
only when ``run.engine = "python"``.
"""

from __future__ import annotations

import numpy as np

from sim.model import KADModel
from sim.reference.tourism import ReferenceTourism
from sim.reference.trade import ReferenceTrade
from sim.reference.umkm import ReferenceUmkm


class ReferenceModel(KADModel):
    """:class:`KADModel` whose farmers, traders, UMKM firms and tourists are Mesa agents
    (``engine = "python"``). Takes the same arguments as :class:`KADModel`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_agents()

    def build_agents(self) -> None:
        """The sectors' object-per-agent twins take over the base model's sectors: one agent
        per farmer, trader and direct channel, and per UMKM firm slot (tourists arrive during
        the run)."""
        self.trade = ReferenceTrade(self.trade)
        self.umkm = ReferenceUmkm(self.umkm)
        self.tourism = ReferenceTourism(self.tourism)

    def agent_arrays(self) -> dict[str, np.ndarray]:
        """Every agent's state as struct-of-arrays, keyed ``farmers.<column>``,
        ``traders.<column>`` and ``umkm.<column>`` like :class:`sim.populations.Farmers`,
        ``Traders`` and :class:`sim.sectors.UmkmSector`, and ``tourism.<column>`` for the
        visitors present in slot order (``tourism.slot``: their slots), to compare with the
        fast engine's arrays."""
        out = self.trade.agent_arrays()
        out.update({f"umkm.{k}": v for k, v in self.umkm.firm_arrays().items()})
        out.update({f"tourism.{k}": v for k, v in self.tourism.visitor_arrays().items()})
        return out
