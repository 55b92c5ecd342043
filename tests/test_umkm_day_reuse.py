"""The UMKM sector's daily step reuses the day before's online status and logit weights while
its inputs stay the same, and opens each day with a jitted kernel, in one call with the day's
trade on packed arrays: all must give bit for bit what recomputing everything every day, and
the two unpacked calls, give."""

import numpy as np
import pytest

from sim.kernels import umkm as K
from sim.model import KADModel

DAYS = 75
SCALE = 0.02
# market access from the first day: e-Peken listings and outlets, whose levers change the
# record of visibility parameters (``vis``) at month starts and when the budget runs out
ACCESS = {
    "programs.market_access.enabled": True,
    "programs.market_access.start_date": "2024-01-01",
    "programs.market_access.budget_rp_per_year": 1e11,
}


def _figures(u) -> list:
    return [u.day, u.tax, u.cash, u.literacy, u.online, u._weight, u._denom, u._mdenom]


def test_reused_weights_equal_weights_recomputed_every_day():
    """A model that reuses the weights and one that recomputes them every day agree bit for
    bit every day, also after a visibility parameter changes mid-month (which the reuse must
    notice); the reuse does happen (else this test would prove nothing)."""
    reuse = KADModel(seed=3, days=DAYS, scale=SCALE, overrides=ACCESS)
    fresh = KADModel(seed=3, days=DAYS, scale=SCALE, overrides=ACCESS)
    refreshes = []
    for t in range(DAYS):
        if t == 1:  # bound on day 0: record which days the reusing model recomputed
            bound = reuse.umkm._umkm_day
            reuse.umkm._umkm_day = lambda souvenir, refresh, run=bound: (
                refreshes.append(refresh) or run(souvenir, refresh)
            )
        if t == 40:  # mid-month (December: days 29-59), in both models
            for m in (reuse, fresh):
                m.umkm.vis[0]["epeken_visibility"] *= 1.5
        fresh.umkm._weights_valid = False
        reuse.step()
        fresh.step()
        for a, b in zip(_figures(reuse.umkm), _figures(fresh.umkm), strict=True):
            assert np.array_equal(a, b), f"day {t}"
    assert refreshes[39] is True  # day 40: the changed parameter was noticed
    assert refreshes.count(False) > DAYS // 2


def test_reuse_notices_firms_that_come_online_between_month_starts():
    """Literacy that grows offline (a negative decay, set on day 40 in both models) brings
    firms with internet across the threshold between month starts: the daily kernel checks
    firm by firm then, a day that moves one across says the weights are stale, and the
    reusing model matches the recomputing one bit for bit."""
    reuse = KADModel(seed=3, days=DAYS, scale=SCALE, overrides=ACCESS)
    fresh = KADModel(seed=3, days=DAYS, scale=SCALE, overrides=ACCESS)
    refreshes = []
    online = []
    for t in range(DAYS):
        if t == 1:
            bound = reuse.umkm._umkm_day
            reuse.umkm._umkm_day = lambda souvenir, refresh, run=bound: (
                refreshes.append(refresh) or run(souvenir, refresh)
            )
        if t == 40:  # mid-month (December: days 29-59), in both models
            for m in (reuse, fresh):
                m.umkm.vis[0]["literacy_decay_per_day"] = -0.02
        fresh.umkm._weights_valid = False
        reuse.step()
        fresh.step()
        online.append(int(reuse.umkm.online.sum()))
        for a, b in zip(_figures(reuse.umkm), _figures(fresh.umkm), strict=True):
            assert np.array_equal(a, b), f"day {t}"
    # refreshed between month starts after the change (refreshes[k] is day k + 1), and
    # firms came online on such days (else the test would prove nothing)
    mid_month = [t for t in range(42, 59) if refreshes[t - 1]]
    assert mid_month
    assert any(online[t] > online[t - 1] for t in mid_month)


def _open_day_arrays(n_s=3):
    rng = np.random.default_rng(7)
    house = rng.random((2, n_s)) * 1e9
    share = rng.random(n_s)
    pools, day, tax = np.zeros((2, n_s)), np.ones((2, 4)), np.ones(2)
    return house, share, pools, day, tax


def test_open_day_gives_the_pools_of_the_numpy_expression():
    house, share, pools, day, tax = _open_day_arrays()
    souvenir = np.array([3.3e6, 1.7e7])
    K.bind_open_day(house, share, pools, day, tax)(souvenir)
    want = house + souvenir[:, None] * share[None, :]
    assert np.array_equal(pools, want)
    assert not day.any() and not tax.any()


@pytest.mark.parametrize(
    "souvenir, error, match",
    [
        (np.zeros(2, dtype=np.float32), TypeError, "souvenir_rp"),
        (np.zeros(3), ValueError, "souvenir_rp"),
    ],
)
def test_open_day_refuses_a_souvenir_array_that_does_not_fit(souvenir, error, match):
    house, share, pools, day, tax = _open_day_arrays()
    run = K.bind_open_day(house, share, pools, day, tax)
    run(np.zeros(2))
    with pytest.raises(error, match=match):
        run(souvenir)


def test_open_day_refuses_pools_of_another_sector_count():
    house, share, pools, day, tax = _open_day_arrays()
    with pytest.raises(ValueError, match="pools"):
        K.bind_open_day(house, share, np.zeros((2, 4)), day, tax)


def _unpacked_day(packed, souvenir_rp, refresh):
    """What the packed core does, as the two calls of the kernels it replaced: the day's
    opening (:func:`sim.kernels.umkm._open_day`), then the day (``_umkm_day``), on the packed
    arrays."""
    arrays = K.unpack_day(packed)
    a = dict(zip((name for name, _ in K.DAY_FIELDS), arrays, strict=True))
    K._open_day(a["house_pools"], souvenir_rp, a["souvenir_share"], a["pools"], a["day"],
                a["tax_by_region"])  # fmt: skip
    return K._umkm_day(*arrays[:-2], refresh)


def _umkm_state(model) -> list:
    u = model.umkm
    return [a.copy() for a in (*_figures(u), u.pools, u.revenue_cum, u.month_profit,
                               model.flows)]  # fmt: skip


@pytest.mark.parametrize("overrides", [{}, ACCESS])
def test_packed_day_equals_the_two_unpacked_calls(overrides, monkeypatch):
    """A run whose UMKM day is the packed core (the sector's) and one whose day is the day's
    opening and the kernel called apart on the same arrays agree bit for bit every day: the
    figures, pools, accounts, flows and the flag of weights kept; and the unpacked arrays are
    the sector's own (else the second run would not move them)."""
    packed = KADModel(seed=4, days=DAYS, scale=SCALE, overrides=overrides)
    first = []
    for _ in range(DAYS):
        packed.step()
        first.append((_umkm_state(packed), packed.umkm._weights_valid))
    apart = KADModel(seed=4, days=DAYS, scale=SCALE, overrides=overrides)
    calls = []

    def unpacked(a, souvenir_rp, refresh):
        calls.append(refresh)
        assert np.shares_memory(K.unpack_day(a)[13], apart.umkm.cash)  # the sector's cash
        return _unpacked_day(a, souvenir_rp, refresh)

    monkeypatch.setattr(K, "_umkm_day_packed", unpacked)
    for t in range(DAYS):
        apart.step()
        state, valid = first[t]
        assert valid == apart.umkm._weights_valid, f"day {t}"
        for a, b in zip(state, _umkm_state(apart), strict=True):
            assert a.tobytes() == b.tobytes(), f"day {t}"
    assert len(calls) == DAYS and calls.count(False) > DAYS // 2  # the reuse path ran too


def test_packed_day_refuses_a_souvenir_array_that_does_not_fit():
    """The packed day checks the tourists' souvenir array as the day's opening did: one it
    has not seen before is checked (dtype, length) before anything runs."""
    model = KADModel(seed=5, days=DAYS, scale=SCALE)
    model.step()
    run = model.umkm._umkm_day
    before = model.umkm.pools.copy()
    for bad, error in ((np.zeros(2, dtype=np.float32), TypeError), (np.zeros(3), ValueError)):
        with pytest.raises(error, match="souvenir_rp"):
            run(bad, True)
    assert np.array_equal(model.umkm.pools, before)
    model.step()  # the tourism sector's own array passes again


def test_packed_day_refuses_an_array_of_another_type():
    """An array that passes the checks of shape and dtype but is not of the packed
    structure's field type (here read-only) stops when the day is bound, naming the field
    (the packing would fail, or compile for other types)."""
    model = KADModel(seed=5, days=DAYS, scale=SCALE)
    u = model.umkm
    house = np.zeros((2, len(u.sectors)))
    args = [u, house, u.souvenir_share, u.var_cost, u.pools, u.mpool, u.outside, u.vis,
            u._weight, u._denom, u._mdenom, model.flows, u.tax, u.day, u._chan]  # fmt: skip
    K.bind_open_and_day(*args)
    house.flags.writeable = False  # passes the checks of shape and dtype, not the type's
    with pytest.raises(TypeError, match="house_pools"):
        K.bind_open_and_day(*args)


def test_channel_bits_are_the_flags_they_stand_for():
    """The byte a firm the daily kernel reads (``chan``) says online, on e-Peken and in an
    outlet exactly when the firm's columns and today's access say so (e-Peken: online,
    licensed, and a Blitar firm listed while the program gives access)."""
    places = {
        "programs.market_access.outlet_places": 500,
        "programs.market_access.epeken_places": 500,
    }
    model = KADModel(seed=5, days=DAYS, scale=SCALE, overrides=ACCESS | places)
    for _ in range(70):  # the program starts on day 60 (2024-01-01, after the warm-up)
        model.step()
    u = model.umkm
    alive = u.alive == 1
    chan = u._chan
    access = u.vis[0]["epeken_access_today"] > 0.5
    epeken = (u.online == 1) & (u.legal == 1) & ((u.region == 1) | (access & (u.listed == 1)))
    for bit, want in ((K.CH_ONLINE, u.online == 1), (K.CH_EPEKEN, epeken),
                      (K.CH_OUTLET, u.outlet == 1)):  # fmt: skip
        assert np.array_equal((chan & bit) != 0, want & alive)
    listed_blitar = ((chan & K.CH_EPEKEN) != 0) & (u.region == 0)
    assert listed_blitar.any() and (chan & K.CH_OUTLET).any()
    assert not chan[~alive].any()


@pytest.mark.parametrize("packed", [False, True], ids=["day", "open_and_day"])
def test_the_day_wrapper_without_kept_channels_must_refresh_first(packed):
    """``bind_umkm_day`` (and the packed ``bind_open_and_day``) without the channels kept with
    the weights has only a scratch array: a first call that would read it (no refresh) stops
    instead of selling through no channel; after a refresh the scratch holds the channels and
    reuse is allowed."""
    model = KADModel(seed=5, days=DAYS, scale=SCALE, overrides=ACCESS)
    for _ in range(65):
        model.step()
    u = model.umkm
    args = (u.var_cost, u.pools, u.mpool, u.outside, u.vis, u._weight.copy(), u._denom.copy(),
            u._mdenom.copy(), model.flows.copy(), u.tax.copy(), u.day.copy())  # fmt: skip
    if packed:
        house = u.household_pool[:, None] * u.household_share[None, :]
        day = K.bind_open_and_day(u, house, u.souvenir_share, *args)
        souvenir = np.zeros(2)

        def run(refresh):
            return day(souvenir, refresh)
    else:
        run = K.bind_umkm_day(u, *args)
    with pytest.raises(ValueError, match="chan"):
        run(False)
    assert run(True) in (True, False)
    run(False)  # the scratch now holds the channels of the weights in use


def test_the_day_wrapper_refuses_an_outside_option_without_weight():
    """The daily kernel divides by the outside option's weight plus the firms' without
    checking for 0: a zero weight of the outside option (where no firm may be visible) stops
    when the kernel is bound; the sector's own weights pass."""
    model = KADModel(seed=5, days=DAYS, scale=SCALE)
    u = model.umkm
    outside = u.outside.copy()
    outside[1, 0] = 0.0
    scratch = (u._weight.copy(), u._denom.copy(), u._mdenom.copy(), model.flows.copy(),
               u.tax.copy(), u.day.copy())  # fmt: skip
    with pytest.raises(ValueError, match="outside"):
        K.bind_umkm_day(u, u.var_cost, u.pools, u.mpool, outside, u.vis, *scratch)
    K.bind_umkm_day(u, u.var_cost, u.pools, u.mpool, u.outside, u.vis, *scratch)


def test_the_visibility_record_is_floats_in_field_order():
    """The sector writes today's levers through a float64 view of ``vis`` by field position:
    every field must be a float64 at its position."""
    vis = np.zeros(1, dtype=K.UMKM_PARAMS)
    floats = vis.view(np.float64)
    assert floats.shape == (len(K.UMKM_PARAMS.names),)
    for k, name in enumerate(K.UMKM_PARAMS.names):
        floats[:] = 0.0
        floats[k] = 1.0
        assert [vis[0][other] for other in K.UMKM_PARAMS.names] == [
            float(other == name) for other in K.UMKM_PARAMS.names
        ]
