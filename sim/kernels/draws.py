"""Filling buffers with draws from a numpy ``Generator`` inside numba.

Numba compiles ``Generator.standard_normal`` from a port of numpy's own algorithm (the
ziggurat) and draws from the generator's bit generator, whose state it shares: the values,
and the generator's state afterwards, are those of ``rng.standard_normal(out=out)``, bit for
bit, at about a third of the cost (numpy reaches the bit generator through a function pointer
per draw). Calling into numba with a generator costs some microseconds, so this pays only for
long buffers. :func:`same_normals` checks on a copy of a generator that this numba and numpy
agree, so that a caller can fall back to numpy if a new version of either ever differed.
"""

import copy

import numpy as np

from sim.kernels._jit import jit

CHECK_DRAWS = 100_000  # enough to visit the ziggurat's rare branches (tail, rejection) often


@jit
def standard_normal_into(rng, out):
    """``rng.standard_normal(out=out)``: fill ``out`` (float64, 1-d) with standard normals."""
    for i in range(out.shape[0]):
        out[i] = rng.standard_normal()


def same_normals(rng: np.random.Generator, n: int = CHECK_DRAWS) -> bool:
    """Whether :func:`standard_normal_into` draws what numpy draws, from copies of ``rng``
    (``rng`` itself is not advanced): the same ``n`` values and the same state after."""
    ours, theirs = copy.deepcopy(rng), copy.deepcopy(rng)
    a, b = np.empty(n), np.empty(n)
    standard_normal_into(ours, a)
    theirs.standard_normal(out=b)
    return bool(
        np.array_equal(a.view(np.int64), b.view(np.int64))
        and ours.bit_generator.state == theirs.bit_generator.state
    )
