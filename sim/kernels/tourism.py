"""Tourist kernel: visitors (super-individuals) spend, stay, and continue from Surabaya to Blitar.

A tourist agent stands for ``visitors_per_agent`` visitors. Location 1 is Surabaya (market
region), 0 is Blitar (producer region). Spending per agent-day is in Rp per visitor; the model
multiplies by the visitors an agent stands for.

A day is one call, :func:`_tourism_day`, with few arguments (numba's dispatch costs about as
much per argument as a small kernel's work): it draws the day's Poisson arrivals from the
model's PCG64 streams exactly as numpy would (:func:`poisson`), puts them in the lowest free
slots (:func:`_place_listed`, once for the baseline arrivals, once more for cultural events'
extra ones), then draws the deciders' uniforms and runs :func:`_tourists_day`, which steps
every tourist, counts tomorrow's deciders and the visitors present, lists the vacant slots for
the next day's arrivals, and settles the day's spending. Where the kernel cannot draw as numpy
(:func:`same_poissons`), the sector draws with numpy and calls :func:`_place_arrivals`
(scanning the slots for vacant ones) and :func:`_tourists_day` in turn.
"""

import copy
import math

import numpy as np

from sim.kernels._jit import jit
from sim.kernels.checks import F8, I1, I8, check_array, check_columns, check_scalar
from sim.kernels.draws import same_draws
from sim.kernels.layout import (
    F_TOURIST_IN,
    N_F_ALL,
    N_T,
    T_ARRIVALS,
    T_ATTRACTION,
    T_DEPARTURES,
    T_EXTENSIONS,
    T_FOOD,
    T_LODGING,
    T_PACKAGES_USED,
    T_RETURNING,
    T_SOUVENIR,
    T_VISITOR_DAYS,
)
from sim.kernels.pcg64 import (
    jump,
    jump_words,
    next_double,
    state_words,
    uniforms_into,
)

# tp[0]: today's parameters of the tourism rules, one record (shape (1,)), all float64. Fields
# named like a scenario key hold that key's value (``tourism.<key>``, or the key named in the
# comment); the others change from day to day.
TOURISM_PARAMS = np.dtype(
    [
        # logit of an aware visitor continuing to Blitar, at today's travel time
        ("extension_logit_today", np.float64),
        ("package_logit_bonus", np.float64),  # added logit with a package
        ("awareness_today", np.float64),  # share of Surabaya visitors aware of Blitar today
        ("blitar_overnight_share", np.float64),  # share of Blitar visitors staying overnight
        ("blitar_nights_mean", np.float64),  # mean nights of an overnight Blitar visitor
        ("surabaya_overnight_share", np.float64),  # share of Surabaya visitors staying overnight
        ("surabaya_nights_mean", np.float64),  # mean nights of an overnight Surabaya visitor
        ("lodging_rp_per_night", np.float64),  # Rp per visitor-night in Surabaya
        ("food_rp_per_day", np.float64),  # Rp per visitor-day in Surabaya
        ("souvenir_rp_per_day", np.float64),  # Rp per visitor-day in Surabaya
        ("attraction_rp_per_visit", np.float64),  # Rp per visit to a region
        ("blitar_price_level", np.float64),  # Blitar spending relative to Surabaya
        ("visitors_per_agent", np.float64),  # visitors a tourist agent stands for
        ("hotel_tax_share", np.float64),  # pad.hotel_tax_share: of lodging spending
        ("restaurant_tax_share", np.float64),  # pad.restaurant_tax_share: of food spending
        ("attraction_fee_share", np.float64),  # pad.attraction_fee_share: of attraction fees
        # programs.promotion.package_extra_nights: extra Blitar nights for package holders
        ("package_extra_nights", np.float64),
        # 1.0 while the promotion program can pay for packages used today, else 0.0 (a package
        # is void once the budget is spent: no bonus, no extra night, no cost)
        ("package_valid", np.float64),
    ]
)
# position of each field in ``tp.view(np.float64)`` (the sector writes today's values there:
# an element of a float array is written several times faster than a record's field)
TP = {name: k for k, name in enumerate(TOURISM_PARAMS.names)}

# rows of the per-slot flags (int8, shape (N_FLAGS, slots)); the sector's columns ``active``,
# ``loc`` ... are views of these rows
FLAG_COLUMNS = ("active", "loc", "from_sby", "extended", "package", "fresh")
F_ACTIVE, F_LOC, F_FROM_SBY, F_EXTENDED, F_PACKAGE, F_FRESH = range(len(FLAG_COLUMNS))
N_FLAGS = len(FLAG_COLUMNS)

# state (int64): the slots' bookkeeping, kept by the kernels from call to call
S_USED = 0  # slots ever used; every later slot is free
S_FIRST_FREE = 1  # no slot below it is free
S_DECIDERS = 2  # tourists who decide at their next day whether to continue to Blitar
S_PRESENT = 3  # active slots, counted by the last tourists' day after its departures
S_ARRIVALS_BLITAR = 4  # arrivals placed since the last tourists' day, in Blitar
S_ARRIVALS_SURABAYA = 5  # ... and in Surabaya
# today's arrivals drawn by :func:`_tourism_day` (Surabaya, Blitar; the cultural events' extra
# ones in Surabaya, Blitar), kept while S_DRAWN is 1: a call that found too few slots returns
# and the next call (after the sector grew them) places these arrivals without drawing again
S_DRAWN = 6
S_N_SBY, S_N_BLT, S_X_SBY, S_X_BLT = 7, 8, 9, 10
# the vacant slots below S_USED, listed in slot order by the last tourists' day (``free``):
# how many, and the next one to take (:func:`_place_listed`)
S_N_FREE, S_FREE_POS = 11, 12
N_STATE = 13

# acc (float64): money and visits kept across days, and today's settlement, by region (0, 1)
A_CASH = 0  # 0, 1: hotels, restaurants and sites' cash, net of local taxes (Rp, cumulative)
A_TAX = 2  # 2, 3: today's local taxes and fees on tourist spending (Rp)
A_SOUVENIR = 4  # 4, 5: today's souvenir spending offered to UMKM (Rp)
A_DEPARTED = 6  # visits ended (agents, cumulative)
A_ARRIVED = 7  # visits begun (agents, cumulative)
# arrivals = departures + present, as a relative error: |arrived - departed - present| /
# max(arrived, 1), written at the end of each tourists' day (see :func:`_tourists_day`)
A_VISITORS_ERROR = 8
N_ACC = 9


@jit
def stay_days(u_overnight, u_nights, overnight_share, nights_mean, extra_nights):
    """Days at a destination: 1 for a day visit, else 1 + nights with geometric nights >= 1."""
    return stay_days_log(u_overnight, u_nights, overnight_share, log_stay_on(nights_mean),
                         extra_nights)  # fmt: skip


@jit
def log_stay_on(nights_mean):
    """log(1 - p) of the geometric nights on {1, 2, ...} with mean ``nights_mean`` (>= 1),
    p = 1 / mean; +1.0 (no logarithm is positive here) when p = 1: always one night. One value
    per destination, so callers placing many visitors compute it once."""
    p = 1.0 / max(1.0, nights_mean)
    return 1.0 if p >= 1.0 else math.log(1.0 - p)


@jit
def stay_days_log(u_overnight, u_nights, overnight_share, log_q, extra_nights):
    """:func:`stay_days` with ``log_q`` from :func:`log_stay_on`."""
    if u_overnight >= overnight_share:
        return 1
    nights = 1 if log_q > 0.0 else 1 + int(math.log(1.0 - u_nights) / log_q)
    return 1 + nights + int(extra_nights)


@jit
def _place_arrivals(flags, days_left, u, n_sby, package_uptake, tp, state):
    """Today's ``n = len(u) // 3`` arrivals take the lowest free slots in order; the first
    ``n_sby`` arrive in Surabaya, the others in Blitar. ``u`` holds each arrival's overnight
    uniform, then each one's nights uniform, then each one's package uniform (only Surabaya's
    arrivals may hold a package, with probability ``package_uptake``). Adds to ``state`` the
    slots newly used, the arrivals by region, and the deciders among them (Surabaya's day
    visitors decide today whether to continue), and moves its first free slot on."""
    return _place(flags, days_left, u, n_sby, package_uptake, tp, state, state[:0], False)


@jit
def _place_listed(flags, days_left, u, n_sby, package_uptake, tp, state, free):
    """:func:`_place_arrivals` taking the vacant slots from the list that the last
    :func:`_tourists_day` made (``free[state[S_FREE_POS]:state[S_N_FREE]]``, in slot order;
    nothing else may free or fill a slot in between), then never used ones: the same slots,
    without scanning the occupied ones (a branch on each slot's flag, mispredicted often)."""
    return _place(flags, days_left, u, n_sby, package_uptake, tp, state, free, True)


@jit
def _place(flags, days_left, u, n_sby, package_uptake, tp, state, free, listed):
    """:func:`_place_arrivals` (``listed`` False: scanning for the vacant slots) or
    :func:`_place_listed` (True: taking them from ``free``)."""
    n = u.shape[0] // 3
    used, i = state[S_USED], state[S_FIRST_FREE]
    pos, n_free = state[S_FREE_POS], state[S_N_FREE]
    if used + n > flags.shape[1]:
        raise ValueError("tourism: more arrivals than free slots")
    active, loc, from_sby = flags[F_ACTIVE], flags[F_LOC], flags[F_FROM_SBY]
    extended, package, fresh = flags[F_EXTENDED], flags[F_PACKAGE], flags[F_FRESH]
    par = tp[0]
    share_b, share_s = par.blitar_overnight_share, par.surabaya_overnight_share
    log_b, log_s = log_stay_on(par.blitar_nights_mean), log_stay_on(par.surabaya_nights_mean)
    deciders = 0
    for k in range(n):
        if listed:
            if pos < n_free:
                i = free[pos]
                pos += 1
            else:  # no vacant slot left below: a never used one
                i = used
                used += 1
        else:
            while i < used and active[i] != 0:
                i += 1
            if i == used:  # no vacant slot left below: a never used one
                used += 1
        if k < n_sby:
            d = stay_days_log(u[k], u[n + k], share_s, log_s, 0.0)
            loc[i] = 1
            from_sby[i] = 1
            package[i] = 1 if u[2 * n + k] < package_uptake else 0
            if d == 1:
                deciders += 1
        else:
            d = stay_days_log(u[k], u[n + k], share_b, log_b, 0.0)
            loc[i] = 0
            from_sby[i] = 0
            package[i] = 0
        days_left[i] = d
        active[i] = 1
        extended[i] = 0
        fresh[i] = 1
        i += 1
    state[S_USED] = used
    state[S_FIRST_FREE] = i
    if listed:
        state[S_FREE_POS] = pos
    state[S_DECIDERS] += deciders
    state[S_ARRIVALS_SURABAYA] += n_sby
    state[S_ARRIVALS_BLITAR] += n - n_sby


@jit
def _count_deciders(active, loc, days_left, from_sby, extended):
    """Tourists who choose today whether to continue to Blitar (one set of draws each),
    counted afresh (the daily kernels keep this count in ``state[S_DECIDERS]``)."""
    n = 0
    for i in range(active.shape[0]):
        if active[i] == 1 and days_left[i] == 1 and loc[i] == 1 and from_sby[i] == 1:
            if extended[i] == 0:
                n += 1
    return n


_U0 = np.uint64(0)  # uint64 always (numba mixes int64 and uint64 as floats)


@jit
def _tourists_day(flags, days_left, u, tp, day, acc, state, flows, free):
    """One day for every active tourist agent: spend where they are, then move on or leave;
    then the day's spending is settled.

    At the end of a Surabaya stay a visitor who came to Surabaya continues to Blitar with
    probability ``awareness * logistic(logit + package bonus)``; otherwise, and at the end of a
    Blitar stay, the visit ends and the slot is freed. ``u`` holds 4 uniforms per decider (in
    slot order): aware, extend, overnight, nights; there must be ``state[S_DECIDERS]`` of them.

    Writes today's ``day`` (agents and Rp per visitor, by region); adds the spending on
    lodging, food and attractions (Rp) to ``flows[F_TOURIST_IN]``, the businesses' share of it
    net of local taxes to their cash ``acc[A_CASH + r]``, and the visits ended to
    ``acc[A_DEPARTED]``; lists the vacant slots after the day in ``free`` (int64, at least
    one entry per slot used) for :func:`_place_listed`; sets today's taxes ``acc[A_TAX + r]``
    (the governments collect them) and souvenir spending ``acc[A_SOUVENIR + r]`` (Rp).
    """
    if u.shape[0] != 4 * state[S_DECIDERS]:
        raise ValueError("tourism: uniforms drawn for another number of deciders")
    # no generator: the uniforms come drawn (``state``'s words are never written)
    _tourists(flags, days_left, u, state.view(np.uint64), tp, day, acc, state, flows, free, False)


@jit
def _tourists(flags, days_left, u, words, tp, day, acc, state, flows, free, drawing):
    """:func:`_tourists_day`: with ``drawing`` False, reading the deciders' uniforms from ``u``;
    with True, drawing them from the PCG64 state ``words`` as they come, as
    ``rng.random(4 * deciders)`` would, ``u`` unread: the uniforms a decider does not read (the
    last three if not aware, the last two if aware but not continuing) are skipped by a jump
    of the generator (one 128-bit multiply-add), which leaves it where drawing them would."""
    n_u = 4 * state[S_DECIDERS] if drawing else u.shape[0]
    if drawing:
        a2_lo, a2_hi, c2_lo, c2_hi = jump_words(words, 2)
        a3_lo, a3_hi, c3_lo, c3_hi = jump_words(words, 3)
    else:
        a2_lo = a2_hi = c2_lo = c2_hi = a3_lo = a3_hi = c3_lo = c3_hi = _U0
    if free.shape[0] < state[S_USED]:
        raise ValueError("tourism: the list of free slots is shorter than the slots used")
    active, loc, from_sby = flags[F_ACTIVE], flags[F_LOC], flags[F_FROM_SBY]
    extended, package, fresh = flags[F_EXTENDED], flags[F_PACKAGE], flags[F_FRESH]
    # today's parameters and amounts, read once: the day's sums are kept in locals and stored
    # at the end (a store into an array makes numba reload every array it could alias)
    par = tp[0]
    bp = par.blitar_price_level
    food, souvenir = par.food_rp_per_day, par.souvenir_rp_per_day
    lodging, attraction = par.lodging_rp_per_night, par.attraction_rp_per_visit
    food_b, souvenir_b = food * bp, souvenir * bp
    lodging_b, attraction_b = lodging * bp, attraction * bp
    aware = par.awareness_today
    valid = par.package_valid > 0.0
    p_plain = 1.0 / (1.0 + math.exp(-par.extension_logit_today))
    x_pkg = par.extension_logit_today + par.package_logit_bonus
    p_pkg = 1.0 / (1.0 + math.exp(-x_pkg))
    share_b, log_b = par.blitar_overnight_share, log_stay_on(par.blitar_nights_mean)
    extra = par.package_extra_nights
    # by region: visitor-days, food, souvenirs, lodging, attractions (Rp), departures
    vd_b = food_sb = souv_b = lodg_b = attr_b = dep_b = 0.0
    vd_s = food_s = souv_s = lodg_s = attr_s = dep_s = 0.0
    extensions = packages_used = returning = 0.0
    k = 0
    deciders = present = n_free = 0
    first_free = state[S_FIRST_FREE]
    # Tried and not kept (scale 0.1: ~1,800 slots used and ~900 active a day):
    # counting each region's tourists (all, staying the night, on their first day) in a
    # pass without branches before this loop, each spending sum then made as its constant
    # added that many times (the same additions in the same order), took the branches on
    # region, stay and first day out of this loop: the kernel was 0.8 us a day slower (20.3
    # us, days of a run replayed in turn; no change in runs), those branches are not the
    # costly ones. This whole loop without branches (a vacant slot adding 0 to integer
    # counts, flags rewritten by selects) keeps ~20 counters, which the compiled code spills
    # to the stack: 31-33 us a day in runs against ~24. A day replayed over and over takes
    # ~13.5 us: the branch predictor learns that day's vacant slots and deciders. A decider's
    # four uniforms computed from the state before it (one jump each, no branch on being
    # aware or continuing; the generator moves four steps whatever it reads) saved 0.45 us a
    # day on days replayed in turn: not kept, under the 1 us a change should pay.
    for i in range(state[S_USED]):
        if active[i] == 0:
            free[n_free] = i
            n_free += 1
            continue
        r = loc[i]
        stays = days_left[i] > 1
        if r == 0:
            vd_b += 1.0
            food_sb += food_b
            souv_b += souvenir_b
            if stays:
                lodg_b += lodging_b
            if fresh[i] == 1:
                attr_b += attraction_b
        else:
            vd_s += 1.0
            food_s += food
            souv_s += souvenir
            if stays:
                lodg_s += lodging
            if fresh[i] == 1:
                attr_s += attraction
        fresh[i] = 0
        days_left[i] -= 1
        if stays:
            # tomorrow's deciders: the last day of a Surabaya stay that may go on to Blitar
            if days_left[i] == 1 and r == 1 and from_sby[i] == 1 and extended[i] == 0:
                deciders += 1
            present += 1
            continue
        if r == 1 and from_sby[i] == 1 and extended[i] == 0:
            if k + 4 > n_u:  # before reading past the uniforms
                raise ValueError("tourism: the deciders counted and found differ")
            pkg = package[i] == 1 and valid
            p_extend = p_pkg if pkg else p_plain
            if drawing:
                u_aware = next_double(words)
                u_extend = u_overnight = u_nights = 1.0  # not read unless drawn below
                if u_aware < aware:
                    u_extend = next_double(words)
                    if u_extend < p_extend:
                        u_overnight = next_double(words)
                        u_nights = next_double(words)
                    else:
                        jump(words, a2_lo, a2_hi, c2_lo, c2_hi)
                else:
                    jump(words, a3_lo, a3_hi, c3_lo, c3_hi)
            else:
                u_aware, u_extend, u_overnight, u_nights = u[k], u[k + 1], u[k + 2], u[k + 3]
            k += 4
            if u_aware < aware and u_extend < p_extend:
                extended[i] = 1
                loc[i] = 0
                fresh[i] = 1
                days_left[i] = stay_days_log(
                    u_overnight, u_nights, share_b, log_b, extra if pkg else 0.0
                )
                extensions += 1.0
                if pkg:
                    packages_used += 1.0
                present += 1
                continue
        if r == 0:
            if from_sby[i] == 1:
                returning += 1.0
            dep_b += 1.0
        else:
            dep_s += 1.0
        active[i] = 0
        free[n_free] = i
        n_free += 1
        if i < first_free:
            first_free = i
    if k != n_u:
        raise ValueError("tourism: the deciders counted and found differ")
    day[:, :] = 0.0
    for r in range(2):
        day[r, T_ARRIVALS] = state[S_ARRIVALS_BLITAR + r]
    day[0, T_VISITOR_DAYS], day[1, T_VISITOR_DAYS] = vd_b, vd_s
    day[0, T_FOOD], day[1, T_FOOD] = food_sb, food_s
    day[0, T_SOUVENIR], day[1, T_SOUVENIR] = souv_b, souv_s
    day[0, T_LODGING], day[1, T_LODGING] = lodg_b, lodg_s
    day[0, T_ATTRACTION], day[1, T_ATTRACTION] = attr_b, attr_s
    day[0, T_DEPARTURES], day[1, T_DEPARTURES] = dep_b, dep_s
    day[0, T_ARRIVALS] += extensions
    day[0, T_EXTENSIONS] = extensions
    day[0, T_PACKAGES_USED] = packages_used
    day[0, T_RETURNING] = returning
    state[S_ARRIVALS_BLITAR] = state[S_ARRIVALS_SURABAYA] = 0
    state[S_DECIDERS] = deciders
    state[S_PRESENT] = present
    state[S_FIRST_FREE] = first_free
    state[S_N_FREE] = n_free
    state[S_FREE_POS] = 0
    acc[A_DEPARTED] += dep_b + dep_s
    arrived = acc[A_ARRIVED]
    acc[A_VISITORS_ERROR] = abs(arrived - acc[A_DEPARTED] - present) / max(arrived, 1.0)
    _settle(day, tp, acc, flows)


@jit
def _settle(day, tp, acc, flows):
    """Tourists pay businesses and local taxes (see :func:`_tourists_day`)."""
    par = tp[0]
    vpa = par.visitors_per_agent
    for r in range(2):
        acc[A_SOUVENIR + r] = day[r, T_SOUVENIR] * vpa
    for r in range(2):
        lodging = day[r, T_LODGING] * vpa
        food = day[r, T_FOOD] * vpa
        attraction = day[r, T_ATTRACTION] * vpa
        tax = (
            lodging * par.hotel_tax_share
            + food * par.restaurant_tax_share
            + attraction * par.attraction_fee_share
        )
        spend = lodging + food + attraction
        flows[F_TOURIST_IN] += spend
        acc[A_CASH + r] += spend - tax
        acc[A_TAX + r] = tax


# ---------------------------------------------------------------- the day in one call
# the two kernels as the fused day calls them: numba reads a kernel's globals when it compiles
# it, and a benchmark may wrap the module's names in Python timers (benchmarks/run_phases.py)
_place_core, _tourists_core = _place_listed, _tourists
# numpy's Poisson draws (numpy/random/src/distributions/distributions.c: random_poisson,
# random_poisson_mult, random_poisson_ptrs, random_loggam), step for step on the PCG64 state
# words of sim.kernels.pcg64, so that the day's counts are drawn in the kernel as
# ``rng.poisson(lam)`` would. They use libm's exp and log as numpy's C does: whether they give
# the same bits here is not assumed, :func:`same_poissons` checks it once per process.
POISSON_LAM_MAX = float(np.iinfo(np.int64).max - np.sqrt(np.iinfo(np.int64).max) * 10)
_LOGGAM_A = np.array([
    8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
    -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
    6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
    -1.39243221690590e00,
])  # fmt: skip


@jit
def loggam(x):
    """log(Gamma(x)) as numpy's ``random_loggam`` computes it."""
    if x == 1.0 or x == 2.0:
        return 0.0
    n = int(7 - x) if x < 7.0 else 0
    x0 = x + n
    x2 = (1.0 / x0) * (1.0 / x0)
    lg2pi = 1.8378770664093453e00
    gl0 = _LOGGAM_A[9]
    for k in range(8, -1, -1):
        gl0 *= x2
        gl0 += _LOGGAM_A[k]
    gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * math.log(x0) - x0
    if x < 7.0:
        for _ in range(n):
            gl -= math.log(x0 - 1.0)
            x0 -= 1.0
    return gl


@jit
def poisson(w, lam):
    """A Poisson count of mean ``lam`` (0 <= lam <= :data:`POISSON_LAM_MAX`, unchecked) from
    the generator whose PCG64 words are ``w``, as ``rng.poisson(lam)``: multiplication of
    uniforms below 10, Hoermann's transformed rejection (PTRS) from 10 on, nothing drawn at 0."""
    if lam >= 10.0:
        return _poisson_ptrs(w, lam)
    if lam == 0.0:
        return 0
    enlam = math.exp(-lam)
    x = 0
    prod = 1.0
    while True:
        prod *= next_double(w)
        if prod > enlam:
            x += 1
        else:
            return x


@jit
def _poisson_ptrs(w, lam):
    """numpy's ``random_poisson_ptrs`` (lam >= 10)."""
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = next_double(w) - 0.5
        v = next_double(w)
        us = 0.5 - abs(u)
        k = int(math.floor((2 * a / us + b) * u + lam + 0.43))
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)) <= (
            -lam + k * loglam - loggam(k + 1)
        ):
            return k


@jit
def poissons_into(w, lams, out):
    """``out[i] = rng.poisson(lams[i])`` in turn (for :func:`same_poissons`)."""
    for i in range(lams.shape[0]):
        out[i] = poisson(w, lams[i])


@jit
def _tourism_day(words, ev_words, means, package_uptake, flags, days_left, scratch, tp, day,
                 acc, state, flows, free):  # fmt: skip
    """The sector's day in one call, drawing as its numpy calls would, in their order:
    today's arrivals ``rng.poisson(means[0])`` in Surabaya and ``rng.poisson(means[1])`` in
    Blitar from the tourism stream (PCG64 words ``words``), and the cultural events' extra
    arrivals ``ev.poisson(means[2])``, ``ev.poisson(means[3])`` from theirs (``ev_words``;
    means of 0 draw nothing); then :func:`_place_listed` for each group with its ``3 n``
    uniforms from its stream, and the tourists' day (:func:`_tourists`) with the deciders'
    ``4 d`` uniforms from the tourism stream. ``scratch`` (float64) holds the arrivals'
    uniforms: at least 4 per slot.

    Returns 0 when the day is done; if the arrivals need more slots than there are, returns
    the slots needed and keeps the counts drawn in ``state`` (``S_DRAWN``): the next call,
    with more slots, places them without drawing again."""
    if state[S_DRAWN] == 0:
        state[S_N_SBY] = poisson(words, means[0])
        state[S_N_BLT] = poisson(words, means[1])
        state[S_X_SBY] = poisson(ev_words, means[2])
        state[S_X_BLT] = poisson(ev_words, means[3])
        state[S_DRAWN] = 1
    n_sby, x_sby = state[S_N_SBY], state[S_X_SBY]
    n, x = n_sby + state[S_N_BLT], x_sby + state[S_X_BLT]
    need = state[S_USED] + n + x
    if need > flags.shape[1]:
        return need
    if scratch.shape[0] < 4 * flags.shape[1]:
        raise ValueError("tourism: scratch smaller than 4 uniforms per slot")
    state[S_DRAWN] = 0
    if n > 0:
        u = scratch[: 3 * n]
        uniforms_into(words, u)
        _place_core(flags, days_left, u, n_sby, package_uptake, tp, state, free)
        acc[A_ARRIVED] += n
    if x > 0:
        u = scratch[: 3 * x]
        uniforms_into(ev_words, u)
        _place_core(flags, days_left, u, x_sby, package_uptake, tp, state, free)
        acc[A_ARRIVED] += x
    # the deciders' uniforms, drawn as they come
    _tourists_core(flags, days_left, scratch[:0], words, tp, day, acc, state, flows, free, True)
    return 0


# lams of :func:`same_poissons`: both of numpy's methods, near their border and 0, and the
# model's range (a few to thousands of arrivals a day; a year's at full scale)
CHECK_LAMS = np.concatenate([
    [0.0, 1e-300, 1e-9, 9.999999999999998, 10.0, 10.000000000000002, 1e7],
    np.geomspace(1e-3, 1e5, 2000),
])  # fmt: skip
CHECK_ROUNDS = 10  # draws of each lam, in turn
_AGREE_POISSON: list[bool] = []  # [whether poisson() draws as numpy], once known


def same_poissons(rng: np.random.Generator) -> bool:
    """Whether :func:`poisson` draws what ``rng.poisson`` draws, checked once per process on
    copies of ``rng`` (not advanced): :data:`CHECK_ROUNDS` rounds over :data:`CHECK_LAMS`,
    the same counts and the same ``bit_generator.state`` after. (Agreement is a property of
    numpy, numba, libm and the platform, not of the state.)"""
    if type(rng.bit_generator) is not np.random.PCG64:
        return False
    if not _AGREE_POISSON:
        ours, theirs = copy.deepcopy(rng), copy.deepcopy(rng)
        words = state_words(ours)
        agree = words is not None and same_draws(ours)
        if agree:
            lams = np.tile(CHECK_LAMS, CHECK_ROUNDS)
            a = np.empty(lams.shape[0], dtype=np.int64)
            poissons_into(words, lams, a)
            b = np.array([theirs.poisson(lam) for lam in lams.tolist()], dtype=np.int64)
            agree = bool(np.array_equal(a, b))
            agree = agree and ours.bit_generator.state == theirs.bit_generator.state
        _AGREE_POISSON.append(bool(agree))
    return _AGREE_POISSON[0]


# ---------------------------------------------------------------- checked wrappers
# Each takes the visitor slots whole (any object with the columns of VISITOR_COLUMNS as rows
# of ``flags``, ``days_left``, ``state`` and ``acc``, e.g. the TourismSector), checks every
# array and runs the core. The sector checks its slots whenever it (re)allocates them and calls
# the cores directly in the daily loop.

# (dtype, dimensions) of each per-slot column
VISITOR_COLUMNS = {
    "active": (I1, 1), "loc": (I1, 1), "from_sby": (I1, 1), "extended": (I1, 1),
    "package": (I1, 1), "fresh": (I1, 1), "days_left": (I8, 1),
}  # fmt: skip


def check_visitors(visitors, used: int | None = None) -> int:
    """Every per-slot column has one row per slot, its dtype and dimensions, the flag columns
    are the rows of ``flags``, ``state`` and ``acc`` have their layouts, and ``used`` (if
    given) is within the slots; returns the number of slots."""
    n = visitors.active.shape[0]
    check_columns("tourism", visitors, VISITOR_COLUMNS, n)
    check_array("tourism.flags", visitors.flags, I1, 2, N_FLAGS)
    for k, name in enumerate(FLAG_COLUMNS):
        column = getattr(visitors, name)
        if visitors.flags.shape[1] != n or column.ctypes.data != visitors.flags[k].ctypes.data:
            raise ValueError(f"tourism.{name}: not row {k} of tourism.flags")
    check_array("tourism.state", visitors.state, I8, 1, N_STATE)
    check_array("tourism.acc", visitors.acc, F8, 1, N_ACC)
    if not 0 <= visitors.state[S_USED] <= n:
        raise ValueError(f"tourism.state: {visitors.state[S_USED]} slots used of {n}")
    if used is not None:
        check_scalar("used", used, int)
        if not 0 <= used <= n:
            raise ValueError(f"used: {used} slots of {n}")
    return n


def place_arrivals(visitors, u, n_sby, package_uptake, tp) -> None:
    """Today's ``len(u) // 3`` arrivals, the first ``n_sby`` in Surabaya, take the lowest free
    slots (see :func:`_place_arrivals`)."""
    n_slots = check_visitors(visitors)
    check_array("u", u, F8, 1)
    n = u.shape[0] // 3
    if u.shape[0] != 3 * n:
        raise ValueError(f"u: {u.shape[0]} uniforms, not 3 per arrival")
    check_scalar("n_sby", n_sby, int)
    if not 0 <= n_sby <= n:
        raise ValueError(f"n_sby: {n_sby} of {n} arrivals")
    check_scalar("package_uptake", package_uptake, float)
    check_array("tp", tp, TOURISM_PARAMS, 1, 1)
    if visitors.state[S_USED] + n > n_slots:
        raise ValueError(f"u: {n} arrivals, {n_slots - visitors.state[S_USED]} free slots")
    _place_arrivals(visitors.flags, visitors.days_left, u, int(n_sby), float(package_uptake),
                    tp, visitors.state)  # fmt: skip


def count_deciders(visitors, used: int) -> int:
    """Tourists among the first ``used`` slots who choose today whether to continue to Blitar,
    counted afresh (see :func:`_count_deciders`)."""
    check_visitors(visitors, used)
    v = visitors
    return _count_deciders(v.active[:used], v.loc[:used], v.days_left[:used],
                           v.from_sby[:used], v.extended[:used])  # fmt: skip


def tourists_day(visitors, u, tp, day, flows) -> None:
    """One day for every tourist, and the day's spending settled (see :func:`_tourists_day`);
    ``u`` holds 4 uniforms per decider counted in ``visitors.state``."""
    check_visitors(visitors)
    check_array("u", u, F8, 1)
    if u.shape[0] != 4 * visitors.state[S_DECIDERS]:
        raise ValueError(f"u: {u.shape[0]} uniforms for {visitors.state[S_DECIDERS]} deciders")
    check_array("tp", tp, TOURISM_PARAMS, 1, 1)
    check_array("day", day, F8, 2, 2)
    if day.shape[1] != N_T:
        raise ValueError(f"day: expected {N_T} columns, got {day.shape[1]}")
    check_array("flows", flows, F8, 1, N_F_ALL)
    check_array("tourism.free", visitors.free, I8, 1)
    if visitors.free.shape[0] < visitors.state[S_USED]:
        raise ValueError(
            f"tourism.free: {visitors.free.shape[0]} entries, fewer than the slots used"
        )
    _tourists_day(visitors.flags, visitors.days_left, u, tp, day, visitors.acc, visitors.state,
                  flows, visitors.free)  # fmt: skip
