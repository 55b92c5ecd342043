"""The brief's "which assumptions decide the answer" section: from a sensitivity screening of the
comparison's pair (given with ``--screening`` or named by the comparison's manifest) it names
each headline change's top assumptions by mu* in the brief's language, and the PRIM paragraph
quotes the numbers of ``discovery/prim_boxes.csv``; a screening of another pair stops with one
line; without a screening the section says the drivers are unknown.

The screening is synthetic (morris.csv, sobol.csv, factors.csv with planted values), its
discovery is the real ``discover`` on a planted failure region, and the comparison is real and
draws its assumptions from the screening (``compare --screening``)."""

import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from sim import brief as B
from sim.brief import prose
from sim.brief import screening as S
from sim.brief import text as BT
from sim.cli import main
from sim.discovery import run_discovery
from sim.experiment import compare
from sim.metrics import registry as R
from sim.plots.formatting import fmt_number, fmt_pct
from sim.plots.i18n import LANGS

from .conftest import BASELINE, MOU

NET, FARM, WASTE = "net_welfare_rp_per_year", "farmers_income_rp_per_year", "waste_t"
# planted mu* (Rp/year for the welfare KPIs): the dummy's is the largest and must never show
MU = {
    NET: {"tourism.extension_logit": 3.0e9, "tourism.value_added_share": 2.0e9,
          "pad.attraction_fee_share": 1.0e9, "tourism.package_logit_bonus": 0.4e9,
          "dummy": 9.0e9},
    FARM: {"tourism.package_logit_bonus": 5.0e8, "pad.attraction_fee_share": 7.0e8,
           "tourism.extension_logit": 1.0e8, "tourism.value_added_share": 0.0, "dummy": 0.0},
    WASTE: {k: 0.0 for k in ("tourism.extension_logit", "tourism.value_added_share",
                             "pad.attraction_fee_share", "tourism.package_logit_bonus")},
}  # fmt: skip
RANGES = {
    "tourism.extension_logit": (0.5, 1.5),
    "tourism.value_added_share": (0.3, 0.5),
    "pad.attraction_fee_share": (0.05, 0.15),
    "tourism.package_logit_bonus": (0.25, 0.75),
}


def write_screening(folder, name_a="baseline", name_b="mou", points=300):
    """A screening folder: planted Morris and Sobol tables, the factor ranges, and a design
    whose net-welfare effect fails (<= 0) exactly where the extension logit is below 0.8
    and the value-added share above 0.42; ``discover`` then finds that region."""
    folder.mkdir(parents=True)
    factors = [{"parameter": k, "low": lo, "high": hi, "value": (lo + hi) / 2, "kind": "float",
                "applies_to": "both"} for k, (lo, hi) in RANGES.items()]  # fmt: skip
    manifest = {"kind": "sensitivity", "command": "python run_experiments.py sensitivity "
                f"{name_a} {name_b} --only 'tourism.*' 'pad.*'",
                "spec": {"trajectories": 3, "levels": 4, "dummy": True, "sobol_n": 16,
                         "sobol_top": 2, "factors": factors,
                         "context": {"name_a": name_a, "name_b": name_b, "scale": 0.02,
                                     "days": 60}}}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    rows = [{"parameter": p, "kpi": kpi, "mu_star": mu, "mu_star_conf": mu / 4, "sigma": mu}
            for kpi, table in MU.items() for p, mu in table.items()]  # fmt: skip
    pd.DataFrame(rows).to_csv(folder / "morris.csv", index=False)
    pd.DataFrame([{"parameter": k, "included": True, "low": lo, "high": hi, "applies_to": "both",
                   "source": f"assumption: planted for {k}"}
                  for k, (lo, hi) in RANGES.items()]).to_csv(folder / "factors.csv",
                                                              index=False)  # fmt: skip
    sobol = [
        {
            "kpi": NET,
            "parameter": p,
            "S1": st / 2,
            "S1_conf": 0.1,
            "S1_low": st / 2 - 0.1,
            "S1_high": st / 2 + 0.1,
            "ST": st,
            "ST_conf": 0.05,
            "ST_low": st - 0.05,
            "ST_high": st + 0.05,
        }
        for p, st in (("tourism.extension_logit", 0.61), ("tourism.value_added_share", 0.27))
    ]
    pd.DataFrame(sobol).to_csv(folder / "sobol.csv", index=False)  # fmt: skip
    rng = np.random.default_rng(11)
    design = pd.DataFrame({k: rng.uniform(lo, hi, points) for k, (lo, hi) in RANGES.items()})
    fail = (design["tourism.extension_logit"] < 0.8) & (design["tourism.value_added_share"] > 0.42)
    effects = pd.DataFrame({NET: np.where(fail, -1.0e9, 2.0e9), FARM: np.full(points, 1.0e8)})
    design.rename_axis("point").to_csv(folder / "design.csv")
    effects.rename_axis("point").to_csv(folder / "effects.csv")
    run_discovery(folder, quiet=True)
    return folder, int(fail.sum())


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("brief-screening")
    screen, failing = write_screening(root / "screen")
    cmp, _, _ = compare(BASELINE, MOU, 2, overrides={"run.days": 30, "run.scale": 0.02},
                        workers=1, out=root / "cmp", param_draws=2,
                        screening=screen)  # fmt: skip
    briefs = {lang: B.make_brief(cmp, lang, out=root / f"brief_{lang}.pdf", save_figures=False)
              for lang in LANGS}  # fmt: skip
    return {"root": root, "screen": screen, "cmp": cmp, "failing": failing, "briefs": briefs}


def text_of(path) -> str:
    """The PDF's text on one line, hyphenated line ends joined, without the running header
    (the first line of every page but the first) and the page numbers (every page's last
    line), so that a paragraph across a page break reads on."""
    pages = []
    for i, page in enumerate(PdfReader(path).pages):
        lines = page.extract_text().splitlines()
        pages.append(" ".join(" ".join(lines[1 if i else 0 : -1]).split()))
    return re.sub(r"(\w)- (\w)", r"\1\2", " ".join(pages))


def squash(text: str) -> str:
    """Text without spaces and hyphens: long paths wrap anywhere in a table cell."""
    return re.sub(r"[\s-]", "", text)


def section(path, lang) -> str:
    """The drivers section's text: from its heading (the last, after the contents) to the
    limits."""
    text = text_of(path)
    start = text.rindex(BT.t("h.drivers", lang))
    return text[start : text.index(BT.t("h.limits", lang), start)]


@pytest.mark.slow  # a real comparison and PDFs
@pytest.mark.parametrize("lang", LANGS)
def test_the_manifest_names_the_screening_and_the_section_names_the_top_drivers(setup, lang):
    """compare --screening records the screening; the brief finds it with no option and names
    net welfare's top three assumptions by mu* in order, in the brief's language (the
    extension logit has a translation in both languages), with their screened ranges, mu* in
    the KPI's unit and the Sobol ST of sobol.csv; the dummy factor never shows."""
    manifest = json.loads((setup["cmp"] / "manifest.json").read_text())
    assert S.named_screening(manifest) == str(setup["screen"])
    text = section(setup["briefs"][lang], lang)
    top = ["tourism.extension_logit", "tourism.value_added_share", "pad.attraction_fee_share"]
    names = [BT.param_name(k, lang) for k in top]
    assert names[0] != top[0]  # a human name, not the key
    lead = BT.t("drivers.lead", lang, what="", names="").split()[-1].rstrip(".")
    positions = [text.index(BT.lower_first(n), text.index(lead)) for n in names]
    assert positions == sorted(positions)
    for key, mu in zip(top, (3.0e9, 2.0e9, 1.0e9), strict=True):
        assert prose.mu_text(NET, mu, lang) in text
        assert prose.range_text(key, *RANGES[key], lang) in text
    assert prose.sobol_text({"ST": 0.61, "ST_low": 0.56, "ST_high": 0.66}, lang) in text
    assert "dummy" not in text
    assert BT.t("drivers.nothing", lang) in text  # waste: no assumption moves it
    # farmers' income: its own ranking (attraction fee, then package bonus), not net welfare's
    farm = text[text.index(R.label(FARM, lang)) :]
    first, second = (farm.index(BT.param_name(k, lang)) for k in
                     ("pad.attraction_fee_share", "tourism.package_logit_bonus"))  # fmt: skip
    assert first < second < farm.index(prose.mu_text(FARM, 1.0e8, lang))


def test_the_ranking_follows_mu_star_per_kpi(tmp_path):
    """top_drivers: the largest mu* first, zero mu* and the dummy left out, at most three."""
    screen, _ = write_screening(tmp_path / "s")
    s = S.load_screening(screen)
    assert list(S.top_drivers(s, FARM)["parameter"]) == [
        "pad.attraction_fee_share",
        "tourism.package_logit_bonus",
        "tourism.extension_logit",
    ]
    assert list(S.top_drivers(s, NET)["parameter"])[0] == "tourism.extension_logit"
    assert S.top_drivers(s, WASTE).empty
    assert S.headline_kpis(s) == [NET, FARM, WASTE]  # in the brief's order


@pytest.mark.slow  # a real comparison and PDFs
@pytest.mark.parametrize("lang", LANGS)
def test_the_prim_paragraph_quotes_prim_boxes_csv(setup, lang):
    """The paragraph's counts are those of prim_boxes.csv (failing sets inside the first box =
    density x points; all failing sets = failing inside / coverage) and of the planted truth
    (how many sets fail), and it names the box's limits."""
    boxes = pd.read_csv(setup["screen"] / "discovery" / "prim_boxes.csv")
    first = boxes[boxes["box"] == 1].iloc[0]
    inside = int(round(first["density"] * first["points"]))
    assert round(inside / first["coverage"]) == setup["failing"]
    s = S.load_screening(setup["screen"])
    assert (s.discovery.n, s.discovery.failures) == (300, setup["failing"])
    text = section(setup["briefs"][lang], lang)
    b = BT.display_names(B.load_study(setup["cmp"]), lang)[1]
    pct = lambda x: fmt_pct(x, lang, 0)  # noqa: E731
    n = lambda x: fmt_number(int(x), lang)  # noqa: E731
    k = setup["failing"]
    what = BT.t("fails.or", lang).join(BT.lower_first(R.label(x, lang)) for x in (NET, FARM))
    assert BT.t("fails.base", lang, k=n(k), n=n(300), pct=pct(k / 300), b=b, what=what,
                verb=BT.t("fails.raise", lang)) in text  # fmt: skip
    before, after = BT.BRIEF["fails.box"][lang].split("{where}")
    values = {"fail": n(inside), "k": n(k), "b": b, "coverage": pct(first["coverage"]),
              "points": n(first["points"]), "density": pct(first["density"]),
              "overall": pct(k / 300), "mass": pct(first["mass"])}  # fmt: skip
    assert before.format(**values) in text  # "In 55 of the 61 sets where B fails (90%), "
    assert after.format(**values) in text  # ". Where that holds, B fails in 55 of 60 sets ..."
    limits = boxes[boxes["box"] == 1].set_index("parameter")
    assert set(limits.index) == {"tourism.extension_logit", "tourism.value_added_share"}
    hi = limits.loc["tourism.extension_logit", "high"]
    assert BT.param_value("tourism.extension_logit", hi, lang) in text


@pytest.mark.slow  # a real comparison and PDFs
def test_a_screening_of_another_pair_stops_with_one_line(setup, tmp_path, capsys):
    other, _ = write_screening(tmp_path / "other", name_b="information_system_farmers")
    args = ["brief", str(setup["cmp"]), "--screening", str(other), "--out", str(tmp_path / "x.pdf")]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(other / "manifest.json") in err[0] and "information_system_farmers" in err[0]
    assert "mou against baseline" in err[0]
    assert not (tmp_path / "x.pdf").exists()
    # a folder that is not a screening, and a run folder given a screening
    assert main(["brief", str(setup["cmp"]), "--screening", str(setup["cmp"])]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest.json" in err[0] and "not a screening" in err[0]


@pytest.mark.slow  # a real comparison and PDFs
def test_without_a_screening_the_section_says_the_drivers_are_unknown(setup, tmp_path):
    """A comparison whose manifest names no screening: one sentence in the body, the commands
    in the appendix; a named screening that has moved: a sentence that says so, and the
    appendix names the path. The command line's --screening wins over the manifest."""
    cmp = tmp_path / "cmp"
    shutil.copytree(setup["cmp"], cmp)
    manifest = json.loads((cmp / "manifest.json").read_text())
    manifest["parameter_uncertainty"]["assumption_source"] = "default list (no screening)"
    (cmp / "manifest.json").write_text(json.dumps(manifest))
    text = text_of(B.make_brief(cmp, "en", save_figures=False))
    none = BT.t("drivers.none", "en", appendix=BT.t("appendix", "en"))
    assert none in text
    assert "sensitivity baseline mou --out outputs/sensitivity-mou-vs-baseline" in text
    assert squash(f"brief {cmp} --screening outputs/sensitivity-mou-vs-baseline") in squash(text)
    assert BT.t("h.fails", "en", b="").strip() not in text
    manifest["parameter_uncertainty"]["assumption_source"] = f"screening {tmp_path / 'gone'}"
    (cmp / "manifest.json").write_text(json.dumps(manifest))
    text = text_of(B.make_brief(cmp, "id", save_figures=False))
    assert BT.t("drivers.missing", "id", appendix=BT.t("appendix", "id")) in text
    assert squash(str(tmp_path / "gone")) in squash(text)
    text = text_of(B.make_brief(cmp, "en", save_figures=False, screening=setup["screen"]))
    assert BT.t("h.drivers", "en") in text and none not in text
    assert squash(f"--screening {setup['screen']}") in squash(text)  # the brief's command


@pytest.mark.slow  # a real comparison and PDFs
def test_end_to_end_on_a_real_screening(tmp_path, capsys):
    """sensitivity, discover and brief from the command line on the model: the brief names
    the top assumption by mu* of the first headline change the screening analysed."""
    screen = tmp_path / "screen"
    assert main(["sensitivity", str(BASELINE), str(MOU), "--only", "tourism.*",
                 "--trajectories", "2", "--scale", "0.02", "--days", "30", "--sobol-top", "0",
                 "--workers", "1", "--quiet", "--out", str(screen)]) == 0  # fmt: skip
    assert main(["discover", str(screen), "--sample", "32", "--workers", "1"]) == 0
    cmp, _, _ = compare(BASELINE, MOU, 2, overrides={"run.days": 30, "run.scale": 0.02},
                        workers=1, out=tmp_path / "cmp", seeds_only=True)  # fmt: skip
    assert main(["brief", str(cmp), "--screening", str(screen), "--lang", "en"]) == 0
    s = S.load_screening(screen)
    kpi = S.headline_kpis(s)[0]
    morris = pd.read_csv(screen / "morris.csv")
    morris = morris[(morris["kpi"] == kpi) & (morris["parameter"] != "dummy")]
    best = morris.sort_values("mu_star", ascending=False).iloc[0]
    text = section(cmp / "brief_en.pdf", "en")
    if best["mu_star"] > 0:
        assert BT.param_name(best["parameter"], "en") in text
        assert prose.mu_text(kpi, best["mu_star"], "en") in text
    assert BT.t("h.fails", "en", b=BT.display_names(B.load_study(cmp), "en")[1]) in text
    assert BT.t("drivers.no_sobol", "en") in text
    # the discovery ran a space-filling sample of its own (the ensemble's 30 sets with it)
    assert squash("over 32 sets of assumptions drawn to fill the space") in squash(text)
    assert squash(BT.t("fails.method_ensemble", "en", m="30")) in squash(text)


@pytest.mark.parametrize("lang", LANGS)
def test_a_sobol_index_outside_0_1_is_not_shown_as_a_share(lang):
    """A total index is a share of the variance: its CI is cut to [0, 1], and an estimate
    above 1 (the waste change's 1.18 [0.36; 2.00] at 32 base samples) reads "not resolved"."""
    odd = prose.sobol_text({"ST": 1.18, "ST_low": 0.36, "ST_high": 2.0}, lang)
    cut = BT.t("interval", lang, lo=fmt_number(0.36, lang, 2), hi=fmt_number(1.0, lang, 2))
    assert odd == f"{BT.t('drivers.sobol_unresolved', lang)} {cut}"
    fine = prose.sobol_text({"ST": 0.7, "ST_low": -0.1, "ST_high": 1.03}, lang)
    cut = BT.t("interval", lang, lo=fmt_number(0.0, lang, 2), hi=fmt_number(1.0, lang, 2))
    assert fine == f"{fmt_number(0.7, lang, 2)} {cut}"
    assert prose.sobol_unresolved({"ST": -0.05}) and not prose.sobol_unresolved({"ST": 1.0})


def test_an_assumption_of_one_commodity_sector_or_event_is_named_with_it():
    """The schema describes a commodity's (sector's, event's) parameter once for all of them,
    so the brief's name says which one it is, in brackets: in English the commodity's key, in
    Indonesian its Indonesian name (sim.brief.param_names). Keys outside the maps keep the
    description alone."""
    from sim.config.schema import map_entries

    chili = BT.param_name("commodities.chili.other_supply_elasticity", "en")
    milk = BT.param_name("commodities.milk.other_supply_elasticity", "en")
    assert chili != milk and chili.endswith("(chili)") and milk.endswith("(milk)")
    assert BT.param_name("umkm.sectors.fashion.surabaya_share", "en").endswith("(fashion)")
    event = "programs.cultural_events.events.grebeg_pancasila.visits_uplift"
    assert BT.param_name(event, "en").endswith("(grebeg_pancasila)")
    assert "(" not in BT.param_name("tourism.visitors_per_agent", "en")
    assert map_entries("umkm.sectors.food.blitar_share") == ["food"]
    assert map_entries("tourism.visitors_per_agent") == [] == map_entries("no.such.key")
    chili_id = BT.param_name("commodities.chili.other_supply_elasticity", "id")
    assert chili_id.endswith("(cabai rawit)") and "." not in chili_id


def test_a_sector_share_is_marked_as_a_weight_in_the_drivers_and_the_boxes():
    """A sector share is screened as a weight (rescaled with the other sectors'), so its range
    is a weight's: the drivers table and PRIM's conditions mark it ‡, others not."""
    key = "umkm.sectors.fashion.surabaya_share"
    for lang in LANGS:
        assert prose.driver_label(key, "both", lang).endswith("‡")
        assert "‡" not in prose.driver_label("tourism.visitors_per_agent", "both", lang)
        limit = {"parameter": key, "low": 0.15, "high": 0.3, "full_low": 0.15, "full_high": 0.45}
        assert "‡" in prose._condition(limit, lang)
        assert BT.t("drivers.weight", lang).startswith("‡")


def test_a_driver_below_the_noise_floor_is_marked_and_explained(tmp_path):
    """In a screening with a noise factor, a top driver whose mu* is not above the floor keeps
    its place but is marked § (and the section explains it); one above is not marked; the
    noise factor itself is never a driver; a driver made mostly by one step is "(local)"."""
    screen, _ = write_screening(tmp_path / "s")
    morris = pd.read_csv(screen / "morris.csv")
    floor = morris[morris["kpi"] == FARM]["mu_star"].sort_values().iloc[-2]  # the second's
    noise = pd.DataFrame([{"parameter": "noise_seed", "kpi": k, "mu_star": floor,
                           "mu_star_conf": 0.0, "sigma": 0.0} for k in morris["kpi"].unique()])  # fmt: skip
    morris = pd.concat([morris, noise], ignore_index=True)
    morris["noise_floor"] = floor
    morris["above_noise"] = morris["mu_star"] > floor
    local = "pad.attraction_fee_share"  # the farmers' first driver: most of it from one step
    morris["top_step_share"] = np.where(morris["parameter"] == local, 0.9, 0.2)
    morris.to_csv(screen / "morris.csv", index=False)
    s = S.load_screening(screen)
    top = S.top_drivers(s, FARM)
    assert "noise_seed" not in set(s.morris["parameter"])
    assert list(top["above_noise"]) == [True, False, False]
    expected = [bool(a) for k in S.headline_kpis(s) for a in S.top_drivers(s, k)["above_noise"]]
    marked = [not r[3].endswith("§") for r in prose.driver_rows(s, "en") if r[3]]
    assert marked == expected and False in marked
    mark = BT.t("drivers.local_mark", "en")
    rows = prose.driver_rows(s, "en")
    flagged = {r[1] for r in rows if mark in str(r[3])}
    assert flagged == {BT.param_name(local, "en")}
    assert BT.t("drivers.noise", "en").startswith("§")


def test_the_split_half_marks_in_the_table_and_the_lead_sentence(tmp_path):
    """On the first headline KPI, a top driver whose size the split-half check does not
    reproduce is marked ¶, one that moves the result both ways ± (above the floor only) and
    one whose steps the seed check finds seed-decided ≈, in the drivers table and in the lead
    sentence, and each mark's note is in both languages; a screening without the checks
    marks nothing."""
    screen, _ = write_screening(tmp_path / "s")
    plain = S.load_screening(screen)
    assert all(
        "¶" not in str(r[3]) and "±" not in str(r[3]) for r in prose.driver_rows(plain, "en")
    )
    first = S.headline_kpis(plain)[0]
    top = list(S.top_drivers(plain, first)["parameter"])
    morris = pd.read_csv(screen / "morris.csv")
    morris["reproduced"] = np.where(morris["parameter"] == top[0], "undecided", "yes")
    morris["direction"] = np.where(morris["parameter"].isin(top[1:3]), "mixed", "+")
    morris["seed_check"] = np.where(morris["parameter"] == top[2], "seed-decided", "")
    morris.to_csv(screen / "morris.csv", index=False)
    s = S.load_screening(screen)
    got = S.top_drivers(s, first)
    assert list(got["reproduced"])[:2] == ["undecided", "yes"]
    assert list(got["direction"])[:2] == ["+", "mixed"]
    rows = [r for r in prose.driver_rows(s, "en") if r[1]]
    mark = lambda m: {r[1] for r in rows if m in str(r[3])}  # noqa: E731
    assert prose.driver_label(top[0], "both", "en") in mark("¶")
    assert prose.driver_label(top[1], "both", "en") in mark("±")
    assert prose.driver_label(top[0], "both", "en") not in mark("±")
    assert mark("≈") == {prose.driver_label(top[2], "both", "en")}  # ≈, not ± as well
    assert prose.driver_label(top[2], "both", "en") not in mark("±")
    assert first not in S.unsettled(s)  # top[1] is settled
    morris["reproduced"] = np.where(morris["parameter"] == top[1], "no", morris["reproduced"])
    morris.to_csv(screen / "morris.csv", index=False)
    assert first in S.unsettled(S.load_screening(screen))  # none of its three is
    lead = prose.driver_lead(s, "en")
    assert "¶" in lead and "±" in lead and "≈" in lead
    for lang in LANGS:
        assert BT.t("drivers.halves", lang).startswith("¶")
        assert BT.t("drivers.two_sided", lang).startswith("±")
        assert BT.t("drivers.seed_decided", lang).startswith("≈")


@pytest.mark.parametrize("lang", LANGS)
def test_the_failure_paragraph_without_a_box_gives_the_clearest_limits(lang):
    """No PRIM box passes: the paragraph says so, gives the failures by outcome, the sets near
    zero, the clearest single limit of the "or" with its permutation test and one of each
    outcome alone (a limit no clearer than reshuffled failures is said to be so)."""
    scan = {"parameter": "commodities.eggs.reservation_fresh_fraction", "side": "above",
            "cut": 0.973, "points": 91, "failing": 90, "density": 90 / 91, "mass": 0.36,
            "coverage": 0.44, "outside_points": 165, "outside_failing": 116, "as_strong": 0,
            "at_window_edge": False, "p_value": 0.001, "permutations": 999}  # fmt: skip
    farm = dict(scan, parameter="commodities.eggs.blitar_share_of_surabaya_supply", cut=0.42,
                points=26, failing=5, density=5 / 26, p_value=0.3, as_strong=299)  # fmt: skip
    empty = pd.DataFrame(columns=["box", "coverage", "density", "mass", "points", "parameter",
                                  "low", "high", "full_low", "full_high"])  # fmt: skip
    d = S.Discovery([NET, FARM], False, 0.0, 256, 206, empty, "space-filling", None,
                    by_kpi={NET: 202, FARM: 7}, near={NET: 78}, scan=scan,
                    scan_by_kpi={FARM: farm})  # fmt: skip
    text = prose.failure_paragraph(d, "MoU", lang)
    assert BT.t("fails.no_box", lang, qp=fmt_number(0.05, lang, 2)) in text
    assert fmt_number(202, lang) in text and fmt_number(78, lang) in text
    assert f"p = {fmt_number(0.001, lang, 3)}" in text
    assert fmt_number(165, lang) in text  # the other side of the limit: fails in 116 of 165
    assert BT.t("fails.window_edge", lang) not in text
    assert BT.t("fails.alone", lang, what=BT.lower_first(R.label(FARM, lang)), k="7") in text
    assert BT.t("fails.scan_none_alone", lang, p=fmt_number(0.3, lang, 3), c="299",
                perm="999") in text  # fmt: skip
