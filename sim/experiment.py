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
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from sim.config import Scenario, load_scenario
from sim.metrics import compute_kpis
from sim.model import KADModel

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = PROJECT_ROOT / "outputs"
PACKAGES = ("mesa", "numba", "numpy", "scipy", "pandas", "pyarrow", "matplotlib", "kad-sim")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, obj) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, default=str) + "\n").encode())


def atomic_write_parquet(path: Path, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def code_version() -> dict:
    """Git commit of the code and whether the work tree had uncommitted changes."""

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


def build_manifest(scenario: Scenario, overrides: dict, kpis: dict, seconds: float) -> dict:
    return {
        "kind": "run",
        "scenario": scenario.name,
        "scenario_path": scenario.path,
        "scenario_files": {str(Path(f).name): text for f, text in scenario.sources.items()},
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
    model = KADModel(scenario)
    bar = tqdm(total=model.days, unit="day", desc=scenario.name, disable=not progress, leave=False)
    while model.running:
        model.step()
        bar.update(1)
    bar.close()
    return compute_kpis(model), model.recorder.to_frame()


def default_run_dir(scenario: Scenario) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    seed = scenario.params["run"]["seed"]
    base = OUTPUTS / f"{scenario.name}-seed{seed}-{stamp}"
    path, k = base, 1
    while path.exists():
        k += 1
        path = Path(f"{base}-{k}")
    return path


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
    ov = dict(overrides or {})
    for key, value in (("run.seed", seed), ("run.days", days), ("run.scale", scale)):
        if value is not None:
            ov[key] = value
    path = scenario.path if isinstance(scenario, Scenario) else scenario
    loaded = load_scenario(path, ov, override_label)
    started = time.perf_counter()
    kpis, frame = simulate(loaded, progress=progress)
    seconds = time.perf_counter() - started
    folder = Path(out) if out is not None else default_run_dir(loaded)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_parquet(folder / "timeseries.parquet", frame)
    atomic_write_json(folder / "kpis.json", kpis)
    # the manifest is written last: a folder with a manifest is a complete run
    atomic_write_json(folder / "manifest.json", build_manifest(loaded, ov, kpis, seconds))
    return folder, kpis
