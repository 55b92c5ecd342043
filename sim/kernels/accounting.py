"""The daily accounts: the goods held by holder and commodity (kg) for the stock-flow check
(:func:`goods_in_stock`), and the recorder's day (:func:`_record_day`): the copies of the day's
tables, the cash accounts added in numpy's order (:func:`np_sum`), the surpluses and the
stock-flow errors."""

import math

import numpy as np
from numba import types
from numba.cpython.unsafe.numbers import trailing_zeros
from numba.experimental import structref

from sim.kernels._jit import jit
from sim.kernels.checks import F8, check_array
from sim.kernels.farm import MASK_BUCKETS, held_total, nonzero_buckets
from sim.kernels.layout import (
    D_PRICE,
    F_APPROPRIATION_IN,
    F_CONSUMERS_IN,
    F_ELSEWHERE_IN,
    F_FREIGHT_OUT,
    F_LAPSE_OUT,
    F_PRODUCTION_OUT,
    F_PROGRAM_OUT,
    F_TOURIST_IN,
    F_UMKM_COSTS_OUT,
    F_UMKM_EXIT_OUT,
    F_UMKM_SALES_IN,
    G_LOST_BREAKAGE,
    G_LOST_FARM,
    G_LOST_MARKET,
    G_LOST_TRANSIT,
    G_PRODUCED,
    G_SOLD_CONSUMERS,
    G_SOLD_ELSEWHERE,
    RECORDED,  # noqa: F401 (the figures _record_day writes; defined with the layout)
)

# every farm's row is read in full once in this many days (a seventh of the farms a day): the
# reading, not the adding, costs (the stock table does not stay in the cache from one day to
# the next; 7.4 us a day for every row at scale 0.1, against 2.1 for the kernels' counts)
VERIFY_DAYS = 7


@jit
def _goods_in_stock(f_comm, stock, farm_kg, lo, hi, t_comm, transit, inventory, bought, out):
    """Fill ``out[c, 0..2]`` with kg held on farms, in transit (and being loaded), at market.

    The farms' total is what the day's purchase left each farmer by the trade kernels' own
    count over the buckets they mark as holding goods (``farm_kg``, their ``offer_kg``),
    added in farmer order. Rows ``lo`` to ``hi - 1`` are also read in full, every bucket in
    bucket order (as the kernels add what they see), and must equal ``farm_kg[i]`` bit for
    bit; where one does not, the farm holds goods the kernels do not see (a wrong mask of
    non-empty buckets, see :func:`sim.kernels.farm._spoil_and_produce`: goods that would
    neither sell nor spoil), and its commodity's farm total is NaN, which stops the run at the
    stock-flow check. So goods the kernels lose stop the run the same day at the check (they
    are produced but not counted), and goods that appear outside the kernels stop it on the
    day their row is read (:data:`VERIFY_DAYS`)."""
    for c in range(out.shape[0]):
        out[c, 0] = 0.0
        out[c, 1] = 0.0
        out[c, 2] = 0.0
    if inventory.shape[1] > MASK_BUCKETS:
        raise ValueError("more stock buckets than the bit masks hold (shelf life > 62 days)")
    # farmers are grouped by commodity: a commodity's sum runs in a register and is written
    # back when the commodity changes (the same additions in the same order). A row read in
    # full gives ``farm_kg[i]`` itself where they agree: the same sum as adding the rows
    c_run = -1
    held = 0.0
    for i in range(f_comm.shape[0]):
        c = f_comm[i]
        if c != c_run:
            if c_run >= 0:
                out[c_run, 0] = held
            c_run = c
            held = out[c, 0]
        held += farm_kg[i]
    if c_run >= 0:
        out[c_run, 0] = held
    for i in range(lo, hi):
        if _row_total(stock, i) != farm_kg[i]:  # NaN too
            out[f_comm[i], 0] = np.nan
    # most of a trader's buckets are empty (purchases are shipped the same day, trucks are in
    # one or two slots): only buckets holding goods are added, found from bit masks of the
    # non-empty ones. Adding 0 kg to sums that start at +0.0 changes nothing, and the
    # additions keep their order (bucket by bucket: bought, then each transit slot).
    n_slots = transit.shape[1]
    for j in range(t_comm.shape[0]):
        trucks = transit[j]
        on_road = nonzero_buckets(bought, j)  # buckets being loaded or on a truck
        for k in range(n_slots):
            on_road |= nonzero_buckets(trucks, k)
        s = 0.0
        rest = on_road
        while rest != 0:
            b = trailing_zeros(rest)
            rest &= rest - 1
            s = _add_bucket(s, bought, trucks, j, b)
        out[t_comm[j], 1] += s
        out[t_comm[j], 2] += held_total(inventory, j, nonzero_buckets(inventory, j))


@jit
def _row_total(stock, i):
    """Farmer i's stock, kg: its buckets added in bucket order."""
    total = 0.0
    for b in range(stock.shape[1]):
        total += stock[i, b]
    return total


@jit
def _add_bucket(s, bought, trucks, j, b):
    """``s`` plus trader j's kg in bucket b being loaded and on each truck slot (non-empty
    ones only, in slot order)."""
    q = bought[j, b]
    if q != 0.0:
        s += q
    for k in range(trucks.shape[0]):
        q = trucks[k, b]
        if q != 0.0:
            s += q
    return s


def goods_in_stock(farmers, farm_kg, traders, out) -> None:
    """Fill ``out[c, 0..2]`` with kg held on farms, in transit, at market (see
    :func:`_goods_in_stock`), every farm's row read in full; checks every array first."""
    bind_goods_in_stock(farmers, farm_kg, traders, out)(0, every_row=True)


def bind_goods_in_stock(farmers, farm_kg, traders, out, verify_days=VERIFY_DAYS):
    """``run(t, every_row=False)``: :func:`goods_in_stock` on these arrays on day ``t``,
    checked once; ``farm_kg``: what the day's purchase left each farmer, kg, by the trade
    kernels' count. Day t reads block ``t % verify_days`` of the farm rows in full (blocks of
    consecutive farmers, the first on day 0), so that every row is read once in
    ``verify_days`` days; ``every_row``: read every row (the run's last day)."""
    farmers.check()
    traders.check()
    check_array("farm_kg", farm_kg, F8, 1, len(farmers))
    check_array("out", out, F8, 2)
    if out.shape[1] != 3:
        raise ValueError(f"out: expected 3 columns (farms, transit, market), got {out.shape[1]}")
    if type(verify_days) is not int or verify_days < 1:
        raise ValueError(f"verify_days: {verify_days!r} is not a whole number of days >= 1")
    # the columns checked above, taken once (the populations' columns are changed in place,
    # as the trade day's kernel also holds them)
    f, tr = farmers, traders
    head = (f.comm, f.stock, farm_kg)
    tail = (tr.comm, tr.transit, tr.inventory, tr.bought, out)
    n = len(farmers)
    blocks = [(k * n // verify_days, (k + 1) * n // verify_days) for k in range(verify_days)]

    def run(t, every_row=False):
        lo, hi = (0, n) if every_row else blocks[t % verify_days]
        _goods_in_stock(*head, lo, hi, *tail)

    # what the recorder needs to run the same count inside its own daily kernel (see
    # sim.metrics.DailyRecorder.record): the arrays in _goods_in_stock's order (lo, hi left
    # out), the number of rows and the blocks read in turn
    run.arrays, run.rows, run.blocks = (*head, *tail), n, tuple(blocks)
    return run


# ------------------------------------------------------------------ numpy's float sums
# numpy adds a float64 array in pairwise order (blocks of up to 128 in 8 running sums, larger
# arrays halved at multiples of 8) onto an initial 0.0; a plain loop gives other bits on long
# arrays. The kernels below add in exactly numpy's order, so their totals equal ``a.sum()``
# (tests/test_record_kernel.py checks this over many lengths). The halving is walked with an
# explicit stack (``frames``, ``lefts``; see :func:`sum_stack`): numba's cached recursive
# functions crash when loaded from the cache.
_PW_BLOCK = 128  # numpy's PW_BLOCKSIZE
_STACK_DEPTH = 64  # halvings of an array of up to 2**63 elements


def sum_stack() -> tuple[np.ndarray, np.ndarray]:
    """Scratch of :func:`np_sum`: (frames (depth, 3) int64, left halves' sums (depth,))."""
    return np.zeros((_STACK_DEPTH, 3), dtype=np.int64), np.zeros(_STACK_DEPTH)


@jit
def _block_sum(a, lo, n):
    """numpy's sum of a block ``a[lo:lo+n]``, n <= 128 (``pairwise_sum_DOUBLE``'s leaves).
    Indexed from 0 in a view: the compiler then knows no index is negative and keeps the
    eight running sums in vector registers."""
    b = a[lo : lo + n]
    if n < 8:
        res = 0.0
        for i in range(n):
            res += b[i]
        return res
    r0, r1, r2, r3 = b[0], b[1], b[2], b[3]
    r4, r5, r6, r7 = b[4], b[5], b[6], b[7]
    whole = n - n % 8
    for k in range(1, whole // 8):
        i = 8 * k
        r0 += b[i]
        r1 += b[i + 1]
        r2 += b[i + 2]
        r3 += b[i + 3]
        r4 += b[i + 4]
        r5 += b[i + 5]
        r6 += b[i + 6]
        r7 += b[i + 7]
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(whole, n):
        res += b[i]
    return res


@jit
def np_sum(a, frames, lefts):
    """``a.sum()`` of a contiguous 1-d float64 array, bit for bit: numpy's pairwise halving
    (left half: n/2 rounded down to a multiple of 8) down to blocks of at most 128, each
    node's sum its left half's plus its right half's. ``frames[d]`` = (first, length, right
    half pending) of the node at depth d, ``lefts[d]`` its left half's sum."""
    n = a.shape[0]
    if n <= _PW_BLOCK:
        return 0.0 + _block_sum(a, 0, n)
    depth = 0
    frames[0, 0], frames[0, 1], frames[0, 2] = 0, n, 0
    while True:
        lo, m = frames[depth, 0], frames[depth, 1]
        if m > _PW_BLOCK:  # descend into the left half
            half = m // 2
            half -= half % 8
            depth += 1
            frames[depth, 0], frames[depth, 1], frames[depth, 2] = lo, half, 0
            continue
        v = _block_sum(a, lo, m)
        depth -= 1  # return v to the parents
        while depth >= 0:
            if frames[depth, 2] == 0:  # v is the left half: now the right half
                lefts[depth] = v
                frames[depth, 2] = 1
                lo, m = frames[depth, 0], frames[depth, 1]
                half = m // 2
                half -= half % 8
                depth += 1
                frames[depth, 0], frames[depth, 1], frames[depth, 2] = lo + half, m - half, 0
                break
            v = lefts[depth] + v  # v is the right half
            depth -= 1
        if depth < 0:
            return 0.0 + v


@jit
def _max_py(a, b):
    """Python's ``max(a, b)``: ``b`` only if it is greater (a NaN ``a`` stays)."""
    return b if b > a else a


# ------------------------------------------------------------------ the stock-flow check
@jit
def _goods_errors(stocks, goods):
    """Relative goods error of the worst commodity: |produced - accounted| / produced, where
    accounted is held (farms, transit, market) + sold + lost; NaN if any is NaN."""
    worst = 0.0
    nan = False
    for c in range(goods.shape[0]):
        held = 0.0 + stocks[c, 0] + stocks[c, 1] + stocks[c, 2]
        accounted = (
            held
            + goods[c, G_SOLD_CONSUMERS]
            + goods[c, G_SOLD_ELSEWHERE]
            + goods[c, G_LOST_FARM]
            + goods[c, G_LOST_BREAKAGE]
            + goods[c, G_LOST_TRANSIT]
            + goods[c, G_LOST_MARKET]
        )
        produced = goods[c, G_PRODUCED]
        err = abs(produced - accounted) / _max_py(produced, 1e-300)
        nan |= np.isnan(err)
        worst = _max_py(worst, err)
    return np.nan if nan else worst


@jit
def _money_error(cash, flows):
    """Relative money error: |cash held - (inflows - outflows)| / (inflows + outflows)."""
    inflow = flows[F_CONSUMERS_IN] + flows[F_ELSEWHERE_IN] + flows[F_APPROPRIATION_IN]
    inflow += flows[F_UMKM_SALES_IN] + flows[F_TOURIST_IN]
    outflow = flows[F_PRODUCTION_OUT] + flows[F_FREIGHT_OUT] + flows[F_LAPSE_OUT]
    outflow += flows[F_PROGRAM_OUT] + flows[F_UMKM_COSTS_OUT] + flows[F_UMKM_EXIT_OUT]
    return abs(cash - (inflow - outflow)) / _max_py(inflow + outflow, 1e-300)


@jit
def _stock_flow_errors(visitors_err, stocks, goods, cash, flows):
    """(goods error, money error): the worst of the visitors' and the commodities' goods
    errors (NaN if any is NaN), and the money error of ``cash``, every account's cash."""
    goods_err = _goods_errors(stocks, goods)
    if np.isnan(visitors_err) or np.isnan(goods_err):
        goods_err = np.nan
    else:
        goods_err = _max_py(visitors_err, goods_err)
    return goods_err, _money_error(cash, flows)


@jit
def _all_cash(trade_cash, gov_sby, gov_blt, umkm_cash, business_cash, frames, lefts):
    """Every account's cash, Rp, added in the model's order."""
    umkm = np_sum(umkm_cash, frames, lefts)
    return trade_cash + gov_sby + gov_blt + umkm + np_sum(business_cash, frames, lefts)


def stock_flow_errors(visitors_err, stocks, goods, trade_cash, gov_sby, gov_blt, umkm_cash,
                      business_cash, flows):  # fmt: skip
    """(goods error, money error) of :meth:`sim.model.KADModel.stock_flow_errors`; checks
    every array first."""
    n_c = goods.shape[0] if isinstance(goods, np.ndarray) else 0
    check_array("stocks", stocks, F8, 2, n_c)
    check_array("goods", goods, F8, 2)
    check_array("umkm_cash", umkm_cash, F8, 1)
    check_array("business_cash", business_cash, F8, 1)
    check_array("flows", flows, F8, 1)
    frames, lefts = sum_stack()
    cash = _all_cash(float(trade_cash), float(gov_sby), float(gov_blt), umkm_cash, business_cash,
                     frames, lefts)  # fmt: skip
    return _stock_flow_errors(float(visitors_err), stocks, goods, cash, flows)


# ------------------------------------------------------------------ the recorder's day


@jit
def _consumer_surplus(cpar, daily):
    """:func:`sim.metrics.consumer_surplus_rp` on its power branch; NaN if a commodity's
    demand elasticity is -1 (its logarithmic branch, which the caller computes in Python)."""
    total = 0.0
    for c in range(cpar.shape[0]):
        ref = cpar[c].wholesale_reference_price_rp_per_kg
        x = daily[c, D_PRICE] / ref
        r = ref * cpar[c].retail_markup
        e1 = 1.0 + cpar[c].demand_elasticity
        d0 = cpar[c].demand_today_kg_per_day
        if x <= 0.0:
            continue
        if abs(e1) < 1e-12:
            return np.nan
        total += d0 * r * ((1.0 - x**e1) / e1)
    return total


@jit
def _other_origins_surplus(cpar, daily):
    """:func:`sim.metrics.other_origins_surplus_rp`."""
    total = 0.0
    for c in range(cpar.shape[0]):
        ref = cpar[c].wholesale_reference_price_rp_per_kg
        x = daily[c, D_PRICE] / ref
        if x <= 0.0:
            continue
        e1 = 1.0 + cpar[c].other_supply_elasticity
        total += cpar[c].other_supply_kg_per_day * ref * (x**e1 - 1.0) / e1
    return total


# the other markets' buyers' surplus is kept by parts a day (rows of the recorder's
# ``rec_omb``) and added up for a block of days when the series are derived, which spares a
# call a day (~0.8 us). Its logarithmic branch (a flexibility of -1, the default) takes the C
# library's log (numba's, as Python's math.log), never numpy's: numpy's log takes a SIMD path
# of its own on CPUs with AVX-512, whose last bit differs from libm's on ~0.1% of values, so
# the same run would record other numbers on another CPU
OMB_X, OMB_TERM, OMB_COEF, OMB_NEGF, N_OMB = range(5)


@jit
def _other_markets_parts(cpar, flex, else_ref, else_avg, parts):
    """:func:`sim.metrics.other_markets_buyers_surplus_rp` by commodity, but the logarithm,
    into ``parts[k, c]`` (k = ``OMB_*``): x, the relative sales (1.0 where the commodity adds
    nothing: no flexibility or no reference); on the power branch the commodity's term (0.0
    where it adds nothing) and NaN as ``OMB_NEGF``; on the logarithmic branch ``ref * p0``
    and ``-f``, whose product with the log of x is the term (see
    :func:`other_markets_total`)."""
    for c in range(cpar.shape[0]):
        f = flex[c]
        ref = else_ref[c]
        parts[OMB_X, c] = 1.0
        parts[OMB_TERM, c] = 0.0
        parts[OMB_NEGF, c] = np.nan
        if f == 0.0 or ref <= 0.0:
            continue
        x = _max_py(else_avg[c], 1e-9 * ref) / ref
        parts[OMB_X, c] = x
        p0 = cpar[c].elsewhere_price_today_rp_per_kg / x**f
        e1 = 1.0 + f
        if abs(e1) < 1e-12:
            parts[OMB_COEF, c] = ref * p0
            parts[OMB_NEGF, c] = -f
        else:
            parts[OMB_TERM, c] = ref * p0 * (f * (1.0 - x**e1) / e1)


@jit
def other_markets_total(parts):
    """One day's other markets' buyers' surplus from :func:`_other_markets_parts`' figures
    ``parts`` (N_OMB, commodities): the terms added in commodity order onto 0.0 (a commodity
    that adds nothing adds +0.0, which changes no sum that starts at +0.0), each logarithmic
    one ``ref * p0 * (-f * log x)`` with the C library's log (as ``math.log``)."""
    total = 0.0
    for c in range(parts.shape[1]):
        negf = parts[OMB_NEGF, c]
        if np.isnan(negf):
            total += parts[OMB_TERM, c]
        else:
            total += parts[OMB_COEF, c] * (negf * math.log(parts[OMB_X, c]))
    return total


@jit
def other_markets_totals(omb, raw, col, a, b):
    """:func:`other_markets_total` of days a .. b-1 into ``raw[day, col]`` from the
    recorder's ``omb`` (N_OMB, days, commodities)."""
    for t in range(a, b):
        raw[t, col] = other_markets_total(omb[:, t, :])


@jit
def _copy(dst, src):
    """``dst[...] = src`` for two C-contiguous arrays of one shape (ValueError if not), element
    by element. Numba's slice assignment would also compile its error message's formatting
    (str and repr of the shapes, ~2 s of a cold start, for an error that cannot happen here)."""
    if dst.shape != src.shape:
        raise ValueError("record: a day's figures do not have the recorded shape")
    d, s = dst.reshape(dst.size), src.reshape(src.size)
    for i in range(s.shape[0]):
        d[i] = s[i]


# copied into :func:`_record_day_packed`, its only caller in a run (``inline``, see
# :func:`sim.kernels._jit.jit`), not compiled on its own: ~1.2 s less of a cold start
@jit(inline=True)
def _record_day(t, farm_cash, trader_cash, middlemen, scratch, retail_cash, umkm_cash,
                business_cash, gov_sby, gov_blt, visitors_err, stocks, goods, flows, daily,
                cpar, flex, else_ref, else_avg, rec_omb, umkm_day, tour_day, rec_daily, rec_goods,
                rec_else, rec_umkm, rec_tour, raw, frames, lefts):  # fmt: skip
    """Day ``t`` of :class:`sim.metrics.DailyRecorder`: copies today's tables into row t of
    the recorder's (``rec_goods``: row t+1), writes :data:`RECORDED` at the start of
    ``raw[t]`` and returns (goods error, money error). Every total is added as numpy and the
    model's Python add it (``np_sum``). ``middlemen``: the traders' rows that are middlemen
    (in row order), ``scratch`` as long; ``flex``: each commodity's
    ``elsewhere_price_flexibility``; ``rec_omb``: the other markets' buyers' surplus by parts
    (:func:`_other_markets_parts` into ``rec_omb[:, t]``; ``raw[t, 8]`` is NaN until they are
    added up, :func:`other_markets_totals`); ``frames``, ``lefts``: :func:`np_sum`'s scratch."""
    _copy(rec_daily[t], daily)
    _copy(rec_goods[t + 1], goods)
    for c in range(cpar.shape[0]):
        rec_else[t, c] = cpar[c].elsewhere_price_today_rp_per_kg
    _copy(rec_umkm[t], umkm_day)
    _copy(rec_tour[t], tour_day)
    for k in range(middlemen.shape[0]):
        scratch[k] = trader_cash[middlemen[k]]
    farm = np_sum(farm_cash, frames, lefts)
    traders = np_sum(trader_cash, frames, lefts)
    retail = np_sum(retail_cash, frames, lefts)
    trade_cash = farm + traders + retail
    cash = _all_cash(trade_cash, gov_sby, gov_blt, umkm_cash, business_cash, frames, lefts)
    goods_err, money_err = _stock_flow_errors(visitors_err, stocks, goods, cash, flows)
    row = raw[t]
    row[0] = farm
    row[1] = traders
    row[2] = np_sum(scratch, frames, lefts)
    row[3] = retail
    row[4] = business_cash[0]
    row[5] = business_cash[1]
    row[6] = _consumer_surplus(cpar, daily)
    row[7] = _other_origins_surplus(cpar, daily)
    _other_markets_parts(cpar, flex, else_ref, else_avg, rec_omb[:, t])
    row[8] = np.nan  # added up from its parts when the series are derived
    row[9] = goods_err
    row[10] = money_err
    return goods_err, money_err


# The recorder's arrays in one numba structure (a StructRef), made when the recorder binds
# (:meth:`sim.metrics.DailyRecorder._bind`): numba's dispatcher then unboxes one object a day
# instead of 25 arrays, and the recorder reads no attribute chains for them (as the trade
# day's arrays, see :class:`sim.kernels.trade_day.TradeDayArrays`)
@structref.register
class RecordArraysType(types.StructRef):
    """numba type of :class:`RecordArrays`."""

    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class RecordArrays(structref.StructRefProxy):
    """The arrays of :func:`_record_day` that stay the same for a run (by its argument names;
    made by :func:`pack_record`)."""


_F8_1, _F8_2, _F8_3 = (types.Array(types.float64, n, "C") for n in (1, 2, 3))
_I8_1, _I8_2 = types.Array(types.int64, 1, "C"), types.Array(types.int64, 2, "C")
RECORD_FIELDS = (
    ("farm_cash", _F8_1), ("trader_cash", _F8_1), ("middlemen", _I8_1), ("scratch", _F8_1),
    ("retail_cash", _F8_1), ("business_cash", _F8_1), ("stocks", _F8_2), ("goods", _F8_2),
    ("flows", _F8_1), ("daily", _F8_2), ("flex", _F8_1), ("else_ref", _F8_1),
    ("else_avg", _F8_1), ("rec_omb", _F8_3), ("umkm_day", _F8_2), ("tour_day", _F8_2),
    ("rec_daily", _F8_3), ("rec_goods", _F8_3), ("rec_else", _F8_2), ("rec_umkm", _F8_3),
    ("rec_tour", _F8_3), ("raw", _F8_2), ("frames", _I8_2), ("lefts", _F8_1),
    # _goods_in_stock's arrays (its ``out`` is ``stocks``)
    ("f_comm", _I8_1), ("f_stock", _F8_2), ("farm_kg", _F8_1), ("t_comm", _I8_1),
    ("t_transit", _F8_3), ("t_inventory", _F8_2), ("t_bought", _F8_2),
)  # fmt: skip
RECORD_T = RecordArraysType(list(RECORD_FIELDS))
structref.define_boxing(RecordArraysType, RecordArrays)


@jit
def pack_record(farm_cash, trader_cash, middlemen, scratch, retail_cash, business_cash, stocks,
                goods, flows, daily, flex, else_ref, else_avg, rec_omb, umkm_day, tour_day,
                rec_daily, rec_goods, rec_else, rec_umkm, rec_tour, raw, frames, lefts, f_comm,
                f_stock, farm_kg, t_comm, t_transit, t_inventory, t_bought):  # fmt: skip
    """The arrays of :func:`_record_day` but ``umkm_cash``, and those of
    :func:`_goods_in_stock` but its ``out`` (``stocks``) (:data:`RECORD_FIELDS`, whose types
    the caller checks), in one :class:`RecordArrays`; shared, not copied."""
    a = structref.new(RECORD_T)
    a.farm_cash = farm_cash
    a.trader_cash = trader_cash
    a.middlemen = middlemen
    a.scratch = scratch
    a.retail_cash = retail_cash
    a.business_cash = business_cash
    a.stocks = stocks
    a.goods = goods
    a.flows = flows
    a.daily = daily
    a.flex = flex
    a.else_ref = else_ref
    a.else_avg = else_avg
    a.rec_omb = rec_omb
    a.umkm_day = umkm_day
    a.tour_day = tour_day
    a.rec_daily = rec_daily
    a.rec_goods = rec_goods
    a.rec_else = rec_else
    a.rec_umkm = rec_umkm
    a.rec_tour = rec_tour
    a.raw = raw
    a.frames = frames
    a.lefts = lefts
    a.f_comm = f_comm
    a.f_stock = f_stock
    a.farm_kg = farm_kg
    a.t_comm = t_comm
    a.t_transit = t_transit
    a.t_inventory = t_inventory
    a.t_bought = t_bought
    return a


@jit
def _record_day_packed(t, lo, hi, gov_sby, gov_blt, visitors_err, umkm_cash, cpar, a):
    """Day ``t``'s goods held (:func:`_goods_in_stock` with farm rows ``lo`` to ``hi - 1``
    read in full; no count if ``lo`` < 0) and then :func:`_record_day`, on the arrays of ``a``
    (a :class:`RecordArrays`): the same two kernels in the order the model ran them, in one
    call. ``umkm_cash`` is passed each day: the object-per-agent twin's firms hand a fresh
    array each time it is read (:class:`sim.reference.umkm.ReferenceUmkm`)."""
    if lo >= 0:
        _goods_in_stock(a.f_comm, a.f_stock, a.farm_kg, lo, hi, a.t_comm, a.t_transit,
                        a.t_inventory, a.t_bought, a.stocks)  # fmt: skip
    return _record_day(
        t, a.farm_cash, a.trader_cash, a.middlemen, a.scratch, a.retail_cash, umkm_cash,
        a.business_cash, gov_sby, gov_blt, visitors_err, a.stocks, a.goods, a.flows, a.daily,
        cpar, a.flex, a.else_ref, a.else_avg, a.rec_omb, a.umkm_day, a.tour_day, a.rec_daily,
        a.rec_goods, a.rec_else, a.rec_umkm, a.rec_tour, a.raw, a.frames, a.lefts,
    )  # fmt: skip
