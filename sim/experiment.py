"""One run of a scenario: the model, its outputs and a manifest that reproduces them.

A run folder holds ``manifest.json`` (scenario files' text, resolved parameters, seed, package
versions, code version), ``kpis.json`` (one number per key) and ``timeseries.parquet`` (one row
per day). Every file is written to a temporary name and renamed, so an interrupted run leaves
complete files or none.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim import uncertainty as U
from sim.compare import (  # by name: `sim.compare` is the API's function (sim/__init__.py)
    cost_effectiveness,
    incidence,
    paired,
    summarise,
    transfer_share,
    transfer_share_ci,
)
from sim.config import Scenario, load_scenario, scenario_from_params
from sim.config.keys import resolve
from sim.errors import ConfigError, TamperedError
from sim.executor import run_tasks
from sim.metrics import compute_kpis
from sim.outdir import check_distinct, claim
from sim.paths import outputs_dir

# the source checkout, when the package runs from one (for the git commit in manifests only)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mesa", "numba", "numpy", "scipy", "pandas", "pyarrow", "matplotlib", "kad-sim")


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Call ``write(temp_path)`` for a temporary file beside ``path``, then rename it into
    place: readers see the old file or the complete new one, never a partial write."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(path, write)


def strict_json(obj):
    """``obj`` with every NaN or infinite float replaced by None, so that it is strict JSON
    (NaN is written as ``null``: e.g. a ratio whose denominator is zero)."""
    if isinstance(obj, dict):
        return {k: strict_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [strict_json(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return float(obj) if np.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj


def atomic_write_json(path: Path, obj) -> None:
    """Strict JSON (NaN and infinities as ``null``), written atomically."""
    text = json.dumps(strict_json(obj), indent=2, default=str, allow_nan=False)
    atomic_write_bytes(path, (text + "\n").encode())


def atomic_write_parquet(path: Path, frame: pd.DataFrame) -> None:
    atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))


def code_version() -> dict:
    """Git commit of the code and whether the work tree had uncommitted changes (both None
    for an installed package, which is identified by its version in ``packages``)."""
    if not (PROJECT_ROOT / ".git").exists():
        return {"commit": None, "dirty": None}

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10
        )

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "dirty": None}
        status = git("status", "--porcelain", "--untracked-files=no")
        return {"commit": head.stdout.strip(), "dirty": bool(status.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def package_versions() -> dict:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def maths_platform() -> dict:
    """What the last bits of a run's numbers depend on beyond the code, the seed and the
    packages: the C library (whose ``log``, ``exp`` and ``pow`` the model takes, in numba and
    in Python; glibc picks an FMA or a non-FMA build of each by CPU), the CPU's FMA, AVX2 and
    AVX-512 (as numpy sees them) and whether numba vectorizes with Intel's SVML (off unless
    numba was imported before sim, see ``sim/__init__``)."""
    import numba

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy's private table moved: say so rather than guess
        features = {}
    libc, version = platform.libc_ver()
    return {
        "libc": f"{libc} {version}".strip() or None,
        "machine": platform.machine(),
        "cpu": {k: features.get(k) for k in ("FMA3", "AVX2", "AVX512F")},
        "numba_svml": bool(numba.config.USING_SVML),
    }


# a run longer than the one-year horizon the steady state and the effects were checked at,
# with an other-markets price flexibility nearer 0 than this, is not at rest (docs/ODD.md,
# "A steady state": at -0.5 the 10-year egg output drifts +4.4% on average, s.d. 7.8% over
# seeds; at -0.1, +16%, s.d. 19%; and effects keep growing after the first year)
AT_REST_DAYS = 365
AT_REST_FLEXIBILITY = -0.5


def horizon_note(scenario: Scenario) -> str | None:
    """One line for a run of more than :data:`AT_REST_DAYS` days in which a commodity's
    ``elsewhere_price_flexibility`` is above :data:`AT_REST_FLEXIBILITY` (the baseline then
    wanders and effects keep growing with the horizon); None otherwise."""
    days = scenario.params["run"]["days"]
    loose = sorted(
        name
        for name, q in scenario.params.get("commodities", {}).items()
        if q["elsewhere_price_flexibility"] > AT_REST_FLEXIBILITY  # the schema fills it in
    )
    if days <= AT_REST_DAYS or not loose:
        return None
    return (
        f"note: {scenario.name} runs {days} days with {', '.join(loose)} at an "
        f"elsewhere_price_flexibility above {AT_REST_FLEXIBILITY}: over several years the "
        "baseline is not at rest there and effects keep growing with the horizon "
        '(docs/ODD.md, "A steady state")'
    )


def draw_paths() -> dict[str, str]:
    """How this process draws the model's random numbers, by stream: ``"numba"`` from the
    generators' own PCG64 state, where a check on copies has shown the kernels draw what
    numpy's calls draw, bit for bit; else ``"numpy"``, numpy's own calls (the same numbers,
    slower). The checks run once per process (:func:`sim.kernels.draws.same_draws`,
    :func:`sim.kernels.tourism.same_poissons`)."""
    from sim.kernels import draws, tourism

    rng = np.random.default_rng(0)  # the checks draw from copies: any PCG64 generator serves
    return {
        "trade_and_market": "numba" if draws.same_draws(rng) else "numpy",
        "tourism": "numba" if tourism.same_poissons(rng) else "numpy",
    }


def scenario_files(scenario: Scenario) -> dict:
    """The text of every file in the extends chain, keyed by its path relative to the top
    scenario's folder, so that the chain can be written back to disk and loaded again."""
    top = Path(scenario.path).resolve().parent
    return {os.path.relpath(Path(f).resolve(), top): text for f, text in scenario.sources.items()}


def build_manifest(scenario: Scenario, overrides: dict, kpis: dict, seconds: float) -> dict:
    return {
        "kind": "run",
        "scenario": scenario.name,
        "scenario_path": scenario.path,
        "scenario_files": scenario_files(scenario),
        "overrides": overrides,
        "resolved_parameters": scenario.to_dict(),
        "seed": scenario.params["run"]["seed"],
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "wall_time_s": round(seconds, 3),
        "command": sys.argv,
        "packages": package_versions(),
        "code": code_version(),
        "draws": draw_paths(),
        "maths": maths_platform(),
        "files": ["manifest.json", "kpis.json", "timeseries.parquet"],
        "stock_flow_max_rel_error": kpis["stock_flow_max_rel_error"],
    }


def simulate(scenario: Scenario, progress: bool = False) -> tuple[dict, pd.DataFrame]:
    """Run a loaded scenario to its end; returns (kpis, daily frame). No files are written."""
    from sim.engine import make_model  # here: bad input stops before mesa and numba load

    model = make_model(scenario)
    if progress:
        with tqdm(total=model.days, unit="day", desc=scenario.name, leave=False) as bar:
            while model.running:
                model.step()
                bar.update(1)
    else:  # no bar at all: a disabled one still costs a call a day
        while model.running:
            model.step()
    return compute_kpis(model), model.recorder.to_frame()


def default_run_dir(scenario: Scenario, tag: str | None = None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    tag = tag or f"seed{scenario.params['run']['seed']}"
    base = outputs_dir() / f"{scenario.name}-{tag}-{stamp}"
    path, k = base, 1
    while path.exists():
        k += 1
        path = Path(f"{base}-{k}")
    return path


def _run_overrides(seed=None, days=None, scale=None, overrides=None) -> dict:
    ov = dict(overrides or {})
    for key, value in (("run.seed", seed), ("run.days", days), ("run.scale", scale)):
        if value is not None:
            ov[key] = value
    return ov


def write_run(folder: Path, scenario: Scenario, overrides: dict, kpis, frame, seconds) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_parquet(folder / "timeseries.parquet", frame)
    atomic_write_json(folder / "kpis.json", kpis)
    # the manifest is written last: a folder with a manifest is a complete run
    atomic_write_json(folder / "manifest.json", build_manifest(scenario, overrides, kpis, seconds))


def run_scenario(
    scenario: str | Path | Scenario,
    *,
    seed: int | None = None,
    days: int | None = None,
    scale: float | None = None,
    overrides: dict | None = None,
    out: str | Path | None = None,
    progress: bool = False,
    override_label: str = "<override>",
    overwrite: bool = False,
) -> tuple[Path, dict]:
    """Run one scenario and write its folder; returns (folder, kpis).

    ``overrides`` maps dotted scenario keys to values; seed, days and scale are shortcuts.
    An existing non-empty ``out`` is refused unless ``overwrite`` (see :mod:`sim.outdir`).
    """
    ov = _run_overrides(seed, days, scale, overrides)
    loaded = resolve(scenario, ov, override_label)
    target = out if out is not None else default_run_dir(loaded)
    with claim(target, overwrite=overwrite) as folder:
        started = time.perf_counter()
        kpis, frame = simulate(loaded, progress=progress)
        write_run(folder, loaded, ov, kpis, frame, time.perf_counter() - started)
    return folder, kpis


def no_program_incomes(scenario: str | Path | Scenario, seed: int = 1, days: int = 365,
                       scale: float = 1.0) -> dict:  # fmt: skip
    """The modelled value added (Rp/year, full-scale equivalent) of the producer and market
    regions when every program of ``scenario`` has a zero budget: what the scenario's
    ``<region>.modelled_value_added_reference_rp_per_year`` should hold (by convention seed
    1, 365 days, scale 1), so that its Williamson index starts from the sourced incomes."""
    base = resolve(scenario)
    zero = {f"programs.{name}.budget_rp_per_year": 0.0 for name in base.params["programs"]}
    loaded = resolve(base, _run_overrides(seed, days, scale, zero))
    kpis, _ = simulate(loaded)
    return {
        "producer_region": kpis["producer_region_modelled_income_rp_per_year"],
        "market_region": kpis["market_region_modelled_income_rp_per_year"],
    }


# ---------------------------------------------------------------------- many runs
def spawn_seeds(root_seed: int, n: int) -> list[int]:
    """``n`` independent seeds spawned from ``root_seed`` with numpy's SeedSequence."""
    children = np.random.SeedSequence(root_seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


def _seeded_run(task: dict) -> dict:
    """Worker task: one run of resolved parameters with a seed; writes its folder."""
    params = task["params"]
    params["run"]["seed"] = task["seed"]
    scenario = scenario_from_params(params, task["name"])
    started = time.perf_counter()
    kpis, frame = simulate(scenario)
    write_run(Path(task["out"]), scenario, {}, kpis, frame, time.perf_counter() - started)
    return kpis


def _run_batch(scenarios: list[Scenario], seeds: list[int], folder: Path, workers, progress,
               desc: str) -> list[pd.DataFrame]:  # fmt: skip
    """Every scenario on every seed; returns one KPI frame per scenario, rows in seed order."""
    tasks = []
    for k, sc in enumerate(scenarios):
        sub = folder / (chr(ord("a") + k) if len(scenarios) > 1 else "runs")
        for seed in seeds:
            tasks.append({"params": sc.to_dict(), "seed": seed, "name": sc.name,
                          "out": str(sub / f"seed-{seed}")})  # fmt: skip
    results: dict[int, dict] = {}
    for i, kpis in run_tasks(_seeded_run, tasks, workers, progress, desc):
        results[i] = kpis
    n = len(seeds)
    frames = []
    for k in range(len(scenarios)):
        rows = [results[k * n + j] for j in range(n)]
        frames.append(pd.DataFrame(rows))
    return frames


def _batch_manifest(kind: str, scenarios: list[Scenario], root_seed: int, seeds: list[int],
                    extra: dict) -> dict:  # fmt: skip
    return {
        "kind": kind,
        "scenarios": [
            {
                "name": sc.name,
                "path": sc.path,
                "scenario_files": scenario_files(sc),
                "overrides": sc.overrides,
                "resolved_parameters": sc.to_dict(),
            }
            for sc in scenarios
        ],
        "root_seed": root_seed,
        "seeds": seeds,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": sys.argv,
        "packages": package_versions(),
        "code": code_version(),
        "maths": maths_platform(),
        **extra,
    }


def run_replicates(
    scenario: str | Path | Scenario,
    replicates: int,
    *,
    root_seed: int | None = None,
    overrides: dict | None = None,
    workers: int | None = None,
    out: str | Path | None = None,
    progress: bool = False,
    override_label: str = "<override>",
    overwrite: bool = False,
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """Run ``replicates`` seeds spawned from ``root_seed`` (default: the scenario's run.seed).

    Returns (folder, KPIs per replicate, summary with means and 95% CIs).
    """
    sc = resolve(scenario, overrides, override_label)
    root = sc.params["run"]["seed"] if root_seed is None else root_seed
    seeds = spawn_seeds(root, replicates)
    target = out if out is not None else default_run_dir(sc, f"x{replicates}")
    with claim(target, overwrite=overwrite) as folder:
        return _replicates_into(folder, sc, root, seeds, workers, progress)


def _replicates_into(folder: Path, sc: Scenario, root: int, seeds: list[int], workers,
                     progress) -> tuple[Path, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    (kpis,) = _run_batch([sc], seeds, folder, workers, progress, sc.name)
    summary = summarise(kpis)
    atomic_write_bytes(folder / "replicates.csv", kpis.to_csv(index=False).encode())
    atomic_write_bytes(folder / "summary.csv", summary.to_csv(index=False).encode())
    manifest = _batch_manifest("replicates", [sc], root, seeds,
                               {"files": ["replicates.csv", "summary.csv", "runs/"]})  # fmt: skip
    atomic_write_json(folder / "manifest.json", manifest)
    return folder, kpis, summary


def compare(
    a: str | Path | Scenario,
    b: str | Path | Scenario,
    replicates: int,
    *,
    root_seed: int | None = None,
    overrides: dict | None = None,
    workers: int | None = None,
    out: str | Path | None = None,
    progress: bool = False,
    override_label: str = "<override>",
    overwrite: bool = False,
    seeds_only: bool = False,
    param_draws: int = U.DRAWS,
    ensemble: str | Path | None = U.ENSEMBLE,
    screening: str | Path | None = None,
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """Run A and B on the same spawned seeds (common random numbers); returns (folder,
    paired table per KPI, cost-effectiveness of B against A).

    Two intervals per KPI: seed noise (``ci_low``, ``ci_high``: the paired t CI) and, unless
    ``seeds_only``, parameter uncertainty (``param_low``, ``param_high``): ``param_draws``
    parameter sets from the ``ensemble`` and the influential assumptions (from the
    ``screening``'s morris.csv, else :data:`sim.uncertainty.DEFAULT_ASSUMPTIONS`), each on a
    seed of its own (:mod:`sim.uncertainty`). Every output names the intervals it holds.
    """
    sa = resolve(a, overrides, override_label)
    sb = resolve(b, overrides, override_label)
    root = sa.params["run"]["seed"] if root_seed is None else root_seed
    seeds = spawn_seeds(root, replicates)
    spec = None
    if not seeds_only:  # checked before anything runs
        spec = U.design(sa, sb, draws=param_draws, root_seed=root, first_seed=replicates,
                        ensemble=ensemble, screening=screening)  # fmt: skip
    target = out if out is not None else default_run_dir(sb, f"vs-{sa.name}-x{replicates}")
    with claim(target, overwrite=overwrite) as folder:
        return _compare_into(folder, sa, sb, root, seeds, workers, progress, spec)


def _compare_into(folder: Path, sa: Scenario, sb: Scenario, root: int, seeds: list[int],
                  workers, progress, spec) -> tuple[Path, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    replicates = len(seeds)
    ka, kb = _run_batch([sa, sb], seeds, folder, workers, progress, f"{sa.name} vs {sb.name}")
    draws = None if spec is None else U.run_draws(spec, sa, sb, workers, progress)
    table, ce = _compare_tables(ka, kb, root, draws)
    groups = _incidence_table(ka, kb, draws)
    _write_compare(folder, ka, kb, table, ce, draws, spec, groups)
    atomic_write_json(folder / "compare.json", {
        "a": sa.name, "b": sb.name, "replicates": replicates, "seeds": seeds,
        "intervals": table["intervals"].iloc[0],
        "param_draws": None if spec is None else len(spec["draws"]),
        "kpis": table.to_dict(orient="records"),
        "cost_effectiveness": ce.to_dict(orient="records"),
        "incidence": groups.to_dict(orient="records"),
    })  # fmt: skip
    files = ["compare.csv", "compare.json", "cost_effectiveness.csv", "incidence.csv", "kpis_a.csv",
             "kpis_b.csv", "a/", "b/"]  # fmt: skip
    extra = {"files": files, "intervals": table["intervals"].iloc[0]}
    if spec is not None:
        extra["files"] += [U.DRAWS_CSV, U.ASSUMPTIONS_CSV]
        extra["parameter_uncertainty"] = spec
    atomic_write_json(folder / "manifest.json",
                      _batch_manifest("compare", [sa, sb], root, seeds, extra))  # fmt: skip
    return folder, table, ce


def _compare_tables(ka, kb, root: int, draws) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The paired table and cost-effectiveness, with the parameter interval when ``draws``
    are given; both name the intervals they hold in an ``intervals`` column."""
    table = paired(ka, kb)
    ce = cost_effectiveness(ka, kb, seed=root)
    ce["farmers_gain_share_from_middlemen"] = transfer_share(ka, kb)
    share_lo, share_hi = transfer_share_ci(ka, kb, seed=root)
    ce["transfer_share_ci_low"], ce["transfer_share_ci_high"] = share_lo, share_hi
    if draws is not None:
        table, ce = U.add_param_interval(table, draws), U.add_param_ratio(ce, draws)
    label = U.SEEDS_ONLY if draws is None else U.BOTH
    return table.assign(intervals=label), ce.assign(intervals=label)


def _incidence_table(ka, kb, draws) -> pd.DataFrame:
    """Who gains and who loses (:func:`sim.compare.incidence`), with the parameter range of
    each group's change when there are draws (a government's row is minus its program cost,
    so its draws are negated too)."""
    from sim.metrics import PROGRAM_COST

    groups = incidence(ka, kb)
    if draws is None:
        return groups
    flipped = draws.copy()
    for kpi in PROGRAM_COST.values():
        if kpi in flipped:
            flipped[kpi] = -flipped[kpi]
    return U.add_param_interval(groups, flipped)


def _write_compare(folder: Path, ka, kb, table, ce, draws, spec, groups) -> None:
    """A comparison's tables: the runs' KPIs, the paired table, cost-effectiveness and the
    incidence (who gains, who loses), and the parameter draws with the assumptions used."""
    atomic_write_bytes(folder / "incidence.csv", groups.to_csv(index=False).encode())
    atomic_write_bytes(folder / "kpis_a.csv", ka.to_csv(index=False).encode())
    atomic_write_bytes(folder / "kpis_b.csv", kb.to_csv(index=False).encode())
    atomic_write_bytes(folder / "compare.csv", table.to_csv(index=False).encode())
    atomic_write_bytes(folder / "cost_effectiveness.csv", ce.to_csv(index=False).encode())
    if draws is not None:
        atomic_write_bytes(folder / U.DRAWS_CSV, draws.to_csv(index=False).encode())
        assumptions = pd.DataFrame(spec["assumptions"]).assign(source=spec["assumption_source"])
        atomic_write_bytes(folder / U.ASSUMPTIONS_CSV, assumptions.to_csv(index=False).encode())


# ---------------------------------------------------------------------- reproduce
def _frames_equal(a: Path, b: Path) -> bool:
    fa, fb = pd.read_parquet(a), pd.read_parquet(b)
    return fa.shape == fb.shape and fa.equals(fb)


def _read_manifest(path: Path) -> dict:
    """The manifest as a dict; unreadable, non-UTF-8, not JSON or nested too deep: ConfigError."""
    try:
        spec = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "", "manifest not found") from None
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        reason = "nested too deep" if isinstance(exc, RecursionError) else exc
        raise ConfigError(str(path), "", f"cannot read manifest ({reason})") from None
    if not isinstance(spec, dict):
        raise ConfigError(str(path), "", f"expected a JSON object, got {type(spec).__name__}")
    return spec


def _need(spec: dict, key: str, kind, file: str):
    if key not in spec:
        raise ConfigError(file, key, "missing from the manifest")
    value = spec[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        name = {dict: "an object", list: "a list", str: "a string", int: "an integer"}[kind]
        raise ConfigError(file, key, f"expected {name}, got {type(value).__name__}")
    return value


def _manifest_runs(spec: dict, file: str) -> list[dict]:
    """The scenario entries of a run, replicates or comparison manifest, checked for shape:
    each with name, scenario_files, overrides and resolved_parameters."""
    kind = spec.get("kind")
    fields = (("resolved_parameters", dict), ("scenario_files", dict), ("overrides", dict))
    if kind == "run":
        _need(spec, "scenario", str, file)
        for key, type_ in fields:
            _need(spec, key, type_, file)
        return [{"name": spec["scenario"], **{key: spec[key] for key, _ in fields}}]
    if kind not in ("replicates", "compare"):
        raise ConfigError(file, "kind", f"unknown manifest kind {kind!r} (run, replicates, "
                          "compare)")  # fmt: skip
    entries = _need(spec, "scenarios", list, file)
    n = 1 if kind == "replicates" else 2
    if len(entries) != n:
        raise ConfigError(file, "scenarios", f"a {kind} manifest has {n} scenario(s)")
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConfigError(file, f"scenarios.{k}", "expected an object")
        for key, type_ in (("name", str), *fields):
            try:
                _need(entry, key, type_, file)
            except ConfigError as exc:
                raise ConfigError(file, f"scenarios.{k}.{key}", exc.message) from None
    return entries


def _loaded_from_files(entry: dict, file: str) -> dict | None:
    """The parameters the manifest's scenario texts and overrides give, loaded into a
    temporary folder; None when the run was built from parameters, not files."""
    texts = entry["scenario_files"]
    if not texts:
        return None
    up = max(Path(rel).parts.count("..") for rel in texts)
    with tempfile.TemporaryDirectory(prefix="kad-verify-") as tmp:
        top = Path(tmp).joinpath(*[f"d{k}" for k in range(up)])
        for rel, text in texts.items():
            if not isinstance(text, str) or Path(rel).is_absolute():
                raise ConfigError(file, f"scenario_files.{rel}", "expected a relative file name "
                                  "and its text")  # fmt: skip
            path = (top / rel).resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        name = f"{entry['name']}.toml"
        if name not in texts:
            raise TamperedError(f"{file}: scenario_files has no {name} for scenario "
                                f"{entry['name']!r}: the manifest was edited")  # fmt: skip
        try:
            return load_scenario(top / name, entry["overrides"], "<manifest overrides>").to_dict()
        except ConfigError as exc:
            raise TamperedError(
                f"{file}: scenario_files and overrides do not load "
                f"({exc.key}: {exc.message}): the manifest was edited"
            ) from None


def _first_difference(a, b, prefix: str = "") -> str | None:
    """The first dotted key where ``a`` (recorded) and ``b`` (recomputed) differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{prefix}{key}"
            found = _first_difference(a[key], b[key], f"{prefix}{key}.")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{prefix}{k}.")
            if found:
                return found
        return None
    return None if a == b else (prefix.rstrip(".") or "<value>")


def verify_manifest(spec: dict, file: str) -> None:
    """A manifest must agree with itself: its scenario texts and overrides load to its
    resolved parameters, and its seeds are the ones its seed settings give. Raises
    TamperedError naming the first disagreement."""
    entries = _manifest_runs(spec, file)
    for k, entry in enumerate(entries):
        recorded = json.loads(json.dumps(entry["resolved_parameters"], default=str))
        loaded = _loaded_from_files(entry, file)
        if loaded is not None:
            loaded = json.loads(json.dumps(loaded, default=str))
            where = _first_difference(recorded, loaded)
            if where:
                name = f"scenarios.{k}." if spec["kind"] != "run" else ""
                raise TamperedError(
                    f"{file}: {name}resolved_parameters.{where} disagrees with "
                    "the scenario files and overrides: the manifest was edited"
                )
    if spec["kind"] == "run":
        seed = _need(spec, "seed", int, file)
        run = entries[0]["resolved_parameters"].get("run", {})
        if not isinstance(run, dict) or run.get("seed") != seed:
            raise TamperedError(f"{file}: seed {seed} disagrees with resolved_parameters.run.seed "
                                f"{run.get('seed') if isinstance(run, dict) else None}: the "
                                "manifest was edited")  # fmt: skip
        return
    root = _need(spec, "root_seed", int, file)
    seeds = _need(spec, "seeds", list, file)
    if not seeds or not all(isinstance(s, int) and not isinstance(s, bool) for s in seeds):
        raise ConfigError(file, "seeds", "expected a non-empty list of integers")
    if seeds != spawn_seeds(root, len(seeds)):
        raise TamperedError(f"{file}: seeds are not the ones root_seed {root} spawns: the "
                            "manifest was edited")  # fmt: skip


def _rerun_folder(original: Path, out) -> Path:
    if out is not None:
        return Path(out)
    path, k = original.with_name(original.name + "-rerun"), 1
    while path.exists():
        k += 1
        path = original.with_name(f"{original.name}-rerun-{k}")
    return path


def _validated(params: dict, name: str, file: str) -> Scenario:
    try:
        return scenario_from_params(params, name, file)
    except (ConfigError, TypeError, AttributeError, KeyError) as exc:
        if isinstance(exc, ConfigError):
            raise ConfigError(file, f"resolved_parameters.{exc.key}", exc.message) from None
        raise ConfigError(file, "resolved_parameters", f"malformed ({exc})") from None


def rerun(manifest: str | Path, out: str | Path | None = None, workers: int | None = None,
          progress: bool = False, overwrite: bool = False,
          ) -> tuple[Path, bool, list[str]]:  # fmt: skip
    """Reproduce the run, replicates or comparison a manifest describes, into a new folder,
    and check it bit for bit against the original files beside the manifest.

    The manifest is first checked against itself (:func:`verify_manifest`; TamperedError if
    it disagrees) and the new folder may not be, or overlap, the original one.
    Returns (new folder, identical, names of files that differ).
    """
    manifest = Path(manifest)
    if manifest.is_dir():
        manifest = manifest / "manifest.json"
    spec = _read_manifest(manifest)
    file = str(manifest)
    original = manifest.parent
    target = _rerun_folder(original, out)
    check_distinct(target, original)
    if spec.get("kind") == "sensitivity":  # a screening reproduces and checks itself
        from sim.sensitivity import rerun as rerun_screening

        return rerun_screening(spec, original, target, workers, progress)
    verify_manifest(spec, file)
    kind = spec["kind"]
    if kind == "run":
        sc = _validated(spec["resolved_parameters"], spec["scenario"], file)
        names = ["kpis.json", "timeseries.parquet"]
    else:
        scs = [_validated(s["resolved_parameters"], s["name"], file) for s in spec["scenarios"]]
        names = ["replicates.csv"] if kind == "replicates" else ["kpis_a.csv", "kpis_b.csv"]
    for name in names:
        if not (original / name).is_file():
            raise ConfigError(str(original), name, "missing: the folder is incomplete")
    with claim(target, overwrite=overwrite) as folder:
        if kind == "run":
            started = time.perf_counter()
            kpis, frame = simulate(sc, progress=progress)
            write_run(folder, sc, spec["overrides"], kpis, frame, time.perf_counter() - started)
        else:
            frames = _run_batch(scs, spec["seeds"], folder, workers, progress, "rerun")
            for name, frame in zip(names, frames, strict=True):
                atomic_write_bytes(folder / name, frame.to_csv(index=False).encode())
            if kind == "compare":
                names += _rerun_compare_tables(spec, scs, frames, folder, workers, progress)
    differ = [n for n in names if not _same_file(folder / n, original / n)]
    return folder, not differ, differ


def _rerun_compare_tables(spec, scs, frames, folder: Path, workers, progress) -> list[str]:
    """A comparison's tables and parameter draws, computed again from the rerun's KPIs;
    returns the names of the files to check."""
    pu = spec.get("parameter_uncertainty")
    draws = None if pu is None else U.run_draws(pu, *scs, workers, progress)
    table, ce = _compare_tables(*frames, spec["root_seed"], draws)
    _write_compare(folder, *frames, table, ce, draws, pu, _incidence_table(*frames, draws))
    names = []
    if "intervals" in spec:  # folders written before the intervals were named lack them
        names += ["compare.csv", "cost_effectiveness.csv"]
    return names + ([] if pu is None else [U.DRAWS_CSV])


def _same_file(new: Path, old: Path) -> bool:
    if new.suffix == ".parquet":
        return _frames_equal(new, old)
    return new.read_bytes() == old.read_bytes()
