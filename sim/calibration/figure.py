"""The validation figure: every target's band against the simulated value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.targets import ROLES

LABELS = {
    "egg_output_official": "Egg output, official",
    "egg_output_press_claim": "Egg output, press claim",
    "egg_output_2020_claim": "Egg output, 2020 press claim",
    "layer_farmers": "Layer farmers",
    "farm_gate_price": "Farm-gate egg price",
    "surabaya_retail_price": "Surabaya retail egg price",
    "farm_retail_gap": "Farm-retail price gap",
    "farm_gate_volatility": "Farm-gate price CV (daily)",
    "retail_volatility": "Retail price CV (daily)",
    "egg_retail_rise_before_ramadan": "Egg retail rise before Ramadan",
    "surabaya_egg_consumption": "Surabaya egg consumption",
    "umkm_count": "Blitar UMKM alive",
    "umkm_online_share": "Blitar UMKM online share",
    "epeken_participation": "Surabaya UMKM on e-Peken",
    "blitar_visits": "Visits to Kab. Blitar",
    "surabaya_visits": "Visits to Surabaya",
    "blitar_length_of_stay": "Length of stay, Blitar",
    "spending_per_trip": "Spending per visit, Surabaya",
    "surabaya_hotel_tax": "Hotel tax, Surabaya",
    "pad_surabaya": "PAD Surabaya (upper bound)",
    "pad_blitar": "PAD Kab. Blitar (upper bound)",
    "chili_output": "Chili output",
    "epeken_turnover": "e-Peken turnover, whole platform",
}


def _short(x: float) -> str:
    a = abs(x)
    for f, s in ((1e12, " T"), (1e9, " bn"), (1e6, " M")):
        if a >= f:
            return f"{x / f:.3g}{s}"
    if a >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def validation_figure(table: pd.DataFrame, stem: Path, title: str) -> list[Path]:
    """Every target against its simulated value, as a ratio to the published value on a log
    axis: the published band (bar), the simulated mean (marker) and its 5-95% range over seeds
    (whiskers); fitted targets above, held-out ones below. Writes ``stem``.png (300 dpi) and
    ``stem``.svg."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, NullFormatter

    from sim.plots.figures import FILE_METADATA
    from sim.plots.style import FIGURE_WIDTH, INK, MUTED, SERIES, apply_style

    lo_lim, hi_lim = 0.1, 4.0
    roles = [r for r in ROLES if (table["role"] == r).any()]
    parts = [table[table["role"] == r] for r in roles]
    heights = [len(p) for p in parts]
    with apply_style():
        fig, axes = plt.subplots(
            len(roles), 1, squeeze=False, figsize=(FIGURE_WIDTH, 0.3 * sum(heights) + 1.6),
            sharex=True,
            gridspec_kw={"height_ratios": heights}, layout="constrained",
        )  # fmt: skip
        axes = axes[:, 0]
        for ax, part, role in zip(axes, parts, roles, strict=True):
            y = np.arange(len(part))[::-1]
            style = SERIES[1] if role == "fit" else SERIES[2]
            for yi, r in zip(y, part.itertuples(), strict=True):
                band_lo = max(r.low / r.value, lo_lim)
                band_hi = min(r.high / r.value, hi_lim)
                ax.barh(yi, band_hi - band_lo, left=band_lo, height=0.55, color="#e3e3e3",
                        edgecolor=MUTED, linewidth=0.5, zorder=1)  # fmt: skip
                ratio = np.clip(r.sim_mean / r.value, lo_lim, hi_lim)
                err_lo = ratio - np.clip(r.sim_p05 / r.value, lo_lim, hi_lim)
                err_hi = np.clip(r.sim_p95 / r.value, lo_lim, hi_lim) - ratio
                ax.errorbar(ratio, yi, xerr=[[err_lo], [err_hi]], fmt=style["marker"],
                            color=style["color"], mfc=style["color"] if r.in_band else "white",
                            mec=style["color"], ms=5, capsize=2, lw=1.0, zorder=3)  # fmt: skip
                ax.text(1.02, yi, _short(r.sim_mean), transform=ax.get_yaxis_transform(),
                        va="center", ha="left", fontsize=7, color=INK)  # fmt: skip
            ax.text(1.02, len(part) - 0.45, "simulated", transform=ax.get_yaxis_transform(),
                    va="bottom", ha="left", fontsize=7, color=MUTED, style="italic")  # fmt: skip
            labels = [f"{LABELS.get(r.target, r.target)} ({r.unit}): {_short(r.value)}"
                      for r in part.itertuples()]  # fmt: skip
            ax.set_yticks(y, labels)
            ax.set_ylim(-0.7, len(part) - 0.3)
            ax.axvline(1.0, color=INK, lw=0.8, zorder=2)
            ax.set_xscale("log")
            ax.set_xlim(lo_lim, hi_lim)
            ax.xaxis.set_minor_formatter(NullFormatter())
            n_in = int(part["in_band"].sum())
            kind = {"fit": "Fitted", "holdout": "Held-out", "input_check": "Input-check"}[role]
            ax.set_title(f"{kind} targets: {n_in} of {len(part)} inside the published band")
            ax.grid(axis="y", visible=False)
        ticks = [0.1, 0.2, 0.5, 1, 2, 4]
        axes[-1].xaxis.set_major_locator(FixedLocator(ticks))
        axes[-1].set_xticks(ticks, [f"{t:g}" for t in ticks])
        axes[-1].set_xlabel("simulated / published value (ratio, log scale; 1 = published)")
        fig.text(
            0.0, -0.01, "Label: target (unit): published value. Bar: published band. Marker: "
            "simulated mean over fresh seeds (filled: inside\nthe band); whiskers: 5-95% over "
            "seeds; values beyond the axis are drawn at its edge. Right: simulated mean.",
            fontsize=6.5, color=MUTED, va="top", ha="left",
        )  # fmt: skip
        fig.suptitle(title)
        paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
        stem.parent.mkdir(parents=True, exist_ok=True)
        for path in paths:
            fmt = path.suffix[1:]
            fig.savefig(path, dpi=300, bbox_inches="tight", metadata=FILE_METADATA[fmt])
        plt.close(fig)
    return paths
