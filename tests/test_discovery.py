"""Scenario discovery (sim.discovery): PRIM finds a planted box, reports the plain cases
honestly, works on a sensitivity folder, and stops bad input with one line."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim.discovery import (
    GIVEN,
    MORRIS,
    SAMPLE,
    SPACE,
    choose_box,
    failures,
    find_boxes,
    outcome_counts,
    paragraph,
    run_discovery,
    threshold_scan,
)
from sim.errors import ConfigError
from sim.experiment import rerun
from sim.sensitivity import execute
from sim.testfunctions import planted_failure

from .conftest import ROOT


def planted_sample(n=800, d=5, seed=5):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((n, d)), columns=[f"x{i + 1}" for i in range(d)])
    effect = np.array([planted_failure(r, 0, {})["effect"] for r in x.to_dict("records")])
    return x, effect


def write_folder(folder, x, effect):
    folder.mkdir(parents=True)
    x.rename_axis("point").to_csv(folder / "design.csv")
    pd.DataFrame({"effect": effect}, index=x.index).rename_axis("point").to_csv(
        folder / "effects.csv"
    )


@pytest.mark.slow
def test_prim_finds_the_planted_box():
    """Failures exactly where x1 < 0.3 and x2 > 0.6: the first box restricts x1 and x2 only,
    near those edges, and holds nearly all failures with nearly no false alarms."""
    x, effect = planted_sample()
    boxes = find_boxes(x, effect <= 0)
    box = boxes[0]
    assert set(box["restricted"]) == {"x1", "x2"}
    assert box["limits"]["x1"].iloc[1] == pytest.approx(0.3, abs=0.03)
    assert box["limits"]["x2"].iloc[0] == pytest.approx(0.6, abs=0.03)
    assert box["coverage"] >= 0.9 and box["density"] >= 0.9
    assert box["mass"] == pytest.approx(0.3 * 0.4, abs=0.03)


def test_no_failure_and_all_failure_give_no_box_and_say_so():
    x, _ = planted_sample(n=100)
    for y, words in ((np.zeros(100, bool), "No sampled set fails"),
                     (np.ones(100, bool), "fails in every sampled set")):  # fmt: skip
        assert find_boxes(x, y) == []
        assert words in paragraph(("baseline", "mou"), ["effect"], 0.0, y, [])


def test_lower_is_better_flips_what_counts_as_failure():
    effects = pd.DataFrame({"a": [-1.0, 0.0, 2.0], "b": [1.0, 1.0, 1.0]})
    assert failures(effects, ["a"], 0.0).tolist() == [True, True, False]
    assert failures(effects, ["a"], 0.0, lower=True).tolist() == [False, True, True]
    assert failures(effects, ["a", "b"], 0.0, lower=True).tolist() == [True, True, True]
    assert "fails to lower" in paragraph(("A", "B"), ["a"], 0.0, np.array([True, False]), [],
                                         lower=True)  # fmt: skip


def test_choose_box_takes_the_densest_with_enough_coverage():
    traj = pd.DataFrame({"coverage": [1.0, 0.8, 0.6, 0.3], "density": [0.2, 0.5, 0.7, 1.0]})
    assert choose_box(traj, 0.5) == 2
    assert choose_box(traj, 0.2) == 3


@pytest.mark.slow
def test_discover_command_on_a_folder(tmp_path):
    x, effect = planted_sample()
    write_folder(tmp_path / "f", x, effect)
    r = subprocess.run([sys.executable, "run_experiments.py", "discover", str(tmp_path / "f"),
                        "--kpi", "effect"], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 0, r.stderr
    boxes = pd.read_csv(tmp_path / "f" / "discovery" / "prim_boxes.csv")
    first = boxes[boxes["box"] == 1]
    assert set(first["parameter"]) == {"x1", "x2"}
    assert {"coverage", "density", "mass", "low", "high"} <= set(boxes.columns)
    text = (tmp_path / "f" / "discovery" / "discovery.md").read_text()
    assert "x1" in text and "x2" in text and "concentrate" in text
    assert (tmp_path / "f" / "discovery" / "prim_box1.png").is_file()
    assert (tmp_path / "f" / "discovery" / "prim_box1.svg").is_file()


def test_discovery_on_the_morris_design_of_a_screening(tmp_path):
    """The sensitivity folder's Morris points are the sample: the planted box shows up on the
    grid (x1 at its lowest level, x2 at its upper levels)."""
    names = [f"x{i + 1}" for i in range(4)]
    spec = {"target": "sim.testfunctions:planted_failure", "trajectories": 60, "levels": 4,
            "seed": 2, "factors": [{"parameter": k, "low": 0.0, "high": 1.0} for k in names],
            "kpis": ["effect"], "context": {}, "sobol_top": 0, "sobol_n": 0,
            "dummy": True}  # fmt: skip
    execute(spec, tmp_path / "s", workers=1, progress=False, quiet=True)
    out = run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=0)
    assert set(out["boxes"][0]["restricted"]) == {"x1", "x2"}
    assert out["boxes"][0]["density"] == 1.0
    record = json.loads((tmp_path / "s" / "discovery" / "discovery.json").read_text())
    assert record["design"] == MORRIS and "sample" not in record
    assert "pointer" in (tmp_path / "s" / "discovery" / "discovery.md").read_text()


PLANTED_SPEC = {"target": "sim.testfunctions:planted_failure", "trajectories": 12, "levels": 4,
                "seed": 3, "factors": [{"parameter": f"x{i + 1}", "low": 0.0, "high": 1.0}
                                       for i in range(4)],
                "kpis": ["effect"], "context": {}, "sobol_top": 0, "sobol_n": 0,
                "dummy": True}  # fmt: skip


def test_a_space_filling_sample_of_a_screening_finds_the_planted_box(tmp_path):
    """By default a screening's discovery runs a Latin hypercube of its own over the screened
    ranges (each point on its own seed, after the screening's): the planted box's edges come
    out near 0.3 and 0.6 (the Morris grid could only say "lowest level"), the sample and its
    record are written, and running it again finds every run done and writes the same files."""
    execute(PLANTED_SPEC, tmp_path / "s", workers=1, progress=False, quiet=True)
    out = run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, workers=1)
    box = out["boxes"][0]
    assert set(box["restricted"]) == {"x1", "x2"}
    assert box["limits"]["x1"].iloc[1] == pytest.approx(0.3, abs=0.05)
    assert box["limits"]["x2"].iloc[0] == pytest.approx(0.6, abs=0.05)
    dest = tmp_path / "s" / "discovery"
    record = json.loads((dest / "discovery.json").read_text())
    assert record["design"] == SPACE and record["points"] == SAMPLE
    draws = record["sample"]["draws"]
    assert len({d["seed"] for d in draws}) == SAMPLE  # a seed of its own each
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert not {d["seed"] for d in draws} & set(manifest["seeds"])
    table = pd.read_csv(dest / "sample.csv")
    assert len(table) == SAMPLE and table["value:x1"].between(0.0, 1.0).all()
    # a Latin hypercube: each tenth of a range holds a tenth of the points
    counts = np.histogram(table["value:x3"], bins=10, range=(0.0, 1.0))[0]
    assert (counts == SAMPLE // 10).sum() >= 4 and counts.min() >= SAMPLE // 10 - 1
    assert "space-filling sample of 256 sets" in (dest / "discovery.md").read_text()
    before = {p.name: p.read_bytes() for p in dest.iterdir() if p.is_file() and p.suffix != ".svg"}
    runs = sorted((dest / "sample" / "runs").iterdir())
    assert len(runs) == SAMPLE
    stamp = runs[0].stat().st_mtime_ns
    run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, workers=1)
    assert runs[0].stat().st_mtime_ns == stamp  # resumed: no run again
    after = {p.name: p.read_bytes() for p in dest.iterdir() if p.is_file() and p.suffix != ".svg"}
    assert after == before
    # rerun makes the screening and its discovery again from the manifests, bit for bit
    folder, same, differ = rerun(tmp_path / "s", out=tmp_path / "again", workers=1)
    assert same, differ
    assert (folder / "discovery" / "sample.csv").read_bytes() == before["sample.csv"]
    (dest / "sample.csv").write_bytes(before["sample.csv"].replace(b"1.", b"2.", 1))
    folder, same, differ = rerun(tmp_path / "s", out=tmp_path / "again2", workers=1)
    assert not same and differ == ["discovery/sample.csv"]


def test_another_discovery_is_not_written_over_the_first(tmp_path):
    """The discovery folder holds one discovery: asked with other settings (another sample size
    or threshold) it stops naming what differs; so does a folder holding a discovery from
    before discovery.json."""
    execute(PLANTED_SPEC, tmp_path / "s", workers=1, progress=False, quiet=True)
    run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, workers=1, sample=40)
    with pytest.raises(ConfigError, match="sample"):
        run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, workers=1, sample=48)
    with pytest.raises(ConfigError, match="threshold"):
        run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=40, threshold=0.5)
    (tmp_path / "s" / "discovery" / "discovery.json").unlink()
    with pytest.raises(ConfigError, match="earlier discovery"):
        run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=40)
    run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=40, out=tmp_path / "d2")
    assert (tmp_path / "d2" / "sample.csv").is_file()


def test_a_sample_needs_a_screening(tmp_path):
    """A folder of points alone (no screening's manifest) is read as it is by default; asked
    for a sample, it stops with one line (exit 2)."""
    x, effect = planted_sample(n=60)
    write_folder(tmp_path / "f", x, effect)
    out = run_discovery(tmp_path / "f", kpis=["effect"], quiet=True)
    assert out["record"]["design"] == GIVEN
    r = subprocess.run([sys.executable, "run_experiments.py", "discover", str(tmp_path / "f"),
                        "--kpi", "effect", "--sample", "64", "--out", str(tmp_path / "o")],
                       cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 2 and "--sample" in r.stderr and "Traceback" not in r.stderr


def test_a_region_where_most_sets_fail_anyway_is_found_by_the_threshold_scan():
    """Where 80% of sets fail anyway, PRIM's peeling trims slivers off many ranges and no box
    on its trajectory has every restriction significant; the single-threshold scan still
    finds a planted region (x0 above 0.75: every set fails) with a permutation p-value that
    allows for the 42 tails tried, and says so; failures at random give neither a box nor a
    threshold stronger than chance."""
    for seed in range(3):
        rng = np.random.default_rng(seed)
        x = pd.DataFrame(rng.random((256, 21)), columns=[f"x{i}" for i in range(21)])
        y = np.where(x["x0"] > 0.75, True, rng.random(256) < 0.73)
        scan = threshold_scan(x, y, seed=1, permutations=199)
        assert scan["parameter"] == "x0" and scan["side"] == "above"
        assert scan["cut"] == pytest.approx(0.75, abs=0.05) and scan["density"] == 1.0
        assert scan["p_value"] <= 0.01
        text = paragraph(("A", "B"), ["e"], 0.0, y, [], found={"scan": scan})
        assert "strongest single threshold: where `x0` is above" in text
        assert f"on the other side in {scan['outside_failing']} of {256 - scan['points']}" in text
        noise = rng.random(256) < 0.8
        assert find_boxes(x, noise) == []
        scan = threshold_scan(x, noise, seed=1, permutations=199)
        assert scan["p_value"] > 0.05
        text = paragraph(("A", "B"), ["e"], 0.0, noise, [], found={"scan": scan})
        assert "no box whose restrictions all pass" in text and "stronger than chance" in text


def test_the_threshold_scan_cuts_only_between_distinct_values():
    """A parameter that takes few values (an ensemble member's, an integer) is cut only
    between two of them: the tail holds whole groups of equal values."""
    x = pd.DataFrame({"k": np.repeat([1.0, 2.0, 3.0, 4.0], 25)})
    y = np.repeat([False, False, False, True], 25) | (np.arange(100) % 10 == 0)
    scan = threshold_scan(x, y, permutations=99)
    assert scan["points"] == 25 and scan["cut"] == 3.5 and scan["side"] == "above"


def test_failures_by_outcome_and_sets_near_the_threshold():
    """discovery.md and discovery.json say how often each outcome fails (an "or" of two with
    very different rates is mostly the commoner one) and how many sets lie within one run's
    noise of the threshold."""
    effects = pd.DataFrame({"a": [-3.0, -0.5, 0.2, 4.0], "b": [1.0, 1.0, -1.0, 2.0]})
    found = outcome_counts(effects, ["a", "b"], 0.0, False, {"a": 1.0})
    assert found == {"by_kpi": {"a": 2, "b": 1}, "near": {"a": 2}, "seed_sd": {"a": 1.0},
                     "before_cost": {}}  # fmt: skip
    # a welfare outcome is its groups less the programmes' cost: how often the gains alone fail
    welfare = pd.DataFrame({"net_welfare_rp_per_year": [-3.0, -1.0, 2.0],
                            "program_cost_rp_per_year": [2.0, 2.0, 2.0]})  # fmt: skip
    assert outcome_counts(welfare, ["net_welfare_rp_per_year"], 0.0, False, {})["before_cost"] == {
        "net_welfare_rp_per_year": 1
    }
    y = failures(effects, ["a", "b"], 0.0)
    text = paragraph(("A", "B"), ["a", "b"], 0.0, y, [], found=found)
    assert "By outcome: `a` in 2; `b` in 1." in text and "`a` 2 sets" in text
    scan = {"parameter": "x", "side": "below", "cut": 0.5, "points": 2, "failing": 1,
            "density": 0.5, "coverage": 1.0, "outside_points": 2, "outside_failing": 0,
            "as_strong": 0, "p_value": 0.01, "permutations": 99}  # fmt: skip
    text = paragraph(("A", "B"), ["a", "b"], 0.0, y, [],
                     found=dict(found, scan=None, scan_by_kpi={"b": scan}))  # fmt: skip
    assert "For `b` alone: the strongest single threshold: where `x` is below 0.5" in text


def test_a_killed_sample_is_not_resumed_with_other_settings(tmp_path, monkeypatch):
    """The record (with the sample's draws) is written before any run, so a job killed during
    its runs cannot be resumed as another sample (whose runs would be mixed with its own)."""
    import sim.discovery as D

    execute(PLANTED_SPEC, tmp_path / "s", workers=1, progress=False, quiet=True)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(D, "run_sample", killed)
    with pytest.raises(KeyboardInterrupt):
        run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=40, top=4)
    record = json.loads((tmp_path / "s" / "discovery" / "discovery.json").read_text())
    assert record["status"] == "running" and len(record["sample"]["draws"]) == 40
    with pytest.raises(ConfigError, match="sample"):
        run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=40, top=2)
    monkeypatch.undo()
    out = run_discovery(tmp_path / "s", kpis=["effect"], quiet=True, sample=40, top=4, workers=1)
    assert json.loads((out["folder"] / "discovery.json").read_text())["status"] == "done"


@pytest.mark.parametrize("case", ["no_folder", "bad_kpi", "bad_boxes"])
def test_bad_input_stops_with_one_line(tmp_path, case):
    x, effect = planted_sample(n=50)
    write_folder(tmp_path / "f", x, effect)
    args = {"no_folder": [str(tmp_path / "missing")],
            "bad_kpi": [str(tmp_path / "f"), "--kpi", "nope"],
            "bad_boxes": [str(tmp_path / "f"), "--boxes", "0"]}[case]  # fmt: skip
    r = subprocess.run([sys.executable, "run_experiments.py", "discover", *args], cwd=ROOT,
                       capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_a_sector_share_in_a_box_is_said_to_be_a_weight():
    """A screened UMKM sector share is a weight rescaled with the other sectors', so a box
    that restricts one says so; a box on other assumptions does not."""
    import pandas as pd

    def box(key):
        return {"restricted": [key], "coverage": 0.6, "density": 0.9, "mass": 0.3, "points": 2,
                "full": pd.DataFrame({key: [0.0, 1.0]}),
                "limits": pd.DataFrame({key: [0.0, 0.5]})}  # fmt: skip

    y = np.array([True, False, True, False])
    share = paragraph(("A", "B"), ["e"], 0.0, y, [box("umkm.sectors.food.blitar_share")])
    other = paragraph(("A", "B"), ["e"], 0.0, y, [box("tourism.word_of_mouth")])
    assert "weight" in share and "weight" not in other


def test_the_noise_factor_is_never_a_box_limit(tmp_path):
    """The screening's noise factor only re-seeds runs: discovery leaves it out, even where the
    failures follow it (here they are planted on it)."""
    x, _ = planted_sample(n=400, d=3)
    x["noise_seed"] = np.tile([0.0, 1.0], 200)
    effect = np.where(x["noise_seed"] > 0.5, -1.0, 1.0)
    write_folder(tmp_path / "f", x, effect)
    out = run_discovery(tmp_path / "f", kpis=["effect"], quiet=True)
    boxes = pd.read_csv(tmp_path / "f" / "discovery" / "prim_boxes.csv")
    assert "noise_seed" not in set(boxes["parameter"].dropna())
    assert out is not None


# ---------------------------------------------------------------------- the confirmation
NOISY = "tests.test_discovery:noisy_sum"
NOISE = 0.5  # noisy_sum's seed noise (s.d.)
CALLS = {"n": 0, "stop": None}  # noisy_sum's calls; a KeyboardInterrupt after "stop" of them


def noisy_sum(params: dict, seed: int, context: dict) -> dict:
    """y = x1 + x2 + a normal noise of s.d. NOISE drawn from ``seed`` alone: a set near
    x1 + x2 = 0 falls on either side of 0 as its seed decides."""
    CALLS["n"] += 1
    if CALLS["stop"] is not None and CALLS["n"] > CALLS["stop"]:
        raise KeyboardInterrupt
    return {"y": params["x1"] + params["x2"] + NOISE * _draw(seed)}


def _draw(seed: int) -> float:
    return float(np.random.default_rng(seed).standard_normal())


NOISY_SPEC = {"target": NOISY, "trajectories": 10, "levels": 4, "seed": 7,
              "factors": [{"parameter": k, "low": -1.0, "high": 1.0} for k in ("x1", "x2")],
              "kpis": ["y"], "context": {}, "sobol_top": 0, "sobol_n": 0, "dummy": True,
              "noise": True}  # fmt: skip


@pytest.fixture(scope="module")
def noisy_screening(tmp_path_factory):
    """A screening of noisy_sum with a noise factor (so a seed s.d. to confirm by), and the
    test's target among the runnable ones while the module's tests run."""
    import sim.sweep

    folder = tmp_path_factory.mktemp("noisy") / "s"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sim.sweep, "TARGETS", (*sim.sweep.TARGETS, NOISY))
        execute(NOISY_SPEC, folder, workers=1, progress=False, quiet=True)
        yield folder


def _discover(folder, out, **kw):
    CALLS.update(n=0, stop=kw.pop("stop", None))
    try:
        return run_discovery(folder, kpis=["y"], quiet=True, workers=1, sample=32, out=out, **kw)
    finally:
        CALLS["stop"] = None


def test_confirmation_seeds_are_unique_deterministic_and_after_the_samples():
    """Each confirmed set's seeds are children of the screening's seed after the trajectories',
    the Sobol stage's and the sample's: none repeats another run's, the same call gives the
    same, a set's seeds do not depend on which others are confirmed, and fewer seeds are the
    first of more."""
    from sim.discovery import confirm_seeds
    from sim.experiment import spawn_seeds

    spec, points = {"trajectories": 12}, 40
    own = spawn_seeds(3, 13 + points)
    sample = {"points": points, "seed": 3,
              "draws": [{"draw": d, "seed": own[13 + d]} for d in range(points)]}  # fmt: skip
    every = confirm_seeds(sample, spec, list(range(points)), 4)
    runs = [s for seeds in every.values() for s in seeds]
    assert len(runs) == 4 * points and len(set(runs) | set(own)) == len(runs) + len(own)
    assert confirm_seeds(sample, spec, list(range(points)), 4) == every
    assert confirm_seeds(sample, spec, [5, 17], 4) == {5: every[5], 17: every[17]}
    assert confirm_seeds(sample, spec, [5], 2)[5] == every[5][:2]
    assert confirm_seeds(sample, spec, [5], 0) == {}
    with pytest.raises(ConfigError, match="spawned"):  # another screening's sample
        confirm_seeds(dict(sample, seed=4), spec, [5], 4)


def test_near_zero_sets_are_confirmed_on_more_seeds_and_labelled_by_the_mean(
    noisy_screening, tmp_path
):
    """Sets whose first run lies within 2 seed s.d. of 0 run on 4 more seeds each, the others
    do not; a confirmed set's effect is the mean of its 5 runs and its label the mean's (some
    labels change); the counts reach discovery.json and discovery.md; seeds are unique over the
    screening, the sample and the confirmation; rerun makes it again bit for bit."""
    from scipy.stats import norm

    out = _discover(noisy_screening, tmp_path / "d")
    dest = out["folder"]
    record = json.loads((dest / "discovery.json").read_text())
    sd = record["confirm"]["seed_sd"]["y"]
    assert record["confirm"]["seeds"] == 4 and record["confirm"]["within_sd"] == 2.0
    assert 0.25 < sd < 1.0  # the screening's estimate of NOISE
    sets = pd.read_csv(dest / "sets.csv").set_index("point")
    gap = sets["first:y"].abs()
    near1 = (gap < 2 * sd).to_numpy()
    assert 0 < near1.sum() < len(sets)
    plan = record["confirmed"]
    assert [c["draw"] for c in plan if c["round"] == 1] == list(sets.index[near1])
    draws = {d["draw"]: d for d in record["sample"]["draws"]}
    runs = pd.read_csv(dest / "confirm.csv")

    def ys(c):  # a confirmed set's runs: x1 + x2 + the noise of each of its seeds
        d = draws[c["draw"]]
        return [d["values"]["x1"] + d["values"]["x2"] + NOISE * _draw(s)
                for s in [d["seed"], *c["seeds"]]]  # fmt: skip

    # round 2: the s.d. pooled over round 1's own seeds, where larger, confirms more sets
    r1, r2 = record["confirm_rounds"]
    pooled1 = np.sqrt(np.mean([np.var(ys(c), ddof=1) for c in plan if c["round"] == 1]))
    assert r2["pooled_sd"]["y"] == pytest.approx(pooled1)
    sd2 = r2["trigger_sd"]["y"]
    assert sd2 == pytest.approx(max(sd, pooled1)) and sd2 > sd  # as in this screening
    near = (gap < 2 * sd2).to_numpy()
    assert [c["draw"] for c in plan if c["round"] == 2] == list(sets.index[near & ~near1])
    assert r1["sets"] == near1.sum() and r2["sets"] == (near & ~near1).sum() > 0
    assert (sets["seeds"] == np.where(near, 5, 1)).all()  # a set far from zero: one seed
    assert len(runs) == 4 * near.sum()
    pooled = np.sqrt(np.mean([np.var(ys(c), ddof=1) for c in plan]))  # both rounds
    wrong, fresh_differ = 0.0, 0
    for c in plan:
        mine, y = runs[runs["point"] == c["draw"]], ys(c)
        assert list(mine["seed"]) == c["seeds"] and list(mine["replicate"]) == [1, 2, 3, 4]
        assert mine["y"].to_numpy() == pytest.approx(y[1:])
        assert sets.at[c["draw"], "mean:y"] == pytest.approx(np.mean(y))
        assert sets.at[c["draw"], "se:y"] == pytest.approx(np.std(y, ddof=1) / np.sqrt(5))
        # the moderated s.e.: the set's variance and the pooled one, 4 d.f. each
        se = np.sqrt((4 * pooled**2 + 4 * np.var(y, ddof=1)) / 8 / 5)
        assert sets.at[c["draw"], "se_mod:y"] == pytest.approx(se)
        assert sets.at[c["draw"], "p_wrong:y"] == pytest.approx(norm.sf(abs(np.mean(y)) / se))
        wrong += norm.sf(abs(np.mean(y)) / se)
        assert bool(sets.at[c["draw"], "failed"]) == (np.mean(y) <= 0)
        fresh_differ += (np.mean(y[1:]) <= 0) != (np.mean(y) <= 0)
    far = sets[~near]
    assert (far["failed"] == (far["first:y"] <= 0)).all() and far["se:y"].isna().all()
    assert far["se_mod:y"].to_numpy() == pytest.approx(sd2)  # one seed: the trigger s.d.
    c = record["confirmation"]
    changed = int((sets["failed"] != sets["failed_first"]).sum())
    assert changed > 0 and c["changed"] == changed and c["sets"] == near.sum()
    assert c["to_failure"] + c["to_success"] == changed and c["fresh_differ"] == fresh_differ
    t = (sets["mean:y"].abs() / sets["se_mod:y"]).to_numpy()
    assert c["undecided"] == {"y": int((near & (t < 1)).sum())} and c["undecided"]["y"] > 0
    assert c["within_2se"] == {"y": int((near & (t < 2)).sum())}
    assert c["within_2se_sets"] > c["undecided_sets"] == (near & (t < 1)).sum()
    assert c["expected_wrong"]["y"]["confirmed"] == pytest.approx(wrong)
    others = norm.sf(far["first:y"].abs() / sd2).sum()
    assert c["expected_wrong"]["y"]["unconfirmed"] == pytest.approx(others)
    assert c["expected_wrong_total"] == pytest.approx(wrong + others)
    r = c["resampling"]
    assert r["draws"] == 200 and r["failures_p5"] <= record["failures"] <= r["failures_p95"]
    assert r["limit_kept"] is None or 0 <= r["limit_kept"] <= 1
    assert record["failures"] == sets["failed"].sum() == out["y"].sum()
    assert record["near"] == {"y": int((sets["first:y"].abs() < sd).sum())}  # on the first run
    assert c["pooled_sd"]["y"] == pytest.approx(pooled)
    md = (dest / "discovery.md").read_text()
    assert f"{changed} changed label" in md and "sets.csv" in md
    assert "whose mean lies within one standard error of the threshold" in md
    assert "as likely on either side" in md and "above the screening's" in md
    assert "Expected wrong labels" in md and "treats each label as exact" in md
    from sim.brief.screening import load_discovery  # the brief reads the same counts

    read = load_discovery(dest).confirmation
    assert read["sets"] == c["sets"] and read["second_round"] == r2["sets"]
    assert read["within_2se_sets"] == c["within_2se_sets"]
    assert read["expected_wrong"] == pytest.approx(c["expected_wrong_total"])
    assert (read["resampling"]["low"], read["resampling"]["high"]) == (
        r["failures_p5"], r["failures_p95"])  # fmt: skip
    seeds = [d["seed"] for d in record["sample"]["draws"]] + list(runs["seed"])
    manifest = json.loads((noisy_screening / "manifest.json").read_text())
    assert len(set(seeds)) == len(seeds) and not set(seeds) & set(manifest["seeds"])
    # rerun makes the screening and its discovery (with the confirmation) again, bit for bit
    import shutil

    shutil.copytree(dest, noisy_screening.parent / "with" / "discovery")
    for f in noisy_screening.iterdir():
        if f.name != "discovery" and f.is_file():
            shutil.copy(f, noisy_screening.parent / "with" / f.name)
    again, same, differ = rerun(noisy_screening.parent / "with", out=tmp_path / "again", workers=1)
    assert same, differ
    assert (again / "discovery" / "sets.csv").read_bytes() == (dest / "sets.csv").read_bytes()


def test_a_stopped_confirmation_resumes_without_redoing_or_mixing_runs(noisy_screening, tmp_path):
    """Stopped during either round of the confirmation, the folder's record already names the
    sets and their seeds (round 2's once round 1 has run); a resume runs only the runs left and
    writes what an unbroken job writes; asked with other settings (fewer seeds, none) it stops,
    and a run the record does not name in the confirmation's folder stops it before any run."""
    import shutil

    whole = _discover(noisy_screening, tmp_path / "whole")["folder"]
    total = CALLS["n"]
    full = json.loads((whole / "discovery.json").read_text())
    n1, n2 = (r["sets"] for r in full["confirm_rounds"])
    assert n2 > 0 and total == 32 + 4 * (n1 + n2)
    strip = lambda r: {k: v for k, v in r.items() if k not in ("screening", "command")}  # noqa: E731
    for stop in (32 + 10, 32 + 4 * n1 + 2):
        cut = tmp_path / f"cut{stop}"
        with pytest.raises(KeyboardInterrupt):
            _discover(noisy_screening, cut, stop=stop)
        record = json.loads((cut / "discovery.json").read_text())
        later = stop > 32 + 4 * n1  # stopped in round 2: its sets are recorded too
        assert record["status"] == "running"
        assert record["confirmed"] == [c for c in full["confirmed"] if later or c["round"] == 1]
        assert len(list((cut / "confirm" / "runs").glob("*.parquet"))) == stop - 32
        if not later:
            for other in (2, 0):
                with pytest.raises(ConfigError, match="confirm"):
                    _discover(noisy_screening, cut, confirm=other)
            # a run the record does not name (here one of the sample's) stops it before any run
            stray = sorted((cut / "sample" / "runs").glob("*.parquet"))[0]
            shutil.copy(stray, cut / "confirm" / "runs" / stray.name)
            with pytest.raises(ConfigError, match="does not name"):
                _discover(noisy_screening, cut)
            assert CALLS["n"] == 0
            (cut / "confirm" / "runs" / stray.name).unlink()
        _discover(noisy_screening, cut)
        assert CALLS["n"] == total - stop  # only the runs left: none redone
        for name in ("sets.csv", "confirm.csv", "sample.csv", "prim_boxes.csv", "discovery.md"):
            assert (cut / name).read_bytes() == (whole / name).read_bytes(), name
        assert strip(json.loads((cut / "discovery.json").read_text())) == strip(full)


def test_no_confirmation_seeds_give_the_single_seed_discovery(noisy_screening, tmp_path):
    """--confirm-seeds 0 runs no confirmation: the record has none of its keys (as a discovery
    from before the option), each set's label is its one run's, the sample is the same as with
    the confirmation; such a folder resumes only so (a resume with confirmation would add runs
    its record does not have)."""
    out = _discover(noisy_screening, tmp_path / "none", confirm=0)
    dest = out["folder"]
    record = json.loads((dest / "discovery.json").read_text())
    assert not {"confirm", "confirmed", "confirmation", "confirm_rounds"} & set(record)
    # the record of the code before the option, key for key (its files were byte for byte the
    # same when checked once; docs/TRACE.md)
    assert list(record) == ["kind", "screening", "command", "kpis", "threshold", "lower",
                            "boxes", "min_coverage", "design", "sample", "status", "failures",
                            "points", "by_kpi", "near", "seed_sd", "before_cost", "scan"]  # fmt: skip
    assert not (dest / "confirm").exists() and not (dest / "sets.csv").exists()
    assert CALLS["n"] == 32
    sample = pd.read_csv(dest / "sample.csv")
    assert record["failures"] == int((sample["y"] <= 0).sum())
    assert "changed label" not in (dest / "discovery.md").read_text()
    with pytest.raises(ConfigError, match="without confirmation runs"):
        _discover(noisy_screening, dest)
    _discover(noisy_screening, dest, confirm=0)
    assert CALLS["n"] == 0  # resumed: nothing run again
    confirmed = _discover(noisy_screening, tmp_path / "four")["folder"]
    assert (confirmed / "sample.csv").read_bytes() == (dest / "sample.csv").read_bytes()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_brief_says_what_the_confirmation_changed(lang):
    """The brief's failure paragraph says, in both languages, how many sets near the threshold
    were run on more seeds (in the threshold's words, not a fixed "zero"), how many changed
    side, how many their mean leaves as likely on either side and within two standard errors,
    the labels expected wrong, and what redrawing the labels does: that the counts and the
    limit do not depend on seed noise only when the limit keeps in ROBUST_SHARE of the draws;
    the near-zero count is then said to be of the first run; a discovery without a
    confirmation keeps its old sentences."""
    from sim.brief import prose
    from sim.brief import text as BT
    from sim.brief.screening import Discovery
    from sim.metrics import registry as R
    from sim.plots.formatting import fmt_number

    net, farm = "net_welfare_rp_per_year", "farmers_income_rp_per_year"
    empty = pd.DataFrame(columns=["box", "coverage", "density", "mass", "points", "parameter",
                                  "low", "high", "full_low", "full_high"])  # fmt: skip
    c = {"seeds": 4, "within_sd": 2.0, "seed_sd": {net: 1.2e9, farm: 1.0e9}, "sets": 142,
         "changed": 31, "to_failure": 12, "to_success": 19, "undecided": {net: 9, farm: 0},
         "undecided_sets": 9, "within_2se": {net: 30, farm: 1}, "within_2se_sets": 31,
         "expected_wrong": 10.4, "second_round": 3,
         "resampling": {"draws": 200, "low": 197, "high": 207, "limit_kept": 0.97}}  # fmt: skip
    scan = {"parameter": "commodities.eggs.reservation_fresh_fraction", "side": "above",
            "cut": 0.973, "points": 91, "failing": 90, "density": 90 / 91,
            "outside_points": 165, "outside_failing": 116, "at_window_edge": False,
            "as_strong": 0, "p_value": 0.001, "permutations": 999}  # fmt: skip

    def paragraph(conf, threshold=0.0, scan=scan):
        d = Discovery([net, farm], False, threshold, 256, 199, empty, SPACE, None,
                      by_kpi={net: 195, farm: 6}, near={net: 78}, confirmation=conf,
                      scan=scan)  # fmt: skip
        return prose.failure_paragraph(d, "MoU", lang)

    text = paragraph(c)
    n = lambda x: fmt_number(x, lang)  # noqa: E731
    zero = BT.t("fails.zero", lang)
    second = BT.t("fails.second_round", lang, m="3")
    assert BT.t("fails.confirmed", lang, sets=n(142), within="2", more="4", runs="5", x=zero,
                second=second, changed=n(31), to_fail=n(12), to_ok=n(19)) in text  # fmt: skip
    what = BT.lower_first(R.label(net, lang))
    assert BT.t("fails.undecided", lang, k="9", x=zero, k2="31", wrong="10",
                parts=BT.t("fails.count", lang, what=what, k="9")) in text  # fmt: skip
    assert BT.t("fails.near_first", lang, x=zero,
                parts=BT.t("fails.count", lang, what=what, k="78")) in text  # fmt: skip
    kept = prose.fmt_pct(0.97, lang, 0)
    assert BT.t("fails.robust", lang, draws="200", lo="197", hi="207", kept=kept) in text
    # the conclusion is computed: a limit kept in too few draws is said to be fragile
    fragile = dict(c, resampling=dict(c["resampling"], limit_kept=0.6))
    assert BT.t("fails.fragile", lang, draws="200", lo="197", hi="207",
                kept=prose.fmt_pct(0.6, lang, 0)) in paragraph(fragile)  # fmt: skip
    robust = BT.t("fails.robust", lang, draws="200", lo="197", hi="207", kept=kept)
    assert robust not in paragraph(fragile)
    weak = dict(scan, p_value=0.2, as_strong=199)  # no limit reported: only the counts' range
    assert BT.t("fails.resampled", lang, draws="200", lo="197", hi="207") in paragraph(c, scan=weak)
    # another threshold is said as such, not as zero
    x = prose.mu_text(net, 1e9, lang)
    assert BT.t("fails.confirmed", lang, sets=n(142), within="2", more="4", runs="5", x=x,
                second=second, changed=n(31), to_fail=n(12), to_ok=n(19)) in paragraph(
        c, threshold=1e9)  # fmt: skip
    without = prose.failure_paragraph(Discovery([net, farm], False, 0.0, 256, 206, empty, SPACE,
                                                None, near={net: 78}), "MoU", lang)  # fmt: skip
    assert BT.t("fails.near", lang, parts=BT.t("fails.count", lang, what=what, k="78")) in without
    assert BT.t("fails.confirmed", lang, sets="0", within="2", more="4", runs="5", x=zero,
                second="", changed="0", to_fail="0", to_ok="0")[:12] not in without  # fmt: skip
    none = dict(c, undecided_sets=0, undecided={net: 0, farm: 0})
    assert BT.t("fails.undecided_none", lang, x=zero, k2="31", wrong="10") in paragraph(none)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_brief_method_note_says_the_sets_near_the_threshold_run_on_more_pairs(lang):
    """fails.method_space says one pair per set and, with a confirmation, that a set near the
    threshold runs on 5 pairs and is counted by their average; without one it does not."""
    from types import SimpleNamespace

    from sim.brief import text as BT
    from sim.brief.screening import Discovery
    from sim.brief.sections import _discovery_method

    empty = pd.DataFrame()
    sample = {"points": 256, "assumptions": 12, "members": 0}
    c = {"seeds": 4, "seed_sd": {"y": 1.0}}
    for conf, says in ((c, True), (None, False)):
        d = Discovery(["y"], False, 0.0, 256, 1, empty, SPACE, sample, confirmation=conf)
        text = _discovery_method(SimpleNamespace(discovery=d, spec={"factors": []}), lang)
        assert (BT.t("fails.method_confirm", lang, runs="5") in text) is says


def test_moderated_se_shrinks_each_sets_variance_toward_the_pooled_one():
    """(d0 s0² + d s²) / (d0 + d) / n: half and half for 5 seeds and 4 prior d.f.; the set's
    own with no prior d.f.; the pooled one where the set's equals it."""
    from sim.discovery import CONFIRM_PRIOR_DF, moderated_se

    var, n = pd.Series([0.01, 4.0, 1.0]), pd.Series([5, 5, 5])
    assert CONFIRM_PRIOR_DF == 4
    se = moderated_se(var, n, 1.0)
    assert se.to_numpy() == pytest.approx(np.sqrt((1 + var.to_numpy()) / 2 / 5))
    assert moderated_se(var, n, 1.0, prior_df=0).to_numpy() == pytest.approx(np.sqrt(var / 5))
    assert se[2] == pytest.approx(np.sqrt(1 / 5))


def test_label_resampling_measures_how_far_counts_and_limit_rest_on_seed_noise():
    """With no noise every draw gives the reported count and keeps the limit; with a noise far
    larger than the effects the count spreads and the limit is rarely kept; the same seed
    gives the same draws."""
    from sim.discovery import label_resampling

    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((120, 3)), columns=["a", "b", "c"])
    mean = pd.DataFrame({"y": x["a"] - 0.3})  # fails where a <= 0.3
    y = failures(mean, ["y"], 0.0)
    scan = threshold_scan(x, y, permutations=9)
    assert (scan["parameter"], scan["side"]) == ("a", "below")
    exact = label_resampling(x, mean, pd.DataFrame({"y": np.zeros(120)}), ["y"], 0.0, False,
                             scan, 3, draws=20)  # fmt: skip
    assert exact["failures_p5"] == exact["failures_p95"] == y.sum() and exact["limit_kept"] == 1
    noisy = pd.DataFrame({"y": np.full(120, 50.0)})
    wide = label_resampling(x, mean, noisy, ["y"], 0.0, False, scan, 3, draws=20)
    assert wide["failures_p95"] - wide["failures_p5"] > 10 and wide["limit_kept"] < 0.5
    assert label_resampling(x, mean, noisy, ["y"], 0.0, False, scan, 3, draws=20) == wide
    assert (
        label_resampling(x, mean, noisy, ["y"], 0.0, False, None, 3, draws=5)["limit_kept"] is None
    )


def test_confirm_seeds_is_refused_where_no_set_is_sampled(noisy_screening, tmp_path, capsys):
    """A non-zero --confirm-seeds with --sample 0 or a folder that is not a screening would be
    ignored: it is refused in one line naming the option (exit 2); left out, its default
    applies only where there is a sample, and 0 is accepted everywhere."""
    from sim.cli import main

    x, effect = planted_sample(n=60)
    write_folder(tmp_path / "given", x, effect)
    for argv in ([str(noisy_screening), "--sample", "0"], [str(tmp_path / "given")]):
        assert main(["discover", *argv, "--confirm-seeds", "4", "--out", str(tmp_path / "x")]) == 2
        err = capsys.readouterr().err
        assert "--confirm-seeds" in err and err.count("\n") == 1
        assert not (tmp_path / "x").exists()
    for i, extra in enumerate(([], ["--confirm-seeds", "0"])):
        out = tmp_path / f"ok{i}"
        argv = ["discover", str(tmp_path / "given"), "--kpi", "effect", "--out", str(out)]
        assert main([*argv, *extra]) == 0
        assert "confirm" not in json.loads((out / "discovery.json").read_text())
