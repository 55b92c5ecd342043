"""Scenario discovery: under which assumptions does scenario B fail to raise an outcome
(``run_experiments.py discover FOLDER``)?

It reads a folder with a design table (``design.csv``: one row per point, one column per
assumption) and the paired effect B - A per point (``effects.csv``, as ``sensitivity`` writes
them), marks the points where an effect is at or below a threshold (default 0: B does not
raise it) and runs PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999), as EMA
Workbench implements it (2.5 on Python 3.11, 3.x on newer Pythons), to find boxes in the
assumption space where such failures concentrate.

Each box is reported by coverage (share of all failures inside it), density (share of the
points inside it that fail) and mass (share of all points inside it), with the ranges it
restricts. On the peeling trajectory the chosen box is the densest with at least
``--min-coverage`` of the failures.

The points PRIM reads are, for a screening folder, a space-filling sample of their own by
default (``--sample 256``): a Latin hypercube over the ``--top`` (12) assumptions the
screening found most influential on the outcomes tested, each set with a member of the
calibration ensemble (the fitted parameters the data leave open), the other assumptions at
their values, each set run as a pair (A and B) on a seed of its own, in
``discovery/sample/runs/`` (a killed job resumes). ``--sample 0`` reads the screening's Morris
points instead: no runs, but those points are trajectories (one assumption changes a step), on
which a box may mostly pick whole trajectories: a pointer, not a boundary. A folder that is not
a screening (``design.csv`` and ``effects.csv`` only) is read as it is.

One pair of runs is one seed: a set whose effect lies near the threshold may fall on either
side by chance. After the first pass, every set whose effect on any tested outcome lies within
:data:`CONFIRM_SD` (2) seed-to-seed s.d. of the threshold (the s.d. estimated from the
screening's noise factor, :func:`seed_sd`) is run on ``--confirm-seeds`` (:data:`CONFIRM_SEEDS`,
4) more seeds, spawned after every seed the sample uses (:func:`confirm_seeds`), into
``discovery/confirm/runs/``; its effect is then the mean over its seeds, and its label (and so
PRIM's and the scan's) the mean's. Which sets and on which seeds is written to discovery.json
before they run. ``--confirm-seeds 0`` runs none (the single-seed discovery of before).

A box is chosen only if each of its restricted sides passes the quasi-p test (at most
:data:`QP_MAX`). Where most sets fail anyway a box's density can rise little and PRIM's peeling
trims slivers that do not pass, so that a real region may be missed: the strongest single
threshold, with a permutation test that allows for the search (:func:`threshold_scan`), is
reported beside it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import ConfigError

DEFAULT_KPIS = ("net_welfare_rp_per_year", "farmers_income_rp_per_year")
FALLBACK_KPI = "farmers_income_rp_per_year"  # farmers' income before the welfare KPIs exist
SAMPLE = 256  # points of the space-filling sample (pairs of runs), by default
SAMPLE_MIN = 20  # fewer points than this cannot show a region
SAMPLE_TOP = 12  # assumptions it varies: the screening's most influential on the outcomes
SAMPLE_CSV, DISCOVERY_JSON = "sample.csv", "discovery.json"
# The confirmation of sets near the threshold (adaptive sampling): a set whose first run's
# effect on any tested outcome lies within CONFIRM_SD seed-to-seed s.d. of the threshold runs
# on CONFIRM_SEEDS more seeds (--confirm-seeds; 0: none) and is labelled by the mean. The seed
# noise of this model is neither normal nor the same everywhere: on the full screening it grows
# with the Surabaya offtake share and is heavy-tailed (README, "Sensitivity and scenario
# discovery"), so no tail probability of a normal is claimed for the sets left out; what their
# labels may still get wrong is estimated instead (expected wrong labels, label_resampling),
# and the trigger s.d. is raised to the one the confirmed sets' own seeds give where that is
# larger (a second round, confirm_rounds).
CONFIRM_SEEDS = 4
CONFIRM_SD = 2.0
# prior degrees of freedom of the moderated s.e. (moderated_se): a 5-seed set's own variance
# (4 d.f.) and the pooled one weigh a half each
CONFIRM_PRIOR_DF = 4.0
RESAMPLE_DRAWS = 200  # draws of the label resampling (label_resampling)
RESAMPLE_TAG = 2  # its random stream: the sample's seed with this tag (no other stream uses it)
# the failure counts and the scan's limit "do not depend on seed noise" when the limit stays
# the strongest in at least this share of the resampling's draws
ROBUST_SHARE = 0.9
CONFIRM_CSV, SETS_CSV = "confirm.csv", "sets.csv"  # each confirmation run; each set's label
# a box with a restriction of a larger quasi-p-value is not chosen (Bryant & Lempert 2010)
QP_MAX = 0.05
SCAN_P_MAX = 0.05  # a single threshold with a larger permutation p-value is not reported
SCAN_MASS = (0.1, 0.5)  # the single thresholds scanned hold 10% to 50% of the sets
PERMUTATIONS = 999  # relabellings of the failures in the threshold scan's permutation test
# how the points PRIM read were made (discovery.json's "design")
SPACE, MORRIS, GIVEN = "space-filling", "morris", "given"


# ---------------------------------------------------------------------- input
def read_folder(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(design, effects) of a folder, both indexed by point; bad input names file and key."""
    folder = Path(folder)
    frames = []
    for name in ("design.csv", "effects.csv"):
        path = folder / name
        if not path.is_file():
            raise ConfigError(str(path), "", "not found (a sensitivity folder has it)")
        try:
            frame = pd.read_csv(path)
        except (OSError, ValueError) as exc:
            raise ConfigError(str(path), "", f"cannot read ({exc})") from None
        if "point" not in frame.columns:
            raise ConfigError(str(path), "point", "missing column")
        frames.append(frame.set_index("point"))
    design, effects = frames
    if not design.index.equals(effects.index):
        raise ConfigError(str(folder / "effects.csv"), "point", "points differ from design.csv")
    return design, effects


def choose_kpis(effects: pd.DataFrame, kpis: list[str] | None, file: str) -> list[str]:
    """The effect columns to test: the requested ones (each must exist), else the default
    welfare and farmers' income effects that exist, else farmers' total income."""
    if kpis:
        for k in kpis:
            if k not in effects.columns:
                raise ConfigError(file, k, "no such effect column")
        return list(kpis)
    have = [k for k in DEFAULT_KPIS if k in effects.columns]
    if not have and FALLBACK_KPI in effects.columns:
        print(f"note: no {' or '.join(DEFAULT_KPIS)} in {file}; using {FALLBACK_KPI}")
        have = [FALLBACK_KPI]
    if not have:
        raise ConfigError(file, "--kpi", "no default effect column; name one with --kpi")
    return have


def failures(effects: pd.DataFrame, kpis: list[str], threshold: float,
             lower: bool = False) -> np.ndarray:  # fmt: skip
    """True where any of the effects is at or below ``threshold`` (B fails to raise it), or,
    with ``lower`` (waste, prices), at or above it (B fails to lower it)."""
    e = effects[kpis].to_numpy(float)
    return (e >= threshold if lower else e <= threshold).any(axis=1)


# ---------------------------------------------------------------------- the sample
def screening_manifest(folder: Path) -> dict | None:
    """The manifest of the screening in ``folder`` (``kind`` "sensitivity"), else None."""
    path = folder / "manifest.json"
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc})") from None
    is_screening = manifest.get("kind") == "sensitivity" and "target" in manifest.get("spec", {})
    return manifest if is_screening else None


def _ensemble(spec: dict) -> tuple[pd.DataFrame, str | None, str | None]:
    """The calibration ensemble's members, its path and sha256 for a screening of the model;
    none for another target (a test function has no calibration)."""
    from sim.sensitivity import MODEL_TARGET
    from sim.uncertainty import ENSEMBLE, read_ensemble

    if spec.get("target") != MODEL_TARGET or not ENSEMBLE.is_file():
        return pd.DataFrame(), None, None
    sha = hashlib.sha256(ENSEMBLE.read_bytes()).hexdigest()
    # named within the package (sim/data/calibration/ensemble.csv), wherever it is installed
    name = ENSEMBLE.relative_to(Path(__file__).resolve().parent.parent).as_posix()
    return read_ensemble(ENSEMBLE), name, sha


def sample_spec(folder: Path, spec: dict, kpis: list[str], points: int, top: int) -> dict:
    """The space-filling sample of the screening in ``folder`` (``spec``: its manifest's), as
    discovery.json keeps it: the ``top`` assumptions most influential on ``kpis`` in its
    morris.csv (:func:`sim.uncertainty.screened_assumptions`) over their screened ranges, the
    calibration ensemble's members for a screening of the model, and ``points`` draws
    (:func:`sim.uncertainty.draw_rows`), each with its member, values and seed: spawned from
    the screening's seed after those of its trajectories and its Sobol stage."""
    from sim.experiment import spawn_seeds
    from sim.uncertainty import draw_rows, screened_assumptions

    keys = screened_assumptions(folder / "morris.csv", top, kpis)
    factors = pd.DataFrame(spec["factors"]).set_index("parameter")
    used = pd.DataFrame({
        "parameter": keys,
        "low": [float(factors.at[k, "low"]) for k in keys],
        "high": [float(factors.at[k, "high"]) for k in keys],
        "kind": [factors.at[k, "kind"] if "kind" in factors else "float" for k in keys],
        "applies_to": [factors.at[k, "applies_to"] if "applies_to" in factors else "both"
                       for k in keys],
    })  # fmt: skip
    members, ensemble, sha = _ensemble(spec)
    # a calibrated key is the ensemble's (the screening leaves such keys to it)
    varied = [c for c in members.columns if members[c].nunique() > 1]
    used = used[~used["parameter"].isin(varied)].reset_index(drop=True)
    if used.empty and not varied:
        raise ConfigError(str(folder / "morris.csv"), "mu_star",
                          f"no assumption moves {' or '.join(kpis)} above the noise floor and "
                          "no ensemble varies the fitted parameters: nothing to sample "
                          "(--sample 0 reads the screening's points)")  # fmt: skip
    first = spec["trajectories"] + 1  # the trajectories' seeds, then the Sobol stage's
    seeds = spawn_seeds(spec["seed"], first + points)[first:]
    draws = draw_rows(used, members, points, spec["seed"], seeds)
    return {"design": SPACE, "points": points, "top": top, "kpis": list(kpis),
            "assumptions": used.to_dict(orient="records"), "ensemble": ensemble,
            "ensemble_sha256": sha, "members": len(members), "ensemble_keys": list(members),
            "seed": int(spec["seed"]), "draws": draws}  # fmt: skip


def run_sample(sample: dict, spec: dict, dest: Path, workers: int | None,
               progress: bool) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Run the sample's pairs (A and B on each draw's seed) into ``dest/sample/runs`` (runs
    already there are kept: a killed job resumes); returns (design, effects) by point and
    writes them side by side to ``dest/sample.csv``."""
    from sim.experiment import atomic_write_bytes
    from sim.sensitivity import run_stage

    ctx = _run_context(sample, spec, dest / "sample")
    tasks = [{"run_id": f"p{d['draw']:05d}-r000", "point": d["draw"], "replicate": 0,
              "seed": d["seed"], "params": d["values"], "context": ctx}
             for d in sample["draws"]]  # fmt: skip
    results = run_stage(tasks, dest / "sample", workers, progress, "discovery sample")
    index = pd.Index([d["draw"] for d in sample["draws"]], name="point")
    design = pd.DataFrame([d["values"] for d in sample["draws"]], index=index)
    effects = results[_effect_columns(results, design.columns)].set_index(index)
    table = pd.concat([pd.DataFrame({"member": [d["member"] for d in sample["draws"]],
                                     "seed": [d["seed"] for d in sample["draws"]]}, index=index),
                       design.add_prefix("value:"), effects], axis=1)  # fmt: skip
    atomic_write_bytes(dest / SAMPLE_CSV, table.to_csv().encode())
    return design, effects


# a run's bookkeeping in the sweep's results, not an effect
_RUN_COLUMNS = ("point", "replicate", "seed", "run_id", "status", "error", "traceback", "seconds")


def _run_context(sample: dict, spec: dict, folder: Path) -> dict:
    """The context of a sample's runs (the screening's, its target) writing into ``folder``."""
    ctx = dict(spec["context"], target=spec["target"], kpis=None, folder=str(folder))
    # the ensemble's keys apply to both scenarios, as its calibration does
    ctx["applies"] = {**ctx.get("applies", {}), **dict.fromkeys(sample["ensemble_keys"], "both")}
    return ctx


def _effect_columns(results: pd.DataFrame, params) -> list[str]:
    """The effects among a stage's result columns (not its bookkeeping, not its parameters)."""
    return [c for c in results.columns if ":" not in c and c not in _RUN_COLUMNS
            and c not in params and pd.api.types.is_numeric_dtype(results[c])]  # fmt: skip


# ---------------------------------------------------------------------- the confirmation
def near_threshold(effects: pd.DataFrame, kpis: list[str], threshold: float,
                   sigma: dict[str, float], within: float) -> np.ndarray:  # fmt: skip
    """True where the effect on any of ``kpis`` with a seed s.d. in ``sigma`` lies within
    ``within`` s.d. of the threshold (strictly): the sets whose label one seed may decide."""
    near = np.zeros(len(effects), bool)
    for q in kpis:
        if sigma.get(q, 0) > 0:
            near |= np.abs(effects[q].to_numpy(float) - threshold) < within * sigma[q]
    return near


def confirm_seeds(sample: dict, spec: dict, draws: list[int], k: int) -> dict[int, list[int]]:
    """The ``k`` more seeds of each of ``draws`` (by draw index): children of the screening's
    seed, as the sample's own are (child T + 1 + d for draw d of a screening of T
    trajectories, after the trajectories' and the Sobol stage's); replicate j (1 .. k) of draw d
    is child T + 1 + j * points + d. So every run has a seed of its own, a set's seeds do not
    depend on which other sets are confirmed, and fewer seeds are the first of more."""
    from sim.experiment import spawn_seeds

    if not draws or k < 1:
        return {}
    first, points = spec["trajectories"] + 1, sample["points"]
    seeds = spawn_seeds(sample["seed"], first + (k + 1) * points)
    own = {d["draw"]: d["seed"] for d in sample["draws"]}
    if any(seeds[first + d] != own[d] for d in draws):  # the sample's seeds, spawned so
        raise ConfigError(DISCOVERY_JSON, "sample.draws", "seeds not spawned from the screening's")
    return {int(d): [seeds[first + j * points + d] for j in range(1, k + 1)] for d in draws}


def confirm_plan(sample: dict, spec: dict, effects: pd.DataFrame, kpis: list[str],
                 threshold: float, sigma: dict[str, float], k: int,
                 within: float = CONFIRM_SD, skip=(), round_: int = 1) -> list[dict]:  # fmt: skip
    """The sets to confirm (those :func:`near_threshold`, but not those in ``skip``), each with
    its ``k`` more seeds (:func:`confirm_seeds`) and its round, in draw order: discovery.json's
    "confirmed" (both rounds)."""
    near, skip = near_threshold(effects, kpis, threshold, sigma, within), set(skip)
    draws = [int(d) for d in effects.index[near] if int(d) not in skip]
    seeds = confirm_seeds(sample, spec, draws, k)
    return [{"draw": d, "seeds": seeds[d], "round": round_} for d in draws]


def _tasks(sample: dict, spec: dict, plan: list[dict], folder: Path) -> list[dict]:
    """The confirmation's runs of ``plan``: each set's values on each of its seeds."""
    ctx = _run_context(sample, spec, folder)
    values = {d["draw"]: d["values"] for d in sample["draws"]}
    return [{"run_id": f"p{c['draw']:05d}-r{j:03d}", "point": c["draw"], "replicate": j,
             "seed": seed, "params": dict(values[c["draw"]]), "context": ctx}
            for c in plan for j, seed in enumerate(c["seeds"], start=1)]  # fmt: skip


def _check_runs(folder: Path, allowed: list[dict], results: pd.DataFrame | None = None) -> None:
    """Stop if ``folder/runs`` (or ``results``, its runs) holds a run that none of ``allowed``
    names, or on another seed: runs are never mixed. Checked before any run (a polluted folder
    costs nothing) and after."""
    from sim.sweep import load_results

    results = load_results(folder) if results is None else results
    want = {t["run_id"]: t["seed"] for t in allowed}
    got = dict(zip(results["run_id"], results["seed"], strict=True)) if len(results) else {}
    stray = sorted(r for r in got if want.get(r) != int(got[r]))
    if stray:
        raise ConfigError(str(folder / "runs"), stray[0],
                          "runs that discovery.json's confirmation does not name (or on other "
                          "seeds): choose another --out")  # fmt: skip


def run_confirmation(sample: dict, spec: dict, plan: list[dict], dest: Path,
                     workers: int | None, progress: bool,
                     allowed: list[dict] | None = None) -> pd.DataFrame:  # fmt: skip
    """Run the confirmation's pairs of ``plan`` into ``dest/confirm/runs`` (runs already there
    are kept: a killed job resumes); returns one row per run of the plan (point, replicate,
    seed and the effects) and writes it to ``dest/confirm.csv``. A run there that neither the
    plan nor ``allowed`` (the record's other planned sets) names, or on another seed, stops it
    before anything runs."""
    from sim.experiment import atomic_write_bytes
    from sim.sensitivity import run_stage

    folder = dest / "confirm"
    tasks = _tasks(sample, spec, plan, folder)
    every = tasks + _tasks(sample, spec, allowed or [], folder)
    _check_runs(folder, every)
    if tasks:
        results = run_stage(tasks, folder, workers, progress, "discovery confirmation")
    else:  # nothing near the threshold: no runs (and none may be there)
        from sim.sweep import load_results

        results = load_results(folder)
    _check_runs(folder, every, results)
    mine = {t["run_id"] for t in tasks}
    results = results[results["run_id"].isin(mine)] if len(results) else results
    if len(results) != len(tasks):
        raise ConfigError(str(folder / "runs"), "", "runs of the confirmation are missing")
    cols = ["point", "replicate", "seed"]
    if not len(results):
        table = pd.DataFrame(columns=cols)
    else:
        results = results.sort_values(["point", "replicate"], kind="stable")
        effects = _effect_columns(results, tasks[0]["params"])
        table = results[cols + effects].astype({c: int for c in cols})
    atomic_write_bytes(dest / CONFIRM_CSV, table.to_csv(index=False).encode())
    return table


def pooled_sd(first: pd.DataFrame, runs: pd.DataFrame, kpis: list[str]) -> dict[str, float]:
    """The seed-to-seed s.d. of each of ``kpis`` pooled over the sets with runs in ``runs``
    (each set's variance about its own mean, with its ``first`` run: what the assumptions do
    does not enter); {} without runs."""
    if not len(runs):
        return {}
    points = sorted(set(runs["point"]))
    every = pd.concat([first.loc[points, kpis], runs.set_index("point")[kpis]])
    group = every.groupby(level="point")
    var, dof = group.var(ddof=1), group.size() - 1
    return {q: float(np.sqrt((var[q] * dof).sum() / dof.sum())) for q in kpis}


def confirm_rounds(record: dict, spec: dict, first: pd.DataFrame, kpis: list[str],
                   threshold: float, planned: list[dict] | None, dest: Path,
                   workers: int | None, progress: bool) -> tuple[pd.DataFrame, dict]:  # fmt: skip
    """The confirmation in two rounds. Round 1: the sets within ``within_sd`` screening s.d.
    of the threshold (``record["confirm"]["seed_sd"]``). Round 2: where the s.d. pooled over
    round 1's own seeds is larger (the screening's noise factor may understate the noise near
    the threshold), the sets not yet confirmed within ``within_sd`` of that s.d. too: the
    trigger is max(screening s.d., pooled s.d.). Each round's sets and seeds are written to
    discovery.json ("confirmed", "confirm_rounds") before they run; ``planned`` (the folder's
    record) must agree. Returns (every confirmation run, the rounds' record)."""
    from sim.experiment import atomic_write_json

    c, sample = record["confirm"], record["sample"]
    sigma, k, within = c["seed_sd"], int(c["seeds"]), float(c["within_sd"])
    planned = planned or []
    plan1 = confirm_plan(sample, spec, first, kpis, threshold, sigma, k, within)
    old = [p for p in planned if p.get("round", 1) == 1]
    if planned and old != plan1:
        _changed_plan(dest)
    rounds = [{"round": 1, "trigger_sd": sigma, "sets": len(plan1)}]
    record.update(confirmed=plan1 + [p for p in planned if p.get("round") == 2],
                  confirm_rounds=rounds)  # fmt: skip
    atomic_write_json(dest / DISCOVERY_JSON, dict(record, status="running"))
    later = [p for p in planned if p.get("round") == 2]
    runs = run_confirmation(sample, spec, plan1, dest, workers, progress, allowed=later)
    pooled = pooled_sd(first, runs, kpis)
    trigger = {q: max(sigma.get(q, 0.0), pooled.get(q, 0.0)) for q in sigma}
    plan2 = []
    if any(trigger[q] > sigma[q] for q in trigger):
        plan2 = confirm_plan(sample, spec, first, kpis, threshold, trigger, k, within,
                             skip=[p["draw"] for p in plan1], round_=2)  # fmt: skip
    if later and later != plan2:
        _changed_plan(dest)
    rounds.append({"round": 2, "pooled_sd": pooled, "trigger_sd": trigger, "sets": len(plan2)})
    record.update(confirmed=plan1 + plan2, confirm_rounds=rounds)
    atomic_write_json(dest / DISCOVERY_JSON, dict(record, status="running"))
    runs = run_confirmation(sample, spec, plan1 + plan2, dest, workers, progress)
    return runs, {"rounds": rounds, "trigger_sd": trigger}


def _changed_plan(dest: Path):
    raise ConfigError(str(dest / DISCOVERY_JSON), "confirmed",
                      "the sample's runs no longer give the confirmation it records: "
                      "choose another --out")  # fmt: skip


def moderated_se(var: pd.Series, n: pd.Series, pooled: float,
                 prior_df: float = CONFIRM_PRIOR_DF) -> pd.Series:  # fmt: skip
    """Each confirmed set's standard error of the mean with its variance ``var`` (over its
    ``n`` seeds) shrunk toward the ``pooled`` one: (d0 s0² + d s²) / (d0 + d), d = n - 1,
    d0 = ``prior_df``. With 5 seeds (d = 4) and d0 = 4 each weighs a half: a set whose 4
    degrees of freedom happen to give a small s.d. (a 5% chance of a variance below 0.18 of
    the true) is not taken as decided on it alone (Smyth 2004's moderated t, with d0 fixed)."""
    d = n - 1
    return np.sqrt((prior_df * pooled**2 + d * var) / (prior_df + d) / n)


def confirmed(
    first: pd.DataFrame,
    runs: pd.DataFrame,
    kpis: list[str],
    threshold: float,
    lower: bool,
    trigger: dict[str, float],
) -> tuple:
    """Each set's effects as the mean over its seeds (the first pass's ``first`` by point,
    and the confirmation's ``runs``); returns (the means, sets.csv's table, the counts, each
    set's s.e. per outcome as the label's uncertainty: ``se_mod`` below).

    sets.csv: per set its seeds, first, fresh-seeds-only and final label and, per outcome of
    ``kpis``, its first effect, mean, standard error of the mean (empty for one seed), the
    moderated one (:func:`moderated_se`; for a set on one seed, the ``trigger`` s.d.) and the
    probability its label is on the wrong side. The counts: :func:`_confirm_counts`."""
    cols = list(first.columns)
    extra = runs.set_index("point")[cols] if len(runs) else first.iloc[:0]
    group = pd.concat([first, extra]).groupby(level="point", sort=True)
    mean, n = group.mean()[cols].loc[first.index], group.size().loc[first.index]
    var = group[kpis].var(ddof=1).loc[first.index]
    many = (n > 1).to_numpy()
    pooled = pooled_sd(first, runs, kpis)
    fresh = extra.groupby(level="point").mean().reindex(first.index) if len(runs) else None
    table = pd.DataFrame({"seeds": n, "failed_first": failures(first, kpis, threshold, lower),
                          "failed": failures(mean, kpis, threshold, lower)},
                         index=first.index)  # fmt: skip
    if fresh is not None:  # labels from the fresh seeds alone (a set on one seed: its own)
        table["failed_fresh"] = failures(fresh.fillna(first), kpis, threshold, lower)
    se = pd.DataFrame(index=first.index)
    for q in kpis:
        raw = np.sqrt(var[q] / n)
        sem = moderated_se(var[q], n, pooled[q]) if q in pooled else raw
        se[q] = np.where(many, sem, trigger.get(q, np.nan))
        gap = (mean[q] - threshold).abs()
        table[f"first:{q}"], table[f"mean:{q}"], table[f"se:{q}"] = first[q], mean[q], raw
        table[f"se_mod:{q}"], table[f"p_wrong:{q}"] = se[q], _p_wrong(gap, se[q])
    counts = _confirm_counts(first, mean, table, kpis, threshold, lower, many)
    return mean, table, dict(counts, pooled_sd=pooled, prior_df=CONFIRM_PRIOR_DF), se


def _p_wrong(gap: pd.Series, se: pd.Series) -> np.ndarray:
    """The probability that a label is on the wrong side of the threshold: Phi(-|gap| / se)
    (a normal posterior about the mean with a flat prior; 0 where no s.e. is known)."""
    from scipy.stats import norm

    z = gap.to_numpy(float) / se.to_numpy(float)
    return np.where(np.isfinite(z), norm.sf(z), 0.0)


def _confirm_counts(first, mean, table, kpis, threshold, lower, many) -> dict:
    """The confirmation's counts: sets confirmed, labels changed (to failure, to success; by
    outcome), the labels that the fresh seeds alone give otherwise, per outcome the sets whose
    mean lies within one moderated s.e. of the threshold (|t| < 1, "as likely on either
    side") and within two (|t| < 2), and the expected number of wrong labels (the sum of
    ``p_wrong``), for the confirmed sets and the others."""
    was, now = table["failed_first"].to_numpy(), table["failed"].to_numpy()
    t = {q: ((mean[q] - threshold).abs() / table[f"se_mod:{q}"]).to_numpy() for q in kpis}
    one = {q: many & (t[q] < 1) for q in kpis}
    two = {q: many & (t[q] < 2) for q in kpis}
    wrong = {
        q: {
            "confirmed": float(table[f"p_wrong:{q}"][many].sum()),
            "unconfirmed": float(table[f"p_wrong:{q}"][~many].sum()),
        }
        for q in kpis
    }
    changed = {q: int((failures(first, [q], threshold, lower)
                       != failures(mean, [q], threshold, lower)).sum()) for q in kpis}  # fmt: skip
    fresh = table.get("failed_fresh")
    return {
        "sets": int(many.sum()),
        "changed": int((was != now).sum()),
        "to_failure": int((~was & now).sum()),
        "to_success": int((was & ~now).sum()),
        "changed_by_kpi": changed,
        "fresh_differ": int((fresh.to_numpy() != now).sum()) if fresh is not None else 0,
        "undecided": {q: int(u.sum()) for q, u in one.items()},
        "undecided_sets": int(np.any(list(one.values()), axis=0).sum()),
        "within_2se": {q: int(u.sum()) for q, u in two.items()},
        "within_2se_sets": int(np.any(list(two.values()), axis=0).sum()),
        "expected_wrong": wrong,
        "expected_wrong_total": float(
            sum(v["confirmed"] + v["unconfirmed"] for v in wrong.values())
        ),  # fmt: skip
    }


def label_resampling(x: pd.DataFrame, mean: pd.DataFrame, se: pd.DataFrame, kpis: list[str],
                     threshold: float, lower: bool, scan: dict | None, seed: int,
                     draws: int = RESAMPLE_DRAWS) -> dict:  # fmt: skip
    """How far the failure count and the scan's limit rest on seed noise: ``draws`` times,
    each set's effect on each outcome drawn from N(mean, se²) (``se``: the moderated s.e., or
    the trigger s.d. for a set on one seed), seeded by ``seed``; per draw the failures and the
    strongest single threshold (:func:`threshold_scan`'s statistic, without its permutation
    test). Returns the 5-95% range and median of the failures and the share of draws in which
    the reported limit (same parameter and side) is still the strongest (None without one).
    The scan's permutation p-value, by contrast, treats each label as exact."""
    rng = np.random.default_rng([seed, RESAMPLE_TAG])
    tails = _scan_tails(x)
    m, s = mean[kpis].to_numpy(float), se[kpis].fillna(0).to_numpy(float)
    count, kept = [], 0
    for _ in range(draws):
        e = pd.DataFrame(m + s * rng.standard_normal(m.shape), columns=kpis)
        y = failures(e, kpis, threshold, lower)
        count.append(int(y.sum()))
        if scan is not None and 0 < y.sum() < len(y) and tails:
            t = _strongest(tails, y)[1][0]
            j, side = tails[t][0], tails[t][1]
            kept += x.columns[j] == scan["parameter"] and side == scan["side"]
    lo, mid, hi = np.percentile(count, [5, 50, 95])
    return {"draws": draws, "failures_p5": int(math.floor(lo)), "failures_median": float(mid),
            "failures_p95": int(math.ceil(hi)),
            "limit_kept": kept / draws if scan is not None else None}  # fmt: skip


# ---------------------------------------------------------------------- PRIM
def _prim(x: pd.DataFrame, y: np.ndarray, peel_alpha: float, mass_min: float):
    """EMA Workbench's Prim on (x, y); the keyword set differs between 2.5 and 3.x."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA warns about optional parallel back ends
        from ema_workbench.analysis import prim

    kw = {"peel_alpha": peel_alpha, "mass_min": mass_min}
    if "threshold" in inspect.signature(prim.Prim.__init__).parameters:  # EMA 2.5
        kw["threshold"] = 0.5
    return prim.Prim(x, y, **kw)


def choose_box(trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box on the peeling trajectory with at least ``min_coverage``; the
    broadest of equally dense ones."""
    ok = trajectory[trajectory["coverage"] >= min_coverage]
    ok = ok if len(ok) else trajectory
    best = ok.sort_values(["density", "coverage"], ascending=False, kind="stable")
    return int(best.index[0])


def quasi_p(box, i: int) -> dict[tuple[str, int], float]:
    """The quasi-p-value of each restricted side (parameter, 0 lower or 1 upper) of box ``i``
    of a PRIM box's trajectory: the one-sided binomial test of Bryant and Lempert (2010) that
    the restriction raises the density, as EMA Workbench computes it (``qp`` in 2.5,
    ``p_values`` in 3.x; -1 on a side not restricted)."""
    values = getattr(box, "p_values", None) or box.qp
    return {(dim, side): p for dim, sides in values[i].items()
            for side, p in enumerate(sides) if p >= 0}  # fmt: skip


def _restricted(lims: pd.DataFrame, full: pd.DataFrame, c: str) -> bool:
    return bool(lims[c].iloc[0] > full[c].iloc[0] or lims[c].iloc[1] < full[c].iloc[1])


def significant(box, qp_max: float) -> list[int]:
    """The boxes on a PRIM box's peeling trajectory (by index; the first, the whole space,
    left out) each of whose restricted sides has a quasi-p-value of at most ``qp_max``. The
    peeling also trims slivers off ranges where that raises the density a little (most of
    all when most sets fail, as a box's density can then rise little): a box with such a
    restriction is not chosen."""
    out = []
    for i in range(1, len(box.peeling_trajectory)):
        qp = quasi_p(box, i)
        if qp and max(qp.values()) <= qp_max:
            out.append(i)
    return out


def drop_weak_restrictions(box, i: int, qp_max: float) -> int:
    """From box ``i``, drop the restricted side with the largest quasi-p-value above
    ``qp_max`` (its limit back to the whole range's), again and again while one is left; each
    box is appended to the trajectory (EMA's ``update``, as its ``drop_restriction`` does for
    both sides); returns the index of the last. Dropping lowers the density, and so may raise
    the others' values: each box of the way is a candidate of its own (:func:`find_boxes`)."""
    while True:
        qp = quasi_p(box, i)
        weak = {k: p for k, p in qp.items() if p > qp_max}
        if not weak or len(qp) == 1:
            return i
        dim, side = max(weak, key=weak.get)
        lims = box.box_lims[i].copy()
        lims.loc[lims.index[side], dim] = box.box_lims[0][dim].iloc[side]
        rest = box.prim.yi_remaining
        x = box.prim.x.loc[rest, :]
        inside = np.ones(len(rest), bool)
        for c in lims.columns:
            v = x[c].to_numpy(float)
            inside &= (v >= lims[c].iloc[0]) & (v <= lims[c].iloc[1])
        box.update(lims, rest[inside])
        i = len(box.peeling_trajectory) - 1


def find_boxes(x: pd.DataFrame, y: np.ndarray, *, max_boxes: int = 2, min_coverage: float = 0.5,
               peel_alpha: float = 0.05, mass_min: float = 0.05,
               qp_max: float = QP_MAX) -> list[dict]:  # fmt: skip
    """Up to ``max_boxes`` boxes, each found on the points the earlier ones left: on each
    peeling trajectory, with the boxes of :func:`drop_weak_restrictions` from the one PRIM's
    rule chooses, the densest box with at least ``min_coverage`` (else the densest) among
    those whose every restriction passes the quasi-p test (:func:`significant`); none when no
    box does. Each is a dict: stats, ``limits`` (low/high per restricted parameter),
    ``trajectory`` and ``chosen``."""
    if y.sum() == 0 or y.all():
        return []
    full = pd.DataFrame({c: [x[c].min(), x[c].max()] for c in x.columns})
    p = _prim(x, y, peel_alpha, mass_min)
    boxes = []
    for k in range(max_boxes):
        box = p.find_box()
        if box is None:
            break
        # the box PRIM's rule would choose, with its weak restrictions dropped in turn: the
        # peeling trims slivers off ranges it does not need (a planted two-way box comes out
        # with slivers of others), which the trajectory's own boxes keep
        first = choose_box(box.peeling_trajectory.reset_index(drop=True), min_coverage)
        box.select(first)
        drop_weak_restrictions(box, first, qp_max)
        traj = box.peeling_trajectory.reset_index(drop=True)
        ok = significant(box, qp_max)
        if not ok:
            break  # no box, peeled or pruned, whose restrictions all pass
        i = choose_box(traj.loc[ok], min_coverage)
        box.select(i)
        lims = box.box_lims[i]
        restricted = [c for c in x.columns if _restricted(lims, full, c)]
        row = traj.loc[i]
        if boxes and float(row["density"]) <= y.mean():
            break  # a later box no denser than the whole space explains nothing
        boxes.append({"box": k + 1, "coverage": float(row["coverage"]),
                      "density": float(row["density"]), "mass": float(row["mass"]),
                      "points": int(row["n"]), "restricted": restricted, "limits": lims,
                      "full": full, "trajectory": traj, "chosen": i})  # fmt: skip
    return boxes


def _scan_tails(x: pd.DataFrame) -> list[tuple]:
    """The tails :func:`threshold_scan` tries: per parameter of ``x`` and side (the sets below,
    or above, a cut), (column, side, order of the sets, the tail sizes allowed: SCAN_MASS of
    the sets, each a cut between two distinct values)."""
    xv = x.to_numpy(float)
    n = len(xv)
    order = np.argsort(xv, axis=0, kind="stable")
    lo, hi = _scan_window(n)
    tails = []
    for j in range(xv.shape[1]):
        for side, o in (("below", order[:, j]), ("above", order[::-1, j])):
            v = xv[o, j]
            m = np.arange(lo, hi + 1)  # sets in the tail
            m = m[v[m - 1] != v[np.minimum(m, n - 1)]]  # a cut between distinct values
            if len(m):
                tails.append((j, side, o, m))
    return tails


def _scan_window(n: int) -> tuple[int, int]:
    """The smallest and largest tail :func:`threshold_scan` tries among ``n`` sets (SCAN_MASS)."""
    return max(1, math.ceil(SCAN_MASS[0] * n)), math.floor(SCAN_MASS[1] * n)


def _strongest(tails: list[tuple], y: np.ndarray) -> tuple[float, tuple[int, int, int]]:
    """The scan statistic: over ``tails``, the largest -log binomial tail probability of a
    tail's failures under the overall share, with (tail, sets in it, failing among them)."""
    from scipy.stats import binom

    p0, best = y.mean(), (-np.inf, None)
    for t, (_, _, o, m) in enumerate(tails):
        k = np.cumsum(y[o])[m - 1]
        lp = -binom.logsf(k - 1, m, p0)
        a = int(np.argmax(lp))
        if lp[a] > best[0]:
            best = (float(lp[a]), (t, int(m[a]), int(k[a])))
    return best


def threshold_scan(x: pd.DataFrame, y: np.ndarray, seed: int = 0,
                   permutations: int = PERMUTATIONS) -> dict | None:  # fmt: skip
    """The strongest single threshold: over every parameter of ``x`` and both tails (the sets
    below, or above, a cut between two distinct values) holding SCAN_MASS of the sets, the
    one whose share of failures ``y`` is least likely under the overall share (one-sided
    binomial tail, :func:`_strongest`). Its p-value is a permutation test: the whole search
    repeated on ``permutations`` relabellings of the failures (seeded by ``seed``), so that it
    allows for the many thresholds tried (each label taken as exact:
    :func:`label_resampling` asks what seed noise in the labels does). None when nothing or
    everything fails."""
    n, k_all = len(y), int(y.sum())
    if k_all in (0, n):
        return None
    xv = x.to_numpy(float)
    tails = _scan_tails(x)
    if not tails:
        return None
    lo, hi = _scan_window(n)
    observed, (t, inside, failing) = _strongest(tails, y)
    rng = np.random.default_rng(seed)
    null = np.array([_strongest(tails, rng.permutation(y))[0] for _ in range(permutations)])
    j, side, o, _ = tails[t]
    cut = (xv[o[inside - 1], j] + xv[o[inside], j]) / 2  # between the last set in and the next
    as_strong = int((null >= observed).sum())
    return {"parameter": x.columns[j], "side": side, "cut": float(cut), "points": inside,
            "failing": failing, "density": failing / inside, "mass": inside / n,
            "coverage": failing / k_all, "outside_points": n - inside,
            "outside_failing": k_all - failing, "at_window_edge": inside in (lo, hi),
            "as_strong": as_strong, "p_value": (1 + as_strong) / (1 + permutations),
            "permutations": permutations}  # fmt: skip


def box_table(boxes: list[dict]) -> pd.DataFrame:
    """prim_boxes.csv: one row per box and restricted parameter."""
    rows = []
    for b in boxes:
        stats = {k: b[k] for k in ("box", "coverage", "density", "mass", "points")}
        for c in b["restricted"] or [""]:
            rows.append({**stats, "parameter": c,
                         "low": float(b["limits"][c].iloc[0]) if c else np.nan,
                         "high": float(b["limits"][c].iloc[1]) if c else np.nan,
                         "full_low": float(b["full"][c].iloc[0]) if c else np.nan,
                         "full_high": float(b["full"][c].iloc[1]) if c else np.nan})  # fmt: skip
    cols = ["box", "coverage", "density", "mass", "points", "parameter", "low", "high",
            "full_low", "full_high"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------- outputs
def box_figure(box: dict, caption: str):
    """Left: the peeling trajectory (coverage against density, the chosen box ringed).
    Right: the chosen box's restricted ranges as a share of each parameter's full range."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from sim.plots import style as S

    traj, i = box["trajectory"], box["chosen"]
    dims = box["restricted"]
    with S.apply_style():
        fig, (left, right) = plt.subplots(1, 2, layout="constrained",
                                          figsize=(S.FIGURE_WIDTH, 1.8 + 0.25 * max(4, len(dims))),
                                          width_ratios=(1, 1.3))  # fmt: skip
        sc = left.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], s=12,
                          cmap="viridis")  # fmt: skip
        left.scatter(
            [traj.loc[i, "coverage"]],
            [traj.loc[i, "density"]],
            s=80,
            facecolors="none",
            edgecolors=S.INK,
            linewidths=1.2,
            label="chosen box",
        )
        bar = fig.colorbar(sc, ax=left, label="restricted parameters")
        bar.locator = MaxNLocator(integer=True)  # a count: no 0.5 parameters
        bar.update_ticks()
        left.set_xlabel("coverage (share of all failures in the box)")
        left.set_ylabel("density (share of the box that fails)")
        left.set_title("Peeling trajectory", fontsize=8)
        left.legend(fontsize=6, loc="lower left")
        y = np.arange(len(dims))[::-1]
        for yi, c in zip(y, dims, strict=True):
            lo0, hi0 = box["full"][c].iloc[0], box["full"][c].iloc[1]
            lo, hi = box["limits"][c].iloc[0], box["limits"][c].iloc[1]
            span = (hi0 - lo0) or 1.0
            right.barh(yi, 1.0, left=0.0, height=0.5, color=S.GRID)
            right.barh(
                yi,
                (hi - lo) / span,
                left=(lo - lo0) / span,
                height=0.5,
                color=S.series_style(1)["color"],
            )
            right.text(1.02, yi, f"{lo:.4g} to {hi:.4g}", va="center", fontsize=6)
        right.set_yticks(y, [c if len(c) < 40 else "..." + c[-37:] for c in dims], fontsize=6)
        right.set_xlim(0, 1.35)
        right.set_ylim(-0.75, max(len(dims), 3) - 0.25)
        right.set_xticks([0, 0.5, 1], ["low end", "middle", "high end"])
        # two lines each: on one the panel's title and label ran past the figure's edge
        right.set_xlabel("position in the screened range\n(grey: full range; colour: the box)")
        right.set_title(f"Box {box['box']}: coverage {box['coverage']:.0%},\ndensity "
                        f"{box['density']:.0%}, mass {box['mass']:.0%}", fontsize=8)  # fmt: skip
        fig.suptitle("Where the policy fails: PRIM scenario discovery", x=0.01, ha="left")
        fig.supxlabel(caption, x=0.01, ha="left", fontsize=6, color=S.MUTED)
    return fig


def _range_phrase(box: dict, c: str) -> str:
    lo0, hi0 = box["full"][c].iloc[0], box["full"][c].iloc[1]
    lo, hi = box["limits"][c].iloc[0], box["limits"][c].iloc[1]
    if lo > lo0 and hi < hi0:
        return f"`{c}` between {lo:.3g} and {hi:.3g}"
    return f"`{c}` above {lo:.3g}" if lo > lo0 else f"`{c}` below {hi:.3g}"


def paragraph(names: tuple[str, str], kpis: list[str], threshold: float, y: np.ndarray,
              boxes: list[dict], lower: bool = False,
              found: dict | None = None) -> str:  # fmt: skip
    """One plain-language paragraph for a policy brief; ``found`` (:func:`outcome_counts`,
    when known): the failures by outcome (``by_kpi``), the sets within one seed-to-seed s.d.
    of the threshold (``near``, with ``seed_sd``), the welfare outcomes' failures before the
    programmes' cost (``before_cost``), the strongest single threshold (``scan``,
    :func:`threshold_scan`) and each outcome's own (``scan_by_kpi``)."""
    a, b = names
    found = found or {}
    what = " or ".join(f"`{k}`" for k in kpis)
    n, k = len(y), int(y.sum())
    verb = "lower" if lower else "raise"
    base = (f"Over {n} sampled sets of assumptions, {b} against {a} fails to {verb} {what} "
            f"(effect at or {'above' if lower else 'below'} {threshold:g}) in {k} "
            f"({k / n:.0%}).")  # fmt: skip
    if len(kpis) > 1 and found.get("by_kpi"):
        counts = "; ".join(f"`{q}` in {c}" for q, c in found["by_kpi"].items())
        base += f" By outcome: {counts}."
    confirmation = found.get("confirmation")
    if found.get("near"):
        near = "; ".join(f"`{q}` {c} sets (s.d. {_amount(q, found['seed_sd'][q])})"
                         for q, c in found["near"].items())  # fmt: skip
        base += (f" {'On their first run, w' if confirmation else 'W'}ithin one seed-to-seed "
                 "s.d. of the threshold (estimated from the screening's noise factor: its mu* x "
                 "delta x sqrt(pi) / 2), and so liable to change side on other random numbers: "
                 f"{near}.")  # fmt: skip
    if confirmation:
        base += confirm_sentence(confirmation)
    if found.get("before_cost"):
        before = "; ".join(f"`{q}` in {c}" for q, c in found["before_cost"].items())
        base += f" Before the programmes' own cost they would fail in: {before}."
    if k == 0:
        return base + " No sampled set fails: over the ranges sampled the sign held throughout."
    if k == n:
        return base + " It fails in every sampled set: no assumption sampled rescues it."
    alone, by_kpi = found.get("scan_by_kpi", {}), found.get("by_kpi", {})
    each = "".join(_scan_sentence(b, by_kpi[q] / n, v, q) for q, v in alone.items())
    if not boxes or not boxes[0]["restricted"]:
        scan = _scan_sentence(b, k / n, found.get("scan"))
        scan = scan[:2].upper() + scan[2:]  # a sentence of its own
        return (base + " PRIM found no box whose restrictions all pass the quasi-p filter "
                f"(at most {QP_MAX:g})." + scan
                + each)  # fmt: skip
    from sim.sensitivity import composition

    box = boxes[0]
    where = "; ".join(_range_phrase(box, c) for c in box["restricted"])
    weights = [c for b_ in boxes for c in b_["restricted"] if composition(c)]
    note = (" A UMKM sector share's range here is that of its weight, before the sectors are "
            "rescaled to sum to 1." if weights else "")  # fmt: skip
    inside = box["points"]
    failing = int(round(box["density"] * inside))
    outside = "Nothing lies outside it"
    if n > inside:
        outside = (f"Outside it {b} fails in {k - failing} of {n - inside} sets "
                   f"({(k - failing) / (n - inside):.0%})")  # fmt: skip
    return (base + f" The failures concentrate where {where}. That region holds "
            f"{box['coverage']:.0%} of all failures, and {box['density']:.0%} of the assumption "
            f"sets inside it fail (against {k / n:.0%} overall); it covers {box['mass']:.0%} of "
            f"the sampled sets. {outside}: these are the assumptions to check before relying "
            "on the result." + note + each)  # fmt: skip


def confirm_sentence(c: dict) -> str:
    """discovery.md's account of the confirmation (discovery.json's "confirmation")."""
    if not c["seed_sd"]:
        return (" No seed-to-seed s.d. is known (the screening has no noise factor), so no set "
                "was run on more seeds: each rests on one.")  # fmt: skip
    r1, r2 = c["rounds"]
    second = (
        f", and the {r2['sets']} more within {c['within_sd']:g} of the s.d. their own "
        "seeds give where that is the larger (a second round)"
        if r2["sets"]
        else ""
    )
    out = (f" The {r1['sets']} sets whose first run lay within {c['within_sd']:g} s.d. of the "
           f"threshold on an outcome{second} were run on {c['seeds']} more seeds each and are "
           f"labelled by the mean of their {c['seeds'] + 1}: {c['changed']} changed label "
           f"({c['to_failure']} to a failure, {c['to_success']} to a success); the "
           f"{c['seeds']} fresh seeds alone would give {c['fresh_differ']} labels otherwise."
           f"{_pooled_phrase(c)}")  # fmt: skip
    one = "; ".join(f"`{q}` {u}" for q, u in c["undecided"].items())
    two = "; ".join(f"`{q}` {u}" for q, u in c["within_2se"].items())
    wrong = "; ".join(f"`{q}` {w['confirmed']:.1f} among the confirmed sets and "
                      f"{w['unconfirmed']:.1f} among the others"
                      for q, w in c["expected_wrong"].items())  # fmt: skip
    out += (
        f" Sets whose mean lies within one standard error of the threshold (moderated: "
        f"each set's variance shrunk toward the pooled one, {c['prior_df']:g} prior d.f.), "
        f"and so as likely on either side: {c['undecided_sets']} ({one}); within two: "
        f"{c['within_2se_sets']} ({two}). Expected wrong labels (the sum over sets of the "
        "chance that a label is on the wrong side, from the moderated s.e., or for a set on "
        f"one seed the trigger s.d.): {wrong}; {c['expected_wrong_total']:.1f} in all."
    )
    return out + _resampling_phrase(c.get("resampling"))


def _amount(q: str, v: float) -> str:
    """An amount of outcome ``q`` in its unit (the KPI registry's: Rp bn, not 1.16e+09)."""
    from sim.plots.figures import fmt_kpi

    return fmt_kpi(q, v, "en", per_kg=False)


def _pooled_phrase(c: dict) -> str:
    """The s.d. pooled over the confirmed sets' own seeds against the trigger's, in the KPI's
    unit, and which way they differ."""
    parts = []
    for q, v in c["pooled_sd"].items():
        s = c["seed_sd"][q]
        way = "above" if v > s else "below" if v < s else "equal to"
        parts.append(f"`{q}` {_amount(q, v)}, {way} the screening's {_amount(q, s)}")
    if not parts:
        return ""
    return (
        " Their own seeds give a seed-to-seed s.d. (pooled) of " + "; ".join(parts) + "; "
        "the trigger is the larger of the two."
    )


def _resampling_phrase(r: dict | None) -> str:
    """The label resampling (:func:`label_resampling`) in one sentence ('' without it)."""
    if not r:
        return ""
    kept = (
        ""
        if r["limit_kept"] is None
        else f" and the scan's limit stays the strongest in {r['limit_kept']:.0%} of them"
    )
    return (
        f" Redrawing each set's effect from its mean and s.e. ({r['draws']} draws), the "
        f"failures range from {r['failures_p5']} to {r['failures_p95']} (5-95%){kept}; "
        "the scan's permutation p-value below treats each label as exact."
    )


def _scan_sentence(b: str, overall: float, scan: dict | None, kpi: str = "") -> str:
    """The strongest single threshold (:func:`threshold_scan`) and its permutation test; for
    the failures of one outcome ``kpi`` alone when given."""
    if scan is None:
        return ""
    odds = (f"p = {scan['p_value']:.3g}: {scan['as_strong']} of {scan['permutations']} random "
            "relabellings of the failures give one as strong")  # fmt: skip
    lead = f" For `{kpi}` alone:" if kpi else ""
    if scan["p_value"] > SCAN_P_MAX:
        return f"{lead} no single threshold is stronger than chance ({odds})."
    edge = (" (the tail is at the scan's smallest or largest size: the window, not the data, "
            "sets the cut)" if scan.get("at_window_edge") else "")  # fmt: skip
    out_n, out_k = scan["outside_points"], scan["outside_failing"]
    return (f"{lead} the strongest single threshold: where `{scan['parameter']}` is "
            f"{scan['side']} {scan['cut']:.3g}, {b} fails in {scan['failing']} of "
            f"{scan['points']} sets ({scan['density']:.0%}, against {overall:.0%} overall; "
            f"{scan['coverage']:.0%} of its failures), and on the other side in {out_k} of "
            f"{out_n} ({out_k / out_n:.0%}){edge}; {odds}.")  # fmt: skip


def single_limits(x: pd.DataFrame, effects: pd.DataFrame, kpis: list[str], threshold: float,
                  lower: bool, seed: int) -> dict:  # fmt: skip
    """The strongest single threshold (:func:`threshold_scan`) of the failures of any of
    ``kpis`` (``scan``) and, when there are several, of each one's own (``scan_by_kpi``; an
    "or" is mostly its commoner outcome), those that are the "or"'s left out."""
    out = {"scan": threshold_scan(x, failures(effects, kpis, threshold, lower), seed=seed)}
    if len(kpis) > 1:
        scans = {q: threshold_scan(x, failures(effects, [q], threshold, lower), seed=seed)
                 for q in kpis}  # fmt: skip
        out["scan_by_kpi"] = {q: v for q, v in scans.items() if not _same_limit(v, out["scan"])}
    return out


def _same_limit(a: dict | None, b: dict | None) -> bool:
    """Two scans' limits are the same (an outcome's own is the "or"'s: said once)."""
    keys = ("parameter", "side", "cut")
    return a is not None and b is not None and all(a[k] == b[k] for k in keys)


def outcome_counts(effects: pd.DataFrame, kpis: list[str], threshold: float, lower: bool,
                   sigma: dict[str, float]) -> dict:  # fmt: skip
    """Failures by outcome (``by_kpi``) and, per outcome with a seed-noise s.d. in ``sigma``,
    the sets whose effect lies within it of the threshold (``near``)."""
    by_kpi = {q: int(failures(effects, [q], threshold, lower).sum()) for q in kpis}
    near = {q: int(near_threshold(effects, [q], threshold, sigma, 1.0).sum())
            for q in kpis if q in sigma}  # fmt: skip
    # a welfare outcome is its groups' sum less the programmes' cost: how often the gains
    # alone would fail says whether a failure is a loss or a gain smaller than the cost
    from sim.metrics import NET_WELFARE, NET_WELFARE_TWO_REGIONS

    cost = "program_cost_rp_per_year"  # the two governments' (sim.metrics.incidence_kpis)
    before = {}
    if cost in effects:
        net = [q for q in kpis if q in (NET_WELFARE, NET_WELFARE_TWO_REGIONS)]
        gross = effects[net].add(effects[cost], axis=0)
        before = {q: int(failures(gross, [q], threshold, lower).sum()) for q in net}
    return {
        "by_kpi": by_kpi,
        "near": near,
        "seed_sd": {q: sigma[q] for q in near},
        "before_cost": before,
    }


def seed_sd(folder: Path, spec: dict | None, kpis: list[str]) -> dict[str, float]:
    """Each outcome's s.d. of one paired effect from seed to seed, from the screening's noise
    factor (the mu* of a step that only re-seeds): a step of the noise factor changes the
    effect by mu* x delta (delta = levels / (2 (levels - 1))), and the mean absolute
    difference of two independent draws is 2 sd / sqrt(pi); {} without one."""
    from sim.sensitivity import NOISE

    path = folder / "morris.csv"
    if spec is None or not spec.get("noise") or not path.is_file():
        return {}
    morris = pd.read_csv(path)
    rows = morris[(morris["parameter"] == NOISE) & morris["kpi"].isin(kpis)]
    delta = spec["levels"] / (2 * (spec["levels"] - 1))
    return {r.kpi: float(r.mu_star) * delta * math.sqrt(math.pi) / 2 for r in rows.itertuples()}


def run_discovery(folder: str | Path, *, kpis: list[str] | None = None, threshold: float = 0.0,
                  lower: bool = False, max_boxes: int = 2, min_coverage: float = 0.5,
                  out: str | Path | None = None, quiet: bool = False, sample: int | None = None,
                  top: int = SAMPLE_TOP, workers: int | None = None, command: str = "",
                  confirm: int = CONFIRM_SEEDS,
                  confirm_sd: float = CONFIRM_SD) -> dict:  # fmt: skip
    """Read ``folder``, find the boxes and write prim_boxes.csv, the figures, discovery.md and
    discovery.json (what was asked and how the points were made) into ``out`` (default:
    ``folder/discovery``). ``sample``: points of the space-filling sample to run for a
    screening folder (default :data:`SAMPLE`; 0: the screening's own Morris points); a folder
    that is not a screening is read as it is. ``confirm``: more seeds for each sampled set
    within ``confirm_sd`` seed s.d. of the threshold (0: none; :func:`confirm_plan`). ``out``
    may hold only the same discovery (then its runs resume and its files are written again,
    the same)."""
    from sim.experiment import atomic_write_bytes, atomic_write_json
    from sim.sensitivity import CONTROLS

    folder = Path(folder)
    design, effects = read_folder(folder)
    kpis = choose_kpis(effects, kpis, str(folder / "effects.csv"))
    manifest = screening_manifest(folder)
    sample = (SAMPLE if manifest else 0) if sample is None else sample
    if sample and manifest is None:
        raise ConfigError(str(folder / "manifest.json"), "--sample",
                          "not a screening's manifest: a space-filling sample is drawn from a "
                          "screening (--sample 0 reads design.csv as it is)")  # fmt: skip
    dest = Path(out) if out else folder / "discovery"
    record = {"kind": "discovery", "screening": str(folder), "command": command,
              "kpis": kpis, "threshold": threshold, "lower": lower, "boxes": max_boxes,
              "min_coverage": min_coverage,
              "design": SPACE if sample else (MORRIS if manifest else GIVEN)}  # fmt: skip
    sigma = seed_sd(folder, manifest["spec"] if manifest and sample else None, kpis)
    if sample:
        record["sample"] = sample_spec(folder, manifest["spec"], kpis, sample, top)
        if confirm:  # a record without it (as before the confirmation) ran none
            record["confirm"] = {"seeds": int(confirm), "within_sd": float(confirm_sd),
                                 "seed_sd": sigma}  # fmt: skip
    planned = _claim(dest, record)
    # written before any run: a killed job's folder says what its runs are
    atomic_write_json(dest / DISCOVERY_JSON, dict(record, status="running"))
    first = None
    if sample:
        design, effects = run_sample(record["sample"], manifest["spec"], dest, workers,
                                     not quiet)  # fmt: skip
    if sample and confirm:
        first = effects
        runs, rounds = confirm_rounds(record, manifest["spec"], first, kpis, threshold, planned,
                                      dest, workers, not quiet)  # fmt: skip
        effects, sets, confirmation, se = confirmed(first, runs, kpis, threshold, lower,
                                                    rounds["trigger_sd"])  # fmt: skip
        atomic_write_bytes(dest / SETS_CSV, sets.to_csv().encode())
    x = design.loc[:, design.nunique() > 1]  # constant columns (a dummy at one level) say nothing
    x = x.drop(columns=[c for c in CONTROLS if c in x.columns])  # not assumptions
    x = x.astype(float)  # EMA's PRIM pastes real limits into integer columns (days) otherwise
    y = failures(effects, kpis, threshold, lower)
    boxes = find_boxes(x.reset_index(drop=True), y, max_boxes=max_boxes,
                       min_coverage=min_coverage)  # fmt: skip
    found = outcome_counts(effects, kpis, threshold, lower, sigma)
    found.update(single_limits(x.reset_index(drop=True), effects, kpis, threshold, lower,
                               record["sample"]["seed"] if sample else 0))  # fmt: skip
    if first is not None:
        # "near": on one seed, as each set's first run was (the confirmation's counts follow)
        found["near"] = outcome_counts(first, kpis, threshold, lower, sigma)["near"]
        resampled = None
        if sigma:
            resampled = label_resampling(x.reset_index(drop=True), effects.reset_index(drop=True),
                                         se.reset_index(drop=True), kpis, threshold, lower,
                                         found["scan"], record["sample"]["seed"])  # fmt: skip
        found["confirmation"] = dict(record["confirm"], **confirmation, **rounds,
                                     resampling=resampled)  # fmt: skip
    table, text = write_outputs(folder, dest, record, x.shape[1], y, boxes, found)
    if not quiet:
        print(text)
        print(f"Wrote {dest}/ (prim_boxes.csv, discovery.md, discovery.json"
              f"{', sample.csv' if sample else ''}"
              f"{', confirm.csv, sets.csv' if first is not None else ''}"
              f"{', prim_box*.png/svg' if boxes else ''})")  # fmt: skip
    return {"boxes": boxes, "table": table, "y": y, "kpis": kpis, "text": text, "folder": dest,
            "record": record, **found}  # fmt: skip


def write_outputs(folder: Path, dest: Path, record: dict, varied: int, y: np.ndarray,
                  boxes: list[dict], found: dict) -> tuple[pd.DataFrame, str]:  # fmt: skip
    """prim_boxes.csv, the boxes' figures, discovery.md and the finished discovery.json in
    ``dest`` (``varied``: the parameters PRIM read; ``y``: the sets' failures; ``found``: the
    counts and scans); returns the boxes' table and discovery.md's paragraph."""
    import matplotlib.pyplot as plt

    from sim.experiment import atomic_write_bytes, atomic_write_json
    from sim.plots.figures import save_figure

    kpis, threshold, lower = record["kpis"], record["threshold"], record["lower"]
    table = box_table(boxes)
    atomic_write_bytes(dest / "prim_boxes.csv", table.to_csv(index=False).encode())
    names = ("A", "B")
    if (folder / "manifest.json").is_file():
        ctx = json.loads((folder / "manifest.json").read_text()).get("spec", {}).get("context", {})
        names = (ctx.get("name_a", "A"), ctx.get("name_b", "B"))
    text = paragraph(names, kpis, threshold, y, boxes, lower, found)
    caption = (f"Source: kad-sim, {names[1]} vs {names[0]}; {len(y)} assumption sets "
               f"({_points_phrase(record)}); failure: {' or '.join(kpis)} "
               f"{'>=' if lower else '<='} {threshold:g}.")  # fmt: skip
    for b in boxes:
        fig = box_figure(b, caption)
        save_figure(fig, dest / f"prim_box{b['box']}", formats=("png", "svg"))
        plt.close(fig)
    md = (f"# Where does {names[1]} fail?\n\n{text}\n\nBoxes: prim_boxes.csv; figures: "
          f"prim_box*.png. Method: PRIM (EMA Workbench) on {varied} varied parameters of "
          f"{method_phrase(record)}\n")  # fmt: skip
    atomic_write_bytes(dest / "discovery.md", md.encode())
    atomic_write_json(dest / DISCOVERY_JSON, dict(record, status="done", failures=int(y.sum()),
                                                  points=len(y), **found))  # fmt: skip
    return table, text


def _points_phrase(record: dict) -> str:
    """How the points were made, in a few words (for a figure's caption)."""
    if record["design"] == SPACE:
        return "a space-filling sample"
    return "the screening's Morris points" if record["design"] == MORRIS else "design.csv"


def method_phrase(record: dict) -> str:
    """discovery.md's account of the points PRIM read (one sentence, from discovery.json)."""
    if record["design"] == GIVEN:
        return "the points of design.csv, as they are."
    if record["design"] == MORRIS:
        return ("the screening's Morris points: trajectories in which one assumption changes a "
                "step, not a space-filling sample. A box may mostly pick whole trajectories: "
                "read it as a pointer, not a boundary (`discover` without `--sample 0` draws a "
                "space-filling sample).")  # fmt: skip
    s, confirm = record["sample"], _confirm_phrase(record)
    ens = (f", each with one of the {s['members']} parameter sets of the calibration ensemble "
           f"({s['ensemble']})" if s["members"] else "")  # fmt: skip
    return (f"a space-filling sample of {s['points']} sets: a Latin hypercube over the "
            f"{len(s['assumptions'])} assumptions that move {' or '.join(s['kpis'])} most in "
            f"the screening, over their screened ranges{ens}; the other "
            "assumptions at their values; each set a pair of runs (A and B) on a seed of its "
            f"own, so a set whose effect is near the threshold may fail by chance{confirm}. "
            "Sample: sample.csv; its draws: discovery.json.")  # fmt: skip


def _confirm_phrase(record: dict) -> str:
    """method_phrase's account of the confirmation ('' without one)."""
    c = record.get("confirm")
    if not c:
        return ""
    return (f"; a set within {c['within_sd']:g} seed-to-seed s.d. of the threshold on its first "
            "run (the s.d. the larger of the screening's and, in a second round, the one the "
            f"confirmed sets' own seeds give) was run on {c['seeds']} more seeds (seeds spawned "
            "after the sample's) and is labelled by the mean over all its seeds: whether a set "
            "is confirmed depends only on runs observed, so the mean of every run is a fair "
            "estimate (the first run, chosen for being near the threshold, pulls it a little "
            f"toward the threshold; the fresh seeds' labels are a check). Its runs: "
            f"{CONFIRM_CSV}; each set's seeds, mean, standard errors, label and chance of a "
            f"wrong label: {SETS_CSV})")  # fmt: skip


def _claim(dest: Path, record: dict) -> list[dict] | None:
    """Make ``dest`` the home of this discovery: empty or absent, or holding the same one (its
    runs then resume); else stop, naming what differs (a result is never overwritten). Returns
    the confirmation the folder's record already plans ("confirmed"), else None.

    A record without "confirm" (as every discovery before the confirmation) ran no
    confirmation: it is the same discovery as one asked with ``--confirm-seeds 0`` and no
    other, so it resumes (and reruns) only so, never with confirmation runs added to it."""
    path = dest / DISCOVERY_JSON
    planned = None
    if path.is_file():
        try:
            full = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(str(path), "", f"cannot read ({exc})") from None
        # a confirmation the folder holds and this one does not ask for differs too
        keys = list(record) + [k for k in ("confirm",) if k in full and k not in record]
        old = json.loads(json.dumps({k: full.get(k) for k in keys}, default=str))
        now = json.loads(json.dumps(record, default=str))
        # the command and the screening's path may be written otherwise for the same one
        differ = [k for k in keys if k not in ("command", "screening")
                  and old.get(k) != now.get(k)]  # fmt: skip
        if differ == ["confirm"] and "confirm" not in full:
            raise ConfigError(str(path), "confirm",
                              "the folder holds a discovery made without confirmation runs "
                              "(--confirm-seeds 0, as before the option): resume it so, or "
                              "choose another --out")  # fmt: skip
        if differ:
            raise ConfigError(str(path), differ[0],
                              "the folder holds another discovery (differs in: "
                              f"{', '.join(differ)}); choose another --out")  # fmt: skip
        planned = full.get("confirmed")
    elif (dest / "prim_boxes.csv").is_file() or (dest / "sample").exists():
        raise ConfigError(str(dest), "--out", "holds an earlier discovery; choose another --out")
    dest.mkdir(parents=True, exist_ok=True)
    return planned


def rerun_discovery(original: Path, folder: Path, workers: int | None) -> list[str]:
    """The discovery of the screening ``original`` (``discovery/discovery.json``, if it has
    one) made again on the screening reproduced in ``folder``, with the same settings;
    returns the names of its tables to compare (``discovery/prim_boxes.csv`` and, for a
    sample, ``discovery/sample.csv``; with a confirmation, ``confirm.csv`` and ``sets.csv``)."""
    path = original / "discovery" / DISCOVERY_JSON
    if not path.is_file():
        return []
    try:
        r = json.loads(path.read_text(encoding="utf-8"))
        settings = {"kpis": r["kpis"], "threshold": r["threshold"], "lower": r["lower"],
                    "max_boxes": r["boxes"], "min_coverage": r["min_coverage"],
                    "sample": r["sample"]["points"] if r["design"] == SPACE else 0,
                    "top": r["sample"]["top"] if r["design"] == SPACE else SAMPLE_TOP,
                    # a record without "confirm" (as before the confirmation) ran none
                    "confirm": int((r.get("confirm") or {}).get("seeds", 0)),
                    "confirm_sd": float((r.get("confirm") or {}).get("within_sd",
                                                                     CONFIRM_SD))}  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc})") from None
    run_discovery(folder, **settings, quiet=True, workers=workers, command=r.get("command", ""))
    names = ["discovery/prim_boxes.csv"] + (["discovery/sample.csv"] if settings["sample"] else [])
    if settings["sample"] and settings["confirm"]:
        names += [f"discovery/{CONFIRM_CSV}", f"discovery/{SETS_CSV}"]
    return names


def confirm_option(args) -> int:
    """``--confirm-seeds``: the default (:data:`CONFIRM_SEEDS`) where there is a sample to
    confirm; a value given explicitly must be at least 0, and a non-zero one is refused where
    no set is sampled (``--sample 0``, or a folder that is not a screening): it would be
    silently ignored."""
    given = getattr(args, "confirm_seeds", None)
    if given is None:
        return CONFIRM_SEEDS
    if given < 0:
        raise ConfigError("<command line>", "--confirm-seeds", f"must be at least 0, got {given}")
    sampled = args.sample != 0 and screening_manifest(Path(args.folder)) is not None
    if given and not sampled:
        raise ConfigError(
            "<command line>",
            "--confirm-seeds",
            "confirms sets of a space-filling sample: there is none with --sample "
            "0 or a folder that is not a screening (give 0 or leave it out)",
        )
    return given


def main(args) -> int:
    """The ``discover`` command."""
    if args.boxes < 1:
        raise ConfigError("<command line>", "--boxes", f"must be at least 1, got {args.boxes}")
    if not 0 < args.min_coverage <= 1:
        raise ConfigError("<command line>", "--min-coverage",
                          f"must be in (0, 1], got {args.min_coverage}")  # fmt: skip
    if not math.isfinite(args.threshold):
        raise ConfigError("<command line>", "--threshold", "must be a finite number")
    if args.sample is not None and (args.sample < 0 or 0 < args.sample < SAMPLE_MIN):
        raise ConfigError("<command line>", "--sample",
                          f"must be 0 or at least {SAMPLE_MIN}, got {args.sample}")  # fmt: skip
    if args.top < 1:
        raise ConfigError("<command line>", "--top", f"must be at least 1, got {args.top}")
    confirm = confirm_option(args)
    if args.workers is not None and args.workers < 1:
        raise ConfigError("<command line>", "--workers", f"must be at least 1, got {args.workers}")
    run_discovery(args.folder, kpis=args.kpi, threshold=args.threshold, lower=args.lower,
                  max_boxes=args.boxes, min_coverage=args.min_coverage, out=args.out,
                  sample=args.sample, top=args.top, workers=args.workers, confirm=confirm,
                  command="python run_experiments.py " + " ".join(args.argv))  # fmt: skip
    return 0
