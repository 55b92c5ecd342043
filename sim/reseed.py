"""The seed check of a Morris screening (:mod:`sim.sensitivity`): do the named drivers' largest
steps survive other random numbers?

Within a trajectory the paired runs share their seed, so a step of an assumption is free of
seed noise only where the model responds smoothly; where paired runs diverge, one step can move
the effect by an amount, even a sign, that the seed decides. A referee found exactly that for
UMKM revenue's leading drivers (their steps re-run on two other seeds changed sign; session 9,
docs/reviews/2026-12-06-noise-floor-review.md), and the split-half check cannot see it: such a
driver is large in every half (docs/reviews/2026-12-06-split-half-review.md, F4). This check
does what the referee did, for every screening: each KPI's top :data:`RESEED_TOP` drivers (the
ones drivers.md and the brief name) have their :data:`RESEED_STEPS` largest steps re-run, both
points of the step with the same new seed, on ``reseed`` other seeds (spawned from the
trajectory's seed, apart from the noise factor's). A re-run step *holds* when its elementary
effect keeps its sign and at least :data:`HELD_SIZE` of its size; a driver whose steps hold in
at least :data:`HELD_MIN` of the re-runs is "held", else "seed-decided": what it moves there is
mostly the simulation's randomness, not the assumption.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RESEED_TOP = 3  # drivers per KPI: those drivers.md and the brief name
RESEED_STEPS = 3  # each one's largest steps (by |elementary effect|) re-run
HELD_SIZE = 0.5  # a re-run step holds at this share of its size or more, with its sign
HELD_MIN = 2 / 3  # share of a driver's re-runs that hold for "held"
STEP_COLUMNS = ["kpi", "parameter", "trajectory", "point", "seed_index", "ee", "ee_reseeded",
                "holds"]  # fmt: skip


def reseed_seeds(trajectory_seed: int, levels: int, reseed: int) -> list[int]:
    """The other seeds of a trajectory: children ``levels`` .. ``levels + reseed - 1`` of its
    seed (children 0 .. ``levels - 1`` are the noise factor's, :func:`sim.sensitivity.
    noise_seed`), so no re-run repeats a seed of the screening."""
    from sim.experiment import spawn_seeds

    return spawn_seeds(trajectory_seed, levels + reseed)[levels:]


def chosen_steps(morris: pd.DataFrame, effects: dict, names: list[str]) -> pd.DataFrame:
    """The steps to re-run: for each KPI of ``effects`` (KPI -> elementary effects,
    trajectories x factors), its top :data:`RESEED_TOP` assumptions by mu* (mu* > 0; the
    controls never) and each one's :data:`RESEED_STEPS` largest steps (trajectories with a
    non-zero effect); one row per KPI, parameter and trajectory."""
    from sim.sensitivity import CONTROLS

    rows = []
    for kpi, ee in effects.items():
        mine = morris[(morris["kpi"] == kpi) & ~morris["parameter"].isin(CONTROLS)]
        top = mine[mine["mu_star"] > 0].sort_values("rank").head(RESEED_TOP)
        for name in top["parameter"]:
            column = np.abs(ee[:, names.index(name)])
            for t in np.argsort(-column, kind="stable")[:RESEED_STEPS]:
                if column[t] > 0:
                    rows.append({"kpi": kpi, "parameter": name, "trajectory": int(t)})
    return pd.DataFrame(rows, columns=["kpi", "parameter", "trajectory"])


def reseed_tasks(tasks: list[dict], chosen: pd.DataFrame, start: np.ndarray, names: list[str],
                 seeds: list[int], levels: int, reseed: int, ctx: dict) -> list[dict]:  # fmt: skip
    """The runs of the check: both points of each chosen step (``start``: the row each factor's
    step starts from, per trajectory) with the parameters of the screening's ``tasks`` and
    each of the ``reseed`` other seeds; a point two steps share runs once."""
    out = {}
    for row in chosen.itertuples():
        first = int(start[row.trajectory, names.index(row.parameter)])
        others = reseed_seeds(seeds[row.trajectory], levels, reseed)
        for point in (first, first + 1):
            for r, seed in enumerate(others):
                run_id = f"p{point:05d}-r{r + 1:03d}"
                out[run_id] = {"run_id": run_id, "point": point, "replicate": r + 1,
                               "seed": seed, "params": tasks[point]["params"],
                               "context": ctx}  # fmt: skip
    return [out[k] for k in sorted(out)]


def analyse_reseed(chosen: pd.DataFrame, effects: dict, start: np.ndarray, sign: np.ndarray,
                   names: list[str], levels: int, rerun: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """Each chosen step's elementary effect in the screening and on each other seed (``rerun``:
    the check's runs, with ``point`` and ``replicate``), and whether it holds."""
    from sim.halves import grid_step

    rows = []
    if rerun is None or chosen.empty:  # nothing to check (no driver moves any KPI)
        return pd.DataFrame(rows, columns=STEP_COLUMNS)
    value = rerun.set_index(["point", "replicate"])
    for row in chosen.itertuples():
        j = names.index(row.parameter)
        first, scale = int(start[row.trajectory, j]), sign[row.trajectory, j] / grid_step(levels)
        original = float(effects[row.kpi][row.trajectory, j])
        for r in sorted(set(value.loc[first].index)):
            again = float(value.loc[(first + 1, r), row.kpi] - value.loc[(first, r), row.kpi])
            again *= scale
            holds = np.sign(again) == np.sign(original) and abs(again) >= HELD_SIZE * abs(original)
            rows.append({"kpi": row.kpi, "parameter": row.parameter,
                         "trajectory": row.trajectory, "point": first, "seed_index": r,
                         "ee": original, "ee_reseeded": again, "holds": bool(holds)})  # fmt: skip
    return pd.DataFrame(rows, columns=STEP_COLUMNS)


def with_reseed(morris: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """morris.csv with, for the checked drivers, ``seed_runs`` (re-run steps x seeds),
    ``seed_held_share`` and ``seed_check`` ("held" or "seed-decided"; empty where a factor
    was not checked for that KPI)."""
    if steps.empty:
        return morris.assign(seed_runs=0, seed_held_share=np.nan, seed_check="")
    by = steps.groupby(["parameter", "kpi"])["holds"].agg(seed_runs="size", seed_held_share="mean")
    out = morris.merge(by.reset_index(), on=["parameter", "kpi"], how="left", validate="1:1")
    out["seed_runs"] = out["seed_runs"].fillna(0).astype(int)
    checked = out["seed_runs"] > 0
    verdict = np.where(out["seed_held_share"] >= HELD_MIN, "held", "seed-decided")
    out["seed_check"] = np.where(checked, verdict, "")
    return out
