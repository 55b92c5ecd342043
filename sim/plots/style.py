"""One print-ready matplotlib style, readable in greyscale.

Series differ by line style, marker and hatch as well as colour, and the colours (Okabe-Ito,
safe for colour-blind readers) differ in lightness. Nothing changes matplotlib's global
settings at import: figure functions draw inside ``with apply_style():``.
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
from cycler import cycler

INK = "#1a1a1a"
GRID = "#d9d9d9"
MUTED = "#6b6b6b"

# One entry per series (scenario, line, bar group): colour, line style, marker, hatch.
SERIES = (
    {"color": "#6b6b6b", "linestyle": "--", "marker": "o", "hatch": "////"},  # reference (grey)
    {"color": "#0072B2", "linestyle": "-", "marker": "s", "hatch": ""},  # policy (dark blue)
    {"color": "#D55E00", "linestyle": "-.", "marker": "^", "hatch": "\\\\\\\\"},
    {"color": "#009E73", "linestyle": ":", "marker": "D", "hatch": "...."},
    {"color": "#CC79A7", "linestyle": (0, (5, 1, 1, 1)), "marker": "v", "hatch": "xxxx"},
    {"color": "#E69F00", "linestyle": (0, (1, 2)), "marker": "P", "hatch": "++++"},
)

# Stacked shares (e.g. UMKM channels): fill greys of distinct lightness plus a hatch each.
STACK = (
    {"color": "#0072B2", "hatch": ""},
    {"color": "#7fb8da", "hatch": "////"},
    {"color": "#e8e8e8", "hatch": "...."},
    {"color": "#D55E00", "hatch": "xxxx"},
)

BAND_ALPHA = {"90": 0.16, "50": 0.34}  # fan bands: 90% (outer) and 50% (inner) of replicates

A4_PORTRAIT = (8.27, 11.69)  # inches
FIGURE_WIDTH = 7.4  # inches: a full text width on A4 with margins

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8.0,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.linewidth": 0.7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(
        color=[s["color"] for s in SERIES],
        linestyle=[s["linestyle"] for s in SERIES],
        marker=[s["marker"] for s in SERIES],
    ),
    "grid.color": GRID,
    "grid.linewidth": 0.5,
    "grid.linestyle": "-",
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "legend.handlelength": 2.6,
    "figure.titlesize": 10.5,
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "figure.dpi": 100,
    "lines.linewidth": 1.4,
    "lines.markersize": 4.0,
    "patch.linewidth": 0.6,
    "hatch.linewidth": 0.6,
    "hatch.color": INK,
    "savefig.dpi": 300,
    "savefig.facecolor": "white",
    "pdf.fonttype": 42,  # embed TrueType: text stays text in PDF
    "ps.fonttype": 42,
    "svg.fonttype": "none",  # text stays editable in SVG
    "svg.hashsalt": "kad-sim",  # fixed element ids: the same figure gives the same SVG bytes
    "axes.unicode_minus": False,  # formatters write "-" themselves
}


def series_style(i: int) -> dict:
    """Style of the i-th series (cycles)."""
    return SERIES[i % len(SERIES)]


@contextlib.contextmanager
def apply_style():
    """``with apply_style(): ...`` draws with :data:`RC`; the global rcParams come back after."""
    with mpl.rc_context(RC):
        yield RC
