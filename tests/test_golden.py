"""No number changes: every scenario reproduces its recorded KPIs and daily series bit for bit,
on both engines (``tests/golden/``; regenerate with ``tests/golden/make_golden.py`` only when a
change is meant to move the numbers)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
import make_golden as golden  # noqa: E402

KPIS = json.loads(golden.KPIS.read_text())
SERIES = pd.read_parquet(golden.SERIES)


def _same(a, b) -> bool:
    """Exactly equal, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _case(engine, name, seed, scale):
    marks = [pytest.mark.slow] if engine == "python" else []
    return pytest.param(engine, name, seed, scale, marks=marks, id=golden.key(engine, name, seed))


def test_golden_numbers_take_the_c_librarys_maths():
    """The goldens hold the C library's log, exp and pow: numba's SVML (Intel's vector maths,
    other last bits) must be off, as sim sets it before numba loads (README, Reproducibility).
    Were it on, every golden case below could fail for that reason alone: say so here."""
    import numba

    assert not numba.config.USING_SVML, "numba uses SVML: the golden numbers do not apply"


def test_golden_covers_every_scenario():
    names = {p.stem for p in golden.SCENARIOS.glob("*.toml")}
    recorded = {k.split("/")[1] for k in KPIS}
    assert names == recorded


@pytest.mark.parametrize(("engine", "name", "seed", "scale"), [_case(*c) for c in golden.cases()])
def test_golden(engine, name, seed, scale):
    kpis, frame = golden.run(engine, name, seed, scale)
    expected = KPIS[golden.key(engine, name, seed)]
    assert set(kpis) == set(expected)
    changed = [k for k in expected if not _same(float(kpis[k]), float(expected[k]))]
    assert not changed, f"KPIs changed: {changed[:10]}"
    rows = SERIES[
        (SERIES.golden_engine == engine)
        & (SERIES.golden_scenario == name)
        & (SERIES.golden_seed == seed)
    ]
    want = rows.drop(columns=["golden_engine", "golden_scenario", "golden_seed"])
    # the stored frame holds every scenario's columns: a commodity another scenario has
    # (milk in three_commodities) is all NaN in this scenario's rows
    absent = [col for col in want.columns if col not in frame.columns]
    assert want[absent].isna().all().all(), f"recorded series missing: {absent[:5]}"
    assert set(frame.columns) == set(want.columns) - set(absent)
    want = want[list(frame.columns)]
    assert len(frame) == len(want)
    for col in frame.columns:
        a, b = frame[col].to_numpy(), want[col].to_numpy()
        nan_ok = a.dtype.kind == "f"
        assert np.array_equal(a, b, equal_nan=nan_ok), f"daily series {col!r} changed"
