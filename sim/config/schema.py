"""The full parameter schema: every scenario key with its type, unit, default, range and source.

This module is the single place where parameters are documented. `docs/PARAMETERS.md` is
generated from it (``python run_experiments.py params``) and a test checks the two agree.

Keys without a default (``REQUIRED``) must be given by a scenario file or one of its parents;
the commodity tables are like that, so that commodities are data in `scenarios/baseline.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

REQUIRED = object()


@dataclass(frozen=True)
class Param:
    """One scenario key. ``kind`` is one of int, float, bool, str, date."""

    kind: str
    default: object
    unit: str
    doc: str
    source: str = "assumption"
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None


@dataclass(frozen=True)
class MapOf:
    """A table of named entries that all follow one sub-schema (e.g. ``commodities.eggs``)."""

    entry: dict
    doc: str
    min_entries: int = 1


def _program(doc: str, **extra: Param) -> dict:
    """Keys every government program has, plus its own levers."""
    base = {
        "enabled": Param("bool", False, "-", f"Switch the {doc} program on."),
        "start_date": Param(
            "date",
            "2021-11-04",
            "date",
            "Date the program may start (before the governments' start-up delay). Default: "
            "the Surabaya-Kabupaten Blitar MoU date.",
            "MoU signed 4 Nov 2021 (REGIONAL_DATA.md, partner-region note)",
        ),
        "budget_rp_per_year": Param(
            "float",
            0.0,
            "Rp/year",
            "Annual program budget appropriated each fiscal year (Jan-Dec) at full scale; "
            "multiplied by the funders' realisation rates. The program pauses when it is spent.",
            lo=0.0,
            hi=1e13,
        ),
        "surabaya_cost_share": Param(
            "float",
            0.5,
            "fraction",
            "Share of the program budget paid by Pemkot Surabaya; the rest by the Blitar "
            "government.",
            lo=0.0,
            hi=1.0,
        ),
    }
    base.update(extra)
    return base


_REGION = {
    "name": Param("str", REQUIRED, "-", "Region name, for reports."),
    "population": Param("float", REQUIRED, "people", "Population.", lo=1.0, hi=1e9),
    "income_per_capita_rp": Param(
        "float",
        REQUIRED,
        "Rp/person/year",
        "Sourced per-capita income (PDRB per capita) used as the base of the Williamson index.",
        lo=1.0,
        hi=1e10,
    ),
    "modelled_value_added_reference_rp_per_year": Param(
        "float",
        REQUIRED,
        "Rp/year",
        "Annual value added of the modelled agents of this region in the no-cooperation "
        "baseline at full scale; the Williamson index adds (simulated - reference)/population "
        "to the sourced per-capita income.",
        lo=-1e15,
        hi=1e15,
    ),
}

_GOVERNMENT = {
    "name": Param("str", REQUIRED, "-", "Government name (e.g. Pemkot Surabaya)."),
    "realisation_rate": Param(
        "float",
        0.85,
        "fraction",
        "Share of an appropriated program budget that is actually realised (spent).",
        "assumption; typical APBD spending realisation 80-95%",
        0.0,
        1.0,
    ),
    "startup_delay_days": Param(
        "int",
        90,
        "days",
        "Bureaucratic start-up delay between a program's start date and its first day of "
        "operation (the longer of the funders' delays applies).",
        "assumption",
        0,
        3650,
    ),
    "coordination_quality": Param(
        "float",
        0.8,
        "fraction",
        "OPD coordination quality: share of a joint program's nominal capacity that is "
        "delivered (the lower of the two governments' values applies).",
        "assumption",
        0.0,
        1.0,
    ),
}

_COMMODITY = {
    "farmers": Param(
        "int", REQUIRED, "farmers", "Number of producing farmers at full scale.", lo=1, hi=10**7
    ),
    "output_t_per_year": Param(
        "float", REQUIRED, "t/year", "Total output of all farmers at full scale.", lo=0.0, hi=1e9
    ),
    "farm_size_sigma": Param(
        "float",
        REQUIRED,
        "-",
        "Standard deviation of log farm capacity (lognormal farm-size distribution).",
        lo=0.0,
        hi=3.0,
    ),
    "output_noise_sd": Param(
        "float", REQUIRED, "-", "Daily multiplicative output noise (sd of log).", lo=0.0, hi=1.0
    ),
    "seasonal_amplitude": Param(
        "float",
        REQUIRED,
        "fraction",
        "Amplitude of the annual production cycle (0 = none).",
        lo=0.0,
        hi=0.9,
    ),
    "seasonal_peak_day_of_year": Param(
        "int", REQUIRED, "day", "Day of year of peak production.", lo=1, hi=366
    ),
    "shelf_life_days": Param(
        "int",
        REQUIRED,
        "days",
        "Days goods keep unrefrigerated; older goods spoil.",
        lo=1,
        hi=60,
    ),
    "production_cost_rp_per_kg": Param(
        "float", REQUIRED, "Rp/kg", "Mean production cost per kg.", lo=0.0, hi=1e7
    ),
    "cost_heterogeneity_sd": Param(
        "float", REQUIRED, "-", "Sd of farm-level cost efficiency (log).", lo=0.0, hi=1.0
    ),
    "input_cost_index": Param(
        "float",
        1.0,
        "-",
        "Multiplier on production cost (feed or input price shock; 1 = today).",
        lo=0.0,
        hi=10.0,
    ),
    "shock_probability_per_day": Param(
        "float",
        REQUIRED,
        "1/day",
        "Daily probability that a farm is hit by a disease shock (e.g. avian flu).",
        lo=0.0,
        hi=1.0,
    ),
    "shock_capacity_loss": Param(
        "float", REQUIRED, "fraction", "Share of capacity lost in a shock.", lo=0.0, hi=1.0
    ),
    "shock_recovery_days": Param(
        "float",
        REQUIRED,
        "days",
        "Time scale (e-folding) on which a shocked farm restocks toward its planned capacity.",
        lo=1.0,
        hi=3650.0,
    ),
    "capacity_review_days": Param(
        "int", REQUIRED, "days", "Days between a farmer's capacity reviews.", lo=1, hi=3650
    ),
    "capacity_adjust_rate": Param(
        "float",
        REQUIRED,
        "1/review",
        "Largest relative capacity change per review (growth or culling).",
        lo=0.0,
        hi=1.0,
    ),
    "normal_margin": Param(
        "float",
        REQUIRED,
        "fraction",
        "Profit margin over unit cost at which farmers neither grow nor shrink.",
        lo=0.001,
        hi=5.0,
    ),
    "capacity_floor": Param(
        "float", REQUIRED, "fraction", "Lowest capacity, as a share of initial.", lo=0.0, hi=1.0
    ),
    "capacity_ceiling": Param(
        "float", REQUIRED, "fraction", "Highest capacity, as a multiple of initial.", lo=1.0, hi=100
    ),
    "farmers_per_trader": Param(
        "float", REQUIRED, "farmers", "Farmers per local middleman.", lo=1.0, hi=1e5
    ),
    "truck_capacity_multiple": Param(
        "float",
        REQUIRED,
        "-",
        "A middleman's daily buying capacity as a multiple of its farmers' initial output.",
        lo=0.1,
        hi=10.0,
    ),
    "trader_margin_max_rp_per_kg": Param(
        "float", REQUIRED, "Rp/kg", "Middleman margin without competition.", lo=0.0, hi=1e6
    ),
    "trader_margin_min_rp_per_kg": Param(
        "float", REQUIRED, "Rp/kg", "Lowest margin a middleman accepts.", lo=0.0, hi=1e6
    ),
    "margin_adjust_rate": Param(
        "float",
        REQUIRED,
        "1/day",
        "Share of the gap to the target margin closed per day.",
        lo=0.0,
        hi=1.0,
    ),
    "wholesale_reference_price_rp_per_kg": Param(
        "float",
        REQUIRED,
        "Rp/kg",
        "Surabaya wholesale price at which demand and other-origin supply are specified.",
        lo=1.0,
        hi=1e7,
    ),
    "retail_markup": Param(
        "float", REQUIRED, "-", "Retail price / wholesale price in Surabaya.", lo=1.0, hi=5.0
    ),
    "price_floor_fraction": Param(
        "float",
        REQUIRED,
        "fraction",
        "Lowest wholesale price sellers accept, as a share of the reference price.",
        lo=0.01,
        hi=1.0,
    ),
    "reservation_fresh_fraction": Param(
        "float",
        REQUIRED,
        "fraction",
        "Asking price of fresh goods at the Surabaya market, as a share of the reference price; "
        "it falls linearly with age to the floor on the last day of shelf life.",
        lo=0.01,
        hi=10.0,
    ),
    "price_ceiling_fraction": Param(
        "float",
        REQUIRED,
        "-",
        "Highest wholesale price, as a multiple of the reference (demand is rationed above).",
        lo=1.0,
        hi=100.0,
    ),
    "elsewhere_price_rp_per_kg": Param(
        "float",
        REQUIRED,
        "Rp/kg",
        "Mean price middlemen get in other markets (net of their transport), per kg.",
        lo=0.0,
        hi=1e7,
    ),
    "elsewhere_price_sd": Param(
        "float",
        REQUIRED,
        "-",
        "Sd of the daily log innovation of the other-markets price (AR(1)).",
        lo=0.0,
        hi=1.0,
    ),
    "elsewhere_price_persistence": Param(
        "float",
        REQUIRED,
        "-",
        "AR(1) persistence of the other-markets price.",
        lo=0.0,
        hi=0.9999,
    ),
    "surabaya_share_at_parity": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share a middleman ships to Surabaya when Surabaya and other markets pay the same.",
        lo=0.001,
        hi=0.999,
    ),
    "ship_sensitivity": Param(
        "float",
        REQUIRED,
        "-",
        "Logit slope of the Surabaya shipping share in the relative netback difference.",
        lo=0.0,
        hi=1e4,
    ),
    "per_capita_demand_kg_per_year": Param(
        "float",
        REQUIRED,
        "kg/person/year",
        "Surabaya consumption per person at the reference price.",
        lo=0.0,
        hi=1e4,
    ),
    "demand_elasticity": Param(
        "float", REQUIRED, "-", "Price elasticity of Surabaya demand.", lo=-10.0, hi=0.0
    ),
    "blitar_share_of_surabaya_supply": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share of Surabaya's consumption supplied by the producer region at the reference price;"
        " the rest comes from other origins.",
        lo=0.0,
        hi=1.0,
    ),
    "other_supply_elasticity": Param(
        "float", REQUIRED, "-", "Price elasticity of other origins' supply.", lo=0.0, hi=20.0
    ),
    "ramadan_demand_multiplier": Param(
        "float", REQUIRED, "-", "Demand multiplier in Ramadan.", lo=0.0, hi=10.0
    ),
    "lebaran_demand_multiplier": Param(
        "float",
        REQUIRED,
        "-",
        "Demand multiplier in the 7 days before Idul Fitri (Lebaran).",
        lo=0.0,
        hi=10.0,
    ),
    "christmas_newyear_demand_multiplier": Param(
        "float", REQUIRED, "-", "Demand multiplier from 20 December to 2 January.", lo=0.0, hi=10.0
    ),
    "weekend_demand_multiplier": Param(
        "float", REQUIRED, "-", "Demand multiplier on Saturdays and Sundays.", lo=0.0, hi=10.0
    ),
    "demand_noise_sd": Param(
        "float",
        REQUIRED,
        "-",
        "Sd of the daily log innovation of Surabaya demand (AR(1)).",
        lo=0.0,
        hi=1.0,
    ),
    "demand_noise_persistence": Param(
        "float", REQUIRED, "-", "AR(1) persistence of the demand noise.", lo=0.0, hi=0.9999
    ),
    "demand_shock_multiplier": Param(
        "float", 1.0, "-", "Extra demand multiplier (for shock schedules).", lo=0.0, hi=10.0
    ),
    "breakage_rate": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share of a shipment lost to breakage on today's road.",
        lo=0.0,
        hi=1.0,
    ),
    "channel_review_days": Param(
        "int", REQUIRED, "days", "Days between a farmer's sales-channel reviews.", lo=1, hi=3650
    ),
    "channel_switch_sensitivity": Param(
        "float",
        REQUIRED,
        "-",
        "Logit slope of switching in the relative price advantage of the other channel.",
        lo=0.0,
        hi=1e4,
    ),
    "channel_inertia_rp_per_kg": Param(
        "float",
        REQUIRED,
        "Rp/kg",
        "Price advantage at which a reviewing farmer switches with probability 1/2.",
        lo=0.0,
        hi=1e6,
    ),
    "direct_channel_capacity_kg_per_day": Param(
        "float",
        0.0,
        "kg/day",
        "Buying capacity of the cooperation's direct channel (full scale) while the "
        "direct-channel program runs.",
        lo=0.0,
        hi=1e9,
    ),
}

SCHEMA: dict = {
    "description": Param("str", "", "-", "One or two sentences saying what the scenario is."),
    "extends": Param("str", "", "-", "Parent scenario file, relative to this file."),
    "run": {
        "start_date": Param("date", "2025-01-01", "date", "Calendar date of the first day."),
        "days": Param("int", 365, "days", "Days to simulate (one step = one day).", lo=1, hi=36500),
        "seed": Param("int", 1, "-", "Seed of the model's random generator.", lo=0, hi=2**63 - 1),
        "scale": Param(
            "float",
            1.0,
            "-",
            "Population scale: 0.1 simulates a tenth of every population, demand and budget. "
            "Extensive KPIs are reported as full-scale equivalents.",
            lo=1e-4,
            hi=1.0,
        ),
        "engine": Param(
            "str", "numba", "-", "Step engine: numba struct-of-arrays kernels.", choices=("numba",)
        ),
        "main_commodity": Param("str", "eggs", "-", "Commodity the headline price KPIs refer to."),
    },
    "market_region": dict(_REGION),
    "producer_region": dict(_REGION),
    "governments": {
        "surabaya": dict(_GOVERNMENT),
        "blitar": dict(_GOVERNMENT),
    },
    "transport": {
        "distance_km": Param(
            "float", 160.0, "km", "Road distance farm area - Surabaya.", "blitarkab.go.id", 1, 5000
        ),
        "base_speed_kmh": Param(
            "float",
            45.0,
            "km/h",
            "Average truck speed on today's roads.",
            "calc: 160 km in 3-4 h (REGIONAL_DATA.md transport)",
            1.0,
            200.0,
        ),
        "road_quality": Param(
            "float",
            1.0,
            "-",
            "Speed factor of the road relative to today (a road closure forcing a detour < 1).",
            lo=0.05,
            hi=3.0,
        ),
        "driving_hours_per_day": Param(
            "float", 12.0, "h", "Hours a truck can drive per day.", lo=1.0, hi=24.0
        ),
        "freight_rp_per_kg": Param(
            "float",
            1000.0,
            "Rp/kg",
            "Freight cost farm area -> Surabaya on today's road at today's fuel price.",
            "farm 26,500 -> delivered 27,500 Rp/kg, Dec 2022 (jatim.idntimes, PPRN)",
            0.0,
            1e6,
        ),
        "fuel_share_of_freight": Param(
            "float", 0.4, "fraction", "Share of freight cost that is fuel.", lo=0.0, hi=1.0
        ),
        "fuel_price_index": Param(
            "float", 1.0, "-", "Fuel price relative to today.", lo=0.0, hi=10.0
        ),
        "breakage_road_sensitivity": Param(
            "float",
            1.0,
            "-",
            "Breakage multiplier is 1 + this x (1/road_quality - 1) on a worse road.",
            lo=0.0,
            hi=10.0,
        ),
        "max_transit_days": Param(
            "int", 4, "days", "Longest transit a shipment can take.", lo=2, hi=30
        ),
    },
    "information": {
        "lag_days": Param(
            "int",
            3,
            "days",
            "Days before shippers learn the Surabaya wholesale price, without the "
            "information system.",
            "assumption (price news by phone and traders' networks)",
            1,
            30,
        ),
        "noise_sd": Param(
            "float",
            0.05,
            "-",
            "Sd of the log error of a shipper's price information, without the system.",
            lo=0.0,
            hi=1.0,
        ),
    },
    "market": {
        "market_fee_share": Param(
            "float",
            0.005,
            "fraction",
            "Market fee (retribusi pasar) on wholesale value in Surabaya, PAD of Surabaya.",
            lo=0.0,
            hi=0.5,
        ),
    },
    "programs": {
        "logistics_subsidy": _program(
            "logistics-subsidy",
            subsidy_rp_per_kg=Param(
                "float",
                0.0,
                "Rp/kg",
                "Freight subsidy per kg shipped to Surabaya.",
                lo=0.0,
                hi=1e6,
            ),
            applies_to=Param(
                "str",
                "all",
                "-",
                "Who gets the subsidy: every shipper to Surabaya ('all') or only the direct "
                "channel ('direct').",
                choices=("all", "direct"),
            ),
        ),
        "direct_channel": _program(
            "direct-channel (cooperative/BUMD aggregator)",
            operating_cost_rp_per_kg_capacity=Param(
                "float",
                100.0,
                "Rp/(kg/day)/day",
                "Daily cost of running the channel per kg/day of capacity (trucks, staff).",
                lo=0.0,
                hi=1e6,
            ),
            margin_rp_per_kg=Param(
                "float", 300.0, "Rp/kg", "The direct channel's thin margin.", lo=0.0, hi=1e6
            ),
            surabaya_share_at_parity=Param(
                "float",
                0.7,
                "fraction",
                "Share of its purchases the direct channel ships to Surabaya when Surabaya and "
                "other markets pay the same (it sells the rest to other buyers).",
                lo=0.001,
                hi=0.999,
            ),
            enrolment_fill_ratio=Param(
                "float",
                0.9,
                "fraction",
                "Farmers are enrolled while their capacity fits within this share of capacity.",
                lo=0.0,
                hi=2.0,
            ),
        ),
        "information_system": _program(
            "real-time information-system",
            operating_cost_rp_per_year=Param(
                "float", 0.0, "Rp/year", "Running cost of the system.", lo=0.0, hi=1e13
            ),
            lag_days=Param("int", 1, "days", "Price information lag with the system.", lo=1, hi=30),
            noise_sd=Param(
                "float", 0.0, "-", "Price information noise with the system.", lo=0.0, hi=1.0
            ),
            coverage=Param(
                "float",
                1.0,
                "fraction",
                "Share of middlemen who use the system (the direct channel always does).",
                lo=0.0,
                hi=1.0,
            ),
        ),
        "road": _program(
            "road-improvement",
            investment_rp=Param(
                "float",
                0.0,
                "Rp",
                "Total investment after which the road improvement is complete.",
                lo=0.0,
                hi=1e14,
            ),
            road_quality_after=Param(
                "float", 1.15, "-", "Road speed factor once complete.", lo=0.05, hi=3.0
            ),
        ),
    },
    "commodities": MapOf(_COMMODITY, "Traded farm products, one table each."),
}


def iter_params(schema: dict | None = None, prefix: str = ""):
    """Yield (dotted key, Param) for every documented key; map entries as ``name.<entry>``."""
    schema = SCHEMA if schema is None else schema
    for key, spec in schema.items():
        dotted = f"{prefix}{key}"
        if isinstance(spec, Param):
            yield dotted, spec
        elif isinstance(spec, MapOf):
            yield from iter_params(spec.entry, f"{dotted}.<name>.")
        else:
            yield from iter_params(spec, f"{dotted}.")
