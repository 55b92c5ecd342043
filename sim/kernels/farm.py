"""Farmer kernels: spoilage, production with noise and shocks, channel choice, capacity.

Stock is held in age buckets on a ring: bucket ``d % A`` holds goods produced on day ``d``, so
goods age without being moved, and moving them between holders keeps their bucket.
"""

import math

import numpy as np

from sim.kernels._jit import jit
from sim.kernels.layout import (
    CP_CAP_CEIL,
    CP_CAP_FLOOR,
    CP_CAP_RATE,
    CP_CAP_REVIEW,
    CP_CH_BETA,
    CP_CH_INERTIA,
    CP_CH_REVIEW,
    CP_DIRECT_ACTIVE,
    CP_DIRECT_CAP,
    CP_FILL,
    CP_NOISE_SD,
    CP_NORMAL_MARGIN,
    CP_PREF,
    CP_RECOVERY_DAYS,
    CP_SEASON_AMP,
    CP_SEASON_PEAK,
    CP_SHELF,
    CP_SHOCK_LOSS,
    CP_SHOCK_P,
    CP_UNIT_COST,
    D_ENROLLED,
    F_PRODUCTION_OUT,
    G_LOST_FARM,
    G_PRODUCED,
)

DAYS_PER_YEAR = 365.25


@jit
def season_factor(amplitude, peak_day, day_of_year):
    """Production multiplier of an annual cosine cycle peaking on ``peak_day``."""
    return 1.0 + amplitude * math.cos(2.0 * math.pi * (day_of_year - peak_day) / DAYS_PER_YEAR)


@jit
def spoil_and_produce(
    t, day_of_year, comm, cap, cap_plan, cost_factor, stock, cash, cost_cum,
    noise_z, shock_u, cpar, goods, flows,
):  # fmt: skip
    """Day ``t`` on every farm: spoil goods past shelf life, apply shocks, produce, pay costs.

    cap (kg/day) is hit by shocks and restocks toward the planned capacity ``cap_plan``;
    stock in kg by age bucket; cash and costs in Rp. ``noise_z`` (normal) and ``shock_u``
    (uniform) hold one draw per farmer for today.
    """
    n_buckets = stock.shape[1]
    today = t % n_buckets
    for i in range(cap.shape[0]):
        c = comm[i]
        spoil = (t - int(cpar[c, CP_SHELF])) % n_buckets
        lost = stock[i, spoil]
        if lost > 0.0:
            stock[i, spoil] = 0.0
            goods[c, G_LOST_FARM] += lost
        if shock_u[i] < cpar[c, CP_SHOCK_P]:
            cap[i] *= 1.0 - cpar[c, CP_SHOCK_LOSS]
        else:
            cap[i] += (cap_plan[i] - cap[i]) / cpar[c, CP_RECOVERY_DAYS]
        sd = cpar[c, CP_NOISE_SD]
        season = season_factor(cpar[c, CP_SEASON_AMP], cpar[c, CP_SEASON_PEAK], day_of_year)
        # mean-preserving lognormal noise
        out = cap[i] * season * math.exp(sd * noise_z[i] - 0.5 * sd * sd)
        stock[i, today] += out
        goods[c, G_PRODUCED] += out
        cost = out * cost_factor[i] * cpar[c, CP_UNIT_COST]
        cash[i] -= cost
        cost_cum[i] += cost
        flows[F_PRODUCTION_OUT] += cost


@jit
def choose_channels(t, comm, cap, channel, fg_direct, fg_trader_of, review_u, cpar, day):
    """Farmers due for review switch between their middleman and the direct channel.

    The switching probability is logistic in the price advantage of the other channel less an
    inertia; the direct channel enrols farmers only while their capacity fits its capacity.
    ``fg_trader_of[i]`` is the farm-gate price farmer i's middleman posts today (Rp/kg).
    """
    n_comm = cpar.shape[0]
    enrolled = np.zeros(n_comm)
    for i in range(cap.shape[0]):
        if channel[i] == 1:
            enrolled[comm[i]] += cap[i]
    for i in range(cap.shape[0]):
        c = comm[i]
        if (t + i) % int(cpar[c, CP_CH_REVIEW]) != 0:
            continue
        scale = cpar[c, CP_CH_BETA] / cpar[c, CP_PREF]
        inertia = cpar[c, CP_CH_INERTIA]
        if channel[i] == 0:
            if cpar[c, CP_DIRECT_ACTIVE] < 0.5:
                continue
            room = cpar[c, CP_FILL] * cpar[c, CP_DIRECT_CAP] - enrolled[c]
            if cap[i] > room:
                continue
            adv = fg_direct[c] - fg_trader_of[i]
            if review_u[i] < 1.0 / (1.0 + math.exp(-scale * (adv - inertia))):
                channel[i] = 1
                enrolled[c] += cap[i]
        else:
            direct = fg_direct[c] if cpar[c, CP_DIRECT_ACTIVE] > 0.5 else 0.0
            adv = fg_trader_of[i] - direct
            if review_u[i] < 1.0 / (1.0 + math.exp(-scale * (adv - inertia))):
                channel[i] = 0
                enrolled[c] -= cap[i]
    for i in range(cap.shape[0]):
        if channel[i] == 1:
            day[comm[i], D_ENROLLED] += 1.0


@jit
def adjust_capacity(t, comm, cap, cap_plan, cap0, cost_factor, rev_win, kg_win, cpar):
    """Farmers due for review grow or cull planned capacity by their recent margin over cost.

    Growth is ``rate * clip((margin - normal) / normal, -1, 1)`` per review, within
    [floor, ceiling] x initial capacity: a delayed supply response that makes price cycles.
    Actual capacity moves with the plan (and restocks toward it after shocks).
    """
    for i in range(cap.shape[0]):
        c = comm[i]
        if (t + i) % int(cpar[c, CP_CAP_REVIEW]) != 0:
            continue
        if kg_win[i] > 0.0:
            unit_cost = cost_factor[i] * cpar[c, CP_UNIT_COST]
            margin = (rev_win[i] / kg_win[i] - unit_cost) / unit_cost
            normal = cpar[c, CP_NORMAL_MARGIN]
            g = (margin - normal) / normal
            g = min(1.0, max(-1.0, g))
            lo = cpar[c, CP_CAP_FLOOR] * cap0[i]
            hi = cpar[c, CP_CAP_CEIL] * cap0[i]
            new = min(hi, max(lo, cap_plan[i] * (1.0 + cpar[c, CP_CAP_RATE] * g)))
            cap[i] *= new / cap_plan[i]
            cap_plan[i] = new
        rev_win[i] = 0.0
        kg_win[i] = 0.0
