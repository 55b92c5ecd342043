"""The seed check of a screening (sim.reseed): which steps it re-runs and with which seeds,
planted re-run effects (kept, flipped, shrunk, a one-step driver and its mirror, the 0.8
boundary, a re-run without the KPI), a function whose effect's sign the seed decides through
the whole screening, resume and rerun, and folders without the check."""

import json

import numpy as np
import pandas as pd
import pytest

from sim.experiment import rerun, spawn_seeds
from sim.halves import elementary_effects, steps
from sim.reseed import (
    RULE,
    analyse_reseed,
    chosen_steps,
    paired_runs,
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
        assert len(set(others)) == 2 and not set(others) & (set(noise) | set(seeds))
        assert reseed_seeds(s, 4, 3)[:2] == others  # more seeds extend, not replace


# each factor's elementary effect in trajectory t, and what its re-runs do to each chosen step
# (a factor per re-run seed, on the step's change in the screening): kept, flipped, shrunk
# (the sign kept), a one-step driver whose big step reverses, its mirror, and the boundary
EFFECTS = {"x1": lambda t: 6.0, "x2": lambda t: 6.0, "x3": lambda t: 6.0,
           "x4": lambda t: 30.0 if t == 0 else 1.0, "x5": lambda t: 30.0 if t == 0 else 1.0,
           "x6": lambda t: 4.0 if t < 2 else 2.0, "x7": lambda t: 6.0, "x8": lambda t: 6.0 + t,
           "x9": lambda t: 6.0, "x10": lambda t: 6.0, NOISE: lambda t: 50.0}  # fmt: skip
RERUN = {"x1": lambda t: (1.0, 1.0), "x2": lambda t: (-1.0, -1.0), "x3": lambda t: (0.4, 0.6),
         "x4": lambda t: (-1.0, -1.0) if t == 0 else (1.0, 1.0),
         "x5": lambda t: (1.0, 1.0) if t == 0 else (-1.0, -1.0),
         "x6": lambda t: (1.0, 1.0) if t < 2 else (-1.0, -1.0),
         "x7": lambda t: (3.0, -1.0), "x8": lambda t: (1.0, 1.0) if t == 5 else (1.0, -1.0),
         "x9": lambda t: (0.05, 0.05), "x10": lambda t: (0.0, 0.0)}  # fmt: skip


def test_planted_re_runs_get_their_verdicts():
    """Re-runs weighted by their step's size in the screening, read for sign: kept (x1) held
    but for one re-run without the KPI (undecided);
    flipped (x2) seed-decided; shrunk to 0.4 and 0.6 with the sign (x3) held, with 50% of its
    size kept; a one-step driver (30 against 1 and 1) whose big step reverses (x4)
    seed-decided though two of its three steps hold, and its mirror (x5) held; steps of 4, 4
    and 2 with the 2 reversed (x6) exactly at 0.8: held; the sign kept on one seed of two
    (x7) exactly at 0.5: seed-decided; between (x8): undecided; every sign kept but 5% of
    the size (x9) and no effect at all (x10): seed-decided. The noise factor, ranked first,
    is never checked."""
    spec = spec_for("unused", [f"x{i}" for i in range(1, 11)], trajectories=6, dummy=False,
                    noise=True)  # fmt: skip
    design, y = planted(spec, EFFECTS)
    morris = analyse_morris(spec, design, y, ["y"])
    assert morris.set_index("parameter").loc[NOISE, "rank"] == 1
    prob = problem(pd.DataFrame(spec["factors"]), False, True)
    names, bounds = prob["names"], prob["bounds"]
    start, sign = steps(names, bounds, design)
    ee = {"y": elementary_effects(names, bounds, 4, design, y["y"].to_numpy())}
    rule = dict(RULE, top=10)  # every factor
    chosen = chosen_steps(morris, ee, names, rule)
    assert NOISE not in set(chosen["parameter"]) and len(chosen) == 10 * 3
    assert list(chosen.loc[chosen["parameter"] == "x4", "trajectory"])[0] == 0
    seeds = spawn_seeds(3, 7)
    tasks = _tasks(design, seeds, len(names) + 1, pd.DataFrame(spec["factors"]), {}, levels=4)
    todo = reseed_tasks(tasks, chosen, start, names, seeds, 4, 2, {})
    assert len({t["run_id"] for t in todo}) == len(todo)
    # each re-run seed's outputs along each trajectory (a point is the end of one step and
    # the start of the next): the screening's changes, times RERUN's factor on chosen steps
    checked = set(zip(chosen["parameter"], chosen["trajectory"], strict=True))
    values, per = {}, len(names) + 1
    for t in range(start.shape[0]):
        mover = {int(start[t, j]): names[j] for j in range(len(names))}
        for r in (1, 2):
            value = values[(t * per, r)] = 100.0
            for j in range(t * per, t * per + per - 1):
                name = mover[j]
                f = RERUN[name](t)[r - 1] if (name, t) in checked else 1.0
                value += f * (y["y"].iloc[j + 1] - y["y"].iloc[j])
                values[(j + 1, r)] = value
    rerun_y = pd.DataFrame([{"point": t["point"], "replicate": t["replicate"],
                             "y": values[(t["point"], t["replicate"])]} for t in todo])  # fmt: skip
    rerun_y = rerun_y.set_index(["point", "replicate"])
    first_x1 = int(start[chosen.loc[chosen["parameter"] == "x1", "trajectory"].iloc[0], 0])
    rerun_y.loc[(first_x1 + 1, 2), "y"] = np.nan  # x1's first step's second re-run: no KPI
    table = analyse_reseed(chosen, ee, start, sign, names, 4, rerun_y.reset_index())
    assert paired_runs(table) == len(todo)
    m = with_reseed(morris, table, rule).set_index("parameter")
    share, verdict = m["seed_held_share"], m["seed_check"]
    # a re-run without the KPI: left out of the share, counted, and no "held" with one missing
    assert share["x1"] == 1.0 and m.loc["x1", "seed_runs"] == 5
    assert m.loc["x1", "seed_missing"] == 1 and verdict["x1"] == "undecided"
    assert share["x2"] == 0.0 and verdict["x2"] == "seed-decided"
    assert share["x3"] == 1.0 and verdict["x3"] == "held"
    assert m.loc["x3", "seed_kept"] == pytest.approx(0.5)
    assert share["x4"] == pytest.approx(2 / 32) and verdict["x4"] == "seed-decided"
    assert share["x5"] == pytest.approx(30 / 32) and verdict["x5"] == "held"
    assert share["x6"] == pytest.approx(0.8) and verdict["x6"] == "held"
    assert m.loc["x2", "seed_kept"] == pytest.approx(-1.0)  # reversed: below 0
    # x7: the sign held on one seed of two (share 0.5, the bound, with size kept: 1.0)
    assert share["x7"] == pytest.approx(0.5) and verdict["x7"] == "seed-decided"
    assert m.loc["x7", "seed_kept"] == pytest.approx(1.0)
    # x8 (steps 11, 10, 9): the largest keeps its sign on both seeds, the others on one
    assert share["x8"] == pytest.approx((22 + 10 + 9) / 60) and verdict["x8"] == "undecided"
    # x9: every sign kept, 5% of the size: nothing left of the effect
    assert share["x9"] == 1.0 and m.loc["x9", "seed_kept"] == pytest.approx(0.05)
    assert verdict["x9"] == "seed-decided"
    assert share["x10"] == 0.0 and verdict["x10"] == "seed-decided"  # no effect: no sign
    assert verdict[NOISE] == "" and m.loc[NOISE, "seed_runs"] == 0
    # the rule is the one given: with a bar above 1 nothing is held
    strict = with_reseed(morris, table, dict(rule, held_min=1.01)).set_index("parameter")
    assert "held" not in set(strict["seed_check"]) and strict.loc["x3", "seed_check"] == "undecided"


def test_a_seed_decided_effect_through_the_whole_screening(tmp_path):
    """y = 3 x1 z(seed) + x2: x1's steps are large in every trajectory with the sign of the
    trajectory's draw, so it is well above the noise floor, yet the check must not call it
    held; x2 (1 on any seed) is held with all its size. Each re-run seed is another seed (x1's
    re-run effects differ). A job killed in the check resumes to the same tables, and rerun
    reproduces them bit for bit."""
    spec = dict(spec_for("sim.testfunctions:seed_interaction", ["x1", "x2"], trajectories=6,
                         noise=True), reseed=4)  # fmt: skip
    out = execute(spec, tmp_path / "s", workers=1, progress=False, quiet=True)
    m = out["morris"].set_index("parameter")
    assert m.loc["x1", "above_noise"] and m.loc["x1", "seed_check"] != "held"
    assert m.loc["x1", "seed_held_share"] < RULE["held_min"]
    assert m.loc["x2", "seed_check"] == "held" and m.loc["x2", "seed_kept"] == pytest.approx(1)
    table = pd.read_csv(tmp_path / "s" / "reseed.csv")
    x1 = table[table["parameter"] == "x1"]
    assert x1.groupby("point")["ee_reseeded"].nunique().min() == 4  # four other seeds
    runs = tmp_path / "s" / "reseed" / "runs"
    assert len(list(runs.iterdir())) == paired_runs(table)
    text = (tmp_path / "s" / "drivers.md").read_text()
    assert f"({paired_runs(table)} paired runs" in text
    before = (
        (tmp_path / "s" / "reseed.csv").read_bytes(),
        (tmp_path / "s" / "morris.csv").read_bytes(),
    )
    for f in sorted(runs.iterdir())[::2]:  # a job killed inside the check
        f.unlink()
    (tmp_path / "s" / "reseed.csv").unlink()
    execute(spec, tmp_path / "s", workers=1, resume=True, progress=False, quiet=True)
    after = (
        (tmp_path / "s" / "reseed.csv").read_bytes(),
        (tmp_path / "s" / "morris.csv").read_bytes(),
    )
    assert after == before
    folder, same, differ = rerun(tmp_path / "s", out=tmp_path / "again", workers=1)
    assert same, differ
    # the spec's rule decides (and a rerun would read the runs with it): nothing held above 1
    strict = dict(spec, reseed_rule=dict(RULE, held_min=1.01))
    out = execute(strict, tmp_path / "strict", workers=1, progress=False, quiet=True)
    assert out["morris"].set_index("parameter").loc["x2", "seed_check"] == "undecided"


def test_a_new_screening_records_the_rule():
    from sim.sensitivity import model_spec

    from .conftest import BASELINE, MOU

    spec = model_spec(str(BASELINE), str(MOU), trajectories=2, days=2, scale=0.01,
                      only=["market.market_fee_share"], sobol_top=0)  # fmt: skip
    assert spec["reseed"] == 4 and spec["reseed_rule"] == RULE
    assert model_spec(str(BASELINE), str(MOU), trajectories=2, days=2, scale=0.01, reseed=0,
                      only=["market.market_fee_share"], sobol_top=0)["reseed_rule"] is None  # fmt: skip


def test_without_the_check_there_are_no_seed_columns(tmp_path):
    spec = spec_for("sim.testfunctions:noisy_linear", list(LINEAR_COEFFICIENTS), trajectories=6,
                    noise=True)  # fmt: skip
    out = execute(dict(spec, reseed=0), tmp_path / "s", workers=1, progress=False, quiet=True)
    assert not {"seed_runs", "seed_check"} & set(out["morris"].columns)
    assert not (tmp_path / "s" / "reseed.csv").exists()
    assert "Seed check" not in (tmp_path / "s" / "drivers.md").read_text()


def test_a_folder_from_before_the_check_resumes_without_it(tmp_path):
    spec = dict(spec_for("sim.testfunctions:linear", ["x1"], trajectories=6, noise=True),
                reseed=2, reseed_rule=dict(RULE))  # fmt: skip
    folder = tmp_path / "old"
    folder.mkdir()
    old = {k: v for k, v in spec.items() if k not in ("reseed", "reseed_rule")}
    (folder / "manifest.json").write_text(json.dumps({"spec": old}))
    kept = _prepare(spec, folder, True, {})
    assert kept["reseed"] == 0 and kept["reseed_rule"] is None


def test_a_check_with_no_step_adds_empty_columns():
    """No driver moves any KPI (every mu* 0): nothing is re-run, and morris.csv gets the seed
    columns empty rather than the check failing."""
    from sim.reseed import STEP_COLUMNS

    morris = pd.DataFrame({"parameter": ["x1", NOISE], "kpi": "y", "mu_star": 0.0, "rank": [1, 2]})
    ee = {"y": np.zeros((6, 2))}
    chosen = chosen_steps(morris, ee, ["x1", NOISE])
    assert chosen.empty
    table = analyse_reseed(chosen, ee, np.zeros((6, 2), int), np.ones((6, 2)), ["x1", NOISE], 4,
                           None)  # fmt: skip
    assert list(table.columns) == STEP_COLUMNS and table.empty
    out = with_reseed(morris, table)
    assert list(out["seed_check"]) == ["", ""] and list(out["seed_runs"]) == [0, 0]
