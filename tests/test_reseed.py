"""The seed check of a screening (sim.reseed): which steps it re-runs and with which seeds,
planted re-run effects (kept, flipped, shrunk), a known function through the whole screening
and its rerun, and a resumed folder from before the check."""

import json

import pandas as pd
import pytest

from sim.experiment import rerun, spawn_seeds
from sim.halves import elementary_effects, steps
from sim.reseed import (
    HELD_SIZE,
    RESEED_STEPS,
    analyse_reseed,
    chosen_steps,
    reseed_seeds,
    reseed_tasks,
    with_reseed,
)
from sim.sensitivity import NOISE, _prepare, _tasks, analyse_morris, execute, problem
from sim.testfunctions import LINEAR_COEFFICIENTS

from .test_halves import planted
from .test_sensitivity import spec_for


def test_the_other_seeds_are_none_of_the_screenings():
    seeds = spawn_seeds(3, 6)
    for s in seeds:
        others = reseed_seeds(s, 4, 2)
        noise = spawn_seeds(s, 4)
        assert len(others) == 2 and not set(others) & (set(noise) | set(seeds))
        assert reseed_seeds(s, 4, 3)[:2] == others  # more seeds extend, not replace


def test_planted_re_runs_hold_flip_or_shrink():
    """6 trajectories; x1's effect 1 + t (t the trajectory), x2's 3 everywhere, x3's 2; the
    check picks each one's 3 largest steps (x1: trajectories 5, 4, 3). Re-run on 2 seeds with
    x1's steps kept, x2's sign flipped and x3's shrunk to 0.4 of their size on the first
    seed and 0.6 on the second: x1 held (6 of 6), x2 seed-decided (0 of 6), x3 seed-decided
    (3 of 6 hold: 0.6 is above HELD_SIZE, 0.4 below)."""
    assert 0.4 < HELD_SIZE < 0.6
    spec = spec_for("unused", ["x1", "x2", "x3"], trajectories=6, dummy=False, noise=True)
    effects = {"x1": lambda t: 1.0 + t, "x2": lambda t: 3.0, "x3": lambda t: 2.0,
               NOISE: lambda t: 0.1}  # fmt: skip
    design, y = planted(spec, effects)
    morris = analyse_morris(spec, design, y, ["y"])
    prob = problem(pd.DataFrame(spec["factors"]), False, True)
    names, bounds = prob["names"], prob["bounds"]
    start, sign = steps(names, bounds, design)
    ee = {"y": elementary_effects(names, bounds, 4, design, y["y"].to_numpy())}
    chosen = chosen_steps(morris, ee, names)
    assert len(chosen) == 3 * RESEED_STEPS
    assert list(chosen.loc[chosen["parameter"] == "x1", "trajectory"]) == [5, 4, 3]
    tasks = _tasks(design, spawn_seeds(3, 7), len(names) + 1, pd.DataFrame(spec["factors"]), {},
                   levels=4)  # fmt: skip
    todo = reseed_tasks(tasks, chosen, start, names, spawn_seeds(3, 7), 4, 2, {})
    assert len({(t["point"], t["replicate"]) for t in todo}) == len(todo) <= 9 * 2 * 2
    factor = {"x1": (1.0, 1.0), "x2": (-1.0, -1.0), "x3": (0.4, 0.6)}
    rows = []
    for task in todo:  # each re-run step's end moves y by factor x the original change
        point, r = task["point"], task["replicate"]
        rows.append({"point": point, "replicate": r, "y": 0.0})
    rerun_y = pd.DataFrame(rows).set_index(["point", "replicate"])
    for row in chosen.itertuples():
        first = int(start[row.trajectory, names.index(row.parameter)])
        for r in (1, 2):
            change = y["y"].iloc[first + 1] - y["y"].iloc[first]
            rerun_y.loc[(first, r), "y"] = 100.0
            rerun_y.loc[(first + 1, r), "y"] = 100.0 + factor[row.parameter][r - 1] * change
    table = analyse_reseed(chosen, ee, start, sign, names, 4, rerun_y.reset_index())
    m = with_reseed(morris, table).set_index("parameter")
    assert m.loc["x1", "seed_check"] == "held" and m.loc["x1", "seed_held_share"] == 1.0
    assert m.loc["x2", "seed_check"] == "seed-decided" and m.loc["x2", "seed_held_share"] == 0.0
    assert m.loc["x3", "seed_held_share"] == pytest.approx(0.5)
    assert m.loc["x3", "seed_check"] == "seed-decided"
    assert m.loc[NOISE, "seed_check"] == "" and m.loc[NOISE, "seed_runs"] == 0
    assert (table.loc[table["parameter"] == "x2", "ee_reseeded"] < 0).all()


def test_a_known_function_through_the_whole_screening_and_its_rerun(tmp_path):
    """Linear + seed noise: with common random numbers a step's effect is exact on any seed,
    so every checked driver holds; the check's runs are its own (other seeds, their own
    folder), and rerun reproduces reseed.csv and morris.csv bit for bit."""
    spec = dict(spec_for("sim.testfunctions:noisy_linear", list(LINEAR_COEFFICIENTS),
                         trajectories=6, noise=True), reseed=2)  # fmt: skip
    out = execute(spec, tmp_path / "s", workers=1, progress=False, quiet=True)
    m = out["morris"].set_index("parameter")
    checked = m[m["seed_runs"] > 0]
    assert list(checked.index) == ["x1", "x2", "x3"]
    assert (checked["seed_check"] == "held").all() and (checked["seed_held_share"] == 1).all()
    assert (checked["seed_runs"] == RESEED_STEPS * 2).all()
    table = pd.read_csv(tmp_path / "s" / "reseed.csv")
    assert len(table) == 3 * RESEED_STEPS * 2 and table["holds"].all()
    runs = pd.concat(pd.read_parquet(p) for p in (tmp_path / "s" / "reseed" / "runs").iterdir())
    assert not set(runs["seed"]) & set(out["effects"]["seed"])
    text = (tmp_path / "s" / "drivers.md").read_text()
    assert "Seed check: each KPI's top 3 drivers" in text
    assert f"({len(runs)} paired runs" in text  # each re-run step's two points
    assert "seed-decided: its largest steps" not in text
    folder, same, differ = rerun(tmp_path / "s", out=tmp_path / "again", workers=1)
    assert same, differ


def test_a_folder_from_before_the_check_resumes_without_it(tmp_path):
    spec = dict(spec_for("sim.testfunctions:linear", ["x1"], trajectories=6, noise=True),
                reseed=2)  # fmt: skip
    folder = tmp_path / "old"
    folder.mkdir()
    old = {k: v for k, v in spec.items() if k != "reseed"}
    (folder / "manifest.json").write_text(json.dumps({"spec": old}))
    assert _prepare(spec, folder, True, {})["reseed"] == 0
