"""The recorder's daily kernel (sim.kernels.accounting) gives numpy's and the Python rules'
numbers bit for bit: numpy's pairwise sums, the surpluses, the stock-flow errors (NaN kept)."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from sim.kernels import accounting as KA
from sim.kernels import layout as L
from sim.metrics import (
    consumer_surplus_rp,
    other_markets_buyers_surplus_rp,
    other_origins_surplus_rp,
)

from .conftest import BASELINE, run_model

LENGTHS = [*range(0, 300), 383, 1000, 1024, 1031, 2319, 4801, 8192, 8199, 23_190, 48_010, 100_003]


def test_np_sum_is_numpys_sum_bit_for_bit():
    rng = np.random.default_rng(7)
    frames, lefts = KA.sum_stack()
    for n in LENGTHS:
        # magnitudes over 12 decades: any other order of additions shows in the last bits
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 9, n)
        assert KA.np_sum(a, frames, lefts) == a.sum(), n


def test_np_sum_differs_from_a_plain_loop():
    """The order matters: a left-to-right loop gives other bits (so the test above can fail)."""
    rng = np.random.default_rng(8)
    a = rng.standard_normal(4801) * 10.0 ** rng.integers(-3, 9, 4801)
    loop = 0.0
    for v in a.tolist():
        loop += v
    frames, lefts = KA.sum_stack()
    assert KA.np_sum(a, frames, lefts) == a.sum() != loop


def test_np_sum_keeps_nan():
    a = np.ones(1000)
    a[617] = np.nan
    assert np.isnan(KA.np_sum(a, *KA.sum_stack()))


@pytest.mark.filterwarnings("ignore:invalid value encountered")
@pytest.mark.parametrize("n", [1, 7, 8, 9, 128, 129, 1000])
def test_np_sum_signed_zeros_and_infinities_as_numpy(n):
    """Zero sums and infinite terms come out as numpy's, compared bit for bit (the sign of a
    zero included): all -0.0, mixed -0.0 and +0.0, one +inf, and +inf with -inf (NaN)."""
    frames, lefts = KA.sum_stack()
    cases = [np.full(n, -0.0), np.where(np.arange(n) % 2, -0.0, 0.0), np.ones(n)]
    cases[2][n // 2] = np.inf
    both = np.zeros(n)
    both[0], both[-1] = np.inf, -np.inf
    cases.append(both)
    for a in cases:
        ours, theirs = KA.np_sum(a, frames, lefts), a.sum()
        assert np.array([ours]).view(np.int64) == np.array([theirs]).view(np.int64), a[:3]


def _cpar(rng, n_c: int, demand_elasticity=None) -> np.ndarray:
    cpar = np.zeros(n_c, dtype=L.COMMODITY_PARAMS)
    cpar["wholesale_reference_price_rp_per_kg"] = rng.uniform(5e3, 5e4, n_c)
    cpar["retail_markup"] = rng.uniform(1.05, 1.4, n_c)
    cpar["demand_elasticity"] = (
        rng.uniform(-1.5, -0.1, n_c) if demand_elasticity is None else demand_elasticity
    )
    cpar["demand_today_kg_per_day"] = rng.uniform(1e3, 1e5, n_c)
    cpar["other_supply_elasticity"] = rng.uniform(0.0, 1.0, n_c)
    cpar["other_supply_kg_per_day"] = rng.uniform(1e3, 1e5, n_c)
    cpar["elsewhere_price_today_rp_per_kg"] = rng.uniform(5e3, 5e4, n_c)
    return cpar


def test_surpluses_are_the_python_rules_bit_for_bit():
    rng = np.random.default_rng(9)
    for _ in range(200):
        n_c = int(rng.integers(1, 4))
        cpar = _cpar(rng, n_c)
        daily = np.zeros((n_c, L.N_D))
        daily[:, L.D_PRICE] = cpar["wholesale_reference_price_rp_per_kg"] * rng.uniform(0.3, 2.5)
        flex = rng.uniform(-1.9, 0.0, n_c)
        flex[rng.random(n_c) < 0.2] = 0.0
        flex[rng.random(n_c) < 0.3] = -1.0  # the default: the logarithmic branch
        trade = SimpleNamespace(
            commodity_params=[{"elsewhere_price_flexibility": float(f)} for f in flex],
            else_ref_kg=rng.uniform(0.0, 1e5, n_c),
            else_avg_kg=rng.uniform(0.0, 1e5, n_c),
            cpar=cpar,
        )
        assert KA._consumer_surplus(cpar, daily) == consumer_surplus_rp(cpar, daily)
        assert KA._other_origins_surplus(cpar, daily) == other_origins_surplus_rp(cpar, daily)
        parts = np.empty((KA.N_OMB, n_c))
        KA._other_markets_parts(cpar, flex, trade.else_ref_kg, trade.else_avg_kg, parts)
        got = KA.other_markets_total(parts)
        assert got == other_markets_buyers_surplus_rp(trade)


def test_the_other_markets_surplus_takes_libms_log_on_every_cpu():
    """At flexibility -1 the surplus is ``ref * p0 * (-f * ln x)`` with the C library's log
    (``math.log``) in both the kernel and the Python rule, never numpy's: numpy's log takes a
    SIMD path of its own on CPUs with AVX-512 that differs from libm's in the last bit on ~0.1%
    of values (2,517 of 2,000,000 on one such machine), which made the recorded series depend
    on the CPU. On such a CPU the values where the two logs differ are among those tested;
    the test counts them (none on a CPU without AVX-512, where numpy calls libm)."""
    rng = np.random.default_rng(4)
    xs = rng.uniform(0.05, 3.0, 5_000)
    differ = int(np.count_nonzero(np.log(xs) != np.array([math.log(x) for x in xs.tolist()])))
    cpar = _cpar(rng, 1)
    for x in xs.tolist():
        trade = SimpleNamespace(
            commodity_params=[{"elsewhere_price_flexibility": -1.0}],
            else_ref_kg=np.ones(1),  # x is the sales themselves, exactly
            else_avg_kg=np.array([x]),
            cpar=cpar,
        )
        parts = np.empty((KA.N_OMB, 1))
        KA._other_markets_parts(cpar, np.array([-1.0]), trade.else_ref_kg, trade.else_avg_kg,
                                parts)  # fmt: skip
        assert parts[KA.OMB_X, 0] == x
        libm = 0.0 + parts[KA.OMB_COEF, 0] * (1.0 * math.log(x))
        got = KA.other_markets_total(parts)
        assert got == libm == other_markets_buyers_surplus_rp(trade), (x, differ)


def test_other_markets_totals_of_a_block_are_each_days_own():
    """The other markets' buyers' surplus added up for a block of days is bit for bit each
    day's total on its own."""
    rng = np.random.default_rng(11)
    for n_c in (1, 2, 3, 5):
        days = 97
        omb = np.empty((KA.N_OMB, days, n_c))
        omb[KA.OMB_X] = rng.uniform(1e-9, 3.0, (days, n_c))
        omb[KA.OMB_TERM] = rng.standard_normal((days, n_c)) * 1e9
        omb[KA.OMB_COEF] = rng.uniform(1e3, 1e12, (days, n_c))
        log_branch = rng.random((days, n_c)) < 0.6
        omb[KA.OMB_NEGF] = np.where(log_branch, 1.0, np.nan)
        raw = np.full((days, 3), -1.0)
        a, b = 4, days - 3
        KA.other_markets_totals(omb, raw, 1, a, b)
        for t in range(a, b):
            row = np.ascontiguousarray(omb[:, t])
            expected = KA.other_markets_total(row)
            assert raw[t, 1].tobytes() == np.float64(expected).tobytes(), (n_c, t)
            terms = [row[KA.OMB_TERM, c] if not log_branch[t, c]
                     else row[KA.OMB_COEF, c] * (1.0 * math.log(row[KA.OMB_X, c]))
                     for c in range(n_c)]  # fmt: skip
            assert expected == sum(terms, 0.0), (n_c, t)
        assert (raw[:a] == -1.0).all() and (raw[b:] == -1.0).all()  # only days a .. b-1
        assert (raw[:, [0, 2]] == -1.0).all()  # nothing else


def test_consumer_log_branch_is_left_to_the_python_rule():
    """At a demand elasticity of -1 the kernel returns NaN: the recorder calls the Python
    rule (with the C library's log, math.log)."""
    rng = np.random.default_rng(10)
    cpar = _cpar(rng, 2, demand_elasticity=-1.0)
    daily = np.zeros((2, L.N_D))
    daily[:, L.D_PRICE] = 1e4
    assert np.isnan(KA._consumer_surplus(cpar, daily))


def test_recorded_surpluses_at_unit_elasticities():
    """A run with the demand elasticity at -1 (and the default flexibility -1) records the
    Python rules' surpluses."""
    m = run_model(BASELINE, days=10, scale=0.02, **{"commodities.eggs.demand_elasticity": -1.0})
    assert len(m.recorder.g) > 0  # derived: the other markets' surplus is added up
    raw = m.recorder._raw[m.day - 1]
    col = {name: j for j, name in enumerate(KA.RECORDED)}
    assert raw[col["consumer_surplus"]] == consumer_surplus_rp(m.cpar, m.daily)
    assert raw[col["other_markets_buyers_surplus"]] == other_markets_buyers_surplus_rp(m.trade)
    assert raw[col["other_origins_surplus"]] == other_origins_surplus_rp(m.cpar, m.daily)


def _errors_in_python(m):
    """The stock-flow errors as the model computed them before the kernel (numpy sums)."""
    held = m.trade.stocks.sum(axis=1)
    errors = [m.tourism.visitors_error()]
    for c in range(m.goods.shape[0]):
        g = m.goods[c]
        accounted = held[c] + g[L.G_SOLD_CONSUMERS] + g[L.G_SOLD_ELSEWHERE] + g[L.G_LOST_FARM]
        accounted = accounted + g[L.G_LOST_BREAKAGE] + g[L.G_LOST_TRANSIT] + g[L.G_LOST_MARKET]
        errors.append(abs(g[L.G_PRODUCED] - accounted) / max(g[L.G_PRODUCED], 1e-300))
    goods = np.nan if any(np.isnan(e) for e in errors) else max(errors)
    fl = m.flows
    cash = m.trade.cash() + m.surabaya.cash_rp + m.blitar.cash_rp
    cash = cash + m.umkm.cash.sum() + m.tourism.business_cash.sum()
    inflow = fl[L.F_CONSUMERS_IN] + fl[L.F_ELSEWHERE_IN] + fl[L.F_APPROPRIATION_IN]
    inflow = inflow + fl[L.F_UMKM_SALES_IN] + fl[L.F_TOURIST_IN]
    outflow = fl[L.F_PRODUCTION_OUT] + fl[L.F_FREIGHT_OUT] + fl[L.F_LAPSE_OUT]
    outflow = outflow + fl[L.F_PROGRAM_OUT] + fl[L.F_UMKM_COSTS_OUT] + fl[L.F_UMKM_EXIT_OUT]
    money = abs(cash - (inflow - outflow)) / max(inflow + outflow, 1e-300)
    return float(goods), float(money)


def test_stock_flow_errors_are_the_python_rules_and_the_recorded_ones():
    m = run_model(BASELINE, days=30, scale=0.02)
    assert m.stock_flow_errors() == _errors_in_python(m)
    assert m.stock_flow_errors() == tuple(m.recorder.g[k][m.day - 1] for k in
                                          ("goods_rel_error", "money_rel_error"))  # fmt: skip
    m.flows[L.F_CONSUMERS_IN] += 1e3  # a leak shows in both, equally
    assert m.stock_flow_errors() == _errors_in_python(m)
    assert m.stock_flow_errors()[1] > 0.0
    m.trade.stocks[0, 1] = np.nan
    goods, _ = m.stock_flow_errors()
    assert np.isnan(goods) and np.isnan(_errors_in_python(m)[0])


def test_recorded_cash_is_numpys_sums():
    m = run_model(BASELINE, days=15, scale=0.02)
    raw = m.recorder._raw[m.day - 1]
    col = {name: j for j, name in enumerate(KA.RECORDED)}
    assert raw[col["farm_cash"]] == m.farmers.cash.sum()
    assert raw[col["trader_cash"]] == m.traders.cash.sum()
    assert raw[col["middlemen_cash"]] == m.traders.cash[m.traders.is_direct == 0].sum()
    assert raw[col["retail_cash"]] == m.retail_cash.sum()


@pytest.mark.parametrize("bad", ["goods", "umkm_cash"])
def test_stock_flow_errors_checks_its_arrays(bad):
    m = run_model(BASELINE, days=3, scale=0.02)
    args = dict(visitors_err=0.0, stocks=m.trade.stocks, goods=m.goods, trade_cash=0.0,
                gov_sby=0.0, gov_blt=0.0, umkm_cash=m.umkm.cash,
                business_cash=m.tourism.business_cash, flows=m.flows)  # fmt: skip
    args[bad] = args[bad].astype(np.float32)
    with pytest.raises(TypeError, match=bad):
        KA.stock_flow_errors(**args)


def _inject_money(m, repack: bool) -> None:
    """Steps into the reported days, optionally rebuilds the commodity records (as a scheduled
    change does), then puts money into the retailers' cash from nowhere and steps once."""
    from sim.model import StockFlowError

    for _ in range(m.warmup_days + 2):
        m.step()
    first = m.recorder._packed
    if repack:
        m.trade.set_parameters(m.params)
        m.step()
        assert m.recorder._packed is not first  # packed again with the new records
    m.trade.retail_cash[0] += 1e6
    with pytest.raises(StockFlowError, match=f"day {m.day}: stock-flow error"):
        m.step()


@pytest.mark.parametrize("repack", [False, True])
def test_the_recorders_packed_arrays_are_the_live_ones(repack):
    """The recorder's kernel reads the arrays it packed when it bound, and packs them again
    when the commodity records are rebuilt: a change made in place to one of the sectors'
    accounts shows in the very next day's stock-flow check."""
    from sim.model import KADModel

    _inject_money(KADModel(BASELINE, seed=3, days=10, scale=0.02), repack)


def test_a_repacked_recorder_records_the_same_numbers():
    """Commodity records rebuilt mid-run with the same parameters (the recorder binds and packs
    again) leave every recorded figure as it was, bit for bit."""
    from sim.model import KADModel

    runs = []
    for rebuild in (False, True):
        m = KADModel(BASELINE, seed=3, days=20, scale=0.02)
        for t in range(m.days):
            if rebuild and t == m.warmup_days + 5:
                m.trade.set_parameters(m.params)
            m.step()
        rec = m.recorder
        assert len(rec.g) > 0  # derived: the other markets' surplus is added up in _raw
        runs.append((rec._raw[:, : len(L.RECORDED)].tobytes(), rec._daily.tobytes()))
    assert not np.isnan(m.recorder._raw[:, : len(L.RECORDED)]).any()
    assert runs[0] == runs[1]
