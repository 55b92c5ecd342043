"""The explorer's charts: which daily series each shows, in what units, and how it is drawn.

Every chart draws the run (scenario + levers) as solid lines and the baseline as dashed lines
of the same colour, over the whole simulated period so that lines grow from left to right.
The SVG writer is plain Python (no plotting library), fast enough to redraw every frame.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

import numpy as np

RUN_COLOR = "#1565c0"
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Line:
    """A daily series: ``commodity.series`` (``*.series`` sums commodities) or a global series."""

    series: str
    label: str
    color: str = RUN_COLOR


@dataclass(frozen=True)
class Chart:
    """One chart. ``transform``: daily (as recorded), avg7 (trailing 7-day mean), cumulative
    (running total since the first day) or level (a stock, as recorded). Values are multiplied
    by ``factor`` into the units of ``unit``. ``zero`` keeps 0 on the y axis."""

    key: str
    title: str
    unit: str
    help: str
    lines: tuple[Line, ...]
    transform: str = "daily"
    factor: float = 1.0
    zero: bool = True
    fmt: str = "{}"  # the headline number in words, e.g. "Rp {}/kg"

    @property
    def headline(self) -> str:
        """What the card's headline number is."""
        return {
            "daily": "mean so far",
            "avg7": "mean so far",
            "cumulative": "total so far",
            "level": "today",
        }[self.transform]


CHARTS: tuple[Chart, ...] = (
    Chart(
        "egg_prices",
        "Egg prices in Surabaya",
        "Rp/kg (7-day average)",
        "Wholesale: the daily price on the Surabaya market. Retail: what households pay "
        "(wholesale plus the shops' 10% markup).",
        (
            Line("eggs.wholesale_price_rp_per_kg", "wholesale", "#ef6c00"),
            Line("eggs.retail_price_rp_per_kg", "retail", "#c62828"),
        ),
        transform="avg7",
        zero=False,
        fmt="Rp {}/kg",
    ),
    Chart(
        "farm_gate",
        "Farm-gate egg price in Blitar",
        "Rp/kg",
        "What Blitar's layer farmers receive per kg, averaged over all their sales that day "
        "(to middlemen and the direct channel). Production costs about Rp 21,000/kg.",
        (Line("eggs.farm_gate_price_rp_per_kg", "farm-gate", "#2e7d32"),),
        transform="daily",
        zero=False,
        fmt="Rp {}/kg",
    ),
    Chart(
        "egg_volume",
        "Eggs shipped Blitar → Surabaya",
        "t/day (7-day average)",
        "Tonnes of eggs a day trucked from Blitar to Surabaya by middlemen and the direct "
        "channel. The rest of Blitar's ~390 t/day goes to other markets.",
        (Line("eggs.shipped_to_surabaya_t", "shipped"),),
        transform="avg7",
        fmt="{} t/day",
    ),
    Chart(
        "waste",
        "Waste and spoilage",
        "t/day (7-day average)",
        "Farm goods of every commodity in the scenario (eggs and chili in the baseline) lost "
        "on farms (past shelf life), broken on the road, spoiled in transit or unsold in "
        "Surabaya.",
        (Line("*.waste_t", "waste"),),
        transform="avg7",
        fmt="{} t/day",
    ),
    Chart(
        "farmer_income",
        "Farmers' net income",
        "Rp billion, since 1 Jan",
        "Sales minus production costs of all Blitar farmers of the scenario's commodities "
        "(about 23,000 egg and chili farmers in the baseline), added up day by day.",
        (Line("farmer_net_income_rp", "net income"),),
        transform="cumulative",
        factor=1e-9,
        fmt="Rp {} billion",
    ),
    Chart(
        "umkm_online",
        "Blitar UMKM selling online",
        "firms",
        "Blitar's micro and small businesses (of ~35,000) that sell online: they need "
        "digital skills and internet. Training, e-Peken and coverage raise this.",
        (Line("umkm_online_blitar", "online"),),
        transform="level",
        zero=False,
        fmt="{} firms",
    ),
    Chart(
        "visits",
        "Visits to Blitar by Surabaya's visitors",
        "thousand visits, since 1 Jan",
        "Visitors to Surabaya who travel on to Blitar (promotion, packages, a faster road).",
        (Line("blitar_visits_from_surabaya", "visits"),),
        transform="cumulative",
        factor=1e-3,
        fmt="{} thousand visits",
    ),
    Chart(
        "pad_surabaya",
        "PAD of Surabaya",
        "Rp billion, since 1 Jan",
        "Own-source revenue of Kota Surabaya from the modelled activity: market fees, hotel "
        "and restaurant taxes, attraction fees and UMKM levies.",
        (Line("pad_surabaya_rp", "PAD Surabaya"),),
        transform="cumulative",
        factor=1e-9,
        fmt="Rp {} billion",
    ),
    Chart(
        "pad_blitar",
        "PAD of Blitar",
        "Rp billion, since 1 Jan",
        "Own-source revenue of the Blitar government from tourism taxes, attraction fees "
        "and UMKM levies.",
        (Line("pad_blitar_rp", "PAD Blitar"),),
        transform="cumulative",
        factor=1e-9,
        fmt="Rp {} billion",
    ),
    Chart(
        "spending",
        "Program spending, both governments",
        "Rp billion, since 1 Jan",
        "What Surabaya and Blitar pay for the cooperation's programs (subsidy, direct "
        "channel, training, promotion, ...). Zero in the baseline.",
        (Line("program_spending_rp", "spending"),),
        transform="cumulative",
        factor=1e-9,
        fmt="Rp {} billion",
    ),
)


# ---------------------------------------------------------------------- series
def raw_series(model, series: str) -> np.ndarray:
    """The reported days simulated so far (after the warm-up) of one daily series of a
    KADModel (full-scale units)."""
    n = model.day
    w = min(model.warmup_days, n)
    rec = model.recorder
    if "." in series:
        commodity, name = series.split(".", 1)
        arr = rec.c[name][w:n]
        if commodity == "*":
            return arr.sum(axis=1)
        return arr[:, model.commodity_names.index(commodity)]
    return rec.g[series][w:n]


def transform(values: np.ndarray, how: str, factor: float = 1.0) -> np.ndarray:
    """A chart transform of a daily series (see :class:`Chart`)."""
    x = np.asarray(values, dtype=float) * factor
    if how in ("daily", "level"):
        return x
    if how == "cumulative":
        return np.cumsum(np.nan_to_num(x))
    if how == "avg7":
        ok = np.isfinite(x)
        total = np.cumsum(np.where(ok, x, 0.0))
        count = np.cumsum(ok)
        total[7:] = total[7:] - total[:-7]
        count[7:] = count[7:] - count[:-7]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / np.maximum(count, 1), np.nan)
    raise ValueError(f"unknown transform {how!r}")


def headline_value(chart: Chart, model, line: Line | None = None) -> float:
    """The chart's headline number for one run: mean, total or today's value (chart units)."""
    line = line or chart.lines[-1]
    raw = raw_series(model, line.series) * chart.factor
    if raw.size == 0 or not np.isfinite(raw).any():
        return float("nan")
    if chart.transform in ("daily", "avg7"):
        return float(np.nanmean(raw))
    if chart.transform == "cumulative":
        return float(np.nansum(raw))
    return float(raw[np.isfinite(raw)][-1])


def format_number(value: float, digits: int = 3) -> str:
    """A number for people: thousands separators, about ``digits`` significant digits."""
    if value is None or not math.isfinite(value):
        return "–"
    a = abs(value)
    if a >= 10 ** (digits - 1) or a == 0.0:
        return f"{value:,.0f}"
    decimals = digits - 1 - int(math.floor(math.log10(a)))
    return f"{value:,.{max(0, decimals)}f}"


def difference_text(run: float, base: float, fmt: str = "{}", lang: str = "en") -> str:
    """Run against baseline: a signed percentage, or a signed difference (in ``fmt``, e.g.
    ``"Rp {} billion"``) when the baseline is 0; words and number format in ``lang``."""
    from sim.explorer.i18n import localise_number, ui

    if not (math.isfinite(run) and math.isfinite(base)):
        return ""
    if abs(base) < 1e-12:
        if abs(run) < 1e-12:
            return ui("same", lang)
        sign = "+" if run > base else "−"
        number = localise_number(format_number(abs(run - base)), lang)
        return ui("vs", lang, d=f"{sign}{fmt.format(number)}")
    pct = 100.0 * (run - base) / abs(base)
    if abs(pct) < 0.05:
        return ui("same", lang)
    return ui("vs", lang, d=localise_number(f"{pct:+.1f}%", lang))


# ---------------------------------------------------------------------- SVG
@dataclass(frozen=True)
class SvgLine:
    """One polyline: values per day from the first day; NaN leaves a gap."""

    values: np.ndarray
    color: str
    dashed: bool = False
    label: str = ""


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5, 5 x 10^k steps) covering [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        pad = abs(hi) * 0.05 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / count
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * mag >= raw * 0.999)
    start = math.floor(lo / step + 1e-9) * step
    ticks = []
    k = 0
    while True:
        v = start + k * step
        ticks.append(0.0 if abs(v) < step * 1e-9 else v)
        if v >= hi - step * 1e-9:
            break
        k += 1
    return ticks


def _tick_label(v: float, step: float) -> str:
    decimals = max(0, -int(math.floor(math.log10(step) + 1e-9))) if step < 1 else 0
    if step < 1 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return f"{v:,.{decimals}f}"


def line_chart_svg(
    lines: list[SvgLine],
    start_date: dt.date,
    total_days: int,
    y_label: str,
    *,
    title: str = "",
    zero: bool = True,
    width: int = 390,
    height: int = 245,
    empty_note: str = "No days simulated yet: press Step or ▶",
    months: tuple[str, ...] | list[str] = tuple(MONTHS),
    date_word: str = "date",
    localise=lambda text: text,
) -> str:
    """An SVG line chart over days ``0 .. total_days - 1`` with month ticks and a y-axis unit
    (``months``: the tick names, January first, ``date_word`` the x-axis title and
    ``localise`` the number format of the tick labels, in the page's language)."""
    left, right, top, bottom = 70, 14, 10, 36
    pw, ph = width - left - right, height - top - bottom
    finite = [v[np.isfinite(v)] for v in (line.values for line in lines) if len(v)]
    finite = [v for v in finite if v.size]
    days_done = max((len(line.values) for line in lines), default=0)
    if finite:
        lo = min(float(v.min()) for v in finite)
        hi = max(float(v.max()) for v in finite)
        if zero:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
        else:
            pad = 0.05 * (hi - lo)
            lo, hi = lo - pad, hi + pad
    else:
        lo, hi = 0.0, 1.0
    ticks = nice_ticks(lo, hi)
    y0, y1 = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    span_days = max(total_days - 1, 1)

    def px(i: float) -> float:
        return left + pw * i / span_days

    def py(v: float) -> float:
        return top + ph * (1.0 - (v - y0) / (y1 - y0))

    out = [
        f'<svg class="kad-chart" data-day="{days_done}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" font-family="sans-serif" '
        f'font-size="12" style="width:100%;height:auto">'
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    # grid and y ticks
    for v in ticks:
        y = py(v)
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e0e0e0" stroke-width="1"/>'
            f'<text x="{left - 5}" y="{y + 3.5:.1f}" text-anchor="end" fill="#444">'
            f"{localise(_tick_label(v, step))}</text>"
        )
    # x ticks at month starts
    long_run = total_days > 400
    for i in range(total_days):
        d = start_date + dt.timedelta(days=i)
        if d.day != 1:
            continue
        x = px(i)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + ph}" y2="{top + ph + 4}" stroke="#888"/>'
        )
        if long_run and d.month not in (1, 4, 7, 10):
            continue
        label = f"{months[d.month - 1]} {d.year % 100:02d}" if long_run else months[d.month - 1]
        if x + 14 <= left + pw + right:
            out.append(f'<text x="{x + 2:.1f}" y="{top + ph + 16}" fill="#444">{label}</text>')
    end = start_date + dt.timedelta(days=total_days - 1)
    years = f"{start_date.year}" if end.year == start_date.year else f"{start_date.year}–{end.year}"
    out.append(
        f'<text x="{left + pw / 2:.1f}" y="{height - 3}" text-anchor="middle" fill="#444">'
        f"{date_word} ({years})</text>"
    )
    # axes
    out.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" stroke="#888"/>'
        f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#888"/>'
    )
    cy = top + ph / 2
    out.append(
        f'<text transform="translate(13,{cy:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="#222">{escape(y_label)}</text>'
    )
    # lines: baselines (dashed) first, runs on top
    for line in sorted(lines, key=lambda s: not s.dashed):
        v = np.asarray(line.values, dtype=float)
        dash = ' stroke-dasharray="5 3" stroke-opacity="0.75"' if line.dashed else ""
        width_px = 1.4 if line.dashed else 1.8
        segment: list[str] = []
        segments = []
        for i, val in enumerate(v):
            if math.isfinite(val):
                segment.append(f"{px(i):.1f},{py(val):.1f}")
            elif segment:
                segments.append(segment)
                segment = []
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) == 1:
                x, y = seg[0].split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="1.5" fill="{line.color}"/>')
                continue
            out.append(
                f'<polyline fill="none" stroke="{line.color}" stroke-width="{width_px}"'
                f'{dash} stroke-linejoin="round" points="{" ".join(seg)}">'
                f"<title>{escape(line.label)}</title></polyline>"
            )
    if not finite and empty_note:
        out.append(
            f'<text x="{left + pw / 2:.1f}" y="{top + ph / 2:.1f}" text-anchor="middle" '
            f'fill="#777">{escape(empty_note)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def chart_svg(chart: Chart, run_model, baseline_model, lang: str = "en") -> str:
    """The SVG of one chart: the run solid, the baseline dashed, both up to today (words in
    ``lang``; pass the chart already in that language, see sim.explorer.i18n.chart_in)."""
    from sim.explorer.i18n import localise_number, ui

    lines = []
    for line in chart.lines:
        for model, dashed, who in ((baseline_model, True, "baseline"), (run_model, False, "run")):
            values = transform(raw_series(model, line.series), chart.transform, chart.factor)
            lines.append(SvgLine(values, line.color, dashed, f"{line.label}, {who}"))
    cal, w = run_model.calendar, run_model.warmup_days
    return line_chart_svg(
        lines,
        cal.dates[w],
        run_model.days - w,
        chart.unit,
        title=chart.title,
        zero=chart.zero,
        empty_note=ui("empty", lang),
        months=ui("months", lang).split(),
        date_word=ui("date", lang),
        localise=lambda text: localise_number(text, lang),
    )
