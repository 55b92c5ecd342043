"""The package as users get it: a wheel installed anywhere, scenarios by name, the version,
Mesa's batch_run conventions and Mesa 3.5's Scenario, and adopting a calibration on purpose."""

import json
import shutil
import subprocess
import sys

import mesa
import numpy as np
import pytest

import sim
from sim.calibration import ADOPTED_FILES, FREE_PARAMETERS, adopt_fit, current_values
from sim.errors import ConfigError
from sim.paths import SCENARIO_DIR, find_scenario

from .conftest import ROOT

IGNORE = shutil.ignore_patterns(".git", ".venv*", "outputs", "build", "__pycache__", "*.egg-info",
                                ".pytest_cache", "*.nbi", "*.nbc")  # fmt: skip


@pytest.mark.slow
def test_wheel_runs_from_any_folder(tmp_path):
    """``pip install .`` (not editable) into a folder of its own, then ``kad-sim`` from an
    unrelated folder: the version, a shipped scenario by name, outputs in that folder, and
    the package (with its data) imported from the install, not from this checkout."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    wheels, target, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(src)], check=True,
                   capture_output=True)  # fmt: skip
    (wheel,) = wheels.glob("kad_sim-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(target), "HOME": str(tmp_path)}

    def kad(*args):
        return subprocess.run([sys.executable, str(target / "bin" / "kad-sim"), *args],
                              cwd=work, env=env, capture_output=True, text=True)  # fmt: skip

    r = kad("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"kad-sim {sim.__version__}"
    r = kad("run", "baseline", "--days", "30", "--scale", "0.05", "--quiet")
    assert r.returncode == 0, r.stderr
    (folder,) = (work / "outputs").glob("baseline-seed1-*")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["resolved_parameters"]["run"]["days"] == 30
    assert all(str(target) in f or not f.startswith("/") for f in [manifest["scenario_path"]])
    assert str(ROOT) not in json.dumps(manifest)
    where = subprocess.run([sys.executable, "-c", "import sim.paths as p; print(p.DATA_DIR)"],
                           cwd=work, env=env, capture_output=True, text=True)  # fmt: skip
    assert where.stdout.strip().startswith(str(target))
    r = kad("run", "basline")
    assert r.returncode == 2 and "did you mean baseline" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_scenarios_by_name_path_and_extends(tmp_path):
    assert find_scenario("mou") == SCENARIO_DIR / "mou.toml"
    assert find_scenario("mou.toml") == SCENARIO_DIR / "mou.toml"
    own = tmp_path / "mine.toml"
    own.write_text('extends = "mou"\n[information]\nlag_days = 2\n', encoding="utf-8")
    scenario = sim.load_scenario(own)  # a user's file extends a shipped scenario by name
    assert scenario.files[-2] == str((SCENARIO_DIR / "mou.toml").resolve())
    assert scenario.get("information.lag_days") == 2
    with pytest.raises(ConfigError, match="did you mean logistics_subsidy"):
        find_scenario("logistic_subsidy")


def _batch(iterations, **kw):
    return sim.batch_run({"scenario": "mou", "days": 8, "scale": 0.02,
                          "information__lag_days": [1, 5]}, iterations=iterations,
                         number_processes=1, **kw)  # fmt: skip


def test_batch_run_gives_distinct_recorded_reproducible_seeds():
    """``sim.batch_run(..., iterations=N)``: N seeds spawned from the root seed, each row
    naming its seed and iteration; the same call gives the same rows; the seed reproduces
    a row with a plain model."""
    rows = _batch(3)
    assert len(rows) == 6
    seeds = {r["iteration"]: r["seed"] for r in rows}
    assert sorted(seeds) == [0, 1, 2] and len(set(seeds.values())) == 3
    again = _batch(3)
    key = lambda r: (r["iteration"], r["information__lag_days"])  # noqa: E731
    assert sorted(map(key, rows)) == sorted(map(key, again))
    by = {key(r): r for r in again}
    assert all(by[key(r)]["wholesale_price_rp_per_kg"] == r["wholesale_price_rp_per_kg"]
               and by[key(r)]["seed"] == r["seed"] for r in rows)  # fmt: skip
    assert {r["seed"] for r in _batch(1, seed=99)}.isdisjoint(seeds.values())
    row = next(r for r in rows if r["iteration"] == 2 and r["information__lag_days"] == 5)
    m = sim.KADModel("mou", seed=row["seed"], days=8, scale=0.02,
                     overrides={"information.lag_days": 5})  # fmt: skip
    m.run_model()
    last = m.datacollector.get_model_vars_dataframe().iloc[-1]
    assert last["wholesale_price_rp_per_kg"] == row["wholesale_price_rp_per_kg"]


@pytest.mark.filterwarnings("ignore:The `iterations` keyword:DeprecationWarning")
def test_plain_mesa_batch_run_iterations_get_new_recorded_seeds():
    """Mesa's own ``batch_run(..., iterations=2)``: as with any Mesa 3 model, each iteration
    gets a new seed, recorded in the row (before, both used the scenario's run.seed)."""
    rows = mesa.batch_run(sim.KADModel, {"scenario": "baseline", "days": 5, "scale": 0.02},
                          iterations=2, number_processes=1, display_progress=False)  # fmt: skip
    assert len(rows) == 2 and rows[0]["seed"] != rows[1]["seed"]
    m = sim.KADModel("baseline", seed=rows[1]["seed"], days=5, scale=0.02)
    m.run_model()
    assert (
        m.datacollector.get_model_vars_dataframe().iloc[-1]["wholesale_price_rp_per_kg"]
        == (rows[1]["wholesale_price_rp_per_kg"])
    )


def test_seed_rules():
    assert sim.KADModel("baseline", rng=7, days=1, scale=0.02).seed == 7
    loaded = sim.load_scenario("baseline", {"run.seed": 11, "run.scale": 0.02, "run.days": 1})
    assert sim.KADModel(loaded).seed == 11  # a resolved scenario keeps its run.seed
    with pytest.raises(ValueError, match="not both"):
        sim.KADModel("baseline", seed=1, rng=2, days=1, scale=0.02)
    with pytest.raises(TypeError, match="integer"):
        sim.KADModel("baseline", seed=np.random.default_rng(1), days=1, scale=0.02)


def test_mesa_scenario_is_accepted():
    scenarios = pytest.importorskip("mesa.experimental.scenarios")
    ms = scenarios.Scenario(rng=3, file="mou", days=6, scale=0.02, information__lag_days=2)
    m = sim.KADModel(ms)
    assert m.scenario is ms and m.seed == 3 and m.kad_scenario.name == "mou"
    assert m.kad_scenario.get("information.lag_days") == 2
    m.run_model()
    plain = sim.KADModel("mou", seed=3, days=6, scale=0.02, information__lag_days=2)
    plain.run_model()
    a = m.datacollector.get_model_vars_dataframe()
    b = plain.datacollector.get_model_vars_dataframe()
    assert a.equals(b)


def _finished_fit(folder, distance, before):
    folder.mkdir()
    for name in ADOPTED_FILES:
        (folder / name).write_text(f"{name} of this fit\n", encoding="utf-8")
    info = {"distance": distance, "distance_before": 1.0, "values_before": before}
    (folder / "summary.json").write_text(json.dumps(info), encoding="utf-8")
    return folder


def test_adopting_a_fit_is_explicit_and_refuses_a_worse_one(tmp_path):
    into = tmp_path / "in_force"
    now = [float(v) for v in current_values(FREE_PARAMETERS)]
    good = _finished_fit(tmp_path / "good", 0.5, now)
    adopt_fit(good, into=into)
    assert (into / "fitted.toml").read_text() == "fitted.toml of this fit\n"
    worse = _finished_fit(tmp_path / "worse", 2.0, now)
    with pytest.raises(ConfigError, match="worse than the values in force"):
        adopt_fit(worse, into=into)
    assert (into / "fitted.toml").read_text() == "fitted.toml of this fit\n"  # untouched
    stale = _finished_fit(tmp_path / "stale", 0.5, [v * 1.1 + 1 for v in now])
    with pytest.raises(ConfigError, match="changed since"):
        adopt_fit(stale, into=into)
    adopt_fit(worse, force=True, into=into)
    with pytest.raises(ConfigError, match="no summary.json"):
        adopt_fit(tmp_path, into=into)


def test_calibrate_cli_never_writes_the_parameters_in_force_by_default():
    from sim.calibration import CALIBRATION_DIR, Settings

    assert Settings().out != CALIBRATION_DIR
    assert Settings().out.parent.name == "outputs"
    r = subprocess.run([sys.executable, "run_experiments.py", "calibrate", "--force"], cwd=ROOT,
                       capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 2 and "--force: goes with --adopt" in r.stderr


def test_readme_batch_run_example_runs():
    """The README's batch_run example, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- batch_run example -->", 1)[1].split("```python", 1)[1]
    exec(compile(block.split("```", 1)[0], "README batch_run example", "exec"), {})
