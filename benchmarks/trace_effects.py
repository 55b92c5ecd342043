"""The numbers of docs/TRACE.md's effect-size table: each trade lever's simulated effect beside
the closest published estimate (issue 15, item 8; referee point 7).

For every lever, scenario B is compared with scenario A through ``sim.experiment.compare`` (what
``kad-sim compare`` runs): the same spawned seeds for both (common random numbers), the mean
paired effect with its 95% CI over seeds, and the 95% range over parameter draws
(``param_low``/``param_high``: members of the calibration ensemble with the influential
assumptions drawn over their ranges, ``sim.uncertainty``; each draw on a seed of its own, the
range widened to contain the seed CI). Effects are shown per year, in Rp/kg, or as a share of the
lever (pass-through: the change in a price per Rp/kg of subsidy).

    python benchmarks/trace_effects.py [--seeds 6] [--draws 12] [--scale 0.05] [--days 365]
                                       [--out FILE.csv] [--spillover]

Small scale by design (scale 0.05, 365 days, 6 seeds): a few minutes on 2 shared cores with 12
draws. ``--out`` writes the table as CSV (refuses an existing file). ``--spillover`` instead
prints the diagnosis of why a higher ``programs.direct_channel.margin_spillover`` lowers net
welfare (docs/ODD.md, "Contestable margins").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.compare import incidence  # noqa: E402
from sim.config.keys import resolve  # noqa: E402
from sim.experiment import atomic_write_bytes, compare, spawn_seeds  # noqa: E402

SCEN = ROOT / "sim" / "data" / "scenarios"
SUBSIDY = 500.0  # Rp/kg in logistics_subsidy.toml
COORD = ("governments.surabaya.coordination_quality", "governments.blitar.coordination_quality")

# lever: (A, B, extra overrides of A, extra overrides of B)
LEVERS = {
    "logistics subsidy (Rp 500/kg, all shippers)": ("baseline", "logistics_subsidy", {}, {}),
    "direct channel (20 t/day eggs, 3 t/day chili)": ("baseline", "direct_channel", {}, {}),
    "information system (shippers only)": ("baseline", "information_system", {}, {}),
    "information system reaching half of farmers": (
        "baseline", "information_system_farmers", {}, {}),  # fmt: skip
    "infrastructure (trucks 15% faster, internet)": ("baseline", "infrastructure", {}, {}),
    "coordination 0.8 -> 1.0 (direct channel)": (
        "direct_channel", "direct_channel", dict.fromkeys(COORD, 0.8), dict.fromkeys(COORD, 1.0)),
}  # fmt: skip

# rows of the table: (lever, KPI, label, divisor, unit). The effect shown is diff / divisor.
ROWS = (
    ("logistics subsidy (Rp 500/kg, all shippers)", "eggs_surabaya_retail_price_rp_per_kg",
     "retail egg price per Rp of subsidy (pass-through; negative = price falls)", SUBSIDY, "-"),
    ("logistics subsidy (Rp 500/kg, all shippers)", "eggs_farm_gate_price_rp_per_kg",
     "farm-gate egg price per Rp of subsidy (pass-through to farmers)", SUBSIDY, "-"),
    ("logistics subsidy (Rp 500/kg, all shippers)", "farmers_income_rp_per_year",
     "farmers' income", 1e9, "bn Rp/yr"),
    ("logistics subsidy (Rp 500/kg, all shippers)", "net_welfare_rp_per_year",
     "net welfare (net of program cost)", 1e9, "bn Rp/yr"),
    ("direct channel (20 t/day eggs, 3 t/day chili)", "eggs_farm_gate_price_rp_per_kg",
     "farm-gate egg price, all farmers", 1.0, "Rp/kg"),
    ("direct channel (20 t/day eggs, 3 t/day chili)", "middleman_margin_rp_per_kg",
     "middlemen's egg margin", 1.0, "Rp/kg"),
    ("direct channel (20 t/day eggs, 3 t/day chili)", "farmers_income_rp_per_year",
     "farmers' income", 1e9, "bn Rp/yr"),
    ("direct channel (20 t/day eggs, 3 t/day chili)", "net_welfare_rp_per_year",
     "net welfare (net of program cost)", 1e9, "bn Rp/yr"),
    ("direct channel (20 t/day eggs, 3 t/day chili)", "direct_channel_surabaya_share",
     "channel's share of eggs sent to Surabaya (level in B)", 1.0, "share"),
    ("direct channel (20 t/day eggs, 3 t/day chili)", "eggs_blitar_to_surabaya_t_per_year",
     "eggs shipped to Surabaya", 1.0, "t/yr"),
    ("information system (shippers only)", "eggs_farm_gate_price_rp_per_kg",
     "farm-gate egg price", 1.0, "Rp/kg"),
    ("information system (shippers only)", "eggs_surabaya_price_cv",
     "CV of the Surabaya retail egg price", 1.0, "-"),
    ("information system reaching half of farmers", "eggs_farm_gate_price_rp_per_kg",
     "farm-gate egg price", 1.0, "Rp/kg"),
    ("information system reaching half of farmers", "farmers_income_rp_per_year",
     "farmers' income", 1e9, "bn Rp/yr"),
    ("infrastructure (trucks 15% faster, internet)", "eggs_farm_gate_price_rp_per_kg",
     "farm-gate egg price", 1.0, "Rp/kg"),
    ("infrastructure (trucks 15% faster, internet)", "eggs_surabaya_retail_price_rp_per_kg",
     "retail egg price in Surabaya", 1.0, "Rp/kg"),
    ("coordination 0.8 -> 1.0 (direct channel)", "farmers_income_rp_per_year",
     "farmers' income", 1e9, "bn Rp/yr"),
    ("coordination 0.8 -> 1.0 (direct channel)", "net_welfare_rp_per_year",
     "net welfare (net of program cost)", 1e9, "bn Rp/yr"),
)  # fmt: skip


def _run_lever(name, seeds, draws, run_ov, tmp) -> pd.DataFrame:
    a, b, ov_a, ov_b = LEVERS[name]
    sa = resolve(SCEN / f"{a}.toml", {**run_ov, **ov_a})
    sb = resolve(SCEN / f"{b}.toml", {**run_ov, **ov_b})
    out = Path(tmp) / f"lever{list(LEVERS).index(name)}"
    _, table, _ = compare(sa, sb, seeds, root_seed=20261205, out=out, workers=1,
                          seeds_only=draws < 2, param_draws=max(draws, 2))  # fmt: skip
    return table.set_index("kpi")


def effect_table(seeds: int, draws: int, scale: float, days: int) -> pd.DataFrame:
    """One row per (lever, KPI) of :data:`ROWS`: mean effect, 95% CI over seeds, 95% range over
    parameter draws (NaN without draws) and the scenarios' means, in the row's unit."""
    run_ov = {"run.scale": scale, "run.days": days}
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in LEVERS:
            tables[name] = _run_lever(name, seeds, draws, run_ov, tmp)
    rows = []
    for lever, kpi, label, div, unit in ROWS:
        r = tables[lever].loc[kpi]
        row = {"lever": lever, "kpi": kpi, "effect": label, "unit": unit,
               "mean_a": r["mean_a"], "mean_b": r["mean_b"]}  # fmt: skip
        if kpi == "direct_channel_surabaya_share":  # a level in B, not an effect
            row.update(mean=r["mean_b"], ci_low=np.nan, ci_high=np.nan)
            row.update(param_low=np.nan, param_high=np.nan)
        else:
            for col in ("ci_low", "ci_high", "param_low", "param_high"):
                row[col] = r.get(col, np.nan) / div
            row["mean"] = r["diff"] / div
        rows.append(row)
    return pd.DataFrame(rows)


def markdown(frame: pd.DataFrame) -> str:
    lines = ["| lever | effect | unit | mean | 95% CI (seeds) | range (parameters) |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for r in frame.itertuples():
        rng = "" if np.isnan(r.param_low) else f"[{r.param_low:.3g}, {r.param_high:.3g}]"
        ci = "" if np.isnan(r.ci_low) else f"[{r.ci_low:.3g}, {r.ci_high:.3g}]"
        lines.append(f"| {r.lever} | {r.effect} | {r.unit} | {r.mean:.3g} | {ci} | {rng} |")
    return "\n".join(lines)


def spillover(seeds: int, scale: float, days: int) -> str:
    """Incidence of margin_spillover 1 against 0 in direct_channel: as it is, with output held
    fixed, and with price-taking other markets."""
    from sim import KADModel
    from sim.kernels import layout as L
    from sim.metrics import compute_kpis

    cases = {
        "as is (other markets unit-elastic)": {},
        "output fixed (capacity_adjust_rate 0)": {
            f"commodities.{c}.capacity_adjust_rate": 0.0 for c in ("eggs", "chili")},
        "price-taking other markets (flexibility 0)": {
            f"commodities.{c}.elsewhere_price_flexibility": 0.0 for c in ("eggs", "chili")},
    }  # fmt: skip
    out = []
    for label, ov in cases.items():
        runs = {}
        for spill in (0.0, 1.0):
            rows = []
            for s in spawn_seeds(11, seeds):
                over = {"programs.direct_channel.margin_spillover": spill, **ov}
                m = KADModel(SCEN / "direct_channel.toml", seed=int(s), days=days, scale=scale,
                             overrides=over)  # fmt: skip
                m.run_model()
                k = compute_kpis(m)
                k["elsewhere_revenue_rp"] = m.flows[L.F_ELSEWHERE_IN] / scale
                k["production_cost_rp"] = m.flows[L.F_PRODUCTION_OUT] / scale
                rows.append(k)
            runs[spill] = pd.DataFrame(rows)
        inc = incidence(runs[0.0], runs[1.0]).set_index("group")
        d = runs[1.0] - runs[0.0]
        out.append(
            f"{label}: net {inc.loc['net', 'diff'] / 1e9:+.3f} bn/yr "
            f"[{inc.loc['net', 'ci_low'] / 1e9:+.3f}, {inc.loc['net', 'ci_high'] / 1e9:+.3f}]; "
            f"farmers {inc.loc['farmers', 'diff'] / 1e9:+.3f}, "
            f"middlemen {inc.loc['middlemen', 'diff'] / 1e9:+.3f}; "
            f"eggs output {d['eggs_production_t'].mean():+.1f} t, "
            f"chili output {d['chili_production_t'].mean():+.1f} t; "
            f"other markets' revenue {d['elsewhere_revenue_rp'].mean() / 1e9:+.3f} bn, "
            f"production cost {d['production_cost_rp'].mean() / 1e9:+.3f} bn"
        )
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--draws", type=int, default=12, help="parameter draws (0: seeds only)")
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--out", type=Path, help="write the table as CSV (a new file)")
    ap.add_argument("--spillover", action="store_true", help="the spillover diagnosis instead")
    args = ap.parse_args(argv)
    if args.spillover:
        print(spillover(args.seeds, args.scale, args.days))
        return 0
    if args.out is not None and args.out.exists():
        print(f"{args.out}: exists; choose a new file", file=sys.stderr)
        return 2
    frame = effect_table(args.seeds, args.draws, args.scale, args.days)
    print(markdown(frame))
    if args.out is not None:
        atomic_write_bytes(args.out, frame.to_csv(index=False).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
