"""The trade sector's draws, market levers and day in one kernel call
(:func:`sim.kernels.trade_day.bind_drawn_day`, the sector's where the draws are numba's)
give bit for bit what the separate calls give (``TradeSector._draw``, ``_set_levers``, the
figures zeroed, ``_step_agents``), every day; where the draws are numpy's, or a class does its
own draws, levers or day, the separate calls run."""

import copy

import pytest

from sim.kernels import draws
from sim.kernels import trade_day as TD
from sim.kernels.draws import bind_draws
from sim.model import KADModel
from sim.sectors.trade import TradeSector

from .conftest import MOU

DAYS = 75  # steps: the 60 warm-up days and 15 reported ones
SCALE = 0.05
# the direct channel and the information system from the first day: the review uniforms are
# read through their mark, the channel's reach moves the levers, the system the prices
PROGRAMS = {
    "programs.direct_channel.start_date": "2023-11-01",
    "programs.information_system.start_date": "2023-11-01",
}


def _trade_state(m: KADModel) -> list:
    """Everything the trade day's calls write, and the streams they draw from."""
    tr = m.trade
    arrays = [
        tr.goods, tr.daily, tr.flows, tr.p_hist, tr.retail_cash, tr.cpar, tr.else_avg_kg,
        tr.else_dev, tr.demand_dev, tr.direct_avg_kg, tr._z_farm, tr._u_shock, tr._z_trader,
        tr._z_else, tr._z_demand, tr._draw_marks, tr.stocks,
        *(getattr(tr.farmers, k) for k in ("stock", "cash", "cap", "channel", "rev_win")),
        *(getattr(tr.traders, k) for k in ("cash", "transit", "inventory", "exp_price", "fg")),
    ]  # fmt: skip
    states = [m.streams[k].bit_generator.state for k in ("trade", "market")]
    return [a.tobytes() for a in arrays] + states


def _run_pair(overrides: dict, scenario=None, replace_streams_on=None, monkeypatch=None):
    """Two models of the same seed, one stepping its trade day in one call (the sector's), the
    other in the separate calls; compared after every day. Returns the one-call kernel's
    calls and the separate path's calls of the trade day's own kernel."""
    args = (scenario,) if scenario else ()
    one = KADModel(*args, seed=6, days=DAYS, scale=SCALE, overrides=overrides)
    apart = KADModel(*args, seed=6, days=DAYS, scale=SCALE, overrides=overrides)
    apart.trade._drawn_day = lambda: None  # an instance's: the class's method stays
    fused, separate = [], []
    core = TD._drawn_trade_day
    monkeypatch.setattr(TD, "_drawn_trade_day", lambda *a: fused.append(a[0]) or core(*a))
    day = apart.trade._kernels.day
    apart.trade._kernels.day = lambda *a: separate.append(a[0]) or day(*a)
    for t in range(DAYS):
        if t == replace_streams_on:  # the same copies in both: the draws are bound again
            for m in (one, apart):
                for k in ("trade", "market"):
                    m.streams[k] = copy.deepcopy(m.streams[k])
        one.step()
        apart.step()
        assert _trade_state(one) == _trade_state(apart), f"day {t}"
    # the recorded series of the days run (the rows after them are not written yet)
    for series in ("g", "c"):
        a, b = getattr(one.recorder, series), getattr(apart.recorder, series)
        assert a.keys() == b.keys()
        for k in a:
            assert a[k][:DAYS].tobytes() == b[k][:DAYS].tobytes(), k
    return fused, separate


@pytest.mark.parametrize("overrides", [{}, PROGRAMS])
def test_one_call_equals_the_separate_calls(overrides, monkeypatch):
    fused, separate = _run_pair(overrides, monkeypatch=monkeypatch)
    assert fused == separate == list(range(DAYS))  # each path ran every day


def test_one_call_equals_the_separate_calls_mou(monkeypatch):
    fused, separate = _run_pair({}, scenario=MOU, monkeypatch=monkeypatch)
    assert fused == separate == list(range(DAYS))


def test_streams_replaced_mid_run_are_drawn_from(monkeypatch):
    """Streams replaced between days (a test, a copy): the one call binds to the new ones
    (else it would draw from the old generators and the two runs would part)."""
    fused, _ = _run_pair(PROGRAMS, replace_streams_on=20, monkeypatch=monkeypatch)
    assert fused == list(range(DAYS))


def test_numpy_draws_take_the_separate_calls(monkeypatch):
    """Where numba's draws are not numpy's (the check failed), numpy draws and the separate
    calls run: the one call never does."""
    monkeypatch.setattr(draws, "_AGREE_PCG64", [False])
    called = []
    core = TD._drawn_trade_day
    monkeypatch.setattr(TD, "_drawn_trade_day", lambda *a: called.append(a[0]) or core(*a))
    m = KADModel(seed=6, days=5, scale=SCALE)
    for _ in range(5):
        m.step()
    assert not m.trade._fast_draws and m.trade._kernels.drawn_day is None and not called


def _own_day(stepped: list) -> type:
    """A sector class whose farmers and traders are its own (the object-per-agent engine
    overrides ``_step_agents``), which records in ``stepped`` the days it steps."""

    class OwnDay(TradeSector):
        def _step_agents(self, t, info_on, transit_days):
            stepped.append(t)
            super()._step_agents(t, info_on, transit_days)

    return OwnDay


def test_a_class_with_its_own_day_takes_the_separate_calls(monkeypatch):
    """A sector class with its own farmers and traders gets its own step called every day,
    never the one call."""
    stepped = []
    m = KADModel(seed=6, days=5, scale=SCALE)
    m.trade.__class__ = _own_day(stepped)
    called = []
    core = TD._drawn_trade_day
    monkeypatch.setattr(TD, "_drawn_trade_day", lambda *a: called.append(a[0]) or core(*a))
    for _ in range(5):
        m.step()
    assert stepped == list(range(5)) and not called and m.trade._kernels.drawn_day is None


def _calls_of_one_call(m: KADModel, days: int, monkeypatch) -> list:
    """Step ``m`` for ``days`` days; the days the one call ran."""
    called = []
    core = TD._drawn_trade_day
    monkeypatch.setattr(TD, "_drawn_trade_day", lambda *a: called.append(a[0]) or core(*a))
    for _ in range(days):
        m.step()
    return called


def test_a_class_with_its_own_levers_takes_the_separate_calls(monkeypatch):
    """A sector class that sets its own levers (here: freight doubled) gets its
    ``_set_levers`` called every day, and its prices differ from the sector's."""
    levered = []

    class OwnLevers(TradeSector):
        def _set_levers(self, t):
            out = super()._set_levers(t)
            self.cpar["freight_today_rp_per_kg"] *= 2.0
            levered.append(t)
            return out

    m = KADModel(seed=6, days=20, scale=SCALE)
    m.trade.__class__ = OwnLevers
    plain = KADModel(seed=6, days=20, scale=SCALE)
    assert not _calls_of_one_call(m, 20, monkeypatch)
    for _ in range(20):
        plain.step()
    assert levered == list(range(20))
    assert m.trade.p_hist.tobytes() != plain.trade.p_hist.tobytes()  # the levers took effect


@pytest.mark.parametrize("on", ["object", "class"])
@pytest.mark.parametrize("name", ["_draw", "_set_levers", "_set_market_levers", "_step_agents"])
def test_a_method_patched_mid_run_is_called(name, on, monkeypatch):
    """A method of the one call's work patched on the sector or on its class (a test, a
    timing wrapper) after the one call ran is called from the next day on; the one call is
    not."""
    m = KADModel(seed=6, days=10, scale=SCALE)
    assert _calls_of_one_call(m, 3, monkeypatch) == [0, 1, 2]
    patched = []
    if on == "object":
        method = getattr(m.trade, name)
        monkeypatch.setattr(m.trade, name, lambda *a: patched.append(name) or method(*a))
    else:
        method = getattr(TradeSector, name)
        monkeypatch.setattr(
            TradeSector, name, lambda self, *a: patched.append(name) or method(self, *a)
        )
    assert not _calls_of_one_call(m, 3, monkeypatch)
    assert patched == [name] * 3


def test_a_class_changed_mid_run_takes_the_separate_calls(monkeypatch):
    """The class is checked every day, not only when the draws are bound."""
    stepped = []
    m = KADModel(seed=6, days=10, scale=SCALE)
    assert _calls_of_one_call(m, 2, monkeypatch) == [0, 1]
    m.trade.__class__ = _own_day(stepped)
    assert not _calls_of_one_call(m, 2, monkeypatch)
    assert stepped == [2, 3]


def _bound_model() -> KADModel:
    m = KADModel(seed=6, days=10, scale=SCALE)
    m.step()
    return m


def test_draws_into_other_buffers_are_refused():
    """The one call draws into the day's buffers: draws bound to other arrays (which the day
    would not read) are refused when bound."""
    m = _bound_model()
    tr = m.trade
    k = tr._kernels
    trade_draws, market_draws = tr._fast_draws
    other = bind_draws(copy.deepcopy(m.streams["trade"]), trade_draws.kinds,
                       tuple(o.copy() for o in trade_draws.outs), tr._draw_marks)  # fmt: skip
    with pytest.raises(ValueError, match="buffers"):
        TD.bind_drawn_day(k.day, k.levers, other, market_draws)
    other = bind_draws(copy.deepcopy(m.streams["market"]), market_draws.kinds,
                       tuple(o.copy() for o in market_draws.outs))  # fmt: skip
    with pytest.raises(ValueError, match="buffers"):
        TD.bind_drawn_day(k.day, k.levers, trade_draws, other)
    marks = tr._draw_marks.copy()  # the review block's mark where the day does not read it
    other = bind_draws(m.streams["trade"], trade_draws.kinds, trade_draws.outs, marks)
    with pytest.raises(ValueError, match="buffers"):
        TD.bind_drawn_day(k.day, k.levers, other, market_draws)
    # market levers that write other accounts or figures than the day's
    levers = (
        tr._z_else, tr._z_demand, tr.goods, tr.daily, tr.local_supply, tr.else_ref_kg,
        tr.else_avg_kg, tr._else_sold_prev, tr.else_dev, tr.demand_dev, tr.direct_avg_kg,
        tr._market_q, tr._reach_q,
    )  # fmt: skip
    for k_other in (2, 3):  # goods, daily
        args = list(levers)
        args[k_other] = args[k_other].copy()
        with pytest.raises(ValueError, match="buffers"):
            TD.bind_drawn_day(k.day, TD.bind_market_levers(*args), trade_draws, market_draws)
    TD.bind_drawn_day(k.day, TD.bind_market_levers(*levers), trade_draws, market_draws)
    TD.bind_drawn_day(k.day, k.levers, trade_draws, market_draws)  # the sector's own pass


@pytest.mark.parametrize(
    "change, match",
    [("cpar", "cpar: expected"), ("t", "outside the demand table"), ("transit", "transit_days")],
)
def test_the_one_call_checks_its_scalars_and_tables(change, match):
    """The one call checks what the separate wrappers checked, before anything is drawn."""
    m = _bound_model()
    tr = m.trade
    t, cpar, transit = 1, tr.cpar, 1
    if change == "cpar":
        cpar = cpar[:-1]
    elif change == "t":
        t = tr.demand_base.shape[0]
    else:
        transit = tr.transit_slots
    before = _trade_state(m)
    with pytest.raises(ValueError, match=match):
        tr._kernels.drawn_day(t, 1, transit, 1, 0.0, 1, 0.0, False, 0.0, cpar, True,
                              tr.demand_base)  # fmt: skip
    assert _trade_state(m) == before
