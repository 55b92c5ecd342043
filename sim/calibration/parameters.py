"""The free behavioural parameters the calibration estimates, with their bounds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.calibration.targets import BASELINE
from sim.experiment import resolve


@dataclass(frozen=True)
class FreeParameter:
    """A behavioural parameter the calibration estimates, within bounds."""

    key: str
    low: float
    high: float
    why: str


FREE_PARAMETERS = (
    FreeParameter("commodities.eggs.elsewhere_price_rp_per_kg", 22_000.0, 28_000.0,
                  "price of the other markets that take ~95% of Blitar's eggs: sets the farm-gate "
                  "level (farm_gate_price) and, through flock growth, output"),
    FreeParameter("commodities.eggs.elsewhere_price_sd", 0.002, 0.03,
                  "daily shock of that price: the farm-gate volatility target"),
    FreeParameter("commodities.eggs.surabaya_share_at_parity", 0.02, 0.10,
                  "volume shipped to Surabaya at parity: the Surabaya retail level and the "
                  "farm-retail gap"),
    FreeParameter("commodities.eggs.ship_sensitivity", 0.5, 8.0,
                  "how hard shippers chase the lagged Surabaya price (cobweb): retail volatility "
                  "and level"),
    FreeParameter("commodities.eggs.demand_elasticity", -1.0, -0.1,
                  "how far a supply swing moves the Surabaya price: retail volatility"),
    FreeParameter("umkm.outside_option_utility", -3.0, 0.5,
                  "UMKM's share of buyers' spending, hence losses and exits: UMKM count"),
    FreeParameter("umkm.blitar_literacy_mean", 0.3, 0.7,
                  "digital literacy of Blitar UMKM: the online share"),
    FreeParameter("umkm.epeken_visibility", 0.002, 0.05,
                  "visibility an e-Peken listing adds to buyers' free choice: the platform's "
                  "turnover (epeken_turnover) less the civil servants' mandated pool; with the "
                  "mandate at its default 0.01 gives ~Rp 41 bn/yr at scale 0.05, seed 1, 0.014 "
                  "~Rp 51 bn"),
    FreeParameter("tourism.extension_logit", -3.5, 0.0,
                  "Surabaya visitors continuing to Blitar: Blitar visits"),
)  # fmt: skip


def bounds_of(parameters: Sequence[FreeParameter]) -> list[tuple[float, float]]:
    return [(p.low, p.high) for p in parameters]


def current_values(parameters: Sequence[FreeParameter] = FREE_PARAMETERS,
                   scenario: str | Path = BASELINE) -> np.ndarray:  # fmt: skip
    """The values the scenario holds now for the free parameters."""
    sc = resolve(scenario)
    return np.array([float(sc.get(p.key)) for p in parameters])


def round_sig(x: float, digits: int = 4) -> float:
    """``x`` to ``digits`` significant figures (what a scenario file is given)."""
    if x == 0 or not math.isfinite(x):
        return float(x)
    return float(f"{x:.{digits - 1}e}")
