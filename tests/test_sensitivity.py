"""Global screening (sim.sensitivity): Morris on functions with known answers through the same
code as the model, the factor ranges, resume, reproducibility, and the command on the model."""

import functools
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import load_scenario
from sim.config.loader import SECTOR_SHARES
from sim.errors import ConfigError
from sim.experiment import rerun
from sim.sensitivity import (
    DUMMY,
    EVIDENCE_RANGES,
    _scenario_for,
    build_factors,
    composition,
    execute,
)
from sim.testfunctions import G_FUNCTION_A, LINEAR_COEFFICIENTS

from .conftest import BASELINE, MOU, ROOT

INTERRUPT = {"after": None, "calls": 0}


def interrupting_linear(params: dict, seed: int, context: dict) -> dict:
    """The linear test function that raises KeyboardInterrupt (as a Ctrl-C would) once it has
    been called INTERRUPT["after"] times in this process."""
    from sim.testfunctions import linear

    INTERRUPT["calls"] += 1
    if INTERRUPT["after"] is not None and INTERRUPT["calls"] > INTERRUPT["after"]:
        raise KeyboardInterrupt
    return linear(params, seed, context)


def spec_for(target, names, low=0.0, high=2.0, trajectories=6, sobol_top=0, sobol_n=0, seed=3,
             dummy=True, noise=False, halves=False):  # fmt: skip
    factors = [{"parameter": k, "low": low, "high": high} for k in names]
    return {"target": target, "trajectories": trajectories, "levels": 4, "seed": seed,
            "factors": factors, "kpis": ["y"], "context": {}, "sobol_top": sobol_top,
            "sobol_n": sobol_n, "dummy": dummy, "noise": noise, "halves": halves}  # fmt: skip


def test_morris_linear_gives_exact_elementary_effects(tmp_path):
    """y = sum c_i x_i on [0, 2]: every elementary effect is c_i * 2, so mu* = 2 |c_i|,
    mu = 2 c_i and sigma = 0; x5 (c = 0) and the dummy get exactly 0."""
    out = execute(spec_for("sim.testfunctions:linear", list(LINEAR_COEFFICIENTS)), tmp_path / "s",
                  workers=1, progress=False, quiet=True)  # fmt: skip
    m = out["morris"].set_index("parameter")
    assert list(out["morris"].columns[:5]) == ["parameter", "kpi", "mu_star", "mu_star_conf",
                                               "sigma"]  # fmt: skip
    for k, c in LINEAR_COEFFICIENTS.items():
        assert m.loc[k, "mu_star"] == pytest.approx(2 * abs(c), abs=1e-9)
        assert m.loc[k, "mu"] == pytest.approx(2 * c, abs=1e-9)
        assert m.loc[k, "sigma"] == pytest.approx(0.0, abs=1e-9)
    assert m.loc["x5", "mu_star"] == 0.0 and m.loc[DUMMY, "mu_star"] == 0.0
    assert list(m.sort_values("rank").index[:4]) == ["x1", "x2", "x3", "x4"]


def test_the_noise_factor_measures_the_seed_noise_and_flags_what_it_hides(tmp_path):
    """On linear + seed noise (sd 0.5): a step of the noise factor (a new seed) moves y by
    |N1 - N2|, mean 0.5 x 2/sqrt(pi) = 0.56, over its step of 2/3 of the range: mu* near 0.85
    (standard error ~0.1 over 40 trajectories); the
    dummy and x5 (no effect, the same seed within a trajectory) get exactly 0. x1 (mu* 8),
    x2 (4) and x3 (2) are above the floor, x4 (0.5) and x5 are not, and only the noise
    factor's mu* comes from a few steps (each of the others' steps is the same)."""
    from sim.sensitivity import NOISE

    out = execute(spec_for("sim.testfunctions:noisy_linear", list(LINEAR_COEFFICIENTS),
                           trajectories=40, noise=True), tmp_path / "s",
                  workers=1, progress=False, quiet=True)  # fmt: skip
    m = out["morris"].set_index("parameter")
    floor = m.loc[NOISE, "mu_star"]
    assert 0.55 < floor < 1.4 and (m["noise_floor"] == floor).all()
    for k, c in LINEAR_COEFFICIENTS.items():
        assert m.loc[k, "mu_star"] == pytest.approx(2 * abs(c), abs=1e-9)  # CRN: noise cancels
    assert list(m.index[m["above_noise"]]) == ["x1", "x2", "x3"]
    assert m.loc["x5", "mu_star"] == m.loc[DUMMY, "mu_star"] == 0.0
    assert m.loc["x1", "top_step_share"] == pytest.approx(1 / 40)  # 40 equal steps
    assert m.loc[NOISE, "top_step_share"] > 1 / 40
    text = (tmp_path / "s" / "drivers.md").read_text()
    assert (
        "Noise floor" in text and "3 of the 5 assumptions move it more than a new seed does" in text
    )
    # seeds: a point's seed changes exactly when the noise factor steps
    design, seeds = out["design"], out["effects"]["seed"].to_numpy()
    moved = np.abs(np.diff(design.to_numpy(float), axis=0)).argmax(axis=1)
    same_trajectory = (np.arange(1, len(design)) % (len(design.columns) + 1)) != 0
    noise_col = list(design.columns).index(NOISE)
    changed = seeds[1:] != seeds[:-1]
    assert (changed[same_trajectory] == (moved[same_trajectory] == noise_col)).all()


def test_the_noise_factor_reaches_no_model_and_older_screenings_keep_their_columns(tmp_path):
    """A point's parameters never hold the noise factor (the model would take an unknown key
    silently); a spec from before the noise floor (no "noise" key) analyses to morris.csv's
    columns of then, so that its rerun is bit for bit; its resume takes the key's old value,
    and one that differs is named."""
    from sim.sensitivity import NOISE, _prepare, _tasks, analyse_morris, morris_design

    spec = spec_for("sim.testfunctions:linear", ["x1", "x2"], trajectories=2, noise=True)
    design = morris_design(spec)
    tasks = _tasks(design, [11, 12], 5, pd.DataFrame(spec["factors"]), {}, levels=4)
    assert all(NOISE not in t["params"] and DUMMY not in t["params"] for t in tasks)
    old = {k: v for k, v in spec.items() if k != "noise"}
    y = pd.DataFrame({"y": np.arange(len(design), dtype=float)})
    plain = morris_design(old)
    assert "top_step_share" not in analyse_morris(old, plain, y.head(len(plain)), ["y"])
    assert "top_step_share" in analyse_morris(spec, design, y, ["y"])
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"spec": old}))
    _prepare(dict(old, noise=False), folder, True, {})  # the old value: the same screening
    with pytest.raises(ConfigError, match="differs in: noise"):
        _prepare(spec, folder, True, {})


def test_morris_ranks_the_g_function(tmp_path):
    """Sobol's g-function: the smaller a_i, the more x_i matters (x1 > x2 > x3 > x4 > x5, x6)."""
    names = [f"x{i + 1}" for i in range(len(G_FUNCTION_A))]
    spec = spec_for("sim.testfunctions:g_function", names, low=0.0, high=1.0, trajectories=30)
    out = execute(spec, tmp_path / "g", workers=1, progress=False, quiet=True)
    mu = out["morris"].set_index("parameter")["mu_star"]
    assert mu["x1"] > mu["x2"] > mu["x3"] > mu["x4"] > max(mu["x5"], mu["x6"])
    assert mu[DUMMY] == 0.0


@pytest.mark.slow
def test_sobol_stage_on_the_top_drivers_matches_analytic_indices(tmp_path):
    """The Sobol stage varies the top 3 Morris factors of the linear function and holds the
    rest at mid-range: S1 = ST = c_i^2 / sum c_j^2 over the three."""
    spec = spec_for("sim.testfunctions:linear", list(LINEAR_COEFFICIENTS), sobol_top=3,
                    sobol_n=256)  # fmt: skip
    out = execute(spec, tmp_path / "s", workers=1, progress=False, quiet=True)
    sob = out["sobol"].set_index("parameter")
    assert set(sob.index) == {"x1", "x2", "x3"}
    total = sum(LINEAR_COEFFICIENTS[k] ** 2 for k in ("x1", "x2", "x3"))
    for k in ("x1", "x2", "x3"):
        expected = LINEAR_COEFFICIENTS[k] ** 2 / total
        assert sob.loc[k, "S1"] == pytest.approx(expected, abs=0.05)
        assert sob.loc[k, "ST"] == pytest.approx(expected, abs=0.05)
    assert (tmp_path / "s" / "sobol.csv").is_file()
    assert (tmp_path / "s" / "figures" / "sobol.png").is_file()


def test_resume_after_an_interruption_gives_the_same_result(tmp_path, monkeypatch):
    """A Ctrl-C after 10 runs leaves 10 run files; --resume runs only the rest, and the result
    is byte-identical to an uninterrupted screening."""
    import sim.sweep

    target = "tests.test_sensitivity:interrupting_linear"
    # this test's own target joins the registry of runnable entry points (in this process)
    monkeypatch.setattr(sim.sweep, "TARGETS", (*sim.sweep.TARGETS, target))
    spec = spec_for(target, list(LINEAR_COEFFICIENTS))
    whole = execute(spec, tmp_path / "whole", workers=1, progress=False, quiet=True)
    INTERRUPT.update(after=10, calls=0)
    try:
        with pytest.raises(KeyboardInterrupt):
            execute(spec, tmp_path / "cut", workers=1, progress=False, quiet=True)
        assert len(list((tmp_path / "cut" / "morris" / "runs").glob("*.parquet"))) == 10
        with pytest.raises(ConfigError, match="--resume"):  # never mixed into an existing folder
            execute(spec, tmp_path / "cut", workers=1, progress=False, quiet=True)
        INTERRUPT.update(after=None, calls=0)
        execute(spec, tmp_path / "cut", workers=1, resume=True, progress=False, quiet=True)
        assert INTERRUPT["calls"] == len(whole["design"]) - 10
    finally:
        INTERRUPT.update(after=None, calls=0)
    for name in ("morris.csv", "effects.csv", "design.csv"):
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    other = dict(spec, seed=4)
    with pytest.raises(ConfigError, match="different screening"):
        execute(other, tmp_path / "cut", workers=1, resume=True, progress=False, quiet=True)


def test_rerun_reproduces_a_screening_bit_for_bit(tmp_path):
    spec = spec_for("sim.testfunctions:g_function", [f"x{i + 1}" for i in range(6)], low=0.0,
                    high=1.0, sobol_top=2, sobol_n=8)  # fmt: skip
    execute(spec, tmp_path / "orig", workers=2, progress=False, quiet=True)
    manifest = json.loads((tmp_path / "orig" / "manifest.json").read_text())
    assert manifest["kind"] == "sensitivity" and len(manifest["seeds"]) == 7
    folder, same, differ = rerun(tmp_path / "orig", out=tmp_path / "again", workers=1)
    assert same, differ
    # a changed table is caught: the check can fail
    morris = pd.read_csv(tmp_path / "again" / "morris.csv")
    morris.loc[0, "mu_star"] += 1e-9
    morris.to_csv(tmp_path / "again" / "morris.csv", index=False)
    assert (tmp_path / "again" / "morris.csv").read_bytes() != (
        tmp_path / "orig" / "morris.csv"
    ).read_bytes()


def test_factor_ranges_follow_the_stated_rules():
    """Every screened factor is an assumption or has a stated plausible range, with a range
    inside the schema's; fitted and sourced keys, switches and inactive programs are not
    screened, each with a reason."""
    from sim.config.schema import param_for, plausible_range

    table = build_factors(load_scenario(BASELINE), load_scenario(MOU))
    inc = table[table["included"]]
    assert len(inc) > 100 and table["reason"].astype(bool).all()
    for r in inc.itertuples():
        p = param_for(r.parameter)
        assert r.low < r.high, r.parameter
        assert p.lo is None or r.low >= p.lo
        assert p.hi is None or r.high <= p.hi
        # a stated range of its own (schema or evidence table), sourced or fitted alike
        own = plausible_range(r.parameter) is not None or r.parameter in EVIDENCE_RANGES
        assert own or "assumption" in r.source.lower()
        assert own or not r.source.lower().startswith("fitted")
        centre = r.value_b if r.applies_to == "B" else r.value_a
        assert r.low <= centre <= r.high, r.parameter
    row = table.set_index("parameter")
    cost = row.loc["programs.training.cost_rp_per_place"]  # sourced, with its published spread
    assert cost["included"] and (cost["low"], cost["high"]) == (300_000.0, 4_000_000.0)
    fitted = row.loc["commodities.eggs.ship_sensitivity"]
    assert not fitted["included"] and "calibrated" in fitted["reason"]
    assert not row.loc["commodities.eggs.farmers", "included"]  # data, not an assumption
    assert not row.loc["programs.road.budget_rp_per_year", "included"]  # off in both
    lever = row.loc["programs.promotion.budget_rp_per_year"]
    assert lever["included"] and lever["applies_to"] == "B"
    near_one = row.loc["governments.blitar.realisation_rate"]  # 0.85: +-50% of 1 - x
    assert (near_one["low"], near_one["high"]) == pytest.approx((0.775, 0.925))
    stated = row.loc["commodities.eggs.trader_margin_max_rp_per_kg"]  # sourced, with a range
    assert stated["included"] and (stated["low"], stated["high"]) == (500.0, 1500.0)
    resolution = row.loc["tourism.visitors_per_agent"]  # how finely, not what: not screened
    assert not resolution["included"] and "resolution" in resolution["reason"]
    plain = row.loc["umkm.quality_weight"]  # 3.0, no stated range: +-50%
    assert (plain["low"], plain["high"]) == pytest.approx((1.5, 4.5))
    stated_only = row.loc["umkm.price_weight"]  # 2.0, an assumption with a stated range
    assert (stated_only["low"], stated_only["high"]) == pytest.approx((1.6, 3.0))
    ints = inc[inc["kind"] == "int"]
    assert len(ints) and (ints["low"] == np.round(ints["low"])).all()


def _sector_values(params: dict, share: str) -> dict:
    return {name: s[share] for name, s in params["umkm"]["sectors"].items()}


def test_sector_shares_are_screened_as_compositions():
    """Each UMKM sector share (which the scenario checks require to sum to 1 over the sectors)
    is screened as a weight: at either end of its range the scenario is valid, its sector's
    share moves that way, and the other sectors keep their proportions; at the scenario's own
    values nothing changes, bit for bit."""
    base, mou = load_scenario(BASELINE), load_scenario(MOU)
    table = build_factors(base, mou).set_index("parameter")
    pa = base.to_dict()
    keys = [k for k in table.index if composition(k)]
    assert len(keys) == len(SECTOR_SHARES) * len(pa["umkm"]["sectors"])
    for key in keys:
        r = table.loc[key]
        assert r["included"] and "rescaled to sum to 1" in r["reason"], key
        share, sector = composition(key), key.split(".")[2]
        before = _sector_values(pa, share)
        stated = r["reason"].rsplit("its share ", 1)[1].split(" ")[0].split("-")
        for end, sign in ((r["low"], -1), (r["high"], 1)):
            after = _sector_values(_scenario_for(pa, {key: end}, 1, "t").to_dict(), share)
            assert sum(after.values()) == pytest.approx(1.0, abs=1e-12)
            assert sign * (after[sector] - before[sector]) > 0, (key, end)
            # the share factors.csv states for this end (3 significant digits)
            assert after[sector] == pytest.approx(float(stated[sign > 0]), rel=5e-3), key
            others = [k for k in before if k != sector]
            for a, b in zip(others, others[1:], strict=False):
                assert after[a] / after[b] == pytest.approx(before[a] / before[b], rel=1e-12)
    same = _scenario_for(pa, {k: table.loc[k, "value_a"] for k in keys}, 1, "t").to_dict()
    assert same["umkm"]["sectors"] == pa["umkm"]["sectors"]


@functools.cache
def _compositions() -> tuple[dict, pd.DataFrame]:
    """The baseline's parameters and its sector-share factors against mou."""
    table = build_factors(load_scenario(BASELINE), load_scenario(MOU)).set_index("parameter")
    return load_scenario(BASELINE).to_dict(), table[[bool(composition(k)) for k in table.index]]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_weights_in_the_screened_ranges_give_a_valid_composition(data):
    """Weights drawn anywhere in the screened ranges, for any subset of the sectors' shares,
    give a scenario that passes the checks, with each composition in proportion to its
    weights (the sectors not drawn keep their own values as weights)."""
    pa, table = _compositions()
    chosen = data.draw(st.lists(st.sampled_from(list(table.index)), min_size=1, unique=True))
    values = {k: data.draw(st.floats(table.loc[k, "low"], table.loc[k, "high"])) for k in chosen}
    params = _scenario_for(pa, values, 1, "t").to_dict()
    for share in {composition(k) for k in chosen}:
        weights = _sector_values(pa, share)
        weights.update({k.split(".")[2]: v for k, v in values.items() if composition(k) == share})
        total = sum(weights.values())
        got = _sector_values(params, share)
        assert sum(got.values()) == pytest.approx(1.0, abs=1e-9)
        for name, w in weights.items():
            assert got[name] == pytest.approx(w / total, rel=1e-12, abs=1e-15)


def _cli(*args):
    return subprocess.run([sys.executable, "run_experiments.py", *args], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ("--levels", "3"),
        ("--only", "no.such.*"),
        ("--range", "1.5"),
        ("--sobol-n", "12"),
        ("--trajectories", "1"),
        ("--kpis", "no_such_kpi"),
    ],
)
def test_bad_options_stop_with_one_line(tmp_path, args):
    r = _cli("sensitivity", "baseline", "mou", "--out", str(tmp_path / "x"), *args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_screening_the_model_end_to_end(tmp_path):
    """A tiny screening of mou against baseline through the command: the tables, the figure,
    drivers.md; a dummy factor that the model never sees gets mu* = 0 for every KPI; and
    rerun reproduces it bit for bit."""
    out = tmp_path / "sens"
    r = _cli("sensitivity", "baseline", "mou", "--trajectories", "2", "--days", "30",
             "--scale", "0.02", "--only", "commodities.eggs.*", "programs.promotion.budget*",
             "--factors-limit", "3", "--dummy", "--sobol-top", "0", "--workers", "2",
             "--quiet", "--out", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    morris = pd.read_csv(out / "morris.csv")
    assert {"farmers_income_rp_per_year", "umkm_revenue_rp_per_year", "blitar_visits_per_year",
            "pad_blitar_rp_per_year", "pad_surabaya_rp_per_year", "waste_t_per_year"} <= set(morris["kpi"])  # fmt: skip
    assert len(morris["parameter"].unique()) == 5  # 3, the dummy and the noise factor
    assert (morris.loc[morris["parameter"] == DUMMY, "mu_star"] == 0.0).all()
    assert morris.loc[morris["parameter"] != DUMMY, "mu_star"].max() > 0
    # re-seeding moves the effect: the floor is above 0 where the runs are noisy
    assert morris.loc[morris["parameter"] == "noise_seed", "mu_star"].max() > 0
    assert {"noise_floor", "above_noise", "top_step_share"} <= set(morris.columns)
    factors = pd.read_csv(out / "factors.csv")
    assert {"parameter", "included", "low", "high", "source", "reason"} <= set(factors.columns)
    assert (out / "figures" / "morris_ranking.png").is_file()
    assert (out / "figures" / "morris_ranking.svg").is_file()
    assert "depends most on" in (out / "drivers.md").read_text()
    assert "Noise floor" in (out / "drivers.md").read_text()
    r = _cli("rerun", str(out), "--out", str(tmp_path / "again"), "--workers", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "bit for bit" in r.stdout


def test_a_sector_weight_reaches_the_model_through_the_paired_runs():
    """A design point that moves one sector's weight runs both scenarios with the rescaled
    composition (the loader's check would stop an unrescaled one) and moves UMKM revenue but,
    with the same seed, not the farmers' or the visitors' figures: the sector shares feed the
    UMKM pools and draw no random numbers of the other sectors."""
    from sim.sensitivity import paired_effect

    base, mou = load_scenario(BASELINE), load_scenario(MOU)
    run = {"run": {"days": 20, "scale": 0.01}}
    pa, pb = base.to_dict(), mou.to_dict()
    for p in (pa, pb):
        p["run"].update(run["run"])
    ctx = {"params_a": pa, "params_b": pb, "name_a": "baseline", "name_b": "mou",
           "applies": {"umkm.sectors.food.blitar_share": "both"}}  # fmt: skip
    nominal = paired_effect({}, 5, ctx)
    moved = paired_effect({"umkm.sectors.food.blitar_share": 0.9}, 5, ctx)
    assert moved["a:umkm_revenue_rp_per_year"] != nominal["a:umkm_revenue_rp_per_year"]
    for kpi in ("farmers_income_rp_per_year", "blitar_visits_per_year"):
        assert moved[f"a:{kpi}"] == nominal[f"a:{kpi}"], kpi


def test_the_cli_defaults_are_the_modules():
    """The sensitivity command's Sobol base samples and the model spec's default are one
    number (sim.sensitivity.SOBOL_N), a power of 2 as Saltelli's design needs."""
    import inspect

    from sim import sensitivity as S
    from sim.cli import _build_parser

    args = _build_parser().parse_args(["sensitivity", "baseline", "mou"])
    default = inspect.signature(S.model_spec).parameters["sobol_n"].default
    assert args.sobol_n == S.SOBOL_N == default
    assert S.SOBOL_N > 0 and S.SOBOL_N & (S.SOBOL_N - 1) == 0
