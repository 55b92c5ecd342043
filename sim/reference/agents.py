"""Farmers and traders as one Mesa agent each: the trade rules of the fast kernels, per agent.

Each method applies one rule of :mod:`sim.kernels.farm` or :mod:`sim.kernels.trade` to one
agent, with the same arithmetic in the same order, so that the object-per-agent engine and the
struct-of-arrays engine agree to the last bit. Goods are in kg, money in Rp, prices in Rp/kg.
Stock is held in age buckets on a ring: bucket ``d % A`` holds goods produced on day ``d``.

Sums are written as explicit loops on purpose: ``sum()`` of floats is compensated in Python
3.12+, which would round differently from the kernels' plain left-to-right additions.
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import TYPE_CHECKING

import mesa

from sim.calendar import DAYS_PER_YEAR
from sim.kernels import layout as L

if TYPE_CHECKING:
    from sim.reference.market import WholesaleMarket


# a commodity's parameters and levers today as plain floats, by the fields of its cpar record
CommodityParams = namedtuple("CommodityParams", L.COMMODITY_PARAMS.names)


class Commodity:
    """One commodity: today's parameters and levers, and its running totals.

    ``p`` holds the commodity's record of ``cpar`` (:data:`sim.kernels.layout.COMMODITY_PARAMS`)
    as plain floats by field name, reloaded every day after the sector sets its levers.
    ``goods`` (cumulative kg,
    columns ``G_*``), ``daily`` (today's figures, columns ``D_*``), ``p_hist`` (past wholesale
    prices, Rp/kg) and ``retail_cash`` (Rp) are plain-float copies of the model's rows that the
    agents add to during the day.
    """

    def __init__(self, index: int):
        self.index = index
        self.direct: Trader | None = None  # this commodity's direct cooperation channel
        self.market: WholesaleMarket | None = None  # its Surabaya wholesale market

    def load(self, model) -> None:
        """Copy today's parameters and the running totals from the model's arrays."""
        c = self.index
        self.p = CommodityParams(*model.cpar[c].item())
        self.goods = model.goods[c].tolist()
        self.daily = model.daily[c].tolist()
        self.p_hist = model.p_hist[c].tolist()
        self.retail_cash = float(model.retail_cash[c])

    def store(self, model) -> None:
        """Write the running totals back to the model's arrays."""
        c = self.index
        model.goods[c] = self.goods
        model.daily[c] = self.daily
        model.p_hist[c] = self.p_hist
        model.retail_cash[c] = self.retail_cash

    def season(self, day_of_year: int) -> float:
        """Production multiplier of an annual cosine cycle peaking on
        ``seasonal_peak_day_of_year``."""
        angle = 2.0 * math.pi * (day_of_year - self.p.seasonal_peak_day_of_year) / DAYS_PER_YEAR
        return 1.0 + self.p.seasonal_amplitude * math.cos(angle)


class Farmer(mesa.Agent):
    """A farm of one commodity that sells to its middleman or to the direct channel.

    Attributes (copied from row ``index`` of :class:`sim.populations.Farmers`): ``cap`` (kg/day
    today), ``cap_plan`` (planned, kg/day), ``cap0`` (initial, kg/day), ``cost_factor`` (unit cost
    / the commodity's mean), ``channel`` (0 middleman, 1 direct channel), ``stock`` (kg by age
    bucket), ``cash``, ``rev_cum``, ``cost_cum``, ``rev_win`` (since the last capacity review),
    all Rp, ``kg_win`` (kg sold since the last capacity review) and ``informed`` (gets the
    information system's prices while it runs).
    """

    def __init__(self, model, index: int, commodity: Commodity, trader: Trader, arrays):
        super().__init__(model)
        self.index = index  # row in the fast engine's arrays: review days and draws use it
        self.commodity = commodity
        self.trader = trader  # the farmer's middleman
        self.cap = float(arrays.cap[index])
        self.cap_plan = float(arrays.cap_plan[index])
        self.cap0 = float(arrays.cap0[index])
        self.cost_factor = float(arrays.cost_factor[index])
        self.channel = int(arrays.channel[index])
        self.stock = arrays.stock[index].tolist()
        self.cash = float(arrays.cash[index])
        self.rev_cum = float(arrays.rev_cum[index])
        self.cost_cum = float(arrays.cost_cum[index])
        self.rev_win = float(arrays.rev_win[index])
        self.kg_win = float(arrays.kg_win[index])
        self.informed = bool(arrays.informed[index])
        trader.farmers.append(self)

    def produce(self, t: int, day_of_year: int, noise_z: list, shock_u: list) -> None:
        """Spoil goods past shelf life, suffer or recover from a shock, produce and pay for it.

        ``noise_z`` (standard normal) and ``shock_u`` (uniform) hold today's draw of every
        farmer, by index.
        """
        cp = self.commodity
        stock = self.stock
        n_buckets = len(stock)
        spoil = (t - int(cp.p.shelf_life_days)) % n_buckets
        lost = stock[spoil]
        if lost > 0.0:
            stock[spoil] = 0.0
            cp.goods[L.G_LOST_FARM] += lost
        if shock_u[self.index] < cp.p.shock_probability_per_day:
            self.cap *= 1.0 - cp.p.shock_capacity_loss
        else:
            self.cap += (self.cap_plan - self.cap) / cp.p.shock_recovery_days
        sd = cp.p.output_noise_sd
        # mean-preserving lognormal noise
        out = self.cap * cp.season(day_of_year) * math.exp(sd * noise_z[self.index] - 0.5 * sd * sd)
        stock[t % n_buckets] += out
        cp.goods[L.G_PRODUCED] += out
        cost = out * self.cost_factor * cp.p.unit_cost_rp_per_kg
        self.cash -= cost
        self.cost_cum += cost
        self.model.money_flows[L.F_PRODUCTION_OUT] += cost

    def add_enrolment(self) -> None:
        """Count this farm's capacity against the direct channel's room, if enrolled."""
        if self.channel == 1:
            self.commodity.direct.enrolled_kg += self.cap

    def review_channel(self, t: int, review_u: list) -> None:
        """On review days, maybe switch between the middleman and the direct channel.

        The switching probability is logistic in the other channel's price advantage less an
        inertia (Rp/kg); the direct channel enrols a farm only while its capacity fits.
        ``review_u`` holds today's uniform draw of every farmer, by index.
        """
        cp = self.commodity
        if (t + self.index) % int(cp.p.channel_review_days) != 0:
            return
        scale = cp.p.channel_switch_sensitivity / cp.p.wholesale_reference_price_rp_per_kg
        inertia = cp.p.channel_inertia_rp_per_kg
        direct = cp.direct
        active = cp.p.direct_channel_active_today > 0.5
        if self.channel == 0:
            if not active:
                return
            room = (
                cp.p.enrolment_fill_ratio * cp.p.direct_channel_capacity_today_kg_per_day
                - direct.enrolled_kg
            )
            if self.cap > room:
                return
            advantage = direct.fg - self.trader.fg
            if review_u[self.index] < 1.0 / (1.0 + math.exp(-scale * (advantage - inertia))):
                self.channel = 1
                direct.enrolled_kg += self.cap
        else:
            direct_price = direct.fg if active else 0.0
            advantage = self.trader.fg - direct_price
            if review_u[self.index] < 1.0 / (1.0 + math.exp(-scale * (advantage - inertia))):
                self.channel = 0
                direct.enrolled_kg -= self.cap

    def count_enrolled(self) -> None:
        """Add one to today's count of farms in the direct channel, if enrolled."""
        if self.channel == 1:
            self.commodity.daily[L.D_ENROLLED] += 1.0

    def in_direct_channel(self) -> bool:
        """Enrolled in the direct channel, and the channel operates today."""
        return self.channel == 1 and self.commodity.p.direct_channel_active_today > 0.5

    def stock_kg(self) -> float:
        """kg held, all ages."""
        total = 0.0
        for q in self.stock:
            total += q
        return total

    def offer_to_direct_channel(self) -> None:
        """Offer the whole stock to the direct channel, if in it today."""
        if self.in_direct_channel():
            self.commodity.direct.offered_kg += self.stock_kg()

    def sell_to_direct_channel(self) -> None:
        """Sell the direct channel what it takes, if in it today."""
        if self.in_direct_channel():
            self.commodity.direct.buy_from(self)

    def offer_to_middleman(self) -> None:
        """Offer what is left (all of it outside the direct channel) to the middleman."""
        self.trader.offered_kg += self.stock_kg()

    def sell_to_middleman(self) -> None:
        """Sell the middleman what it takes."""
        self.trader.buy_from(self)

    def receive_payment(self, value: float, kg: float) -> None:
        """Book a sale of ``kg`` for ``value`` Rp."""
        self.cash += value
        self.rev_cum += value
        self.rev_win += value
        self.kg_win += kg

    def adjust_capacity(self, t: int) -> None:
        """On review days, grow or cull planned capacity by the recent margin over cost.

        Growth is ``rate * clip((margin - normal) / normal, -1, 1)`` per review, within
        [floor, ceiling] x initial capacity; capacity today moves with the plan.
        """
        cp = self.commodity
        if (t + self.index) % int(cp.p.capacity_review_days) != 0:
            return
        if self.kg_win > 0.0:
            unit_cost = self.cost_factor * cp.p.unit_cost_rp_per_kg
            margin = (self.rev_win / self.kg_win - unit_cost) / unit_cost
            normal = cp.p.normal_margin
            g = (margin - normal) / normal
            g = min(1.0, max(-1.0, g))
            lo = cp.p.capacity_floor * self.cap0
            hi = cp.p.capacity_ceiling * self.cap0
            new = min(hi, max(lo, self.cap_plan * (1.0 + cp.p.capacity_adjust_rate * g)))
            self.cap *= new / self.cap_plan
            self.cap_plan = new
        self.rev_win = 0.0
        self.kg_win = 0.0


class Trader(mesa.Agent):
    """A middleman (pengepul) or a commodity's direct cooperation channel.

    Attributes (copied from row ``index`` of :class:`sim.populations.Traders`): ``is_direct``,
    ``access`` (uses the information system when it runs), ``cap`` (buying capacity, kg/day),
    ``margin`` (Rp/kg), ``cash`` and ``claim`` (subsidy claimed today), Rp, ``exp_price``
    (expected Surabaya price, Rp/kg), ``share`` (of purchases shipped to Surabaya), ``fg``
    (farm-gate price today, Rp/kg), and kg by age bucket ``bought`` (today), ``transit`` (per
    arrival slot) and ``inventory`` (at the Surabaya market).
    """

    def __init__(self, model, index: int, commodity: Commodity, arrays):
        super().__init__(model)
        self.index = index
        self.commodity = commodity
        self.is_direct = bool(arrays.is_direct[index])
        self.access = bool(arrays.access[index])
        self.cap = float(arrays.cap[index])
        self.margin = float(arrays.margin[index])
        self.cash = float(arrays.cash[index])
        self.exp_price = float(arrays.exp_price[index])
        self.share = float(arrays.share[index])
        self.fg = float(arrays.fg[index])
        self.bought = arrays.bought[index].tolist()
        self.transit = arrays.transit[index].tolist()
        self.inventory = arrays.inventory[index].tolist()
        self.claim = float(arrays.claim[index])
        self.offered_kg = 0.0  # offered by farmers today
        self.buy_ratio = 1.0  # share of every offer bought today
        self.enrolled_kg = 0.0  # direct channel: capacity of the farms enrolled
        self.farmers: list[Farmer] = []  # the farmers tied to this middleman (filled by them)

    def spoil(self, t: int) -> None:
        """Goods past shelf life spoil on the trucks and at the market (the oldest bucket)."""
        cp = self.commodity
        b = (t - int(cp.p.shelf_life_days)) % len(self.inventory)
        for slot in self.transit:
            q = slot[b]
            if q > 0.0:
                cp.goods[L.G_LOST_TRANSIT] += q
                slot[b] = 0.0
        q = self.inventory[b]
        if q > 0.0:
            cp.goods[L.G_LOST_MARKET] += q
            self.inventory[b] = 0.0
        h = cp.p.market_holding_loss_per_day
        if h > 0.0:
            for k in range(len(self.inventory)):
                q = self.inventory[k] * h
                if q > 0.0:
                    self.inventory[k] -= q
                    cp.goods[L.G_LOST_MARKET] += q

    def post_price(self, t: int, info_z: list, system_on: bool, base: tuple, system: tuple):
        """Expect today's Surabaya price, choose the shipped share and post a farm-gate price.

        The expectation is the wholesale price ``lag`` days ago times a lognormal error with
        ``sd``: ``base`` = (lag, sd) without the information system, ``system`` with it (when it
        runs and this trader uses it). ``info_z`` holds today's normal draw of every trader.
        The share shipped to Surabaya is logistic in the netback over the other markets' price;
        the direct channel's farm-gate price is the blended value less its fixed margin.
        """
        cp = self.commodity
        informed = system_on and (self.is_direct or self.access)
        lag, sd = system if informed else base
        observed = cp.p_hist[(t - lag) % len(cp.p_hist)] * math.exp(
            sd * info_z[self.index] - 0.5 * sd * sd
        )
        w = cp.p.expectation_weight
        if self.exp_price <= 0.0:
            e = observed
        else:
            e = (1.0 - w) * self.exp_price + w * observed
        self.exp_price = e
        netback = (
            e * (1.0 - cp.p.breakage_today) * (1.0 - cp.p.market_fee_share)
            - cp.p.freight_today_rp_per_kg
        )
        if self.is_direct:
            netback += cp.p.subsidy_today_rp_per_kg
        else:
            netback += cp.p.subsidy_middlemen_today_rp_per_kg
        p_else = cp.p.elsewhere_price_today_rp_per_kg
        x = (
            cp.p.surabaya_share_at_parity_logit
            + cp.p.ship_sensitivity * (netback - p_else) / cp.p.wholesale_reference_price_rp_per_kg
        )
        s = 1.0 / (1.0 + math.exp(-x))
        if self.is_direct:
            # the MoU's committed Surabaya buyers take their share whatever the netback
            o = cp.p.direct_channel_offtake_share
            s = o + (1.0 - o) * s
        self.share = s
        value = s * netback + (1.0 - s) * p_else  # per kg, before margin
        self.fg = max(0.0, value - cp.p.margin_rp_per_kg) if self.is_direct else value

    def set_margin(self, system_on: bool, bargain: float) -> None:
        """A middleman moves its margin toward what competing with the direct channel allows
        (the margin that matches its price, within the margin's bounds, weighted by the
        channel's reach: ``margin_spillover`` x its share of local supply from its smoothed
        actual purchases) and, while the information
        system runs, what his informed farmers leave him: ``bargain`` times their share of
        his farmers, of his margin above its floor."""
        if self.is_direct:
            return
        cp = self.commodity
        value = self.fg
        target = cp.p.trader_margin_max_rp_per_kg
        if system_on and bargain > 0.0:
            informed = sum(1 for f in self.farmers if f.informed)
            share = informed / len(self.farmers) if self.farmers else 0.0
            target = cp.p.trader_margin_max_rp_per_kg - bargain * share * (
                cp.p.trader_margin_max_rp_per_kg - cp.p.trader_margin_min_rp_per_kg
            )
        if cp.p.direct_channel_active_today > 0.5:
            # a farmer who turns to the channel is served with probability ``reach``, otherwise
            # falls back on a middleman: the middleman matches that expected outside price
            matched = min(target, max(cp.p.trader_margin_min_rp_per_kg, value - cp.direct.fg))
            reach = cp.p.direct_channel_reach_today
            target = (1.0 - reach) * target + reach * matched
        self.margin += cp.p.margin_adjust_rate * (target - self.margin)
        self.fg = max(0.0, value - self.margin)
        cp.daily[L.D_MARGIN_SUM] += self.margin

    def open_purchases(self) -> None:
        """Start counting offers (once for the direct channel's round, once for middlemen's)."""
        self.offered_kg = 0.0

    def set_buy_ratio(self) -> None:
        """Buy every offer whole if they fit the capacity, else the same share of each."""
        self.buy_ratio = 1.0 if self.offered_kg <= self.cap else self.cap / self.offered_kg

    def buy_from(self, farmer: Farmer) -> None:
        """Take today's share of the farmer's stock, bucket by bucket, and pay the farm-gate
        price; what is not bought stays on the farm (and goes to the middleman, or ages)."""
        cp = self.commodity
        ratio = self.buy_ratio
        stock, bought = farmer.stock, self.bought
        kg = 0.0
        for b in range(len(stock)):
            q = stock[b] * ratio
            if q > 0.0:
                stock[b] -= q
                bought[b] += q
                kg += q
        value = kg * self.fg
        farmer.receive_payment(value, kg)
        self.cash -= value
        cp.daily[L.D_FARM_VALUE] += value
        cp.daily[L.D_FARM_KG] += kg
        if self.is_direct:
            cp.daily[L.D_DIRECT_KG] += kg

    def ship(self, t: int, transit_days: int) -> None:
        """Sell the non-Surabaya share in other markets and truck the rest to Surabaya.

        Breakage is lost on the road; freight is paid per kg loaded; a subsidised shipper
        claims the subsidy per kg loaded (paid by the governments after the day).
        """
        cp = self.commodity
        flows = self.model.money_flows
        s = self.share
        br = cp.p.breakage_today
        p_else = cp.p.elsewhere_price_today_rp_per_kg
        arriving = self.transit[(t + transit_days) % len(self.transit)]
        bought = self.bought
        to_sby = 0.0
        for b in range(len(bought)):
            q = bought[b]
            if q <= 0.0:
                continue
            bought[b] = 0.0
            qs = q * s
            qe = q - qs
            if qe > 0.0:
                self.cash += qe * p_else
                flows[L.F_ELSEWHERE_IN] += qe * p_else
                cp.goods[L.G_SOLD_ELSEWHERE] += qe
            broken = qs * br
            cp.goods[L.G_LOST_BREAKAGE] += broken
            arriving[b] += qs - broken
            to_sby += qs
        if to_sby > 0.0:
            freight = to_sby * cp.p.freight_today_rp_per_kg
            self.cash -= freight
            flows[L.F_FREIGHT_OUT] += freight
            cp.daily[L.D_SHIPPED] += to_sby
            if self.is_direct:
                cp.daily[L.D_DIRECT_SHIPPED] += to_sby
            rate = (
                cp.p.subsidy_today_rp_per_kg
                if self.is_direct
                else cp.p.subsidy_middlemen_today_rp_per_kg
            )
            self.claim = to_sby * rate
            cp.daily[L.D_SUBSIDY_CLAIM] += self.claim
        else:
            self.claim = 0.0

    def unload(self, t: int) -> None:
        """Shipments due today join the inventory at the Surabaya wholesale market."""
        slot = self.transit[t % len(self.transit)]
        inventory = self.inventory
        for b in range(len(inventory)):
            q = slot[b]
            if q > 0.0:
                inventory[b] += q
                slot[b] = 0.0

    def offer_at_market(self, t: int) -> None:
        """Put the inventory on the commodity's market, lot by age."""
        self.commodity.market.add_lots(t, self.inventory)

    def sell_at_market(self, t: int) -> None:
        """Hand over what the market cleared of each lot; receive the wholesale value less the
        market fee (Surabaya's PAD); the retailers resell at the markup to households."""
        cp = self.commodity
        share = cp.market.sold_share
        inventory = self.inventory
        n_buckets = len(inventory)
        sold = 0.0
        for b in range(n_buckets):
            age = (t - b) % n_buckets
            q = inventory[b] * share[n_buckets - 1 - age]
            if q > 0.0:
                inventory[b] -= q
                sold += q
        if sold <= 0.0:
            return
        value = sold * cp.daily[L.D_PRICE]
        fee = value * cp.p.market_fee_share
        retail_value = sold * cp.daily[L.D_RETAIL]
        self.cash += value - fee
        cp.retail_cash += retail_value - value
        self.model.money_flows[L.F_CONSUMERS_IN] += retail_value
        cp.goods[L.G_SOLD_CONSUMERS] += sold
        cp.daily[L.D_SOLD] += sold
        cp.daily[L.D_FEES] += fee
        cp.daily[L.D_RETAIL_MARGIN] += retail_value - value
