"""Joint tourism promotion, "city to village": visitors to Surabaya who continue to Blitar.

Tourist agents arrive daily in Surabaya and (directly) in Blitar, with weekly and holiday
seasons; at the end of a Surabaya stay a visitor may continue to Blitar, driven by awareness
(promotion with diminishing returns and decay, word of mouth from returning visitors),
integrated packages and travel time. Spending is split into lodging, food, souvenirs (UMKM
demand) and attraction fees; local taxes and fees on it are PAD.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

import numpy as np

from sim.calendar import DAYS_PER_YEAR, build_calendar
from sim.kernels import layout as L
from sim.kernels import tourism as K

BLITAR, SURABAYA = 0, 1
# fields of the tp record that hold a tourism key as it is (tourism.<key>)
TOURISM_KEYS = (
    "package_logit_bonus", "blitar_overnight_share", "blitar_nights_mean",
    "lodging_rp_per_night", "food_rp_per_day", "souvenir_rp_per_day",
    "attraction_rp_per_visit", "blitar_price_level",
)  # fmt: skip


class CulturalEvents:
    """Dated cultural events (``programs.cultural_events.events``): each occurrence is paid
    on its first day from the program's budget and, for its window, raises the host region's
    arrivals and Surabaya visitors' awareness of Blitar, in proportion to the share of its
    cost paid. Shared by both engines (the sector's arrival means and awareness)."""

    def __init__(self, model, params):
        self.model = model
        events = params["programs"]["cultural_events"]["events"]
        self.names = list(events)
        self.events = [events[name] for name in self.names]
        self.starts: dict[int, list[int]] = {}  # day -> events whose occurrence begins
        first = model.calendar.dates[0]
        for k, e in enumerate(self.events):
            for day in occurrence_days(e, first, model.days):
                self.starts.setdefault(day, []).append(k)
        self.until = [-1] * len(self.events)  # first day after the current occurrence
        self.share = [0.0] * len(self.events)  # share of its cost paid
        self.held = 0  # occurrences begun (paid or not)

    def today(self, t: int) -> tuple[float, float, float]:
        """Day ``t``: pay the occurrences beginning today, then (Blitar's arrivals uplift,
        Surabaya's arrivals uplift, awareness boost per day) of the events running."""
        if not self.events:
            return 0.0, 0.0, 0.0
        for k in self.starts.get(t, ()):
            self.until[k] = t + self.events[k]["days"]
            self.share[k] = self._pay(t, self.events[k]["cost_rp"])
            self.held += 1
        up = [0.0, 0.0]
        boost = 0.0
        for k, e in enumerate(self.events):
            if t < self.until[k] and self.share[k] > 0.0:
                up[BLITAR if e["host"] == "blitar" else SURABAYA] += (
                    e["visits_uplift"] * self.share[k]
                )
                boost += e["awareness_boost"] * self.share[k]
        return up[BLITAR], up[SURABAYA], boost

    def _pay(self, t: int, cost_rp: float) -> float:
        """Share of an occurrence's cost (full scale) the program pays today: 0 before it
        starts or once its budget is spent; 1 for a free event of a started program."""
        m = self.model
        program = m.programs["cultural_events"]
        if not program.enabled or t < program.start_day:
            return 0.0
        if cost_rp <= 0.0:
            return 1.0
        need = cost_rp * m.scale
        return m.pay_outside(program, need) / need


def occurrence_days(event, first: dt.date, days: int) -> list[int]:
    """First days (indices from ``first``) of an event's occurrences within ``days`` days:
    its start date, and each later year's same date if it recurs (29 February: the 28th)."""
    start = dt.date.fromisoformat(event["start_date"])
    dates = [start]
    if event["yearly"]:
        last = first + dt.timedelta(days=days - 1)
        for year in range(start.year + 1, last.year + 1):
            feb29 = (start.month, start.day) == (2, 29)
            day = 28 if feb29 and not calendar.isleap(year) else start.day
            dates.append(dt.date(year, start.month, day))
    out = [(d - first).days for d in dates]
    return [k for k in out if 0 <= k < days]


class TourismSector:
    def __init__(self, model, params):
        self.model = model
        self.p = params["tourism"]
        self.pad = params["pad"]
        tp = self.p
        vpa = tp["visitors_per_agent"]
        k = model.scale / vpa / DAYS_PER_YEAR
        self.lam_sby = tp["surabaya_visits_per_year"] * k
        self.lam_blitar = tp["blitar_direct_visits_per_year"] * k
        self.season = self._season(model.calendar)
        # the annual totals are kept whatever the seasons: the mean over the calendar year in
        # which the reported period starts is 1 (so a warm-up does not change it)
        year = model.calendar.dates[model.warmup_days].year
        days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        self.season /= self._season(build_calendar(f"{year}-01-01", days)).mean()
        size = int(4 * (self.lam_sby + self.lam_blitar) * (2 + tp["surabaya_nights_mean"])) + 64
        self._alloc(size)
        # slots ever used: arrivals take the lowest free slots, so every slot from here on is
        # free and the daily kernels scan only the slots below it
        self.n_used = 0
        self.awareness = tp["base_awareness"]
        self.tp = np.zeros(1, dtype=K.TOURISM_PARAMS)
        self.day = np.zeros((2, L.N_T))
        self.business_cash = np.zeros(2)  # hotels, restaurants and sites, net of local taxes
        self.arrived = 0.0  # agents that ever arrived
        self.departed = 0.0  # agents whose visit ended
        self.events = CulturalEvents(model, params)
        self.event_boost = 0.0  # today's awareness boost from cultural events (1/day)
        # the events' extra arrivals (and their own arrival draws) come from a substream of
        # their own, so that the tourism stream is drawn exactly as without events (common
        # random numbers: an event changes only what it adds)
        self.event_rng = model.streams["tourism"].spawn(1)[0]

    def _season(self, cal) -> np.ndarray:
        """Holiday and weekend multipliers of each day of a calendar."""
        season = np.where(cal.is_holiday, self.p["holiday_multiplier"], 1.0)
        return season * np.where(cal.is_weekend, self.p["weekend_multiplier"], 1.0)

    def _alloc(self, size: int) -> None:
        def grow(name, dtype):
            old = getattr(self, name, None)
            new = np.zeros(size, dtype=dtype)
            if old is not None:
                new[: old.shape[0]] = old
            setattr(self, name, new)

        for name in ("active", "loc", "from_sby", "extended", "package", "fresh"):
            grow(name, np.int8)
        grow("days_left", np.int64)
        K.check_visitors(self)

    # ---------------------------------------------------------------- daily
    def travel_time_h(self) -> float:
        m = self.model
        rq, _ = m.road_today()
        return m.base_travel_h / rq

    def _set_day_parameters(self) -> None:
        """Today's parameters of the tourism rules in ``self.tp`` (travel time and awareness
        change from day to day)."""
        m, p = self.model, self.p
        row = self.tp[0]
        # the copied keys change only with a schedule: written when they differ (writing a
        # record's fields one by one costs ~0.4 us each, every day)
        copied = tuple([p[key] for key in TOURISM_KEYS])
        if copied != self.__dict__.get("_copied"):
            for key, value in zip(TOURISM_KEYS, copied, strict=True):
                row[key] = value
            self._copied = copied
        extra_h = self.travel_time_h() - m.base_travel_h
        row["extension_logit_today"] = p["extension_logit"] - p["travel_time_logit_per_h"] * extra_h
        row["awareness_today"] = self.awareness
        row["package_extra_nights"] = m.params["programs"]["promotion"]["package_extra_nights"]
        # packages are honoured while the program can pay for them (it pays per package used)
        row["package_valid"] = 1.0 if m.programs["promotion"].active(m.day) else 0.0

    def step(self, t: int) -> np.ndarray:
        """Day ``t``; returns tourists' souvenir spending by market (Rp) for the UMKM pools."""
        m = self.model
        tp = self.tp
        promo = m.programs["promotion"]
        package_uptake = (
            m.params["programs"]["promotion"]["package_uptake"] if promo.active(t) else 0.0
        )
        rng = m.streams["tourism"]
        n_sby, n_blt = self._draw_arrivals(t, rng, package_uptake)
        # views of the slots ever used (the rest are free): the same agents in the same order
        used = self.n_used
        active, loc, days_left = self.active[:used], self.loc[:used], self.days_left[:used]
        from_sby, extended = self.from_sby[:used], self.extended[:used]
        # the kernels' cores, called directly: _alloc() checked the slots' arrays, and today's
        # views of them keep their dtypes (checks every day would cost more than the kernels)
        n = K._count_deciders(active, loc, days_left, from_sby, extended)
        u = rng.random(4 * n)
        self._set_day_parameters()
        self.day[:] = 0.0
        self.day[SURABAYA, L.T_ARRIVALS] += n_sby
        self.day[BLITAR, L.T_ARRIVALS] += n_blt
        K._tourists_day(active, loc, days_left, from_sby, extended, self.package[:used],
                        self.fresh[:used], u, tp, self.day)  # fmt: skip
        self.departed += self.day[:, L.T_DEPARTURES].sum()
        return self._settle_spending()

    def _draw_arrivals(self, t: int, rng, package_uptake: float) -> tuple[int, int]:
        """Today's arrivals in Surabaya and Blitar (agents), placed in the slots; returns their
        counts. The baseline arrivals are Poisson with the seasonal means, drawn from ``rng``
        exactly as without events; the cultural events running add a Poisson of their extra
        mean (uplift x seasonal mean), drawn with those arrivals' own uniforms from the events'
        substream, and set today's awareness boost."""
        up_blitar, up_sby, self.event_boost = self.events.today(t)
        n_sby = int(rng.poisson(self.lam_sby * self.season[t]))
        n_blt = int(rng.poisson(self.lam_blitar * self.season[t]))
        self._arrive(n_sby, n_blt, package_uptake, rng)
        if up_sby <= 0.0 and up_blitar <= 0.0:
            return n_sby, n_blt
        ev = self.event_rng
        x_sby = int(ev.poisson(self.lam_sby * self.season[t] * up_sby))
        x_blt = int(ev.poisson(self.lam_blitar * self.season[t] * up_blitar))
        if x_sby + x_blt > 0:
            self._arrive(x_sby, x_blt, package_uptake, ev)
        return n_sby + x_sby, n_blt + x_blt

    def _arrive(self, n_sby: int, n_blt: int, package_uptake: float, rng) -> None:
        p = self.p
        n = n_sby + n_blt
        # the lowest free slots: vacant ones below n_used, then never used ones
        used = self.n_used
        free = np.flatnonzero(self.active[:used] == 0)
        fresh_slots = n - free.shape[0]
        if fresh_slots > 0:
            if used + fresh_slots > self.active.shape[0]:
                self._alloc(2 * (self.active.shape[0] + n))
            free = np.concatenate((free, np.arange(used, used + fresh_slots)))
            self.n_used = used + fresh_slots
        u_over, u_nights, u_pkg = rng.random(n), rng.random(n), rng.random(n)
        # by destination: 0 Blitar, 1 Surabaya
        over = np.array([p["blitar_overnight_share"], p["surabaya_overnight_share"]], dtype=float)
        nights = np.array([p["blitar_nights_mean"], p["surabaya_nights_mean"]], dtype=float)
        K._place_arrivals(free[:n], n_sby, u_over, u_nights, u_pkg, float(package_uptake), over,
                          nights, self.active, self.loc, self.from_sby, self.extended,
                          self.package, self.fresh, self.days_left)  # fmt: skip
        self.arrived += n

    def _settle_spending(self) -> np.ndarray:
        """Tourists pay businesses and local taxes; returns souvenir spending by market (Rp)."""
        m = self.model
        vpa = self.p["visitors_per_agent"]
        pad = self.pad
        d = self.day
        souvenirs = d[:, L.T_SOUVENIR] * vpa
        for r, gov in ((BLITAR, m.blitar), (SURABAYA, m.surabaya)):
            lodging = d[r, L.T_LODGING] * vpa
            food = d[r, L.T_FOOD] * vpa
            attraction = d[r, L.T_ATTRACTION] * vpa
            tax = (
                lodging * pad["hotel_tax_share"]
                + food * pad["restaurant_tax_share"]
                + attraction * pad["attraction_fee_share"]
            )
            spend = lodging + food + attraction
            m.flows[L.F_TOURIST_IN] += spend
            self.business_cash[r] += spend - tax
            gov.collect(tax)
        return souvenirs

    def update_awareness(self, promotion_rp_full_scale: float) -> None:
        """Awareness of Blitar among Surabaya visitors: promotion (diminishing returns), word
        of mouth and today's cultural events raise it; it decays toward its base level."""
        m = self.model
        pp = m.params["programs"]["promotion"]
        p = self.p
        promo = pp["effect_per_day"] * (
            1.0 - math.exp(-promotion_rp_full_scale / pp["half_saturation_rp_per_day"])
        )
        typical = max(self.lam_sby, 1e-12)
        wom = p["word_of_mouth"] * self.day[BLITAR, L.T_RETURNING] / typical
        a = self.awareness
        gain = min(1.0, promo + wom + self.event_boost)
        a += (1.0 - a) * gain - p["awareness_decay_per_day"] * (a - p["base_awareness"])
        self.awareness = min(1.0, max(0.0, a))

    def visitors_error(self) -> float:
        """Relative error of arrivals = departures + present (visitors are conserved)."""
        present = float(np.count_nonzero(self.active[: self.n_used]))  # later slots are free
        return abs(self.arrived - self.departed - present) / max(self.arrived, 1.0)
