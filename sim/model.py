"""The Mesa model of the Surabaya-Blitar cooperation: governments as agents, populations as arrays.

One step is one day. The order within a day is: scheduled lever and shock changes; the
governments open a fiscal year when one begins; the trade-side random numbers are drawn;
today's levers and exogenous prices are set; goods spoil and farms produce, traders form
expectations and post prices, farmers due for review choose a channel, traders buy, ship and
sell elsewhere, shipments arrive, the Surabaya market clears, farmers due for review adjust
capacity (the trade step); tourists arrive, spend, continue to Blitar or leave; UMKM sell
(with exits, entries, outlet places and training at month starts); governments pay the
programs and collect local revenue; stock totals, metrics and the stock-flow checks are
recorded.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import mesa
import numpy as np

from sim.agents import Government, Program
from sim.calendar import build_calendar
from sim.config import Scenario, load_scenario
from sim.kernels import layout as L
from sim.kernels.accounting import goods_in_stock
from sim.kernels.draws import same_normals, standard_normal_into
from sim.kernels.farm import adjust_capacity, choose_channels, spoil_and_produce
from sim.kernels.market import clear_markets
from sim.kernels.trade import arrive, purchase, ship, spoil_traders, trader_prices
from sim.metrics import DailyRecorder, StockFlowError
from sim.populations import DAYS_PER_YEAR, build_populations
from sim.sectors import TourismSector, UmkmSector

DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
RNG_STREAMS = ("init", "trade", "market", "umkm", "tourism", "training", "init_umkm", "init_reach")
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


def _lognormal_ar1_level(dev: float, sd: float, persistence: float) -> float:
    """exp of an AR(1) log deviation, corrected so that its stationary mean is 1."""
    return math.exp(dev - 0.5 * sd * sd / (1.0 - persistence * persistence))


class KADModel(mesa.Model):
    """Inter-regional cooperation (kerja sama antar daerah) between Surabaya and Blitar.

    Args:
        scenario: path of a scenario TOML file, or a loaded :class:`Scenario`.
        seed: seed of ``self.rng`` (default: the scenario's ``run.seed``).
        days, scale: override ``run.days`` and ``run.scale``.
        overrides: dotted scenario keys -> values, e.g. ``{"information.lag_days": 1}``.
        stock_flow_tolerance: largest relative stock-flow error before the run stops.
        **params: more overrides with ``__`` for dots (``information__lag_days=1``), so that
            Mesa's ``batch_run`` can vary any scenario key.
    """

    def __init__(
        self,
        scenario: str | Path | Scenario = DEFAULT_SCENARIO,
        seed: int | None = None,
        *,
        days: int | None = None,
        scale: float | None = None,
        overrides: dict | None = None,
        stock_flow_tolerance: float = 1e-9,
        **params,
    ):
        ov = dict(overrides or {})
        ov.update({k.replace("__", "."): v for k, v in params.items()})
        for key, value in (("run.seed", seed), ("run.days", days), ("run.scale", scale)):
            if value is not None:
                ov[key] = value
        if isinstance(scenario, Scenario):
            if ov:
                scenario = load_scenario(scenario.path, {**scenario.overrides, **ov})
        else:
            scenario = load_scenario(scenario, ov)
        self.kad_scenario = scenario
        # the parameters in force today: a mutable copy that dated schedules change
        self.params = scenario.to_dict()
        p = self.params
        run = p["run"]
        super().__init__(seed=run["seed"])
        self.seed = run["seed"]
        # one independent stream per subsystem, all spawned from the model's seeded generator,
        # so a subsystem's draws never shift another's (and a program without budget leaves
        # every other stream untouched)
        self.streams = dict(zip(RNG_STREAMS, self.rng.spawn(len(RNG_STREAMS)), strict=True))
        self.days = run["days"]
        self.scale = run["scale"]
        self.day = 0
        self._saved: dict = {}
        self.stock_flow_tolerance = stock_flow_tolerance
        self.calendar = build_calendar(run["start_date"], self.days, scenario.path)

        self.commodity_names = list(p["commodities"])
        self.main = self.commodity_names.index(run["main_commodity"])
        self._setup_governments(p)
        self._setup_populations(p)
        self._setup_parameters(p)
        self.p_hist = np.empty((len(self.commodity_names), PRICE_HISTORY_DAYS))
        self.p_hist[:] = self.cpar[:, L.CP_PREF][:, None]
        self._events = self._schedule_events(p["schedule"])
        self._prime_pipeline()
        self.umkm = UmkmSector(self, p)
        self.tourism = TourismSector(self, p)
        self.recorder = DailyRecorder(self)
        self.datacollector = mesa.DataCollector(model_reporters=self.recorder.mesa_reporters())

    # ------------------------------------------------------------------ setup
    def _setup_governments(self, p) -> None:
        self.surabaya = Government(self, "surabaya", p["governments"]["surabaya"])
        self.blitar = Government(self, "blitar", p["governments"]["blitar"])
        self.flows = np.zeros(L.N_F_ALL)
        self.programs = {
            key: Program(
                self,
                key,
                prog,
                {
                    self.surabaya: prog["surabaya_cost_share"],
                    self.blitar: 1 - prog["surabaya_cost_share"],
                },
            )
            for key, prog in p["programs"].items()
        }
        self.road_invested_rp = 0.0
        self.road_complete = False

    def _setup_populations(self, p) -> None:
        coms = p["commodities"]
        self.n_buckets = max(c["shelf_life_days"] for c in coms.values()) + 1
        self.transit_slots = p["transport"]["max_transit_days"] + 1
        system = p["programs"]["information_system"]
        self.farmers, self.traders, self.direct_idx = build_populations(
            coms, self.scale, self.n_buckets, self.transit_slots, system["coverage"],
            self.streams["init"], system["farmer_reach"], self.streams["init_reach"],
        )  # fmt: skip
        self.n_informed_farmers = int(self.farmers.informed.sum())
        n_c = len(coms)
        self.n_middlemen = np.bincount(
            self.traders.comm[self.traders.is_direct == 0], minlength=n_c
        ).astype(float)
        self._z_farm = np.empty(len(self.farmers))
        self._u_shock = np.empty(len(self.farmers))
        self._u_review = np.empty(len(self.farmers))
        self._z_trader = np.empty(len(self.traders))
        self._z_else = np.empty(n_c)
        self._fg_direct = np.zeros(n_c)
        self.goods = np.zeros((n_c, L.N_G))
        self.daily = np.zeros((n_c, L.N_D))
        self.stocks = np.zeros((n_c, 3))
        self.retail_cash = np.zeros(n_c)
        self.else_dev = np.zeros(n_c)
        self.demand_dev = np.zeros(n_c)
        self._z_demand = np.empty(n_c)

    def _setup_parameters(self, p) -> None:
        coms = list(p["commodities"].values())
        n_c = len(coms)
        cp = np.zeros((n_c, L.N_CP))
        pop = p["market_region"]["population"]
        self.demand_base = np.zeros((self.days, n_c))
        for c, q in enumerate(coms):
            cp[c, L.CP_SHELF] = q["shelf_life_days"]
            cp[c, L.CP_NOISE_SD] = q["output_noise_sd"]
            cp[c, L.CP_SEASON_AMP] = q["seasonal_amplitude"]
            cp[c, L.CP_SEASON_PEAK] = q["seasonal_peak_day_of_year"]
            cp[c, L.CP_UNIT_COST] = q["production_cost_rp_per_kg"] * q["input_cost_index"]
            cp[c, L.CP_SHOCK_P] = q["shock_probability_per_day"]
            cp[c, L.CP_SHOCK_LOSS] = q["shock_capacity_loss"]
            cp[c, L.CP_RECOVERY_DAYS] = q["shock_recovery_days"]
            cp[c, L.CP_CAP_REVIEW] = q["capacity_review_days"]
            cp[c, L.CP_CAP_RATE] = q["capacity_adjust_rate"]
            cp[c, L.CP_NORMAL_MARGIN] = q["normal_margin"]
            cp[c, L.CP_CAP_FLOOR] = q["capacity_floor"]
            cp[c, L.CP_CAP_CEIL] = q["capacity_ceiling"]
            cp[c, L.CP_MARGIN_MAX] = q["trader_margin_max_rp_per_kg"]
            cp[c, L.CP_MARGIN_MIN] = q["trader_margin_min_rp_per_kg"]
            cp[c, L.CP_MARGIN_RATE] = q["margin_adjust_rate"]
            cp[c, L.CP_PREF] = q["wholesale_reference_price_rp_per_kg"]
            cp[c, L.CP_MARKUP] = q["retail_markup"]
            cp[c, L.CP_FLOOR] = q["price_floor_fraction"]
            cp[c, L.CP_CEIL] = q["price_ceiling_fraction"]
            cp[c, L.CP_RESERVE_FRESH] = q["reservation_fresh_fraction"]
            cp[c, L.CP_PARITY_LOGIT] = _logit(q["surabaya_share_at_parity"])
            cp[c, L.CP_SHIP_BETA] = q["ship_sensitivity"]
            cp[c, L.CP_EXPECT_WEIGHT] = p["information"]["expectation_weight"]
            cp[c, L.CP_HOLDING_LOSS] = q["market_holding_loss_per_day"]
            cp[c, L.CP_ELASTICITY] = q["demand_elasticity"]
            cp[c, L.CP_OTHER_ELASTICITY] = q["other_supply_elasticity"]
            cp[c, L.CP_CH_REVIEW] = q["channel_review_days"]
            cp[c, L.CP_CH_BETA] = q["channel_switch_sensitivity"]
            cp[c, L.CP_CH_INERTIA] = q["channel_inertia_rp_per_kg"]
            cp[c, L.CP_DIRECT_MARGIN] = p["programs"]["direct_channel"]["margin_rp_per_kg"]
            cp[c, L.CP_FILL] = p["programs"]["direct_channel"]["enrolment_fill_ratio"]
            cp[c, L.CP_DIRECT_PARITY_LOGIT] = _logit(
                p["programs"]["direct_channel"]["surabaya_share_at_parity"]
            )
            cp[c, L.CP_FEE] = p["market"]["market_fee_share"]
            cp[c, L.CP_BREAKAGE_BASE] = q["breakage_rate"]
            base = pop * q["per_capita_demand_kg_per_year"] / DAYS_PER_YEAR * self.scale
            cp[c, L.CP_OTHER_SUPPLY] = base * (1.0 - q["blitar_share_of_surabaya_supply"])
            season = self.calendar.demand_multiplier(
                q["ramadan_demand_multiplier"],
                q["lebaran_demand_multiplier"],
                q["christmas_newyear_demand_multiplier"],
                q["weekend_demand_multiplier"],
            )
            # the per-capita figure is an annual mean: seasons move demand around it, not above it
            season = season / self._year_mean(season_args(q))
            self.demand_base[:, c] = base * season * q["demand_shock_multiplier"]
        self.cpar = cp
        self.commodity_params = coms
        tr = p["transport"]
        self.base_travel_h = tr["distance_km"] / tr["base_speed_kmh"]
        self.direct_capacity = np.array(
            [q["direct_channel_capacity_kg_per_day"] * self.scale for q in coms]
        )

    def _schedule_events(self, schedule: list) -> list:
        """Dated changes as (day, key, value, restore): ``restore`` marks the end of a window,
        which puts back the value in force before it began."""
        start = self.calendar.dates[0]
        events = []
        for k, e in enumerate(schedule):
            begin = max(0, (dt.date.fromisoformat(e["from"]) - start).days)
            end = None
            if e["until"] is not None:
                end = (dt.date.fromisoformat(e["until"]) - start).days + 1
                if end <= 0:
                    continue  # the window closed before the run began
            events.append((begin, k, e["key"], e["value"], None))
            if end is not None:
                events.append((end, k, e["key"], None, k))
        return sorted(events, key=lambda ev: (ev[0], ev[1], ev[4] is None))

    def _apply_events(self, t: int) -> None:
        """Apply today's scheduled changes, then rebuild what derives from parameters."""
        changed = False
        while self._events and self._events[0][0] <= t:
            _, k, key, value, restore = self._events.pop(0)
            *path, leaf = key.split(".")
            node = self.params
            for part in path:
                node = node[part]
            if restore is None:
                self._saved[k] = node[leaf]
                node[leaf] = value
            else:
                node[leaf] = self._saved.pop(k)
            changed = True
        if changed:
            self._setup_parameters(self.params)

    def _year_mean(self, args: tuple) -> float:
        """Mean seasonal multiplier over the calendar year in which the run starts."""
        year = self.calendar.dates[0].year
        days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        return float(build_calendar(f"{year}-01-01", days).demand_multiplier(*args).mean())

    def _prime_pipeline(self) -> None:
        """Put yesterday's shipments on the road, so day 0 does not open on an empty market.

        Each middleman's load is what it ships at reference prices; the goods count as
        produced (the day before the run) in the stock-flow accounts.
        """
        cp, tr, f = self.cpar, self.traders, self.farmers
        freight = self.params["transport"]["freight_rp_per_kg"]
        supply = np.bincount(f.trader, weights=f.cap0, minlength=len(tr))
        yesterday = (-1) % self.n_buckets
        for j in np.flatnonzero(tr.is_direct == 0):
            c = tr.comm[j]
            pref = cp[c, L.CP_PREF]
            netback = pref * (1 - cp[c, L.CP_BREAKAGE_BASE]) * (1 - cp[c, L.CP_FEE]) - freight
            x = (
                cp[c, L.CP_PARITY_LOGIT]
                + cp[c, L.CP_SHIP_BETA]
                * (netback - self.commodity_params[c]["elsewhere_price_rp_per_kg"])
                / pref
            )
            load = supply[j] / (1.0 + math.exp(min(-x, 700.0)))  # no overflow at extremes
            tr.transit[j, 0, yesterday] = load
            self.goods[c, L.G_PRODUCED] += load

    # ------------------------------------------------------------------ money bookkeeping
    def appropriate(self, amount_rp: float) -> None:
        self.flows[L.F_APPROPRIATION_IN] += amount_rp

    def lapse(self, amount_rp: float) -> None:
        self.flows[L.F_LAPSE_OUT] += amount_rp

    def pay_outside(self, program: Program, amount_rp: float) -> float:
        paid = program.pay(amount_rp)
        self.flows[L.F_PROGRAM_OUT] += paid
        return paid

    # ------------------------------------------------------------------ one day
    def _road_today(self) -> tuple[float, int]:
        """Road speed factor and transit days today."""
        tr = self.params["transport"]
        rq = tr["road_quality"]
        if self.road_complete:
            rq *= self.params["programs"]["road"]["road_quality_after"]
        travel_h = self.base_travel_h / rq
        days = math.ceil(travel_h / tr["driving_hours_per_day"])
        return rq, min(self.transit_slots - 1, max(1, days))

    def _set_levers(self, t: int) -> tuple[bool, int]:
        p = self.params
        tr = p["transport"]
        cp = self.cpar
        rq, transit_days = self._road_today()
        travel_ratio = (self.base_travel_h / rq) / self.base_travel_h
        freight = tr["freight_rp_per_kg"] * (
            tr["fuel_share_of_freight"] * tr["fuel_price_index"]
            + (1.0 - tr["fuel_share_of_freight"]) * travel_ratio
        )
        breakage_mult = max(0.0, 1.0 + tr["breakage_road_sensitivity"] * (1.0 / rq - 1.0))
        direct_on = self.programs["direct_channel"].active(t)
        subsidy_on = self.programs["logistics_subsidy"].active(t)
        info_on = self.programs["information_system"].active(t)
        coord = self.programs["direct_channel"].coordination
        sub = p["programs"]["logistics_subsidy"]
        subsidy = sub["subsidy_rp_per_kg"] if subsidy_on else 0.0
        subsidy_middlemen = subsidy if sub["applies_to"] == "all" else 0.0
        for c, q in enumerate(self.commodity_params):
            self.else_dev[c] = (
                q["elsewhere_price_persistence"] * self.else_dev[c]
                + q["elsewhere_price_sd"] * self._z_else[c]
            )
            cp[c, L.CP_ELSE_PRICE] = q["elsewhere_price_rp_per_kg"] * _lognormal_ar1_level(
                self.else_dev[c], q["elsewhere_price_sd"], q["elsewhere_price_persistence"]
            )
            self.demand_dev[c] = (
                q["demand_noise_persistence"] * self.demand_dev[c]
                + q["demand_noise_sd"] * self._z_demand[c]
            )
            cp[c, L.CP_DEMAND] = self.demand_base[t, c] * _lognormal_ar1_level(
                self.demand_dev[c], q["demand_noise_sd"], q["demand_noise_persistence"]
            )
            cp[c, L.CP_FREIGHT] = freight
            cp[c, L.CP_BREAKAGE] = min(1.0, q["breakage_rate"] * breakage_mult)
            cap = self.direct_capacity[c] * coord if direct_on else 0.0
            cp[c, L.CP_DIRECT_ACTIVE] = 1.0 if direct_on and cap > 0.0 else 0.0
            cp[c, L.CP_DIRECT_CAP] = cap
            cp[c, L.CP_SUBSIDY] = subsidy
            cp[c, L.CP_SUBSIDY_MIDDLEMEN] = subsidy_middlemen
            self.traders.cap[self.direct_idx[c]] = cap
        return info_on, transit_days

    def _draw_trade(self) -> None:
        """Today's trade-side random numbers, in a fixed order and amount whatever the levers."""
        rng = self.streams["trade"]
        self._standard_normal(rng, self._z_farm)
        rng.random(out=self._u_shock)
        rng.random(out=self._u_review)
        rng.standard_normal(out=self._z_trader)
        # shocks shared by everyone come from their own stream, so that the population size
        # (run.scale) does not change the price and demand paths
        market = self.streams["market"]
        market.standard_normal(out=self._z_else)
        market.standard_normal(out=self._z_demand)

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

    def step(self) -> None:
        t = self.day
        if t >= self.days:
            self.running = False
            return
        self._apply_events(t)
        self.agents_by_type[Government].do("step")
        self._draw_trade()
        info_on, transit_days = self._set_levers(t)
        self.daily[:] = 0.0
        self._step_trade(t, info_on, transit_days)
        souvenir_rp = self.tourism.step(t)
        self.umkm.step(t, souvenir_rp)
        self._settle_programs(t)
        self._measure(t)
        self.day += 1
        if self.day >= self.days:
            self.running = False

    def _step_trade(self, t: int, info_on: bool, transit_days: int) -> None:
        """Farmers and traders for day ``t`` (the object-per-agent engine overrides this)."""
        f, tr, cp = self.farmers, self.traders, self.cpar
        info = self.params["information"]
        sys = self.params["programs"]["information_system"]
        doy = int(self.calendar.day_of_year[t])
        offer_kg, held = self._farm_scratch()
        spoil_traders(t, tr.comm, tr.transit, tr.inventory, cp, self.goods)
        spoil_and_produce(
            t,
            doy,
            f.comm,
            f.cap,
            f.cap_plan,
            f.cost_factor,
            f.stock,
            f.cash,
            f.cost_cum,
            self._z_farm,
            self._u_shock,
            cp,
            self.goods,
            self.flows,
            offer_kg,
            held,
        )
        trader_prices(
            t,
            tr.comm,
            tr.is_direct,
            tr.access,
            tr.margin,
            self.p_hist,
            self._z_trader,
            info["lag_days"],
            info["noise_sd"],
            sys["lag_days"],
            sys["noise_sd"],
            info_on,
            tr.informed_share,
            sys["farmer_bargaining_share"],
            cp,
            tr.exp_price,
            tr.share,
            tr.fg,
            self._fg_direct,
            self.daily,
        )
        choose_channels(
            t,
            f.comm,
            f.cap,
            f.channel,
            f.trader,
            tr.fg,
            self._fg_direct,
            self._u_review,
            cp,
            self.daily,
        )
        purchase(
            f.comm,
            f.channel,
            f.trader,
            f.stock,
            f.cash,
            f.rev_cum,
            f.rev_win,
            f.kg_win,
            tr.cap,
            tr.fg,
            tr.cash,
            tr.bought,
            tr.offered,
            self.direct_idx,
            cp,
            self.daily,
            offer_kg,
            held,
        )
        ship(
            t,
            transit_days,
            tr.comm,
            tr.is_direct,
            tr.share,
            tr.bought,
            tr.transit,
            tr.cash,
            tr.claim,
            cp,
            self.goods,
            self.flows,
            self.daily,
        )
        arrive(t, tr.transit, tr.inventory)
        clear_markets(
            t,
            tr.comm,
            tr.inventory,
            tr.cash,
            self.retail_cash,
            self.p_hist,
            cp,
            self.goods,
            self.flows,
            self.daily,
        )
        adjust_capacity(
            t, f.comm, f.cap, f.cap_plan, f.cap0, f.cost_factor, f.rev_win, f.kg_win, cp
        )

    def _farm_scratch(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-farmer scratch of the trade phase: kg in stock (offered to traders, then left
        after their purchase) and the bit masks of non-empty stock buckets; see
        :func:`sim.kernels.farm.spoil_and_produce`."""
        n = len(self.farmers)
        scratch = self.__dict__.get("_farm_scratch_arrays")
        if scratch is None or scratch[0].shape[0] != n:
            scratch = self._farm_scratch_arrays = (np.zeros(n), np.zeros(n, dtype=np.int64))
        return scratch

    def _measure(self, t: int) -> None:
        """Stock totals, daily series, the stock-flow check and Mesa's DataCollector."""
        f, tr = self.farmers, self.traders
        # farm stocks as today's purchase left them (``_step_trade`` summed them while selling)
        farm_kg, _ = self._farm_scratch()
        goods_in_stock(f.comm, farm_kg, tr.comm, tr.transit, tr.inventory, tr.bought, self.stocks)
        self.recorder.record(t)
        self.datacollector.collect(self)

    def _settle_programs(self, t: int) -> None:
        """Governments pay today's program costs and collect market fees (PAD of Surabaya)."""
        progs = self.programs
        total_claim = self.daily[:, L.D_SUBSIDY_CLAIM].sum()
        if total_claim > 0.0:
            # a budget that runs out mid-day pays every claim the same share
            paid = progs["logistics_subsidy"].pay(total_claim)
            self.traders.cash += self.traders.claim * (paid / total_claim)
        if self.cpar[:, L.CP_DIRECT_ACTIVE].any():
            op = self.params["programs"]["direct_channel"]
            cost = op["operating_cost_rp_per_kg_capacity"] * self.cpar[:, L.CP_DIRECT_CAP].sum()
            self.pay_outside(progs["direct_channel"], cost)
        if progs["information_system"].active(t):
            sys = self.params["programs"]["information_system"]
            per_year = sys["operating_cost_rp_per_year"] * self.scale
            # the farmers reached are counted at this run's scale already
            per_year += self.n_informed_farmers * sys["cost_rp_per_farmer_per_year"]
            self.pay_outside(progs["information_system"], per_year / DAYS_PER_YEAR)
        road = progs["road"]
        if not self.road_complete and road.active(t):
            need = self.params["programs"]["road"]["investment_rp"] * self.scale
            daily = road.realised_rp_per_year / DAYS_PER_YEAR
            self.road_invested_rp += self.pay_outside(
                road, min(daily, need - self.road_invested_rp)
            )
            if self.road_invested_rp >= need * (1.0 - 1e-12):
                self.road_complete = True
        self.surabaya.collect(self.daily[:, L.D_FEES].sum())
        self._settle_umkm_tourism_programs(t)

    def _settle_umkm_tourism_programs(self, t: int) -> None:
        """Promotion, market access and internet programs pay their daily costs."""
        progs, pp = self.programs, self.params["programs"]
        promo_paid = 0.0
        if progs["promotion"].active(t):
            daily = progs["promotion"].realised_rp_per_year / DAYS_PER_YEAR
            promo_paid = self.pay_outside(progs["promotion"], daily)
        self.tourism.update_awareness(promo_paid / self.scale)
        if progs["market_access"].active(t):
            ma = pp["market_access"]
            cost = self.umkm.outlet_count() * ma["cost_rp_per_outlet_place_per_day"]
            cost += ma["epeken_operating_cost_rp_per_year"] * self.scale / DAYS_PER_YEAR
            self.pay_outside(progs["market_access"], cost)
        net = progs["internet"]
        if not self.umkm.internet_complete and net.active(t):
            need = pp["internet"]["investment_rp"] * self.scale
            daily = net.realised_rp_per_year / DAYS_PER_YEAR
            self.umkm.internet_invested_rp += self.pay_outside(
                net, min(daily, need - self.umkm.internet_invested_rp)
            )
            if self.umkm.internet_invested_rp >= need * (1.0 - 1e-12):
                self.umkm.internet_complete = True

    # ------------------------------------------------------------------ checks
    def stock_flow_errors(self) -> tuple[float, float]:
        """Relative goods error (worst commodity) and money error, today."""
        g = self.goods
        held = self.stocks.sum(axis=1)
        accounted = (
            held
            + g[:, L.G_SOLD_CONSUMERS]
            + g[:, L.G_SOLD_ELSEWHERE]
            + g[:, L.G_LOST_FARM]
            + g[:, L.G_LOST_BREAKAGE]
            + g[:, L.G_LOST_TRANSIT]
            + g[:, L.G_LOST_MARKET]
        )
        produced = g[:, L.G_PRODUCED]
        goods_err = float(np.max(np.abs(produced - accounted) / np.maximum(produced, 1e-300)))
        goods_err = max(goods_err, self.tourism.visitors_error())
        fl = self.flows
        cash = (
            self.farmers.cash.sum()
            + self.traders.cash.sum()
            + self.retail_cash.sum()
            + self.surabaya.cash_rp
            + self.blitar.cash_rp
            + self.umkm.cash.sum()
            + self.tourism.business_cash.sum()
        )
        inflow = fl[L.F_CONSUMERS_IN] + fl[L.F_ELSEWHERE_IN] + fl[L.F_APPROPRIATION_IN]
        inflow += fl[L.F_UMKM_SALES_IN] + fl[L.F_TOURIST_IN]
        outflow = fl[L.F_PRODUCTION_OUT] + fl[L.F_FREIGHT_OUT] + fl[L.F_LAPSE_OUT]
        outflow += fl[L.F_PROGRAM_OUT] + fl[L.F_UMKM_COSTS_OUT] + fl[L.F_UMKM_EXIT_OUT]
        money_err = abs(cash - (inflow - outflow)) / max(inflow + outflow, 1e-300)
        return goods_err, float(money_err)

    def check_stock_flow(self, goods_err: float, money_err: float) -> None:
        worst = max(goods_err, money_err)
        if worst > self.stock_flow_tolerance:
            raise StockFlowError(
                f"day {self.day}: stock-flow error {worst:.3g} (goods {goods_err:.3g}, "
                f"money {money_err:.3g}) exceeds {self.stock_flow_tolerance:g}"
            )
