"""The policy brief: built from run, replicates and comparison folders in both languages, read
back with pypdf; numbers come from the folder's files, formatted in the locale."""

import json
import shutil
import warnings

import pandas as pd
import pytest
from pypdf import PdfReader

from sim import brief as B
from sim.cli import main
from sim.errors import ConfigError
from sim.experiment import compare, run_replicates, run_scenario
from sim.plots import figures as F
from sim.plots.i18n import LANGS, tr

from .conftest import BASELINE, CALIBRATION, MOU, SCENARIOS

SHORT = {"run.days": 45, "run.scale": 0.02}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("brief")
    run, _ = run_scenario(MOU, seed=3, days=45, scale=0.02, out=root / "run")
    reps, _, _ = run_replicates(MOU, 3, overrides=SHORT, workers=1, out=root / "reps")
    cmp, _, _ = compare(BASELINE, MOU, 3, overrides=SHORT, workers=1, out=root / "cmp")
    return {"run": run, "replicates": reps, "compare": cmp}


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def page_of(pages: list[str], text: str, start: int = 0) -> int:
    """The first page from ``start`` on whose text holds ``text``."""
    hits = [i for i, p in enumerate(pages) if i >= start and text in " ".join(p.split())]
    assert hits, f"{text!r} is on no page from {start} on"
    return hits[0]


@pytest.fixture(scope="module")
def briefs(folders, tmp_path_factory):
    """Every kind of folder in both languages (figures written once: comparison, Indonesian)."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for kind, folder in folders.items():
            for lang in LANGS:
                figures = kind == "compare" and lang == "id"
                path = B.make_brief(folder, lang, save_figures=figures)
                out[kind, lang] = (path, pdf_pages(path))
    return out


@pytest.mark.parametrize("kind", ["run", "replicates", "compare"])
@pytest.mark.parametrize("lang", LANGS)
def test_brief_has_the_expected_pages(briefs, folders, kind, lang):
    path, pages = briefs[kind, lang]
    assert path == folders[kind] / f"brief_{lang}.pdf"
    assert len(pages) >= 5
    first = pages[0]
    assert tr("brief.title", lang) in first
    assert tr("h.summary", lang) in first and tr("h.kpis", lang) in first
    for heading in ("col.kpi", "col.unit"):
        assert tr(heading, lang) in first
    if kind == "compare":
        assert tr("col.diff", lang) in first and tr("col.real", lang) in first
        assert tr("col.ci", lang) in first
        assert "baseline" in first and "mou" in first
        impacts = page_of(pages, tr("fig.impacts", lang, a="baseline", b="mou"))
        assert impacts == 1
        assert page_of(pages, tr("fig.cost_effectiveness", lang)) == 1
        assert tr("h.ce", lang) in "".join(pages) and tr("h.fiscal", lang) in "".join(pages)
    elif kind == "replicates":
        assert tr("col.mean", lang) in first and tr("col.ci", lang) in first
        summary = pd.read_csv(folders[kind] / "summary.csv").set_index("kpi")
        r = summary.loc["waste_t"]
        assert F.fmt_kpi("waste_t", r["mean"], lang) in first
        ci = tr("interval", lang, lo=F.fmt_kpi("waste_t", r["ci_low"], lang),
                hi=F.fmt_kpi("waste_t", r["ci_high"], lang))  # fmt: skip
        assert ci in first
    else:
        assert tr("col.value", lang) in first
        assert tr("summary.no_ci", lang)[:30] in _flat(first)
        kpis = json.loads((folders[kind] / "kpis.json").read_text())
        assert F.fmt_kpi("farm_gate_price_rp_per_kg", kpis["farm_gate_price_rp_per_kg"], lang) in (
            _flat(first)
        )
    # figures, then cost, caveats and reproduction, in that order
    order = [page_of(pages, tr("fig.overview", lang))]
    for key in ("fig.flows", "fig.umkm", "h.cost", "h.caveats", "h.reproduce"):
        order.append(page_of(pages, tr(key, lang), start=order[-1]))
    assert order[0] >= 1 and order[-1] > order[0]
    text = " ".join(" ".join(pages).split())
    assert tr("h.assumptions", lang) in text and tr("h.uncertainty", lang) in text
    assert f"rerun {folders[kind]}/manifest.json" in text
    manifest = json.loads((folders[kind] / "manifest.json").read_text())
    seeds = manifest.get("seeds", [manifest.get("seed")])
    assert all(str(s) in text for s in seeds)
    assert tr("page", lang, n=len(pages)) in pages[-1]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_numbers_come_from_compare_csv_in_the_locale(briefs, folders, lang):
    _, pages = briefs["compare", lang]
    first = _flat(pages[0])
    table = pd.read_csv(folders["compare"] / "compare.csv").set_index("kpi")
    r = table.loc["farmer_income_mean_rp"]
    for value in (r["mean_a"], r["mean_b"]):
        assert F.fmt_kpi("farmer_income_mean_rp", value, lang) in first
    assert F.fmt_kpi_diff("farmer_income_mean_rp", r["diff"], lang) in first
    r = table.loc["surabaya_retail_price_rp_per_kg"]
    price = F.fmt_kpi("surabaya_retail_price_rp_per_kg", r["mean_b"], lang, per_kg=False)
    assert price in first
    other = "en" if lang == "id" else "id"
    foreign = F.fmt_kpi("surabaya_retail_price_rp_per_kg", r["mean_b"], other, per_kg=False)
    assert foreign not in first  # "Rp 27.844" in Indonesian, "Rp 27,844" in English
    for kpi in ("blitar_to_surabaya_t", "waste_t"):
        r = table.loc[kpi]
        ci = tr(
            "interval",
            lang,
            lo=F.fmt_kpi(kpi, r["ci_low"], lang, signed=True),
            hi=F.fmt_kpi(kpi, r["ci_high"], lang, signed=True),
        )
        assert ci in first
    ce = pd.read_csv(folders["compare"] / "cost_effectiveness.csv")
    value = F.fmt_number(ce.loc[0, "rp_per_rp"], lang, 1)
    assert tr("ce.value", lang, value=value) in _flat(" ".join(pages))


def test_summary_follows_the_files_not_the_code(folders, tmp_path):
    """Change compare.csv and the brief's sentence changes with it."""
    copy = tmp_path / "cmp"
    shutil.copytree(folders["compare"], copy)
    table = pd.read_csv(copy / "compare.csv")
    row = table["kpi"] == "farmer_income_mean_rp"
    table.loc[row, ["diff", "ci_low", "ci_high", "distinguishable"]] = [1.234e6, 1.0e6, 1.5e6, True]
    table.to_csv(copy / "compare.csv", index=False)
    study = B.load_study(copy)
    text = " ".join(B.summary_paragraphs(study, "id"))
    assert "pendapatan petani (rata-rata) naik Rp 1,2 jt per petani per tahun" in text
    assert "(IK 95%: +Rp 1 jt s.d. +Rp 1,5 jt)" in text
    table.loc[row, ["diff", "ci_low", "ci_high", "distinguishable"]] = [-5e5, -1e6, 2e5, False]
    table.to_csv(copy / "compare.csv", index=False)
    text = " ".join(B.summary_paragraphs(B.load_study(copy), "en"))
    assert "Not distinguishable from baseline: farmer income (mean)" in text


def test_figures_written_beside_the_brief(briefs, folders):
    figures = folders["compare"] / "figures"
    names = {p.name for p in figures.iterdir()}
    for stem in ("impacts", "cost_effectiveness", "daily", "flows", "tourism", "umkm"):
        assert {f"{stem}_id.png", f"{stem}_id.svg"} <= names
    assert not [n for n in names if n.endswith(".tmp")]


def test_brief_of_a_scenario_against_itself(tmp_path):
    """Zero differences and no extra spending: nothing is called real, ratios are undefined."""
    folder, _, _ = compare(MOU, MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "same")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = B.make_brief(folder, "en", out=tmp_path / "b" / "same.pdf", save_figures=False)
    assert path == tmp_path / "b" / "same.pdf"
    text = _flat(" ".join(pdf_pages(path)))
    assert "Not distinguishable from mou (A)" in text
    assert tr("ce.undefined", "en") in text


def test_cost_split_and_provenance(folders):
    study = B.load_study(folders["compare"])
    share, exact = B.surabaya_share(study.params)
    assert share == 0.5 and exact
    params = json.loads(json.dumps(study.params))
    params["programs"]["promotion"]["surabaya_cost_share"] = 1.0
    share, exact = B.surabaya_share(params)
    budgets = B.program_table(params)
    expected = (budgets["budget"] * budgets["share_surabaya"]).sum() / budgets["budget"].sum()
    assert not exact and share == pytest.approx(expected) and share > 0.5
    prov = B.parameter_provenance(study.scenarios[-1])
    counts = prov["class"].value_counts()
    assert counts["assumption"] > counts["sourced"] > 0 and counts["calculated"] > 0
    assert set(prov["class"]) <= {"assumption", "calculated", "sourced", "none"}
    own = prov[prov["file"] == "mou.toml"]
    assert "programs.logistics_subsidy.subsidy_rp_per_kg" in set(own["key"])
    row = prov.set_index("key").loc["market_region.population"]
    assert row["class"] == "sourced" and "BPS" in row["source"]


def test_toml_comments():
    text = """
# file comment

[a]
x = 1            # BPS 2024
# assumption: nobody knows
y = 2.0
z = "#not a comment"  # calc: z from x
[[schedule]]
key = "a.x"
"""
    notes = B.toml_comments(text)
    assert notes == {"a.x": "BPS 2024", "a.y": "assumption: nobody knows", "a.z": "calc: z from x"}
    assert [B.classify_source(notes[k]) for k in ("a.x", "a.y", "a.z")] == [
        "sourced", "assumption", "calculated",
    ]  # fmt: skip
    assert B.classify_source("") == "none"


def test_missing_folder_or_manifest(tmp_path, capsys):
    with pytest.raises(ConfigError, match="folder not found"):
        B.make_brief(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no manifest.json"):
        B.make_brief(tmp_path / "empty")
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "manifest.json").write_text('{"kind": "sweep"}')
    with pytest.raises(ConfigError, match="kind"):
        B.make_brief(tmp_path / "odd")
    assert main(["brief", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(tmp_path / "nope") in err[0]


def test_cli_writes_the_default_path(folders, tmp_path, capsys):
    copy = tmp_path / "run"
    shutil.copytree(folders["run"], copy)
    assert main(["brief", str(copy / "manifest.json"), "--lang", "en"]) == 0
    assert tr("brief.title", "en") in pdf_pages(copy / "brief_en.pdf")[0]
    assert (copy / "figures" / "daily_en.png").is_file()
    assert (copy / "figures" / "daily_en.svg").is_file()
    assert "Wrote" in capsys.readouterr().out


def test_comparison_over_the_ensemble_reaches_the_brief(tmp_path, capsys):
    """``compare --ensemble`` runs the comparison once per parameter set and writes the sign
    robustness; the brief then has a robustness section whose shares come from that file.
    Farmers reached by price information gain in every set, so the farm-gate price's sign
    holds in all of them; a comparison without an ensemble says how to get one instead."""
    ens = tmp_path / "ensemble.csv"
    pd.read_csv(CALIBRATION / "ensemble.csv").head(2).to_csv(ens, index=False)
    out = tmp_path / "cmp"
    b = str(SCENARIOS / "information_system_farmers.toml")
    args = ["compare", str(BASELINE), b, "--replicates", "2", "--days", "45", "--scale", "0.02",
            "--workers", "1", "--out", str(out), "--ensemble", str(ens),
            "--ensemble-replicates", "2", "--quiet"]  # fmt: skip
    assert main(args) == 0
    robust = pd.read_csv(out / B.ENSEMBLE_ROBUSTNESS_CSV).set_index("kpi")
    assert robust.loc["farm_gate_price_rp_per_kg", "members"] == 2
    assert robust.loc["farm_gate_price_rp_per_kg", "share_positive"] == 1.0
    stacked = pd.read_csv(out / "ensemble_compare.csv")
    assert sorted(stacked["member"].unique()) == [0, 1]
    info = json.loads((out / B.ENSEMBLE_JSON).read_text())
    assert info["members"] == 2 and info["replicates"] == 2
    assert info["command"] == "python run_experiments.py " + " ".join(args)
    pages = pdf_pages(B.make_brief(out, "en", save_figures=False))
    at = page_of(pages, tr("h.robustness", "en"))
    assert "holds in every set for" in " ".join(pages[at].split())


def test_brief_without_ensemble_says_how_to_check_robustness(briefs):
    _, pages = briefs["compare", "en"]
    assert "--ensemble calibration/ensemble.csv" in " ".join(" ".join(pages).split())


def test_bad_ensemble_file_is_one_line_exit_2(tmp_path, capsys):
    bad = tmp_path / "ensemble.csv"
    bad.write_text("commodities.eggs.no_such_key\n1.0\n", encoding="utf-8")
    args = ["compare", str(BASELINE), str(MOU), "--replicates", "2", "--ensemble", str(bad)]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ensemble.csv" in err[0] and "no_such_key" in err[0]


def test_each_governments_spending_is_recorded_and_sums_to_the_total():
    """The daily series of what each government paid add up to the programs' total every day,
    and the brief splits spending with them (exactly) rather than by budget shares: with the
    promotion paid by Surabaya alone, Surabaya pays more than Blitar."""
    import numpy as np

    from .conftest import run_model

    m = run_model(MOU, seed=2, days=60, scale=0.02,
                  **{"programs.promotion.surabaya_cost_share": 1.0})  # fmt: skip
    frame = m.recorder.to_frame()
    both = frame["program_spending_surabaya_rp"] + frame["program_spending_blitar_rp"]
    assert frame["program_spending_rp"].sum() > 0
    assert np.allclose(both, frame["program_spending_rp"], rtol=1e-12, atol=1e-6)
    parts, exact = B.government_spending_per_year([frame], m.params)
    assert exact and parts["surabaya"][0] > parts["blitar"][0]
    old = frame.drop(columns=["program_spending_surabaya_rp", "program_spending_blitar_rp"])
    split, exact = B.government_spending_per_year([old], m.params)  # an older folder
    assert not exact and split["surabaya"][0] + split["blitar"][0] == pytest.approx(
        B.spending_per_year([old])[0]
    )
