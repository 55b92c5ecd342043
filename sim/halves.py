"""The split-half check of a Morris screening (:mod:`sim.sensitivity`): would half of the
trajectories have found the same drivers?

A screening's trajectories are independent (SALib draws each non-optimised trajectory on its
own, and each has its own seed spawned from the root seed), so any split of them into two
halves gives two independent smaller screenings of the same model. For every such split (all
of them up to :data:`SPLITS_MAX`, else that many drawn from the root seed), each half is
analysed against its own noise floor (the ``noise_seed`` factor's mu* in that half): an
assumption passes a split when both halves find its mu* above their own floor. Its
``reproduced_share`` is the share of the splits it passes, and ``reproduced`` reads it:
"yes" from :data:`REPRODUCED_MIN`, "no" up to :data:`NOT_REPRODUCED_MAX`, "undecided"
between. The direction is reported apart (:func:`direction`), from the pooled elementary
effects: a driver whose effects go both ways moves the result a lot without a sign, and no
number of trajectories gives it one.

What it can and cannot show (referee, docs/reviews/2026-12-06-split-half-review.md, by
simulation at five trajectories a half): passing is "not contradicted by the halves", weaker
than confirmed: about 12% of factors whose effects are no larger than the noise pass a given
split; a monotone driver at twice the floor fails 7-29% of splits, one at five times ~1%; a
driver made by one step of one trajectory (a local effect) fails most splits whatever its size.
It makes no runs: it re-reads the screening's elementary effects.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

HALVES_MIN = 6  # trajectories: three a half at least (a floor of two draws says little)
SPLITS_MAX = 500  # splits enumerated up to this many (126 at 10 trajectories), else drawn
REPRODUCED_MIN, NOT_REPRODUCED_MAX = 0.8, 0.2  # shares of the splits: "yes" / "no"
DIRECTION_MIN = 0.5  # |mu| / mu* from which the effects have a direction (3/4 of |EE| one way)
TOP_OVERLAP = 10  # the halves' top sets compared


def steps(names: list[str], bounds: list, design: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Where each factor steps in each trajectory of a Morris ``design`` (``names`` and
    ``bounds``: the problem's, :func:`sim.sensitivity.problem`): (trajectories, factors)
    arrays of the design row the step starts from (it ends on the next) and the step's sign
    on the unit-scaled grid."""
    lo, hi = (np.array([b[i] for b in bounds], float) for i in (0, 1))
    x = (design[names].to_numpy(float) - lo) / (hi - lo)
    k = len(names)
    t_count = len(x) // (k + 1)
    start, sign = np.zeros((t_count, k), int), np.zeros((t_count, k))
    for t in range(t_count):
        base = t * (k + 1)
        step = np.diff(x[base : base + k + 1], axis=0)  # one factor moves in each row
        moved = np.abs(step).argmax(axis=1)
        start[t, moved] = base + np.arange(k)
        sign[t, moved] = np.sign(step[np.arange(k), moved])
    return start, sign


def elementary_effects(names: list[str], bounds: list, levels: int, design: pd.DataFrame,
                       y: np.ndarray) -> np.ndarray:  # fmt: skip
    """The Morris elementary effects as SALib computes them: (trajectories, factors), each the
    change of ``y`` over a step of one factor divided by the step on the unit-scaled grid
    (:func:`grid_step`), signed by the step's direction (:func:`steps`)."""
    start, sign = steps(names, bounds, design)
    return (y[start + 1] - y[start]) / grid_step(levels) * sign


def grid_step(levels: int) -> float:
    """A Morris step on the unit-scaled grid of ``levels`` levels (SALib's delta)."""
    return levels / (2.0 * (levels - 1))


def splits(trajectories: int, seed: int) -> np.ndarray:
    """The splits into halves (``trajectories // 2`` and the rest) as rows of a boolean mask
    over the trajectories (True: the first half): all of them, each once (with halves of
    equal size, the first trajectory is always in the first half), or :data:`SPLITS_MAX`
    drawn with the root ``seed`` where there are more."""
    first = trajectories // 2
    count = math.comb(trajectories, first) // (2 if 2 * first == trajectories else 1)
    if count <= SPLITS_MAX:
        combos = itertools.combinations(range(trajectories), first)
        rows = [c for c in combos if 2 * first != trajectories or 0 in c]
    else:
        rng = np.random.default_rng(seed)
        rows = [rng.choice(trajectories, first, replace=False) for _ in range(SPLITS_MAX)]
    mask = np.zeros((len(rows), trajectories), bool)
    for i, r in enumerate(rows):
        mask[i, list(r)] = True
    return mask


def direction(mu: float, mu_star: float) -> str:
    """ "+" or "-" when at least :data:`DIRECTION_MIN` of mu* is mu (three quarters of the
    absolute elementary effects one way), "mixed" when the effects go both ways, "none"
    for a factor that never moves the output."""
    if not mu_star > 0:
        return "none"
    if abs(mu) >= DIRECTION_MIN * mu_star:
        return "+" if mu > 0 else "-"
    return "mixed"


def check_kpi(ee: np.ndarray, noise: int, controls: list[int], masks: np.ndarray) -> dict:
    """One KPI's check from its elementary effects ``ee`` (trajectories, factors): per factor,
    the share of the ``masks``' splits where both halves find its mu* above their own floor
    (the mu* of column ``noise``); per KPI, the mean count of the halves' top
    :data:`TOP_OVERLAP` assumptions they share and the median ratio of their floors."""
    a = np.abs(ee)
    one = masks.astype(float)
    mu1 = one @ a / one.sum(axis=1, keepdims=True)
    mu2 = (1.0 - one) @ a / (1.0 - one).sum(axis=1, keepdims=True)
    passes = (mu1 > mu1[:, [noise]]) & (mu2 > mu2[:, [noise]])
    keep = np.array([j for j in range(ee.shape[1]) if j not in controls])
    top = min(TOP_OVERLAP, len(keep))
    order1 = np.argsort(-mu1[:, keep], axis=1, kind="stable")[:, :top]
    order2 = np.argsort(-mu2[:, keep], axis=1, kind="stable")[:, :top]
    shared = [len(set(r1) & set(r2)) for r1, r2 in zip(order1, order2, strict=True)]
    f1, f2 = mu1[:, noise], mu2[:, noise]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(f1, f2) / np.minimum(f1, f2)
    return {"share": passes.mean(axis=0), "overlap": float(np.mean(shared)), "top": top,
            "chance": top * top / len(keep),  # two random top sets' expected overlap
            "floor_ratio": float(np.median(ratio)), "splits": len(masks)}  # fmt: skip


def reading(share: float) -> str:
    """``reproduced``'s word for a share of the splits."""
    if share >= REPRODUCED_MIN:
        return "yes"
    return "no" if share <= NOT_REPRODUCED_MAX else "undecided"


def analyse_halves(spec: dict, design: pd.DataFrame, results: pd.DataFrame,
                   kpis: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The split-half check of a screening with the noise factor: (per parameter and KPI:
    ``reproduced_share``, ``reproduced``, ``direction``; per KPI: ``splits``,
    ``top_overlap`` (of :data:`TOP_OVERLAP`), ``top_overlap_chance`` (that of two random sets),
    ``floor_ratio_median``)."""
    from sim.sensitivity import CONTROLS, NOISE, problem

    prob = problem(pd.DataFrame(spec["factors"]), spec["dummy"], spec.get("noise", False))
    names = prob["names"]
    masks = splits(spec["trajectories"], spec["seed"])
    controls = [names.index(c) for c in CONTROLS if c in names]
    rows, per_kpi = [], []
    for kpi in kpis:
        ee = elementary_effects(names, prob["bounds"], spec["levels"], design,
                                results[kpi].to_numpy(float))  # fmt: skip
        got = check_kpi(ee, names.index(NOISE), controls, masks)
        mu, mu_star = ee.mean(axis=0), np.abs(ee).mean(axis=0)
        for j, name in enumerate(names):
            share = float(got["share"][j])
            rows.append({"parameter": name, "kpi": kpi, "reproduced_share": share,
                         "reproduced": reading(share),
                         "direction": direction(mu[j], mu_star[j])})  # fmt: skip
        per_kpi.append({"kpi": kpi, "splits": got["splits"], "top": got["top"],
                        "top_overlap": got["overlap"], "top_overlap_chance": got["chance"],
                        "floor_ratio_median": got["floor_ratio"]})  # fmt: skip
    return pd.DataFrame(rows), pd.DataFrame(per_kpi)


def with_halves(morris: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """morris.csv with the check's per-factor columns (``factors``: :func:`analyse_halves`'s
    first frame), in morris.csv's row order."""
    return morris.merge(factors, on=["parameter", "kpi"], how="left", validate="one_to_one")
