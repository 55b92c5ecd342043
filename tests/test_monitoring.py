"""Joint monitoring and evaluation (issue 15 item 6): a lever with an interval and a cost,
paid by the two governments, that closes part of each program's coordination gap at every
review (sim.agents.monitoring). Off, it changes nothing, bit for bit."""

import functools

import numpy as np
import pytest

from sim.metrics import compute_kpis

from .conftest import MOU, SCENARIOS, SEEDS, run_kpis, run_model, shared_kpis

MONITORING = SCENARIOS / "monitoring.toml"
DAYS, SCALE = 365, 0.03


def test_no_reviews_is_the_mou_bit_for_bit():
    """Interval 0, or reviews that close nothing and cost nothing, give the MoU's numbers
    (every series and KPI but the stock-flow check's relative error, whose denominator counts
    the monitoring budget appropriated and lapsed unspent)."""
    mou = run_model(MOU, seed=3, days=DAYS, scale=SCALE)
    kpis = compute_kpis(mou)
    diagnostics = {"money_rel_error", "stock_flow_max_rel_error"}
    for ov in (
        {"programs.monitoring.interval_days": 0},
        {"programs.monitoring.enabled": False},
        {"programs.monitoring.gap_closed_per_review": 0.0,
         "programs.monitoring.cost_rp_per_review": 0.0},
    ):  # fmt: skip
        m = run_model(MONITORING, seed=3, days=DAYS, scale=SCALE, **ov)
        a, b = m.recorder.to_frame(), mou.recorder.to_frame()
        assert [c for c in a.columns if not a[c].equals(b[c])] in ([], ["money_rel_error"]), ov
        k = compute_kpis(m)
        assert {key for key in k if k[key] != kpis[key]} <= diagnostics, ov
    # the last case did review (and changed nothing)
    assert m.monitoring.reviews > 0


def test_review_cost_is_paid_by_the_governments_by_cost_share():
    share, cost = 0.3, 1.0e8  # four reviews fit in the realised budget (Rp 425 M)
    m = run_model(MONITORING, seed=1, days=DAYS, scale=SCALE,
                  **{"programs.monitoring.surabaya_cost_share": share,
                     "programs.monitoring.cost_rp_per_review": cost})  # fmt: skip
    prog = m.programs["monitoring"]
    n = m.monitoring.reviews
    # quarterly over the run (warm-up included) from the program's first day
    assert n >= (m.days - max(prog.start_day, 0)) // 90
    assert prog.spent_rp == pytest.approx(n * cost * SCALE, rel=1e-12)
    paid_by = {g.key: prog.budget_rp_per_year * s * g.realisation_rate - left
               for g, s in prog.funders.items() for left in [prog.remaining[g]]}  # fmt: skip
    assert paid_by["surabaya"] == pytest.approx(share * n * cost * SCALE, rel=1e-9, abs=1.0)
    goods_err, money_err = m.stock_flow_errors()
    assert max(goods_err, money_err) < 1e-9


def test_no_money_no_review():
    """A budget smaller than one review's cost holds no review and closes nothing."""
    m = run_model(MONITORING, seed=1, days=DAYS, scale=SCALE,
                  **{"programs.monitoring.budget_rp_per_year": 1.0e7})  # fmt: skip
    assert m.monitoring.reviews == 0
    assert (
        m.programs["direct_channel"].coordination == m.programs["direct_channel"].base_coordination
    )


def test_reviews_raise_coordination_and_it_relapses():
    m = run_model(MONITORING, seed=1, days=DAYS, scale=SCALE)
    q = m.programs["direct_channel"]
    assert m.monitoring.reviews > 0
    assert q.base_coordination < q.coordination < 1.0
    # with no relapse, four quarterly reviews each closing half the gap leave 1/16 of it or less
    m = run_model(MONITORING, seed=1, days=DAYS, scale=SCALE,
                  **{"programs.monitoring.relapse_per_day": 0.0})  # fmt: skip
    q = m.programs["direct_channel"]
    gap0 = 1.0 - q.base_coordination
    assert 1.0 - q.coordination == pytest.approx(gap0 * 0.5**m.monitoring.reviews, rel=1e-9)


def _paired(key: str, **ov) -> np.ndarray:
    """``key`` with reviews less without, seed by seed; each run once per module (the MoU's
    runs are the reference of every call)."""
    return np.array([
        shared_kpis(MONITORING, seed=s, days=DAYS, scale=SCALE, **ov)[key]
        - shared_kpis(MOU, seed=s, days=DAYS, scale=SCALE)[key]
        for s in SEEDS
    ])  # fmt: skip


@pytest.mark.slow
def test_monitoring_raises_farmers_income_and_costs_what_it_says():
    """Over 10 paired seeds: farmers gain (more of the direct channel is delivered) and the
    program cost rises by at least the reviews' cost; the effect shrinks continuously as a
    review closes less of the gap."""
    gains = {g: _paired("farmers_income_rp_per_year",
                        **{"programs.monitoring.gap_closed_per_review": g})
             for g in (0.05, 0.2, 0.5)}  # fmt: skip
    means = [gains[g].mean() for g in (0.05, 0.2, 0.5)]
    assert 0.0 < means[0] < means[1] < means[2], means
    cost = _paired("program_cost_rp_per_year")
    # four reviews a year at Rp 100 M (full scale), and more delivered channel capacity
    assert cost.min() >= 4 * 1.0e8 * (1 - 1e-9)


def test_the_budget_limits_the_reviews():
    """At Rp 200 M a review the realised Rp 425 M a year pays two reviews, not four."""
    m = run_model(MONITORING, seed=1, days=DAYS, scale=SCALE,
                  **{"programs.monitoring.cost_rp_per_review": 2.0e8})  # fmt: skip
    assert m.monitoring.reviews == 2


def test_every_program_has_a_name_in_the_brief():
    """The brief's cost table names each program (a program without a label would stop it)."""
    from sim.config import SCHEMA
    from sim.plots.i18n import tr

    for name in SCHEMA["programs"]:
        for lang in ("id", "en"):
            assert tr(f"program.{name}", lang)


def test_explorer_lever_runs_the_reviews_it_asks_for():
    """The explorer's reviews-a-year lever on the MoU: the budget it sets pays every review."""
    from sim.config import load_scenario
    from sim.explorer.levers import lever_defaults, lever_overrides

    params = load_scenario(MOU).to_dict()
    assert lever_defaults(params)["monitoring_reviews_per_year"] == 0
    ov = lever_overrides(params, {"monitoring_reviews_per_year": 6})
    m = run_model(MOU, seed=1, days=DAYS, scale=SCALE, **ov)
    assert m.params["programs"]["monitoring"]["interval_days"] == 61
    assert m.monitoring.reviews == 6
    assert lever_overrides(params, {"monitoring_reviews_per_year": 0}) == {}


def test_review_cost_reaches_each_governments_program_cost_kpi():
    """Reviews that change nothing else add exactly their cost, by cost share, to each
    government's program cost per year (full scale) and take it off net welfare."""
    from sim.calendar import DAYS_PER_YEAR

    share, cost = 0.25, 1.0e8
    ov = {
        "programs.monitoring.surabaya_cost_share": share,
        "programs.monitoring.cost_rp_per_review": cost,
        "programs.monitoring.gap_closed_per_review": 0.0,
        # five review days fall in the reported year: a budget that pays them all
        "programs.monitoring.budget_rp_per_year": 1.0e9,
        "run.warmup_days": 30,
    }
    m = run_model(MONITORING, seed=2, days=DAYS, scale=SCALE, **ov)
    base = run_model(MOU, seed=2, days=DAYS, scale=SCALE, **{"run.warmup_days": 30})
    a, b = compute_kpis(m), compute_kpis(base)
    start = m.programs["monitoring"].start_day
    # reviews on the reported days only (the warm-up is left out of every KPI)
    n = sum(1 for t in range(30, m.days) if (t - start) % 90 == 0)
    assert n >= 3 and m.monitoring.reviews >= n
    per_year = n * cost * DAYS_PER_YEAR / DAYS
    sby = a["surabaya_program_cost_rp_per_year"] - b["surabaya_program_cost_rp_per_year"]
    blt = a["blitar_program_cost_rp_per_year"] - b["blitar_program_cost_rp_per_year"]
    assert sby == pytest.approx(share * per_year, rel=1e-9)
    assert blt == pytest.approx((1 - share) * per_year, rel=1e-9)
    welfare = a["net_welfare_rp_per_year"] - b["net_welfare_rp_per_year"]
    assert welfare == pytest.approx(-per_year, rel=1e-6)


# monitoring over the channel's offtake and spillover assumptions (issue 15 second round,
# referee point 5); WELFARE is the total judged, so that the tests can be re-run on another
# welfare boundary
# below the top of the offtake's range: at 0.7 the capacity the reviews restore floods
# Surabaya with committed goods, and on some seeds farmers and net welfare lose by it
# (docs/ODD.md 7.1a)
OFFTAKES = (0.0, 0.35)
SPILLOVERS = (0.0, 0.25)
WELFARE = "net_welfare_rp_per_year"


@functools.cache
def _kpis(scenario: str, offtake: float, spillover: float, seed: int) -> dict:
    """The MoU ("mou"), the MoU with reviews ("monitoring") or the MoU without its direct
    channel ("no_channel") at the given offtake and spillover."""
    ov = {
        "programs.direct_channel.surabaya_offtake_share": offtake,
        "programs.direct_channel.margin_spillover": spillover,
    }
    if scenario == "no_channel":
        ov["programs.direct_channel.enabled"] = False
    path = MONITORING if scenario == "monitoring" else MOU
    return run_kpis(path, seed=seed, days=DAYS, scale=SCALE, **ov)


def _effect(a: str, b: str, key: str, offtake: float, spillover: float) -> np.ndarray:
    """``key`` in scenario ``b`` less in ``a``, seed by seed."""
    return np.array([
        _kpis(b, offtake, spillover, s)[key] - _kpis(a, offtake, spillover, s)[key]
        for s in SEEDS
    ])  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("offtake", OFFTAKES)
@pytest.mark.parametrize("spillover", SPILLOVERS)
def test_monitoring_never_lowers_farmers_income(offtake, spillover):
    """Reviews deliver more of the channel: farmers gain in every one of 10 paired seeds."""
    gain = _effect("mou", "monitoring", "farmers_income_rp_per_year", offtake, spillover)
    assert gain.min() > 0.0, gain


@pytest.mark.slow
@pytest.mark.parametrize("offtake", OFFTAKES)
@pytest.mark.parametrize("spillover", SPILLOVERS)
def test_monitoring_adds_to_welfare_what_the_channel_does(offtake, spillover):
    """What the reviews buy (monitoring's net welfare change before the program cost it adds:
    the reviews, and the subsidy on the extra kg) has the sign of the MoU's direct channel's
    own gross effect (its net welfare change before its cost): reviews that deliver more of a
    channel that lowers welfare lower it too (docs/ODD.md, section 7.1a). 10 paired seeds."""

    def gross(a: str, b: str) -> float:
        cost = _effect(a, b, "program_cost_rp_per_year", offtake, spillover)
        return float((_effect(a, b, WELFARE, offtake, spillover) + cost).mean())

    bought = gross("mou", "monitoring")
    channel = gross("no_channel", "mou")
    assert np.sign(bought) == np.sign(channel), (bought, channel)
