"""Struct-of-arrays populations drawn from data: farmers and traders of every commodity.

Farm capacities are lognormal and rescaled so that their total equals the published output
(as AgriPoliS weights farms to census totals); each commodity's farmers are spread evenly over
its middlemen; one direct cooperation channel per commodity follows the middlemen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calendar import DAYS_PER_YEAR
from sim.kernels.checks import F8, I1, I8, check_columns

KG_PER_T = 1000.0


@dataclass
class Farmers:
    """The farmers, one row each, grouped by commodity (struct-of-arrays)."""

    comm: np.ndarray  # commodity index
    cap: np.ndarray  # capacity today, kg/day
    cap_plan: np.ndarray  # planned capacity (restocking target), kg/day
    cap0: np.ndarray  # initial capacity, kg/day
    cost_factor: np.ndarray  # unit cost relative to the commodity's mean
    trader: np.ndarray  # index of the farmer's middleman
    channel: np.ndarray  # 0 = middleman, 1 = direct channel
    stock: np.ndarray  # kg by age bucket, shape (n, buckets)
    cash: np.ndarray  # Rp
    rev_cum: np.ndarray  # sales revenue in the run, Rp
    cost_cum: np.ndarray  # production cost in the run, Rp
    rev_win: np.ndarray  # revenue since the last capacity review, Rp
    kg_win: np.ndarray  # kg sold since the last capacity review
    informed: np.ndarray  # 1 if the farmer gets the information system's prices while it runs

    def __len__(self) -> int:
        return self.comm.shape[0]

    def check(self) -> None:
        """Every column has one row per farmer, its dtype and its dimensions."""
        check_columns("farmers", self, FARMER_COLUMNS, self.comm.shape[0])


@dataclass
class Traders:
    """Middlemen of every commodity, then one direct cooperation channel per commodity."""

    comm: np.ndarray
    is_direct: np.ndarray  # 1 for the cooperation's direct channel
    access: np.ndarray  # 1 if the middleman uses the information system when it runs
    cap: np.ndarray  # buying capacity, kg/day
    margin: np.ndarray  # Rp/kg
    cash: np.ndarray  # Rp
    exp_price: np.ndarray  # expected Surabaya wholesale price today, Rp/kg
    share: np.ndarray  # share of purchases shipped to Surabaya today
    fg: np.ndarray  # farm-gate price posted today, Rp/kg
    bought: np.ndarray  # today's purchases by age bucket, kg
    transit: np.ndarray  # kg on the road by arrival slot and age bucket
    inventory: np.ndarray  # kg at the Surabaya market by age bucket
    offered: np.ndarray  # scratch
    claim: np.ndarray  # logistics subsidy claimed today, Rp
    informed_share: np.ndarray  # share of the trader's farmers who are ``informed``

    def __len__(self) -> int:
        return self.comm.shape[0]

    def check(self) -> None:
        """Every column has one row per trader, its dtype and its dimensions."""
        check_columns("traders", self, TRADER_COLUMNS, self.comm.shape[0])


# (dtype, dimensions) of each column
FARMER_COLUMNS = {
    "comm": (I8, 1), "cap": (F8, 1), "cap_plan": (F8, 1), "cap0": (F8, 1),
    "cost_factor": (F8, 1), "trader": (I8, 1), "channel": (I1, 1), "stock": (F8, 2),
    "cash": (F8, 1), "rev_cum": (F8, 1), "cost_cum": (F8, 1), "rev_win": (F8, 1),
    "kg_win": (F8, 1), "informed": (I1, 1),
}  # fmt: skip
TRADER_COLUMNS = {
    "comm": (I8, 1), "is_direct": (I1, 1), "access": (I1, 1), "cap": (F8, 1),
    "margin": (F8, 1), "cash": (F8, 1), "exp_price": (F8, 1), "share": (F8, 1), "fg": (F8, 1),
    "bought": (F8, 2), "transit": (F8, 3), "inventory": (F8, 2), "offered": (F8, 1),
    "claim": (F8, 1), "informed_share": (F8, 1),
}  # fmt: skip


def build_populations(commodities: dict, scale: float, n_buckets: int, transit_slots: int,
                      info_coverage: float, rng: np.random.Generator, farmer_reach: float = 0.0,
                      reach_rng: np.random.Generator | None = None):  # fmt: skip
    """Draw farmers and traders for every commodity (in the order of the scenario's tables).

    ``info_coverage`` is the share of middlemen and ``farmer_reach`` the share of farmers who
    use the information system when it runs; farmers' reach is drawn from ``reach_rng`` (its
    own stream, so that the other draws do not depend on it).

    Returns (farmers, traders, direct_idx) where ``direct_idx[c]`` is the index of commodity
    c's direct channel among the traders.
    """
    f_parts, t_parts = [], []
    n_traders_total = 0
    for c, (_, p) in enumerate(commodities.items()):
        # at least one farmer and one middleman at any scale, none for a commodity without
        # farmers (it then has only the other origins' supply in Surabaya)
        n_f = max(1, round(p["farmers"] * scale)) if p["farmers"] > 0 else 0
        n_t = max(1, round(n_f / p["farmers_per_trader"])) if n_f > 0 else 0
        sigma = p["farm_size_sigma"]
        weight = rng.lognormal(-0.5 * sigma * sigma, sigma, n_f)
        total_kg_per_day = p["output_t_per_year"] * KG_PER_T / DAYS_PER_YEAR * scale
        cap0 = weight / weight.sum() * total_kg_per_day
        cost_sd = p["cost_heterogeneity_sd"]
        cost_factor = rng.lognormal(-0.5 * cost_sd * cost_sd, cost_sd, n_f)
        trader = n_traders_total + rng.permutation(n_f) % n_t
        access = (rng.random(n_t) < info_coverage).astype(np.int8)
        peak = 1.0 + p["seasonal_amplitude"]
        t_cap = np.bincount(trader - n_traders_total, weights=cap0, minlength=n_t).astype(float)
        t_cap *= p["truck_capacity_multiple"] * peak
        f_parts.append((np.full(n_f, c), cap0, cost_factor, trader))
        t_parts.append((c, n_t, access, t_cap, p["trader_margin_max_rp_per_kg"]))
        n_traders_total += n_t

    comm = np.concatenate([x[0] for x in f_parts]).astype(np.int64)
    cap0 = np.concatenate([x[1] for x in f_parts])
    n = comm.shape[0]
    farmers = Farmers(
        comm=comm,
        cap=cap0.copy(),
        cap_plan=cap0.copy(),
        cap0=cap0,
        cost_factor=np.concatenate([x[2] for x in f_parts]),
        trader=np.concatenate([x[3] for x in f_parts]).astype(np.int64),
        channel=np.zeros(n, dtype=np.int8),
        stock=np.zeros((n, n_buckets)),
        cash=np.zeros(n),
        rev_cum=np.zeros(n),
        cost_cum=np.zeros(n),
        rev_win=np.zeros(n),
        kg_win=np.zeros(n),
        informed=np.zeros(n, dtype=np.int8),
    )
    if reach_rng is not None:
        farmers.informed[:] = reach_rng.random(n) < farmer_reach
    n_comm = len(commodities)
    t_comm = np.concatenate(
        [np.full(n_t, c) for c, n_t, *_ in t_parts] + [np.arange(n_comm)]
    ).astype(np.int64)
    m = t_comm.shape[0]
    is_direct = np.zeros(m, dtype=np.int8)
    is_direct[n_traders_total:] = 1
    margin = np.concatenate([np.full(n_t, mx) for _, n_t, _, _, mx in t_parts] + [np.zeros(n_comm)])
    traders = Traders(
        comm=t_comm,
        is_direct=is_direct,
        access=np.concatenate([x[2] for x in t_parts] + [np.ones(n_comm, dtype=np.int8)]),
        cap=np.concatenate([x[3] for x in t_parts] + [np.zeros(n_comm)]),
        margin=margin,
        cash=np.zeros(m),
        exp_price=np.zeros(m),
        share=np.zeros(m),
        fg=np.zeros(m),
        bought=np.zeros((m, n_buckets)),
        transit=np.zeros((m, transit_slots, n_buckets)),
        inventory=np.zeros((m, n_buckets)),
        offered=np.zeros(m),
        claim=np.zeros(m),
        informed_share=informed_shares(farmers.trader, farmers.informed, m),
    )
    direct_idx = np.arange(n_traders_total, m, dtype=np.int64)
    return farmers, traders, direct_idx


def informed_shares(trader: np.ndarray, informed: np.ndarray, n_traders: int) -> np.ndarray:
    """Share of each trader's farmers who are informed (0 for a trader without farmers)."""
    n = np.bincount(trader, minlength=n_traders)
    k = np.bincount(trader, weights=informed.astype(float), minlength=n_traders)
    return np.where(n > 0, k / np.maximum(n, 1), 0.0)
