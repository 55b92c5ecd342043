"""The UMKM day kernel's loop has no branch on random firm traits: it counts firms in integers
and adds each count to its figure once (:func:`sim.kernels.umkm._plus_counts`), which must be
bit for bit the figure that adding 1.0 (and +0.0 where a rule adds nothing) firm by firm
gives, from any value before; and it cuts every firm's sales by a factor that is 1.0 under
capacity (:func:`sim.kernels.umkm._capacity_cut`), which must leave those sales as they
are and give the outside option +-0.0."""

import itertools
import math

import numpy as np
import pytest

from sim.kernels import umkm as K

STARTS = [0.0, -0.0, 1.0, -1.0, -3.0, 7.0, 0.5, -0.25, 1e-300, 3.7e15, 2.0**53 - 2.0, 2.0**53,
          -(2.0**53), 2.0**60, math.inf, -math.inf, math.nan]  # fmt: skip


def _one_by_one(start, addends):
    total = start
    for a in addends:
        total += a
    return total


def _same(a, b) -> bool:
    """Equal bit for bit (NaN equal to NaN)."""
    return np.float64(a).tobytes() == np.float64(b).tobytes() or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize("start", STARTS)
def test_counts_added_at_once_are_the_sums_firm_by_firm(start):
    rng = np.random.default_rng(11)
    for ones, zeros in itertools.product((0, 1, 2, 3, 5, 40), (0, 1, 4)):
        addends = [1.0] * ones + [0.0] * zeros
        for _ in range(4):  # zeros anywhere among the ones
            rng.shuffle(addends)
            want = _one_by_one(start, addends)
            got = K._plus_counts(start, ones, zeros)
            assert _same(got, want), (start, ones, zeros, addends, got, want)


def test_a_negative_zero_start_stays_only_without_additions():
    assert math.copysign(1.0, K._plus_counts(-0.0, 0, 0)) < 0.0
    assert math.copysign(1.0, K._plus_counts(-0.0, 0, 2)) > 0.0
    assert K._plus_counts(-0.0, 3, 1) == 3.0


def test_a_start_beyond_whole_numbers_doubles_hold_is_added_one_by_one():
    """At 2**53 a double no longer holds every whole number: 1.0 added one by one is lost
    each time, while one addition of the count would not be."""
    start = 2.0**53
    assert K._plus_counts(start, 3, 0) == start  # each + 1.0 rounds back to 2**53
    assert start + 3 != start


def test_the_capacity_cut_is_the_rule_of_a_branch():
    """Over capacity the cut is cap / total; under it (or at it, or without sales) sales times
    the cut are the sales bit for bit, and what the outside option gains is +-0.0."""
    rng = np.random.default_rng(5)
    cap = rng.lognormal(12.0, 1.0, 2000)
    sales = rng.lognormal(11.0, 2.0, (2000, 3)) * (rng.random((2000, 3)) < 0.8)
    keep = rng.random(2000)
    totals = sales.sum(axis=1)
    totals[:5] = cap[:5]  # exactly at capacity
    sales[5:10] = 0.0  # no sales at all
    totals[5:10] = 0.0
    over = 0
    for c, total, row, k in zip(cap, totals, sales, keep, strict=True):
        cut = K._capacity_cut(c, total)
        if total > c:
            over += 1
            assert cut == c / total
        else:
            assert cut == 1.0
            for s in row:
                assert _same(s * cut, s)
                assert (s - s * cut) * k == 0.0
    assert 0 < over < len(cap)
