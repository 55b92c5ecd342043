"""What the daily step keeps from one day to the next instead of computing it again follows
its inputs when they change mid-run: a model whose kept value is dropped every day (computed
afresh, as before it was kept) gives bit for bit the same, and a replaced input is read."""

import contextlib
import dataclasses

import numpy as np
import pytest

from sim.kernels import layout as L
from sim.metrics import _accounts
from sim.model import KADModel, StockFlowError, _claims_and_fees, column_totals
from sim.sectors.umkm import UmkmSector

from .conftest import MOU

SCALE = 0.02
EDIT_DAY = 63  # a reported day (after the 60 warm-up days), the promotion running


def _tourism_state(m: KADModel) -> list:
    tour = m.tourism
    return [tour.tp.tobytes(), tour.day.tobytes(), tour.acc.tobytes(), m.flows.tobytes()]


@pytest.mark.parametrize(
    "table, key, factor",
    [
        (("tourism",), "lodging_rp_per_night", 2.0),
        (("tourism",), "blitar_nights_mean", 1.5),
        (("pad",), "hotel_tax_share", 0.5),
        (("programs", "promotion"), "package_extra_nights", 2.0),
    ],
)
def test_tourism_copied_keys_follow_a_parameter_edited_mid_run(table, key, factor):
    """A key the tourism record copies, edited in the model's parameters mid-run, is in the
    record from that day on: the same as a model that writes the copied keys every day."""
    runs = []
    for afresh in (False, True):
        m = KADModel(MOU, seed=4, days=70, scale=SCALE)
        states = []
        for t in range(m.days):
            if t == EDIT_DAY:
                node = m.params
                for name in table:
                    node = node[name]
                node[key] *= factor
            if afresh:
                m.tourism._copied = None  # nothing kept: every copied key written today
            m.step()
            states.append(_tourism_state(m))
        runs.append(states)
    assert runs[0] == runs[1]
    # the edit took effect: the record differs from a run without it
    plain = KADModel(MOU, seed=4, days=70, scale=SCALE)
    for _ in range(plain.days):
        plain.step()
    assert _tourism_state(plain)[0] != runs[0][-1][0]


def _month_starts_seen(m: KADModel, days: int, monkeypatch) -> list[int]:
    seen = []
    method = UmkmSector._month_start
    monkeypatch.setattr(m.umkm, "_month_start", lambda t: seen.append(t) or method(m.umkm, t))
    for _ in range(days):
        m.step()
    return seen


def test_umkm_month_starts_are_the_calendars_also_after_it_is_replaced(monkeypatch):
    """The UMKM month starts are the days whose calendar month differs from the day before's;
    a calendar replaced mid-run gives its own from the next day on."""
    m = KADModel(seed=4, days=120, scale=SCALE)
    month = m.calendar.month
    first = _month_starts_seen(m, 100, monkeypatch)
    assert first == [t for t in range(1, 100) if month[t] != month[t - 1]]
    # a new month every 10 days from day 100 on
    shifted = np.where(np.arange(month.shape[0]) < 100, month, np.arange(month.shape[0]) // 10)
    shifted.flags.writeable = False
    m.calendar = dataclasses.replace(m.calendar, month=shifted)
    later = _month_starts_seen(m, m.days - 100, monkeypatch)
    assert later == [t for t in range(100, m.days) if shifted[t] != shifted[t - 1]]
    assert later == list(range(100, m.days, 10))  # not the calendar's months: the new ones


ACCOUNTS = (
    "farmers.cash", "traders.cash", "retail_cash", "business_cash", "stocks", "goods",
    "flows", "daily", "else_ref_kg", "else_avg_kg", "umkm.day", "tourism.day",
)  # fmt: skip


def _replace(m: KADModel, k: int) -> np.ndarray:
    """A copy put in the place of the k-th account the recorder reads (_accounts' order)."""
    owners = (
        m.trade.farmers, m.trade.traders, m.trade, m.tourism, m.trade, m.trade, m, m.trade,
        m.trade, m.trade, m.umkm, m.tourism,
    )  # fmt: skip
    name = ACCOUNTS[k].split(".")[-1]
    new = getattr(owners[k], name).copy()
    setattr(owners[k], name, new)
    return new


@pytest.mark.parametrize("k", range(len(ACCOUNTS)), ids=ACCOUNTS)
def test_the_recorder_reads_an_account_replaced_mid_run(k):
    """An account the recorder's kernel reads, replaced by another array mid-run (not filled
    in place), is packed again and read from the next day's record on."""
    m = KADModel(seed=4, days=20, scale=SCALE)
    for _ in range(5):
        m.step()
    packed = m.recorder._packed
    assert _accounts(m)[k] is m.recorder._accounts[k]
    new = _replace(m, k)
    with contextlib.suppress(StockFlowError):  # a copy the sectors do not fill may not add up
        m.step()
    assert m.recorder._packed is not packed
    assert m.recorder._accounts[k] is new


def test_the_recorder_checks_the_money_of_a_replaced_account():
    """Money put into a replaced account shows in the next day's stock-flow check."""
    m = KADModel(seed=4, days=20, scale=SCALE)
    for _ in range(5):
        m.step()
    new = _replace(m, ACCOUNTS.index("business_cash"))
    new[0] += 1e9  # read by the check only if the recorder reads the new array
    with pytest.raises(StockFlowError):
        m.step()


@pytest.mark.parametrize("rows", [1, 2, 3, 7, 8, 13])
def test_claims_and_fees_are_the_column_totals(rows):
    """The settlement's two sums are :func:`column_totals`' bit for bit: signed zeros, NaN
    and infinities included, numpy's pairwise sum from 8 rows."""
    rng = np.random.default_rng(rows)
    table = rng.standard_normal((rows, L.N_D)) * 10.0 ** rng.integers(-5, 12, (rows, L.N_D))
    specials = [-0.0, 0.0, np.inf, -np.inf, np.nan]
    for trial in range(40):
        t = table.copy()
        if trial % 2:
            picks = rng.integers(0, len(specials), (rows, 2))
            t[:, L.D_SUBSIDY_CLAIM] = [specials[i] for i in picks[:, 0]]
            t[:, L.D_FEES] = [specials[i] for i in picks[:, 1]]
        with np.errstate(invalid="ignore"):  # inf - inf in numpy's pairwise sum
            want = column_totals(t, (L.D_SUBSIDY_CLAIM, L.D_FEES))
            got = _claims_and_fees(t)
        assert np.array(got).tobytes() == np.array(want).tobytes()
        assert all(type(x) is float for x in got)


@pytest.mark.parametrize("change", ["demand_base", "cpar"])
def test_the_one_trade_call_checks_a_new_table_after_days_that_passed(change):
    """The trade day's one call skips its checks only for the tables they last passed: a new
    demand table or commodity record of the wrong shape is refused, before anything is
    drawn, also after days that passed."""
    m = KADModel(seed=4, days=10, scale=SCALE)
    for _ in range(3):
        m.step()
    tr = m.trade
    demand, cpar = tr.demand_base, tr.cpar
    if change == "demand_base":
        demand = np.zeros((demand.shape[0], demand.shape[1] + 1))
    else:
        cpar = np.concatenate([cpar, cpar[:1]])
    state = m.streams["trade"].bit_generator.state
    with pytest.raises(ValueError, match=change):
        tr._kernels.drawn_day(3, 1, 1, 1, 0.0, 1, 0.0, False, 0.0, cpar, True, demand)
    assert m.streams["trade"].bit_generator.state == state
