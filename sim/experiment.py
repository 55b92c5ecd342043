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

from sim import compare as stats
from sim.config import Scenario, scenario_from_params
from sim.config.keys import resolve
from sim.engine import make_model
from sim.errors import ConfigError
from sim.executor import run_tasks
from sim.metrics import compute_kpis
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


def atomic_write_json(path: Path, obj) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, default=str) + "\n").encode())


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
        "files": ["manifest.json", "kpis.json", "timeseries.parquet"],
        "stock_flow_max_rel_error": kpis["stock_flow_max_rel_error"],
    }


def simulate(scenario: Scenario, progress: bool = False) -> tuple[dict, pd.DataFrame]:
    """Run a loaded scenario to its end; returns (kpis, daily frame). No files are written."""
    model = make_model(scenario)
    bar = tqdm(total=model.days, unit="day", desc=scenario.name, disable=not progress, leave=False)
    while model.running:
        model.step()
        bar.update(1)
    bar.close()
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
) -> tuple[Path, dict]:
    """Run one scenario and write its folder; returns (folder, kpis).

    ``overrides`` maps dotted scenario keys to values; seed, days and scale are shortcuts.
    """
    ov = _run_overrides(seed, days, scale, overrides)
    loaded = resolve(scenario, ov, override_label)
    started = time.perf_counter()
    kpis, frame = simulate(loaded, progress=progress)
    folder = Path(out) if out is not None else default_run_dir(loaded)
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
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """Run ``replicates`` seeds spawned from ``root_seed`` (default: the scenario's run.seed).

    Returns (folder, KPIs per replicate, summary with means and 95% CIs).
    """
    sc = resolve(scenario, overrides, override_label)
    root = sc.params["run"]["seed"] if root_seed is None else root_seed
    seeds = spawn_seeds(root, replicates)
    folder = Path(out) if out is not None else default_run_dir(sc, f"x{replicates}")
    (kpis,) = _run_batch([sc], seeds, folder, workers, progress, sc.name)
    summary = stats.summarise(kpis)
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
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """Run A and B on the same spawned seeds (common random numbers); returns (folder,
    paired table per KPI, cost-effectiveness of B against A)."""
    sa = resolve(a, overrides, override_label)
    sb = resolve(b, overrides, override_label)
    root = sa.params["run"]["seed"] if root_seed is None else root_seed
    seeds = spawn_seeds(root, replicates)
    folder = Path(out) if out is not None else default_run_dir(sb, f"vs-{sa.name}-x{replicates}")
    ka, kb = _run_batch([sa, sb], seeds, folder, workers, progress, f"{sa.name} vs {sb.name}")
    table = stats.paired(ka, kb)
    ce = stats.cost_effectiveness(ka, kb, seed=root)
    ce["farmers_gain_share_from_middlemen"] = stats.transfer_share(ka, kb)
    share_lo, share_hi = stats.transfer_share_ci(ka, kb, seed=root)
    ce["transfer_share_ci_low"], ce["transfer_share_ci_high"] = share_lo, share_hi
    groups = stats.incidence(ka, kb)
    atomic_write_bytes(folder / "incidence.csv", groups.to_csv(index=False).encode())
    atomic_write_bytes(folder / "kpis_a.csv", ka.to_csv(index=False).encode())
    atomic_write_bytes(folder / "kpis_b.csv", kb.to_csv(index=False).encode())
    atomic_write_bytes(folder / "compare.csv", table.to_csv(index=False).encode())
    atomic_write_bytes(folder / "cost_effectiveness.csv", ce.to_csv(index=False).encode())
    atomic_write_json(folder / "compare.json", {
        "a": sa.name, "b": sb.name, "replicates": replicates, "seeds": seeds,
        "kpis": table.to_dict(orient="records"),
        "cost_effectiveness": ce.to_dict(orient="records"),
        "incidence": groups.to_dict(orient="records"),
    })  # fmt: skip
    files = ["compare.csv", "compare.json", "cost_effectiveness.csv", "incidence.csv", "kpis_a.csv",
             "kpis_b.csv", "a/", "b/"]  # fmt: skip
    atomic_write_json(
        folder / "manifest.json",
        _batch_manifest("compare", [sa, sb], root, seeds, {"files": files}),
    )
    return folder, table, ce


# ---------------------------------------------------------------------- reproduce
def _frames_equal(a: Path, b: Path) -> bool:
    fa, fb = pd.read_parquet(a), pd.read_parquet(b)
    return fa.shape == fb.shape and fa.equals(fb)


def rerun(manifest: str | Path, out: str | Path | None = None, workers: int | None = None,
          progress: bool = False) -> tuple[Path, bool, list[str]]:  # fmt: skip
    """Reproduce the run, replicates or comparison a manifest describes, into a new folder,
    and check it bit for bit against the original files beside the manifest.

    Returns (new folder, identical, names of files that differ).
    """
    manifest = Path(manifest)
    if manifest.is_dir():
        manifest = manifest / "manifest.json"
    try:
        spec = json.loads(manifest.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(str(manifest), "", f"cannot read manifest ({exc})") from None
    original = manifest.parent
    kind = spec.get("kind")
    folder = Path(out) if out is not None else original.with_name(original.name + "-rerun")
    if kind == "run":
        sc = scenario_from_params(spec["resolved_parameters"], spec["scenario"])
        started = time.perf_counter()
        kpis, frame = simulate(sc, progress=progress)
        write_run(folder, sc, spec.get("overrides", {}), kpis, frame,
                  time.perf_counter() - started)  # fmt: skip
        checks = {
            "kpis.json": lambda: (
                (folder / "kpis.json").read_bytes() == (original / "kpis.json").read_bytes()
            ),
            "timeseries.parquet": lambda: _frames_equal(
                folder / "timeseries.parquet", original / "timeseries.parquet"
            ),
        }
    elif kind in ("replicates", "compare"):
        scs = [scenario_from_params(s["resolved_parameters"], s["name"]) for s in spec["scenarios"]]
        frames = _run_batch(scs, spec["seeds"], folder, workers, progress, "rerun")
        names = ["replicates.csv"] if kind == "replicates" else ["kpis_a.csv", "kpis_b.csv"]
        for name, frame in zip(names, frames, strict=True):
            atomic_write_bytes(folder / name, frame.to_csv(index=False).encode())
        checks = {n: (lambda n=n: (folder / n).read_bytes() == (original / n).read_bytes())
                  for n in names}  # fmt: skip
    elif kind == "sensitivity":  # a screening reproduces and checks itself
        from sim.sensitivity import rerun as rerun_screening

        return rerun_screening(spec, original, folder, workers, progress)
    else:
        raise ConfigError(str(manifest), "kind", f"unknown manifest kind {kind!r}")
    differ = [name for name, same in checks.items() if not same()]
    return folder, not differ, differ
