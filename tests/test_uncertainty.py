"""Two intervals in every comparison (issue 17 item 1): seed noise and parameter uncertainty."""

import json

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from sim import brief as B
from sim import uncertainty as U
from sim.config.keys import resolve
from sim.experiment import compare, rerun

from .conftest import BASELINE, MOU

SHORT = {"run.days": 40, "run.scale": 0.02}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    root = tmp_path_factory.mktemp("unc")
    return compare(BASELINE, MOU, 3, overrides=SHORT, workers=1, out=root / "cmp",
                   param_draws=6)  # fmt: skip


def test_screening_ranks_by_largest_scaled_mu_star_without_the_dummy(tmp_path):
    rows = [("a", "x", 10.0), ("b", "x", 5.0), ("c", "x", 1.0), ("dummy", "x", 50.0),
            ("a", "y", 0.0), ("b", "y", 0.1), ("c", "y", 0.3)]  # fmt: skip
    pd.DataFrame(rows, columns=["parameter", "kpi", "mu_star"]).to_csv(tmp_path / "morris.csv")
    # scaled: a 1.0 (x); b 0.5 (x), 0.33 (y); c 0.1 (x), 1.0 (y)
    assert U.screened_assumptions(tmp_path, top=2) == ["a", "c"]
    assert U.screened_assumptions(tmp_path / "morris.csv", top=3) == ["a", "c", "b"]


def test_screening_ranks_over_the_kpis_asked_for(tmp_path):
    rows = [("a", "x", 10.0), ("b", "x", 5.0), ("a", "y", 0.1), ("b", "y", 0.3)]
    pd.DataFrame(rows, columns=["parameter", "kpi", "mu_star"]).to_csv(tmp_path / "morris.csv")
    assert U.screened_assumptions(tmp_path, top=1) == ["a"]
    assert U.screened_assumptions(tmp_path, top=1, kpis=["y"]) == ["b"]


def test_an_integer_assumption_is_drawn_as_an_integer_the_model_accepts():
    """A key of kind "int" (chili's shelf life, days: a screening's top driver of farmers'
    income) is drawn as an int: the schema refuses 7.0 for an integer, which stopped every
    run of a comparison or discovery that drew one."""
    used = pd.DataFrame({"parameter": ["commodities.chili.shelf_life_days"], "low": [2.0],
                         "high": [8.0], "kind": ["int"]})  # fmt: skip
    rows = U.draw_rows(used, pd.DataFrame(), 12, 3, list(range(12)))
    values = [r["values"]["commodities.chili.shelf_life_days"] for r in rows]
    assert all(type(v) is int and 2 <= v <= 8 for v in values) and len(set(values)) > 3
    # each whole value equally often (rounding gave the two ends half as many)
    many = U.draw_rows(used, pd.DataFrame(), 700, 3, list(range(700)))
    counts = pd.Series([r["values"]["commodities.chili.shelf_life_days"] for r in many])
    assert counts.value_counts().to_dict() == {v: 100 for v in range(2, 9)}
    from sim.sensitivity import paired_effect

    ctx = {"params_a": resolve(BASELINE, SHORT).to_dict(), "params_b": resolve(MOU, SHORT).to_dict(),
           "name_a": "a", "name_b": "b", "applies": {"commodities.chili.shelf_life_days": "both"}}  # fmt: skip
    assert "farmers_income_rp_per_year" in paired_effect(rows[0]["values"], 1, ctx)


def test_range_is_the_central_95_percent_widened_to_the_seed_interval():
    x = np.arange(1001, dtype=float)  # quantiles 25 and 975
    assert U._range(x, 100.0, 200.0, 0.95) == pytest.approx((25.0, 975.0), rel=1e-12)
    assert U._range(x, -5.0, 990.0, 0.95) == (-5.0, 990.0)
    assert U._range(x, np.nan, np.nan, 0.95) == pytest.approx((25.0, 975.0), rel=1e-12)


def test_design_draws_every_assumption_within_its_range_and_the_ensemble_members():
    sa, sb = resolve(BASELINE, SHORT), resolve(MOU, SHORT)
    spec = U.design(sa, sb, draws=10, root_seed=5, first_seed=3, ensemble=U.ENSEMBLE)
    again = U.design(sa, sb, draws=10, root_seed=5, first_seed=3, ensemble=U.ENSEMBLE)
    assert json.dumps(spec, sort_keys=True) == json.dumps(again, sort_keys=True)
    used = [a for a in spec["assumptions"] if a["included"]]
    assert len(used) >= 5
    members = pd.read_csv(U.ENSEMBLE)
    for a in used:
        values = [d["values"][a["parameter"]] for d in spec["draws"]]
        assert a["low"] <= min(values) < max(values) <= a["high"]
    drawn = {a["parameter"] for a in used}  # an ensemble key held constant: its own range
    assert all(members[k].nunique() == 1 for k in drawn & set(members.columns))
    for d in spec["draws"]:
        row = members.iloc[d["member"]]
        assert all(d["values"][k] == float(row[k]) for k in set(members.columns) - drawn)
    assert len({d["seed"] for d in spec["draws"]}) == 10


def test_parameter_interval_contains_the_seed_interval_and_its_centre(both):
    folder, table, ce = both
    t = table[~table["kpi"].isin(["days", "scale"])]
    assert {"param_low", "param_high"} <= set(t.columns)
    ok = t[np.isfinite(t["ci_low"])]
    assert (ok["param_low"] <= ok["diff"]).all() and (ok["diff"] <= ok["param_high"]).all()
    assert (ok["param_low"] <= ok["ci_low"]).all() and (ok["ci_high"] <= ok["param_high"]).all()
    # the parameters add spread beyond seed noise for the farmers' income
    r = t.set_index("kpi").loc["farmer_income_mean_rp"]
    assert r["param_high"] - r["param_low"] > r["ci_high"] - r["ci_low"]
    assert {"param_low", "param_high"} <= set(ce.columns)
    saved = pd.read_csv(folder / "compare.csv")
    assert (saved["intervals"] == U.BOTH).all()
    draws = pd.read_csv(folder / U.DRAWS_CSV)
    assert len(draws) == 6 and draws["seed"].nunique() == 6
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["parameter_uncertainty"]["draws"]) == 6
    assumptions = pd.read_csv(folder / U.ASSUMPTIONS_CSV)
    assert assumptions["source"].str.contains("default list").all()


def test_rerun_reproduces_both_intervals_from_the_manifest(both, tmp_path):
    folder = both[0]
    new, same, differ = rerun(folder, out=tmp_path / "again", workers=2)
    assert same, differ
    assert (new / U.DRAWS_CSV).read_bytes() == (folder / U.DRAWS_CSV).read_bytes()
    assert (new / "compare.csv").read_bytes() == (folder / "compare.csv").read_bytes()


def test_scenario_against_itself_has_a_zero_parameter_interval(tmp_path):
    _, table, _ = compare(MOU, MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "c",
                          param_draws=3)  # fmt: skip
    assert (table["param_low"].fillna(0.0) == 0.0).all()
    assert (table["param_high"].fillna(0.0) == 0.0).all()


def test_seeds_only_writes_no_parameter_columns_and_says_so_everywhere(tmp_path):
    folder, table, ce = compare(BASELINE, MOU, 2, overrides=SHORT, workers=1,
                                out=tmp_path / "quick", seeds_only=True)  # fmt: skip
    for name in ("compare.csv", "cost_effectiveness.csv"):
        frame = pd.read_csv(folder / name)
        assert not {"param_low", "param_high"} & set(frame.columns)
        assert (frame["intervals"] == U.SEEDS_ONLY).all()
    assert json.loads((folder / "compare.json").read_text())["intervals"] == U.SEEDS_ONLY
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["intervals"] == U.SEEDS_ONLY and "parameter_uncertainty" not in manifest
    assert not (folder / U.DRAWS_CSV).exists()
    pdf = B.make_brief(folder, "en", save_figures=False)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    note = B.text.t("header.seeds_only", "en")
    assert "only simulation noise" in pages[0]
    assert all(note in page for page in pages[1:])


def test_a_bad_screening_stops_before_any_run(tmp_path):
    from sim.errors import ConfigError

    (tmp_path / "morris.csv").write_text("parameter,kpi\nx,y\n")
    with pytest.raises(ConfigError, match="mu_star"):
        compare(BASELINE, MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "c",
                screening=tmp_path)  # fmt: skip
    assert not (tmp_path / "c").exists()


def test_brief_quotes_the_parameter_range_and_names_its_assumptions(both):
    folder = both[0]
    pdf = B.make_brief(folder, "en", save_figures=False)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    assert "Over plausible parameter sets, each on a seed of its own (95% range)" in pages[0]
    assert "These 6 sets combine" in pages[0]
    assert "only simulation noise" not in pages[0]
    text = " ".join(pages).replace("\u00ad ", "").replace("- ", "-")
    assert "programs.direct_channel.margin_spillover" in text  # the appendix names them
    note = B.text.t("header.seeds_only", "en")
    assert all(note not in page for page in pages)


def test_screening_draws_neither_the_noise_factor_nor_what_it_hides(tmp_path):
    """A screening with a noise floor: the noise factor is never drawn, nor an assumption whose
    mu* is not above the floor for any KPI, however large its mu*."""
    rows = [("a", "x", 10.0, 4.0), ("b", "x", 3.0, 4.0), ("noise_seed", "x", 4.0, 4.0),
            ("c", "y", 2.0, 1.0), ("b", "y", 0.5, 1.0), ("noise_seed", "y", 1.0, 1.0)]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["parameter", "kpi", "mu_star", "noise_floor"])
    frame["above_noise"] = frame["mu_star"] > frame["noise_floor"]
    frame.to_csv(tmp_path / "morris.csv")
    assert U.screened_assumptions(tmp_path, top=5) == ["a", "c"]
