"""The trade levers written only when their inputs change (``TradeSector._set_levers``) still
follow every input: a parameter edited in ``model.params`` between steps, a scheduled change,
the programs' state."""

import pytest

from sim import KADModel

from .conftest import BASELINE, MOU


@pytest.mark.parametrize(
    ("table", "key", "value", "field"),
    [
        ("transport", "fuel_price_index", 2.0, "freight_today_rp_per_kg"),
        ("transport", "freight_rp_per_kg", 1500.0, "freight_today_rp_per_kg"),
        ("transport", "breakage_road_sensitivity", 5.0, "breakage_today"),
    ],
)
def test_a_parameter_edited_between_steps_takes_effect_the_next_day(table, key, value, field):
    m = KADModel(BASELINE, seed=1, days=20, scale=0.02, overrides={"transport.road_quality": 0.5})
    for _ in range(3):
        m.step()
    before = m.cpar[field].copy()
    m.params[table][key] = value
    m.step()
    assert (m.cpar[field] != before).all()


def test_the_subsidy_follows_its_parameter_and_the_program():
    m = KADModel(MOU, seed=1, days=30, scale=0.02)
    while not m.programs["logistics_subsidy"].active(m.day):
        m.step()
    m.step()
    paid = float(m.cpar["subsidy_today_rp_per_kg"][0])
    assert paid > 0.0
    m.params["programs"]["logistics_subsidy"]["subsidy_rp_per_kg"] = 2 * paid
    m.step()
    assert float(m.cpar["subsidy_today_rp_per_kg"][0]) == 2 * paid
