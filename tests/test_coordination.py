"""Coordination (issue 15 item 6): better coordination never makes the direct channel worse in
expectation. Coordination acts through one stated channel, the share of the channel's nominal
capacity that is delivered (sim.sectors.trade, the lower of the two governments' values); with
contestable margins more delivered capacity means more reach, so farmers gain more."""

import numpy as np
import pytest

from .conftest import SCENARIOS, SEEDS, run_kpis

LEVELS = (0.3, 0.6, 0.8, 1.0)


def _means(q: float, offtake: float | None = None) -> dict:
    ov = {
        "governments.surabaya.coordination_quality": q,
        "governments.blitar.coordination_quality": q,
    }
    if offtake is not None:
        ov["programs.direct_channel.surabaya_offtake_share"] = offtake
    ks = [run_kpis(SCENARIOS / "direct_channel.toml", seed=s, days=365, scale=0.03, **ov)
          for s in SEEDS]  # fmt: skip
    keys = ("farmers_income_rp_per_year", "waste_t_per_year", "surabaya_price_cv")
    return {k: float(np.mean([x[k] for x in ks])) for k in keys}


@pytest.mark.slow
def test_better_coordination_never_makes_the_channel_worse():
    runs = [_means(q) for q in LEVELS]
    farmers = [r["farmers_income_rp_per_year"] for r in runs]
    assert all(b > a for a, b in zip(farmers, farmers[1:], strict=False)), farmers
    # coordination has no channel to losses or volatility except the channel's volume: with a
    # channel that ships like a middleman (no offtake agreement) they move by less than 1% over
    # the whole range. With the MoU's committed offtake, more delivered capacity sends more
    # goods to Surabaya whatever its price, which raises Surabaya-bound waste and the retail
    # price CV (docs/ODD.md, "The channel's Surabaya offtake"); that is the offtake's effect.
    runs = [_means(q, offtake=0.0) for q in LEVELS]
    for key in ("waste_t_per_year", "surabaya_price_cv"):
        vals = [r[key] for r in runs]
        assert max(vals) <= 1.01 * min(vals), (key, vals)
