"""Parameter uncertainty of a comparison: the range of the paired effect B - A over plausible
parameter sets, each run on a seed of its own.

A draw is one parameter set: a member of the calibration's ensemble (``calibration/
ensemble.csv``: the fitted parameters the data leave open) together with values of the
influential assumptions drawn over their plausible ranges (a Latin hypercube). The assumptions
are the top ones of a sensitivity screening of this pair when one is given (``morris.csv`` of
``run_experiments.py sensitivity A B``); without one, :data:`DEFAULT_ASSUMPTIONS`, the
assumptions that carry each program's effect. Their ranges are the sensitivity module's
(:func:`sim.sensitivity.factor_range`: the schema's stated plausible range where it gives one,
else +-50%).

Each draw runs A and B once, on the same seed (spawned from the comparison's root seed after
the seed-noise replicates), so its effect holds seed noise as well as the parameters'. The
parameter interval of a KPI is the 2.5-97.5% range of the draws' effects, widened to contain
the seed-noise interval (``ci_low``, ``ci_high``): it is never narrower, and the headline uses
it.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim import paths
from sim.errors import ConfigError

ENSEMBLE = paths.CALIBRATION_DIR / "ensemble.csv"  # the calibration in force (its ensemble)

# the assumptions that carry each program's effect (one to three per program), used when no
# screening of the pair exists; a key the pair does not screen (program off, not an
# assumption) is left out and the draws say so
DEFAULT_ASSUMPTIONS = (
    "programs.direct_channel.margin_rp_per_kg",
    "commodities.eggs.channel_switch_sensitivity",
    "commodities.eggs.channel_inertia_rp_per_kg",
    "programs.direct_channel.margin_spillover",
    "programs.direct_channel.surabaya_offtake_share",
    "commodities.eggs.trader_margin_max_rp_per_kg",
    "commodities.eggs.trader_margin_min_rp_per_kg",
    "commodities.eggs.elsewhere_price_flexibility",
    "commodities.chili.elsewhere_price_flexibility",
    "programs.promotion.effect_per_day",
    "programs.promotion.half_saturation_rp_per_day",
    "tourism.package_logit_bonus",
    "tourism.value_added_share",
    "governments.surabaya.realisation_rate",
    "governments.blitar.realisation_rate",
    "pad.attraction_fee_share",
    # UMKM (issue 16 referee): training's cost per trainee and targeting, e-Peken's free-choice
    # visibility and mandate, outlets' visibility and the reach threshold
    "programs.training.cost_rp_per_place",
    "programs.training.targeting_noise_sd",
    "programs.training.literacy_gain",  # second round, point 4: the course's effect sizes
    "programs.training.quality_gain",
    "umkm.epeken_visibility",
    "umkm.epeken_mandated_rp_per_buyer_per_month",
    "umkm.outlet_visibility",
    "umkm.selling_min_rp_per_month",
    "umkm.workers_per_firm",
    "umkm.employment_elasticity_to_sales",
    "tourism.jobs_per_bn_rp_spending",  # second round, point 5
    # cultural events (issue 16, second round, point 3): the shipped events' effects
    "programs.cultural_events.events.bulan_bung_karno.visits_uplift",
    "programs.cultural_events.events.grebeg_pancasila.visits_uplift",
    "programs.cultural_events.events.bulan_bung_karno.awareness_boost",
    "programs.cultural_events.events.grebeg_pancasila.awareness_boost",
    "programs.cultural_events.events.sccf_blitar_pavilion.awareness_boost",
)
DRAWS = 40  # parameter sets per comparison by default (the sample brief: ~1 minute on 2 cores)
TOP = 8  # assumptions taken from a screening
LEVEL = 0.95
SEEDS_ONLY = "seed noise only"
BOTH = "seed noise (ci_low, ci_high) and parameters with seeds (param_low, param_high)"
DRAWS_CSV = "param_draws.csv"
ASSUMPTIONS_CSV = "param_assumptions.csv"


def screened_assumptions(morris_csv: str | Path, top: int = TOP,
                         kpis: list[str] | None = None) -> list[str]:  # fmt: skip
    """The ``top`` assumptions of a Morris screening: each KPI's mu* scaled by its largest,
    ranked by the largest scaled mu* over KPIs (over ``kpis`` only, when given; the dummy and
    noise factors excluded, and, in a screening with a noise floor, every mu* not above it:
    noise, not influence)."""
    from sim.sensitivity import CONTROLS

    path = Path(morris_csv)
    if path.is_dir():
        path = path / "morris.csv"
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc})") from None
    for col in ("parameter", "kpi", "mu_star"):
        if col not in frame:
            raise ConfigError(str(path), col, "column missing")
    frame = frame[~frame["parameter"].isin(CONTROLS)].copy()
    if kpis is not None:
        frame = frame[frame["kpi"].isin(kpis)]
    if "above_noise" in frame:  # a mu* not above the noise floor is noise, not influence
        frame = frame[frame["above_noise"].astype(bool)]
    peak = frame.groupby("kpi")["mu_star"].transform("max")
    frame["score"] = np.where(peak > 0, frame["mu_star"] / peak.where(peak > 0, 1.0), 0.0)
    score = frame.groupby("parameter")["score"].max().sort_values(ascending=False, kind="stable")
    return list(score.index[:top])


def assumption_ranges(sa, sb, keys, rel: float = 0.5) -> pd.DataFrame:
    """Rows (parameter, included, low, high, applies_to, kind, reason) of ``keys`` from the
    sensitivity module's factor table of A and B (ranges +-``rel``)."""
    from sim.sensitivity import build_factors

    factors = build_factors(sa, sb, rel).set_index("parameter")
    rows = []
    for key in keys:
        if key not in factors.index:
            rows.append({"parameter": key, "included": False, "reason": "not a scenario key"})
            continue
        r = factors.loc[key]
        rows.append({"parameter": key, "included": bool(r["included"]), "low": r["low"],
                     "high": r["high"], "applies_to": r["applies_to"], "kind": r["kind"],
                     "reason": r["reason"]})  # fmt: skip
    return pd.DataFrame(rows, columns=["parameter", "included", "low", "high", "applies_to",
                                       "kind", "reason"])  # fmt: skip


def read_ensemble(path: str | Path) -> pd.DataFrame:
    from sim.config.schema import param_for

    path = Path(path)
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc})") from None
    for key in frame.columns:
        if param_for(key) is None:
            raise ConfigError(str(path), key, "not a scenario key")
    if frame.empty or frame.isna().any().any():
        raise ConfigError(str(path), "", "needs one complete row per parameter set")
    return frame


def design(sa, sb, *, draws: int = DRAWS, root_seed: int, first_seed: int,
           ensemble: str | Path | None, screening: str | Path | None = None,
           top: int = TOP, rel: float = 0.5) -> dict:  # fmt: skip
    """The draws of a comparison, as stored in its manifest: for each draw the ensemble member,
    the values of every varied key, which scenarios each key applies to, and the seed."""
    from sim.experiment import spawn_seeds

    if draws < 2:
        raise ConfigError("<command line>", "--param-draws", f"must be at least 2, got {draws}")
    if screening is not None:
        keys, source = screened_assumptions(screening, top), f"screening {screening}"
    else:
        keys, source = list(DEFAULT_ASSUMPTIONS), "default list (no screening of this pair)"
    ranges = assumption_ranges(sa, sb, keys, rel)
    members, sha = pd.DataFrame(), None
    if ensemble is not None:
        members = read_ensemble(ensemble)
        sha = hashlib.sha256(Path(ensemble).read_bytes()).hexdigest()
    # a calibrated key the ensemble varies is carried by its members; one it holds constant
    # (or every key, without an ensemble) is drawn from its own range
    varied = {k for k in members.columns if members[k].nunique() > 1}
    ranges.loc[ranges["parameter"].isin(varied), ["included", "reason"]] = (
        False, "varied by the calibration ensemble")  # fmt: skip
    used = ranges[ranges["included"]].reset_index(drop=True)
    seeds = spawn_seeds(root_seed, first_seed + draws)[first_seed:]
    applies = {key: "both" for key in members.columns}
    applies.update(dict(zip(used["parameter"], used["applies_to"], strict=True)))
    rows = draw_rows(used, members, draws, root_seed, seeds)
    return {"draws": rows, "applies": applies, "assumptions": ranges.to_dict(orient="records"),
            "assumption_source": source, "range": rel, "ensemble": str(ensemble) if ensemble
            else None, "ensemble_sha256": sha, "level": LEVEL}  # fmt: skip


def draw_rows(used: pd.DataFrame, members: pd.DataFrame, draws: int, root_seed: int,
              seeds: list[int]) -> list[dict]:  # fmt: skip
    """``draws`` parameter sets: the keys of ``used`` (parameter, low, high, kind) drawn as a
    Latin hypercube over their ranges (seeded by ``root_seed``; an "int" key as an int, as
    the schema checks it, each whole value of its range equally likely), each set with a
    member of the ensemble ``members`` (one row per member; the members in a seeded random
    order, each used as evenly as ``draws`` allows; none if empty) and its seed
    ``seeds[k]``. Rows: draw, member (-1 without an ensemble), seed, values {key: value}."""
    from scipy.stats import qmc

    u = qmc.LatinHypercube(d=max(len(used), 1), seed=root_seed).random(draws)
    order = np.random.default_rng(root_seed).permutation(draws) % max(len(members), 1)
    rows = []
    for k in range(draws):
        values = (
            {key: float(v) for key, v in members.iloc[order[k]].items()} if len(members) else {}
        )
        for j, r in used.iterrows():
            lo, hi = r["low"], r["high"]
            if r["kind"] == "int":  # each whole value in [lo, hi] equally often
                a, b = math.ceil(lo), math.floor(hi)
                values[r["parameter"]] = min(b, a + math.floor(u[k, j] * (b - a + 1)))
            else:
                values[r["parameter"]] = float(lo + u[k, j] * (hi - lo))
        rows.append({"draw": k, "member": int(order[k]) if len(members) else -1,
                     "seed": seeds[k], "values": values})  # fmt: skip
    return rows


def _draw_effect(task: dict) -> dict:
    """Worker: A and B with one draw's values on its seed; the effect B - A of every KPI."""
    from sim.sensitivity import paired_effect

    out = paired_effect(task["values"], task["seed"], task["context"])
    return {k: v for k, v in out.items() if ":" not in k}


def run_draws(spec: dict, sa, sb, workers=None, progress: bool = False) -> pd.DataFrame:
    """One row per draw: draw, member, seed, the varied values and the effect of each KPI."""
    from sim.executor import run_tasks

    ctx = {"params_a": sa.to_dict(), "params_b": sb.to_dict(), "name_a": sa.name,
           "name_b": sb.name, "applies": spec["applies"]}  # fmt: skip
    tasks = [{"values": d["values"], "seed": d["seed"], "context": ctx} for d in spec["draws"]]
    effects = dict(run_tasks(_draw_effect, tasks, workers, progress, "parameter sets"))
    rows = []
    for i, d in enumerate(spec["draws"]):
        values = {f"value:{k}": v for k, v in d["values"].items()}
        rows.append({"draw": d["draw"], "member": d["member"], "seed": d["seed"], **values,
                     **effects[i]})  # fmt: skip
    return pd.DataFrame(rows)


def _range(x: np.ndarray, lo: float, hi: float, level: float) -> tuple[float, float]:
    """The draws' central ``level`` range widened to contain [lo, hi] (where finite)."""
    x = x[np.isfinite(x)]
    if x.size == 0:
        return float("nan"), float("nan")
    q = np.quantile(x, [(1 - level) / 2, (1 + level) / 2])
    a, b = float(q[0]), float(q[1])
    if np.isfinite(lo):
        a = min(a, lo)
    if np.isfinite(hi):
        b = max(b, hi)
    return a, b


def add_param_interval(table: pd.DataFrame, draws: pd.DataFrame, level: float = LEVEL):
    """``table`` (paired, per KPI) with ``param_low``/``param_high`` from the draws."""
    out = table.copy()
    lows, highs = [], []
    for r in out.itertuples():
        if r.kpi in draws.columns and r.kpi not in ("days", "scale"):
            a, b = _range(draws[r.kpi].to_numpy(float), r.ci_low, r.ci_high, level)
        else:
            a = b = float("nan")
        lows.append(a)
        highs.append(b)
    out["param_low"], out["param_high"] = lows, highs
    return out


def add_param_ratio(ce: pd.DataFrame, draws: pd.DataFrame, level: float = LEVEL):
    """Cost-effectiveness with ``param_low``/``param_high``: each draw's ratio of its effect
    to its extra spending, over the draws, widened to contain the bootstrap CI."""
    from sim.compare import SPENDING

    out = ce.copy()
    lows, highs = [], []
    for r in out.itertuples():
        a = b = float("nan")
        if r.kpi in draws and SPENDING in draws:
            spend = draws[SPENDING].to_numpy(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(spend != 0.0, draws[r.kpi].to_numpy(float) / spend, np.nan)
            a, b = _range(ratio, r.ci_low, r.ci_high, level)
        lows.append(a)
        highs.append(b)
    out["param_low"], out["param_high"] = lows, highs
    return out
