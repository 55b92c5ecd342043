"""The fitting problem on common seeds, the store of evaluated moments, and the optimiser
(differential evolution, then Nelder-Mead)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim import paths
from sim.calibration.moments import _moment_task
from sim.calibration.parameters import FREE_PARAMETERS, bounds_of
from sim.calibration.targets import BASELINE, distance
from sim.experiment import resolve


@dataclass
class Problem:
    """Simulated moments of candidate parameter sets on common random numbers.

    Every candidate runs on the same ``seeds`` (spawned once), so the distance is a
    deterministic function of the parameters. ``history`` records every evaluated candidate;
    ``evaluations`` counts them (a candidate is one parameter set, run on every seed).
    """

    targets: pd.DataFrame
    seeds: tuple
    parameters: tuple = FREE_PARAMETERS
    scenario: str = str(BASELINE)
    days: int = 365
    scale: float = 0.05
    workers: int | None = None
    fixed: dict = field(default_factory=dict)
    history: list = field(default_factory=list)
    evaluations: int = 0
    phase: str = "de"
    store: MomentStore | None = None  # moments kept on disk, so an interrupted job resumes
    bar: object | None = field(default=None, repr=False)  # a tqdm bar, advanced per candidate
    client: object | None = field(default=None, repr=False)  # Dask client: runs on its cluster
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.parameters]

    def overrides(self, x) -> dict:
        return {
            **self.fixed,
            **{k: float(v) for k, v in zip(self.keys, x, strict=True)},
        }

    def run(self, candidates: Sequence[Mapping], seeds: Sequence[int] | None = None,
            workers: int | None = None) -> list[list[dict]]:  # fmt: skip
        """Moments of every candidate (dotted overrides) on every seed: ``out[i][s]``."""
        from sim.executor import run_tasks

        seeds = list(self.seeds if seeds is None else seeds)
        tasks = [{"scenario": str(self.scenario), "overrides": dict(ov), "seed": int(s),
                  "days": self.days, "scale": self.scale}
                 for ov in candidates for s in seeds]  # fmt: skip
        w = self.workers if workers is None else workers
        results = dict(run_tasks(_moment_task, tasks, w, progress=False, desc="calibration",
                                 client=self.client))  # fmt: skip
        n = len(seeds)
        return [[results[i * n + s] for s in range(n)] for i in range(len(candidates))]

    def evaluate(self, xs: Sequence, workers: int | None = None) -> list[float]:
        """Distances of candidate vectors ``xs`` (cached; new ones counted and recorded)."""
        keys = [tuple(float(v) for v in x) for x in xs]
        todo = [k for k in dict.fromkeys(keys) if k not in self._cache]
        if todo:
            stored = {k: self.store.get(self, k) for k in todo} if self.store is not None else {}
            new = [k for k in todo if stored.get(k) is None]
            runs = self.run([self.overrides(k) for k in new], workers=workers) if new else []
            for k, per_seed in zip(new, runs, strict=True):
                stored[k] = mean_moments(per_seed)
                if self.store is not None:
                    self.store.put(self, k, stored[k])
            # a candidate read back from the store counts and is recorded exactly as a run
            # one, so a resumed job takes the same path as an uninterrupted one
            for k in todo:
                mean = stored[k]
                d = distance(mean, self.targets)
                self._cache[k] = (d, mean)
                self.evaluations += 1
                row = dict(zip(self.keys, k, strict=True))
                self.history.append({"evaluation": self.evaluations, "phase": self.phase,
                                     **row, "distance": d})  # fmt: skip
            if self.bar is not None:
                self.bar.update(len(todo))
                self.bar.set_postfix(best=f"{min(h['distance'] for h in self.history):.3g}",
                                     refresh=False)  # fmt: skip
        return [self._cache[k][0] for k in keys]

    def moments(self, x) -> dict:
        """Mean moments of an evaluated candidate."""
        key = tuple(float(v) for v in x)
        if key not in self._cache:
            self.evaluate([x])
        return self._cache[key][1]

    def objective(self, x) -> float:
        """D(x) for one candidate, run in this process (the local optimiser's calls)."""
        return self.evaluate([x], workers=1)[0]

    def __call__(self, func, xs) -> list[float]:
        """Map-like ``workers=`` for differential evolution: the whole generation is run at
        once through :func:`sim.executor.run_tasks` (candidates x seeds in parallel). ``func``
        (scipy's wrapper of :meth:`objective`) computes the same values one at a time."""
        return self.evaluate(list(xs))


class MomentStore:
    """Mean moments of evaluated candidates, appended to a JSON-lines file as they finish.

    A line is keyed by the candidate and a signature of everything else its moments depend
    on (the scenario's resolved parameters, fixed overrides, seeds, days, scale and the source
    of the ``sim`` package), so a stored value is reused only for an identical run. A line
    cut short by an interruption is ignored.
    """

    def __init__(self, path: str | Path, resume: bool = False):
        import json

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._rows: dict = {}
        self._signatures: dict = {}
        if resume and self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                    self._rows[(row["signature"], tuple(row["x"]))] = row["moments"]
                except (ValueError, KeyError, TypeError):
                    continue
        else:
            self.path.write_text("", encoding="utf-8")

    def __len__(self) -> int:
        return len(self._rows)

    def signature(self, problem: Problem) -> str:
        import hashlib
        import json

        key = (problem.scenario, tuple(problem.seeds), problem.days, problem.scale,
               tuple(sorted(problem.fixed.items())), tuple(problem.keys))  # fmt: skip
        if key not in self._signatures:
            # the free keys are set by each candidate, so the values in force do not count
            base = resolve(problem.scenario, {q.key: q.low for q in problem.parameters}).to_dict()
            h = hashlib.sha256(json.dumps([base, *key[1:]], sort_keys=True, default=str).encode())
            for f in sorted(Path(paths.__file__).parent.rglob("*.py")):
                h.update(f.read_bytes())
            self._signatures[key] = h.hexdigest()
        return self._signatures[key]

    def get(self, problem: Problem, x: tuple) -> dict | None:
        return self._rows.get((self.signature(problem), x))

    def put(self, problem: Problem, x: tuple, moments: Mapping) -> None:
        import json

        sig = self.signature(problem)
        self._rows[(sig, x)] = dict(moments)
        line = json.dumps({"signature": sig, "x": list(x), "moments": dict(moments)})
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()


def mean_moments(runs: Sequence[Mapping]) -> dict:
    """Average each moment over seeds."""
    keys = runs[0].keys()
    return {k: float(np.mean([r[k] for r in runs])) for k in keys}


@dataclass
class FitResult:
    x: np.ndarray
    distance: float
    evaluations: int
    de_distance: float
    de_x: np.ndarray
    population: np.ndarray
    population_distance: np.ndarray
    history: pd.DataFrame
    message: str


def calibrate(problem: Problem, budget: int, seed: int = 1, local_share: float = 0.2,
              popsize: int = 4, x0=None) -> FitResult:  # fmt: skip
    """Differential evolution (parallel generations, deferred updating, seeded), then bounded
    Nelder-Mead from its optimum, within ``budget`` candidate evaluations in all."""
    from scipy.optimize import differential_evolution, minimize

    bounds = bounds_of(problem.parameters)
    n = len(bounds)
    pop = popsize * n
    start = problem.evaluations
    local = int(round(budget * local_share))
    de_budget = budget - local
    if de_budget < pop:
        raise ValueError(f"budget {budget} is below one generation of {pop} candidates")
    maxiter = de_budget // pop - 1
    problem.phase = "de"
    res = differential_evolution(
        problem.objective, bounds, maxiter=maxiter, popsize=popsize, init="latinhypercube",
        rng=np.random.default_rng(seed), workers=problem, updating="deferred", polish=False,
        x0=x0, tol=0.0, atol=0.0,
    )  # fmt: skip
    de_x, de_d = np.asarray(res.x, float), float(res.fun)
    lo = np.array([b[0] for b in bounds])
    span = np.array([b[1] - b[0] for b in bounds])
    left = budget - (problem.evaluations - start)
    best_x, best_d, message = de_x, de_d, f"DE: {res.message}"
    if left > n + 1:
        problem.phase = "local"
        u0 = (de_x - lo) / span
        simplex = [u0]
        for i in range(n):
            u = u0.copy()
            u[i] += 0.05 if u[i] < 0.95 else -0.05
            simplex.append(u)
        loc = minimize(
            lambda u: problem.objective(lo + np.clip(u, 0.0, 1.0) * span), u0,
            method="Nelder-Mead", bounds=[(0.0, 1.0)] * n,
            options={"maxfev": left, "initial_simplex": np.array(simplex), "xatol": 1e-4,
                     "fatol": 1e-3},
        )  # fmt: skip
        if loc.fun < best_d:
            best_x, best_d = lo + np.clip(loc.x, 0.0, 1.0) * span, float(loc.fun)
        message += f"; Nelder-Mead: {loc.message}"
    return FitResult(
        x=np.asarray(best_x, float), distance=best_d, evaluations=problem.evaluations - start,
        de_distance=de_d, de_x=de_x, population=np.asarray(res.population),
        population_distance=np.asarray(res.population_energies),
        history=pd.DataFrame(problem.history), message=message,
    )  # fmt: skip
