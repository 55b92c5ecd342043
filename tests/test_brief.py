"""The policy brief: built from run, replicates and comparison folders in both languages, read
back with pypdf. Page 1 is the answer; the body is in one language with no raw keys or file
names; numbers come from the folder's files; optional incidence and parameter-uncertainty
inputs reach page 1 when the folder has them."""

import json
import re
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from sim import brief as B
from sim.brief import text as BT
from sim.cli import main
from sim.errors import ConfigError
from sim.experiment import compare, run_replicates, run_scenario
from sim.metrics import registry as R
from sim.plots import figures as F
from sim.plots.i18n import LANGS, tr

from .conftest import BASELINE, CALIBRATION, MOU, SCENARIOS

SHORT = {"run.days": 45, "run.scale": 0.02}
# common words of each language: one of them in the other language's body is a slip
ENGLISH = {"the", "and", "of", "with", "from", "which", "between", "against", "than", "each",
           "farmers", "income", "price", "prices", "spending", "year", "days", "changes",
           "gain", "gains", "rises", "falls", "about", "per year", "scenario"}  # fmt: skip
INDONESIAN = {"dan", "yang", "dengan", "dari", "untuk", "tidak", "petani", "harga", "tahun",
              "hari", "dibanding", "sekitar", "naik", "turun", "skenario", "belanja"}  # fmt: skip
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
FILES = re.compile(r"\b[\w-]+\.(?:csv|toml|parquet|json|py)\b")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("brief")
    run, _ = run_scenario(MOU, seed=3, days=45, scale=0.02, out=root / "run")
    reps, _, _ = run_replicates(MOU, 3, overrides=SHORT, workers=1, out=root / "reps")
    # seed noise only: the tests below set the parameter range themselves where they need it
    cmp, _, _ = compare(BASELINE, MOU, 3, overrides=SHORT, workers=1, out=root / "cmp",
                        seeds_only=True)  # fmt: skip
    return {"run": run, "replicates": reps, "compare": cmp}


def pdf_pages(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def appendix_page(path) -> int:
    """The page the appendix starts on, from the PDF's outline (bookmarks)."""
    reader = PdfReader(path)
    for item in reader.outline:
        if isinstance(item, list):
            continue
        if item.title in {BT.t("h.appendix", lang) for lang in LANGS}:
            return reader.get_destination_page_number(item)
    raise AssertionError("no appendix in the outline")


def body(path) -> str:
    """The text of the pages before the appendix."""
    return " ".join(pdf_pages(path)[: appendix_page(path)])


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+(?: year)?", text.lower()))


@pytest.fixture(scope="module")
def briefs(folders):
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
def test_page_one_is_the_answer_and_details_follow(briefs, folders, kind, lang):
    path, pages = briefs[kind, lang]
    assert path == folders[kind] / f"brief_{lang}.pdf"
    first = pages[0]
    assert BT.t("title", lang) in first and BT.t("h.answer", lang) in first
    heads = ("p.changes" if kind == "compare" else "p.levels", "p.sure", "p.cost")
    assert [first.index(BT.t(h, lang)) for h in heads] == sorted(
        first.index(BT.t(h, lang)) for h in heads
    )
    caption = BT.t("fig.answer" if kind == "compare" else "fig.flows", lang,
                   a=BT.display_names(B.load_study(folders[kind]), lang)[0])  # fmt: skip
    assert first.count(caption[:40]) == 1  # one figure (its caption; lines may hyphenate)
    n = len(pages)
    assert all(tr("page", lang, n=k + 1) in p for k, p in enumerate(pages))
    assert f"{'dari' if lang == 'id' else 'of'} {n}" in pages[-1]
    reader = PdfReader(path)
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {
        (595, 842)
    }  # A4
    titles = [i.title for i in reader.outline if not isinstance(i, list)]
    for key in ("h.answer", "h.kpis", "h.figures", "h.cost", "h.limits", "h.appendix"):
        assert BT.t(key, lang) in titles
    assert BT.t("h.contents", lang) in pages[1]  # the table of contents
    order = [titles.index(BT.t(k, lang)) for k in ("h.answer", "h.kpis", "h.cost", "h.appendix")]
    assert order == sorted(order)
    last = " ".join(pages[appendix_page(path) :])
    assert f"rerun {folders[kind]}/manifest.json" in last
    manifest = json.loads((folders[kind] / "manifest.json").read_text())
    assert all(str(s) in last for s in manifest.get("seeds", [manifest.get("seed")]))


@pytest.mark.parametrize("kind", ["run", "replicates", "compare"])
@pytest.mark.parametrize("lang", LANGS)
def test_body_is_in_one_language_without_keys_or_file_names(briefs, kind, lang):
    path, _ = briefs[kind, lang]
    text = body(path)
    foreign = words(text) & (ENGLISH if lang == "id" else INDONESIAN)
    assert not foreign, f"{lang} body has words of the other language: {sorted(foreign)}"
    assert not SNAKE.findall(text), SNAKE.findall(text)[:5]
    assert not FILES.findall(text), FILES.findall(text)[:5]
    other = "en" if lang == "id" else "id"
    assert " bn" not in text if lang == "id" else " jt" not in text  # units of one locale
    assert BT.t("title", other) not in text


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_metadata_holds_no_local_path(briefs, folders, lang):
    path, _ = briefs["compare", lang]
    meta = PdfReader(path).metadata
    values = " ".join(str(v) for v in meta.values())
    assert meta["/Title"].startswith(BT.t("title", lang))
    assert "/" not in values.replace("Typst", "") or "//" in values
    for part in (str(folders["compare"]), folders["compare"].name, "/tmp", "/home", "/work"):
        assert part not in values


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_numbers_come_from_compare_csv_in_the_locale(briefs, folders, lang):
    path, pages = briefs["compare", lang]
    text = " ".join(pages[: appendix_page(path)])
    table = pd.read_csv(folders["compare"] / "compare.csv").set_index("kpi")
    r = table.loc["farmer_income_mean_rp"]
    for value in (r["mean_a"], r["mean_b"]):
        assert F.fmt_kpi("farmer_income_mean_rp", value, lang) in text
    r = table.loc["surabaya_retail_price_rp_per_kg"]
    price = F.fmt_kpi("surabaya_retail_price_rp_per_kg", r["mean_b"], lang, per_kg=False)
    other = "en" if lang == "id" else "id"
    assert price in text
    assert (
        F.fmt_kpi("surabaya_retail_price_rp_per_kg", r["mean_b"], other, per_kg=False) not in text
    )
    for kpi in ("blitar_to_surabaya_t_per_year", "waste_t_per_year"):
        r = table.loc[kpi]
        lo, hi = (F.fmt_kpi(kpi, v, lang, signed=True, per_kg=False) for v in
                  (r["ci_low"], r["ci_high"]))  # fmt: skip
        assert tr("interval", lang, lo=lo, hi=hi) in text
    ce = pd.read_csv(folders["compare"] / "cost_effectiveness.csv")
    assert F.fmt_number(ce.loc[0, "rp_per_rp"], lang, 1) in text


def _copy(folders, tmp_path, name="cmp"):
    copy = tmp_path / name
    shutil.copytree(folders["compare"], copy)
    return copy


def _set(copy, kpi, diff, lo, hi, real=True):
    table = pd.read_csv(copy / "compare.csv")
    row = table["kpi"] == kpi
    table.loc[row, ["diff", "ci_low", "ci_high", "distinguishable"]] = [diff, lo, hi, real]
    table.to_csv(copy / "compare.csv", index=False)


def test_page_one_follows_the_files_not_the_code(folders, tmp_path):
    """Change compare.csv and page 1's points change with it, rounded for a reader (without
    incidence.csv, which compare now writes, the groups' rows come from compare.csv)."""
    copy = _copy(folders, tmp_path)
    (copy / "incidence.csv").unlink()
    _set(copy, "farmer_income_mean_rp", 1.234e6, 1.0e6, 1.5e6)
    points = dict(B.answer_points(B.load_study(copy), "id"))
    changes = " ".join(points[BT.t("p.changes", "id")])
    assert (
        "Petani Blitar untung: pendapatan petani (rata-rata) naik sekitar Rp 1,2 jt per "
        "petani per tahun" in changes
    )
    _set(copy, "farmer_income_mean_rp", -5e5, -1e6, 2e5, real=False)
    points = dict(B.answer_points(B.load_study(copy), "en"))
    unclear = BT.t("unclear", "en", who="Blitar farmers")[:-1]  # not distinguishable
    assert unclear in " ".join(points[BT.t("p.changes", "en")])
    _set(copy, "farmer_income_mean_rp", -2.0e6, -3e6, -1e6)
    points = dict(B.answer_points(B.load_study(copy), "en"))
    assert "Blitar farmers lose: farmer income (mean) falls by about Rp 2 M" in " ".join(
        points[BT.t("p.changes", "en")]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_deterioration_is_marked_and_explained(folders, tmp_path, lang):
    """Waste up is worse (the registry's direction), and the mechanism sentence says why: on
    page 1 and beside the indicator table, with the verdict in words."""
    copy = _copy(folders, tmp_path)
    _set(copy, "waste_t_per_year", 12.0, 8.0, 16.0)
    _set(copy, "surabaya_retail_price_rp_per_kg", -900.0, -1200.0, -600.0)
    path = B.make_brief(copy, lang, save_figures=False)
    pages = pdf_pages(path)
    why = " ".join(R.why_worse("waste_t_per_year", lang).split())
    assert why[1:40] in pages[0]
    text = body(path)
    assert tr("verdict.worse", lang) in text and tr("verdict.better", lang) in text
    assert why in text


def test_incidence_and_parameter_ranges_reach_page_one(folders, tmp_path):
    """With incidence.csv and param_low/param_high in compare.csv, page 1 quotes the parameter
    range ("95% range" over plausible parameter sets) and the incidence table lists the file's groups;
    without them page 1 says plainly that only seed noise is covered."""
    plain = B.make_brief(folders["compare"], "en", out=tmp_path / "plain.pdf",
                         save_figures=False)  # fmt: skip
    seed_only = BT.t("sure.seed_only", "en", n="X", clear="0", total="0").split("(")[0]
    assert seed_only in pdf_pages(plain)[0]
    copy = _copy(folders, tmp_path)
    table = pd.read_csv(copy / "compare.csv")
    table["param_low"] = table["diff"] - 2 * (table["ci_high"] - table["ci_low"]).abs()
    table["param_high"] = table["diff"] + 2 * (table["ci_high"] - table["ci_low"]).abs()
    farm = table.set_index("kpi").loc["farmer_income_mean_rp"]
    table.to_csv(copy / "compare.csv", index=False)
    pd.DataFrame({
        "group": ["farmers", "middlemen"], "kpi": ["farmer_income_mean_rp",
                                                   "middleman_margin_rp_per_kg"],
        "diff": [3.0e6, -250.0], "ci_low": [2.0e6, -300.0], "ci_high": [4.0e6, -200.0],
        "param_low": [1.0e6, -400.0], "param_high": [5.0e6, -100.0],
        "label_id": ["Petani", "Pengepul"], "label_en": ["Farmers", "Middlemen"],
    }).to_csv(copy / B.INCIDENCE_CSV, index=False)  # fmt: skip
    path = B.make_brief(copy, "en", save_figures=False)
    pages = pdf_pages(path)
    assert "Over plausible parameter sets, each on a seed of its own (95% range)" in pages[0]
    assert seed_only not in pages[0]
    assert "between +Rp 1 M per farmer per year and +Rp 5 M" in pages[0]
    text = body(path)
    unhyphenated = text.replace("\u00ad ", "")  # Typst may hyphenate a narrow column's head
    assert "Middlemen" in text and BT.t("col.param", "en") in unhyphenated
    assert np.isfinite(farm["diff"])
    bad = _copy(folders, tmp_path, "bad")
    pd.DataFrame({"group": ["x"], "diff": [1.0]}).to_csv(bad / B.INCIDENCE_CSV, index=False)
    with pytest.raises(ConfigError, match="incidence.csv"):
        B.load_study(bad)


def test_every_scenario_file_describes_itself_in_both_languages():
    from sim.config.loader import load_scenario

    for path in sorted(SCENARIOS.glob("*.toml")):
        params = load_scenario(path).params
        assert params["description_id"] and params["description_en"], path.name
        assert params["description_id"] != params["description_en"], path.name
        raw = path.read_text(encoding="utf-8")
        assert "description_id" in raw and "description_en" in raw, path.name


def test_every_number_a_scenario_file_sets_has_a_source_note():
    """The brief counts the parameters without a stated source (``limits.params``): in the
    shipped scenarios there are none. Every number a file sets (but the run's settings) names
    its source or is marked as an assumption (why is not checked: 62 say only "assumption")."""
    import tomllib

    from sim.config.keys import leaves

    for path in sorted(SCENARIOS.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        notes = B.toml_comments(text)
        data = tomllib.loads(text)
        data.pop("schedule", None)
        bare = [k for k, v in leaves(data) if isinstance(v, int | float) and not isinstance(v, bool)
                and not k.startswith("run.") and B.classify_source(notes.get(k)) == "none"]  # fmt: skip
        assert not bare, f"{path.name}: no source note on {bare}"


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
    pages = pdf_pages(path)
    assert BT.t("unclear", "en", who="Blitar farmers")[:-1] in pages[0]
    assert BT.t("verdict.gains", "en") + ":" not in pages[0]
    assert "(A)" in pages[0] and "(B)" in pages[0]
    assert tr("ce.undefined", "en") in " ".join(pages)


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
    assert BT.t("title", "en") in pdf_pages(copy / "brief_en.pdf")[0]
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
    path = B.make_brief(out, "en", save_figures=False)
    pages = pdf_pages(path)
    assert "holds in every set for" in body(path)
    assert "The direction of the change holds in all 2 parameter sets" in pages[0]


def test_brief_without_ensemble_says_how_to_check_robustness(briefs):
    path, pages = briefs["compare", "en"]
    assert "add --ensemble to the compare command" in " ".join(pages[appendix_page(path) :])
    assert "plausible parameter sets" in body(path)


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


def _compare_study(cv_diff: float, cv_lo: float, waste_diff: float):
    from types import SimpleNamespace

    import pandas as pd

    rows = [
        {"kpi": "surabaya_price_cv", "diff": cv_diff, "ci_low": cv_lo, "ci_high": cv_diff * 2,
         "mean_a": 0.07, "distinguishable": cv_lo > 0},
        {"kpi": "waste_t_per_year", "diff": waste_diff, "ci_low": waste_diff - 1,
         "ci_high": waste_diff + 1, "mean_a": 60.0, "distinguishable": True},
    ]  # fmt: skip
    return SimpleNamespace(kind="compare", compare=pd.DataFrame(rows))


def test_the_brief_says_when_supply_is_less_stable_than_the_paper_reports():
    """Issue 15, second-round referee point 8: a comparison in which Surabaya's retail egg
    price varies more (CV up beyond the seed noise) says the paper's steadier supply is not
    reproduced, with the numbers; a steadier or undistinguishable one says nothing."""
    from sim.brief.prose import stability_caveat

    worse = _compare_study(0.003, 0.001, 11.0)
    for lang, word in (("en", "does not reproduce"), ("id", "tidak menghasilkan")):
        (text,) = stability_caveat(worse, lang)
        assert word in text and "+11" in text
    assert stability_caveat(_compare_study(0.003, -0.001, 11.0), "en") == []
    assert stability_caveat(_compare_study(-0.003, -0.004, -2.0), "en") == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_limits_count_the_parameters_by_their_notes(briefs, folders, lang, tmp_path):
    """The shipped scenarios have no bare number: the brief says each names its source or is
    marked as an assumption. Remove one note from the run's recorded scenario text and the
    brief counts it as having no stated source instead."""
    text = " ".join(" ".join(briefs["compare", lang][1]).split())
    noted = BT.t("limits.params_noted", lang, n="X", sourced="X", calc="X", assumed="X",
                 share="X", appendix="X").split("X")[-2].strip()  # fmt: skip
    assert noted in text
    copy = tmp_path / "c"
    shutil.copytree(folders["compare"], copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    files = manifest["scenarios"][-1]["scenario_files"]
    name = next(k for k in files if k.endswith("baseline.toml"))
    lines = files[name].splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("capacity_floor"))
    lines[at] = lines[at].split("#", 1)[0].rstrip()  # the eggs' floor, its note gone
    files[name] = "\n".join(lines)
    (copy / "manifest.json").write_text(json.dumps(manifest))
    prov = B.parameter_provenance(B.load_study(copy).scenarios[-1])
    assert (prov["class"] == "none").sum() == 1
