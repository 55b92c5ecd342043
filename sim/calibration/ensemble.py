"""The ensemble: parameter sets near the optimum, and comparisons run over it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim import paths
from sim.calibration.identifiability import CHI2_95
from sim.calibration.parameters import FreeParameter
from sim.calibration.targets import ENSEMBLE_CSV


def select_ensemble(history: pd.DataFrame, parameters: Sequence[FreeParameter],
                    size: int = 30) -> pd.DataFrame:  # fmt: skip
    """Plausible parameter sets: evaluated candidates whose distance is within the joint 95%
    threshold of the best (D <= D_min + chi2_k(0.95), k parameters), thinned to ``size`` sets
    spread over the region (greedy farthest-point in the unit cube, from the best)."""
    keys = [p.key for p in parameters]
    h = history.drop_duplicates(subset=keys).sort_values("distance").reset_index(drop=True)
    d_min = float(h["distance"].iloc[0])
    ok = h[h["distance"] <= d_min + CHI2_95.get(len(keys), 2.0 * len(keys))]
    lo = np.array([p.low for p in parameters])
    span = np.array([p.high - p.low for p in parameters])
    u = (ok[keys].to_numpy(float) - lo) / span
    chosen = [0]
    dist = np.linalg.norm(u - u[0], axis=1)
    while len(chosen) < min(size, len(ok)):
        nxt = int(np.argmax(dist))
        if dist[nxt] <= 0.0:
            break
        chosen.append(nxt)
        dist = np.minimum(dist, np.linalg.norm(u - u[nxt], axis=1))
    return ok.iloc[chosen].reset_index(drop=True)


def ensemble_overrides(path: str | Path = ENSEMBLE_CSV) -> list[dict]:
    """The ensemble as a list of override dicts (one per parameter set; columns are dotted
    scenario keys), for ``overrides=`` of any run or comparison."""
    frame = pd.read_csv(path)
    return [{k: float(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def compare_over_ensemble(a, b, replicates: int, *, ensemble: str | Path = ENSEMBLE_CSV,
                          members: int | None = None, overrides: dict | None = None,
                          out: str | Path | None = None, **kwargs):  # fmt: skip
    """Run :func:`sim.experiment.compare` once per parameter set of the ensemble (``overrides``
    plus the set) and stack the tables. Returns (stacked table with a ``member`` column, sign
    robustness per KPI: the share of parameter sets whose mean difference B - A is positive,
    negative, or distinguishable from zero)."""
    from sim.experiment import compare

    sets = ensemble_overrides(ensemble)[:members]
    base = Path(out) if out is not None else paths.outputs_dir() / "ensemble-compare"
    tables = []
    for k, ov in enumerate(sets):
        # each member is one parameter set: its own comparison covers seed noise only
        _, table, _ = compare(a, b, replicates, overrides={**(overrides or {}), **ov},
                              out=base / f"member-{k:03d}", seeds_only=True,
                              **kwargs)  # fmt: skip
        tables.append(table.assign(member=k))
    stacked = pd.concat(tables, ignore_index=True)
    return stacked, sign_robustness(stacked)


def sign_robustness(stacked: pd.DataFrame) -> pd.DataFrame:
    """Per KPI over ensemble members: shares with B - A > 0, < 0, and distinguishable."""
    rows = []
    for kpi, g in stacked.groupby("kpi", sort=False):
        if kpi in ("days", "scale"):
            continue
        d = g["diff"].to_numpy(float)
        pos, neg = float((d > 0).mean()), float((d < 0).mean())
        rows.append({
            "kpi": kpi, "members": len(d), "diff_median": float(np.median(d)),
            "diff_min": float(d.min()), "diff_max": float(d.max()),
            "share_positive": pos, "share_negative": neg,
            "share_distinguishable": float(g["distinguishable"].mean()),
            "sign_robust": bool(pos == 1.0 or neg == 1.0),
        })  # fmt: skip
    return pd.DataFrame(rows)
