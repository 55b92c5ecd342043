"""The kernels' public wrappers take populations whole and refuse arrays that do not fit them
(a swapped, mistyped or strided array would otherwise compile and run)."""

import copy

import numpy as np
import pytest

from sim.kernels import accounting as KA
from sim.kernels import farm as KF
from sim.kernels import market as KM
from sim.kernels import trade as KT
from sim.model import KADModel


@pytest.fixture(scope="module")
def sector():
    model = KADModel(days=5, scale=0.01)
    for _ in range(3):
        model.step()
    return model.trade


def test_a_mistyped_column_is_refused_by_name(sector):
    farmers = copy.deepcopy(sector.farmers)
    farmers.cash = farmers.cash.astype(np.float32)
    with pytest.raises(TypeError, match="farmers.cash"):
        KT.purchase(farmers, sector.traders, sector.direct_idx, sector.cpar, sector.daily,
                    sector._offer_kg, sector._held)  # fmt: skip


@pytest.mark.parametrize("bad", [-1, "n"])
def test_a_trader_index_outside_the_traders_is_refused(sector, bad):
    # the purchase indexes traders without wrapping negative indices: both ends are checked
    farmers = copy.deepcopy(sector.farmers)
    farmers.trader[5] = -1 if bad == -1 else len(sector.traders)
    with pytest.raises(ValueError, match="farmers.trader"):
        KT.bind_purchase(farmers, sector.traders, sector.direct_idx, sector.daily,
                         sector._offer_kg, sector._held)  # fmt: skip
    direct_idx = sector.direct_idx.copy()
    direct_idx[0] = -1 if bad == -1 else len(sector.traders)
    with pytest.raises(ValueError, match="direct_idx"):
        KT.bind_purchase(sector.farmers, sector.traders, direct_idx, sector.daily,
                         sector._offer_kg, sector._held)  # fmt: skip


def test_a_short_column_is_refused(sector):
    traders = copy.deepcopy(sector.traders)
    traders.margin = traders.margin[:-1].copy()
    with pytest.raises(ValueError, match="traders.margin"):
        KT.arrive(3, traders)


def test_swapped_draws_of_another_population_are_refused(sector):
    # the traders' draws in the farmers' place: same dtype, wrong length
    with pytest.raises(ValueError, match="noise_z"):
        KF.spoil_and_produce(3, 100, sector.farmers, sector._z_trader, sector._u_shock,
                             sector.cpar, sector.goods, sector.flows, sector._offer_kg,
                             sector._held)  # fmt: skip


def test_a_strided_view_is_refused(sector):
    wide = np.zeros((len(sector.farmers), 2))
    with pytest.raises(TypeError, match="review_u"):
        KF.choose_channels(3, sector.farmers, sector.traders, sector._fg_direct, wide[:, 0],
                           sector.cpar, sector.daily)  # fmt: skip


def test_plain_parameter_columns_are_refused(sector):
    columns = sector.cpar.view(np.float64).reshape(len(sector.cpar), -1)
    with pytest.raises(TypeError, match="cpar"):
        KM.clear_markets(3, sector.traders, sector.retail_cash, sector.p_hist, columns,
                         sector.goods, sector.flows, sector.daily)  # fmt: skip


def test_wrapper_and_bound_kernel_agree(sector):
    """The checked wrapper and the bound form the sector calls daily run the same core."""
    runs = []
    for bound in (False, True):
        f, tr = copy.deepcopy(sector.farmers), copy.deepcopy(sector.traders)
        stocks = np.zeros_like(sector.stocks)
        if bound:
            KF.bind_adjust_capacity(f)(7, sector.cpar)
            KA.bind_goods_in_stock(f, sector._offer_kg, tr, stocks)(0, every_row=True)
        else:
            KF.adjust_capacity(7, f, sector.cpar)
            KA.goods_in_stock(f, sector._offer_kg, tr, stocks)
        runs.append((f.cap_plan, stocks))
    assert np.array_equal(runs[0][0], runs[1][0])
    assert np.array_equal(runs[0][1], runs[1][1])
    assert runs[0][1].sum() > 0.0


def test_umkm_and_tourism_wrappers_check_their_populations():
    from types import SimpleNamespace

    from sim.kernels import tourism as KT
    from sim.kernels import umkm as KU

    model = KADModel(days=3, scale=0.01)
    model.step()
    umkm, tourism = model.umkm, model.tourism
    firms = SimpleNamespace(**{name: getattr(umkm, name).copy() for name in KU.FIRM_COLUMNS})
    firms.legal = firms.legal.astype(np.int64)  # a licence flag of the wrong width
    with pytest.raises(TypeError, match="umkm.legal"):
        KU.offer_weights(
            firms, umkm.vis, umkm._weight.copy(), umkm._denom.copy(), umkm._mdenom.copy()
        )
    with pytest.raises(ValueError, match="used"):
        KT.count_deciders(tourism, tourism.active.shape[0] + 1)
    u = np.zeros(4 * tourism.state[KT.S_DECIDERS])
    with pytest.raises(TypeError, match="tp"):
        KT.tourists_day(tourism, u, np.zeros(11), tourism.day.copy(), model.flows.copy())
    with pytest.raises(ValueError, match="deciders"):
        KT.tourists_day(tourism, np.zeros(u.shape[0] + 4), tourism.tp, tourism.day.copy(),
                        model.flows.copy())  # fmt: skip
    with pytest.raises(ValueError, match="3 per arrival"):
        KT.place_arrivals(tourism, np.zeros(4), 1, 0.0, tourism.tp)
    with pytest.raises(ValueError, match="n_sby"):
        KT.place_arrivals(tourism, np.zeros(3), 2, 0.0, tourism.tp)
    # the flag columns must be the rows the kernels read
    columns = {name: getattr(tourism, name) for name in (*KT.VISITOR_COLUMNS, "state", "acc")}
    detached = SimpleNamespace(**columns, flags=tourism.flags.copy())
    with pytest.raises(ValueError, match="tourism.active"):
        KT.count_deciders(detached, tourism.n_used)
    # the checked wrapper runs the same core as the sector
    n = KT.count_deciders(tourism, tourism.n_used)
    used = tourism.n_used
    assert n == KT._count_deciders(tourism.active[:used], tourism.loc[:used],
                                   tourism.days_left[:used], tourism.from_sby[:used],
                                   tourism.extended[:used])  # fmt: skip


def _candidates() -> list:
    """Arrays numba types in different ways: dtype, dimensions, order, strides, flags,
    byte order, subclasses, and things that are not arrays."""
    base = np.arange(24, dtype=np.float64)
    read_only = base.copy()
    read_only.flags.writeable = False
    unaligned = np.frombuffer(b"\0" + base.tobytes(), dtype=np.float64, count=24, offset=1)
    return [
        base, base.reshape(4, 6), base.reshape(2, 3, 4), base.reshape(4, 6).T,
        np.asfortranarray(base.reshape(4, 6)), base[::2], base.astype(np.float32),
        base.astype(np.int64), base.astype(np.int8), base.astype(np.uint64),
        base.astype(">f8"), read_only, unaligned, base[:0], np.zeros((0, 3)),
        np.ma.masked_array(base), base.tolist(), 3.0, None,
    ]  # fmt: skip


@pytest.mark.parametrize("field", ["f8_1", "f8_2", "f8_3", "i8_1", "i1_1", "u8_1"])
def test_check_fields_gives_numbas_verdict(field):
    """The fast check of a packed structure's arrays accepts exactly what numba's typeof
    types as the field's type, and names the field it refuses."""
    from numba import typeof, types

    from sim.kernels.checks import check_fields
    from sim.kernels.trade_day import TradeDayArraysType

    kinds = {"f8": types.float64, "i8": types.int64, "i1": types.int8, "u8": types.uint64}
    kind, ndim = field.split("_")
    expected = types.Array(kinds[kind], int(ndim), "C")
    struct = TradeDayArraysType([(field, expected)])
    accepted = 0
    for value in _candidates():
        try:
            same = typeof(value) == expected
        except Exception:  # noqa: BLE001 - numba types nothing for it (None, >f8, masked)
            same = False
        if same:
            check_fields(struct, (value,))
            accepted += 1
        else:
            with pytest.raises(TypeError, match=field):
                check_fields(struct, (value,))
    assert accepted >= 1  # some candidate has the field's type
    with pytest.raises(ValueError, match="expected 1 arrays"):
        check_fields(struct, ())


def _odd_fields() -> dict:
    """Fields that are not C-contiguous, writable, aligned arrays, by name: their numba type
    and a value of it."""
    from numba import typeof

    from sim.kernels import umkm

    read_only = np.arange(4.0)
    read_only.flags.writeable = False
    vis = np.zeros(1, dtype=umkm.UMKM_PARAMS)  # a packed record dtype (the UMKM day's vis)
    return {
        "read_only": (typeof(read_only), read_only),
        "vis": (typeof(vis), vis),
        "kinds": (typeof((1, 2)), (1, 2)),  # the drawn day's draws' kinds
    }


@pytest.mark.parametrize("field", ["read_only", "vis", "kinds"])
def test_check_fields_hands_other_fields_to_typeof(field):
    """A field that is not a plain array is checked by numba's typeof: its own value passes,
    every other candidate (plain arrays of its dtype included) is refused by name."""
    from numba import typeof

    from sim.kernels.checks import check_fields
    from sim.kernels.trade_day import TradeDayArraysType

    expected, value = _odd_fields()[field]
    struct = TradeDayArraysType([(field, expected)])
    check_fields(struct, (value,))
    others = [v for k, (_, v) in _odd_fields().items() if k != field]
    for other in [*_candidates(), *others]:
        try:
            same = typeof(other) == expected
        except Exception:  # noqa: BLE001 - numba types nothing for it
            same = False
        if not same:
            with pytest.raises(TypeError, match=field):
                check_fields(struct, (other,))
