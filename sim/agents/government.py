"""Local governments as Mesa agents, and the joint programs they fund.

A program has an annual budget per fiscal year (January-December), split between the two
governments by a cost share and multiplied by each funder's budget realisation rate. It starts
after its start date plus the longest start-up delay of its funders, pays out until the year's
money is spent (then pauses), and starts again with the next fiscal year. Unspent money lapses
at the year's end. Poor coordination may lengthen the start-up delay and lower the realisation
(Government.startup_delay, Government.realisation; both off by default). All amounts in Rp,
already multiplied by the run's scale.

The warm-up (``run.warmup_days``) runs without programs: no money is appropriated or spent
before the first reported day, which opens the first fiscal year (as day 0 of a run without a
warm-up does), so the reported period carries the same budgets whatever the warm-up's length.
"""

from __future__ import annotations

import datetime as dt
import math

import mesa


class Government(mesa.Agent):
    """Pemkot Surabaya or the Blitar government: a program account and local revenue (PAD)."""

    def __init__(self, model, key: str, params):
        super().__init__(model)
        self.key = key
        self.name = params["name"]
        self.realisation_rate = params["realisation_rate"]
        self.startup_delay_days = params["startup_delay_days"]
        self.coordination_quality = params["coordination_quality"]
        self.extra_delay_days = params["extra_startup_delay_days_without_coordination"]
        self.unrealised_share = params["unrealised_share_without_coordination"]
        self.cash_rp = 0.0  # program account
        self.pad_rp = 0.0  # local revenue collected in the run
        self.spent_rp = 0.0  # program money paid out in the run
        self.programs: list[Program] = []

    def step(self) -> None:
        """Open a new fiscal year for the programs this government funds, when one begins:
        on the first reported day (after the warm-up) and on each 1 January after it."""
        m = self.model
        t, first = m.day, m.warmup_days
        if t == first or (t > first and m.calendar.year[t] != m.calendar.year[t - 1]):
            for program in self.programs:
                program.open_fiscal_year(self)

    def startup_delay(self, coordination: float) -> int:
        """Days between a joint program's start date and its first day of operation at the
        program's ``coordination``: ``startup_delay_days`` plus the whole days of
        floor(``extra_startup_delay_days_without_coordination`` x (1 - coordination))
        (coordination channel: start-up)."""
        return self.startup_delay_days + math.floor(self.extra_delay_days * (1.0 - coordination))

    def realisation(self, coordination: float) -> float:
        """Share of an appropriated budget realised at the program's ``coordination``:
        ``realisation_rate`` x (1 - ``unrealised_share_without_coordination`` x
        (1 - coordination)) (coordination channel: budget realisation)."""
        return self.realisation_rate * (1.0 - self.unrealised_share * (1.0 - coordination))

    def collect(self, amount_rp: float) -> None:
        """Receive local revenue (PAD), Rp. The accounts stay Python floats (the sectors hand
        numpy scalars): the same sums, and the programs' daily arithmetic on them is cheaper."""
        amount_rp = float(amount_rp)
        self.cash_rp += amount_rp
        self.pad_rp += amount_rp


class Program:
    """A joint program: budget rules, the day it may start, and payments by its funders."""

    def __init__(self, model, key: str, params, funders: dict[Government, float]):
        self.model = model
        self.key = key
        self.enabled = bool(params["enabled"])
        self.params = params  # the model's live parameters: schedules may change the budget
        self.funders = {g: s for g, s in funders.items() if s > 0.0}
        # the lower funder's coordination quality; joint monitoring raises it for a while
        # (sim.agents.monitoring), ``base_coordination`` is where it relapses to
        self.base_coordination = min((g.coordination_quality for g in self.funders), default=1.0)
        self.coordination = self.base_coordination
        start = dt.date.fromisoformat(params["start_date"])
        # set before any review: the governments' own coordination decides the start-up
        delay = max((g.startup_delay(self.base_coordination) for g in self.funders), default=0)
        first = start + dt.timedelta(days=delay)
        # no program runs during the warm-up (the reported period opens the first fiscal year)
        self.start_day = max((first - model.calendar.dates[0]).days, model.warmup_days)
        self.remaining = {g: 0.0 for g in self.funders}
        self.spent_rp = 0.0
        for g in self.funders:
            g.programs.append(self)

    @property
    def budget_rp_per_year(self) -> float:
        """This fiscal year's budget at the run's scale, Rp."""
        return self.params["budget_rp_per_year"] * self.model.scale

    @property
    def realised_rp_per_year(self) -> float:
        """What the funders actually make available in a year: budget x realisation (at the
        program's coordination today), Rp."""
        return sum(
            self.budget_rp_per_year * s * g.realisation(self.coordination)
            for g, s in self.funders.items()
        )

    def open_fiscal_year(self, government: Government) -> None:
        """Lapse last year's unspent money of this funder and appropriate this year's."""
        if not self.enabled or government not in self.funders:
            return
        model = self.model
        left = self.remaining[government]
        government.cash_rp -= left
        model.lapse(left)
        rate = government.realisation(self.coordination)
        money = self.budget_rp_per_year * self.funders[government] * rate
        self.remaining[government] = money
        government.cash_rp += money
        model.appropriate(money)

    def active(self, day: int) -> bool:
        """True while started and every funder still has money this fiscal year."""
        if not self.enabled or day < self.start_day:
            return False
        for left in self.remaining.values():  # a loop: asked ~10 times a day, cheaper than all()
            if not left > 0.0:
                return False
        return True

    def available(self) -> float:
        """Money left this fiscal year, Rp."""
        return sum(self.remaining.values())

    def can_pay(self, amount_rp: float) -> bool:
        """True if every funder has its cost share of ``amount_rp`` left this fiscal year."""
        return all(self.remaining[g] >= amount_rp * s for g, s in self.funders.items())

    def pay(self, amount_rp: float) -> float:
        """Pay up to ``amount_rp`` from the funders by their cost shares; returns what was paid."""
        if amount_rp <= 0.0 or not self.funders:
            return 0.0
        paid = 0.0
        for g, share in self.funders.items():
            part = min(self.remaining[g], amount_rp * share)
            self.remaining[g] -= part
            g.cash_rp -= part
            g.spent_rp += part
            paid += part
        self.spent_rp += paid
        return paid
