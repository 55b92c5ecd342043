"""UMKM strengthening: firms of both regions, training, market access, exit and entry.

The population is drawn to the published firm counts (Blitar UMKM, Surabaya-assisted UMKM)
and split over the scenario's sectors; literacy and quality are Beta-distributed, capacities
lognormal. Daily sales run in :func:`sim.kernels.umkm.umkm_day` (bound with the day's opening,
:func:`sim.kernels.umkm.bind_open_and_day`); month starts bring exits and
entries (:func:`sim.kernels.umkm.umkm_month`), training cohorts and outlet placements.
"""

from __future__ import annotations

import math

import numpy as np

from sim.kernels import layout as L
from sim.kernels import umkm as K

BLITAR, SURABAYA = 0, 1
# fields of the vis record that hold an UMKM key as it is (umkm.<key>)
UMKM_KEYS = (
    "epeken_visibility", "online_visibility_without_epeken", "outlet_visibility",
    "quality_weight", "price_weight", "online_literacy_threshold",
    "surabaya_internet_coverage", "literacy_decay_per_day", "quality_decay_per_day",
    "epeken_mandate_blitar_weight",
)  # fmt: skip
DAYS_PER_YEAR = 365.0  # the per-year parameters below are spread evenly over the days
# positions of today's levers in the vis record read as float64 values
VIS_ACCESS = K.UMKM_PARAMS.names.index("epeken_access_today")
VIS_COVERAGE = K.UMKM_PARAMS.names.index("blitar_internet_coverage_today")


# up to this many firms, Beta draws are drawn one call a firm (:func:`beta_draws`)
FEW_DRAWS = 32


def beta_draws(rng: np.random.Generator, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``rng.beta(a, b, size=len(a))``: one Beta(a[j], b[j]) draw a firm, in order, taking the
    same draws from the stream in the same order as that call (Generator.beta draws an array
    element by element) without its cost of broadcasting two arrays (~18 us whatever the size):
    for a few firms (month starts bring 0-2 entrants) one call a firm; for many, one call per
    run of firms with the same parameters (the firms of each region at set-up), unless the
    runs are many and short."""
    n = a.shape[0]
    if n <= FEW_DRAWS:
        return np.array([rng.beta(a[j], b[j]) for j in range(n)], dtype=np.float64)
    starts = np.flatnonzero((a[1:] != a[:-1]) | (b[1:] != b[:-1])) + 1
    if starts.shape[0] > 8:  # many short runs: one call is cheaper
        return rng.beta(a, b, size=n)
    out = np.empty(n)
    bounds = [0, *starts.tolist(), n]
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        out[lo:hi] = rng.beta(a[lo], b[lo], size=hi - lo)
    return out


class UmkmSector:
    def __init__(self, model, params):
        self.model = model
        u = params["umkm"]
        self.p = u
        self.pad = params["pad"]
        self.sectors = list(u["sectors"])
        sec = list(u["sectors"].values())
        scale = model.scale
        n_b = round(u["blitar_firms"] * scale)
        n_s = round(u["surabaya_firms"] * scale)
        n = n_b + n_s
        rng = model.streams["init_umkm"]
        self.region = np.concatenate([np.full(n_b, BLITAR), np.full(n_s, SURABAYA)]).astype(
            np.int64
        )
        self.sector = np.concatenate(
            [
                rng.choice(len(sec), size=n_b, p=[s["blitar_share"] for s in sec]),
                rng.choice(len(sec), size=n_s, p=[s["surabaya_share"] for s in sec]),
            ]
        ).astype(np.int64)
        self.alive = np.ones(n, dtype=np.int8)
        self.capacity = np.zeros(n)
        self.fixed_cost = np.zeros(n)
        self.price = np.zeros(n)
        self.quality = np.zeros(n)
        self.quality_base = np.zeros(n)  # the firm's own quality, to which training gains fade
        self.literacy = np.zeros(n)
        self.legal = np.zeros(n, dtype=np.int8)
        self.conn_u = np.zeros(n)
        self._draw_traits(np.arange(n), rng)
        self.outlet = np.zeros(n, dtype=np.int8)
        self.listed = np.zeros(n, dtype=np.int8)  # a Blitar firm's e-Peken listing this month
        self.online = np.zeros(n, dtype=np.int8)
        self.cash = np.zeros(n)
        self.revenue_cum = np.zeros(n)
        self.month_profit = np.zeros(n)
        self._revenue_at_month_start = np.zeros(n)
        self._month_revenue = np.zeros(n)  # scratch of the month starts
        self._entry_u = np.zeros(n)
        self._last_month_start = 0
        # firms have histories the data do not give: each loss count starts at a random month of
        # the exit window, so that exits spread out instead of all falling on one day
        self.loss_months = rng.integers(0, u["exit_after_loss_months"], size=n).astype(np.int64)
        self.var_cost = np.array([s["variable_cost_share"] for s in sec])
        self.household_share = np.array([s["household_spending_share"] for s in sec])
        self.souvenir_share = np.array([s["souvenir_share"] for s in sec])
        pops = (params["producer_region"]["population"], params["market_region"]["population"])
        spend = (
            u["blitar_household_spending_rp_per_person_per_day"],
            u["surabaya_household_spending_rp_per_person_per_day"],
        )
        self.household_pool = np.array([pops[m] * spend[m] * scale for m in range(2)])
        # Surabaya civil servants' mandated e-Peken spending: part of their households' UMKM
        # spending redirected to the platform's listings (loader checks it fits), by sector
        mandated = (u["epeken_mandated_buyers"] * u["epeken_mandated_rp_per_buyer_per_month"]
                    * 12.0 / DAYS_PER_YEAR * scale)  # fmt: skip
        self.household_pool[SURABAYA] -= mandated
        self.mpool = mandated * self.household_share
        self.pools = np.zeros((2, len(sec)))
        self.vis = np.zeros(1, dtype=K.UMKM_PARAMS)
        row = self.vis[0]
        for key in UMKM_KEYS:
            row[key] = u[key]
        row["umkm_tax_share"] = self.pad["umkm_tax_share"]
        row["epeken_seller_cap_rp_per_day"] = u["epeken_seller_cap_rp_per_year"] / DAYS_PER_YEAR
        row["selling_min_rp_per_day"] = u["selling_min_rp_per_month"] * 12.0 / DAYS_PER_YEAR
        self.day = np.zeros((2, L.N_U))
        self.tax = np.zeros(2)
        self._chan = np.zeros(n, dtype=np.int8)  # channels by firm (bits K.CH_*), with weights
        self._weight = np.zeros((n, 2))
        self._denom = np.zeros((2, len(sec)))
        self._mdenom = np.zeros(len(sec))
        self._margin = np.zeros((2, len(sec)))
        self._rev = np.zeros((2, len(sec)))
        # the outside option (shops, chains) has exp(utility) times the initial offer's weight,
        # so that at the start buyers spend 1 / (1 + exp(utility)) of a pool at UMKM
        self.vis[0]["blitar_internet_coverage_today"] = u["blitar_internet_coverage"]
        self.attract = np.zeros(n)
        K.update_attractiveness(self, self.vis)
        K.offer_weights(self, self.vis, self._weight, self._denom, self._mdenom, self._chan)
        # math.exp, the C library's: numpy's exp takes SIMD code of its own on CPUs with AVX-512
        self.outside = math.exp(u["outside_option_utility"]) * np.maximum(self._denom, 1e-300)
        # the vis record's fields as float64 values (all its fields are float64), by index
        self._vis_values = self.vis.view(np.float64)
        self._vis_of_weights = None  # vis's bytes when the weights were last computed
        self._weights_valid = False  # the weights kept from the day before are today's
        self._umkm_day = None  # bound on the first day (_bind_day)
        self._month_kernels = None  # the month starts' kernels, bound when first used
        self._month_of = self._month_starts = None  # see _month_start_days
        self.internet_invested_rp = 0.0
        self.internet_complete = False
        self.trained = 0  # completed courses in the run (simulated firms)

    # ---------------------------------------------------------------- population
    def _draw_traits(self, idx: np.ndarray, rng: np.random.Generator) -> None:
        """Draw the traits of firms ``idx`` (new firms and entrants) from the initial laws."""
        if idx.shape[0] <= FEW_DRAWS:
            self._draw_traits_few(idx, rng)
        else:
            self._draw_traits_array(idx, rng)

    def _draw_traits_array(self, idx: np.ndarray, rng: np.random.Generator) -> None:
        """:meth:`_draw_traits` in numpy arrays (the firms at set-up)."""
        u = self.p
        k = u["trait_concentration"]
        reg = self.region[idx]
        n = idx.shape[0]

        def beta(mean_b, mean_s):
            mean = np.where(reg == BLITAR, mean_b, mean_s)
            return beta_draws(rng, mean * k, (1.0 - mean) * k)

        sd = u["capacity_sigma"]
        mean_cap = np.where(reg == BLITAR, u["blitar_capacity_rp_per_day"],
                            u["surabaya_capacity_rp_per_day"])  # fmt: skip
        self.capacity[idx] = mean_cap * rng.lognormal(-0.5 * sd * sd, sd, size=n)
        self.fixed_cost[idx] = self.capacity[idx] * u["fixed_cost_share_of_capacity"]
        ps = u["price_sigma"]
        self.price[idx] = rng.lognormal(0.0, ps, size=n)
        self.quality[idx] = beta(u["blitar_quality_mean"], u["surabaya_quality_mean"])
        self.quality_base[idx] = self.quality[idx]
        self.literacy[idx] = beta(u["blitar_literacy_mean"], u["surabaya_literacy_mean"])
        legal_share = np.where(reg == BLITAR, u["blitar_legal_share"], u["surabaya_legal_share"])
        self.legal[idx] = (rng.random(n) < legal_share).astype(np.int8)
        self.conn_u[idx] = rng.random(n)

    def _draw_traits_few(self, idx: np.ndarray, rng: np.random.Generator) -> None:
        """:meth:`_draw_traits` for a few firms (month starts bring 0-2 entrants), in Python
        floats: the same draws from the stream in the same order (each trait for every firm,
        then the next trait; a generator's array call draws element by element what its
        scalar calls draw), and the same products, without the ~70 us of small numpy arrays
        (``np.where``, fancy indexing) a call of the array path costs."""
        u = self.p
        k = u["trait_concentration"]
        firms = idx.tolist()
        blitar = [self.region[i] == BLITAR for i in firms]

        def by_region(key_b, key_s):
            return [u[key_b] if b else u[key_s] for b in blitar]

        sd = u["capacity_sigma"]
        mean_cap = by_region("blitar_capacity_rp_per_day", "surabaya_capacity_rp_per_day")
        capacity = [c * rng.lognormal(-0.5 * sd * sd, sd) for c in mean_cap]
        ps = u["price_sigma"]
        price = [rng.lognormal(0.0, ps) for _ in firms]
        means = by_region("blitar_quality_mean", "surabaya_quality_mean")
        quality = [rng.beta(m * k, (1.0 - m) * k) for m in means]
        means = by_region("blitar_literacy_mean", "surabaya_literacy_mean")
        literacy = [rng.beta(m * k, (1.0 - m) * k) for m in means]
        legal = [rng.random() < p for p in by_region("blitar_legal_share", "surabaya_legal_share")]
        conn_u = [rng.random() for _ in firms]
        share = u["fixed_cost_share_of_capacity"]
        for j, i in enumerate(firms):
            self.capacity[i] = capacity[j]
            self.fixed_cost[i] = capacity[j] * share
            self.price[i] = price[j]
            self.quality[i] = self.quality_base[i] = quality[j]
            self.literacy[i] = literacy[j]
            self.legal[i] = legal[j]
            self.conn_u[i] = conn_u[j]

    # ---------------------------------------------------------------- levers
    def coverage_today(self) -> float:
        if self.internet_complete:
            prog = self.model.params["programs"]["internet"]
            return max(self.p["blitar_internet_coverage"], prog["coverage_after"])
        return self.p["blitar_internet_coverage"]

    # ---------------------------------------------------------------- daily
    def step(self, t: int, souvenir_rp: np.ndarray) -> None:
        """Sales for day ``t``; ``souvenir_rp[m]`` is tourists' souvenir spending in market m."""
        m = self.model
        # who is online and the logit weights change only with the firms (month starts) and
        # the visibility parameters; on other days those of the day before are reused
        refresh = not self._weights_valid
        if t in self._month_start_days(m.calendar.month):
            self._month_start(t)
            refresh = True
        elif t == 0:
            self._market_access(t)
            self._train(t)
            self._bound_month()[0]()  # the firms' weights before visibility
            refresh = True
        access = m.programs["market_access"]
        access = access.enabled and access.active(t)  # a disabled program is never active
        vis = self._vis_values
        vis[VIS_ACCESS] = 1.0 if access else 0.0
        vis[VIS_COVERAGE] = self.coverage_today()
        # the whole record compared bit for bit (any change refreshes; refreshing on the same
        # inputs gives the same weights): ~10 times faster than a tuple of its fields
        vis_today = vis.tobytes()
        if refresh or vis_today != self._vis_of_weights:
            refresh = True
            self._vis_of_weights = vis_today
        if self._umkm_day is None:  # checked once, on the first day
            self._bind_day()
        self._weights_valid = self._umkm_day(souvenir_rp, refresh)
        # the two regions' taxes as Python floats in one call (numpy scalars cost more)
        tax = self.tax.tolist()
        m.blitar.collect(tax[BLITAR])
        m.surabaya.collect(tax[SURABAYA])

    def _month_start_days(self, month: np.ndarray) -> frozenset[int]:
        """The days t > 0 whose calendar ``month`` differs from the day before's: found once
        per calendar (its arrays are read-only), a set lookup a day instead of two numpy
        scalars compared."""
        if month is not self._month_of:
            starts = np.flatnonzero(month[1:] != month[:-1]) + 1
            self._month_starts, self._month_of = frozenset(starts.tolist()), month
        return self._month_starts

    def _bind_day(self) -> None:
        """Bind the daily kernels to this run's arrays (checked once), in one call a day
        (:func:`sim.kernels.umkm.bind_open_and_day`): today's pools and zeroed figures (the
        households' part of the pools is fixed for the run), then the day's trade."""
        m = self.model
        # the same products as the pools' households' term computed every day
        house = self.household_pool[:, None] * self.household_share[None, :]
        self._umkm_day = K.bind_open_and_day(self, house, self.souvenir_share, self.var_cost,
                                             self.pools, self.mpool, self.outside, self.vis,
                                             self._weight, self._denom, self._mdenom, m.flows,
                                             self.tax, self.day, self._chan)  # fmt: skip

    # ---------------------------------------------------------------- monthly
    def _month_start(self, t: int) -> None:
        """Exits and entries for the month just ended, then this month's training and outlets."""
        m = self.model
        rng = m.streams["umkm"]
        attract, decay, month = self._bound_month()
        # the month's revenue and the entry draws into arrays kept for them (the same values)
        month_revenue = np.subtract(self.revenue_cum, self._revenue_at_month_start,
                                    out=self._month_revenue)  # fmt: skip
        entry_u = rng.random(out=self._entry_u)
        n_entrants = month(month_revenue, self.p["exit_after_loss_months"],
                           self.p["entry_probability_per_month"],
                           self.p["normal_profit_margin"], entry_u)  # fmt: skip
        # no entrant: no traits to draw (drawing none would leave the stream as it is)
        if n_entrants > 0:
            entrants = np.flatnonzero(self.alive == 2)
            self._draw_traits(entrants, rng)
            self.alive[entrants] = 1
            self.loss_months[entrants] = 0
            self.outlet[entrants] = 0
            self.listed[entrants] = 0
        np.copyto(self._revenue_at_month_start, self.revenue_cum)
        decay(t - self._last_month_start)
        self._last_month_start = t
        self._market_access(t)
        self._train(t)
        attract()

    def _bound_month(self) -> tuple:
        """The month starts' kernels bound to this run's arrays, checked on first use
        (:func:`sim.kernels.umkm.bind_month`): ``(attract, decay, month)``."""
        if self._month_kernels is None:
            self._month_kernels = K.bind_month(self, self.vis, self.model.flows, self._margin,
                                               self._rev)  # fmt: skip
        return self._month_kernels

    def _market_access(self, t: int) -> None:
        """This month's outlet places and Blitar e-Peken listings (market-access program)."""
        self._place_outlets(t)
        self._list_on_epeken(t)

    def _place_outlets(self, t: int) -> None:
        """Market-access program: outlet places go to licensed Blitar firms by the program's
        ``outlet_rule``: 'offline_first' (firms that did not sell online the day before first,
        the program's aim of a route to Surabaya buyers for firms without one, best quality
        first within each group), 'readiest' (best quality first) or 'random'."""
        m = self.model
        self.outlet[:] = 0
        prog = m.programs["market_access"]
        if not prog.active(t):
            return
        ma = m.params["programs"]["market_access"]
        k = round(ma["outlet_places"] * m.scale)
        cand = np.flatnonzero((self.alive == 1) & (self.region == BLITAR) & (self.legal == 1))
        if k <= 0 or cand.shape[0] == 0:
            return
        k = min(k, cand.shape[0])
        # poor coordination: some places go first come, first served (registry order)
        n_fcfs = self._untargeted_places(k, prog.coordination)
        self.outlet[cand[:n_fcfs]] = 1
        rest, k_rest = cand[n_fcfs:], k - n_fcfs
        rule = ma["outlet_rule"]
        if rule == "random":
            best = rest[m.streams["umkm"].choice(rest.shape[0], size=k_rest, replace=False)]
        elif rule == "readiest":
            best = rest[np.argsort(-self.quality[rest], kind="stable")[:k_rest]]
        else:  # offline firms first (yesterday's status), then best quality; lexsort is stable
            best = rest[np.lexsort((-self.quality[rest], self.online[rest]))[:k_rest]]
        self.outlet[best] = 1

    def _untargeted_places(self, k: int, coordination: float) -> int:
        """Outlet places (of ``k``) allocated in registry order rather than by the program's
        ``outlet_rule`` at the program's ``coordination``: floor(k x
        ``untargeted_share_without_coordination`` x (1 - coordination)) (coordination channel:
        rationing)."""
        ma = self.model.params["programs"]["market_access"]
        share = ma["untargeted_share_without_coordination"] * (1.0 - coordination)
        return min(k, max(0, math.floor(k * share)))

    def _list_on_epeken(self, t: int) -> None:
        """Blitar e-Peken listings while the program gives access: the program's
        ``epeken_places`` at this scale go to licensed firms that sold online the day before,
        best quality first (the platform curates its sellers); no more, so the Blitar listings
        stay within what the platform holds."""
        m = self.model
        self.listed[:] = 0
        if not m.programs["market_access"].active(t):
            return
        k = round(m.params["programs"]["market_access"]["epeken_places"] * m.scale)
        cand = np.flatnonzero((self.alive == 1) & (self.region == BLITAR) & (self.legal == 1)
                              & (self.online == 1))  # fmt: skip
        if k <= 0 or cand.shape[0] == 0:
            return
        self.listed[cand[np.argsort(-self.quality[cand], kind="stable")[:k]]] = 1

    def outlet_count(self) -> int:
        return int(np.count_nonzero(self.outlet))  # places are 0 or 1

    def _places(self, t: int) -> int:
        """Training places this month: the program's places at this scale (fractions carried
        to the next month), as many as its money pays; 0 while it does not run."""
        m = self.model
        prog = m.programs["training"]
        if not prog.active(t):
            return 0
        tp = m.params["programs"]["training"]
        self._carry = getattr(self, "_carry", 0.0) + tp["places_per_month"] * m.scale
        n = int(self._carry)
        self._carry -= n
        cost = tp["cost_rp_per_place"]
        if cost > 0.0:
            n = min(n, int(prog.available() // cost))
        return n

    def _train(self, t: int) -> None:
        """Training program: this month's cohort of Blitar firms, as many as the budget pays."""
        n = self._places(t)
        if n <= 0:
            return
        m = self.model
        prog = m.programs["training"]
        tp = m.params["programs"]["training"]
        cost = tp["cost_rp_per_place"]
        cand = np.flatnonzero((self.alive == 1) & (self.region == BLITAR))
        n = min(n, cand.shape[0])
        if n <= 0:
            return
        rng = m.streams["training"]
        if tp["selection"] == "readiest":
            # the office ranks firms by a noisy readiness signal: literacy, less 1 for a firm
            # already online and 1 for one without internet (so with no noise: offline firms
            # with internet first, the most literate first, and the n-th place goes to a firm
            # further below the online threshold than the one before: diminishing returns in
            # places), plus noise (targeting_noise_sd): the office does not see who is ready
            online = self.online[cand].astype(np.float64)
            no_net = (self.conn_u[cand] >= self.coverage_today()).astype(np.float64)
            noise = tp["targeting_noise_sd"] * rng.standard_normal(cand.shape[0])
            signal = self.literacy[cand] - online - no_net + noise
            chosen = cand[np.argsort(-signal, kind="stable")[:n]]
        elif tp["selection"] == "lowest_literacy":
            chosen = cand[np.argsort(self.literacy[cand], kind="stable")[:n]]
        else:
            chosen = rng.choice(cand, size=n, replace=False)
        m.pay_outside(prog, n * cost)
        done = chosen[rng.random(n) < tp["completion_rate"]]
        lit = self.literacy[done]
        self.literacy[done] = lit + tp["literacy_gain"] * (1.0 - lit)
        qual = self.quality[done]
        self.quality[done] = qual + tp["quality_gain"] * (1.0 - qual)
        licence = rng.random(done.shape[0]) < tp["legality_probability"]
        self.legal[done[licence]] = 1
        self.trained += done.shape[0]
