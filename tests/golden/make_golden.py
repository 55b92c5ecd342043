"""Regenerate the golden outputs that ``tests/test_golden.py`` holds the model to, bit for bit.

Run it only when a change is MEANT to change the model's numbers (and say so in the commit):

    python tests/golden/make_golden.py

For every scenario in ``scenarios/*.toml`` (not ``sweeps/``) and each seed in ``SEEDS``, the fast
(numba) engine runs ``DAYS`` days at ``SCALE``; the object-per-agent (python) engine runs every scenario
for ``PYTHON_SEEDS`` at the smaller ``PYTHON_SCALE`` (it is ~100 times slower). Each run's KPIs go to
``kpis.json`` (keyed ``<engine>/<scenario>/seed<seed>``) and its daily series
(``model.recorder.to_frame()``) to ``series.parquet``, one block of rows per run with the
columns ``golden_engine``, ``golden_scenario`` and ``golden_seed`` in front.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCENARIOS = ROOT / "scenarios"
SEEDS = (1, 2)
DAYS = 120
SCALE = 0.05
PYTHON_SEEDS = (1, 2)
PYTHON_SCALE = 0.01


def cases() -> list[tuple[str, str, int, float]]:
    """(engine, scenario name, seed, scale) of every golden run."""
    names = [path.stem for path in sorted(SCENARIOS.glob("*.toml"))]
    out = [("numba", name, seed, SCALE) for name in names for seed in SEEDS]
    out += [("python", name, seed, PYTHON_SCALE) for name in names for seed in PYTHON_SEEDS]
    return out


def key(engine: str, name: str, seed: int) -> str:
    return f"{engine}/{name}/seed{seed}"


SERIES = HERE / "series.parquet"
KPIS = HERE / "kpis.json"


def run(engine: str, name: str, seed: int, scale: float):
    """(KPIs, daily frame) of one golden run."""
    from sim.metrics import compute_kpis
    from sim.model import KADModel

    overrides = {"run.engine": engine}
    if engine == "python":
        from sim.reference import ReferenceModel as cls
    else:
        cls = KADModel
    model = cls(SCENARIOS / f"{name}.toml", seed=seed, days=DAYS, scale=scale, overrides=overrides)
    model.run_model()
    return compute_kpis(model), model.recorder.to_frame()


def main() -> None:
    import pandas as pd

    kpis, frames = {}, []
    for engine, name, seed, scale in cases():
        k, frame = run(engine, name, seed, scale)
        kpis[key(engine, name, seed)] = k
        frame.insert(0, "golden_seed", seed)
        frame.insert(0, "golden_scenario", name)
        frame.insert(0, "golden_engine", engine)
        frames.append(frame)
        print(key(engine, name, seed), flush=True)
    series = pd.concat(frames, ignore_index=True)
    series.to_parquet(SERIES, index=False, compression="zstd")
    # repr of floats round-trips exactly; NaN and inf are written as JSON's NaN/Infinity
    KPIS.write_text(json.dumps(kpis, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
