"""The capacity reviews (sim.kernels.farm._adjust_capacity): exactly the farmers due, (t + i) %
period == 0 with their commodity's period, whether or not farmers are grouped by commodity."""

import numpy as np
import pytest

from sim.kernels import farm as KF
from sim.kernels.layout import COMMODITY_PARAMS


def _cpar(periods):
    cpar = np.zeros(len(periods), dtype=COMMODITY_PARAMS)
    cpar["capacity_review_days"] = periods
    cpar["unit_cost_rp_per_kg"] = 1000.0
    cpar["normal_margin"] = 0.2
    cpar["capacity_floor"] = 0.5
    cpar["capacity_ceiling"] = 2.0
    cpar["capacity_adjust_rate"] = 0.1
    return cpar


@pytest.mark.parametrize("grouped", [True, False])
def test_exactly_the_farmers_due_are_reviewed(grouped):
    rng = np.random.default_rng(2)
    n = 700
    comm = rng.integers(0, 3, n)
    if grouped:
        comm = np.sort(comm)
    periods = np.array([1.0, 7.0, 30.0])
    cpar = _cpar(periods)
    for t in (0, 5, 29, 364, 1000):
        cap0 = rng.uniform(50.0, 150.0, n)
        cap_plan = cap0 * rng.uniform(0.8, 1.2, n)
        cap = cap_plan * rng.uniform(0.9, 1.0, n)
        cost_factor = rng.uniform(0.8, 1.2, n)
        kg_win = rng.uniform(1.0, 100.0, n)
        rev_win = kg_win * rng.uniform(900.0, 1500.0, n)
        before = cap.copy(), cap_plan.copy(), rev_win.copy(), kg_win.copy()
        KF._adjust_capacity(t, comm, cap, cap_plan, cap0, cost_factor, rev_win, kg_win, cpar)
        due = (t + np.arange(n)) % periods[comm].astype(np.int64) == 0
        assert 0 < due.sum() < n
        assert np.all(kg_win[due] == 0.0) and np.all(rev_win[due] == 0.0)
        assert np.all(kg_win[~due] == before[3][~due])
        assert np.all(cap_plan[~due] == before[1][~due]) and np.all(cap[~due] == before[0][~due])
        # the rule of a review, for the due farmers, from the numbers before it
        unit = cost_factor * 1000.0
        g = np.clip(((before[2] / before[3] - unit) / unit - 0.2) / 0.2, -1.0, 1.0)
        new = np.clip(before[1] * (1.0 + 0.1 * g), 0.5 * cap0, 2.0 * cap0)
        assert np.array_equal(cap_plan[due], new[due])
        assert np.array_equal(cap[due], (before[0] * (new / before[1]))[due])


def test_commodity_runs():
    assert KF.commodity_runs(np.array([0, 0, 1, 1, 1, 0, 2])).tolist() == [0, 2, 5, 6, 7]
    assert KF.commodity_runs(np.array([4])).tolist() == [0, 1]
    assert KF.commodity_runs(np.zeros(0, np.int64)).tolist() == [0]
