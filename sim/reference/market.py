"""The Surabaya wholesale market of one commodity, cleared in plain Python.

The same rules as :mod:`sim.kernels.market`, written without it: demand is ``D * x**e`` and
other origins supply ``S * x**s`` at the price ``x`` relative to the reference price; the
producer region's goods are offered in lots by age, each held back below a reservation price
that falls from ``reserve_fresh`` for new goods to the floor on the last day of shelf life.
The price solves demand = other supply + what is offered at that price (a walk over the lots,
then a bisection in log price); at the floor every lot is rationed by one share; at the
ceiling demand is rationed.
"""

from __future__ import annotations

import math

from sim.kernels import layout as L

BISECTION_STEPS = 64  # halves the log-price bracket to below 1e-15 relative (as the kernel)


class WholesaleMarket:
    """One commodity's market: lots by age (kg), the clearing price and each lot's sold share.

    Lot ``k`` holds goods ``n_buckets - 1 - k`` days old, so lots run oldest (lowest asking
    price) first.
    """

    def __init__(self, commodity, n_buckets: int):
        self.commodity = commodity
        self.n_buckets = n_buckets
        self.qty = [0.0] * n_buckets  # kg offered in each lot today
        self.sold_share = [0.0] * n_buckets  # share of each lot sold today

    def open(self) -> None:
        """Start a trading day with no lots."""
        self.qty = [0.0] * self.n_buckets

    def add_lots(self, t: int, inventory: list) -> None:
        """Add a seller's inventory (kg by age bucket on the ring) to the lots of day ``t``."""
        n = self.n_buckets
        qty = self.qty
        for b in range(n):
            qty[n - 1 - (t - b) % n] += inventory[b]

    def reservation(self, age: int) -> float:
        """Relative asking price of goods ``age`` days old."""
        cp = self.commodity
        last = cp.p.shelf_life_days - 1.0
        if age >= last or last <= 0.0:
            return cp.p.price_floor_fraction
        return cp.p.price_floor_fraction + (
            cp.p.reservation_fresh_fraction - cp.p.price_floor_fraction
        ) * (1.0 - age / last)

    def excess_demand(self, y: float, offered: float) -> float:
        """Demand - other supply - ``offered`` (kg/day) at log relative price ``y``."""
        cp = self.commodity
        return (
            cp.p.demand_today_kg_per_day * math.exp(cp.p.demand_elasticity * y)
            - cp.p.other_supply_kg_per_day * math.exp(cp.p.other_supply_elasticity * y)
            - offered
        )

    def clear(self, t: int) -> None:
        """Find day ``t``'s price and each lot's sold share; record the day's price, retail
        price, quantity bought (kg) and quantity offered (kg), and the price history."""
        cp = self.commodity
        n = self.n_buckets
        reserve = [self.reservation(n - 1 - k) for k in range(n)]
        offered = 0.0
        for q in self.qty:
            offered += q
        x, bought = self._clear_price(reserve)
        price = x * cp.p.wholesale_reference_price_rp_per_kg
        cp.daily[L.D_PRICE] = price
        cp.daily[L.D_RETAIL] = price * cp.p.retail_markup
        cp.daily[L.D_DEMAND] = bought
        cp.daily[L.D_OFFERED] = offered
        cp.p_hist[t % len(cp.p_hist)] = price

    def _clear_price(self, reserve: list) -> tuple[float, float]:
        """Walk up the offer curve lot by lot; returns (relative price, kg Surabaya buys) and
        fills ``sold_share``. ``reserve`` is ascending and not below the floor."""
        cp = self.commodity
        qty = self.qty
        n = self.n_buckets
        sold = [0.0] * n
        self.sold_share = sold
        floor, ceiling = cp.p.price_floor_fraction, cp.p.price_ceiling_fraction
        lo_y = math.log(floor)
        # lots asking the floor are offered at the floor
        offered = 0.0
        k = 0
        while k < n and reserve[k] <= floor:
            offered += qty[k]
            k += 1
        if self.excess_demand(lo_y, offered) <= 0.0:
            bought = cp.p.demand_today_kg_per_day * math.exp(cp.p.demand_elasticity * lo_y)
            supply = (
                cp.p.other_supply_kg_per_day * math.exp(cp.p.other_supply_elasticity * lo_y)
                + offered
            )
            share = bought / supply if supply > 0.0 else 0.0
            sold[:k] = [share] * k
            return floor, bought
        while True:
            # up to the next lot's asking price the offer is constant
            hi_x = min(reserve[k] if k < n else ceiling, ceiling)
            hi_y = math.log(hi_x)
            ex_hi = self.excess_demand(hi_y, offered)
            if ex_hi <= 0.0:
                lo, hi = lo_y, hi_y
                for _ in range(BISECTION_STEPS):
                    mid = 0.5 * (lo + hi)
                    if self.excess_demand(mid, offered) > 0.0:
                        lo = mid
                    else:
                        hi = mid
                y = 0.5 * (lo + hi)
                sold[:k] = [1.0] * k
                return math.exp(y), cp.p.demand_today_kg_per_day * math.exp(
                    cp.p.demand_elasticity * y
                )
            if k >= n or hi_x >= ceiling:
                # shortage at the ceiling: every lot sells, demand is rationed
                sold[:k] = [1.0] * k
                return ceiling, cp.p.other_supply_kg_per_day * math.exp(
                    cp.p.other_supply_elasticity * hi_y
                ) + offered
            # at lot k's asking price there is excess demand without it: it sells, fully or
            # just enough to clear
            if qty[k] >= ex_hi and qty[k] > 0.0:
                sold[:k] = [1.0] * k
                sold[k] = ex_hi / qty[k]
                return hi_x, cp.p.demand_today_kg_per_day * math.exp(cp.p.demand_elasticity * hi_y)
            offered += qty[k]
            lo_y = hi_y
            k += 1
