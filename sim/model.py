"""The Mesa model of the Surabaya-Blitar cooperation: governments as agents, the three sectors
(trade, UMKM, tourism; :mod:`sim.sectors`) as struct-of-arrays populations.

The model holds what the sectors share: the governments and their programs, the dated
schedule, the road, the money accounts, program settlement and the stock-flow check. One step
is one day, in this order (written once, in :meth:`KADModel.step`): today's scheduled changes;
the governments open a fiscal year when one begins; the joint monitoring reviews the programs
when a review is due (:class:`sim.agents.Monitoring`); the trade sector's day (its draws, levers,
farmers and traders: :meth:`sim.sectors.trade.TradeSector.step`); tourists arrive, spend,
continue to Blitar or leave; UMKM sell (with exits, entries, outlet places and training at
month starts); governments pay the programs and collect local revenue; stock totals, metrics
and the stock-flow checks are recorded.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import math
from pathlib import Path

import mesa
import numpy as np

from sim.agents import Government, Monitoring, Program
from sim.calendar import DAYS_PER_YEAR, build_calendar
from sim.config import Scenario
from sim.config.keys import parent_of, resolve
from sim.kernels import accounting as ka
from sim.kernels import layout as L
from sim.mesa_compat import hold_agent_counters_weakly
from sim.metrics import DailyRecorder, StockFlowError
from sim.paths import DEFAULT_SCENARIO
from sim.sectors import TourismSector, TradeSector, UmkmSector

# Mesa 3.3 would keep every model built in the process alive (sim.mesa_compat)
hold_agent_counters_weakly()

RNG_STREAMS = ("init", "trade", "market", "umkm", "tourism", "training", "init_umkm", "init_reach")


def fresh_seed() -> int:
    """A new seed from the operating system's entropy (what Mesa does when given none)."""
    return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def _one_seed(seed, rng):
    """The seed from Mesa 2's ``seed`` or Mesa 3's ``rng`` keyword (integers only, so that
    the seed can be recorded and the run reproduced)."""
    if seed is not None and rng is not None:
        raise ValueError("give either seed or rng, not both")
    value = seed if seed is not None else rng
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | np.integer)):
        raise TypeError(f"the seed must be an integer, got {type(value).__name__}")
    return None if value is None else int(value)


@functools.cache
def _mesa_scenario_class() -> type | None:
    """Mesa's Scenario class, or None before Mesa 3.5 (looked up once: a failed import
    searches the path again each time)."""
    try:
        from mesa.experimental.scenarios import Scenario as MesaScenario
    except ImportError:  # Mesa < 3.5 has none
        return None
    return MesaScenario


def _is_mesa_scenario(obj) -> bool:
    cls = _mesa_scenario_class()
    return cls is not None and isinstance(obj, cls)


def _unpack_mesa_scenario(ms, rng, days, scale, overrides, params):
    """(scenario file, rng, days, scale, overrides, params) from a Mesa Scenario's
    attributes; explicit keyword arguments win over the Scenario's."""
    values = {k: v for k, v in ms.__dict__.items() if k not in ("model", "_scenario_id")}
    if rng is not None and values.get("rng") is not None and values["rng"] != rng:
        raise ValueError("rng and scenario.rng must be the same")
    rng = rng if rng is not None else values.pop("rng", None)
    values.pop("rng", None)
    file = values.pop("file", DEFAULT_SCENARIO)
    days = days if days is not None else values.pop("days", None)
    scale = scale if scale is not None else values.pop("scale", None)
    for key in ("days", "scale"):
        values.pop(key, None)
    overrides = {**values.pop("overrides", {}), **(overrides or {})}
    return file, rng, days, scale, overrides, {**values, **params}


class KADModel(mesa.Model):
    """Inter-regional cooperation (kerja sama antar daerah) between Surabaya and Blitar.

    Args:
        scenario: a shipped scenario's name (``"mou"``), a scenario TOML file, a loaded
            :class:`Scenario`, or (Mesa >= 3.5) a ``mesa.experimental.scenarios.Scenario``
            whose attributes are ``rng`` (the seed), optionally ``file`` (name or path of the
            scenario, default the baseline), ``days``, ``scale``, ``overrides`` and scenario
            keys with ``__`` for dots.
        seed: seed of ``self.rng``. Default: a loaded :class:`Scenario`'s ``run.seed`` (or an
            explicit ``run.seed`` override); otherwise, as in Mesa, a fresh seed from the
            operating system, recorded as ``self.seed`` (and as ``seed`` in the
            DataCollector), so that every run can be reproduced.
        rng: Mesa 3's name for the seed (an integer); give ``seed`` or ``rng``, not both.
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
        rng: int | None = None,
        days: int | None = None,
        scale: float | None = None,
        overrides: dict | None = None,
        stock_flow_tolerance: float = 1e-9,
        **params,
    ):
        mesa_scenario = None
        if _is_mesa_scenario(scenario):
            mesa_scenario = scenario
            scenario, rng, days, scale, overrides, params = _unpack_mesa_scenario(
                scenario, rng, days, scale, overrides, params
            )
        seed = _one_seed(seed, rng)
        ov = dict(overrides or {})
        ov.update({k.replace("__", "."): v for k, v in params.items()})
        if seed is None and not isinstance(scenario, Scenario) and "run.seed" not in ov:
            seed = fresh_seed()  # Mesa's convention: no seed given, a new one each model
        for key, value in (("run.seed", seed), ("run.days", days), ("run.scale", scale)):
            if value is not None:
                ov[key] = value
        scenario = resolve(scenario, ov)
        self.kad_scenario = scenario
        # the parameters in force today: a mutable copy that dated schedules change
        self.params = scenario.to_dict()
        p = self.params
        run = p["run"]
        if mesa_scenario is not None:  # Mesa >= 3.5 keeps it as self.scenario
            mesa_scenario.rng = run["seed"]
            super().__init__(rng=run["seed"], scenario=mesa_scenario)
        else:
            super().__init__(rng=run["seed"])
        self.seed = run["seed"]
        # one independent stream per subsystem, all spawned from the model's seeded generator,
        # so a subsystem's draws never shift another's (and a program without budget leaves
        # every other stream untouched)
        self.streams = dict(zip(RNG_STREAMS, self.rng.spawn(len(RNG_STREAMS)), strict=True))
        # the model simulates warmup_days before run.start_date, then the reported run.days;
        # KPIs and output series cover the reported days only (sim.metrics)
        self.warmup_days = run["warmup_days"]
        self.days = run["days"] + self.warmup_days
        self.scale = run["scale"]
        self.day = 0
        self._saved: dict = {}
        self.stock_flow_tolerance = stock_flow_tolerance
        first = dt.date.fromisoformat(str(run["start_date"])) - dt.timedelta(self.warmup_days)
        self.calendar = build_calendar(first.isoformat(), self.days, scenario.path)

        self.commodity_names = list(p["commodities"])
        self.main = self.commodity_names.index(run["main_commodity"])
        self.fiscal_year_days = fiscal_year_days(self.calendar.year, self.warmup_days)
        self._setup_governments(p)
        self._setup_transport(p)
        self.trade = TradeSector(self, p)
        self._events = self._schedule_events(p["schedule"])
        self.umkm = UmkmSector(self, p)
        self.tourism = TourismSector(self, p)
        self.recorder = DailyRecorder(self)
        self._datacollector = None  # built when a Mesa tool first asks for it

    @property
    def datacollector(self) -> mesa.DataCollector:
        """Mesa's DataCollector of the daily series (the main commodity's and the globals,
        plus ``seed``), built on first use and filled with the days run so far; from then on
        it collects after every day. Runs that no Mesa tool watches skip it: the recorder's
        preallocated arrays hold the same numbers."""
        if self._datacollector is None:
            self._datacollector = self._build_datacollector()
        return self._datacollector

    @datacollector.setter
    def datacollector(self, value: mesa.DataCollector) -> None:
        self._datacollector = value

    def _build_datacollector(self) -> mesa.DataCollector:
        # "seed" records each run's seed, so that batch_run's rows can be reproduced
        dc = mesa.DataCollector(model_reporters={**self.recorder.mesa_reporters(), "seed": "seed"})
        for name, values in self.recorder.mesa_rows(self.day).items():
            dc.model_vars[name] = values
        dc.model_vars["seed"] = [self.seed] * self.day
        if hasattr(dc, "_collection_steps"):  # Mesa >= 3.5 keys rows by the model time of
            # each collection (1.0 after the first day); batch_run reads the rows through it
            dc._collection_steps = [float(t) for t in range(1, self.day + 1)]
        return dc

    # the trade sector's state, read by the recorder, KPIs and tests under the model's name
    farmers = property(lambda self: self.trade.farmers, doc="Farmers (struct-of-arrays).")
    traders = property(lambda self: self.trade.traders, doc="Traders (struct-of-arrays).")
    direct_idx = property(lambda self: self.trade.direct_idx, doc="Direct channels' rows.")
    n_middlemen = property(lambda self: self.trade.n_middlemen, doc="Middlemen per commodity.")
    cpar = property(lambda self: self.trade.cpar, doc="Per-commodity parameters and levers.")
    goods = property(lambda self: self.trade.goods, doc="Cumulative goods flows, kg.")
    daily = property(lambda self: self.trade.daily, doc="Today's market and trade figures.")
    stocks = property(lambda self: self.trade.stocks, doc="Goods held, kg.")
    p_hist = property(lambda self: self.trade.p_hist, doc="Past wholesale prices, Rp/kg.")
    retail_cash = property(lambda self: self.trade.retail_cash, doc="Retailers' cash, Rp.")

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
        self.monitoring = Monitoring(self, self.programs["monitoring"])
        self.road_invested_rp = 0.0
        self.road_complete = False

    def _setup_transport(self, p) -> None:
        tr = p["transport"]
        self.base_travel_h = tr["distance_km"] / tr["base_speed_kmh"]
        self._road = None  # (road_complete, road_today()) once computed

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
            node, leaf = parent_of(self.params, key)
            if restore is None:
                self._saved[k] = node[leaf]
                node[leaf] = value
            else:
                node[leaf] = self._saved.pop(k)
            changed = True
        if changed:
            self._setup_transport(self.params)
            self.trade.set_parameters(self.params)

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
    def road_today(self) -> tuple[float, int]:
        """Road speed factor and transit days today (the road is shared by goods and
        tourists). Computed again only when the road is completed or a scheduled change
        (:meth:`_apply_events`) may have changed the transport parameters."""
        road = self._road
        if road is None or road[0] != self.road_complete:
            road = self._road = (self.road_complete, self._road_now())
        return road[1]

    def _road_now(self) -> tuple[float, int]:
        """:meth:`road_today` from today's parameters."""
        tr = self.params["transport"]
        rq = tr["road_quality"]
        if self.road_complete:
            rq *= self.params["programs"]["road"]["road_quality_after"]
        travel_h = self.base_travel_h / rq
        days = math.ceil(travel_h / tr["driving_hours_per_day"])
        return rq, min(self.trade.transit_slots - 1, max(1, days))

    def step(self) -> None:
        t = self.day
        if t >= self.days:
            self.running = False
            return
        events = self._events
        if events and events[0][0] <= t:  # most days change nothing
            self._apply_events(t)
        if t in self.fiscal_year_days:  # Government.step acts on these days only
            self.agents_by_type[Government].do("step")
        self.monitoring.step(t)
        self.trade.step(t)
        souvenir_rp = self.tourism.step(t)
        self.umkm.step(t, souvenir_rp)
        self._settle_programs(t)
        # goods held, daily series with the stock-flow check and (when built) Mesa's
        # DataCollector; every farm's stock is read in full on the run's last day (on others
        # a seventh of them, see TradeSector.count_stocks); the recorder counts the goods in
        # its own kernel's call where the sector lets it (one call a day instead of two)
        self.recorder.record(t, count_stocks=True, every_row=t + 1 >= self.days)
        if self._datacollector is not None:
            self._datacollector.collect(self)
        self.day += 1
        if self.day >= self.days:
            self.running = False

    def _settle_programs(self, t: int) -> None:
        """Governments pay today's program costs and collect market fees (PAD of Surabaya)."""
        progs, trade = self.programs, self.trade
        # both columns in one pass (the day's figures do not change while paying)
        total_claim, fees = _claims_and_fees(trade.daily)
        if total_claim > 0.0:
            paid = progs["logistics_subsidy"].pay(total_claim)
            trade.pay_subsidy(paid / total_claim)
        # paid on the nominal capacity: poor coordination delivers less of it, at the same cost
        direct_kg = trade.direct_channel_nominal_capacity()
        if direct_kg > 0.0:
            op = self.params["programs"]["direct_channel"]
            cost = op["operating_cost_rp_per_kg_capacity"] * direct_kg
            self.pay_outside(progs["direct_channel"], cost)
        info = progs["information_system"]
        if info.enabled and info.active(t):  # enabled first: a call saved on most days
            sys = self.params["programs"]["information_system"]
            per_year = sys["operating_cost_rp_per_year"] * self.scale
            # the farmers reached are counted at this run's scale already
            per_year += trade.n_informed_farmers * sys["cost_rp_per_farmer_per_year"]
            self.pay_outside(info, per_year / DAYS_PER_YEAR)
        road = progs["road"]
        if road.enabled and not self.road_complete and road.active(t):
            need = self.params["programs"]["road"]["investment_rp"] * self.scale
            daily = road.realised_rp_per_year / DAYS_PER_YEAR
            self.road_invested_rp += self.pay_outside(
                road, min(daily, need - self.road_invested_rp)
            )
            if self.road_invested_rp >= need * (1.0 - 1e-12):
                self.road_complete = True
        self.surabaya.collect(fees)
        self._settle_umkm_tourism_programs(t)

    def _settle_umkm_tourism_programs(self, t: int) -> None:
        """Promotion, market access and internet programs pay their daily costs."""
        progs, pp = self.programs, self.params["programs"]
        promo_paid = 0.0
        # packages used today (holders continuing to Blitar; handed out while the program ran
        # at their arrival) are paid first, per visitor: a discount to the visitor
        used = self.tourism.day.item(0, L.T_PACKAGES_USED)  # Python arithmetic: cheaper
        if used != 0.0:  # else the cost is 0 (or NaN): nothing to pay
            vpa = self.tourism.p["visitors_per_agent"]
            pkg_cost = used * vpa * pp["promotion"]["package_cost_rp_per_visitor"]
            if pkg_cost > 0.0:
                self.pay_outside(progs["promotion"], pkg_cost)
        promotion = progs["promotion"]
        if promotion.enabled and promotion.active(t):
            daily = promotion.realised_rp_per_year / DAYS_PER_YEAR
            promo_paid = self.pay_outside(promotion, daily)
        self.tourism.update_awareness(promo_paid / self.scale)
        access = progs["market_access"]
        if access.enabled and access.active(t):
            ma = pp["market_access"]
            cost = self.umkm.outlet_count() * ma["cost_rp_per_outlet_place_per_day"]
            cost += ma["epeken_operating_cost_rp_per_year"] * self.scale / DAYS_PER_YEAR
            self.pay_outside(access, cost)
        net = progs["internet"]
        if net.enabled and not self.umkm.internet_complete and net.active(t):
            need = pp["internet"]["investment_rp"] * self.scale
            daily = net.realised_rp_per_year / DAYS_PER_YEAR
            self.umkm.internet_invested_rp += self.pay_outside(
                net, min(daily, need - self.umkm.internet_invested_rp)
            )
            if self.umkm.internet_invested_rp >= need * (1.0 - 1e-12):
                self.umkm.internet_complete = True

    # ------------------------------------------------------------------ checks
    def stock_flow_errors(self, trade_cash: float | None = None) -> tuple[float, float]:
        """Relative goods error (worst commodity, and the visitors) and money error, today.
        ``trade_cash``: the trade sector's cash (:meth:`TradeSector.cash`) if the caller has
        summed it already. The recorder computes the same in its daily kernel
        (:func:`sim.kernels.accounting.stock_flow_errors` gives both)."""
        trade = self.trade
        goods_err, money_err = ka.stock_flow_errors(
            self.tourism.visitors_error(), trade.stocks, trade.goods,
            trade.cash() if trade_cash is None else trade_cash, self.surabaya.cash_rp,
            self.blitar.cash_rp, self.umkm.cash, self.tourism.business_cash, self.flows,
        )  # fmt: skip
        return float(goods_err), float(money_err)

    def check_stock_flow(self, goods_err: float, money_err: float) -> None:
        """Stop with :class:`StockFlowError` when either error exceeds the tolerance or is NaN
        (a NaN account is a broken account)."""
        tol = self.stock_flow_tolerance
        if goods_err <= tol and money_err <= tol:  # False for a NaN
            return
        worst = _worst([goods_err, money_err])
        if not worst <= tol:
            raise StockFlowError(
                f"day {self.day}: stock-flow error {worst:.3g} (goods {goods_err:.3g}, "
                f"money {money_err:.3g}) exceeds {self.stock_flow_tolerance:g}"
            )


def fiscal_year_days(year: np.ndarray, first: int) -> frozenset[int]:
    """Days a fiscal year opens (:meth:`sim.agents.Government.step`): the first reported day
    ``first`` and each later day whose calendar ``year`` differs from the day before's."""
    days = np.flatnonzero(year[first + 1 :] != year[first:-1]) + (first + 1)
    return frozenset([first, *days.tolist()])


def column_total(table: np.ndarray, col: int) -> float:
    """``table[:, col].sum()``: numpy adds fewer than 8 numbers left to right onto 0.0, as
    :func:`column_totals` does over Python floats at a fraction of the cost (8 or more:
    numpy's own pairwise sum)."""
    return column_totals(table, (col,))[0]


def column_totals(table: np.ndarray, cols: tuple[int, ...]) -> list[float]:
    """``[column_total(table, col) for col in cols]``, reading a short table once: as rows
    of Python floats (in a run's day, cheaper than a numpy view of each column: 0.4 us a
    day for the two of the settlement, measured in-run; warm, alone, it looks dearer). The
    settlement's own two, every day: :func:`_claims_and_fees`."""
    if table.shape[0] >= 8:
        return [float(table[:, col].sum()) for col in cols]
    rows = table.tolist()
    totals = []
    for col in cols:
        total = 0.0
        for row in rows:
            total += row[col]
        totals.append(total)
    return totals


def _claims_and_fees(daily: np.ndarray) -> tuple[float, float]:
    """``column_totals(daily, (L.D_SUBSIDY_CLAIM, L.D_FEES))``, the settlement's every day:
    the same sums in the same order, without the list of totals and its loops."""
    if daily.shape[0] >= 8:
        return column_total(daily, L.D_SUBSIDY_CLAIM), column_total(daily, L.D_FEES)
    claim = fees = 0.0
    for row in daily.tolist():
        claim += row[_CLAIM]
        fees += row[_FEES]
    return claim, fees


_CLAIM, _FEES = L.D_SUBSIDY_CLAIM, L.D_FEES


def _worst(errors: list[float]) -> float:
    """The largest error, or NaN if any is NaN (Python's max would pass a NaN over)."""
    return math.nan if any(math.isnan(e) for e in errors) else max(errors)


def batch_run(
    parameters: dict,
    iterations: int = 1,
    *,
    seed: int | None = None,
    model_cls: type[KADModel] = KADModel,
    **kwargs,
) -> list[dict]:
    """``mesa.batch_run`` of ``model_cls`` with ``iterations`` seeds spawned reproducibly
    from the root ``seed`` (numpy's SeedSequence, as ``--replicates`` does; default: the
    scenario's ``run.seed``). Each row has ``seed`` and ``iteration`` (the seed's index), on
    Mesa 3.3 and 3.5 alike. ``parameters`` and ``kwargs`` are ``mesa.batch_run``'s: the
    model's arguments go in ``parameters`` (``{"days": 30, "scale": 0.02,
    "information__lag_days": [1, 5]}``), the runner's in ``kwargs`` (``max_steps``,
    ``number_processes``, ``data_collection_period``, ...); ``parameters`` must not hold
    ``seed`` or ``rng``.
    """
    from sim.experiment import spawn_seeds

    if {"seed", "rng"} & set(parameters):
        raise ValueError("the seeds come from iterations and seed; drop seed/rng from parameters")
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    if seed is None:
        scenario = parameters.get("scenario", DEFAULT_SCENARIO)
        scenario = resolve(scenario)
        seed = scenario.params["run"]["seed"]
    seeds = spawn_seeds(seed, iterations)
    kwargs.setdefault("display_progress", False)
    if "rng" in inspect.signature(mesa.batch_run).parameters:  # Mesa >= 3.5
        rows = mesa.batch_run(model_cls, parameters, rng=seeds, **kwargs)
    else:  # Mesa 3.3: the seeds vary like any parameter (first, so outermost)
        rows = mesa.batch_run(model_cls, {"seed": seeds, **parameters}, iterations=1, **kwargs)
    index = {s: k for k, s in enumerate(seeds)}
    for row in rows:
        row["iteration"] = index[row["seed"]]
    return rows
