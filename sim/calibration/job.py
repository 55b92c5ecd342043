"""The whole calibration job (fit, checks, ensemble, corroboration, files), refreshing a
finished one, and adopting a fit as the parameters every scenario uses."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim import paths
from sim.calibration.ensemble import compare_over_ensemble, select_ensemble
from sim.calibration.figure import validation_figure
from sim.calibration.files import _csv, _write, fitted_toml
from sim.calibration.fit import MomentStore, Problem, calibrate
from sim.calibration.identifiability import identifiability, profiles, recovery
from sim.calibration.parameters import FREE_PARAMETERS, current_values, round_sig
from sim.calibration.report import CORROBORATIONS, _report
from sim.calibration.targets import (
    CALIBRATION_DIR,
    SCENARIOS,
    distance,
    load_targets,
    target_table,
)
from sim.experiment import spawn_seeds


@dataclass
class Settings:
    """What one calibration job does; the defaults keep it near 10 minutes on 2 cores.

    ``out`` is the job's own folder (default ``outputs/calibration-<time>/``): a fit never
    replaces the parameters in force by itself; :func:`adopt_fit` does, when asked."""

    out: Path = field(default_factory=lambda: default_calibration_dir())
    budget: int = 400
    workers: int | None = None
    seed: int = 2025
    seeds: int = 4
    fresh_seeds: int = 10
    scale: float = 0.05
    days: int = 365
    adopt: bool = True
    reason: str = ""  # why the fit is not adopted (with adopt=False)
    profile_points: int = 9
    ensemble_size: int = 30
    ensemble_members_compared: int = 10
    corroboration_replicates: int = 10
    progress: bool = True
    resume: bool = False  # reuse the moments an interrupted job stored (same runs only)
    executor: str = "process"  # or "dask": the fit's runs on a Dask cluster
    scheduler: str | None = None  # with executor "dask": an existing cluster's scheduler


def _log(settings: Settings, text: str) -> None:
    if settings.progress:
        print(text, flush=True)


def _bar(settings: Settings, problem: Problem, total: int, desc: str):
    """A progress bar over candidate evaluations, attached to ``problem``."""
    from tqdm.auto import tqdm

    problem.bar = tqdm(total=total, desc=desc, unit="set", disable=not settings.progress,
                       dynamic_ncols=True)  # fmt: skip
    return problem.bar


def fresh_evaluation(problem: Problem, x_fit, before, fresh: Sequence[int]):
    """The fitted and the earlier values on seeds the fit did not use: each seed's distance
    (fit and held-out targets) and every target against its simulated value."""
    targets = problem.targets
    runs_fit, runs_before = problem.run([problem.overrides(x_fit), problem.overrides(before)],
                                        seeds=fresh)  # fmt: skip
    per_seed = pd.DataFrame({
        "seed": list(fresh),
        "distance_fitted": [distance(m, targets) for m in runs_fit],
        "distance_before": [distance(m, targets) for m in runs_before],
        "holdout_distance_fitted": [distance(m, targets, "holdout") for m in runs_fit],
    })  # fmt: skip
    table = target_table(targets, runs_fit)
    table_before = target_table(targets, runs_before)
    table["sim_mean_before"] = table_before["sim_mean"]
    table["z_before"] = table_before["z"]
    table["in_band_before"] = table_before["in_band"]
    return per_seed, table


def corroborate(settings: Settings, overrides: Mapping, run_root: Path) -> dict:
    """``scenarios/information_system.toml`` against the baseline on paired seeds (scale 0.1,
    ``settings.days``, the parameters ``overrides``), as specified and at the farmer-side
    upper bound (:data:`CORROBORATIONS`); returns the paired tables by name."""
    from sim.experiment import compare

    out = {}
    for name, (extra, _) in CORROBORATIONS.items():
        _, table, _ = compare(
            SCENARIOS / "baseline.toml", SCENARIOS / "information_system.toml",
            settings.corroboration_replicates, root_seed=settings.seed,
            overrides={**overrides, **extra, "run.scale": 0.1, "run.days": settings.days},
            workers=settings.workers, out=run_root / name, seeds_only=True,
        )  # fmt: skip
        out[name] = table
    return out


def run_calibration(settings: Settings) -> dict:
    """Fit, check and document: writes every file of ``settings.out`` (see calibration/report.md)
    and returns a summary dict. With ``settings.executor == "dask"`` the candidates' runs (fit,
    profiles, recovery) go to a Dask cluster; the corroboration's and the ensemble's paired
    comparisons run on local processes."""
    if settings.executor == "dask":
        from sim.executor import dask_client

        with dask_client(settings.workers, settings.scheduler) as client:
            return _run_calibration(settings, client)
    return _run_calibration(settings, None)


def _run_calibration(settings: Settings, client) -> dict:
    import datetime as dt
    import json
    import time

    started = time.perf_counter()
    out = Path(settings.out)
    out.mkdir(parents=True, exist_ok=True)
    targets = load_targets()
    params = FREE_PARAMETERS
    before = current_values(params)
    seeds = tuple(spawn_seeds(settings.seed, settings.seeds))
    fresh = spawn_seeds(settings.seed + 1, settings.fresh_seeds)
    data_seeds = spawn_seeds(settings.seed + 2, settings.seeds)
    store = MomentStore(paths.outputs_dir() / "calibration-moments.jsonl", resume=settings.resume)
    if settings.resume:
        _log(
            settings,
            f"resume: {len(store)} candidate evaluations stored in {store.path}",
        )
    problem = Problem(targets=targets, seeds=seeds, parameters=params, days=settings.days,
                      scale=settings.scale, workers=settings.workers, store=store,
                      client=client)  # fmt: skip

    with _bar(settings, problem, settings.budget, f"fit ({len(seeds)} seeds each)"):
        fit = calibrate(problem, settings.budget, seed=settings.seed, x0=before)
    problem.bar = None
    x_fit = np.array([round_sig(v) for v in fit.x])
    d_fit = problem.evaluate([x_fit])[0]
    d_before = problem.evaluate([before])[0]

    _log(settings, f"re-evaluation on {len(fresh)} fresh seeds")
    per_seed, table = fresh_evaluation(problem, x_fit, before, fresh)

    problem.phase = "profile"
    with _bar(settings, problem, len(params) * settings.profile_points, "profiles"):
        prof = profiles(problem, x_fit, settings.profile_points)
    problem.bar = None
    history = pd.DataFrame(problem.history)
    rec_budget = max(len(params) * 8, settings.budget // 2)
    with _bar(settings, problem, rec_budget, "parameter recovery"):
        rec, rec_fit = recovery(problem, x_fit, rec_budget, data_seeds,
                                seed=settings.seed + 3)  # fmt: skip
    problem.bar = None
    ident = identifiability(prof, rec, params)
    ridge = _awareness_ridge(problem, x_fit)

    _log(settings, "ensemble")
    fit_hist = history[history["phase"].isin(["de", "local"])]
    ens = select_ensemble(fit_hist, params, settings.ensemble_size)
    ens_keys = ens[[p.key for p in params]]
    _csv(out / "ensemble.csv", ens_keys)
    adopted = x_fit if settings.adopt else before
    adopted_ov = dict(zip(problem.keys, map(float, adopted), strict=True))

    _log(settings, "corroboration: information system against the baseline")
    run_root = out / "runs"
    corr = corroborate(settings, adopted_ov, run_root)
    _log(settings, f"ensemble comparison over {settings.ensemble_members_compared} sets")
    stacked, robust = compare_over_ensemble(
        SCENARIOS / "baseline.toml", SCENARIOS / "information_system.toml", 4,
        ensemble=out / "ensemble.csv", members=settings.ensemble_members_compared,
        overrides={"run.scale": settings.scale, "run.days": settings.days},
        out=run_root / "ensemble", root_seed=settings.seed, workers=settings.workers,
    )  # fmt: skip

    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    info = {
        "created": created, "budget": settings.budget, "seed": settings.seed,
        "evaluations": fit.evaluations,
        "seeds": list(seeds), "fresh_seeds": fresh, "data_seeds": data_seeds,
        "scale": settings.scale, "days": settings.days, "distance": d_fit,
        "distance_before": d_before, "de_distance": fit.de_distance,
        "fresh_distance_mean": float(per_seed["distance_fitted"].mean()),
        "fresh_distance_sd": float(per_seed["distance_fitted"].std(ddof=1)),
        "fresh_distance_before_mean": float(per_seed["distance_before"].mean()),
        "adopted": "fitted" if settings.adopt else "pre-calibration (fit not adopted)",
        "reason": settings.reason,
        "optimiser": fit.message, "recovery_evaluations": rec_fit.evaluations,
        "parameters": problem.keys, "values_before": [float(v) for v in before],
        "values_fitted": [float(v) for v in x_fit],
    }  # fmt: skip
    header = _fitted_header(info, settings)
    text = (
        fitted_toml(params, adopted, header, previous=before)
        if settings.adopt
        else fitted_toml(params, adopted, header, fit=x_fit)
    )
    _write(out / "fitted.toml", text)
    fit_csv = pd.DataFrame({
        "parameter": problem.keys, "low": [p.low for p in params],
        "high": [p.high for p in params], "before": before, "fitted": x_fit,
        "adopted": adopted, "de_optimum": fit.de_x,
        "ensemble_min": ens_keys.min().to_numpy(), "ensemble_max": ens_keys.max().to_numpy(),
        "why": [p.why for p in params],
    })  # fmt: skip
    _csv(out / "fit.csv", fit_csv)
    _csv(out / "targets_vs_simulated.csv", table)
    _csv(out / "distance_by_seed.csv", per_seed)
    _csv(out / "history.csv", history)
    _csv(out / "profiles.csv", prof)
    _csv(out / "recovery.csv", rec)
    _csv(out / "identifiability.csv", ident)
    _csv(out / "awareness_ridge.csv", ridge)
    for name, frame in corr.items():
        _csv(out / f"corroboration_{name}.csv", frame)
    _csv(out / "ensemble_compare.csv", stacked)
    _csv(out / "ensemble_sign_robustness.csv", robust)
    validation_figure(table, out / "validation", _figure_title(settings))
    info["seconds"] = round(time.perf_counter() - started, 1)
    _write(out / "summary.json", json.dumps(info, indent=2, default=str) + "\n")
    report = _report(info, settings, fit_csv, table, per_seed, rec, ident, prof, ridge, ens,
                     corr, robust)  # fmt: skip
    _write(out / "report.md", report)
    _log(settings, f"done in {info['seconds']:.0f} s: {out}/")
    return info


def default_calibration_dir() -> Path:
    """``outputs/calibration-<time>/`` in the working folder: where a new fit goes."""
    import datetime as dt

    return paths.outputs_dir() / f"calibration-{dt.datetime.now():%Y%m%d-%H%M%S}"


# the files of a finished calibration folder that make up the adopted calibration
ADOPTED_FILES = (
    "fitted.toml", "ensemble.csv", "summary.json", "report.md", "validation.png",
    "validation.svg", "fit.csv", "targets_vs_simulated.csv", "distance_by_seed.csv",
    "history.csv", "profiles.csv", "recovery.csv", "identifiability.csv", "awareness_ridge.csv",
    "corroboration_information_system.csv", "corroboration_farmer_information.csv",
    "ensemble_compare.csv", "ensemble_sign_robustness.csv",
)  # fmt: skip


def adopt_fit(folder: str | Path, force: bool = False, into: Path = CALIBRATION_DIR) -> dict:
    """Make the finished calibration in ``folder`` the one every scenario uses: copy its
    fitted parameters, ensemble and record into ``into`` (the package's calibration data),
    each file atomically. Returns the folder's summary.

    Refuses (:class:`ConfigError`), unless ``force``: a fit whose distance over the fitted
    targets is larger than that of the values in force when it ran (same seeds), and a fit
    made while other values were in force than now (its comparison no longer holds).
    """
    import json

    from sim.errors import ConfigError

    folder = Path(folder)
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise ConfigError(str(folder), "", "not a finished calibration folder (no summary.json)")
    try:
        info = json.loads(summary_path.read_text(encoding="utf-8"))
        d_fit, d_before = float(info["distance"]), float(info["distance_before"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(str(summary_path), "distance", f"unreadable summary ({exc})") from None
    missing = [f for f in ADOPTED_FILES if not (folder / f).is_file()]
    if missing:
        raise ConfigError(str(folder), "", f"incomplete calibration folder: no {missing[0]}")
    if not force and d_fit > d_before:
        raise ConfigError(str(folder), "distance", f"the fit is worse than the values in force "
                          f"({d_fit:.3g} > {d_before:.3g} on the fitted targets); "
                          "--force adopts it anyway")  # fmt: skip
    now = current_values(FREE_PARAMETERS)
    then = info.get("values_before")
    if not force and (then is None or not np.allclose(now, then, rtol=1e-12, atol=0.0)):
        raise ConfigError(str(folder), "values_before", "the parameters in force changed since "
                          "this fit ran, so its comparison no longer holds; run calibrate "
                          "again or --force")  # fmt: skip
    into.mkdir(parents=True, exist_ok=True)
    from sim.experiment import atomic_write_bytes

    for name in ADOPTED_FILES:
        atomic_write_bytes(into / name, (folder / name).read_bytes())
    return info


def _figure_title(settings: Settings) -> str:
    if settings.adopt:
        return "Calibration: published targets against the fitted model"
    return "Calibration: published targets against the fit found (not adopted, see report.md)"


def _awareness_ridge(problem: Problem, x_fit) -> pd.DataFrame:
    """Blitar visits on a grid of (base awareness, extension logit): the data see only the
    product awareness x P(extend), so the distance has a ridge, not a point."""
    base = problem.overrides(x_fit)
    grid = [(a, e) for a in (0.05, 0.1, 0.15, 0.25, 0.4) for e in (-3.0, -2.0, -1.5, -1.0, 0.0)]
    cands = [{**base, "tourism.base_awareness": a, "tourism.extension_logit": e}
             for a, e in grid]  # fmt: skip
    runs = problem.run(cands, seeds=problem.seeds[:2])
    t = problem.targets.set_index("target").loc["blitar_visits"]
    rows = []
    for (a, e), r in zip(grid, runs, strict=True):
        v = float(np.mean([m["blitar_visits_per_year"] for m in r]))
        rows.append({"base_awareness": a, "extension_logit": e, "blitar_visits_per_year": v,
                     "z": (v - t["value"]) / t["sd"],
                     "awareness_x_p_extend": a / (1.0 + math.exp(-e))})  # fmt: skip
    return pd.DataFrame(rows)


def _fitted_header(info: dict, settings: Settings) -> list[str]:
    lines = [
        "Fitted behavioural parameters (issue 7): ONLY the keys the calibration estimates.",
        "The baseline scenario extends this file, so every scenario uses these values",
        "unless it sets them itself. Made with: kad-sim calibrate",
        f"  --budget {settings.budget}, then adopted with --adopt; method and results: report.md.",
        "",
        f"Produced {info['created']} by sim.calibration: method of simulated moments,",
        f"differential evolution then Nelder-Mead, {info['evaluations']} candidate evaluations "
        f"(budget {info['budget']}),",
        f"each on {len(info['seeds'])} common seeds {info['seeds']},",
        f"scale {info['scale']}, {info['days']} days from 2025-01-01.",
        f"Distance (fit targets, common seeds): {info['distance']:.2f} "
        f"(before: {info['distance_before']:.2f}).",
        f"On {len(info['fresh_seeds'])} fresh seeds: {info['fresh_distance_mean']:.2f} "
        f"+- {info['fresh_distance_sd']:.2f} (sd over seeds).",
    ]
    if not settings.adopt:
        lines += [
            "",
            "VALUES: the values in force before the calibration (previously in",
            "scenarios/baseline.toml or the schema defaults), NOT the fit: the fit found",
            "(calibration/fit.csv, column 'fitted') is reported but not adopted; see report.md.",
        ]
        if settings.reason:
            lines += [f"Why: {settings.reason}"]
    else:
        lines += [
            "",
            "VALUES: the fit (rounded to 4 significant figures); 'was' = value before.",
        ]
    return lines


def rebuild_report(out: str | Path = CALIBRATION_DIR) -> None:
    """Write report.md and the validation figure again from the files of a finished job
    (after a change to the report's text or the figure, without rerunning the fit)."""
    import json

    out = Path(out)
    info = json.loads((out / "summary.json").read_text())
    settings = Settings(out=out, budget=info["budget"], scale=info["scale"],
                        days=info["days"], adopt=info["adopted"] == "fitted",
                        reason=info.get("reason", ""))  # fmt: skip
    read = {name: pd.read_csv(out / f"{name}.csv") for name in (
        "fit", "targets_vs_simulated", "distance_by_seed", "recovery", "identifiability",
        "profiles", "awareness_ridge", "ensemble", "ensemble_sign_robustness")}  # fmt: skip
    corr = {name: pd.read_csv(out / f"corroboration_{name}.csv") for name in CORROBORATIONS}
    table = read["targets_vs_simulated"]
    validation_figure(table, out / "validation", _figure_title(settings))
    _write(out / "report.md", _report(info, settings, read["fit"], table,
                                      read["distance_by_seed"], read["recovery"],
                                      read["identifiability"], read["profiles"],
                                      read["awareness_ridge"], read["ensemble"], corr,
                                      read["ensemble_sign_robustness"]))  # fmt: skip


def refresh(out: str | Path = CALIBRATION_DIR, workers: int | None = None,
            runs: str | Path | None = None) -> None:  # fmt: skip
    """Bring a finished job's evaluation up to date without refitting (after a change to
    ``targets.csv`` or to the model that leaves the fit alone, e.g. a new lever): every target
    against the fitted and earlier values on the job's fresh seeds, and the corroboration
    with the adopted values; then rewrite the CSVs and report.md. The corroboration's run
    folders go to ``runs`` (default ``outputs/calibration-refresh-<time>``)."""
    import datetime as dt
    import json

    out = Path(out)
    info = json.loads((out / "summary.json").read_text())
    fit = pd.read_csv(out / "fit.csv")
    params = tuple(next(p for p in FREE_PARAMETERS if p.key == k) for k in fit["parameter"])
    problem = Problem(targets=load_targets(), seeds=tuple(info["seeds"]), parameters=params,
                      days=info["days"], scale=info["scale"], workers=workers)  # fmt: skip
    x_fit, before = fit["fitted"].to_numpy(float), fit["before"].to_numpy(float)
    per_seed, table = fresh_evaluation(problem, x_fit, before, info["fresh_seeds"])
    _csv(out / "distance_by_seed.csv", per_seed)
    _csv(out / "targets_vs_simulated.csv", table)
    info["fresh_distance_mean"] = float(per_seed["distance_fitted"].mean())
    info["fresh_distance_sd"] = float(per_seed["distance_fitted"].std(ddof=1))
    info["fresh_distance_before_mean"] = float(per_seed["distance_before"].mean())
    info["refreshed"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write(out / "summary.json", json.dumps(info, indent=2, default=str) + "\n")
    adopted = dict(zip(fit["parameter"], map(float, fit["adopted"]), strict=True))
    settings = Settings(out=out, budget=info["budget"], scale=info["scale"], days=info["days"],
                        seed=info.get("seed", Settings.seed), workers=workers)  # fmt: skip
    stamp = f"calibration-refresh-{dt.datetime.now():%Y%m%d-%H%M%S}"
    run_root = Path(runs) if runs is not None else paths.outputs_dir() / stamp
    for name, frame in corroborate(settings, adopted, run_root).items():
        _csv(out / f"corroboration_{name}.csv", frame)
    rebuild_report(out)
