"""The command line as a user meets it: outputs, and one-line errors with exit code 2."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from .conftest import BASELINE, ROOT


def cli(*args):
    return subprocess.run(
        [sys.executable, "run_experiments.py", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_run_writes_folder(tmp_path):
    out = tmp_path / "run"
    r = cli(
        "run", str(BASELINE), "--days", "30", "--scale", "0.02", "--seed", "4", "--out", str(out)
    )
    assert r.returncode == 0, r.stderr
    assert "Net income of all farmers" in r.stdout  # labels from the KPI registry
    kpis = json.loads((out / "kpis.json").read_text())
    required = {
        "farmer_income_mean_rp",
        "farmer_share_of_retail",
        "blitar_to_surabaya_t_per_year",
        "surabaya_retail_price_rp_per_kg",
        "surabaya_price_cv",
        "waste_t_per_year",
        "program_spending_rp_per_year",
        "williamson_index",
        "stock_flow_max_rel_error",
    }
    assert required <= set(kpis)
    assert all(isinstance(v, int | float) for v in kpis.values())
    frame = pd.read_parquet(out / "timeseries.parquet")
    assert len(frame) == 30 and "eggs_wholesale_price_rp_per_kg" in frame
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 4 and manifest["resolved_parameters"]["run"]["scale"] == 0.02
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind


def test_set_overrides_any_key(tmp_path):
    out = tmp_path / "run"
    r = cli(
        "run",
        str(BASELINE),
        "--days",
        "10",
        "--scale",
        "0.02",
        "--out",
        str(out),
        "--quiet",
        "--set",
        "information.lag_days=1",
        "--set",
        "programs.road.start_date=2026-01-01",
    )
    assert r.returncode == 0, r.stderr
    params = json.loads((out / "manifest.json").read_text())["resolved_parameters"]
    assert params["information"]["lag_days"] == 1
    assert params["programs"]["road"]["start_date"] == "2026-01-01"


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["run", "scenarios/missing.toml"], "scenarios/missing.toml"),
        (["run", str(BASELINE), "--days", "-5"], "run.days"),
        (["run", str(BASELINE), "--scale", "7"], "run.scale"),
        (["run", str(BASELINE), "--set", "information.lagdays=2"], "information.lagdays"),
        (["run", str(BASELINE), "--set", "information.lag_days=abc"], "information.lag_days"),
        (["run", str(BASELINE), "--set", "nonsense"], "KEY=VALUE"),
        (["run", str(BASELINE), "--days", "x"], "--days"),
        (["run", str(BASELINE), "--days", "20000"], "run.days"),  # beyond known Lebaran dates
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_one_line_exit_2(args, expect):
    r = cli(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert expect in lines[0]
    assert "Traceback" not in r.stderr


def test_bad_scenario_file_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{BASELINE}"\n[transport]\ndistance_km = "far"\n')
    r = cli("run", str(bad), "--days", "5")
    assert r.returncode == 2
    assert str(bad) in r.stderr and "transport.distance_km" in r.stderr


def test_replicates_and_compare_and_rerun_from_the_command_line(tmp_path):
    rep = tmp_path / "rep"
    r = cli(
        "run",
        str(BASELINE),
        "--replicates",
        "2",
        "--workers",
        "1",
        "--days",
        "20",
        "--scale",
        "0.02",
        "--out",
        str(rep),
    )
    assert r.returncode == 0, r.stderr
    assert "95% CI" in r.stdout and (rep / "summary.csv").exists()
    cmp = tmp_path / "cmp"
    mou = BASELINE.parent / "mou.toml"
    r = cli(
        "compare",
        str(BASELINE),
        str(mou),
        "--replicates",
        "2",
        "--workers",
        "1",
        "--days",
        "20",
        "--scale",
        "0.02",
        "--out",
        str(cmp),
    )
    assert r.returncode == 0, r.stderr
    assert "program_spending_rp_per_year" in r.stdout and "Cost-effectiveness" in r.stdout
    r = cli("rerun", str(cmp / "manifest.json"), "--out", str(tmp_path / "again"))
    assert r.returncode == 0, r.stderr
    assert "bit for bit" in r.stdout


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["run", str(BASELINE), "--replicates", "0"], "--replicates"),
        (["compare", str(BASELINE), "nope.toml"], "nope.toml"),
        (["compare", str(BASELINE), str(BASELINE), "--workers", "0"], "--workers"),
        (["rerun", "missing/manifest.json"], "missing/manifest.json"),
    ],
)
def test_more_bad_input(args, expect):
    r = cli(*args)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and expect in r.stderr
