"""The brief's pages, section by section, written into a :class:`sim.brief.layout.Doc`.

Page 1 is the answer (three points and one figure); the detail pages follow (who gains and
who loses, every main indicator, why some get worse, figures, which assumptions decide the
answer, cost per government, limits);
the appendix holds file names, parameter keys and the commands that reproduce the folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from sim.brief import prose, reader
from sim.brief.layout import GREEN, MUTED, RED, Doc
from sim.brief.text import (
    date_text,
    description,
    display_names,
    lower_first,
    t,
)
from sim.compare import CONFIDENCE, mean_ci
from sim.metrics import registry as R
from sim.plots import figures as F
from sim.plots.formatting import fmt_number, fmt_pct, fmt_plain, fmt_rp_short

APPENDIX = "appendix"  # the appendix heading's label (links point to it)
MAX_LISTED_KEYS = 40  # the top scenario file's settings are listed when it sets no more
ANSWER_KPIS = (
    "farmer_income_mean_rp",
    "surabaya_retail_price_rp_per_kg",
    "umkm_revenue_rp_per_year",
    "tourist_spending_blitar_rp_per_year",
    "pad_surabaya_rp_per_year",
    "pad_blitar_rp_per_year",
    "waste_t_per_year",
)
VERDICT_COLOUR = {1: GREEN, -1: RED, 0: None, None: MUTED}
VERDICT_WORD = {
    1: "verdict.better",
    -1: "verdict.worse",
    0: "verdict.neutral",
    None: "verdict.unclear",
}


def _level(lang: str) -> str:
    return fmt_pct(CONFIDENCE, lang, 0)


def _verdict_cell(v, lang: str):
    return (t(VERDICT_WORD[v], lang), VERDICT_COLOUR[v], v == -1)


def _appendix_link(lang: str) -> tuple[str, str]:
    return (f"link:{APPENDIX}", t("appendix", lang))


def _with_link(doc: Doc, text: str, lang: str, size: float | None = None) -> None:
    """A paragraph whose ``{appendix}`` placeholder becomes a link to the appendix."""
    marker = "\x00"
    before, _, after = text.replace(t("appendix", lang), marker, 1).partition(marker)
    if not _:
        doc.para(text, size=size)
        return
    doc.rich([("", before), _appendix_link(lang), ("", after)], size=size)


# ---------------------------------------------------------------------- page 1
def page_one(doc: Doc, study, lang: str, figure: Path) -> None:
    names = display_names(study, lang)
    start = date_text(study.params["run"]["start_date"], lang)
    n = F.seeds_text(study.n, lang)
    days = fmt_number(study.days, lang)
    if study.kind == "compare":
        doc.title(t("title", lang), t("subtitle.compare", lang, a=names[0], b=names[1]))
        what = t(
            "what.compare",
            lang,
            a=description(study.scenarios[0], lang) or names[0],
            b=description(study.scenarios[1], lang) or names[1],
            days=days,
            start=start,
            n=n,
        )
    else:
        doc.title(t("title", lang), t("subtitle.one", lang, name=names[0]))
        what = t(
            "what.one",
            lang,
            name=description(study.scenarios[0], lang) or names[0],
            days=days,
            start=start,
            n=n,
        )
    doc.para(what.replace("..", "."), size=9, muted=True)
    doc.heading(t("h.answer", lang))
    doc.points(prose.answer_points(study, lang))
    caption = t("fig.answer", lang, a=names[0]) if study.kind == "compare" else t("fig.flows", lang)
    doc.figure(figure, caption, width=92)
    _with_link(doc, t("details", lang, appendix=t("appendix", lang)), lang, size=9)


# ---------------------------------------------------------------------- detail pages
def incidence_section(doc: Doc, study, lang: str) -> None:
    if study.kind != "compare":
        return
    rows = prose.incidence(study, lang)
    names = display_names(study, lang)
    doc.heading(t("h.incidence", lang))
    intro = t("incidence.intro", lang, a=names[0])
    if study.incidence is not None:
        intro += " " + t("incidence.from_file", lang)
    doc.para(intro)
    param = any(np.isfinite(r["plo"]) for r in rows)
    header = (
        [t("col.group", lang), t("col.measure", lang), t("col.change", lang), t("col.ci", lang)]
        + ([t("col.param", lang)] if param else [])
        + [t("col.verdict", lang)]
    )
    body = []
    for r in rows:
        kpi = r["kpi"]
        phrase = R.unit_phrase(kpi, lang, fmt_number(study.days, lang))
        cells = [
            r["group"] + (" " + t("incidence.outside", lang) if r.get("outside") else ""),
            r["measure"],
            f"{F.fmt_kpi_diff(kpi, r['diff'], lang)} {phrase}".strip(),
            _interval(kpi, r["lo"], r["hi"], lang),
        ]
        if param:
            cells.append(_interval(kpi, r["plo"], r["phi"], lang))
        cells.append(_verdict_cell(r["verdict"], lang))
        body.append(cells)
    widths = [1.3, 1.6, 1.9, 1.6] + ([1.6] if param else []) + [1.15]
    doc.table(
        header,
        body,
        widths,
        ["left", "left", "right", "right"] + (["right"] if param else []) + ["left"],
    )
    boundary = boundary_sentence(study, rows, lang)
    if boundary:
        doc.para(boundary)


def boundary_sentence(study, rows: list[dict], lang: str) -> str:
    """One sentence on the two net-welfare rows (issue 15): the two regions' and all parties',
    and their difference (what moves to or from people outside the two regions); empty when
    the table does not have both."""
    from sim.metrics import NET_WELFARE, NET_WELFARE_TWO_REGIONS

    by = {r["kpi"]: r["diff"] for r in rows}
    if NET_WELFARE not in by or NET_WELFARE_TWO_REGIONS not in by:
        return ""
    diff = by[NET_WELFARE] - by[NET_WELFARE_TWO_REGIONS]
    phrase = R.unit_phrase(NET_WELFARE, lang, fmt_number(study.days, lang))
    return t(
        "incidence.boundary",
        lang,
        two=f"{F.fmt_kpi_diff(NET_WELFARE, by[NET_WELFARE_TWO_REGIONS], lang)} {phrase}".strip(),
        all=f"{F.fmt_kpi_diff(NET_WELFARE, by[NET_WELFARE], lang)} {phrase}".strip(),
        diff=f"{F.fmt_kpi_diff(NET_WELFARE, diff, lang)} {phrase}".strip(),
    )


def _interval(kpi: str, lo: float, hi: float, lang: str) -> str:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return t("na", lang)
    if R.unit_kind(kpi) == "share":
        a, b = (fmt_number(100 * v, lang, 1, signed=True) for v in (lo, hi))
    else:
        a, b = (F.fmt_kpi(kpi, v, lang, signed=True, per_kg=False) for v in (lo, hi))
    return t("interval", lang, lo=a, hi=b)


def kpi_section(doc: Doc, study, lang: str) -> None:
    days = study.days
    names = display_names(study, lang)
    doc.heading(t("h.kpis", lang))
    n = F.seeds_text(study.n, lang)
    if study.kind == "compare":
        table = study.compare.set_index("kpi")
        header = [
            t("col.kpi", lang),
            t("col.unit", lang),
            names[0],
            names[1],
            t("col.diff", lang),
            t("col.ci", lang),
            t("col.verdict", lang),
        ]
        rows = []
        for kpi in prose.TABLE_KPIS:
            if kpi not in table.index:
                continue
            r = table.loc[kpi]
            real = bool(r["distinguishable"]) and study.n >= 2
            v = R.verdict(kpi, r["diff"]) if real else None
            rows.append(
                [
                    R.label(kpi, lang),
                    R.unit_text(kpi, lang, fmt_number(days, lang)),
                    F.fmt_kpi(kpi, r["mean_a"], lang, per_kg=False),
                    F.fmt_kpi(kpi, r["mean_b"], lang, per_kg=False),
                    F.fmt_kpi_diff(kpi, r["diff"], lang, per_kg=False, short=True),
                    _interval(kpi, r["ci_low"], r["ci_high"], lang)
                    if study.n >= 2
                    else t("na", lang),
                    _verdict_cell(v, lang),
                ]
            )
        doc.table(
            header,
            rows,
            [2.2, 1.2, 0.95, 0.95, 0.95, 1.8, 1.2],
            ["left", "left", "right", "right", "right", "right", "left"],
            size=8,
        )
        doc.para(t("kpis.note", lang, n=n, a=names[0], b=names[1]), size=8.5, muted=True)
        return
    frame = study.kpis[0]
    rows = []
    for kpi in prose.TABLE_KPIS:
        if kpi not in frame:
            continue
        mean, lo, hi = mean_ci(frame[kpi].to_numpy(float))
        row = [
            R.label(kpi, lang),
            R.unit_text(kpi, lang, fmt_number(days, lang)),
            F.fmt_kpi(kpi, mean, lang, per_kg=False),
        ]
        if study.n >= 2:
            lo_t, hi_t = (F.fmt_kpi(kpi, v, lang, per_kg=False) for v in (lo, hi))
            row.append(t("interval", lang, lo=lo_t, hi=hi_t))
        rows.append(row)
    if study.n >= 2:
        header = [t("col.kpi", lang), t("col.unit", lang), t("col.mean", lang), t("col.ci", lang)]
        doc.table(header, rows, [2.6, 1.6, 1.2, 2.0], ["left", "left", "right", "right"])
        doc.para(t("kpis.note_replicates", lang, n=n), size=8.5, muted=True)
    else:
        header = [t("col.kpi", lang), t("col.unit", lang), t("col.value", lang)]
        doc.table(header, rows, [2.6, 1.6, 1.2], ["left", "left", "right"])
        doc.para(t("kpis.note_run", lang), size=8.5, muted=True)


def why_section(doc: Doc, study, lang: str) -> None:
    if study.kind != "compare":
        return
    doc.heading(t("h.why", lang), level=2)
    worse = prose.worse_kpis(study)
    table = study.compare.set_index("kpi")
    items = [
        t(
            "why.item",
            lang,
            what=R.label(k, lang),
            value=F.fmt_kpi_diff(k, float(table.loc[k, "diff"]), lang),
            why=prose.why_sentence(k, lang),
        )
        for k in worse
    ]
    doc.bullets(items or [t("why.none", lang)])


def figures_section(doc: Doc, study, lang: str, svgs: dict[str, Path]) -> None:
    doc.heading(t("h.figures", lang))
    names = display_names(study, lang)
    captions = {
        "impacts": t("fig.impacts", lang, a=names[0]),
        "cost_effectiveness": t("fig.ce", lang),
        "daily": t("fig.daily", lang),
        "flows": t("fig.flows", lang),
        "tourism": t("fig.tourism", lang),
        "umkm": t("fig.umkm", lang),
    }
    for name, caption in captions.items():
        if name in svgs:
            doc.figure(svgs[name], caption, width=100 if name != "umkm" else 85)


# programs whose effect runs through UMKM buyers' fixed, fully spent pools (a transfer among
# sellers, so net welfare is -cost by identity: the brief says so where they appear)
UMKM_LEVERS = {"market_access", "training"}


def cost_section(doc: Doc, study, lang: str) -> None:
    params = study.params
    govs = params["governments"]
    g1, g2 = govs["surabaya"]["name"], govs["blitar"]["name"]
    names = display_names(study, lang)
    doc.pagebreak()
    doc.heading(t("h.cost", lang))
    budget = reader.program_table(params)
    if len(budget):
        doc.para(t("cost.budget_intro", lang, name=names[-1]))
        rows = [
            [
                t(f"program.{r.program}", lang),
                fmt_rp_short(r.budget, lang),
                fmt_pct(r.share_surabaya, lang, 0),
                fmt_rp_short(r.surabaya, lang),
                fmt_rp_short(r.blitar, lang),
            ]
            for r in budget.itertuples()
        ]
        rows.append(
            [
                t("total", lang),
                fmt_rp_short(budget["budget"].sum(), lang),
                "",
                fmt_rp_short(budget["surabaya"].sum(), lang),
                fmt_rp_short(budget["blitar"].sum(), lang),
            ]
        )
        doc.table(
            [t("col.program", lang), t("col.budget", lang), t("col.share_sby", lang), g1, g2],
            rows,
            [2.6, 1.2, 1.1, 1.2, 1.2],
            bold_last=True,
        )
        rr = [fmt_pct(govs[g]["realisation_rate"], lang, 0) for g in reader.GOVERNMENTS]
        doc.para(t("cost.realisation", lang, g1=g1, r1=rr[0], g2=g2, r2=rr[1]), size=9)
        if set(budget["program"]) & UMKM_LEVERS:  # second-round referee, point 2
            doc.para(t("cost.umkm_bound", lang), size=9)
    money = prose.government_money(study)
    doc.para(t("cost.spent_intro", lang))
    rows = []
    for i, nm in enumerate(names):
        spend = money[i]["spend"]
        total = spend["surabaya"] + spend["blitar"]
        mean, lo, hi = mean_ci(total)
        ci = (
            t("interval", lang, lo=fmt_rp_short(lo, lang), hi=fmt_rp_short(hi, lang))
            if np.isfinite(lo)
            else t("na", lang)
        )
        rows.append(
            [
                nm,
                fmt_rp_short(mean, lang),
                fmt_rp_short(spend["surabaya"].mean(), lang),
                fmt_rp_short(spend["blitar"].mean(), lang),
                ci,
            ]
        )
    doc.table(
        [t("col.scenario", lang), t("col.spend_total", lang), g1, g2, t("col.ci_total", lang)],
        rows,
        [2.0, 1.3, 1.2, 1.2, 2.0],
    )
    if study.kind != "compare" or study.ce is None:
        doc.para(t("cost.no_compare", lang), size=9, muted=True)
        return
    balance = prose.government_balance(study)
    d_total = sum(b["spend"][0] for b in balance.values())
    doc.heading(t("h.ce", lang), level=2)
    doc.para(t("cost.ce_intro", lang))
    rows = []
    for r in study.ce.itertuples():
        cells = [
            R.label(r.kpi, lang),
            fmt_rp_short(r.diff_per_year, lang, signed=True),
            _ratio(r.rp_per_rp, r.ci_low, r.ci_high, 1.0, lang),
        ]
        for g in reader.GOVERNMENTS:
            part = balance[g]["spend"][0] / d_total if d_total else float("nan")
            cells.append(_ratio(r.rp_per_rp, r.ci_low, r.ci_high, part, lang))
        rows.append(cells)
    doc.table(
        [
            t("col.effect", lang),
            t("col.diff_year", lang),
            t("col.per_rp_joint", lang),
            t("col.per_rp_gov", lang, g=g1),
            t("col.per_rp_gov", lang, g=g2),
        ],
        rows,
        [2.2, 1.2, 1.5, 1.5, 1.5],
    )
    doc.heading(t("h.fiscal", lang), level=2)
    doc.para(t("cost.pad_intro", lang))
    rows = []
    for g in reader.GOVERNMENTS:
        spend, pad = balance[g]["spend"][0], balance[g]["pad"]
        per = fmt_number(pad[0] / spend, lang, 2) if spend > 0 else t("na", lang)
        rows.append(
            [
                govs[g]["name"],
                fmt_rp_short(spend, lang),
                fmt_rp_short(pad[0], lang, signed=True),
                t(
                    "interval",
                    lang,
                    lo=fmt_rp_short(pad[1], lang, signed=True),
                    hi=fmt_rp_short(pad[2], lang, signed=True),
                )
                if np.isfinite(pad[1])
                else t("na", lang),
                per,
            ]
        )
    doc.table(
        [
            t("col.government", lang),
            t("col.cost_year", lang),
            t("col.pad_back", lang),
            t("col.ci", lang),
            t("col.pad_per_rp", lang),
        ],
        rows,
        [1.6, 1.2, 1.3, 2.2, 1.1],
    )


def _ratio(value, lo, hi, part, lang) -> str:
    """A benefit-per-Rp ratio for a payer who bears ``part`` of the extra spending."""
    if not np.isfinite(value) or not np.isfinite(part) or part <= 0:
        return t("ce.undefined", lang) if not np.isfinite(value) else t("na", lang)
    text = fmt_number(value / part, lang, 1)
    if np.isfinite(lo) and np.isfinite(hi) and hi > lo:
        text += " " + t(
            "interval", lang, lo=fmt_number(lo / part, lang, 1), hi=fmt_number(hi / part, lang, 1)
        )
    return text


def robustness_section(doc: Doc, study, lang: str) -> None:
    if study.robust is None:
        return
    robust = study.robust.set_index("kpi")
    main = study.compare.set_index("kpi")
    info = study.ensemble or {}
    held, moved, members = prose.robust_counts(study)
    doc.heading(t("h.robustness", lang), level=2)
    rows = []
    for kpi in prose.TABLE_KPIS:
        if kpi not in robust.index or kpi not in main.index:
            continue
        r, diff = robust.loc[kpi], float(main.loc[kpi, "diff"])
        same = r["share_positive"] if diff > 0 else r["share_negative"] if diff < 0 else None
        rows.append(
            [
                R.label(kpi, lang),
                F.fmt_kpi_diff(kpi, diff, lang, per_kg=False, short=True),
                _interval(kpi, r["diff_min"], r["diff_max"], lang),
                fmt_pct(same, lang, 0) if same is not None else t("na", lang),
                fmt_pct(r["share_distinguishable"], lang, 0),
            ]
        )
    doc.para(
        t(
            "robust.intro",
            lang,
            members=fmt_number(members, lang),
            replicates=fmt_number(int(info.get("replicates", 0)), lang),
            file=t("appendix", lang),
            held=fmt_number(held, lang),
            n=fmt_number(moved, lang),
        )
    )
    doc.table(
        [
            t(k, lang)
            for k in ("col.kpi", "col.diff", "col.range", "col.same_sign", "col.real_share")
        ],
        rows,
        [2.6, 1.2, 2.2, 0.9, 0.9],
    )


# ---------------------------------------------------------------------- drivers
DRIVER_COLUMNS = ("col.driver_kpi", "col.driver", "col.driver_range", "col.mu_star",
                  "col.sobol_st")  # fmt: skip


def drivers_section(doc: Doc, study, lang: str) -> None:
    """Which assumptions decide the answer (the screening's top drivers of each headline
    change) and under which ones B fails (PRIM); without a screening, one sentence that says
    so and where the command to run one is."""
    if study.kind != "compare":
        return
    doc.heading(t("h.drivers", lang))
    s = study.screening
    if s is None:
        key = "drivers.missing" if study.screening_named else "drivers.none"
        _with_link(doc, t(key, lang, appendix=t("appendix", lang)), lang)
        return
    names = display_names(study, lang)
    controls = bool(s.spec.get("dummy")) + bool(s.spec.get("noise"))  # dummy, noise factor
    runs = s.spec.get("trajectories", 0) * (s.n_factors + 1 + controls)
    doc.para(t("drivers.intro", lang, k=fmt_number(s.n_factors, lang), runs=fmt_number(runs, lang),
               a=names[0], b=names[1], scale=fmt_plain(s.spec["context"].get("scale"), lang),
               days=fmt_number(s.days or 0, lang)))  # fmt: skip
    checks = [t("drivers.checks_halves", lang)] if s.spec.get("halves") else []
    if s.reseed is not None:
        from sim.reseed import paired_runs

        checks.append(t("drivers.checks_seeds", lang, n=fmt_number(paired_runs(s.reseed), lang)))
    if checks:
        doc.para(" ".join(checks))
    doc.para(prose.driver_lead(s, lang))
    rows = prose.driver_rows(s, lang)
    doc.table([t(k, lang) for k in DRIVER_COLUMNS], rows, [1.9, 2.5, 1.4, 1.4, 1.3],
              ["left", "left", "right", "right", "right"], size=8)  # fmt: skip
    from sim.brief.screening import unsettled

    # in words: the marks alone would leave such a KPI's top row looking like an answer
    said = [t("drivers.unsettled", lang, what=lower_first(R.label(k, lang))) for k in unsettled(s)]
    if said:
        doc.para(" ".join(said))
    notes = []
    if any("†" in r[1] for r in rows):
        notes.append(t("drivers.b_only", lang, b=names[1]))
    if any("‡" in r[1] for r in rows):
        notes.append(t("drivers.weight", lang))
    if any("§" in str(r[3]) for r in rows):
        notes.append(t("drivers.noise", lang))
    if any("¶" in str(r[3]) for r in rows):
        notes.append(t("drivers.halves", lang))
    if any("±" in str(r[3]) for r in rows):
        notes.append(t("drivers.two_sided", lang))
    if any("≈" in str(r[3]) for r in rows):
        notes.append(t("drivers.seed_decided", lang))
    if any(t("drivers.local_mark", lang) in str(r[3]) for r in rows):
        notes.append(t("drivers.local", lang))
    notes.append(_sobol_note(s, lang))
    if any(t("drivers.sobol_unresolved", lang) in str(r[4]) for r in rows):
        notes.append(t("drivers.sobol_cut", lang))
    doc.para(" ".join(notes), size=8.5, muted=True)
    _with_link(doc, t("drivers.names", lang, appendix=t("appendix", lang)), lang, size=8.5)
    doc.heading(t("h.fails", lang, b=names[1]), level=2)
    if s.discovery is None:
        _with_link(doc, t("fails.not_run", lang, b=names[1], appendix=t("appendix", lang)), lang)
        return
    failures = prose.failure_paragraph(s.discovery, names[1], lang)
    doc.para(failures)
    method = _discovery_method(s, lang)
    if "‡" in failures:
        method += " " + t("drivers.weight", lang)
    doc.para(method, size=8.5, muted=True)


def _discovery_method(s, lang: str) -> str:
    """How the discovery's sets were made: a space-filling sample (its size, the assumptions
    it varies, the ensemble's members, the sets near the threshold on more pairs), else the
    screening's Morris points (a pointer)."""
    from sim.discovery import SPACE

    sample = s.discovery.sample
    if s.discovery.design != SPACE or sample is None:
        return t("fails.method", lang)
    ensemble = (t("fails.method_ensemble", lang, m=fmt_number(sample["members"], lang))
                if sample["members"] else "")  # fmt: skip
    c = s.discovery.confirmation
    confirm = (t("fails.method_confirm", lang, runs=fmt_number(c["seeds"] + 1, lang))
               if c and c["seed_sd"] else "")  # fmt: skip
    return t("fails.method_space", lang, n=fmt_number(sample["points"], lang),
             k=fmt_number(sample["assumptions"], lang), ensemble=ensemble,
             all=fmt_number(len(s.spec.get("factors", [])), lang), confirm=confirm)  # fmt: skip


def _sobol_note(s, lang: str) -> str:
    from sim.sensitivity import headline_kpi

    if s.sobol is None or s.sobol.empty:
        return t("drivers.no_sobol", lang)
    head = headline_kpi(list(dict.fromkeys(s.morris["kpi"])))
    return t("drivers.sobol", lang, head=lower_first(R.label(head, lang)),
             n=fmt_number(s.sobol["parameter"].nunique(), lang),
             base=fmt_number(s.spec.get("sobol_n", 0), lang))  # fmt: skip


def limits_section(doc: Doc, study, lang: str) -> None:
    doc.heading(t("h.limits", lang))
    robustness_section(doc, study, lang)
    for item in prose.limits(study, lang, t("appendix", lang)):
        _with_link(doc, "• " + item, lang, size=9.5)


# ---------------------------------------------------------------------- appendix
def appendix(doc: Doc, study, lang: str) -> None:
    """File names, keys and commands: what a reader needs to check or rerun the numbers."""
    doc.pagebreak()
    doc.heading(t("h.appendix", lang), label=APPENDIX)
    doc.heading(t("h.method", lang), level=2)
    if study.kind == "compare":
        doc.para(t("method.files", lang), size=9)
        _param_method(doc, study, lang)
        if study.robust is None:
            doc.para(t("method.ensemble", lang), size=9)
    else:
        doc.para(t("cost.method_recorded", lang), size=9)
    _params_table(doc, study, lang)
    if study.kind == "compare":
        _screening_appendix(doc, study, lang)
    _reproduce(doc, study, lang)


def _scenario_arg(entry: dict) -> str:
    """How the command line names a scenario: its name if it is a shipped one, else its path."""
    from sim.paths import SCENARIO_DIR

    name = entry["name"]
    if (SCENARIO_DIR / f"{name}.toml").is_file():
        return name
    return str(entry.get("path") or name)


def _screening_appendix(doc: Doc, study, lang: str) -> None:
    """The screening's files, the keys of the assumptions the body names (with their ranges
    and source notes), and the commands that run or point to a screening."""
    from sim.brief.screening import HALVES_CSV, boxes, headline_kpis, top_drivers

    doc.heading(t("h.screening", lang), level=2)
    s = study.screening
    if s is None:
        a, b = (_scenario_arg(e) for e in study.scenarios)
        out = f"outputs/sensitivity-{study.scenarios[1]['name']}-vs-{study.scenarios[0]['name']}"
        if study.screening_named:
            doc.para(t("screening.missing", lang, path=study.screening_named), size=9)
            lines = [f"python run_experiments.py brief {study.folder} --screening FOLDER"]
        else:
            doc.para(t("screening.run", lang), size=9)
            lines = [f"python run_experiments.py sensitivity {a} {b} --out {out}",
                     f"python run_experiments.py discover {out}",
                     f"python run_experiments.py brief {study.folder} --screening {out} "
                     f"--lang {lang}"]  # fmt: skip
        doc.bullets(lines, size=7.5)
        return
    files = t("screening.files", lang, folder=str(s.folder))
    if (s.folder / HALVES_CSV).is_file():  # a screening with the split-half check
        files += " " + t("screening.halves_file", lang)
    if s.reseed is not None:  # ... and the seed check
        files += " " + t("screening.reseed_file", lang)
    doc.para(files, size=9)
    keys = [r for kpi in headline_kpis(s) for r in top_drivers(s, kpi)["parameter"]]
    if s.discovery is not None:
        keys += [lim["parameter"] for box in boxes(s.discovery) for lim in box["limits"]]
    rows = []
    for key in dict.fromkeys(keys):
        f = s.factors.loc[key] if key in s.factors.index else {}
        rows.append([key, prose.param_name(key, lang),
                     prose.range_text(key, float(f.get("low", np.nan)),
                                      float(f.get("high", np.nan)), lang),
                     str(f.get("source", "") or "-")])  # fmt: skip
    if rows:
        doc.table([t(k, lang) for k in ("col.key", "col.driver", "col.driver_range", "col.note")],
                  rows, [2.6, 2.2, 1.3, 2.9], ["left", "left", "right", "left"],
                  size=7)  # fmt: skip
    if s.command:
        doc.para(f"{t('screening.command', lang)} {s.command}", size=7.5)


def _param_method(doc: Doc, study, lang: str) -> None:
    """How the parameter range was made (which sets and assumptions), or that there is none."""
    spec = study.manifest.get("parameter_uncertainty")
    if spec is None or not study.has_param_range():
        doc.para(t("method.seeds_only", lang), size=9)
        return
    keys = [a["parameter"] for a in spec["assumptions"] if a["included"]]
    ensemble = Path(spec["ensemble"]).name if spec.get("ensemble") else "-"
    doc.para(t("method.param", lang, n=fmt_number(len(spec["draws"]), lang),
               ensemble=ensemble, keys=", ".join(keys), source=spec["assumption_source"]),
             size=9)  # fmt: skip


def _params_table(doc: Doc, study, lang: str) -> None:
    entry = study.scenarios[-1]
    prov = reader.parameter_provenance(entry)
    files = list((entry.get("scenario_files") or {}).keys())
    top = files[-1] if files else None
    own = prov[prov["file"] == top] if top else prov.iloc[:0]
    overrides = prov[prov["class"] == "override"]
    listed = own if len(own) <= MAX_LISTED_KEYS else own.iloc[:0]
    listed = listed._append(overrides) if len(overrides) else listed
    if not len(listed):
        return
    doc.heading(t("h.params", lang), level=2)
    assumed = int((own["class"] == "assumption").sum())
    doc.para(
        t(
            "caveat.levers",
            lang,
            file=top or "-",
            n=fmt_number(len(own), lang),
            assumed=fmt_number(assumed, lang),
        )
        + " "
        + t("class.note", lang),
        size=9,
    )
    rows = [
        [r.key, _param_value(r.key, r.value, lang), t(f"class.{r['class']}", lang), r.source or "-"]
        for _, r in listed.iterrows()
    ]
    doc.table(
        [t(k, lang) for k in ("col.key", "col.value", "col.class", "col.note")],
        rows,
        [3.2, 0.9, 0.9, 4.0],
        ["left", "right", "left", "left"],
        size=7,
    )


def _param_value(key: str, value, lang: str) -> str:
    if "_rp" in key and abs(value) >= 1e6:
        return fmt_rp_short(value, lang)
    if abs(value) >= 1000:
        return fmt_number(value, lang)
    return fmt_plain(value, lang)


def _reproduce(doc: Doc, study, lang: str) -> None:
    m = study.manifest
    doc.heading(t("h.reproduce", lang), level=2)
    argv = [str(a) for a in m.get("command", [])]
    from_cli = bool(argv) and Path(argv[0]).name in ("run_experiments.py", "kad-sim")
    folder = study.folder
    code = m.get("code", {})
    rows = [
        [
            t("repro.command" if from_cli else "repro.command_api", lang),
            " ".join(["python", *argv]),
        ],
        [t("repro.rerun", lang), f"python run_experiments.py rerun {folder}/manifest.json"],
        [
            t("repro.brief", lang),
            f"python run_experiments.py brief {folder} --lang {lang}"
            + (f" --screening {study.screening.folder}" if study.screening is not None else ""),
        ],
        [t("repro.kind", lang), t(f"kind.{study.kind}", lang)],
        [t("repro.scenarios", lang), ", ".join(study.names)],
        [
            t("repro.files", lang),
            "; ".join(
                f"{s['name']}: {', '.join(s.get('scenario_files') or {}) or t('na', lang)}"
                for s in study.scenarios
            ),
        ],
        [
            t("repro.overrides", lang),
            "; ".join(f"{k}={v}" for k, v in (study.scenarios[-1].get("overrides") or {}).items())
            or "-",
        ],
        [t("repro.root_seed", lang), str(m.get("root_seed", m.get("seed", "")))],
        [t("repro.seeds", lang), ", ".join(str(s) for s in study.seeds)],
        [
            t("repro.commit", lang),
            f"{code.get('commit')}" + (f" ({t('repro.dirty', lang)})" if code.get("dirty") else ""),
        ],
        [t("repro.created", lang), str(m.get("created", ""))],
        [
            t("repro.packages", lang),
            ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items()),
        ],
        [t("repro.folder", lang), str(folder)],
    ]
    doc.table(
        [t("col.item", lang), t("col.value", lang)], rows, [1.6, 5.0], ["left", "left"], size=7.5
    )


# ---------------------------------------------------------------------- figures
def figure_builders(study, lang: str) -> dict[str, Callable]:
    """Figure name -> draw() for the brief's figures; scenarios carry their reader names."""
    names = display_names(study, lang)
    runs = dict(zip(names, study.runs.values(), strict=True))
    params = study.params
    main = params["run"]["main_commodity"]
    regions = (params["producer_region"]["name"], params["market_region"]["name"])
    cap = F.source_line(names, study.n, lang, scale=study.scale, days=study.days)
    out: dict[str, Callable] = {}
    if study.kind == "compare":
        rows = study.compare
        out["answer"] = lambda: F.impact_bars(
            rows, ANSWER_KPIS, lang=lang, scenarios=names, days=study.days, caption=cap
        )
        out["impacts"] = lambda: F.impact_bars(
            rows, lang=lang, scenarios=names, days=study.days, caption=cap
        )
        out["cost_effectiveness"] = lambda: F.cost_effectiveness_figure(
            study.ce, lang=lang, scenarios=names, n_seeds=study.n, caption=cap
        )
    out["daily"] = lambda: F.overview_figure(runs, commodity=main, lang=lang, caption=cap)
    out["flows"] = lambda: F.flows_figure(runs, lang=lang, regions=regions, caption=cap)
    out["tourism"] = lambda: F.tourism_seasonality_figure(
        runs, lang=lang, regions=regions, caption=cap
    )
    out["umkm"] = lambda: F.umkm_channels_figure(runs, lang=lang, caption=cap)
    return out
