"""Tourist kernel: visitors (super-individuals) spend, stay, and continue from Surabaya to Blitar.

A tourist agent stands for ``visitors_per_agent`` visitors. Location 1 is Surabaya (market
region), 0 is Blitar (producer region). Spending per agent-day is in Rp per visitor; the model
multiplies by the visitors an agent stands for.
"""

import math

import numpy as np

from sim.kernels._jit import jit
from sim.kernels.checks import F8, I1, I8, check_array, check_columns, check_scalar
from sim.kernels.layout import (
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

# tp[0]: today's parameters of the tourism rules, one record (shape (1,)). Fields named like
# a scenario key hold that key's value (``tourism.<key>``, or the key named in the comment);
# the others change from day to day.
TOURISM_PARAMS = np.dtype(
    [
        # logit of an aware visitor continuing to Blitar, at today's travel time
        ("extension_logit_today", np.float64),
        ("package_logit_bonus", np.float64),  # added logit with a package
        ("awareness_today", np.float64),  # share of Surabaya visitors aware of Blitar today
        ("blitar_overnight_share", np.float64),  # share of Blitar visitors staying overnight
        ("blitar_nights_mean", np.float64),  # mean nights of an overnight Blitar visitor
        ("lodging_rp_per_night", np.float64),  # Rp per visitor-night in Surabaya
        ("food_rp_per_day", np.float64),  # Rp per visitor-day in Surabaya
        ("souvenir_rp_per_day", np.float64),  # Rp per visitor-day in Surabaya
        ("attraction_rp_per_visit", np.float64),  # Rp per visit to a region
        ("blitar_price_level", np.float64),  # Blitar spending relative to Surabaya
        # programs.promotion.package_extra_nights: extra Blitar nights for package holders
        ("package_extra_nights", np.float64),
        # 1.0 while the promotion program can pay for packages used today, else 0.0 (a package
        # is void once the budget is spent: no bonus, no extra night, no cost)
        ("package_valid", np.float64),
    ]
)


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
def _place_arrivals(
    slots, n_sby, u_overnight, u_nights, u_package, package_uptake, overnight_share,
    nights_mean, active, loc, from_sby, extended, package, fresh, days_left,
):  # fmt: skip
    """Today's arrivals take the free ``slots`` in order; the first ``n_sby`` arrive in Surabaya,
    the others in Blitar. ``overnight_share`` and ``nights_mean`` are indexed by destination
    (0 Blitar, 1 Surabaya); ``u_*`` hold one uniform per arrival."""
    log_q = (log_stay_on(nights_mean[0]), log_stay_on(nights_mean[1]))
    for k in range(slots.shape[0]):
        i = slots[k]
        sby = k < n_sby
        r = 1 if sby else 0
        days_left[i] = stay_days_log(u_overnight[k], u_nights[k], overnight_share[r], log_q[r], 0.0)
        active[i] = 1
        loc[i] = r
        from_sby[i] = 1 if sby else 0
        extended[i] = 0
        package[i] = 1 if sby and u_package[k] < package_uptake else 0
        fresh[i] = 1


@jit
def _count_deciders(active, loc, days_left, from_sby, extended):
    """Tourists who choose today whether to continue to Blitar (one set of draws each)."""
    n = 0
    for i in range(active.shape[0]):
        if active[i] == 1 and days_left[i] == 1 and loc[i] == 1 and from_sby[i] == 1:
            if extended[i] == 0:
                n += 1
    return n


@jit
def _tourists_day(active, loc, days_left, from_sby, extended, package, fresh, u, tp, day):
    """One day for every active tourist agent: spend where they are, then move on or leave.

    At the end of a Surabaya stay a visitor who came to Surabaya continues to Blitar with
    probability ``awareness * logistic(logit + package bonus)``; otherwise, and at the end of a
    Blitar stay, the visit ends and the slot is freed. ``u`` holds 4 uniforms per decider (in
    slot order): aware, extend, overnight, nights.
    """
    # today's parameters, read once (the stores below could alias the record for all the
    # compiler knows, so it would otherwise reload them per tourist)
    par = tp[0]
    bp, food, souvenir = par.blitar_price_level, par.food_rp_per_day, par.souvenir_rp_per_day
    lodging, attraction = par.lodging_rp_per_night, par.attraction_rp_per_visit
    k = 0
    for i in range(active.shape[0]):
        if active[i] == 0:
            continue
        r = loc[i]
        price = bp if r == 0 else 1.0
        day[r, T_VISITOR_DAYS] += 1.0
        day[r, T_FOOD] += food * price
        day[r, T_SOUVENIR] += souvenir * price
        if days_left[i] > 1:
            day[r, T_LODGING] += lodging * price
        if fresh[i] == 1:
            day[r, T_ATTRACTION] += attraction * price
            fresh[i] = 0
        days_left[i] -= 1
        if days_left[i] > 0:
            continue
        if r == 1 and from_sby[i] == 1 and extended[i] == 0:
            pkg = package[i] == 1 and tp[0].package_valid > 0.0
            x = tp[0].extension_logit_today + (tp[0].package_logit_bonus if pkg else 0.0)
            p = 1.0 / (1.0 + math.exp(-x))
            u_aware, u_extend, u_overnight, u_nights = u[k], u[k + 1], u[k + 2], u[k + 3]
            k += 4
            if u_aware < tp[0].awareness_today and u_extend < p:
                extended[i] = 1
                loc[i] = 0
                fresh[i] = 1
                extra = tp[0].package_extra_nights if pkg else 0.0
                days_left[i] = stay_days(
                    u_overnight,
                    u_nights,
                    tp[0].blitar_overnight_share,
                    tp[0].blitar_nights_mean,
                    extra,
                )
                day[0, T_ARRIVALS] += 1.0
                day[0, T_EXTENSIONS] += 1.0
                if pkg:
                    day[0, T_PACKAGES_USED] += 1.0
                continue
        if r == 0 and from_sby[i] == 1:
            day[0, T_RETURNING] += 1.0
        day[r, T_DEPARTURES] += 1.0
        active[i] = 0


# ---------------------------------------------------------------- checked wrappers
# Each takes the visitor slots whole (any object with the columns of VISITOR_COLUMNS, e.g. the
# TourismSector) and the number of slots ever used (the daily kernels see only those), checks
# every array and runs the core. The sector checks its slots whenever it (re)allocates them and
# calls the cores directly in the daily loop.

# (dtype, dimensions) of each per-slot column
VISITOR_COLUMNS = {
    "active": (I1, 1), "loc": (I1, 1), "from_sby": (I1, 1), "extended": (I1, 1),
    "package": (I1, 1), "fresh": (I1, 1), "days_left": (I8, 1),
}  # fmt: skip


def check_visitors(visitors, used: int | None = None) -> int:
    """Every per-slot column has one row per slot, its dtype and dimensions, and ``used`` (if
    given) is within them; returns the number of slots."""
    n = visitors.active.shape[0]
    check_columns("tourism", visitors, VISITOR_COLUMNS, n)
    if used is not None:
        check_scalar("used", used, int)
        if not 0 <= used <= n:
            raise ValueError(f"used: {used} slots of {n}")
    return n


def place_arrivals(slots, n_sby, u_overnight, u_nights, u_package, package_uptake,
                   overnight_share, nights_mean, visitors) -> None:  # fmt: skip
    """Today's arrivals take the free ``slots`` in order (see :func:`_place_arrivals`)."""
    n_slots = check_visitors(visitors)
    check_array("slots", slots, I8, 1)
    n = slots.shape[0]
    if n and not (0 <= slots.min() and slots.max() < n_slots):
        raise ValueError(f"slots: outside 0..{n_slots - 1}")
    for name, a in (("u_overnight", u_overnight), ("u_nights", u_nights), ("u_package", u_package)):
        check_array(name, a, F8, 1, n)
    check_array("overnight_share", overnight_share, F8, 1, 2)
    check_array("nights_mean", nights_mean, F8, 1, 2)
    v = visitors
    _place_arrivals(slots, int(n_sby), u_overnight, u_nights, u_package, float(package_uptake),
                    overnight_share, nights_mean, v.active, v.loc, v.from_sby, v.extended,
                    v.package, v.fresh, v.days_left)  # fmt: skip


def count_deciders(visitors, used: int) -> int:
    """Tourists among the first ``used`` slots who choose today whether to continue to Blitar
    (see :func:`_count_deciders`)."""
    check_visitors(visitors, used)
    v = visitors
    return _count_deciders(v.active[:used], v.loc[:used], v.days_left[:used],
                           v.from_sby[:used], v.extended[:used])  # fmt: skip


def tourists_day(visitors, used: int, u, tp, day) -> None:
    """One day for every tourist among the first ``used`` slots (see :func:`_tourists_day`)."""
    check_visitors(visitors, used)
    check_array("u", u, F8, 1)
    check_array("tp", tp, TOURISM_PARAMS, 1, 1)
    check_array("day", day, F8, 2, 2)
    v = visitors
    _tourists_day(v.active[:used], v.loc[:used], v.days_left[:used], v.from_sby[:used],
                  v.extended[:used], v.package[:used], v.fresh[:used], u, tp, day)  # fmt: skip
