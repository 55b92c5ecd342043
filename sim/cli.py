"""Command line: ``python run_experiments.py run SCENARIO.toml [--seed N] [--days N] ...``.

Bad input stops with one line naming the file and key, and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.errors import ConfigError

HEADLINE = (
    ("farmer_income_mean_rp", "Farmer income, mean", "Rp/farmer/year"),
    ("farm_gate_price_rp_per_kg", "Farm-gate price (main commodity)", "Rp/kg"),
    ("surabaya_retail_price_rp_per_kg", "Surabaya retail price (main commodity)", "Rp/kg"),
    ("surabaya_price_cv", "Retail price CV, daily (main commodity)", "-"),
    ("farmer_share_of_retail", "Farmer share of retail price", "-"),
    ("blitar_to_surabaya_t", "Blitar -> Surabaya shipments", "t"),
    ("waste_t", "Waste and spoilage", "t"),
    ("program_spending_rp", "Program spending", "Rp"),
    ("williamson_index", "Williamson index (2 regions)", "-"),
    ("stock_flow_max_rel_error", "Stock-flow error, worst day", "relative"),
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line (exit code 2)."""

    def error(self, message):
        self.exit(2, f"error: {self.prog}: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="run_experiments.py",
        description="Agent-based model of the Surabaya-Blitar inter-regional cooperation.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="run one scenario and write its output folder")
    run.add_argument("scenario", help="scenario TOML file, e.g. scenarios/baseline.toml")
    run.add_argument("--seed", type=int, help="random seed (default: the scenario's run.seed)")
    run.add_argument("--days", type=int, help="days to simulate (default: run.days)")
    run.add_argument("--scale", type=float, help="population scale, e.g. 0.1 (default: run.scale)")
    run.add_argument("--out", help="output folder (default: outputs/<scenario>-seed<N>-<time>)")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override any scenario key, e.g. --set information.lag_days=1 (repeatable)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    params = sub.add_parser("params", help="write the parameter reference (docs/PARAMETERS.md)")
    params.add_argument("--out", default="docs/PARAMETERS.md")
    return parser


def _parse_set(items: list[str]) -> dict:
    """``KEY=VALUE`` pairs; values are read as TOML (numbers, true/false, "strings", dates)."""
    import tomllib

    out = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError("<command line>", item, "expected --set KEY=VALUE")
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word is a string
        out[key.strip()] = value
    return out


def _cmd_run(args) -> int:
    from sim.experiment import run_scenario

    if not Path(args.scenario).is_file():
        raise ConfigError(args.scenario, "", "scenario file not found")
    overrides = _parse_set(args.set)
    folder, kpis = run_scenario(
        args.scenario,
        seed=args.seed,
        days=args.days,
        scale=args.scale,
        overrides=overrides,
        out=args.out,
        progress=not args.quiet and sys.stderr.isatty(),
        override_label="<command line>",
    )
    if not args.quiet:
        print(
            f"Scenario {Path(args.scenario).name}: {kpis['days']} days, scale "
            f"{kpis['scale']:g}, seed {kpis['seed']} (full-scale equivalents)"
        )
        for key, label, unit in HEADLINE:
            value = kpis[key]
            text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
            print(f"  {label:42s} {text:>20s}  {unit}")
        print(f"Wrote {folder}/ (manifest.json, kpis.json, timeseries.parquet)")
    return 0


def _cmd_params(args) -> int:
    from sim.docs import parameter_reference

    text = parameter_reference()
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _cmd_run(args)
        return _cmd_params(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
