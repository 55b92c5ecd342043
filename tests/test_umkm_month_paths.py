"""The UMKM month start's shortcuts give bit for bit what the plain calls give: Beta draws for a
few entrants drawn one call a firm, and logit weights before visibility recomputed only for the
firms whose inputs changed."""

import numpy as np
import pytest

from sim.kernels import umkm as K
from sim.model import KADModel
from sim.sectors.umkm import FEW_DRAWS, beta_draws


@pytest.mark.parametrize("seed", range(6))
def test_beta_draws_equal_one_array_call(seed):
    """For every size around the switch to the array call (0 included), the draws and the
    generator's state after them equal ``rng.beta(a, b, size=n)``'s, for parameters on both
    sides of 1 (Beta draws by different algorithms there)."""
    params = np.random.default_rng(seed)
    for n in [0, 1, 2, 3, FEW_DRAWS - 1, FEW_DRAWS, FEW_DRAWS + 1, 3 * FEW_DRAWS]:
        mean = params.choice([0.01, 0.2, 0.5, 0.8, 0.999], size=n)
        k = float(params.choice([0.3, 1.5, 20.0, 400.0]))
        a, b = mean * k, (1.0 - mean) * k
        one, each = np.random.default_rng(seed + 100), np.random.default_rng(seed + 100)
        expect = one.beta(a, b, size=n)
        got = beta_draws(each, a, b)
        assert got.dtype == np.float64 and got.shape == (n,)
        assert got.tobytes() == expect.tobytes(), n
        assert each.bit_generator.state == one.bit_generator.state, n


def _fresh_weights(u) -> np.ndarray:
    """Every firm's weight before visibility, all recomputed (the plain kernel)."""
    out = np.empty_like(u.attract)
    K._update_attractiveness(u.alive, u.capacity, u.quality, u.price, u.vis, out)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_refreshed_weights_equal_weights_recomputed(seed):
    """The bound month kernels' weights (recomputing only firms whose capacity, quality or
    price changed, or all when a logit weight changes) equal the plain kernel's bit for bit
    after rounds of random changes: firms closing and reopening, new traits, quality set to
    +0.0 and -0.0 (equal values, different bits), and a changed quality weight."""
    model = KADModel(seed=seed, days=30, scale=0.02)
    u = model.umkm
    attract, _, _ = K.bind_month(u, u.vis, model.flows, u._margin, u._rev)
    rng = np.random.default_rng(seed)
    n = u.alive.shape[0]
    for round_ in range(8):
        pick = rng.random(n) < 0.05
        u.quality[pick] = rng.random(int(pick.sum()))
        u.capacity[rng.random(n) < 0.02] *= 1.5
        u.price[rng.random(n) < 0.02] *= 0.9
        u.alive[rng.random(n) < 0.03] ^= 1  # some close, some closed ones reopen
        zero = rng.integers(0, n, size=4)
        u.quality[zero] = 0.0 if round_ % 2 else -0.0
        if round_ == 5:
            u.vis[0]["quality_weight"] *= 1.25
        attract()
        assert u.attract.tobytes() == _fresh_weights(u).tobytes(), round_
    # the shortcut does skip firms whose inputs stayed (else this test proves nothing about
    # it): a weight overwritten behind its back is kept by the next call
    j = int(np.flatnonzero(u.alive)[0])
    u.attract[j] = 12345.0
    attract()
    assert u.attract[j] == 12345.0


def test_month_kernels_check_their_arrays_once_bound():
    """``bind_month`` stops on a firm column of the wrong type when bound, and its ``month``
    on a month's array of the wrong length."""
    model = KADModel(seed=0, days=30, scale=0.02)
    u = model.umkm
    _, _, month = K.bind_month(u, u.vis, model.flows, u._margin, u._rev)
    n = u.alive.shape[0]
    with pytest.raises(ValueError, match="revenue_month"):
        month(np.zeros(n + 1), 3, 0.1, 0.2, np.zeros(n))
    good = u.quality
    u.quality = good.astype(np.float32)
    try:
        with pytest.raises(TypeError, match="umkm.quality"):
            K.bind_month(u, u.vis, model.flows, u._margin, u._rev)
    finally:
        u.quality = good


def test_month_start_without_entrants_may_skip_the_draws():
    """A month start with no entrant skips drawing traits: drawing them for no firm leaves the
    generator and every firm as they are, so skipping changes nothing."""
    model = KADModel(seed=2, days=30, scale=0.02)
    u = model.umkm
    rng = np.random.default_rng(11)
    state = rng.bit_generator.state
    columns = [u.capacity, u.fixed_cost, u.price, u.quality, u.quality_base, u.literacy,
               u.legal, u.conn_u]  # fmt: skip
    before = [c.copy() for c in columns]
    u._draw_traits(np.array([], dtype=np.int64), rng)
    assert rng.bit_generator.state == state
    assert all(c.tobytes() == b.tobytes() for c, b in zip(columns, before, strict=True))


@pytest.mark.parametrize("seed", range(3))
def test_month_kernel_returns_the_slots_marked_for_entry(seed):
    """``umkm_month`` returns how many slots it marked for entry (``alive == 2``), with a high
    entry probability so that some are."""
    model = KADModel(seed=seed, days=30, scale=0.02)
    u = model.umkm
    n = u.alive.shape[0]
    u.alive[np.random.default_rng(seed).random(n) < 0.2] = 0
    u.month_profit[:] = 1.0  # a margin of 1 on a revenue of 1: vacant slots re-enter
    count = K.umkm_month(u, np.ones(n), 3, 1.0, 0.2, np.zeros(n), model.flows, u._margin,
                         u._rev)  # fmt: skip
    assert count == int(np.count_nonzero(u.alive == 2)) and count > 0


def test_a_zero_input_that_changes_sign_is_recomputed():
    """+0.0 == -0.0, yet a capacity of -0.0 gives a weight of -0.0 where +0.0 gives +0.0 (the
    bits differ): inputs equal to zero are never taken as unchanged, so the weights still
    equal the plain kernel's when a capacity, quality or price flips the sign of its zero."""
    model = KADModel(seed=3, days=30, scale=0.02)
    u = model.umkm
    attract, _, _ = K.bind_month(u, u.vis, model.flows, u._margin, u._rev)
    j, k, m = (int(i) for i in np.flatnonzero(u.alive)[:3])
    for sign in (1.0, -1.0, 1.0, -1.0):
        u.capacity[j] = sign * 0.0
        u.quality[k] = sign * 0.0
        u.price[m] = sign * 0.0
        attract()
        assert u.attract.tobytes() == _fresh_weights(u).tobytes(), sign
    assert np.signbit(u.attract[j])  # the last round's -0.0 reached the weight


@pytest.mark.parametrize("seed", range(4))
def test_few_entrants_traits_equal_the_array_path(seed):
    """Traits drawn for a few firms in Python floats (month starts) equal the numpy array
    path's bit for bit, firm sets of both regions and every size up to the switch, and leave
    the generator where the array path leaves it."""
    model = KADModel(seed=seed, days=1, scale=0.02)
    u = model.umkm
    cols = ("capacity", "fixed_cost", "price", "quality", "quality_base", "literacy", "legal",
            "conn_u")  # fmt: skip
    pick = np.random.default_rng(seed)
    n = u.alive.shape[0]
    regions = set()
    for size in [1, 2, 3, 7, FEW_DRAWS]:
        idx = np.sort(pick.choice(n, size=size, replace=False))
        regions.update(u.region[idx].tolist())
        few, arr = np.random.default_rng(seed + 7), np.random.default_rng(seed + 7)
        u._draw_traits_few(idx, few)
        got = {c: getattr(u, c)[idx].copy() for c in cols}
        for c in cols:  # other values, so that a column the array path misses would show
            getattr(u, c)[idx] = 0
        u._draw_traits_array(idx, arr)
        for c in cols:
            want = getattr(u, c)[idx]
            assert got[c].tobytes() == want.tobytes(), (size, c)
        assert few.bit_generator.state == arr.bit_generator.state, size
    assert regions == {0, 1}
