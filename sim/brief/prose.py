"""What the brief says: page 1's three points (what changes for whom, how sure, at what cost to
each government), who gains and who loses, why indicators get worse, and the limits.

Every number comes from the folder (:class:`sim.brief.reader.Study`); every KPI's name, unit,
desirable direction and mechanism sentence from :mod:`sim.metrics.registry`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.brief import reader
from sim.brief.text import (
    certainty,
    date_text,
    display_names,
    lower_first,
    param_name,
    param_value,
    reader_amount,
    reader_number,
    reader_rel,
    reader_value,
    t,
)
from sim.compare import mean_ci
from sim.metrics import NET_WELFARE, NET_WELFARE_TWO_REGIONS, PROGRAM_COST
from sim.metrics import registry as R
from sim.plots.formatting import fmt_number, fmt_pct, fmt_sig

# KPIs of the detail table, in order
TABLE_KPIS = (
    "farmer_income_mean_rp",
    "farm_gate_price_rp_per_kg",
    "surabaya_retail_price_rp_per_kg",
    "surabaya_price_cv",
    "farmer_share_of_retail",
    "blitar_to_surabaya_t_per_year",
    "waste_t_per_year",
    "umkm_revenue_rp_per_year",
    "umkm_online_share",
    "blitar_visits_from_surabaya_per_year",
    "pad_blitar_rp_per_year",
    "pad_surabaya_rp_per_year",
    "program_spending_rp_per_year",
    "williamson_index",
)
BALANCE_KPI = "program_spending_rp_per_year"  # the unit (Rp/year) of a government's balance
MAX_POINT_ITEMS = 4


# ---------------------------------------------------------------------- numbers
def _by_seed(frame: pd.DataFrame, seeds) -> pd.DataFrame:
    """KPI rows in the order of ``seeds`` (tables written by compare carry a seed column)."""
    if "seed" in frame and set(seeds) <= set(frame["seed"]):
        # a copy first: the KPI tables are wide, and pandas warns about indexing fragments
        return frame.copy().set_index("seed").loc[list(seeds)].reset_index()
    return frame


def government_money(study) -> dict[str, dict[str, np.ndarray]]:
    """Per government, per seed, Rp/year: program spending and PAD from modelled sources, for
    each scenario of the study (keyed by the scenario's index)."""
    out = {}
    for i, (name, entry) in enumerate(zip(study.names, study.scenarios, strict=True)):
        spend, _ = reader.government_spending_per_year(
            study.runs[name], entry["resolved_parameters"]
        )
        kpis = _by_seed(study.kpis[i], study.seeds)
        pad = {
            g: kpis[f"pad_{g}_rp"].to_numpy(float) * study.annual
            if f"pad_{g}_rp" in kpis
            else np.zeros(study.n)
            for g in reader.GOVERNMENTS
        }
        out[i] = {"spend": spend, "pad": pad}
    return out


def government_balance(study) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Per government: (mean, CI low, CI high) of the extra spending, the extra PAD and the net
    balance (PAD minus spending) per year, B against A, paired by seed; for a run or
    replicates folder the levels of the one scenario."""
    money = government_money(study)
    out = {}
    for g in reader.GOVERNMENTS:
        if study.kind == "compare":
            spend = money[1]["spend"][g] - money[0]["spend"][g]
            pad = money[1]["pad"][g] - money[0]["pad"][g]
        else:
            spend, pad = money[0]["spend"][g], money[0]["pad"][g]
        out[g] = {"spend": mean_ci(spend), "pad": mean_ci(pad), "net": mean_ci(pad - spend)}
    return out


def _row(compare: pd.DataFrame, kpi: str) -> dict | None:
    if kpi not in compare.index:
        return None
    r = compare.loc[kpi]
    get = r.get
    plo, phi = float(get("param_low", np.nan)), float(get("param_high", np.nan))
    return {
        "diff": float(r["diff"]),
        "lo": float(r["ci_low"]),
        "hi": float(r["ci_high"]),
        "base": float(r["mean_a"]),
        "real": _real(bool(r["distinguishable"]), plo, phi),
        "plo": plo,
        "phi": phi,
    }


def _real(seed_real: bool, plo: float, phi: float) -> bool:
    """Whether a change counts as real: by the wider interval, the parameter range, when the
    folder has one (it contains the seed interval), else by the seed-noise interval."""
    if np.isfinite(plo) and np.isfinite(phi):
        return not (plo <= 0 <= phi)
    return seed_real


def incidence(study, lang: str) -> list[dict]:
    """Who gains and who loses (comparisons only): one row per group with its label, the
    measure's label, the KPI whose unit the numbers carry, the mean change and its CI, the
    parameter range when known, the change relative to A, and the verdict (+1 better, -1
    worse, 0 neither, None not distinguishable). From incidence.csv when the folder has one,
    else from the registry's headline KPI per group and the governments' balance."""
    rows = []
    if study.incidence is not None:
        for r in study.incidence.itertuples(index=False):
            r = r._asdict()
            label = r.get(f"label_{lang}") or R.group_label(str(r["group"]), lang)
            diff, lo, hi = float(r["diff"]), float(r["ci_low"]), float(r["ci_high"])
            plo, phi = float(r.get("param_low", np.nan)), float(r.get("param_high", np.nan))
            real = _real(np.isfinite(lo) and np.isfinite(hi) and not (lo <= 0 <= hi), plo, phi)
            rows.append(
                {
                    # a government's row is its program cost, which point 3 reports
                    "government": str(r["group"]) in PROGRAM_COST,
                    # outside = a memo row of a group living in neither region (issue 15)
                    "outside": str(r.get("boundary", "")) == "outside",
                    "group": label,
                    "measure": R.label(r["kpi"], lang),
                    "kpi": r["kpi"],
                    "diff": diff,
                    "lo": lo,
                    "hi": hi,
                    "rel": np.nan,
                    "plo": float(r.get("param_low", np.nan)),
                    "phi": float(r.get("param_high", np.nan)),
                    "verdict": (
                        R.verdict(r["kpi"], diff)
                        if R.direction(r["kpi"])
                        else (1 if diff > 0 else -1)
                    )
                    if real
                    else None,
                }
            )
        return rows
    table = study.compare.set_index("kpi")
    for group, kpi in R.INCIDENCE_HEADLINES.items():
        r = _row(table, kpi)
        if r is None:
            continue
        real = r["real"] and study.n >= 2
        rows.append(
            {
                "group": R.group_label(group, lang),
                "measure": R.label(kpi, lang),
                "kpi": kpi,
                "diff": r["diff"],
                "lo": r["lo"],
                "hi": r["hi"],
                "plo": r["plo"],
                "phi": r["phi"],
                "rel": r["diff"] / abs(r["base"]) if r["base"] else np.nan,
                "verdict": R.verdict(kpi, r["diff"]) if real else None,
            }
        )
    for g, b in government_balance(study).items():
        mean, lo, hi = b["net"]
        real = np.isfinite(lo) and np.isfinite(hi) and not (lo <= 0 <= hi)
        rows.append(
            {
                "group": R.group_label(g, lang),
                "measure": t("gov.net", lang),
                "kpi": BALANCE_KPI,
                "diff": mean,
                "lo": lo,
                "hi": hi,
                "plo": np.nan,
                "phi": np.nan,
                "rel": np.nan,
                "verdict": (1 if mean > 0 else -1) if real and mean != 0 else None,
                "government": True,
            }
        )
    return rows


def worse_kpis(study) -> list[str]:
    """Main KPIs that get distinguishably worse, by the registry's desirable direction."""
    table = study.compare.set_index("kpi")
    out = []
    for kpi in TABLE_KPIS:
        r = _row(table, kpi)
        if r and r["real"] and study.n >= 2 and R.verdict(kpi, r["diff"]) == -1:
            out.append(kpi)
    return out


# ---------------------------------------------------------------------- words
def _change(study, kpi: str, diff: float, lang: str) -> tuple[str, str]:
    """("naik"/"turun", "Rp 1,2 jt per petani per tahun") for a change of ``kpi``."""
    word = t("up" if diff > 0 else "down", lang)
    return word, reader_amount(kpi, abs(diff), lang, study.days)


def why_sentence(kpi: str, lang: str) -> str:
    return R.why_worse(kpi, lang) or t("why.unknown", lang)


def _headline_groups(rows: list[dict], n: int = 3) -> tuple[list[dict], int]:
    """Page 1's groups: net welfare first (the two regions', then all parties'), then the
    ``n`` largest gains and the ``n`` largest losses (by the size of the change); returns them
    and how many other groups changed."""
    nets = (NET_WELFARE_TWO_REGIONS, NET_WELFARE)  # the two regions' first (the planners')
    net = sorted((r for r in rows if r["kpi"] in nets), key=lambda r: nets.index(r["kpi"]))
    rest = [r for r in rows if r["kpi"] not in nets]
    size = lambda r: -abs(r["diff"])  # noqa: E731
    gains = sorted((r for r in rest if r["verdict"] > 0), key=size)[:n]
    losses = sorted((r for r in rest if r["verdict"] < 0), key=size)[:n]
    return net + gains + losses, len(rest) - len(gains) - len(losses)


def point_changes(study, lang: str) -> list[str]:
    """Point 1 of a comparison, as an intro and items: each group's gain or loss (governments
    are point 3), what does not change distinguishably, then what else gets worse and why."""
    a = display_names(study, lang)[0]
    parts, unclear, shown = [t("changes.intro", lang, a=a)], [], set()
    rows = [r for r in incidence(study, lang) if not r.get("government")]
    for row in rows:
        if row["verdict"] is None or not row["diff"]:
            unclear.append(row["group"])
    rows, more = _headline_groups([r for r in rows if r["verdict"] is not None and r["diff"]])
    for row in rows:
        word, value = _change(study, row["kpi"], row["diff"], lang)
        rel = t("rel", lang, pct=reader_rel(row["rel"], lang)) if np.isfinite(row["rel"]) else ""
        verdict = t("verdict.gains" if row["verdict"] > 0 else "verdict.loses", lang)
        text = t(
            "gain",
            lang,
            who=row["group"],
            verdict=verdict,
            what=lower_first(row["measure"]),
            dir=word,
            value=value,
            rel=rel,
        )
        if row["verdict"] == -1 and R.why_worse(row["kpi"], lang):
            text += " " + R.why_worse(row["kpi"], lang)
        parts.append(text)
        shown.add(row["kpi"])
    if more:
        parts.append(t("more_groups", lang, n=fmt_number(more, lang)))
    if unclear:
        parts.append(t("unclear", lang, who=", ".join(unclear)))
    if len(parts) == 1:
        parts.append(t("no_change", lang, a=a))
    worse = [k for k in worse_kpis(study) if k not in shown][:2]
    if worse:
        table = study.compare.set_index("kpi")
        items = []
        for kpi in worse:
            word, value = _change(study, kpi, float(table.loc[kpi, "diff"]), lang)
            rel = float(table.loc[kpi, "diff"]) / abs(float(table.loc[kpi, "mean_a"]) or np.nan)
            if R.unit_kind(kpi) == "index" and np.isfinite(rel):
                value = reader_rel(abs(rel), lang).lstrip("+")
            items.append(
                t(
                    "worse.item",
                    lang,
                    what=R.label(kpi, lang),
                    dir=word,
                    value=value,
                    why=lower_first(why_sentence(kpi, lang)),
                )
            )
        parts.append(t("worse", lang, items=" ".join(items)))
    return parts


def _measure_of(row: dict) -> str:
    """ "net income of all farmers (Blitar farmers)"; the group only when the measure's own
    label does not already name it."""
    measure, group = lower_first(row["measure"]), row["group"]
    return measure if "(" in measure else f"{measure} ({group})"


def point_sure(study, lang: str) -> str:
    """Point 2: how sure, in words; says plainly when only seed noise is covered."""
    from sim.plots.figures import seeds_text

    n_text = seeds_text(study.n, lang)
    if study.n < 2:
        return t("sure.single", lang)
    if study.kind != "compare":
        return t("sure.seed_only_one", lang, n=n_text)
    rows = [r for r in incidence(study, lang) if np.isfinite(r["diff"])]
    parts = []
    param = [r for r in rows if np.isfinite(r["plo"]) and np.isfinite(r["phi"])]
    for r in param[:2]:
        lo, hi = (
            reader_amount(r["kpi"], v, lang, study.days, signed=True) for v in (r["plo"], r["phi"])
        )
        parts.append(t("sure.param", lang, what=_measure_of(r), lo=lo, hi=hi))
    spec = study.manifest.get("parameter_uncertainty")
    if param and spec:
        k = sum(bool(a["included"]) for a in spec["assumptions"])
        n = fmt_number(len(spec["draws"]), lang)
        parts.append(t("sure.param_sets", lang, n=n, k=fmt_number(k, lang)))
    if study.robust is not None:
        held, total, members = robust_counts(study)
        parts.append(
            t(
                "sure.ensemble",
                lang,
                m=fmt_number(members, lang),
                held=fmt_number(held, lang),
                total=fmt_number(total, lang),
            )
        )
    if not param:
        clear = sum(certainty(r["diff"], r["lo"], r["hi"]) != "unclear" for r in rows)
        parts.insert(
            0,
            t(
                "sure.seed_only",
                lang,
                n=n_text,
                clear=fmt_number(clear, lang),
                total=fmt_number(len(rows), lang),
            ),
        )
        items = []
        for r in rows[:3]:
            word = t(f"certain.{certainty(r['diff'], r['lo'], r['hi'])}", lang)
            lo, hi = (
                reader_amount(r["kpi"], v, lang, study.days, signed=True, phrase=False)
                for v in (r["lo"], r["hi"])
            )
            items.append(t("sure.item", lang, what=r["group"], word=word, lo=lo, hi=hi))
        parts.insert(1, "; ".join(items) + ".")
    return " ".join(parts)


def robust_counts(study) -> tuple[int, int, int]:
    """(KPIs whose sign holds in every parameter set, KPIs the comparison changes, sets)."""
    robust = study.robust.set_index("kpi")
    main = study.compare.set_index("kpi")
    held = moved = 0
    for kpi in TABLE_KPIS:
        if kpi not in robust.index or kpi not in main.index:
            continue
        r, diff = robust.loc[kpi], float(main.loc[kpi, "diff"])
        same = r["share_positive"] if diff > 0 else r["share_negative"] if diff < 0 else None
        moved += same is not None
        held += same is not None and same == 1.0
    return held, moved, int(robust["members"].max())


def point_cost(study, lang: str) -> str:
    """Point 3: what each government pays and gets back per year, and benefit per Rp."""
    govs = study.params["governments"]
    balance = government_balance(study)
    if all(abs(b["spend"][0]) < 1.0 for b in balance.values()):
        return t("cost.none", lang)
    parts = []
    for g, b in balance.items():
        parts.append(
            t(
                "cost.gov",
                lang,
                gov=govs[g]["name"],
                spend=reader_value(BALANCE_KPI, b["spend"][0], lang),
                pad=reader_value(BALANCE_KPI, b["pad"][0], lang),
                net=reader_value(BALANCE_KPI, b["net"][0], lang, signed=True),
            )
        )
    text = "; ".join(parts) + "."
    if study.kind == "compare" and study.ce is not None:
        ce = study.ce.set_index("kpi")["rp_per_rp"]
        farm = ce.get("farmers_income_rp_per_year", np.nan)
        umkm = ce.get("umkm_revenue_rp_per_year", np.nan)
        if np.isfinite(farm) and np.isfinite(umkm):
            text += " " + t(
                "cost.ce", lang, farm=fmt_number(farm, lang, 1), umkm=fmt_number(umkm, lang, 1)
            )
    return text


def point_levels(study, lang: str) -> str:
    """Point 1 of a run or replicates folder: what the scenario yields for each group."""
    frame = study.kpis[0]
    items = []
    for group, kpi in R.INCIDENCE_HEADLINES.items():
        if kpi not in frame:
            continue
        value = reader_amount(kpi, float(frame[kpi].mean()), lang, study.days)
        items.append(
            t(
                "level",
                lang,
                who=R.group_label(group, lang),
                what=lower_first(R.label(kpi, lang)),
                value=value,
            )
        )
    return "; ".join(items) + "."


def answer_points(study, lang: str) -> list[tuple[str, str | list[str]]]:
    """Page 1: three (heading, text) points; a list text is an intro and its items."""
    if study.kind == "compare":
        first = (t("p.changes", lang), point_changes(study, lang))
    else:
        first = (t("p.levels", lang), point_levels(study, lang))
    return [
        first,
        (t("p.sure", lang), point_sure(study, lang)),
        (t("p.cost", lang), point_cost(study, lang)),
    ]


def limits(study, lang: str, appendix: str) -> list[str]:
    """The uncertainty and the model's limits, in words (no keys or file names)."""
    from sim.compare import CONFIDENCE
    from sim.plots.figures import seeds_text
    from sim.plots.formatting import fmt_plain

    items = []
    n, level = study.n, fmt_pct(CONFIDENCE, lang, 0)
    if n < 2:
        items.append(t("caveat.one_seed", lang))
    elif study.kind == "compare":
        items.append(t("caveat.paired", lang, n=seeds_text(n, lang), level=level))
    else:
        items.append(t("caveat.replicates", lang, n=seeds_text(n, lang), level=level))
    if study.kind == "compare" and study.robust is None and not study.has_param_range():
        items.append(t("limits.no_ensemble", lang, appendix=appendix))
    prov = reader.parameter_provenance(study.scenarios[-1])
    counts = prov["class"].value_counts()

    def c(k):
        return fmt_number(int(counts.get(k, 0)), lang)

    items.append(
        t(
            "limits.params" if counts.get("none", 0) else "limits.params_noted",
            lang,
            n=fmt_number(len(prov), lang),
            sourced=c("sourced"),
            calc=c("calculated"),
            assumed=c("assumption"),
            none=c("none"),
            share=fmt_pct(counts.get("assumption", 0) / max(len(prov), 1), lang, 0),
            appendix=appendix,
        )
    )
    if counts.get("override", 0):
        items.append(t("limits.overrides", lang, n=c("override"), appendix=appendix))
    if study.scale < 1.0:
        items.append(
            t(
                "caveat.scale",
                lang,
                scale=fmt_plain(study.scale, lang),
                pct=fmt_pct(study.scale, lang, 1),
            )
        )
    items.append(
        t(
            "caveat.horizon",
            lang,
            days=fmt_number(study.days, lang),
            start=date_text(study.params["run"]["start_date"], lang),
            warmup=fmt_number(study.params["run"].get("warmup_days", 0), lang),
        )
    )
    items += data_caveats(study, lang)
    err = max(
        float(k["stock_flow_max_rel_error"].max())
        for k in study.kpis
        if "stock_flow_max_rel_error" in k
    )
    items.append(t("caveat.stock_flow", lang, err=fmt_sig(err, lang, 2)))
    items.append(t("caveat.williamson", lang))
    items += stability_caveat(study, lang)
    schedule = study.params.get("schedule") or []
    if schedule:
        items.append(t("limits.schedule", lang, n=fmt_number(len(schedule), lang)))
    if study.manifest.get("code", {}).get("dirty"):
        items.append(t("limits.dirty", lang))
    return items


def stability_caveat(study, lang: str) -> list[str]:
    """A comparison in which Surabaya's retail egg price varies more (its daily CV rises beyond
    the seed noise) says that the paper's steadier supply is not reproduced (issue 15,
    second-round referee point 8)."""
    if study.kind != "compare" or study.compare is None:
        return []
    table = study.compare.set_index("kpi")
    cv, waste = _row(table, "surabaya_price_cv"), _row(table, "waste_t_per_year")
    if cv is None or waste is None or not (cv["diff"] > 0 and cv["lo"] > 0):
        return []
    return [
        t(
            "caveat.supply_stability",
            lang,
            diff=f"{'+' if cv['diff'] > 0 else ''}{fmt_sig(cv['diff'], lang, 2)}",
            waste=f"{'+' if waste['diff'] > 0 else ''}{fmt_sig(waste['diff'], lang, 2)}",
        )
    ]


def data_caveats(study, lang: str) -> list[str]:
    """Warm-up swings and mass UMKM exits, measured in the policy scenario's daily series."""
    items = []
    frames = study.runs[study.names[-1]]
    main = study.params["run"]["main_commodity"]
    col = f"{main}_retail_price_rp_per_kg"
    window = 14
    if all(col in f for f in frames) and len(frames[0]) > 4 * window:

        def cv(x: pd.Series) -> float:
            return float(x.std() / x.mean())

        first = float(np.mean([cv(f[col].iloc[:window]) for f in frames]))
        rest = float(np.mean([cv(f[col].iloc[window:]) for f in frames]))
        if first > 1.5 * rest:
            items.append(
                t(
                    "caveat.warmup",
                    lang,
                    commodity=R.commodity_label(main, lang),
                    days=fmt_number(window, lang),
                    first=fmt_sig(first, lang, 2),
                    rest=fmt_sig(rest, lang, 2),
                )
            )
    f = frames[0]
    if "umkm_alive_blitar" in f and len(f) > 1:
        alive = f["umkm_alive_blitar"].to_numpy(float)
        drop = -np.diff(alive) / np.where(alive[:-1] > 0, alive[:-1], np.nan)
        if np.isfinite(drop).any() and np.nanmax(drop) > 0.05:
            i = int(np.nanargmax(drop)) + 1
            items.append(
                t(
                    "caveat.umkm_exit",
                    lang,
                    date=date_text(f["date"].iloc[i], lang),
                    pct=fmt_pct(float(drop[i - 1]), lang, 0),
                    months=fmt_number(study.params["umkm"]["exit_after_loss_months"], lang),
                )
            )
    return items


# ---------------------------------------------------------------------- drivers (screening)
def mu_text(kpi: str, value: float, lang: str) -> str:
    """A Morris mu* of ``kpi``'s change, in the KPI's unit (shares in percentage points)."""
    from sim.plots.figures import fmt_kpi

    if R.unit_kind(kpi) == "share":
        return reader_number("share", value, lang)
    return fmt_kpi(kpi, value, lang, per_kg=False)


def range_text(key: str, low: float, high: float, lang: str) -> str:
    """An assumption's screened range: "0,05 s.d. 0,15" / "0.05 to 0.15"."""
    return t("drivers.range", lang, lo=param_value(key, low, lang), hi=param_value(key, high, lang))


def sobol_text(row, lang: str) -> str:
    """Sobol total index with its 95% CI, or a dash when the driver was not in the analysis.
    An index is a share of the variance, in [0, 1]: its CI is cut to that range, and an
    estimate outside it (the sampling error of too few base samples, not a share) is not
    shown as a number but as not resolved, with the cut CI (:func:`sobol_unresolved`)."""
    if not np.isfinite(row["ST"]):
        return "-"
    lo, hi = (fmt_number(min(1.0, max(0.0, row[k])), lang, 2) for k in ("ST_low", "ST_high"))
    interval = t("interval", lang, lo=lo, hi=hi)
    if sobol_unresolved(row):
        return f"{t('drivers.sobol_unresolved', lang)} {interval}"
    return f"{fmt_number(row['ST'], lang, 2)} {interval}"


def sobol_unresolved(row) -> bool:
    """A Sobol total index estimated outside [0, 1], where no share can lie."""
    return bool(np.isfinite(row["ST"]) and not 0.0 <= row["ST"] <= 1.0)


def driver_label(key: str, applies_to: str, lang: str) -> str:
    """An assumption's name, marked † when only B sets it (a design choice of the policy) and
    ‡ when it is a sector's weight in a composition rescaled to sum to 1 (its range screened
    is a weight's, not a share's: :func:`sim.sensitivity.rescale_compositions`)."""
    from sim.sensitivity import composition

    marks = (" †" if applies_to == "B" else "") + (" ‡" if composition(key) else "")
    return param_name(key, lang) + marks


LOCAL_SHARE = 0.5  # a driver with more of its mu* from one step is a local effect


def _mu_marks(r, lang: str) -> str:
    """Marks after a driver's mu*: § when it is not above the screening's noise floor; ¶ when
    the split-half check does not reproduce its size, ± when it moves the result both ways
    (above the floor only: :mod:`sim.halves`); ≈ when its largest steps do not hold on other
    seeds (:mod:`sim.reseed`); "(local)" when one step makes most of it (one
    region of the assumptions, or one trajectory's noise: sim.sensitivity.top_step_share)."""
    marks = "" if r["above_noise"] else " §"
    marks += "" if r.get("reproduced", "yes") == "yes" else " ¶"
    seed = r.get("seed_check", "") == "seed-decided"
    # ≈ explains a two-sided driver by the seed: ± would then say it twice (referee, seed
    # check review F3)
    marks += " ±" if r["above_noise"] and r.get("direction", "") == "mixed" and not seed else ""
    marks += " ≈" if seed else ""
    share = r.get("top_step_share", np.nan)
    if share == share and share > LOCAL_SHARE:
        marks += " " + t("drivers.local_mark", lang)
    return marks


def driver_rows(screening, lang: str) -> list[list]:
    """The drivers table: for each headline KPI the screening analysed, its top assumptions by
    mu*, each with its screened range, mu* in the KPI's unit and Sobol ST; the KPI's label
    and unit (bold) on its first row only."""
    from sim.brief.screening import headline_kpis, top_drivers

    days = fmt_number(screening.days, lang) if screening.days else "?"
    rows = []
    for kpi in headline_kpis(screening):
        head = (f"{R.label(kpi, lang)} ({R.unit_text(kpi, lang, days)})", None, True)
        top = top_drivers(screening, kpi)
        if top.empty:
            rows.append([head, t("drivers.nothing", lang), "", "", ""])
            continue
        for i, r in top.iterrows():
            rows.append([
                head if i == 0 else "",
                driver_label(r["parameter"], r["applies_to"], lang),
                range_text(r["parameter"], r["low"], r["high"], lang),
                mu_text(kpi, r["mu_star"], lang) + _mu_marks(r, lang),
                sobol_text(r, lang),
            ])  # fmt: skip
    return rows


def driver_lead(screening, lang: str) -> str:
    """One sentence on the first headline KPI: the assumptions it depends on most."""
    from sim.brief.screening import headline_kpis, top_drivers

    kpi = headline_kpis(screening)[0]
    top = top_drivers(screening, kpi)
    what = t("drivers.change_of", lang, what=lower_first(R.label(kpi, lang)))
    if top.empty:
        return f"{what}: {lower_first(t('drivers.nothing', lang))}"
    items = [
        t("drivers.lead_item", lang, mu=mu_text(kpi, r["mu_star"], lang) + _mu_marks(r, lang),
          name=lower_first(driver_label(r["parameter"], r["applies_to"], lang)))
        for _, r in top.iterrows()
    ]  # fmt: skip
    names = ", ".join(items[:-1]) + t("and", lang) + items[-1] if len(items) > 1 else items[0]
    return t("drivers.lead", lang, what=what, names=names)


def _condition(limit: dict, lang: str) -> str:
    """ "<name> is below 0.1" for one restricted range of a PRIM box."""
    from sim.sensitivity import composition

    key = limit["parameter"]
    name = lower_first(param_name(key, lang)) + (" ‡" if composition(key) else "")
    lo, hi = float(limit["low"]), float(limit["high"])
    cut_lo, cut_hi = lo > float(limit["full_low"]), hi < float(limit["full_high"])
    if cut_lo and cut_hi:
        return t("fails.between", lang, name=name, lo=param_value(key, lo, lang),
                 hi=param_value(key, hi, lang))  # fmt: skip
    if cut_lo:
        return t("fails.above", lang, name=name, x=param_value(key, lo, lang))
    return t("fails.below", lang, name=name, x=param_value(key, hi, lang))


def _outcome_sentences(discovery, lang: str) -> str:
    """Failures by outcome (when more than one is tested), the sets within one run's noise
    of the threshold on their first run and what running the sets near it on more seeds
    changed, as discovery.json records them ('' for a discovery without them)."""

    def counts(table: dict) -> str:
        return "; ".join(t("fails.count", lang, what=lower_first(R.label(q, lang)),
                           k=fmt_number(c, lang)) for q, c in table.items())  # fmt: skip

    out = ""
    c = discovery.confirmation
    if len(discovery.by_kpi) > 1:
        out += " " + t("fails.by_kpi", lang, parts=counts(discovery.by_kpi))
    if discovery.near:
        key = "fails.near_first" if c else "fails.near"
        x = _threshold_text(discovery, lang)
        out += " " + t(key, lang, parts=counts(discovery.near), x=x)
    if c:
        out += " " + _confirm_text(discovery, counts, lang)
    if discovery.before_cost:
        out += " " + t("fails.before_cost", lang, parts=counts(discovery.before_cost))
    return out


def _confirm_text(discovery, counts, lang: str) -> str:
    """The sets near the threshold run on more seeds (:func:`sim.discovery.confirmed`): how
    many, how many changed side, how many even their mean leaves as likely on either side
    (and within two standard errors), the labels expected wrong and what redrawing the labels
    within their seed noise does to the counts and the limit."""
    c = discovery.confirmation
    if not c["seed_sd"]:
        return t("fails.confirm_none", lang)
    n = lambda v: fmt_number(v, lang)  # noqa: E731
    x = _threshold_text(discovery, lang)
    within = c["within_sd"]
    second = t("fails.second_round", lang, m=n(c["second_round"])) if c["second_round"] else ""
    text = t("fails.confirmed", lang, sets=n(c["sets"]), x=x, second=second,
             within=fmt_number(within, lang, 0 if within == int(within) else 1),
             more=n(c["seeds"]), runs=n(c["seeds"] + 1), changed=n(c["changed"]),
             to_fail=n(c["to_failure"]), to_ok=n(c["to_success"]))  # fmt: skip
    values = {"x": x, "k2": n(c["within_2se_sets"]),
              "wrong": fmt_number(c["expected_wrong"], lang, 0)}  # fmt: skip
    if not c["undecided_sets"]:
        text += " " + t("fails.undecided_none", lang, **values)
    else:
        undecided = {q: u for q, u in c["undecided"].items() if u}
        text += " " + t("fails.undecided", lang, k=n(c["undecided_sets"]),
                        parts=counts(undecided), **values)  # fmt: skip
    return text + _resampling_text(discovery, lang)


def _threshold_text(discovery, lang: str) -> str:
    """The threshold in words: "zero", else in the first outcome's unit."""
    if discovery.threshold == 0 or not discovery.kpis:
        return t("fails.zero", lang)
    return mu_text(discovery.kpis[0], discovery.threshold, lang)


def _resampling_text(discovery, lang: str) -> str:
    """What redrawing each set's effect within its seed noise does to the failure count and
    the scan's limit, and, computed, whether a planner may read both as free of seed noise
    (the limit the clearest in at least :data:`sim.discovery.ROBUST_SHARE` of the draws)."""
    from sim.discovery import ROBUST_SHARE, SCAN_P_MAX

    r = discovery.confirmation.get("resampling")
    if not r:
        return ""
    values = {"draws": fmt_number(r["draws"], lang), "lo": fmt_number(r["low"], lang),
              "hi": fmt_number(r["high"], lang)}  # fmt: skip
    scan = discovery.scan
    if not scan or scan["p_value"] > SCAN_P_MAX or r["limit_kept"] is None:
        return " " + t("fails.resampled", lang, **values)
    key = "fails.robust" if r["limit_kept"] >= ROBUST_SHARE else "fails.fragile"
    return " " + t(key, lang, kept=fmt_pct(r["limit_kept"], lang, 0), **values)


def _scan_text(discovery, b: str, lang: str) -> str:
    """The clearest single limit and its permutation test (:func:`sim.discovery.threshold_scan`),
    or that none beats reshuffled failures."""
    return _one_scan(discovery.scan, discovery.failures, discovery, b, lang)


def _each_scan_text(discovery, b: str, lang: str) -> str:
    """Each outcome's own clearest single limit, when several outcomes are tested."""
    out = ""
    for kpi, scan in discovery.scan_by_kpi.items():
        k = discovery.by_kpi.get(kpi, 0)
        lead = t("fails.alone", lang, what=lower_first(R.label(kpi, lang)), k=fmt_number(k, lang))
        out += " " + lead + _one_scan(scan, k, discovery, b, lang, alone=True)
    return out


def _one_scan(scan, k: int, discovery, b: str, lang: str, alone: bool = False) -> str:
    """:func:`_scan_text` of one scan, with ``k`` failures among the discovery's sets (``alone``:
    the text follows an outcome's name and a colon)."""
    from sim.discovery import SCAN_P_MAX

    if not scan:
        return ""
    p = fmt_number(scan["p_value"], lang, 3)
    perm = fmt_number(scan["permutations"], lang)
    strong = fmt_number(scan["as_strong"], lang)
    if scan["p_value"] > SCAN_P_MAX:
        key = "fails.scan_none_alone" if alone else "fails.scan_none"
        return " " + t(key, lang, p=p, c=strong, perm=perm)
    inf = float("inf")
    above = scan["side"] == "above"
    limit = {"parameter": scan["parameter"], "low": scan["cut"] if above else -inf,
             "high": inf if above else scan["cut"], "full_low": -inf, "full_high": inf}  # fmt: skip
    n, out_n, out_k = discovery.n, scan["outside_points"], scan["outside_failing"]
    text = t("fails.scan", lang, where=_condition(limit, lang), b=b,
             fail=fmt_number(scan["failing"], lang), points=fmt_number(scan["points"], lang),
             density=fmt_pct(scan["density"], lang, 0), overall=fmt_pct(k / n, lang, 0),
             out_fail=fmt_number(out_k, lang), out_points=fmt_number(out_n, lang),
             out_density=fmt_pct(out_k / out_n if out_n else np.nan, lang, 0), p=p, c=strong,
             perm=perm)  # fmt: skip
    text = " " + (lower_first(text) if alone else text)
    return text + (" " + t("fails.window_edge", lang) if scan["at_window_edge"] else "")


def failure_paragraph(discovery, b: str, lang: str) -> str:
    """The PRIM paragraph: how often B fails to raise (or lower) the outcomes over the
    screening's assumption sets, and the region(s) where the failures gather, in counts a
    planner can check (coverage: failing sets inside / all failing sets; density: failing
    sets inside / sets inside)."""
    from sim.brief.screening import boxes
    from sim.discovery import QP_MAX

    n, k = discovery.n, discovery.failures
    what = t("fails.or", lang).join(lower_first(R.label(x, lang)) for x in discovery.kpis)
    verb = t("fails.lower" if discovery.lower else "fails.raise", lang)
    pct = lambda x: fmt_pct(x, lang, 0)  # noqa: E731
    text = t("fails.base", lang, k=fmt_number(k, lang), n=fmt_number(n, lang),
             pct=pct(k / n if n else np.nan), b=b, verb=verb, what=what)  # fmt: skip
    if discovery.threshold != 0 and discovery.kpis:
        x = mu_text(discovery.kpis[0], discovery.threshold, lang)
        key = "fails.threshold_lower" if discovery.lower else "fails.threshold"
        text = text[:-1] + " " + t(key, lang, x=x) + "."
    found = [b_ for b_ in boxes(discovery) if b_["limits"]]
    text += _outcome_sentences(discovery, lang)
    if k == 0:
        return f"{text} {t('fails.never', lang)}"
    if k == n:
        return f"{text} {t('fails.always', lang)}"
    if not found:
        return (f"{text} {t('fails.no_box', lang, qp=fmt_number(QP_MAX, lang, 2))}"
                + _scan_text(discovery, b, lang) + _each_scan_text(discovery, b, lang))  # fmt: skip
    parts = [text]
    for i, box in enumerate(found):
        where = t("and", lang).join(_condition(lim, lang) for lim in box["limits"])
        values = {"fail": fmt_number(box["failing"], lang), "k": fmt_number(k, lang), "b": b,
                  "coverage": pct(box["coverage"]), "where": where,
                  "points": fmt_number(box["points"], lang), "density": pct(box["density"]),
                  "overall": pct(k / n), "mass": pct(box["mass"])}  # fmt: skip
        parts.append(t("fails.box" if i == 0 else "fails.box_more", lang, **values))
    return " ".join(parts) + _each_scan_text(discovery, b, lang)
