"""The split-half check of a screening (sim.halves): the splits, the elementary effects
against SALib's, planted answers (a driver everywhere, a two-sided one, one of one trajectory,
one that only a pooled floor would pass), a known function through the whole screening, and
a resumed folder from before the check."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from sim.halves import analyse_halves, elementary_effects, splits, with_halves
from sim.sensitivity import NOISE, _prepare, analyse_morris, execute, morris_design, problem
from sim.testfunctions import LINEAR_COEFFICIENTS

from .test_sensitivity import spec_for


@pytest.mark.parametrize("t", [6, 7, 10, 11, 40])
def test_the_splits_are_every_split_once_or_a_seeded_draw(t):
    masks = splits(t, seed=3)
    first = t // 2
    assert (masks.sum(axis=1) == first).all()
    whole = math.comb(t, first) // (2 if 2 * first == t else 1)
    if whole <= 500:
        assert len(masks) == whole and len({m.tobytes() for m in masks}) == whole
        if 2 * first == t:  # a split and its mirror are one split
            assert masks[:, 0].all()
    else:
        assert len(masks) == 500 and (masks == splits(t, seed=3)).all()
        assert not (masks == splits(t, seed=4)).all()


def planted(spec, effects):
    """A design of ``spec`` and outputs whose elementary effect for factor f in trajectory t
    is ``effects[f](t)`` (per unit of the factor's unit-scaled step)."""
    design = morris_design(spec)
    prob = problem(pd.DataFrame(spec["factors"]), spec["dummy"], spec["noise"])
    lo, hi = (np.array([b[i] for b in prob["bounds"]]) for i in (0, 1))
    scaled = (design.to_numpy(float) - lo) / (hi - lo)
    per = len(prob["names"]) + 1
    y = np.zeros(len(design))
    for j in range(len(design)):
        if j % per:
            step = scaled[j] - scaled[j - 1]
            k = int(np.argmax(np.abs(step)))
            y[j] = y[j - 1] + effects[prob["names"][k]](j // per) * step[k]
    return design, pd.DataFrame({"y": y})


def test_planted_drivers_get_their_reading():
    """8 trajectories (35 splits): the noise factor's steps move y by 1 in trajectories 0-3 and
    by 4 in 4-7 (pooled floor 2.5; a half's floor 1 + 0.75 a, a its trajectories from 4-7).
    x1 (6 everywhere) is reproduced, "+"; x2 (+6 in 0-3, -6 in 4-7) is reproduced and two-sided;
    x3 (20 in trajectory 0, 0.5 elsewhere: pooled mu* 2.94, above the pooled floor) fails
    every split, the half without trajectory 0 being below its floor; x4 (3 everywhere) passes
    only the 18 splits with two of 4-7 a half (18/35: undecided), though always above a pooled
    floor. The elementary effects are SALib's."""
    spec = spec_for("unused", ["x1", "x2", "x3", "x4"], trajectories=8, dummy=False,
                    noise=True, halves=True)  # fmt: skip
    effects = {"x1": lambda t: 6.0, "x2": lambda t: 6.0 if t < 4 else -6.0,
               "x3": lambda t: 20.0 if t == 0 else 0.5, "x4": lambda t: 3.0,
               NOISE: lambda t: 1.0 if t < 4 else 4.0}  # fmt: skip
    design, y = planted(spec, effects)
    pooled = analyse_morris(spec, design, y, ["y"])
    prob = problem(pd.DataFrame(spec["factors"]), False, True)
    ee = elementary_effects(prob["names"], prob["bounds"], 4, design, y["y"].to_numpy())
    m = pooled.set_index("parameter").loc[prob["names"]]
    assert np.abs(ee).mean(axis=0) == pytest.approx(m["mu_star"].to_numpy(), rel=1e-12)
    assert ee.mean(axis=0) == pytest.approx(m["mu"].to_numpy(), rel=1e-12, abs=1e-12)
    per_factor, per_kpi = analyse_halves(spec, design, y, ["y"])
    out = with_halves(pooled, per_factor).set_index("parameter")
    assert list(pooled.columns) == list(out.reset_index().columns[: len(pooled.columns)])
    assert out.loc[["x1", "x2", "x3", "x4"], "above_noise"].all()
    assert out.loc["x1", "reproduced"] == "yes" and out.loc["x1", "direction"] == "+"
    assert out.loc["x2", "reproduced"] == "yes" and out.loc["x2", "direction"] == "mixed"
    assert out.loc["x3", "reproduced_share"] == 0.0 and out.loc["x3", "reproduced"] == "no"
    assert out.loc["x4", "reproduced_share"] == pytest.approx(18 / 35)
    assert out.loc["x4", "reproduced"] == "undecided"
    assert out.loc[NOISE, "reproduced"] == "no"
    row = per_kpi.iloc[0]
    assert row["splits"] == 35 and row["top"] == 4 and row["top_overlap"] == 4.0
    # floors 1 + 0.75 a and 1 + 0.75 (4 - a): the median ratio over the splits' a
    a = np.array([m[4:].sum() for m in splits(8, 3)])
    ratio = np.maximum(1 + 0.75 * a, 4 - 0.75 * a) / np.minimum(1 + 0.75 * a, 4 - 0.75 * a)
    assert row["floor_ratio_median"] == pytest.approx(np.median(ratio))


def test_a_known_function_through_the_whole_screening(tmp_path):
    """Linear + seed noise (sd 0.5), 40 trajectories (500 drawn splits of 20 and 20): x1, x2,
    x3 (mu* 8, 4, 2 against a floor of ~0.85) are reproduced with the coefficient's sign;
    x4 (0.5), x5 (0), the dummy and the noise factor are not; the pooled columns are those of
    the same screening without the check; drivers.md states the check."""
    spec = spec_for("sim.testfunctions:noisy_linear", list(LINEAR_COEFFICIENTS),
                    trajectories=40, noise=True, halves=True)  # fmt: skip
    out = execute(spec, tmp_path / "s", workers=1, progress=False, quiet=True)
    m = out["morris"].set_index("parameter")
    assert list(m.index[m["reproduced"] == "yes"]) == ["x1", "x2", "x3"]
    assert (m.loc[["x4", "x5", "dummy", NOISE], "reproduced"] == "no").all()
    assert list(m.loc[["x1", "x2", "x3", "x4"], "direction"]) == ["+", "-", "+", "+"]
    assert m.loc["x5", "direction"] == "none"
    plain = execute(dict(spec, halves=False), tmp_path / "p", workers=1, progress=False,
                    quiet=True)["morris"]  # fmt: skip
    pd.testing.assert_frame_equal(out["morris"][plain.columns], plain)
    assert not (tmp_path / "p" / "halves.csv").exists()
    halves = pd.read_csv(tmp_path / "s" / "halves.csv")
    assert list(halves["splits"]) == [500]
    text = (tmp_path / "s" / "drivers.md").read_text()
    assert "Split-half check (500 splits of the trajectories into 20 and 20" in text


def test_an_odd_number_of_trajectories_splits_into_unequal_halves(tmp_path):
    spec = spec_for("sim.testfunctions:noisy_linear", list(LINEAR_COEFFICIENTS),
                    trajectories=7, noise=True, halves=True)  # fmt: skip
    out = execute(spec, tmp_path / "s", workers=1, progress=False, quiet=True)
    assert list(out["halves"]["splits"]) == [math.comb(7, 3)]
    assert "into 3 and 4" in (tmp_path / "s" / "drivers.md").read_text()


def test_a_folder_from_before_the_check_resumes_without_it(tmp_path):
    """The check makes no runs: resuming a screening whose manifest predates it (noise factor,
    no "halves" key) is allowed and keeps the folder's value (no check), which is what its
    rerun reproduces; a key that decides the runs still stops the resume."""
    from sim.errors import ConfigError

    spec = spec_for("sim.testfunctions:linear", ["x1", "x2"], trajectories=6, noise=True,
                    halves=True)  # fmt: skip
    folder = tmp_path / "old"
    folder.mkdir()
    old = {k: v for k, v in spec.items() if k != "halves"}
    (folder / "manifest.json").write_text(json.dumps({"spec": old}))
    assert _prepare(spec, folder, True, {})["halves"] is False
    with pytest.raises(ConfigError, match="differs in: trajectories"):
        _prepare(dict(spec, trajectories=8), folder, True, {})


def test_the_readings_at_their_bounds():
    """reproduced: "yes" from 0.8, "no" up to 0.2; direction from |mu| = mu*/2 (three quarters
    of the absolute effects one way), "none" for a factor that never moves the output."""
    from sim.halves import direction, reading

    assert [reading(x) for x in (0.8, 0.79, 0.5, 0.21, 0.2, 0.0)] == [
        "yes", "undecided", "undecided", "undecided", "no", "no"
    ]  # fmt: skip
    assert direction(0.6, 1.0) == "+" and direction(-0.6, 1.0) == "-"
    assert direction(0.5, 1.0) == "+" and direction(0.4, 1.0) == "mixed"
    assert direction(-0.4, 1.0) == "mixed" and direction(0.0, 0.0) == "none"
