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
trajectory's seed, apart from the noise factor's).

The verdict reads the sign, not the size, of the re-run steps, weighted by each step's size in
the screening (its |elementary effect|): ``seed_held_share`` is the share of the checked effect
whose re-runs keep its sign. The largest steps were chosen on one draw each, so their re-runs
shrink towards the driver's true effect (regression to the mean): a rule of half the size would
flag genuine drivers, and more seeds would make that worse; weighting keeps steps worth a few
percent of a driver from deciding it (second referee,
docs/reviews/2026-12-06-seed-check-review.md, F1 and F2). ``seed_kept`` reports the size apart,
as a diagnostic: the share of the checked effect the re-runs keep in its direction. "held" from
:data:`HELD_MIN` (with every re-run there), "seed-decided" up to :data:`DECIDED_MAX` or when the
re-runs keep no more than :data:`KEPT_MIN` of its size in its direction, "undecided" between. By
the referees' simulations of the sign rule before the size floor was added (10 trajectories, the
screening's noise) a genuine driver at three times the noise floor is read seed-decided in about
1% of screenings, and a driver whose sign the seed decides is read held in about 2% at 4 seeds
(seed-decided in about half, undecided in the rest; the third referee,
docs/reviews/2026-12-06-checks-revision-review.md, F2); the size floor can only move verdicts
towards seed-decided. Passing is weak evidence: its largest steps kept their sign on a few other
seeds. Drivers that step in the same trajectory share its re-run seeds, so their verdicts are
not independent, and the seed dependence it finds is regional: the noise floor, an average over
the trajectories, understates the seed noise there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The rule's settings (each an assumption of the method, recorded in the screening's spec as
# "reseed_rule" so that its rerun reads the runs the same way; RULE gives the defaults)
RESEED_TOP = 3  # drivers per KPI: those drivers.md and the brief name
RESEED_STEPS = 3  # each one's largest steps (by |elementary effect|) re-run
HELD_MIN = 0.8  # weighted share of re-runs keeping the sign: "held" from here
DECIDED_MAX = 0.5  # ... "seed-decided" up to here (a coin's sign); "undecided" between
# ... and "seed-decided" too when the re-runs keep no more than this share of its size in its
# direction: nothing of the effect is left (third referee, checks-revision review F1)
KEPT_MIN = 0.1
RULE = {"top": RESEED_TOP, "steps": RESEED_STEPS, "held_min": HELD_MIN,
        "decided_max": DECIDED_MAX, "kept_min": KEPT_MIN}  # fmt: skip
ROUNDING = 1e-9  # a share this close to a bound is at it
STEP_COLUMNS = ["kpi", "parameter", "trajectory", "point", "seed_index", "ee", "ee_reseeded",
                "same_sign"]  # fmt: skip


def reseed_seeds(trajectory_seed: int, levels: int, reseed: int) -> list[int]:
    """The other seeds of a trajectory: children ``levels`` .. ``levels + reseed - 1`` of its
    seed (children 0 .. ``levels - 1`` are the noise factor's, :func:`sim.sensitivity.
    noise_seed`), so no re-run repeats a seed of the screening."""
    from sim.experiment import spawn_seeds

    return spawn_seeds(trajectory_seed, levels + reseed)[levels:]


def chosen_steps(morris: pd.DataFrame, effects: dict, names: list[str],
                 rule: dict = RULE) -> pd.DataFrame:  # fmt: skip
    """The steps to re-run: for each KPI of ``effects`` (KPI -> elementary effects,
    trajectories x factors), its top ``rule["top"]`` assumptions by mu* (mu* > 0; the controls
    never) and each one's ``rule["steps"]`` largest steps (trajectories with a non-zero
    effect); one row per KPI, parameter and trajectory."""
    from sim.sensitivity import CONTROLS

    rows = []
    for kpi, ee in effects.items():
        mine = morris[(morris["kpi"] == kpi) & ~morris["parameter"].isin(CONTROLS)]
        top = mine[mine["mu_star"] > 0].sort_values("rank").head(rule["top"])
        for name in top["parameter"]:
            column = np.abs(ee[:, names.index(name)])
            for t in np.argsort(-column, kind="stable")[: rule["steps"]]:
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
    the check's runs, with ``point`` and ``replicate``), and whether it keeps its sign
    (``same_sign``: 1, 0, or NaN for a re-run without the KPI)."""
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
            if again != again:  # a re-run without the KPI: left out of the verdict, kept here
                same = np.nan
            else:
                same = float(np.sign(again) == np.sign(original))
            rows.append({"kpi": row.kpi, "parameter": row.parameter,
                         "trajectory": row.trajectory, "point": first, "seed_index": r,
                         "ee": original, "ee_reseeded": again, "same_sign": same})  # fmt: skip
    return pd.DataFrame(rows, columns=STEP_COLUMNS)


def with_reseed(morris: pd.DataFrame, steps: pd.DataFrame, rule: dict = RULE) -> pd.DataFrame:
    """morris.csv with, for the checked drivers: ``seed_runs`` (re-run steps x seeds with the
    KPI), ``seed_missing`` (re-runs without it), ``seed_held_share`` (the share of the checked
    effect, each step weighted by its |elementary effect| in the screening, whose re-runs keep
    its sign), ``seed_kept`` (the share of the checked effect the re-runs keep in its
    direction: size; below 0 when they reverse it, above 1 when they exceed it) and
    ``seed_check``: "seed-decided" at ``decided_max`` or less, or when the re-runs keep no more
    than ``kept_min`` of its size; "held" from ``held_min`` with every re-run there; else
    "undecided"; empty where not checked."""
    # typed, so that a check with no step (no driver moves any KPI) sums to an empty table
    steps = steps.astype({"ee": float, "ee_reseeded": float, "same_sign": float})
    valid = steps["same_sign"].notna()
    w = steps["ee"].abs().where(valid, 0.0)
    kept = (np.sign(steps["ee"]) * steps["ee_reseeded"]).where(valid, 0.0)
    parts = pd.DataFrame({"parameter": steps["parameter"], "kpi": steps["kpi"], "w": w,
                          "ran": valid.astype(int), "missing": (~valid).astype(int),
                          "held": w * steps["same_sign"].fillna(0.0), "kept": kept})  # fmt: skip
    by = parts.groupby(["parameter", "kpi"]).sum(numeric_only=True)
    # each step's weight is its |EE| and each re-run of it counts once: sums over re-runs of
    # |EE| x sign agreement over the sum of |EE| x re-runs; kept: sign(EE) x re-run EE likewise
    with np.errstate(divide="ignore", invalid="ignore"):
        by["seed_held_share"] = by["held"] / by["w"]
        by["seed_kept"] = by["kept"] / by["w"]
    by = by.rename(columns={"ran": "seed_runs", "missing": "seed_missing"})
    cols = ["seed_runs", "seed_missing", "seed_held_share", "seed_kept"]
    out = morris.merge(by[cols].reset_index(), on=["parameter", "kpi"], how="left",
                       validate="1:1")  # fmt: skip
    checked = out["seed_runs"].notna() & (out["seed_runs"] + out["seed_missing"] > 0)
    for c in ("seed_runs", "seed_missing"):
        out[c] = out[c].fillna(0).astype(int)
    share, kept = out["seed_held_share"], out["seed_kept"]
    # at a bound to rounding counts as at it (the weights are elementary effects, computed)
    decided = (share <= rule["decided_max"] + ROUNDING) | (kept <= rule["kept_min"] + ROUNDING)
    held = (share >= rule["held_min"] - ROUNDING) & (out["seed_missing"] == 0)
    # a step whose re-runs all lack the KPI would drop out of the weights: no "held" then
    verdict = np.where(decided, "seed-decided", np.where(held, "held", "undecided"))
    out["seed_check"] = np.where(checked, verdict, "")
    return out


def paired_runs(steps: pd.DataFrame) -> int:
    """How many paired runs the check made: both points of each re-run step, on each seed (a
    point two steps share runs once)."""
    starts = set(zip(steps["point"], steps["seed_index"], strict=True))
    return len(starts | {(point + 1, seed) for point, seed in starts})
