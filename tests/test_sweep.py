"""Sweeps: designs, executors, interruption and resume, failures, Sobol indices."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from sim import sweep as sw
from sim.errors import ConfigError
from sim.testfunctions import ishigami_indices

from .conftest import ROOT, SCENARIOS

DROP = ["seconds"]  # wall time is the only thing allowed to differ between executions


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def small_sweep(tmp_path, replicates=2, days=30):
    return _write(
        tmp_path,
        "small.toml",
        f"""
scenario = "{SCENARIOS / "mou.toml"}"
design = "factorial"
replicates = {replicates}
root_seed = 3
kpis = ["farmer_income_mean_rp", "blitar_to_surabaya_t_per_year", "waste_t_per_year"]
[fixed]
"run.scale" = 0.02
"run.days" = {days}
[parameters."programs.logistics_subsidy.subsidy_rp_per_kg"]
values = [0.0, 800.0]
[parameters."information.lag_days"]
values = [1, 5]
""",
    )


def _results(folder):
    return sw.load_results(folder).drop(columns=DROP)


def test_same_results_whatever_the_executor(tmp_path):
    spec = sw.load_sweep(small_sweep(tmp_path))
    sw.run_sweep(spec, tmp_path / "one", workers=1, progress=False)
    sw.run_sweep(spec, tmp_path / "two", workers=2, progress=False)
    sw.run_sweep(spec, tmp_path / "dask", workers=2, executor="dask", progress=False)
    one = _results(tmp_path / "one")
    assert len(one) == 8 and (one["status"] == "ok").all()
    pd.testing.assert_frame_equal(one, _results(tmp_path / "two"), check_exact=True)
    pd.testing.assert_frame_equal(one, _results(tmp_path / "dask"), check_exact=True)
    # seeds are bound to replicates, not workers: the same seed at every design point
    assert one.groupby("replicate")["seed"].nunique().eq(1).all()


def test_killed_sweep_resumes_to_the_same_results(tmp_path):
    path = small_sweep(tmp_path, replicates=6, days=120)
    spec = sw.load_sweep(path)
    sw.run_sweep(spec, tmp_path / "whole", workers=2, progress=False)
    out = tmp_path / "killed"
    cmd = [
        sys.executable,
        "run_experiments.py",
        "sweep",
        str(path),
        "--out",
        str(out),
        "--workers",
        "2",
        "--quiet",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(sw.done_runs(out)) < 5:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(sw.done_runs(out))
    assert 5 <= partial < 24, "the kill should land part-way"
    r = subprocess.run(cmd + ["--resume"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    resumed = _results(out)
    assert resumed["run_id"].is_unique and len(resumed) == 24
    pd.testing.assert_frame_equal(resumed, _results(tmp_path / "whole"), check_exact=True)
    assert not list((out / "runs").glob(".*.tmp"))


def test_resume_refuses_a_different_sweep_and_a_fresh_run_refuses_a_full_folder(tmp_path):
    spec = sw.load_sweep(small_sweep(tmp_path))
    sw.run_sweep(spec, tmp_path / "s", workers=1, progress=False)
    with pytest.raises(ConfigError, match="use --resume"):
        sw.run_sweep(spec, tmp_path / "s", workers=1, progress=False)
    other = sw.load_sweep(small_sweep(tmp_path, replicates=1))
    with pytest.raises(ConfigError, match="different sweep"):
        sw.run_sweep(other, tmp_path / "s", workers=1, resume=True, progress=False)


def test_failed_point_is_recorded_and_the_rest_complete(tmp_path):
    path = _write(
        tmp_path,
        "fail.toml",
        """
scenario = "../../scenarios/baseline.toml"
target = "sim.testfunctions:failing"
design = "factorial"
replicates = 2
[parameters.x]
values = [0.1, 0.3, 0.9]
""".replace("../../scenarios/baseline.toml", str(SCENARIOS / "baseline.toml")),
    )
    spec = sw.load_sweep(path)
    summary = sw.run_sweep(spec, tmp_path / "f", workers=2, progress=False)
    assert summary["completed"] == 4 and summary["failed"] == 2
    res = sw.load_results(tmp_path / "f")
    bad = res[res["status"] == "failed"]
    assert set(bad["point"]) == {2}
    assert bad["error"].str.contains("too large").all()
    assert bad["traceback"].str.contains("ValueError").all()


def test_a_design_point_the_model_cannot_run_stops_the_sweep_before_it_runs(tmp_path):
    path = _write(
        tmp_path,
        "days.toml",
        f"""
scenario = "{SCENARIOS / "baseline.toml"}"
design = "factorial"
[fixed]
"run.scale" = 0.02
[parameters."run.days"]
values = [20, 20000]
""",
    )
    with pytest.raises(ConfigError, match="20000 is above") as info:
        sw.load_sweep(path)
    assert info.value.key == "parameters.run.days.values"
    assert not (tmp_path / "d").exists()


def test_sobol_indices_recover_ishigami(tmp_path):
    path = _write(
        tmp_path,
        "ishigami.toml",
        f"""
scenario = "{SCENARIOS / "baseline.toml"}"
target = "sim.testfunctions:ishigami"
design = "saltelli"
samples = 256
root_seed = 4
[parameters.x1]
low = -3.141592653589793
high = 3.141592653589793
[parameters.x2]
low = -3.141592653589793
high = 3.141592653589793
[parameters.x3]
low = -3.141592653589793
high = 3.141592653589793
""",
    )
    spec = sw.load_sweep(path)
    sw.run_sweep(spec, tmp_path / "i", workers=2, progress=False)
    out = sw.analyse(spec, tmp_path / "i")
    table = out["sobol"].set_index("parameter")
    truth = ishigami_indices()
    for p in ("x1", "x2", "x3"):
        assert table.loc[p, "S1"] == pytest.approx(truth["S1"][p], abs=0.08)
        assert table.loc[p, "ST"] == pytest.approx(truth["ST"][p], abs=0.08)
        assert table.loc[p, "ST_low"] <= table.loc[p, "ST_high"]
    assert (tmp_path / "i" / "sobol.csv").exists()


def test_designs_have_the_right_shape(tmp_path):
    base = f'scenario = "{SCENARIOS / "baseline.toml"}"\n'
    lhs = _write(
        tmp_path,
        "lhs.toml",
        base + 'design = "lhs"\nsamples = 10\n'
        '[parameters."transport.fuel_price_index"]\nlow = 1.0\nhigh = 2.0\n'
        '[parameters."information.lag_days"]\nlow = 1\nhigh = 7\n',
    )
    d = sw.load_sweep(lhs).design
    assert d.shape == (10, 2) and d["information.lag_days"].dtype == np.int64
    assert d["transport.fuel_price_index"].between(1.0, 2.0).all()
    # Latin hypercube: one point in each tenth of the range
    bins = np.floor((d["transport.fuel_price_index"] - 1.0) * 10).astype(int)
    assert sorted(bins) == list(range(10))


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('design = "grid"\n[parameters."information.lag_days"]\nvalues = [1]', "design"),
        (
            'design = "factorial"\n[parameters."information.lagdays"]\nvalues = [1]',
            "parameters.information.lagdays",
        ),
        (
            'design = "factorial"\n[parameters."information.lag_days"]\nlow = 1\nhigh = 3',
            "parameters.information.lag_days.levels",
        ),
        (
            'design = "saltelli"\nsamples = 10\n[parameters."information.lag_days"]\nlow = 1\nhigh = 3',
            "samples",
        ),
        (
            'design = "lhs"\nsamples = 4\n[parameters."information.lag_days"]\nlow = 3\nhigh = 1',
            "parameters.information.lag_days.high",
        ),
        (
            'design = "factorial"\ncolour = 1\n[parameters."information.lag_days"]\nvalues = [1]',
            "colour",
        ),
        (
            'design = "factorial"\n[parameters."information.lag_days"]\nvalues = [0]',
            "parameters.information.lag_days.values",
        ),
    ],
)
def test_bad_sweep_files(tmp_path, body, key):
    path = _write(tmp_path, "bad.toml", f'scenario = "{SCENARIOS / "baseline.toml"}"\n{body}\n')
    with pytest.raises(ConfigError) as info:
        sw.load_sweep(path)
    assert info.value.key == key and info.value.file.endswith("bad.toml")


def test_example_sweeps_load():
    for path in sorted((SCENARIOS / "sweeps").glob("*.toml")):
        spec = sw.load_sweep(path)
        assert len(spec.design) > 0 and spec.description
