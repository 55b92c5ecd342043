"""Statistics for replicates and paired comparisons with common random numbers.

Two scenarios run on the same seeds give pairs whose differences cancel most of the noise;
the confidence interval of the mean paired difference uses Student's t.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.metrics import (
    INCIDENCE_GROUPS,
    NET_WELFARE,
    NET_WELFARE_TWO_REGIONS,
    OUTSIDE_GROUPS,
    PROGRAM_COST,
    TWO_REGION_GROUPS,
)
from sim.metrics import registry as _registry

CONFIDENCE = 0.95

# (effect KPI per year, label) whose change per Rp of extra program spending is reported;
# labels come from the KPI registry
COST_EFFECTIVENESS = tuple(
    (
        key,
        _registry.label(key, "en")
        + (" (net of program cost)" if key in (NET_WELFARE, NET_WELFARE_TWO_REGIONS) else ""),
    )
    for key in (
        "farmers_income_rp_per_year",
        NET_WELFARE_TWO_REGIONS,  # the brief's headline, then all parties'
        NET_WELFARE,
        "umkm_revenue_rp_per_year",
        "pad_total_rp_per_year",
    )
)
SPENDING = "program_spending_rp_per_year"


def mean_ci(x: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Mean and its t confidence interval; the interval is NaN with fewer than 2 values."""
    x = np.asarray(x, dtype=float)
    mean = float(x.mean())
    if x.shape[0] < 2:
        return mean, float("nan"), float("nan")
    from scipy import stats  # here, not at the top: a single run never needs scipy.stats

    se = float(x.std(ddof=1)) / np.sqrt(x.shape[0])
    half = float(stats.t.ppf(0.5 + confidence / 2, x.shape[0] - 1)) * se
    return mean, mean - half, mean + half


def summarise(frame: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Per KPI column: mean, sd, CI over replicate rows."""
    rows = []
    for col in frame.columns:
        if col in ("seed", "replicate") or not np.issubdtype(frame[col].dtype, np.number):
            continue
        mean, lo, hi = mean_ci(frame[col].to_numpy(), confidence)
        rows.append({"kpi": col, "mean": mean, "sd": float(frame[col].std(ddof=1)),
                     "ci_low": lo, "ci_high": hi, "n": len(frame)})  # fmt: skip
    return pd.DataFrame(rows)


def paired(a: pd.DataFrame, b: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Per KPI: means of A and B, mean paired difference B - A with its CI, and whether the
    interval excludes zero. Rows of ``a`` and ``b`` must be the same seeds in the same order."""
    if not np.array_equal(a["seed"].to_numpy(), b["seed"].to_numpy()):
        raise ValueError("paired comparison needs the same seeds in the same order")
    rows = []
    for col in a.columns:
        if col == "seed" or not np.issubdtype(a[col].dtype, np.number):
            continue
        d = b[col].to_numpy(dtype=float) - a[col].to_numpy(dtype=float)
        mean, lo, hi = mean_ci(d, confidence)
        if len(d) >= 2 and np.all(d == d[0]):  # no spread: the interval is the value itself
            lo = hi = float(d[0])
        real = bool(lo > 0 or hi < 0) if np.isfinite(lo) else False
        rows.append({
            "kpi": col,
            "mean_a": float(a[col].mean()),
            "mean_b": float(b[col].mean()),
            "diff": mean,
            "ci_low": lo,
            "ci_high": hi,
            "distinguishable": real,
            "n": len(d),
        })  # fmt: skip
    return pd.DataFrame(rows)


def cost_effectiveness(a: pd.DataFrame, b: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Change in each effect per Rp of extra program spending (B - A), with a paired
    bootstrap CI of the ratio of mean differences. NaN where spending does not change."""
    rows = []
    d_spend = b[SPENDING].to_numpy(float) - a[SPENDING].to_numpy(float)
    for key, label in COST_EFFECTIVENESS:
        d_eff = b[key].to_numpy(float) - a[key].to_numpy(float)
        ratio, lo, hi = float("nan"), float("nan"), float("nan")
        if abs(d_spend.mean()) > 0.0:
            ratio = float(d_eff.mean() / d_spend.mean())
            if len(d_eff) >= 3 and np.ptp(d_spend) + np.ptp(d_eff) > 0.0:
                from scipy import stats

                res = stats.bootstrap(
                    (d_eff, d_spend),
                    lambda x, y, axis=-1: x.mean(axis=axis) / y.mean(axis=axis),
                    paired=True,
                    vectorized=True,
                    n_resamples=2000,
                    confidence_level=CONFIDENCE,
                    method="percentile",
                    rng=np.random.default_rng(seed),
                )
                lo, hi = (float(res.confidence_interval.low), float(res.confidence_interval.high))
            else:
                lo = hi = ratio
        rows.append({"effect": label, "kpi": key, "diff_per_year": float(d_eff.mean()),
                     "spending_diff_per_year": float(d_spend.mean()),
                     "rp_per_rp": ratio, "ci_low": lo, "ci_high": hi})  # fmt: skip
    return pd.DataFrame(rows)


def incidence(a: pd.DataFrame, b: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Who gains and who loses (B - A), the format :mod:`sim.brief.reader` reads, with the
    column ``boundary``: one row per resident group of :data:`sim.metrics.TWO_REGION_GROUPS`
    with its income KPI, the mean paired difference and its CI, and one row per government
    for its program cost (its change is a loss, so ``diff`` is minus the change in cost), all
    ``two_regions``; then ``net_two_regions`` (``total``), the sum of those rows, equal to the
    change in ``net_welfare_two_regions_rp_per_year``; then the memo rows of the groups who
    live in neither region (:data:`sim.metrics.OUTSIDE_GROUPS`, ``outside``); then ``net``
    (``total``), the sum of every group and government row, equal to the change in
    ``net_welfare_rp_per_year``. Each seed's net welfare is its groups' sum less its program
    cost, so both identities hold seed by seed."""
    if not np.array_equal(a["seed"].to_numpy(), b["seed"].to_numpy()):
        raise ValueError("paired comparison needs the same seeds in the same order")

    def row(group: str, kpi: str, d: np.ndarray, boundary: str) -> dict:
        mean, lo, hi = mean_ci(d, confidence)
        if len(d) >= 2 and np.all(d == d[0]):
            lo = hi = float(d[0])
        return {"group": group, "kpi": kpi, "diff": mean, "ci_low": lo, "ci_high": hi,
                "n": len(d), "boundary": boundary}  # fmt: skip

    def change(kpi: str) -> np.ndarray:
        return b[kpi].to_numpy(dtype=float) - a[kpi].to_numpy(dtype=float)

    inside = "two_regions"
    rows = [row(group, kpi, change(kpi), inside) for group, kpi in TWO_REGION_GROUPS.items()]
    rows += [row(gov, kpi, -change(kpi), inside) for gov, kpi in PROGRAM_COST.items()]
    rows.append(row("net_two_regions", NET_WELFARE_TWO_REGIONS,
                    change(NET_WELFARE_TWO_REGIONS), "total"))  # fmt: skip
    rows += [row(g, INCIDENCE_GROUPS[g], change(INCIDENCE_GROUPS[g]), "outside")
             for g in OUTSIDE_GROUPS]  # fmt: skip
    rows.append(row("net", NET_WELFARE, change(NET_WELFARE), "total"))
    return pd.DataFrame(rows)


def _share(d_f, d_m, axis=-1):
    """min(1, max(0, -mean dM / mean dF)); NaN where farmers do not gain (vectorised)."""
    f = np.mean(d_f, axis=axis)
    m = np.mean(d_m, axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(f > 0.0, np.clip(-m / f, 0.0, 1.0), np.nan)


def _changes(a: pd.DataFrame, b: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    d_f = b[INCIDENCE_GROUPS["farmers"]].to_numpy(float) - a[INCIDENCE_GROUPS["farmers"]].to_numpy(
        float
    )
    d_m = b[INCIDENCE_GROUPS["middlemen"]].to_numpy(float) - a[
        INCIDENCE_GROUPS["middlemen"]
    ].to_numpy(float)
    return d_f, d_m


def transfer_share(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """Share of the farmers' mean gain (B - A) that middlemen lose: min(1, max(0, -dM / dF)).
    NaN when farmers do not gain. The rest of their gain comes from consumers, other buyers,
    the programs or lower waste."""
    return float(_share(*_changes(a, b)))


def transfer_share_ci(
    a: pd.DataFrame, b: pd.DataFrame, seed: int = 0, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """Paired percentile-bootstrap interval of :func:`transfer_share` over the seeds (2,000
    resamples from ``seed``); the share itself at both ends when fewer than 3 seeds or no
    spread, NaN when farmers do not gain."""
    d_f, d_m = _changes(a, b)
    point = float(_share(d_f, d_m))
    if np.isnan(point) or len(d_f) < 3 or np.ptp(d_f) + np.ptp(d_m) == 0.0:
        return point, point
    from scipy import stats

    res = stats.bootstrap(
        (d_f, d_m),
        _share,
        paired=True,
        vectorized=True,
        n_resamples=2000,
        confidence_level=confidence,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    return float(res.confidence_interval.low), float(res.confidence_interval.high)
