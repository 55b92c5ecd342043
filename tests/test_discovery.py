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
