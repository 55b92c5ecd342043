"""A sweep's run files: written by pyarrow from the record, read back as pandas read them.

:func:`sim.sweep._write_part` writes each run's row with pyarrow (no pandas metadata), and
:func:`sim.sweep.load_results` joins the files as Arrow tables. Both must give the frame that
the pandas way gave (``pd.DataFrame([record]).to_parquet``, then ``pd.concat`` of
``pd.read_parquet``): the same columns in the same order, dtypes and values, for files of
either kind in one folder (a folder resumed across versions), failed runs (which lack the
KPI columns), columns whose types differ between runs, and values that pandas and Arrow
join differently (None), which are joined by pandas.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import sweep as sw

KPIS = ("kpi_a", "kpi_b", "kpi_c")


def _old_write(folder: Path, record: dict) -> None:
    """How earlier versions wrote a run's file (pandas, with its metadata)."""
    (folder / "runs").mkdir(parents=True, exist_ok=True)
    pd.DataFrame([record]).to_parquet(folder / "runs" / f"{record['run_id']}.parquet", index=False)


def _reference(folder: Path) -> pd.DataFrame:
    """load_results as it was: pandas reads each file and joins the frames."""
    files = sorted((folder / "runs").glob("p*-r*.parquet"))
    frame = pd.concat([pd.read_parquet(p) for p in files], ignore_index=True)
    frame = frame.rename(columns=lambda c: c[6:] if c.startswith("param:") else c)
    return frame.sort_values("run_id", kind="stable").reset_index(drop=True)


def _record(point: int, x, kpis: list[float] | None, seconds: float) -> dict:
    """A run's record as :func:`sim.sweep.execute_run` builds it (a failed run: no KPIs)."""
    record = {"run_id": f"p{point:05d}-r000", "point": point, "replicate": 0,
              "seed": 1000 + point, "param:x": x, "param:flag": point % 2 == 0}  # fmt: skip
    if kpis is None:
        record.update(status="failed", error="ValueError: bad", traceback="Traceback ...")
    else:
        record.update(dict(zip(KPIS, kpis, strict=True)))
        record.update(status="ok", error="", traceback="")
    record["seconds"] = seconds
    return record


floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
runs = st.lists(
    st.tuples(
        st.one_of(
            floats,
            st.integers(-(2**63), 2**64 - 1),  # beyond int64: pandas writes it, as before
            st.sampled_from(["low", "high"]),
            st.none(),
            st.booleans(),
        ),
        st.one_of(st.none(), st.lists(floats, min_size=3, max_size=3)),
        st.booleans(),  # written the old way (a folder resumed across versions)
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=runs)
def test_run_files_read_back_as_pandas_read_them(runs):
    root = Path(tempfile.mkdtemp())
    try:
        old, new = root / "old", root / "new"
        for point, (x, kpis, old_way) in enumerate(runs):
            record = _record(point, x, kpis, 0.5 + point)
            _old_write(old, record)
            (_old_write if old_way else sw._write_part)(new, record)
        expected = _reference(old)
        pd.testing.assert_frame_equal(sw.load_results(new), expected, check_exact=True)
        pd.testing.assert_frame_equal(sw.load_results(old), expected, check_exact=True)
    finally:
        shutil.rmtree(root)


def test_new_run_files_are_smaller_and_hold_the_values(tmp_path):
    """One screening-sized row (~490 float columns): half the bytes of pandas' file, and
    every value back bit for bit (NaN and infinities included)."""
    rng = np.random.default_rng(3)
    values = rng.standard_normal(480) * 1e9
    values[[3, 7, 11]] = math.nan, math.inf, -math.inf
    record = _record(0, 0.25, None, 1.5)
    record.update({f"kpi{k}": float(v) for k, v in enumerate(values)})
    sw._write_part(tmp_path / "new", record)
    _old_write(tmp_path / "old", record)
    new_file = tmp_path / "new" / "runs" / "p00000-r000.parquet"
    old_file = tmp_path / "old" / "runs" / "p00000-r000.parquet"
    assert new_file.stat().st_size < 0.6 * old_file.stat().st_size
    # a NaN is a null in both files, as tools other than pandas read them
    new_table, old_table = pq.read_table(new_file), pq.read_table(old_file)
    new_nulls = {n: new_table.column(n).null_count for n in new_table.column_names}
    assert new_nulls == {n: old_table.column(n).null_count for n in old_table.column_names}
    assert new_nulls["kpi3"] == 1
    record.update(kpi_f32=np.float32("nan"), kpi_f32_value=np.float32(1.5))  # numpy floats too
    sw._write_part(tmp_path / "f32", record)
    f32 = pq.read_table(tmp_path / "f32" / "runs" / "p00000-r000.parquet")
    assert f32.column("kpi_f32").null_count == 1 and str(f32.column("kpi_f32").type) == "float"
    got = sw.load_results(tmp_path / "new")
    np.testing.assert_array_equal(got[[f"kpi{k}" for k in range(480)]].to_numpy()[0], values)
    pd.testing.assert_frame_equal(got, _reference(tmp_path / "old"), check_exact=True)
    assert not list((tmp_path / "new" / "runs").glob(".*"))  # no temporary file left


def test_folders_of_both_versions_join_as_arrow_tables(tmp_path, monkeypatch):
    """Files written by pandas (its strings are large strings under pandas 3) and by pyarrow,
    with a failed run among them, join as Arrow tables, without pandas' slower join."""
    for point in range(6):
        kpis = None if point == 2 else [0.5 * point, math.nan, -1.0]
        record = _record(point, 0.1 * point, kpis, 1.0)
        _old_write(tmp_path / "old", record)
        (_old_write if point % 2 else sw._write_part)(tmp_path / "mixed", record)
    expected = _reference(tmp_path / "old")

    def no_pandas_join(*args, **kwargs):
        raise AssertionError("pd.concat: the files were not joined as Arrow tables")

    monkeypatch.setattr(sw.pd, "concat", no_pandas_join)
    got = sw.load_results(tmp_path / "mixed")
    monkeypatch.undo()
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_a_value_beyond_int64_is_written_as_pandas_wrote_it(tmp_path):
    record = _record(0, 2**64 - 1, [1.0, 2.0, 3.0], 1.0)
    sw._write_part(tmp_path / "new", record)
    _old_write(tmp_path / "old", record)
    got = sw.load_results(tmp_path / "new")
    assert got["x"].tolist() == [2**64 - 1]
    pd.testing.assert_frame_equal(got, _reference(tmp_path / "old"), check_exact=True)
