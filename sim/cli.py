"""Command line: ``kad-sim run SCENARIO [--seed N] [--days N] ...`` (also
``python run_experiments.py ...`` in a source checkout). A scenario is a TOML file's path or
the name of a shipped one (``baseline``, ``mou``; see :mod:`sim.paths`).

Bad input stops with one line naming the file and key, and exit code 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sim.errors import ConfigError, TamperedError, suggest
from sim.paths import SWEEP_DIR, find_scenario

# the KPIs a run prints; labels and units come from the KPI registry (sim.metrics.registry)
HEADLINE = (
    "farmers_income_rp_per_year",
    "farm_gate_price_rp_per_kg",
    "surabaya_retail_price_rp_per_kg",
    "surabaya_price_cv",
    "farmer_share_of_retail",
    "blitar_to_surabaya_t_per_year",
    "waste_t_per_year",
    "program_spending_rp_per_year",
    "williamson_index",
    "stock_flow_max_rel_error",
)


def _headline():
    """(key, label, unit, scale) of each headline KPI, in English, from the registry; shares
    are printed in percent."""
    from sim.metrics import registry as R

    out = []
    for key in HEADLINE:
        pct = R.unit_kind(key) == "share"
        out.append((key, R.label(key, "en"), R.unit_text(key, "en"), 100.0 if pct else 1.0))
    return out


OVERWRITE_HELP = (
    "replace the results in an existing --out folder (refused by default; only "
    "folders of kad-sim results are cleared)"
)


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("kad-sim")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        return "unknown (not installed)"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line (exit code 2), with the closest valid
    subcommand or option when a name is mistyped."""

    def parse_known_args(self, args=None, namespace=None):
        self._argv = list(sys.argv[1:] if args is None else args)  # for _did_you_mean
        return super().parse_known_args(args, namespace)

    def error(self, message):
        self.exit(2, f"error: {self.prog}: {message}{self._did_you_mean(message)}\n")

    def _did_you_mean(self, message: str) -> str:
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            return suggest(choice.group(1), re.findall(r"'?([\w-]+)'?", choice.group(2)))
        unknown = re.search(r"unrecognized arguments: (\S+)", message)
        if not (unknown and unknown.group(1).startswith("-")):
            return ""
        word = unknown.group(1).split("=")[0]
        name, sub = self._subcommand()
        own = sorted({o for a in self._actions + sub for o in a.option_strings})
        others = [n for n, parser in self._subcommands().items()
                  if any(word in a.option_strings for a in parser._actions)]  # fmt: skip
        if name and others and word not in own:
            return f" ({word} is an option of {', '.join(others)}, not of {name})"
        return suggest(word, own)

    def _subcommands(self) -> dict:
        """The subcommands' parsers by name."""
        return {name: parser for action in self._actions
                for name, parser in (getattr(action, "choices", None) or {}).items()
                if isinstance(parser, argparse.ArgumentParser)}  # fmt: skip

    def _subcommand(self) -> tuple[str, list]:
        """The subcommand the arguments name (its first word that is one) and its actions, or
        ("", every subcommand's actions) if none."""
        subs = self._subcommands()
        name = next((a for a in getattr(self, "_argv", []) if a in subs), "")
        if name:
            return name, subs[name]._actions
        return "", [a for parser in subs.values() for a in parser._actions]


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=Path(sys.argv[0]).name or "kad-sim",
        description="Agent-based model of the Surabaya-Blitar inter-regional cooperation.",
    )
    parser.add_argument("--version", action="version", version=f"kad-sim {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="run one scenario and write its output folder")
    run.add_argument("scenario", help="a shipped scenario's name (baseline, mou, ...) or a "
                     "scenario TOML file")  # fmt: skip
    run.add_argument("--seed", type=int, help="random seed (default: the scenario's run.seed)")
    run.add_argument("--days", type=int, help="days to simulate (default: run.days)")
    run.add_argument("--scale", type=float, help="population scale, e.g. 0.1 (default: run.scale)")
    run.add_argument("--out", help="output folder (default: outputs/<scenario>-seed<N>-<time>)")
    run.add_argument(
        "--engine",
        choices=("numba", "python"),
        help="numba kernels (default) or the object-per-agent Mesa reference",
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override any scenario key, e.g. --set information.lag_days=1 (repeatable)",
    )
    run.add_argument(
        "--replicates",
        type=int,
        default=1,
        help="run N seeds spawned from the seed with SeedSequence (default 1)",
    )
    run.add_argument(
        "--workers", type=int, help="worker processes for replicates (default: all cores)"
    )
    run.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    cmp = sub.add_parser("compare", help="compare scenario B against A on common random numbers")
    cmp.add_argument("a", help="reference scenario: a name (baseline) or a TOML file")
    cmp.add_argument("b", help="policy scenario: a name (mou) or a TOML file")
    cmp.add_argument("--replicates", type=int, default=10, help="seeds (default 10)")
    cmp.add_argument("--seed", type=int, help="root seed (default: A's run.seed)")
    cmp.add_argument("--days", type=int, help="days to simulate (default: run.days)")
    cmp.add_argument("--scale", type=float, help="population scale (default: run.scale)")
    cmp.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a key in both scenarios (repeatable)",
    )
    cmp.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    cmp.add_argument("--out", help="output folder (default: outputs/<B>-vs-<A>-x<N>-<time>)")
    cmp.add_argument("--ensemble", nargs="?", const="", metavar="CSV",
                     help="also run the comparison once per parameter set of the calibration's "
                     "ensemble (default: the calibration in force) and report how robust each "
                     "sign is; the brief then shows it")  # fmt: skip
    cmp.add_argument("--members", type=int, help="use the first N sets of the ensemble (all)")
    cmp.add_argument("--ensemble-replicates", type=int, default=4,
                     help="paired seeds per ensemble set (default 4)")  # fmt: skip
    cmp.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)
    cmp.add_argument("--seeds-only", action="store_true",
                     help="quick mode: only the seed-noise interval (paired t CI); every "
                     "output says so. Default: also the parameter interval (param_low, "
                     "param_high)")  # fmt: skip
    cmp.add_argument("--param-draws", type=int, default=40,
                     help="parameter sets for the parameter interval, each on its own seed "
                     "(default 40)")  # fmt: skip
    cmp.add_argument("--screening", metavar="FOLDER_OR_CSV",
                     help="a sensitivity screening of this pair (its morris.csv): its top 8 "
                     "assumptions above its noise floor are drawn (default: the programs' "
                     "effect assumptions, sim.uncertainty.DEFAULT_ASSUMPTIONS)")  # fmt: skip
    cmp.add_argument("--quiet", action="store_true", help="no progress bar or table")
    again = sub.add_parser("rerun", help="reproduce a run from its manifest and check it")
    again.add_argument("manifest", help="a manifest.json (or the folder holding it)")
    again.add_argument("--out", help="output folder, never the one checked "
                       "(default: <original>-rerun)")  # fmt: skip
    again.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)
    again.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    swp = sub.add_parser("sweep", help="run a parameter sweep (resumable) and analyse it")
    swp.add_argument("sweep", help="a shipped sweep's name (subsidy_x_lag, sensitivity, ...) "
                     "or a sweep TOML file")  # fmt: skip
    swp.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    swp.add_argument(
        "--executor",
        choices=("process", "dask"),
        default="process",
        help="local process pool (default) or Dask distributed",
    )
    swp.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    swp.add_argument("--out", help="output folder (default: outputs/sweep-<name>)")
    swp.add_argument("--resume", action="store_true",
                     help="continue an interrupted sweep (the same experiment only) and "
                     "retry its failed runs")  # fmt: skip
    swp.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)
    swp.add_argument("--quiet", action="store_true", help="no progress bar (batch jobs)")
    swp.add_argument(
        "--lang",
        choices=("id", "en"),
        default="id",
        help="language of the figures (default Indonesian)",
    )
    screen = sub.add_parser("sensitivity", help="Morris screening of the assumptions (B vs A)")
    _sensitivity_arguments(screen)
    _discover_arguments(sub.add_parser("discover", help="where does B fail? (PRIM)"))
    params = sub.add_parser("params", help="write the parameter reference (docs/PARAMETERS.md)")
    params.add_argument("--out", default="docs/PARAMETERS.md")
    brief = sub.add_parser("brief", help="write a policy brief (PDF) of a run or comparison")
    brief.add_argument("folder", help="a run, replicates or comparison folder (with manifest.json)")
    brief.add_argument("--lang", choices=("id", "en"), default="id",
                       help="Indonesian (default) or English")  # fmt: skip
    brief.add_argument("--out", help="PDF path (default: <folder>/brief_<lang>.pdf)")
    brief.add_argument("--screening", metavar="SCREEN_FOLDER",
                       help="a sensitivity screening of the comparison's pair (sensitivity A "
                       "B; with discover's discovery/ inside): the brief names the assumptions "
                       "that drive each headline change and where B fails (default: the "
                       "screening the comparison's manifest names, if any)")  # fmt: skip
    cal = sub.add_parser("calibrate", help="fit behavioural parameters to published figures")
    cal.add_argument("--budget", type=int, default=400,
                     help="parameter sets to evaluate, each on 4 seeds (default 400)")  # fmt: skip
    cal.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    cal.add_argument("--out", help="output folder (default: outputs/calibration-<time>/)")
    cal.add_argument("--adopt", nargs="?", const="", metavar="FOLDER",
                     help="make the fit the one every scenario uses (the package's "
                     "data/calibration/); with FOLDER, adopt that finished calibration without "
                     "fitting again. Refuses a fit worse than the values in force")  # fmt: skip
    cal.add_argument("--force", action="store_true",
                     help="with --adopt: adopt even a worse or out-of-date fit")  # fmt: skip
    cal.add_argument("--seed", type=int, default=2025, help="root seed (default 2025)")
    cal.add_argument("--keep-current", nargs="?", const="", metavar="REASON",
                     help="write the values in force now to fitted.toml, not the fit")  # fmt: skip
    cal.add_argument(
        "--executor",
        choices=("process", "dask"),
        default="process",
        help="where the fit's runs go: local processes (default) or a Dask cluster",
    )
    cal.add_argument(
        "--scheduler",
        help="with --executor dask: address of an existing "
        "cluster's scheduler (default: a local cluster of --workers processes)",
    )
    cal.add_argument("--resume", action="store_true",
                     help="reuse the runs an interrupted calibration stored in outputs/"
                     "calibration-moments.jsonl (same result as uninterrupted)")  # fmt: skip
    cal.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)
    cal.add_argument("--quiet", action="store_true", help="no progress messages")
    explore = sub.add_parser(
        "explore", help="interactive explorer in the browser (needs the 'explore' extra)"
    )
    explore.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    explore.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    explore.add_argument("--scale", type=float, default=0.1, help="population scale (0.1)")
    explore.add_argument("--open", action="store_true", help="also open it in a browser")
    return parser


def _sensitivity_arguments(p: argparse.ArgumentParser) -> None:
    """The ``sensitivity`` command's options (defined here, with the others, so that building
    the parser imports none of the screening's machinery)."""
    p.add_argument("a", help="reference scenario: a name (baseline) or a TOML file")
    p.add_argument("b", help="policy scenario: a name (mou) or a TOML file")
    p.add_argument("--trajectories", type=int, default=10, help="Morris trajectories (10)")
    p.add_argument("--levels", type=int, default=4, help="Morris grid levels (4)")
    p.add_argument("--scale", type=float, default=0.1, help="population scale (0.1)")
    p.add_argument("--days", type=int, default=365, help="days per run (365)")
    p.add_argument("--seed", type=int, help="root seed (default: A's run.seed)")
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    p.add_argument("--out", help="output folder (default: outputs/sensitivity-<B>-vs-<A>)")
    p.add_argument("--kpis", nargs="+", help="KPIs to analyse (default: welfare groups, UMKM "
                   "revenue, visits, PAD, waste, farmer income)")  # fmt: skip
    p.add_argument(
        "--range",
        type=float,
        default=0.5,
        dest="rel",
        help="relative half-width of each factor's range (0.5 = +-50%%)",
    )
    p.add_argument(
        "--only",
        nargs="+",
        metavar="PATTERN",
        help="screen only the assumptions matching these patterns (fnmatch)",
    )
    p.add_argument("--factors-limit", type=int, help="screen only the first N assumptions")
    p.add_argument(
        "--dummy",
        action="store_true",
        help="add a dummy factor the model never sees (its mu* must be 0)",
    )
    p.add_argument(
        "--noise-floor",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="add a factor whose step only re-seeds the runs: its mu* is the noise floor that "
        "an assumption's mu* must pass (default on)",
    )
    p.add_argument(
        "--reseed",
        type=int,
        default=4,
        metavar="N",
        help="re-run each KPI's top 3 drivers' 3 largest steps on N other seeds: are they "
        "decided by the seed? (4; 0 = no seed check)",
    )
    p.add_argument(
        "--sobol-top",
        type=int,
        default=5,
        help="Sobol analysis of the top N drivers of the headline (5; 0 = none)",
    )
    p.add_argument(
        "--sobol-n",
        type=int,
        default=128,
        help="Saltelli base samples, a power of 2 (128: sim.sensitivity.SOBOL_N)",
    )
    p.add_argument("--resume", action="store_true", help="continue an interrupted screening")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _discover_arguments(p: argparse.ArgumentParser) -> None:
    """The ``discover`` command's options."""
    p.add_argument(
        "folder", help="a sensitivity folder (or any folder with design.csv and effects.csv)"
    )
    p.add_argument("--kpi", action="append", help="effect column(s) that must rise (repeatable; "
                   "default: net welfare and farmers' income)")  # fmt: skip
    p.add_argument(
        "--threshold", type=float, default=0.0, help="an effect at or below this is a failure (0)"
    )
    p.add_argument("--lower", action="store_true",
                   help="B should lower the outcomes (waste, prices): a failure is an effect at "
                   "or above the threshold")  # fmt: skip
    p.add_argument("--boxes", type=int, default=2, help="boxes to look for (2)")
    p.add_argument(
        "--min-coverage",
        type=float,
        default=0.5,
        help="least share of the failures the chosen box must hold (0.5)",
    )
    p.add_argument("--sample", type=int, default=None,
                   help="a screening: points of the space-filling sample to run, each a pair of "
                   "runs (256; 0: PRIM on the screening's Morris points, no runs)")  # fmt: skip
    p.add_argument("--top", type=int, default=12,
                   help="assumptions the sample varies: the screening's most influential on the "
                   "outcomes tested (12), with the calibration ensemble")  # fmt: skip
    p.add_argument("--confirm-seeds", type=int, default=None,
                   help="more seeds (pairs of runs) for each sampled set whose effect lies "
                   "within 2 seed-to-seed s.d. of the threshold, labelled by the mean (4 with a "
                   "sample; 0: none; refused without a sample)")  # fmt: skip
    p.add_argument("--workers", type=int, help="worker processes for the sample (all cores)")
    p.add_argument("--out", help="output folder (default: FOLDER/discovery)")


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


def _check_positive(name: str, value) -> None:
    if value is not None and value < 1:
        raise ConfigError("<command line>", name, f"must be at least 1, got {value}")


def _cmd_run(args) -> int:
    args.scenario = str(find_scenario(args.scenario))
    overrides = _parse_set(args.set)
    if args.engine:
        overrides["run.engine"] = args.engine
    _check_positive("--replicates", args.replicates)
    _check_positive("--workers", args.workers)
    from sim.experiment import run_replicates, run_scenario  # after the checks: they are quick

    _horizon_notes([args.scenario], overrides, args.days, args.quiet)
    if args.replicates > 1:
        ov = dict(overrides)
        for key, value in (("run.days", args.days), ("run.scale", args.scale)):
            if value is not None:
                ov[key] = value
        folder, _, summary = run_replicates(
            args.scenario, args.replicates, root_seed=args.seed, overrides=ov,
            workers=args.workers, out=args.out, progress=not args.quiet,
            override_label="<command line>", overwrite=args.overwrite,
        )  # fmt: skip
        if not args.quiet:
            table = summary.set_index("kpi")
            print(f"Scenario {Path(args.scenario).name}: {args.replicates} replicates "
                  "(mean and 95% CI, full-scale equivalents)")  # fmt: skip
            for key, label, unit, x in _headline():
                r = table.loc[key]
                print(f"  {label:42s} {_num(r['mean'] * x):>16s}  [{_num(r['ci_low'] * x)}, "
                      f"{_num(r['ci_high'] * x)}]  {unit}")  # fmt: skip
            print(f"Wrote {folder}/ (manifest.json, replicates.csv, summary.csv, runs/)")
        return 0
    folder, kpis = run_scenario(
        args.scenario,
        seed=args.seed,
        days=args.days,
        scale=args.scale,
        overrides=overrides,
        out=args.out,
        progress=not args.quiet and sys.stderr.isatty(),
        override_label="<command line>",
        overwrite=args.overwrite,
    )
    if not args.quiet:
        print(
            f"Scenario {Path(args.scenario).name}: {kpis['days']} days, scale "
            f"{kpis['scale']:g}, seed {kpis['seed']} (full-scale equivalents)"
        )
        for key, label, unit, x in _headline():
            print(f"  {label:42s} {_num(kpis[key] * x):>20s}  {unit}")
        print(f"Wrote {folder}/ (manifest.json, kpis.json, timeseries.parquet)")
    return 0


def _horizon_notes(paths: list[str], overrides: dict, days, quiet: bool) -> None:
    """Print to stderr :func:`sim.experiment.horizon_note` of each scenario (with the command
    line's overrides and ``--days``) that has one, before anything runs."""
    if quiet:
        return
    from sim.config import load_scenario
    from sim.experiment import horizon_note

    ov = dict(overrides) | ({"run.days": days} if days is not None else {})
    for path in paths:
        note = horizon_note(load_scenario(path, ov, "<command line>"))
        if note:
            print(note, file=sys.stderr)


def _num(value: float) -> str:
    if value != value:
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _cmd_compare(args) -> int:
    args.a, args.b = str(find_scenario(args.a)), str(find_scenario(args.b))
    _check_positive("--replicates", args.replicates)
    _check_positive("--workers", args.workers)
    from sim.experiment import compare

    ov = _parse_set(args.set)
    for key, value in (("run.days", args.days), ("run.scale", args.scale)):
        if value is not None:
            ov[key] = value
    sets = _ensemble_sets(args) if args.ensemble is not None else None
    _check_positive("--param-draws", args.param_draws)
    _horizon_notes([args.a, args.b], ov, None, args.quiet)
    folder, table, ce = compare(
        args.a, args.b, args.replicates, root_seed=args.seed, overrides=ov,
        workers=args.workers, out=args.out, progress=not args.quiet,
        override_label="<command line>", overwrite=args.overwrite, seeds_only=args.seeds_only,
        param_draws=args.param_draws, screening=args.screening,
    )  # fmt: skip
    if sets is not None:
        _ensemble_compare(args, ov, folder, sets, table)
    if args.quiet:
        return 0
    a, b = Path(args.a).stem, Path(args.b).stem
    param = "param_low" in table
    print(f"{b} against {a}: {args.replicates} paired replicates (common random numbers), "
          "mean difference B - A; * = distinguishable from zero by seed noise")  # fmt: skip
    if param:
        print("Intervals: seed noise (95% paired t CI) and parameters with seeds (95% range "
              f"over {args.param_draws} parameter sets, never narrower); the wider one "
              "counts")  # fmt: skip
    else:
        print("Intervals: SEED NOISE ONLY (--seeds-only): parameter uncertainty is not covered")
    head = "  95% CI (seed noise)" + ("  |  95% range (parameters)" if param else "")
    print(f"  {'KPI':44s} {a:>16s} {b:>16s} {'B - A':>16s}{head}")
    for r in table.itertuples():
        if r.kpi in ("days", "scale"):
            continue
        star = "*" if r.distinguishable else " "
        wide = f"  |  [{_num(r.param_low)}, {_num(r.param_high)}]" if param else ""
        print(f"{star} {r.kpi:44s} {_num(r.mean_a):>16s} {_num(r.mean_b):>16s} "
              f"{_num(r.diff):>16s}  [{_num(r.ci_low)}, {_num(r.ci_high)}]{wide}")  # fmt: skip
    print("Cost-effectiveness of B against A (change per year per Rp of extra program spending):")
    for r in ce.itertuples():
        wide = f"  |  [{_num(r.param_low)}, {_num(r.param_high)}]" if param else ""
        print(f"  {r.effect:22s} {_num(r.rp_per_rp):>10s} Rp per Rp  "
              f"[{_num(r.ci_low)}, {_num(r.ci_high)}]{wide}")  # fmt: skip
    print(f"Wrote {folder}/ (compare.csv, compare.json, cost_effectiveness.csv, manifest.json)")
    return 0


def _ensemble_sets(args) -> int:
    """Check the ``--ensemble`` options before anything runs; returns the number of sets."""
    from sim.calibration import ENSEMBLE_CSV
    from sim.uncertainty import read_ensemble

    _check_positive("--members", args.members)
    _check_positive("--ensemble-replicates", args.ensemble_replicates)
    path = Path(args.ensemble) if args.ensemble else ENSEMBLE_CSV  # bare flag: the project's
    args.ensemble = str(path)
    if not path.is_file():
        raise ConfigError(str(path), "", "ensemble file not found")
    frame = read_ensemble(path)
    return min(len(frame), args.members or len(frame))


def _ensemble_compare(args, ov: dict, folder: Path, members: int, table) -> None:
    """The comparison once per ensemble set, into ``folder/ensemble``; writes the stacked
    table, the sign robustness and ``ensemble.json`` beside the main comparison."""
    import hashlib

    from sim.brief import ENSEMBLE_JSON, ENSEMBLE_ROBUSTNESS_CSV
    from sim.calibration import compare_over_ensemble
    from sim.experiment import atomic_write_bytes, atomic_write_json

    path = Path(args.ensemble)
    stacked, robust = compare_over_ensemble(
        args.a, args.b, args.ensemble_replicates, ensemble=path, members=members,
        overrides=ov, out=folder / "ensemble", root_seed=args.seed, workers=args.workers,
        progress=not args.quiet, override_label="<command line>",
    )  # fmt: skip
    atomic_write_bytes(folder / "ensemble_compare.csv", stacked.to_csv(index=False).encode())
    atomic_write_bytes(folder / ENSEMBLE_ROBUSTNESS_CSV, robust.to_csv(index=False).encode())
    atomic_write_json(folder / ENSEMBLE_JSON, {
        "ensemble": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "members": members, "replicates": args.ensemble_replicates, "root_seed": args.seed,
        "command": "python run_experiments.py " + " ".join(args.argv),
    })  # fmt: skip
    if not args.quiet:
        diff = table.set_index("kpi")["diff"]
        moved = robust[robust["kpi"].map(diff).fillna(0.0) != 0.0]
        held = int(moved["sign_robust"].sum())
        print(f"Over {members} ensemble sets ({args.ensemble_replicates} paired seeds each) the "
              f"sign of B - A is the same in every set for {held} of the {len(moved)} KPIs "
              f"that B changes ({folder / ENSEMBLE_ROBUSTNESS_CSV}).")  # fmt: skip


def _cmd_rerun(args) -> int:
    if not Path(args.manifest).exists():
        raise ConfigError(args.manifest, "", "manifest not found")
    _check_positive("--workers", args.workers)
    from sim.experiment import rerun

    folder, same, differ = rerun(args.manifest, out=args.out, workers=args.workers,
                                 overwrite=args.overwrite)  # fmt: skip
    if same:
        print(f"Reproduced bit for bit: {folder}/")
        return 0
    print(f"error: rerun differs from the original in {', '.join(differ)} ({folder}/)",
          file=sys.stderr)  # fmt: skip
    return 1


def _cmd_sweep(args) -> int:
    from sim import sweep as sw

    _check_positive("--workers", args.workers)
    if args.scheduler and args.executor != "dask":
        raise ConfigError("<command line>", "--scheduler", "goes with --executor dask")
    spec = sw.load_sweep(find_scenario(args.sweep, SWEEP_DIR, "sweep"))
    folder = Path(args.out) if args.out is not None else Path("outputs") / f"sweep-{spec.name}"
    if args.out is not None and not args.out.strip():
        raise ConfigError("<command line>", "--out", "is empty; name an output folder")
    summary = sw.run_sweep(spec, folder, workers=args.workers, executor=args.executor,
                           scheduler=args.scheduler, resume=args.resume,
                           progress=not args.quiet, overwrite=args.overwrite)  # fmt: skip
    out = sw.analyse(spec, folder)
    if "points" in out:
        sw.sweep_figures(spec, out, folder, lang=args.lang)
    print(
        f"Sweep {spec.name}: {summary['completed']} of {summary['runs']} runs complete, "
        f"{summary['failed']} failed ({summary['ran']} run now, {summary['seconds']:.1f} s)"
    )
    for f in summary["failures"][:10]:
        print(f"  failed {f['run_id']}: {f['error']}")
    if summary["failed"] > 10:
        print(f"  ... and {summary['failed'] - 10} more (see runs/*.parquet, column traceback)")
    print(f"Wrote {folder}/ (manifest.json, design.csv, runs/, points.csv, figures/"
          f"{', sobol.csv' if spec.design_kind == 'saltelli' else ''})")  # fmt: skip
    if summary["failed"]:
        print(f"error: {summary['failed']} of {summary['runs']} runs failed; --resume "
              "retries them", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _cmd_sensitivity(args) -> int:
    from sim.sensitivity import main as screening

    return screening(args)


def _cmd_discover(args) -> int:
    from sim.discovery import main as discover

    return discover(args)


def _cmd_params(args) -> int:
    from sim.docs import parameter_reference

    text = parameter_reference()
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}")
    return 0


def _cmd_brief(args) -> int:
    from sim.brief import make_brief

    path = make_brief(args.folder, lang=args.lang, out=args.out, screening=args.screening)
    print(f"Wrote {path} (figures in {Path(args.folder) / 'figures'}/)")
    return 0


def _cmd_calibrate(args) -> int:
    """Method of simulated moments against the calibration targets (see sim/calibration.py);
    writes its own folder, and replaces the parameters in force only with ``--adopt``."""
    from sim.calibration import CALIBRATION_DIR, Settings, adopt_fit, run_calibration

    if args.force and args.adopt is None:
        raise ConfigError("<command line>", "--force", "goes with --adopt")
    if args.adopt:  # a finished folder: adopt it, fit nothing
        info = adopt_fit(args.adopt, force=args.force)
        print(f"Adopted {args.adopt} (distance {info['distance']:.3g}, values in force before "
              f"it {info['distance_before']:.3g}) into {CALIBRATION_DIR}/")  # fmt: skip
        return 0
    _check_positive("--workers", args.workers)
    if args.scheduler and args.executor != "dask":
        raise ConfigError("<command line>", "--scheduler", "goes with --executor dask")
    if args.budget < 40:
        raise ConfigError("<command line>", "--budget", f"must be at least 40, got {args.budget}")
    settings = Settings(budget=args.budget, workers=args.workers, seed=args.seed,
                        adopt=args.keep_current is None, reason=args.keep_current or "",
                        progress=not args.quiet, resume=args.resume,
                        executor=args.executor, scheduler=args.scheduler)  # fmt: skip
    if args.out is not None:
        from sim.outdir import claim

        with claim(args.out, overwrite=args.overwrite) as folder:
            settings.out = folder
            info = run_calibration(settings)
    else:
        info = run_calibration(settings)
    print(f"Calibration: distance {info['distance']:.2f} "
          f"(before {info['distance_before']:.2f}), "
          f"{info['evaluations']} candidates; fitted.toml holds the {info['adopted']} values. "
          f"Wrote {settings.out}/ (fitted.toml, report.md, validation.png, ...)")  # fmt: skip
    if args.adopt is None:
        print(f"Not adopted: scenarios still use {CALIBRATION_DIR / 'fitted.toml'}; adopt this "
              f"fit with: calibrate --adopt {settings.out}")  # fmt: skip
        return 0
    adopt_fit(settings.out, force=args.force)
    print(f"Adopted into {CALIBRATION_DIR}/")
    return 0


def _cmd_explore(args) -> int:
    """Serve sim/explorer/app.py with Solara (see docs/EXPLORER.md)."""
    import importlib.util
    import os
    import subprocess

    needed = ("solara", "ipyvuetify", "altair", "networkx")
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        print(f"error: explore needs the 'explore' extra ({', '.join(missing)} not installed): "
              "pip install -e '.[explore]'", file=sys.stderr)  # fmt: skip
        return 2
    if not 1e-4 <= args.scale <= 1.0:
        raise ConfigError("<command line>", "--scale", f"must be in [0.0001, 1], got {args.scale}")
    if not 0 <= args.port <= 65535:
        raise ConfigError("<command line>", "--port", f"must be in 0-65535, got {args.port}")
    app = Path(__file__).resolve().parent / "explorer" / "app.py"
    env = {**os.environ, "KAD_EXPLORER_SCALE": repr(args.scale),
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}  # fmt: skip
    from sim.explorer.hostguard import exposure_warning

    cmd = [sys.executable, "-m", "sim.explorer.hostguard", str(app), "--host", args.host,
           "--port", str(args.port), "--production", "--no-check-version",
           "--open" if args.open else "--no-open"]  # fmt: skip
    warning = exposure_warning(args.host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print(f"Explorer: open http://{args.host}:{args.port}/ in a browser (Ctrl+C stops it)",
          flush=True)  # fmt: skip
    if os.name == "posix":  # become the server, so that signals reach it and nothing is orphaned
        os.execve(sys.executable, cmd, env)
    return subprocess.call(cmd, env=env)


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # as typed, for the records
    try:
        commands = {"run": _cmd_run, "compare": _cmd_compare, "rerun": _cmd_rerun,
                    "sweep": _cmd_sweep, "brief": _cmd_brief,
                    "params": _cmd_params, "explore": _cmd_explore,
                    "calibrate": _cmd_calibrate, "sensitivity": _cmd_sensitivity,
                    "discover": _cmd_discover}  # fmt: skip
        return commands[args.command](args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except TamperedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
