"""The model's day does once what does not change: the fiscal-year days, the road of the day
(again after a schedule or the road's completion), the column totals of the settlement."""

import numpy as np
import pytest

from sim import KADModel
from sim.agents import Program
from sim.model import column_total, column_totals, fiscal_year_days

from .conftest import BASELINE


def test_fiscal_year_days_are_the_days_government_step_opens_a_year(monkeypatch):
    """Government.step called on every day (as the model did) opens a year exactly on the
    days the model now calls it."""
    m = KADModel(BASELINE, seed=1, days=800, scale=0.02)
    opened = []
    monkeypatch.setattr(Program, "open_fiscal_year", lambda self, g: opened.append(m.day))
    for t in range(m.days):
        m.day = t
        m.surabaya.step()
    assert set(opened) == m.fiscal_year_days
    assert len(m.fiscal_year_days) == 3  # the first reported day and two 1 Januaries
    assert min(m.fiscal_year_days) == m.warmup_days


def test_fiscal_year_days_without_warmup():
    year = np.array([2025] * 3 + [2026] * 4 + [2027] * 2)
    assert fiscal_year_days(year, 0) == {0, 3, 7}
    assert fiscal_year_days(year, 4) == {4, 7}


def _bits(x) -> int:
    """A float's bit pattern (-0.0 and 0.0 differ)."""
    return int(np.float64(x).view(np.int64))


@pytest.mark.parametrize("rows", [1, 2, 3, 7, 8, 9, 40, 200])
def test_column_total_is_numpys_sum(rows):
    """Bit for bit numpy's sum, also of columns of signed zeros (-0.0 alone sums to -0.0)."""
    rng = np.random.default_rng(rows)
    table = rng.standard_normal((rows, 5)) * 10.0 ** rng.integers(-3, 9, (rows, 5))
    table[:, 1] = -0.0
    table[:, 3] = rng.choice([0.0, -0.0], size=rows)
    for col in range(5):
        got = column_total(table, col)
        assert _bits(got) == _bits(table[:, col].sum()) and type(got) is float
    cols = (4, 0, 2, 2, 1, 3)
    got = column_totals(table, cols)
    assert [_bits(x) for x in got] == [_bits(table[:, col].sum()) for col in cols]
    assert all(type(x) is float for x in got)


def test_road_today_follows_completion_and_schedules(write_toml):
    path = write_toml(
        "road.toml",
        f'extends = "{BASELINE}"\n[[schedule]]\nkey = "transport.road_quality"\n'
        "from = 2025-02-01\nuntil = 2025-02-03\nvalue = 0.3\n",
    )
    m = KADModel(path, seed=1, days=120, scale=0.02)
    seen = {}
    while m.running:
        m.step()
        seen[m.calendar.dates[m.day - 1].isoformat()] = m.road_today()
        assert m.road_today() == m._road_now()
    assert seen["2025-02-02"][0] == 0.3 and seen["2025-02-05"][0] == 1.0
    m.road_complete = True  # the road program finished: the better road from now on
    assert m.road_today() == m._road_now()
    assert m.road_today()[0] == m.params["programs"]["road"]["road_quality_after"]
