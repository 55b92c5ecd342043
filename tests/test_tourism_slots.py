"""The tourism kernels' slot bookkeeping: the counts they carry from call to call (slots used,
first free slot, deciders, visitors present) agree with counting the slots afresh every day,
arrivals take the lowest free slots, and the checks built on those counts can fail; and the
sector's cached calendar year."""

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from sim.kernels import tourism as KT
from sim.metrics import StockFlowError
from sim.model import KADModel

from .conftest import SCENARIOS

# packages held and used, and the cultural events of late May to July (a second call of the
# arrivals kernel on their days)
OVERRIDES = {
    "programs.promotion.enabled": True,
    "programs.promotion.start_date": "2024-01-01",
    "programs.promotion.package_uptake": 0.3,
}


def _fresh_counts(tourism) -> dict:
    """The counts the kernels keep, counted from the slots themselves."""
    active = tourism.active
    on = np.flatnonzero(active)
    return {
        "deciders": KT.count_deciders(tourism, tourism.n_used),
        "present": on.shape[0],
        "beyond used": int(np.count_nonzero(active[tourism.n_used :])),
        "first free": int(np.flatnonzero(active == 0)[0]),
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_carried_counts_equal_fresh_counts_every_day(seed):
    model = KADModel(SCENARIOS / "cultural_events.toml", seed=seed, days=215, scale=0.01,
                     overrides=OVERRIDES)  # fmt: skip
    tourism = model.tourism
    deciders = []
    while model.running:
        model.step()
        fresh = _fresh_counts(tourism)
        state = tourism.state
        assert state[KT.S_DECIDERS] == fresh["deciders"]
        assert state[KT.S_PRESENT] == fresh["present"]
        assert fresh["beyond used"] == 0
        # no free slot below the kernels' first free one
        assert state[KT.S_FIRST_FREE] <= fresh["first free"]
        assert state[KT.S_ARRIVALS_BLITAR] == state[KT.S_ARRIVALS_SURABAYA] == 0
        assert tourism.visitors_error() == 0.0
        deciders.append(fresh["deciders"])
    # the run exercised what is checked: deciders, packages used, events' extra arrivals
    assert max(deciders) > 0
    assert model.tourism.events.held > 0


def _slots(active: list[int], size: int = 12) -> SimpleNamespace:
    """Visitor slots as the kernels want them, the first ``len(active)`` used."""
    flags = np.zeros((KT.N_FLAGS, size), dtype=np.int8)
    flags[KT.F_ACTIVE, : len(active)] = active
    state = np.zeros(KT.N_STATE, dtype=np.int64)
    state[KT.S_USED] = len(active)
    columns = {name: flags[k] for k, name in enumerate(KT.FLAG_COLUMNS)}
    return SimpleNamespace(flags=flags, days_left=np.zeros(size, dtype=np.int64), state=state,
                           acc=np.zeros(KT.N_ACC), **columns)  # fmt: skip


def _tp(overnight_share: float, nights_mean: float = 2.0) -> np.ndarray:
    tp = np.zeros(1, dtype=KT.TOURISM_PARAMS)
    for region in ("blitar", "surabaya"):
        tp[0][f"{region}_overnight_share"] = overnight_share
        tp[0][f"{region}_nights_mean"] = nights_mean
    return tp


def test_arrivals_take_the_lowest_free_slots_then_new_ones():
    v = _slots([1, 0, 1, 0, 0, 1])
    # 4 arrivals, 3 in Surabaya: day visitors (overnight uniform 0.9 >= share 0.5) but the
    # second; the first holds a package (package uniform 0.1 < uptake 0.5)
    u = np.array([0.9, 0.2, 0.9, 0.9] + [0.5] * 4 + [0.1, 0.7, 0.7, 0.1])
    KT.place_arrivals(v, u, 3, 0.5, _tp(0.5))
    assert np.flatnonzero(v.active).tolist() == [0, 1, 2, 3, 4, 5, 6]
    placed = [1, 3, 4, 6]
    assert v.loc[placed].tolist() == v.from_sby[placed].tolist() == [1, 1, 1, 0]
    assert v.package[placed].tolist() == [1, 0, 0, 0]  # Blitar's arrivals hold none
    assert v.days_left[placed].tolist()[0] == 1 and v.days_left[3] > 1
    assert v.fresh[placed].tolist() == [1] * 4
    state = v.state
    assert state[KT.S_USED] == 7 and state[KT.S_FIRST_FREE] == 7
    assert state[KT.S_DECIDERS] == 2  # Surabaya's two day visitors decide today
    assert (state[KT.S_ARRIVALS_SURABAYA], state[KT.S_ARRIVALS_BLITAR]) == (3, 1)
    # the count the kernel carries is the count of the slots
    assert KT.count_deciders(v, 7) == 2


def test_arrivals_beyond_the_slots_stop():
    v = _slots([1] * 10, size=12)
    with pytest.raises(ValueError, match="free slots"):
        KT.place_arrivals(v, np.zeros(9), 3, 0.0, _tp(0.5))


def test_one_draw_of_three_n_uniforms_is_three_draws_of_n():
    """The sector draws its arrivals' three uniforms per arrival in one call: the same numbers
    as the three calls of n (each uniform takes one 64-bit output of the bit generator)."""
    for seed in range(20):
        a, b = np.random.default_rng(seed), np.random.default_rng(seed)
        n = 17 + seed
        one = a.random(3 * n)
        three = np.concatenate([b.random(n), b.random(n), b.random(n)])
        assert np.array_equal(one.view(np.int64), three.view(np.int64))
        assert a.bit_generator.state == b.bit_generator.state


def _stepped(days: int = 70) -> KADModel:
    model = KADModel(seed=3, days=days + 1, scale=0.02)
    for _ in range(days):
        model.step()
    return model


def test_the_visitors_check_counts_the_slots():
    """A visitor lost from the slots (its flag cleared, no departure) fails the day's
    stock-flow check."""
    model = _stepped()
    tourism = model.tourism
    assert tourism.visitors_error() == 0.0
    # a visitor in Blitar: not one of tomorrow's deciders
    lost = np.flatnonzero((tourism.active == 1) & (tourism.loc == 0))[0]
    tourism.active[lost] = 0
    with pytest.raises(StockFlowError, match="goods"):
        model.step()
    assert tourism.visitors_error() > 0.0


def test_uniforms_for_the_wrong_number_of_deciders_stop_the_day():
    model = _stepped()
    model.tourism.state[KT.S_DECIDERS] += 1
    with pytest.raises(ValueError, match="deciders"):
        model.step()


def test_uniforms_for_too_few_deciders_stop_the_day():
    model = _stepped()
    deciders = model.tourism.state[KT.S_DECIDERS]
    assert deciders > 0
    model.tourism.state[KT.S_DECIDERS] = deciders - 1
    with pytest.raises(ValueError, match="deciders"):
        model.step()


def test_the_cached_calendar_year_is_the_built_one_and_read_only():
    from sim.calendar import _calendar, build_calendar, calendar_year

    for year, days in ((2024, 366), (2025, 365)):  # a leap year and a common one
        # built afresh, past the cache that build_calendar and calendar_year share
        cached, built = calendar_year(year), _calendar.__wrapped__(dt.date(year, 1, 1), days)
        assert build_calendar(f"{year}-01-01", days) is cached
        assert cached is calendar_year(year)
        assert cached.dates == built.dates
        for name in ("is_holiday", "is_weekend", "day_of_year"):
            assert np.array_equal(getattr(cached, name), getattr(built, name))
        with pytest.raises(ValueError, match="read-only"):
            cached.is_holiday[0] = not cached.is_holiday[0]


def test_the_parameter_records_floats_are_its_fields():
    """The sector writes today's parameters through a float64 view of the record, by
    ``KT.TP``: each position is its field."""
    tp = np.zeros(1, dtype=KT.TOURISM_PARAMS)
    floats = tp.view(np.float64)
    assert floats.shape == (len(KT.TOURISM_PARAMS.names),)
    for name, k in KT.TP.items():
        floats[:] = 0.0
        floats[k] = 1.0
        assert [tp[0][other] for other in KT.TP] == [float(other == name) for other in KT.TP]
