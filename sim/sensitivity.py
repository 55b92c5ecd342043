"""Global screening of the model's assumptions: which ones move the effect of scenario B
against scenario A (``run_experiments.py sensitivity A B``).

Method: Morris elementary effects (SALib) on the PAIRED effect KPI_B - KPI_A. At each design
point both scenarios run with the same parameter values and the same seed (common random
numbers), so the effect carries no seed noise of its own; each Morris trajectory has its own
seed, spawned from the root seed, so mu* averages over seeds as well as over the factor space.
The top drivers of the headline effect then get a Sobol (Saltelli) analysis.

Factors are the parameters whose source is "assumption" (the schema's source, or, for keys a
scenario file sets, the comment on that line; the schema defers to the scenario files for the
commodity tables; ``# fitted`` keys are the calibration's and are left to its ensemble), and
those with a stated plausible range in the schema (``Param.plausible``), which vary over that
range. Each other factor varies over +-50% of its value in A (clipped to the schema's
range), with the rules in :func:`factor_range` for shares near 1, multipliers around 1,
integers and zeros; a parameter that B sets differently from A is a policy lever and varies
in B only. The UMKM sectors' shares, whose values over the sectors must sum to 1, vary as
weights: +-50% of each sector's value, after which the composition is rescaled to sum to 1
(:func:`rescale_compositions`), so a sector's factor is its weight against the others' and
the design's values of those keys (and PRIM's boxes on them) are weights before rescaling.
``factors.csv`` states the range and the reason for every candidate, included or not.

Runs go through the sweep's per-run files (:func:`sim.sweep.execute_run`: one Parquet file per
finished run, written by the process that ran it), so ``--resume`` continues a killed job. The
target is pluggable (``module:function``, as in sweeps), which is how the tests run the same
code on functions with a known answer.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.keys import get_key, leaves, set_key
from sim.errors import ConfigError

MODEL_TARGET = "sim.sensitivity:paired_effect"
DUMMY = "dummy"  # a factor the target never sees: its mu* must be exactly 0
# A factor whose step only re-seeds a point's paired runs (the same parameter values, other
# random numbers): its mu* is the runs' noise floor. With common random numbers the dummy's
# mu* is 0 by construction and so says nothing about noise; a step of this factor moves the
# effect by as much as the runs' noise alone does. An assumption whose mu* is not above it
# moves the effect no more than a new seed does: a threshold to read drivers by, not a test
# (one factor's mu* over the trajectories; referees, session 9).
NOISE = "noise_seed"
CONTROLS = (DUMMY, NOISE)  # factors that are not assumptions: never a driver
# The headline effect: the first of these that the model reports (the two regions' welfare is
# the planners' question; all parties' welfare, outsiders included, follows).
HEADLINE = (
    "net_welfare_two_regions_rp_per_year",
    "net_welfare_rp_per_year",
    "farmers_income_rp_per_year",
)
# Net welfare and its groups (the trade-economics issue adds them); then the other outputs.
WELFARE_KPIS = (
    "net_welfare_two_regions_rp_per_year",
    "net_welfare_rp_per_year",
    "farmers_income_rp_per_year",
    "middlemen_income_rp_per_year",
    "surabaya_consumer_surplus_rp_per_year",
    "blitar_consumer_surplus_rp_per_year",
    "government_net_rp_per_year",
)
WELFARE_PATTERN = re.compile(r"(welfare|surplus)")  # further welfare groups, picked up when present
DEFAULT_KPIS = WELFARE_KPIS + (
    # who gains among sellers: a UMKM assumption mostly moves spending between UMKM firms and
    # the outside option's shops and chains (referee, session 9, F13)
    "umkm_profit_rp_per_year",
    "outside_sellers_income_rp_per_year",
    "umkm_revenue_rp_per_year",
    "blitar_visits_per_year",
    "pad_surabaya_rp_per_year",
    "pad_blitar_rp_per_year",
    "waste_t_per_year",
)
FIGURE_TOP = 15
# Saltelli base samples of the Sobol stage (sobol_n * (k + 2) points for the top k = 5 drivers:
# 896). With 32 (the default until 6 December 2026), 11 of the 45 total indices of the full
# screening of mou against baseline had a 95% CI outside [0, 1] (net welfare's first driver:
# 1.16 +- 1.33); with 128, on the same screening, 1 of 45, every CI about half as wide (median
# 0.52 of before). The stage's 672 more pairs cost about 2 minutes on 2 idle cores.
SOBOL_N = 128
SPEC_KEYS = ("target", "trajectories", "levels", "seed", "factors", "kpis", "context",
             "sobol_top", "sobol_n", "dummy", "noise", "halves", "reseed",
             "reseed_rule")  # fmt: skip
SPEC_DEFAULTS = {"noise": False, "halves": False, "reseed": 0, "reseed_rule": None}
# the checks made after the screening's runs, on which no Morris or Sobol run depends: a
# resumed screening keeps the folder's values (its manifest is what rerun reproduces), so a
# folder from before a check resumes without it
CHECK_KEYS = ("halves", "reseed", "reseed_rule")


# ---------------------------------------------------------------------- factors
def _file_sources(scenario) -> dict:
    """Dotted key -> the comment on the line that sets it, over the extends chain (the last
    file wins); a key set without a comment maps to ""."""
    out: dict[str, str] = {}
    line_re = re.compile(r"^\s*([A-Za-z0-9_.\"-]+)\s*=\s*[^#]*?(?:#\s*(.*))?$")
    for file in scenario.files:
        table, block = "", []
        for line in scenario.sources[file].splitlines():
            text = line.strip()
            if text.startswith("#"):  # a comment block documents the key below it
                block.append(text.lstrip("#").strip())
                continue
            head = re.match(r"^\s*\[([^\[\]]+)\]", line)
            m = line_re.match(line)
            if head:
                table = head.group(1).strip()
            elif m:
                key = m.group(1).strip('"')
                note = (m.group(2) or "").strip() or " ".join(block)
                out[f"{table}.{key}" if table else key] = note
            block = []
    return out


# keys screened over a range of their own (low, high, why) instead of +-rel around the value:
# published or documented spreads, and calibrated keys the ensemble does not vary yet; they are
# screened even when sourced or fitted (issue 16 referee, points 4, 6, 9, 10)
EVIDENCE_RANGES: dict[str, tuple[float, float, str]] = {
    "programs.training.cost_rp_per_place": (
        300_000.0, 4_000_000.0,
        "the four regional programs' budgets per trainee, Rp 0.3-4.0 M (docs/DATA.md)"),
    "umkm.epeken_visibility": (
        0.01, 0.018,
        "fitted jointly with the other free parameters (0.01386, calibration of 5 December "
        "2026) and varied by the ensemble's members when a comparison uses it; this range, for "
        "screenings and comparisons without the ensemble, is the e-Peken turnover target's band, "
        "Rp 40-70 bn a year, at scale 0.05, seeds 1-2 (0.01: Rp 40.5 / 46.0 bn; 0.02: Rp 67.0 / "
        "77.0 bn, above the band, so the top is 0.018, ~Rp 66 bn by interpolation)"),
    "umkm.epeken_mandated_rp_per_buyer_per_month": (
        60_000.0, 250_000.0, "the ASN-only months of 2021 to three quarters of the turnover"),
    "umkm.outlet_visibility": (0.4, 1.6, "half to twice the assumption; no measurement found"),
    "umkm.selling_min_rp_per_month": (100_000.0, 2_000_000.0, "a few orders a month"),
    "programs.training.targeting_noise_sd": (1.0, 10.0, "towards random selection"),
    "umkm.employment_elasticity_to_sales": (0.3, 0.8, "assumption"),
    "umkm.workers_per_firm": (
        1.0, 1.83,
        "a national average used as a marginal ratio: a firm brings at least its owner, at most "
        "the all-UMKM average (micro firms 1.70)"),
    "umkm.literacy_decay_per_day": (0.0005, 0.004, "half-life ~6 months to ~4 years"),
    "umkm.quality_decay_per_day": (0.00025, 0.001, "about 9-30% of a gain lost a year"),
}  # fmt: skip


# numerical settings outside run.*: like the scale, they set how finely the model samples the
# world, not what it assumes about it; a change moves only the runs' noise (a bias it showed
# would be a resolution problem to report, not an uncertainty to screen; referee, session 9)
RESOLUTION_KEYS = {
    "tourism.visitors_per_agent": "a resolution setting (visitors one tourist agent stands for), "
    "not an assumption about the world: it moves only the runs' sampling noise",
}


def _own_range(key: str) -> tuple[float, float, str] | None:
    """(low, high, rule) of a key of :data:`EVIDENCE_RANGES`, else None."""
    if key not in EVIDENCE_RANGES:
        return None
    lo, hi, why = EVIDENCE_RANGES[key]
    return lo, hi, f"range of its own: {why}"


def _is_share(p) -> bool:
    """A share or persistence bounded by [0, 1] (or just under 1)."""
    return p.lo == 0.0 and p.hi is not None and 0.99 <= p.hi <= 1.0


def _is_multiplier(key: str) -> bool:
    last = key.rsplit(".", 1)[-1]
    return last.endswith(("_multiplier", "_multiple", "_markup", "_index"))


def factor_range(key: str, p, value: float, rel: float) -> tuple[float, float, str] | str:
    """The plausible range (low, high, rule) of a numeric assumption at ``value``, or the
    reason it is not screened. ``rel`` is the relative half-width (0.5 = +-50%). A key with a
    stated plausible range in the schema (:func:`sim.config.schema.plausible_range`) varies
    over that range instead."""
    from sim.config.schema import plausible_range

    stated = plausible_range(key, p)
    if stated is not None:
        return stated[0], stated[1], f"the schema's stated plausible range ({stated[2]})"
    if key.endswith("day_of_year"):
        return "a calendar position, not a magnitude: a relative range has no meaning"
    if value == 0:
        return "value 0: a relative range around zero is empty (a switched-off mechanism)"
    share = composition(key)
    if share is not None:  # a weight: rescaled with the other sectors' (rescale_compositions)
        lo, hi = value * (1 - rel), value * (1 + rel)
        # the share it gives with the other sectors at their values (which sum to 1 - value)
        s_lo, s_hi = lo / (lo + 1.0 - value), hi / (hi + 1.0 - value)
        rule = (
            f"+-{rel:.0%} of its weight among the sectors' {share}, which are then "
            "rescaled to sum to 1 (a composition: the other sectors give way in proportion); "
            f"its share {s_lo:.3g}-{s_hi:.3g} with the others at their values"
        )
        return lo, hi, rule
    if _is_multiplier(key) and p.unit in ("-", "") and value >= 1.0:
        if value == 1.0:
            return (
                "multiplier at 1 (no effect): +-50% of its excess over 1 is empty; a shock "
                "lever or a stated 'no effect'"
            )
        excess = value - 1.0
        lo, hi = 1.0 + (1 - rel) * excess, 1.0 + (1 + rel) * excess
        rule = f"+-{rel:.0%} of the excess over 1 (a multiplier below 1 would reverse it)"
    elif _is_share(p) and value > 0.5:
        rest = 1.0 - value
        lo, hi = 1.0 - (1 + rel) * rest, 1.0 - (1 - rel) * rest
        rule = f"+-{rel:.0%} of the complement 1 - x (a share near 1; +-{rel:.0%} of x would "
        rule += "leave its range)"
    else:
        lo, hi = sorted((value * (1 - rel), value * (1 + rel)))
        rule = f"+-{rel:.0%} of the value"
    clipped = []
    if p.lo is not None and lo < p.lo:
        lo, clipped = float(p.lo), clipped + ["low"]
    if p.hi is not None and hi > p.hi:
        hi, clipped = float(p.hi), clipped + ["high"]
    if clipped:
        rule += f"; {' and '.join(clipped)} end clipped to the schema's range"
    if p.kind == "int":
        lo, hi = float(round(lo)), float(round(hi))
        if hi - lo < 1:
            return f"integer {value:g}: +-{rel:.0%} spans no other whole number"
        rule += "; rounded to whole numbers"
    if not lo < hi:
        return "the range collapses at the schema's bound"
    return lo, hi, rule


def _candidate(key: str, p, va, vb, sources_a: dict, sources_b: dict, programs_on: set):
    """(row of factors.csv without the range) and the reason to skip, or None."""
    differs = va != vb
    src = (sources_b if differs else sources_a).get(key)
    source = src if src else p.source
    row = {"parameter": key, "kind": p.kind, "unit": p.unit, "value_a": va, "value_b": vb,
           "applies_to": "B" if differs else "both", "schema_lo": p.lo, "schema_hi": p.hi,
           "source": source}  # fmt: skip
    if key.startswith("run."):
        return row, "run setting, not a model assumption"
    if key in RESOLUTION_KEYS:
        return row, RESOLUTION_KEYS[key]
    if key in EVIDENCE_RANGES:
        parts = key.split(".")
        if parts[0] == "programs" and parts[1] not in programs_on:
            return row, "its program is off in both scenarios: it cannot act"
        return row, None
    if p.kind not in ("int", "float"):
        return row, f"a {p.kind} (switch, label or date), not a quantity"
    parts = key.split(".")
    if parts[0] == "programs" and parts[1] not in programs_on:
        return row, "its program is off in both scenarios: it cannot act"
    if source.lower().startswith("fitted"):
        return row, "calibrated (fitted.toml): its uncertainty is the calibration ensemble's"
    from sim.config.schema import plausible_range

    if plausible_range(key, p) is not None:
        return row, None  # sourced, but with a stated range: its uncertainty is carried
    if "assumption" not in source.lower():
        return row, "sourced or calculated, not an assumption"
    return row, None


def composition(key: str) -> str | None:
    """The share's name if ``key`` is one UMKM sector's part of a composition whose values
    over the sectors sum to 1 (``umkm.sectors.<sector>.<share>``, one of
    :data:`sim.config.loader.SECTOR_SHARES`), else None."""
    from sim.config.loader import SECTOR_SHARES

    parts = key.split(".")
    if len(parts) == 4 and parts[:2] == ["umkm", "sectors"] and parts[3] in SECTOR_SHARES:
        return parts[3]
    return None


def rescale_compositions(params: dict, keys) -> None:
    """Rescale in place, to sum to 1, each composition of which ``keys`` set a part: the values
    set are weights, and each sector's share becomes its weight over the sectors' total. So a
    screened sector share moves its own sector's share while the other sectors' shrink or grow
    in proportion, and every design point is a valid scenario. A composition within the
    loader's tolerance of 1 (the scenario's own values) is left as it is, bit for bit."""
    from sim.config.loader import SHARE_TOLERANCE

    sectors = params["umkm"]["sectors"]
    for share in sorted({composition(k) for k in keys} - {None}):
        total = sum(s[share] for s in sectors.values())  # as the loader's check adds them
        if abs(total - 1.0) > SHARE_TOLERANCE and total > 0.0:
            for s in sectors.values():
                s[share] = s[share] / total


def build_factors(sa, sb, rel: float = 0.5) -> pd.DataFrame:
    """One row per numeric scenario key of A and B: the range it is screened over, or why it
    is not (``included`` False, ``reason``)."""
    from sim.config.schema import param_for

    if not 0 < rel < 1:
        raise ConfigError("<command line>", "--range", f"must be in (0, 1), got {rel}")
    pa, pb = sa.to_dict(), sb.to_dict()
    src_a, src_b = _file_sources(sa), _file_sources(sb)
    on = {name for name, prog in {**pa.get("programs", {})}.items()
          if prog.get("enabled") or pb["programs"].get(name, {}).get("enabled")}  # fmt: skip
    rows = []
    for key, va in leaves({k: v for k, v in pa.items() if k not in ("extends", "schedule")}):
        p = param_for(key)
        if p is None:
            continue
        vb = get_key(pb, key)
        row, skip = _candidate(key, p, va, vb, src_a, src_b, on)
        if skip is None:
            centre = float(vb if row["applies_to"] == "B" else va)
            rng = _own_range(key) or factor_range(key, p, centre, rel)
            skip = rng if isinstance(rng, str) else None
            if skip is None:
                row.update(low=rng[0], high=rng[1], rule=rng[2])
        row.update(included=skip is None, reason=skip or row.pop("rule", ""))
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in ("low", "high"):
        if col not in frame:
            frame[col] = np.nan
    cols = ["parameter", "included", "low", "high", "value_a", "value_b", "applies_to", "kind",
            "unit", "schema_lo", "schema_hi", "source", "reason"]  # fmt: skip
    return _check_corners(frame[cols], pa, pb, sa.name)


def _check_corners(frame: pd.DataFrame, pa: dict, pb: dict, name: str) -> pd.DataFrame:
    """Drop a factor whose low or high end the scenario checks reject (e.g. a minimum above
    a maximum), with the check's message as the reason."""
    from sim.config.loader import scenario_from_params

    frame = frame.copy()
    for i in frame.index[frame["included"]]:
        r = frame.loc[i]
        for end in ("low", "high"):
            value = _typed_value(r[end], r["kind"] == "int")
            try:
                for params, apply in ((pa, r["applies_to"] == "both"), (pb, True)):
                    if apply:
                        trial = json.loads(json.dumps(params, default=str))
                        set_key(trial, r["parameter"], value)
                        rescale_compositions(trial, [r["parameter"]])
                        scenario_from_params(trial, name, "<factor check>")
            except ConfigError as exc:
                frame.loc[i, "included"] = False
                frame.loc[i, "reason"] = (
                    f"varies only jointly with others: its {end} end "
                    f"fails the scenario checks ({exc.message})"
                )
                break
    return frame


def _typed_value(v, integer: bool):
    return int(round(float(v))) if integer else float(v)


def select_factors(factors: pd.DataFrame, only: list[str] | None, limit: int | None):
    """The included factors, narrowed by ``--only`` patterns (fnmatch) and ``--factors-limit``."""
    import fnmatch

    inc = factors[factors["included"]]
    if only:
        keep = [any(fnmatch.fnmatchcase(k, pat) for pat in only) for k in inc["parameter"]]
        inc = inc[keep]
        if inc.empty:
            raise ConfigError("<command line>", "--only", f"no assumption matches {only}")
    if limit is not None:
        if limit < 1:
            raise ConfigError("<command line>", "--factors-limit", f"must be >= 1, got {limit}")
        inc = inc.head(limit)
    return inc.reset_index(drop=True)


# ---------------------------------------------------------------------- the model target
def _scenario_for(base: dict, values: dict, seed: int, name: str):
    from sim.config.loader import scenario_from_params

    params = json.loads(json.dumps(base))
    for key, value in values.items():
        set_key(params, key, value)
    rescale_compositions(params, values)
    params["run"]["seed"] = seed
    return scenario_from_params(params, name, "<sensitivity>")


def paired_effect(params: dict, seed: int, context: dict) -> dict:
    """One design point: A and B with the same parameter values and seed; returns the effect
    B - A of every numeric KPI (named as the KPI) and the levels (``a:`` and ``b:``)."""
    from sim.experiment import simulate

    both = {k: v for k, v in params.items() if context["applies"].get(k) == "both"}
    ka, _ = simulate(_scenario_for(context["params_a"], both, seed, context["name_a"]))
    every = {k: v for k, v in params.items() if k in context["applies"]}
    kb, _ = simulate(_scenario_for(context["params_b"], every, seed, context["name_b"]))
    out = {}
    for k in sorted(ka):
        if isinstance(ka[k], int | float) and k not in ("days", "scale", "seed"):
            out[k] = float(kb[k]) - float(ka[k])
            out[f"a:{k}"], out[f"b:{k}"] = float(ka[k]), float(kb[k])
    return out


# ---------------------------------------------------------------------- designs
def problem(factors: pd.DataFrame, dummy: bool, noise: bool = False) -> dict:
    """SALib's problem: the factors, then the dummy and the noise factor if asked (on [0, 1])."""
    controls = ([DUMMY] if dummy else []) + ([NOISE] if noise else [])
    names = list(factors["parameter"]) + controls
    bounds = [[float(lo), float(hi)] for lo, hi in zip(factors["low"], factors["high"],
                                                       strict=True)]  # fmt: skip
    return {"num_vars": len(names), "names": names, "bounds": bounds + [[0.0, 1.0]] * len(controls)}


def morris_design(spec: dict) -> pd.DataFrame:
    """The Morris trajectories (SALib): ``trajectories * (factors + 1)`` points."""
    from SALib.sample import morris as morris_sample

    prob = problem(pd.DataFrame(spec["factors"]), spec["dummy"], spec.get("noise", False))
    # not optimised (no optimal_trajectories): Campolongo's selection makes the trajectories
    # depend on each other, and the split-half check (sim.halves) needs them independent
    x = morris_sample.sample(prob, spec["trajectories"], num_levels=spec["levels"],
                             seed=spec["seed"])  # fmt: skip
    return pd.DataFrame(x, columns=prob["names"])


def sobol_design(spec: dict, factors: pd.DataFrame) -> pd.DataFrame:
    """Saltelli's design (SALib, first and total order): ``sobol_n * (k + 2)`` points."""
    from SALib.sample import sobol as sobol_sample

    prob = problem(factors, False)
    x = sobol_sample.sample(prob, spec["sobol_n"], calc_second_order=False, seed=spec["seed"])
    return pd.DataFrame(x, columns=prob["names"])


def nominal(factors: pd.DataFrame) -> dict:
    """Each factor's value when it is not varied: ``value`` (the scenario's), else the middle
    of its range."""
    mid = (factors["low"] + factors["high"]) / 2
    value = factors["value"].fillna(mid) if "value" in factors else mid
    return dict(zip(factors["parameter"], value, strict=True))


def _tasks(design: pd.DataFrame, seeds: list[int], per_seed: int, factors: pd.DataFrame,
           ctx: dict, fixed: dict | None = None, levels: int = 0) -> list[dict]:  # fmt: skip
    """One task per design point; ``fixed`` holds the factors the design does not vary. A
    point's seed is its trajectory's, or, with the noise factor (on a grid of ``levels``), the
    one spawned from it for the noise factor's level there (:func:`noise_seed`)."""
    integer = (
        set(factors.loc[factors["kind"] == "int", "parameter"]) if "kind" in factors else set()
    )
    tasks = []
    for point, row in enumerate(design.to_dict(orient="records")):
        row = {**(fixed or {}), **row}
        values = {k: _typed_value(v, k in integer) for k, v in row.items() if k not in CONTROLS}
        seed = seeds[point // per_seed]
        if NOISE in row:
            seed = noise_seed(seed, row[NOISE], levels)
        tasks.append({"run_id": f"p{point:05d}-r000", "point": point, "replicate": 0,
                      "seed": seed, "params": values, "context": ctx})  # fmt: skip
    return tasks


def noise_seed(seed: int, value: float, levels: int) -> int:
    """The seed of a point whose noise factor is at ``value`` (a level of a ``levels`` grid on
    [0, 1]): one of ``levels`` seeds spawned from the trajectory's ``seed``, so a step of the
    noise factor, and only such a step, gives the point other random numbers."""
    from sim.experiment import spawn_seeds

    return spawn_seeds(seed, levels)[int(round(value * (levels - 1)))]


# ---------------------------------------------------------------------- running
def run_stage(tasks: list[dict], folder: Path, workers: int | None, progress: bool,
              desc: str) -> pd.DataFrame:  # fmt: skip
    """Run the tasks without a file in ``folder/runs`` (the sweep's per-run files and pool);
    returns every run's row, in point order. A failed run stops with its error (exit 2)."""
    from tqdm import tqdm

    from sim.executor import default_workers
    from sim.sweep import done_runs, load_results, run_all

    (folder / "runs").mkdir(parents=True, exist_ok=True)
    for stale in (folder / "runs").glob(".*.tmp"):  # writes cut off by a kill
        stale.unlink(missing_ok=True)
    have = done_runs(folder)
    todo = [t for t in tasks if t["run_id"] not in have]
    workers = default_workers() if workers is None else max(1, int(workers))
    bar = tqdm(total=len(tasks), initial=len(tasks) - len(todo), desc=desc, unit="run",
               disable=not progress, smoothing=0.1)  # fmt: skip
    try:
        run_all(todo, workers, lambda _res: bar.update(1))
    finally:
        bar.close()
    results = load_results(folder).sort_values("point", kind="stable").reset_index(drop=True)
    failed = results[results["status"] != "ok"]
    if len(failed):
        r = failed.iloc[0]
        raise ConfigError(str(folder / "runs" / f"{r['run_id']}.parquet"), "error",
                          f"{len(failed)} run(s) failed; first: {r['error']}")  # fmt: skip
    return results


def present_kpis(spec: dict, results: pd.DataFrame, quiet: bool = False) -> list[str]:
    """The KPIs to analyse: the requested ones the runs report (a note for each absent one),
    plus any welfare group the model reports when the default list is in use."""
    wanted = list(spec["kpis"])
    if spec.get("default_kpis"):
        wanted += sorted(c for c in results.columns if WELFARE_PATTERN.search(c)
                         and ":" not in c and c not in wanted)  # fmt: skip
    have = [k for k in wanted if k in results.columns]
    missing = [k for k in wanted if k not in results.columns]
    if missing and not quiet:
        print(f"note: the model does not report {', '.join(missing)}; skipped")
    if not have:
        raise ConfigError("<command line>", "--kpis", f"none of {wanted} is reported")
    return have


def analyse_morris(spec: dict, design: pd.DataFrame, results: pd.DataFrame,
                   kpis: list[str]) -> pd.DataFrame:  # fmt: skip
    """mu, mu*, its bootstrap 95% CI half-width and sigma per parameter and KPI (SALib), with
    the rank of mu* within each KPI (1 = most influential)."""
    from SALib.analyze import morris as morris_analyze

    prob = problem(pd.DataFrame(spec["factors"]), spec["dummy"], spec.get("noise", False))
    x = design[prob["names"]].to_numpy(float)
    rows = []
    for kpi in kpis:
        y = results[kpi].to_numpy(float)
        res = morris_analyze.analyze(prob, x, y, num_resamples=1000, conf_level=0.95,
                                     num_levels=spec["levels"], seed=spec["seed"])  # fmt: skip
        share = top_step_share(prob, design, y)
        for i, name in enumerate(prob["names"]):
            rows.append({"parameter": name, "kpi": kpi, "mu_star": float(res["mu_star"][i]),
                         "mu_star_conf": float(res["mu_star_conf"][i]),
                         "sigma": float(res["sigma"][i]), "mu": float(res["mu"][i]),
                         "top_step_share": share[i]})  # fmt: skip
    table = pd.DataFrame(rows)
    if "noise" not in spec:  # a screening from before the noise floor: its columns, as written
        table = table.drop(columns="top_step_share")
    table["rank"] = table.groupby("kpi")["mu_star"].rank(ascending=False, method="first")
    table["rank"] = table["rank"].astype(int)
    if NOISE in prob["names"]:
        floor = table[table["parameter"] == NOISE].set_index("kpi")["mu_star"]
        table["noise_floor"] = table["kpi"].map(floor)
        table["above_noise"] = table["mu_star"] > table["noise_floor"]
    return table.sort_values(["kpi", "rank"], kind="stable").reset_index(drop=True)


def top_step_share(prob: dict, design: pd.DataFrame, y: np.ndarray) -> list[float]:
    """Per factor of the Morris ``design`` (``prob``: its SALib problem), the largest absolute
    change of ``y`` in one of its steps (:func:`sim.halves.steps`, one a trajectory) over the
    sum over all its steps, added in trajectory order: near 1 when one step (one region of the
    space) makes its mu*; NaN for a factor that never moves y."""
    from sim.halves import steps

    start, _ = steps(prob["names"], prob["bounds"], design)
    shares = []
    for j in range(start.shape[1]):
        s = [abs(float(y[i + 1] - y[i])) for i in start[:, j]]
        shares.append(max(s) / sum(s) if s and sum(s) > 0 else float("nan"))
    return shares


def headline_kpi(kpis: list[str]) -> str:
    return next((k for k in HEADLINE if k in kpis), kpis[0])


def analyse_sobol(spec: dict, factors: pd.DataFrame, results: pd.DataFrame,
                  kpis: list[str]) -> pd.DataFrame:  # fmt: skip
    """First-order and total Sobol indices (SALib, Saltelli design) with bootstrap 95% CIs."""
    from SALib.analyze import sobol as sobol_analyze

    prob = problem(factors, False)
    rows = []
    for kpi in kpis:
        y = results[kpi].to_numpy(float)
        if np.ptp(y) == 0.0:
            continue  # no variance to decompose
        res = sobol_analyze.analyze(prob, y, calc_second_order=False, num_resamples=1000,
                                    conf_level=0.95, seed=spec["seed"])  # fmt: skip
        for i, name in enumerate(prob["names"]):
            s1, s1c, st, stc = (float(res[c][i]) for c in ("S1", "S1_conf", "ST", "ST_conf"))
            rows.append({"kpi": kpi, "parameter": name, "S1": s1, "S1_conf": s1c,
                         "S1_low": s1 - s1c, "S1_high": s1 + s1c, "ST": st, "ST_conf": stc,
                         "ST_low": st - stc, "ST_high": st + stc})  # fmt: skip
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- the job
def _seeds(spec: dict) -> list[int]:
    """One seed per Morris trajectory, then one for every Sobol run."""
    from sim.experiment import spawn_seeds

    return spawn_seeds(spec["seed"], spec["trajectories"] + 1)


def folder_checks(spec: dict, manifest: dict) -> dict:
    """``spec`` with a resumed folder's own checks (:data:`CHECK_KEYS`, from its ``manifest``;
    a key it lacks is one from before that check: off)."""
    return dict(spec, **{k: manifest.get("spec", {}).get(k, SPEC_DEFAULTS[k]) for k in CHECK_KEYS})


def _prepare(spec: dict, folder: Path, resume: bool, extra: dict) -> dict:
    """Check a resumed folder against ``spec`` (the keys that decide the runs), or start a new
    one (its manifest and factors.csv); returns the spec to run: a resumed folder's own
    values of :data:`CHECK_KEYS`, which its manifest, and so its rerun, keeps."""
    from sim.experiment import (
        atomic_write_bytes,
        atomic_write_json,
        code_version,
        package_versions,
    )

    manifest = folder / "manifest.json"
    if resume and manifest.is_file():
        old = json.loads(manifest.read_text())
        # a key a spec lacks has its value from before the key existed (no noise factor)
        runs = [k for k in SPEC_KEYS if k not in CHECK_KEYS]
        was = {k: old.get("spec", {}).get(k, SPEC_DEFAULTS.get(k)) for k in runs}
        now = {k: spec.get(k, SPEC_DEFAULTS.get(k)) for k in runs}
        now = json.loads(json.dumps(now, default=str))
        if was != now:
            differ = ", ".join(k for k in runs if was[k] != now[k])
            raise ConfigError(
                str(folder),
                "--resume",
                f"the folder holds a different screening (differs in: {differ})",
            )
        return folder_checks(spec, old)
    if folder.exists() and any(folder.iterdir()) and not resume:
        raise ConfigError(str(folder), "--out", "folder exists and is not empty; use --resume")
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_json(manifest, {
        "kind": "sensitivity", "spec": spec, "seeds": _seeds(spec),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "packages": {**package_versions(), **_salib_version()}, "code": code_version(),
        "files": ["factors.csv", "design.csv", "effects.csv", "morris.csv"]
        + (["halves.csv"] if spec.get("halves") else [])
        + (["reseed.csv", "reseed/runs/"] if spec.get("reseed") else [])
        + ["sobol.csv", "figures/", "drivers.md", "morris/runs/", "sobol/runs/"],
        **extra,
    })  # fmt: skip
    if "factor_table" in spec:
        table = pd.DataFrame(spec["factor_table"])
        atomic_write_bytes(folder / "factors.csv", table.to_csv(index=False).encode())
    return spec


def _salib_version() -> dict:
    import importlib.metadata

    try:
        return {"SALib": importlib.metadata.version("SALib")}
    except importlib.metadata.PackageNotFoundError:
        return {"SALib": None}


def execute(spec: dict, folder: str | Path, *, workers: int | None = None,
            resume: bool = False, progress: bool = True, quiet: bool = False,
            extra: dict | None = None) -> dict:  # fmt: skip
    """Run (or resume) a screening described by ``spec`` into ``folder`` and write its tables,
    figures and ``drivers.md``; returns the frames."""
    from sim.experiment import atomic_write_bytes

    folder = Path(folder)
    spec = _prepare(spec, folder, resume, extra or {})
    seeds = _seeds(spec)
    factors = pd.DataFrame(spec["factors"])
    ctx = dict(spec["context"], target=spec["target"], kpis=None)
    design = morris_design(spec)
    atomic_write_bytes(folder / "design.csv", design.to_csv(index_label="point").encode())
    noise = bool(spec.get("noise", False))
    tasks = _tasks(design, seeds, len(factors) + 1 + spec["dummy"] + noise, factors,
                   dict(ctx, folder=str(folder / "morris")), levels=spec["levels"])  # fmt: skip
    results = run_stage(tasks, folder / "morris", workers, progress and not quiet, "morris")
    kpis = present_kpis(spec, results, quiet)
    effects = pd.concat([design, results[kpis + [c for c in results.columns if c.startswith(
        ("a:", "b:"))]]], axis=1)  # fmt: skip
    effects.insert(0, "seed", results["seed"].to_numpy())
    atomic_write_bytes(folder / "effects.csv", effects.to_csv(index_label="point").encode())
    morris = analyse_morris(spec, design, results, kpis)
    out = {"folder": folder, "design": design, "results": results, "kpis": kpis,
           "effects": effects}  # fmt: skip
    if spec.get("halves"):  # the split-half check (sim.halves): no runs, a re-reading
        from sim.halves import analyse_halves, with_halves

        per_factor, out["halves"] = analyse_halves(spec, design, results, kpis)
        atomic_write_bytes(folder / "halves.csv", out["halves"].to_csv(index=False).encode())
        morris = with_halves(morris, per_factor)
    if spec.get("reseed"):  # the seed check (sim.reseed): the top drivers' largest steps
        from sim.reseed import with_reseed

        out["reseed"] = _reseed_stage(spec, folder, design, results, tasks, kpis, morris, seeds,
                                      ctx, workers, progress and not quiet)  # fmt: skip
        morris = with_reseed(morris, out["reseed"], reseed_rule(spec))
    atomic_write_bytes(folder / "morris.csv", morris.to_csv(index=False).encode())
    out["morris"] = morris
    if spec["sobol_top"] > 0 and spec["sobol_n"] > 0:
        out.update(_sobol_stage(spec, folder, factors, morris, kpis, seeds[-1], ctx, workers,
                                progress and not quiet))  # fmt: skip
    write_report(spec, out, folder)
    return out


def reseed_rule(spec: dict) -> dict:
    """The seed check's settings a screening was made with (its spec's "reseed_rule"), else
    today's defaults (:data:`sim.reseed.RULE`)."""
    from sim.reseed import RULE

    return dict(RULE, **(spec.get("reseed_rule") or {}))


def _reseed_stage(spec, folder, design, results, tasks, kpis, morris, seeds, ctx, workers,
                  progress) -> pd.DataFrame:  # fmt: skip
    """Run the seed check's runs (:mod:`sim.reseed`) into ``folder/reseed`` and write
    reseed.csv: each re-run step's elementary effect in the screening and on each other seed."""
    from sim.experiment import atomic_write_bytes
    from sim.halves import elementary_effects, steps
    from sim.reseed import analyse_reseed, chosen_steps, reseed_tasks

    prob = problem(pd.DataFrame(spec["factors"]), spec["dummy"], spec.get("noise", False))
    names, bounds, levels = prob["names"], prob["bounds"], spec["levels"]
    start, sign = steps(names, bounds, design)
    effects = {k: elementary_effects(names, bounds, levels, design, results[k].to_numpy(float))
               for k in kpis}  # fmt: skip
    chosen = chosen_steps(morris, effects, names, reseed_rule(spec))
    todo = reseed_tasks(tasks, chosen, start, names, seeds, levels, spec["reseed"],
                        dict(ctx, folder=str(folder / "reseed")))  # fmt: skip
    rerun = run_stage(todo, folder / "reseed", workers, progress, "seed check") if todo else None
    table = analyse_reseed(chosen, effects, start, sign, names, levels, rerun)
    atomic_write_bytes(folder / "reseed.csv", table.to_csv(index=False).encode())
    return table


def _sobol_stage(spec, folder, factors, morris, kpis, seed, ctx, workers, progress) -> dict:
    from sim.experiment import atomic_write_bytes

    head = headline_kpi(kpis)
    ranked = morris[(morris["kpi"] == head) & ~morris["parameter"].isin(CONTROLS)]
    if "above_noise" in ranked:  # those the noise floor does not hide
        ranked = ranked[ranked["above_noise"]]
    top = list(ranked.sort_values("rank")["parameter"].head(spec["sobol_top"]))
    chosen = factors.set_index("parameter").loc[top].reset_index()
    design = sobol_design(spec, chosen)
    atomic_write_bytes(folder / "sobol_design.csv", design.to_csv(index_label="point").encode())
    fixed = {k: v for k, v in nominal(factors).items() if k not in top}
    tasks = _tasks(design, [seed], len(design), factors, dict(ctx, folder=str(folder / "sobol")),
                   fixed)  # fmt: skip
    results = run_stage(tasks, folder / "sobol", workers, progress, "sobol")
    sobol = analyse_sobol(spec, chosen, results, kpis)
    atomic_write_bytes(folder / "sobol.csv", sobol.to_csv(index=False).encode())
    return {"sobol": sobol, "sobol_headline": head}


# ---------------------------------------------------------------------- reporting
def kpi_unit_en(kpi: str, days: int | None = None) -> str:
    """The KPI's unit in English, from the figure dictionary, else from its name's suffix."""
    from sim.plots.figures import kpi_unit

    unit = kpi_unit(kpi, "en", days)
    if unit != "-":
        return unit
    for suffix, u in (("_rp_per_year", "Rp/year"), ("_rp", "Rp"), ("_t", "t"),
                      ("visits", "visits")):  # fmt: skip
        if kpi.endswith(suffix):
            return u
    return "-"


def morris_figure(morris: pd.DataFrame, kpis: list[str], caption: str, days: int | None = None):
    """Horizontal bars of mu* with its 95% CI, the top 15 factors per KPI, one panel each."""
    import matplotlib.pyplot as plt

    from sim.halves import REPRODUCED_MIN
    from sim.plots import style as S

    ncols = min(2, len(kpis))
    nrows = math.ceil(len(kpis) / ncols)
    with S.apply_style():
        fig, axes = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                                 figsize=(S.FIGURE_WIDTH, 0.6 + 3.2 * nrows))  # fmt: skip
        for ax, kpi in zip(axes.ravel(), kpis, strict=False):
            mine = morris[morris["kpi"] == kpi]
            sub = mine[mine["parameter"] != NOISE].sort_values("rank").head(FIGURE_TOP)
            y = np.arange(len(sub))[::-1]
            color = S.series_style(0)["color"]
            held = sub["reproduced"].eq("yes") if "reproduced" in sub else np.ones(len(sub), bool)
            seed = (
                sub["seed_check"].eq("seed-decided") if "seed_check" in sub else [False] * len(sub)
            )
            bars = ax.barh(y, sub["mu_star"], xerr=sub["mu_star_conf"], edgecolor=color,
                           linewidth=0.8, color=[color if h else "white" for h in held],
                           error_kw={"capsize": 2, "linewidth": 0.8, "ecolor": S.INK})  # fmt: skip
            for bar, decided in zip(bars, seed, strict=True):
                if decided:  # the seed check: hatched, in ink (the fill's colour would hide it)
                    bar.set_hatch("////")
                    bar.set_edgecolor(S.INK)
            floor = mine.loc[mine["parameter"] == NOISE, "mu_star"]
            if len(floor):  # the runs' noise: a step that only re-seeds them moves it this much
                ax.axvline(float(floor.iloc[0]), color=S.MUTED, linestyle="--", linewidth=0.9)
            ax.set_yticks(y, [p if len(p) < 44 else "..." + p[-41:] for p in sub["parameter"]],
                          fontsize=5.5)  # fmt: skip
            ax.set_title(kpi, fontsize=7.5, loc="right")  # left-aligned, a long name ran off
            second = "dashed: noise floor" if len(floor) else "change over a factor's range"
            # a short line each: a long one, centred, ran past the figure's edge (what each
            # mark means is in drivers.md and the README)
            if "reproduced" in sub:
                second += f";\nhollow: < {REPRODUCED_MIN:.0%} of half-splits"
            if "seed_check" in sub:
                second += ";\nhatched: seed-decided"
            ax.set_xlabel(f"mu* of B - A, {kpi_unit_en(kpi, days)}\n({second})", fontsize=6.5)
        for ax in axes.ravel()[len(kpis) :]:
            ax.set_visible(False)
        fig.suptitle("Which assumptions move the effect: Morris mu* with 95% CI", x=0.01,
                     ha="left")  # fmt: skip
        fig.supxlabel(caption, x=0.01, ha="left", fontsize=6, color=S.MUTED)
    return fig


def _fmt(v: float) -> str:
    if v != v:
        return "n/a"
    return f"{v:,.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def _caveats(r) -> str:
    """What qualifies a driver's mu* in drivers.md: at or below the noise floor, or made mostly
    by one step (one region of the space: a local effect, or one trajectory's noise)."""
    notes = []
    if not getattr(r, "above_noise", True):
        notes.append("moves it no more than a new seed does")
    share = getattr(r, "top_step_share", float("nan"))
    if share == share and share > 0.5:
        notes.append(f"{share:.0%} of it from one step")
    held = getattr(r, "reproduced", "yes")
    if held != "yes":
        notes.append(f"reproduced by {r.reproduced_share:.0%} of the splits into halves ({held})")
    if getattr(r, "direction", "") == "mixed":
        notes.append(f"two-sided: mu {_fmt(r.mu)} against mu* {_fmt(r.mu_star)}")
    if getattr(r, "seed_check", "") in ("seed-decided", "undecided"):
        notes.append(f"{r.seed_check} by the seed check: the re-runs keep the sign of "
                     f"{r.seed_held_share:.0%} of its checked effect and "
                     f"{r.seed_kept:.0%} of its size ({r.seed_runs} re-runs)")  # fmt: skip
    return "; " + "; ".join(notes) if notes else ""


def _halves_line(spec: dict, halves: pd.DataFrame, sub: pd.DataFrame, kpi: str) -> str:
    """drivers.md's split-half sentences for ``kpi`` (``sub``: its assumptions, by rank)."""
    from sim.halves import REPRODUCED_MIN

    h = halves.set_index("kpi").loc[kpi]
    first = spec["trajectories"] // 2
    top = sub[sub["mu_star"] > 0].head(3)
    held = int((top["reproduced"] == "yes").sum())
    mixed = int((top["direction"] == "mixed").sum())
    return (
        f"Split-half check ({int(h['splits'])} splits of the trajectories into {first} and "
        f"{spec['trajectories'] - first}, each half against its own noise floor; the two "
        f"floors differ by a median factor of {_fmt(h['floor_ratio_median'])}): the halves "
        f"share {_fmt(h['top_overlap'])} of their top {int(h['top'])} on average (by chance: "
        f"{_fmt(h.get('top_overlap_chance', float('nan')))}). Of the top "
        f"{len(top)}, reproduced (above both floors in at least {REPRODUCED_MIN:.0%} of the "
        f"splits): {held}; two-sided (moving it both ways): {mixed}. Passing means not "
        "contradicted by the halves, which is weaker than confirmed; a driver that fails is "
        "one a screening of half this size would often miss."
    )


def _reseed_line(spec: dict, steps: pd.DataFrame) -> str:
    """drivers.md's paragraph on the seed check (:mod:`sim.reseed`)."""
    from sim.reseed import paired_runs

    rule = reseed_rule(spec)
    return (
        f"Seed check: each KPI's top {rule['top']} drivers had their {rule['steps']} "
        f"largest steps re-run on {spec['reseed']} other seeds ({paired_runs(steps)} paired "
        "runs, shared between KPIs). A driver is held when the re-runs keep the sign of at least "
        f"{rule['held_min']:.0%} of its checked effect (each step weighted by its size in "
        f"the screening), seed-decided at {rule['decided_max']:.0%} or less or when they keep "
        f"no more than {rule['kept_min']:.0%} of its size, undecided "
        "between; the size kept is reported apart (seed_kept: re-runs of the largest steps "
        "shrink towards the true effect). Held means its largest steps kept their sign on "
        f"{spec['reseed']} other seeds, which is weaker than confirmed. Seed-decided means "
        "that where this assumption matters most, the model's randomness is as large as its "
        "effect: its direction there and its rank are not known. Drivers that step in the "
        "same trajectory share its re-run seeds, so their verdicts are not independent, and "
        "the noise floor (an average over the trajectories) understates the seed noise where "
        "the check fails. reseed.csv has every re-run step."
    )


def drivers_text(spec: dict, out: dict) -> str:
    """drivers.md: per KPI, the mean effect over the design and its top drivers, in words."""
    ctx = spec["context"]
    a, b = ctx.get("name_a", "A"), ctx.get("name_b", "B")
    morris, effects = out["morris"], out["effects"]
    levers = {f["parameter"] for f in spec["factors"] if f.get("applies_to") == "B"}
    n_fac = len(spec["factors"])
    lines = [f"# What drives the effect of {b} against {a}", "",
             f"Morris screening of {n_fac} assumptions ({spec['trajectories']} trajectories, "
             f"{spec['levels']} levels, {len(effects)} paired runs, root seed {spec['seed']}). "
             "mu* is the mean absolute change of the effect B - A when one assumption moves "
             "across its range (factors.csv); a larger mu* means the answer depends more on "
             "that assumption.", ""]  # fmt: skip
    if "reseed" in out:
        lines += [_reseed_line(spec, out["reseed"]), ""]
    for kpi in out["kpis"]:
        mine = morris[morris["kpi"] == kpi]
        sub = mine[~mine["parameter"].isin(CONTROLS)].sort_values("rank")
        eff = effects[kpi].to_numpy(float)
        unit = kpi_unit_en(kpi, ctx.get("days"))
        lines.append(f"## {kpi}")
        lines.append("")
        lines.append(f"Effect B - A over the design: mean {_fmt(eff.mean())} {unit}, from "
                     f"{_fmt(eff.min())} to {_fmt(eff.max())}; it is positive in "
                     f"{(eff > 0).mean():.0%} of the sampled assumption sets.")  # fmt: skip
        top = sub[sub["mu_star"] > 0].head(3)
        if top.empty:
            lines += ["No screened assumption moves it.", ""]
            continue
        lead = top["mu_star"].iloc[0]
        tag = {p: " (a design choice of B)" for p in levers}
        named = "; ".join(f"`{r.parameter}`{tag.get(r.parameter, '')} (mu* {_fmt(r.mu_star)} "
                          f"{unit}{_caveats(r)})" for r in top.itertuples())  # fmt: skip
        small = int((sub["mu_star"] < 0.1 * lead).sum())
        lines.append(f"It depends most on {named}. {small} of the {len(sub)} assumptions each "
                     "move it by less than a tenth of the leading one.")  # fmt: skip
        if "noise_floor" in sub:
            floor = float(mine.loc[mine["parameter"] == NOISE, "mu_star"].iloc[0])
            above = int(sub["above_noise"].sum())
            lines.append(f"Noise floor (mu* of a step that only re-seeds the runs): {_fmt(floor)} "
                         f"{unit}; {above} of the {len(sub)} assumptions move it more than a new "
                         "seed does. The floor is one factor's mu* over the trajectories, itself "
                         "uncertain: a threshold, not a test.")  # fmt: skip
        if "halves" in out:
            lines.append(_halves_line(spec, out["halves"], sub, kpi))
        lines.append("")
    if "sobol" in out and len(out["sobol"]):
        head = out["sobol_headline"]
        s = out["sobol"][out["sobol"]["kpi"] == head].sort_values("ST", ascending=False)
        lines += [f"## Sobol analysis of the headline ({head})", "",
                  f"Over the top {len(s)} drivers ({spec['sobol_n']} base samples, one seed), "
                  "the share of the effect's variance each explains alone (S1) and with its "
                  "interactions (ST), 95% CI:", ""]  # fmt: skip
        for r in s.itertuples():
            odd = [f"{k} {v:.2f}" for k, v in (("S1", r.S1), ("ST", r.ST)) if not 0 <= v <= 1]
            note = (f" ({', '.join(odd)} outside [0, 1], where a share lies: not resolved at "
                    f"{spec['sobol_n']} base samples)" if odd else "")  # fmt: skip
            lines.append(f"- `{r.parameter}`: S1 {r.S1:.2f} [{r.S1_low:.2f}; {r.S1_high:.2f}], "
                         f"ST {r.ST:.2f} [{r.ST_low:.2f}; {r.ST_high:.2f}]{note}")  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def write_report(spec: dict, out: dict, folder: Path) -> None:
    """The ranking figure (and the Sobol bars), and drivers.md."""
    import matplotlib.pyplot as plt

    from sim.experiment import atomic_write_bytes
    from sim.plots.figures import save_figure, sensitivity_bars

    ctx = spec["context"]
    days = ctx.get("days")
    caption = (f"Source: kad-sim, {ctx.get('name_b', 'B')} vs {ctx.get('name_a', 'A')}; "
               f"{spec['trajectories']} Morris trajectories x {len(spec['factors'])} "
               f"assumptions; scale {ctx.get('scale', '-')}, {days or '-'} days.")  # fmt: skip
    fig = morris_figure(out["morris"], out["kpis"], caption, days)
    save_figure(fig, folder / "figures" / "morris_ranking", formats=("png", "svg"))
    plt.close(fig)
    if "sobol" in out and len(out["sobol"]):
        fig = sensitivity_bars(out["sobol"], lang="en", scenario=ctx.get("name_b"),
                               caption=caption)  # fmt: skip
        save_figure(fig, folder / "figures" / "sobol", formats=("png", "svg"))
        plt.close(fig)
    atomic_write_bytes(folder / "drivers.md", drivers_text(spec, out).encode())


# ---------------------------------------------------------------------- model spec, CLI
def model_spec(a: str, b: str, *, trajectories: int = 10, levels: int = 4, scale: float = 0.1,
               days: int = 365, seed: int | None = None, rel: float = 0.5,
               kpis: list[str] | None = None, only: list[str] | None = None,
               factors_limit: int | None = None, sobol_top: int = 5, sobol_n: int = SOBOL_N,
               dummy: bool = False, noise: bool = True, reseed: int = 4) -> dict:  # fmt: skip
    """The screening of B against A as a spec (everything ``rerun`` needs); ``noise`` adds the
    factor that only re-seeds the runs (:data:`NOISE`), whose mu* is the noise floor, and
    with it the split-half check (:mod:`sim.halves`) from its ``HALVES_MIN`` trajectories;
    ``reseed`` other seeds re-run the top drivers' largest steps (:mod:`sim.reseed`)."""
    from sim.config import load_scenario
    from sim.halves import HALVES_MIN
    from sim.reseed import RULE

    _check_settings(trajectories, levels, scale, days, sobol_top, sobol_n, reseed)
    run = {"run.scale": scale, "run.days": days}
    sa = load_scenario(a, run, "<command line>")
    sb = load_scenario(b, run, "<command line>")
    if kpis:
        _check_kpis(a, kpis)
    table = build_factors(sa, sb, rel)
    chosen = select_factors(table, only, factors_limit)
    pa = json.loads(json.dumps(sa.to_dict(), default=str))
    pb = json.loads(json.dumps(sb.to_dict(), default=str))
    from sim.experiment import scenario_files

    return {
        "target": MODEL_TARGET, "trajectories": trajectories, "levels": levels,
        "seed": int(sa.params["run"]["seed"] if seed is None else seed), "dummy": dummy,
        "noise": noise, "halves": noise and trajectories >= HALVES_MIN, "reseed": reseed,
        "reseed_rule": dict(RULE) if reseed else None,
        "kpis": list(kpis or DEFAULT_KPIS), "default_kpis": kpis is None,
        "factors": json.loads(chosen.assign(value=np.where(chosen["applies_to"] == "B",
                                                           chosen["value_b"], chosen["value_a"]))
                              [["parameter", "low", "high", "value", "kind", "applies_to"]]
                              .to_json(orient="records")),  # fmt: skip
        "factor_table": json.loads(table.to_json(orient="records")),
        "sobol_top": sobol_top, "sobol_n": sobol_n, "range": rel,
        "context": {"name_a": sa.name, "name_b": sb.name, "params_a": pa, "params_b": pb,
                    "applies": dict(zip(chosen["parameter"], chosen["applies_to"], strict=True)),
                    "scale": scale, "days": days,
                    "scenario_files_a": scenario_files(sa), "scenario_files_b": scenario_files(sb)},
    }  # fmt: skip


def _check_kpis(a: str, kpis: list[str]) -> None:
    """Stop before anything runs if a requested KPI is not one the model reports (the names
    come from a two-day run at a tiny scale)."""
    from sim.config import load_scenario
    from sim.experiment import simulate

    tiny = load_scenario(a, {"run.days": 2, "run.scale": 0.01}, "<command line>")
    known = set(simulate(tiny)[0])
    for k in kpis:
        if k not in known:
            from sim.metrics.registry import unknown_kpi

            raise ConfigError(
                "<command line>", "--kpis", f"the model reports no KPI {k!r}" + unknown_kpi(k)
            )


def _check_settings(trajectories, levels, scale, days, sobol_top, sobol_n, reseed=0) -> None:
    bad = lambda key, msg: ConfigError("<command line>", key, msg)  # noqa: E731
    if trajectories < 2:
        raise bad("--trajectories", f"must be at least 2, got {trajectories}")
    if levels < 2 or levels % 2:
        raise bad("--levels", f"must be an even number >= 2, got {levels}")
    if not 1e-4 <= scale <= 1.0:
        raise bad("--scale", f"must be in [0.0001, 1], got {scale}")
    if days < 1:
        raise bad("--days", f"must be at least 1, got {days}")
    if sobol_top < 0:
        raise bad("--sobol-top", f"must be >= 0, got {sobol_top}")
    if reseed < 0:
        raise bad("--reseed", f"must be >= 0, got {reseed}")
    if sobol_n < 0 or (sobol_n and sobol_n & (sobol_n - 1)):
        raise bad("--sobol-n", f"must be a power of 2 (or 0), got {sobol_n}")


def main(args) -> int:
    """The ``sensitivity`` command."""
    from sim.paths import find_scenario

    if args.workers is not None and args.workers < 1:
        raise ConfigError("<command line>", "--workers", f"must be at least 1, got {args.workers}")
    a, b = str(find_scenario(args.a)), str(find_scenario(args.b))
    spec = model_spec(a, b, trajectories=args.trajectories, levels=args.levels,
                      scale=args.scale, days=args.days, seed=args.seed, rel=args.rel,
                      kpis=args.kpis, only=args.only, factors_limit=args.factors_limit,
                      sobol_top=args.sobol_top, sobol_n=args.sobol_n, dummy=args.dummy,
                      noise=args.noise_floor, reseed=args.reseed)  # fmt: skip
    name_a, name_b = spec["context"]["name_a"], spec["context"]["name_b"]
    folder = Path(args.out or f"outputs/sensitivity-{name_b}-vs-{name_a}")
    if args.resume and (folder / "manifest.json").is_file():
        asked = spec
        try:
            spec = folder_checks(spec, json.loads((folder / "manifest.json").read_text()))
        except (OSError, json.JSONDecodeError):
            pass  # _prepare names the unreadable manifest
        if not args.quiet and any(spec[k] != asked[k] for k in CHECK_KEYS):
            seeds = f"on {spec['reseed']} seeds" if spec["reseed"] else "off"
            print("note: if the folder resumes, it keeps its own checks (split-half "
                  f"{'on' if spec['halves'] else 'off'}, seed check {seeds}, rule "
                  f"{reseed_rule(spec) if spec['reseed'] else '-'}): its manifest, and so its "
                  "rerun, has them")  # fmt: skip
    n = len(spec["factors"])
    runs = spec["trajectories"] * (n + spec["dummy"] + spec["noise"] + 1)
    sob = spec["sobol_n"] * (min(spec["sobol_top"], n) + 2) if spec["sobol_top"] else 0
    if not args.quiet:
        extra = (" and a dummy" if spec["dummy"] else "") + (
            " and a noise factor" if spec["noise"] else ""
        )
        rule = reseed_rule(spec)
        check = len(spec["kpis"]) * rule["top"] * rule["steps"] * 2 * spec["reseed"]
        print(f"Screening {n} assumptions{extra} of {name_b} "
              f"against {name_a}: {runs} Morris points "
              f"+ {sob} Sobol points + up to {check} seed-check points, "
              "each a pair of runs")  # fmt: skip
    started = time.perf_counter()
    out = execute(spec, folder, workers=args.workers, resume=args.resume,
                  progress=not args.quiet, quiet=args.quiet,
                  extra={"command": "python run_experiments.py " + " ".join(args.argv)},
                  )  # fmt: skip
    if not args.quiet:
        print(f"Done in {time.perf_counter() - started:.0f} s. Wrote {folder}/ (factors.csv, "
              f"morris.csv, {'sobol.csv, ' if 'sobol' in out else ''}figures/, drivers.md, "
              "manifest.json)")  # fmt: skip
    return 0


def rerun(spec_file: dict, original: Path, folder: Path, workers: int | None,
          progress: bool) -> tuple[Path, bool, list[str]]:  # fmt: skip
    """Reproduce a screening from its manifest into ``folder`` and compare its tables."""
    if folder.exists() and any(folder.iterdir()):
        raise ConfigError(str(folder), "--out", "folder exists and is not empty")
    execute(spec_file["spec"], folder, workers=workers, progress=progress, quiet=True)
    names = ["design.csv", "effects.csv", "morris.csv"]
    names += [n for n in ("halves.csv", "reseed.csv", "sobol.csv") if (original / n).exists()]
    from sim.discovery import rerun_discovery

    names += rerun_discovery(original, folder, workers)  # when discover ran on it
    differ = [n for n in names if not (folder / n).is_file()
              or (folder / n).read_bytes() != (original / n).read_bytes()]  # fmt: skip
    return folder, not differ, differ
