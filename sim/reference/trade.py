"""The trade sector with one Mesa agent per farmer, trader and direct channel: the slow,
obvious twin of :class:`sim.sectors.trade.TradeSector`.

The sector's setup (populations drawn from the ``init`` stream, parameters, the primed
pipeline), its random draws and its levers are the base class's; only the farmers' and
traders' daily rules run per agent (:mod:`sim.reference.agents`, :mod:`sim.reference.market`).
The struct-of-arrays ``farmers`` / ``traders`` stay the interface to the model's other phases:
at the start of each day's trade phase the direct channels load their capacity today (set with
the levers); at its end the agents store the columns the other phases read (farmer cash,
revenue and cost for the recorder, KPIs and money check; trader cash and subsidy claims);
after the logistics subsidy is paid into the trader cash array the traders load it again.
Goods held are counted from the agents.
"""

from __future__ import annotations

import numpy as np

from sim.kernels.draws import UNIFORM
from sim.reference.agents import Commodity, Farmer, Trader
from sim.reference.market import WholesaleMarket
from sim.sectors.trade import TradeSector


class ReferenceTrade(TradeSector):
    """:class:`TradeSector` whose farmers and traders are :class:`Farmer` and :class:`Trader`
    agents, stepped through Mesa's AgentSets in creation order.

    Takes over a sector the base model has built (its populations were drawn from the ``init``
    stream, which must not be drawn from again) and creates one :class:`Farmer` per farmer and
    one :class:`Trader` per middleman and direct channel, in the arrays' row order.
    """

    # every farmer's review uniform drawn into the buffer, as numpy's calls draw it (the
    # numba engine skips those no review reads: the same values where read, the same state)
    REVIEW_DRAWS = UNIFORM

    def __init__(self, drawn: TradeSector):
        vars(self).update(vars(drawn))
        self.__dict__.pop("_fast_draws", None)  # bound with the numba engine's kinds, if at all
        self.build_agents()

    def build_agents(self) -> None:
        """One agent per row of ``farmers`` and ``traders``, plus the commodities and their
        markets."""
        m, f, tr = self.model, self.farmers, self.traders
        self.commodities = [Commodity(c) for c in range(len(self.commodity_params))]
        traders = [Trader(m, j, self.commodities[c], tr) for j, c in enumerate(tr.comm.tolist())]
        for com, j in zip(self.commodities, self.direct_idx.tolist(), strict=True):
            com.direct = traders[j]
            com.market = WholesaleMarket(com, self.n_buckets)
        for i, (c, j) in enumerate(zip(f.comm.tolist(), f.trader.tolist(), strict=True)):
            Farmer(m, i, self.commodities[c], traders[j], f)

    @property
    def farmer_agents(self):
        return self.model.agents_by_type[Farmer]

    @property
    def trader_agents(self):
        return self.model.agents_by_type[Trader]

    def _step_agents(self, t: int, info_on: bool, transit_days: int) -> None:
        """Farmers and traders for day ``t``: the rules of ``TradeSector._step_agents``, per
        agent.

        AgentSets are stepped in creation order (never shuffled): the direct channel enrols
        farmers first come, first served, and sums must add up in the kernels' order.
        """
        m = self.model
        farmers, traders = self.farmer_agents, self.trader_agents
        info = m.params["information"]
        system = m.params["programs"]["information_system"]
        day_of_year = int(m.calendar.day_of_year[t])
        self._load_shared_state()

        traders.do("spoil", t)
        farmers.do("produce", t, day_of_year, self._z_farm.tolist(), self._u_shock.tolist())
        traders.do(
            "post_price",
            t,
            self._z_trader.tolist(),
            info_on,
            (info["lag_days"], info["noise_sd"]),
            (self.system_lag_days(), system["noise_sd"]),
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
        capacity today (set with the levers) from the sector's arrays."""
        for com in self.commodities:
            com.load(self)
            com.direct.cap = float(self.traders.cap[com.direct.index])
        # Rp crossing the boundary, as plain floats the agents add to
        self.model.money_flows = self.flows.tolist()

    def _store_shared_state(self) -> None:
        """Write what the model's other phases read from the arrays."""
        for com in self.commodities:
            com.store(self)
        self.flows[:] = self.model.money_flows
        farmers, traders = self.farmer_agents, self.trader_agents
        self.farmers.cash[:] = farmers.get("cash")
        self.farmers.rev_cum[:] = farmers.get("rev_cum")
        self.farmers.cost_cum[:] = farmers.get("cost_cum")
        self.traders.cash[:] = traders.get("cash")
        self.traders.claim[:] = traders.get("claim")

    def pay_subsidy(self, share: float) -> None:
        """The base class pays the subsidy into the trader cash array; the traders load it."""
        super().pay_subsidy(share)
        cash = self.traders.cash.tolist()
        for trader in self.trader_agents:
            trader.cash = cash[trader.index]

    def count_stocks(self, t: int = 0, every_row: bool = True) -> None:
        """kg on farms, in transit (and being loaded), and at market, per commodity, counted
        from the agents every day (``t`` and ``every_row`` are the fast engine's, see
        :meth:`sim.sectors.trade.TradeSector.count_stocks`); added up in the order of
        :func:`sim.kernels.accounting.goods_in_stock`."""
        out = [[0.0, 0.0, 0.0] for _ in self.commodities]
        for farmer in self.farmer_agents:
            s = 0.0
            for q in farmer.stock:
                s += q
            out[farmer.commodity.index][0] += s
        for trader in self.trader_agents:
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
        self.stocks[:] = out

    def agent_arrays(self) -> dict:
        """Every farmer's and trader's state as struct-of-arrays, keyed ``farmers.<column>``
        and ``traders.<column>`` like :class:`sim.populations.Farmers` and ``Traders``."""
        f_cols = ("cap", "cap_plan", "cost_factor", "channel", "stock", "cash", "rev_cum")
        f_cols += ("cost_cum", "rev_win", "kg_win", "informed")
        t_cols = ("cap", "margin", "cash", "exp_price", "share", "fg", "bought", "transit")
        t_cols += ("inventory", "claim")
        farmers, traders = self.farmer_agents, self.trader_agents
        out = {f"farmers.{k}": np.array(farmers.get(k)) for k in f_cols}
        out.update({f"traders.{k}": np.array(traders.get(k)) for k in t_cols})
        return out
