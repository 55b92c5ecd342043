"""Replicates, paired comparisons with common random numbers, and rerun from a manifest."""

import json

import numpy as np
import pandas as pd
import pytest

from sim.compare import mean_ci, paired
from sim.experiment import compare, rerun, run_replicates, run_scenario, spawn_seeds

from .conftest import BASELINE, MOU

SHORT = {"run.days": 60, "run.scale": 0.02}


def test_seeds_spawned_and_recorded(tmp_path):
    folder, kpis, summary = run_replicates(
        MOU, 3, root_seed=11, overrides=SHORT, workers=1, out=tmp_path / "r"
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["seeds"] == spawn_seeds(11, 3) == kpis["seed"].tolist()
    assert len(set(manifest["seeds"])) == 3
    assert {"mean", "ci_low", "ci_high"} <= set(summary.columns)
    assert (folder / "runs" / f"seed-{manifest['seeds'][0]}" / "kpis.json").exists()


def test_worker_count_does_not_change_results(tmp_path):
    _, one, _ = run_replicates(MOU, 3, overrides=SHORT, workers=1, out=tmp_path / "one")
    _, two, _ = run_replicates(MOU, 3, overrides=SHORT, workers=2, out=tmp_path / "two")
    pd.testing.assert_frame_equal(one, two, check_exact=True)


@pytest.mark.slow
def test_scenario_against_itself_differs_by_exactly_zero(tmp_path):
    _, table, ce = compare(MOU, MOU, 3, overrides=SHORT, workers=1, out=tmp_path / "c")
    assert (table["diff"] == 0.0).all()
    assert (table["ci_low"] == 0.0).all() and (table["ci_high"] == 0.0).all()
    assert not table["distinguishable"].any()
    assert ce["rp_per_rp"].isna().all()  # no extra spending, no ratio


@pytest.mark.slow
def test_compare_finds_a_real_difference(tmp_path):
    folder, table, ce = compare(BASELINE, MOU, 4, overrides=SHORT, workers=2, out=tmp_path / "c")
    row = table.set_index("kpi").loc["program_spending_rp_per_year"]
    assert row["distinguishable"] and row["diff"] > 0
    for name in ("compare.csv", "compare.json", "cost_effectiveness.csv", "manifest.json"):
        assert (folder / name).exists()
    assert np.isfinite(ce.set_index("kpi").loc["farmers_income_rp_per_year", "rp_per_rp"])


@pytest.mark.slow
def test_ci_covers_a_known_difference():
    """Synthetic paired data with a known mean difference: the 95% interval covers it in
    about 95% of repetitions (binomial 99.9% band for 2000 repetitions)."""
    rng = np.random.default_rng(5)
    true = 1.7
    covered = 0
    reps = 2000
    for _ in range(reps):
        common = rng.normal(0, 10, 8)  # shared noise cancels in the pairs
        a = pd.DataFrame({"seed": range(8), "x": common + rng.normal(0, 1, 8)})
        b = pd.DataFrame({"seed": range(8), "x": common + true + rng.normal(0, 1, 8)})
        row = paired(a, b).iloc[0]
        covered += row["ci_low"] <= true <= row["ci_high"]
    assert 0.93 <= covered / reps <= 0.97


def test_mean_ci_matches_t_formula():
    x = np.array([1.0, 2.0, 4.0, 7.0])
    mean, lo, hi = mean_ci(x)
    assert mean == 3.5
    assert hi - mean == pytest.approx(3.182446305284263 * x.std(ddof=1) / 2.0, rel=1e-12)


def test_rerun_reproduces_a_run_bit_for_bit(tmp_path):
    folder, _ = run_scenario(SCENARIOS_SHOCK, days=80, scale=0.02, seed=9, out=tmp_path / "run")
    again, same, differ = rerun(folder / "manifest.json", out=tmp_path / "again")
    assert same, differ
    assert (again / "kpis.json").read_bytes() == (folder / "kpis.json").read_bytes()


def test_rerun_detects_a_changed_result(tmp_path):
    folder, _ = run_scenario(MOU, days=30, scale=0.02, out=tmp_path / "run")
    k = json.loads((folder / "kpis.json").read_text())
    k["waste_t_per_year"] += 1.0
    (folder / "kpis.json").write_text(json.dumps(k, indent=2) + "\n")
    _, same, differ = rerun(folder, out=tmp_path / "again")
    assert not same and differ == ["kpis.json"]


@pytest.mark.slow
def test_rerun_reproduces_a_comparison(tmp_path):
    folder, _, _ = compare(BASELINE, MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "c")
    _, same, differ = rerun(folder, out=tmp_path / "again", workers=2)
    assert same, differ


SCENARIOS_SHOCK = MOU.parent / "shock_road_closure.toml"


def test_one_replicate_cannot_tell():
    a = pd.DataFrame({"seed": [1], "x": [1.0]})
    b = pd.DataFrame({"seed": [1], "x": [2.0]})
    row = paired(a, b).iloc[0]
    assert row["diff"] == 1.0 and np.isnan(row["ci_low"]) and not row["distinguishable"]
