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
    """One scenario key. ``kind`` is one of int, float, bool, str, date. ``lo``/``hi`` bound
    the values a scenario may set; ``plausible`` (optional) is the range the evidence leaves
    open, which sensitivity screening and the parameter interval vary the key over instead of
    +-50% of its value (:func:`plausible_range`, sim.sensitivity.factor_range)."""

    kind: str
    default: object
    unit: str
    doc: str
    source: str = "assumption"
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None
    # the stated plausible range the uncertainty analysis varies the key over (instead of the
    # default +-50%): (low, high, source), or for a key of a map entry ((entry, low, high,
    # source), ...), one row per entry that has one (see plausible_range)
    plausible: tuple | None = None


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
            "MoU signed 4 Nov 2021 (docs/DATA.md, the cooperation)",
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
        "OPD coordination quality of the joint programs (the lower of the two governments' "
        "values applies; joint monitoring raises it for a while). It acts through five "
        "channels: the share of the direct channel's nominal capacity that is delivered (the "
        "governments pay for all of it), the days added to the information system's lag "
        "(programs.information_system.lag_days_added_without_coordination), the outlet "
        "places allocated without targeting "
        "(programs.market_access.untargeted_share_without_coordination), the start-up delay "
        "(extra_startup_delay_days_without_coordination) and the budget realisation "
        "(unrealised_share_without_coordination).",
        "assumption",
        0.0,
        1.0,
    ),
    "extra_startup_delay_days_without_coordination": Param(
        "float",
        0.0,
        "days",
        "Days a joint program's start-up delay grows by when the program's coordination "
        "quality is 0 (the two OPDs do not agree on who procures and staffs it); at "
        "coordination q the delay grows by floor(this x (1 - q)) whole days (coordination "
        "channel: start-up; the governments' own coordination, before any joint review).",
        "assumption (range 0-180 days, default 0: off); no measurement of how KSD start-up "
        "delays depend on coordination found",
        0.0,
        730.0,
    ),
    "unrealised_share_without_coordination": Param(
        "float",
        0.0,
        "fraction",
        "Share of the realisation rate lost when the program's coordination quality is 0 "
        "(joint activities wait for the other OPD and the money lapses); at coordination q "
        "the realisation is realisation_rate x (1 - this x (1 - q)), set when each fiscal "
        "year's budget is appropriated (coordination channel: budget realisation).",
        "assumption (range 0-0.3, default 0: off); no measurement of how KSD budget "
        "realisation depends on coordination found",
        0.0,
        1.0,
    ),
    "max_program_share_of_apbd": Param(
        "float",
        0.1,
        "fraction",
        "Largest share of the government's APBD spending its joint programs may take in a "
        "year (by cost share, before realisation); a scenario asking for more stops with an "
        "error naming the program's budget key.",
        "assumption: about half of a kabupaten's usual capital-spending share (15-20% of "
        "APBD, general knowledge, no source found); Rp 274 bn for Kabupaten Blitar",
        0.0,
        1.0,
    ),
}


def _apbd(default: float, source: str) -> Param:
    return Param("float", default, "Rp/year", "The government's APBD spending.", source, 0.0, 1e15)


_COMMODITY = {
    "farmers": Param(
        "int",
        REQUIRED,
        "farmers",
        "Number of producing farmers at full scale (0, with output_t_per_year = 0: the "
        "producer region has none, and Surabaya buys the commodity from other origins only).",
        lo=0,
        hi=10**7,
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
        "float",
        REQUIRED,
        "Rp/kg",
        "Mean production cost per kg (above zero: farmers' margins are relative to it).",
        lo=1.0,
        hi=1e7,
    ),
    "cost_heterogeneity_sd": Param(
        "float", REQUIRED, "-", "Sd of farm-level cost efficiency (log).", lo=0.0, hi=1.0
    ),
    "input_cost_index": Param(
        "float",
        1.0,
        "-",
        "Multiplier on production cost (feed or input price shock; 1 = today). Above zero: "
        "farmers' margins are relative to the cost.",
        lo=0.01,
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
        "float",
        REQUIRED,
        "Rp/kg",
        "Middleman margin without competition (the ceiling): what a middleman keeps per kg "
        "above freight, breakage and market fees when his farmers have no outside option.",
        lo=0.0,
        hi=1e6,
        plausible=(
            (
                "eggs",
                500.0,
                1_500.0,
                "low: Rp 1,000/kg farm to Surabaya-delivered including freight (jatim.idntimes, "
                "Dec 2022) leaves about Rp 500 above the collector's costs; high: the "
                "farm-consumer gap Rp 4,000-5,000 less freight and retail (Bapanas via "
                "tribunnews 2022/11/07), the value before issue 15",
            ),
        ),
    ),
    "trader_margin_min_rp_per_kg": Param(
        "float",
        REQUIRED,
        "Rp/kg",
        "Lowest margin a middleman accepts (the floor): his own collection costs per kg "
        "(grading, packing, labour, working capital), below which he stops buying.",
        lo=0.0,
        hi=1e6,
        plausible=(
            (
                "eggs",
                300.0,
                500.0,
                "low: the value before issue 15, about 1.2% of the farm price, near the "
                "thinnest Blitar collector spread found (duck eggs, Rp 10 an egg, UD Majujaya, "
                "Ponggok; Brotowibowo, Juarini & Sumanto 2005); high: the ceiling's low end, "
                "which the floor cannot exceed",
            ),
        ),
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
    "elsewhere_price_flexibility": Param(
        "float",
        -1.0,
        "-",
        "d ln(other-markets price) / d ln(Blitar's sales there, smoothed): the other markets' "
        "inverse demand for Blitar's goods, the force that holds farm output at rest. 0 = "
        "Blitar takes the price whatever it sells (the model before issue 15).",
        "assumption: the unit-elastic benchmark (Blitar's revenue in other markets does not "
        "depend on what it sells there); no estimate found. It is the smallest round value "
        "that holds a 10-year baseline's output within 5% (tests/test_steady_state.py): egg "
        "output drifts +1.8% in 10 years at -1, +4.4% at -0.5, +16% at -0.1 (means over 5 "
        "seeds, benchmarks/steady_state.py), +30% in 7 years at 0",
        lo=-2.0,
        hi=0.0,
        plausible=(
            -1.0,
            -0.1,
            "assumption: -1 (unit-elastic, the steady-state value) to -0.1 (a regency facing "
            "nearly elastic residual demand, issue 15 second-round referee point 2); 1-year "
            "effects are drawn over it; 10-year stationarity holds only near -1, and effects "
            "keep growing after the first year near 0 (docs/ODD.md, A steady state)",
        ),
    ),
    "elsewhere_quantity_memory_days": Param(
        "float",
        30.0,
        "days",
        "Days over which the other markets' price responds to Blitar's sales there "
        "(exponential smoothing): traders renegotiate monthly.",
        "assumption",
        lo=1.0,
        hi=3650.0,
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
        "Share a shipper (middleman or direct channel) sends to Surabaya when Surabaya and "
        "other markets pay the same.",
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
        "float",
        REQUIRED,
        "-",
        "Price elasticity of Surabaya demand.",
        lo=-10.0,
        hi=0.0,
        plausible=(
            (
                "chili",
                -1.0,
                -0.4,
                "assumption: the shipped -0.4 to about the household LA/AIDS estimates for "
                "five seasonings incl. chili, -0.77 to -0.94 (Muin, Estudios de Economia), and "
                "Surabaya market reports (sales halved as prices rose 1.7-2.7 times, about -0.7 "
                "to -1.4; docs/DATA.md): the evidence leans to the elastic end",
            ),
        ),
    ),
    "blitar_share_of_surabaya_supply": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share of Surabaya's consumption supplied by the producer region at the reference price;"
        " the rest comes from other origins.",
        lo=0.0,
        hi=1.0,
        plausible=(
            (
                "chili",
                0.1,
                0.2,
                "assumption: Blitar grows 12-17% of East Java's cabai rawit (2021), sends about "
                "80% to Jabodetabek, and Surabaya also buys from Madura, Probolinggo and "
                "Lamongan: the evidence leans below the shipped 0.2 (docs/DATA.md)",
            ),
        ),
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
    "market_holding_loss_per_day": Param(
        "float",
        0.0,
        "1/day",
        "Share of the goods held unsold at the Surabaya market that is lost each day "
        "(cracks, wilting, handling).",
        lo=0.0,
        hi=1.0,
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


_SECTOR = {
    "blitar_share": Param(
        "float", REQUIRED, "fraction", "Share of Blitar UMKM in this sector.", lo=0.0, hi=1.0
    ),
    "surabaya_share": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share of the Surabaya competitors in this sector.",
        lo=0.0,
        hi=1.0,
    ),
    "household_spending_share": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share of households' UMKM spending going to this sector.",
        lo=0.0,
        hi=1.0,
    ),
    "souvenir_share": Param(
        "float",
        REQUIRED,
        "fraction",
        "Share of tourists' souvenir spending going to this sector.",
        lo=0.0,
        hi=1.0,
    ),
    "variable_cost_share": Param(
        "float",
        REQUIRED,
        "fraction",
        "Materials and other variable costs per Rp of sales.",
        lo=0.0,
        hi=1.0,
    ),
}

_UMKM = {
    "blitar_firms": Param(
        "int",
        34_675,
        "firms",
        "UMKM in the producer region at full scale.",
        "jatimtimes 311288 (Kabupaten Blitar, end 2023)",
        0,
        10**7,
    ),
    "surabaya_firms": Param(
        "int",
        13_329,
        "firms",
        "Competing UMKM in Surabaya at full scale.",
        "UMKM assisted by Pemkot Surabaya, Feb 2026 (vnnmedia.co.id)",
        0,
        10**7,
    ),
    "blitar_capacity_rp_per_day": Param(
        "float", 250_000.0, "Rp/day", "Mean sales capacity of a Blitar UMKM.", lo=1.0, hi=1e10
    ),
    "surabaya_capacity_rp_per_day": Param(
        "float", 1_000_000.0, "Rp/day", "Mean sales capacity of a Surabaya UMKM.", lo=1.0, hi=1e10
    ),
    "capacity_sigma": Param(
        "float", 1.0, "-", "Sd of log capacity (lognormal firm sizes).", lo=0.0, hi=3.0
    ),
    "fixed_cost_share_of_capacity": Param(
        "float", 0.10, "fraction", "Daily fixed cost as a share of capacity.", lo=0.0, hi=1.0
    ),
    "price_sigma": Param(
        "float", 0.1, "-", "Sd of log relative prices across firms.", lo=0.0, hi=2.0
    ),
    "blitar_literacy_mean": Param(
        "float", 0.45, "0-1", "Mean digital literacy, Blitar UMKM.", lo=0.01, hi=0.99
    ),
    "surabaya_literacy_mean": Param(
        "float", 0.55, "0-1", "Mean digital literacy, Surabaya UMKM.", lo=0.01, hi=0.99
    ),
    "blitar_quality_mean": Param(
        "float", 0.45, "0-1", "Mean product quality, Blitar UMKM.", lo=0.01, hi=0.99
    ),
    "surabaya_quality_mean": Param(
        "float", 0.55, "0-1", "Mean product quality, Surabaya UMKM.", lo=0.01, hi=0.99
    ),
    "trait_concentration": Param(
        "float",
        8.0,
        "-",
        "Beta-distribution concentration of literacy and quality.",
        lo=0.1,
        hi=1000.0,
    ),
    "blitar_legal_share": Param(
        "float",
        0.45,
        "fraction",
        "Share of Blitar UMKM with a business licence (NIB).",
        lo=0.0,
        hi=1.0,
    ),
    "surabaya_legal_share": Param(
        "float",
        0.7,
        "fraction",
        "Share of Surabaya UMKM with a business licence (NIB).",
        lo=0.0,
        hi=1.0,
    ),
    "online_literacy_threshold": Param(
        "float", 0.5, "0-1", "Digital literacy needed to sell online.", lo=0.0, hi=1.0
    ),
    "blitar_internet_coverage": Param(
        "float", 0.75, "fraction", "Share of Blitar UMKM with usable internet.", lo=0.0, hi=1.0
    ),
    "surabaya_internet_coverage": Param(
        "float", 0.98, "fraction", "Share of Surabaya UMKM with usable internet.", lo=0.0, hi=1.0
    ),
    "quality_weight": Param(
        "float", 3.0, "-", "Logit weight of quality in consumers' choice.", lo=0.0, hi=100.0
    ),
    "price_weight": Param(
        "float",
        2.0,
        "-",
        "Logit weight of log relative price in consumers' choice.",
        "assumption: a CES elasticity of substitution of 3 between firms (a firm's share of a "
        "Rp pool goes as price^-price_weight, so price_weight = sigma - 1 and a small firm's "
        "own-price elasticity of quantity is about -(price_weight + 1)); no estimate for UMKM "
        "found. It lies between the mean brand-level price elasticity -2.62 (1,851 estimates, "
        "Bijmolt, van Heerde & Pieters 2005, J. Marketing Research 42(2): price_weight 1.62) "
        "and the meta-analytic Armington elasticity, median 3.8, range 2.5-5.1 (Bajzik, "
        "Havranek, Irsova & Schwarz 2020, J. Int. Econ. 127: 2.8, 1.5-4.1)",
        lo=0.0,
        hi=100.0,
        plausible=(
            1.6,
            3.0,
            "assumption: sigma 2.6-4, from Bijmolt et al.'s mean (2.62, a floor: their "
            "abstract finds that allowing for price endogeneity raises elasticities) to about "
            "the Armington median (3.8); substitution between firms in one market is usually "
            "higher than between countries' goods, so the top may be low; the buyers' log-sum "
            "gain scales about as 1/price_weight",
        ),
    ),
    "epeken_visibility": Param(
        "float",
        0.02,
        "-",
        "Visibility a licensed online seller adds by listing on e-Peken, on top of general "
        "marketplaces (online_visibility_without_epeken), relative to a local shop (1): "
        "buyers' free choice only (the mandated purchases are a separate pool, "
        "epeken_mandated_*).",
        "fitted to e-Peken's turnover (target epeken_turnover: Rp 223.2 bn Oct 2021-Jan 2026, "
        "about Rp 51.5 bn a year; docs/DATA.md); free parameter of the calibration",
        0.0,
        100.0,
    ),
    "epeken_mandated_buyers": Param(
        "float",
        13_000.0,
        "buyers",
        "Surabaya civil servants (ASN) required to buy on e-Peken each month (the mandate). "
        "Their mandated spending is part of Surabaya households' UMKM spending, redirected to "
        "the platform's listings: a diversion, not new demand.",
        "suaraindonesia 13 May 2022 and smnnews 13 May 2022 (13,000 ASN living in Surabaya, "
        "by KTP, required to buy on e-Peken every month)",
        0.0,
        1e7,
    ),
    "epeken_mandated_rp_per_buyer_per_month": Param(
        "float",
        150_000.0,
        "Rp/buyer/month",
        "Mandated e-Peken spending of one civil servant a month (the quota), shared evenly by "
        "the listed sellers of each sector (the platform spreads it, the purpose of its cap; "
        "congestion: more listings, less each).",
        "assumption, range 60,000-250,000: the quota of an ordinary ASN is not published (a "
        "camat's minimum is Rp 2 M a month, surabayapagi 8 Jul 2023); 60,000 is the ASN-only "
        "months, Jul-Dec 2021, Rp 4.8 bn (angkaberita 3 Jun 2022; calc 4.8 bn / 6 / 13,000); "
        "250,000 makes the mandate about 75% of the 2022-25 turnover (docs/DATA.md)",
        0.0,
        1e8,
    ),
    "epeken_mandate_blitar_weight": Param(
        "float",
        0.0,
        "-",
        "Weight of a listed Blitar seller in the mandated pool, relative to a Surabaya seller "
        "(one share) (0: the mandate is for Surabaya's own UMKM, as the "
        "sources describe it; 1: a listing opens the mandated purchases fully).",
        "assumption: the mandate maps ASN to Surabaya UMKM and toko kelontong (smnnews, "
        "suaraindonesia 13 May 2022); whether a Blitar listing would share it is a policy "
        "choice",
        0.0,
        1.0,
    ),
    "epeken_seller_cap_rp_per_year": Param(
        "float",
        30_000_000.0,
        "Rp/seller/year",
        "Most mandated e-Peken sales one seller may take (the platform hides a seller that "
        "passes it), applied as an equal daily ceiling; mandated demand above it is not spent.",
        "jatim.genpi 10 Nov 2022 and smnnews 13 May 2022 (Rp 30 M cap per business, 'so "
        "that it is spread'); the cap's period is not published, read here as a year",
        0.0,
        1e12,
    ),
    "selling_min_rp_per_month": Param(
        "float",
        500_000.0,
        "Rp/month",
        "Sales to Surabaya buyers a month above which a Blitar firm counts as selling in "
        "Surabaya (reach KPIs only, applied per day as 12/365 of it); the logit gives every "
        "visible firm some sales, however small.",
        "assumption, range 100,000-2,000,000 (a few orders a month)",
        0.0,
        1e10,
    ),
    "online_visibility_without_epeken": Param(
        "float",
        0.15,
        "-",
        "Visibility of a Blitar online seller in Surabaya "
        "without e-Peken access (general marketplaces).",
        lo=0.0,
        hi=100.0,
    ),
    "outlet_visibility": Param(
        "float",
        0.8,
        "-",
        "Visibility of a Blitar firm placed in Surabaya outlets and exhibitions.",
        "assumption, range 0.4-1.6 (half to twice; an outlet place as visible as 0.8 of a "
        "local shop): no measurement of outlet or exhibition reach found",
        0.0,
        100.0,
    ),
    "outside_option_utility": Param(
        "float",
        -0.4,
        "-",
        "Log odds of buying outside UMKM (shops, chains) against the initial UMKM offer of a "
        "market and sector (-0.4: 60% of spending goes to UMKM at the start).",
        lo=-50.0,
        hi=50.0,
    ),
    "blitar_household_spending_rp_per_person_per_day": Param(
        "float",
        8_000.0,
        "Rp/person/day",
        "Blitar households' spending on the UMKM sectors' kind of goods.",
        lo=0.0,
        hi=1e7,
    ),
    "surabaya_household_spending_rp_per_person_per_day": Param(
        "float",
        6_000.0,
        "Rp/person/day",
        "Surabaya households' spending on the UMKM sectors' kind of goods.",
        lo=0.0,
        hi=1e7,
    ),
    "literacy_decay_per_day": Param(
        "float",
        0.002,
        "1/day",
        "Relative daily loss of digital literacy when not selling online (use keeps it).",
        "assumption, range 0.0005-0.004 (half-life about 6 months to 4 years): no published "
        "decay rate of digital skills of micro firms found; 0.002 (half-life ~1 year) keeps "
        "the 10-year online share within 5% (tests/test_steady_state.py)",
        0.0,
        1.0,
    ),
    "quality_decay_per_day": Param(
        "float",
        0.0005,
        "1/day",
        "Relative daily loss of the product quality a firm gained above its own level "
        "(training gains fade; a firm's own, drawn quality does not drift).",
        "assumption, range 0.00025-0.001 (about 9-30% of a gain lost a year; 0.0005 is ~17%): "
        "business-training effects are found to persist but not grow over 1-3 years "
        "(McKenzie 2021, OxREP 37(2)); no fade rate is published",
        0.0,
        1.0,
    ),
    "exit_after_loss_months": Param(
        "int", 6, "months", "Consecutive loss-making months after which a firm exits.", lo=1, hi=600
    ),
    "entry_probability_per_month": Param(
        "float",
        0.05,
        "1/month",
        "Monthly probability that a vacant slot is re-entered "
        "when the sector's firms earn the normal margin.",
        lo=0.0,
        hi=1.0,
    ),
    "normal_profit_margin": Param(
        "float",
        0.1,
        "fraction",
        "Profit per Rp of sales at which entry runs at its base rate.",
        lo=0.001,
        hi=10.0,
    ),
    "workers_per_firm": Param(
        "float",
        1.83,
        "workers/firm",
        "Workers per UMKM, owners included (for the jobs KPIs only).",
        "calc: 119.6 M workers / 65.5 M UMKM in Indonesia, 2019 (Kemenkop UKM, Perkembangan "
        "Data UMKM 2018-2019); micro firms alone 1.70",
        0.0,
        1000.0,
    ),
    "employment_elasticity_to_sales": Param(
        "float",
        0.5,
        "-",
        "Elasticity of workers per firm to its sales (intensive margin of the jobs KPIs): "
        "workers per firm = workers_per_firm x (utilisation / reference_utilisation) ^ this.",
        "assumption, range 0.3-0.8: small firms adjust hired and family labour less than one "
        "for one with sales; no Indonesian UMKM estimate found",
        0.0,
        2.0,
    ),
    "blitar_reference_utilisation": Param(
        "float",
        0.74,
        "fraction",
        "Blitar UMKM sales per operating firm over their mean capacity "
        "(blitar_capacity_rp_per_day) at which a firm has workers_per_firm workers.",
        "calc: the baseline's own mean utilisation (scale 0.05, seeds 1-2, 2025: 0.736, 0.740), "
        "so that the baseline's jobs are firms x workers_per_firm",
        0.001,
        10.0,
    ),
    "surabaya_reference_utilisation": Param(
        "float",
        0.99,
        "fraction",
        "As blitar_reference_utilisation, for Surabaya UMKM (surabaya_capacity_rp_per_day).",
        "calc: the baseline's own mean utilisation (scale 0.05, seeds 1-2, 2025: 0.965, 1.019)",
        0.001,
        10.0,
    ),
    "sectors": MapOf(_SECTOR, "UMKM sectors, one table each (shares must sum to 1)."),
}

_EVENT = {
    "host": Param(
        "str",
        "blitar",
        "-",
        "Region holding the event: its arrivals rise by visits_uplift during the event.",
        choices=("blitar", "surabaya"),
    ),
    "days": Param("int", 1, "days", "Length of the event's window.", lo=1, hi=366),
    "yearly": Param(
        "bool",
        True,
        "-",
        "The event recurs every year on the same date (the run's later years too).",
    ),
    "cost_rp": Param(
        "float",
        0.0,
        "Rp/event",
        "Cost of one occurrence at full scale, paid on its first day from the cultural-events "
        "program's budget. A part paid scales the event's effects by the share paid; an event "
        "the program cannot pay (not started, budget spent) has no effect. Cost 0: an event "
        "organised and paid by others, which the program only dates.",
        lo=0.0,
        hi=1e13,
    ),
    "visits_uplift": Param(
        "float",
        0.0,
        "fraction",
        "Extra arrivals in the host region during the window, relative to its usual arrivals "
        "(the day's Poisson mean x (1 + uplift)).",
        "assumption per event; Makam Bung Karno (Kota Blitar) receives ~1,000 visitors a day, "
        "1,500-2,000 a day in June, the month of Bung Karno (docs/DATA.md)",
        lo=0.0,
        hi=10.0,
        # the shipped events' ranges (cultural_events.toml), by event name; an event a user
        # adds is varied +-50% of its value
        plausible=(
            (
                "bulan_bung_karno",
                0.0,
                0.07,
                "0: the cooperation adds nothing to the June rise; "
                "0.07: half of it (the rise is +7-14% of Kabupaten Blitar's visits, docs/DATA.md); "
                "assumption",
            ),
            (
                "grebeg_pancasila",
                0.0,
                0.15,
                "0 to 0.15: what joint staging adds to the two-day "
                "crowd (assumption, no published count)",
            ),
        ),  # fmt: skip
    ),
    "awareness_boost": Param(
        "float",
        0.0,
        "1/day",
        "Share of Surabaya visitors unaware of Blitar's offer who become aware each day of "
        "the window (added to promotion and word of mouth; awareness then decays as usual).",
        lo=0.0,
        hi=1.0,
        # the shipped events' ranges (assumptions: no study measures awareness from an event)
        plausible=(
            ("bulan_bung_karno", 0.0, 0.0002, "assumption: 0 to 4x the example 0.00005"),
            ("grebeg_pancasila", 0.0, 0.0008, "assumption: 0 to 4x the example 0.0002"),
            ("sccf_blitar_pavilion", 0.0, 0.002, "assumption: 0 to 4x the example 0.0005"),
        ),
    ),
    # last: a bad value of another key is reported before a missing date
    "start_date": Param(
        "date",
        REQUIRED,
        "date",
        "First day of the event (of its first year if it recurs yearly).",
    ),
}

_TOURISM = {
    "value_added_share": Param(
        "float",
        0.4,
        "fraction",
        "Value added (wages, profits, local taxes) per Rp of tourists' spending on lodging, "
        "food and attractions; the rest pays for inputs bought from outside the sector. Only "
        "this share counts as tourism income in the incidence table (with the local taxes "
        "under governments). Assumption, plausible range 0.3-0.5: tourism satellite accounts "
        "(TSA:RMF 2008; BPS Nesparnas) give direct tourism GVA as a share of tourism "
        "consumption in roughly this band; no Blitar or East Java figure found.",
        lo=0.0,
        hi=1.0,
    ),
    "visitors_per_agent": Param(
        "float",
        10.0,
        "visitors",
        "Visitors one tourist agent stands for (super-individuals).",
        lo=1.0,
        hi=1e4,
    ),
    "surabaya_visits_per_year": Param(
        "float",
        17_425_476.0,
        "visits/year",
        "Visits to Surabaya.",
        "travel.detik d-7168597 (2023)",
        0.0,
        1e9,
    ),
    "blitar_direct_visits_per_year": Param(
        "float",
        2_200_000.0,
        "visits/year",
        "Visits to Blitar not via Surabaya.",
        "calc: 2,597,470 visits to Kabupaten Blitar in 2022 (timesindonesia) less ~0.4 M "
        "that the model brings on from Surabaya",
        0.0,
        1e9,
    ),
    "weekend_multiplier": Param(
        "float", 1.4, "-", "Arrivals multiplier on Saturdays and Sundays.", lo=0.0, hi=10.0
    ),
    "holiday_multiplier": Param(
        "float",
        1.6,
        "-",
        "Arrivals multiplier in school holidays (late June-mid July), "
        "the Lebaran week after Idul Fitri and Christmas-New Year.",
        lo=0.0,
        hi=10.0,
    ),
    "surabaya_overnight_share": Param(
        "float", 0.6, "fraction", "Share of Surabaya visitors who stay overnight.", lo=0.0, hi=1.0
    ),
    "surabaya_nights_mean": Param(
        "float",
        1.5,
        "nights",
        "Mean nights of an overnight visitor in Surabaya.",
        "domestic hotel guests 1.50 nights, Sep 2024 (kontan, BPS)",
        0.0,
        60.0,
    ),
    "blitar_overnight_share": Param(
        "float", 0.3, "fraction", "Share of Blitar visitors who stay overnight.", lo=0.0, hi=1.0
    ),
    "blitar_nights_mean": Param(
        "float", 1.2, "nights", "Mean nights of an overnight visitor in Blitar.", lo=0.0, hi=60.0
    ),
    "lodging_rp_per_night": Param(
        "float",
        326_000.0,
        "Rp/night",
        "Lodging spending per visitor-night in Surabaya.",
        "calc: Rp 489k lodging per trip / 1.5 nights (goodstats, BPS 2024)",
        0.0,
        1e8,
    ),
    "food_rp_per_day": Param(
        "float",
        177_000.0,
        "Rp/day",
        "Food spending per visitor-day in Surabaya.",
        "calc: Rp 443k food per trip / 2.5 days (goodstats, BPS 2024)",
        0.0,
        1e8,
    ),
    "souvenir_rp_per_day": Param(
        "float",
        138_000.0,
        "Rp/day",
        "Souvenir spending per visitor-day (UMKM demand) in Surabaya.",
        "calc: 40% of the Rp 864k non-transport remainder per trip / 2.5 "
        "days (BPS 2024); split is an assumption",
        0.0,
        1e8,
    ),
    "attraction_rp_per_visit": Param(
        "float", 50_000.0, "Rp/visit", "Attraction fees per visit to a region.", lo=0.0, hi=1e8
    ),
    "blitar_price_level": Param(
        "float", 0.6, "-", "Blitar prices and spending relative to Surabaya.", lo=0.01, hi=10.0
    ),
    "base_awareness": Param(
        "float",
        0.15,
        "fraction",
        "Share of Surabaya visitors aware of Blitar's offer without promotion.",
        lo=0.0,
        hi=1.0,
    ),
    "awareness_decay_per_day": Param(
        "float", 0.01, "1/day", "Rate at which awareness returns to its base level.", lo=0.0, hi=1.0
    ),
    "word_of_mouth": Param(
        "float",
        0.01,
        "-",
        "Awareness gained per returning visitor, relative to a day's Surabaya arrivals.",
        lo=0.0,
        hi=100.0,
    ),
    "extension_logit": Param(
        "float",
        -1.5,
        "-",
        "Logit of an aware visitor's choice to continue to Blitar at "
        "today's travel time, without a package.",
        lo=-50.0,
        hi=50.0,
    ),
    "package_logit_bonus": Param(
        "float",
        1.0,
        "-",
        "Added logit for visitors holding an integrated package.",
        lo=0.0,
        hi=50.0,
    ),
    "jobs_per_bn_rp_spending": Param(
        "float",
        11.4,
        "jobs/(Rp bn/year)",
        "Tourism jobs per Rp 1 bn a year of tourists' spending on lodging, food and "
        "attractions, at the model's 2024 prices (for the jobs KPIs only; souvenirs are UMKM "
        "sales, whose jobs the UMKM jobs count).",
        "calc, order of magnitude: ~13 M tourism workers in 2019 (Kemenparekraf) over ~Rp 1,000 "
        "tn of tourist spending (722 M domestic trips x Rp 0.96 M, BPS 2019, plus foreign "
        "visitors' ~Rp 280 tn): 13 per Rp bn at 2019 prices, deflated to 2024 by Indonesia's "
        "CPI (BPS, December-on-December inflation 2020-2024: 1.68, 1.87, 5.51, 2.61, 1.57%: "
        "x1.139): 11.4; uncertain by a factor of 2 (the national ratio applied to two cities)",
        0.0,
        1e6,
        plausible=(5.7, 22.8, "half to twice 11.4 (the national 2019 ratio, deflated)"),
    ),
    "travel_time_logit_per_h": Param(
        "float", 0.3, "1/h", "Logit lost per extra hour of travel time to Blitar.", lo=0.0, hi=50.0
    ),
}

_PAD = {
    "hotel_tax_share": Param(
        "float",
        0.10,
        "fraction",
        "Local tax on lodging (PBJT jasa perhotelan).",
        "UU 1/2022 (HKPD): at most 10%",
        0.0,
        1.0,
    ),
    "restaurant_tax_share": Param(
        "float",
        0.10,
        "fraction",
        "Local tax on food and drink (PBJT makanan/minuman).",
        "UU 1/2022 (HKPD): at most 10%",
        0.0,
        1.0,
    ),
    "attraction_fee_share": Param(
        "float",
        0.5,
        "fraction",
        "Share of attraction spending collected as local fees (retribusi at government-run sites).",
        lo=0.0,
        hi=1.0,
    ),
    "umkm_tax_share": Param(
        "float",
        0.0025,
        "fraction",
        "Local levies per Rp of UMKM sales (permits, retribusi).",
        lo=0.0,
        hi=1.0,
    ),
}

SCHEMA: dict = {
    "description": Param("str", "", "-", "One or two sentences saying what the scenario is."),
    "description_id": Param("str", "", "-", "The description in Indonesian (for briefs)."),
    "description_en": Param("str", "", "-", "The description in English (for briefs)."),
    "extends": Param("str", "", "-", "Parent scenario file, relative to this file."),
    "run": {
        "start_date": Param(
            "date",
            "2025-01-01",
            "date",
            "Calendar date of the first reported day (the warm-up runs before it). The "
            "calendar knows Idul Fitri dates for 2019-2035: the warm-up may not start before "
            "2019-01-01 and the run must end by 2034-12-31.",
        ),
        "warmup_days": Param(
            "int",
            60,
            "days",
            "Days simulated before run.start_date and left out of every KPI and output series; "
            "no program runs and no budget is spent in them (the first reported day opens the "
            "first fiscal year). 60 days: the start-up transient of the retail prices (the egg "
            "price starts near Rp 32,500) and of Blitar UMKM revenue is over within 1-2 weeks "
            "(benchmarks/warmup_transient.py, 10 seeds, scale 0.03), and 60 days are longer "
            "than the shelf life (14 d), the price history (32 d) and the channel and capacity "
            "review cycles (30 d). Flocks move about 1% in the first year, slower than any "
            "warm-up (docs/ODD.md, Initialisation).",
            lo=0,
            hi=365,
        ),
        "days": Param(
            "int",
            365,
            "days",
            "Days to simulate (one step = one day); start_date + days may not pass 2034-12-31.",
            lo=1,
            hi=5844,
        ),
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
            "str",
            "numba",
            "-",
            "Step engine: numba struct-of-arrays kernels, or python (one Mesa agent object per "
            "farmer and trader, sim.reference; identical results, 30-140x slower).",
            choices=("numba", "python"),
        ),
        "main_commodity": Param("str", "eggs", "-", "Commodity the headline price KPIs refer to."),
    },
    "market_region": dict(_REGION),
    "producer_region": dict(_REGION),
    "governments": {
        "surabaya": dict(
            _GOVERNMENT, apbd_rp_per_year=_apbd(12.137e12, "APBD 2025, jatim.tribunnews 2025/01/29")
        ),
        "blitar": dict(
            _GOVERNMENT,
            apbd_rp_per_year=_apbd(2.74e12, "2024 realised spending, indonesiaonline.co.id 68389"),
        ),
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
            "calc: 160 km in 3-4 h (docs/DATA.md, transport)",
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
        "expectation_weight": Param(
            "float",
            0.3,
            "-",
            "Weight of the newest price observation in a shipper's expected Surabaya price "
            "(adaptive expectations; 1 = the last observation only).",
            "assumption",
            0.01,
            1.0,
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
                "Daily cost of running the channel per kg/day of nominal capacity (trucks, "
                "staff), paid on the capacity appropriated while the program runs, also the "
                "part poor coordination leaves idle.",
                lo=0.0,
                hi=1e6,
            ),
            margin_rp_per_kg=Param(
                "float", 300.0, "Rp/kg", "The direct channel's thin margin.", lo=0.0, hi=1e6
            ),
            enrolment_fill_ratio=Param(
                "float",
                0.9,
                "fraction",
                "Farmers are enrolled while their capacity fits within this share of capacity.",
                lo=0.0,
                hi=2.0,
            ),
            margin_spillover=Param(
                "float",
                0.0,
                "weight",
                "How far the channel contests the middlemen's margins beyond the farmers it "
                "actually serves: the middlemen's margin target moves toward the one matching the "
                "channel's price by this weight x the channel's share of local supply (its "
                "smoothed purchases). 0: only members gain; 1: every middleman matches the "
                "channel in proportion to its share.",
                "Bergquist & Dinerstein (AER 2020): subsidised trader entry had negligible "
                "effects on market prices, so the headline takes 0 (members alone gain); the "
                "mixing rule and any value above 0 are assumptions (docs/ODD.md)",
                lo=0.0,
                hi=1.0,
                plausible=(
                    0.0,
                    1.0,
                    "0: no spillover (Bergquist & Dinerstein 2020); 1: every middleman matches "
                    "the channel in proportion to its share of supply (assumption)",
                ),
            ),
            surabaya_offtake_share=Param(
                "float",
                0.0,
                "fraction",
                "The MoU's offtake agreement: the share of what the channel buys that Surabaya "
                "buyers committed by the MoU (PD Pasar, retailers, hotels) take whatever the "
                "netback; the rest goes to Surabaya or other markets by the same netback logit "
                "as middlemen's. 0: no agreement, the channel ships like a middleman.",
                "assumption: 0 (no agreement), since no offtake volume of the MoU is "
                "published and a committed share decides the sign of the channel's net welfare; "
                "the parameter interval draws it over 0-0.7 and scenario "
                "direct_channel_offtake.toml shows 0.35 (docs/ODD.md, 'The channel's Surabaya "
                "offtake')",
                0.0,
                1.0,
                plausible=(
                    0.0,
                    0.7,
                    "low: no agreement (the middlemen's netback rule, fitted share at parity "
                    "0.063 for eggs); high: 0.7, the channel's Surabaya share the model assumed "
                    "before issue 15 (issue 15, referee point 5)",
                ),
            ),
            reach_memory_days=Param(
                "float",
                30.0,
                "days",
                "Memory of the smoothing of the channel's daily purchases that measures its "
                "share of local supply (its reach). Assumption: about a month of trading.",
                lo=1.0,
                hi=365.0,
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
            farmer_reach=Param(
                "float",
                0.0,
                "fraction",
                "Share of farmers who also receive the system's prices (SMS or app) and use "
                "them to bargain with their middleman (0: the system informs shippers only).",
                "assumption; no survey of Blitar farmers' use of price services",
                0.0,
                1.0,
            ),
            cost_rp_per_farmer_per_year=Param(
                "float",
                0.0,
                "Rp/farmer/year",
                "Cost of sending the prices to one reached farmer for a year (messages, "
                "support), paid by the program on top of its operating cost.",
                lo=0.0,
                hi=1e9,
            ),
            lag_days_added_without_coordination=Param(
                "float",
                2.0,
                "days",
                "Days the system's price lag grows by when the governments' coordination "
                "quality is 0 (the OPDs do not feed stock and demand data in on time); at "
                "coordination q the lag grows by floor(this x (1 - q)) whole days, never above "
                "the lag without the system (coordination channel: information speed).",
                "assumption (range 0-5 days); no measurement of data delays between the "
                "Surabaya and Blitar OPDs found",
                0.0,
                30.0,
            ),
            farmer_bargaining_share=Param(
                "float",
                1.0,
                "fraction",
                "Share of a middleman's margin above its floor (trader_margin_min_rp_per_kg) "
                "that his informed farmers bargain away, times their share of his farmers "
                "(1: informed farmers can sell to any middleman, who compete down to the floor).",
                "assumption (upper bound); mechanism: Courtois & Subervie 2015, AJAE 97(3), "
                "price information raises farmers' bargaining power with traders",
                0.0,
                1.0,
            ),
        ),
        "training": _program(
            "UMKM training (digital literacy, quality, packaging and legality)",
            places_per_month=Param(
                "float",
                0.0,
                "places/month",
                "Training places a month at full scale.",
                lo=0.0,
                hi=1e7,
            ),
            cost_rp_per_place=Param(
                "float",
                2_500_000.0,
                "Rp/place",
                "Cost of one training place (course and mentoring, paid by the program).",
                "calc: median of four regional UMKM training budgets per trainee, Rp 0.3-4.0 M: "
                "Solok Selatan DAK 2023 Rp 420 M / 180 (2.3 M, radarsumbar 57458); Dinkop UKM "
                "Jateng 2018 Rp 10 bn / 3,600 (2.8 M, metrojateng); Kaltara DAK 2019 Rp 2.9 bn / "
                "720 (4.0 M, berandankrinews 4026); Trenggalek 2019 Rp 25-60 M / 90 (0.3-0.7 M, "
                "jatim.tribunnews 2019/12/03)",
                0.0,
                1e10,
            ),
            selection=Param(
                "str",
                "readiest",
                "-",
                "Who is chosen: 'readiest' (offline firms with internet, the most digitally "
                "literate first: each further place reaches a firm further below the online "
                "threshold, so returns diminish in places), lowest digital literacy first, or at "
                "random.",
                choices=("readiest", "lowest_literacy", "random"),
            ),
            targeting_noise_sd=Param(
                "float",
                2.0,
                "-",
                "Sd of the noise in the readiness signal the program ranks firms by under "
                "'readiest' (literacy, less 1 for a firm already online and 1 for one without "
                "internet): the office does not see who is ready; 0 targets perfectly, a large "
                "value is close to random selection.",
                "calibrated with literacy_gain: at literacy_gain 0.3 (before) firms online per "
                "trainee were ~0.95 at noise 0, 0.79 at 0.5, 0.59 at 1, 0.39 at 2, 0.34 at 4 and "
                "0.21 with random selection (scale 0.02, 180 days, 300 places a month, 4 seeds): "
                "noise alone cannot go below random selection; 2.0 with literacy_gain 0.23 gives "
                "+13 pp (Darova, Cusolito & McKenzie 2022, WB PRWP 10256: +10-15 pp); range 1-10",
                0.0,
                100.0,
            ),
            completion_rate=Param(
                "float",
                0.8,
                "fraction",
                "Share of trainees who complete the course.",
                lo=0.0,
                hi=1.0,
            ),
            literacy_gain=Param(
                "float",
                0.27,
                "fraction",
                "Share of the gap to full digital literacy closed by one course (a repeat course "
                "gains less: the gap is smaller).",
                "calibrated with targeting_noise_sd 2.0 (the default 'readiest' selection) on "
                "the calibration of 5 December 2026: 0.27 puts about 0.11 more firms online per "
                "trainee (300 places a month, scale 0.05, 365 days, seeds 1-4; 0.26: 0.095, "
                "0.28: 0.133; 0.23 under the calibration before it gave 0.13, 0.075 under this "
                "one) against +10 to +15 pp in Darova, Cusolito & McKenzie 2022 (WB PRWP "
                "10256), whose outcomes are firms' search rank and social-media posting, not "
                "going online (a proxy outcome); sales against +5-10% in McKenzie 2021 (OxREP "
                "37(2))",
                0.0,
                1.0,
                plausible=(
                    0.26,
                    0.29,
                    "the evidence band: ~0.095 to ~0.15 more firms online per trainee "
                    "(interpolating the calibration runs above) against Darova et al.'s +10 to "
                    "+15 pp in search rank and posting, a proxy for going online (second-round "
                    "referee, point 4)",
                ),
            ),
            quality_gain=Param(
                "float",
                0.15,
                "fraction",
                "Share of the gap to full quality closed by one course.",
                "assumption: no study measures a course's effect on product quality; it "
                "reaches sales through buyers' choice, so it is drawn over half to twice its "
                "value",
                0.0,
                1.0,
                plausible=(0.075, 0.3, "assumption: half to twice 0.15 (no source)"),
            ),
            legality_probability=Param(
                "float",
                0.5,
                "fraction",
                "Probability that an unlicensed trainee gets a licence.",
                lo=0.0,
                hi=1.0,
            ),
        ),
        "promotion": _program(
            "joint tourism promotion and integrated packages",
            effect_per_day=Param(
                "float",
                0.00003,
                "1/day",
                "Largest daily awareness gain (share of the unaware) from promotion.",
                "assumption centred on the published receipts per Rp of destination promotion: "
                "0.00003 returns ~Rp 0.85-1.0 of tourist spending in Blitar per Rp (Rp 1 bn a "
                "year; ~Rp 350,000-420,000 per extra visit; scale 0.05, 8 seeds), the geometric "
                "mean of 8:1 (Kulendran & Divisekera 2007, Tourism Economics 13(2): national, "
                "international markets, an upper end) and ~0.09:1 (Mackinac Center 2016: "
                "~$20,000 of hotel income per $1 M of US state promotion, hotels ~a fifth of "
                "spending). Band 0.0000035 (0.09:1) to 0.00028 (8:1). The 0.28-0.45 short-run "
                "elasticity of arrivals (12 developing countries) needs Blitar's own promotion "
                "spending as its base, which is not published: not used. Was 0.0003 (8.5:1)",
                0.0,
                1.0,
                plausible=(
                    0.0000035,
                    0.00028,
                    "0.09:1 (Mackinac 2016) to 8:1 (Kulendran & Divisekera 2007) of visitor "
                    "spending per Rp",
                ),
            ),
            half_saturation_rp_per_day=Param(
                "float",
                5_000_000.0,
                "Rp/day",
                "Daily promotion spend giving 63% of the largest gain (diminishing returns).",
                "assumption: no source for where promotion saturates; Rp 5 M a day (~Rp 1.8 bn a "
                "year, about a regency's tourism promotion budget, e.g. Kota Batu ~Rp 4 bn, "
                "malangvoice) with a band of a factor 2 either way",
                lo=1.0,
                hi=1e12,
                plausible=(
                    2_500_000.0,
                    10_000_000.0,
                    "assumption: a factor 2 either way of Rp 5 M a day",
                ),
            ),
            package_extra_nights=Param(
                "int",
                1,
                "nights",
                "Extra nights in Blitar that an integrated package adds to an overnight stay "
                "(lodging and a day's food and souvenirs follow).",
                "assumption: a package bundles one night; band 0-2",
                lo=0,
                hi=14,
                plausible=(0.0, 2.0, "assumption: a package adds 0 to 2 nights"),
            ),
            package_cost_rp_per_visitor=Param(
                "float",
                100_000.0,
                "Rp/visitor",
                "Cost to the promotion budget of one package used: a holder who continues from "
                "Surabaya to Blitar (discounts, joint ticket, shuttle), paid on the day the "
                "visitor travels; a package held but not used costs nothing. Packages are handed "
                "out while the budget lasts. The discount is a transfer to the visitor (not a "
                "resident of either region): it counts as program cost, as nobody's income.",
                "assumption: about 28% of the model's ~Rp 356,000 spending per Blitar visit (a "
                "tenth of the national ~Rp 1 M per trip, which includes transport); "
                "no published cost of the joint packages",
                0.0,
                1e9,
            ),
            package_uptake=Param(
                "float",
                0.0,
                "fraction",
                "Share of visitors to Surabaya holding an integrated "
                "Surabaya-Blitar package while the program runs.",
                lo=0.0,
                hi=1.0,
            ),
        ),
        "internet": _program(
            "internet coverage in Blitar",
            investment_rp=Param(
                "float",
                0.0,
                "Rp",
                "Investment after which the coverage is complete.",
                lo=0.0,
                hi=1e14,
            ),
            coverage_after=Param(
                "float",
                0.95,
                "fraction",
                "Share of Blitar UMKM with usable internet once complete.",
                lo=0.0,
                hi=1.0,
            ),
        ),
        "market_access": _program(
            "market access for Blitar UMKM (e-Peken listing, Surabaya outlets and exhibitions)",
            outlet_places=Param(
                "float",
                0.0,
                "firms",
                "Blitar UMKM placed in Surabaya outlets and exhibitions (full "
                "scale), chosen by outlet_rule each month.",
                lo=0.0,
                hi=1e7,
            ),
            untargeted_share_without_coordination=Param(
                "float",
                0.0,
                "fraction",
                "Share of the outlet places allocated first come, first served (in the "
                "registry's order) instead of by need and quality when the governments' "
                "coordination quality is 0 (the two governments' OPDs do not share their "
                "lists of firms); at coordination q the share is this x (1 - q) (coordination "
                "channel: rationing).",
                "assumption (range 0-1, default 0: off); the paper names agency coordination "
                "as an obstacle, no measurement of mis-targeting found. Off by default because "
                "the targeting rule (offline firms first) is the program's equity aim, not the "
                "profit-maximising allocation: better targeting lowers total UMKM profit "
                "(docs/ODD.md, coordination)",
                0.0,
                1.0,
            ),
            outlet_rule=Param(
                "str",
                "offline_first",
                "-",
                "Which licensed Blitar firms get the outlet places: 'offline_first' (firms not "
                "selling online first, best quality first within each group), 'readiest' (best "
                "quality first) or 'random'.",
                choices=("offline_first", "readiest", "random"),
            ),
            epeken_places=Param(
                "float",
                1_000.0,
                "firms",
                "Most Blitar UMKM listed on e-Peken while the program gives access (full scale): "
                "the online, licensed firms of best quality first (curation), chosen each month.",
                "assumption, range 250-4,852: the platform had 4,852 sellers in Jan 2026 "
                "(vnnmedia), so a Blitar listing is bounded well below that",
                0.0,
                1e7,
            ),
            cost_rp_per_outlet_place_per_day=Param(
                "float", 20_000.0, "Rp/day", "Cost of one outlet place per day.", lo=0.0, hi=1e9
            ),
            epeken_operating_cost_rp_per_year=Param(
                "float", 0.0, "Rp/year", "Cost of opening e-Peken to Blitar UMKM.", lo=0.0, hi=1e13
            ),
        ),
        "monitoring": _program(
            "joint monitoring and evaluation (monev) by the cooperation's secretariat",
            interval_days=Param(
                "int",
                0,
                "days",
                "Days between two joint reviews of the programs (0: no reviews). A review "
                "takes place on the program's first day and every interval_days after, while "
                "its budget pays for it.",
                "assumption: 0, the MoU provides for no joint reviews; a quarterly cycle (90) "
                "follows PP 39/2006 (quarterly progress reports on development plans), and "
                "Permendagri 22/2020 asks for monitoring and evaluation of kerja sama daerah",
                0,
                3650,
            ),
            cost_rp_per_review=Param(
                "float",
                0.0,
                "Rp",
                "Cost of one review at full scale (staff time, meetings, field visits), paid "
                "from the monitoring budget by the cost shares.",
                "assumption (range Rp 25-200 M); no published cost of a KSD review found",
                0.0,
                1e12,
            ),
            gap_closed_per_review=Param(
                "float",
                0.5,
                "fraction",
                "Share of each joint program's coordination gap (1 - coordination) a review "
                "closes: the shortfalls it finds (undelivered channel capacity, late price data, "
                "mis-targeted outlet places) are corrected.",
                "assumption (range 0.2-0.8)",
                0.0,
                1.0,
            ),
            relapse_per_day=Param(
                "float",
                0.01,
                "1/day",
                "Share of the coordination gained by reviews that is lost each day (officials "
                "rotate, agreements lapse), back toward the governments' own coordination "
                "quality.",
                "assumption (range 0.002-0.05: half the gain lost in 2 weeks to a year)",
                0.0,
                1.0,
            ),
        ),
        "cultural_events": _program(
            "cross-regional cultural events",
            events=MapOf(
                _EVENT,
                "Dated cultural events, one table each "
                "(``[programs.cultural_events.events.<name>]``).",
                min_entries=0,
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
                "float",
                1.15,
                "-",
                "Road speed factor once complete.",
                "assumption: 15% faster trucks over the whole 160 km route, which needs far "
                "more than the shipped scenarios' Rp 40 bn: at about Rp 10 bn a km of widening "
                "(BBPJN VIII Jatim, jpnn '1 km butuh Rp 10 miliar') that buys about 4 km, "
                "which would save 1-3% of the trip even at a bottleneck; read the road "
                "scenarios as 'if the whole route improved'",
                lo=0.05,
                hi=3.0,
                plausible=(
                    1.01,
                    1.15,
                    "assumption: 1.01-1.03 is what Rp 40 bn of widening buys (4 of 160 km); "
                    "1.15 the whole route improved",
                ),
            ),
        ),
    },
    "commodities": MapOf(_COMMODITY, "Traded farm products, one table each."),
    "umkm": _UMKM,
    "tourism": _TOURISM,
    "pad": _PAD,
}


# Keys a scenario's [[schedule]] may change on a date: levers and shocks the model reads every
# day (or rebuilds its derived arrays from when they change). ``<name>`` is any entry.
SCHEDULABLE = (
    "transport.road_quality",
    "transport.fuel_price_index",
    "information.lag_days",
    "information.noise_sd",
    "commodities.<name>.input_cost_index",
    "commodities.<name>.demand_shock_multiplier",
    "commodities.<name>.shock_probability_per_day",
    "commodities.<name>.direct_channel_capacity_kg_per_day",
    "programs.<name>.budget_rp_per_year",
    "programs.logistics_subsidy.subsidy_rp_per_kg",
    "programs.information_system.lag_days",
    "programs.information_system.noise_sd",
    "programs.training.places_per_month",
    "programs.promotion.package_uptake",
    "programs.market_access.outlet_places",
    "umkm.blitar_internet_coverage",
)


def param_for(key: str) -> Param | None:
    """The Param of a concrete dotted key (map entries by any name), or None."""
    node = SCHEMA
    for part in key.split("."):
        if isinstance(node, MapOf):
            node = node.entry  # this part names an entry
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node if isinstance(node, Param) else None


def map_entries(key: str) -> list[str]:
    """The names of the map entries on a concrete dotted key's path, outermost first: ``chili``
    for ``commodities.chili.farmers``, ``fashion`` for ``umkm.sectors.fashion.blitar_share``,
    none for a key outside the maps (or not in the schema)."""
    node, names = SCHEMA, []
    for part in key.split("."):
        if isinstance(node, MapOf):
            node = node.entry
            names.append(part)
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return []
    return names


def plausible_range(key: str, p: Param | None = None) -> tuple[float, float, str] | None:
    """The stated plausible range (low, high, source) of a concrete dotted key, or None (the
    uncertainty analysis then uses its default relative range)."""
    p = param_for(key) if p is None else p
    if p is None or p.plausible is None:
        return None
    if not isinstance(p.plausible[0], tuple):
        lo, hi, source = p.plausible
        return float(lo), float(hi), source
    parts = key.split(".")
    # the entry's name: second part (commodities.<name>.key) or, in a map nested deeper
    # (programs.cultural_events.events.<name>.key), the part before the key
    entries = {parts[1], parts[-2]} if len(parts) > 2 else set()
    for name, lo, hi, source in p.plausible:
        if name in entries:
            return float(lo), float(hi), source
    return None


def schedulable_param(key: str) -> Param | None:
    """The Param of a key that a schedule may change, or None."""
    parts = key.split(".")
    for pattern in SCHEDULABLE:
        pat = pattern.split(".")
        if len(pat) == len(parts) and all(
            a == "<name>" or a == b for a, b in zip(pat, parts, strict=True)
        ):
            return param_for(key)
    return None


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
