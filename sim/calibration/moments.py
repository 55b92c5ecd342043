"""Simulated moments: the KPIs a run gives, in the units of the targets."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from sim.calendar import DAYS_PER_YEAR
from sim.experiment import resolve
from sim.kernels import layout as L

# the egg-price pattern before Ramadan: East Java retail, 1 March to 24 March 2023 (Ramadan
# began on 23 March): from 22 days before the first day of Ramadan to the day after it
RAMADAN_BEFORE_DAYS = 22
RAMADAN_AFTER_DAYS = 1
PATTERN_WINDOW_DAYS = 3  # each end is a 3-day mean, so that one day's noise does not decide


def change_before_ramadan(price: np.ndarray, is_ramadan: np.ndarray,
                          before: int = RAMADAN_BEFORE_DAYS, after: int = RAMADAN_AFTER_DAYS,
                          width: int = PATTERN_WINDOW_DAYS) -> float:  # fmt: skip
    """Relative change of a daily price from ``before`` days before the first day of the
    run's first Ramadan to ``after`` days after it (each end a ``width``-day mean centred on
    that day); NaN when the run does not hold both ends."""
    n = min(len(price), len(is_ramadan))
    starts = np.flatnonzero(is_ramadan[1:n] & ~is_ramadan[: n - 1]) + 1
    half = width // 2
    for r0 in starts:
        a, b = r0 - before, r0 + after
        if a - half >= 0 and b + half < n:
            p0 = float(np.mean(price[a - half : a + half + 1]))
            p1 = float(np.mean(price[b - half : b + half + 1]))
            return p1 / p0 - 1.0
    return math.nan


def moments_of(model, extra: Mapping | None = None) -> dict:
    """Every moment a target may name: the run's KPIs plus moments derived from its daily series
    and final state. Annual quantities are per year whatever the run length; extensive ones are
    full-scale equivalents."""
    from sim.metrics import compute_kpis, reported_window

    k = compute_kpis(model)
    w, n = reported_window(model)
    rec, main = model.recorder, model.main
    eggs = model.commodity_names.index("eggs")
    fg = rec.c["farm_gate_price_rp_per_kg"][w:n, main]
    fg = fg[np.isfinite(fg)]
    g = rec.g
    um = model.umkm
    sby = (um.region == 1) & (um.alive == 1)
    out = dict(k)
    out.update({
        "eggs_farmers": float((model.farmers.comm == main).sum() / model.scale),
        "eggs_farm_gate_price_cv_daily": float(fg.std() / fg.mean()) if fg.size else math.nan,
        "eggs_surabaya_consumption_t_per_day": float(
            np.mean(rec.c["surabaya_demand_t"][w:n, main])
        ),
        "eggs_blitar_to_surabaya_t_per_day": float(
            np.mean(rec.c["shipped_to_surabaya_t"][w:n, eggs])
        ),
        "epeken_share_surabaya_umkm": float(
            (um.online[sby] * um.legal[sby]).sum() / max(sby.sum(), 1)
        ),
        "surabaya_spending_per_visit_rp": float(
            g["tourist_spending_surabaya_rp"][w:n].sum()
            / max(g["tourist_arrivals_surabaya"][w:n].sum(), 1e-300)
        ),
        "eggs_retail_change_before_ramadan": change_before_ramadan(
            rec.c["retail_price_rp_per_kg"][w:n, main], model.calendar.is_ramadan[w:n]
        ),
    })  # fmt: skip
    if extra:
        out.update(extra)
    return {key: float(v) for key, v in out.items()}


def run_moments(scenario, overrides: Mapping | None = None, seed: int = 1, days: int = 365,
                scale: float = 0.05) -> dict:  # fmt: skip
    """Run ``scenario`` with ``overrides`` on one seed and return its moments."""
    from sim.engine import make_model

    ov = {**(overrides or {}), "run.seed": int(seed), "run.days": int(days),
          "run.scale": float(scale)}  # fmt: skip
    sc = resolve(scenario, ov, "<calibration>")
    model = make_model(sc)
    lodging_sby = 0.0
    vpa = model.tourism.p["visitors_per_agent"]
    while model.running:
        model.step()
        # the reported days only (after the warm-up)
        if model.warmup_days < model.day <= model.days:
            lodging_sby += model.tourism.day[1, L.T_LODGING] * vpa
    annual = DAYS_PER_YEAR / (model.day - model.warmup_days)
    hotel_tax = lodging_sby * model.params["pad"]["hotel_tax_share"] / model.scale * annual
    return moments_of(model, {"surabaya_hotel_tax_rp_per_year": hotel_tax})


def _moment_task(task: dict) -> dict:
    """Worker task (module level, so a spawned process can import it): one run's moments."""
    return run_moments(task["scenario"], task["overrides"], task["seed"], task["days"],
                       task["scale"])  # fmt: skip
