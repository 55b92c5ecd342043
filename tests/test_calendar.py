"""Seasons: Lebaran by year, Ramadan, Christmas-New Year, weekends."""

import dataclasses
import datetime as dt

import numpy as np
import pytest

from sim.calendar import build_calendar, calendar_span
from sim.errors import ConfigError


def test_lebaran_2025_rush_and_ramadan():
    cal = build_calendar("2025-01-01", 365)
    i = {d: k for k, d in enumerate(cal.dates)}
    assert cal.is_lebaran_rush[i[dt.date(2025, 3, 30)]]  # the day before 1 Syawal 1446
    assert not cal.is_lebaran_rush[i[dt.date(2025, 3, 31)]]
    assert cal.is_ramadan[i[dt.date(2025, 3, 5)]]
    assert not cal.is_ramadan[i[dt.date(2025, 2, 15)]]
    assert cal.is_christmas_newyear[i[dt.date(2025, 12, 25)]]
    assert cal.is_christmas_newyear[i[dt.date(2025, 1, 2)]]
    assert cal.is_weekend[i[dt.date(2025, 1, 4)]]  # a Saturday
    assert cal.is_ramadan.sum() == 30


def test_demand_multiplier_combines_seasons():
    cal = build_calendar("2025-12-19", 20)
    m = cal.demand_multiplier(ramadan=1.1, lebaran=1.3, christmas=1.2, weekend=1.05)
    i = {d: k for k, d in enumerate(cal.dates)}
    assert m[i[dt.date(2025, 12, 19)]] == 1.0  # a Friday before the season
    assert m[i[dt.date(2025, 12, 20)]] == 1.2 * 1.05  # Saturday in the season
    assert m[i[dt.date(2025, 12, 22)]] == 1.2


def test_shared_calendar_is_read_only():
    """Runs share one calendar per (start, days) in a process: no run may change it."""
    cal = build_calendar("2025-01-01", 30)
    assert build_calendar("2025-01-01", 30) is cal
    for field in dataclasses.fields(cal):
        value = getattr(cal, field.name)
        if isinstance(value, np.ndarray):
            with pytest.raises(ValueError, match="read-only"):
                value[0] = value[1]


def test_calendar_bounds_are_checked_before_the_cache():
    with pytest.raises(ConfigError, match="run.start_date"):
        build_calendar("1990-01-01", 30, "x.toml")
    last = calendar_span()[1]
    with pytest.raises(ConfigError, match="run.start_date"):
        build_calendar(last.isoformat(), 2, "x.toml")
    assert len(build_calendar(last.isoformat(), 1).dates) == 1
