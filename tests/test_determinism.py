"""Same scenario and seed give bit-identical outputs, in this process and in another."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd

from sim.experiment import run_scenario

from .conftest import MOU, ROOT, run_kpis, run_model


def test_same_seed_identical_in_process():
    a = run_model(MOU, seed=7, days=150)
    b = run_model(MOU, seed=7, days=150)
    fa, fb = a.recorder.to_frame(), b.recorder.to_frame()
    pd.testing.assert_frame_equal(fa, fb, check_exact=True)
    assert run_kpis(MOU, seed=7, days=150) == run_kpis(MOU, seed=7, days=150)


def test_different_seed_differs():
    a = run_kpis(MOU, seed=1, days=100)
    b = run_kpis(MOU, seed=2, days=100)
    assert a["farmer_income_mean_rp"] != b["farmer_income_mean_rp"]


def test_identical_in_another_process(tmp_path):
    here, _ = run_scenario(MOU, seed=3, days=90, scale=0.05, out=tmp_path / "here")
    other = tmp_path / "other"
    cmd = [
        sys.executable,
        "run_experiments.py",
        "run",
        str(MOU),
        "--seed",
        "3",
        "--days",
        "90",
        "--scale",
        "0.05",
        "--out",
        str(other),
        "--quiet",
    ]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    assert (here / "kpis.json").read_bytes() == (other / "kpis.json").read_bytes()
    a = pd.read_parquet(here / "timeseries.parquet")
    b = pd.read_parquet(other / "timeseries.parquet")
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_manifest_reproduces_the_run(tmp_path):
    folder, kpis = run_scenario(MOU, seed=5, days=60, scale=0.05, out=tmp_path / "r")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["seed"] == 5
    assert manifest["resolved_parameters"]["run"]["days"] == 60
    assert set(manifest["scenario_files"]) == {
        "../calibration/fitted.toml",
        "baseline.toml",
        "mou.toml",
    }
    assert manifest["packages"]["numba"] and manifest["packages"]["mesa"]
    assert "commit" in manifest["code"]
    # this platform passes the draw kernels' checks: the runs drew in numba
    assert manifest["draws"] == {"trade_and_market": "numba", "tourism": "numba"}
    # what the last bits depend on beyond code and packages: the C library, the CPU, SVML
    # (off: sim sets NUMBA_DISABLE_INTEL_SVML before numba loads)
    maths = manifest["maths"]
    assert set(maths["cpu"]) == {"FMA3", "AVX2", "AVX512F"} and maths["numba_svml"] is False
    assert maths["machine"] and ("libc" in maths)
    # rebuilding the scenario from the manifest's files and overrides gives the same KPIs
    top = tmp_path / "scenarios"
    for name, text in manifest["scenario_files"].items():
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text(text)
    again, kpis2 = run_scenario(
        top / "mou.toml", overrides=manifest["overrides"], out=tmp_path / "r2"
    )
    assert kpis2 == kpis
    assert np.isfinite(kpis["williamson_index"])


def test_the_manifest_says_when_numpy_drew(monkeypatch):
    """Where the draw kernels' checks fail, runs draw with numpy's calls (the same numbers,
    slower), and a manifest says so."""
    from sim.experiment import draw_paths
    from sim.kernels import draws, tourism

    monkeypatch.setattr(draws, "_AGREE_PCG64", [False])
    monkeypatch.setattr(tourism, "_AGREE_POISSON", [False])
    assert draw_paths() == {"trade_and_market": "numpy", "tourism": "numpy"}
