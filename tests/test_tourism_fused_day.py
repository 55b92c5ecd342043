"""The tourism sector's day in one kernel call (:func:`sim.kernels.tourism._tourism_day`) is
bit for bit the day drawn by numpy's calls and the two kernels in turn (the sector's fallback
path, the code that ran before): the Poisson port draws numpy's counts and leaves the
generator where numpy would, and whole runs agree on every slot, sum and stream state."""

import copy
import math

import numpy as np
import pytest
from numba import njit

from sim.kernels import tourism as KT
from sim.kernels.pcg64 import jump, jump_words, state_words
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
        for a, b in ((fused.streams["tourism"], plain.streams["tourism"]),
                     (fused.tourism.event_rng, plain.tourism.event_rng)):  # fmt: skip
            assert a.bit_generator.state == b.bit_generator.state, f"day {fused.day - 1}"
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


# ---------------------------------------------------------------- the kernels as they were
# main's two kernels (f48aad6: the arrivals scanned the slots for vacant ones; no list of
# them, no visitors' error kept by the kernel), and the sector's Python around them, to hold
# the fused day against the code it replaced


@njit
def _old_place_arrivals(flags, days_left, u, n_sby, package_uptake, tp, state):
    """main's (f48aad6) :func:`sim.kernels.tourism._place_arrivals`."""
    n = u.shape[0] // 3
    used, i = state[KT.S_USED], state[KT.S_FIRST_FREE]
    if used + n > flags.shape[1]:
        raise ValueError("tourism: more arrivals than free slots")
    active, loc, from_sby = flags[KT.F_ACTIVE], flags[KT.F_LOC], flags[KT.F_FROM_SBY]
    extended, package, fresh = flags[KT.F_EXTENDED], flags[KT.F_PACKAGE], flags[KT.F_FRESH]
    par = tp[0]
    share_b, share_s = par.blitar_overnight_share, par.surabaya_overnight_share
    log_b, log_s = KT.log_stay_on(par.blitar_nights_mean), KT.log_stay_on(par.surabaya_nights_mean)
    deciders = 0
    for k in range(n):
        while i < used and active[i] != 0:
            i += 1
        if i == used:  # no vacant slot left below: a never used one
            used += 1
        if k < n_sby:
            d = KT.stay_days_log(u[k], u[n + k], share_s, log_s, 0.0)
            loc[i] = 1
            from_sby[i] = 1
            package[i] = 1 if u[2 * n + k] < package_uptake else 0
            if d == 1:
                deciders += 1
        else:
            d = KT.stay_days_log(u[k], u[n + k], share_b, log_b, 0.0)
            loc[i] = 0
            from_sby[i] = 0
            package[i] = 0
        days_left[i] = d
        active[i] = 1
        extended[i] = 0
        fresh[i] = 1
        i += 1
    state[KT.S_USED] = used
    state[KT.S_FIRST_FREE] = i
    state[KT.S_DECIDERS] += deciders
    state[KT.S_ARRIVALS_SURABAYA] += n_sby
    state[KT.S_ARRIVALS_BLITAR] += n - n_sby


@njit
def _old_tourists_day(flags, days_left, u, tp, day, acc, state, flows):
    """main's (f48aad6) :func:`sim.kernels.tourism._tourists_day`."""
    if u.shape[0] != 4 * state[KT.S_DECIDERS]:
        raise ValueError("tourism: uniforms drawn for another number of deciders")
    active, loc, from_sby = flags[KT.F_ACTIVE], flags[KT.F_LOC], flags[KT.F_FROM_SBY]
    extended, package, fresh = flags[KT.F_EXTENDED], flags[KT.F_PACKAGE], flags[KT.F_FRESH]
    # today's parameters and amounts, read once: the day's sums are kept in locals and stored
    # at the end (a store into an array makes numba reload every array it could alias)
    par = tp[0]
    bp = par.blitar_price_level
    food, souvenir = par.food_rp_per_day, par.souvenir_rp_per_day
    lodging, attraction = par.lodging_rp_per_night, par.attraction_rp_per_visit
    food_b, souvenir_b = food * bp, souvenir * bp
    lodging_b, attraction_b = lodging * bp, attraction * bp
    aware = par.awareness_today
    valid = par.package_valid > 0.0
    p_plain = 1.0 / (1.0 + math.exp(-par.extension_logit_today))
    x_pkg = par.extension_logit_today + par.package_logit_bonus
    p_pkg = 1.0 / (1.0 + math.exp(-x_pkg))
    share_b, log_b = par.blitar_overnight_share, KT.log_stay_on(par.blitar_nights_mean)
    extra = par.package_extra_nights
    # by region: visitor-days, food, souvenirs, lodging, attractions (Rp), departures
    vd_b = food_sb = souv_b = lodg_b = attr_b = dep_b = 0.0
    vd_s = food_s = souv_s = lodg_s = attr_s = dep_s = 0.0
    extensions = packages_used = returning = 0.0
    k = 0
    deciders = present = 0
    first_free = state[KT.S_FIRST_FREE]
    for i in range(state[KT.S_USED]):
        if active[i] == 0:
            continue
        r = loc[i]
        stays = days_left[i] > 1
        if r == 0:
            vd_b += 1.0
            food_sb += food_b
            souv_b += souvenir_b
            if stays:
                lodg_b += lodging_b
            if fresh[i] == 1:
                attr_b += attraction_b
        else:
            vd_s += 1.0
            food_s += food
            souv_s += souvenir
            if stays:
                lodg_s += lodging
            if fresh[i] == 1:
                attr_s += attraction
        fresh[i] = 0
        days_left[i] -= 1
        if stays:
            # tomorrow's deciders: the last day of a Surabaya stay that may go on to Blitar
            if days_left[i] == 1 and r == 1 and from_sby[i] == 1 and extended[i] == 0:
                deciders += 1
            present += 1
            continue
        if r == 1 and from_sby[i] == 1 and extended[i] == 0:
            if k + 4 > u.shape[0]:  # before reading past the uniforms
                raise ValueError("tourism: the deciders counted and found differ")
            pkg = package[i] == 1 and valid
            u_aware, u_extend, u_overnight, u_nights = u[k], u[k + 1], u[k + 2], u[k + 3]
            k += 4
            if u_aware < aware and u_extend < (p_pkg if pkg else p_plain):
                extended[i] = 1
                loc[i] = 0
                fresh[i] = 1
                days_left[i] = KT.stay_days_log(
                    u_overnight, u_nights, share_b, log_b, extra if pkg else 0.0
                )
                extensions += 1.0
                if pkg:
                    packages_used += 1.0
                present += 1
                continue
        if r == 0:
            if from_sby[i] == 1:
                returning += 1.0
            dep_b += 1.0
        else:
            dep_s += 1.0
        active[i] = 0
        if i < first_free:
            first_free = i
    if k != u.shape[0]:
        raise ValueError("tourism: the deciders counted and found differ")
    day[:, :] = 0.0
    for r in range(2):
        day[r, KT.T_ARRIVALS] = state[KT.S_ARRIVALS_BLITAR + r]
    day[0, KT.T_VISITOR_DAYS], day[1, KT.T_VISITOR_DAYS] = vd_b, vd_s
    day[0, KT.T_FOOD], day[1, KT.T_FOOD] = food_sb, food_s
    day[0, KT.T_SOUVENIR], day[1, KT.T_SOUVENIR] = souv_b, souv_s
    day[0, KT.T_LODGING], day[1, KT.T_LODGING] = lodg_b, lodg_s
    day[0, KT.T_ATTRACTION], day[1, KT.T_ATTRACTION] = attr_b, attr_s
    day[0, KT.T_DEPARTURES], day[1, KT.T_DEPARTURES] = dep_b, dep_s
    day[0, KT.T_ARRIVALS] += extensions
    day[0, KT.T_EXTENSIONS] = extensions
    day[0, KT.T_PACKAGES_USED] = packages_used
    day[0, KT.T_RETURNING] = returning
    state[KT.S_ARRIVALS_BLITAR] = state[KT.S_ARRIVALS_SURABAYA] = 0
    state[KT.S_DECIDERS] = deciders
    state[KT.S_PRESENT] = present
    state[KT.S_FIRST_FREE] = first_free
    acc[KT.A_DEPARTED] += dep_b + dep_s
    KT._settle(day, tp, acc, flows)


def _old_day(flags, days_left, u, tp, day, acc, state, flows, free):
    """main's tourists' day, and its sector's visitors' error (in Python, from the counts)."""
    _old_tourists_day(flags, days_left, u, tp, day, acc, state, flows)
    arrived, present = float(acc[KT.A_ARRIVED]), float(state[KT.S_PRESENT])
    departed = float(acc[KT.A_DEPARTED])
    acc[KT.A_VISITORS_ERROR] = abs(arrived - departed - present) / max(arrived, 1.0)


@pytest.mark.parametrize(("scenario", "seed"), [(BASELINE, 3), (MOU, 4)])
def test_fused_day_is_mains_day(scenario, seed, monkeypatch):
    """Every day, bit for bit: the fused day against main's kernels on numpy's draws."""
    fused = KADModel(scenario, seed=seed, days=120, scale=0.02)
    old = _numpy_path(KADModel(scenario, seed=seed, days=120, scale=0.02))
    monkeypatch.setattr(KT, "_place_arrivals", _old_place_arrivals)
    monkeypatch.setattr(KT, "_tourists_day", _old_day)
    used = 0.0
    while fused.running:
        fused.step()
        old.step()
        assert _same(_snapshot(fused), _snapshot(old)), f"day {fused.day - 1}"
        used += float(fused.tourism.day[0, KT.T_PACKAGES_USED])
    assert fused.tourism._fast[2] is not None
    assert scenario is BASELINE or used > 0


@pytest.mark.parametrize("k", [1, 2, 3, 7])
def test_a_jump_leaves_the_generator_where_drawing_would(k):
    """The deciders' skipped uniforms: a jump of k steps is k draws, for many states."""
    for seed in range(200):
        rng = np.random.default_rng(seed)
        jumped, drawn = copy.deepcopy(rng), copy.deepcopy(rng)
        words = state_words(jumped)
        # the constants as the kernel holds them: uint64 (Python ints would come back int64)
        jump(words, *(np.uint64(c) for c in jump_words(words, k)))
        drawn.random(k)
        assert jumped.bit_generator.state == drawn.bit_generator.state
        assert jumped.random() == drawn.random()
