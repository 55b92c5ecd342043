"""Argument checks of the kernels' public wrappers.

Numba compiles a kernel for whatever it is given: two same-shaped arrays swapped, an int32
array where int64 was meant or a strided view all run and give wrong numbers or read past an
array. Each public kernel is therefore a thin Python wrapper that checks the dtype, number of
dimensions, contiguity and length of every array against the population it belongs to, then
calls its private ``@njit`` core. The sectors check their arrays once at setup and call the
cores in the daily loop (the checks cost microseconds, as much as a kernel on a small model).
"""

from __future__ import annotations

import functools

import numpy as np

F8, I8, I1 = np.dtype(np.float64), np.dtype(np.int64), np.dtype(np.int8)


def check_array(name: str, a, dtype, ndim: int, rows: int | None = None) -> None:
    """``a`` is a C-contiguous ``ndim``-dimensional array of ``dtype`` with ``rows`` rows."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name}: expected a numpy array, got {type(a).__name__}")
    if a.dtype != dtype or a.ndim != ndim or not a.flags.c_contiguous:
        raise TypeError(
            f"{name}: expected a C-contiguous {ndim}-d array of {np.dtype(dtype)}, got a "
            f"{'C-contiguous ' if a.flags.c_contiguous else 'strided '}{a.ndim}-d array of "
            f"{a.dtype}"
        )
    if rows is not None and a.shape[0] != rows:
        raise ValueError(f"{name}: expected {rows} rows, got {a.shape[0]}")


def check_fields(struct_type, values) -> None:
    """``values`` (in field order) have the numba types of ``struct_type``'s fields (a
    StructRef type), as numba's ``typeof`` would type them; a wrong one stops with its
    field's name.

    A numpy array for a field that is a C-contiguous, writable, aligned array is checked by
    its dtype, dimensions and flags, which is what ``typeof`` reads of it: the same verdict
    at a tenth of the cost (``typeof`` costs ~6 us an array, some 0.3 ms a run for the trade
    day's 49). Anything else (other fields, other values) goes to ``typeof`` itself."""
    fields = _array_fields(struct_type)
    if len(values) != len(fields):
        raise ValueError(f"expected {len(fields)} arrays, got {len(values)}")
    for (name, dtype, ndim, expected), value in zip(fields, values, strict=True):
        if (
            dtype is not None
            and type(value) is np.ndarray
            and value.dtype == dtype
            and value.ndim == ndim
        ):
            flags = value.flags
            if flags.c_contiguous and flags.writeable and flags.aligned:
                continue
        from numba import typeof

        try:
            got = typeof(value)
        except Exception as exc:  # noqa: BLE001 - numba types nothing for it (a big-endian
            # or masked array, None): refused by name like a wrong type
            raise TypeError(f"{name}: expected {expected}, got {type(value).__name__} "
                            f"({exc})") from None  # fmt: skip
        if got != expected:
            raise TypeError(f"{name}: expected {expected}, got {got}")


@functools.cache
def _array_fields(struct_type) -> tuple:
    """(name, numpy dtype, dimensions, numba type) of each field of ``struct_type``; dtype and
    dimensions None for a field that is not a C-contiguous, writable, aligned array (a tuple,
    a record array of a packed dtype), which :func:`check_fields` hands to ``typeof``."""
    from numba import types
    from numba.np.numpy_support import as_dtype

    out = []
    for name, typ in struct_type.field_dict.items():
        plain = isinstance(typ, types.Array) and typ.layout == "C" and typ.mutable and typ.aligned
        out.append((name, as_dtype(typ.dtype), typ.ndim, typ) if plain else (name, None, None, typ))
    return tuple(out)


def check_columns(owner: str, population, spec: dict, rows: int) -> None:
    """Every column of ``population`` named in ``spec`` (name -> (dtype, ndim)) has ``rows``
    rows, its dtype and its number of dimensions."""
    for name, (dtype, ndim) in spec.items():
        check_array(f"{owner}.{name}", getattr(population, name), dtype, ndim, rows)


def check_scalar(name: str, value, kind: type) -> None:
    """``value`` is a Python or numpy number of ``kind`` (int, float or bool)."""
    ok = {
        bool: (bool, np.bool_),
        int: (int, np.integer),
        float: (float, int, np.floating, np.integer),
    }[kind]
    if isinstance(value, bool) and kind is not bool or not isinstance(value, ok):
        raise TypeError(f"{name}: expected {kind.__name__}, got {type(value).__name__}")


def check_commodities(cpar) -> int:
    """``cpar`` is a contiguous 1-d array of :data:`sim.kernels.layout.COMMODITY_PARAMS`
    records; returns the number of commodities."""
    from sim.kernels.layout import COMMODITY_PARAMS

    check_array("cpar", cpar, COMMODITY_PARAMS, 1)
    return cpar.shape[0]


def check_accounts(n_c: int, day=None, goods=None, flows=None) -> None:
    """Today's figures ``day`` and the goods accounts ``goods`` per commodity, and the money
    flows ``flows``, where given."""
    from sim.kernels import layout as L

    if day is not None:
        check_array("day", day, F8, 2, n_c)
        if day.shape[1] != L.N_D:
            raise ValueError(f"day: expected {L.N_D} columns, got {day.shape[1]}")
    if goods is not None:
        check_array("goods", goods, F8, 2, n_c)
        if goods.shape[1] != L.N_G:
            raise ValueError(f"goods: expected {L.N_G} columns, got {goods.shape[1]}")
    if flows is not None:
        check_array("flows", flows, F8, 1, L.N_F_ALL)


def check_trade_day(traders, cpar, day=None, goods=None, flows=None) -> int:
    """The traders' columns, the commodity records and the accounts given; returns the number
    of commodities."""
    traders.check()
    n_c = check_commodities(cpar)
    check_accounts(n_c, day, goods, flows)
    return n_c


def check_farm_day(farmers, cpar, day=None, offer_kg=None, held=None) -> int:
    """The farmers' columns, the commodity records, today's figures and the farmers' scratch
    (kg offered, masks of non-empty buckets) where given; returns the number of commodities."""
    farmers.check()
    n_c = check_commodities(cpar)
    check_accounts(n_c, day)
    if offer_kg is not None:
        check_array("offer_kg", offer_kg, F8, 1, len(farmers))
    if held is not None:
        check_array("held", held, I8, 1, len(farmers))
    return n_c
