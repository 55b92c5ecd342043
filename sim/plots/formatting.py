"""Rupiah, number and percentage formatting in Indonesian ("id") and English ("en").

Indonesian groups thousands with "." and writes decimals with ","; English the other way::

    fmt_rp(25_000, "id", per="kg")   -> "Rp 25.000/kg"       fmt_rp(25_000, "en", per="kg")
                                                               -> "Rp 25,000/kg"
    fmt_rp_short(1.2e9, "id")        -> "Rp 1,2 M"  (miliar)  "Rp 1.2 bn" in English
    fmt_rp_short(3.5e8, "id")        -> "Rp 350 jt" (juta)    "Rp 350 M" (million)
    fmt_rp_short(1.5e12, "id")       -> "Rp 1,5 T"  (triliun) "Rp 1.5 T"
    fmt_pct(0.125, "id")             -> "12,5%"               "12.5%"

Negative amounts put the sign first ("-Rp 2.283/kg"); ``signed=True`` adds "+" to positive
ones (for differences). Values that are not finite print as "t/a" (tidak ada) or "n/a".
The same rules are available as matplotlib tick formatters (:class:`LocaleFormatter`,
:func:`month_formatter`).
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
from matplotlib.ticker import Formatter, FuncFormatter

from sim.plots.i18n import check_lang, tr

# (factor, suffix) from the largest: Indonesian jt = juta (1e6), M = miliar (1e9), T = triliun;
# English M = million, bn = billion, T = trillion. Each locale keeps to its own set.
_UNITS = {
    "id": ((1e12, "T"), (1e9, "M"), (1e6, "jt")),
    "en": ((1e12, "T"), (1e9, "bn"), (1e6, "M")),
}
_SEPARATORS = {"id": str.maketrans(",.", ".,"), "en": str.maketrans("", "")}


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _sign(x: float, shown: str, signed: bool) -> str:
    """'-' for a negative value that does not print as zero, '+' for a positive one if signed."""
    nonzero = any(ch in "123456789" for ch in shown)
    if x < 0 and nonzero:
        return "-"
    if signed and x > 0 and nonzero:
        return "+"
    return ""


def _digits(value: float, decimals: int, lang: str) -> str:
    """``|value|`` with thousands grouping and ``decimals`` decimals, in the locale."""
    return f"{abs(value):,.{decimals}f}".translate(_SEPARATORS[lang])


def _strip_zeros(text: str, lang: str) -> str:
    point = "," if lang == "id" else "."
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return text


def fmt_number(x, lang: str = "id", decimals: int = 0, signed: bool = False) -> str:
    """A number with locale grouping: 1234567.8 -> "1.234.568" (id), "1,234,568" (en)."""
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    x = float(x)
    body = _digits(x, decimals, lang)
    return _sign(x, body, signed) + body


def fmt_rp(
    x, lang: str = "id", per: str | None = None, decimals: int = 0, signed: bool = False
) -> str:
    """Rupiah in full: "Rp 25.000/kg" (id), "Rp 25,000/kg" (en); negatives "-Rp 2.283/kg"."""
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    x = float(x)
    body = _digits(x, decimals, lang)
    return f"{_sign(x, body, signed)}Rp {body}" + (f"/{per}" if per else "")


def _short_parts(v: float, lang: str, digits: int | None) -> tuple[str, str] | None:
    """(number, suffix) of a non-negative amount in juta/miliar/triliun, or None below a juta."""
    units = _UNITS[lang]  # largest first
    k = next((i for i, (factor, _) in enumerate(units) if v >= factor), None)
    if k is None:
        return None
    while True:
        factor, suffix = units[k]
        m = v / factor
        d = digits if digits is not None else (0 if m >= 99.95 else 1)
        if k > 0 and round(m, d) >= 1000.0:  # 999.96 juta rounds to 1 miliar
            k -= 1
            continue
        text = _digits(m, d, lang)
        return (_strip_zeros(text, lang) if digits is None else text), suffix


def fmt_rp_short(
    x, lang: str = "id", per: str | None = None, signed: bool = False, digits: int | None = None
) -> str:
    """Large Rupiah amounts in words' abbreviations: "Rp 1,2 M", "Rp 350 jt", "Rp 1,5 T" (id);
    "Rp 1.2 bn", "Rp 350 M", "Rp 1.5 T" (en). Below a million the amount is written in full.

    One decimal below 100 units and none above (trailing zeros dropped), unless ``digits``.
    """
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    x = float(x)
    parts = _short_parts(abs(x), lang, digits)
    if parts is None:
        return fmt_rp(x, lang, per=per, signed=signed)
    number, suffix = parts
    return f"{_sign(x, number, signed)}Rp {number} {suffix}" + (f"/{per}" if per else "")


def fmt_number_short(x, lang: str = "id", signed: bool = False) -> str:
    """Counts: in full below a million, else "1,4 jt" (id) / "1.4 M" (en)."""
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    x = float(x)
    parts = _short_parts(abs(x), lang, None)
    if parts is None:
        return fmt_number(x, lang, signed=signed)
    number, suffix = parts
    return f"{_sign(x, number, signed)}{number} {suffix}"


def fmt_pct(x, lang: str = "id", decimals: int = 1, signed: bool = False) -> str:
    """A fraction as a percentage: 0.125 -> "12,5%" (id), "12.5%" (en)."""
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    x = float(x) * 100.0
    body = _digits(x, decimals, lang)
    return f"{_sign(x, body, signed)}{body}%"


def fmt_tonnes(x, lang: str = "id", signed: bool = False) -> str:
    """Tonnes: no decimals from 100 t, one from 1 t, two below: "1.913 t", "13,6 t"."""
    if not _finite(x):
        return tr("na", lang)
    a = abs(float(x))
    if a == 0.0:
        return "0 t"
    decimals = 0 if a >= 99.95 else 1 if a >= 0.995 else 2
    return f"{fmt_number(x, lang, decimals, signed)} t"


def fmt_plain(x, lang: str = "id") -> str:
    """The shortest form of a plain number (like ``{:g}``) in the locale: 0.05 -> "0,05"."""
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    return f"{float(x):g}".translate(_SEPARATORS[lang])


def fmt_sig(x, lang: str = "id", sig: int = 3, signed: bool = False) -> str:
    """``sig`` significant digits in fixed notation (scientific below 1e-4): 0.5398 -> "0,540"."""
    check_lang(lang)
    if not _finite(x):
        return tr("na", lang)
    x = float(x)
    if x == 0.0:
        return "0"
    a = abs(x)
    if a < 1e-4:
        mantissa, exp = f"{a:.{max(sig - 1, 0)}e}".split("e")
        body = f"{mantissa.translate(_SEPARATORS[lang])}e{int(exp)}"
        return _sign(x, mantissa, signed) + body
    decimals = max(0, sig - 1 - math.floor(math.log10(a)))
    return fmt_number(x, lang, decimals, signed)


# ---------------------------------------------------------------------- tick formatters
class LocaleFormatter(Formatter):
    """Tick labels in the locale. ``kind``: "number", "rp" (Rupiah) or "pct" (fractions).

    All ticks of an axis share one unit (juta/miliar/triliun chosen from the largest tick) and
    the fewest decimals that keep the labels distinct and exact.
    """

    def __init__(self, kind: str = "number", lang: str = "id"):
        check_lang(lang)
        if kind not in ("number", "rp", "pct"):
            raise ValueError(f"unknown formatter kind {kind!r}")
        self.kind = kind
        self.lang = lang

    def __call__(self, x, pos=None):
        if self.kind == "rp":
            return fmt_rp_short(x, self.lang)
        if self.kind == "pct":
            return fmt_pct(x, self.lang, decimals=0)
        return fmt_number_short(x, self.lang)

    def _unit(self, values) -> tuple[float, str]:
        big = max((abs(v) for v in values if _finite(v)), default=0.0)
        if self.kind == "pct":
            return 0.01, ""
        for factor, suffix in _UNITS[self.lang]:
            if big >= factor:
                return factor, suffix
        return 1.0, ""

    def format_ticks(self, values):
        values = [float(v) for v in values]
        if not values:
            return []
        factor, suffix = self._unit(values)
        scaled = [v / factor for v in values]
        span = max(max(abs(s) for s in scaled), 1e-12)
        for decimals in range(0, 5):
            exact = all(abs(round(s, decimals) - s) <= 1e-6 * span for s in scaled)
            if exact and len({round(s, decimals) for s in scaled}) == len(scaled):
                break
        labels = []
        for v, s in zip(values, scaled, strict=True):
            if v == 0:
                labels.append("Rp 0" if self.kind == "rp" else "0%" if self.kind == "pct" else "0")
                continue
            body = _digits(s, decimals, self.lang)
            sign = _sign(v, body, False)
            if self.kind == "rp":
                labels.append(f"{sign}Rp {body}" + (f" {suffix}" if suffix else ""))
            elif self.kind == "pct":
                labels.append(f"{sign}{body}%")
            else:
                labels.append(f"{sign}{body}" + (f" {suffix}" if suffix else ""))
        return labels


def month_formatter(lang: str = "id") -> FuncFormatter:
    """Date ticks as local month abbreviations, with the year under January and the first tick."""
    months = tr("months", lang).split()

    def fmt(x, pos=None):
        d = mdates.num2date(x)
        label = months[d.month - 1]
        if d.day != 1:
            label = f"{d.day} {label}"
        if pos == 0 or (d.month == 1 and d.day == 1):
            label += f"\n{d.year}"
        return label

    return FuncFormatter(fmt)
