"""UMKM kernels: consumers' discrete choice across sellers, costs, skills, exit and entry.

Firms of both regions sit in one struct-of-arrays population (``region`` 0 = producer region
Blitar, 1 = market region Surabaya). Each market (0, 1) and sector has a spending pool in Rp
per day; buyers split it across the outside option (shops, chains) and every visible seller by
a multinomial logit on quality, price and channel visibility; a seller's sales are capped by
its capacity (unmet demand is not spent). Surabaya's civil servants' mandated e-Peken purchases
are a separate pool by sector (``mpool``), shared by the e-Peken listings in proportion to their
listings in equal shares (the platform spreads them, the purpose of its cap), each listing's
share capped by the platform's per-seller ceiling.
"""

import math

import numpy as np
from numba import from_dtype, types
from numba.experimental import structref

from sim.kernels._jit import jit
from sim.kernels.checks import (
    F8,
    I1,
    I8,
    check_array,
    check_columns,
    check_fields,
    check_scalar,
)
from sim.kernels.layout import (
    F_UMKM_COSTS_OUT,
    F_UMKM_EXIT_OUT,
    F_UMKM_SALES_IN,
    U_ALIVE,
    U_BUYER_LOGSUM,
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

# vis[0]: the parameters of visibility and choice in force today, one record (shape (1,)).
# Fields named like a scenario key hold that key's value (``umkm.<key>``, or the key named in
# the comment); the others are today's levers.
UMKM_PARAMS = np.dtype(
    [
        ("epeken_visibility", np.float64),  # visibility added by an e-Peken listing
        # visibility of a Blitar online seller in Surabaya without e-Peken
        ("online_visibility_without_epeken", np.float64),
        ("outlet_visibility", np.float64),  # visibility of a Blitar firm in Surabaya outlets
        # 1 while Blitar firms have e-Peken access (market-access program)
        ("epeken_access_today", np.float64),
        ("quality_weight", np.float64),  # logit weight of quality
        ("price_weight", np.float64),  # logit weight of log price
        ("online_literacy_threshold", np.float64),  # literacy needed to sell online
        # internet coverage of the producer region today (internet program)
        ("blitar_internet_coverage_today", np.float64),
        ("surabaya_internet_coverage", np.float64),  # internet coverage of the market region
        ("umkm_tax_share", np.float64),  # pad.umkm_tax_share: local levy per Rp of sales
        ("literacy_decay_per_day", np.float64),  # daily relative literacy loss when offline
        ("quality_decay_per_day", np.float64),  # daily relative quality loss
        # umkm.epeken_mandate_blitar_weight: a listed Blitar seller's weight in the mandated pool
        ("epeken_mandate_blitar_weight", np.float64),
        # umkm.epeken_seller_cap_rp_per_year / 365: most mandated sales of a seller a day, Rp
        ("epeken_seller_cap_rp_per_day", np.float64),
        # umkm.selling_min_rp_per_month x 12 / 365: sales to Surabaya a day above which a Blitar
        # firm counts as selling there, Rp
        ("selling_min_rp_per_day", np.float64),
    ]
)


# Bits of a firm's channels today (``chan``, int8 per firm), set with who is online and the
# logit weights (:func:`_offer_weights`) and kept with them: the daily kernel reads one byte a
# firm instead of the four flags they come from
CH_ONLINE = 1  # sells online today
CH_EPEKEN = 2  # sells through e-Peken today: online and listed (:func:`listing_rule`)
CH_OUTLET = 4  # has a place in a Surabaya outlet


# The rules below are written with ``&``, ``|`` and conditional expressions rather than
# ``and``, ``or`` and ``if`` blocks: both sides are cheap, so numba compiles them to selects
# without branches, which matters because online status and licences are random across firms
# (a mispredicted branch costs more than the whole rule).


@jit
def online_rule(conn_u_i, cover, literacy_i, literacy_min):
    """A firm sells online when it has internet (its uniform draw ``conn_u_i`` below its
    region's coverage ``cover``, a share of firms) and digital literacy (0-1) of at least
    ``literacy_min``."""
    return (conn_u_i < cover) & (literacy_i >= literacy_min)


@jit
def may_list(region_i, legal_i, listed_i, vis):
    """Whether an online firm is listed on e-Peken (:func:`listing_rule` with today's access)."""
    return listing_rule(region_i, legal_i, listed_i, vis[0].epeken_access_today > 0.5)


@jit
def listing_rule(region_i, legal_i, listed_i, access):
    """Whether an online firm is listed on e-Peken: it needs a licence, and a Blitar firm also
    one of the market-access program's listings (``listed_i``) while the program runs
    (``access``)."""
    blitar_ok = access & (listed_i == 1)
    return (legal_i == 1) & ((region_i == 1) | blitar_ok)


@jit
def online_visibility(region_i, legal_i, listed_i, vis):
    """An online seller's visibility: general marketplaces and social media, plus e-Peken's
    for a listed seller (:func:`may_list`)."""
    epeken = may_list(region_i, legal_i, listed_i, vis)
    return vis[0].online_visibility_without_epeken + (vis[0].epeken_visibility if epeken else 0.0)


@jit
def mandate_weight(region_i, listed_today, vis):
    """A seller's weight in the mandated pool (shared evenly: the platform spreads it): 1 for a
    Surabaya listing, ``epeken_mandate_blitar_weight`` for a Blitar one, 0 off e-Peken today."""
    w = 1.0 if region_i == 1 else vis[0].epeken_mandate_blitar_weight
    return w if listed_today else 0.0


@jit
def visibility(region_i, market, online, outlet_i, legal_i, listed_i, vis):
    """How visible a firm of ``region_i`` is to buyers in ``market`` (0 if not at all; see
    :func:`visibility_rule`)."""
    on = online_visibility(region_i, legal_i, listed_i, vis) if online else 0.0
    return visibility_rule(region_i, market, on, outlet_i, vis[0].outlet_visibility)


@jit
def visibility_rule(region_i, market, on, outlet_i, outlet_v):
    """How visible a firm of ``region_i`` with online visibility ``on`` (0 offline) is to
    buyers in ``market``: 1 + on in its own region; elsewhere on, plus ``outlet_v`` for a
    Blitar firm with an outlet place (``outlet_i``)."""
    # a Blitar firm seen by Surabaya buyers: outlets, online; a Surabaya firm seen by Blitar
    # buyers: online only
    other = (outlet_v if outlet_i == 1 else 0.0) + on if region_i == 0 else on
    return 1.0 + on if region_i == market else other


@jit
def attractiveness(capacity_i, quality_i, price_i, vis):
    """Logit weight before visibility: size (shelf space) x exp(quality and price terms)."""
    return capacity_i * math.exp(
        vis[0].quality_weight * quality_i - vis[0].price_weight * math.log(price_i)
    )


@jit
def _capacity_cut(cap, total):
    """The factor that cuts sales ``total`` (>= 0) to capacity ``cap`` (> 0): cap / total if
    total > cap, else 1.0 (cap / total >= 1 then, inf for no sales). Division by IEEE rules
    (``np.true_divide``: ``/`` checks for 0 to raise ZeroDivisionError, a branch), the least
    by ``min``: no branch, which would be mispredicted for about every other firm (which
    firms are over capacity is random)."""
    return min(np.true_divide(cap, total), 1.0)


@jit
def _plus_counts(start, ones, zeros):
    """``start`` plus ``ones`` additions of 1.0 and ``zeros`` of +0.0, in any order, as
    adding them one by one gives it. In one addition where that is exact: ``start`` a whole
    number within 2**53 - ones of 0, so that every partial sum is a whole number a double holds
    (adding +0.0 then changes only a -0.0 to +0.0, and nothing once a 1.0 is added); else
    one by one."""
    if ones == 0:
        return start + 0.0 if zeros > 0 else start
    if start == math.floor(start) and abs(start) + ones <= 2.0**53:
        return start + ones
    total = start  # not a whole number, inf, NaN or too large: +0.0 leaves it as it is
    for _ in range(ones):
        total += 1.0
    return total


@jit
def _update_attractiveness(alive, capacity, quality, price, vis, attract):
    """Refresh the cached logit weights before visibility (after quality changes)."""
    for i in range(alive.shape[0]):
        attract[i] = attractiveness(capacity[i], quality[i], price[i], vis) if alive[i] else 0.0


@jit
def _refresh_attractiveness(alive, capacity, quality, price, vis, attract, seen, seen_w):
    """:func:`_update_attractiveness`, recomputing only the operating firms whose inputs
    changed since the call that filled ``seen`` (their capacity, quality and price then, rows
    0-2; NaN: not computed) and ``seen_w`` (the quality and price weights then). A firm whose
    inputs are equal and not zero (so the same bits: +0.0 == -0.0 is excluded) keeps its weight,
    which recomputing would give bit for bit: month starts change a few firms' (entrants,
    trainees, training gains fading) and the exp and log of every firm cost ~70 us."""
    qw = vis[0].quality_weight
    pw = vis[0].price_weight
    # the weights compared as the firms' inputs are (NaN or +-0.0: everything recomputed)
    all_new = not ((qw == seen_w[0]) & (pw == seen_w[1]) & (qw != 0.0) & (pw != 0.0))
    seen_w[0] = qw
    seen_w[1] = pw
    for i in range(alive.shape[0]):
        if not alive[i]:
            attract[i] = 0.0
            seen[0, i] = np.nan  # recomputed when the slot is refilled
            continue
        c, q, p = capacity[i], quality[i], price[i]
        same = (c == seen[0, i]) & (q == seen[1, i]) & (p == seen[2, i])
        if all_new or not (same & (c != 0.0) & (q != 0.0) & (p != 0.0)):
            attract[i] = attractiveness(c, q, p, vis)
            seen[0, i] = c
            seen[1, i] = q
            seen[2, i] = p


@jit
def _offer_weights(alive, region, sector, attract, literacy, legal, conn_u, outlet, listed,
                   online, chan, vis, weight, denom, mdenom):  # fmt: skip
    """Who sells online today and through which channels (``chan``, bits ``CH_*``), and each
    firm's logit weight in each market (``weight``, n x 2)
    with their sums by market and sector (``denom``, 2 x n_sectors), and the sums of the
    e-Peken listings' weights in the mandated pool by sector (``mdenom``: listings, a Blitar
    one counting ``epeken_mandate_blitar_weight``)."""
    n = alive.shape[0]
    for m in range(denom.shape[0]):
        for s in range(denom.shape[1]):
            denom[m, s] = 0.0
    for s in range(mdenom.shape[0]):
        mdenom[s] = 0.0
    # Today's parameters as locals, which the stores below cannot change: the rules then
    # compile to selects, without branches on which firms are online or licensed (random,
    # mispredicted often; the record's fields, which a store might change, were read in
    # branches)
    lit_min = vis[0].online_literacy_threshold
    cover0 = vis[0].blitar_internet_coverage_today
    cover1 = vis[0].surabaya_internet_coverage
    access = vis[0].epeken_access_today > 0.5
    on_plain = vis[0].online_visibility_without_epeken
    on_epv = vis[0].epeken_visibility
    outlet_v = vis[0].outlet_visibility
    mw0, mw1 = mandate_weight(0, True, vis), mandate_weight(1, True, vis)
    for i in range(n):
        if alive[i] == 0:
            weight[i, 0] = 0.0
            weight[i, 1] = 0.0
            online[i] = 0
            chan[i] = 0
            continue
        r = region[i]
        # online, by its region's coverage
        on = online_rule(conn_u[i], cover0 if r == 0 else cover1, literacy[i], lit_min)
        online[i] = 1 if on else 0
        a = attract[i]
        s = sector[i]
        lists = listing_rule(r, legal[i], listed[i], access)  # :func:`may_list`
        # :func:`visibility` in each market, from :func:`online_visibility`
        on_v = on_plain + (on_epv if lists else 0.0) if on else 0.0
        v0 = visibility_rule(r, 0, on_v, outlet[i], outlet_v)
        v1 = visibility_rule(r, 1, on_v, outlet[i], outlet_v)
        # an invisible firm weighs 0; adding that 0.0 leaves ``denom`` (never -0.0) unchanged,
        # so the sums need no branch on the (random) online status
        w0 = a * v0 if v0 > 0.0 else 0.0
        w1 = a * v1 if v1 > 0.0 else 0.0
        weight[i, 0] = w0
        weight[i, 1] = w1
        denom[0, s] += w0
        denom[1, s] += w1
        ep = on & lists  # sells through e-Peken
        mdenom[s] += (mw1 if r == 1 else mw0) if ep else 0.0  # :func:`mandate_weight`
        chan[i] = (
            (CH_ONLINE if on else 0)
            | (CH_EPEKEN if ep else 0)
            | (CH_OUTLET if outlet[i] == 1 else 0)
        )


@jit
def _open_day(house_pools, souvenir_rp, souvenir_share, pools, day, tax_by_region):
    """Open day: buyers' free spending ``pools[m, s]`` (Rp/day), households' ``house_pools[m,
    s]`` plus tourists' souvenir spending in market m (``souvenir_rp[m]``) times sector s's
    ``souvenir_share[s]``; today's figures ``day`` and ``tax_by_region`` set to 0."""
    for m in range(pools.shape[0]):
        for s in range(pools.shape[1]):
            pools[m, s] = house_pools[m, s] + souvenir_rp[m] * souvenir_share[s]
    for m in range(day.shape[0]):
        for k in range(day.shape[1]):
            day[m, k] = 0.0
    for m in range(tax_by_region.shape[0]):
        tax_by_region[m] = 0.0


@jit(inline=True)
def _outside_margins(pools, outside, den, var_cost, mpool, mdenom, price_weight, day):
    """The outside option's (shops', chains') sales in each market less their variable cost
    (the sectors' share, as for UMKM), Rp: what UMKM sales taken from them cost their owners
    (the incidence table's ``outside_sellers``). A sector's mandated e-Peken pool with no
    listing to take it is spent at Surabaya's shops and chains too. Also the buyers' log-sum
    (``U_BUYER_LOGSUM``: with weights ∝ price^-price_weight, a Rp of pool at log-sum IV is
    worth IV / price_weight; 0 without a price weight)."""
    for m in range(2):
        acc = 0.0
        logsum = 0.0
        for s in range(den.shape[1]):
            acc += pools[m, s] * outside[m, s] / den[m, s] * (1.0 - var_cost[s])
            if m == 1 and mdenom[s] <= 0.0:
                acc += mpool[s] * (1.0 - var_cost[s])
            if price_weight > 0.0:
                logsum += pools[m, s] * math.log(den[m, s]) / price_weight
        day[m, U_OUTSIDE_MARGIN] = acc
        day[m, U_BUYER_LOGSUM] = logsum


# The daily kernel works in passes over the firms (:func:`_umkm_day`). Rows of the firms'
# terms kept with the weights (``terms``, N_TERMS x n, :func:`_firm_terms`): the firm's logit
# weight in each market, the logit denominators of its sector there, its sector's variable
# cost share, its mandated sales before the capacity cut (0.0 off e-Peken or without a
# weight)
T_W0, T_W1, T_DEN0, T_DEN1, T_VAR_COST, T_MAND = range(6)
N_TERMS = 6
# up to this many sectors, the daily loop takes a firm's pools by selects rather than loads
# indexed by its sector (:func:`_sales_and_cut_few`), which the compiler does not vectorize
FEW_SECTORS = 4
# Rows of the day's values by firm (``work``, N_WORK x n): sales in each market and mandated
# (before the capacity cut, then after it), the capacity cut, total sales (after it), what the
# outside option gains in each market, sales to Surabaya buyers, costs, tax and profit
W_SALES0, W_SALES1, W_MAND, W_CUT, W_TOTAL = range(5)
W_OUT0, W_OUT1, W_MARKET, W_COSTS, W_TAX, W_PROFIT = range(5, 11)
N_WORK = 11
# firms a block of :func:`_firms_day` (see there). Tried and not kept (CPU time a call in runs
# at scale 0.1, interleaved with this code, ~37-40 us a day on a shared machine): blocks of
# 256 to 2,048 firms, with the passes taking whole rows made once a day instead of views made
# at every call (indices b0 + j as uint64: a signed index's wraparound check stops the
# vectorizer) and the sums' loop reading ``work`` flat at constant row offsets: 1-3 us a day
# faster on replayed days (1,024-2,048 best; 256 no faster: the calls per block), no faster in
# runs.
BLOCK = 8192
# Rows of the mandated pool's table by region r and sector s (``mtab[row, r * n_s + s]``,
# :func:`_mandate_table`): a listing's mandated sales before the capacity cut, what the
# platform's ceiling turns away from it times the share of a Rp that is not variable cost,
# and 1.0 where the ceiling turns some away (else 0.0)
M_MAND, M_TURNED, M_CAPPED = range(3)
N_MTAB = 3
# ``kept``: the bits of the tables the terms come from when they were computed (row 1; row 0
# is scratch): den (2 x n_s), var_cost (n_s), mtab's M_MAND row (2 x n_s), then a flag
COUNTS = 8  # ``counts`` (int64): the day's counts (:func:`_count_firms`), C_* below
C_ALIVE0, C_ALIVE1, C_ON0, C_ON1, C_SELLING, C_SEL_OUTLET, C_SEL_EPEKEN, C_SEL_OTHER = range(8)


def day_scratch(n: int, n_s: int) -> tuple:
    """Scratch arrays of :func:`_umkm_day` for ``n`` firms and ``n_s`` sectors: ``terms``,
    ``kept`` (NaN: nothing kept), ``mtab``, ``work``, ``ep_list`` and ``counts``."""
    return (np.zeros((N_TERMS, n)), np.full((2, 5 * n_s + 1), np.nan),
            np.zeros((N_MTAB, 2 * n_s)), np.zeros((N_WORK, min(n, BLOCK))),
            np.zeros(n + 1, dtype=I8), np.zeros(COUNTS, dtype=I8))  # fmt: skip


@jit(inline=True)
def _mandate_table(mpool, mdenom, var_cost, mw0, mw1, cap_day, mtab):
    """A listing's mandated sales by region and sector before the capacity cut (its share of
    the pool, by its region's weight ``mw0`` / ``mw1``, up to the platform's ceiling
    ``cap_day``; 0.0 without a weight), and what the ceiling turns away (rows ``M_*``).
    A sector without listings today (``mdenom`` 0: a listing with a weight adds it) has 0.0
    too: no firm reads its entries, and its share would divide by zero."""
    n_s = mdenom.shape[0]
    for r in range(2):
        mw = mw1 if r == 1 else mw0  # :func:`mandate_weight` of a listing
        for s in range(n_s):
            mand = turned = capped = 0.0
            if mw > 0.0 and mdenom[s] > 0.0:
                share = mpool[s] * mw / mdenom[s]
                mand = min(share, cap_day)
                if share > mand:
                    turned = (share - mand) * (1.0 - var_cost[s])
                    capped = 1.0
            mtab[M_MAND, r * n_s + s] = mand
            mtab[M_TURNED, r * n_s + s] = turned
            mtab[M_CAPPED, r * n_s + s] = capped


@jit(inline=True)
def _same_tables(den, var_cost, mtab, kept):
    """Whether ``den``, ``var_cost`` and mtab's mandated sales have the bits they had at the
    call before (``kept[1]``, NaN before the first call; then set to theirs now): the firms'
    terms (:func:`_firm_terms`) computed from them then are today's if the channels are. Bits,
    not values: +0.0 == -0.0 and NaN != NaN."""
    now, before = kept[0], kept[1]
    n_s = var_cost.shape[0]
    for s in range(n_s):
        now[s] = den[0, s]
        now[n_s + s] = den[1, s]
        now[2 * n_s + s] = var_cost[s]
        now[3 * n_s + s] = mtab[M_MAND, s]
        now[4 * n_s + s] = mtab[M_MAND, n_s + s]
    now[5 * n_s] = 1.0  # terms computed (``before`` starts NaN: the first call computes)
    same = True
    now_bits, before_bits = now.view(np.int64), before.view(np.int64)
    for k in range(now.shape[0]):
        same &= now_bits[k] == before_bits[k]
        before[k] = now[k]
    return same


@jit(inline=True)
def _firm_terms(region, sector, chan, weight, den, var_cost, mtab, terms, ep_list):
    """Each firm's terms from its sector's (``terms``, rows ``T_*``), and the firms that sell
    through e-Peken, in firm order (``ep_list``, their count last)."""
    n_s = var_cost.shape[0]
    n_ep = 0
    for i in range(region.shape[0]):
        s = sector[i]
        ep = (chan[i] & CH_EPEKEN) != 0
        terms[T_W0, i] = weight[i, 0]
        terms[T_W1, i] = weight[i, 1]
        terms[T_DEN0, i] = den[0, s]
        terms[T_DEN1, i] = den[1, s]
        terms[T_VAR_COST, i] = var_cost[s]
        terms[T_MAND, i] = mtab[M_MAND, region[i] * n_s + s] if ep else 0.0
        if ep:
            ep_list[n_ep] = i
            n_ep += 1
    ep_list[ep_list.shape[0] - 1] = n_ep


@jit(inline=True)
def _numerators(b0, b1, sector, terms, pools, work):
    """Each firm's pool in each market times its logit weight there (``W_SALES0``,
    ``W_SALES1``): the numerators of its sales, for firms b0..b1-1 (``work``'s columns 0..).
    Used above FEW_SECTORS sectors: loads indexed by sector, which the compiler does not
    vectorize (:func:`_sales_and_cut_few` selects instead)."""
    sales0, sales1 = work[W_SALES0], work[W_SALES1]
    sector_b, w0, w1 = sector[b0:b1], terms[T_W0][b0:b1], terms[T_W1][b0:b1]
    for j in range(sector_b.shape[0]):
        s = np.uint64(sector_b[j])
        sales0[j] = pools[0, s] * w0[j]
        sales1[j] = pools[1, s] * w1[j]


# The loops below run over 1-D views from index 0 (of C layout: a row of a 2-D slice would
# not be, and its loop would not be vectorized), firms b0..b1-1 of the whole arrays and
# columns 0..b1-b0-1 of ``work``.


@jit(inline=True)
def _sales_and_cut(b0, b1, capacity, terms, work):
    """Sales of each firm in each market (the numerators over their denominators, in place),
    the capacity cut (:func:`_capacity_cut`) and total sales after it. A firm invisible in a
    market has weight +0.0 and so sales +0.0 there (pools are finite and >= 0), as the rule's
    "no sales". ``den`` > 0 (the outside option's weight is, checked when bound): divided
    without ``/``'s check for 0 (a branch), so that the compiler vectorizes the loop: its
    three divisions several firms at a time (the same IEEE quotients)."""
    m = b1 - b0
    sales0, sales1 = work[W_SALES0][:m], work[W_SALES1][:m]
    cut_v, total_v = work[W_CUT][:m], work[W_TOTAL][:m]
    den0, den1, mand_v = terms[T_DEN0][b0:b1], terms[T_DEN1][b0:b1], terms[T_MAND][b0:b1]
    cap_v = capacity[b0:b1]
    for j in range(m):
        s0 = np.true_divide(sales0[j], den0[j])
        s1 = np.true_divide(sales1[j], den1[j])
        total = s0 + s1 + mand_v[j]
        cap = cap_v[j]
        sales0[j] = s0
        sales1[j] = s1
        cut_v[j] = _capacity_cut(cap, total)
        total_v[j] = min(total, cap)


@jit(inline=True)
def _sales_and_cut_few(b0, b1, sector, pools, capacity, terms, work):
    """:func:`_numerators` and :func:`_sales_and_cut` in one loop the compiler vectorizes, for
    up to FEW_SECTORS sectors: a firm's pools are taken by selects on its sector (the pools of
    sectors beyond the last are never selected)."""
    n_s = pools.shape[1]
    last = n_s - 1
    a0, a1, a2, a3 = pools[0, 0], pools[0, min(1, last)], pools[0, min(2, last)], pools[0, last]
    c0, c1, c2, c3 = pools[1, 0], pools[1, min(1, last)], pools[1, min(2, last)], pools[1, last]
    m = b1 - b0
    sales0, sales1 = work[W_SALES0][:m], work[W_SALES1][:m]
    cut_v, total_v = work[W_CUT][:m], work[W_TOTAL][:m]
    w0, w1 = terms[T_W0][b0:b1], terms[T_W1][b0:b1]
    den0, den1, mand_v = terms[T_DEN0][b0:b1], terms[T_DEN1][b0:b1], terms[T_MAND][b0:b1]
    cap_v, sector_b = capacity[b0:b1], sector[b0:b1]
    for j in range(m):
        s = sector_b[j]
        p0 = a0 if s == 0 else (a1 if s == 1 else (a2 if s == 2 else a3))
        p1 = c0 if s == 0 else (c1 if s == 1 else (c2 if s == 2 else c3))
        s0 = np.true_divide(p0 * w0[j], den0[j])
        s1 = np.true_divide(p1 * w1[j], den1[j])
        total = s0 + s1 + mand_v[j]
        cap = cap_v[j]
        sales0[j] = s0
        sales1[j] = s1
        cut_v[j] = _capacity_cut(cap, total)
        total_v[j] = min(total, cap)


@jit(inline=True)
def _cut_sales(b0, b1, terms, work):
    """Sales cut to capacity, in all markets alike (by ``cut`` = cap / total, for a firm over
    capacity; in place), and what buyers spend at shops and chains of their market instead
    (the outside option's income, ``W_OUT0``, ``W_OUT1``): under capacity cut is 1.0, the
    sales stay as they are and the outside option gains +-0.0. ``W_MARKET``: sales to
    Surabaya buyers, free and mandated."""
    m = b1 - b0
    sales0, sales1, cut_v = work[W_SALES0][:m], work[W_SALES1][:m], work[W_CUT][:m]
    out0, out1 = work[W_OUT0][:m], work[W_OUT1][:m]
    market, mand_v = work[W_MARKET][:m], work[W_MAND][:m]
    mand0, var_cost = terms[T_MAND][b0:b1], terms[T_VAR_COST][b0:b1]
    for j in range(m):
        s0, s1, mand, cut = sales0[j], sales1[j], mand0[j], cut_v[j]
        keep = 1.0 - var_cost[j]  # the share of a Rp of sales that is not variable cost
        out0[j] = (s0 - s0 * cut) * keep
        out1[j] = (s1 + mand - (s1 * cut + mand * cut)) * keep
        s1 *= cut
        mand *= cut
        sales0[j] = s0 * cut
        sales1[j] = s1
        mand_v[j] = mand
        market[j] = s1 + mand


@jit(inline=True)
def _firm_accounts(b0, b1, fixed_cost, terms, tax_rate, work):
    """Each firm's tax, costs (variable and fixed) and profit of the day, Rp."""
    m = b1 - b0
    total_v, var_cost, fixed_v = work[W_TOTAL][:m], terms[T_VAR_COST][b0:b1], fixed_cost[b0:b1]
    tax_v, costs_v, profit_v = work[W_TAX][:m], work[W_COSTS][:m], work[W_PROFIT][:m]
    for j in range(m):
        total = total_v[j]
        tax_i = total * tax_rate
        costs = total * var_cost[j] + fixed_v[j]
        tax_v[j] = tax_i
        costs_v[j] = costs
        profit_v[j] = total - costs - tax_i


@jit(inline=True)
def _add_to_firms(b0, b1, alive, chan, cash, revenue_cum, month_profit, literacy, lit_keep,
                  work):  # fmt: skip
    """Operating firms: the day's profit to their cash and month's profit, sales to their
    revenue; digital skills fade without use (quality fades monthly, see decay_quality). A
    select, not a branch, on whether a firm operates (loops the compiler vectorizes)."""
    m = b1 - b0
    profit_v, total_v = work[W_PROFIT][:m], work[W_TOTAL][:m]
    alive_b, chan_b = alive[b0:b1], chan[b0:b1]
    _add_where(alive_b, profit_v, cash[b0:b1])
    _add_where(alive_b, total_v, revenue_cum[b0:b1])
    _add_where(alive_b, profit_v, month_profit[b0:b1])
    lit_b = literacy[b0:b1]
    for j in range(m):
        x = lit_b[j] * (1.0 if (chan_b[j] & CH_ONLINE) != 0 else lit_keep)
        lit_b[j] = x if alive_b[j] != 0 else lit_b[j]


@jit
def _add_where(alive, add, into):
    """into[j] += add[j] where alive[j] (a select: no branch on which firms operate)."""
    for j in range(into.shape[0]):
        x = into[j] + add[j]
        into[j] = x if alive[j] != 0 else into[j]


@jit(inline=True)
def _count_firms(b0, b1, alive, region, chan, min_day, work, counts):
    """The day's counts (``counts``, C_*): operating firms and those online by region (0, 1),
    Blitar firms selling to Surabaya buyers (above the reach threshold ``min_day``, Rp/day),
    and of those the ones in each channel that reaches them (a firm in an outlet and online
    counts in both): in an outlet, through e-Peken, online otherwise, added to ``counts``.
    Integer counts, in any order the same (the compiler vectorizes the loop)."""
    m = b1 - b0
    market = work[W_MARKET][:m]
    alive_b, region_b, chan_b = alive[b0:b1], region[b0:b1], chan[b0:b1]
    alive0 = alive1 = on0 = on1 = selling = sel_outlet = sel_epeken = sel_other = 0
    for j in range(m):
        c = chan_b[j]
        live = alive_b[j] != 0
        r0 = region_b[j] == 0
        is_on = live & ((c & CH_ONLINE) != 0)
        alive0 += live & r0
        alive1 += live & (not r0)
        on0 += is_on & r0
        on1 += is_on & (not r0)
        sells = live & r0 & (market[j] > min_day)
        selling += sells
        sel_outlet += sells & ((c & CH_OUTLET) != 0)
        sel_epeken += sells & ((c & CH_EPEKEN) != 0)
        sel_other += sells & ((c & CH_ONLINE) != 0) & ((c & CH_EPEKEN) == 0)
    counts[C_ALIVE0] += alive0
    counts[C_ALIVE1] += alive1
    counts[C_ON0] += on0
    counts[C_ON1] += on1
    counts[C_SELLING] += selling
    counts[C_SEL_OUTLET] += sel_outlet
    counts[C_SEL_EPEKEN] += sel_epeken
    counts[C_SEL_OTHER] += sel_other


@jit
def _umkm_day(
    alive, region, sector, capacity, fixed_cost, attract, literacy, legal, conn_u,
    outlet, listed, online, chan, cash, revenue_cum, month_profit, var_cost, pools, mpool,
    outside, vis, weight, denom, den, mdenom, terms, kept, mtab, work, ep_list, counts, flows,
    tax_by_region, day, refresh,
):  # fmt: skip
    """One day of UMKM trade: who is online, sales by discrete choice, costs, skill decay.

    ``pools[m, s]`` is buyers' free spending in market m on sector s (Rp/day) and
    ``outside[m, s]`` the outside option's logit weight; ``mpool[s]`` the civil servants'
    mandated e-Peken spending on sector s (Rp/day, Surabaya buyers); ``var_cost[s]`` the
    variable cost share; ``weight`` (n, 2), ``denom`` and ``den`` (2, n_sectors) and ``mdenom``
    (n_sectors) are scratch, and so are ``terms``, ``kept``, ``mtab``, ``work``, ``ep_list``
    and ``counts`` (:func:`day_scratch`).

    ``refresh``: recompute who is online and the logit weights (:func:`_offer_weights`); else
    ``online``, ``chan``, ``weight`` and ``denom`` are taken as they are (the caller keeps them
    from a day with the same inputs), and so are the firms' ``terms`` and ``ep_list``
    (:func:`_firm_terms`) while the per-sector tables they come from keep their bits
    (:func:`_same_tables`). Returns whether they are still valid for tomorrow: the day's
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
    cap_day = vis[0].epeken_seller_cap_rp_per_day
    lit_keep = 1.0 - vis[0].literacy_decay_per_day
    lit_min = vis[0].online_literacy_threshold
    # Whether the literacy decay may change who is online, to be checked firm by firm: not when
    # it is a factor in [0, 1] and the threshold > 0. An online firm keeps its literacy; an
    # offline one has no internet or literacy below the threshold, and its literacy times
    # the factor stays below it (rounding is monotone: lit x keep <= lit for lit >= 0, and
    # lit x keep <= 0 for lit < 0; NaN stays NaN, never online).
    recheck = not ((lit_keep >= 0.0) & (lit_keep <= 1.0) & (lit_min > 0.0))
    mw0, mw1 = mandate_weight(0, True, vis), mandate_weight(1, True, vis)
    _mandate_table(mpool, mdenom, var_cost, mw0, mw1, cap_day, mtab)
    if not _same_tables(den, var_cost, mtab, kept) or refresh:
        _firm_terms(region, sector, chan, weight, den, var_cost, mtab, terms, ep_list)
    # Each firm's values of the day in loops of one firm at a time with no sums across firms,
    # which the compiler vectorizes (the three divisions a firm, ~1/3 of the day in one loop,
    # several firms at a time), then the sums in firm order (:func:`_firms_day`): one loop of
    # all took ~42 us a day in a run at scale 0.1 (4,801 firms), these ~34. Which firms are
    # over capacity, sell to the market region or are online is random across firms: a branch
    # on it is mispredicted often (a loop with such branches took ~90 us in a run), so the
    # loops have none: the capacity cut is a factor of 1.0 under capacity
    # (:func:`_capacity_cut`), counts are integer additions of 0 or 1, and a rule's two
    # values are both computed and one kept (a select).
    _firms_day(alive, region, sector, capacity, fixed_cost, chan, cash, revenue_cum,
               month_profit, literacy, pools, terms, mtab, work, ep_list, counts, vis, flows,
               tax_by_region, day)  # fmt: skip
    _store_counts(day, counts)
    still_valid = True
    if recheck:
        cover0 = vis[0].blitar_internet_coverage_today
        cover1 = vis[0].surabaya_internet_coverage
        for i in range(alive.shape[0]):
            if alive[i] != 0:
                is_on = (chan[i] & CH_ONLINE) != 0
                cover = cover0 if region[i] == 0 else cover1
                still_valid &= is_on == online_rule(conn_u[i], cover, literacy[i], lit_min)
    return still_valid


@jit(inline=True)
def _firms_day(alive, region, sector, capacity, fixed_cost, chan, cash, revenue_cum,
               month_profit, literacy, pools, terms, mtab, work, ep_list, counts, vis, flows,
               tax_by_region, day):  # fmt: skip
    """The firms' day, BLOCK firms at a time: their values (sales, the capacity cut, costs,
    tax, profit: ``work``, rows ``W_*``), added to their accounts and counted; then the day's
    sums of those values in firm order: sales and costs to the flows, revenue, tax, costs,
    profit and sales to Surabaya buyers by region, what the outside option gains by market
    (``U_OUTSIDE_MARGIN``, with what the e-Peken ceiling turns away from listings: ``mtab``),
    and the e-Peken sums (:func:`_epeken_sums`). A block's values are reread between the
    loops from a cache (11 rows of up to BLOCK floats: 0.4 MB at scale 0.1, more than an L1
    cache holds, less than this machine's 1 MB L2).

    The sums are carried in registers, each added to in firm order from its value before, so
    every sum is bit for bit the one of adding firm by firm into the arrays. The sums by region
    are those of the current run of firms of one region (firms are grouped by region), written
    back when the region changes. A store into ``day`` inside the loop would make every array
    read after it a reload (numba cannot tell that ``day`` aliases no other array)."""
    tax_rate = vis[0].umkm_tax_share
    min_day = vis[0].selling_min_rp_per_day
    lit_keep = 1.0 - vis[0].literacy_decay_per_day
    out0_v, out1_v, market_v = work[W_OUT0], work[W_OUT1], work[W_MARKET]
    total_v, costs_v, tax_v, profit_v = work[W_TOTAL], work[W_COSTS], work[W_TAX], work[W_PROFIT]
    n_s = mtab.shape[1] // 2
    turned_v, capped_v = mtab[M_TURNED], mtab[M_CAPPED]
    capped = False  # whether the ceiling turns some mandated purchases away (then a branch)
    for k in range(capped_v.shape[0]):
        capped |= capped_v[k] > 0.0
    for k in range(counts.shape[0]):
        counts[k] = 0
    few = n_s <= FEW_SECTORS
    sales_in = flows[F_UMKM_SALES_IN]
    costs_out = flows[F_UMKM_COSTS_OUT]
    r_run = -1
    start_market = 0.0
    tax = rev = dtax = cost = prof = market = 0.0
    out0, out1 = day[0, U_OUTSIDE_MARGIN], day[1, U_OUTSIDE_MARGIN]
    n = alive.shape[0]
    next_ep = 0  # the next e-Peken seller's place in ep_list
    for b0 in range(0, n, BLOCK):
        b1 = min(b0 + BLOCK, n)
        alive_b, region_b, chan_b = alive[b0:b1], region[b0:b1], chan[b0:b1]
        if few:
            _sales_and_cut_few(b0, b1, sector, pools, capacity, terms, work)
        else:
            _numerators(b0, b1, sector, terms, pools, work)
            _sales_and_cut(b0, b1, capacity, terms, work)
        _cut_sales(b0, b1, terms, work)
        _firm_accounts(b0, b1, fixed_cost, terms, tax_rate, work)
        _add_to_firms(b0, b1, alive, chan, cash, revenue_cum, month_profit, literacy, lit_keep,
                      work)  # fmt: skip
        _count_firms(b0, b1, alive, region, chan, min_day, work, counts)
        # This loop takes ~9.5 us of the day (4,801 firms). Without two of its ten additions it
        # took as long: the additions do not bound it (its row pointers are reloaded from the
        # stack, 17 loads a firm); neither did one tax sum for both region tax figures pay
        # (they start from the same bits every day), nor adding to ``market`` under a branch.
        for j in range(b1 - b0):
            if alive_b[j] == 0:
                continue
            r = region_b[j]
            if r != r_run:
                if r_run >= 0:
                    _store_region_sums(day, tax_by_region, r_run, tax, rev, dtax, cost, prof,
                                       market, start_market)  # fmt: skip
                r_run = r
                tax, rev, dtax = tax_by_region[r], day[r, U_REVENUE], day[r, U_TAX]
                cost, prof = day[r, U_COSTS], day[r, U_PROFIT]
                market = start_market = day[r, U_SALES_IN_MARKET]
            # the civil servants spend what the platform's ceiling turns away from a listing
            # at Surabaya's shops and chains (before the capacity cut's share below)
            if capped:
                k = r * n_s + sector[b0 + j]
                if ((chan_b[j] & CH_EPEKEN) != 0) & (capped_v[k] > 0.0):
                    out1 += turned_v[k]
            out0 += out0_v[j]
            out1 += out1_v[j]
            total = total_v[j]
            costs = costs_v[j]
            tax_i = tax_v[j]
            sales_in += total
            costs_out += costs
            tax += tax_i
            rev += total
            dtax += tax_i
            cost += costs
            prof += profit_v[j]
            # + 0.0 where the rule adds nothing: the same sum (see _store_region_sums)
            market += market_v[j] if r == 0 else 0.0
        next_ep = _epeken_sums(alive, region, chan, ep_list, next_ep, b0, b1, vis, work, day)
    if r_run >= 0:
        _store_region_sums(day, tax_by_region, r_run, tax, rev, dtax, cost, prof, market,
                           start_market)  # fmt: skip
    day[0, U_OUTSIDE_MARGIN], day[1, U_OUTSIDE_MARGIN] = out0, out1
    flows[F_UMKM_SALES_IN] = sales_in
    flows[F_UMKM_COSTS_OUT] = costs_out


@jit(inline=True)
def _store_counts(day, counts):
    """Add the day's counts (:func:`_count_firms`) to their figures."""
    day[0, U_ALIVE] = _plus_counts(day[0, U_ALIVE], counts[C_ALIVE0], 0)
    day[1, U_ALIVE] = _plus_counts(day[1, U_ALIVE], counts[C_ALIVE1], 0)
    day[0, U_ONLINE] = _plus_counts(day[0, U_ONLINE], counts[C_ON0], 0)
    day[1, U_ONLINE] = _plus_counts(day[1, U_ONLINE], counts[C_ON1], 0)
    selling, sel_outlet = counts[C_SELLING], counts[C_SEL_OUTLET]
    day[0, U_SELLING_IN_MARKET] = _plus_counts(day[0, U_SELLING_IN_MARKET], selling, 0)
    # sellers not in an outlet add 0.0 to the outlet count
    day[0, U_SELLING_OUTLET] = _plus_counts(day[0, U_SELLING_OUTLET], sel_outlet,
                                            selling - sel_outlet)  # fmt: skip
    day[0, U_SELLING_EPEKEN] = _plus_counts(day[0, U_SELLING_EPEKEN], counts[C_SEL_EPEKEN], 0)
    day[0, U_SELLING_ONLINE_OTHER] = _plus_counts(day[0, U_SELLING_ONLINE_OTHER],
                                                  counts[C_SEL_OTHER], 0)  # fmt: skip


@jit(inline=True)
def _epeken_sums(alive, region, chan, ep_list, k, b0, b1, vis, work, day):
    """Sales through e-Peken, mandated sales and listings by region, added firm by firm in
    firm order over the operating e-Peken sellers (``ep_list``, :func:`_firm_terms`) of the
    block of firms b0..b1-1 (``work``: their values), from the k-th in the list; returns the
    place of the first after the block."""
    onv = vis[0].epeken_visibility
    # an e-Peken seller's visibility in markets 0 and 1 (:func:`epeken_sales`) by region and
    # outlet place: e.g. ev0o1 is a Blitar (0) seller's in an outlet (o) to Surabaya buyers (1)
    ev00, ev01 = visibility(0, 0, True, 0, 1, 1, vis), visibility(0, 1, True, 0, 1, 1, vis)
    ev0o0, ev0o1 = visibility(0, 0, True, 1, 1, 1, vis), visibility(0, 1, True, 1, 1, 1, vis)
    ev10, ev11 = visibility(1, 0, True, 0, 1, 1, vis), visibility(1, 1, True, 0, 1, 1, vis)
    ev1o0, ev1o1 = visibility(1, 0, True, 1, 1, 1, vis), visibility(1, 1, True, 1, 1, 1, vis)
    sales0_v, sales1_v, mand_v = work[W_SALES0], work[W_SALES1], work[W_MAND]
    n_ep = ep_list[ep_list.shape[0] - 1]
    # the sums of the current run of sellers of one region carried in registers (a sum in
    # ``day`` would wait for its store at every seller), written back when the region changes
    r_run = -1
    ep_sales = ep_mand = ep_listed = 0.0
    while k < n_ep and ep_list[k] < b1:
        i = ep_list[k]
        k += 1
        if alive[i] == 0:
            continue
        r = region[i]
        if r != r_run:
            if r_run >= 0:
                _store_epeken_sums(day, r_run, ep_sales, ep_mand, ep_listed)
            r_run = r
            ep_sales, ep_mand = day[r, U_EPEKEN_SALES], day[r, U_EPEKEN_MANDATED]
            ep_listed = day[r, U_EPEKEN_LISTED]
        in_outlet = (chan[i] & CH_OUTLET) != 0
        v0 = (ev1o0 if in_outlet else ev10) if r == 1 else (ev0o0 if in_outlet else ev00)
        v1 = (ev1o1 if in_outlet else ev11) if r == 1 else (ev0o1 if in_outlet else ev01)
        j = i - b0
        mand = mand_v[j]
        ep_sales += epeken_sales(sales0_v[j], sales1_v[j], mand, onv, v0, v1)
        ep_mand += mand
        ep_listed += 1.0
    if r_run >= 0:
        _store_epeken_sums(day, r_run, ep_sales, ep_mand, ep_listed)
    return k


@jit
def _store_epeken_sums(day, r, ep_sales, ep_mand, ep_listed):
    """Write back region r's running e-Peken sums of :func:`_epeken_sums`."""
    day[r, U_EPEKEN_SALES] = ep_sales
    day[r, U_EPEKEN_MANDATED] = ep_mand
    day[r, U_EPEKEN_LISTED] = ep_listed


@jit
def epeken_sales(sales0, sales1, mand, onv, v0, v1):
    """The e-Peken sales today of a firm that sells through it (``CH_EPEKEN``), Rp: its
    free-choice sales in each market (``sales0``, ``sales1``) times e-Peken's share of its
    visibility there, plus its mandated sales ``mand``; ``onv`` is the visibility a listing
    adds, ``v0`` and ``v1`` the firm's visibility in each market as an e-Peken seller
    (:func:`visibility` online, licensed and listed, with its region and outlet place).

    A firm's logit weight in a market is its attractiveness times the sum of its channels'
    visibilities (:func:`visibility`), so a channel's share of the firm's free-choice sales
    there is that channel's visibility over the sum.
    """
    return sales0 * onv / v0 + sales1 * onv / v1 + mand


@jit(inline=True)
def _store_region_sums(day, tax_by_region, r, tax, rev, dtax, cost, prof, market, start_market):
    """Write back region r's running sums of :func:`_firms_day`.

    Sales to the market region had 0.0 added where the rule adds nothing: that changes no
    sum except one starting at -0.0 with nothing else added, which must stay -0.0 (adding
    amounts > 0 to +-0.0 never gives 0.0, so a 0.0 sum from a +-0.0 start means nothing else
    was added). The producer region (0) alone sells to the market region.
    """
    tax_by_region[r] = tax
    day[r, U_REVENUE] = rev
    day[r, U_TAX] = dtax
    day[r, U_COSTS] = cost
    day[r, U_PROFIT] = prof
    if r == 0:
        day[r, U_SALES_IN_MARKET] = _unless_zeros_only(market, start_market)


@jit
def _unless_zeros_only(total, start):
    """A sum of ``start`` and amounts >= 0: ``start`` itself if it is +-0.0 and the sum is
    0.0 (only zeros were added: keeps a -0.0 start), else ``total``."""
    return start if total == 0.0 and start == 0.0 else total


@jit
def _decay_quality(alive, quality, quality_base, days, vis):
    """Quality gained above the firm's own level (``quality_base``, its drawn quality) lost over
    ``days`` days at the daily rate (applied at month starts): training gains fade, a firm's
    own level does not drift."""
    keep = (1.0 - vis[0].quality_decay_per_day) ** days
    for i in range(alive.shape[0]):
        if alive[i] == 1:
            quality[i] = quality_base[i] + (quality[i] - quality_base[i]) * keep


@jit
def _umkm_month(
    alive, region, sector, month_profit, loss_months, cash, revenue_month, exit_after,
    entry_p, normal_margin, entry_u, flows, margin_scratch, revenue_scratch,
):  # fmt: skip
    """Month end: firms with ``exit_after`` loss-making months in a row close; vacant slots
    re-enter with a probability that rises with their sector's profit margin.

    Slots to re-enter are marked ``alive = 2`` for the model to refill; returns how many.
    """
    entrants = 0
    for r in range(margin_scratch.shape[0]):
        for s in range(margin_scratch.shape[1]):
            margin_scratch[r, s] = 0.0
            revenue_scratch[r, s] = 0.0
    for i in range(alive.shape[0]):
        if alive[i] == 1:
            margin_scratch[region[i], sector[i]] += month_profit[i]
            revenue_scratch[region[i], sector[i]] += revenue_month[i]
    for i in range(alive.shape[0]):
        if alive[i] == 1:
            if month_profit[i] < 0.0:
                loss_months[i] += 1
            else:
                loss_months[i] = 0
            if loss_months[i] >= exit_after:
                alive[i] = 0
                flows[F_UMKM_EXIT_OUT] += cash[i]
                cash[i] = 0.0
        elif alive[i] == 0:
            rev = revenue_scratch[region[i], sector[i]]
            margin = margin_scratch[region[i], sector[i]] / rev if rev > 0.0 else 0.0
            p = entry_p * min(2.0, max(0.0, margin / normal_margin))
            if entry_u[i] < p:
                alive[i] = 2
                entrants += 1
        month_profit[i] = 0.0
        revenue_month[i] = 0.0
    return entrants


# ---------------------------------------------------------------- checked wrappers
# Each takes the firms whole (any object with the columns of FIRM_COLUMNS, e.g. the
# UmkmSector), checks every array (sim.kernels.checks) and runs the core. ``bind_umkm_day``
# and ``bind_open_and_day`` (the sector's) check once and return the daily core bound to a
# run's arrays.

# (dtype, dimensions) of each per-firm column
FIRM_COLUMNS = {
    "alive": (I1, 1), "region": (I8, 1), "sector": (I8, 1), "capacity": (F8, 1),
    "fixed_cost": (F8, 1), "price": (F8, 1), "quality": (F8, 1), "quality_base": (F8, 1),
    "literacy": (F8, 1),
    "legal": (I1, 1), "conn_u": (F8, 1), "attract": (F8, 1), "outlet": (I1, 1),
    "listed": (I1, 1),
    "online": (I1, 1), "cash": (F8, 1), "revenue_cum": (F8, 1), "month_profit": (F8, 1),
    "loss_months": (I8, 1),
}  # fmt: skip


def check_firms(firms, vis=None) -> int:
    """Every per-firm column has one row per slot, its dtype and dimensions, and ``vis`` is
    one :data:`UMKM_PARAMS` record; returns the number of slots."""
    n = firms.alive.shape[0]
    check_columns("umkm", firms, FIRM_COLUMNS, n)
    if vis is not None:
        check_array("vis", vis, UMKM_PARAMS, 1, 1)
    return n


def check_markets(**arrays) -> None:
    """Per-market arrays: 2 rows (producer region, market region), float64."""
    for name, a in arrays.items():
        check_array(name, a, F8, 2, 2)


def update_attractiveness(firms, vis) -> None:
    """Refresh the firms' cached logit weights before visibility (see
    :func:`_update_attractiveness`)."""
    check_firms(firms, vis)
    f = firms
    _update_attractiveness(f.alive, f.capacity, f.quality, f.price, vis, f.attract)


def bind_month(firms, vis, flows, margin_scratch, revenue_scratch):
    """The month-start kernels on these arrays, checked once (the firms' columns as they are
    now: change them in place): ``(attract(), decay(days), month(revenue_month, exit_after,
    entry_p, normal_margin, entry_u))``, :func:`update_attractiveness` (recomputing only the
    firms whose inputs changed since its call before, :func:`_refresh_attractiveness`; all
    on the first call), :func:`decay_quality` and :func:`umkm_month` (which returns the
    number of slots marked for entry)."""
    n = check_firms(firms, vis)
    check_array("flows", flows, F8, 1)
    check_array("margin_scratch", margin_scratch, F8, 2, 2)
    check_array("revenue_scratch", revenue_scratch, F8, 2, 2)
    f = firms
    seen = np.full((3, n), np.nan)  # the inputs of each firm's weight (NaN: none yet)
    seen_w = np.full(2, np.nan)

    def attract():
        _refresh_attractiveness(f.alive, f.capacity, f.quality, f.price, vis, f.attract, seen,
                                seen_w)  # fmt: skip

    def decay(days):
        check_scalar("days", days, int)
        _decay_quality(f.alive, f.quality, f.quality_base, int(days), vis)

    def month(revenue_month, exit_after, entry_p, normal_margin, entry_u) -> int:
        check_array("revenue_month", revenue_month, F8, 1, n)
        check_array("entry_u", entry_u, F8, 1, n)
        check_scalar("exit_after", exit_after, int)
        return _umkm_month(f.alive, f.region, f.sector, f.month_profit, f.loss_months, f.cash,
                    revenue_month, int(exit_after), float(entry_p), float(normal_margin),
                    entry_u, flows, margin_scratch, revenue_scratch)  # fmt: skip

    return attract, decay, month


def offer_weights(firms, vis, weight, denom, mdenom, chan=None) -> None:
    """Who sells online, through which channels (``chan``, int8 per firm; scratch if not
    given) and each firm's logit weight by market (see :func:`_offer_weights`)."""
    n = check_firms(firms, vis)
    chan = _channels(chan, n)
    check_array("weight", weight, F8, 2, n)
    check_array("denom", denom, F8, 2, 2)
    check_array("mdenom", mdenom, F8, 1, denom.shape[1])
    f = firms
    _offer_weights(f.alive, f.region, f.sector, f.attract, f.literacy, f.legal, f.conn_u,
                   f.outlet, f.listed, f.online, chan, vis, weight, denom, mdenom)  # fmt: skip


def umkm_day(firms, var_cost, pools, mpool, outside, vis, weight, denom, mdenom, flows,
             tax_by_region, day, refresh, chan=None) -> bool:  # fmt: skip
    """One day of UMKM trade (see :func:`_umkm_day`); returns whether today's online status,
    channels and weights stay valid for tomorrow."""
    return bind_umkm_day(firms, var_cost, pools, mpool, outside, vis, weight, denom, mdenom,
                         flows, tax_by_region, day, chan)(refresh)  # fmt: skip


def bind_umkm_day(firms, var_cost, pools, mpool, outside, vis, weight, denom, mdenom, flows,
                  tax_by_region, day, chan=None):  # fmt: skip
    """``run(refresh)``: :func:`umkm_day` on these arrays, checked once (the firms' columns
    as they are now: change them in place). ``chan``: the firms' channels kept with the
    weights (:func:`offer_weights`'s), a scratch array if not given: then the first call must
    recompute them (``refresh``), and a call that would read the scratch before stops with
    ValueError. The day's scratch (:func:`day_scratch`) keeps each firm's weights, channels
    and sector terms from the first call and from every call that refreshes or whose
    per-sector tables changed: weights or channels changed outside the kernel (by
    :func:`offer_weights`) need a call with ``refresh`` (or a new binding) to be seen.
    (The sector's day opens and trades in one call: :func:`bind_open_and_day`.)"""
    args, must_refresh = _checked_day_args(firms, var_cost, pools, mpool, outside, vis, weight,
                                           denom, mdenom, flows, tax_by_region, day,
                                           chan)  # fmt: skip

    def run(refresh):
        must_refresh(refresh)
        return _umkm_day(*args, bool(refresh))

    return run


def _checked_day_args(firms, var_cost, pools, mpool, outside, vis, weight, denom, mdenom, flows,
                      tax_by_region, day, chan):  # fmt: skip
    """The arguments of :func:`_umkm_day` but ``refresh`` (:func:`bind_umkm_day`'s arrays,
    checked, with the day's scratch), and ``must_refresh(refresh)``, which stops with
    ValueError a call that would read channels never filled (see :func:`bind_umkm_day`)."""
    n = check_firms(firms, vis)
    filled = [chan is not None]  # whether chan holds the channels of the weights in use
    den = np.empty_like(denom)  # scratch: the logit denominators with the outside option
    # (the day's scratch, :func:`day_scratch`, made below once the sector count is checked)
    chan = _channels(chan, n)
    n_s = var_cost.shape[0]
    check_array("var_cost", var_cost, F8, 1)
    check_array("mpool", mpool, F8, 1, n_s)
    check_array("mdenom", mdenom, F8, 1, n_s)
    check_markets(pools=pools, outside=outside, denom=denom, day=day)
    for name, a in (("pools", pools), ("outside", outside), ("denom", denom)):
        if a.shape[1] != n_s:
            raise ValueError(f"{name}: expected {n_s} sector columns, got {a.shape[1]}")
    if not (outside > 0.0).all():  # the kernel divides by outside + denom without a check
        raise ValueError("outside: the outside option's weights must be > 0")
    check_array("weight", weight, F8, 2, n)
    check_array("flows", flows, F8, 1)
    check_array("tax_by_region", tax_by_region, F8, 1, 2)
    f = firms
    # the arrays checked above, taken once (the firms' columns are changed in place)
    args = (f.alive, f.region, f.sector, f.capacity, f.fixed_cost, f.attract, f.literacy,
            f.legal, f.conn_u, f.outlet, f.listed, f.online, chan, f.cash, f.revenue_cum,
            f.month_profit, var_cost, pools, mpool, outside, vis, weight, denom, den, mdenom,
            *day_scratch(n, n_s), flows, tax_by_region, day)  # fmt: skip

    def must_refresh(refresh):
        if not (refresh or filled[0]):
            raise ValueError("chan: no channels kept with the weights; pass the channels "
                             "offer_weights filled, or refresh on the first call")  # fmt: skip
        filled[0] = True

    return args, must_refresh


# The sector's day (:func:`_open_day`, then :func:`_umkm_day`) on arrays packed in one numba
# structure (a StructRef, as the trade day's :class:`sim.kernels.trade_day.TradeDayArrays`),
# made once when the day is bound: numba's dispatcher then unboxes one object and two
# arguments a day instead of 35 and 6 in two calls (~80 ns an array; the two calls cost
# ~3.5 us a day from Python, the packed one ~1 us).
@structref.register
class UmkmDayArraysType(types.StructRef):
    """numba type of :class:`UmkmDayArrays`."""

    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class UmkmDayArrays(structref.StructRefProxy):
    """The arrays of :func:`_umkm_day` (its argument names but ``refresh``) and those of
    :func:`_open_day` it does not take (``house_pools``, ``souvenir_share``), made by
    :func:`pack_day`."""


_F8_1, _F8_2 = types.Array(types.float64, 1, "C"), types.Array(types.float64, 2, "C")
_I8_1, _I1_1 = types.Array(types.int64, 1, "C"), types.Array(types.int8, 1, "C")
_VIS = types.Array(from_dtype(UMKM_PARAMS), 1, "C")
DAY_FIELDS = (
    ("alive", _I1_1), ("region", _I8_1), ("sector", _I8_1), ("capacity", _F8_1),
    ("fixed_cost", _F8_1), ("attract", _F8_1), ("literacy", _F8_1), ("legal", _I1_1),
    ("conn_u", _F8_1), ("outlet", _I1_1), ("listed", _I1_1), ("online", _I1_1),
    ("chan", _I1_1), ("cash", _F8_1), ("revenue_cum", _F8_1), ("month_profit", _F8_1),
    ("var_cost", _F8_1), ("pools", _F8_2), ("mpool", _F8_1), ("outside", _F8_2),
    ("vis", _VIS), ("weight", _F8_2), ("denom", _F8_2), ("den", _F8_2), ("mdenom", _F8_1),
    ("terms", _F8_2), ("kept", _F8_2), ("mtab", _F8_2), ("work", _F8_2), ("ep_list", _I8_1),
    ("counts", _I8_1), ("flows", _F8_1), ("tax_by_region", _F8_1), ("day", _F8_2),
    ("house_pools", _F8_2), ("souvenir_share", _F8_1),
)  # fmt: skip
DAY_T = UmkmDayArraysType(list(DAY_FIELDS))
structref.define_boxing(UmkmDayArraysType, UmkmDayArrays)


@jit
def pack_day(
    alive, region, sector, capacity, fixed_cost, attract, literacy, legal, conn_u, outlet,
    listed, online, chan, cash, revenue_cum, month_profit, var_cost, pools, mpool, outside,
    vis, weight, denom, den, mdenom, terms, kept, mtab, work, ep_list, counts, flows,
    tax_by_region, day, house_pools, souvenir_share,
):  # fmt: skip
    """The arrays of :data:`DAY_FIELDS` (by name and type) in one :class:`UmkmDayArrays`;
    the arrays are shared, not copied."""
    a = structref.new(DAY_T)
    a.alive = alive
    a.region = region
    a.sector = sector
    a.capacity = capacity
    a.fixed_cost = fixed_cost
    a.attract = attract
    a.literacy = literacy
    a.legal = legal
    a.conn_u = conn_u
    a.outlet = outlet
    a.listed = listed
    a.online = online
    a.chan = chan
    a.cash = cash
    a.revenue_cum = revenue_cum
    a.month_profit = month_profit
    a.var_cost = var_cost
    a.pools = pools
    a.mpool = mpool
    a.outside = outside
    a.vis = vis
    a.weight = weight
    a.denom = denom
    a.den = den
    a.mdenom = mdenom
    a.terms = terms
    a.kept = kept
    a.mtab = mtab
    a.work = work
    a.ep_list = ep_list
    a.counts = counts
    a.flows = flows
    a.tax_by_region = tax_by_region
    a.day = day
    a.house_pools = house_pools
    a.souvenir_share = souvenir_share
    return a


@jit
def unpack_day(a):
    """The arrays of ``a`` (a :class:`UmkmDayArrays`) in :data:`DAY_FIELDS`' order: the same
    arrays, for tests and benchmarks that call the unpacked kernels on them."""
    return (
        a.alive, a.region, a.sector, a.capacity, a.fixed_cost, a.attract, a.literacy, a.legal,
        a.conn_u, a.outlet, a.listed, a.online, a.chan, a.cash, a.revenue_cum, a.month_profit,
        a.var_cost, a.pools, a.mpool, a.outside, a.vis, a.weight, a.denom, a.den, a.mdenom,
        a.terms, a.kept, a.mtab, a.work, a.ep_list, a.counts, a.flows, a.tax_by_region, a.day,
        a.house_pools, a.souvenir_share,
    )  # fmt: skip


@jit
def _umkm_day_packed(a, souvenir_rp, refresh):
    """:func:`_open_day` with tourists' souvenir spending ``souvenir_rp`` (Rp by market), then
    :func:`_umkm_day`, on the arrays of ``a`` (a :class:`UmkmDayArrays`): what the two calls
    of :func:`bind_open_day` and :func:`bind_umkm_day` do, in that order, on the same arrays;
    returns :func:`_umkm_day`'s result."""
    _open_day(a.house_pools, souvenir_rp, a.souvenir_share, a.pools, a.day, a.tax_by_region)
    return _umkm_day(
        a.alive, a.region, a.sector, a.capacity, a.fixed_cost, a.attract, a.literacy, a.legal,
        a.conn_u, a.outlet, a.listed, a.online, a.chan, a.cash, a.revenue_cum, a.month_profit,
        a.var_cost, a.pools, a.mpool, a.outside, a.vis, a.weight, a.denom, a.den, a.mdenom,
        a.terms, a.kept, a.mtab, a.work, a.ep_list, a.counts, a.flows, a.tax_by_region, a.day,
        refresh,
    )  # fmt: skip


def bind_open_and_day(firms, house_pools, souvenir_share, var_cost, pools, mpool, outside, vis,
                      weight, denom, mdenom, flows, tax_by_region, day, chan=None):  # fmt: skip
    """``run(souvenir_rp, refresh)``: :func:`bind_open_day`'s ``run(souvenir_rp)`` then
    :func:`bind_umkm_day`'s ``run(refresh)`` on these arrays (the same checks, once here;
    ``souvenir_rp`` whenever it is another array than the call before), in one call of
    :func:`_umkm_day_packed` on the arrays packed once here (:func:`pack_day`). Returns
    whether today's online status, channels and weights stay valid for tomorrow."""
    _check_open_day(house_pools, souvenir_share, pools, day, tax_by_region)
    args, must_refresh = _checked_day_args(firms, var_cost, pools, mpool, outside, vis, weight,
                                           denom, mdenom, flows, tax_by_region, day,
                                           chan)  # fmt: skip
    arrays = (*args, house_pools, souvenir_share)
    check_fields(DAY_T, arrays)  # pack_day would compile for other types, or fail
    packed = pack_day(*arrays)
    # the souvenir array last checked (the tourism sector's, every day), and whether a call
    # has passed must_refresh: from then on the channels are kept, and it cannot fail
    checked = [None, False]

    def run(souvenir_rp, refresh):
        if souvenir_rp is not checked[0]:
            check_array("souvenir_rp", souvenir_rp, F8, 1, 2)
            checked[0] = souvenir_rp
        if not checked[1]:
            must_refresh(refresh)
            checked[1] = True
        # looked up in the module at each call, so that tests may watch the core's calls
        return _umkm_day_packed(packed, souvenir_rp, bool(refresh))

    return run


def bind_open_day(house_pools, souvenir_share, pools, day, tax_by_region):
    """``run(souvenir_rp)``: :func:`_open_day` on these arrays, checked once; ``souvenir_rp``
    (2 markets, float64) is checked whenever it is another array than the call before (the
    tourism sector hands the same one every day). The sector binds the opening with the day
    (:func:`bind_open_and_day`); this, the opening alone, is the checked wrapper for a caller
    that opens the day apart (the tests hold the packed day to it)."""
    _check_open_day(house_pools, souvenir_share, pools, day, tax_by_region)
    checked = [None]

    def run(souvenir_rp):
        if souvenir_rp is not checked[0]:
            check_array("souvenir_rp", souvenir_rp, F8, 1, 2)
            checked[0] = souvenir_rp
        _open_day(house_pools, souvenir_rp, souvenir_share, pools, day, tax_by_region)

    return run


def _check_open_day(house_pools, souvenir_share, pools, day, tax_by_region) -> None:
    """:func:`bind_open_day`'s arrays: per market and sector, float64."""
    n_s = souvenir_share.shape[0]
    check_array("souvenir_share", souvenir_share, F8, 1)
    check_markets(house_pools=house_pools, pools=pools, day=day)
    for name, a in (("house_pools", house_pools), ("pools", pools)):
        if a.shape[1] != n_s:
            raise ValueError(f"{name}: expected {n_s} sector columns, got {a.shape[1]}")
    check_array("tax_by_region", tax_by_region, F8, 1, 2)


def _channels(chan, n):
    """``chan`` checked (int8, one per firm), or a new one if None."""
    if chan is None:
        return np.zeros(n, dtype=I1)
    check_array("chan", chan, I1, 1, n)
    return chan


def decay_quality(firms, days, vis) -> None:
    """Quality lost over ``days`` days by every operating firm (see :func:`_decay_quality`)."""
    check_firms(firms, vis)
    check_scalar("days", days, int)
    _decay_quality(firms.alive, firms.quality, firms.quality_base, int(days), vis)


def umkm_month(firms, revenue_month, exit_after, entry_p, normal_margin, entry_u, flows,
               margin_scratch, revenue_scratch) -> int:  # fmt: skip
    """Month end: exits, and vacant slots marked for entry (see :func:`_umkm_month`); returns
    how many slots were marked."""
    n = check_firms(firms)
    check_array("revenue_month", revenue_month, F8, 1, n)
    check_array("entry_u", entry_u, F8, 1, n)
    check_array("flows", flows, F8, 1)
    check_array("margin_scratch", margin_scratch, F8, 2, 2)
    check_array("revenue_scratch", revenue_scratch, F8, 2, 2)
    check_scalar("exit_after", exit_after, int)
    f = firms
    return _umkm_month(f.alive, f.region, f.sector, f.month_profit, f.loss_months, f.cash,
                       revenue_month, int(exit_after), float(entry_p), float(normal_margin),
                       entry_u, flows, margin_scratch, revenue_scratch)  # fmt: skip
