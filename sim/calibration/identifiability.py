"""Identifiability: parameter recovery from simulated data and one-parameter profiles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.calibration.fit import FitResult, Problem, calibrate, mean_moments
from sim.calibration.parameters import FreeParameter


def recovery(problem: Problem, truth, budget: int, data_seeds: Sequence[int], seed: int = 2,
             tolerance: float = 0.10) -> tuple[pd.DataFrame, FitResult]:  # fmt: skip
    """Parameter recovery: the fit targets are replaced by the mean moments of ``truth`` on
    ``data_seeds`` (other seeds than the problem's, so sampling noise is part of the test), with
    the real targets' uncertainty; the calibration is run again and the estimate compared with
    the truth. ``tolerance`` is the largest error as a share of the parameter's range."""
    truth = np.asarray(truth, float)
    data = mean_moments(problem.run([problem.overrides(truth)], seeds=data_seeds)[0])
    synth = problem.targets.copy()
    fit = synth["role"] == "fit"
    synth.loc[fit, "value"] = [data[k] for k in synth.loc[fit, "kpi"]]
    p2 = Problem(targets=synth, seeds=problem.seeds, parameters=problem.parameters,
                 scenario=problem.scenario, days=problem.days, scale=problem.scale,
                 workers=problem.workers, fixed=problem.fixed, store=problem.store,
                 bar=problem.bar, client=problem.client)  # fmt: skip
    res = calibrate(p2, budget, seed=seed)
    rows = []
    for p, t, e in zip(problem.parameters, truth, res.x, strict=True):
        err = (e - t) / (p.high - p.low)
        rows.append({"parameter": p.key, "truth": t, "estimate": e, "error": e - t,
                     "error_share_of_range": err, "tolerance": tolerance,
                     "recovered": bool(abs(err) <= tolerance)})  # fmt: skip
    return pd.DataFrame(rows), res


def profiles(problem: Problem, x_opt, points: int = 9) -> pd.DataFrame:
    """One-parameter profiles: the distance along a grid over each parameter's bounds with the
    others held at ``x_opt`` (not re-optimised), all candidates run in one parallel batch."""
    x_opt = np.asarray(x_opt, float)
    grid = []
    for i, p in enumerate(problem.parameters):
        for v in np.linspace(p.low, p.high, points):
            x = x_opt.copy()
            x[i] = v
            grid.append((p.key, float(v), x))
    d0 = problem.evaluate([x_opt])[0]
    ds = problem.evaluate([g[2] for g in grid])
    return pd.DataFrame([{"parameter": k, "value": v, "distance": d, "delta": d - d0}
                         for (k, v, _), d in zip(grid, ds, strict=True)])  # fmt: skip


CHI2_95 = {1: 3.841, 2: 5.991, 3: 7.815, 4: 9.488, 5: 11.07, 6: 12.59, 7: 14.07, 8: 15.51,
           9: 16.92, 10: 18.31}  # fmt: skip


def identifiability(profile: pd.DataFrame, recovered: pd.DataFrame,
                    parameters: Sequence[FreeParameter]) -> pd.DataFrame:  # fmt: skip
    """Per parameter: the share of its range where the profile stays within the 95% threshold
    (chi-square, 1 df) of the optimum, and the recovery error; 'pinned' when the flat share is
    below one half and the recovery is within tolerance."""
    rows = []
    for p in parameters:
        prof = profile[profile["parameter"] == p.key]
        flat = float((prof["delta"] <= CHI2_95[1]).mean())
        rec = recovered.set_index("parameter").loc[p.key]
        rows.append({"parameter": p.key, "flat_share_of_range": flat,
                     "recovery_error_share": float(rec["error_share_of_range"]),
                     "recovered": bool(rec["recovered"]),
                     "pinned_down": bool(flat < 0.5 and rec["recovered"])})  # fmt: skip
    return pd.DataFrame(rows)
