"""Seasons: Lebaran by year, Ramadan, Christmas-New Year, weekends."""

import datetime as dt

from sim.calendar import build_calendar


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
