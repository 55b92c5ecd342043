"""Stock totals for the daily stock-flow check (goods in kg by holder and commodity)."""

from numba.cpython.unsafe.numbers import trailing_zeros

from sim.kernels._jit import jit
from sim.kernels.checks import F8, check_array
from sim.kernels.farm import MASK_BUCKETS, held_total, nonzero_buckets


@jit
def _goods_in_stock(f_comm, farm_kg, t_comm, transit, inventory, bought, out):
    """Fill ``out[c, 0..2]`` with kg held on farms, in transit (and being loaded), at market.

    ``farm_kg[i]`` is farmer i's stock summed over its buckets in bucket order (what
    :func:`sim.kernels.trade._purchase` leaves in its ``offer_kg``), so the farms' rows need
    not be read again.
    """
    for c in range(out.shape[0]):
        out[c, 0] = 0.0
        out[c, 1] = 0.0
        out[c, 2] = 0.0
    if inventory.shape[1] > MASK_BUCKETS:
        raise ValueError("more stock buckets than the bit masks hold (shelf life > 62 days)")
    # farmers are grouped by commodity: a commodity's sum runs in a register and is written
    # back when the commodity changes (the same additions in the same order)
    c_run = -1
    held = 0.0
    for i in range(f_comm.shape[0]):
        c = f_comm[i]
        if c != c_run:
            if c_run >= 0:
                out[c_run, 0] = held
            c_run = c
            held = out[c, 0]
        held += farm_kg[i]
    if c_run >= 0:
        out[c_run, 0] = held
    # most of a trader's buckets are empty (purchases are shipped the same day, trucks are in
    # one or two slots): only buckets holding goods are added, found from bit masks of the
    # non-empty ones. Adding 0 kg to sums that start at +0.0 changes nothing, and the
    # additions keep their order (bucket by bucket: bought, then each transit slot).
    n_slots = transit.shape[1]
    for j in range(t_comm.shape[0]):
        trucks = transit[j]
        on_road = nonzero_buckets(bought, j)  # buckets being loaded or on a truck
        for k in range(n_slots):
            on_road |= nonzero_buckets(trucks, k)
        s = 0.0
        rest = on_road
        while rest != 0:
            b = trailing_zeros(rest)
            rest &= rest - 1
            s = _add_bucket(s, bought, trucks, j, b)
        out[t_comm[j], 1] += s
        out[t_comm[j], 2] += held_total(inventory, j, nonzero_buckets(inventory, j))


@jit
def _add_bucket(s, bought, trucks, j, b):
    """``s`` plus trader j's kg in bucket b being loaded and on each truck slot (non-empty
    ones only, in slot order)."""
    q = bought[j, b]
    if q != 0.0:
        s += q
    for k in range(trucks.shape[0]):
        q = trucks[k, b]
        if q != 0.0:
            s += q
    return s


def goods_in_stock(farmers, farm_kg, traders, out) -> None:
    """Fill ``out[c, 0..2]`` with kg held on farms, in transit, at market (see
    :func:`_goods_in_stock`); checks every array first."""
    bind_goods_in_stock(farmers, farm_kg, traders, out)()


def bind_goods_in_stock(farmers, farm_kg, traders, out):
    """``run()``: :func:`goods_in_stock` on these arrays, checked once."""
    farmers.check()
    traders.check()
    check_array("farm_kg", farm_kg, F8, 1, len(farmers))
    check_array("out", out, F8, 2)
    if out.shape[1] != 3:
        raise ValueError(f"out: expected 3 columns (farms, transit, market), got {out.shape[1]}")
    f, tr, core = farmers, traders, _goods_in_stock

    def run():
        core(f.comm, farm_kg, tr.comm, tr.transit, tr.inventory, tr.bought, out)

    return run
