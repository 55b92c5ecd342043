"""The explorer's model: the chosen scenario with the page's levers, and the baseline beside it.

:class:`ExplorerModel` is a ``mesa.Model`` whose keyword parameters are the scenario file, the
seed, the scale and the levers of :mod:`sim.explorer.levers`, so Mesa's SolaraViz controls can
(re)create it. Each step advances both runs by one day; they share the seed, so the difference
between them is the effect of the scenario and levers, not of luck (common random numbers).
Both runs pass their warm-up (``run.warmup_days``, no programs) when the model is built, so the
page's day 0 is the first reported day, as in a CLI run's outputs.
"""

from __future__ import annotations

import threading

import mesa

from sim.config import load_scenario
from sim.explorer.levers import (
    BASELINE_FILE,
    DEFAULT_SCENARIO,
    SCENARIO_DIR,
    lever_defaults,
    lever_overrides,
    scenario_path,
)
from sim.model import KADModel

DEFAULT_SCALE = 0.1


class ExplorerModel(mesa.Model):
    """Two :class:`KADModel` runs stepped in lockstep: ``run`` (scenario + levers) and ``baseline``.

    Args:
        scenario: a file in scenarios/ (``mou.toml``) or a path.
        seed: seed of both runs.
        scale: population scale of both runs (0.1 simulates a tenth; KPIs are full-scale).
        days: days to report, after the warm-up (default: the scenario's ``run.days``).
        baseline_from: an ExplorerModel whose baseline run (and lock) this one shares when the
            seed, scale, days and start date agree. The caller then sets ``retired`` on the old
            model, so that only the new one steps the shared baseline.
        **levers: lever values by name (see ``sim.explorer.levers.LEVERS``); levers not given
            keep the scenario's values.
    """

    def __init__(
        self,
        scenario: str = DEFAULT_SCENARIO,
        seed: int = 1,
        scale: float = DEFAULT_SCALE,
        *,
        days: int | None = None,
        baseline_from: ExplorerModel | None = None,
        **levers,
    ):
        super().__init__(seed=seed)
        self.scenario_file = str(scenario)
        path = scenario_path(scenario)
        scn = load_scenario(path)
        self.scenario_params = scn.params
        self.description = scn.params["description"]
        self.lever_values = {**lever_defaults(scn.params), **levers}
        self.overrides = lever_overrides(scn.params, levers)
        self.run = KADModel(path, seed=seed, days=days, scale=scale, overrides=self.overrides)
        start = self.run.params["run"]["start_date"]
        old = baseline_from
        if (
            old is not None
            and old.baseline.seed == self.run.seed
            and old.baseline.scale == self.run.scale
            and old.baseline.days == self.run.days
            and old.baseline.calendar.dates[0] == self.run.calendar.dates[0]
            and old.baseline.warmup_days == self.run.warmup_days
        ):
            self.lock = old.lock
            self.baseline = old.baseline
        else:
            self.lock = threading.RLock()
            self.baseline = KADModel(
                SCENARIO_DIR / BASELINE_FILE,
                seed=seed,
                days=self.run.days - self.run.warmup_days,
                scale=scale,
                overrides={"run.start_date": start, "run.warmup_days": self.run.warmup_days},
            )
        self.retired = False  # a replaced model: step() does nothing
        self.running = self.run.running
        self._pass_warmup()

    def _pass_warmup(self) -> None:
        """Step both runs through the warm-up (no program runs in it: nothing to watch), below
        Mesa's step counter, so the page opens on the first reported day."""
        with self.lock:
            while self.run.day < self.run.warmup_days and self.run.running:
                self.run.step()
            while self.baseline.day < self.run.day and self.baseline.running:
                self.baseline.step()
            self.running = self.run.running

    # ------------------------------------------------------------------ stepping
    @property
    def day(self) -> int:
        """Reported days simulated so far in the run (0 before the first step after the
        warm-up)."""
        return self.run.day - self.run.warmup_days

    @property
    def days(self) -> int:
        """Days to report (the warm-up left out)."""
        return self.run.days - self.run.warmup_days

    def step(self) -> None:
        """One day of both runs. A retired model (replaced after a lever change) does nothing."""
        with self.lock:
            if self.retired:
                return  # its replacement steps on; this one keeps its last state
            if not self.run.running:
                self.running = False
                return
            self.run.step()
            while self.baseline.day < self.run.day and self.baseline.running:
                self.baseline.step()
            self.running = self.run.running

    def advance_to(self, day: int, should_stop=None) -> bool:
        """Step until ``day`` days are simulated; ``should_stop()`` may abort (returns False)."""
        while self.day < min(day, self.days):
            if should_stop is not None and self.run.day % 10 == 0 and should_stop():
                return False
            self.step()
        return True
