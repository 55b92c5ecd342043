"""The scenario library and dated schedules."""

import numpy as np
import pytest

from sim import KADModel
from sim.config import load_scenario
from sim.errors import ConfigError
from sim.kernels import layout as L
from sim.metrics import compute_kpis

from .conftest import BASELINE, MOU, SCENARIOS, run_kpis, run_model

ALL = sorted(SCENARIOS.glob("*.toml"))


def test_library_has_the_policies():
    names = {p.stem for p in ALL}
    expected = {
        "baseline",
        "mou",
        "logistics_subsidy",
        "direct_channel",
        "information_system",
        "training",
        "promotion",
        "infrastructure",
        "full_package",
        "monitoring",
        "budget_cut",
        "shock_avian_flu",
        "shock_fuel_price",
        "shock_lebaran_spike",
        "shock_road_closure",
        "kota_blitar",
        "blitar_raya",
    }
    assert expected <= names


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_every_scenario_loads_and_runs(path):
    s = load_scenario(path)
    assert len(s.get("description")) > 20
    k = run_kpis(path, days=45, scale=0.02)
    assert k["stock_flow_max_rel_error"] < 1e-9
    assert np.isfinite(k["farmer_income_mean_rp"])


def _schedule(write_toml, body: str):
    return write_toml("sched.toml", f'extends = "{MOU}"\n{body}')


def _run_params(path, key, days=120):
    m = KADModel(path, seed=1, days=days, scale=0.02)
    values = []
    *node_path, leaf = key.split(".")
    while m.running:
        m.step()
        node = m.params
        for part in node_path:
            node = node[part]
        values.append(node[leaf])
    return m, values


def test_window_applies_and_reverts(write_toml):
    path = _schedule(
        write_toml,
        '[[schedule]]\nkey = "transport.road_quality"\n'
        "from = 2025-02-01\nuntil = 2025-02-03\nvalue = 0.3\n",
    )
    m, values = _run_params(path, "transport.road_quality")
    dates = [d.isoformat() for d in m.calendar.dates]
    on = [dates[i] for i, v in enumerate(values) if v == 0.3]
    assert on == ["2025-02-01", "2025-02-02", "2025-02-03"]
    assert values[-1] == 1.0


def test_step_change_and_budget_per_fiscal_year(write_toml):
    body = (
        '[[schedule]]\nkey = "programs.logistics_subsidy.budget_rp_per_year"\n'
        "from = 2026-01-01\nvalue = 0.0\n"
    )
    path = _schedule(write_toml, body)
    m = KADModel(path, seed=1, days=500, scale=0.02)
    spent = []
    while m.running:
        before = m.programs["logistics_subsidy"].spent_rp
        m.step()
        spent.append(m.programs["logistics_subsidy"].spent_rp - before)
    years = np.array([d.year for d in m.calendar.dates])
    spent = np.array(spent)
    assert spent[years == 2025].sum() > 0 and spent[years == 2026].sum() == 0.0


def test_schedules_inherit_and_add(write_toml):
    shock = SCENARIOS / "shock_road_closure.toml"
    path = write_toml(
        "more.toml",
        f'extends = "{shock}"\n[[schedule]]\n'
        'key = "transport.fuel_price_index"\nfrom = 2025-03-01\nvalue = 1.2\n',
    )
    keys = [e["key"] for e in load_scenario(path).get("schedule")]
    assert keys == ["transport.road_quality", "transport.fuel_price_index"]


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        (
            'key = "run.days"\nfrom = 2025-01-01\nvalue = 3',
            "schedule[0].key",
            "cannot be scheduled",
        ),
        (
            'key = "transport.road_quality"\nfrom = "2025-13-01"\nvalue = 0.5',
            "schedule[0].from",
            "date",
        ),
        (
            'key = "transport.road_quality"\nfrom = 2025-01-01\nvalue = -1.0',
            "schedule[0].value",
            "below",
        ),
        ('key = "transport.road_quality"\nfrom = 2025-01-01', "schedule[0].value", "missing"),
        (
            'key = "transport.road_quality"\nfrom = 2025-02-01\nuntil = 2025-01-01\nvalue = 0.5',
            "schedule[0].until",
            "before",
        ),
        (
            'key = "commodities.rice.input_cost_index"\nfrom = 2025-01-01\nvalue = 1.1',
            "schedule[0].key",
            "rice",
        ),
        (
            'key = "transport.road_quality"\nfrom = 2025-01-01\nvalue = 0.5\nwhen = 3',
            "schedule[0].when",
            "unknown",
        ),
    ],
)
def test_bad_schedule_entries(write_toml, body, key, words):
    path = _schedule(write_toml, f"[[schedule]]\n{body}\n")
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    assert info.value.key == key and words in info.value.message
    assert info.value.file.endswith("sched.toml")


def test_shock_scenarios_move_the_right_things():
    """Avian flu lowers output. The road closure (slower detour) raises breakage in transit
    and, through dearer freight, lowers the tonnage shipped to Surabaya. Total waste is not
    asserted for one seed: the Surabaya market's holding loss follows the perturbed price
    path and moves either way by more than the extra breakage."""
    base_model = run_model(MOU, days=150, scale=0.05)
    base = compute_kpis(base_model)
    flu = run_kpis(SCENARIOS / "shock_avian_flu.toml", days=150, scale=0.05)
    road_model = run_model(SCENARIOS / "shock_road_closure.toml", days=150, scale=0.05)
    road = compute_kpis(road_model)
    assert flu["eggs_production_t_per_year"] < base["eggs_production_t_per_year"]
    breakage = [m.goods[:, L.G_LOST_BREAKAGE].sum() for m in (base_model, road_model)]
    assert breakage[1] > breakage[0]
    assert road["blitar_to_surabaya_t_per_year"] < base["blitar_to_surabaya_t_per_year"]
    assert run_kpis(BASELINE, days=150, scale=0.05)["program_spending_rp_per_year"] == 0.0
