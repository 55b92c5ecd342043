"""What a run pays outside its days, made cheaper without changing a number: the scenario
cache of the loader, the daily frame built from one block, the model's set-up."""

import math

import numpy as np
import pandas as pd
import pytest

from sim.config import load_scenario, loader
from sim.errors import ConfigError
from sim.metrics import GLOBAL_SERIES, RAW, reported_window
from sim.model import KADModel, fiscal_year_days
from sim.sectors.umkm import beta_draws

from .conftest import BASELINE, MOU, ROOT

SHOCK = ROOT / "scenarios" / "shock_avian_flu.toml"  # a scenario with a dated schedule
SMALL = {"run.scale": 0.05, "run.days": 12, "run.warmup_days": 5}


def _uncached(path, overrides=None, label="<override>"):
    """The scenario loaded with the loader's caches emptied first (validated from the files)."""
    loader._LOADED.clear()
    loader._PARSED.clear()
    return load_scenario(path, overrides, label)


def _same(a, b) -> None:
    """Two scenarios are the same: parameters (types too), files, texts, overrides."""
    assert (a.name, a.path, a.files, a.sources, a.overrides) == (
        b.name, b.path, b.files, b.sources, b.overrides,
    )  # fmt: skip
    da, db = a.to_dict(), b.to_dict()
    assert da == db
    assert repr(da) == repr(db)  # the same types and signs (1 is not 1.0, -0.0 is not 0.0)


@pytest.mark.parametrize("path", [BASELINE, SHOCK])
def test_cached_loads_equal_loads_from_the_files_for_every_seed(path):
    load_scenario(path, {"run.scale": 0.1, "run.seed": 99})  # fills the cache
    for seed in (0, 1, 7, 2**40):
        ov = {"run.scale": 0.1, "run.seed": seed}
        cached = load_scenario(path, ov)
        assert cached.get("run.seed") == seed
        _same(cached, _uncached(path, ov))
    load_scenario(path, {"run.scale": 0.1, "run.seed": 5})
    _same(load_scenario(path, {"run.scale": 0.1}), _uncached(path, {"run.scale": 0.1}))


def test_changing_a_loaded_scenario_does_not_change_the_next_load():
    ov = {"run.seed": 3, "information.lag_days": 2}
    a = load_scenario(SHOCK, ov)
    a.params["schedule"].append({"key": "x"})
    a.params["schedule"][0]["value"] = -1.0
    a.sources[next(iter(a.sources))] = "changed"
    a.overrides["run.seed"] = 4
    a.to_dict()["run"]["days"] = 1
    with pytest.raises(TypeError):
        a.params["run"]["days"] = 1  # the tables are read-only
    b = load_scenario(SHOCK, ov)
    _same(b, _uncached(SHOCK, ov))
    assert b.params["schedule"] is not a.params["schedule"]


def test_an_edited_file_is_loaded_anew(write_toml):
    path = write_toml("s.toml", f'extends = "{BASELINE}"\n[information]\nlag_days = 3\n')
    assert load_scenario(path, {"run.seed": 1}).get("information.lag_days") == 3
    path.write_text(f'extends = "{BASELINE}"\n[information]\nlag_days = 4\n', encoding="utf-8")
    assert load_scenario(path, {"run.seed": 2}).get("information.lag_days") == 4


@pytest.mark.parametrize("seed", [-1, 1.5, True, "7", 2**63, {"a": 1}, np.int64(3)])
def test_a_bad_seed_is_refused_as_validation_refuses_it(seed):
    load_scenario(BASELINE, {"run.seed": 1})  # cached: the seed alone is checked again
    with pytest.raises(ConfigError) as cached:
        load_scenario(BASELINE, {"run.seed": seed}, "--seed")
    with pytest.raises(ConfigError) as fresh:
        _uncached(BASELINE, {"run.seed": seed}, "--seed")
    assert str(cached.value) == str(fresh.value)
    assert "run.seed" in str(cached.value)


@pytest.mark.parametrize("bad", ["-3", '"x"', "1.5"])
def test_a_files_bad_seed_is_refused_after_a_load_that_overrode_it(write_toml, bad):
    """A file whose own seed is invalid loads with a valid seed override (the override wins),
    and the next load without one refuses the file's seed, as a load from the file does: the
    cache keeps no seed to serve in its place."""
    path = write_toml("s.toml", f'extends = "{BASELINE}"\n[run]\nseed = {bad}\n')
    assert load_scenario(path, {"run.seed": 4}).get("run.seed") == 4
    with pytest.raises(ConfigError) as cached:
        load_scenario(path)
    with pytest.raises(ConfigError) as fresh:
        _uncached(path)
    assert str(cached.value) == str(fresh.value)
    assert "run.seed" in str(cached.value)


def test_override_values_of_other_types_are_not_taken_for_each_other():
    assert load_scenario(BASELINE, {"information.lag_days": 2}).get("information.lag_days") == 2
    with pytest.raises(ConfigError):  # an integer key: 2.0 is refused, not served as 2
        load_scenario(BASELINE, {"information.lag_days": 2.0})
    zero = load_scenario(BASELINE, {"commodities.eggs.demand_elasticity": 0.0})
    minus = load_scenario(BASELINE, {"commodities.eggs.demand_elasticity": -0.0})
    assert math.copysign(1.0, zero.get("commodities.eggs.demand_elasticity")) == 1.0
    assert math.copysign(1.0, minus.get("commodities.eggs.demand_elasticity")) == -1.0
    numpy = load_scenario(BASELINE, {"information.noise_sd": np.float64(0.25)})
    assert numpy.get("information.noise_sd") == 0.25


def test_a_table_override_of_run_sets_the_seed_in_its_order():
    a = load_scenario(BASELINE, {"run.seed": 4, "run": {"seed": 9}})
    b = load_scenario(BASELINE, {"run": {"seed": 9}, "run.seed": 4})
    assert (a.get("run.seed"), b.get("run.seed")) == (9, 4)
    assert load_scenario(BASELINE, {"run": {"seed": 11}}).get("run.seed") == 11


# ---------------------------------------------------------------------- the daily frame
def _frame_by_columns(rec) -> pd.DataFrame:
    """The daily frame built column by column from a dict (what to_frame must equal)."""
    m = rec.model
    w, n = reported_window(m)
    cols = {"date": pd.to_datetime([d.isoformat() for d in m.calendar.dates[w:n]])}
    for name, arr in rec.c.items():
        for ci, cname in enumerate(m.commodity_names):
            cols[f"{cname}_{name}"] = arr[w:n, ci]
    for name, arr in rec.g.items():
        cols[name] = arr[w:n]
    return pd.DataFrame(cols)


def _run(days: int, seed: int = 3) -> KADModel:
    m = KADModel(load_scenario(BASELINE, {**SMALL, "run.seed": seed}))
    for _ in range(days):
        m.step()
    return m


@pytest.mark.parametrize("days", [0, 3, 17])  # nothing run, inside the warm-up, to the end
def test_the_frame_equals_one_built_column_by_column(days):
    rec = _run(days).recorder
    frame, expected = rec.to_frame(), _frame_by_columns(rec)
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)
    assert list(frame.dtypes) == list(expected.dtypes)
    assert frame.columns.dtype == expected.columns.dtype
    assert len(frame) == reported_window(rec.model)[1] - reported_window(rec.model)[0]


def test_frames_of_other_calendars_have_their_own_dates():
    for start, days in (("2025-01-01", 12), ("2026-03-01", 12), ("2025-01-01", 9)):
        ov = {**SMALL, "run.seed": 1, "run.start_date": start, "run.days": days}
        m = KADModel(load_scenario(BASELINE, ov))
        for _ in range(m.days):
            m.step()
        frame = m.recorder.to_frame()
        pd.testing.assert_frame_equal(frame, _frame_by_columns(m.recorder), check_exact=True)
        assert frame["date"].iloc[0] == pd.Timestamp(start)


def test_changing_a_frame_changes_neither_the_recorder_nor_the_next_frame():
    m = _run(17)
    first = m.recorder.to_frame()
    expected = _frame_by_columns(m.recorder)
    first.iloc[0, 1:] = 123.0
    first.loc[1, "date"] = pd.Timestamp("2000-01-01")
    first.columns = [f"x{j}" for j in range(first.shape[1])]
    pd.testing.assert_frame_equal(m.recorder.to_frame(), expected, check_exact=True)
    pd.testing.assert_frame_equal(_frame_by_columns(m.recorder), expected, check_exact=True)


@pytest.mark.parametrize("cuts", [(), (1,), (5, 6, 11), (2, 9)])
def test_global_series_derived_in_blocks_equal_those_derived_at_once(cuts):
    """The global series read part-way (as a watching DataCollector reads them, each block
    taking its day before from the raw copies) hold the bits of those derived in one block
    from day 0 (whose day before is 0.0), NaN included."""
    ov = {**SMALL, "run.seed": 4}
    whole, parts = (KADModel(load_scenario(MOU, ov)) for _ in range(2))
    for m, reads in ((whole, ()), (parts, cuts)):
        for day in range(m.days):
            if day in reads:
                assert len(m.recorder.g) == len(GLOBAL_SERIES)  # derives the days run so far
            m.step()
    for name, series in whole.recorder.g.items():
        assert series.tobytes() == parts.recorder.g[name].tobytes(), name
    # and they are the definition: each day's cumulative figure less the day before's (0.0
    # before day 0), at full scale
    rec = whole.recorder
    for series, raw in (("farmer_net_income_rp", "farm_cash"), ("pad_surabaya_rp", "pad_surabaya")):
        cum = rec._raw[:, RAW.index(raw)]
        expected = np.diff(cum, prepend=0.0) * (1.0 / whole.scale)
        assert rec.g[series].tobytes() == expected.tobytes(), series
        assert np.any(cum[:1] != 0.0)  # day 0 counts from 0.0


# ---------------------------------------------------------------------- the model's set-up
@pytest.mark.parametrize("sorted_regions", [True, False])  # runs (set-up) or mixed (entrants)
@pytest.mark.parametrize("k", [0.5, 8.0])  # Johnk's method (a, b < 1) and the gamma ratio
def test_beta_draws_by_runs_are_the_generators_beta(sorted_regions, k):
    for seed in range(40):
        r = np.random.default_rng(seed)
        regions = r.integers(0, 2, size=int(r.integers(0, 80)))
        if sorted_regions:
            regions = np.sort(regions)
        mean = np.where(regions == 0, r.random(), r.random())
        a, b = mean * k, (1.0 - mean) * k
        g1, g2 = np.random.default_rng(seed + 100), np.random.default_rng(seed + 100)
        assert beta_draws(g2, a, b).tobytes() == g1.beta(a, b, size=a.shape[0]).tobytes()
        assert g1.random() == g2.random()  # the stream is left where rng.beta leaves it


def test_a_link_to_a_scenario_keeps_its_own_name(tmp_path):
    link = tmp_path / "other_name.toml"
    link.symlink_to(BASELINE)
    assert load_scenario(BASELINE, {"run.seed": 2}).name == "baseline"
    linked = load_scenario(link, {"run.seed": 2})
    assert (linked.name, linked.path) == ("other_name", str(link))


def _fiscal_year_days_loop(year, first):
    """The definition, day by day."""
    days = [t for t in range(first + 1, year.shape[0]) if year[t] != year[t - 1]]
    return frozenset([first, *days])


def test_fiscal_year_days_are_the_days_the_year_changes():
    r = np.random.default_rng(0)
    for _ in range(200):
        year = np.sort(r.integers(2024, 2028, size=int(r.integers(0, 30))))
        first = int(r.integers(0, 35))
        got = fiscal_year_days(year, first)
        assert got == _fiscal_year_days_loop(year, first)
        assert all(type(t) is int for t in got)


def test_a_simulated_model_is_freed(monkeypatch):
    """simulate leaves nothing holding the model it ran (Mesa 3.3 kept every model in
    mesa.Agent._ids), so a sweep's worker does not grow run after run."""
    import gc
    import weakref

    import sim.engine
    from sim.experiment import simulate

    made = []
    make = sim.engine.make_model
    monkeypatch.setattr(sim.engine, "make_model", lambda s: made.append(make(s)) or made[-1])
    kpis, frame = simulate(load_scenario(BASELINE, {**SMALL, "run.seed": 2}))
    ref = weakref.ref(made.pop())
    gc.collect()
    assert ref() is None
    assert len(frame) == SMALL["run.days"] and kpis["days"] == SMALL["run.days"]


def test_models_built_anywhere_are_freed(monkeypatch):
    """A model built directly and the calibration's runs (``run_moments``, in its workers) are
    freed too once dropped: Mesa 3.3's agent counters hold their models weakly
    (sim.mesa_compat), and on a later Mesa nothing holds them."""
    import gc
    import weakref

    import mesa

    import sim.engine
    from sim.calibration.moments import run_moments

    model = KADModel(BASELINE, seed=1, days=3, scale=0.02)
    model.step()
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None
    made = []
    make = sim.engine.make_model
    monkeypatch.setattr(sim.engine, "make_model", lambda s: made.append(make(s)) or made[-1])
    run_moments("baseline", seed=2, days=3, scale=0.02)
    ref = weakref.ref(made.pop())
    gc.collect()
    assert ref() is None
    ids = getattr(mesa.Agent, "_ids", None)
    assert ids is None or not isinstance(ids, dict)  # Mesa 3.3's dict replaced, or none
