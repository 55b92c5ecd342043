"""Coordination (issue 15 item 6). Coordination acts through three stated channels, each a
named parameter: the share of the direct channel's nominal capacity that is delivered
(sim.sectors.trade, the lower of the two governments' values), the days poor coordination adds
to the information system's lag (TradeSector.system_lag_days) and the outlet places allocated
without targeting (UmkmSector._untargeted_places, off by default). Better coordination must
never make a program worse in expectation: farmers' income and net welfare never fall."""

import numpy as np
import pytest

from .conftest import SCENARIOS, SEEDS, run_kpis, run_model

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


def _means(scenario: str, q: float, offtake: float | None = None) -> dict:
    ov = _coordination(q)
    if offtake is not None:
        ov["programs.direct_channel.surabaya_offtake_share"] = offtake
    ks = [run_kpis(SCENARIOS / f"{scenario}.toml", seed=s, days=365, scale=0.03, **ov)
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


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["direct_channel", "mou"])
def test_better_coordination_never_lowers_net_welfare(scenario):
    """The two regions' net welfare (10 paired seeds). Not all parties': with the other
    markets' buyers counted (issue 15, referee point 3) that total rises from 0.3 to 0.8
    (+0.48 bn, direct_channel) and dips by 0.03-0.07 bn from 0.8 to 1.0, since most of what
    the two regions gain from a bigger channel is the outsiders' loss (docs/TRACE.md 8.3);
    whether poor coordination costs money is referee point 5."""
    welfare = _over_levels(scenario)["net_welfare_two_regions_rp_per_year"]
    assert all(b >= a for a, b in zip(welfare, welfare[1:], strict=False)), welfare


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
