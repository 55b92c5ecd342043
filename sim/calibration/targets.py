"""Published targets: where the calibration data live, reading targets.csv, the distance."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim import paths

CALIBRATION_DIR = paths.CALIBRATION_DIR
TARGETS_CSV = CALIBRATION_DIR / "targets.csv"
FITTED_TOML = CALIBRATION_DIR / "fitted.toml"
ENSEMBLE_CSV = CALIBRATION_DIR / "ensemble.csv"
SCENARIOS = paths.SCENARIO_DIR
BASELINE = SCENARIOS / "baseline.toml"
TARGET_COLUMNS = ("target", "kpi", "value", "unit", "year", "low", "high", "se", "source", "role",
                  "note")  # fmt: skip
# fit: in the distance; holdout: an output the model could miss, not fitted; input_check: a
# figure the model takes as an input, so matching it checks bookkeeping, not the model
ROLES = ("fit", "holdout", "input_check")


def load_targets(path: str | Path = TARGETS_CSV) -> pd.DataFrame:
    """The targets with a ``sd`` column: the standard error if given, else a quarter of the
    band (the band read as a ~95% interval). Raises ValueError on a malformed table."""
    df = pd.read_csv(path, dtype={"year": str})
    missing = [c for c in TARGET_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    if df["target"].duplicated().any():
        raise ValueError(f"{path}: duplicate target ids")
    bad_role = df.loc[~df["role"].isin(ROLES), "target"].tolist()
    if bad_role:
        raise ValueError(f"{path}: role must be one of {ROLES}: {bad_role}")
    for col in ("source", "unit"):
        empty = df.loc[df[col].fillna("").str.strip() == "", "target"].tolist()
        if empty:
            raise ValueError(f"{path}: targets without a {col}: {empty}")
    se = pd.to_numeric(df["se"], errors="coerce")
    band = (df["high"] - df["low"]) / 4.0
    df["sd"] = np.where(np.isfinite(se) & (se > 0), se, band)
    if not (df["sd"] > 0).all():
        raise ValueError(f"{path}: every target needs se > 0 or high > low")
    return df


def distance(moments: Mapping, targets: pd.DataFrame, role: str = "fit") -> float:
    """Weighted distance sum(((m - target) / sd)^2) over the targets with ``role``."""
    sel = targets[targets["role"] == role]
    sim = np.array([float(moments[k]) for k in sel["kpi"]])
    z = (sim - sel["value"].to_numpy(float)) / sel["sd"].to_numpy(float)
    d = float(np.sum(z * z))
    return d if math.isfinite(d) else math.inf


def target_table(targets: pd.DataFrame, runs: Sequence[Mapping]) -> pd.DataFrame:
    """Every target against its simulated value over ``runs`` (one moments dict per seed):
    mean, sd and 5-95% range over seeds, z-score and whether the mean lies in the band."""
    rows = []
    for t in targets.itertuples():
        vals = np.array([float(r[t.kpi]) for r in runs])
        mean = float(vals.mean())
        rows.append({
            "target": t.target, "kpi": t.kpi, "role": t.role, "unit": t.unit,
            "value": t.value, "low": t.low, "high": t.high, "sd": t.sd,
            "sim_mean": mean, "sim_sd": float(vals.std(ddof=1)) if len(vals) > 1 else 0.0,
            "sim_p05": float(np.percentile(vals, 5)), "sim_p95": float(np.percentile(vals, 95)),
            "z": (mean - t.value) / t.sd, "in_band": bool(t.low <= mean <= t.high),
            "ratio": mean / t.value if t.value else math.nan,
        })  # fmt: skip
    return pd.DataFrame(rows)
