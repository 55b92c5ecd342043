"""The trade sector's day in one kernel: the nine daily cores of :mod:`sim.kernels.farm`,
:mod:`sim.kernels.trade` and :mod:`sim.kernels.market`, in the sector's order, on the same
arrays, with one call from Python instead of nine (each call pays numba's dispatch, one type
check and unboxing per argument, and its wrapper's Python).

Each core runs exactly as when called alone: the same arguments, the same order, so the
numbers are bit-identical to the nine separate calls. The capacity reviews run over the runs of
farmers of one commodity found when the day is bound (:func:`sim.kernels.farm.review_run`),
rather than finding them again every day as :func:`sim.kernels.farm._adjust_capacity` does.
The day's arrays reach the kernel packed in one :class:`TradeDayArrays`, made when the day is
bound, so that numba's dispatcher unboxes one object a day rather than 49 arrays.

Before it, :func:`bind_market_levers` writes today's market levers into the commodity records
(the other markets' prices, Surabaya demand, the direct channel's reach): the rules of
``TradeSector._set_market_levers`` with the same floating-point operations in the same order
(``math.exp`` and ``**`` call the same C library as Python's; the tests check both on
many values).

Where the day's draws are numba's, :func:`bind_drawn_day` makes the draws, the market levers,
the zeroing of today's figures and the day one call (:func:`_drawn_trade_day`), in that order.
"""

import math

import numpy as np
from numba import types
from numba.experimental import structref

from sim.kernels import farm as kf
from sim.kernels import layout as L
from sim.kernels import market as km
from sim.kernels import trade as kt
from sim.kernels._jit import jit
from sim.kernels.checks import F8, check_array, check_fields, check_scalar
from sim.kernels.draws import fill_marked
from sim.kernels.farm import _choose_channels, _spoil_and_produce
from sim.kernels.market import _clear_markets
from sim.kernels.trade import _arrive, _purchase, _ship, _spoil_traders, _trader_prices


@jit(inline=True)
def _trade_day(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
               bargain, cpar, a):  # fmt: skip
    """Day ``t`` (day of year ``doy``) of the farmers and traders: spoilage, production, prices,
    channel choice, purchase, shipping (``transit_days`` on the road), arrivals, the Surabaya
    markets and capacity reviews; the scalars are those of the nine cores, the arrays those of
    ``a`` (a :class:`TradeDayArrays`: ``f_*`` the farmers' columns, ``t_*`` the traders',
    ``enrolled``, ``review_cursor`` and ``m_*`` scratch, ``f_runs`` the farmers' runs of one
    commodity, see :func:`sim.kernels.farm.commodity_runs`; the review uniforms are read as
    :func:`sim.kernels.farm._choose_channels` says).

    Copied into its callers (``inline``, :func:`sim.kernels._jit.jit`), so taking ``a`` rather
    than its 49 arrays: Python passes a call of more than 30 arguments as ``f(*args)``, which
    numba cannot copy. Compiled on its own, the whole day's code was optimized once for it and
    again inside the entry point (~1.4 s of a cold start)."""
    _spoil_traders(t, a.t_comm, a.t_transit, a.t_inventory, cpar, a.goods)
    _spoil_and_produce(
        t, doy, a.f_comm, a.f_cap, a.f_cap_plan, a.f_cost_factor, a.f_stock, a.f_cash,
        a.f_cost_cum, a.noise_z, a.shock_u, cpar, a.goods, a.flows, a.offer_kg, a.held,
    )  # fmt: skip
    _trader_prices(
        t, a.t_comm, a.t_is_direct, a.t_access, a.t_margin, a.p_hist, a.info_z,
        lag_base, noise_base, lag_sys, noise_sys, sys_active, a.t_informed_share, bargain,
        cpar, a.t_exp_price, a.t_share, a.t_fg, a.fg_direct, a.day,
    )  # fmt: skip
    _choose_channels(
        t, a.f_comm, a.f_cap, a.f_channel, a.f_trader, a.t_fg, a.fg_direct, a.review_u,
        a.review_at, a.review_cursor, cpar, a.day, a.enrolled,
    )  # fmt: skip
    _purchase(
        a.f_comm, a.f_channel, a.f_trader, a.f_stock, a.f_cash, a.f_rev_cum, a.f_rev_win,
        a.f_kg_win, a.t_cap, a.t_fg, a.t_cash, a.t_bought, a.t_offered, a.direct_idx, cpar,
        a.day, a.offer_kg, a.held,
    )  # fmt: skip
    _ship(
        t, transit_days, a.t_comm, a.t_is_direct, a.t_share, a.t_bought, a.t_transit,
        a.t_cash, a.t_claim, cpar, a.goods, a.flows, a.day,
    )  # fmt: skip
    _arrive(t, a.t_transit, a.t_inventory)
    _clear_markets(
        t, a.t_comm, a.t_inventory, a.t_cash, a.retail_cash, a.p_hist, cpar, a.goods,
        a.flows, a.day, a.m_qty, a.m_reserve, a.m_share, a.m_lot,
    )  # fmt: skip
    # the capacity reviews (:func:`sim.kernels.farm._adjust_capacity`) by the runs of farmers
    # of one commodity found when the day was bound (a farmer's commodity never changes)
    f_runs, f_comm = a.f_runs, a.f_comm
    f_cap, f_cap_plan, f_cap0, f_cost_factor = a.f_cap, a.f_cap_plan, a.f_cap0, a.f_cost_factor
    f_rev_win, f_kg_win = a.f_rev_win, a.f_kg_win
    for k in range(f_runs.shape[0] - 1):
        start = f_runs[k]
        kf.review_run(
            t, start, f_runs[k + 1], f_comm[start], f_cap, f_cap_plan, f_cap0, f_cost_factor,
            f_rev_win, f_kg_win, cpar,
        )  # fmt: skip


# The day's arrays in one numba structure (a StructRef), made once when the day is bound:
# numba's dispatcher then unboxes one object a day instead of 49 arrays (some 80 ns each, 4.8 us
# a day for the call alone against about 1 us)
@structref.register
class TradeDayArraysType(types.StructRef):
    """numba type of :class:`TradeDayArrays`."""

    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class TradeDayArrays(structref.StructRefProxy):
    """The arrays of :func:`_trade_day` (``a``), by name (made by :func:`pack_arrays`)."""


F8_1, F8_2, F8_3 = (types.Array(types.float64, n, "C") for n in (1, 2, 3))
I8_1, I1_1 = types.Array(types.int64, 1, "C"), types.Array(types.int8, 1, "C")
U8_1 = types.Array(types.uint64, 1, "C")
ARRAYS_T = TradeDayArraysType(
    [
        ("f_comm", I8_1),
        ("f_cap", F8_1),
        ("f_cap_plan", F8_1),
        ("f_cap0", F8_1),
        ("f_cost_factor", F8_1),
        ("f_stock", F8_2),
        ("f_cash", F8_1),
        ("f_cost_cum", F8_1),
        ("f_channel", I1_1),
        ("f_trader", I8_1),
        ("f_rev_cum", F8_1),
        ("f_rev_win", F8_1),
        ("f_kg_win", F8_1),
        ("t_comm", I8_1),
        ("t_is_direct", I1_1),
        ("t_access", I1_1),
        ("t_margin", F8_1),
        ("t_informed_share", F8_1),
        ("t_exp_price", F8_1),
        ("t_share", F8_1),
        ("t_fg", F8_1),
        ("t_cash", F8_1),
        ("t_bought", F8_2),
        ("t_offered", F8_1),
        ("t_cap", F8_1),
        ("t_transit", F8_3),
        ("t_inventory", F8_2),
        ("t_claim", F8_1),
        ("noise_z", F8_1),
        ("shock_u", F8_1),
        ("info_z", F8_1),
        ("review_u", F8_1),
        ("review_at", U8_1),
        ("review_cursor", U8_1),
        ("goods", F8_2),
        ("flows", F8_1),
        ("day", F8_2),
        ("offer_kg", F8_1),
        ("held", I8_1),
        ("p_hist", F8_2),
        ("fg_direct", F8_1),
        ("direct_idx", I8_1),
        ("retail_cash", F8_1),
        ("enrolled", F8_1),
        ("m_qty", F8_2),
        ("m_reserve", F8_1),
        ("m_share", F8_2),
        ("m_lot", I8_1),
        ("f_runs", I8_1),
    ]
)
structref.define_boxing(TradeDayArraysType, TradeDayArrays)


@jit
def pack_arrays(
    f_comm, f_cap, f_cap_plan, f_cap0, f_cost_factor, f_stock, f_cash, f_cost_cum,
    f_channel, f_trader, f_rev_cum, f_rev_win, f_kg_win, t_comm, t_is_direct, t_access,
    t_margin, t_informed_share, t_exp_price, t_share, t_fg, t_cash, t_bought, t_offered,
    t_cap, t_transit, t_inventory, t_claim, noise_z, shock_u, info_z, review_u, review_at,
    review_cursor, goods, flows, day, offer_kg, held, p_hist, fg_direct, direct_idx,
    retail_cash, enrolled, m_qty, m_reserve, m_share, m_lot, f_runs,
):  # fmt: skip
    """The arrays of :func:`_trade_day` (its argument names and types) in one
    :class:`TradeDayArrays`; the arrays are shared, not copied."""
    a = structref.new(ARRAYS_T)
    a.f_comm = f_comm
    a.f_cap = f_cap
    a.f_cap_plan = f_cap_plan
    a.f_cap0 = f_cap0
    a.f_cost_factor = f_cost_factor
    a.f_stock = f_stock
    a.f_cash = f_cash
    a.f_cost_cum = f_cost_cum
    a.f_channel = f_channel
    a.f_trader = f_trader
    a.f_rev_cum = f_rev_cum
    a.f_rev_win = f_rev_win
    a.f_kg_win = f_kg_win
    a.t_comm = t_comm
    a.t_is_direct = t_is_direct
    a.t_access = t_access
    a.t_margin = t_margin
    a.t_informed_share = t_informed_share
    a.t_exp_price = t_exp_price
    a.t_share = t_share
    a.t_fg = t_fg
    a.t_cash = t_cash
    a.t_bought = t_bought
    a.t_offered = t_offered
    a.t_cap = t_cap
    a.t_transit = t_transit
    a.t_inventory = t_inventory
    a.t_claim = t_claim
    a.noise_z = noise_z
    a.shock_u = shock_u
    a.info_z = info_z
    a.review_u = review_u
    a.review_at = review_at
    a.review_cursor = review_cursor
    a.goods = goods
    a.flows = flows
    a.day = day
    a.offer_kg = offer_kg
    a.held = held
    a.p_hist = p_hist
    a.fg_direct = fg_direct
    a.direct_idx = direct_idx
    a.retail_cash = retail_cash
    a.enrolled = enrolled
    a.m_qty = m_qty
    a.m_reserve = m_reserve
    a.m_share = m_share
    a.m_lot = m_lot
    a.f_runs = f_runs
    return a


@jit
def _trade_day_packed(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys,
                      sys_active, bargain, cpar, a):  # fmt: skip
    """:func:`_trade_day` on the arrays of ``a`` (a :class:`TradeDayArrays`)."""
    _trade_day(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
               bargain, cpar, a)  # fmt: skip


def bind_trade_day(farmers, traders, direct_idx, noise_z, shock_u, info_z, review_u, goods,
                   flows, day, offer_kg, held, p_hist, fg_direct, retail_cash,
                   review_at=None):  # fmt: skip
    """``run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
    bargain, cpar)``: the nine daily kernels on these arrays in one call (see
    :func:`_trade_day`). The arrays are checked once here, by the nine ``bind_*`` of the
    kernels (which also set ``held`` to the masks of the farmers' stock, see
    :func:`sim.kernels.farm.bind_spoil_and_produce`); they must keep their shapes and dtypes
    and not be replaced for the run, and the farmers' commodities (``farmers.comm``) must not
    change. They are packed once here (:func:`pack_arrays`, which takes them as they are:
    C-contiguous and writable). ``run`` checks ``transit_days`` (1 .. slots - 1) and the
    number of commodities in ``cpar`` each day, as the separate wrappers do. ``review_at``
    marks where today's review uniforms are (see :func:`sim.kernels.farm.bind_choose_channels`;
    None: always in ``review_u``)."""
    f, tr = farmers, traders
    kt.bind_spoil_traders(tr, goods)
    kf.bind_spoil_and_produce(f, noise_z, shock_u, goods, flows, offer_kg, held)
    kt.bind_trader_prices(tr, p_hist, info_z, fg_direct, day)
    kf.bind_choose_channels(f, tr, fg_direct, review_u, day, review_at)
    review_at = kf.check_review_draws(f, review_u, review_at)
    kt.bind_purchase(f, tr, direct_idx, day, offer_kg, held)
    kt.bind_ship(tr, goods, flows, day)
    kt.bind_arrive(tr)
    km.bind_clear_markets(tr, retail_cash, p_hist, goods, flows, day)
    kf.bind_adjust_capacity(f)
    n_c, n_b = goods.shape[0], tr.inventory.shape[1]
    slots = tr.transit.shape[1]
    # scratch, allocated once, as the separate bound kernels hold theirs
    enrolled = np.zeros(n_c)  # kg/day enrolled in the direct channel by commodity
    review_cursor = kf.review_cursor()
    qty, reserve, share, lot = km.clearing_scratch(n_c, n_b)
    arrays = (
        f.comm, f.cap, f.cap_plan, f.cap0, f.cost_factor, f.stock, f.cash, f.cost_cum,
        f.channel, f.trader, f.rev_cum, f.rev_win, f.kg_win,
        tr.comm, tr.is_direct, tr.access, tr.margin, tr.informed_share, tr.exp_price, tr.share,
        tr.fg, tr.cash, tr.bought, tr.offered, tr.cap, tr.transit, tr.inventory, tr.claim,
        noise_z, shock_u, info_z, review_u, review_at, review_cursor, goods, flows, day,
        offer_kg, held, p_hist, fg_direct, direct_idx, retail_cash, enrolled, qty, reserve,
        share, lot, kf.commodity_runs(f.comm),
    )  # fmt: skip
    check_fields(ARRAYS_T, arrays)  # numba's types, without typeof's cost per array
    packed = pack_arrays(*arrays)
    core = _trade_day_packed
    sized = [None]  # the last cpar whose commodities were counted (the sector's, every day)

    def check(transit_days, cpar):
        if type(transit_days) is not int:  # the sector's own call passes this check free
            check_scalar("transit_days", transit_days, int)
        if not 1 <= transit_days < slots:
            raise ValueError(f"transit_days: {transit_days} is outside 1..{slots - 1}")
        if cpar is not sized[0]:  # a record array's rows are fixed: counted once per record
            if cpar.shape[0] != n_c:
                raise ValueError(f"cpar: expected {n_c} commodities, got {cpar.shape[0]}")
            sized[0] = cpar

    def run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain,
            cpar):  # fmt: skip
        check(transit_days, cpar)
        core(int(t), int(doy), int(transit_days), int(lag_base), float(noise_base),
             int(lag_sys), float(noise_sys), bool(sys_active), float(bargain), cpar,
             packed)  # fmt: skip

    # for bind_drawn_day: the packed arrays (and as packed, by field) and the day's checks
    run.packed, run.check = packed, check
    run.arrays = dict(zip(ARRAYS_T.field_dict, arrays, strict=True))
    return run


# columns of the per-commodity market parameters (``mq`` of :func:`bind_market_levers`), set by
# the sector from the scenario; the corrections are 0.5 sd^2 / (1 - rho^2), so that the AR(1)
# log deviations' lognormal levels have mean 1; w_else is 1 / elsewhere_quantity_memory_days
(MQ_RHO_ELSE, MQ_SD_ELSE, MQ_CORR_ELSE, MQ_PRICE_ELSE, MQ_RHO_DEMAND, MQ_SD_DEMAND,
 MQ_CORR_DEMAND, MQ_W_ELSE, MQ_FLEX, N_MQ) = range(10)  # fmt: skip


@jit(inline=True)
def _market_levers(
    t, update, demand_base, cpar, z_else, z_demand, goods, daily, local_supply, else_ref,
    else_avg, else_prev, else_dev, demand_dev, direct_avg, mq, reach_q,
):  # fmt: skip
    """Day ``t``'s other-markets price (Rp/kg), Surabaya demand (kg/day) and direct-channel
    reach (0..1) of each commodity into ``cpar``; updates the smoothed sales elsewhere
    (``else_avg``, kg/day, when ``update``), the cumulative sales last seen (``else_prev``),
    the AR(1) log deviations (``else_dev``, ``demand_dev``) and the channel's smoothed
    purchases (``direct_avg``, kg/day) from yesterday's accounts ``goods`` and figures
    ``daily``. ``reach_q`` is (1 / reach_memory_days, margin_spillover)."""
    w_reach, spill = reach_q[0], reach_q[1]
    for c in range(cpar.shape[0]):
        # the other markets' price multiplier for Blitar's smoothed sales there
        sold = goods[c, L.G_SOLD_ELSEWHERE]
        avg = else_avg[c]
        if update:
            w = mq[c, MQ_W_ELSE]
            avg = (1.0 - w) * avg + w * (sold - else_prev[c])
            else_avg[c] = avg
        else_prev[c] = sold
        flex, ref = mq[c, MQ_FLEX], else_ref[c]
        factor = 1.0
        if not (flex == 0.0 or ref <= 0.0):
            floor = 1e-9 * ref
            x = floor if floor > avg else avg  # Python's max(avg, floor), NaN kept
            factor = (x / ref) ** flex
        # the direct channel's reach: its smoothed purchases' share of local supply, at most 1
        a = (1.0 - w_reach) * direct_avg[c] + w_reach * daily[c, L.D_DIRECT_KG]
        direct_avg[c] = a
        s = local_supply[c]
        share = 0.0
        if s > 0.0:
            share = a / s
            if share > 1.0:  # a NaN stays NaN
                share = 1.0
        rec = cpar[c]
        rec.direct_channel_reach_today = spill * share
        # AR(1) log deviations on today's draws, as lognormal levels of mean 1
        rho, sd = mq[c, MQ_RHO_ELSE], mq[c, MQ_SD_ELSE]
        dev = rho * else_dev[c] + sd * z_else[c]
        else_dev[c] = dev
        level = math.exp(dev - mq[c, MQ_CORR_ELSE])
        rec.elsewhere_price_today_rp_per_kg = mq[c, MQ_PRICE_ELSE] * level * factor
        rho, sd = mq[c, MQ_RHO_DEMAND], mq[c, MQ_SD_DEMAND]
        dev = rho * demand_dev[c] + sd * z_demand[c]
        demand_dev[c] = dev
        rec.demand_today_kg_per_day = demand_base[t, c] * math.exp(dev - mq[c, MQ_CORR_DEMAND])


def bind_market_levers(z_else, z_demand, goods, daily, local_supply, else_ref, else_avg,
                       else_prev, else_dev, demand_dev, direct_avg, mq, reach_q):  # fmt: skip
    """``run(t, update, demand_base, cpar)``: :func:`_market_levers` on these arrays (float64,
    C-contiguous; one row or element per commodity; ``mq`` has :data:`N_MQ` columns,
    ``reach_q`` two elements), checked once here; they must not be replaced for the run.
    ``demand_base`` (days x commodities, kg/day) is checked whenever a new one is passed,
    ``t`` against its rows and ``cpar``'s length each day."""
    n_c = goods.shape[0]
    for name, a, ndim in (
        ("z_else", z_else, 1), ("z_demand", z_demand, 1), ("goods", goods, 2),
        ("daily", daily, 2), ("local_supply", local_supply, 1), ("else_ref", else_ref, 1),
        ("else_avg", else_avg, 1), ("else_prev", else_prev, 1), ("else_dev", else_dev, 1),
        ("demand_dev", demand_dev, 1), ("direct_avg", direct_avg, 1), ("mq", mq, 2),
    ):  # fmt: skip
        check_array(name, a, F8, ndim, n_c)
    if goods.shape[1] <= L.G_SOLD_ELSEWHERE or daily.shape[1] <= L.D_DIRECT_KG:
        raise ValueError("goods, daily: too few columns")
    if mq.shape[1] != N_MQ:
        raise ValueError(f"mq: expected {N_MQ} columns, got {mq.shape[1]}")
    check_array("reach_q", reach_q, F8, 1, 2)
    arrays = (
        z_else, z_demand, goods, daily, local_supply, else_ref, else_avg, else_prev, else_dev,
        demand_dev, direct_avg, mq, reach_q,
    )  # fmt: skip
    core = _market_levers
    # the demand table last checked and its rows, and the last cpar whose commodities were
    # counted (a record array's rows are fixed: counted once per record, as the day's check)
    checked = [None, 0, None]

    def check(t, demand_base, cpar):
        if demand_base is not checked[0]:
            check_array("demand_base", demand_base, F8, 2)
            if demand_base.shape[1] != n_c:
                raise ValueError(f"demand_base: expected {n_c} columns")
            checked[0], checked[1] = demand_base, demand_base.shape[0]
        if not 0 <= t < checked[1]:
            raise ValueError(f"t: {t} is outside the demand table's 0..{checked[1] - 1}")
        if cpar is not checked[2]:
            if cpar.shape[0] != n_c:
                raise ValueError(f"cpar: expected {n_c} commodities, got {cpar.shape[0]}")
            checked[2] = cpar

    def run(t, update, demand_base, cpar):
        check(t, demand_base, cpar)
        core(int(t), bool(update), demand_base, cpar, *arrays)

    run.arrays, run.check = arrays, check  # for bind_drawn_day
    return run


# The trade sector's whole day in one call (:func:`bind_drawn_day`): the draws of the trade and
# market streams, the market levers, today's figures zeroed and the trade day, which from
# Python were four calls, a fill and their wrappers' Python (~7 us a day). The arrays of the
# draws and the levers are packed in one more StructRef, as the day's are.
@structref.register
class DrawnDayArraysType(types.StructRef):
    """numba type of :class:`DrawnDayArrays`."""

    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class DrawnDayArrays(structref.StructRefProxy):
    """The arrays of :func:`_drawn_trade_day` besides the day's (made by :func:`pack_drawn`):
    each stream's PCG64 words, kinds of draw and marks (:func:`sim.kernels.draws.fill_marked`;
    ``_t`` the trade stream's, ``_m`` the market stream's), then :func:`_market_levers`'
    arrays by its argument names."""


U8_2 = types.Array(types.uint64, 2, "C")
DRAWN_T = DrawnDayArraysType(
    [
        ("words_t", U8_1),
        ("kinds_t", types.UniTuple(types.int64, 4)),
        ("marks_t", U8_2),
        ("words_m", U8_1),
        ("kinds_m", types.UniTuple(types.int64, 2)),
        ("marks_m", U8_2),
        ("z_else", F8_1),
        ("z_demand", F8_1),
        ("goods", F8_2),
        ("daily", F8_2),
        ("local_supply", F8_1),
        ("else_ref", F8_1),
        ("else_avg", F8_1),
        ("else_prev", F8_1),
        ("else_dev", F8_1),
        ("demand_dev", F8_1),
        ("direct_avg", F8_1),
        ("mq", F8_2),
        ("reach_q", F8_1),
    ]
)
structref.define_boxing(DrawnDayArraysType, DrawnDayArrays)


@jit
def pack_drawn(words_t, kinds_t, marks_t, words_m, kinds_m, marks_m, z_else, z_demand, goods,
               daily, local_supply, else_ref, else_avg, else_prev, else_dev, demand_dev,
               direct_avg, mq, reach_q):  # fmt: skip
    """The arrays of :class:`DrawnDayArrays` (by its field names) in one; shared, not copied."""
    x = structref.new(DRAWN_T)
    x.words_t = words_t
    x.kinds_t = kinds_t
    x.marks_t = marks_t
    x.words_m = words_m
    x.kinds_m = kinds_m
    x.marks_m = marks_m
    x.z_else = z_else
    x.z_demand = z_demand
    x.goods = goods
    x.daily = daily
    x.local_supply = local_supply
    x.else_ref = else_ref
    x.else_avg = else_avg
    x.else_prev = else_prev
    x.else_dev = else_dev
    x.demand_dev = demand_dev
    x.direct_avg = direct_avg
    x.mq = mq
    x.reach_q = reach_q
    return x


@jit
def _drawn_trade_day(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
                     bargain, cpar, update, demand_base, a, x):  # fmt: skip
    """The trade sector's day from its draws on, in the order of the separate calls: the trade
    stream's draws into the day's buffers (farm noise, shock uniforms, review uniforms or
    their mark, trader noise), the market stream's (:func:`sim.kernels.draws.fill_marked`),
    the market levers (:func:`_market_levers`, from yesterday's figures), today's figures set
    to 0, then :func:`_trade_day` on ``a`` (a :class:`TradeDayArrays`); ``x`` is a
    :class:`DrawnDayArrays`."""
    fill_marked(x.words_t, x.kinds_t, (a.noise_z, a.shock_u, a.review_u, a.info_z), x.marks_t)
    fill_marked(x.words_m, x.kinds_m, (x.z_else, x.z_demand), x.marks_m)
    _market_levers(
        t, update, demand_base, cpar, x.z_else, x.z_demand, x.goods, x.daily, x.local_supply,
        x.else_ref, x.else_avg, x.else_prev, x.else_dev, x.demand_dev, x.direct_avg, x.mq,
        x.reach_q,
    )  # fmt: skip
    daily = x.daily
    for c in range(daily.shape[0]):
        for k in range(daily.shape[1]):
            daily[c, k] = 0.0
    # :func:`_trade_day_packed`'s call, written out: calling it would compile it too, and each
    # compiled entry point optimizes the whole day's code again (~1 s cold); _trade_day is
    # copied in, not compiled on its own
    _trade_day(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
               bargain, cpar, a)  # fmt: skip


def bind_drawn_day(day, levers, trade_draws, market_draws):
    """``run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
    bargain, cpar, update, demand_base)``: in one call, ``trade_draws()``, ``market_draws()``
    (:class:`sim.kernels.draws.StreamDraws` bound in numba), ``levers(t, update,
    demand_base, cpar)`` (:func:`bind_market_levers`' run), today's figures zeroed and
    ``day(t, doy, ..., cpar)`` (:func:`bind_trade_day`'s run), with their checks: the same
    draws, writes and numbers in the same order. The draws must fill the day's buffers
    (the trade stream's: its farm noise, shock and review uniforms, with the review block's
    mark where the day reads it, and trader noise; the market stream's: the levers' two
    normals) and the levers must read and write the day's figures and accounts: else
    ValueError. Bound to the streams' draws: bind again if they are bound again."""
    field = day.arrays
    if not (trade_draws.stream.words is not None and market_draws.stream.words is not None):
        raise ValueError("draws: only draws bound in numba can be drawn in the day's kernel")
    buffers = tuple(field[k] for k in ("noise_z", "shock_u", "review_u", "info_z"))
    z_else, z_demand, goods, daily = levers.arrays[:4]
    marks_t = trade_draws.marks
    if (
        len(trade_draws.outs) != 4
        or any(a is not b for a, b in zip(trade_draws.outs, buffers, strict=True))
        or marks_t[2].ctypes.data != field["review_at"].ctypes.data
        or len(market_draws.outs) != 2
        or market_draws.outs[0] is not z_else
        or market_draws.outs[1] is not z_demand
        or goods is not field["goods"]
        or daily is not field["day"]
    ):  # the buffers by identity (outs is a tuple: == would compare the arrays' values)
        raise ValueError("draws, levers: not the trade day's buffers, figures and accounts")
    # the kinds as the tuples of Python ints they are: fill_marked then has the types of the
    # draws' own calls and of draws.same_draws' check, compiled once for both
    drawn = (
        trade_draws.stream.words, tuple(trade_draws.kinds), marks_t, market_draws.stream.words,
        tuple(market_draws.kinds), market_draws.marks, *levers.arrays,
    )  # fmt: skip
    check_fields(DRAWN_T, drawn)  # the arrays without typeof's cost, the kinds' tuples by it
    x = pack_drawn(*drawn)
    a = day.packed
    check_day, check_levers = day.check, levers.check
    slots = field["t_transit"].shape[1]
    # the demand table and cpar both checks last passed, and the table's rows: on a day with
    # the same tables, a transit_days of type int in 1..slots - 1 and a t within the rows,
    # both checks would pass, and are not called (two calls a day less)
    passed = [None, None, 0]

    def run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain,
            cpar, update, demand_base):  # fmt: skip
        if not (
            demand_base is passed[0]
            and cpar is passed[1]
            and type(transit_days) is int
            and 1 <= transit_days < slots
            and 0 <= t < passed[2]
        ):
            check_levers(t, demand_base, cpar)
            check_day(transit_days, cpar)
            passed[:] = demand_base, cpar, demand_base.shape[0]
        # looked up in the module at each call, so that tests may watch the core's calls
        _drawn_trade_day(int(t), int(doy), int(transit_days), int(lag_base), float(noise_base),
                         int(lag_sys), float(noise_sys), bool(sys_active), float(bargain), cpar,
                         bool(update), demand_base, a, x)  # fmt: skip

    return run
