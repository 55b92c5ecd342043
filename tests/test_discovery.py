"""Scenario discovery (sim.discovery): PRIM finds a planted box, reports the plain cases
honestly, works on a sensitivity folder, and stops bad input with one line."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim.discovery import choose_box, failures, find_boxes, paragraph, run_discovery
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
                     (np.ones(100, bool), "fails everywhere")):  # fmt: skip
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
    out = run_discovery(tmp_path / "s", kpis=["effect"], quiet=True)
    assert set(out["boxes"][0]["restricted"]) == {"x1", "x2"}
    assert out["boxes"][0]["density"] == 1.0


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
        return {"restricted": [key], "coverage": 0.6, "density": 0.9, "mass": 0.3,
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
