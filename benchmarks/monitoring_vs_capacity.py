"""The numbers of docs/TRACE.md §8.0: joint monitoring against the same money spent on the
direct channel's nominal capacity (issue 15 second round, referee point 5).

Three runs per seed and assumption, each paired on the seed: ``mou.toml``; ``monitoring.toml``
(the MoU with quarterly reviews); and the MoU with the direct channel's nominal capacity raised
by the reviews' yearly cost (measured on seed 1 at offtake 0: the program cost monitoring adds,
over the channel's operating cost) and its budget raised by the monitoring budget. Effects
against the MoU, Rp bn a year, mean and 95% t-interval over seeds, for the channel's offtake
share in {0, 0.35} and margin spillover in {0, 0.25}.

    python benchmarks/monitoring_vs_capacity.py [--seeds 8] [--scale 0.04] [--days 365]

A few minutes on 2 shared cores at the defaults.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.config import load_scenario  # noqa: E402
from sim.metrics import compute_kpis  # noqa: E402
from sim.model import KADModel  # noqa: E402

SCEN = ROOT / "sim" / "data" / "scenarios"
MOU, MONITORING = SCEN / "mou.toml", SCEN / "monitoring.toml"
KEYS = {
    "net welfare": "net_welfare_rp_per_year",
    "farmers": "farmers_income_rp_per_year",
    "program cost": "program_cost_rp_per_year",
}


def kpis(path: Path, seed: int, args, **overrides) -> dict:
    model = KADModel(path, seed=seed, days=args.days, scale=args.scale, overrides=overrides)
    model.run_model()
    return compute_kpis(model)


def capacity_overrides(args) -> dict:
    """The MoU's channel with the nominal capacity the reviews' money would pay for."""
    p = load_scenario(MOU).to_dict()
    off = {"programs.direct_channel.surabaya_offtake_share": 0.0}
    mou, mon = kpis(MOU, 1, args, **off), kpis(MONITORING, 1, args, **off)
    none = kpis(MOU, 1, args, **off, **{"programs.direct_channel.enabled": False})
    extra = mon["program_cost_rp_per_year"] - mou["program_cost_rp_per_year"]
    channel = mou["program_cost_rp_per_year"] - none["program_cost_rp_per_year"]
    mult = 1.0 + extra / channel
    print(f"reviews Rp {extra / 1e9:.3f} bn/yr, channel Rp {channel / 1e9:.3f} bn/yr: "
          f"capacity x {mult:.4f}")  # fmt: skip
    ov = {
        f"commodities.{c}.direct_channel_capacity_kg_per_day": q[
            "direct_channel_capacity_kg_per_day"
        ]
        * mult
        for c, q in p["commodities"].items()
    }
    budget = p["programs"]["direct_channel"]["budget_rp_per_year"]
    reviews = load_scenario(MONITORING).to_dict()["programs"]["monitoring"]["budget_rp_per_year"]
    ov["programs.direct_channel.budget_rp_per_year"] = budget + reviews
    return ov


def interval(x: np.ndarray) -> str:
    h = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    return f"{x.mean():+.2f} ({x.mean() - h:+.2f} to {x.mean() + h:+.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--scale", type=float, default=0.04)
    ap.add_argument("--days", type=int, default=365)
    args = ap.parse_args()
    cap = capacity_overrides(args)
    for o, sp in itertools.product((0.0, 0.35), (0.0, 0.25)):
        ov = {
            "programs.direct_channel.surabaya_offtake_share": o,
            "programs.direct_channel.margin_spillover": sp,
        }
        runs = {
            s: {
                "mou": kpis(MOU, s, args, **ov),
                "monitoring": kpis(MONITORING, s, args, **ov),
                "capacity": kpis(MOU, s, args, **ov, **cap),
            }
            for s in range(1, args.seeds + 1)
        }
        print(f"offtake {o}, spillover {sp}:")
        for lever in ("monitoring", "capacity"):
            cells = []
            for label, key in KEYS.items():
                x = np.array([(r[lever][key] - r["mou"][key]) / 1e9 for r in runs.values()])
                cells.append(f"{label} {interval(x)}")
            print(f"  {lever}: " + "; ".join(cells))
        key = KEYS["net welfare"]
        x = np.array([(r["capacity"][key] - r["monitoring"][key]) / 1e9 for r in runs.values()])
        print(f"  capacity - monitoring, net welfare: {interval(x)}")


if __name__ == "__main__":
    main()
