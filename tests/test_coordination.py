"""Coordination (issue 15 item 6). Coordination acts through three stated channels, each a
named parameter: the share of the direct channel's nominal capacity that is delivered
(sim.sectors.trade, the lower of the two governments' values), the days poor coordination adds
to the information system's lag (TradeSector.system_lag_days) and the outlet places allocated
without targeting (UmkmSector._untargeted_places, off by default), plus the start-up delay
and the budget realisation (Government.startup_delay, Government.realisation, off by
default). The channel is paid on its nominal capacity, so poor coordination wastes money.
Better coordination never makes a program worse: farmers' income never falls, the same
delivered program never costs more, and at a fixed appropriation net welfare moves in the
direction of the program's own effect (docs/ODD.md, section 7.1a)."""

import datetime as dt
import functools

import numpy as np
import pytest

from sim.config import load_scenario

from .conftest import MOU, SCENARIOS, SEEDS, run_kpis, run_model, shared_kpis

LEVELS = (0.3, 0.55, 0.8, 1.0)
KEYS = (
    "farmers_income_rp_per_year",
    "net_welfare_rp_per_year",
    "net_welfare_two_regions_rp_per_year",
    "waste_t_per_year",
    "surabaya_price_cv",
)


def _coordination(q: float) -> dict:
    return {
        "governments.surabaya.coordination_quality": q,
        "governments.blitar.coordination_quality": q,
    }


OFFTAKE = "programs.direct_channel.surabaya_offtake_share"


@functools.cache
def _own_offtake(scenario: str) -> float:
    return load_scenario(SCENARIOS / f"{scenario}.toml").params["programs"]["direct_channel"][
        "surabaya_offtake_share"
    ]


def _means(scenario: str, q: float, offtake: float | None = None) -> dict:
    """Means of KEYS over SEEDS at coordination q and, if given, the channel's Surabaya
    offtake share. An offtake equal to the scenario's own is the same run, so it is not set
    again and the runs are computed once per module (shared_kpis)."""
    ov = _coordination(q)
    if offtake is not None and offtake != _own_offtake(scenario):
        ov[OFFTAKE] = offtake
    ks = [shared_kpis(SCENARIOS / f"{scenario}.toml", seed=s, days=365, scale=0.03, **ov)
          for s in SEEDS]  # fmt: skip
    return {k: float(np.mean([x[k] for x in ks])) for k in KEYS}


def _over_levels(scenario: str, offtake: float | None = None) -> dict:
    runs = [_means(scenario, q, offtake) for q in LEVELS]
    return {k: [r[k] for r in runs] for k in KEYS}


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["direct_channel", "mou"])
def test_better_coordination_raises_farmers_income_and_barely_moves_waste(scenario):
    """Over 10 paired seeds at coordination 0.3, 0.55, 0.8 and 1.0: farmers' income rises
    strictly (more of the channel's capacity is delivered). Coordination has no channel to
    losses or volatility except the channel's volume: with a channel that ships like a
    middleman (no offtake agreement) waste and the retail price CV move by less than 1% over
    the whole range. With the MoU's committed offtake, more delivered capacity sends more goods
    to Surabaya whatever its price, which raises Surabaya-bound waste and the retail price CV
    (docs/ODD.md, "The channel's Surabaya offtake"): that is the offtake's effect."""
    farmers = _over_levels(scenario)["farmers_income_rp_per_year"]
    assert all(b > a for a, b in zip(farmers, farmers[1:], strict=False)), farmers
    v = _over_levels(scenario, offtake=0.0)
    for key in ("waste_t_per_year", "surabaya_price_cv"):
        assert max(v[key]) <= 1.01 * min(v[key]), (key, v[key])


# the direct channel's coordination tests run over the offtake and spillover assumptions
# (issue 15 second round, referee points 4 and 5); WELFARE is the total they judge, so that
# they can be re-run on another welfare boundary
OFFTAKES = (0.0, 0.35, 0.7)
# where the marginal delivered capacity has the sign of the average: at offtake 0.7 more
# committed goods flood Surabaya, and the last tonnes lower net welfare although the channel
# as a whole raises it (docs/ODD.md 7.1a): the amplification statement is tested below 0.7
SIGN_OFFTAKES = (0.0, 0.35)
SPILLOVERS = (0.0, 0.25)
WELFARE = "net_welfare_rp_per_year"
WELFARE_TWO_REGIONS = "net_welfare_two_regions_rp_per_year"
CHANNEL = SCENARIOS / "direct_channel.toml"
LOW, HIGH = 0.5, 1.0


def _channel(offtake: float, spillover: float, q: float, nominal: float = 1.0) -> dict:
    """Overrides of the direct channel: coordination q, and the nominal capacity and the
    budget both times ``nominal`` (the appropriation that buys it)."""
    params = load_scenario(CHANNEL).to_dict()
    ov = _coordination(q)
    ov["programs.direct_channel.surabaya_offtake_share"] = offtake
    ov["programs.direct_channel.margin_spillover"] = spillover
    budget = params["programs"]["direct_channel"]["budget_rp_per_year"]
    ov["programs.direct_channel.budget_rp_per_year"] = budget * nominal
    for name, c in params["commodities"].items():
        key = f"commodities.{name}.direct_channel_capacity_kg_per_day"
        ov[key] = c["direct_channel_capacity_kg_per_day"] * nominal
    return ov


@functools.cache
def _channel_kpis(offtake: float, spillover: float, q: float | None, seed: int) -> dict:
    """KPIs of the direct channel scenario (q None: the channel switched off), 365 days."""
    if q is None:
        ov = {"programs.direct_channel.enabled": False}
    else:
        ov = _channel(offtake, spillover, q)
    return run_kpis(CHANNEL, seed=seed, days=365, scale=0.03, **ov)


def _paired(offtake: float, spillover: float, key: str, a, b) -> np.ndarray:
    """``key`` at coordination ``b`` less at ``a`` (None: no channel), seed by seed."""
    return np.array([
        _channel_kpis(offtake, spillover, b, s)[key] - _channel_kpis(offtake, spillover, a, s)[key]
        for s in SEEDS
    ])  # fmt: skip


def test_the_channel_costs_its_nominal_capacity_whatever_the_coordination():
    """The governments pay for the capacity they appropriated: the same program cost at
    coordination 0 (nothing delivered), 0.5 and 1, and more goods through the channel."""
    runs = {q: run_kpis(CHANNEL, seed=1, days=120, scale=0.02, **_coordination(q))
            for q in (0.0, 0.5, 1.0)}  # fmt: skip
    cost = {q: k["program_cost_rp_per_year"] for q, k in runs.items()}
    assert cost[0.0] > 0.0 and cost[0.0] == cost[0.5] == cost[1.0], cost
    tonnes = [runs[q]["direct_channel_t_per_year"] for q in (0.0, 0.5, 1.0)]
    assert tonnes[0] == 0.0 < tonnes[1] < tonnes[2], tonnes


@pytest.mark.parametrize("offtake", OFFTAKES)
@pytest.mark.parametrize("spillover", SPILLOVERS)
def test_poor_coordination_delivers_the_same_channel_at_a_higher_cost(offtake, spillover):
    """Efficiency, not only scale: coordination 0.5 with twice the appropriation delivers
    exactly what coordination 1 delivers (every market outcome bit for bit) and costs twice
    as much; net welfare is lower by exactly the extra cost."""
    kw = {"seed": 2, "days": 120, "scale": 0.02}
    good = run_kpis(CHANNEL, **kw, **_channel(offtake, spillover, 1.0))
    poor = run_kpis(CHANNEL, **kw, **_channel(offtake, spillover, 0.5, nominal=2.0))
    costs = {key for key in good if "cost" in key or "spending" in key}
    diagnostics = {"stock_flow_max_rel_error", "money_rel_error", WELFARE, WELFARE_TWO_REGIONS}
    assert {key for key in good if good[key] != poor[key]} <= costs | diagnostics
    extra = poor["program_cost_rp_per_year"] - good["program_cost_rp_per_year"]
    assert extra == pytest.approx(good["program_cost_rp_per_year"], rel=1e-12) and extra > 0
    for net in (WELFARE, WELFARE_TWO_REGIONS):  # both boundaries pay the governments' cost
        assert good[net] - poor[net] == pytest.approx(extra, rel=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("offtake", OFFTAKES)
@pytest.mark.parametrize("spillover", SPILLOVERS)
def test_better_coordination_never_lowers_farmers_income(offtake, spillover):
    """Coordination 0.5 -> 1 at a fixed appropriation: farmers gain in every one of 10 paired
    seeds, whatever the offtake and the spillover (the channel's members' premium), at the
    default other-markets flexibility (-1). With an offtake and a nearly flat other-markets
    demand the channel itself can lower farmers' income (docs/ODD.md, the channel's offtake)."""
    gain = _paired(offtake, spillover, "farmers_income_rp_per_year", LOW, HIGH)
    assert gain.min() > 0.0, gain


@pytest.mark.slow
@pytest.mark.parametrize("offtake", SIGN_OFFTAKES)
@pytest.mark.parametrize("spillover", SPILLOVERS)
def test_better_coordination_amplifies_the_programs_own_effect(offtake, spillover):
    """At a fixed appropriation (the cost does not depend on coordination) better
    coordination delivers more of the program, so it moves net welfare in the direction of
    the program's own gross effect (its welfare change before its cost, at coordination
    0.5): up where the channel helps, down where it harms (docs/ODD.md, section 7.1a). It
    never turns a program that raises net welfare into one that lowers it. 10 paired seeds."""
    change = _paired(offtake, spillover, WELFARE, LOW, HIGH).mean()
    cost = _paired(offtake, spillover, "program_cost_rp_per_year", LOW, HIGH)
    assert np.all(cost == 0.0), cost
    net = _paired(offtake, spillover, WELFARE, None, LOW).mean()
    gross = net + _paired(offtake, spillover, "program_cost_rp_per_year", None, LOW).mean()
    assert np.sign(change) == np.sign(gross), (change, gross)
    if net > 0.0:
        assert _paired(offtake, spillover, WELFARE, None, HIGH).mean() > 0.0


@pytest.mark.slow
def test_faster_information_with_better_coordination_cuts_waste_and_raises_welfare():
    """The information system's channel: at coordination 0.3 its lag is one day longer;
    better coordination lowers waste and raises net welfare (10 paired seeds)."""
    v = _over_levels("information_system")
    waste, welfare = v["waste_t_per_year"], v["net_welfare_rp_per_year"]
    assert all(b <= a for a, b in zip(waste, waste[1:], strict=False)), waste
    assert waste[-1] < waste[0], waste
    assert all(b >= a for a, b in zip(welfare, welfare[1:], strict=False)), welfare
    assert welfare[-1] > welfare[0], welfare


def test_system_lag_grows_in_whole_days_as_coordination_falls():
    lags = {}
    for q in (0.0, 0.3, 0.5, 0.8, 1.0):
        m = run_model(SCENARIOS / "information_system.toml", days=1, scale=0.01,
                      **_coordination(q))  # fmt: skip
        lags[q] = m.trade.system_lag_days()
    base = run_model(SCENARIOS / "information_system.toml", days=1, scale=0.01)
    sys_lag = base.params["programs"]["information_system"]["lag_days"]
    # floor(2 x (1 - q)) days added
    assert lags == {0.0: sys_lag + 2, 0.3: sys_lag + 1, 0.5: sys_lag + 1, 0.8: sys_lag,
                    1.0: sys_lag}  # fmt: skip
    # never slower than without the system
    m = run_model(
        SCENARIOS / "information_system.toml",
        days=1,
        scale=0.01,
        **_coordination(0.0),
        **{"programs.information_system.lag_days_added_without_coordination": 30.0},
    )
    assert m.trade.system_lag_days() == m.params["information"]["lag_days"]


def _outlet_quality(q: float, share: float) -> tuple[int, float]:
    m = run_model(
        SCENARIOS / "mou.toml",
        days=2,
        scale=0.2,
        **_coordination(q),
        **{
            "programs.market_access.start_date": "2020-01-01",
            "programs.market_access.untargeted_share_without_coordination": share,
        },
    )
    u = m.umkm
    placed = np.flatnonzero(u.outlet == 1)
    return placed.shape[0], float(u.quality[placed].mean())


def test_outlet_places_are_targeted_better_with_better_coordination():
    """Rationing channel: the same number of places, and a higher mean quality of the firms
    placed as coordination rises (all untargeted at coordination 0 with share 1); with the
    share at 0 coordination changes nothing."""
    n = {}
    quality = {}
    for q in (0.0, 0.5, 1.0):
        n[q], quality[q] = _outlet_quality(q, 1.0)
    assert len(set(n.values())) == 1 and n[0.0] > 0
    assert quality[0.0] < quality[0.5] < quality[1.0]
    assert _outlet_quality(0.0, 0.0) == _outlet_quality(1.0, 0.0)


def _both(key: str, value: float) -> dict:
    return {f"governments.surabaya.{key}": value, f"governments.blitar.{key}": value}


def _late_start() -> dict:
    """A start date of the channel well after the warm-up: the delay shows, nothing is spent
    in a one-day run."""
    first = run_model(CHANNEL, days=1, scale=0.01).calendar.dates[0]
    return {"programs.direct_channel.start_date": str(first + dt.timedelta(days=200))}


def test_poor_coordination_delays_the_start_in_whole_days():
    """Start-up channel: floor(extra x (1 - q)) days on top of the governments' delay, from
    the governments' own coordination; nothing at coordination 1 or with the extra at 0."""
    extra = "extra_startup_delay_days_without_coordination"
    late = _late_start()
    start = {}
    for q, days in ((1.0, 60.0), (0.5, 60.0), (0.3, 60.0), (0.3, 0.0)):
        m = run_model(CHANNEL, days=1, scale=0.01, **late, **_coordination(q),
                      **_both(extra, days))  # fmt: skip
        start[(q, days)] = m.programs["direct_channel"].start_day
    base = run_model(CHANNEL, days=1, scale=0.01, **late).programs["direct_channel"].start_day
    assert start[(1.0, 60.0)] == start[(0.3, 0.0)] == base
    assert start[(0.5, 60.0)] == base + 30 and start[(0.3, 60.0)] == base + 42


def test_poor_coordination_lowers_the_realised_budget():
    """Realisation channel: each funder appropriates budget x share x realisation_rate x
    (1 - unrealised x (1 - q)); unchanged at coordination 1 or with the share at 0."""
    key = "unrealised_share_without_coordination"
    late = _late_start()
    left = {}
    for q, u in ((1.0, 0.3), (0.5, 0.3), (0.5, 0.0)):
        m = run_model(CHANNEL, days=1, scale=0.01, **late, **_coordination(q), **_both(key, u))
        prog = m.programs["direct_channel"]
        left[(q, u)] = {g.key: prog.remaining[g] for g in prog.funders}
        full = {g.key: prog.budget_rp_per_year * s * g.realisation_rate
                for g, s in prog.funders.items()}  # fmt: skip
    assert left[(1.0, 0.3)] == left[(0.5, 0.0)] == full
    for g, money in left[(0.5, 0.3)].items():
        assert money == pytest.approx(full[g] * (1.0 - 0.3 * 0.5), rel=1e-12)


def test_the_start_up_and_realisation_channels_off_change_nothing():
    """At their defaults (0) the two channels leave a run bit for bit as without them, at any
    coordination; at coordination 1 they change nothing even when set."""
    kw = {"seed": 4, "days": 120, "scale": 0.02}
    ref = run_kpis(MOU, **kw, **_coordination(0.6))
    on = {
        **_both("extra_startup_delay_days_without_coordination", 0.0),
        **_both("unrealised_share_without_coordination", 0.0),
    }
    assert run_kpis(MOU, **kw, **_coordination(0.6), **on) == ref
    set_ = {
        **_both("extra_startup_delay_days_without_coordination", 90.0),
        **_both("unrealised_share_without_coordination", 0.5),
    }
    assert run_kpis(MOU, **kw, **_coordination(1.0), **set_) == run_kpis(
        MOU, **kw, **_coordination(1.0)
    )
