"""The figure library: daily series with replicate fans, comparisons, flows, UMKM, tourism and
sweep figures. Every function returns a matplotlib Figure, labels every axis with its unit in
the chosen language and writes a footer line naming the source scenario(s) and the number of
seeds. Pass ``fig`` (a Figure or SubFigure) to draw into part of a page, as the brief does.

Daily inputs are ``runs``: a mapping of scenario name to a list of daily frames (one per seed,
as ``timeseries.parquet`` holds them), or a plain list of frames of one scenario. The first
scenario is drawn as the reference (grey, dashed), the next ones as policies.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from sim.config.schema import param_for as schema_param  # one schema look-up (F.schema_param)
from sim.metrics import DAYS_PER_YEAR
from sim.metrics import registry as R
from sim.plots import style as S
from sim.plots.formatting import (
    LocaleFormatter,
    fmt_number,
    fmt_pct,
    fmt_plain,
    fmt_rp,
    fmt_rp_short,
    fmt_sig,
    fmt_tonnes,
    month_formatter,
)
from sim.plots.i18n import check_lang, has, tr

FOOTER_IN = 0.32  # height of the footer line, inches
Runs = Mapping[str, Sequence[pd.DataFrame]] | Sequence[pd.DataFrame]


# ---------------------------------------------------------------------- KPI metadata
# every KPI's label, unit and direction comes from the registry (sim.metrics.registry)
def kpi_kind(kpi: str) -> str:
    return R.unit_kind(kpi)


def commodity_label(name: str, lang: str) -> str:
    return R.commodity_label(name, lang)


def kpi_label(kpi: str, lang: str) -> str:
    """The KPI's name in the language (per-commodity KPIs name the commodity)."""
    return R.label(kpi, lang)


def kpi_unit(kpi: str, lang: str, days: int | None = None) -> str:
    """The KPI's unit, e.g. "Rp/petani/tahun" or "ton, 365 hari"."""
    return R.unit_text(kpi, lang, fmt_number(days, lang) if days is not None else "?")


def fmt_kpi(kpi: str, value, lang: str, signed: bool = False, per_kg: bool = True) -> str:
    """A KPI value in the locale, formatted for its kind (without the unit words; prices
    carry "/kg" unless ``per_kg`` is False)."""
    kind = kpi_kind(kpi)
    if kind in ("rp_farmer_year", "rp_year", "rp_person_year"):
        return fmt_rp_short(value, lang, signed=signed)
    if kind == "rp_kg":
        decimals = 0 if not np.isfinite(value) or abs(value) >= 99.5 else 1
        per = "kg" if per_kg else None
        return fmt_rp(value, lang, per=per, decimals=decimals, signed=signed)
    if kind == "share":
        return fmt_pct(value, lang, signed=signed)
    if kind == "t_year":
        return fmt_tonnes(value, lang, signed=signed)
    if kind in ("firms_end", "people_year", "visits_year"):
        return fmt_number(value, lang, signed=signed)
    if kind == "days":
        return fmt_number(value, lang, decimals=2, signed=signed)
    return fmt_sig(value, lang, signed=signed)


def fmt_share_diff(value, lang: str, short: bool = False) -> str:
    """A difference of two shares in percentage points: "+8,0 poin persen" / "+8.0 pp"."""
    number = fmt_number(100.0 * value, lang, 1, signed=True)
    return tr("pp_short" if short else "pp", lang, value=number)


def fmt_kpi_diff(kpi: str, value, lang: str, per_kg: bool = True, short: bool = False) -> str:
    """A difference B - A of a KPI (shares in percentage points)."""
    if kpi_kind(kpi) == "share":
        return fmt_share_diff(value, lang, short)
    return fmt_kpi(kpi, value, lang, signed=True, per_kg=per_kg)


def kpi_phrase(kpi: str, lang: str, days: int | None) -> str:
    """Words that follow a KPI value in a sentence: "per petani per tahun", "dalam 365 hari"."""
    return R.unit_phrase(kpi, lang, fmt_number(days, lang) if days is not None else "?")


# ---------------------------------------------------------------------- schema look-up
def param_name(key: str, lang: str) -> str:
    """A parameter's name for a reader, the brief's (:func:`sim.brief.text.param_name`)."""
    from sim.brief.text import param_name as name  # not at the top: sim.brief imports this

    return name(key, lang)


def unit_in(unit: str, lang: str) -> str:
    """A schema unit in the language: "days" -> "hari"; units without words stay as they are."""
    return tr(f"schema_unit.{unit}", lang) if has(f"schema_unit.{unit}") else unit


def param_label(key: str, lang: str) -> str:
    """A parameter's name with its unit in the language: "Jeda informasi harga (hari)"."""
    p = schema_param(key)
    unit = unit_in(p.unit, lang) if p is not None and p.unit not in ("-", "") else ""
    label = param_name(key, lang)
    return f"{label} ({unit})" if unit else label


# ---------------------------------------------------------------------- captions, saving
def seeds_text(n: int, lang: str) -> str:
    return tr("seeds.one" if n == 1 else "seeds.many", lang, n=fmt_number(n, lang))


def source_line(
    scenarios: Sequence[str],
    n_seeds: int,
    lang: str = "id",
    *,
    scale: float | None = None,
    days: int | None = None,
    extra: str | None = None,
) -> str:
    """Footer text: "Sumber: simulasi kad-sim, skenario mou vs baseline; 4 seed; ..."."""
    names = tr("vs", lang).join(str(s) for s in scenarios) if scenarios else "?"
    parts = [tr("source.model", lang, scenarios=names), seeds_text(int(n_seeds), lang)]
    if scale is not None:
        parts.append(tr("source.scale", lang, scale=fmt_plain(scale, lang)))
    if days is not None:
        parts.append(tr("source.days", lang, days=fmt_number(days, lang)))
    if extra:
        parts.append(extra)
    return "; ".join(parts) + "."


# files carry the software's name and no creation date (the same figure gives the same bytes)
FILE_METADATA = {
    "png": {"Software": "kad-sim"},
    "svg": {"Creator": "kad-sim", "Date": None},
    "pdf": {"Creator": "kad-sim", "CreationDate": None},
}


def _atomic_savefig(fig: Figure, path: Path, fmt: str, dpi: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    from sim.experiment import atomic_write

    atomic_write(path, lambda tmp: fig.savefig(tmp, format=fmt, dpi=dpi,
                                               metadata=FILE_METADATA.get(fmt)))  # fmt: skip


def save_figure(
    fig: Figure,
    path_stem: str | Path,
    formats: Sequence[str] = ("png", "svg", "pdf"),
    dpi: int = 300,
) -> list[Path]:
    """Write ``fig`` as ``<path_stem>.png`` (``dpi``), ``.svg`` and ``.pdf``, each atomically
    (a temporary file in the same folder, then a rename). Returns the paths written."""
    stem = Path(path_stem)
    out = []
    with S.apply_style():
        for fmt in formats:
            path = stem.with_name(f"{stem.name}.{fmt}")
            _atomic_savefig(fig.get_figure(root=True), path, fmt, dpi)
            out.append(path)
    return out


# ---------------------------------------------------------------------- layout helpers
def _height_in(fig) -> float:
    root = fig.get_figure(root=True)
    if isinstance(fig, SubFigure):
        return fig.bbox.height / root.dpi
    return root.get_figheight()


def _page(fig: Figure | SubFigure | None, figsize, title: str, caption: str):
    """(root figure, body subfigure) with the title on the body and the caption in a footer."""
    if fig is None:
        fig = Figure(figsize=figsize, layout="constrained")
    root = fig.get_figure(root=True)
    if root.get_layout_engine() is None:
        root.set_layout_engine("constrained")
    h = max(_height_in(fig), 4 * FOOTER_IN)
    body, foot = fig.subfigures(2, 1, height_ratios=[h - FOOTER_IN, FOOTER_IN])
    body.suptitle(title, x=0.01, ha="left")
    foot.text(0.01, 0.6, caption, ha="left", va="center", fontsize=6.8, color=S.MUTED, wrap=True)
    return root, body


def _as_runs(runs: Runs) -> dict[str, list[pd.DataFrame]]:
    if isinstance(runs, Mapping):
        out = {str(k): list(v) for k, v in runs.items()}
    else:
        out = {"": list(runs)}
    if not out or any(len(v) == 0 for v in out.values()):
        raise ValueError("every scenario needs at least one daily frame")
    return out


def _runs_caption(runs: dict, lang: str, caption: str | None) -> str:
    if caption is not None:
        return caption
    n = min(len(v) for v in runs.values())
    names = [k for k in runs if k] or [tr("scenario", lang)]
    return source_line(names, n, lang)


def _scenario_name(name: str, lang: str) -> str:
    return name or tr("scenario", lang)


def _scenario_style(k: int, n_scenarios: int) -> dict:
    """The reference scenario is grey and dashed; a lone scenario is drawn as a policy."""
    return S.series_style(k if n_scenarios > 1 else 1)


def _title(text: str, width: int) -> str:
    text = text[:1].upper() + text[1:]
    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def _column(frame: pd.DataFrame, columns: str | Sequence[str]) -> np.ndarray:
    cols = [columns] if isinstance(columns, str) else list(columns)
    return frame[cols].to_numpy(dtype=float).sum(axis=1)


def _dates(frame: pd.DataFrame) -> np.ndarray:
    return pd.to_datetime(frame["date"]).to_numpy()


def _date_axis(ax, lang: str, dates: np.ndarray) -> None:
    months = max(1, int(round((dates[-1] - dates[0]) / np.timedelta64(1, "D") / 30.4)))
    step = max(1, math.ceil(months / 6))
    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=step))
    ax.xaxis.set_major_formatter(month_formatter(lang))
    if months <= 3:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonthday=(1, 15)))
    ax.set_xlim(dates[0], dates[-1])


def _quantile_bands(stack: np.ndarray) -> dict[str, np.ndarray]:
    """Median and the 50% / 90% bands over replicates (rows) per day (columns)."""
    q = np.quantile(stack, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    return {"05": q[0], "25": q[1], "50": q[2], "75": q[3], "95": q[4]}


def fan(
    ax,
    runs: Runs,
    columns: str | Sequence[str],
    *,
    smooth_days: int = 7,
    factor: float = 1.0,
    lang: str = "id",
) -> list:
    """Draw, per scenario, the median over replicates and the 50% and 90% bands of a daily
    series (the sum of ``columns`` times ``factor``, as a trailing ``smooth_days`` mean).
    Returns legend handles (one per scenario)."""
    runs = _as_runs(runs)
    handles = []
    for k, (name, frames) in enumerate(runs.items()):
        st = _scenario_style(k, len(runs))
        dates = _dates(frames[0])
        stack = []
        for f in frames:
            y = pd.Series(_column(f, columns) * factor)
            if smooth_days > 1:
                y = y.rolling(smooth_days, min_periods=1).mean()
            stack.append(y.to_numpy())
        n = min(len(s) for s in stack)
        stack = np.vstack([s[:n] for s in stack])
        dates = dates[:n]
        if stack.shape[0] >= 2:
            b = _quantile_bands(stack)
            ax.fill_between(
                dates, b["05"], b["95"], color=st["color"], alpha=S.BAND_ALPHA["90"], linewidth=0
            )
            ax.fill_between(
                dates, b["25"], b["75"], color=st["color"], alpha=S.BAND_ALPHA["50"], linewidth=0
            )
            mid = b["50"]
        else:
            mid = stack[0]
        (line,) = ax.plot(
            dates,
            mid,
            color=st["color"],
            linestyle=st["linestyle"],
            marker=st["marker"],
            markevery=(max(1, n // 16), max(1, n // 8)),
            markersize=3.5,
            label=_scenario_name(name, lang),
        )
        handles.append(line)
    _date_axis(ax, lang, dates)
    return handles


def _band_handles(lang: str, n_max: int) -> list:
    if n_max < 2:
        return []
    grey = S.MUTED
    return [
        Patch(facecolor=grey, alpha=S.BAND_ALPHA["50"] + 0.1, label=tr("band.50", lang)),
        Patch(facecolor=grey, alpha=S.BAND_ALPHA["90"], label=tr("band.90", lang)),
        Line2D([], [], color=grey, label=tr("band.median", lang)),
    ]


# ---------------------------------------------------------------------- daily series
@dataclass(frozen=True)
class Panel:
    """One panel of a time-series figure: the sum of ``columns`` (times ``factor``)."""

    columns: tuple[str, ...]
    title: str  # i18n key
    unit: str  # i18n key of the y-axis unit
    kind: str = "number"  # tick format: "number", "rp" or "pct"
    factor: float = 1.0


def _commodities(frame: pd.DataFrame) -> list[str]:
    suffix = "_wholesale_price_rp_per_kg"
    return [c[: -len(suffix)] for c in frame.columns if c.endswith(suffix)]


def price_panels(commodity: str) -> list[Panel]:
    c = commodity
    return [
        Panel((f"{c}_farm_gate_price_rp_per_kg",), "series.farm_gate_price", "axis.rp_kg", "rp"),
        Panel((f"{c}_wholesale_price_rp_per_kg",), "series.wholesale_price", "axis.rp_kg", "rp"),
        Panel((f"{c}_retail_price_rp_per_kg",), "series.retail_price", "axis.rp_kg", "rp"),
    ]


def volume_panels(commodity: str, commodities: Sequence[str]) -> list[Panel]:
    c = commodity
    return [
        Panel((f"{c}_shipped_to_surabaya_t",), "series.shipped", "axis.t_day"),
        Panel((f"{c}_direct_channel_t",), "series.direct_channel", "axis.t_day"),
        Panel(tuple(f"{x}_waste_t" for x in commodities), "series.waste_all", "axis.t_day"),
    ]


def income_panels() -> list[Panel]:
    return [
        Panel(("farmer_net_income_rp",), "series.farmer_net_income", "axis.rp_day", "rp"),
        Panel(("umkm_revenue_blitar_rp",), "series.umkm_revenue_blitar", "axis.rp_day", "rp"),
        Panel(("pad_blitar_rp",), "series.pad_blitar", "axis.rp_day", "rp"),
        Panel(("pad_surabaya_rp",), "series.pad_surabaya", "axis.rp_day", "rp"),
    ]


def overview_panels(commodity: str, commodities: Sequence[str]) -> list[Panel]:
    c = commodity
    return [
        Panel((f"{c}_farm_gate_price_rp_per_kg",), "series.farm_gate_price", "axis.rp_kg", "rp"),
        Panel((f"{c}_retail_price_rp_per_kg",), "series.retail_price", "axis.rp_kg", "rp"),
        Panel((f"{c}_shipped_to_surabaya_t",), "series.shipped", "axis.t_day"),
        Panel(tuple(f"{x}_waste_t" for x in commodities), "series.waste_all", "axis.t_day"),
        Panel(("farmer_net_income_rp",), "series.farmer_net_income", "axis.rp_day", "rp"),
        Panel(("pad_blitar_rp",), "series.pad_blitar", "axis.rp_day", "rp"),
    ]


def timeseries_figure(
    runs: Runs,
    panels: Sequence[Panel],
    *,
    lang: str = "id",
    title: str | None = None,
    commodity: str | None = None,
    smooth_days: int = 7,
    ncols: int = 2,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Panels of daily series with replicate fans (median, 50% and 90% of seeds)."""
    check_lang(lang)
    runs = _as_runs(runs)
    first = next(iter(runs.values()))[0]
    commodity = commodity or (_commodities(first) or ["?"])[0]
    ncols = min(ncols, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    smooth = tr("smooth", lang, n=smooth_days) if smooth_days > 1 else tr("daily", lang)
    cap = _runs_caption(runs, lang, caption)
    with S.apply_style():
        root, body = _page(
            fig,
            (S.FIGURE_WIDTH, 1.1 + 2.2 * nrows),
            title or tr("fig.timeseries", lang),
            f"{smooth}. {cap}",
        )
        axes = np.atleast_1d(body.subplots(nrows, ncols, squeeze=False).ravel())
        handles = []
        for ax, panel in zip(axes, panels, strict=False):
            handles = fan(
                ax, runs, panel.columns, smooth_days=smooth_days, factor=panel.factor, lang=lang
            )
            title_text = tr(panel.title, lang, commodity=commodity_label(commodity, lang))
            ax.set_title(_title(title_text, {1: 80, 2: 44}.get(ncols, 30)))
            ax.set_ylabel(tr(panel.unit, lang))
            ax.set_xlabel(tr("axis.date", lang))
            ax.yaxis.set_major_formatter(LocaleFormatter(panel.kind, lang))
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        n_max = max(len(v) for v in runs.values())
        legend = handles + _band_handles(lang, n_max)
        body.legend(handles=legend, loc="outside lower center", ncols=min(len(legend), 4))
    return root


def prices_figure(runs: Runs, *, commodity: str = "eggs", lang: str = "id", **kw) -> Figure:
    """Farm-gate, Surabaya wholesale and retail price of a commodity (Rp/kg)."""
    title = tr("fig.prices", lang, commodity=commodity_label(commodity, lang))
    return timeseries_figure(
        runs, price_panels(commodity), lang=lang, title=title, commodity=commodity, ncols=3, **kw
    )


def volumes_figure(runs: Runs, *, commodity: str = "eggs", lang: str = "id", **kw) -> Figure:
    """Shipments to Surabaya, the direct channel's volume and waste (t/day)."""
    first = next(iter(_as_runs(runs).values()))[0]
    title = tr("fig.volumes", lang, commodity=commodity_label(commodity, lang))
    return timeseries_figure(
        runs,
        volume_panels(commodity, _commodities(first)),
        lang=lang,
        title=title,
        commodity=commodity,
        ncols=3,
        **kw,
    )


def incomes_figure(runs: Runs, *, lang: str = "id", **kw) -> Figure:
    """Farmers' net income, Blitar UMKM revenue and both regions' PAD (Rp/day)."""
    return timeseries_figure(runs, income_panels(), lang=lang, title=tr("fig.incomes", lang), **kw)


def overview_figure(runs: Runs, *, commodity: str = "eggs", lang: str = "id", **kw) -> Figure:
    """Prices, shipments, waste, farmer income and PAD Blitar: the brief's daily page."""
    first = next(iter(_as_runs(runs).values()))[0]
    return timeseries_figure(
        runs,
        overview_panels(commodity, _commodities(first)),
        lang=lang,
        title=tr("fig.overview", lang),
        commodity=commodity,
        **kw,
    )


# ---------------------------------------------------------------------- comparison
DEFAULT_IMPACT_KPIS = (
    "farmer_income_mean_rp",
    "farm_gate_price_rp_per_kg",
    "surabaya_retail_price_rp_per_kg",
    "surabaya_price_cv",
    "blitar_to_surabaya_t_per_year",
    "waste_t_per_year",
    "umkm_revenue_rp_per_year",
    "blitar_visits_from_surabaya_per_year",
    "pad_blitar_rp_per_year",
    "pad_surabaya_rp_per_year",
    "williamson_index",
)


# how a change looks: +1 improvement, -1 deterioration, 0 neither, None not distinguishable
# from zero; colour and hatching differ, so the bars stay apart in greyscale
VERDICT_STYLE = {
    1: {"color": "#1b7837", "edge": "#1b7837", "hatch": "", "text": "#1b7837",
        "word": "verdict.better"},
    -1: {"color": "#f4a582", "edge": "#b2182b", "hatch": "xxxx", "text": "#b2182b",
         "word": "verdict.worse"},
    0: {"color": "#bdbdbd", "edge": "#525252", "hatch": "", "text": S.INK,
        "word": "verdict.neutral"},
    None: {"color": "white", "edge": "#525252", "hatch": "////", "text": S.MUTED,
           "word": "verdict.unclear"},
}  # fmt: skip


def impact_bars(
    rows: pd.DataFrame,
    kpis: Sequence[str] | None = None,
    *,
    lang: str = "id",
    scenarios: Sequence[str] = ("A", "B"),
    days: int | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Scenario against reference from compare.csv rows: the change of each KPI in % of the
    reference with its 95% CI; solid bars are distinguishable from zero, hatched ones not. The
    absolute change is written beside each bar. KPIs whose reference value is 0 are left out
    (no percentage) and named in the footer."""
    check_lang(lang)
    table = rows.set_index("kpi")
    wanted = [k for k in (kpis or DEFAULT_IMPACT_KPIS) if k in table.index]
    shown, skipped = [], []
    for k in wanted:
        base = float(table.at[k, "mean_a"])
        (shown if base != 0.0 and np.isfinite(base) else skipped).append(k)
    n = int(rows["n"].max()) if "n" in rows and len(rows) else 0
    cap = caption or source_line(scenarios, n, lang)
    if skipped:
        cap += " " + tr("impact.skipped", lang, kpis=", ".join(kpi_label(k, lang) for k in skipped))
    a, b = scenarios[0], scenarios[-1]
    with S.apply_style():
        height = 1.3 + 0.36 * max(len(shown), 1)
        root, body = _page(fig, (S.FIGURE_WIDTH, height), tr("fig.impacts", lang, a=a, b=b), cap)
        ax, side = body.subplots(1, 2, width_ratios=[3.0, 1.45], sharey=True)
        side.axis("off")
        y = np.arange(len(shown))[::-1]
        for yi, k in zip(y, shown, strict=True):
            r = table.loc[k]
            base = abs(float(r["mean_a"]))
            rel, lo, hi = r["diff"] / base, r["ci_low"] / base, r["ci_high"] / base
            real = bool(r["distinguishable"]) and n >= 2
            look = VERDICT_STYLE[R.verdict(k, r["diff"]) if real else None]
            ax.barh(
                yi,
                rel,
                height=0.62,
                color=look["color"],
                edgecolor=look["edge"],
                hatch=look["hatch"],
                linewidth=0.7,
            )
            if np.isfinite(lo) and np.isfinite(hi) and n >= 2:
                ax.errorbar(
                    rel,
                    yi,
                    xerr=[[max(rel - lo, 0.0)], [max(hi - rel, 0.0)]],
                    color=S.INK,
                    capsize=2.5,
                    linewidth=0.9,
                    marker="",
                )
            word = tr(look["word"], lang)
            side.text(
                0.02,
                yi,
                f"{fmt_kpi_diff(k, r['diff'], lang)} {kpi_phrase(k, lang, days)}".strip()
                + f"\n{word}",
                va="center",
                ha="left",
                fontsize=7.0,
                linespacing=1.1,
                color=look["text"],
            )
        ax.axvline(0.0, color=S.INK, linewidth=0.8)
        ax.set_yticks(y, [kpi_label(k, lang) for k in shown])
        ax.set_ylim(-0.7, len(shown) - 0.3)
        ax.set_xlabel(tr("axis.change_pct", lang, a=a))
        ax.xaxis.set_major_formatter(LocaleFormatter("pct", lang))
        ax.grid(axis="y", visible=False)
        side.set_title(tr("impact.absolute", lang), fontsize=7.5, loc="left")
        legend = [
            Patch(
                facecolor=VERDICT_STYLE[v]["color"],
                edgecolor=VERDICT_STYLE[v]["edge"],
                hatch=VERDICT_STYLE[v]["hatch"],
                label=tr(VERDICT_STYLE[v]["word"], lang),
            )
            for v in (1, -1, 0, None)
        ]
        legend.append(
            Line2D([], [], color=S.INK, marker="|", linestyle="-", label=tr("ci95", lang))
        )
        body.legend(handles=legend, loc="outside lower center", ncols=3)
    return root


def cost_effectiveness_figure(
    ce: pd.DataFrame,
    *,
    lang: str = "id",
    scenarios: Sequence[str] = ("A", "B"),
    n_seeds: int | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Change of each effect per year per Rp of extra program spending (from
    cost_effectiveness.csv) with 95% CIs and the break-even line at Rp 1 per Rp 1."""
    check_lang(lang)
    cap = caption or source_line(scenarios, n_seeds or 0, lang)
    with S.apply_style():
        height = 1.4 + 0.42 * max(len(ce), 1)
        root, body = _page(fig, (S.FIGURE_WIDTH, height), tr("fig.cost_effectiveness", lang), cap)
        ax, side = body.subplots(1, 2, width_ratios=[3.0, 1.45], sharey=True)
        side.axis("off")
        y = np.arange(len(ce))[::-1]
        finite = ce["rp_per_rp"].apply(lambda v: np.isfinite(v)).to_numpy()
        labels = []
        for k, (yi, r) in enumerate(zip(y, ce.itertuples(), strict=True)):
            # one colour (every effect is a benefit); hatching tells the bars apart
            st = {**S.series_style(k + 1), "color": S.series_style(1)["color"]}
            labels.append(kpi_label(r.kpi, lang) if R.get(r.kpi) else str(r.effect))
            if np.isfinite(r.rp_per_rp):
                ax.barh(
                    yi,
                    r.rp_per_rp,
                    height=0.6,
                    color=st["color"],
                    hatch=st["hatch"],
                    edgecolor=S.INK,
                    linewidth=0.6,
                )
                has_ci = np.isfinite(r.ci_low) and np.isfinite(r.ci_high) and r.ci_high > r.ci_low
                if has_ci:
                    ax.errorbar(
                        r.rp_per_rp,
                        yi,
                        xerr=[
                            [max(r.rp_per_rp - r.ci_low, 0.0)],
                            [max(r.ci_high - r.rp_per_rp, 0.0)],
                        ],
                        color=S.INK,
                        capsize=2.5,
                        linewidth=0.9,
                        marker="",
                    )
                text = tr("ce.value", lang, value=fmt_number(r.rp_per_rp, lang, 1))
                if has_ci:
                    text += "\n" + tr(
                        "ce.ci",
                        lang,
                        lo=fmt_number(r.ci_low, lang, 1),
                        hi=fmt_number(r.ci_high, lang, 1),
                    )
            else:
                text = tr("ce.undefined", lang)
            side.text(0.02, yi, text, va="center", ha="left", fontsize=7.0)
        ax.set_yticks(y, labels)
        ax.set_ylim(-0.7, len(ce) - 0.3)
        ax.axvline(0.0, color=S.INK, linewidth=0.8)
        if finite.any():
            ax.axvline(1.0, color=S.INK, linewidth=0.9, linestyle=":")
            ax.text(
                1.0,
                1.0,
                " " + tr("ce.break_even", lang),
                transform=ax.get_xaxis_transform(),
                ha="left",
                va="bottom",
                fontsize=6.8,
                color=S.INK,
            )
        else:
            ax.set_xlim(-1, 2)
        ax.set_xlabel(tr("axis.rp_per_rp", lang))
        ax.xaxis.set_major_formatter(LocaleFormatter("number", lang))
        ax.grid(axis="y", visible=False)
        side.set_title(tr("ce.per_rp", lang), fontsize=7.5, loc="left")
    return root


# ---------------------------------------------------------------------- flows
def annual_totals(
    frames: Sequence[pd.DataFrame], commodities: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per seed (rows): yearly flows between the regions from daily frames, annualised by
    365.25 / days. Goods value is tonnes sold in Surabaya times that day's wholesale price."""
    rows = []
    for f in frames:
        comms = list(commodities or _commodities(f))
        k = DAYS_PER_YEAR / len(f)
        row = {}
        value = 0.0
        for c in comms:
            row[f"{c}_t"] = f[f"{c}_shipped_to_surabaya_t"].sum() * k
            row[f"{c}_direct_t"] = f[f"{c}_direct_channel_t"].sum() * k
            value += (
                f[f"{c}_sold_in_surabaya_t"] * 1000.0 * f[f"{c}_wholesale_price_rp_per_kg"]
            ).sum() * k
        row["goods_t"] = sum(row[f"{c}_t"] for c in comms)
        row["direct_t"] = sum(row[f"{c}_direct_t"] for c in comms)
        row["goods_value_rp"] = value
        row["umkm_sales_rp"] = f["umkm_sales_in_surabaya_blitar_rp"].sum() * k
        row["visits_from_surabaya"] = f["blitar_visits_from_surabaya"].sum() * k
        row["visits_blitar"] = f["tourist_arrivals_blitar"].sum() * k
        row["tourist_spending_blitar_rp"] = f["tourist_spending_blitar_rp"].sum() * k
        row["program_spending_rp"] = f["program_spending_rp"].sum() * k
        rows.append(row)
    return pd.DataFrame(rows)


def flows_figure(
    runs: Runs,
    *,
    lang: str = "id",
    regions: tuple[str, str] | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """An annotated diagram of the yearly flows between the two regions: goods (t), money (Rp)
    and tourists, as the mean over seeds; with two or more scenarios each value reads
    "reference → last scenario (change in %)"."""
    check_lang(lang)
    runs = _as_runs(runs)
    first = next(iter(runs.values()))[0]
    comms = _commodities(first)
    totals = {name: annual_totals(frames, comms).mean() for name, frames in runs.items()}
    names = list(totals)
    producer, market = regions or (tr("region.producer", lang), tr("region.market", lang))
    cap = _runs_caption(runs, lang, caption) + " " + tr("flows.note", lang)

    def value(key: str, fmt) -> str:
        ref, last = totals[names[0]][key], totals[names[-1]][key]
        if len(names) == 1:
            return fmt(last)
        text = f"{fmt(ref)} → {fmt(last)}"
        if ref != 0 and np.isfinite(ref):
            text += f" ({fmt_pct((last - ref) / abs(ref), lang, signed=True)})"
        return text

    def tonnes(v):
        return fmt_tonnes(v, lang) if v != 0 else "0 t"

    def rupiah(v):
        return fmt_rp_short(v, lang)

    def count(v):
        return fmt_number(v, lang)

    flows = [
        # (y of the arrow, left to right?, line style, heading, lines)
        (
            0.70,
            True,
            "-",
            "flows.goods",
            [
                tr("flows.goods_total", lang, v=value("goods_t", tonnes)),
                tr("flows.direct", lang, v=value("direct_t", tonnes)),
            ],
        ),
        (
            0.41,
            False,
            "--",
            "flows.money",
            [
                tr("flows.goods_value", lang, v=value("goods_value_rp", rupiah)),
                tr("flows.umkm_sales", lang, v=value("umkm_sales_rp", rupiah)),
            ],
        ),
        (
            0.12,
            False,
            ":",
            "flows.tourists",
            [
                tr("flows.visits", lang, v=value("visits_from_surabaya", count)),
                tr("flows.visits_all", lang, v=value("visits_blitar", count)),
            ],
        ),
    ]
    with S.apply_style():
        root, body = _page(fig, (S.FIGURE_WIDTH, 4.4), tr("fig.flows", lang), cap)
        ax = body.subplots()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        left, right, box_w = 0.005, 0.845, 0.15
        for x, label in ((left, producer), (right, market)):
            ax.add_patch(
                FancyBboxPatch(
                    (x, 0.03),
                    box_w,
                    0.86,
                    boxstyle="round,pad=0.004,rounding_size=0.015",
                    facecolor="#f0f0f0",
                    edgecolor=S.INK,
                    linewidth=1.0,
                )
            )
            ax.text(
                x + box_w / 2,
                0.46,
                "\n".join(textwrap.wrap(label, 12)),
                ha="center",
                va="center",
                fontsize=9.5,
                fontweight="bold",
            )
        if len(names) > 1:
            ax.text(
                0.5,
                0.99,
                tr(
                    "flows.legend",
                    lang,
                    a=_scenario_name(names[0], lang),
                    b=_scenario_name(names[-1], lang),
                ),
                ha="center",
                va="top",
                fontsize=7.2,
                style="italic",
            )
        x_a, x_b = left + box_w + 0.01, right - 0.01
        for y, rightward, ls, head, lines in flows:
            start, end = (x_a, x_b) if rightward else (x_b, x_a)
            ax.add_patch(
                FancyArrowPatch(
                    (start, y),
                    (end, y),
                    arrowstyle="-|>",
                    mutation_scale=14,
                    linewidth=2.0,
                    linestyle=ls,
                    color=S.INK,
                )
            )
            ax.text(
                0.5,
                y + 0.17,
                tr(head, lang),
                ha="center",
                va="bottom",
                fontsize=8.5,
                fontweight="bold",
            )
            ax.text(
                0.5,
                y + 0.165,
                "\n".join(lines),
                ha="center",
                va="top",
                fontsize=7.2,
                linespacing=1.3,
            )
    return root


# ---------------------------------------------------------------------- UMKM
def umkm_channel_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares of operating Blitar UMKM by channel: online (they also reach Surabaya buyers),
    selling in Surabaya through outlets and exhibitions only, and local (offline) only."""
    alive = frame["umkm_alive_blitar"].to_numpy(float)
    online = frame["umkm_online_blitar"].to_numpy(float)
    surabaya = frame["umkm_selling_in_surabaya"].to_numpy(float)
    outlet = np.clip(surabaya - online, 0.0, None)
    local = np.clip(alive - online - outlet, 0.0, None)
    with np.errstate(invalid="ignore", divide="ignore"):
        den = np.where(alive > 0, alive, np.nan)
        return pd.DataFrame({"online": online / den, "outlet": outlet / den, "local": local / den})


def umkm_channels_figure(
    runs: Runs,
    *,
    lang: str = "id",
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Channel shares of Blitar UMKM over time (mean over seeds), one panel per scenario,
    and the number of operating firms with replicate fans."""
    check_lang(lang)
    runs = _as_runs(runs)
    cap = _runs_caption(runs, lang, caption)
    keys = ("online", "outlet", "local")
    with S.apply_style():
        root, body = _page(fig, (S.FIGURE_WIDTH, 5.2), tr("fig.umkm", lang), cap)
        top, bottom = body.subfigures(2, 1, height_ratios=[1.15, 1.0])
        axes = np.atleast_1d(top.subplots(1, len(runs), sharey=True, squeeze=False).ravel())
        for ax, (name, frames) in zip(axes, runs.items(), strict=True):
            shares = [umkm_channel_shares(f) for f in frames]
            n = min(len(s) for s in shares)
            med = {
                k: np.mean(np.vstack([s[k].to_numpy()[:n] for s in shares]), axis=0) for k in keys
            }
            dates = _dates(frames[0])[:n]
            polys = ax.stackplot(
                dates,
                *[med[k] for k in keys],
                labels=[tr(f"umkm.{k}", lang) for k in keys],
                colors=[S.STACK[i]["color"] for i in range(3)],
                edgecolor=S.INK,
                linewidth=0.4,
            )
            for i, p in enumerate(polys):
                p.set_hatch(S.STACK[i]["hatch"])
            ax.set_ylim(0, 1)
            ax.yaxis.set_major_formatter(LocaleFormatter("pct", lang))
            ax.set_title(_scenario_name(name, lang))
            ax.set_ylabel(tr("axis.share_firms", lang))
            ax.set_xlabel(tr("axis.date", lang))
            _date_axis(ax, lang, dates)
        top.legend(
            handles=list(reversed(axes[0].get_legend_handles_labels()[0])),
            loc="outside right center",
            fontsize=7.0,
        )
        ax = bottom.subplots()
        handles = fan(ax, runs, "umkm_alive_blitar", smooth_days=1, lang=lang)
        ax.set_title(tr("series.umkm_alive", lang))
        ax.set_ylabel(tr("axis.firms", lang))
        ax.set_xlabel(tr("axis.date", lang))
        ax.yaxis.set_major_formatter(LocaleFormatter("number", lang))
        n_max = max(len(v) for v in runs.values())
        bottom.legend(
            handles=handles + _band_handles(lang, n_max), loc="outside right center", fontsize=7.0
        )
    return root


# ---------------------------------------------------------------------- tourism
def monthly_arrivals(frame: pd.DataFrame) -> pd.DataFrame:
    """Visitors per calendar month (rows 1..12 present in the run): mean per day in that
    month times its days, averaged over the years the run covers."""
    f = frame[
        [
            "date",
            "tourist_arrivals_surabaya",
            "tourist_arrivals_blitar",
            "blitar_visits_from_surabaya",
        ]
    ].copy()
    f["date"] = pd.to_datetime(f["date"])
    f["month"] = f["date"].dt.month
    days = f["date"].dt.days_in_month
    per_day = f.drop(columns="date").groupby("month").mean()
    per_day = per_day.mul(days.groupby(f["month"]).mean(), axis=0)
    return per_day


def tourism_seasonality_figure(
    runs: Runs,
    *,
    lang: str = "id",
    regions: tuple[str, str] | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Tourist arrivals by month in Surabaya and in Blitar, mean over seeds with its 95%
    confidence interval as error bars; Blitar's bars are split into visitors who came on from
    Surabaya (filled) and direct visitors (white)."""
    check_lang(lang)
    runs = _as_runs(runs)
    producer, market = regions or (tr("region.producer", lang), tr("region.market", lang))
    cap = _runs_caption(runs, lang, caption)
    months = tr("months", lang).split()
    with S.apply_style():
        root, body = _page(fig, (S.FIGURE_WIDTH, 4.2), tr("fig.tourism", lang), cap)
        ax_s, ax_b = body.subplots(1, 2)
        n_sc = len(runs)
        width = 0.8 / n_sc
        handles = []
        idx = None
        for k, (name, frames) in enumerate(runs.items()):
            st = _scenario_style(k, n_sc)
            tables = [monthly_arrivals(f) for f in frames]
            idx = tables[0].index
            x = np.arange(len(idx)) + (k - (n_sc - 1) / 2) * width

            def mean_ci_bars(col, tables=tables, idx=idx):
                """Mean over seeds and its CI half-widths."""
                stack = np.vstack([t[col].reindex(idx).to_numpy() for t in tables])
                stats = [_mean_ci(stack[:, j]) for j in range(stack.shape[1])]
                mean = np.array([m for m, _, _ in stats])
                lo = np.array([lo for _, lo, _ in stats])
                hi = np.array([hi for _, _, hi in stats])
                return mean, np.nan_to_num(np.vstack([mean - lo, hi - mean]))

            bar_kw = {"width": width * 0.9, "edgecolor": st["color"], "linewidth": 0.7}
            med, err = mean_ci_bars("tourist_arrivals_surabaya")
            ax_s.bar(x, med, color=st["color"], hatch=st["hatch"], **bar_kw)
            total, err_b = mean_ci_bars("tourist_arrivals_blitar")
            ext, _ = mean_ci_bars("blitar_visits_from_surabaya")
            ax_b.bar(x, ext, color=st["color"], hatch=st["hatch"], **bar_kw)
            ax_b.bar(x, total - ext, bottom=ext, color="white", hatch=st["hatch"], **bar_kw)
            if len(frames) >= 2:
                for ax, m, e in ((ax_s, med, err), (ax_b, total, err_b)):
                    ax.errorbar(x, m, yerr=e, fmt="none", ecolor=S.INK, capsize=1.5, linewidth=0.6)
            handles.append(
                Patch(
                    facecolor=st["color"],
                    edgecolor=st["color"],
                    hatch=st["hatch"],
                    label=_scenario_name(name, lang),
                )
            )
        handles += [
            Patch(facecolor=S.MUTED, edgecolor=S.INK, label=tr("tourism.from_surabaya", lang)),
            Patch(facecolor="white", edgecolor=S.INK, label=tr("tourism.direct", lang)),
        ]
        for ax, region in ((ax_s, market), (ax_b, producer)):
            ax.set_xticks(np.arange(len(idx)), [months[m - 1] for m in idx])
            ax.set_title(tr("tourism.arrivals_in", lang, region=region))
            ax.set_ylabel(tr("axis.visits_month", lang))
            ax.set_xlabel(tr("axis.month", lang))
            ax.yaxis.set_major_formatter(LocaleFormatter("number", lang))
            ax.grid(axis="x", visible=False)
        body.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4))
    return root


# ---------------------------------------------------------------------- sweeps
def _mean_ci(values: np.ndarray) -> tuple[float, float, float]:
    from sim.compare import mean_ci

    return mean_ci(np.asarray(values, dtype=float))


def _sweep_caption(df: pd.DataFrame, lang: str, scenario: str | None, caption: str | None):
    if caption is not None:
        return caption
    n = int(df["seed"].nunique()) if "seed" in df else 1
    points = int(df["point"].nunique()) if "point" in df else len(df)
    return source_line(
        [scenario or tr("sweep", lang)],
        n,
        lang,
        extra=tr("source.points", lang, n=fmt_number(points, lang)),
    )


def _axis_kind(column: str) -> str:
    kind = kpi_kind(column)
    if kind.startswith("rp"):
        return "rp"
    return "pct" if kind == "share" else "number"


def _run_days(df: pd.DataFrame) -> int | None:
    """The simulated days of a sweep's runs, when they all ran the same horizon."""
    if "days" in df and df["days"].nunique() == 1:
        return int(df["days"].iloc[0])
    return None


def _kpi_axis_label(kpi: str, lang: str, days: int | None = None) -> str:
    return f"{kpi_label(kpi, lang)} ({kpi_unit(kpi, lang, days)})"


def _tick(v: float, lang: str) -> str:
    """A parameter value on an axis: whole numbers without decimals ("7", not "7,00")."""
    v = float(v)
    if v.is_integer():
        return fmt_number(v, lang)
    text = fmt_sig(v, lang, sig=3)
    point = "," if lang == "id" else "."
    return text.rstrip("0").rstrip(point) if point in text and "e" not in text else text


def paired_change(df: pd.DataFrame, keys: Sequence[str], y: str) -> tuple[pd.DataFrame, dict]:
    """Per design cell (``keys``) the mean paired difference of ``y`` against the reference
    cell (the lowest value of every key), with its CI over seeds: sweeps run every point on the
    same seeds (common random numbers), so runs pair by seed. Returns the table (columns
    ``keys``, mean, lo, hi) and the reference cell."""
    cells = {
        (k if isinstance(k, tuple) else (k,)): g
        for k, g in df.groupby(list(keys) if len(keys) > 1 else keys[0], sort=True)
    }
    ref_key = min(cells)
    ref_by_seed = cells[ref_key].groupby("seed")[y].mean()
    rows = []
    for key, grp in cells.items():
        d = (grp.groupby("seed")[y].mean() - ref_by_seed).dropna().to_numpy()
        mean, lo, hi = _mean_ci(d) if d.size else (np.nan, np.nan, np.nan)
        rows.append({**dict(zip(keys, key, strict=True)), "mean": mean, "lo": lo, "hi": hi})
    return pd.DataFrame(rows), dict(zip(keys, ref_key, strict=True))


def _reference_text(ref: dict, lang: str) -> str:
    return tr("and", lang).join(f"{param_name(k, lang)} = {_tick(v, lang)}" for k, v in ref.items())


def response_curve(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    hue: str | None = None,
    lang: str = "id",
    scenario: str | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Change of KPI ``y`` against parameter ``x``, as the mean paired difference over seeds
    against the reference point (the lowest ``x``, and the lowest ``hue``), with the 95% CI
    band of that difference; ``hue`` draws one line per value of another parameter."""
    check_lang(lang)
    cap = _sweep_caption(df, lang, scenario, caption)
    keys = [x] if hue is None else [hue, x]
    table, ref = paired_change(df, keys, y)
    groups = [(None, table)] if hue is None else list(table.groupby(hue, sort=True))
    title = tr("fig.response", lang, y=kpi_label(y, lang), ref=_reference_text(ref, lang))
    with S.apply_style():
        root, body = _page(fig, (S.FIGURE_WIDTH * 0.8, 4.2), _title(title, 70), cap)
        ax = body.subplots()
        for k, (level, grp) in enumerate(groups):
            st = S.series_style(k + (1 if hue is None else 0))
            grp = grp.sort_values(x)
            xs = grp[x].to_numpy(float)
            mean, lo, hi = (grp[c].to_numpy(float) for c in ("mean", "lo", "hi"))
            label = None if hue is None else f"{param_name(hue, lang)} = {_tick(level, lang)}"
            ax.plot(xs, mean, color=st["color"], linestyle=st["linestyle"], marker=st["marker"],
                    label=label)  # fmt: skip
            ok = np.isfinite(lo) & np.isfinite(hi)
            if ok.any():
                hatch = st["hatch"] if hue is not None else None
                ax.fill_between(xs[ok], lo[ok], hi[ok], color=st["color"], alpha=0.18,
                                linewidth=0, hatch=hatch)  # fmt: skip
        ax.axhline(0.0, color=S.INK, linewidth=0.7)
        ax.set_xlabel(param_label(x, lang))
        ax.set_ylabel(tr("axis.change_unit", lang, unit=kpi_unit(y, lang, _run_days(df))))
        ax.yaxis.set_major_formatter(LocaleFormatter(_axis_kind(y), lang))
        ax.xaxis.set_major_formatter(LocaleFormatter("number", lang))
        handles, _ = ax.get_legend_handles_labels()
        handles.append(Patch(facecolor=S.MUTED, alpha=0.3, label=tr("ci95_paired", lang)))
        body.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 2))
    return root


def _binned(values: pd.Series, max_levels: int = 12) -> pd.Series:
    if values.nunique() <= max_levels:
        return values
    bins = pd.cut(values, bins=8)
    return bins.apply(lambda iv: iv.mid).astype(float)


def distinct_labels(values: np.ndarray, fmt) -> list[str]:
    """``fmt(v, digits)`` for each value with the fewest significant digits (2 to 6) at which
    cells of different value get different labels."""
    finite = values[np.isfinite(values)]
    distinct = len(np.unique(np.round(finite, 9)))
    for digits in range(2, 7):
        labels = [fmt(v, digits) for v in values]
        shown = {lab for lab, v in zip(labels, values, strict=True) if np.isfinite(v)}
        if len(shown) >= distinct:
            return labels
    return labels


def _fmt_change(kpi: str, lang: str):
    """Formatter (value, significant digits) -> text for a change of ``kpi``."""
    kind = kpi_kind(kpi)

    def fmt(v, digits):
        if not np.isfinite(v):
            return tr("na", lang)
        if kind.startswith("rp") and abs(v) >= 1e6:
            return fmt_rp_short(v, lang, signed=True, digits=max(digits - 1, 0))
        if kind.startswith("rp"):
            return fmt_rp(float(f"{v:.{digits}g}"), lang, signed=True)
        if kind == "share":
            return fmt_number(100 * v, lang, max(digits - 2, 1), signed=True) + " pp"
        return fmt_sig(v, lang, sig=digits, signed=True)

    return fmt


def heatmap(
    df: pd.DataFrame,
    x: str,
    y: str,
    z: str,
    *,
    lang: str = "id",
    scenario: str | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Change of KPI ``z`` over two parameters against the reference cell (lowest ``x`` and
    ``y``), the mean paired difference over seeds (continuous designs are binned into 8
    levels). The colour scale is centred on zero change (blue up, red down) and each cell's
    value is written in it at a precision that tells cells apart."""
    check_lang(lang)
    cap = _sweep_caption(df, lang, scenario, caption)
    data = df.assign(_x=_binned(df[x]), _y=_binned(df[y]))
    table, ref = paired_change(data, ["_y", "_x"], z)
    grid = table.pivot_table(index="_y", columns="_x", values="mean").sort_index()
    ref_text = _reference_text({x: ref["_x"], y: ref["_y"]}, lang)
    title = tr("fig.heatmap", lang, z=kpi_label(z, lang), ref=ref_text)
    with S.apply_style():
        root, body = _page(fig, (S.FIGURE_WIDTH * 0.85, 4.8), _title(title, 70), cap)
        ax = body.subplots()
        values = grid.to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        vmax = float(np.abs(finite).max()) if finite.size else 1.0
        vmax = vmax if vmax > 0 else 1.0
        im = ax.imshow(values, origin="lower", aspect="auto", cmap="RdBu", vmin=-vmax, vmax=vmax)
        ax.set_xticks(range(grid.shape[1]), [_tick(v, lang) for v in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [_tick(v, lang) for v in grid.index])
        ax.grid(False)
        if grid.size <= 150:
            labels = distinct_labels(values.ravel(), _fmt_change(z, lang))
            for idx, v in enumerate(values.ravel()):
                i, j = divmod(idx, grid.shape[1])
                if np.isfinite(v):
                    ax.text(j, i, labels[idx], ha="center", va="center", fontsize=6.2,
                            color="white" if abs(v) > 0.6 * vmax else "black")  # fmt: skip
        ax.set_xlabel(param_label(x, lang))
        ax.set_ylabel(param_label(y, lang))
        bar = body.colorbar(im, ax=ax, shrink=0.9)
        bar.set_label(tr("axis.change_unit", lang, unit=kpi_unit(z, lang, _run_days(df))))
        bar.ax.yaxis.set_major_formatter(LocaleFormatter(_axis_kind(z), lang))
    return root


def sensitivity_bars(
    indices: pd.DataFrame,
    *,
    kpi: str | Sequence[str] | None = None,
    lang: str = "id",
    scenario: str | None = None,
    n_seeds: int | None = None,
    caption: str | None = None,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """First-order (S1, solid) and total (ST, hatched) Sobol indices per parameter with their
    95% CIs, one panel per KPI."""
    check_lang(lang)
    kpis = [kpi] if isinstance(kpi, str) else list(kpi or indices["kpi"].unique())
    cap = caption or source_line([scenario or tr("sweep", lang)], n_seeds or 1, lang)
    params = list(dict.fromkeys(indices["parameter"]))
    with S.apply_style():
        height = 1.2 + (0.45 + 0.3 * len(params)) * math.ceil(len(kpis) / 2)
        root, body = _page(fig, (S.FIGURE_WIDTH, height), tr("fig.sensitivity", lang), cap)
        ncols = min(2, len(kpis))
        axes = body.subplots(math.ceil(len(kpis) / ncols), ncols, squeeze=False, sharex=True)
        axes = axes.ravel()
        for ax, name in zip(axes, kpis, strict=False):
            sub = indices[indices["kpi"] == name].set_index("parameter").reindex(params)
            y = np.arange(len(params))[::-1]
            for off, (col, st) in zip(
                (0.18, -0.18), (("S1", S.series_style(1)), ("ST", S.series_style(2))), strict=True
            ):
                v = sub[col].to_numpy(float)
                lo = np.clip(v - sub[f"{col}_low"].to_numpy(float), 0, None)
                hi = np.clip(sub[f"{col}_high"].to_numpy(float) - v, 0, None)
                ax.barh(
                    y + off,
                    v,
                    height=0.34,
                    color=st["color"] if col == "S1" else "white",
                    edgecolor=st["color"] if col == "S1" else S.INK,
                    hatch="" if col == "S1" else "////",
                    label=tr(f"sobol.{col}", lang),
                    xerr=[np.nan_to_num(lo), np.nan_to_num(hi)],
                    error_kw={"capsize": 2, "linewidth": 0.8, "ecolor": S.INK},
                )
            ax.set_yticks(y, [param_label(p, lang) for p in params], fontsize=6.8)
            # over the labels, ending at the panel's right edge: a long KPI name started over
            # the right column's narrow panel ran past the figure's edge
            ax.set_title(textwrap.fill(kpi_label(name, lang), 44), fontsize=8, loc="right")
            ax.set_xlabel(tr("axis.sobol", lang))
            ax.tick_params(labelbottom=True)  # the scale on every panel, not the last row's
            ax.axvline(0, color=S.INK, linewidth=0.7)
            ax.grid(axis="y", visible=False)
        for ax in axes[len(kpis) :]:
            ax.set_visible(False)
        handles, _ = axes[0].get_legend_handles_labels()
        body.legend(handles=handles, loc="outside lower center", ncols=2)
    return root
