"""Steady state (issue 15): with nothing changing, a 10-year baseline over 5 seeds does not
drift: the mean of years 8-10 lies within 5% of the mean of years 1-3 for each series; and what
holds egg output at rest is the other markets' price flexibility."""

import numpy as np
import pytest

from .conftest import BASELINE, run_model

YEAR = 365
SEEDS = range(1, 6)


def _series(m) -> dict:
    """The reported days (after the warm-up) of each series."""
    c, g, w = m.recorder.c, m.recorder.g, m.warmup_days
    return {
        "egg_output": c["production_t"][w:, 0],
        "chili_output": c["production_t"][w:, 1],
        "farm_gate_price": c["farm_gate_price_rp_per_kg"][w:, m.main],
        "retail_price": c["retail_price_rp_per_kg"][w:, m.main],
        "blitar_umkm_revenue": g["umkm_revenue_blitar_rp"][w:],
        "blitar_visits": g["tourist_arrivals_blitar"][w:],
    }


def _drifts(flexibility: float) -> list[dict]:
    """Each seed's drift of each series (years 8-10 over years 1-3, less 1) in a 10-year
    baseline with ``elsewhere_price_flexibility`` set on eggs and chili."""
    flex = {f"commodities.{c}.elsewhere_price_flexibility": flexibility for c in ("eggs", "chili")}
    out = []
    for s in SEEDS:
        m = run_model(BASELINE, seed=s, days=10 * YEAR, scale=0.03, **flex)
        out.append({
            k: np.nanmean(v[7 * YEAR:]) / np.nanmean(v[: 3 * YEAR]) - 1.0
            for k, v in _series(m).items()
        })  # fmt: skip
    return out


@pytest.fixture(scope="module")
def per_seed():
    """:func:`_drifts` at the default flexibility (-1) and at -0.1, the other end of the
    range the screening draws."""
    return {f: _drifts(f) for f in (-1.0, -0.1)}


@pytest.fixture(scope="module")
def drift(per_seed):
    out = per_seed[-1.0]
    return {k: float(np.mean([d[k] for d in out])) for k in out[0]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "series",
    [
        "egg_output",
        "chili_output",
        "farm_gate_price",
        "retail_price",
        "blitar_umkm_revenue",  # stationary since only trained quality fades (issue 16)
        "blitar_visits",
    ],
)
def test_a_ten_year_baseline_is_stationary(drift, series):
    assert abs(drift[series]) <= 0.05, drift


@pytest.mark.slow
def test_what_holds_egg_output_at_rest_is_the_other_markets_price(per_seed):
    """docs/ODD.md ("A steady state"): the capacity rule has no restoring force of its own; the
    other markets' price holds output. Near flexibility 0 that force fades and each seed's
    flock wanders its own way: over 10 years the spread of the egg output's drift over seeds
    at -0.1 is over twice that at -1 (at scale 0.03: 16.5% against 4.6%; at 0.1, 19% against
    4.5%, benchmarks/steady_state.py). A restoring force that did not rest on the price would
    close the gap, and this test would then fail and should be rewritten."""
    sd = {f: float(np.std([d["egg_output"] for d in runs], ddof=1)) for f, runs in per_seed.items()}
    assert sd[-0.1] > 2.0 * sd[-1.0], sd


def test_a_run_of_several_years_away_from_rest_says_so():
    """``run`` and ``compare`` print a note (stderr) for a run longer than a year at an
    other-markets flexibility nearer 0 than -0.5, and none otherwise."""
    from sim.config import load_scenario
    from sim.experiment import AT_REST_DAYS, horizon_note

    def note(days, flex):
        ov = {"run.days": days, "commodities.chili.elsewhere_price_flexibility": flex}
        return horizon_note(load_scenario(BASELINE, ov))

    assert note(AT_REST_DAYS, -0.1) is None  # one year: the screening's and compare's horizon
    assert note(10 * YEAR, -1.0) is None and note(10 * YEAR, -0.5) is None
    text = note(AT_REST_DAYS + 1, -0.2)
    assert text.startswith("note: baseline runs 366 days with chili at an")


def test_the_cli_prints_the_horizon_note(tmp_path, capsys):
    from sim.cli import main

    flex = "commodities.eggs.elsewhere_price_flexibility=-0.3"
    argv = ["run", "baseline", "--days", "400", "--scale", "0.01", "--set", flex,
            "--out", str(tmp_path / "r")]  # fmt: skip
    assert main(argv) == 0
    assert "note: baseline runs 400 days with eggs" in capsys.readouterr().err
