"""The per-commodity parameter record and the column indices of the accounts shared by the
kernels and the model.

Numba treats the module-level integers as compile-time constants and reads the record's fields
by name.
"""

import numpy as np

# cpar[c]: per-commodity parameters and today's levers, one record per commodity. Fields
# named like a scenario key hold that key's value (``commodities.<name>.<key>``, or the key
# named in the comment); the others are derived or today's levers, filled by
# sim.sectors.trade.TradeSector.
COMMODITY_PARAMS = np.dtype(
    [
        ("shelf_life_days", np.float64),  # shelf life, days
        ("output_noise_sd", np.float64),  # daily output noise (sd of log)
        ("seasonal_amplitude", np.float64),  # production cycle amplitude
        ("seasonal_peak_day_of_year", np.float64),  # day of year of peak production
        ("shock_probability_per_day", np.float64),  # daily probability of a farm shock
        ("shock_capacity_loss", np.float64),  # capacity share lost in a shock
        ("shock_recovery_days", np.float64),  # days to restock after a shock (e-folding)
        ("capacity_review_days", np.float64),  # days between capacity reviews
        ("capacity_adjust_rate", np.float64),  # largest capacity change per review
        ("normal_margin", np.float64),  # margin at which capacity is stable
        ("capacity_floor", np.float64),  # lowest capacity / initial
        ("capacity_ceiling", np.float64),  # highest capacity / initial
        ("trader_margin_max_rp_per_kg", np.float64),  # middleman margin without competition, Rp/kg
        ("trader_margin_min_rp_per_kg", np.float64),  # lowest middleman margin, Rp/kg
        ("margin_adjust_rate", np.float64),  # daily share of the margin gap closed
        ("wholesale_reference_price_rp_per_kg", np.float64),  # wholesale reference price, Rp/kg
        ("retail_markup", np.float64),  # retail / wholesale
        ("price_floor_fraction", np.float64),  # price floor / reference
        ("price_ceiling_fraction", np.float64),  # price ceiling / reference
        ("reservation_fresh_fraction", np.float64),  # asking price of fresh goods / reference
        ("ship_sensitivity", np.float64),  # logit slope of the Surabaya share
        # daily loss share of goods held unsold at the market
        ("market_holding_loss_per_day", np.float64),
        ("demand_elasticity", np.float64),  # demand elasticity
        ("other_supply_elasticity", np.float64),  # other origins' supply elasticity
        ("channel_review_days", np.float64),  # days between channel reviews
        ("channel_switch_sensitivity", np.float64),  # logit slope of channel switching
        # price advantage for a 1/2 switching probability, Rp/kg
        ("channel_inertia_rp_per_kg", np.float64),
        ("breakage_rate", np.float64),  # breakage share at road quality 1 (for priming)
        # information.expectation_weight: weight of the newest price observation
        ("expectation_weight", np.float64),
        # market.market_fee_share: market fee share of wholesale value
        ("market_fee_share", np.float64),
        ("enrolment_fill_ratio", np.float64),  # programs.direct_channel.enrolment_fill_ratio
        # programs.direct_channel.margin_rp_per_kg: direct channel margin, Rp/kg
        ("margin_rp_per_kg", np.float64),
        ("unit_cost_rp_per_kg", np.float64),  # production_cost_rp_per_kg x input_cost_index, Rp/kg
        # logit of surabaya_share_at_parity (every shipper, the direct channel included)
        ("surabaya_share_at_parity_logit", np.float64),
        # programs.direct_channel.surabaya_offtake_share: share of the channel's purchases
        # committed to Surabaya buyers by the MoU
        ("direct_channel_offtake_share", np.float64),
        # Blitar farm supply of the commodity at the start, kg/day (sum of farmers' cap0)
        ("local_supply_kg_per_day", np.float64),
        # other origins' supply at the reference price, kg/day
        ("other_supply_kg_per_day", np.float64),
        ("elsewhere_price_today_rp_per_kg", np.float64),  # today's other-markets price, Rp/kg
        # today's Surabaya demand at the reference price, kg/day
        ("demand_today_kg_per_day", np.float64),
        ("breakage_today", np.float64),  # breakage share on today's road
        ("freight_today_rp_per_kg", np.float64),  # freight cost today, Rp/kg
        ("direct_channel_active_today", np.float64),  # 1 while the direct channel operates today
        # direct channel buying capacity today, kg/day
        ("direct_channel_capacity_today_kg_per_day", np.float64),
        # share of local supply the direct channel could take today, min(1, capacity / supply):
        # the chance that a farmer who turns to the channel is served (see _trader_prices)
        ("direct_channel_reach_today", np.float64),
        # logistics subsidy per kg the direct channel ships to Surabaya today, Rp/kg
        ("subsidy_today_rp_per_kg", np.float64),
        # logistics subsidy per kg middlemen ship to Surabaya today, Rp/kg
        ("subsidy_middlemen_today_rp_per_kg", np.float64),
    ]
)

# goods[c, :]: cumulative goods flows, kg (stock-flow accounting)
G_PRODUCED = 0
G_SOLD_CONSUMERS = 1
G_SOLD_ELSEWHERE = 2
G_LOST_FARM = 3
G_LOST_BREAKAGE = 4
G_LOST_TRANSIT = 5
G_LOST_MARKET = 6
N_G = 7

# day[c, :]: today's market and trade figures (reset every day)
D_PRICE = 0  # wholesale clearing price, Rp/kg
D_RETAIL = 1  # retail price, Rp/kg
D_DEMAND = 2  # total Surabaya quantity bought, kg
D_OFFERED = 3  # producer-region goods offered in Surabaya, kg
D_SOLD = 4  # producer-region goods sold in Surabaya, kg
D_SHIPPED = 5  # shipped to Surabaya today, kg
D_FARM_VALUE = 6  # farmers' sales value, Rp
D_FARM_KG = 7  # farmers' sales, kg
D_DIRECT_KG = 8  # bought by the direct channel, kg
D_MARGIN_SUM = 9  # sum of middlemen's margins, Rp/kg (divide by count)
D_SUBSIDY_CLAIM = 10  # logistics subsidy shippers claim today, Rp
D_FEES = 11  # market fees collected today, Rp
D_RETAIL_MARGIN = 12  # Surabaya retailers' gross margin today, Rp
D_ENROLLED = 13  # farmers enrolled in the direct channel
D_DIRECT_SHIPPED = 14  # loaded for Surabaya by the direct channel today, kg
N_D = 15

# flows[:]: cumulative money crossing the model's boundary, Rp
F_CONSUMERS_IN = 0  # Surabaya households pay retailers
F_ELSEWHERE_IN = 1  # other markets pay middlemen
F_PRODUCTION_OUT = 2  # farmers pay for feed and inputs
F_FREIGHT_OUT = 3  # shippers pay truck operators
F_APPROPRIATION_IN = 4  # program budgets appropriated from the APBD
F_LAPSE_OUT = 5  # unspent budgets lapse at the fiscal year's end
F_PROGRAM_OUT = 6  # program spending paid outside the model
N_F = 7  # trade-side flows; see N_F_ALL below

# more flows[:] (money crossing the boundary), Rp
F_UMKM_SALES_IN = 7  # households and tourists buy from UMKM
F_UMKM_COSTS_OUT = 8  # UMKM pay for materials, rent and wages outside the model
F_UMKM_EXIT_OUT = 9  # owners take the cash of a firm that closes
F_TOURIST_IN = 10  # tourists pay for lodging, food and attractions
N_F_ALL = 11

# umkm_day[region, :]: today's UMKM figures by seller region (0 producer, 1 market)
U_REVENUE = 0  # sales, Rp
U_SALES_IN_MARKET = 1  # sales to the market region (Surabaya) buyers, Rp
U_TAX = 2  # local levies paid, Rp
U_COSTS = 3  # variable and fixed costs, Rp
U_ALIVE = 4  # firms operating
U_ONLINE = 5  # firms selling online
U_SELLING_IN_MARKET = 6  # firms with sales to Surabaya buyers today
U_PROFIT = 7  # profit, Rp
U_EPEKEN_SALES = 8  # sales through e-Peken (both markets), Rp
U_SELLING_OUTLET = 9  # producer-region firms with sales to Surabaya through an outlet place
U_SELLING_EPEKEN = 10  # producer-region firms with sales to Surabaya listed on e-Peken
U_SELLING_ONLINE_OTHER = 11  # producer-region firms online in Surabaya, not on e-Peken
U_EPEKEN_MANDATED = 12  # mandated (civil servants') e-Peken purchases from the region's firms, Rp
U_EPEKEN_LISTED = 13  # firms selling through e-Peken today
# the outside option (shops, chains) of market r: its sales less their variable cost, Rp (row r
# is the market, whose non-UMKM sellers these are)
U_OUTSIDE_MARGIN = 14
# buyers of market r: the logit log-sum of their free-choice pools, Σ_s pool[r, s] ·
# ln(outside + Σ weights) / price_weight, Rp. A level with no meaning of its own: its change
# between scenarios is the buyers' money-metric gain from choice (second-round referee, point 2)
U_BUYER_LOGSUM = 15
N_U = 16

# tour_day[region, :]: today's tourism figures by destination region (0 producer, 1 market)
T_LODGING = 0  # Rp
T_FOOD = 1  # Rp
T_SOUVENIR = 2  # souvenir spending offered to UMKM, Rp
T_ATTRACTION = 3  # Rp
T_ARRIVALS = 4  # visits starting in the region today (agents)
T_VISITOR_DAYS = 5  # agent-days spent in the region
T_EXTENSIONS = 6  # arrivals in the producer region coming on from Surabaya (agents)
T_RETURNING = 7  # visitors from Surabaya going home from the producer region (agents)
T_DEPARTURES = 8  # visits ending today (agents)
# package holders continuing from Surabaya today (agents): the packages used, which the
# promotion program pays for (a package held but not used costs nothing)
T_PACKAGES_USED = 9
N_T = 10


# the figures sim.kernels.accounting._record_day writes, in order, at the start of the
# recorder's raw row (sim.metrics.RAW begins with them)
RECORDED = (
    "farm_cash", "trader_cash", "middlemen_cash", "retail_cash", "business_cash_blitar",
    "business_cash_surabaya", "consumer_surplus", "other_origins_surplus",
    "other_markets_buyers_surplus", "goods_rel_error", "money_rel_error",
)  # fmt: skip
