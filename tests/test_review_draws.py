"""The farmers' review uniforms read where a review needs one (sim.kernels.draws.SKIP): the
trade day with the block skipped and read through its mark is the day with the block drawn.

On a run of the cooperation scenario, stopped while farmers are switching to the direct
channel, the fused trade day runs on two copies of the sector's arrays with the same draws
from twin generators: one with the review block drawn by numpy into the buffer (mark zeros),
one with the block jumped over (the buffer NaN, the mark set). Every array must agree bit
for bit and the generators must end in the same state.
"""

import copy

import numpy as np
import pytest

from sim import KADModel
from sim.kernels import farm as KF
from sim.kernels import layout as L
from sim.kernels.draws import N_MARK, NORMAL, SKIP, UNIFORM, fill_marked, numpy_fill
from sim.kernels.pcg64 import state_words
from sim.kernels.trade_day import bind_trade_day

from .conftest import MOU
from .test_trade_day import _columns, _state

KINDS = (NORMAL, UNIFORM, SKIP, NORMAL)  # the sector's: farm normals, shocks, reviews, traders
BLOCKS = ("z_farm", "u_shock", "u_review", "z_trader")


@pytest.fixture(scope="module")
def trade():
    """The cooperation scenario the day after its direct channel opened."""
    model = KADModel(MOU, seed=3, days=200, scale=0.05)
    for _ in range(61):
        model.step()
    assert model.trade.daily[:, L.D_DIRECT_KG].sum() > 0.0
    return model.trade


def _fused(s, mark):
    return bind_trade_day(
        s["farmers"], s["traders"], s["direct_idx"], s["z_farm"], s["u_shock"], s["z_trader"],
        s["u_review"], s["goods"], s["flows"], s["daily"], s["offer_kg"], s["held"],
        s["p_hist"], s["fg_direct"], s["retail_cash"], review_at=mark,
    )  # fmt: skip


def _days(trade, n_days: int, shift: int = 0, closed: bool = False) -> tuple:
    """``n_days`` fused trade days drawn by numpy (the review block into the buffer) and by
    the kernels (the block skipped; with ``shift``, its mark's state moved by that much, to
    show the reads matter; ``closed``: the direct channel closed, so that only its farmers
    review, to leave it): the two states, the two generators."""
    m = trade.model
    info = m.params["information"]
    sys = m.params["programs"]["information_system"]
    drawn, skipped = _state(trade), _state(trade)
    if closed:
        for s in (drawn, skipped):
            s["cpar"]["direct_channel_active_today"] = 0.0
    marks = np.zeros((len(KINDS), N_MARK), dtype=np.uint64)
    runs = _fused(drawn, np.zeros(N_MARK, dtype=np.uint64)), _fused(skipped, marks[2])
    rng_numpy = np.random.default_rng(20261206).spawn(1)[0]
    rng_kernel = copy.deepcopy(rng_numpy)
    words = state_words(rng_kernel)
    for t in range(m.day, m.day + n_days):
        numpy_fill(rng_numpy, KINDS, tuple(drawn[k] for k in BLOCKS))
        skipped["u_review"][:] = np.nan  # a read of the buffer would not compare
        fill_marked(words, KINDS, tuple(skipped[k] for k in BLOCKS), marks)
        if shift:
            marks[2, 0] += np.uint64(shift)  # another state: other uniforms
        for s in (drawn, skipped):
            s["daily"][:] = 0.0
        args = (
            t, int(m.calendar.day_of_year[t]), 1, info["lag_days"], info["noise_sd"],
            trade.system_lag_days(), sys["noise_sd"], False, sys["farmer_bargaining_share"],
        )  # fmt: skip
        for s, run in zip((drawn, skipped), runs, strict=True):
            run(*args, s["cpar"])
    return drawn, skipped, rng_numpy, rng_kernel


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
def test_a_skipped_review_block_gives_the_day_of_a_drawn_one(trade, closed):
    before = trade.farmers.channel.copy()
    assert before.any()  # farmers are enrolled
    drawn, skipped, rng_numpy, rng_kernel = _days(trade, 30, closed=closed)
    assert rng_numpy.bit_generator.state == rng_kernel.bit_generator.state
    assert np.isnan(skipped["u_review"]).all()  # never drawn, so any read shows
    a, b = _columns(drawn), _columns(skipped)
    a.pop("u_review"), b.pop("u_review")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].tobytes() == b[name].tobytes(), f"{name} differs"
    # reviews read uniforms: farmers changed channel (only to leave it, when it is closed)
    after = drawn["farmers"].channel
    assert (after != before).any()
    assert bool((after > before).any()) is not closed


def test_the_reviews_read_the_uniforms_at_the_mark(trade):
    """With the mark's state moved by one, the same days choose other channels: the
    comparison above would catch a kernel that read the wrong uniforms."""
    drawn, skipped, _, _ = _days(trade, 30, shift=1)
    assert drawn["farmers"].channel.tobytes() != skipped["farmers"].channel.tobytes()


def test_a_mark_of_another_type_or_length_is_refused(trade):
    f, tr = trade.farmers, trade.traders
    args = (f, tr, trade._fg_direct, trade._u_review, trade.daily)
    with pytest.raises(TypeError, match="review_at"):
        KF.bind_choose_channels(*args, np.zeros(N_MARK))
    with pytest.raises(ValueError, match="review_at"):
        KF.bind_choose_channels(*args, np.zeros(N_MARK + 1, dtype=np.uint64))
    KF.bind_choose_channels(*args, trade._draw_marks[2])  # the sector's own mark
