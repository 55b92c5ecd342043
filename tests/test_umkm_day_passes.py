"""The daily UMKM kernel in passes (each firm's values in loops the compiler vectorizes, then
the sums in firm order: :func:`sim.kernels.umkm._umkm_day`) gives bit for bit what the
one-loop kernel it replaced gave, kept here as it was (``umkm_day_one_loop``, main at
3ebaf48): every output array and the returned flag, on every day of runs over several seeds
(month starts, exits and entries, reused weights), with the market-access program (e-Peken
listings, outlets, the mandated pool and a per-seller ceiling that binds) and the internet
program, a visibility parameter changed mid-month, and on made-up firms: any number of sectors
(the selects for a few and the loads by sector for more), regions not grouped, firms not
operating, figures starting at -0.0, tables changed between days without a refresh, and a
literacy decay that makes the kernel check who is online."""

import math

import numpy as np
import pytest
from numba import njit

from sim.kernels import umkm as K
from sim.kernels.layout import (
    F_UMKM_COSTS_OUT,
    F_UMKM_SALES_IN,
    N_U,
    U_ALIVE,
    U_COSTS,
    U_EPEKEN_LISTED,
    U_EPEKEN_MANDATED,
    U_EPEKEN_SALES,
    U_ONLINE,
    U_OUTSIDE_MARGIN,
    U_PROFIT,
    U_REVENUE,
    U_SALES_IN_MARKET,
    U_SELLING_EPEKEN,
    U_SELLING_IN_MARKET,
    U_SELLING_ONLINE_OTHER,
    U_SELLING_OUTLET,
    U_TAX,
)
from sim.kernels.umkm import (
    CH_EPEKEN,
    CH_ONLINE,
    CH_OUTLET,
    _capacity_cut,
    _offer_weights,
    _outside_margins,
    _plus_counts,
    _unless_zeros_only,
    epeken_sales,
    mandate_weight,
    online_rule,
    visibility,
)
from sim.model import KADModel

# market access from the first simulated month and the internet program paid at once (its
# coverage rises: the visibility record changes), with a ceiling on mandated e-Peken sales a
# seller that binds
PROGRAMS = {
    "programs.market_access.enabled": True,
    "programs.market_access.start_date": "2024-01-01",
    "programs.market_access.budget_rp_per_year": 1e11,
    "programs.market_access.outlet_places": 500.0,
    "programs.internet.enabled": True,
    "programs.internet.start_date": "2023-12-01",
    "programs.internet.budget_rp_per_year": 2e11,
    "programs.internet.investment_rp": 1e9,
    "programs.internet.coverage_after": 0.95,
}
CEILING = {"umkm.epeken_seller_cap_rp_per_year": 2e6}
DAYS = 100
SCALE = 0.02
N_SCRATCH = 6  # the day's scratch arrays of the kernel in passes (K.day_scratch)
FIRST_SCRATCH = 25  # their place in its arguments, after mdenom


@njit(cache=False, fastmath=False, boundscheck=False)
def _store_epeken_sums(day, r, ep_sales, ep_mand, ep_listed):
    day[r, U_EPEKEN_SALES] = ep_sales
    day[r, U_EPEKEN_MANDATED] = ep_mand
    day[r, U_EPEKEN_LISTED] = ep_listed


@njit(cache=False, fastmath=False, boundscheck=False)
def _store_region_sums(day, tax_by_region, r, tax, rev, dtax, cost, prof, market, start_market,
                       start_alive, n_alive, start_on, n_on, start_selling, selling):  # fmt: skip
    tax_by_region[r] = tax
    day[r, U_REVENUE] = rev
    day[r, U_TAX] = dtax
    day[r, U_COSTS] = cost
    day[r, U_PROFIT] = prof
    day[r, U_ALIVE] = _plus_counts(start_alive, n_alive, 0)
    day[r, U_ONLINE] = _plus_counts(start_on, n_on, 0)
    if r == 0:
        day[r, U_SALES_IN_MARKET] = _unless_zeros_only(market, start_market)
        day[r, U_SELLING_IN_MARKET] = _plus_counts(start_selling, selling, 0)


@njit(cache=False, fastmath=False, boundscheck=False)
def umkm_day_one_loop(
    alive, region, sector, capacity, fixed_cost, attract, literacy, legal, conn_u,
    outlet, listed, online, chan, cash, revenue_cum, month_profit, var_cost, pools, mpool,
    outside, vis, weight, denom, den, mdenom, flows, tax_by_region, day, refresh,
):  # fmt: skip
    """One day of UMKM trade: who is online, sales by discrete choice, costs, skill decay.

    ``pools[m, s]`` is buyers' free spending in market m on sector s (Rp/day) and
    ``outside[m, s]`` the outside option's logit weight; ``mpool[s]`` the civil servants'
    mandated e-Peken spending on sector s (Rp/day, Surabaya buyers); ``var_cost[s]`` the
    variable cost share; ``weight`` (n, 2), ``denom`` and ``den`` (2, n_sectors) and ``mdenom``
    (n_sectors) are scratch.

    ``refresh``: recompute who is online and the logit weights (:func:`_offer_weights`); else
    ``online``, ``chan``, ``weight`` and ``denom`` are taken as they are (the caller keeps them
    from a day with the same inputs). Returns whether they are still valid for tomorrow: the day's
    literacy decay left every firm's online status as it is (it always does under today's
    rules, since only offline firms lose literacy).
    """
    if refresh:
        _offer_weights(alive, region, sector, attract, literacy, legal, conn_u, outlet, listed,
                       online, chan, vis, weight, denom, mdenom)  # fmt: skip
    n_s = denom.shape[1]
    for s in range(n_s):
        den[0, s] = outside[0, s] + denom[0, s]
        den[1, s] = outside[1, s] + denom[1, s]
    _outside_margins(pools, outside, den, var_cost, mpool, mdenom, vis[0].price_weight, day)
    # today's parameters read once into locals: values the loop's stores cannot change, so
    # they stay in registers (no copy of the record, no allocation)
    tax_rate = vis[0].umkm_tax_share
    cap_day = vis[0].epeken_seller_cap_rp_per_day
    min_day = vis[0].selling_min_rp_per_day
    lit_keep = 1.0 - vis[0].literacy_decay_per_day
    lit_min = vis[0].online_literacy_threshold
    cover0 = vis[0].blitar_internet_coverage_today
    cover1 = vis[0].surabaya_internet_coverage
    onv = vis[0].epeken_visibility
    # Whether the literacy decay may change who is online, to be checked firm by firm: not when
    # it is a factor in [0, 1] and the threshold > 0. An online firm keeps its literacy; an
    # offline one has no internet or literacy below the threshold, and its literacy times
    # the factor stays below it (rounding is monotone: lit x keep <= lit for lit >= 0, and
    # lit x keep <= 0 for lit < 0; NaN stays NaN, never online).
    recheck = not ((lit_keep >= 0.0) & (lit_keep <= 1.0) & (lit_min > 0.0))
    mw0, mw1 = mandate_weight(0, True, vis), mandate_weight(1, True, vis)
    # an e-Peken seller's visibility in markets 0 and 1 (:func:`epeken_sales`) by region and
    # outlet place: e.g. ev0o1 is a Blitar (0) seller's in an outlet (o) to Surabaya buyers (1)
    ev00, ev01 = visibility(0, 0, True, 0, 1, 1, vis), visibility(0, 1, True, 0, 1, 1, vis)
    ev0o0, ev0o1 = visibility(0, 0, True, 1, 1, 1, vis), visibility(0, 1, True, 1, 1, 1, vis)
    ev10, ev11 = visibility(1, 0, True, 0, 1, 1, vis), visibility(1, 1, True, 0, 1, 1, vis)
    ev1o0, ev1o1 = visibility(1, 0, True, 1, 1, 1, vis), visibility(1, 1, True, 1, 1, 1, vis)
    # The day's sums are carried in registers, each added to in firm order from its value
    # before, so every sum is bit for bit the one of adding firm by firm into the arrays. The
    # sums by region are those of the current run of firms of one region (firms are grouped by
    # region), written back when the region changes.
    #
    # Which firms are over capacity, sell to the market region or are online is random across
    # firms: a branch on it is mispredicted often, which cost more than the rest of a firm's
    # day (the loop with such branches took ~45 us on one day repeated, whose pattern the
    # branch predictor learns, but ~90 us in a run). So the loop has no such branch but one,
    # on e-Peken sellers (1 in 9, whose extra divisions every firm would pay otherwise): the
    # capacity cut is a factor of 1.0 under capacity (:func:`_capacity_cut`), counts are
    # integer additions of 0 or 1, and a rule's two values are both computed and one kept
    # (a select). ``recheck`` is the same for every firm (a branch always predicted).
    sales_in = flows[F_UMKM_SALES_IN]
    costs_out = flows[F_UMKM_COSTS_OUT]
    r_run = -1
    start_alive = start_on = start_market = start_selling = 0.0
    tax = rev = dtax = cost = prof = market = 0.0
    ep_sales = ep_mand = ep_listed = 0.0
    # Counts (firms operating, online, selling to the market region) are counted in integers
    # and added to their figures once (:func:`_plus_counts`, the same sums as adding 1.0 firm
    # by firm): integer additions, off the floating-point units this loop keeps busy.
    n_alive = n_on = selling = 0
    # Sums of the whole day (not by region) carried in registers too: a store into ``day``
    # inside the loop would make every array read after it a reload (numba cannot tell that
    # ``day`` aliases no other array), which doubled this kernel's time.
    out0, out1 = day[0, U_OUTSIDE_MARGIN], day[1, U_OUTSIDE_MARGIN]
    # Blitar firms selling to Surabaya buyers by channel, counted; ``sellers``: all of them, the
    # sum of ``selling`` over the runs of region 0 (those not in an outlet add 0.0 to the
    # outlet count)
    sel_outlet = sel_epeken = sel_other = sellers = 0
    still_valid = True
    for i in range(alive.shape[0]):
        if alive[i] == 0:
            continue
        r = region[i]
        if r != r_run:
            if r_run >= 0:
                _store_region_sums(day, tax_by_region, r_run, tax, rev, dtax, cost, prof,
                                   market, start_market, start_alive, n_alive, start_on, n_on,
                                   start_selling, selling)  # fmt: skip
                _store_epeken_sums(day, r_run, ep_sales, ep_mand, ep_listed)
                sellers += selling
            r_run = r
            ep_sales, ep_mand = day[r, U_EPEKEN_SALES], day[r, U_EPEKEN_MANDATED]
            ep_listed = day[r, U_EPEKEN_LISTED]
            tax, rev, dtax = tax_by_region[r], day[r, U_REVENUE], day[r, U_TAX]
            cost, prof = day[r, U_COSTS], day[r, U_PROFIT]
            market = start_market = day[r, U_SALES_IN_MARKET]
            start_alive, start_on = day[r, U_ALIVE], day[r, U_ONLINE]
            start_selling = day[r, U_SELLING_IN_MARKET]
            n_alive = n_on = selling = 0
        # unsigned: a sector is in 0..n_sectors-1, and an index that cannot be negative needs
        # no code that counts a negative one from the end
        s = np.uint64(sector[i])
        # a firm invisible in a market has weight +0.0 and so sales +0.0 there (pools are
        # finite and >= 0), as the rule's "no sales". ``den`` > 0 (the outside option's weight
        # is, checked when bound): divided without ``/``'s check for 0 (a compare and branch)
        sales0 = np.true_divide(pools[0, s] * weight[i, 0], den[0, s])
        sales1 = np.true_divide(pools[1, s] * weight[i, 1], den[1, s])
        keep = 1.0 - var_cost[s]  # the share of a Rp of sales that is not variable cost
        c = chan[i]
        is_on = (c & CH_ONLINE) != 0
        ep = (c & CH_EPEKEN) != 0
        in_outlet = (c & CH_OUTLET) != 0
        # the listing's share of the mandated pool, up to the platform's per-seller ceiling;
        # the civil servants spend what the ceiling turns away at Surabaya's shops and chains
        mand = 0.0
        if ep:
            mw = mw1 if r == 1 else mw0  # :func:`mandate_weight` of a listing
            if mw > 0.0:
                share = mpool[s] * mw / mdenom[s]
                mand = min(share, cap_day)
                if share > mand:
                    out1 += (share - mand) * keep
        total = sales0 + sales1 + mand
        cap = capacity[i]
        # Sales cut to capacity, in all markets alike (by ``cut`` = cap / total, for a firm
        # over capacity); buyers spend what the firm cannot serve at shops and chains of their
        # market (the outside option's income). Under capacity (total <= cap; capacities are
        # > 0) cut is 1.0: the sales stay as they are and the outside option gains +-0.0,
        # which leaves out0 and out1 as they are (never -0.0: sums from +0.0).
        cut = _capacity_cut(cap, total)
        out0 += (sales0 - sales0 * cut) * keep
        out1 += (sales1 + mand - (sales1 * cut + mand * cut)) * keep
        sales0 *= cut
        sales1 *= cut
        mand *= cut
        total = min(total, cap)
        to_market = sales1 + mand  # sales to Surabaya buyers, free and mandated
        sells = (r == 0) & (to_market > min_day)
        # sellers by channel: a Blitar firm that ``sells`` to Surabaya buyers (above the reach
        # threshold) counts in each channel that reaches them (a firm in an outlet and online
        # counts in both)
        sel_outlet += sells & in_outlet
        sel_epeken += sells & ep
        sel_other += sells & is_on & (c & CH_EPEKEN == 0)  # online, not through e-Peken
        tax_i = total * tax_rate
        costs = total * var_cost[s] + fixed_cost[i]
        profit = total - costs - tax_i
        cash[i] += profit
        revenue_cum[i] += total
        month_profit[i] += profit
        sales_in += total
        costs_out += costs
        tax += tax_i
        rev += total
        dtax += tax_i
        cost += costs
        prof += profit
        n_alive += 1
        n_on += is_on
        # + 0.0 where the rule adds nothing: the same sum (see _store_region_sums)
        market += to_market if r == 0 else 0.0
        selling += sells
        # digital skills fade without use (quality fades monthly, see decay_quality)
        lit = literacy[i] * (1.0 if is_on else lit_keep)
        literacy[i] = lit
        if recheck:
            cover = cover0 if r == 0 else cover1
            still_valid &= is_on == online_rule(conn_u[i], cover, lit, lit_min)
        # sales through e-Peken (last: what follows a branch may be compiled to branches)
        if ep:
            v0 = (ev1o0 if in_outlet else ev10) if r == 1 else (ev0o0 if in_outlet else ev00)
            v1 = (ev1o1 if in_outlet else ev11) if r == 1 else (ev0o1 if in_outlet else ev01)
            ep_sales += epeken_sales(sales0, sales1, mand, onv, v0, v1)
            ep_mand += mand
            ep_listed += 1.0
    if r_run >= 0:
        _store_region_sums(day, tax_by_region, r_run, tax, rev, dtax, cost, prof, market,
                           start_market, start_alive, n_alive, start_on, n_on, start_selling,
                           selling)  # fmt: skip
        _store_epeken_sums(day, r_run, ep_sales, ep_mand, ep_listed)
        sellers += selling
    day[0, U_OUTSIDE_MARGIN], day[1, U_OUTSIDE_MARGIN] = out0, out1
    not_outlet = sellers - sel_outlet  # sellers not in an outlet
    day[0, U_SELLING_OUTLET] = _plus_counts(day[0, U_SELLING_OUTLET], sel_outlet, not_outlet)
    day[0, U_SELLING_EPEKEN] = _plus_counts(day[0, U_SELLING_EPEKEN], sel_epeken, 0)
    day[0, U_SELLING_ONLINE_OTHER] = _plus_counts(day[0, U_SELLING_ONLINE_OTHER], sel_other, 0)
    flows[F_UMKM_SALES_IN] = sales_in
    flows[F_UMKM_COSTS_OUT] = costs_out
    return still_valid


def _one_loop_args(args: tuple) -> tuple:
    """The kernel's arguments less its day's scratch: the one-loop kernel's."""
    return args[:FIRST_SCRATCH] + args[FIRST_SCRATCH + N_SCRATCH :]


NAMES = """alive region sector capacity fixed_cost attract literacy legal conn_u outlet listed
    online chan cash revenue_cum month_profit var_cost pools mpool outside vis weight denom den
    mdenom flows tax_by_region day refresh""".split()


def _same_as_one_loop(args: tuple, label: str) -> bool:
    """Run the kernel on ``args`` and the one-loop kernel on copies of the same inputs; assert
    that every array and the result agree bit for bit. Returns the result."""
    before = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in _one_loop_args(args))
    valid = K._umkm_day(*args)
    assert valid == umkm_day_one_loop(*before), label
    for name, a, b in zip(NAMES, _one_loop_args(args), before, strict=True):
        if isinstance(a, np.ndarray):
            assert a.tobytes() == b.tobytes(), f"{name} differs ({label})"
    return valid


def _run_both(model: KADModel, days: int, change_on: int | None = None) -> tuple[int, int, int]:
    """Run ``model``, checking every call of the daily kernel against the one-loop kernel:
    the sector's bound day calls the packed core (the day's opening, then the kernel in
    passes) through the module; here the opening runs alone on the packed arrays, then the
    kernel in passes on them (:func:`_same_as_one_loop`). Returns (calls, calls that kept
    the weights, calls where the e-Peken ceiling bound)."""
    packed_core = K._umkm_day_packed
    seen = [0, 0, 0]

    def both(packed, souvenir_rp, refresh):
        arrays = K.unpack_day(packed)
        a = dict(zip((name for name, _ in K.DAY_FIELDS), arrays, strict=True))
        args = (*arrays[:-2], refresh)  # the kernel's: all but house_pools, souvenir_share
        K._open_day(a["house_pools"], souvenir_rp, a["souvenir_share"], a["pools"], a["day"],
                    a["tax_by_region"])  # fmt: skip
        valid = _same_as_one_loop(args, f"call {seen[0]}")
        seen[0] += 1
        seen[1] += not refresh
        seen[2] += bool((args[FIRST_SCRATCH + 2][K.M_CAPPED] > 0.0).any())
        return valid

    K._umkm_day_packed = both  # the bound day calls the core through the module
    try:
        for t in range(days):
            if t == change_on:
                model.umkm.vis[0]["epeken_visibility"] *= 1.5
            model.step()
    finally:
        K._umkm_day_packed = packed_core
    return seen[0], seen[1], seen[2]


@pytest.mark.parametrize("seed", range(3))
def test_kernel_in_passes_equals_one_loop_kernel_baseline(seed):
    """The baseline over 100 days (month starts, exits and entries, reused weights)."""
    calls, kept, _ = _run_both(KADModel(seed=seed, days=DAYS, scale=SCALE), DAYS)
    assert calls == DAYS and kept > DAYS // 2


@pytest.mark.parametrize("seed", range(2))
def test_kernel_in_passes_equals_one_loop_kernel_with_programs(seed):
    """Market access (listings, outlets) and the internet program, with a binding ceiling on a
    seller's mandated sales, and the e-Peken visibility raised mid-month."""
    model = KADModel(seed=seed, days=DAYS, scale=SCALE, overrides={**PROGRAMS, **CEILING})
    calls, _, capped = _run_both(model, DAYS, change_on=40)
    assert calls == DAYS and capped > 0  # the ceiling turned mandated purchases away
    u = model.umkm
    assert u.internet_complete and np.count_nonzero(u.outlet) > 0
    assert np.count_nonzero(u._chan & CH_EPEKEN) > 0 and u.day[0, U_EPEKEN_LISTED] > 0


def test_kernel_in_passes_equals_one_loop_kernel_mou():
    """The shipped MoU scenario."""
    model = KADModel("scenarios/mou.toml", seed=5, days=DAYS, scale=SCALE)
    calls, _, _ = _run_both(model, DAYS)
    assert calls == DAYS


def _made_up_firms(rng, n: int, n_s: int, grouped: bool) -> list:
    """The kernel's arguments for ``n`` made-up firms of ``n_s`` sectors (refresh on)."""
    region = np.sort(rng.integers(0, 2, n)) if grouped else rng.integers(0, 2, n)
    alive = (rng.random(n) > 0.08).astype(np.int8)
    vis = np.zeros(1, dtype=K.UMKM_PARAMS)
    for name, value in (("epeken_visibility", 0.8), ("online_visibility_without_epeken", 0.5),
                        ("outlet_visibility", 0.4), ("epeken_access_today", 1.0),
                        ("quality_weight", 1.5), ("price_weight", 1.2),
                        ("online_literacy_threshold", 0.4),
                        ("blitar_internet_coverage_today", 0.7),
                        ("surabaya_internet_coverage", 0.9), ("umkm_tax_share", 0.01),
                        ("literacy_decay_per_day", 0.001),
                        ("epeken_mandate_blitar_weight", 0.7),
                        ("epeken_seller_cap_rp_per_day", 3e4),
                        ("selling_min_rp_per_day", 1e3)):  # fmt: skip
        vis[0][name] = value
    day = rng.random((2, N_U)) * 10.0
    day[rng.random((2, N_U)) < 0.4] = -0.0  # figures before that are -0.0 must stay so
    day[:, [U_ALIVE, U_ONLINE, U_SELLING_IN_MARKET, U_EPEKEN_LISTED]] = np.floor(
        day[:, [U_ALIVE, U_ONLINE, U_SELLING_IN_MARKET, U_EPEKEN_LISTED]]
    )
    flows = rng.random(12) * 1e6
    args = [
        alive, region, rng.integers(0, n_s, n), rng.lognormal(11.0, 1.0, n),
        rng.random(n) * 2e4, rng.lognormal(0.0, 1.0, n), rng.random(n),
        (rng.random(n) < 0.5).astype(np.int8), rng.random(n),
        (rng.random(n) < 0.2).astype(np.int8), (rng.random(n) < 0.5).astype(np.int8),
        np.zeros(n, np.int8), np.zeros(n, np.int8), rng.random(n) * 1e6, rng.random(n) * 1e7,
        rng.normal(0.0, 1e5, n), rng.uniform(0.3, 0.7, n_s), rng.random((2, n_s)) * 1e8,
        rng.random(n_s) * 1e8, rng.uniform(0.5, 2.0, (2, n_s)) * n, vis, np.zeros((n, 2)),
        np.zeros((2, n_s)), np.zeros((2, n_s)), np.zeros(n_s), *K.day_scratch(n, n_s), flows,
        day[:, U_REVENUE].copy(), day, True,
    ]  # fmt: skip
    return args


@pytest.mark.parametrize("n_s", [1, 2, 3, K.FEW_SECTORS, K.FEW_SECTORS + 1, 7])
@pytest.mark.parametrize("grouped", [True, False])
def test_kernel_in_passes_equals_one_loop_kernel_on_made_up_firms(n_s, grouped):
    """Sectors by selects (up to FEW_SECTORS) and by loads; days that reuse the weights and
    the firms' terms, and days whose tables change without a refresh (the terms must be
    recomputed); a binding e-Peken ceiling; regions not grouped; firms not operating."""
    rng = np.random.default_rng(100 * n_s + grouped)
    args = _made_up_firms(rng, 700, n_s, grouped)
    _same_as_one_loop(tuple(args), "refresh")
    assert np.count_nonzero(args[12] & CH_EPEKEN) > 0
    args[-1] = False
    for k, change in enumerate(("pools", "var_cost", "mpool", "none", "outside", "ceiling")):
        if change == "pools":
            args[17] *= 1.01
        elif change == "var_cost":
            args[16][0] += 0.05
        elif change == "mpool":
            args[18] *= 3.0
        elif change == "outside":
            args[19][1] *= 1.1
        elif change == "ceiling":
            args[20][0]["epeken_seller_cap_rp_per_day"] = 1e12
        _same_as_one_loop(tuple(args), f"day {k}: {change}")


def test_made_up_ceiling_binds_and_not_operating_firms_keep_their_accounts():
    """The made-up firms exercise what they are meant to: the ceiling turns purchases away
    (the out1 branch), and a firm not operating keeps its cash and literacy."""
    rng = np.random.default_rng(3)
    args = _made_up_firms(rng, 700, 3, True)
    n_s = 3
    cash_before, lit_before = args[13].copy(), args[6].copy()
    K._umkm_day(*args)
    mtab = args[FIRST_SCRATCH + 2]
    assert (mtab[K.M_CAPPED] > 0.0).any()
    dead = args[0] == 0
    assert dead.any()
    assert (args[13][dead] == cash_before[dead]).all() and (args[6][dead] == lit_before[dead]).all()
    assert (args[13][~dead] != cash_before[~dead]).any()
    assert mtab.shape == (K.N_MTAB, 2 * n_s)


def test_literacy_gain_makes_the_kernel_check_who_is_online():
    """A literacy 'decay' below 0 (a gain) may bring offline firms over the threshold: the
    kernel then checks every firm and says the channels are no longer valid, as the one-loop
    kernel did."""
    rng = np.random.default_rng(5)
    args = _made_up_firms(rng, 500, 3, True)
    args[20][0]["literacy_decay_per_day"] = -0.5
    assert _same_as_one_loop(tuple(args), "gain") is False
    args = _made_up_firms(rng, 500, 3, True)
    args[20][0]["literacy_decay_per_day"] = -1e-12  # checked, but nobody crosses it
    assert _same_as_one_loop(tuple(args), "tiny gain") is True
    assert math.isfinite(args[27][0, U_REVENUE])


def test_a_sector_without_listings_gets_no_mandated_share():
    """A sector with no e-Peken listing today (no licensed firm in it) has no listing to share
    its mandated pool (a weight sum of 0): the kernel runs, as the one-loop kernel does."""
    rng = np.random.default_rng(11)
    args = _made_up_firms(rng, 700, 3, True)
    sector, legal = args[2], args[7]
    legal[sector == 0] = 0  # no licence, no listing
    _same_as_one_loop(tuple(args), "refresh")
    mdenom = args[FIRST_SCRATCH - 1]
    assert mdenom[0] == 0.0 and (mdenom[1:] > 0.0).all()


@pytest.mark.parametrize("scenario", ["baseline", "mou", "full_package", "training"])
def test_tiny_populations_run(scenario):
    """At scale 0.001 a sector may have no e-Peken listing on a day (the sweeps check their
    KPI names on such a run)."""
    model = KADModel(f"scenarios/{scenario}.toml", seed=1, days=40, scale=0.001)
    calls, _, _ = _run_both(model, 40)
    assert calls == 40
