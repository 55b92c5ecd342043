"""Joint monitoring and evaluation (monev) of the cooperation's programs.

Every ``interval_days`` from its first day, while its budget pays for a review, the joint
secretariat reviews the programs the two governments fund together. A review costs
``cost_rp_per_review`` (paid by the governments by the program's cost shares) and corrects the
shortfalls it finds: it closes ``gap_closed_per_review`` of each program's coordination gap
(1 - coordination), which acts through the coordination channels (the direct channel's
delivered capacity, the information system's lag, the targeting of outlet places). Between
reviews the gain relapses toward the governments' own coordination quality at
``relapse_per_day``. With no reviews (disabled, ``interval_days`` 0 or no money) nothing here
touches the model, so results are those without the lever, bit for bit.
"""

from __future__ import annotations


class Monitoring:
    """The review calendar and its effect on the programs' coordination."""

    def __init__(self, model, program):
        self.model = model
        self.program = program
        self.reviews = 0  # reviews held in the run

    @property
    def params(self) -> dict:
        return self.model.params["programs"]["monitoring"]

    def on(self) -> bool:
        """True if the scenario asks for reviews at all."""
        return self.program.enabled and self.params["interval_days"] > 0

    def step(self, t: int) -> None:
        """Day ``t``: yesterday's gains relapse, then a review if one is due and paid for."""
        if not self.program.enabled:  # self.on() in two steps: asked every day
            return
        p = self.model.params["programs"]["monitoring"]
        if not p["interval_days"] > 0:
            return
        self._relapse(p["relapse_per_day"])
        if self._due(t, p["interval_days"]) and self._pay(p["cost_rp_per_review"]):
            self._review(p["gap_closed_per_review"])

    def _due(self, t: int, interval: int) -> bool:
        start = self.program.start_day
        return t >= start and (t - start) % interval == 0 and self.program.active(t)

    def _pay(self, cost_rp: float) -> bool:
        """Pay one review at the run's scale; False (no review) if a funder cannot pay its
        share this fiscal year."""
        cost = cost_rp * self.model.scale
        if not self.program.can_pay(cost):
            return False
        self.model.pay_outside(self.program, cost)
        return True

    def _joint_programs(self):
        return [p for p in self.model.programs.values() if p is not self.program and p.enabled]

    def _review(self, closed: float) -> None:
        """Close ``closed`` of every other enabled program's coordination gap."""
        for prog in self._joint_programs():
            prog.coordination += closed * (1.0 - prog.coordination)
        self.reviews += 1

    def _relapse(self, rate: float) -> None:
        """Lose ``rate`` of the coordination gained by reviews (one day)."""
        for prog in self._joint_programs():
            prog.coordination = prog.base_coordination + (
                prog.coordination - prog.base_coordination
            ) * (1.0 - rate)
