"""Scenario discovery: under which assumptions does scenario B fail to raise an outcome
(``run_experiments.py discover FOLDER``)?

It reads a folder with a design table (``design.csv``: one row per point, one column per
assumption) and the paired effect B - A per point (``effects.csv``, as ``sensitivity`` writes
them), marks the points where an effect is at or below a threshold (default 0: B does not
raise it) and runs PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999), as EMA
Workbench implements it (2.5 on Python 3.11, 3.x on newer Pythons), to find boxes in the
assumption space where such failures concentrate.

Each box is reported by coverage (share of all failures inside it), density (share of the
points inside it that fail) and mass (share of all points inside it), with the ranges it
restricts. On the peeling trajectory the chosen box is the densest with at least
``--min-coverage`` of the failures.
"""

from __future__ import annotations

import inspect
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import ConfigError

DEFAULT_KPIS = ("net_welfare_rp_per_year", "farmers_income_rp_per_year")
FALLBACK_KPI = "farmers_income_rp_per_year"  # farmers' income before the welfare KPIs exist


# ---------------------------------------------------------------------- input
def read_folder(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(design, effects) of a folder, both indexed by point; bad input names file and key."""
    folder = Path(folder)
    frames = []
    for name in ("design.csv", "effects.csv"):
        path = folder / name
        if not path.is_file():
            raise ConfigError(str(path), "", "not found (a sensitivity folder has it)")
        try:
            frame = pd.read_csv(path)
        except (OSError, ValueError) as exc:
            raise ConfigError(str(path), "", f"cannot read ({exc})") from None
        if "point" not in frame.columns:
            raise ConfigError(str(path), "point", "missing column")
        frames.append(frame.set_index("point"))
    design, effects = frames
    if not design.index.equals(effects.index):
        raise ConfigError(str(folder / "effects.csv"), "point", "points differ from design.csv")
    return design, effects


def choose_kpis(effects: pd.DataFrame, kpis: list[str] | None, file: str) -> list[str]:
    """The effect columns to test: the requested ones (each must exist), else the default
    welfare and farmers' income effects that exist, else farmers' total income."""
    if kpis:
        for k in kpis:
            if k not in effects.columns:
                raise ConfigError(file, k, "no such effect column")
        return list(kpis)
    have = [k for k in DEFAULT_KPIS if k in effects.columns]
    if not have and FALLBACK_KPI in effects.columns:
        print(f"note: no {' or '.join(DEFAULT_KPIS)} in {file}; using {FALLBACK_KPI}")
        have = [FALLBACK_KPI]
    if not have:
        raise ConfigError(file, "--kpi", "no default effect column; name one with --kpi")
    return have


def failures(effects: pd.DataFrame, kpis: list[str], threshold: float,
             lower: bool = False) -> np.ndarray:  # fmt: skip
    """True where any of the effects is at or below ``threshold`` (B fails to raise it), or,
    with ``lower`` (waste, prices), at or above it (B fails to lower it)."""
    e = effects[kpis].to_numpy(float)
    return (e >= threshold if lower else e <= threshold).any(axis=1)


# ---------------------------------------------------------------------- PRIM
def _prim(x: pd.DataFrame, y: np.ndarray, peel_alpha: float, mass_min: float):
    """EMA Workbench's Prim on (x, y); the keyword set differs between 2.5 and 3.x."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA warns about optional parallel back ends
        from ema_workbench.analysis import prim

    kw = {"peel_alpha": peel_alpha, "mass_min": mass_min}
    if "threshold" in inspect.signature(prim.Prim.__init__).parameters:  # EMA 2.5
        kw["threshold"] = 0.5
    return prim.Prim(x, y, **kw)


def choose_box(trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box on the peeling trajectory with at least ``min_coverage``; the
    broadest of equally dense ones."""
    ok = trajectory[trajectory["coverage"] >= min_coverage]
    ok = ok if len(ok) else trajectory
    best = ok.sort_values(["density", "coverage"], ascending=False, kind="stable")
    return int(best.index[0])


def find_boxes(x: pd.DataFrame, y: np.ndarray, *, max_boxes: int = 2, min_coverage: float = 0.5,
               peel_alpha: float = 0.05, mass_min: float = 0.05) -> list[dict]:  # fmt: skip
    """Up to ``max_boxes`` boxes, each found on the points the earlier ones left. Each is a
    dict: stats, ``limits`` (low/high per restricted parameter), ``trajectory`` and ``chosen``."""
    if y.sum() == 0 or y.all():
        return []
    full = pd.DataFrame({c: [x[c].min(), x[c].max()] for c in x.columns})
    p = _prim(x, y, peel_alpha, mass_min)
    boxes = []
    for k in range(max_boxes):
        box = p.find_box()
        if box is None:
            break
        traj = box.peeling_trajectory.reset_index(drop=True)
        i = choose_box(traj, min_coverage)
        box.select(i)
        lims = box.box_lims[i]
        restricted = [c for c in x.columns if lims[c].iloc[0] > full[c].iloc[0]
                      or lims[c].iloc[1] < full[c].iloc[1]]  # fmt: skip
        row = traj.loc[i]
        if boxes and float(row["density"]) <= y.mean():
            break  # a later box no denser than the whole space explains nothing
        boxes.append({"box": k + 1, "coverage": float(row["coverage"]),
                      "density": float(row["density"]), "mass": float(row["mass"]),
                      "points": int(row["n"]), "restricted": restricted, "limits": lims,
                      "full": full, "trajectory": traj, "chosen": i})  # fmt: skip
    return boxes


def box_table(boxes: list[dict]) -> pd.DataFrame:
    """prim_boxes.csv: one row per box and restricted parameter."""
    rows = []
    for b in boxes:
        stats = {k: b[k] for k in ("box", "coverage", "density", "mass", "points")}
        for c in b["restricted"] or [""]:
            rows.append({**stats, "parameter": c,
                         "low": float(b["limits"][c].iloc[0]) if c else np.nan,
                         "high": float(b["limits"][c].iloc[1]) if c else np.nan,
                         "full_low": float(b["full"][c].iloc[0]) if c else np.nan,
                         "full_high": float(b["full"][c].iloc[1]) if c else np.nan})  # fmt: skip
    cols = ["box", "coverage", "density", "mass", "points", "parameter", "low", "high",
            "full_low", "full_high"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------- outputs
def box_figure(box: dict, caption: str):
    """Left: the peeling trajectory (coverage against density, the chosen box ringed).
    Right: the chosen box's restricted ranges as a share of each parameter's full range."""
    import matplotlib.pyplot as plt

    from sim.plots import style as S

    traj, i = box["trajectory"], box["chosen"]
    dims = box["restricted"]
    with S.apply_style():
        fig, (left, right) = plt.subplots(1, 2, layout="constrained",
                                          figsize=(S.FIGURE_WIDTH, 1.8 + 0.25 * max(4, len(dims))),
                                          width_ratios=(1, 1.3))  # fmt: skip
        sc = left.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], s=12,
                          cmap="viridis")  # fmt: skip
        left.scatter(
            [traj.loc[i, "coverage"]],
            [traj.loc[i, "density"]],
            s=80,
            facecolors="none",
            edgecolors=S.INK,
            linewidths=1.2,
            label="chosen box",
        )
        fig.colorbar(sc, ax=left, label="restricted parameters")
        left.set_xlabel("coverage (share of all failures in the box)")
        left.set_ylabel("density (share of the box that fails)")
        left.set_title("Peeling trajectory", fontsize=8)
        left.legend(fontsize=6, loc="lower left")
        y = np.arange(len(dims))[::-1]
        for yi, c in zip(y, dims, strict=True):
            lo0, hi0 = box["full"][c].iloc[0], box["full"][c].iloc[1]
            lo, hi = box["limits"][c].iloc[0], box["limits"][c].iloc[1]
            span = (hi0 - lo0) or 1.0
            right.barh(yi, 1.0, left=0.0, height=0.5, color=S.GRID)
            right.barh(
                yi,
                (hi - lo) / span,
                left=(lo - lo0) / span,
                height=0.5,
                color=S.series_style(1)["color"],
            )
            right.text(1.02, yi, f"{lo:.4g} to {hi:.4g}", va="center", fontsize=6)
        right.set_yticks(y, [c if len(c) < 40 else "..." + c[-37:] for c in dims], fontsize=6)
        right.set_xlim(0, 1.35)
        right.set_ylim(-0.75, max(len(dims), 3) - 0.25)
        right.set_xticks([0, 0.5, 1], ["low end", "middle", "high end"])
        # two lines each: on one the panel's title and label ran past the figure's edge
        right.set_xlabel("position in the screened range\n(grey: full range; colour: the box)")
        right.set_title(f"Box {box['box']}: coverage {box['coverage']:.0%},\ndensity "
                        f"{box['density']:.0%}, mass {box['mass']:.0%}", fontsize=8)  # fmt: skip
        fig.suptitle("Where the policy fails: PRIM scenario discovery", x=0.01, ha="left")
        fig.supxlabel(caption, x=0.01, ha="left", fontsize=6, color=S.MUTED)
    return fig


def _range_phrase(box: dict, c: str) -> str:
    lo0, hi0 = box["full"][c].iloc[0], box["full"][c].iloc[1]
    lo, hi = box["limits"][c].iloc[0], box["limits"][c].iloc[1]
    if lo > lo0 and hi < hi0:
        return f"`{c}` between {lo:.3g} and {hi:.3g}"
    return f"`{c}` above {lo:.3g}" if lo > lo0 else f"`{c}` below {hi:.3g}"


def paragraph(names: tuple[str, str], kpis: list[str], threshold: float, y: np.ndarray,
              boxes: list[dict], lower: bool = False) -> str:  # fmt: skip
    """One plain-language paragraph for a policy brief."""
    a, b = names
    what = " or ".join(f"`{k}`" for k in kpis)
    n, k = len(y), int(y.sum())
    verb = "lower" if lower else "raise"
    base = (f"Over {n} sampled sets of assumptions, {b} against {a} fails to {verb} {what} "
            f"(effect at or {'above' if lower else 'below'} {threshold:g}) in {k} "
            f"({k / n:.0%}).")  # fmt: skip
    if k == 0:
        return base + " No sampled set fails: within the screened ranges the sign held throughout."
    if k == n:
        return base + " It fails everywhere in the screened ranges: no assumption rescues it."
    if not boxes or not boxes[0]["restricted"]:
        return base + " The failures do not concentrate in a simple region of the assumptions."
    from sim.sensitivity import composition

    box = boxes[0]
    where = "; ".join(_range_phrase(box, c) for c in box["restricted"])
    weights = [c for b_ in boxes for c in b_["restricted"] if composition(c)]
    note = (" A UMKM sector share's range here is that of its weight, before the sectors are "
            "rescaled to sum to 1." if weights else "")  # fmt: skip
    return (base + f" The failures concentrate where {where}. That region holds "
            f"{box['coverage']:.0%} of all failures, and {box['density']:.0%} of the assumption "
            f"sets inside it fail (against {k / n:.0%} overall); it covers {box['mass']:.0%} of "
            "the sampled space. Outside it the policy mostly works, so these are the "
            "assumptions to check before relying on the result." + note)  # fmt: skip


def run_discovery(folder: str | Path, *, kpis: list[str] | None = None, threshold: float = 0.0,
                  lower: bool = False,
                  max_boxes: int = 2, min_coverage: float = 0.5, out: str | Path | None = None,
                  quiet: bool = False) -> dict:  # fmt: skip
    """Read ``folder``, find the boxes and write prim_boxes.csv, the figure and discovery.md
    into ``out`` (default: ``folder/discovery``)."""
    import json

    import matplotlib.pyplot as plt

    from sim.experiment import atomic_write_bytes
    from sim.plots.figures import save_figure

    folder = Path(folder)
    design, effects = read_folder(folder)
    kpis = choose_kpis(effects, kpis, str(folder / "effects.csv"))
    x = design.loc[:, design.nunique() > 1]  # constant columns (a dummy at one level) say nothing
    from sim.sensitivity import CONTROLS

    x = x.drop(columns=[c for c in CONTROLS if c in x.columns])  # not assumptions
    y = failures(effects, kpis, threshold, lower)
    boxes = find_boxes(x.reset_index(drop=True), y, max_boxes=max_boxes,
                       min_coverage=min_coverage)  # fmt: skip
    dest = Path(out) if out else folder / "discovery"
    dest.mkdir(parents=True, exist_ok=True)
    table = box_table(boxes)
    atomic_write_bytes(dest / "prim_boxes.csv", table.to_csv(index=False).encode())
    names = ("A", "B")
    manifest = folder / "manifest.json"
    if manifest.is_file():
        ctx = json.loads(manifest.read_text()).get("spec", {}).get("context", {})
        names = (ctx.get("name_a", "A"), ctx.get("name_b", "B"))
    text = paragraph(names, kpis, threshold, y, boxes, lower)
    caption = (f"Source: kad-sim, {names[1]} vs {names[0]}; {len(y)} assumption sets from "
               f"{folder.name}; failure: {' or '.join(kpis)} {'>=' if lower else '<='} "
               f"{threshold:g}.")  # fmt: skip
    for b in boxes:
        fig = box_figure(b, caption)
        save_figure(fig, dest / f"prim_box{b['box']}", formats=("png", "svg"))
        plt.close(fig)
    md = (
        f"# Where does {names[1]} fail?\n\n{text}\n\nBoxes: prim_boxes.csv; figures: "
        f"prim_box*.png. Method: PRIM (EMA Workbench) on {x.shape[1]} assumptions.\n"
    )
    atomic_write_bytes(dest / "discovery.md", md.encode())
    if not quiet:
        print(text)
        print(f"Wrote {dest}/ (prim_boxes.csv, discovery.md"
              f"{', prim_box*.png/svg' if boxes else ''})")  # fmt: skip
    return {"boxes": boxes, "table": table, "y": y, "kpis": kpis, "text": text, "folder": dest}


def main(args) -> int:
    """The ``discover`` command."""
    if args.boxes < 1:
        raise ConfigError("<command line>", "--boxes", f"must be at least 1, got {args.boxes}")
    if not 0 < args.min_coverage <= 1:
        raise ConfigError("<command line>", "--min-coverage",
                          f"must be in (0, 1], got {args.min_coverage}")  # fmt: skip
    if not math.isfinite(args.threshold):
        raise ConfigError("<command line>", "--threshold", "must be a finite number")
    run_discovery(args.folder, kpis=args.kpi, threshold=args.threshold, lower=args.lower,
                  max_boxes=args.boxes,
                  min_coverage=args.min_coverage, out=args.out)  # fmt: skip
    return 0
