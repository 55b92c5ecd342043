"""Filling buffers with draws from a numpy ``Generator`` inside numba.

Numba compiles ``Generator.standard_normal`` from a port of numpy's own algorithm (the
ziggurat) and draws from the generator's bit generator, whose state it shares: the values,
and the generator's state afterwards, are those of ``rng.standard_normal(out=out)``, bit for
bit, at about a third of the cost (numpy reaches the bit generator through a function pointer
per draw). Calling into numba with a generator costs some microseconds, so this pays only for
long buffers. :func:`same_normals` checks on a copy of a generator that this numba and numpy
agree (once per process), so that a caller can fall back to numpy if a new version of either
ever differed.
"""

import copy

import numpy as np

from sim.kernels._jit import jit

CHECK_DRAWS = 100_000  # enough to visit the ziggurat's rare branches (tail, rejection) often
_AGREE: dict[type, bool] = {}  # bit generator class -> numba and numpy draw the same normals


@jit
def standard_normal_into(rng, out):
    """``rng.standard_normal(out=out)``: fill ``out`` (float64, 1-d) with standard normals."""
    for i in range(out.shape[0]):
        out[i] = rng.standard_normal()


def same_normals(rng: np.random.Generator, n: int = CHECK_DRAWS) -> bool:
    """Whether :func:`standard_normal_into` draws what numpy draws, checked once per process
    and kind of bit generator on a copy of ``rng`` (which is not advanced): the same ``n``
    values and the same state after. (Agreement is a property of the numba and numpy
    versions, not of the generator's state.)"""
    kind = type(rng.bit_generator)
    if kind not in _AGREE:
        ours, theirs = copy.deepcopy(rng), copy.deepcopy(rng)
        a, b = np.empty(n), np.empty(n)
        standard_normal_into(ours, a)
        theirs.standard_normal(out=b)
        _AGREE[kind] = bool(
            np.array_equal(a.view(np.int64), b.view(np.int64))
            and ours.bit_generator.state == theirs.bit_generator.state
        )
    return _AGREE[kind]
