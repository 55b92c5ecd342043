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
import operator

import numpy as np

from sim.calendar import DAYS_PER_YEAR, calendar_year
from sim.kernels import layout as L
from sim.kernels import tourism as K
from sim.kernels.draws import Stream

BLITAR, SURABAYA = 0, 1
# fields of the tp record that hold a tourism key as it is (tourism.<key>)
TOURISM_KEYS = (
    "package_logit_bonus", "blitar_overnight_share", "blitar_nights_mean",
    "lodging_rp_per_night", "food_rp_per_day", "souvenir_rp_per_day",
    "attraction_rp_per_visit", "blitar_price_level", "surabaya_overnight_share",
    "surabaya_nights_mean", "visitors_per_agent",
)  # fmt: skip
# fields of the tp record that hold a pad key as it is (pad.<key>)
PAD_KEYS = ("hotel_tax_share", "restaurant_tax_share", "attraction_fee_share")


# the fields of the tp record that copy keys, in _copy_keys' order, as positions in tp's floats
_tourism_keys = operator.itemgetter(*TOURISM_KEYS)
_pad_keys = operator.itemgetter(*PAD_KEYS)
_COPIED_FIELDS = np.array(
    [K.TP[name] for name in (*TOURISM_KEYS, *PAD_KEYS, "package_extra_nights")], dtype=np.int64
)
_TAX_BLITAR, _TAX_SURABAYA = K.A_TAX + BLITAR, K.A_TAX + SURABAYA  # today's taxes in acc
_EXTENSION, _AWARENESS, _VALID = (
    K.TP[name] for name in ("extension_logit_today", "awareness_today", "package_valid")
)


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
        self.season /= self._season(calendar_year(year)).mean()
        # each day's mean arrivals (agents), as floats: lam x season of the day
        self.mean_sby = (self.lam_sby * self.season).tolist()
        self.mean_blitar = (self.lam_blitar * self.season).tolist()
        # the slots' bookkeeping and the money and visits kept by the kernels (K.S_*, K.A_*)
        self.state = np.zeros(K.N_STATE, dtype=np.int64)
        self.acc = np.zeros(K.N_ACC)
        size = int(4 * (self.lam_sby + self.lam_blitar) * (2 + tp["surabaya_nights_mean"])) + 64
        self._alloc(size)
        self.awareness = tp["base_awareness"]
        self.tp = np.zeros(1, dtype=K.TOURISM_PARAMS)
        self._tpv = self.tp.view(np.float64)  # the same record as a float array (K.TP)
        self._copied = None  # the copied keys' values last written to tp
        self.day = np.zeros((2, L.N_T))
        # hotels, restaurants and sites' cash, net of local taxes (a view of acc)
        self.business_cash = self.acc[K.A_CASH : K.A_CASH + 2]
        self.souvenir_rp = self.acc[K.A_SOUVENIR : K.A_SOUVENIR + 2]  # today's, by market
        self.events = CulturalEvents(model, params)
        self.event_boost = 0.0  # today's awareness boost from cultural events (1/day)
        # the events' extra arrivals (and their own arrival draws) come from a substream of
        # their own, so that the tourism stream is drawn exactly as without events (common
        # random numbers: an event changes only what it adds)
        self.event_rng = model.streams["tourism"].spawn(1)[0]
        # the day's draws in the kernel (:meth:`_bind_day`), bound on the first day
        self._fast: tuple | None = None
        self._means = np.zeros(4)  # today's means: arrivals, the events' extra ones (agents)
        self._event_means = False  # whether _means holds the events' (else zeros)

    @property
    def n_used(self) -> int:
        """Slots ever used: arrivals take the lowest free slots, so every later slot is free
        and the daily kernels scan only the slots below it."""
        return int(self.state[K.S_USED])

    @property
    def arrived(self) -> float:
        """Agents that ever arrived."""
        return float(self.acc[K.A_ARRIVED])

    @arrived.setter
    def arrived(self, value: float) -> None:
        self.acc[K.A_ARRIVED] = value

    @property
    def departed(self) -> float:
        """Agents whose visit ended."""
        return float(self.acc[K.A_DEPARTED])

    @departed.setter
    def departed(self, value: float) -> None:
        self.acc[K.A_DEPARTED] = value

    def _season(self, cal) -> np.ndarray:
        """Holiday and weekend multipliers of each day of a calendar."""
        season = np.where(cal.is_holiday, self.p["holiday_multiplier"], 1.0)
        return season * np.where(cal.is_weekend, self.p["weekend_multiplier"], 1.0)

    def _alloc(self, size: int) -> None:
        """(Re)allocate ``size`` slots, keeping the slots' contents: the flag columns
        (``active``, ``loc`` ...) are views of the rows of one int8 array."""
        flags = np.zeros((K.N_FLAGS, size), dtype=np.int8)
        days_left = np.zeros(size, dtype=np.int64)
        free = np.zeros(size, dtype=np.int64)  # the vacant slots, listed by the kernels
        old = getattr(self, "flags", None)
        if old is not None:
            flags[:, : old.shape[1]] = old
            days_left[: old.shape[1]] = self.days_left
            free[: old.shape[1]] = self.free
        self.flags, self.days_left, self.free = flags, days_left, free
        self._scratch = np.empty(4 * size)  # the kernel's uniforms (4 per slot at most)
        for k, name in enumerate(K.FLAG_COLUMNS):
            setattr(self, name, flags[k])
        K.check_visitors(self)

    # ---------------------------------------------------------------- daily
    def travel_time_h(self) -> float:
        m = self.model
        rq, _ = m.road_today()
        return m.base_travel_h / rq

    def _set_day_parameters(self) -> None:
        """Today's parameters of the tourism rules in ``self.tp`` (travel time and awareness
        change from day to day)."""
        m = self.model
        self._copy_keys()
        self._set_today(m.programs["promotion"].active(m.day))

    def _copy_keys(self) -> None:
        """The fields of ``self.tp`` that hold a scenario key as it is: written when a schedule
        changed one (they are compared every day, written seldom)."""
        promotion = self.model.params["programs"]["promotion"]
        # compared as the getters' tuples (the tuple of their values is built only to write)
        tour, pad = _tourism_keys(self.p), _pad_keys(self.pad)
        copied = (tour, pad, promotion["package_extra_nights"])
        if copied != self._copied:
            self._tpv[_COPIED_FIELDS] = (*tour, *pad, copied[2])
            self._copied = copied

    def _set_today(self, promotion_active: bool) -> None:
        """The fields of ``self.tp`` that change from day to day."""
        m, p, tpv = self.model, self.p, self._tpv
        rq, _ = m.road_today()
        extra_h = m.base_travel_h / rq - m.base_travel_h  # travel_time_h(), one call less
        tpv[_EXTENSION] = p["extension_logit"] - p["travel_time_logit_per_h"] * extra_h
        tpv[_AWARENESS] = self.awareness
        # packages are honoured while the program can pay for them (it pays per package used)
        tpv[_VALID] = 1.0 if promotion_active else 0.0

    def step(self, t: int) -> np.ndarray:
        """Day ``t``; returns tourists' souvenir spending by market (Rp) for the UMKM pools
        (``self.souvenir_rp``, overwritten the next day)."""
        m = self.model
        self._copy_keys()  # before the arrivals, which read their stays from tp
        promotion = m.programs["promotion"]
        promotion_active = promotion.enabled and promotion.active(t)  # enabled: a call saved
        package_uptake = (
            m.params["programs"]["promotion"]["package_uptake"] if promotion_active else 0.0
        )
        rng = m.streams["tourism"]
        fast = self._fast
        if fast is None or fast[0] is not rng or fast[1] is not self.event_rng:
            fast = self._fast = self._bind_day(rng)
        if fast[2] is not None:
            self._day_in_kernel(t, fast[2], float(package_uptake), promotion_active)
        else:
            self._draw_arrivals(t, rng, package_uptake)
            # the kernels counted today's deciders, who draw 4 uniforms each
            u = rng.random(4 * int(self.state[K.S_DECIDERS]))
            self._set_today(promotion_active)
            # the kernels' cores, called directly: _alloc() checked the slots' arrays
            K._tourists_day(self.flags, self.days_left, u, self.tp, self.day, self.acc,
                            self.state, m.flows, self.free)  # fmt: skip
        acc = self.acc
        m.blitar.collect(acc.item(_TAX_BLITAR))  # Python floats: cheaper than numpy scalars
        m.surabaya.collect(acc.item(_TAX_SURABAYA))
        return self.souvenir_rp

    def _bind_day(self, rng) -> tuple:
        """(``rng``, the events' stream, both as :class:`Stream` with their PCG64 words) for
        :meth:`_day_in_kernel`; or (``rng``, the events' stream, None) where the kernel cannot
        draw exactly as numpy (not PCG64, or :func:`sim.kernels.tourism.same_poissons` failed)
        or a day's mean arrivals is one numpy would refuse: then numpy's calls draw the day."""
        ev = self.event_rng
        streams = (Stream(rng), Stream(ev))
        means = (*self.mean_sby, *self.mean_blitar)
        if (
            any(s.words is None for s in streams)
            or not K.same_poissons(rng)
            or not all(0.0 <= lam <= K.POISSON_LAM_MAX for lam in means)
        ):
            return rng, ev, None
        return rng, ev, streams

    def _day_in_kernel(self, t: int, streams, package_uptake: float, promotion_active: bool):
        """:meth:`step`'s draws, arrivals and tourists' day in one kernel call
        (:func:`sim.kernels.tourism._tourism_day`), drawing what :meth:`_draw_arrivals` and
        the deciders' ``rng.random`` would, from the streams' own state."""
        events = self.events
        if events.events:
            up_blitar, up_sby, self.event_boost = events.today(t)
        else:  # what today() returns without events, a call saved
            up_blitar = up_sby = self.event_boost = 0.0
        means = self._means
        means[0] = mean_sby = self.mean_sby[t]
        means[1] = mean_blitar = self.mean_blitar[t]
        if up_sby > 0.0 or up_blitar > 0.0:  # the events' extra arrivals (none drawn else)
            means[2] = self._event_mean(mean_sby * up_sby)
            means[3] = self._event_mean(mean_blitar * up_blitar)
            self._event_means = True
        elif self._event_means:
            means[2] = means[3] = 0.0
            self._event_means = False
        self._set_today(promotion_active)
        m, words, ev_words = self.model, streams[0].words, streams[1].words
        core = K._tourism_day
        # the slots' arrays are read afresh after each (rare) growth
        while need := core(words, ev_words, means, package_uptake, self.flags, self.days_left,
                           self._scratch, self.tp, self.day, self.acc, self.state, m.flows,
                           self.free):  # fmt: skip
            self._alloc(2 * need)

    def _event_mean(self, lam: float) -> float:
        """``lam``, an events' mean arrivals, if numpy's ``poisson`` takes it; else numpy's
        error."""
        if not 0.0 <= lam <= K.POISSON_LAM_MAX:
            self.event_rng.poisson(lam)  # raises numpy's error
        return lam

    def _draw_arrivals(self, t: int, rng, package_uptake: float) -> tuple[int, int]:
        """Today's arrivals in Surabaya and Blitar (agents), placed in the slots; returns their
        counts. The baseline arrivals are Poisson with the seasonal means, drawn from ``rng``
        exactly as without events; the cultural events running add a Poisson of their extra
        mean (uplift x seasonal mean), drawn with those arrivals' own uniforms from the events'
        substream, and set today's awareness boost."""
        up_blitar, up_sby, self.event_boost = self.events.today(t)
        mean_sby, mean_blitar = self.mean_sby[t], self.mean_blitar[t]
        n_sby = rng.poisson(mean_sby)  # a Python int
        n_blt = rng.poisson(mean_blitar)
        self._arrive(n_sby, n_blt, package_uptake, rng)
        if up_sby <= 0.0 and up_blitar <= 0.0:
            return n_sby, n_blt
        ev = self.event_rng
        x_sby = int(ev.poisson(mean_sby * up_sby))
        x_blt = int(ev.poisson(mean_blitar * up_blitar))
        if x_sby + x_blt > 0:
            self._arrive(x_sby, x_blt, package_uptake, ev)
        return n_sby + x_sby, n_blt + x_blt

    def _arrive(self, n_sby: int, n_blt: int, package_uptake: float, rng) -> None:
        """New visitors take the lowest free slots, Surabaya's first; they draw every one's
        overnight uniform, then every one's nights uniform, then every one's package uniform
        (one call for the three: the same numbers)."""
        n = n_sby + n_blt
        if n == 0:
            return
        if self.state[K.S_USED] + n > self.days_left.shape[0]:
            self._alloc(2 * (self.days_left.shape[0] + n))
        u = rng.random(3 * n)
        K._place_arrivals(self.flags, self.days_left, u, n_sby, float(package_uptake), self.tp,
                          self.state)  # fmt: skip
        self.arrived += n

    def update_awareness(self, promotion_rp_full_scale: float) -> None:
        """Awareness of Blitar among Surabaya visitors: promotion (diminishing returns), word
        of mouth and today's cultural events raise it; it decays toward its base level."""
        pp = self.model.params["programs"]["promotion"]
        p = self.p
        promo = pp["effect_per_day"] * (
            1.0 - math.exp(-promotion_rp_full_scale / pp["half_saturation_rp_per_day"])
        )
        typical = 1e-12 if 1e-12 > self.lam_sby else self.lam_sby  # max(lam_sby, 1e-12)
        # the same number as a Python float: cheaper arithmetic than numpy's scalars
        returning = self.day.item(BLITAR, L.T_RETURNING)
        wom = p["word_of_mouth"] * returning / typical
        a = self.awareness
        # min and max written out (cheaper than the builtins' calls): the same results,
        # NaN included (min(1.0, x) is x only if x < 1.0, max(0.0, x) x only if x > 0.0)
        gain = promo + wom + self.event_boost
        gain = gain if gain < 1.0 else 1.0
        a += (1.0 - a) * gain - p["awareness_decay_per_day"] * (a - p["base_awareness"])
        a = a if a > 0.0 else 0.0
        self.awareness = a if a < 1.0 else 1.0

    def visitors_error(self) -> float:
        """Relative error of arrivals = departures + present (visitors are conserved), after
        the day: the present are the active slots as the day's kernel counted them."""
        return self.acc.item(K.A_VISITORS_ERROR)  # the kernel's, from those counts
