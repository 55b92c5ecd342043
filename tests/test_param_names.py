"""The parameters' short names (sim.brief.param_names): every numeric parameter of the schema
has an Indonesian name, the brief and the figures name a parameter alike, a map entry is
named in brackets in the reader's language, and i18n's explicit names still win."""

from __future__ import annotations

import re

import pytest

from sim.brief import param_names as N
from sim.brief import text as BT
from sim.config.schema import iter_params
from sim.plots import figures as F
from sim.plots import i18n

NUMERIC = [key for key, p in iter_params() if p.kind in ("int", "float")]
DOTTED = re.compile(r"[A-Za-z_]\.[A-Za-z_]")  # a key such as run.start_date


def test_every_numeric_parameter_has_an_indonesian_name():
    assert len(NUMERIC) > 200  # the schema's numeric keys, not an empty list
    assert [k for k in NUMERIC if k not in N.ID] == []
    # no name for a key the schema does not have (a renamed or removed one)
    generic = {key for key, _ in iter_params()}
    assert sorted(set(N.ID) - generic) == [] == sorted(set(N.EN) - generic)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_names_read_as_names(lang):
    """Short noun phrases in sentence case: no full stop, no key or key part, no doubles."""
    names = N.NAMES[lang]
    for key, name in names.items():
        assert name.strip() == name and name, key
        assert not name.endswith("."), key
        assert "_" not in name and not DOTTED.search(name), key
        assert len(name) <= 62, key
        assert name[0].isupper() or name.startswith("e-Peken"), key  # a brand: e-Peken
    # two keys with one name could not be told apart in a table
    by_name: dict[str, list[str]] = {}
    for key, name in names.items():
        by_name.setdefault(name, []).append(key)
    assert {n: ks for n, ks in by_name.items() if len(ks) > 1} == {}


def test_a_concrete_key_finds_its_generic_key():
    assert N.generic_key("commodities.eggs.shelf_life_days") == "commodities.<name>.shelf_life_days"
    event = "programs.cultural_events.events.grebeg_pancasila.visits_uplift"
    assert N.generic_key(event) == "programs.cultural_events.events.<name>.visits_uplift"
    assert N.generic_key("governments.blitar.realisation_rate") == (
        "governments.blitar.realisation_rate"
    )
    assert N.generic_key("commodities.eggs") is None  # a table, not a parameter
    assert N.generic_key("no.such.key") is None


def test_a_map_entry_is_named_in_brackets_in_the_readers_language():
    shelf = N.ID["commodities.<name>.shelf_life_days"]
    assert BT.param_name("commodities.eggs.shelf_life_days", "id") == f"{shelf} (telur)"
    fresh = N.ID["commodities.<name>.reservation_fresh_fraction"]
    assert BT.param_name("commodities.eggs.reservation_fresh_fraction", "id") == (
        f"{fresh} (telur)"
    )
    assert BT.param_name("commodities.chili.farmers", "id") == "Jumlah petani (cabai rawit)"
    assert BT.param_name("commodities.milk.farmers", "id") == "Jumlah petani (susu segar)"
    # the shipped sectors and events by their Indonesian names; one a user adds by its key
    sector = N.ID["umkm.sectors.<name>.surabaya_share"]
    assert BT.param_name("umkm.sectors.fashion.surabaya_share", "id") == (
        f"{sector} (batik & konveksi)"
    )
    assert BT.param_name("umkm.sectors.fashion.surabaya_share", "en").endswith("(fashion)")
    assert BT.param_name("umkm.sectors.toys.surabaya_share", "id") == f"{sector} (toys)"
    event = "programs.cultural_events.events.grebeg_pancasila.visits_uplift"
    assert BT.param_name(event, "id").endswith("(Grebeg Pancasila)")
    # a key outside the maps: the name alone; Surabaya's and Blitar's keys differ
    assert BT.param_name("tourism.visitors_per_agent", "id") == "Wisatawan per agen model"
    sby = BT.param_name("governments.surabaya.realisation_rate", "id")
    assert sby != BT.param_name("governments.blitar.realisation_rate", "id")
    assert "Surabaya" in sby


def test_english_keeps_the_description_unless_given_a_short_name():
    assert BT.param_name("commodities.chili.shelf_life_days", "en") == (
        "Days goods keep unrefrigerated (chili)"
    )
    short = N.EN["programs.training.budget_rp_per_year"]
    assert BT.param_name("programs.training.budget_rp_per_year", "en") == short
    assert BT.param_name("commodities.eggs.surabaya_share_at_parity", "en") == (
        f"{N.EN['commodities.<name>.surabaya_share_at_parity']} (eggs)"
    )


def test_an_explicit_translation_still_wins(monkeypatch):
    key = "commodities.eggs.demand_elasticity"  # has a param. entry in i18n
    assert (
        BT.param_name(key, "id")
        == i18n.tr(f"param.{key}", "id")
        == ("Elastisitas permintaan telur")
    )
    assert BT.param_name(key, "en") == i18n.tr(f"param.{key}", "en")
    key = "commodities.chili.shelf_life_days"
    monkeypatch.setitem(i18n.STRINGS, f"param.{key}", {"id": "Umur cabai", "en": "Chili life"})
    assert BT.param_name(key, "id") == "Umur cabai"
    assert BT.param_name(key, "en") == "Chili life"


def test_an_unknown_or_unnamed_key_falls_back_as_before():
    for lang in ("id", "en"):
        assert BT.param_name("no.such.key", lang) == "no.such.key"
        assert F.param_name("no.such.key", lang) == "no.such.key"
    rule = "programs.market_access.outlet_rule"  # a str: no short name
    assert BT.param_name(rule, "id") == rule
    assert BT.param_name(rule, "en") == "Which licensed Blitar firms get the outlet places"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_figures_name_a_parameter_as_the_brief_does(lang):
    keys = [
        "commodities.eggs.shelf_life_days",
        "commodities.chili.other_supply_elasticity",
        "umkm.sectors.food.blitar_share",
        "transport.road_quality",
        "pad.umkm_tax_share",
        "programs.market_access.outlet_rule",
    ]
    for key in keys:
        assert F.param_name(key, lang) == BT.param_name(key, lang)
    label = F.param_label("commodities.eggs.shelf_life_days", lang)
    assert label.startswith(BT.param_name("commodities.eggs.shelf_life_days", lang))


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("Blitar's share of Surabaya's supply", "Blitar's share of Surabaya's supply"),
        ("Surabaya\u2019s market fee", "Surabaya\u2019s market fee"),
        ("Pemkab Blitar's budget", "Pemkab Blitar's budget"),
        ("Road quality", "road quality"),
        ("UMKM quality weight", "UMKM quality weight"),
    ],
)
def test_a_name_inside_a_sentence_keeps_its_proper_noun(name, inside):
    assert BT.lower_first(name) == inside


def test_every_shipped_sector_and_event_has_an_indonesian_name():
    """The sectors and cultural events of the shipped scenarios (by their tables' names)."""
    import re

    from sim.paths import DEFAULT_SCENARIO

    found = set()
    for path in DEFAULT_SCENARIO.parent.glob("*.toml"):
        found |= set(re.findall(r"^\[(?:umkm\.sectors|programs\.cultural_events\.events)\."
                                r"(\w+)\]", path.read_text(), re.M))  # fmt: skip
    assert found and sorted(found - set(N.ENTRIES_ID)) == []
