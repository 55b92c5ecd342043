"""The KPI registry: every KPI the model writes has one entry with both languages, a unit and a
direction; figures, compare and the brief take labels from it and nothing else holds them."""

import math
import re
from pathlib import Path

import pytest

from sim.metrics import registry as R
from sim.plots import i18n

from .conftest import MOU, run_kpis


@pytest.fixture(scope="module")
def kpis():
    return run_kpis(MOU, seed=1, days=30, scale=0.02)


def test_every_kpi_the_model_writes_is_registered(kpis):
    missing = [k for k in kpis if R.get(k) is None]
    assert not missing
    for key in kpis:
        for lang in R.LANGS:
            assert R.label(key, lang) != key
            assert "{" not in R.unit_text(key, lang, "30")


def test_per_commodity_keys_name_their_commodity(kpis):
    per = [k for k in kpis if R.split(k)[0] is not None]
    assert per, "the model writes per-commodity KPIs"
    for key in per:
        commodity, base = R.split(key)
        assert R.get(key) is R.KPIS[base]
        assert R.commodity_label(commodity, "id") in R.label(key, "id")


def test_verdict_follows_the_direction():
    assert R.verdict("waste_t_per_year", +5.0) == -1 and R.verdict("waste_t_per_year", -5.0) == 1
    assert R.verdict("farmer_income_mean_rp", +1.0) == 1
    assert R.verdict("program_spending_rp_per_year", +1.0) == 0
    assert R.verdict("eggs_waste_t_per_year", +1.0) == -1
    assert R.verdict("farmer_income_mean_rp", math.nan) == 0


def test_deteriorations_that_policies_cause_have_a_mechanism_sentence():
    for key in ("waste_t_per_year", "surabaya_price_cv", "surabaya_retail_price_rp_per_kg"):
        for lang in R.LANGS:
            assert len(R.why_worse(key, lang).split()) >= 6


def test_pad_labels_say_modelled_sources():
    assert "modelled sources" in R.label("pad_blitar_rp_per_year", "en")
    assert "sumber termodelkan" in R.label("pad_surabaya_rp_per_year", "id")


def test_bad_entries_are_refused():
    with pytest.raises(ValueError):
        R.KPI("x", "rp_kg", "weekly", 1, "farmers", {"id": "a", "en": "b"}, {"id": "", "en": ""})
    with pytest.raises(ValueError):
        R.KPI("x", "rp_kg", "day", 1, "farmers", {"id": "a"}, {"id": "", "en": ""})


def test_no_other_module_keeps_kpi_labels():
    """The translation table has no KPI entries, and no module of the package defines a table
    keyed by KPI names (the registry itself builds its entries with ``_k(...)``)."""
    assert not [k for k in i18n.STRINGS if k.startswith(("kpi.", "unit.", "phrase."))]
    root = Path(R.__file__).resolve().parents[1]
    pattern = re.compile(r'^\s*"(farmer_income_mean_rp|waste_t_per_year)":\s*[{"(]', re.M)
    holders = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert holders == []


def test_run_totals_are_gone_and_their_names_say_what_replaced_them(kpis):
    """No KPI is a total over the run (0.3.0): each old name is no longer written and maps to
    its rate per year, per commodity too; the sweep check names the new key in its one line."""
    assert not [k for k in kpis if R.get(k) is not None and R.get(k).period == "run"]
    for old, new in R.RENAMED.items():
        if old.startswith("<c>_"):
            for c in ("eggs", "chili"):  # the commodities of the run (milk is opt-in)
                assert old.replace("<c>", c) not in kpis
                assert R.renamed(old.replace("<c>", c)) == new.replace("<c>", c)
                assert new.replace("<c>", c) in kpis
        else:
            assert old not in kpis and new in kpis, old
            assert R.renamed(old) == new
    assert R.renamed("waste_t") == "waste_t_per_year"
    assert R.renamed("chili_production_t") == "chili_production_t_per_year"
    assert R.renamed("waste_t_per_year") is None and R.unknown_kpi("no_such_kpi") == ""
    assert "renamed to 'pad_blitar_rp_per_year'" in R.unknown_kpi("pad_blitar_rp")
