"""Calibration (issue 7): the targets, the distance, the fitted file, recovery of known
parameters and the ensemble. Small scale and short runs, so the file takes seconds."""

import math
import tomllib

import numpy as np
import pandas as pd
import pytest

from sim.calibration import (
    ENSEMBLE_CSV,
    FITTED_TOML,
    FREE_PARAMETERS,
    TARGETS_CSV,
    FreeParameter,
    MomentStore,
    Problem,
    calibrate,
    distance,
    ensemble_overrides,
    load_targets,
    mean_moments,
    run_moments,
    select_ensemble,
    sign_robustness,
)
from sim.config import load_scenario
from sim.config.schema import param_for
from sim.experiment import spawn_seeds

from .conftest import BASELINE


def _flatten(node: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in node.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def test_every_target_has_a_source_a_unit_and_a_band():
    t = load_targets()
    assert set(t["role"]) == {"fit", "holdout", "input_check"}
    for r in t.itertuples():
        assert r.source.strip() and r.unit.strip(), r.target
        assert r.low <= r.value <= r.high, r.target
        assert r.sd > 0, r.target
    # every egg output figure is kept (the official one and two claims up to three times it);
    # the base case fits and uses the official one
    eggs = t[t["kpi"] == "eggs_production_t_per_year"].set_index("target")
    assert eggs.loc["egg_output_official", "role"] == "fit"
    assert eggs.loc["egg_output_official", "value"] == pytest.approx(141_027.4)
    claims = eggs[eggs["role"] == "holdout"]["value"].sort_values().to_numpy()
    assert claims == pytest.approx([463 * 365, 1_175 * 365], rel=1e-3)
    out = load_scenario(BASELINE).get("commodities.eggs.output_t_per_year")
    assert out == pytest.approx(eggs.loc["egg_output_official", "value"])


def test_every_target_names_a_simulated_moment():
    # 70 days reach the first Ramadan of the run (1 March 2025) and the day after it
    m = run_moments(BASELINE, seed=1, days=70, scale=0.02)
    for r in load_targets().itertuples():
        assert r.kpi in m, r.target
        assert math.isfinite(m[r.kpi]), r.target


def test_a_target_without_a_source_is_rejected(tmp_path):
    t = pd.read_csv(TARGETS_CSV, dtype=str)
    t.loc[0, "source"] = " "
    path = tmp_path / "targets.csv"
    t.to_csv(path, index=False)
    with pytest.raises(ValueError, match="source"):
        load_targets(path)


def test_distance_is_zero_at_the_targets_and_counts_sds():
    t = load_targets()
    fit = t[t["role"] == "fit"]
    at_targets = dict(zip(fit["kpi"], fit["value"], strict=True))
    assert distance(at_targets, t) == 0.0
    first = fit.iloc[0]
    off = {**at_targets, first["kpi"]: first["value"] + 2.0 * first["sd"]}
    assert distance(off, t) == pytest.approx(4.0)
    # held-out targets do not enter the fit distance
    assert distance({**at_targets, "surabaya_hotel_tax_rp_per_year": 1e15}, t) == 0.0


def test_fitted_file_holds_only_the_fitted_keys_and_loads_through_the_baseline():
    """fitted.toml holds exactly the free parameters, within the schema's and the fit's
    bounds; the baseline extends it, does not set those keys itself, and resolves every one
    of them to the value in fitted.toml through the normal scenario validation."""
    fitted = _flatten(tomllib.loads(FITTED_TOML.read_text(encoding="utf-8")))
    assert set(fitted) == {p.key for p in FREE_PARAMETERS}
    scenario = load_scenario(BASELINE)  # full schema validation, types and ranges
    for key, value in fitted.items():
        p = param_for(key)
        assert p is not None and p.lo <= value <= p.hi, key
        free = next(f for f in FREE_PARAMETERS if f.key == key)
        assert free.low <= value <= free.high, key
        assert scenario.get(key) == pytest.approx(value, rel=1e-12), key
    text = BASELINE.read_text(encoding="utf-8")
    assert text.lstrip().startswith('extends = "../calibration/fitted.toml"')
    own = _flatten({k: v for k, v in tomllib.loads(text).items() if k != "extends"})
    assert not set(own) & set(fitted), "fitted keys must live only in fitted.toml"
    assert str(FITTED_TOML.resolve()) in scenario.files


def test_parameter_recovery_on_a_small_problem():
    """Two parameters, 120 days, scale 0.05: simulate with known values, then fit against
    those moments (sd 0.5% of each) on the same two seeds (common random numbers, as the
    calibration itself uses: the test is of identification and of the optimiser, not of
    seed noise); each estimate is within 5% of its range of the truth. The other markets'
    daily price shock is held at 0.005. Fitting on other seeds than the data's is not a
    recovery test at this length: a 120-day mean farm-gate price moves by more than the
    300 Rp/kg tolerance from seed to seed (with the fitted cobweb, ship_sensitivity ~2.5)."""
    params = (
        FreeParameter("commodities.eggs.elsewhere_price_rp_per_kg", 22_000.0, 28_000.0, ""),
        FreeParameter("tourism.extension_logit", -3.5, 0.0, ""),
    )
    targets = load_targets()
    keep = targets["kpi"].isin(["eggs_farm_gate_price_rp_per_kg", "blitar_visits_per_year"])
    targets = targets[keep & (targets["role"] == "fit")].copy()
    truth = np.array([25_600.0, -1.1])
    problem = Problem(targets=targets, seeds=tuple(spawn_seeds(11, 2)), parameters=params,
                      days=120, scale=0.05, workers=1,
                      fixed={"commodities.eggs.elsewhere_price_sd": 0.005})  # fmt: skip
    data = mean_moments(problem.run([problem.overrides(truth)], seeds=problem.seeds)[0])
    targets["value"] = [data[k] for k in targets["kpi"]]
    targets["sd"] = 0.005 * targets["value"].abs()
    problem.targets = targets
    res = calibrate(problem, budget=60, seed=3)
    assert res.evaluations <= 60
    assert res.distance < 1.0
    for p, t, e in zip(params, truth, res.x, strict=True):
        assert abs(e - t) <= 0.05 * (p.high - p.low), (p.key, t, e)


def test_parallel_generation_equals_serial_objective():
    """The DE ``workers=`` map (candidates x seeds on a process pool) gives the same distances
    as one-at-a-time evaluation in this process: common random numbers, bit for bit."""
    targets = load_targets()
    xs = [
        np.array([p.low + 0.3 * (p.high - p.low) for p in FREE_PARAMETERS]),
        np.array([p.low + 0.7 * (p.high - p.low) for p in FREE_PARAMETERS]),
    ]
    kw = {"targets": targets, "seeds": (5, 6), "days": 30, "scale": 0.02}
    pool = Problem(workers=2, **kw)
    serial = Problem(workers=1, **kw)
    assert pool(None, xs) == [serial.objective(x) for x in xs]
    assert pool.evaluations == 2 and len(pool.history) == 2


def test_interrupted_calibration_resumes_to_the_same_fit(tmp_path):
    """A calibration cut short (its store truncated mid-line, as a kill would leave it) and
    resumed runs only the candidates not stored and ends with the same history and fit as
    an uninterrupted one; a store built for other seeds is not reused."""
    params = (
        FreeParameter("commodities.eggs.elsewhere_price_rp_per_kg", 22_000.0, 28_000.0, ""),
        FreeParameter("tourism.extension_logit", -3.5, 0.0, ""),
    )
    targets = load_targets()
    kw = {"targets": targets, "parameters": params, "days": 20, "scale": 0.02, "workers": 1}
    ran = []

    class Counting(Problem):
        def run(self, candidates, seeds=None, workers=None):
            ran.extend(candidates)
            return super().run(candidates, seeds, workers)

    path = tmp_path / "moments.jsonl"
    full = calibrate(Counting(seeds=(5,), store=MomentStore(path), **kw), budget=14, seed=4)
    n = full.evaluations  # distinct candidates (Nelder-Mead may revisit one)
    assert 10 < n <= 14 and len(ran) == n
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    path.write_text("\n".join(lines[:9]) + "\n" + lines[9][:40], encoding="utf-8")
    ran.clear()
    store = MomentStore(path, resume=True)
    assert len(store) == 9
    again = calibrate(Counting(seeds=(5,), store=store, **kw), budget=14, seed=4)
    assert len(ran) == n - 9
    pd.testing.assert_frame_equal(again.history, full.history)
    assert np.array_equal(again.x, full.x) and again.distance == full.distance
    ran.clear()
    other = calibrate(Counting(seeds=(6,), store=MomentStore(path, resume=True), **kw), 14, 4)
    assert len(ran) == other.evaluations


def test_ensemble_selection_keeps_sets_near_the_optimum():
    params = FREE_PARAMETERS[:2]
    rng = np.random.default_rng(0)
    rows = []
    for _ in range(200):
        x = [rng.uniform(p.low, p.high) for p in params]
        rows.append({params[0].key: x[0], params[1].key: x[1], "distance": rng.uniform(0, 30)})
    history = pd.DataFrame(rows)
    ens = select_ensemble(history, params, size=10)
    assert len(ens) == 10
    assert ens["distance"].iloc[0] == history["distance"].min()
    assert (ens["distance"] <= history["distance"].min() + 5.991).all()  # chi2(2 df, 95%)


def test_committed_ensemble_loads_as_valid_overrides():
    sets = ensemble_overrides(ENSEMBLE_CSV)
    assert len(sets) >= 2
    keys = {p.key for p in FREE_PARAMETERS}
    for ov in sets:
        assert set(ov) == keys
        load_scenario(BASELINE, ov)  # every set passes the scenario validation


def test_sign_robustness_counts_members():
    stacked = pd.DataFrame({
        "kpi": ["a", "a", "a", "b", "b", "b"],
        "diff": [1.0, 2.0, 0.5, 1.0, -1.0, 0.0],
        "distinguishable": [True, True, False, False, False, False],
        "member": [0, 1, 2, 0, 1, 2],
    })  # fmt: skip
    r = sign_robustness(stacked).set_index("kpi")
    assert r.loc["a", "sign_robust"] and r.loc["a", "share_positive"] == 1.0
    assert not r.loc["b", "sign_robust"]
    assert r.loc["a", "share_distinguishable"] == pytest.approx(2 / 3)


def test_calibrate_command_rejects_a_tiny_budget(capsys):
    from sim.cli import main

    assert main(["calibrate", "--budget", "5"]) == 2
    assert "--budget" in capsys.readouterr().err


def test_scheduler_needs_the_dask_executor(capsys):
    from sim.cli import main

    assert main(["calibrate", "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--scheduler" in err[0] and "dask" in err[0]


def test_candidates_on_a_dask_cluster_give_the_same_distances():
    """Candidates x seeds sent to a Dask cluster (a local one here) give the distances of
    one-at-a-time evaluation in this process, bit for bit, and are counted the same way."""
    from sim.executor import dask_client

    targets = load_targets()
    xs = [
        np.array([p.low + 0.25 * (p.high - p.low) for p in FREE_PARAMETERS]),
        np.array([p.low + 0.6 * (p.high - p.low) for p in FREE_PARAMETERS]),
    ]
    kw = {"targets": targets, "seeds": (5, 6), "days": 30, "scale": 0.02}
    serial = Problem(workers=1, **kw)
    with dask_client(workers=2) as client:
        cluster = Problem(client=client, **kw)
        assert cluster.evaluate(xs) == [serial.objective(x) for x in xs]
    assert cluster.evaluations == 2 and len(cluster.history) == 2


def test_committed_evaluation_is_current(tmp_path):
    """``refresh`` on a copy of calibration/ reproduces the committed target table, per-seed
    distances and corroboration (to 1e-9 relative, so that another CPU's last bits do not
    count): the report's numbers come from the current model and targets. After a model change
    that moves them, run ``python -m sim.calibration refresh`` (or refit) and commit."""
    import shutil

    from sim.calibration import CALIBRATION_DIR, refresh

    copy = tmp_path / "calibration"
    shutil.copytree(CALIBRATION_DIR, copy)
    refresh(copy, workers=2, runs=tmp_path / "runs")
    for name in (
        "targets_vs_simulated.csv",
        "distance_by_seed.csv",
        "corroboration_information_system.csv",
        "corroboration_farmer_information.csv",
    ):
        fresh, committed = pd.read_csv(copy / name), pd.read_csv(CALIBRATION_DIR / name)
        pd.testing.assert_frame_equal(fresh, committed, check_exact=False, rtol=1e-9, obj=name)


def test_inputs_are_input_checks_and_held_out_targets_are_outputs():
    """A figure the model takes as an input cannot be held-out evidence (issue 17)."""
    t = load_targets().set_index("target")
    inputs = {"layer_farmers", "surabaya_visits", "chili_output"}
    assert set(t.index[t["role"] == "input_check"]) == inputs
    assert t.loc["egg_retail_rise_before_ramadan", "role"] == "holdout"


def test_change_before_ramadan_reads_the_documented_window():
    from sim.calibration.moments import change_before_ramadan

    n = 100
    is_ramadan = np.zeros(n, dtype=bool)
    is_ramadan[50:80] = True  # first day of Ramadan: day 50
    price = np.full(n, 100.0)
    price[27:30] = 200.0  # days 27-29: the 3-day mean centred on day 50 - 22 = 28
    price[50:53] = 230.0  # days 50-52: centred on day 50 + 1 = 51
    assert change_before_ramadan(price, is_ramadan) == pytest.approx(230.0 / 200.0 - 1.0)
    assert math.isnan(change_before_ramadan(price[:51], is_ramadan[:51]))  # no day after
    assert math.isnan(change_before_ramadan(price[30:], is_ramadan[30:]))  # no day before
