"""The levers and shocks on the explorer page, and how each becomes scenario overrides.

A lever reads its starting value from the chosen scenario (so an untouched page runs the
scenario exactly) and, when moved, writes the dotted scenario keys it stands for. Levers that
run a government program also switch the program on and fund it:

- if the scenario already runs the program, its budget is scaled with the lever (so a scenario
  that under-funds a program, like ``budget_cut.toml``, still does at the new rate);
- otherwise the program starts on the first reported day (after the warm-up) and gets a budget
  that covers its cost at the lever's rate (divided by the governments' realisation rate, with
  headroom).

Nothing here imports a web framework, so it can be tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sim.config import load_scenario
from sim.errors import ConfigError
from sim.paths import SCENARIO_DIR

BASELINE_FILE = "baseline.toml"
DEFAULT_SCENARIO = "mou.toml"
from sim.calendar import DAYS_PER_YEAR  # noqa: E402, I001

HEADROOM = 1.25  # budget a lever-funded program gets, as a multiple of its expected cost
MAX_BUDGET_RP = 1e13  # the schema's largest budget
SUBSIDISED_KG_PER_DAY = 100_000.0  # shipments a new subsidy budget is sized for (~4x baseline)
INFO_SYSTEM_COST_RP_PER_YEAR = 6.0e8  # as scenarios/information_system.toml assumes
FARMER_INFO_COST_RP_PER_YEAR = 1.2e5  # per farmer reached, as information_system_farmers.toml
EPEKEN_COST_RP_PER_YEAR = 2.0e8  # as scenarios/mou.toml assumes
PACKAGE_UPTAKE = 0.0006  # as scenarios/promotion.toml assumes (packages cost the budget)
REVIEW_COST_RP = 1.0e8  # per joint review, as scenarios/monitoring.toml assumes


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario file the page offers: its file name, its name and one-line description (in
    English and, when the file has one, in Indonesian)."""

    file: str
    name: str
    description: str
    description_id: str = ""

    def text(self, lang: str) -> str:
        """The description in ``lang`` (Indonesian falls back to the English one)."""
        return self.description_id if lang == "id" and self.description_id else self.description


@lru_cache(maxsize=1)
def list_scenarios(folder: str | None = None) -> tuple[ScenarioInfo, ...]:
    """The scenario files, baseline and MoU first, then the rest by name."""
    root = Path(folder) if folder else SCENARIO_DIR
    out = []
    for path in sorted(root.glob("*.toml")):
        params = load_scenario(path).params
        english = params.get("description_en") or params["description"]
        out.append(ScenarioInfo(path.name, path.stem, english, params.get("description_id", "")))
    first = {BASELINE_FILE: 0, DEFAULT_SCENARIO: 1}
    return tuple(sorted(out, key=lambda s: (first.get(s.file, 2), s.file)))


def scenario_path(scenario: str | Path) -> Path:
    """A scenario given as a file name in scenarios/ (``mou.toml``, ``mou``) or as a path."""
    path = Path(scenario)
    if path.is_file():
        return path
    name = path.name if path.suffix == ".toml" else f"{path.name}.toml"
    candidate = SCENARIO_DIR / name
    if candidate.is_file():
        return candidate
    raise ConfigError(str(scenario), "", "scenario file not found")


@dataclass(frozen=True, kw_only=True)
class Lever:
    """One control on the page. ``kind`` is float, int or bool; values are in lever units."""

    name: str
    label: str
    help: str
    group: str
    kind: str
    lo: float = 0.0
    hi: float = 1.0
    step: float = 1.0
    read: Callable[[Mapping], float | bool] = field(repr=False)
    write: Callable[[Mapping, float | bool, dict], None] = field(repr=False)

    def coerce(self, value) -> float | int | bool:
        """The value as this lever's type, clipped to its range."""
        if self.kind == "bool":
            return bool(value)
        value = min(self.hi, max(self.lo, float(value)))
        return int(round(value)) if self.kind == "int" else value


# ---------------------------------------------------------------------- program helpers
def _runs(p: Mapping, program: str) -> bool:
    """True if the scenario runs the program (switched on, with money)."""
    prog = p["programs"][program]
    return bool(prog["enabled"]) and prog["budget_rp_per_year"] > 0.0


def _first_day_start(p: Mapping) -> str:
    """A program start date that makes a program operate from the run's first day."""
    delay = max(g["startup_delay_days"] for g in p["governments"].values())
    start = dt.date.fromisoformat(p["run"]["start_date"]) - dt.timedelta(days=delay)
    return start.isoformat()


def _fund(p: Mapping, program: str, ov: dict, on: bool, ratio: float | None, cost: float):
    """Switch ``program`` on or off; fund it for ``cost`` Rp/year at the lever's new rate.

    ``ratio`` is new rate / scenario rate, or None when the rate has no scenario value to scale.
    """
    key = f"programs.{program}."
    ov[key + "enabled"] = bool(on)
    if not on:
        return
    budget = p["programs"][program]["budget_rp_per_year"]
    if _runs(p, program):
        if ratio is not None:
            ov[key + "budget_rp_per_year"] = min(MAX_BUDGET_RP, budget * ratio)
        return
    realisation = max(0.05, min(g["realisation_rate"] for g in p["governments"].values()))
    ov[key + "budget_rp_per_year"] = min(MAX_BUDGET_RP, max(budget, cost * HEADROOM / realisation))
    ov[key + "start_date"] = _first_day_start(p)


# ---------------------------------------------------------------------- the levers
def _subsidy_read(p):
    return (
        p["programs"]["logistics_subsidy"]["subsidy_rp_per_kg"]
        if _runs(p, "logistics_subsidy")
        else 0.0
    )


def _subsidy_write(p, v, ov):
    old = _subsidy_read(p)
    ov["programs.logistics_subsidy.subsidy_rp_per_kg"] = float(v)
    ratio = v / old if old > 0 else None
    _fund(p, "logistics_subsidy", ov, v > 0, ratio, v * SUBSIDISED_KG_PER_DAY * DAYS_PER_YEAR)


def _direct_read(p):
    runs = _runs(p, "direct_channel")
    return p["commodities"]["eggs"]["direct_channel_capacity_kg_per_day"] / 1000.0 if runs else 0.0


def _direct_write(p, v, ov):
    coms = p["commodities"]
    runs = _runs(p, "direct_channel")
    others = sum(
        c["direct_channel_capacity_kg_per_day"] for name, c in coms.items() if name != "eggs"
    )
    others = others if runs else 0.0  # a channel the scenario does not run buys only eggs
    old = _direct_read(p) * 1000.0 + others
    new = v * 1000.0 + others
    ov["commodities.eggs.direct_channel_capacity_kg_per_day"] = v * 1000.0
    if not runs:
        for name in coms:
            if name != "eggs":
                ov[f"commodities.{name}.direct_channel_capacity_kg_per_day"] = 0.0
    op = p["programs"]["direct_channel"]["operating_cost_rp_per_kg_capacity"]
    ratio = new / old if old > 0 else None
    _fund(p, "direct_channel", ov, new > 0, ratio, op * new * DAYS_PER_YEAR)


def _info_write(p, v, ov):
    cost = p["programs"]["information_system"]["operating_cost_rp_per_year"]
    if v and cost == 0.0:
        cost = INFO_SYSTEM_COST_RP_PER_YEAR
        ov["programs.information_system.operating_cost_rp_per_year"] = cost
    _fund(p, "information_system", ov, bool(v), None, cost)


def _reach_read(p):
    prog = p["programs"]["information_system"]
    return prog["farmer_reach"] * 100.0 if _runs(p, "information_system") else 0.0


def _info_cost(p, reach: float, per_farmer: float, operating: float) -> float:
    """The information system's yearly cost (full scale) at ``reach`` of all farmers."""
    farmers = sum(c["farmers"] for c in p["commodities"].values())
    return operating + farmers * reach * per_farmer


def _reach_write(p, v, ov):
    key = "programs.information_system."
    prog = p["programs"]["information_system"]
    ov[key + "farmer_reach"] = v / 100.0
    if v <= 0:
        return  # the system itself keeps what the information-system switch says
    per_farmer, operating = prog["cost_rp_per_farmer_per_year"], prog["operating_cost_rp_per_year"]
    if per_farmer == 0.0:
        per_farmer = ov[key + "cost_rp_per_farmer_per_year"] = FARMER_INFO_COST_RP_PER_YEAR
    if operating == 0.0:
        operating = ov[key + "operating_cost_rp_per_year"] = INFO_SYSTEM_COST_RP_PER_YEAR
    cost = _info_cost(p, v / 100.0, per_farmer, operating)
    old = _info_cost(p, _reach_read(p) / 100.0, prog["cost_rp_per_farmer_per_year"],
                     prog["operating_cost_rp_per_year"])  # fmt: skip
    _fund(p, "information_system", ov, True, cost / old if old > 0 else None, cost)


def _reviews_read(p):
    """Joint reviews a year (0 if the scenario holds none)."""
    interval = p["programs"]["monitoring"]["interval_days"]
    if not _runs(p, "monitoring") or interval <= 0:
        return 0
    return round(DAYS_PER_YEAR / interval)


def _reviews_write(p, v, ov):
    old = _reviews_read(p)
    key = "programs.monitoring."
    if v > 0:
        ov[key + "interval_days"] = max(1, round(DAYS_PER_YEAR / v))
    cost = p["programs"]["monitoring"]["cost_rp_per_review"]
    if v > 0 and cost == 0.0:
        cost = ov[key + "cost_rp_per_review"] = REVIEW_COST_RP
    _fund(p, "monitoring", ov, v > 0, v / old if old > 0 else None, v * cost)


def _training_read(p):
    return p["programs"]["training"]["places_per_month"] if _runs(p, "training") else 0.0


def _training_write(p, v, ov):
    old = _training_read(p)
    ov["programs.training.places_per_month"] = float(v)
    cost = v * p["programs"]["training"]["cost_rp_per_place"] * 12
    _fund(p, "training", ov, v > 0, v / old if old > 0 else None, cost)


def _market_access_write(p, v, ov):
    ma = p["programs"]["market_access"]
    epeken = ma["epeken_operating_cost_rp_per_year"]
    if v and epeken == 0.0:
        epeken = EPEKEN_COST_RP_PER_YEAR
        ov["programs.market_access.epeken_operating_cost_rp_per_year"] = epeken
    outlets = ma["outlet_places"] * ma["cost_rp_per_outlet_place_per_day"] * DAYS_PER_YEAR
    _fund(p, "market_access", ov, bool(v), None, epeken + outlets)


def _promotion_read(p):
    prog = p["programs"]["promotion"]
    return prog["budget_rp_per_year"] / 1e9 if prog["enabled"] else 0.0


def _promotion_write(p, v, ov):
    prog = p["programs"]["promotion"]
    ov["programs.promotion.enabled"] = v > 0
    ov["programs.promotion.budget_rp_per_year"] = v * 1e9
    if v > 0 and not prog["enabled"]:
        ov["programs.promotion.start_date"] = _first_day_start(p)
    if v > 0 and prog["package_uptake"] == 0.0:
        ov["programs.promotion.package_uptake"] = PACKAGE_UPTAKE


def _plain(key: str, factor: float = 1.0):
    """read/write for a lever that is one scenario key times ``factor``."""
    *path, leaf = key.split(".")

    def read(p):
        node = p
        for part in path:
            node = node[part]
        return node[leaf] * factor

    def write(p, v, ov):
        ov[key] = v / factor

    return read, write


TRADE, UMKM, SHOCKS = "Farm trade", "UMKM and tourism", "Shocks"
_internet = _plain("umkm.blitar_internet_coverage", 100.0)
_fuel = _plain("transport.fuel_price_index")
_road = _plain("transport.road_quality")
_feed = _plain("commodities.eggs.input_cost_index")

LEVERS: tuple[Lever, ...] = (
    Lever(
        name="logistics_subsidy_rp_per_kg",
        label="Logistics subsidy (Rp per kg shipped to Surabaya)",
        help="Paid to shippers for every kg of farm goods (eggs and chili in the baseline) "
        "delivered from Blitar to Surabaya. Trucking costs about Rp 1,000/kg.",
        group=TRADE,
        kind="float",
        lo=0.0,
        hi=2000.0,
        step=50.0,
        read=_subsidy_read,
        write=_subsidy_write,
    ),
    Lever(
        name="direct_channel_eggs_t_per_day",
        label="Direct channel for eggs (t/day it can buy)",
        help="A cooperative or BUMD (regional government company) that buys from farmers, "
        "bypassing the middlemen (pengepul), and sells where it pays most (Surabaya eats about "
        "70 t of eggs a day). The governments pay for all of this capacity; about 80% of it "
        "operates (coordination between the two governments).",
        group=TRADE,
        kind="float",
        lo=0.0,
        hi=100.0,
        step=5.0,
        read=_direct_read,
        write=_direct_write,
    ),
    Lever(
        name="information_system",
        label="Real-time price information system",
        help="Shippers know the Surabaya wholesale price the next day and without rumour "
        "(otherwise after 3 days, with errors), so they send eggs where they are needed.",
        group=TRADE,
        kind="bool",
        read=lambda p: _runs(p, "information_system"),
        write=_info_write,
    ),
    Lever(
        name="farmer_reach_pct",
        label="Farmers reached by the price information (%)",
        help="The information system also sends the day's prices to this share of farmers, who "
        "use them to bargain their middleman's margin down (Rp 120,000 a farmer a year). "
        "Above 0 it switches the information system on.",
        group=TRADE,
        kind="float",
        lo=0.0,
        hi=100.0,
        step=5.0,
        read=_reach_read,
        write=_reach_write,
    ),
    Lever(
        name="monitoring_reviews_per_year",
        label="Joint monitoring and evaluation (reviews per year)",
        help="The two governments' secretariat reviews every program and fixes half of what "
        "coordination fails to deliver (channel capacity, late price data); the gain fades "
        "as officials rotate. About Rp 100 million a review.",
        group=TRADE,
        kind="int",
        lo=0,
        hi=12,
        step=1,
        read=_reviews_read,
        write=_reviews_write,
    ),
    Lever(
        name="training_places_per_month",
        label="UMKM training (places per month)",
        help="Digital-literacy, quality, packaging and licensing courses for Blitar's small "
        "businesses, weakest first; about Rp 1.5 million a place.",
        group=UMKM,
        kind="int",
        lo=0,
        hi=1000,
        step=10,
        read=_training_read,
        write=_training_write,
    ),
    Lever(
        name="market_access",
        label="e-Peken listing and Surabaya outlets",
        help="Lists Blitar UMKM on e-Peken, Surabaya city's online marketplace, and places the "
        "best in Surabaya shops and exhibitions.",
        group=UMKM,
        kind="bool",
        read=lambda p: _runs(p, "market_access"),
        write=_market_access_write,
    ),
    Lever(
        name="promotion_rp_bn_per_year",
        label="Joint tourism promotion (Rp billion per year)",
        help="'City to village' promotion of Blitar to Surabaya's visitors, with combined "
        "Surabaya-Blitar tour packages. Diminishing returns above ~Rp 2 billion.",
        group=UMKM,
        kind="float",
        lo=0.0,
        hi=10.0,
        step=0.25,
        read=_promotion_read,
        write=_promotion_write,
    ),
    Lever(
        name="internet_coverage_pct",
        label="Internet coverage of Blitar UMKM (% of firms)",
        help="Firms without usable internet cannot sell online, trained or not.",
        group=UMKM,
        kind="float",
        lo=0.0,
        hi=100.0,
        step=5.0,
        read=_internet[0],
        write=_internet[1],
    ),
    Lever(
        name="fuel_price_index",
        label="Fuel price (index, 1 = today)",
        help="Fuel is 40% of trucking cost. 1.3 = a 30% rise, like September 2022.",
        group=SHOCKS,
        kind="float",
        lo=0.5,
        hi=2.0,
        step=0.05,
        read=_fuel[0],
        write=_fuel[1],
    ),
    Lever(
        name="road_quality",
        label="Road speed Blitar-Surabaya (index, 1 = today)",
        help="Below 1: a detour after a landslide or flood, so transit, freight and egg "
        "breakage rise. Above 1: an improved road.",
        group=SHOCKS,
        kind="float",
        lo=0.25,
        hi=1.5,
        step=0.05,
        read=_road[0],
        write=_road[1],
    ),
    Lever(
        name="egg_feed_cost_index",
        label="Feed cost of egg farms (index, 1 = today)",
        help="Feed is most of the cost of an egg. Farms shrink their flocks over months when "
        "they lose money, and grow them when they earn more than usual.",
        group=SHOCKS,
        kind="float",
        lo=0.5,
        hi=2.0,
        step=0.05,
        read=_feed[0],
        write=_feed[1],
    ),
)
LEVERS_BY_NAME = {lever.name: lever for lever in LEVERS}
GROUPS = (TRADE, UMKM, SHOCKS)


def lever_defaults(params: Mapping) -> dict:
    """Each lever's value in a scenario (its resolved parameters)."""
    return {lever.name: lever.coerce(lever.read(params)) for lever in LEVERS}


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def lever_overrides(params: Mapping, values: Mapping) -> dict:
    """Dotted scenario overrides for the levers in ``values`` that differ from the scenario.

    Levers at their scenario value write nothing, so an untouched page runs the scenario as is.
    """
    unknown = sorted(set(values) - set(LEVERS_BY_NAME))
    if unknown:
        raise ConfigError("<explorer>", unknown[0], "unknown lever")
    ov: dict = {}
    # in the page's order, whatever the order of ``values``: a later lever may switch on a
    # program an earlier one switched off (farmers reached by the information system)
    for lever in (lever for lever in LEVERS if lever.name in values):
        value = lever.coerce(values[lever.name])
        if not _same(value, lever.coerce(lever.read(params))):
            lever.write(params, value, ov)
    return ov
