"""Stock totals for the daily stock-flow check (goods in kg by holder and commodity)."""

from sim.kernels._jit import jit


@jit
def goods_in_stock(f_comm, stock, t_comm, transit, inventory, bought, out):
    """Fill ``out[c, 0..2]`` with kg held on farms, in transit (and being loaded), at market."""
    for c in range(out.shape[0]):
        out[c, 0] = 0.0
        out[c, 1] = 0.0
        out[c, 2] = 0.0
    n_buckets = stock.shape[1]
    for i in range(f_comm.shape[0]):
        s = 0.0
        for b in range(n_buckets):
            s += stock[i, b]
        out[f_comm[i], 0] += s
    for j in range(t_comm.shape[0]):
        s = 0.0
        m = 0.0
        for b in range(n_buckets):
            m += inventory[j, b]
            s += bought[j, b]
            for k in range(transit.shape[1]):
                s += transit[j, k, b]
        out[t_comm[j], 1] += s
        out[t_comm[j], 2] += m
