"""``python -m sim.calibration refresh | compare``."""

from __future__ import annotations

from pathlib import Path

from sim.calibration.ensemble import compare_over_ensemble
from sim.calibration.files import _csv
from sim.calibration.job import refresh
from sim.calibration.targets import CALIBRATION_DIR, ENSEMBLE_CSV


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.calibration compare A.toml B.toml --ensemble calibration/ensemble.csv``:
    a paired comparison run once per parameter set of the ensemble."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sim.calibration")
    sub = parser.add_subparsers(dest="command", required=True)
    ref = sub.add_parser("refresh", help="re-evaluate the targets and rerun the "
                         "corroboration, then rewrite the report (no refit)")  # fmt: skip
    ref.add_argument("--out", default=str(CALIBRATION_DIR), help="a finished calibration folder")
    ref.add_argument("--workers", type=int)
    cmp = sub.add_parser("compare", help="compare B against A over the ensemble")
    cmp.add_argument("a")
    cmp.add_argument("b")
    cmp.add_argument("--ensemble", default=str(ENSEMBLE_CSV))
    cmp.add_argument("--members", type=int, help="use the first N sets (default: all)")
    cmp.add_argument("--replicates", type=int, default=4)
    cmp.add_argument("--scale", type=float)
    cmp.add_argument("--days", type=int)
    cmp.add_argument("--workers", type=int)
    cmp.add_argument("--out", help="folder (default: outputs/ensemble-compare)")
    args = parser.parse_args(argv)
    if args.command == "refresh":
        refresh(args.out, args.workers)
        print(f"Wrote {args.out}/ (targets_vs_simulated.csv, distance_by_seed.csv, "
              "corroboration_*.csv, summary.json, report.md, validation.png)")  # fmt: skip
        return 0
    ov = {k: v for k, v in (("run.scale", args.scale), ("run.days", args.days)) if v is not None}
    out = Path(args.out) if args.out else None
    stacked, robust = compare_over_ensemble(
        args.a,
        args.b,
        args.replicates,
        ensemble=args.ensemble,
        members=args.members,
        overrides=ov,
        out=out,
        workers=args.workers,
    )
    folder = out or Path("outputs") / "ensemble-compare"
    _csv(folder / "ensemble_compare.csv", stacked)
    _csv(folder / "sign_robustness.csv", robust)
    print(robust.to_string(index=False))
    print(f"Wrote {folder}/ (ensemble_compare.csv, sign_robustness.csv, member-*/)")
    return 0
