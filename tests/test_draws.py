"""The numba draws (sim.kernels.pcg64, sim.kernels.draws) are numpy's, bit for bit.

Every comparison is against numpy's own calls on a twin generator: the values (as int64 bit
patterns, so -0.0 and 0.0 differ) and the generator's whole ``bit_generator.state`` after,
including the spare 32-bit half that 64-bit draws must leave alone. Seeds, buffer lengths
and the order of kinds are drawn by hypothesis.
"""

from __future__ import annotations

import copy
import gc
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from sim.kernels import draws
from sim.kernels.draws import (
    N_MARK,
    NORMAL,
    SKIP,
    UNIFORM,
    Stream,
    _read_block,
    bind_draws,
    fill,
    fill_marked,
    same_draws,
    uniforms_into,
)
from sim.kernels.pcg64 import (
    MULT_HI,
    MULT_LO,
    advance_words,
    jump,
    jump4,
    jump4_increment,
    jump_constants,
    jump_words,
    mul_high,
    next_uint64,
    standard_normal,
    state_words,
    step,
    words_value,
)
from tests.conftest import BASELINE, MOU, run_model

SEEDS = st.integers(0, 2**128 - 1)
UINT64 = st.integers(0, 2**64 - 1)
KINDS = st.lists(st.sampled_from((NORMAL, UNIFORM)), min_size=1, max_size=5)
SKIP_KINDS = st.lists(st.sampled_from((NORMAL, UNIFORM, SKIP)), min_size=1, max_size=5)
FEW = settings(max_examples=40, deadline=None)


@njit
def _mul_high(a, b):
    return mul_high(a, b)


@njit
def _raw_into(words, out):
    for i in range(out.shape[0]):
        out[i] = next_uint64(words)


@njit
def _normals_one_by_one(words, out):
    for i in range(out.shape[0]):
        out[i] = standard_normal(words)


def _twins(seed: int, spawn: int = 0) -> tuple[np.random.Generator, np.random.Generator]:
    """Two generators in the same state: a stream spawned as the model spawns its streams."""
    rng = np.random.default_rng(seed)
    if spawn:
        rng = rng.spawn(spawn)[-1]
    return rng, copy.deepcopy(rng)


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


def _numpy_draws(rng: np.random.Generator, kinds, lengths) -> list[np.ndarray]:
    """What the kernels must reproduce, by numpy's documented calls."""
    return [
        rng.standard_normal(n) if k == NORMAL else rng.random(n)
        for k, n in zip(kinds, lengths, strict=True)
    ]


@FEW
@given(a=UINT64, b=UINT64)
def test_mul_high_is_the_high_half_of_the_128_bit_product(a, b):
    assert int(_mul_high(np.uint64(a), np.uint64(b))) == (a * b) >> 64


@njit
def _four_ways(s_lo, s_hi, i_lo, i_hi):
    """The state four steps on, by four steps and by one jump."""
    a_lo, a_hi = s_lo, s_hi
    for _ in range(4):
        a_lo, a_hi = step(a_lo, a_hi, i_lo, i_hi)
    c_lo, c_hi = jump4_increment(i_lo, i_hi)
    b_lo, b_hi = jump4(s_lo, s_hi, c_lo, c_hi)
    return a_lo, a_hi, b_lo, b_hi


@FEW
@given(state=st.integers(0, 2**128 - 1), inc=st.integers(0, 2**127 - 1), k=st.integers(0, 9))
def test_the_jump_constants_are_k_steps_of_the_lcg(state, inc, k):
    """``A * s + B * inc`` is k steps of ``s * M + inc`` (Python's exact integers), and the
    kernels' four-step jump is four of their steps, words and carries included."""
    inc = 2 * inc + 1  # numpy's increments are odd
    mult, mask = int(MULT_HI) << 64 | int(MULT_LO), (1 << 128) - 1
    a, b = jump_constants(k)
    s = state
    for _ in range(k):
        s = (s * mult + inc) & mask
    assert (a * state + b * inc) & mask == s
    lo, hi = (np.uint64(v) for v in (state & (2**64 - 1), state >> 64))
    i_lo, i_hi = (np.uint64(v) for v in (inc & (2**64 - 1), inc >> 64))
    a_lo, a_hi, b_lo, b_hi = _four_ways(lo, hi, i_lo, i_hi)
    assert (int(a_lo), int(a_hi)) == (int(b_lo), int(b_hi))


@pytest.mark.parametrize("n", range(10))
def test_short_buffers_of_uniforms_are_numpys(n):
    """The uniforms come four a block, the rest one by one: every length up to two blocks
    and a remainder."""
    ours, theirs = _twins(20261206 + n, 1)
    out = np.full(n, np.nan)
    uniforms_into(state_words(ours), out)
    assert _same_bits(out, theirs.random(n))
    assert ours.bit_generator.state == theirs.bit_generator.state


@FEW
@given(seed=SEEDS, n=st.integers(0, 3000), spawn=st.integers(0, 3))
def test_next_uint64_is_numpys_raw_output(seed, n, spawn):
    ours, theirs = _twins(seed, spawn)
    out = np.empty(n, dtype=np.uint64)
    _raw_into(state_words(ours), out)
    assert np.array_equal(out, theirs.bit_generator.random_raw(n))
    assert ours.bit_generator.state == theirs.bit_generator.state


@FEW
@given(
    seed=SEEDS, kinds=KINDS, data=st.data(), spawn=st.integers(0, 3),
)  # fmt: skip
def test_fill_draws_numpys_values_and_leaves_its_state(seed, kinds, data, spawn):
    lengths = data.draw(st.lists(st.integers(0, 2500), min_size=len(kinds), max_size=len(kinds)))
    ours, theirs = _twins(seed, spawn)
    outs = tuple(np.full(n, np.nan) for n in lengths)
    fill(state_words(ours), tuple(kinds), outs)
    want = _numpy_draws(theirs, kinds, lengths)
    assert all(_same_bits(a, b) for a, b in zip(outs, want, strict=True))
    assert ours.bit_generator.state == theirs.bit_generator.state
    # numpy goes on from where the kernel left the generator
    assert _same_bits(ours.standard_normal(7), theirs.standard_normal(7))
    assert np.array_equal(ours.integers(0, 2**31, 9), theirs.integers(0, 2**31, 9))


def test_normals_visit_the_ziggurats_tail_and_rejection_branches():
    """A million normals (some thousands of them from the rejection steps, a few hundred
    from the tail beyond 3.654) as numpy's."""
    ours, theirs = _twins(20260601, 2)
    n = 1_000_000
    out = np.empty(n)
    fill(state_words(ours), (NORMAL,), (out,))
    assert _same_bits(out, theirs.standard_normal(n))
    assert np.sum(np.abs(out) > 3.6541528853610088) > 50  # the tail branch ran
    assert ours.bit_generator.state == theirs.bit_generator.state


@FEW
@given(seed=SEEDS, n=st.integers(0, 3000))
def test_one_normal_at_a_time_is_numpys(seed, n):
    ours, theirs = _twins(seed, 1)
    out = np.empty(n)
    _normals_one_by_one(state_words(ours), out)
    assert _same_bits(out, theirs.standard_normal(n))
    assert ours.bit_generator.state == theirs.bit_generator.state


@FEW
@given(seed=SEEDS, n=st.integers(0, 5000), spare=st.integers(0, 2**32 - 1))
def test_64_bit_draws_keep_a_pending_32_bit_half(seed, n, spare):
    """numpy keeps the unused half of a 32-bit draw for the next one; the uniforms leave it."""
    ours, theirs = _twins(seed)
    for rng in (ours, theirs):
        state = rng.bit_generator.state
        state.update(has_uint32=1, uinteger=spare)
        rng.bit_generator.state = state
    out = np.empty(n)
    uniforms_into(state_words(ours), out)
    assert _same_bits(out, theirs.random(n))
    assert ours.bit_generator.state == theirs.bit_generator.state
    assert np.array_equal(
        ours.integers(0, 2**32, 5, dtype=np.uint32), theirs.integers(0, 2**32, 5, dtype=np.uint32)
    )


def test_state_words_keep_their_generator_alive():
    words = state_words(np.random.default_rng(77))  # the generator has no other reference
    gc.collect()
    out = np.empty(1000)
    uniforms_into(words, out)
    assert _same_bits(out, np.random.default_rng(77).random(1000))


@pytest.mark.parametrize(
    "bits", [np.random.MT19937, np.random.Philox, np.random.SFC64, np.random.PCG64DXSM]
)
def test_other_bit_generators_are_not_bound(bits):
    rng = np.random.Generator(bits(5))
    assert state_words(rng) is None
    assert bind_draws(rng, (UNIFORM,), (np.empty(3),)) is None


def test_bound_draws_fill_their_buffers_as_numpy():
    ours, theirs = _twins(11, 4)
    bufs = (np.empty(40), np.empty(3), np.empty(0))
    bound = bind_draws(ours, (UNIFORM, NORMAL, NORMAL), bufs)
    for _ in range(3):  # day after day, into the same buffers
        bound()
        want = _numpy_draws(theirs, (UNIFORM, NORMAL, NORMAL), (40, 3, 0))
        assert all(_same_bits(a, b) for a, b in zip(bufs, want, strict=True))
    assert ours.bit_generator.state == theirs.bit_generator.state


CLONES = [copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))]


@pytest.mark.parametrize("clone", CLONES)
def test_a_copy_of_bound_draws_draws_from_the_copy_of_its_generator(clone):
    rng, twin = _twins(3, 1)
    bound = bind_draws(rng, (UNIFORM,), (np.empty(10),))
    other = clone(bound)
    other()
    assert other.generator is not rng
    assert other.stream.words.ctypes.data != bound.stream.words.ctypes.data
    assert rng.bit_generator.state == twin.bit_generator.state  # the original is untouched
    assert _same_bits(other.outs[0], twin.random(10))
    assert other.generator.bit_generator.state == twin.bit_generator.state


@pytest.mark.parametrize("clone", CLONES)
def test_a_copy_made_where_the_check_fails_draws_with_numpy(clone, monkeypatch):
    rng, twin = _twins(4, 1)
    bound = bind_draws(rng, (NORMAL, UNIFORM), (np.empty(10), np.empty(4)))
    monkeypatch.setattr(draws, "_AGREE_PCG64", [False])
    other = clone(bound)
    assert other.stream.words is None
    other()
    assert _same_bits(other.outs[0], twin.standard_normal(10))
    assert _same_bits(other.outs[1], twin.random(4))
    assert other.generator.bit_generator.state == twin.bit_generator.state


@pytest.mark.parametrize("fast", [True, False])
@FEW
@given(seed=SEEDS, counts=st.lists(st.integers(0, 400), min_size=1, max_size=8))
def test_a_stream_takes_turns_with_numpy_as_numpy_alone(fast, seed, counts):
    """Draws whose number varies by day: Poisson counts from numpy, then that many uniforms
    (and normals) into the head of a buffer kept between days, by the kernels or (the check
    failed) by numpy."""
    ours, theirs = _twins(seed, 5)
    before = list(draws._AGREE_PCG64)
    draws._AGREE_PCG64[:] = [fast]
    try:
        stream = Stream(ours)
    finally:
        draws._AGREE_PCG64[:] = before
    assert (stream.words is not None) is fast
    buf = np.empty(4 * 2000)  # Poisson(400) never reaches 2000
    for mean in counts:
        n = int(ours.poisson(mean))
        assert n == theirs.poisson(mean)
        stream.random_into(buf[: 4 * n])
        assert _same_bits(buf[: 4 * n], theirs.random(4 * n))
        stream.standard_normal_into(buf[:n])
        assert _same_bits(buf[:n], theirs.standard_normal(n))
    assert ours.bit_generator.state == theirs.bit_generator.state


@pytest.mark.parametrize("clone", CLONES)
def test_a_copy_of_a_stream_draws_from_the_copy_of_its_generator(clone):
    rng, twin = _twins(6, 2)
    stream = clone(Stream(rng))
    out = np.empty(25)
    stream.random_into(out)
    assert stream.words is not None and stream.generator is not rng
    assert rng.bit_generator.state == twin.bit_generator.state
    assert _same_bits(out, twin.random(25))


def test_kinds_and_buffers_that_do_not_match_are_refused():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="kinds"):
        bind_draws(rng, (NORMAL, UNIFORM), (np.empty(3),))
    with pytest.raises(ValueError, match="kinds"):
        bind_draws(rng, (3,), (np.empty(3),))  # 0, 1, 2 are NORMAL, UNIFORM, SKIP
    with pytest.raises(ValueError, match="float64"):
        bind_draws(rng, (NORMAL,), (np.empty(6)[::2],))
    for bad in (np.empty(6, dtype=np.float32), np.empty((2, 3)), np.empty(6)[::2]):
        with pytest.raises(ValueError, match="float64"):
            Stream(rng).random_into(bad)
        with pytest.raises(ValueError, match="float64"):
            Stream(rng).standard_normal_into(bad)


def test_a_disagreeing_kernel_is_caught_and_not_bound(monkeypatch):
    """If the kernel's draws ever differed from numpy's (here: one draw skipped),
    the check says so and the draws are left to numpy."""

    def skips_one(words, kinds, outs):
        uniforms_into(words, np.empty(1))
        fill(words, kinds, outs)

    monkeypatch.setattr(draws, "_AGREE_PCG64", [])
    monkeypatch.setattr(draws, "fill", skips_one)
    rng = np.random.default_rng(8)
    before = rng.bit_generator.state
    assert not same_draws(rng)
    assert rng.bit_generator.state == before  # checked on copies
    assert bind_draws(rng, (UNIFORM,), (np.empty(3),)) is None


def test_a_skip_that_lands_elsewhere_is_caught_and_not_bound(monkeypatch):
    """If skipping a block ever left the generator elsewhere (here: one uniform further),
    the check says so and the draws are left to numpy."""

    def one_too_far(words, kinds, outs, marks):
        fill_marked(words, kinds, outs, marks)
        uniforms_into(words, np.empty(1))

    monkeypatch.setattr(draws, "_AGREE_PCG64", [])
    monkeypatch.setattr(draws, "fill_marked", one_too_far)
    rng = np.random.default_rng(9)
    assert not same_draws(rng)
    assert bind_draws(rng, (SKIP,), (np.empty(3),)) is None


def test_the_check_passes_on_this_numpy_and_numba():
    assert same_draws(np.random.default_rng(1))
    rng = np.random.default_rng(1)
    words = state_words(rng)
    assert words_value(words) == (
        rng.bit_generator.state["state"]["state"],
        rng.bit_generator.state["state"]["inc"],
    )


@FEW
@given(seed=SEEDS, k=st.one_of(st.integers(0, 5000), st.integers(0, 2**64 - 1)))
def test_advance_words_is_numpys_advance(seed, k):
    """The jump of ``k`` steps in one pass over its bits leaves the generator where numpy's
    ``PCG64.advance(k)`` does (k up to 2**64 - 1), and is :func:`jump_words`' jump."""
    ours, theirs = _twins(seed, 1)
    words = state_words(ours)
    a = advance_words(words[2], words[3], np.uint64(k))
    if k <= 5000:
        assert tuple(int(x) for x in a) == tuple(int(x) for x in jump_words(words, k))
    jump(words, *(np.uint64(x) for x in a))
    theirs.bit_generator.advance(k)
    assert ours.bit_generator.state == theirs.bit_generator.state


@FEW
@given(seed=SEEDS, kinds=SKIP_KINDS, data=st.data(), spawn=st.integers(0, 3))
def test_skipped_blocks_leave_numpys_state_and_read_as_numpys(seed, kinds, data, spawn):
    """Blocks of SKIP are jumped over: the other blocks and the state after are numpy's, each
    skipped block's mark holds the generator's words before it (drawn blocks' marks are
    zeros), and its uniforms read through the mark, in any order, are numpy's."""
    lengths = data.draw(st.lists(st.integers(0, 2500), min_size=len(kinds), max_size=len(kinds)))
    ours, theirs = _twins(seed, spawn)
    outs = tuple(np.full(n, np.nan) for n in lengths)
    marks = np.ones((len(kinds), N_MARK), dtype=np.uint64)  # every mark is written
    fill_marked(state_words(ours), tuple(kinds), outs, marks)
    want = _numpy_draws(theirs, [UNIFORM if k == SKIP else k for k in kinds], lengths)
    assert ours.bit_generator.state == theirs.bit_generator.state
    for kind, out, mark, drawn in zip(kinds, outs, marks, want, strict=True):
        if kind != SKIP:
            assert _same_bits(out, drawn) and not mark.any()
            continue
        assert np.isnan(out).all()  # not drawn
        assert mark[2] & 1 == 1  # an increment: odd
        ks = np.array(data.draw(st.lists(st.integers(0, len(out) - 1), max_size=60)) if len(out)
                      else [], dtype=np.int64)  # fmt: skip
        for order in (np.sort(ks), ks):
            assert _same_bits(_read_block(out, mark, order), drawn[order])


def test_a_drawn_block_is_read_from_its_buffer():
    """A mark of zeros (numpy drew the block) reads the buffer, whatever the cursor holds."""
    block = np.arange(10) / 10.0
    ours, theirs = _twins(12, 1)
    marks = np.zeros((1, N_MARK), dtype=np.uint64)
    fill_marked(state_words(ours), (SKIP,), (np.empty(10),), marks)
    ks = np.array([3, 5, 9])
    assert _same_bits(_read_block(block, marks[0], ks), theirs.random(10)[ks])
    assert _same_bits(_read_block(block, np.zeros(N_MARK, dtype=np.uint64), ks), block[ks])


@pytest.mark.parametrize("fast", [True, False])
def test_bound_draws_with_a_skipped_block_day_after_day(fast, monkeypatch):
    """Bound draws that skip a block, day after day: the state and the other blocks as
    numpy's, the skipped block read through its mark; on a copy made where the check fails,
    numpy draws the block and the marks say so (zeros)."""
    ours, theirs = _twins(13, 2)
    bufs = (np.empty(300), np.empty(700), np.empty(5))
    marks = np.zeros((3, N_MARK), dtype=np.uint64)
    bound = bind_draws(ours, (NORMAL, SKIP, NORMAL), bufs, marks)
    if not fast:
        monkeypatch.setattr(draws, "_AGREE_PCG64", [False])
        bound = copy.deepcopy(bound)
        assert bound.stream.words is None
    ks = np.arange(0, 700, 30)
    for _ in range(3):
        bound()
        want = _numpy_draws(theirs, (NORMAL, UNIFORM, NORMAL), (300, 700, 5))
        assert _same_bits(bound.outs[0], want[0]) and _same_bits(bound.outs[2], want[2])
        assert _same_bits(_read_block(bound.outs[1], bound.marks[1], ks), want[1][ks])
        assert bool(bound.marks[1].any()) is fast
    assert bound.generator.bit_generator.state == theirs.bit_generator.state


def test_marks_that_do_not_match_are_refused():
    rng = np.random.default_rng(0)
    for bad in (np.zeros((2, N_MARK)), np.zeros((1, N_MARK), dtype=np.uint64),
                np.zeros((2, N_MARK + 1), dtype=np.uint64)):  # fmt: skip
        with pytest.raises(ValueError, match="marks"):
            bind_draws(rng, (NORMAL, SKIP), (np.empty(3), np.empty(3)), bad)


def _trade_run(fast: bool, scenario, monkeypatch) -> tuple:
    monkeypatch.setattr(draws, "_AGREE_PCG64", [fast])
    m = run_model(scenario, seed=5, days=40, scale=0.05)
    assert bool(m.trade._fast_draws) is fast  # the path meant was the path taken
    tr = m.trade
    buffers = {k: getattr(tr, k).copy() for k in ("_z_farm", "_u_shock", "_z_trader", "_z_else",
                                                  "_z_demand")}  # fmt: skip
    # today's review uniforms as the day's kernel reads them: from the buffer or the mark
    mark = tr._draw_marks[2].copy()
    buffers["review"] = _read_block(tr._u_review, mark, np.arange(len(tr._u_review)))
    states = {k: m.streams[k].bit_generator.state for k in ("trade", "market")}
    series = {k: v.copy() for k, v in (m.recorder.g | m.recorder.c).items()}
    return buffers, mark, states, series


@pytest.mark.parametrize("scenario", ["baseline", "mou"])
def test_the_trade_sector_draws_the_same_with_numba_as_with_numpy(scenario, monkeypatch):
    """A run whose trade draws come from the kernels (the review uniforms skipped and read
    where a review needs one) equals one drawn by numpy's calls (the fallback, when the check
    fails): the day's buffers and review uniforms, the streams' states, and every recorded
    series; with the direct channel (mou) farmers join it, so reviews read uniforms."""
    path = MOU if scenario == "mou" else BASELINE
    b_fast, mark_fast, states_fast, series_fast = _trade_run(True, path, monkeypatch)
    b_numpy, mark_numpy, states_numpy, series_numpy = _trade_run(False, path, monkeypatch)
    assert mark_fast.any() and not mark_numpy.any()  # skipped in numba, drawn by numpy
    assert b_fast.keys() == b_numpy.keys()
    assert all(_same_bits(b_fast[k], b_numpy[k]) for k in b_fast)
    assert states_fast == states_numpy
    assert series_fast.keys() == series_numpy.keys()
    changed = [k for k in series_fast if not _same_bits(series_fast[k], series_numpy[k])]
    assert not changed
    enrolled = series_fast["farmers_in_direct_channel"]
    assert bool(enrolled.max() > 0) is (scenario == "mou")
