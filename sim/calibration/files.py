"""Writing the calibration's files: fitted.toml (with the keys' notes), CSV tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from sim.calibration.parameters import FreeParameter

ORIGINAL_NOTES = {  # the comments these keys carried in scenarios/baseline.toml or the schema
    "commodities.eggs.elsewhere_price_rp_per_kg": "assumption: other markets' netback near "
    "farm-gate + margin",
    "commodities.eggs.elsewhere_price_sd": "assumption: gives +-20% over months",
    "commodities.eggs.surabaya_share_at_parity": "calc: Surabaya takes ~21 t/day of Blitar's "
    "~386 t/day",
    "commodities.eggs.ship_sensitivity": "assumption: established buyer ties keep flows sticky",
    "commodities.eggs.demand_elasticity": "assumption",
    "umkm.outside_option_utility": "schema default, assumption",
    "umkm.blitar_literacy_mean": "schema default, assumption",
    "tourism.extension_logit": "schema default, assumption",
}


def fitted_toml(parameters: Sequence[FreeParameter], values, header: Sequence[str],
                previous=None, fit=None) -> str:  # fmt: skip
    """Text of a scenario file that holds only the fitted keys, grouped by table; each value
    notes the value before the calibration (``previous``) or, when the fit is not adopted,
    the fit found (``fit``)."""
    lines = [f"# {h}" if h else "#" for h in header]
    tables: dict[str, list[str]] = {}
    for i, (p, v) in enumerate(zip(parameters, values, strict=True)):
        table, _, leaf = p.key.rpartition(".")
        origin = ORIGINAL_NOTES.get(p.key, "")
        if fit is not None:
            note = f"  # fit found: {fit[i]:g} (not adopted); {origin}"
        elif previous is not None:
            note = f"  # fitted; before: {previous[i]:g} ({origin})"
        else:
            note = ""
        tables.setdefault(table, []).append(f"{leaf} = {float(v)!r}{note}")
    for table, rows in tables.items():
        lines += ["", f"[{table}]", *rows]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    from sim.experiment import atomic_write_bytes

    atomic_write_bytes(path, text.encode())


def _csv(path: Path, frame: pd.DataFrame) -> None:
    _write(path, frame.to_csv(index=False))
