"""The model's daily glue (sim.model.KADModel.step, the governments' accounts, the joint
monitoring, the recorder): what it reads every day is read again after a change."""

import numpy as np
import pytest

from sim.model import KADModel

from .conftest import MOU, SCENARIOS

MONITORING = SCENARIOS / "monitoring.toml"


def _model(scenario=MOU, **overrides) -> KADModel:
    return KADModel(scenario, seed=2, days=40, scale=0.02, overrides=overrides)


def test_collect_keeps_python_floats_with_numpys_sums():
    """Local revenue handed as numpy scalars (as the sectors do) leaves the accounts Python
    floats holding the same bits as numpy's own running sums."""
    m = _model()
    g = m.blitar
    g.cash_rp, g.pad_rp = 1234.5678, 0.1
    cash, pad = np.float64(g.cash_rp), np.float64(g.pad_rp)
    rng = np.random.default_rng(5)
    for x in rng.lognormal(10.0, 3.0, 50):
        g.collect(np.float64(x))
        cash += np.float64(x)
        pad += np.float64(x)
    assert type(g.cash_rp) is float and type(g.pad_rp) is float
    assert g.cash_rp == float(cash) and g.pad_rp == float(pad)


def test_monitoring_reads_its_interval_every_day():
    """Reviews switched on in the middle of a run (as a scheduled change does, in place in
    the model's parameters) start at once: nothing of 'off' is kept from earlier days."""
    m = _model(MONITORING, **{"programs.monitoring.interval_days": 0})
    for _ in range(m.warmup_days + 5):
        m.step()
    assert m.monitoring.reviews == 0
    m.params["programs"]["monitoring"]["interval_days"] = 1
    for _ in range(5):
        m.step()
    assert m.monitoring.reviews > 0


def test_recorder_finds_the_accounting_kernels_patched_after_it_was_built(monkeypatch):
    """The recorder keeps the accounting module, not its functions: a kernel replaced later
    (as benchmarks/run_phases.py times it) is the one called."""
    from sim.kernels import accounting

    m = _model()
    calls = []
    real = accounting._record_day_packed

    def counted(*args):
        calls.append(args[0])
        return real(*args)

    monkeypatch.setattr(accounting, "_record_day_packed", counted)
    m.step()
    m.step()
    assert calls == [0, 1]


def test_trade_day_counts_the_commodities_of_every_new_cpar():
    """The trade day's wrapper counts a parameter record's commodities once per record: a
    record of another length handed after the sector's own is still refused."""
    m = _model()
    m.step()
    run = m.trade._kernels.day
    assert m.trade.cpar.shape[0] > 1
    with pytest.raises(ValueError, match="cpar: expected"):
        run(1, 1, 1, 1, 0.0, 1, 0.0, False, 0.0, m.trade.cpar[:-1])
    m.step()  # the sector's own record passes again
    assert m.day == 2


@pytest.mark.parametrize("day", [-1, "days"])
def test_recorder_refuses_a_day_outside_its_tables(day):
    """The recorder's kernel writes row ``t`` of its tables unchecked: a day outside them
    stops before anything is written."""
    m = _model()
    for _ in range(3):
        m.step()
    rec = m.recorder
    t = m.days if day == "days" else day
    before = rec._raw.tobytes(), rec._goods.tobytes(), rec._n
    with pytest.raises(IndexError, match="outside the recorder's days"):
        rec.record(t)
    assert (rec._raw.tobytes(), rec._goods.tobytes(), rec._n) == before


@pytest.mark.parametrize("in_one_call", [True, False])
def test_trade_day_gets_each_days_day_of_the_year(in_one_call, monkeypatch):
    """The trade day's kernel is handed the calendar's day of the year of the day it runs:
    in the call of the draws, levers and day (the sector's), and in the day's own call (where
    those are called apart, e.g. where numpy draws)."""
    from sim.kernels import trade_day

    m = KADModel(MOU, seed=2, days=30, scale=0.02)
    seen = []
    if in_one_call:  # the sector's bound call reaches the core through the module
        core = trade_day._drawn_trade_day
        monkeypatch.setattr(trade_day, "_drawn_trade_day",
                            lambda *a: seen.append(a[:2]) or core(*a))  # fmt: skip
    else:
        monkeypatch.setattr(m.trade, "_drawn_day", lambda: None)
        day = m.trade._kernels.day
        monkeypatch.setattr(m.trade._kernels, "day", lambda *a: seen.append(a[:2]) or day(*a))
    for _ in range(m.days):
        m.step()
    assert seen == [(t, int(m.calendar.day_of_year[t])) for t in range(m.days)]
    assert len({doy for _, doy in seen}) == m.days  # every day its own


def test_recorded_python_figures_are_each_days_own():
    """The governments' and programs' accounts and today's parameters the recorder keeps for
    the global series (copied into its raw table when they are derived) are those of the day
    they were recorded, also when read part-way and after a parameter changed mid-run."""
    from sim.metrics import _N_KERNEL

    m = _model()
    expected = []
    for day in range(m.days):
        if day == 50:
            assert np.isfinite(m.recorder.g["pad_surabaya_rp"][:day]).all()  # read part-way
            m.params["tourism"]["visitors_per_agent"] *= 2.0
        m.step()
        tour, pad = m.tourism, m.tourism.pad
        expected.append((
            sum(p.spent_rp for p in m.programs.values()), m.surabaya.spent_rp,
            m.blitar.spent_rp, m.blitar.pad_rp, m.surabaya.pad_rp, tour.awareness,
            tour.p["visitors_per_agent"], pad["hotel_tax_share"], pad["restaurant_tax_share"],
            pad["attraction_fee_share"], tour.p["value_added_share"],
        ))  # fmt: skip
    rec = m.recorder
    assert len(rec.g) > 0
    got = rec._raw[:, _N_KERNEL:]
    assert got.tobytes() == np.array(expected).tobytes()
    assert len(set(got[:, 6])) == 2  # the agents' visitors before and after the change
