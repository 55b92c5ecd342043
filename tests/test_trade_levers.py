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


# the daily market levers (other markets' price, demand, the channel's reach) are written
# through views of cpar kept between days: they must follow a cpar rebuilt by a schedule or
# replaced by a caller, and read parameters edited between steps
LEVER_FIELDS = (
    "elsewhere_price_today_rp_per_kg", "demand_today_kg_per_day", "direct_channel_reach_today",
)  # fmt: skip


def _twins(path, days=20, overrides=None):
    return [KADModel(path, seed=4, days=days, scale=0.02, overrides=overrides) for _ in range(2)]


def _step_both(models, n):
    for _ in range(n):
        for m in models:
            m.step()


def test_a_scheduled_change_rebuilds_cpar_and_its_daily_levers_are_written(write_toml):
    path = write_toml(
        "demand.toml",
        f'''
extends = "{BASELINE}"
[[schedule]]
key = "commodities.chili.demand_shock_multiplier"
from = "2025-01-03"
value = 2.0
''',
    )
    plain = KADModel(BASELINE, seed=4, days=20, scale=0.02)
    shocked = KADModel(path, seed=4, days=20, scale=0.02)
    assert plain.params["commodities"]["chili"]["demand_shock_multiplier"] == 1.0
    chili = plain.commodity_names.index("chili")
    day = plain.warmup_days + 2  # 2025-01-03
    _step_both((plain, shocked), day)
    old = shocked.cpar
    _step_both((plain, shocked), 1)
    assert shocked.cpar is not old  # the schedule rebuilt the records
    for field in LEVER_FIELDS:
        a, b = plain.cpar[field], shocked.cpar[field]
        for c in range(len(a)):
            # the demand doubles exactly on the day (same draws, same history until today)
            want = 2.0 * a[c] if (field, c) == ("demand_today_kg_per_day", chili) else a[c]
            assert b[c] == want, (field, c)


def test_a_replaced_cpar_receives_the_daily_levers():
    # the direct channel runs from day 60 and contests the margins: its reach is positive
    models = _twins(MOU, days=80, overrides={"programs.direct_channel.margin_spillover": 0.5})
    _step_both(models, 65)
    models[1].trade.cpar = models[1].trade.cpar.copy()
    _step_both(models, 1)
    for field in LEVER_FIELDS:
        assert models[1].cpar[field].tobytes() == models[0].cpar[field].tobytes(), field
    assert (models[0].cpar["direct_channel_reach_today"] > 0.0).all()


def test_an_edited_commodity_parameter_moves_the_other_markets_price_the_next_day():
    models = _twins(BASELINE)
    _step_both(models, 5)
    name = models[0].commodity_names[0]
    models[1].params["commodities"][name]["elsewhere_price_rp_per_kg"] *= 2.0
    _step_both(models, 1)
    a = models[0].cpar["elsewhere_price_today_rp_per_kg"]
    b = models[1].cpar["elsewhere_price_today_rp_per_kg"]
    assert b[0] == 2.0 * a[0] and b[1:].tolist() == a[1:].tolist()


class _Uncached:
    """Steps a model with the levers' parameters packed again every day (no key)."""

    def __init__(self, model):
        self.model = model

    def step(self):
        self.model.trade._levers_key = None
        self.model.step()


@pytest.mark.parametrize(
    ("where", "key", "factor"),
    [
        ("commodity", "elsewhere_price_persistence", 0.5),
        ("commodity", "elsewhere_price_sd", 2.0),
        ("commodity", "elsewhere_price_rp_per_kg", 1.5),
        ("commodity", "demand_noise_persistence", 0.5),
        ("commodity", "demand_noise_sd", 2.0),
        ("commodity", "elsewhere_quantity_memory_days", 0.5),
        ("commodity", "elsewhere_price_flexibility", 3.0),
        ("direct", "reach_memory_days", 0.5),
        ("direct", "margin_spillover", 0.5),
    ],
)
def test_an_edited_market_parameter_gives_what_the_uncached_levers_give(where, key, factor):
    # the channel runs and contests the margins; other markets' prices respond to quantity
    overrides = {"programs.direct_channel.margin_spillover": 0.4}
    for name in ("eggs", "chili"):
        overrides[f"commodities.{name}.elsewhere_price_flexibility"] = -0.3
    models = _twins(MOU, days=80, overrides=overrides)
    steppers = (models[0], _Uncached(models[1]))
    _step_both(steppers, 64)
    for m in models:
        p = m.params
        table = (
            p["commodities"]["eggs"] if where == "commodity" else p["programs"]["direct_channel"]
        )
        table[key] = table[key] * factor
    before = models[0].cpar.copy()
    _step_both(steppers, 3)
    assert models[0].cpar.tobytes() == models[1].cpar.tobytes()
    assert models[0].trade.goods.tobytes() == models[1].trade.goods.tobytes()
    assert models[0].cpar.tobytes() != before.tobytes()
