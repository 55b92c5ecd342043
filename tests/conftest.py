"""Shared helpers: small, short runs so the suite stays fast."""

from pathlib import Path

import pytest

from sim import KADModel
from sim.metrics import compute_kpis

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "sim" / "data" / "scenarios"
CALIBRATION = ROOT / "sim" / "data" / "calibration"
BASELINE = SCENARIOS / "baseline.toml"
MOU = SCENARIOS / "mou.toml"
SEEDS = range(1, 11)  # effect directions are averaged over 10 seeds


def run_model(scenario=BASELINE, seed=1, days=120, scale=0.05, **overrides) -> KADModel:
    model = KADModel(scenario, seed=seed, days=days, scale=scale, overrides=overrides)
    model.run_model()
    return model


def run_kpis(scenario=BASELINE, seed=1, days=120, scale=0.05, **overrides) -> dict:
    return compute_kpis(run_model(scenario, seed, days, scale, **overrides))


def mean_kpis(scenario, key, seeds=SEEDS, **kw) -> float:
    values = [run_kpis(scenario, seed=s, **kw)[key] for s in seeds]
    return sum(values) / len(values)


@pytest.fixture
def write_toml(tmp_path):
    """Write a scenario file into tmp_path; returns its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
