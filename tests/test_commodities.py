"""A commodity is data: the three-commodity scenario (eggs, chili and milk) runs with no
commodity-specific code, on both engines bit for bit, balances goods per commodity, writes
every per-commodity KPI for milk, leaves eggs and chili as they were, and refuses a milk table
with a missing key in one line (exit 2)."""

import numpy as np
import pytest

from sim.cli import main as cli_main
from sim.config import load_scenario
from sim.errors import ConfigError
from sim.kernels import layout as L
from sim.metrics import compute_kpis
from sim.metrics import registry as R
from sim.model import KADModel

from .conftest import BASELINE, MOU, SCENARIOS, SEEDS, run_kpis
from .test_docs import data_md, sourced_baseline_keys
from .test_equivalence import LIGHT, differing_columns, differing_kpis, differing_state, run_pair

THREE = SCENARIOS / "three_commodities.toml"
TOL = 1e-9


def test_scenario_adds_milk_after_the_baseline_commodities():
    names = list(load_scenario(THREE).params["commodities"])
    assert names == [*load_scenario(BASELINE).params["commodities"], "milk"]


@pytest.mark.parametrize("seed", (1, 2))
def test_engines_identical_with_three_commodities(seed):
    fast, ref = run_pair(THREE, 90, 0.02, LIGHT, seed)
    milk = list(fast.commodity_names).index("milk")
    shipped = fast.recorder.c["shipped_to_surabaya_t"][:, milk]
    assert shipped.max() > 0.0, "milk reaches Surabaya, so its market rules are compared"
    assert not differing_columns(fast, ref)
    assert not differing_kpis(fast, ref)
    assert not differing_state(fast, ref)


def _goods_errors(model) -> np.ndarray:
    """Each commodity's relative goods error today: produced against held, sold and lost."""
    g = model.trade.goods
    accounted = model.trade.stocks.sum(axis=1) + g[:, L.G_SOLD_CONSUMERS : L.N_G].sum(axis=1)
    produced = g[:, L.G_PRODUCED]
    return np.abs(produced - accounted) / produced


def test_goods_balance_per_commodity_every_day():
    assert L.G_PRODUCED == 0 and L.G_SOLD_CONSUMERS == 1  # the slice above: every other column
    m = KADModel(THREE, seed=3, days=200, scale=0.03)
    worst = np.zeros(len(m.commodity_names))
    while m.running:
        m.step()
        worst = np.maximum(worst, _goods_errors(m))
    assert worst.shape == (3,) and np.all(worst < TOL), worst
    assert m.recorder.g["money_rel_error"].max() < TOL
    milk = m.commodity_names.index("milk")
    assert m.trade.goods[milk, L.G_SOLD_ELSEWHERE] > m.trade.goods[milk, L.G_SOLD_CONSUMERS] > 0


@pytest.fixture(scope="module")
def three_kpis():
    return run_kpis(THREE, seed=1, days=365, scale=0.02)  # a whole seasonal cycle


def test_every_per_commodity_kpi_exists_for_milk(three_kpis):
    eggs = {
        base for key in three_kpis if (split := R.split(key))[0] == "eggs" for base in [split[1]]
    }
    milk = {
        base for key in three_kpis if (split := R.split(key))[0] == "milk" for base in [split[1]]
    }
    assert eggs and milk == eggs
    for base in milk:
        key = f"milk_{base}"
        assert np.isfinite(three_kpis[key]), key
        assert R.get(key) is R.KPIS[base]
        assert "susu" in R.label(key, "id") and "milk" in R.label(key, "en")


def test_milk_magnitudes_match_their_sources(three_kpis):
    """Output at the published 40,018 t/yr (herds hold still), nearly all of it sold to the
    processors (other markets), a farm-gate price between the cost and the processors' price."""
    assert three_kpis["milk_production_t_per_year"] == pytest.approx(40_017.75, rel=0.03)
    assert 0.0 < three_kpis["milk_blitar_to_surabaya_t_per_year"] < 0.05 * 40_017.75
    assert 5_000.0 < three_kpis["milk_farm_gate_price_rp_per_kg"] < 6_500.0


EGG_AND_CHILI = [
    f"{c}_{base}"
    for c in ("eggs", "chili")
    for base in ("farm_gate_price_rp_per_kg", "production_t_per_year",
                 "blitar_to_surabaya_t_per_year", "surabaya_retail_price_rp_per_kg",
                 "waste_t_per_year")
]  # fmt: skip
# every random input a commodity's own numbers take: output, shocks, the other markets' price,
# demand news, and the price information's noise
QUIET = {"information.noise_sd": 0.0} | {
    f"commodities.{c}.{key}": 0.0
    for c in ("eggs", "chili", "milk")
    for key in ("output_noise_sd", "elsewhere_price_sd", "demand_noise_sd",
                "shock_probability_per_day")
}  # fmt: skip


def _egg_and_chili_run(scenario, overrides, seed=4):
    m = KADModel(scenario, seed=seed, days=120, scale=0.02, overrides=overrides)
    m.run_model()
    frame = m.recorder.to_frame()
    columns = [col for col in frame.columns if col.startswith(("eggs_", "chili_"))]
    return m, frame[columns], {key: v for key, v in compute_kpis(m).items() if key in EGG_AND_CHILI}


def test_milk_leaves_eggs_and_chili_bit_for_bit_without_random_inputs():
    """Adding milk changes no egg or chili number, bit for bit, once the random inputs are off.
    With them on it does change them: the commodities share the model's random streams (each
    day's farm, trader and market draws are one vector over all commodities, in the scenario's
    order), so a third commodity shifts the draws the others get (see the next test)."""
    two_only = {k: v for k, v in QUIET.items() if ".milk." not in k}
    _, two, k_two = _egg_and_chili_run(BASELINE, two_only)
    three_model, three, k_three = _egg_and_chili_run(THREE, QUIET)
    milk = three_model.commodity_names.index("milk")
    assert three_model.trade.goods[milk, L.G_PRODUCED] > 0.0
    assert two["eggs_retail_price_rp_per_kg"].nunique() > 10, "prices move (seasons, Ramadan)"
    assert list(two.columns) == list(three.columns) and len(two.columns) >= 20
    assert [col for col in two.columns if not two[col].equals(three[col])] == []
    assert k_two == k_three
    _, noisy_two, _ = _egg_and_chili_run(BASELINE, {})
    _, noisy_three, _ = _egg_and_chili_run(THREE, {})
    assert not noisy_two["eggs_retail_price_rp_per_kg"].equals(
        noisy_three["eggs_retail_price_rp_per_kg"]
    ), "with random inputs the shared streams give eggs other draws"


NO_MILK_FARMERS = {"commodities.milk.farmers": 0, "commodities.milk.output_t_per_year": 0.0}


def test_zero_milk_farmers_behave_like_no_milk_for_eggs_and_chili():
    """A commodity with no farmers has no farmers, middlemen or output; Surabaya still buys it
    from other origins. For eggs and chili it is as if it were absent: bit for bit with the
    random inputs off (the same reason as above)."""
    two_only = {k: v for k, v in QUIET.items() if ".milk." not in k}
    _, two, k_two = _egg_and_chili_run(BASELINE, two_only)
    m, three, k_three = _egg_and_chili_run(THREE, QUIET | NO_MILK_FARMERS)
    milk = m.commodity_names.index("milk")
    assert not np.any(m.farmers.comm == milk)
    assert not np.any((m.traders.comm == milk) & (m.traders.is_direct == 0))
    assert m.trade.goods[milk].sum() == 0.0
    assert np.nanmin(m.recorder.c["retail_price_rp_per_kg"][:, milk]) > 0.0
    assert [col for col in two.columns if not two[col].equals(three[col])] == []
    assert k_two == k_three


def test_a_commodity_without_farmers_runs_on_both_engines_alike():
    """Eggs without farmers in the MoU (its direct channel has no one to buy from): the
    engines agree bit for bit, the books balance, and the undefined KPIs are NaN."""
    ov = LIGHT | {"commodities.eggs.farmers": 0, "commodities.eggs.output_t_per_year": 0.0}
    fast, ref = run_pair(MOU, 90, 0.02, ov, 2)
    assert not differing_columns(fast, ref)
    assert not differing_kpis(fast, ref)
    k = compute_kpis(fast)
    assert k["stock_flow_max_rel_error"] < TOL
    assert k["eggs_production_t_per_year"] == 0.0 and k["chili_production_t_per_year"] > 0.0
    assert np.isnan(k["eggs_farm_gate_price_rp_per_kg"])
    assert np.isnan(k["eggs_farmer_income_rp_per_farmer_per_year"])
    assert np.isfinite(k["chili_farmer_income_rp_per_farmer_per_year"])


def test_output_without_farmers_is_refused():
    with pytest.raises(ConfigError) as info:
        load_scenario(THREE, {"commodities.milk.farmers": 0})
    assert info.value.key == "commodities.milk.output_t_per_year"


def test_milk_leaves_eggs_and_chili_as_they_were_over_seeds():
    """With the random inputs on, the egg and chili KPIs of the two- and three-commodity runs
    agree within sampling error over 10 seeds (paired t-statistic under 4.5)."""
    two = {key: [] for key in EGG_AND_CHILI}
    three = {key: [] for key in EGG_AND_CHILI}
    for seed in SEEDS:
        a = run_kpis(BASELINE, seed=seed, days=120, scale=0.02)
        b = run_kpis(THREE, seed=seed, days=120, scale=0.02)
        for key in EGG_AND_CHILI:
            two[key].append(a[key])
            three[key].append(b[key])
    for key in EGG_AND_CHILI:
        d = np.array(three[key]) - np.array(two[key])
        assert d.std(ddof=1) > 0.0, key  # the draws differ, as the test above says
        t = d.mean() / (d.std(ddof=1) / np.sqrt(len(d)))
        assert abs(t) < 4.5, (key, t)


def test_missing_milk_key_stops_in_one_line(tmp_path, capsys):
    text = THREE.read_text(encoding="utf-8")
    text = text.replace('extends = "baseline.toml"', f'extends = "{BASELINE.as_posix()}"')
    lines = [line for line in text.splitlines() if not line.startswith("breakage_rate")]
    bad = tmp_path / "no_breakage.toml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = cli_main(["run", str(bad), "--days", "5", "--scale", "0.01", "--out",
                     str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "Traceback" not in err[0]
    assert str(bad) in err[0] and "commodities.milk.breakage_rate" in err[0]
    assert not (tmp_path / "out").exists()


def test_headline_kpis_follow_the_main_commodity():
    """No commodity name is built in: with ``run.main_commodity = "milk"`` the headline price
    KPIs are milk's, and every commodity still writes its own keys."""
    m = KADModel(THREE, seed=1, days=20, scale=0.01, overrides={"run.main_commodity": "milk"})
    m.run_model()
    k = compute_kpis(m)
    assert {R.split(key)[0] for key in k} >= {"eggs", "chili", "milk"}
    assert k["farm_gate_price_rp_per_kg"] == pytest.approx(k["milk_farm_gate_price_rp_per_kg"])


def test_every_sourced_milk_key_is_in_data_md():
    keys = sourced_baseline_keys(THREE)
    assert "commodities.milk.output_t_per_year" in keys and len(keys) >= 5
    assert all(key.startswith("commodities.milk.") for key in keys)
    missing = [key for key in keys if f"`{key}`" not in data_md()]
    assert not missing, missing


@pytest.mark.slow
def test_a_ten_year_milk_run_is_stationary():
    """With nothing changing, milk output and prices in years 8-10 lie within 5% of years 1-3
    (mean over 5 seeds), as the baseline's eggs and chili do (tests/test_steady_state.py)."""
    year, drift = 365, {"production_t": [], "farm_gate_price_rp_per_kg": [],
                        "retail_price_rp_per_kg": []}  # fmt: skip
    for seed in range(1, 6):
        m = KADModel(THREE, seed=seed, days=10 * year, scale=0.02, overrides=LIGHT)
        m.run_model()
        milk = m.commodity_names.index("milk")
        for name, values in drift.items():
            v = m.recorder.c[name][:, milk]
            values.append(np.nanmean(v[7 * year :]) / np.nanmean(v[: 3 * year]) - 1.0)
    means = {name: float(np.mean(values)) for name, values in drift.items()}
    assert all(abs(d) <= 0.05 for d in means.values()), means
