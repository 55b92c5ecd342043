"""Simulated moments: the KPIs a run gives, in the units of the targets."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from sim.calendar import DAYS_PER_YEAR
from sim.experiment import resolve
from sim.kernels import layout as L


def moments_of(model, extra: Mapping | None = None) -> dict:
    """Every moment a target may name: the run's KPIs plus moments derived from its daily series
    and final state. Annual quantities are per year whatever the run length; extensive ones are
    full-scale equivalents."""
    from sim.metrics import compute_kpis, reported_window

    k = compute_kpis(model)
    w, n = reported_window(model)
    annual = DAYS_PER_YEAR / (n - w)
    rec, main = model.recorder, model.main
    fg = rec.c["farm_gate_price_rp_per_kg"][w:n, main]
    fg = fg[np.isfinite(fg)]
    g = rec.g
    um = model.umkm
    sby = (um.region == 1) & (um.alive == 1)
    out = dict(k)
    out.update({
        "eggs_production_t_per_year": k["eggs_production_t"] * annual,
        "chili_production_t_per_year": k["chili_production_t"] * annual,
        "eggs_farmers": float((model.farmers.comm == main).sum() / model.scale),
        "eggs_farm_gate_price_cv_daily": float(fg.std() / fg.mean()) if fg.size else math.nan,
        "eggs_surabaya_consumption_t_per_day": float(
            np.mean(rec.c["surabaya_demand_t"][w:n, main])
        ),
        "eggs_blitar_to_surabaya_t_per_day": k["eggs_blitar_to_surabaya_t"] / (n - w),
        "epeken_share_surabaya_umkm": float(
            (um.online[sby] * um.legal[sby]).sum() / max(sby.sum(), 1)
        ),
        "blitar_visits_per_year": k["blitar_visits"] * annual,
        "surabaya_visits_per_year": k["surabaya_visits"] * annual,
        "surabaya_spending_per_visit_rp": float(
            g["tourist_spending_surabaya_rp"][w:n].sum()
            / max(g["tourist_arrivals_surabaya"][w:n].sum(), 1e-300)
        ),
        "pad_surabaya_rp_per_year": k["pad_surabaya_rp"] * annual,
        "pad_blitar_rp_per_year": k["pad_blitar_rp"] * annual,
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
