"""Mesa's own tools drive the model like any Mesa model."""

import mesa

from sim import KADModel
from sim.agents import Government

from .conftest import MOU


def test_is_a_mesa_model_with_government_agents():
    m = KADModel(MOU, seed=2, days=15, scale=0.02)
    assert isinstance(m, mesa.Model)
    govs = m.agents_by_type[Government]
    assert {g.name for g in govs} == {"Pemkot Surabaya", "Pemkab Blitar"}
    m.run_model()
    # Mesa counts every simulated day, the warm-up's too
    assert not m.running and m.steps == m.days == 15 + m.warmup_days
    frame = m.datacollector.get_model_vars_dataframe()
    assert len(frame) == m.days and frame["wholesale_price_rp_per_kg"].gt(0).all()


def test_batch_run_varies_scenario_keys():
    results = mesa.batch_run(
        KADModel,
        parameters={
            "scenario": str(MOU),
            "days": 20,
            "scale": 0.02,
            "information__lag_days": [1, 5],
        },
        iterations=1,
        max_steps=100,
        number_processes=1,
        display_progress=False,
    )
    lags = {r["information__lag_days"] for r in results}
    assert lags == {1, 5}
    # Mesa reports the last collected row (collected after each of the 20 steps after the
    # warm-up's w): Mesa 3.3 numbers it by the step index (w + 19), Mesa 3.5 by the model time
    # after it (w + 20.0)
    w = KADModel(MOU, seed=1, days=1, scale=0.02).warmup_days
    assert [r["Step"] for r in results] in ([w + 19] * 2, [w + 20.0] * 2)
    assert all(r["wholesale_price_rp_per_kg"] > 0 for r in results)


def test_datacollector_built_late_holds_what_a_watching_one_collected():
    """The DataCollector is built on first use: one asked for at the start (collecting
    daily), one asked for mid-run and one asked for at the end hold the same rows."""
    watched = KADModel(MOU, seed=4, days=12, scale=0.02)
    assert watched.datacollector.model_vars["seed"] == []
    mid, late = (KADModel(MOU, seed=4, days=12, scale=0.02) for _ in range(2))
    for _ in range(5):
        mid.step()
    assert len(mid.datacollector.model_vars["seed"]) == 5
    for m in (watched, mid, late):
        m.run_model()
    a = watched.datacollector.get_model_vars_dataframe()
    assert len(a) == watched.days == 12 + watched.warmup_days  # the warm-up's days too
    assert a.equals(mid.datacollector.get_model_vars_dataframe())
    assert a.equals(late.datacollector.get_model_vars_dataframe())
    assert (
        late._datacollector is not None
        and KADModel(MOU, seed=4, days=2, scale=0.02)._datacollector is None
    )
