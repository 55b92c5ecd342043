"""Figures and number formatting for reports and the policy brief (sim.brief).

Every figure function returns a matplotlib Figure, draws with one print-ready style
(:func:`sim.plots.style.apply_style`, applied only while drawing) and takes ``lang`` ("id" or
"en"); all user-facing strings are in :mod:`sim.plots.i18n`.
"""

from sim.plots.formatting import fmt_number, fmt_pct, fmt_rp, fmt_rp_short
from sim.plots.i18n import LANGS, tr
from sim.plots.style import apply_style

__all__ = ["LANGS", "apply_style", "fmt_number", "fmt_pct", "fmt_rp", "fmt_rp_short", "tr"]
