"""The trade sector's day in one kernel: the nine daily cores of :mod:`sim.kernels.farm`,
:mod:`sim.kernels.trade` and :mod:`sim.kernels.market`, in the sector's order, on the same
arrays, with one call from Python instead of nine (each call pays numba's dispatch, one type
check and unboxing per argument, and its wrapper's Python).

Each core runs exactly as when called alone: the same arguments, the same order, so the
numbers are bit-identical to the nine separate calls.
"""

import numpy as np

from sim.kernels import farm as kf
from sim.kernels import market as km
from sim.kernels import trade as kt
from sim.kernels._jit import jit
from sim.kernels.checks import check_scalar
from sim.kernels.farm import _adjust_capacity, _choose_channels, _spoil_and_produce
from sim.kernels.market import _clear_markets
from sim.kernels.trade import _arrive, _purchase, _ship, _spoil_traders, _trader_prices


@jit
def _trade_day(
    t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain, cpar,
    f_comm, f_cap, f_cap_plan, f_cap0, f_cost_factor, f_stock, f_cash, f_cost_cum, f_channel,
    f_trader, f_rev_cum, f_rev_win, f_kg_win,
    t_comm, t_is_direct, t_access, t_margin, t_informed_share, t_exp_price, t_share, t_fg,
    t_cash, t_bought, t_offered, t_cap, t_transit, t_inventory, t_claim,
    noise_z, shock_u, info_z, review_u, goods, flows, day, offer_kg, held, p_hist, fg_direct,
    direct_idx, retail_cash, enrolled, m_qty, m_reserve, m_share, m_lot,
):  # fmt: skip
    """Day ``t`` (day of year ``doy``) of the farmers and traders: spoilage, production, prices,
    channel choice, purchase, shipping (``transit_days`` on the road), arrivals, the Surabaya
    markets and capacity reviews; the scalars and arrays are those of the nine cores (``f_*``
    the farmers' columns, ``t_*`` the traders', ``enrolled`` and ``m_*`` scratch)."""
    _spoil_traders(t, t_comm, t_transit, t_inventory, cpar, goods)
    _spoil_and_produce(
        t, doy, f_comm, f_cap, f_cap_plan, f_cost_factor, f_stock, f_cash, f_cost_cum,
        noise_z, shock_u, cpar, goods, flows, offer_kg, held,
    )  # fmt: skip
    _trader_prices(
        t, t_comm, t_is_direct, t_access, t_margin, p_hist, info_z,
        lag_base, noise_base, lag_sys, noise_sys, sys_active, t_informed_share, bargain,
        cpar, t_exp_price, t_share, t_fg, fg_direct, day,
    )  # fmt: skip
    _choose_channels(
        t, f_comm, f_cap, f_channel, f_trader, t_fg, fg_direct, review_u, cpar, day, enrolled
    )
    _purchase(
        f_comm, f_channel, f_trader, f_stock, f_cash, f_rev_cum, f_rev_win, f_kg_win,
        t_cap, t_fg, t_cash, t_bought, t_offered, direct_idx, cpar, day, offer_kg, held,
    )  # fmt: skip
    _ship(
        t, transit_days, t_comm, t_is_direct, t_share, t_bought, t_transit, t_cash, t_claim,
        cpar, goods, flows, day,
    )  # fmt: skip
    _arrive(t, t_transit, t_inventory)
    _clear_markets(
        t, t_comm, t_inventory, t_cash, retail_cash, p_hist, cpar, goods, flows, day,
        m_qty, m_reserve, m_share, m_lot,
    )  # fmt: skip
    _adjust_capacity(t, f_comm, f_cap, f_cap_plan, f_cap0, f_cost_factor, f_rev_win, f_kg_win, cpar)


def bind_trade_day(farmers, traders, direct_idx, noise_z, shock_u, info_z, review_u, goods,
                   flows, day, offer_kg, held, p_hist, fg_direct, retail_cash):  # fmt: skip
    """``run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active,
    bargain, cpar)``: the nine daily kernels on these arrays in one call (see
    :func:`_trade_day`). The arrays are checked once here, by the nine ``bind_*`` of the
    kernels (which also set ``held`` to the masks of the farmers' stock, see
    :func:`sim.kernels.farm.bind_spoil_and_produce`); they must keep their shapes and dtypes
    and not be replaced for the run. ``run`` checks ``transit_days`` (1 .. slots - 1) and the
    number of commodities in ``cpar`` each day, as the separate wrappers do."""
    f, tr = farmers, traders
    kt.bind_spoil_traders(tr, goods)
    kf.bind_spoil_and_produce(f, noise_z, shock_u, goods, flows, offer_kg, held)
    kt.bind_trader_prices(tr, p_hist, info_z, fg_direct, day)
    kf.bind_choose_channels(f, tr, fg_direct, review_u, day)
    kt.bind_purchase(f, tr, direct_idx, day, offer_kg, held)
    kt.bind_ship(tr, goods, flows, day)
    kt.bind_arrive(tr)
    km.bind_clear_markets(tr, retail_cash, p_hist, goods, flows, day)
    kf.bind_adjust_capacity(f)
    n_c, n_b = goods.shape[0], tr.inventory.shape[1]
    slots = tr.transit.shape[1]
    # scratch, allocated once, as the separate bound kernels hold theirs
    enrolled = np.zeros(n_c)  # kg/day enrolled in the direct channel by commodity
    qty, reserve, share, lot = km.clearing_scratch(n_c, n_b)
    arrays = (
        f.comm, f.cap, f.cap_plan, f.cap0, f.cost_factor, f.stock, f.cash, f.cost_cum,
        f.channel, f.trader, f.rev_cum, f.rev_win, f.kg_win,
        tr.comm, tr.is_direct, tr.access, tr.margin, tr.informed_share, tr.exp_price, tr.share,
        tr.fg, tr.cash, tr.bought, tr.offered, tr.cap, tr.transit, tr.inventory, tr.claim,
        noise_z, shock_u, info_z, review_u, goods, flows, day, offer_kg, held, p_hist,
        fg_direct, direct_idx, retail_cash, enrolled, qty, reserve, share, lot,
    )  # fmt: skip
    core = _trade_day

    def run(t, doy, transit_days, lag_base, noise_base, lag_sys, noise_sys, sys_active, bargain,
            cpar):  # fmt: skip
        if type(transit_days) is not int:  # the sector's own call passes this check free
            check_scalar("transit_days", transit_days, int)
        if not 1 <= transit_days < slots:
            raise ValueError(f"transit_days: {transit_days} is outside 1..{slots - 1}")
        if cpar.shape[0] != n_c:
            raise ValueError(f"cpar: expected {n_c} commodities, got {cpar.shape[0]}")
        core(int(t), int(doy), int(transit_days), int(lag_base), float(noise_base),
             int(lag_sys), float(noise_sys), bool(sys_active), float(bargain), cpar,
             *arrays)  # fmt: skip

    return run
