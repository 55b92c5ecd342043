"""UMKM firms as one Mesa agent each: the rules of :mod:`sim.kernels.umkm` and of
:class:`sim.sectors.UmkmSector`'s month starts, per firm.

Each firm slot of the sector is one :class:`Umkm` agent for the whole run: a firm that exits
leaves its slot vacant (``alive = 0``) and an entrant is born again in it, with new traits, so
that the firms stay in slot order, the order in which the kernels add up sales and draw random
numbers. Money is in Rp.

Random numbers come from the same streams, in the same order and amount as in the sector:
trait draws in blocks (every entrant's capacity, then every entrant's price, ...), one entry
uniform per slot at each month start, training draws in the order of the chosen firms.
"""

from __future__ import annotations

import math
from collections import namedtuple
from operator import attrgetter

import mesa
import numpy as np
from mesa.agent import AgentSet

from sim.kernels import layout as L
from sim.kernels import umkm as K
from sim.sectors.umkm import BLITAR, SURABAYA, UmkmSector

# the sector's choice parameters in force as plain floats, by the fields of its vis record
UmkmParams = namedtuple("UmkmParams", K.UMKM_PARAMS.names)

# the draws of an entrant's traits, in the order of UmkmSector._draw_traits: each is one pass
# over all entrants
TRAIT_DRAWS = (
    "draw_capacity",
    "draw_price",
    "draw_quality",
    "draw_literacy",
    "draw_legal",
    "draw_connection",
)


def safe_exp(x: float) -> float:
    """``math.exp``, but ``inf`` on overflow like the kernels (which do not raise)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def int_power(base: float, exponent: int) -> float:
    """``base ** exponent`` for an integer exponent >= 0 as numba computes it (square and
    multiply, not libm ``pow``, so results can differ from Python's ``**`` in the last bit)."""
    if exponent > 0x10000:
        return math.pow(base, float(exponent))  # numba's cutoff to the generic algorithm
    result = 1.0
    while exponent != 0:
        if exponent & 1:
            result *= base
        exponent >>= 1
        base *= base
    return result


class UmkmMarkets:
    """Buyers of both regions (market 0 Blitar, 1 Surabaya), by sector: today's choice
    parameters, spending pools (Rp/day), the outside option's logit weights, the sums of the
    sellers' logit weights, and the day's and month's totals the firms add to.

    Choice parameters are plain-float copies of the sector's ``vis`` columns (:meth:`load`);
    ``day`` holds the ``U_*`` columns of today's figures by seller region.
    """

    def __init__(self, sector: UmkmSector):
        self.n_sectors = len(sector.sectors)
        self.var_cost = sector.var_cost.tolist()
        self.household_share = sector.household_share.tolist()
        self.souvenir_share = sector.souvenir_share.tolist()
        self.household_pool = sector.household_pool.tolist()
        self.outside = sector.outside.tolist()
        self.mpool = sector.mpool.tolist()  # civil servants' mandated e-Peken spending, Rp/day
        self.pools = [[0.0] * self.n_sectors for _ in range(2)]
        self.denom = [[0.0] * self.n_sectors for _ in range(2)]
        self.mdenom = [0.0] * self.n_sectors  # the listings' weights in the mandated pool
        self.day = [[0.0] * L.N_U for _ in range(2)]
        self.tax = [0.0, 0.0]
        self.sales_in = self.costs_out = self.exit_out = 0.0  # money flows, Rp (cumulative)
        self.month_profit = [[0.0] * self.n_sectors for _ in range(2)]
        self.month_revenue = [[0.0] * self.n_sectors for _ in range(2)]

    def load(self, vis: np.ndarray) -> None:
        """Copy the choice parameters in force (levers included) from the sector's ``vis``."""
        v = UmkmParams(*vis[0].item())
        self.epeken_vis = v.epeken_visibility  # visibility an e-Peken listing adds
        self.online_vis_no_epeken = v.online_visibility_without_epeken
        self.outlet_vis = v.outlet_visibility  # a Blitar firm's visibility in Surabaya outlets
        self.epeken = v.epeken_access_today  # 1 while Blitar firms have e-Peken access
        self.quality_w = v.quality_weight  # logit weight of quality
        self.price_w = v.price_weight  # logit weight of log price
        self.threshold = v.online_literacy_threshold  # literacy needed to sell online
        self.cover = (
            v.blitar_internet_coverage_today,
            v.surabaya_internet_coverage,
        )  # internet coverage by region
        self.tax_share = v.umkm_tax_share  # local levy per Rp of sales
        self.lit_decay = v.literacy_decay_per_day  # daily relative literacy loss when offline
        self.qual_decay = v.quality_decay_per_day  # daily relative quality loss
        self.mandate_bw = v.epeken_mandate_blitar_weight  # a Blitar listing's mandate weight
        self.cap_day = v.epeken_seller_cap_rp_per_day  # most mandated sales of a seller a day
        self.min_day = v.selling_min_rp_per_day  # sales a day that count as selling there

    def open_day(self, souvenir_rp: list, flows: np.ndarray) -> None:
        """Today's spending pools (households' and tourists' souvenir spending by market and
        sector), no offers yet, the day's totals at zero and the running money flows."""
        for m in range(2):
            for s in range(self.n_sectors):
                self.pools[m][s] = (
                    self.household_pool[m] * self.household_share[s]
                    + souvenir_rp[m] * self.souvenir_share[s]
                )
        self.open_offers()
        self.day = [[0.0] * L.N_U for _ in range(2)]
        self.tax = [0.0, 0.0]
        self.sales_in = float(flows[L.F_UMKM_SALES_IN])
        self.costs_out = float(flows[L.F_UMKM_COSTS_OUT])

    def open_offers(self) -> None:
        """No seller's logit weight counted yet."""
        self.denom = [[0.0] * self.n_sectors for _ in range(2)]
        self.mdenom = [0.0] * self.n_sectors

    def outside_margins(self) -> None:
        """The outside option's sales in each market less their variable cost, Rp (today's
        ``U_OUTSIDE_MARGIN`` of the market's row); a sector's mandated pool with no listing is
        spent at Surabaya's shops and chains."""
        for m in range(2):
            acc = 0.0
            logsum = 0.0  # the buyers' log-sum (U_BUYER_LOGSUM)
            for s in range(self.n_sectors):
                den = self.outside[m][s] + self.denom[m][s]
                acc += self.pools[m][s] * self.outside[m][s] / den * (1.0 - self.var_cost[s])
                if m == 1 and self.mdenom[s] <= 0.0:
                    acc += self.mpool[s] * (1.0 - self.var_cost[s])
                if self.price_w > 0.0:
                    logsum += self.pools[m][s] * math.log(den) / self.price_w
            self.day[m][L.U_OUTSIDE_MARGIN] = acc
            self.day[m][L.U_BUYER_LOGSUM] = logsum

    def close_day(self, flows: np.ndarray) -> None:
        """Write the money flows back to the model's array."""
        flows[L.F_UMKM_SALES_IN] = self.sales_in
        flows[L.F_UMKM_COSTS_OUT] = self.costs_out

    def may_list(self, region: int, legal: int, listed: int) -> bool:
        """An online firm is on e-Peken with a licence, and a Blitar firm also with one of the
        market-access program's listings while the program runs."""
        return legal == 1 and (region == SURABAYA or (self.epeken > 0.5 and listed == 1))

    def online_visibility(self, region: int, legal: int, listed: int) -> float:
        """General marketplaces and social media, plus e-Peken for a listed seller."""
        on_list = self.may_list(region, legal, listed)
        return self.online_vis_no_epeken + (self.epeken_vis if on_list else 0.0)

    def mandate_weight(self, region: int, on_epeken: bool) -> float:
        """Weight in the mandated pool, shared evenly (0 off e-Peken)."""
        if not on_epeken:
            return 0.0
        return 1.0 if region == SURABAYA else self.mandate_bw

    def visibility(self, region: int, market: int, online: bool, outlet: int, legal: int,
                   listed: int):  # fmt: skip
        """How visible a firm of ``region`` is to buyers in ``market`` (0 if not at all)."""
        on = self.online_visibility(region, legal, listed) if online else 0.0
        if region == market:
            return 1.0 + on
        if region == BLITAR:  # a Blitar firm seen by Surabaya buyers: outlets, online
            return (self.outlet_vis if outlet == 1 else 0.0) + on
        return on  # a Surabaya firm seen by Blitar buyers online


class Umkm(mesa.Agent):
    """A UMKM firm slot: a micro, small or medium firm of one region and sector, or vacant.

    Attributes (copied from row ``index`` of :class:`sim.sectors.UmkmSector`): ``region`` (0
    Blitar, 1 Surabaya), ``sector`` (index), ``alive`` (1 operating, 0 vacant, 2 entering this
    month start), ``capacity`` and ``fixed_cost`` (Rp/day), ``price`` (relative), ``quality``
    and ``literacy`` (0-1), ``legal`` (licensed), ``conn_u`` (uniform draw: internet where it is
    below the coverage), ``outlet`` (in a Surabaya outlet), ``online`` (sells online today),
    ``cash``, ``revenue_cum``, ``month_profit`` (Rp), ``loss_months`` (loss-making months in a
    row), ``attract`` (cached logit weight before visibility) and ``weight`` (logit weight in
    markets 0 and 1 today).
    """

    def __init__(self, model, index: int, markets: UmkmMarkets, arrays: UmkmSector):
        super().__init__(model)
        self.index = index
        self.markets = markets
        self.region = int(arrays.region[index])
        self.sector = int(arrays.sector[index])
        self.alive = int(arrays.alive[index])
        self.capacity = float(arrays.capacity[index])
        self.fixed_cost = float(arrays.fixed_cost[index])
        self.price = float(arrays.price[index])
        self.quality = float(arrays.quality[index])
        self.quality_base = float(arrays.quality_base[index])
        self.literacy = float(arrays.literacy[index])
        self.legal = int(arrays.legal[index])
        self.conn_u = float(arrays.conn_u[index])
        self.outlet = int(arrays.outlet[index])
        self.listed = int(arrays.listed[index])
        self.online = int(arrays.online[index])
        self.cash = float(arrays.cash[index])
        self.revenue_cum = float(arrays.revenue_cum[index])
        self.month_profit = float(arrays.month_profit[index])
        self.revenue_at_month_start = float(arrays._revenue_at_month_start[index])
        self.loss_months = int(arrays.loss_months[index])
        self.attract = float(arrays.attract[index])
        self.weight = [0.0, 0.0]
        self.completed = False  # completed a training course this month

    # ------------------------------------------------------------ daily
    def update_attractiveness(self) -> None:
        """Refresh the cached logit weight before visibility: size (shelf space) x
        exp(quality and price terms); 0 for a vacant slot."""
        if not self.alive:
            self.attract = 0.0
            return
        mk = self.markets
        self.attract = self.capacity * safe_exp(
            mk.quality_w * self.quality - mk.price_w * math.log(self.price)
        )

    def offer(self) -> None:
        """Go online today if there is internet and enough digital literacy; add the logit
        weight in each market where buyers see the firm to the sector's sum."""
        mk = self.markets
        weight = self.weight
        weight[0] = weight[1] = 0.0
        if self.alive == 0:
            self.online = 0
            return
        on = self.conn_u < mk.cover[self.region] and self.literacy >= mk.threshold
        self.online = 1 if on else 0
        for m in range(2):
            v = mk.visibility(self.region, m, on, self.outlet, self.legal, self.listed)
            if v > 0.0:
                w = self.attract * v
                weight[m] = w
                mk.denom[m][self.sector] += w
        mk.mdenom[self.sector] += mk.mandate_weight(self.region, self.on_epeken())

    def sell(self) -> None:
        """Take the firm's logit share of each market's pool, up to capacity; pay variable and
        fixed costs and the local levy; lose digital skills if offline."""
        if self.alive == 0:
            return
        mk = self.markets
        s = self.sector
        sales0 = 0.0
        sales1 = 0.0
        if self.weight[0] > 0.0:
            sales0 = mk.pools[0][s] * self.weight[0] / (mk.outside[0][s] + mk.denom[0][s])
        if self.weight[1] > 0.0:
            sales1 = mk.pools[1][s] * self.weight[1] / (mk.outside[1][s] + mk.denom[1][s])
        ep = self.on_epeken()
        mw = mk.mandate_weight(self.region, ep)
        mand = 0.0
        if mw > 0.0:  # the listing's share of the mandated pool, up to the seller ceiling
            share = mk.mpool[s] * mw / mk.mdenom[s]
            mand = min(share, mk.cap_day)
            if share > mand:  # what the ceiling turns away is spent at Surabaya's shops
                mk.day[1][L.U_OUTSIDE_MARGIN] += (share - mand) * (1.0 - mk.var_cost[s])
        total = sales0 + sales1 + mand
        if total > self.capacity:
            cut = self.capacity / total
            # what the firm cannot serve is spent at shops and chains of each market
            keep = 1.0 - mk.var_cost[s]
            mk.day[0][L.U_OUTSIDE_MARGIN] += (sales0 - sales0 * cut) * keep
            mk.day[1][L.U_OUTSIDE_MARGIN] += (sales1 + mand - (sales1 * cut + mand * cut)) * keep
            sales0 *= cut
            sales1 *= cut
            mand *= cut
            total = self.capacity
        r = self.region
        tax = total * mk.tax_share
        costs = total * mk.var_cost[s] + self.fixed_cost
        profit = total - costs - tax
        self.cash += profit
        self.revenue_cum += total
        self.month_profit += profit
        mk.sales_in += total
        mk.costs_out += costs
        mk.tax[r] += tax
        day = mk.day[r]
        day[L.U_REVENUE] += total
        day[L.U_TAX] += tax
        day[L.U_COSTS] += costs
        day[L.U_PROFIT] += profit
        day[L.U_ALIVE] += 1.0
        if self.online == 1:
            day[L.U_ONLINE] += 1.0
        to_market = sales1 + mand
        sells = r == BLITAR and to_market > mk.min_day  # reaches Surabaya buyers
        if r == BLITAR:  # Blitar firms' sales to Surabaya buyers
            day[L.U_SALES_IN_MARKET] += to_market
        if sells:
            day[L.U_SELLING_IN_MARKET] += 1.0
        self.add_channels(day, ep, sales0, sales1, mand, sells)
        # digital skills fade without use (quality fades monthly, see decay_quality)
        if self.online == 0:
            self.literacy *= 1.0 - mk.lit_decay

    def on_epeken(self) -> bool:
        """Sells through e-Peken today: online and listed (a licence, and for a Blitar firm
        one of the program's listings while it gives access)."""
        return self.online == 1 and self.markets.may_list(self.region, self.legal, self.listed)

    def add_channels(self, day: list, ep: bool, sales0: float, sales1: float, mand: float,
                     sells: bool) -> None:  # fmt: skip
        """Add today's sales by channel: e-Peken's share of the free-choice sales in each market
        is its visibility over the firm's total visibility there, plus the mandated sales
        ``mand``; a Blitar firm that ``sells`` to Surabaya buyers (above the reach threshold)
        counts in each channel that reaches them."""
        mk = self.markets
        if ep:
            v0 = mk.visibility(self.region, 0, True, self.outlet, self.legal, self.listed)
            v1 = mk.visibility(self.region, 1, True, self.outlet, self.legal, self.listed)
            day[L.U_EPEKEN_SALES] += (
                sales0 * mk.epeken_vis / v0 + sales1 * mk.epeken_vis / v1 + mand
            )
            day[L.U_EPEKEN_MANDATED] += mand
            day[L.U_EPEKEN_LISTED] += 1.0
        if sells:
            if self.outlet == 1:
                day[L.U_SELLING_OUTLET] += 1.0
            if ep:
                day[L.U_SELLING_EPEKEN] += 1.0
            elif self.online == 1:
                day[L.U_SELLING_ONLINE_OTHER] += 1.0

    # ------------------------------------------------------------ monthly
    def add_month_to_sector(self) -> None:
        """Add the month's profit and revenue of an operating firm to its region and sector's
        totals (they set the entry rate)."""
        if self.alive == 1:
            mk = self.markets
            mk.month_profit[self.region][self.sector] += self.month_profit
            mk.month_revenue[self.region][self.sector] += (
                self.revenue_cum - self.revenue_at_month_start
            )

    def close_month(self, rng, exit_after: int, entry_p: float, normal_margin: float) -> None:
        """Month end: an operating firm with ``exit_after`` loss-making months in a row closes
        (the owner takes its cash); a vacant slot is entered with a probability rising with its
        sector's profit margin (``alive = 2`` until the entrant's traits are drawn).

        Every slot draws one uniform, used only if vacant (as the sector draws one per slot).
        """
        u = rng.random()
        mk = self.markets
        if self.alive == 1:
            if self.month_profit < 0.0:
                self.loss_months += 1
            else:
                self.loss_months = 0
            if self.loss_months >= exit_after:
                self.alive = 0
                mk.exit_out += self.cash
                self.cash = 0.0
        elif self.alive == 0:
            rev = mk.month_revenue[self.region][self.sector]
            margin = mk.month_profit[self.region][self.sector] / rev if rev > 0.0 else 0.0
            p = entry_p * min(2.0, max(0.0, margin / normal_margin))
            if u < p:
                self.alive = 2
        self.month_profit = 0.0

    # an entrant's traits, from the initial laws of its region (UmkmSector._draw_traits)
    def draw_capacity(self, rng, u: dict) -> None:
        sd = u["capacity_sigma"]
        mean_cap = (
            u["blitar_capacity_rp_per_day"]
            if self.region == BLITAR
            else u["surabaya_capacity_rp_per_day"]
        )
        self.capacity = mean_cap * rng.lognormal(-0.5 * sd * sd, sd)
        self.fixed_cost = self.capacity * u["fixed_cost_share_of_capacity"]

    def draw_price(self, rng, u: dict) -> None:
        self.price = rng.lognormal(0.0, u["price_sigma"])

    def _beta(self, rng, u: dict, mean_b: float, mean_s: float) -> float:
        k = u["trait_concentration"]
        mean = mean_b if self.region == BLITAR else mean_s
        return rng.beta(mean * k, (1.0 - mean) * k)

    def draw_quality(self, rng, u: dict) -> None:
        self.quality = self._beta(rng, u, u["blitar_quality_mean"], u["surabaya_quality_mean"])
        self.quality_base = self.quality

    def draw_literacy(self, rng, u: dict) -> None:
        self.literacy = self._beta(rng, u, u["blitar_literacy_mean"], u["surabaya_literacy_mean"])

    def draw_legal(self, rng, u: dict) -> None:
        share = u["blitar_legal_share"] if self.region == BLITAR else u["surabaya_legal_share"]
        self.legal = 1 if rng.random() < share else 0

    def draw_connection(self, rng, u: dict) -> None:
        self.conn_u = rng.random()

    def enter(self) -> None:
        """An entrant with its new traits starts operating, with no loss history or outlet."""
        self.alive = 1
        self.loss_months = 0
        self.outlet = 0
        self.listed = 0

    def start_month(self) -> None:
        """Remember the revenue so far, to measure this month's."""
        self.revenue_at_month_start = self.revenue_cum

    def decay_quality(self, keep: float) -> None:
        """Quality gained above the firm's own level lost since the last month start (``keep``
        = share kept): training gains fade, the firm's own level does not drift."""
        if self.alive == 1:
            self.quality = self.quality_base + (self.quality - self.quality_base) * keep

    # ------------------------------------------------------------ programs
    def attend_course(self, rng, course: dict) -> None:
        """Attend a training course; on completion close part of the gaps to full literacy and
        quality."""
        self.completed = rng.random() < course["completion_rate"]
        if self.completed:
            lit = self.literacy
            self.literacy = lit + course["literacy_gain"] * (1.0 - lit)
            qual = self.quality
            self.quality = qual + course["quality_gain"] * (1.0 - qual)

    def apply_for_licence(self, rng, probability: float) -> None:
        """After a completed course, get a business licence with ``probability``."""
        if rng.random() < probability:
            self.legal = 1


# per-firm columns of UmkmSector that change during a run (the agents hold them), and dtypes
FIRM_COLUMNS = {
    "alive": np.int8,
    "capacity": np.float64,
    "fixed_cost": np.float64,
    "price": np.float64,
    "quality": np.float64,
    "quality_base": np.float64,
    "literacy": np.float64,
    "legal": np.int8,
    "conn_u": np.float64,
    "outlet": np.int8,
    "listed": np.int8,
    "online": np.int8,
    "cash": np.float64,
    "revenue_cum": np.float64,
    "month_profit": np.float64,
    "loss_months": np.int64,
    "attract": np.float64,
}
# more of UmkmSector's arrays not taken over: the agents' revenue_at_month_start, and the
# kernels' scratch
NOT_TAKEN_OVER = ("_revenue_at_month_start", "_weight", "_denom", "_mdenom", "_margin", "_rev")


def _firm_column(name: str, dtype) -> property:
    def column(self) -> np.ndarray:
        return np.array(self.firms.get(name), dtype=dtype)

    return property(column, doc=f"``{name}`` of every firm slot, read from the agents (a copy).")


class ReferenceUmkm(UmkmSector):
    """:class:`UmkmSector` whose firms are :class:`Umkm` agents, stepped in slot order.

    Takes over a sector the base model has built (its population was drawn from the ``init``
    stream, which must not be drawn from again) and creates one agent per slot. The per-firm
    columns (``cash``, ``alive``, ``literacy``, ...) become read-only properties that collect
    the agents' values, so that the recorder, the money check and any other reader see the
    agents' state; ``region`` and ``sector`` never change and stay arrays, and ``day``,
    ``tax``, ``pools``, ``vis`` and ``outside`` hold the sector's figures as in the base class.
    """

    def __init__(self, drawn: UmkmSector):
        hidden = {*FIRM_COLUMNS, *NOT_TAKEN_OVER}
        vars(self).update({k: v for k, v in vars(drawn).items() if k not in hidden})
        self.build_agents(drawn)

    def build_agents(self, drawn: UmkmSector) -> None:
        """One :class:`Umkm` per slot of ``drawn``, then the cached logit weights and the
        outside option recomputed by the agents' rules."""
        m = self.model
        self.markets = UmkmMarkets(self)
        for i in range(drawn.alive.shape[0]):
            Umkm(m, i, self.markets, drawn)
        self.markets.load(self.vis)
        firms = self.firms
        firms.do("update_attractiveness")
        self.markets.open_offers()
        firms.do("offer")
        denom = np.array(self.markets.denom)
        # math.exp, as the fast engine (numpy's exp differs on CPUs with AVX-512)
        self.outside = math.exp(self.p["outside_option_utility"]) * np.maximum(denom, 1e-300)
        self.markets.outside = self.outside.tolist()

    @property
    def firms(self) -> AgentSet:
        """The firm slots, in slot order."""
        return self.model.agents_by_type[Umkm]

    # ---------------------------------------------------------------- daily
    def step(self, t: int, souvenir_rp: np.ndarray) -> None:
        """Sales for day ``t`` (``UmkmSector.step``), per firm."""
        m = self.model
        firms = self.firms
        mk = self.markets
        mk.load(self.vis)  # the month start reads the choice weights and the quality decay
        if t > 0 and m.calendar.month[t] != m.calendar.month[t - 1]:
            self._month_start(t)
        elif t == 0:
            self._market_access(t)
            self._train(t)
            firms.do("update_attractiveness")
        access = m.programs["market_access"].active(t)
        self.vis[0]["epeken_access_today"] = 1.0 if access else 0.0
        self.vis[0]["blitar_internet_coverage_today"] = self.coverage_today()
        mk.load(self.vis)  # with today's levers
        mk.open_day(souvenir_rp.tolist(), m.flows)
        firms.do("offer")
        mk.outside_margins()
        firms.do("sell")
        mk.close_day(m.flows)
        self.pools[:] = mk.pools
        self.day[:] = mk.day
        self.tax[:] = mk.tax
        m.blitar.collect(self.tax[BLITAR])
        m.surabaya.collect(self.tax[SURABAYA])

    # ---------------------------------------------------------------- monthly
    def _month_start(self, t: int) -> None:
        """Exits and entries for the month just ended, then this month's training and outlets
        (``UmkmSector._month_start``), per firm."""
        m = self.model
        rng = m.streams["umkm"]
        u = self.p
        mk = self.markets
        firms = self.firms
        mk.month_profit = [[0.0] * mk.n_sectors for _ in range(2)]
        mk.month_revenue = [[0.0] * mk.n_sectors for _ in range(2)]
        firms.do("add_month_to_sector")
        mk.exit_out = float(m.flows[L.F_UMKM_EXIT_OUT])
        firms.do(
            "close_month",
            rng,
            u["exit_after_loss_months"],
            u["entry_probability_per_month"],
            u["normal_profit_margin"],
        )
        m.flows[L.F_UMKM_EXIT_OUT] = mk.exit_out
        entrants = firms.select(lambda firm: firm.alive == 2)
        for draw in TRAIT_DRAWS:
            entrants.do(draw, rng, u)
        entrants.do("enter")
        firms.do("start_month")
        firms.do("decay_quality", int_power(1.0 - mk.qual_decay, t - self._last_month_start))
        self._last_month_start = t
        self._market_access(t)
        self._train(t)
        firms.do("update_attractiveness")

    def _place_outlets(self, t: int) -> None:
        """Market-access program: outlet places go to licensed Blitar firms by the program's
        ``outlet_rule`` (ties in slot order); see ``UmkmSector._place_outlets``."""
        m = self.model
        firms = self.firms
        firms.set("outlet", 0)
        if not m.programs["market_access"].active(t):
            return
        ma = m.params["programs"]["market_access"]
        k = round(ma["outlet_places"] * m.scale)
        cand = list(firms.select(lambda f: f.alive == 1 and f.region == BLITAR and f.legal == 1))
        if k <= 0 or len(cand) == 0:
            return
        k = min(k, len(cand))
        if ma["outlet_rule"] == "random":
            picks = m.streams["umkm"].choice(len(cand), size=k, replace=False).tolist()
            ranked = [cand[i] for i in picks]
        elif ma["outlet_rule"] == "readiest":
            ranked = sorted(cand, key=lambda f: -f.quality)  # stable: slot order
        else:
            ranked = sorted(cand, key=lambda f: (f.online, -f.quality))
        for firm in ranked[:k]:
            firm.outlet = 1

    def _list_on_epeken(self, t: int) -> None:
        """Blitar e-Peken listings while the program gives access: the best-quality licensed
        firms online the day before, up to the program's places (``UmkmSector._list_on_epeken``)."""
        m = self.model
        firms = self.firms
        firms.set("listed", 0)
        if not m.programs["market_access"].active(t):
            return
        k = round(m.params["programs"]["market_access"]["epeken_places"] * m.scale)
        cand = firms.select(lambda f: f.alive == 1 and f.region == BLITAR and f.legal == 1
                            and f.online == 1)  # fmt: skip
        if k <= 0 or len(cand) == 0:
            return
        for firm in sorted(cand, key=lambda f: -f.quality)[:k]:
            firm.listed = 1

    def _train(self, t: int) -> None:
        """Training program: this month's cohort of Blitar firms, as many as the budget pays;
        the lowest digital literacy first (ties in slot order) or at random."""
        n = self._places(t)  # the program's places and money (UmkmSector._places)
        if n <= 0:
            return
        m = self.model
        prog = m.programs["training"]
        tp = m.params["programs"]["training"]
        cost = tp["cost_rp_per_place"]
        cand = self.firms.select(lambda f: f.alive == 1 and f.region == BLITAR)
        n = min(n, len(cand))
        if n <= 0:
            return
        rng = m.streams["training"]
        if tp["selection"] == "readiest":
            # a noisy readiness signal (UmkmSector._train), one normal draw per candidate
            cover = self.coverage_today()
            noise = rng.standard_normal(len(cand)).tolist()
            sd = tp["targeting_noise_sd"]
            signal = {
                f: f.literacy - float(f.online) - float(f.conn_u >= cover) + sd * z
                for f, z in zip(cand, noise, strict=True)
            }
            ranked = sorted(cand, key=lambda f: -signal[f])  # stable: slot order
            chosen = AgentSet(ranked[:n], random=m.random)
        elif tp["selection"] == "lowest_literacy":
            chosen = cand.sort("literacy", ascending=True).select(at_most=n)
        else:
            members = list(cand)
            picks = rng.choice(len(members), size=n, replace=False).tolist()
            chosen = AgentSet([members[i] for i in picks], random=m.random)
        m.pay_outside(prog, n * cost)
        chosen.do("attend_course", rng, tp)
        done = chosen.select(attrgetter("completed"))
        done.do("apply_for_licence", rng, tp["legality_probability"])
        self.trained += len(done)

    # ---------------------------------------------------------------- state
    def firm_arrays(self) -> dict[str, np.ndarray]:
        """Every firm's changing state as arrays named like the sector's columns, in slot
        order."""
        return {k: getattr(self, k) for k in FIRM_COLUMNS}


for _name, _dtype in FIRM_COLUMNS.items():
    setattr(ReferenceUmkm, _name, _firm_column(_name, _dtype))
