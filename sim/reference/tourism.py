"""Tourists as one Mesa agent each: the rules of :mod:`sim.kernels.tourism` per visitor group.

A :class:`Tourist` stands for ``visitors_per_agent`` visitors (a super-individual), like one
active slot of :class:`sim.sectors.TourismSector`. It is created on arrival in the lowest free
slot and removed (``agent.remove()``) when its visit ends. Slots matter only for order: the
tourists are stepped in slot order, so that those deciding whether to continue from Surabaya
to Blitar draw their four uniforms in the kernel's order. Spending is in Rp per visitor; the
sector multiplies by the visitors an agent stands for.
"""

from __future__ import annotations

import heapq
import math
from collections import namedtuple

import mesa
import numpy as np
from mesa.agent import AgentSet

from sim.kernels import layout as L
from sim.kernels import tourism as K
from sim.reference.umkm import safe_exp
from sim.sectors.tourism import BLITAR, SURABAYA, TourismSector

# today's tourism parameters as plain floats, by the fields of the sector's tp record
TourismParams = namedtuple("TourismParams", K.TOURISM_PARAMS.names)


def stay_days(
    u_overnight: float, u_nights: float, overnight_share: float, nights_mean: float, extra: float
) -> int:
    """Days at a destination: 1 for a day visit, else 1 + nights (geometric on 1, 2, ... with
    mean ``nights_mean``) + ``extra`` nights."""
    if u_overnight >= overnight_share:
        return 1
    mean = max(1.0, nights_mean)
    p = 1.0 / mean
    nights = 1 if p >= 1.0 else 1 + int(math.log(1.0 - u_nights) / math.log(1.0 - p))
    return 1 + nights + int(extra)


class Tourist(mesa.Agent):
    """A group of visitors on one visit.

    Attributes: ``slot`` (the sector's slot it occupies), ``loc`` (0 Blitar, 1 Surabaya),
    ``from_sby`` (the visit began in Surabaya), ``extended`` (continued to Blitar),
    ``package`` (holds an integrated Surabaya-Blitar package), ``fresh`` (has not yet paid the
    attraction fee at ``loc``) and ``days_left`` at ``loc``.
    """

    def __init__(self, model, slot: int, from_surabaya: bool):
        super().__init__(model)
        self.slot = slot
        self.from_sby = 1 if from_surabaya else 0
        self.loc = SURABAYA if from_surabaya else BLITAR
        self.extended = 0
        self.package = 0
        self.fresh = 1
        self.days_left = 0
        self._u_overnight = self._u_nights = 0.0  # arrival draws

    # arrival: the sector draws every arrival's overnight uniform, then every nights uniform,
    # then every package uniform (TourismSector._arrive), one pass each
    def draw_overnight(self, rng) -> None:
        self._u_overnight = rng.random()

    def draw_nights(self, rng) -> None:
        self._u_nights = rng.random()

    def draw_package(self, rng, uptake: float) -> None:
        """Visitors to Surabaya hold a package with probability ``uptake`` (the others draw
        too)."""
        u = rng.random()
        self.package = 1 if self.from_sby == 1 and u < uptake else 0

    def plan_stay(self, p: dict) -> None:
        """Days at the first destination."""
        if self.from_sby == 1:
            share, nights = p["surabaya_overnight_share"], p["surabaya_nights_mean"]
        else:
            share, nights = p["blitar_overnight_share"], p["blitar_nights_mean"]
        self.days_left = stay_days(self._u_overnight, self._u_nights, share, nights, 0.0)

    def spend_day(self, sector: ReferenceTourism) -> None:
        """Spend the day where the group is (food, souvenirs, lodging if staying the night,
        the attraction fee on the first day), then move on or go home at the stay's end."""
        r = self.loc
        price = sector.today.blitar_price_level if r == BLITAR else 1.0
        day = sector.day_rows[r]
        tp = sector.today
        day[L.T_VISITOR_DAYS] += 1.0
        day[L.T_FOOD] += tp.food_rp_per_day * price
        day[L.T_SOUVENIR] += tp.souvenir_rp_per_day * price
        if self.days_left > 1:
            day[L.T_LODGING] += tp.lodging_rp_per_night * price
        if self.fresh == 1:
            day[L.T_ATTRACTION] += tp.attraction_rp_per_visit * price
            self.fresh = 0
        self.days_left -= 1
        if self.days_left > 0:
            return
        if r == SURABAYA and self.from_sby == 1 and self.extended == 0:
            if self.continue_to_blitar(sector):
                return
        if r == BLITAR and self.from_sby == 1:
            sector.day_rows[BLITAR][L.T_RETURNING] += 1.0
        day[L.T_DEPARTURES] += 1.0
        sector.leave(self)

    def continue_to_blitar(self, sector: ReferenceTourism) -> bool:
        """At the end of a Surabaya stay: aware (with today's awareness) and willing (logistic
        in today's travel time, plus the package bonus), continue to Blitar. Draws four
        uniforms from the tourism stream: aware, extend, overnight, nights."""
        tp = sector.today
        pkg = self.package == 1 and tp.package_valid > 0.0  # void once the budget is spent
        x = tp.extension_logit_today + (tp.package_logit_bonus if pkg else 0.0)
        p = 1.0 / (1.0 + safe_exp(-x))
        u_aware, u_extend, u_overnight, u_nights = sector.rng.random(4).tolist()
        if not (u_aware < tp.awareness_today and u_extend < p):
            return False
        self.extended = 1
        self.loc = BLITAR
        self.fresh = 1
        extra = tp.package_extra_nights if pkg else 0.0
        self.days_left = stay_days(
            u_overnight, u_nights, tp.blitar_overnight_share, tp.blitar_nights_mean, extra
        )
        row = sector.day_rows[BLITAR]
        row[L.T_ARRIVALS] += 1.0
        row[L.T_EXTENSIONS] += 1.0
        if pkg:
            row[L.T_PACKAGES_USED] += 1.0
        return True


# slot columns of TourismSector (the agents hold them)
SLOT_COLUMNS = {
    "active": np.int8,
    "loc": np.int8,
    "from_sby": np.int8,
    "extended": np.int8,
    "package": np.int8,
    "fresh": np.int8,
    "days_left": np.int64,
}


def _slot_column(name: str, dtype) -> property:
    def column(self) -> np.ndarray:
        out = np.zeros(self.n_slots, dtype=dtype)
        for tourist in self.tourists:
            out[tourist.slot] = 1 if name == "active" else getattr(tourist, name)
        return out

    return property(
        column, doc=f"``{name}`` of every slot ever used, from the agents (0 where vacant)."
    )


class ReferenceTourism(TourismSector):
    """:class:`TourismSector` whose visitors are :class:`Tourist` agents.

    Takes over the sector the base model built. Arrivals are drawn as in the sector (Poisson
    counts, then the arrivals' uniforms); each arrival is a new agent in the lowest free slot.
    The slot columns (``active``, ``loc``, ``days_left``, ...) become read-only properties
    collected from the agents (vacant slots read 0); ``day``, ``tp``, ``business_cash``,
    ``awareness``, ``arrived`` and ``departed`` are the sector's as in the base class.
    """

    def __init__(self, built: TourismSector):
        vars(self).update({k: v for k, v in vars(built).items() if k not in SLOT_COLUMNS})
        self.n_slots = 0  # slots ever used
        self.free: list[int] = []  # heap of the vacant ones
        self.day_rows = [[0.0] * L.N_T for _ in range(2)]
        self.today: TourismParams = TourismParams(*self.tp[0].item())

    @property
    def tourists(self) -> AgentSet:
        """The visitors present, in slot order."""
        present = self.model.agents_by_type.get(Tourist)
        if present is None:  # nobody has arrived yet
            return AgentSet([], random=self.model.random)
        return present.sort("slot", ascending=True)

    def step(self, t: int) -> np.ndarray:
        """Day ``t`` (``TourismSector.step``); returns tourists' souvenir spending by market
        (Rp) for the UMKM pools."""
        m = self.model
        promo = m.programs["promotion"]
        package_uptake = (
            m.params["programs"]["promotion"]["package_uptake"] if promo.active(t) else 0.0
        )
        self.rng = rng = m.streams["tourism"]
        # TourismSector's: the baseline arrivals, then the events' extra ones (own substream)
        n_sby, n_blt = self._draw_arrivals(t, rng, package_uptake)
        self._set_day_parameters()  # TourismSector's: the same numbers for both engines
        self.today = TourismParams(*self.tp[0].item())
        self.day_rows = [[0.0] * L.N_T for _ in range(2)]
        self.day_rows[SURABAYA][L.T_ARRIVALS] += n_sby
        self.day_rows[BLITAR][L.T_ARRIVALS] += n_blt
        # in slot order, so that deciders draw in the kernel's order
        self.tourists.do("spend_day", self)
        self.day[:] = self.day_rows
        self.departed += self.day[:, L.T_DEPARTURES].sum()
        return self._settle_spending()

    def _settle_spending(self) -> np.ndarray:
        """Tourists pay businesses and local taxes; returns souvenir spending by market (Rp)
        (the sector's kernel does this at the end of its day: ``_settle``)."""
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

    def _arrive(self, n_sby: int, n_blt: int, package_uptake: float, rng) -> None:
        """New visitors take the lowest free slots, Surabaya's first; they draw their
        overnight, nights and package uniforms in three passes."""
        m = self.model
        new = []
        for k in range(n_sby + n_blt):
            if self.free:
                slot = heapq.heappop(self.free)
            else:
                slot = self.n_slots
                self.n_slots += 1
            new.append(Tourist(m, slot, k < n_sby))
        arrivals = AgentSet(new, random=m.random)
        arrivals.do("draw_overnight", rng)
        arrivals.do("draw_nights", rng)
        arrivals.do("draw_package", rng, package_uptake)
        arrivals.do("plan_stay", self.p)
        self.arrived += n_sby + n_blt

    def leave(self, tourist: Tourist) -> None:
        """The visit ends: free the slot and remove the agent."""
        heapq.heappush(self.free, tourist.slot)
        tourist.remove()

    def visitors_error(self) -> float:
        """Relative error of arrivals = departures + present (visitors are conserved)."""
        present = float(len(self.model.agents_by_type.get(Tourist, ())))
        return abs(self.arrived - self.departed - present) / max(self.arrived, 1.0)

    def visitor_arrays(self) -> dict[str, np.ndarray]:
        """The visitors present as arrays named like the sector's slot columns, in slot
        order, and ``slot``: their slots."""
        tourists = self.tourists
        columns = ("slot", *(k for k in SLOT_COLUMNS if k != "active"))
        return {k: np.array(tourists.get(k), dtype=np.int64) for k in columns}


for _name, _dtype in SLOT_COLUMNS.items():
    setattr(ReferenceTourism, _name, _slot_column(_name, _dtype))
