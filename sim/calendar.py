"""The model's calendar: one step is one day; seasons that move demand.

Idul Fitri (Lebaran) dates are data: the Indonesian government's joint decree (SKB) on
national holidays; dates after 2026 follow the published hijri projections.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

from sim.errors import ConfigError

DAYS_PER_YEAR = 365.25  # the mean calendar year: annual figures become daily ones by it

# 1 Syawal (Idul Fitri), SKB 3 Menteri on national holidays and cuti bersama.
IDUL_FITRI = (
    dt.date(2019, 6, 5),
    dt.date(2020, 5, 24),
    dt.date(2021, 5, 13),
    dt.date(2022, 5, 2),
    dt.date(2023, 4, 22),
    dt.date(2024, 4, 10),
    dt.date(2025, 3, 31),
    dt.date(2026, 3, 20),
    dt.date(2027, 3, 10),
    dt.date(2028, 2, 27),
    dt.date(2029, 2, 14),
    dt.date(2030, 2, 5),
    dt.date(2031, 1, 25),
    dt.date(2032, 1, 14),
    dt.date(2033, 1, 2),
    dt.date(2033, 12, 23),  # the hijri year is shorter: two Lebarans in 2033
    dt.date(2034, 12, 12),
    dt.date(2035, 12, 1),
)
RAMADAN_DAYS = 30  # Ramadan is the 29-30 days before 1 Syawal
LEBARAN_RUSH_DAYS = 7  # the pre-Lebaran buying rush
CHRISTMAS_START = (12, 20)
NEWYEAR_END = (1, 2)
LEBARAN_HOLIDAY_DAYS = 7  # Idul Fitri and the cuti bersama week after it
SCHOOL_HOLIDAY = ((6, 22), (7, 14))  # end of the school year, late June to mid July


@dataclass(frozen=True)
class Calendar:
    """Per-day flags for the whole horizon (arrays of length ``days``)."""

    dates: tuple
    day_of_year: np.ndarray
    is_weekend: np.ndarray
    is_ramadan: np.ndarray
    is_lebaran_rush: np.ndarray
    is_christmas_newyear: np.ndarray
    is_holiday: np.ndarray  # school holidays, Lebaran week, Christmas-New Year (tourism)
    year: np.ndarray
    month: np.ndarray

    def demand_multiplier(
        self, ramadan: float, lebaran: float, christmas: float, weekend: float
    ) -> np.ndarray:
        """Seasonal demand multiplier per day; the Lebaran rush replaces the Ramadan factor."""
        m = np.ones(len(self.dates))
        m = np.where(self.is_ramadan, ramadan, m)
        m = np.where(self.is_lebaran_rush, lebaran, m)
        m = np.where(self.is_christmas_newyear, m * christmas, m)
        return np.where(self.is_weekend, m * weekend, m)


def calendar_span() -> tuple[dt.date, dt.date]:
    """First and last day a run may simulate: whole years whose Idul Fitri, and the next
    year's, are known (the scenario loader refuses start_date + days outside it)."""
    return dt.date(IDUL_FITRI[0].year, 1, 1), dt.date(IDUL_FITRI[-1].year - 1, 12, 31)


def build_calendar(start_date: str, days: int, file: str = "<scenario>") -> Calendar:
    start = dt.date.fromisoformat(start_date)
    first_day, last_day = calendar_span()
    if not first_day <= start <= last_day or (last_day - start).days + 1 < days:
        raise ConfigError(file, "run.start_date", f"the run leaves the calendar "
                          f"({first_day} to {last_day}); shorten run.days or move "
                          "run.start_date")  # fmt: skip
    end = start + dt.timedelta(days=days - 1)
    first, last = IDUL_FITRI[0].year, IDUL_FITRI[-1].year
    if start.year < first or end.year + 1 > last:
        bad = start.year if start.year < first else end.year + 1
        raise ConfigError(
            file,
            "run.start_date",
            f"no Idul Fitri date known for {bad} (known: {first}-{last - 1} for runs); "
            "shorten run.days or move run.start_date",
        )
    return _calendar(start, days)


def calendar_year(year: int) -> Calendar:
    """The (shared, read-only) calendar of one calendar year, 1 January to 31 December."""
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    return build_calendar(f"{year}-01-01", days)


@functools.lru_cache(maxsize=16)
def _calendar(start: dt.date, days: int) -> Calendar:
    """The calendar of ``days`` days from ``start`` (checked by :func:`build_calendar`), built
    once per process: every run of a sweep asks for the same few, and its arrays are read-only
    so that runs can share them."""
    dates = tuple(start + dt.timedelta(days=i) for i in range(days))
    ramadan, rush, lebaran_week = set(), set(), set()
    for fitri in IDUL_FITRI:
        for k in range(LEBARAN_HOLIDAY_DAYS):
            lebaran_week.add(fitri + dt.timedelta(days=k))
        for k in range(1, RAMADAN_DAYS + 1):
            ramadan.add(fitri - dt.timedelta(days=k))
        for k in range(1, LEBARAN_RUSH_DAYS + 1):
            rush.add(fitri - dt.timedelta(days=k))

    def christmas(d: dt.date) -> bool:
        return (d.month, d.day) >= CHRISTMAS_START or (d.month, d.day) <= NEWYEAR_END

    def school(d: dt.date) -> bool:
        return SCHOOL_HOLIDAY[0] <= (d.month, d.day) <= SCHOOL_HOLIDAY[1]

    cal = Calendar(
        dates=dates,
        day_of_year=np.array([d.timetuple().tm_yday for d in dates], dtype=np.int64),
        is_weekend=np.array([d.weekday() >= 5 for d in dates]),
        is_ramadan=np.array([d in ramadan for d in dates]),
        is_lebaran_rush=np.array([d in rush for d in dates]),
        is_christmas_newyear=np.array([christmas(d) for d in dates]),
        is_holiday=np.array([school(d) or d in lebaran_week or christmas(d) for d in dates]),
        year=np.array([d.year for d in dates], dtype=np.int64),
        month=np.array([d.month for d in dates], dtype=np.int64),
    )
    for field in dataclasses.fields(cal):
        value = getattr(cal, field.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return cal
