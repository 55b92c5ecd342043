"""The trade sector: farmers of every commodity, middlemen, the cooperation's direct channel
and the Surabaya wholesale market.

Farmers produce (with seasons, noise and shocks) and hold goods that age; middlemen form price
expectations (with the information lags and noise), post farm-gate prices and margins; farmers
due for review choose between their middleman and the direct channel; traders buy, ship to
Surabaya or sell elsewhere; shipments arrive and the Surabaya market clears; farmers due for
review adjust their capacity. The daily rules run in the kernels of :mod:`sim.kernels.farm`,
:mod:`sim.kernels.trade` and :mod:`sim.kernels.market`; this module sets them up, packs today's
parameters and levers, draws the random numbers and calls the kernels in order.
"""

from __future__ import annotations

import math
import operator
from types import SimpleNamespace

import numpy as np

from sim.calendar import DAYS_PER_YEAR, calendar_year
from sim.kernels import accounting as ka
from sim.kernels import layout as L
from sim.kernels.checks import check_commodities, check_scalar
from sim.kernels.draws import (
    N_MARK,
    NORMAL,
    SKIP,
    UNIFORM,
    bind_draws,
    same_normals,
    standard_normal_into,
)
from sim.kernels.trade_day import N_MQ, bind_drawn_day, bind_market_levers, bind_trade_day
from sim.populations import build_populations

# fields of cpar that hold a commodity's scenario key as it is (commodities.<name>.<key>)
COMMODITY_KEYS = (
    "shelf_life_days", "output_noise_sd", "seasonal_amplitude", "seasonal_peak_day_of_year",
    "shock_probability_per_day", "shock_capacity_loss", "shock_recovery_days",
    "capacity_review_days", "capacity_adjust_rate", "normal_margin", "capacity_floor",
    "capacity_ceiling", "trader_margin_max_rp_per_kg", "trader_margin_min_rp_per_kg",
    "margin_adjust_rate", "wholesale_reference_price_rp_per_kg", "retail_markup",
    "price_floor_fraction", "price_ceiling_fraction", "reservation_fresh_fraction",
    "ship_sensitivity", "market_holding_loss_per_day", "demand_elasticity",
    "other_supply_elasticity", "channel_review_days", "channel_switch_sensitivity",
    "channel_inertia_rp_per_kg", "breakage_rate",
)  # fmt: skip
# a commodity's keys the levers read (one call for the look-ups, each day: they may be edited)
_LEVER_KEYS = operator.itemgetter(
    "breakage_rate", "elsewhere_price_persistence", "elsewhere_price_sd",
    "elsewhere_price_rp_per_kg", "demand_noise_persistence", "demand_noise_sd",
    "elsewhere_quantity_memory_days", "elsewhere_price_flexibility",
)  # fmt: skip
PRICE_HISTORY_DAYS = 32  # ring of past wholesale prices; information lags are at most 30 days
FAST_NORMALS_MIN = 2048  # shorter buffers are drawn by numpy (calling numba costs ~7 us)


def season_args(q) -> tuple:
    """A commodity's seasonal demand multipliers, in Calendar.demand_multiplier's order."""
    return (
        q["ramadan_demand_multiplier"],
        q["lebaran_demand_multiplier"],
        q["christmas_newyear_demand_multiplier"],
        q["weekend_demand_multiplier"],
    )


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


class TradeSector:
    """Farmers and traders as struct-of-arrays (``farmers``, ``traders``), the goods accounts
    (``goods``, kg, cumulative), today's market figures (``daily``) and the goods held
    (``stocks``: kg on farms, in transit, at market), per commodity."""

    # how the farmers' review uniforms are drawn where numba draws: SKIP, only those a review
    # reads (most farmers are not due, and without the direct channel no review reads one;
    # the day's draws at scale 0.1 took 15.3 us drawing the block, 11.8 us skipping it; the
    # trade day's kernel takes what it took, a channel running or not); the object-per-agent
    # twin draws them all (UNIFORM), as numpy's calls do
    REVIEW_DRAWS = SKIP

    def __init__(self, model, params):
        self.model = model
        self.flows = model.flows  # money crossing the model's boundary, Rp (shared, cumulative)
        self._setup_populations(params)
        self.set_parameters(params)
        self.p_hist = np.empty((len(self.commodity_params), PRICE_HISTORY_DAYS))
        self.p_hist[:] = self.cpar["wholesale_reference_price_rp_per_kg"][:, None]
        self._prime_pipeline()
        self._kernels = self._bind_kernels()
        # the calendar's days of the year as Python ints (a numpy scalar costs more a day)
        self._day_of_year = model.calendar.day_of_year.tolist()

    # ------------------------------------------------------------------ setup
    def _setup_populations(self, p) -> None:
        m = self.model
        coms = p["commodities"]
        self.n_buckets = max(c["shelf_life_days"] for c in coms.values()) + 1
        self.transit_slots = p["transport"]["max_transit_days"] + 1
        system = p["programs"]["information_system"]
        self.farmers, self.traders, self.direct_idx = build_populations(
            coms, m.scale, self.n_buckets, self.transit_slots, system["coverage"],
            m.streams["init"], system["farmer_reach"], m.streams["init_reach"],
        )  # fmt: skip
        self.n_informed_farmers = int(self.farmers.informed.sum())
        n_c = len(coms)
        # the farms' supply at the start, kg/day: what the direct channel's capacity is set
        # against to find how contestable the middlemen's margins are
        self.local_supply = np.bincount(
            self.farmers.comm, weights=self.farmers.cap0, minlength=n_c
        ).astype(float)
        self.n_middlemen = np.bincount(
            self.traders.comm[self.traders.is_direct == 0], minlength=n_c
        ).astype(float)
        self._z_farm = np.empty(len(self.farmers))
        self._u_shock = np.empty(len(self.farmers))
        # NaN until drawn: the numba path skips the block (see _draw) and never fills it
        self._u_review = np.full(len(self.farmers), np.nan)
        self._z_trader = np.empty(len(self.traders))
        # where the trade stream's blocks of the day start, if skipped (see _bind_draws)
        self._draw_marks = np.zeros((4, N_MARK), dtype=np.uint64)
        self._z_else = np.empty(n_c)
        self._fg_direct = np.zeros(n_c)
        # the direct channel's purchases, kg/day, smoothed: its reach (see _set_market_levers)
        self.direct_avg_kg = np.zeros(n_c)
        self.direct_nominal_today = 0.0  # the channel's appropriated capacity today, kg/day
        self.goods = np.zeros((n_c, L.N_G))
        self.daily = np.zeros((n_c, L.N_D))
        self.stocks = np.zeros((n_c, 3))
        self.retail_cash = np.zeros(n_c)
        # the AR(1) log deviations of the other markets' prices and of Surabaya's demand
        self.else_dev = np.zeros(n_c)
        self.demand_dev = np.zeros(n_c)
        # Blitar's sales in other markets, kg/day: the reference (set when the pipeline is
        # primed), the smoothed level, and the cumulative total already counted
        self.else_ref_kg = np.zeros(n_c)
        self.else_avg_kg = np.zeros(n_c)
        self._else_sold_prev = np.zeros(n_c)
        self._z_demand = np.empty(n_c)
        # the market levers' parameters (see _set_market_parameters), filled in place
        self._market_q = np.zeros((n_c, N_MQ))
        self._reach_q = np.zeros(2)
        # per-farmer scratch of the day: kg in stock (offered to traders, then left after their
        # purchase) and the bit masks of non-empty stock buckets; see spoil_and_produce
        self._offer_kg = np.zeros(len(self.farmers))
        self._held = np.zeros(len(self.farmers), dtype=np.int64)

    def set_parameters(self, p) -> None:
        """Fill the per-commodity parameter records ``cpar`` from the scenario (again after a
        scheduled change): first every field named like a commodity key, then the fields taken
        from other tables or derived; today's levers are set by :meth:`_set_levers` (or its
        work in the day's one kernel call, see :meth:`step`)."""
        m = self.model
        coms = list(p["commodities"].values())
        cp = np.zeros(len(coms), dtype=L.COMMODITY_PARAMS)
        direct = p["programs"]["direct_channel"]
        pop = p["market_region"]["population"]
        self.demand_base = np.zeros((m.days, len(coms)))
        for c, q in enumerate(coms):
            row = cp[c]
            for key in COMMODITY_KEYS:
                row[key] = q[key]
            row["expectation_weight"] = p["information"]["expectation_weight"]
            row["market_fee_share"] = p["market"]["market_fee_share"]
            row["enrolment_fill_ratio"] = direct["enrolment_fill_ratio"]
            row["margin_rp_per_kg"] = direct["margin_rp_per_kg"]
            row["unit_cost_rp_per_kg"] = q["production_cost_rp_per_kg"] * q["input_cost_index"]
            row["surabaya_share_at_parity_logit"] = _logit(q["surabaya_share_at_parity"])
            row["direct_channel_offtake_share"] = direct["surabaya_offtake_share"]
            row["local_supply_kg_per_day"] = self.local_supply[c]
            base = pop * q["per_capita_demand_kg_per_year"] / DAYS_PER_YEAR * m.scale
            row["other_supply_kg_per_day"] = base * (1.0 - q["blitar_share_of_surabaya_supply"])
            season = m.calendar.demand_multiplier(*season_args(q))
            # the per-capita figure is an annual mean: seasons move demand around it, not above it
            season = season / self._year_mean(season_args(q))
            self.demand_base[:, c] = base * season * q["demand_shock_multiplier"]
        check_commodities(cp)
        self._check_scalars(p)
        self.cpar = cp
        self._levers_key = None  # the program levers in this cpar are to be written
        self.commodity_params = coms
        self.direct_capacity = np.array(
            [q["direct_channel_capacity_kg_per_day"] * m.scale for q in coms]
        )

    @staticmethod
    def _check_scalars(p) -> None:
        """The scalar parameters the kernels take have the types they are compiled for."""
        info, system = p["information"], p["programs"]["information_system"]
        for table, key, kind in (
            (info, "lag_days", int),
            (info, "noise_sd", float),
            (system, "lag_days", int),
            (system, "noise_sd", float),
            (system, "farmer_bargaining_share", float),
        ):
            check_scalar(key, table[key], kind)  # fmt: skip

    def _year_mean(self, args: tuple) -> float:
        """Mean seasonal multiplier over the calendar year in which the reported period starts
        (``run.start_date``, after the warm-up), so a warm-up does not change the demand."""
        year = self.model.calendar.dates[self.model.warmup_days].year
        return float(calendar_year(year).demand_multiplier(*args).mean())

    def _prime_pipeline(self) -> None:
        """Put yesterday's shipments on the road, so day 0 does not open on an empty market.

        Each middleman's load is what it ships at reference prices; the goods count as
        produced (the day before the run) in the stock-flow accounts.
        """
        tr, f = self.traders, self.farmers
        supply = np.bincount(f.trader, weights=f.cap0, minlength=len(tr))
        yesterday = (-1) % self.n_buckets
        middlemen = np.flatnonzero(tr.is_direct == 0)
        comm = tr.comm[middlemen]
        # each middleman ships its supply over this commodity's divisor (loads in its order)
        load = supply[middlemen] / self._prime_divisors()[comm]
        tr.transit[middlemen, 0, yesterday] = load
        np.add.at(self.goods[:, L.G_PRODUCED], comm, load)  # one by one, in the traders' order
        np.add.at(self.else_ref_kg, comm, supply[middlemen] - load)
        self.else_avg_kg[:] = self.else_ref_kg

    def _prime_divisors(self) -> np.ndarray:
        """Per commodity, 1 + exp(-x) for the logit x of the share a middleman ships to
        Surabaya at reference prices (see :meth:`_prime_pipeline`)."""
        freight = self.model.params["transport"]["freight_rp_per_kg"]
        out = np.empty(len(self.commodity_params))
        for c, q in enumerate(self.commodity_params):
            row = self.cpar[c]
            pref = row["wholesale_reference_price_rp_per_kg"]
            netback = pref * (1 - row["breakage_rate"]) * (1 - row["market_fee_share"]) - freight
            x = (
                row["surabaya_share_at_parity_logit"]
                + row["ship_sensitivity"] * (netback - q["elsewhere_price_rp_per_kg"]) / pref
            )
            out[c] = 1.0 + math.exp(min(-x, 700.0))  # no overflow at extremes
        return out

    # ------------------------------------------------------------------ one day
    def step(self, t: int) -> None:
        """Day ``t``: today's random numbers, levers and prices, then the farmers and traders:
        :meth:`_draw`, :meth:`_set_levers`, today's figures zeroed and :meth:`_step_agents`;
        where the draws are numba's and the day the kernels', in one kernel call after the
        levers' Python (:meth:`_drawn_day`)."""
        run = self._drawn_day()
        if run is None:
            self._draw()
            info_on, transit_days = self._set_levers(t)
            self.daily.fill(0.0)  # cheaper than daily[:] = 0.0
            self._step_agents(t, info_on, transit_days)
            return
        # the program levers first: they draw nothing and read no draw, so the draws, the
        # market levers and the day follow in the kernel in the order of the calls above
        info_on, transit_days = self._set_program_state(t)
        # the arguments built in one place for both paths (writing them out here saved ~0.1 us
        # a day, 0.04 ms a run: not worth a second copy of the list)
        run(*self._day_args(t, info_on, transit_days), self.model.day > 0, self.demand_base)

    def _drawn_day(self):
        """The trade day from its draws on in one kernel call
        (:func:`sim.kernels.trade_day.bind_drawn_day`: the draws of :meth:`_draw`, the market
        levers of :meth:`_set_market_levers`, today's figures zeroed and the day of
        :meth:`_step_agents`), bound to today's draws; None where the draws are numpy's or
        one of the methods whose work the call does (:data:`_IN_KERNELS`) is not the kernels'
        on this object's class or on the object itself (the object-per-agent engine, a
        subclass, a timing wrapper, a method patched on the class or the sector): then those
        methods run. Checked every day (~0.25 us), so that a class changed or a method patched
        mid-run is called from the next day on."""
        cls, mine = type(self), self.__dict__
        # each method by name, on the class (an attribute read is cheaper than getattr's) and
        # not on the object (a name looked up in its dict: set.isdisjoint would iterate the
        # dict's ~40 keys)
        if (
            cls._draw is not _DRAW
            or cls._set_levers is not _SET_LEVERS
            or cls._set_market_levers is not _SET_MARKET_LEVERS
            or cls._step_agents is not _STEP_AGENTS
            or "_draw" in mine
            or "_set_levers" in mine
            or "_set_market_levers" in mine
            or "_step_agents" in mine
        ):
            return None
        fast = self._bound_draws()
        kernels = self._kernels
        if kernels.drawn_for is not fast:  # the draws were bound again (or for the first time)
            kernels.drawn_day = bind_drawn_day(kernels.day, kernels.levers, *fast) if fast else None
            kernels.drawn_for = fast
        return kernels.drawn_day

    def _bound_draws(self) -> tuple:
        """The numba draws of :meth:`_draw` (:meth:`_bind_draws`) bound to today's streams,
        bound again when a stream was replaced; () where numpy draws."""
        streams = self.model.streams
        # shocks shared by everyone come from their own stream, so that the population size
        # (run.scale) does not change the price and demand paths
        rng, market = streams["trade"], streams["market"]
        fast = self.__dict__.get("_fast_draws")
        # bound to the draw buffers, which are allocated once with the populations and never
        # replaced; a stream object may be (a test, a copy), so the streams are compared (by
        # identity, as the tuples' != compared generators, which define no ==)
        if fast is None or (
            fast and (fast[0].stream.generator is not rng or fast[1].stream.generator is not market)
        ):
            fast = self._fast_draws = self._bind_draws()
        return fast

    def _draw(self) -> None:
        """Today's trade-side random numbers, in a fixed order and amount whatever the levers:
        drawn in numba from the streams' own state (:func:`sim.kernels.draws.bind_draws`),
        or, where that cannot be bit-identical, by the numpy calls below. In numba the
        review uniforms are not drawn but jumped over (:attr:`REVIEW_DRAWS`), to the same
        state after: the day's kernel finds the few a review reads from where they start
        (``_draw_marks[2]``; zeros when they are drawn into ``_u_review``)."""
        m = self.model
        rng, market = m.streams["trade"], m.streams["market"]
        fast = self._bound_draws()
        if fast:
            fast[0]()
            fast[1]()
            return
        self._standard_normal(rng, self._z_farm)
        rng.random(out=self._u_shock)
        rng.random(out=self._u_review)
        self._draw_marks[:] = 0  # all drawn: the kernels read the buffers
        rng.standard_normal(out=self._z_trader)
        market.standard_normal(out=self._z_else)
        market.standard_normal(out=self._z_demand)

    def _bind_draws(self) -> tuple:
        """The numba draws of :meth:`_draw` from the trade and market streams, or () if
        either cannot be bound."""
        m = self.model
        trade = bind_draws(
            m.streams["trade"], (NORMAL, UNIFORM, self.REVIEW_DRAWS, NORMAL),
            (self._z_farm, self._u_shock, self._u_review, self._z_trader), self._draw_marks,
        )  # fmt: skip
        market = bind_draws(m.streams["market"], (NORMAL, NORMAL), (self._z_else, self._z_demand))
        return (trade, market) if trade and market else ()

    def _standard_normal(self, rng: np.random.Generator, out: np.ndarray) -> None:
        """``rng.standard_normal(out=out)``, drawn in numba for long buffers (the same values,
        faster; see :mod:`sim.kernels.draws`) once a check on a copy of ``rng`` has shown that
        numba and numpy agree."""
        fast = self.__dict__.get("_fast_normals")
        if fast is None:
            fast = self._fast_normals = same_normals(rng)
        if fast and out.shape[0] >= FAST_NORMALS_MIN:
            standard_normal_into(rng, out)
        else:
            rng.standard_normal(out=out)

    def _set_levers(self, t: int) -> tuple[bool, int]:
        """Today's exogenous prices, demand, freight, breakage and program levers in ``cpar``;
        returns (information system on, transit days)."""
        info_on, transit_days = self._set_program_state(t)
        self._set_market_levers(t)
        return info_on, transit_days

    def _set_program_state(self, t: int) -> tuple[bool, int]:
        """:meth:`_set_levers` but the market levers: freight, breakage and program levers in
        ``cpar`` (written when their inputs changed); returns (information system on, transit
        days)."""
        m = self.model
        rq, transit_days = m.road_today()
        progs = m.programs
        channel, subsidy, info = (
            progs["direct_channel"], progs["logistics_subsidy"], progs["information_system"],
        )  # fmt: skip
        # a disabled program is never active: its flag is read first, a call saved a day
        direct_on = channel.enabled and channel.active(t)
        subsidy_on = subsidy.enabled and subsidy.active(t)
        info_on = info.enabled and info.active(t)
        coord = channel.coordination
        # what changes only with the road, the programs' state and the parameters is written
        # when one of those changed (writing the records' fields costs ~0.5 us each); the key
        # holds every input, so that a parameter changed in model.params between steps takes
        # effect the next day as before; set_parameters, which builds a new cpar, clears it
        # the key: everything _set_program_levers and _set_market_parameters read (the road,
        # the programs' state and the parameters), built here (a method's call less a day)
        p = m.params
        tr, pp = p["transport"], p["programs"]
        sub, direct = pp["logistics_subsidy"], pp["direct_channel"]
        key = (
            rq, direct_on, subsidy_on, coord, m.base_travel_h,
            tr["freight_rp_per_kg"], tr["fuel_share_of_freight"], tr["fuel_price_index"],
            tr["breakage_road_sensitivity"], sub["subsidy_rp_per_kg"], sub["applies_to"],
            direct["reach_memory_days"], direct["margin_spillover"],
            *map(_LEVER_KEYS, self.commodity_params),  # no comprehension's frame
        )  # fmt: skip
        if key != self._levers_key:
            self._set_program_levers(rq, direct_on, subsidy_on, coord)
            self._set_market_parameters()
            self._levers_key = key
        return info_on, transit_days

    def _set_program_levers(self, rq: float, direct_on: bool, subsidy_on: bool, coord: float):
        """Freight, breakage, the subsidy and the direct channel's capacity in ``cpar`` for road
        quality ``rq`` and the programs' state."""
        m = self.model
        p = m.params
        tr = p["transport"]
        cp = self.cpar
        travel_ratio = (m.base_travel_h / rq) / m.base_travel_h
        freight = tr["freight_rp_per_kg"] * (
            tr["fuel_share_of_freight"] * tr["fuel_price_index"]
            + (1.0 - tr["fuel_share_of_freight"]) * travel_ratio
        )
        breakage_mult = max(0.0, 1.0 + tr["breakage_road_sensitivity"] * (1.0 / rq - 1.0))
        sub = p["programs"]["logistics_subsidy"]
        subsidy = sub["subsidy_rp_per_kg"] if subsidy_on else 0.0
        subsidy_middlemen = subsidy if sub["applies_to"] == "all" else 0.0
        qs = self.commodity_params
        caps = [self.direct_capacity[c] * coord if direct_on else 0.0 for c in range(len(qs))]
        # whole fields at once (a record's fields one by one cost ~0.4 us each)
        cp["freight_today_rp_per_kg"] = freight
        cp["breakage_today"] = [min(1.0, q["breakage_rate"] * breakage_mult) for q in qs]
        cp["direct_channel_active_today"] = [1.0 if direct_on and x > 0.0 else 0.0 for x in caps]
        cp["direct_channel_capacity_today_kg_per_day"] = caps
        cp["subsidy_today_rp_per_kg"] = subsidy
        cp["subsidy_middlemen_today_rp_per_kg"] = subsidy_middlemen
        self.traders.cap[self.direct_idx] = caps
        # the governments pay for the capacity they appropriated, delivered or not
        self.direct_nominal_today = float(self.direct_capacity.sum()) if direct_on else 0.0

    def _set_market_parameters(self) -> None:
        """The market levers' parameters from the scenario, into the arrays their kernel reads
        (in place): per commodity the other markets' price and Surabaya demand AR(1)s
        (persistence, sd, and the correction 0.5 sd^2 / (1 - persistence^2) that gives their
        lognormal levels a mean of 1), the other markets' reference price (Rp/kg), the weight
        of a day in the smoothed sales there and the price's flexibility; the direct channel's
        weight of a day in its smoothed purchases and its margin spillover."""
        rows = []
        for q in self.commodity_params:
            _, rho, sd, price, rho_d, sd_d, memory, flex = _LEVER_KEYS(q)
            rows.append((
                rho, sd, 0.5 * sd * sd / (1.0 - rho * rho), price,
                rho_d, sd_d, 0.5 * sd_d * sd_d / (1.0 - rho_d * rho_d),
                1.0 / memory, flex,
            ))  # fmt: skip
        self._market_q[:] = rows
        direct = self.model.params["programs"]["direct_channel"]
        self._reach_q[:] = (1.0 / direct["reach_memory_days"], direct["margin_spillover"])

    def _set_market_levers(self, t: int) -> None:
        """Today's levers of the markets in ``cpar``, per commodity
        (:func:`sim.kernels.trade_day.bind_market_levers`):

        - the other markets' price: their reference price x the lognormal level of an AR(1)
          log deviation on today's draw x (avg / ref) ** ``elsewhere_price_flexibility``, for
          Blitar's sales there smoothed over ``elsewhere_quantity_memory_days`` (avg, updated
          with yesterday's) against their reference when the pipeline was primed (ref; avg
          floored at 1e-9 ref; a factor of 1 when the flexibility is 0);
        - Surabaya's demand: the day's seasonal base x the lognormal level of its AR(1);
        - the direct channel's reach, how far it contests the middlemen's margins:
          ``margin_spillover`` x its share of local supply, measured from what it actually
          bought (yesterday's purchases, smoothed over ``reach_memory_days``), capped at 1. A
          channel that buys nothing contests nothing. Reads yesterday's day sums before they
          are reset.
        """
        self._kernels.levers(t, self.model.day > 0, self.demand_base, self.cpar)

    def system_lag_days(self) -> int:
        """The information system's price lag today, days: its ``lag_days`` plus the whole days
        poor coordination adds, floor(``lag_days_added_without_coordination`` x (1 - q)) at
        the program's coordination q, but never slower than the lag without the system
        (coordination channel: information speed)."""
        p = self.model.params
        sys = p["programs"]["information_system"]
        q = self.model.programs["information_system"].coordination
        added = math.floor(sys["lag_days_added_without_coordination"] * (1.0 - q))
        if added <= 0:
            return sys["lag_days"]
        return min(sys["lag_days"] + added, max(sys["lag_days"], p["information"]["lag_days"]))

    def _step_agents(self, t: int, info_on: bool, transit_days: int) -> None:
        """Farmers and traders for day ``t``, in the kernels (the object-per-agent engine,
        :class:`sim.reference.trade.ReferenceTrade`, overrides this)."""
        self._kernels.day(*self._day_args(t, info_on, transit_days))

    def _day_args(self, t: int, info_on: bool, transit_days: int) -> tuple:
        """The trade day kernel's arguments for day ``t`` (both paths of :meth:`step`): the
        day of the year, transit days, the information's lag (days) and noise without and
        with the system, whether it runs, the farmers' bargaining share under it, ``cpar``."""
        m = self.model
        info = m.params["information"]
        system = m.params["programs"]["information_system"]
        return (
            t, self._day_of_year[t], transit_days, info["lag_days"], info["noise_sd"],
            self.system_lag_days(), system["noise_sd"], info_on,
            system["farmer_bargaining_share"], self.cpar,
        )  # fmt: skip

    def _bind_kernels(self) -> SimpleNamespace:
        """The daily kernels bound to this sector's arrays, which they check once here: the
        populations, accounts, draws and scratch keep their shapes and dtypes for the run (the
        commodity records are checked whenever they are rebuilt, see :meth:`set_parameters`)."""
        f, tr = self.farmers, self.traders
        return SimpleNamespace(
            levers=bind_market_levers(
                self._z_else, self._z_demand, self.goods, self.daily, self.local_supply,
                self.else_ref_kg, self.else_avg_kg, self._else_sold_prev, self.else_dev,
                self.demand_dev, self.direct_avg_kg, self._market_q, self._reach_q,
            ),
            day=bind_trade_day(
                f, tr, self.direct_idx, self._z_farm, self._u_shock, self._z_trader,
                self._u_review, self.goods, self.flows, self.daily, self._offer_kg, self._held,
                self.p_hist, self._fg_direct, self.retail_cash, review_at=self._draw_marks[2],
            ),
            goods_in_stock=ka.bind_goods_in_stock(f, self._offer_kg, tr, self.stocks),
            # the draws, levers and day in one call (_drawn_day), bound with the draws
            drawn_day=None,
            drawn_for=None,
        )  # fmt: skip

    # ------------------------------------------------------------------ settlement and stocks
    def pay_subsidy(self, share: float) -> None:
        """Pay each trader ``share`` of the logistics subsidy it claimed today (a budget that
        runs out mid-day pays every claim the same share)."""
        cash = self.traders.cash  # in place: the populations' columns are fixed arrays
        cash += self.traders.claim * share

    def count_stocks(self, t: int, every_row: bool = False) -> None:
        """Goods held (kg) on day ``t`` into ``stocks``: on farms (by the kernels' own count,
        with day t's seventh of the farms' rows, or with ``every_row`` all of them, read bucket
        by bucket and checked against it, see :func:`sim.kernels.accounting.goods_in_stock`),
        in transit and being loaded, at market."""
        self._kernels.goods_in_stock(t, every_row)

    def stock_count(self):
        """The bound stock count of :meth:`count_stocks`
        (:func:`sim.kernels.accounting.bind_goods_in_stock`), whose arrays the recorder's daily
        kernel may count with in its own call (see :meth:`sim.metrics.DailyRecorder.record`);
        None when a subclass counts stocks its own way (it overrides :meth:`count_stocks`)."""
        if type(self).count_stocks is not TradeSector.count_stocks:
            return None
        return self._kernels.goods_in_stock

    def direct_channel_nominal_capacity(self) -> float:
        """Nominal buying capacity of the direct channel today, kg/day: what the governments
        appropriated while the program runs, of which only coordination x this is delivered
        (0 when the program is not running)."""
        return self.direct_nominal_today

    def cash(self) -> float:
        """Farmers', traders' and Surabaya retailers' cash, Rp."""
        return self.farmers.cash.sum() + self.traders.cash.sum() + self.retail_cash.sum()


# the methods whose work the trade day's kernel call does where they are these
# (TradeSector._drawn_day): _set_levers too, which the one call replaces by
# _set_program_state and the kernel's market levers (a class of its own levers keeps them)
_IN_KERNELS = {
    name: TradeSector.__dict__[name]
    for name in ("_draw", "_set_levers", "_set_market_levers", "_step_agents")
}
_DRAW, _SET_LEVERS, _SET_MARKET_LEVERS, _STEP_AGENTS = _IN_KERNELS.values()
