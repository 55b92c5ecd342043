"""The object-per-agent engine: :class:`sim.model.KADModel` with one Mesa agent per farmer,
trader, UMKM firm and tourist group, stepped through Mesa's AgentSets in plain Python.

It is the slow, obvious twin of the numba kernels: the same rules in the same order on the
same random numbers, so both engines give identical daily series (``tests/test_equivalence.py``).
The rest (governments, levers, the trade-side random draws, program payments, the recorder and
the stock-flow check) is the base model's code. UMKM and tourism are the sectors
:class:`ReferenceUmkm` and :class:`ReferenceTourism` (``sim/reference/umkm.py``,
``sim/reference/tourism.py``), which take over the base model's sectors after it has built
them.

The struct-of-arrays in ``model.farmers`` / ``model.traders`` stay the interface to those shared
phases. At the start of each day's trade phase the direct channels load their capacity today
(set with the levers); at its end the agents store the columns the other phases read (farmer
cash, revenue and cost for the recorder, KPIs and money check; trader cash and subsidy
claims); after the program payments the traders load their cash again (the logistics
subsidy is paid into the array). Goods held are counted from the agents in
:meth:`ReferenceModel._measure`. In the UMKM and tourism sectors the per-firm and per-slot
columns (``umkm.cash``, ``tourism.active``, ...) are read-only views collected from the agents.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.config import Scenario, load_scenario
from sim.model import DEFAULT_SCENARIO, KADModel
from sim.reference.agents import Commodity, Farmer, Trader
from sim.reference.market import WholesaleMarket
from sim.reference.tourism import ReferenceTourism
from sim.reference.umkm import ReferenceUmkm


class ReferenceModel(KADModel):
    """:class:`KADModel` whose farmers, traders, UMKM firms and tourists are Mesa agents
    (``engine = "python"``).

    Takes the same arguments as :class:`KADModel`. After the base model has drawn its
    populations, :meth:`build_agents` creates one :class:`Farmer` per farmer and one
    :class:`Trader` per middleman and direct channel, in the arrays' row order, and the UMKM
    and tourism sectors are replaced by their object-per-agent versions (one
    :class:`~sim.reference.umkm.Umkm` per firm slot; a
    :class:`~sim.reference.tourism.Tourist` per visitor group present, created as it arrives).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_agents()

    def build_agents(self) -> None:
        """One agent per row of ``self.farmers`` and ``self.traders``, plus the commodities and
        their markets; then one agent per UMKM firm slot, in the sectors that take over the
        base model's (tourists arrive during the run)."""
        f, tr = self.farmers, self.traders
        self.commodities = [Commodity(c) for c in range(len(self.commodity_names))]
        traders = [Trader(self, j, self.commodities[c], tr) for j, c in enumerate(tr.comm.tolist())]
        for com, j in zip(self.commodities, self.direct_idx.tolist(), strict=True):
            com.direct = traders[j]
            com.market = WholesaleMarket(com, self.n_buckets)
        for i, (c, j) in enumerate(zip(f.comm.tolist(), f.trader.tolist(), strict=True)):
            Farmer(self, i, self.commodities[c], traders[j], f)
        # the base model drew the firms from the init stream: take them over, do not redraw
        self.umkm = ReferenceUmkm(self.umkm)
        self.tourism = ReferenceTourism(self.tourism)

    def _step_trade(self, t: int, info_on: bool, transit_days: int) -> None:
        """Farmers and traders for day ``t``: the rules of ``KADModel._step_trade``, per agent.

        AgentSets are stepped in creation order (never shuffled): the direct channel enrols
        farmers first come, first served, and sums must add up in the kernels' order.
        """
        farmers = self.agents_by_type[Farmer]
        traders = self.agents_by_type[Trader]
        info = self.params["information"]
        system = self.params["programs"]["information_system"]
        day_of_year = int(self.calendar.day_of_year[t])
        self._load_shared_state()

        traders.do("spoil", t)
        farmers.do("produce", t, day_of_year, self._z_farm.tolist(), self._u_shock.tolist())
        traders.do(
            "post_price",
            t,
            self._z_trader.tolist(),
            info_on,
            (info["lag_days"], info["noise_sd"]),
            (system["lag_days"], system["noise_sd"]),
        )
        traders.do("set_margin", info_on, system["farmer_bargaining_share"])
        for com in self.commodities:
            com.direct.enrolled_kg = 0.0
        farmers.do("add_enrolment")
        farmers.do("review_channel", t, self._u_review.tolist())
        farmers.do("count_enrolled")
        # the direct channel buys first, from its enrolled farmers, up to its capacity
        traders.do("open_purchases")
        farmers.do("offer_to_direct_channel")
        for com in self.commodities:
            com.direct.set_buy_ratio()
        farmers.do("sell_to_direct_channel")
        # then middlemen buy what is left, including what the direct channel could not take
        traders.do("open_purchases")
        farmers.do("offer_to_middleman")
        traders.do("set_buy_ratio")
        farmers.do("sell_to_middleman")
        traders.do("ship", t, transit_days)
        traders.do("unload", t)
        for com in self.commodities:
            com.market.open()
        traders.do("offer_at_market", t)
        for com in self.commodities:
            com.market.clear(t)
        traders.do("sell_at_market", t)
        farmers.do("adjust_capacity", t)

        self._store_shared_state()

    def _load_shared_state(self) -> None:
        """Read today's parameters and levers, the running totals and the direct channels'
        capacity today (set with the levers) from the model's arrays."""
        for com in self.commodities:
            com.load(self)
            com.direct.cap = float(self.traders.cap[com.direct.index])
        self.money_flows = self.flows.tolist()  # Rp crossing the boundary, as plain floats

    def _store_shared_state(self) -> None:
        """Write what the model's other phases read from the arrays."""
        for com in self.commodities:
            com.store(self)
        self.flows[:] = self.money_flows
        farmers, traders = self.agents_by_type[Farmer], self.agents_by_type[Trader]
        self.farmers.cash[:] = farmers.get("cash")
        self.farmers.rev_cum[:] = farmers.get("rev_cum")
        self.farmers.cost_cum[:] = farmers.get("cost_cum")
        self.traders.cash[:] = traders.get("cash")
        self.traders.claim[:] = traders.get("claim")

    def _settle_programs(self, t: int) -> None:
        """The base model's program payments, then the logistics subsidy it paid into the
        trader cash array reaches the traders."""
        super()._settle_programs(t)
        cash = self.traders.cash.tolist()
        for trader in self.agents_by_type[Trader]:
            trader.cash = cash[trader.index]

    def _measure(self, t: int) -> None:
        """Goods held (kg) counted from the agents, then the base model's recorder and
        DataCollector (``KADModel._measure`` counts them from the arrays instead)."""
        self.stocks[:] = self._count_stocks()
        self.recorder.record(t)
        self.datacollector.collect(self)

    def _count_stocks(self) -> list:
        """kg on farms, in transit (and being loaded), and at market, per commodity; added up
        in the order of :func:`sim.kernels.accounting.goods_in_stock`."""
        out = [[0.0, 0.0, 0.0] for _ in self.commodities]
        for farmer in self.agents_by_type[Farmer]:
            s = 0.0
            for q in farmer.stock:
                s += q
            out[farmer.commodity.index][0] += s
        for trader in self.agents_by_type[Trader]:
            s = 0.0
            m = 0.0
            for b in range(self.n_buckets):
                m += trader.inventory[b]
                s += trader.bought[b]
                for slot in trader.transit:
                    s += slot[b]
            row = out[trader.commodity.index]
            row[1] += s
            row[2] += m
        return out

    def agent_arrays(self) -> dict[str, np.ndarray]:
        """Every agent's state as struct-of-arrays, keyed ``farmers.<column>``,
        ``traders.<column>`` and ``umkm.<column>`` like :class:`sim.populations.Farmers`,
        ``Traders`` and :class:`sim.sectors.UmkmSector`, and ``tourism.<column>`` for the
        visitors present in slot order (``tourism.slot``: their slots), to compare with the
        fast engine's arrays."""
        farmers, traders = self.agents_by_type[Farmer], self.agents_by_type[Trader]
        f_cols = ("cap", "cap_plan", "cost_factor", "channel", "stock", "cash", "rev_cum")
        f_cols += ("cost_cum", "rev_win", "kg_win", "informed")
        t_cols = ("cap", "margin", "cash", "exp_price", "share", "fg", "bought", "transit")
        t_cols += ("inventory", "claim")
        out = {f"farmers.{k}": np.array(farmers.get(k)) for k in f_cols}
        out.update({f"traders.{k}": np.array(traders.get(k)) for k in t_cols})
        out.update({f"umkm.{k}": v for k, v in self.umkm.firm_arrays().items()})
        out.update({f"tourism.{k}": v for k, v in self.tourism.visitor_arrays().items()})
        return out


def _engine(scenario: str | Path | Scenario, kwargs: dict) -> str:
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
    """A :class:`ReferenceModel` if the scenario's ``run.engine`` is ``"python"``, else a
    :class:`KADModel`; ``kwargs`` are their keyword arguments (seed, days, scale, overrides)."""
    cls = ReferenceModel if _engine(scenario, kwargs) == "python" else KADModel
    return cls(scenario, **kwargs)
