"""Farmer kernels: spoilage, production with noise and shocks, channel choice, capacity.

Stock is held in age buckets on a ring: bucket ``d % A`` holds goods produced on day ``d``, so
goods age without being moved, and moving them between holders keeps their bucket.
"""

import math

import numpy as np
from numba.cpython.unsafe.numbers import trailing_zeros

from sim.calendar import DAYS_PER_YEAR
from sim.kernels._jit import jit
from sim.kernels.checks import (
    F8,
    check_accounts,
    check_array,
    check_commodities,
)
from sim.kernels.draws import N_CURSOR, N_MARK, block_uniform
from sim.kernels.layout import (
    D_ENROLLED,
    F_PRODUCTION_OUT,
    G_LOST_FARM,
    G_PRODUCED,
)

# stock buckets that fit a bit mask in an int64 (shelf life up to 62 days; the schema allows 60)
MASK_BUCKETS = 63


@jit
def season_factor(amplitude, peak_day, day_of_year):
    """Production multiplier of an annual cosine cycle peaking on ``peak_day``."""
    return 1.0 + amplitude * math.cos(2.0 * math.pi * (day_of_year - peak_day) / DAYS_PER_YEAR)


@jit(inline=True)
def _spoil_and_produce(
    t, day_of_year, comm, cap, cap_plan, cost_factor, stock, cash, cost_cum,
    noise_z, shock_u, cpar, goods, flows, offer_kg, held,
):  # fmt: skip
    """Day ``t`` on every farm: spoil goods past shelf life, apply shocks, produce, pay costs.

    cap (kg/day) is hit by shocks and restocks toward the planned capacity ``cap_plan``;
    stock in kg by age bucket; cash and costs in Rp. ``noise_z`` (normal) and ``shock_u``
    (uniform) hold one draw per farmer for today.

    ``held[i]`` is a bit mask of farmer i's non-empty buckets (bit b for bucket b, see
    :func:`_bucket_masks`) as the day before left them; it is updated here and by the traders'
    purchase, so that no pass reads a whole row. Also fills, for the purchase, ``offer_kg[i]``:
    farmer i's stock after production (kg, summed over buckets in bucket order).
    """
    n_buckets = stock.shape[1]
    if n_buckets > MASK_BUCKETS:
        raise ValueError("more stock buckets than the bit masks hold (shelf life > 62 days)")
    today = t % n_buckets
    # Each farm's noise factor first, in a loop of its own: ``exp`` is a call into the maths
    # library, which may overwrite every floating-point register, so in the main loop it would
    # make the running sums and the commodity's parameters go to memory and back around it on
    # every farm (22.4 against 23.4 us a day for the kernel alone). ``offer_kg`` holds the
    # factors until the main loop overwrites each with the farm's stock (the same exp of the
    # same argument, so the same output bit for bit).
    unseen = _noise_factors(comm, noise_z, cpar, offer_kg, stock, held, today)
    # running sums live in registers; a commodity's are written back whenever the commodity
    # changes (farmers are grouped by commodity, so about once each), which adds exactly what
    # adding farm by farm into ``goods`` and ``flows`` would
    cost_out = flows[F_PRODUCTION_OUT]
    c_run = -1
    lost_run = 0.0
    produced_run = 0.0
    # the commodity's parameters, read once per run of its farmers (cpar may alias the arrays
    # written here as far as the compiler knows, so it would otherwise reload them per farm)
    spoil = 0
    shock_p = keep = recovery = season_c = unit_cost = 0.0
    for i in range(cap.shape[0]):
        c = comm[i]
        if c != c_run:
            if c_run >= 0:
                goods[c_run, G_LOST_FARM] = lost_run
                goods[c_run, G_PRODUCED] = produced_run
            c_run = c
            lost_run = goods[c, G_LOST_FARM]
            produced_run = goods[c, G_PRODUCED]
            spoil = (t - int(cpar[c].shelf_life_days)) % n_buckets
            shock_p = cpar[c].shock_probability_per_day
            keep = 1.0 - cpar[c].shock_capacity_loss
            recovery = cpar[c].shock_recovery_days
            # the season is the same for every farm of a commodity: one cosine per commodity
            season_c = season_factor(
                cpar[c].seasonal_amplitude, cpar[c].seasonal_peak_day_of_year, day_of_year
            )
            unit_cost = cpar[c].unit_cost_rp_per_kg
        # which buckets hold goods: yesterday's purchase left them in ``held`` (a scan of the
        # row would read all its buckets, most of them empty)
        mask = held[i]
        # an empty bucket loses nothing (and is not read: most farms sold everything)
        lost = stock[i, spoil] if (mask >> spoil) & 1 else 0.0
        if lost > 0.0:
            stock[i, spoil] = 0.0
            lost_run += lost
            mask = set_bucket(mask, spoil, False)
        if shock_u[i] < shock_p:
            cap[i] *= keep
        else:
            cap[i] += (cap_plan[i] - cap[i]) / recovery
        out = cap[i] * season_c * offer_kg[i]  # the noise factor (:func:`_noise_factors`)
        # (a bucket marked empty holds nothing: goods there are outside the kernels' count,
        # which this addition would take in unseen; _noise_factors notes any, see below)
        stock[i, today] += out
        mask = set_bucket(mask, today, stock[i, today] != 0.0)
        produced_run += out
        cost = out * cost_factor[i] * unit_cost
        cash[i] -= cost
        cost_cum[i] += cost
        cost_out += cost
        offer_kg[i] = held_total(stock, i, mask)
        held[i] = mask
    if c_run >= 0:
        goods[c_run, G_LOST_FARM] = lost_run
        goods[c_run, G_PRODUCED] = produced_run
    flows[F_PRODUCTION_OUT] = cost_out
    # goods in a bucket marked empty (a wrong mask, or goods put there from outside the
    # kernels) taken into the count by today's output, unseen (every bucket is today's once in
    # a turn of the ring): the day's production is NaN, which stops the run at the check
    if unseen:
        for c in range(goods.shape[0]):
            goods[c, G_PRODUCED] = np.nan


@jit
def _noise_factors(comm, noise_z, cpar, out, stock, held, today):
    """``out[i]``: farm i's mean-preserving lognormal noise on today's output,
    ``exp(sd z - sd**2 / 2)`` with its commodity's ``output_noise_sd`` sd and its normal draw
    z (``noise_z[i]``). Returns whether a farm's bucket ``today``, where its output goes, is
    marked empty in ``held`` but holds goods (see :func:`_spoil_and_produce`)."""
    c_run = -1
    sd = half_var = 0.0
    unseen = False
    for i in range(comm.shape[0]):
        c = comm[i]
        if c != c_run:
            c_run = c
            sd = cpar[c].output_noise_sd
            half_var = 0.5 * sd * sd
        out[i] = math.exp(sd * noise_z[i] - half_var)
        # checked here, where the loop waits on the library's exp anyway (3 us a day in the
        # main loop, which is bound by its instructions)
        unseen |= (stock[i, today] != 0.0) & (((held[i] >> today) & 1) == 0)
    return unseen


@jit
def nonzero_buckets(stock, i):
    """Bit mask of farmer i's non-empty stock buckets: bit b for bucket b (at most
    ``MASK_BUCKETS`` buckets).

    A plain branch per bucket is the fastest form here: the same buckets are empty on almost
    every farm on a given day, so the branches are predicted.
    """
    mask = 0
    for b in range(stock.shape[1]):
        if stock[i, b] != 0.0:
            mask |= 1 << b
    return mask


@jit
def _bucket_masks(stock, held):
    """``held[i]``: the bit mask of farmer i's non-empty stock buckets
    (:func:`nonzero_buckets`), for every farmer."""
    if stock.shape[1] > MASK_BUCKETS:
        raise ValueError("more stock buckets than the bit masks hold (shelf life > 62 days)")
    for i in range(stock.shape[0]):
        held[i] = nonzero_buckets(stock, i)


@jit
def set_bucket(mask, b, non_empty):
    """``mask`` with bucket b's bit set to ``non_empty``."""
    return (mask | (1 << b)) if non_empty else (mask & ~(1 << b))


@jit
def held_total(stock, i, mask):
    """Farmer i's stock in kg, added in bucket order over the buckets in ``mask`` (see
    :func:`nonzero_buckets`).

    Adding 0 kg to a sum that starts at +0.0 changes nothing, so skipping empty buckets gives
    the full row sum bit for bit; after each day's purchase most buckets are empty, so the
    chain of dependent additions is one or two links long instead of one per bucket.
    """
    total = 0.0
    rest = mask
    while rest != 0:
        total += stock[i, trailing_zeros(rest)]
        rest &= rest - 1  # clear the lowest set bit: buckets in increasing order
    return total


@jit
def review_residue(t, i, same_run, residue, period):
    """``(t + i) % period`` for farmer i, where ``residue`` is that of farmer i - 1 if
    ``same_run`` (farmer i - 1 has the same commodity, hence the same period).

    Farmers are grouped by commodity, so the residue usually just steps by one: the integer
    division (tens of cycles) is paid once per commodity rather than once per farmer.
    """
    if same_run:
        residue += 1
        return 0 if residue == period else residue
    return (t + i) % period


@jit(inline=True)
def _choose_channels(t, comm, cap, channel, trader, fg, fg_direct, review_u, review_at,
                     review_cursor, cpar, day, enrolled):  # fmt: skip
    """Farmers due for review switch between their middleman and the direct channel.

    The switching probability is logistic in the price advantage of the other channel less an
    inertia; the direct channel enrols farmers only while their capacity fits its capacity.
    ``fg[trader[i]]`` is the farm-gate price farmer i's middleman posts today (Rp/kg);
    ``enrolled`` (one per commodity) is scratch. Farmer i's uniform is uniform i of today's
    review block (:func:`sim.kernels.draws.block_uniform`: ``review_u[i]`` if the block was
    drawn, else from the generator's words ``review_at`` before the block, with the scratch
    ``review_cursor``), found only when a review reads it.
    """
    if not reviews_possible(channel, cpar):
        return  # nobody enrolled and no channel to join: no review changes anything
    for c in range(cpar.shape[0]):
        enrolled[c] = 0.0
    for i in range(cap.shape[0]):
        if channel[i] == 1:
            enrolled[comm[i]] += cap[i]
    # one pass: reviews of the farmers due, and the count of enrolled farmers (1.0 added in
    # farmer order, each farmer once its own review is done, as in a separate pass)
    c_run = -1
    residue = 0
    period = 1
    count = 0.0
    for i in range(cap.shape[0]):
        c = comm[i]
        if c != c_run:
            if c_run >= 0:
                day[c_run, D_ENROLLED] = count
            count = day[c, D_ENROLLED]
            period = int(cpar[c].channel_review_days)
        residue = review_residue(t, i, c == c_run, residue, period)
        c_run = c
        if residue == 0:
            p = review_channel(i, c, cap, channel, fg[trader[i]], fg_direct, cpar, enrolled)
            # a probability of NaN or -1 switches no one, as a uniform below it is impossible
            if p >= 0.0 and block_uniform(review_u, review_at, review_cursor, i) < p:
                switch_channel(i, c, cap, channel, enrolled)
        if channel[i] == 1:
            count += 1.0
    if c_run >= 0:
        day[c_run, D_ENROLLED] = count


@jit
def reviews_possible(channel, cpar):
    """Whether a review can change a farmer's channel today: a direct channel is active, or
    some farmer is enrolled (counted in a loop without an early exit, which the compiler
    vectorises: the usual case, nobody enrolled, reads every farmer)."""
    for c in range(cpar.shape[0]):
        if cpar[c].direct_channel_active_today > 0.5:
            return True
    n_enrolled = 0
    for i in range(channel.shape[0]):
        n_enrolled += channel[i] == 1
    return n_enrolled > 0


@jit
def review_channel(i, c, cap, channel, fg_trader, fg_direct, cpar, enrolled):
    """The farmer's channel decision (ODD+D D1): the probability that farmer i of commodity c,
    due for review, switches between its middleman (``channel`` 0) and the direct channel (1),
    logistic in the other channel's price advantage (Rp/kg) less an inertia; -1.0 if it
    cannot switch (joining needs the channel to operate and the farmer's capacity to fit the
    enrolment room left, ``enrolled``, kg/day). It switches (:func:`switch_channel`) if its
    uniform draw is below the probability, a draw :func:`_choose_channels` finds only then.
    The object-per-agent twin is :meth:`sim.reference.agents.Farmer.review_channel`."""
    scale = cpar[c].channel_switch_sensitivity / cpar[c].wholesale_reference_price_rp_per_kg
    inertia = cpar[c].channel_inertia_rp_per_kg
    if channel[i] == 0:
        if cpar[c].direct_channel_active_today < 0.5:
            return -1.0
        room = (
            cpar[c].enrolment_fill_ratio * cpar[c].direct_channel_capacity_today_kg_per_day
            - enrolled[c]
        )
        if cap[i] > room:
            return -1.0
        adv = fg_direct[c] - fg_trader
    else:
        direct = fg_direct[c] if cpar[c].direct_channel_active_today > 0.5 else 0.0
        adv = fg_trader - direct
    return 1.0 / (1.0 + math.exp(-scale * (adv - inertia)))


@jit
def switch_channel(i, c, cap, channel, enrolled):
    """Farmer i of commodity c changes channel: its capacity joins or leaves ``enrolled``."""
    if channel[i] == 0:
        channel[i] = 1
        enrolled[c] += cap[i]
    else:
        channel[i] = 0
        enrolled[c] -= cap[i]


@jit
def _adjust_capacity(t, comm, cap, cap_plan, cap0, cost_factor, rev_win, kg_win, cpar):
    """Farmers due for review grow or cull planned capacity by their recent margin over cost.

    Growth is ``rate * clip((margin - normal) / normal, -1, 1)`` per review, within
    [floor, ceiling] x initial capacity: a delayed supply response that makes price cycles.
    Actual capacity moves with the plan (and restocks toward it after shocks).
    """
    n = cap.shape[0]
    start = 0
    while start < n:
        c = comm[start]
        end = start + 1
        while end < n and comm[end] == c:
            end += 1
        review_run(t, start, end, c, cap, cap_plan, cap0, cost_factor, rev_win, kg_win, cpar)
        start = end


@jit(inline=True)
def review_run(t, start, end, c, cap, cap_plan, cap0, cost_factor, rev_win, kg_win, cpar):
    """The capacity reviews of :func:`_adjust_capacity` in farmers ``start`` to ``end - 1``,
    all of commodity c: those due are i with (t + i) % period == 0, found with one division
    and then every ``period`` farmers rather than by a residue stepped farmer by farmer (each
    review reads and writes its own farmer only)."""
    period = int(cpar[c].capacity_review_days)
    for i in range(start + (-(t + start)) % period, end, period):
        if kg_win[i] > 0.0:
            unit_cost = cost_factor[i] * cpar[c].unit_cost_rp_per_kg
            margin = (rev_win[i] / kg_win[i] - unit_cost) / unit_cost
            normal = cpar[c].normal_margin
            g = (margin - normal) / normal
            g = min(1.0, max(-1.0, g))
            lo = cpar[c].capacity_floor * cap0[i]
            hi = cpar[c].capacity_ceiling * cap0[i]
            new = min(hi, max(lo, cap_plan[i] * (1.0 + cpar[c].capacity_adjust_rate * g)))
            cap[i] *= new / cap_plan[i]
            cap_plan[i] = new
        rev_win[i] = 0.0
        kg_win[i] = 0.0


def commodity_runs(comm: np.ndarray) -> np.ndarray:
    """Where each run of equal commodities in ``comm`` starts, then ``len(comm)`` (int64): run
    k is ``comm[runs[k]:runs[k + 1]]``."""
    if comm.shape[0] == 0:
        return np.zeros(1, np.int64)
    starts = np.flatnonzero(comm[1:] != comm[:-1]) + 1
    return np.concatenate(([0], starts, [comm.shape[0]])).astype(np.int64)


# ---------------------------------------------------------------- checked wrappers
# Each takes the populations whole, checks every array (sim.kernels.checks) and runs the core.
# ``bind_*`` does the checks once and returns the core bound to the arrays that stay the same
# for a run, for the daily loop (checking every day would cost as much as the kernel on a
# small model).


def spoil_and_produce(t, day_of_year, farmers, noise_z, shock_u, cpar, goods, flows, offer_kg,
                      held) -> None:  # fmt: skip
    """Day ``t`` on every farm: spoil, shocks, production and its cost (see
    :func:`_spoil_and_produce`; ``noise_z`` and ``shock_u`` hold one draw per farmer)."""
    check_commodities(cpar)
    bind_spoil_and_produce(farmers, noise_z, shock_u, goods, flows, offer_kg, held)(
        t, day_of_year, cpar
    )


def bind_spoil_and_produce(farmers, noise_z, shock_u, goods, flows, offer_kg, held):
    """``run(t, day_of_year, cpar)``: :func:`spoil_and_produce` on these arrays. ``held``
    gets the masks of the farmers' non-empty buckets now; from here on only this kernel and
    the traders' purchase (:func:`sim.kernels.trade.bind_purchase` on the same ``held``) may
    change the farmers' stock, since they keep the masks true."""
    check_accounts_of(farmers, goods, flows, offer_kg, held)
    check_array("noise_z", noise_z, F8, 1, len(farmers))
    check_array("shock_u", shock_u, F8, 1, len(farmers))
    _bucket_masks(farmers.stock, held)
    f, core = farmers, _spoil_and_produce

    def run(t, day_of_year, cpar):
        core(int(t), int(day_of_year), f.comm, f.cap, f.cap_plan, f.cost_factor, f.stock,
             f.cash, f.cost_cum, noise_z, shock_u, cpar, goods, flows, offer_kg, held)  # fmt: skip

    return run


def check_accounts_of(farmers, goods, flows, offer_kg, held) -> int:
    """The farmers, the goods accounts, the money flows and the farmers' scratch (kg offered,
    masks of non-empty buckets); returns the number of commodities."""
    farmers.check()
    check_array("goods", goods, F8, 2)
    check_accounts(goods.shape[0], None, goods, flows)
    check_array("offer_kg", offer_kg, F8, 1, len(farmers))
    check_array("held", held, np.int64, 1, len(farmers))
    return goods.shape[0]


def choose_channels(t, farmers, traders, fg_direct, review_u, cpar, day, review_at=None) -> None:
    """Farmers due for review choose their channel (see :func:`_choose_channels`)."""
    check_commodities(cpar)
    bind_choose_channels(farmers, traders, fg_direct, review_u, day, review_at)(t, cpar)


def bind_choose_channels(farmers, traders, fg_direct, review_u, day, review_at=None):
    """``run(t, cpar)``: :func:`choose_channels` on these arrays. ``review_at`` (uint64[4],
    see :func:`sim.kernels.draws.fill_marked`) says whether today's review uniforms are in
    ``review_u`` (zeros, and always when None) or where they start in the generator."""
    farmers.check()
    traders.check()
    check_array("fg_direct", fg_direct, F8, 1)
    check_accounts(fg_direct.shape[0], day)
    review_at = check_review_draws(farmers, review_u, review_at)
    f, fg, core = farmers, traders.fg, _choose_channels
    enrolled = np.zeros(fg_direct.shape[0])  # scratch: kg/day enrolled by commodity
    cursor = review_cursor()

    def run(t, cpar):
        if cpar.shape[0] != enrolled.shape[0]:
            raise ValueError(f"cpar: expected {enrolled.shape[0]} commodities, got {cpar.shape[0]}")
        core(int(t), f.comm, f.cap, f.channel, f.trader, fg, fg_direct, review_u, review_at,
             cursor, cpar, day, enrolled)  # fmt: skip

    return run


def check_review_draws(farmers, review_u, review_at):
    """The review block (one float64 per farmer) and its mark (uint64[4]; zeros, the block
    drawn, if None); returns the mark."""
    check_array("review_u", review_u, F8, 1, len(farmers))
    if review_at is None:
        review_at = np.zeros(N_MARK, dtype=np.uint64)
    check_array("review_at", review_at, np.uint64, 1, N_MARK)
    return review_at


def review_cursor() -> np.ndarray:
    """Scratch for :func:`sim.kernels.draws.block_uniform` (uint64)."""
    return np.zeros(N_CURSOR, dtype=np.uint64)


def adjust_capacity(t, farmers, cpar) -> None:
    """Farmers due for review adjust their planned capacity (see :func:`_adjust_capacity`)."""
    check_commodities(cpar)
    bind_adjust_capacity(farmers)(t, cpar)


def bind_adjust_capacity(farmers):
    """``run(t, cpar)``: :func:`adjust_capacity` on these farmers."""
    farmers.check()
    f, core = farmers, _adjust_capacity

    def run(t, cpar):
        core(int(t), f.comm, f.cap, f.cap_plan, f.cap0, f.cost_factor, f.rev_win, f.kg_win, cpar)

    return run
