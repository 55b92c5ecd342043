"""Column indices of the packed per-commodity arrays shared by the kernels and the model.

Numba treats these module-level integers as compile-time constants.
"""

# cpar[c, :]: per-commodity parameters and today's levers (float64)
CP_SHELF = 0  # shelf life, days
CP_NOISE_SD = 1  # daily output noise (sd of log)
CP_SEASON_AMP = 2  # production cycle amplitude
CP_SEASON_PEAK = 3  # day of year of peak production
CP_UNIT_COST = 4  # production cost, Rp/kg, times the input-cost index
CP_SHOCK_P = 5  # daily probability of a farm shock
CP_SHOCK_LOSS = 6  # capacity share lost in a shock
CP_CAP_REVIEW = 7  # days between capacity reviews
CP_CAP_RATE = 8  # largest capacity change per review
CP_NORMAL_MARGIN = 9  # margin at which capacity is stable
CP_CAP_FLOOR = 10  # lowest capacity / initial
CP_CAP_CEIL = 11  # highest capacity / initial
CP_MARGIN_MAX = 12  # middleman margin without competition, Rp/kg
CP_MARGIN_MIN = 13  # lowest middleman margin, Rp/kg
CP_MARGIN_RATE = 14  # daily share of the margin gap closed
CP_PREF = 15  # wholesale reference price, Rp/kg
CP_MARKUP = 16  # retail / wholesale
CP_FLOOR = 17  # price floor / reference
CP_CEIL = 18  # price ceiling / reference
CP_ELSE_PRICE = 19  # today's other-markets price, Rp/kg
CP_PARITY_LOGIT = 20  # logit of the Surabaya share at parity
CP_SHIP_BETA = 21  # logit slope of the Surabaya share
CP_DEMAND = 22  # today's Surabaya demand at the reference price, kg/day
CP_ELASTICITY = 23  # demand elasticity
CP_OTHER_SUPPLY = 24  # other origins' supply at the reference price, kg/day
CP_OTHER_ELASTICITY = 25  # other origins' supply elasticity
CP_BREAKAGE = 26  # breakage share on today's road
CP_FREIGHT = 27  # freight cost today, Rp/kg
CP_CH_REVIEW = 28  # days between channel reviews
CP_CH_BETA = 29  # logit slope of channel switching
CP_CH_INERTIA = 30  # price advantage for a 1/2 switching probability, Rp/kg
CP_DIRECT_ACTIVE = 31  # 1 while the direct channel operates today
CP_DIRECT_CAP = 32  # direct channel buying capacity today, kg/day
CP_DIRECT_MARGIN = 33  # direct channel margin, Rp/kg
CP_SUBSIDY = 34  # logistics subsidy per kg the direct channel ships to Surabaya, Rp/kg
CP_FILL = 35  # enrolment fill ratio of the direct channel
CP_FEE = 36  # market fee share of wholesale value
CP_RECOVERY_DAYS = 37  # days to restock after a shock (e-folding)
CP_RESERVE_FRESH = 38  # asking price of fresh goods / reference
CP_SUBSIDY_MIDDLEMEN = 39  # logistics subsidy per kg middlemen ship to Surabaya, Rp/kg
CP_DIRECT_PARITY_LOGIT = 40  # logit of the direct channel's Surabaya share at parity
CP_BREAKAGE_BASE = 41  # breakage share on today's road quality 1 (for priming)
CP_EXPECT_WEIGHT = 42  # weight of the newest price observation in expectations
CP_HOLDING_LOSS = 43  # daily loss share of goods held unsold at the market
N_CP = 44

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
N_D = 14

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
N_U = 8

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
N_T = 9
