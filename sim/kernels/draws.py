"""Filling buffers with draws from a numpy ``Generator`` inside numba, bit for bit as numpy.

Two ways, both leaving the generator in the state numpy's own calls would:

- numpy's ``PCG64`` (the model's streams): :mod:`sim.kernels.pcg64` steps the generator's
  state in place, in numpy's memory, with numpy's arithmetic inlined in the kernel, at a few
  nanoseconds a draw. :func:`bind_draws` makes one call that fills several fixed buffers with
  standard normals and uniforms in a fixed order, as the matching ``rng.standard_normal(out=)``
  and ``rng.random(out=)`` calls would; :class:`Stream` fills any buffer on demand (for draws
  whose number varies by day). The generator stays the one source of truth: numpy's later
  draws from it go on with the same sequence. :func:`same_draws` checks on a copy of a
  generator, once per process, that these kernels and numpy agree; if they do not (or the
  generator is not on PCG64) :func:`bind_draws` returns None and :class:`Stream` uses numpy.
- :func:`standard_normal_into` (any bit generator): numba's own ``Generator`` support, which
  ports numpy's ziggurat but reaches the bit generator through a function pointer per draw
  and costs some microseconds a call to unbox the generator. :func:`same_normals` checks it
  like :func:`same_draws`.

Neither takes numpy's lock: a generator must not be drawn from by two threads at once (the
model draws from each of its streams in one thread).
"""

from __future__ import annotations

import copy

import numpy as np

from sim.kernels._jit import jit
from sim.kernels.pcg64 import normals_into, state_words, uniforms_into

CHECK_DRAWS = 100_000  # enough to visit the ziggurat's rare branches (tail, rejection) often
NORMAL, UNIFORM = 0, 1  # kinds of draw: rng.standard_normal(), rng.random() (float64, [0, 1))
CHECK_KINDS = (NORMAL, UNIFORM, UNIFORM, NORMAL)  # both kinds, after each other
_AGREE: dict[type, bool] = {}  # bit generator class -> numba and numpy draw the same normals
_AGREE_PCG64: list[bool] = []  # [whether sim.kernels.pcg64 draws as numpy], once known


@jit
def standard_normal_into(rng, out):
    """``rng.standard_normal(out=out)``: fill ``out`` (float64, 1-d) with standard normals."""
    for i in range(out.shape[0]):
        out[i] = rng.standard_normal()


@jit
def fill(words, kinds, outs):
    """Fill ``outs[0]``, ``outs[1]``, ... (float64, 1-d) in turn with draws of ``kinds[k]``
    (:data:`NORMAL` or :data:`UNIFORM`) from the PCG64 state ``words`` (uint64[4], advanced
    in place; see :func:`sim.kernels.pcg64.state_words`)."""
    for k in range(len(outs)):
        if kinds[k] == NORMAL:
            normals_into(words, outs[k])
        else:
            uniforms_into(words, outs[k])


def numpy_fill(rng: np.random.Generator, kinds, outs) -> None:
    """What :func:`fill` draws, drawn by numpy's own calls."""
    for kind, out in zip(kinds, outs, strict=True):
        if kind == NORMAL:
            rng.standard_normal(out=out)
        else:
            rng.random(out=out)


def _check_out(out: np.ndarray) -> None:
    if out.dtype != np.float64 or out.ndim != 1 or not out.flags.c_contiguous:
        raise ValueError("draws: buffers must be contiguous float64 1-d arrays")


class Stream:
    """Draws from a numpy ``Generator`` into caller's buffers, as its own calls would make
    them: in numba from its PCG64 state (:attr:`words`) where :func:`same_draws` has shown
    that to be bit-identical, else (``words`` None) by numpy. A copy or pickle binds the
    copy of the generator, never the original's memory.

    For draws whose number varies by day, e.g. ``stream.random_into(buf[:n])`` with ``buf``
    kept between days for numpy's ``rng.random(n)``; a kernel may also draw from
    :attr:`words` itself (the tourism sector's day, :func:`sim.kernels.tourism._tourism_day`,
    binds its streams so). A call from Python pays for long buffers only: for tens to hundreds
    of uniforms it costs what numpy's does, 0.7-1.5 us."""

    __slots__ = ("generator", "words")

    def __init__(self, generator: np.random.Generator):
        self.generator = generator
        words = state_words(generator)
        self.words = words if words is not None and same_draws(generator) else None

    def random_into(self, out: np.ndarray) -> None:
        """``generator.random(out=out)``: float64 uniforms on [0, 1)."""
        _check_out(out)
        if self.words is None:
            self.generator.random(out=out)
        else:
            uniforms_into(self.words, out)

    def standard_normal_into(self, out: np.ndarray) -> None:
        """``generator.standard_normal(out=out)``."""
        _check_out(out)
        if self.words is None:
            self.generator.standard_normal(out=out)
        else:
            normals_into(self.words, out)

    def __reduce__(self):
        return Stream, (self.generator,)


class StreamDraws:
    """One call that fills fixed buffers with fixed kinds of draw from a :class:`Stream`:
    ``draws()`` is ``numpy_fill(draws.generator, kinds, outs)``, bit for bit and to the
    generator's state after."""

    __slots__ = ("stream", "kinds", "outs")

    def __init__(self, stream: Stream, kinds: tuple, outs: tuple):
        self.stream, self.kinds, self.outs = stream, kinds, outs

    @property
    def generator(self) -> np.random.Generator:
        return self.stream.generator

    def __call__(self) -> None:
        words = self.stream.words
        if words is None:  # only a copy made where the kernels and numpy disagree
            numpy_fill(self.stream.generator, self.kinds, self.outs)
        else:
            fill(words, self.kinds, self.outs)


def bind_draws(rng: np.random.Generator, kinds, outs) -> StreamDraws | None:
    """The draws of ``kinds`` (a tuple of :data:`NORMAL`, :data:`UNIFORM`) into ``outs`` (a
    tuple as long, of contiguous float64 1-d arrays) from ``rng``, in numba, or None if they
    cannot be bit-identical to numpy's (``rng`` not on PCG64, or :func:`same_draws` failed):
    then draw with numpy's calls."""
    kinds = tuple(int(k) for k in kinds)
    outs = tuple(outs)
    if len(kinds) != len(outs) or not set(kinds) <= {NORMAL, UNIFORM}:
        raise ValueError(f"bind_draws: kinds {kinds} do not match {len(outs)} buffers")
    for out in outs:
        _check_out(out)
    stream = Stream(rng)
    return None if stream.words is None else StreamDraws(stream, kinds, outs)


def same_draws(rng: np.random.Generator, n: int = CHECK_DRAWS) -> bool:
    """Whether :func:`fill` draws what numpy draws from a PCG64 generator, checked once per
    process on copies of ``rng`` (which is not advanced): ``n`` normals, 2 ``n`` uniforms and
    ``n`` normals, the same values and the same ``bit_generator.state`` after. (Agreement is
    a property of the numpy and numba versions and the platform, not of the state.)"""
    if type(rng.bit_generator) is not np.random.PCG64:
        return False
    if not _AGREE_PCG64:
        ours, theirs = copy.deepcopy(rng), copy.deepcopy(rng)
        words = state_words(ours)
        a = tuple(np.empty(n) for _ in CHECK_KINDS)
        b = tuple(np.empty(n) for _ in CHECK_KINDS)
        agree = words is not None
        if agree:
            fill(words, CHECK_KINDS, a)
            numpy_fill(theirs, CHECK_KINDS, b)
            agree = all(
                np.array_equal(x.view(np.int64), y.view(np.int64))
                for x, y in zip(a, b, strict=True)
            )
            agree = agree and ours.bit_generator.state == theirs.bit_generator.state
        _AGREE_PCG64.append(bool(agree))
    return _AGREE_PCG64[0]


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
