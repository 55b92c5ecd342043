"""Parameter sweeps that never lose a finished run.

A sweep file (TOML) names a base scenario, the parameters to vary, a design (full factorial,
Latin hypercube, Sobol sequence, or Saltelli sampling for Sobol sensitivity indices), the
replicates and the KPIs to keep. Every run is a (design point, replicate) pair whose seed is
spawned from the sweep's root seed for that replicate: the same at every point (common
random numbers) and independent of the executor and the worker count.

Each finished run is written at once, by the process that ran it, as its own small Parquet
file under ``runs/`` (written to a temporary name and renamed), with its parameters, seed,
KPIs, status, and the error and traceback if it failed. ``--resume`` skips runs that have a
file; an interrupted sweep (Ctrl-C, a killed worker, a killed main process) loses at most the
runs in progress.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import json
import os
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from sim.config import load_scenario
from sim.config.loader import _coerce, read_toml_file
from sim.config.schema import param_for
from sim.errors import ConfigError, suggest

DESIGNS = ("factorial", "lhs", "sobol", "saltelli")
TOP_KEYS = {"description", "scenario", "design", "samples", "replicates", "root_seed", "kpis",
            "target", "parameters", "fixed"}  # fmt: skip
PARAM_KEYS = {"values", "low", "high", "levels", "integer"}
DEFAULT_TARGET = "sim.sweep:run_model_target"
# the only functions a sweep file may name: the model, and the analytic test functions that
# verify the sweep machinery (a sweep file cannot name any other code)
# the documented entry points a sweep (or a screening) may run: the model, the paired
# effect B - A of a sensitivity screening, and the test functions with known answers
# (sim/testfunctions.py)
TARGETS = (DEFAULT_TARGET, "sim.sensitivity:paired_effect") + tuple(
    f"sim.testfunctions:{name}"
    for name in (
        "ishigami",
        "failing",
        "linear",
        "noisy_linear",
        "seed_interaction",
        "g_function",
        "planted_failure",
    )  # fmt: skip
)
MAX_POOL_RESTARTS = 5
# threads that read a sweep's run files (pyarrow reads without Python's lock): this machine's
# cores, at most 4 (the files are small; more threads only contend)
READ_THREADS = max(1, min(4, os.cpu_count() or 1))


@dataclass
class Sweep:
    """A validated sweep: design points in ``design`` (one row per point)."""

    name: str
    path: str
    text: str
    scenario: str
    design_kind: str
    parameters: dict  # key -> spec dict
    fixed: dict
    replicates: int
    root_seed: int
    kpis: list | None
    target: str
    samples: int
    design: pd.DataFrame = field(default=None)
    description: str = ""

    @property
    def seeds(self) -> list[int]:
        from sim.experiment import spawn_seeds

        return spawn_seeds(self.root_seed, self.replicates)

    def runs(self) -> list[dict]:
        """Every (point, replicate) run as a task description."""
        seeds = self.seeds
        tasks = []
        for point, row in enumerate(self.design.to_dict(orient="records")):
            for rep, seed in enumerate(seeds):
                tasks.append({
                    "run_id": f"p{point:05d}-r{rep:03d}",
                    "point": point,
                    "replicate": rep,
                    "seed": seed,
                    "params": row,
                })  # fmt: skip
        return tasks


# ---------------------------------------------------------------------- loading
def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file; errors name the file and key (ConfigError)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "", "sweep file not found")
    data, text = read_toml_file(path)
    f = str(path)
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f, key, "unknown key" + suggest(key, TOP_KEYS))

    def need(key, kind, default=None):
        if key not in data:
            if default is None:
                raise ConfigError(f, key, "missing required key")
            return default
        value = data[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f, key, f"expected an integer, got {value!r}")
        if kind is str and not isinstance(value, str):
            raise ConfigError(f, key, f"expected a string, got {value!r}")
        return value

    scenario = need("scenario", str)
    scenario_path = (path.parent / scenario).resolve()
    if not scenario_path.is_file():
        raise ConfigError(f, "scenario", f"scenario file not found: {scenario}")
    design_kind = need("design", str)
    if design_kind not in DESIGNS:
        raise ConfigError(f, "design", f"must be one of {', '.join(DESIGNS)}")
    replicates = need("replicates", int, 1)
    if replicates < 1:
        raise ConfigError(f, "replicates", "must be at least 1")
    root_seed = need("root_seed", int, 1)
    samples = need("samples", int, 0)
    if design_kind != "factorial" and samples < 1:
        raise ConfigError(f, "samples", f"a {design_kind} design needs samples >= 1")
    if design_kind == "saltelli" and samples & (samples - 1):
        raise ConfigError(f, "samples", "Saltelli sampling needs a power of 2")
    target = need("target", str, DEFAULT_TARGET)
    _resolve_target(target, f)
    kpis = data.get("kpis")
    if kpis is not None and (
        not isinstance(kpis, list) or not all(isinstance(k, str) for k in kpis)
    ):
        raise ConfigError(f, "kpis", "expected a list of KPI names")
    params = data.get("parameters")
    if not isinstance(params, dict) or not params:
        raise ConfigError(f, "parameters", "needs at least one parameter table")
    fixed = data.get("fixed", {})
    if not isinstance(fixed, dict):
        raise ConfigError(f, "fixed", "expected a table of dotted keys")
    specs = {key: _param_spec(f, key, spec, design_kind, target) for key, spec in params.items()}
    sweep = Sweep(
        name=path.stem, path=str(path), text=text, scenario=str(scenario_path),
        design_kind=design_kind, parameters=specs, fixed=dict(fixed), replicates=replicates,
        root_seed=root_seed, kpis=kpis, target=target, samples=samples,
        description=data.get("description", ""),
    )  # fmt: skip
    sweep.design = make_design(sweep)
    if target == DEFAULT_TARGET:
        _check_points(sweep, f)
        _check_kpis(sweep, f)
    return sweep


def _param_spec(f: str, key: str, spec, design: str, target: str) -> dict:
    where = f"parameters.{key}"
    if not isinstance(spec, dict):
        raise ConfigError(f, where, "expected a table with values, or low and high")
    for k in spec:
        if k not in PARAM_KEYS:
            raise ConfigError(f, f"{where}.{k}", "unknown key")
    out = {"integer": bool(spec.get("integer", False))}
    if target == DEFAULT_TARGET:
        p = param_for(key)
        if p is None:
            raise ConfigError(f, where, "not a scenario key (see docs/PARAMETERS.md)")
        out["integer"] = out["integer"] or p.kind == "int"
    if "values" in spec:
        values = spec["values"]
        if not isinstance(values, list) or not values:
            raise ConfigError(f, f"{where}.values", "expected a non-empty list")
        if target == DEFAULT_TARGET:
            values = [_coerce(p, v, f, f"{where}.values") for v in values]  # range and type
        out["values"] = values
        return out
    if "low" not in spec or "high" not in spec:
        raise ConfigError(f, where, "needs values, or low and high")
    lo, hi = spec["low"], spec["high"]
    for name, v in (("low", lo), ("high", hi)):
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ConfigError(f, f"{where}.{name}", f"expected a number, got {v!r}")
    if not lo < hi:
        raise ConfigError(f, f"{where}.high", "must be above low")
    out["low"], out["high"] = float(lo), float(hi)
    if design == "factorial":
        levels = spec.get("levels")
        if not isinstance(levels, int) or isinstance(levels, bool) or levels < 2:
            raise ConfigError(f, f"{where}.levels", "a factorial range needs levels >= 2")
        out["values"] = list(np.linspace(lo, hi, levels))
    return out


def _check_points(sweep: Sweep, f: str) -> None:
    """Every design point before anything runs: each value against its key's range and type,
    and the whole scenario loaded (rules that involve several keys) at the first point and at
    the points holding each parameter's lowest and highest value."""
    design = sweep.design
    for key in design.columns:
        p = param_for(key)
        for point, value in enumerate(design[key].tolist()):
            try:
                _coerce(p, value, f, f"parameters.{key}")
            except ConfigError as exc:
                raise ConfigError(f, exc.key, f"design point {point}: {exc.message}") from None
    rows = {0}
    for key in design.columns:
        if pd.api.types.is_numeric_dtype(design[key]):
            rows |= {int(design[key].to_numpy().argmin()), int(design[key].to_numpy().argmax())}
    records = design.to_dict(orient="records")
    for point in sorted(rows):
        try:
            load_scenario(sweep.scenario, {**sweep.fixed, **_typed(records[point], sweep)}, f)
        except ConfigError as exc:
            raise ConfigError(f, exc.key, f"design point {point}: {exc.message}") from None


def model_kpi_names(scenario: str | Path, overrides: dict | None = None) -> list[str]:
    """The KPI names a model run of ``scenario`` reports (from a one-day run at tiny scale)."""
    from sim.experiment import simulate

    tiny = {**(overrides or {}), "run.days": 1, "run.scale": 1e-3}
    kpis, _ = simulate(load_scenario(scenario, tiny))
    return sorted(kpis)


def _check_kpis(sweep: Sweep, f: str) -> None:
    if not sweep.kpis:
        return
    first = sweep.design.to_dict(orient="records")[0]
    known = model_kpi_names(sweep.scenario, {**sweep.fixed, **_typed(first, sweep)})
    for k, name in enumerate(sweep.kpis):
        if name not in known:
            from sim.metrics.registry import unknown_kpi

            why = unknown_kpi(name) or suggest(name, known)
            raise ConfigError(f, f"kpis[{k}]", f"unknown KPI {name!r}" + why)


def _resolve_target(target: str, f: str = "<sweep>"):
    """The function a sweep runs: one of :data:`TARGETS`, never other code."""
    if target not in TARGETS:
        raise ConfigError(f, "target", f"must be one of {', '.join(TARGETS)} (a sweep file "
                          f"cannot name other code), got {target!r}")  # fmt: skip
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


# ---------------------------------------------------------------------- designs
def make_design(sweep: Sweep) -> pd.DataFrame:
    """Design points: one row per point, one column per parameter."""
    keys = list(sweep.parameters)
    specs = [sweep.parameters[k] for k in keys]
    kind = sweep.design_kind
    if kind == "factorial":
        for k, s in zip(keys, specs, strict=True):
            if "values" not in s:
                raise ConfigError(sweep.path, f"parameters.{k}", "needs values or levels")
        rows = list(itertools.product(*[s["values"] for s in specs]))
        frame = pd.DataFrame(rows, columns=keys)
    else:
        for k, s in zip(keys, specs, strict=True):
            if "low" not in s:
                raise ConfigError(sweep.path, f"parameters.{k}", f"a {kind} design needs low/high")
        from scipy.stats import qmc  # here: scipy.stats takes ~0.5 s to import

        d = len(keys)
        if kind == "lhs":
            unit = qmc.LatinHypercube(d=d, rng=np.random.default_rng(sweep.root_seed)).random(
                sweep.samples
            )
        elif kind == "sobol":
            unit = qmc.Sobol(d=d, scramble=True, rng=np.random.default_rng(sweep.root_seed)).random(
                sweep.samples
            )
        else:
            unit = saltelli_unit(d, sweep.samples, sweep.root_seed)
        lo = np.array([s["low"] for s in specs])
        hi = np.array([s["high"] for s in specs])
        frame = pd.DataFrame(qmc.scale(unit, lo, hi), columns=keys)
    for k, s in zip(keys, specs, strict=True):
        if s.get("integer"):
            frame[k] = np.round(frame[k].astype(float)).astype(np.int64)
    return frame


def saltelli_unit(d: int, n: int, seed: int) -> np.ndarray:
    """Saltelli points in [0, 1)^d: A (n rows), B (n rows), then AB_i (A with column i from B)
    for i = 1..d, as scipy.stats.sobol_indices expects (n * (d + 2) rows)."""
    from scipy.stats import qmc

    base = qmc.Sobol(d=2 * d, scramble=True, rng=np.random.default_rng(seed)).random(n)
    a, b = base[:, :d], base[:, d:]
    blocks = [a, b]
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    return np.vstack(blocks)


# ---------------------------------------------------------------------- running
def _typed(row: dict, sweep: Sweep) -> dict:
    out = {}
    for k, v in row.items():
        if isinstance(v, np.integer):
            v = int(v)
        elif isinstance(v, np.floating):
            v = float(v)
        out[k] = v
    return out


def run_model_target(params: dict, seed: int, context: dict) -> dict:
    """The default sweep target: one model run of the base scenario with ``params``."""
    from sim.experiment import simulate

    overrides = {**context["fixed"], **params, "run.seed": seed}
    scenario = load_scenario(context["scenario"], overrides, context["sweep_file"])
    kpis, _ = simulate(scenario)
    return kpis


def _write_part(folder: Path, record: dict) -> None:
    """One run's row as runs/<run_id>.parquet, written under a temporary name and renamed.
    pyarrow writes the record's values straight, without pandas' metadata, dictionaries or
    column statistics (a one-row file has no use for them): at a screening's ~490 columns
    a third of the time of ``pd.DataFrame([record]).to_parquet`` and half the size, read
    back by :func:`load_results` as the same frame (``tests/test_sweep_parts.py``). A NaN is
    stored as a null, as pandas stored it; a value pyarrow cannot take (an integer beyond
    int64) is written by pandas, as before."""
    from sim.experiment import atomic_write

    try:
        table = pa.table({key: _cell(value) for key, value in record.items()})
    except (OverflowError, TypeError, pa.ArrowException):
        table = pa.Table.from_pandas(pd.DataFrame([record]), preserve_index=False)
    atomic_write(
        folder / "runs" / f"{record['run_id']}.parquet",
        lambda tmp: pq.write_table(table, tmp, use_dictionary=False, write_statistics=False),
    )


_NULL_FLOAT = pa.nulls(1, pa.float64())


def _cell(value) -> list | pa.Array:
    """A record's value as a one-row column: a NaN as a null float of its width (what pandas
    wrote)."""
    if isinstance(value, float | np.floating) and value != value:
        return (
            _NULL_FLOAT
            if isinstance(value, float)
            else pa.nulls(1, pa.from_numpy_dtype(value.dtype))
        )
    return [value]


def execute_run(task: dict) -> dict:
    """Worker: run one task, record success or failure on disk, return a short status."""
    ctx = task["context"]
    started = time.perf_counter()
    record = {"run_id": task["run_id"], "point": task["point"],
              "replicate": task["replicate"], "seed": task["seed"]}  # fmt: skip
    record.update({f"param:{k}": v for k, v in task["params"].items()})
    try:
        fn = _resolve_target(ctx["target"])
        kpis = fn(task["params"], task["seed"], ctx)
        keep = ctx["kpis"] or sorted(kpis)
        keep = [k for k in ("days", "scale") if k in kpis and k not in keep] + list(keep)
        for k in keep:
            record[k] = float(kpis[k]) if k in kpis else float("nan")
        record.update(status="ok", error="", traceback="")
    except Exception as exc:  # a failed run is recorded, and the sweep goes on
        record.update(status="failed", error=f"{type(exc).__name__}: {exc}",
                      traceback=traceback.format_exc())  # fmt: skip
    record["seconds"] = time.perf_counter() - started
    _write_part(Path(ctx["folder"]), record)
    return {"run_id": task["run_id"], "status": record["status"], "error": record["error"]}


def done_runs(folder: Path) -> set[str]:
    runs = Path(folder) / "runs"
    if not runs.is_dir():
        return set()
    return {p.stem for p in runs.glob("p*-r*.parquet")}


def _context(sweep: Sweep, folder: Path) -> dict:
    return {"scenario": sweep.scenario, "fixed": sweep.fixed, "target": sweep.target,
            "kpis": sweep.kpis, "folder": str(folder), "sweep_file": sweep.path}  # fmt: skip


def _experiment(sweep: Sweep) -> dict:
    """What makes two sweeps the same experiment: the sweep file, the base scenario's chain
    texts and its fully resolved parameters (so also the code's defaults), the fixed keys, the
    design points and the seeds. Every point's resolved parameters are a function of these."""
    from sim.experiment import scenario_files

    scenario = load_scenario(sweep.scenario)
    return {
        "sweep_file_text": sweep.text,
        "scenario_files": scenario_files(scenario),
        "resolved_parameters": json.loads(json.dumps(scenario.to_dict(), default=str)),
        "fixed": json.loads(json.dumps(sweep.fixed, default=str)),
        "design_points": [_typed(r, sweep) for r in sweep.design.to_dict(orient="records")],
        "root_seed": sweep.root_seed,
        "seeds": sweep.seeds,
        "target": sweep.target,
    }


def _same_experiment(sweep: Sweep, folder: Path, recorded: dict) -> None:
    """Refuse to resume into a folder that holds another experiment, naming the first
    difference."""
    from sim.experiment import _first_difference

    now = _experiment(sweep)
    for key, value in now.items():
        if key not in recorded:
            raise ConfigError(str(folder), "--resume", f"the folder's manifest has no {key}; "
                              "it was not written by this version, start a new folder")  # fmt: skip
        where = _first_difference(recorded[key], value)
        if where:
            raise ConfigError(str(folder), "--resume", f"the folder holds a different "
                              f"experiment: {key}.{where} differs; start a new folder")  # fmt: skip


def _retry_failed(folder: Path) -> int:
    """Remove the records of failed runs, so that a resumed sweep runs them again."""
    results = load_results(folder)
    if not len(results):
        return 0
    failed = results.loc[results["status"] != "ok", "run_id"].tolist()
    for run_id in failed:
        (folder / "runs" / f"{run_id}.parquet").unlink(missing_ok=True)
    return len(failed)


def prepare_folder(sweep: Sweep, folder: Path, resume: bool) -> None:
    """A new sweep's folder (manifest, design, sweep file), or, with ``resume``, the check
    that the folder holds this same experiment; failed runs are then retried."""
    from sim.experiment import (
        _read_manifest,
        atomic_write_bytes,
        atomic_write_json,
        code_version,
        package_versions,
    )

    manifest = folder / "manifest.json"
    if resume and manifest.exists():
        old = _read_manifest(manifest)
        if old.get("sweep_file_text") != sweep.text:
            raise ConfigError(str(folder), "--resume", "the folder holds a different sweep "
                              "(its sweep file text differs)")  # fmt: skip
        _same_experiment(sweep, folder, old)
        for stale in (folder / "runs").glob(".*.tmp"):  # writes cut off by a kill
            stale.unlink(missing_ok=True)
        _retry_failed(folder)
        return
    (folder / "runs").mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(folder / "sweep.toml", sweep.text.encode())
    atomic_write_bytes(folder / "design.csv", sweep.design.to_csv(index_label="point").encode())
    atomic_write_json(manifest, {
        "kind": "sweep",
        "sweep": sweep.name,
        "design": sweep.design_kind,
        "points": len(sweep.design),
        "replicates": sweep.replicates,
        **_experiment(sweep),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "packages": package_versions(),
        "code": code_version(),
    })  # fmt: skip


def _resumable(resume: bool):
    return lambda folder: resume and (folder / "manifest.json").is_file()


def run_sweep(
    sweep: Sweep,
    folder: str | Path,
    *,
    workers: int | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = True,
    overwrite: bool = False,
) -> dict:
    """Run every missing run of ``sweep`` into ``folder`` (held with a lock file; see
    :mod:`sim.outdir`); returns a summary dict. ``resume`` continues the same experiment and
    retries its failed runs; an existing non-empty folder is otherwise refused unless
    ``overwrite``."""
    from sim.outdir import claim

    hint = "use --resume to continue the same sweep, or --overwrite to start again"
    with claim(folder, overwrite=overwrite, resumable=_resumable(resume), hint=hint) as held:
        return _run_sweep(sweep, held, workers, executor, scheduler, resume, progress)


def _run_sweep(sweep: Sweep, folder: Path, workers, executor, scheduler, resume,
               progress) -> dict:  # fmt: skip
    from sim.executor import default_workers

    prepare_folder(sweep, folder, resume)
    ctx = _context(sweep, folder)
    have = done_runs(folder)
    tasks = [dict(t, context=ctx) for t in sweep.runs() if t["run_id"] not in have]
    total = len(sweep.design) * sweep.replicates
    workers = default_workers() if workers is None else max(1, workers)
    bar = tqdm(total=total, initial=total - len(tasks), desc=sweep.name, unit="run",
               disable=not progress, smoothing=0.1)  # fmt: skip
    failures = 0
    started = time.perf_counter()

    def on_result(res):
        nonlocal failures
        failures += res["status"] != "ok"
        bar.update(1)
        bar.set_postfix(failed=failures)

    try:
        run_all(tasks, workers, on_result, executor, scheduler)
    finally:
        bar.close()
    results = load_results(folder)
    failed = results[results["status"] != "ok"] if len(results) else results
    return {
        "runs": total,
        "ran": len(tasks),
        "completed": int((results["status"] == "ok").sum()) if len(results) else 0,
        "failed": len(failed),
        "failures": failed[["run_id", "error"]].to_dict(orient="records") if len(failed) else [],
        "seconds": time.perf_counter() - started,
    }


def run_all(
    tasks: list, workers: int, on_result, executor: str = "process", scheduler: str | None = None
) -> None:
    """Run sweep tasks through the project's one parallel loop (:func:`sim.executor.run_tasks`):
    in this process, on a process pool (restarted for the runs left when a killed worker
    breaks it), or on Dask (an existing cluster at ``scheduler``, or a LocalCluster; workers
    must see the output folder). ``on_result`` gets each run's short status as it finishes."""
    from sim.executor import dask_client, run_tasks

    if executor == "dask":
        with dask_client(workers, scheduler) as client:
            for _, status in run_tasks(execute_run, tasks, progress=False, client=client):
                on_result(status)
        return
    runs = run_tasks(execute_run, tasks, workers, progress=False, pool_restarts=MAX_POOL_RESTARTS)
    for _, status in runs:
        on_result(status)


# ---------------------------------------------------------------------- results
def load_results(folder: str | Path) -> pd.DataFrame:
    """Every finished run of a sweep as one DataFrame (one row per run, sorted by run id);
    parameter columns are named by their scenario key."""
    runs = Path(folder) / "runs"
    files = sorted(runs.glob("p*-r*.parquet")) if runs.is_dir() else []
    if not files:
        return pd.DataFrame()
    frame = read_parts(files)
    frame = frame.rename(columns=lambda c: c[6:] if c.startswith("param:") else c)
    return frame.sort_values("run_id", kind="stable").reset_index(drop=True)


def _read_part(path: Path) -> pa.Table:
    """One run's file as an Arrow table, without the pandas metadata that earlier versions
    wrote (its index and dtypes are those the table's own types give), their large strings
    (pandas 3's) as strings, so that files of both versions join as tables."""
    with pq.ParquetFile(path) as file:
        table = file.read().replace_schema_metadata(None)
    if any(pa.types.is_large_string(f.type) for f in table.schema):
        table = table.cast(
            pa.schema(
                pa.field(f.name, pa.string()) if pa.types.is_large_string(f.type) else f
                for f in table.schema
            )
        )
    return table


def _plain(field: pa.Field) -> bool:
    """A column type that pandas and Arrow join alike: a number, a truth value, a string."""
    t = field.type
    return (
        pa.types.is_integer(t)
        or pa.types.is_floating(t)
        or pa.types.is_boolean(t)
        or pa.types.is_string(t)
    )


def read_parts(files: list[Path]) -> pd.DataFrame:
    """The runs' one-row files as one frame, in the order given: what
    ``pd.concat([pd.read_parquet(p) for p in files], ignore_index=True)`` gives, at about
    half its cost. pyarrow reads the files in threads (it releases the GIL) and joins them as
    tables, a column a file lacks (a failed run's KPIs) as nulls, NaN in the frame. Files
    with other columns (a None, a list, a date: pandas and Arrow would join them differently)
    or whose columns' types differ are joined by pandas as before."""
    with ThreadPoolExecutor(min(READ_THREADS, len(files))) as pool:
        tables = list(pool.map(_read_part, files))
    if all(_plain(f) for t in tables for f in t.schema):
        try:
            return pa.concat_tables(tables, promote_options="default").to_pandas()
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pd.concat([t.to_pandas() for t in tables], ignore_index=True)


def point_summary(results: pd.DataFrame, params: list[str], kpis: list[str]) -> pd.DataFrame:
    """Per design point: parameter values and, per KPI, the mean with its 95% CI."""
    from sim.compare import mean_ci

    ok = results[results["status"] == "ok"]
    rows = []
    for point, grp in ok.groupby("point", sort=True):
        row = {"point": int(point), "n": len(grp)}
        row.update({p: grp[p].iloc[0] for p in params})
        for k in kpis:
            mean, lo, hi = mean_ci(grp[k].to_numpy())
            row.update({k: mean, f"{k}:ci_low": lo, f"{k}:ci_high": hi})
        rows.append(row)
    return pd.DataFrame(rows)


def sobol_table(sweep: Sweep, results: pd.DataFrame, kpis: list[str], seed: int = 0,
                n_resamples: int = 1000) -> pd.DataFrame:  # fmt: skip
    """First-order and total Sobol indices per KPI and parameter with bootstrap 95% CIs, from a
    Saltelli design (replicates averaged per point)."""
    from scipy.stats import sobol_indices

    d = len(sweep.parameters)
    n = sweep.samples
    means = results[results["status"] == "ok"].groupby("point")[kpis].mean()
    if len(means) != n * (d + 2):
        raise ValueError("the Saltelli design is incomplete; resume the sweep first")
    rows = []
    for kpi in kpis:
        y = means[kpi].to_numpy()
        f_a, f_b = y[:n][None, :], y[n : 2 * n][None, :]
        f_ab = np.stack([y[(2 + i) * n : (3 + i) * n][None, :] for i in range(d)])
        if np.ptp(y) == 0.0:
            continue  # no variance to decompose
        res = sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
        boot = res.bootstrap(confidence_level=0.95, n_resamples=n_resamples)

        def flat(x):  # one output: scipy returns shape (d,) or (1, d)
            return np.asarray(x, dtype=float).reshape(-1)

        s1, st = flat(res.first_order), flat(res.total_order)
        s1_ci, st_ci = boot.first_order.confidence_interval, boot.total_order.confidence_interval
        for i, key in enumerate(sweep.parameters):
            rows.append({
                "kpi": kpi, "parameter": key, "S1": s1[i], "ST": st[i],
                "S1_low": flat(s1_ci.low)[i], "S1_high": flat(s1_ci.high)[i],
                "ST_low": flat(st_ci.low)[i], "ST_high": flat(st_ci.high)[i],
            })  # fmt: skip
    return pd.DataFrame(rows)


def sweep_figures(sweep: Sweep, out: dict, folder: Path, lang: str = "id") -> list[Path]:
    """Response curves and heat maps per KPI over the first two parameters, and a Sobol bar
    chart for a Saltelli sweep, as PNG and SVG in ``folder/figures``."""
    import matplotlib.pyplot as plt

    from sim.plots.figures import heatmap, response_curve, save_figure, sensitivity_bars

    results = out["results"]
    ok = results[results["status"] == "ok"]
    params = list(sweep.parameters)
    kpis = [c for c in out["points"].columns if c in ok.columns and c not in params
            and c not in ("point", "n")]  # fmt: skip
    scenario = Path(sweep.scenario).stem
    figdir = folder / "figures"
    written = []
    for kpi in kpis:
        hue = params[1] if len(params) > 1 and sweep.design_kind == "factorial" else None
        figs = {f"response_{kpi}": response_curve(ok, params[0], kpi, hue=hue, lang=lang,
                                                  scenario=scenario)}  # fmt: skip
        if len(params) >= 2:
            figs[f"heatmap_{kpi}"] = heatmap(ok, params[0], params[1], kpi, lang=lang,
                                             scenario=scenario)  # fmt: skip
        for name, fig in figs.items():
            written += save_figure(fig, figdir / name, formats=("png", "svg"))
            plt.close(fig)
    if "sobol" in out and len(out["sobol"]):
        fig = sensitivity_bars(out["sobol"], lang=lang, scenario=scenario,
                               n_seeds=sweep.replicates)  # fmt: skip
        written += save_figure(fig, figdir / "sensitivity", formats=("png", "svg"))
        plt.close(fig)
    return written


def analyse(sweep: Sweep, folder: str | Path) -> dict:
    """Write points.csv (means and CIs per design point) and, for a Saltelli design,
    sobol.csv; returns the frames."""
    from sim.experiment import atomic_write_bytes

    folder = Path(folder)
    results = load_results(folder)
    params = list(sweep.parameters)
    if len(results) == 0:
        return {"results": results}
    ok = results[results["status"] == "ok"]
    numeric = [c for c in ok.columns if c not in ("run_id", "point", "replicate", "seed", "status",
               "error", "traceback", "seconds") and c not in params
               and pd.api.types.is_numeric_dtype(ok[c])]  # fmt: skip
    kpis = sweep.kpis or numeric
    points = point_summary(results, params, kpis)
    atomic_write_bytes(folder / "points.csv", points.to_csv(index=False).encode())
    out = {"results": results, "points": points}
    if sweep.design_kind == "saltelli":
        indices = sobol_table(sweep, results, kpis, seed=sweep.root_seed)
        atomic_write_bytes(folder / "sobol.csv", indices.to_csv(index=False).encode())
        out["sobol"] = indices
    return out
