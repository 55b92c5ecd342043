"""How far the direct channel contests the middlemen's margins (issue 15 referee point 3): its
reach comes from what it actually buys, scaled by ``programs.direct_channel.margin_spillover``."""

import numpy as np

from .conftest import BASELINE, SCENARIOS, run_model

DIRECT = SCENARIOS / "direct_channel.toml"
RUN = {"days": 150, "scale": 0.03}
TINY = {
    "commodities.eggs.direct_channel_capacity_kg_per_day": 0.5,
    "commodities.chili.direct_channel_capacity_kg_per_day": 0.05,
}


def _margins(model) -> np.ndarray:
    return model.recorder.c["middleman_margin_rp_per_kg"]


def test_margins_do_not_move_while_the_channel_buys_nothing():
    for seed in (1, 2):
        base = run_model(BASELINE, seed=seed, **RUN)
        tiny = run_model(DIRECT, seed=seed, **RUN, **TINY)
        assert np.nansum(tiny.recorder.c["direct_channel_t"]) == 0.0
        assert np.array_equal(_margins(base), _margins(tiny))


def test_at_zero_spillover_only_the_channel_s_own_farmers_are_contested():
    """With the spillover at 0 (the default) the middlemen keep the baseline's margins day by
    day although the channel buys; at a positive spillover (0.25) they concede some."""
    zero = {"programs.direct_channel.margin_spillover": 0.0}
    some = {"programs.direct_channel.margin_spillover": 0.25}
    for seed in (1, 2):
        base = run_model(BASELINE, seed=seed, **RUN)
        off = run_model(DIRECT, seed=seed, **RUN, **zero)
        on = run_model(DIRECT, seed=seed, **RUN, **some)
        assert np.nansum(off.recorder.c["direct_channel_t"]) > 0.0
        assert np.array_equal(_margins(base), _margins(off))
        assert np.nanmean(_margins(on)) < np.nanmean(_margins(base))
