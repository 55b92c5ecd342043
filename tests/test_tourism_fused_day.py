"""The tourism sector's day in one kernel call (:func:`sim.kernels.tourism._tourism_day`) is
bit for bit the day drawn by numpy's calls and the two kernels in turn (the sector's fallback
path, the code that ran before): the Poisson port draws numpy's counts and leaves the
generator where numpy would, and whole runs agree on every slot, sum and stream state."""

import copy

import numpy as np
import pytest

from sim.kernels import tourism as KT
from sim.kernels.pcg64 import state_words
from sim.model import KADModel

from .conftest import BASELINE, MOU, SCENARIOS

# packages held, and the cultural events of late May to July, whose extra arrivals are drawn
# from the events' own stream on their days: in Blitar (small means: numpy's multiplication
# method) and, with an uplift, in Surabaya (means above 10: the transformed rejection)
EVENTS = {
    "programs.promotion.enabled": True,
    "programs.promotion.start_date": "2024-01-01",
    "programs.promotion.package_uptake": 0.3,
    "programs.cultural_events.events.sccf_blitar_pavilion.visits_uplift": 0.3,
}


@pytest.mark.parametrize("seed", [0, 7, 2024])
def test_poisson_draws_numpys_counts_and_state(seed):
    """Counts and the generator's state after, over means on both sides of numpy's switch
    of method (10), tiny, zero and large means."""
    lams = np.random.default_rng(seed + 100).uniform(0.0, 30.0, 20_000)
    lams = np.concatenate([lams, [0.0, 10.0, 9.999999999999998, 1e-12, 2.5e6], lams * 40.0])
    rng = np.random.default_rng(seed)
    ours, theirs = copy.deepcopy(rng), copy.deepcopy(rng)
    got = np.empty(lams.shape[0], dtype=np.int64)
    KT.poissons_into(state_words(ours), lams, got)
    want = np.array([theirs.poisson(lam) for lam in lams.tolist()], dtype=np.int64)
    assert np.array_equal(got, want)
    assert ours.bit_generator.state == theirs.bit_generator.state
    # the draws go on as numpy's: the same next uniforms
    assert ours.random() == theirs.random()


def test_the_poisson_check_refuses_another_bit_generator():
    assert KT.same_poissons(np.random.default_rng(1))
    assert not KT.same_poissons(np.random.Generator(np.random.Philox(1)))


def _numpy_path(model: KADModel) -> KADModel:
    """``model`` drawing its tourism days with numpy's calls (the fallback path)."""
    tourism = model.tourism
    tourism._bind_day = lambda rng: (rng, tourism.event_rng, None)
    return model


def _snapshot(model: KADModel) -> list:
    t = model.tourism
    used = t.n_used  # the slots beyond are free and zero; how many there are may differ
    return [
        t.flags[:, :used].copy(),
        t.days_left[:used].copy(),
        t.day.copy(),
        t.acc.copy(),
        t.state[: KT.S_DRAWN].copy(),
        np.array([t.awareness, t.event_boost, t.visitors_error()]),
        model.flows.copy(),
        model.umkm.cash.copy(),
    ]


def _same(a: list, b: list) -> bool:
    """Bit for bit (NaN equal to NaN, -0.0 not equal to 0.0)."""
    return all(x.shape == y.shape and x.tobytes() == y.tobytes() for x, y in zip(a, b, strict=True))


def _run_both(scenario, seed, days, scale, overrides=None, slots=None) -> dict:
    """Step the fused and the numpy path side by side, comparing after every day; returns
    what the run exercised."""
    fused = KADModel(scenario, seed=seed, days=days, scale=scale, overrides=overrides)
    plain = _numpy_path(KADModel(scenario, seed=seed, days=days, scale=scale,
                                 overrides=overrides))  # fmt: skip
    if slots is not None:  # start with too few slots: the kernel returns for more
        for model in (fused, plain):
            model.tourism.flags = None  # nothing to keep before the first day
            model.tourism._alloc(slots)
    seen = {"packages used": 0.0, "extensions": 0.0, "events": 0, "grown": 0}
    size = fused.tourism.days_left.shape[0]
    while fused.running:
        fused.step()
        plain.step()
        assert _same(_snapshot(fused), _snapshot(plain)), f"day {fused.day - 1}"
        day = fused.tourism.day
        seen["packages used"] += float(day[0, KT.T_PACKAGES_USED])
        seen["extensions"] += float(day[0, KT.T_EXTENSIONS])
        seen["grown"] += fused.tourism.days_left.shape[0] != size
        size = fused.tourism.days_left.shape[0]
    assert fused.tourism._fast[2] is not None  # the fused path ran
    assert plain.tourism._fast[2] is None
    for name in ("tourism", "umkm", "trade"):
        assert fused.streams[name].bit_generator.state == plain.streams[name].bit_generator.state
    assert (
        fused.tourism.event_rng.bit_generator.state == plain.tourism.event_rng.bit_generator.state
    )
    seen["events"] = fused.tourism.events.held
    return seen


@pytest.mark.parametrize("seed", [1, 5, 11])
def test_fused_day_is_the_numpy_day_baseline(seed):
    seen = _run_both(BASELINE, seed, days=90, scale=0.02)
    assert seen["extensions"] > 0


@pytest.mark.parametrize("seed", [2, 3])
def test_fused_day_is_the_numpy_day_with_promotion(seed):
    """The MoU: the promotion program hands out packages, some used."""
    seen = _run_both(MOU, seed, days=120, scale=0.02)
    assert seen["packages used"] > 0


def test_fused_day_is_the_numpy_day_with_events_and_growing_slots():
    """Cultural events draw extra arrivals from their own stream; starting with one slot,
    the kernel returns for more slots and places the counts it drew without drawing again."""
    seen = _run_both(SCENARIOS / "cultural_events.toml", 4, days=215, scale=0.01,
                     overrides=EVENTS, slots=1)  # fmt: skip
    assert seen["events"] > 0
    assert seen["extensions"] > 0
    assert seen["grown"] > 0
