"""How long a sensitivity screening takes, start to end, as a user runs it.

    python benchmarks/screening_time.py [--label TEXT] [A B] [--options "SENSITIVITY OPTIONS"]

Runs ``run_experiments.py sensitivity A B`` (``baseline mou`` by default: the whole default
screening, Morris, seed check and Sobol stages, 10 trajectories at scale 0.1, one year a run,
on all cores) into a temporary folder, and appends to ``results/screening_time.csv`` the wall
time, the CPU time of the screening's processes (its workers included), the folder's size
and the number of paired runs of each stage (from the folder's files). Issue 17 asked that
the screening of MoU against the baseline finish in about 30 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from run_rate import append_row, code_label  # this folder's run-rate benchmark

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "screening_time.csv"
STAGES = ("morris", "reseed", "sobol")  # the screening's stages, each a folder of run files


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", nargs="?", default="baseline")
    parser.add_argument("b", nargs="?", default="mou")
    parser.add_argument("--label", default="")
    parser.add_argument("--options", default="", help='more options, e.g. "--trajectories 4"')
    args = parser.parse_args()
    extra = shlex.split(args.options)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "screening"
        cmd = [sys.executable, str(ROOT / "run_experiments.py"), "sensitivity", args.a, args.b,
               "--out", str(out), "--quiet", *extra]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        pairs = {s: len(list((out / s / "runs").glob("p*-r*.parquet"))) for s in STAGES}
        factors = int(pd.read_csv(out / "factors.csv")["included"].sum())
        size = folder_bytes(out)
    row = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "code": code_label(),
        "screening": f"{args.a} {args.b} {' '.join(extra)}".strip(),
        "cores": os.cpu_count(),
        "factors": factors,
        **{f"{s}_pairs": n for s, n in pairs.items()},
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "folder_mb": round(size / 1e6, 1),
    }
    append_row(RESULTS, row)
    print(row)


if __name__ == "__main__":
    main()
