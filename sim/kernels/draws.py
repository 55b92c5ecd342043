"""Filling buffers with draws from a numpy ``Generator`` inside numba, bit for bit as numpy.

Two ways, both leaving the generator in the state numpy's own calls would:

- numpy's ``PCG64`` (the model's streams): :mod:`sim.kernels.pcg64` steps the generator's
  state in place, in numpy's memory, with numpy's arithmetic inlined in the kernel, at a few
  nanoseconds a draw. :func:`bind_draws` makes one call that fills several fixed buffers with
  standard normals and uniforms in a fixed order, as the matching ``rng.standard_normal(out=)``
  and ``rng.random(out=)`` calls would, or, for a block of uniforms seldom read
  (:data:`SKIP`), jumps the generator over it and marks where it starts, so that
  :func:`block_uniform` gives the few read; :class:`Stream` fills any buffer on demand (for draws
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
from sim.kernels.pcg64 import (
    advance_words,
    jump,
    jump_state,
    normals_into,
    state_double,
    state_words,
    uniforms_into,
)

CHECK_DRAWS = 100_000  # enough to visit the ziggurat's rare branches (tail, rejection) often
NORMAL, UNIFORM = 0, 1  # kinds of draw: rng.standard_normal(), rng.random() (float64, [0, 1))
# rng.random() too, for a block of uniforms seldom read: the kernels jump the generator over
# the block (to where drawing it would leave it) and note where it starts, so that
# block_uniform gives any one of them when it is read; numpy's calls draw them all
SKIP = 2
_U0 = np.uint64(0)
CHECK_KINDS = (NORMAL, UNIFORM, UNIFORM, NORMAL)  # both kinds, after each other
CHECK_SKIP = (NORMAL, UNIFORM, SKIP, NORMAL)  # the same draws, the third block skipped
N_MARK = 4  # a mark: the generator's words (state low, high, increment low, high) or zeros
# block_uniform's cursor (uint64): the mark it started from (4 words), the position reached
# (uniforms into the block), the state there (2), the distance of the last jump and its
# constants A and C (4), so that reads at the same spacing pay one multiply-add each
(CUR_MARK, CUR_POS, CUR_STATE, CUR_DELTA, CUR_JUMP, N_CURSOR) = (0, 4, 5, 7, 8, 12)
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


@jit
def fill_marked(words, kinds, outs, marks):
    """:func:`fill`, with blocks of kind :data:`SKIP` jumped over, not drawn (``outs[k]``
    is left as it was): ``marks[k]`` (uint64[4]) gets the generator's words before block k if
    it was skipped, zeros if it was drawn into ``outs[k]``. :func:`block_uniform` reads a
    skipped block's uniforms."""
    for k in range(len(outs)):
        if kinds[k] == SKIP:
            for j in range(N_MARK):
                marks[k, j] = words[j]
            a_lo, a_hi, c_lo, c_hi = advance_words(words[2], words[3], outs[k].shape[0])
            jump(words, a_lo, a_hi, c_lo, c_hi)
            continue
        for j in range(N_MARK):
            marks[k, j] = 0
        if kinds[k] == NORMAL:
            normals_into(words, outs[k])
        else:
            uniforms_into(words, outs[k])


@jit
def block_uniform(block, mark, cursor, k):
    """Uniform ``k`` of a block of uniforms that :func:`fill_marked` either drew into
    ``block`` (``mark`` all zeros: numpy's increments are odd, so a generator's words never
    are) or skipped (``mark``: the generator's words before the block). For a skipped block,
    the uniform of the state k + 1 steps after the mark, reached by a jump from the last
    state asked for (``cursor``, uint64[:data:`N_CURSOR`] scratch kept between calls; it
    starts again from the mark when the mark changes or ``k`` goes back). Read in increasing
    ``k`` at a steady spacing, each costs one 128-bit multiply-add."""
    if mark[2] == _U0 and mark[3] == _U0:
        return block[k]
    return skipped_uniform(mark, cursor, k)


@jit
def skipped_uniform(mark, cursor, k):
    """Uniform ``k`` of a skipped block (:func:`block_uniform`)."""
    target = np.uint64(k) + np.uint64(1)
    fresh = cursor[CUR_POS] >= target
    for j in range(N_MARK):
        fresh = fresh or cursor[CUR_MARK + j] != mark[j]
    if fresh:
        for j in range(N_MARK):
            cursor[CUR_MARK + j] = mark[j]
        cursor[CUR_POS] = 0
        cursor[CUR_STATE], cursor[CUR_STATE + 1] = mark[0], mark[1]
        cursor[CUR_DELTA] = 0  # the jump's constants are the increment's: computed anew
    delta = target - cursor[CUR_POS]
    if delta != cursor[CUR_DELTA]:
        a_lo, a_hi, c_lo, c_hi = advance_words(mark[2], mark[3], delta)
        cursor[CUR_JUMP], cursor[CUR_JUMP + 1] = a_lo, a_hi
        cursor[CUR_JUMP + 2], cursor[CUR_JUMP + 3] = c_lo, c_hi
        cursor[CUR_DELTA] = delta
    lo, hi = jump_state(
        cursor[CUR_STATE], cursor[CUR_STATE + 1], cursor[CUR_JUMP], cursor[CUR_JUMP + 1],
        cursor[CUR_JUMP + 2], cursor[CUR_JUMP + 3],
    )  # fmt: skip
    cursor[CUR_POS] = target
    cursor[CUR_STATE], cursor[CUR_STATE + 1] = lo, hi
    return state_double(lo, hi)


def numpy_fill(rng: np.random.Generator, kinds, outs, marks=None) -> None:
    """What :func:`fill` (or :func:`fill_marked`) draws, drawn by numpy's own calls: every
    block, :data:`SKIP` ones included, into its buffer (``marks``, if given, set to zeros:
    all drawn)."""
    for kind, out in zip(kinds, outs, strict=True):
        if kind == NORMAL:
            rng.standard_normal(out=out)
        else:
            rng.random(out=out)
    if marks is not None:
        marks[:] = 0


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
    ``draws()`` is ``numpy_fill(draws.generator, kinds, outs, marks)``, bit for bit and to the
    generator's state after, except that :data:`SKIP` blocks are jumped over and marked
    (:func:`fill_marked`; read them with :func:`block_uniform`)."""

    __slots__ = ("stream", "kinds", "outs", "marks")

    def __init__(self, stream: Stream, kinds: tuple, outs: tuple, marks: np.ndarray):
        self.stream, self.kinds, self.outs, self.marks = stream, kinds, outs, marks

    @property
    def generator(self) -> np.random.Generator:
        return self.stream.generator

    def __call__(self) -> None:
        words = self.stream.words
        if words is None:  # only a copy made where the kernels and numpy disagree
            numpy_fill(self.stream.generator, self.kinds, self.outs, self.marks)
        else:
            fill_marked(words, self.kinds, self.outs, self.marks)


def bind_draws(rng: np.random.Generator, kinds, outs, marks=None) -> StreamDraws | None:
    """The draws of ``kinds`` (a tuple of :data:`NORMAL`, :data:`UNIFORM`, :data:`SKIP`)
    into ``outs`` (a tuple as long, of contiguous float64 1-d arrays) from ``rng``, in numba,
    or None if they cannot be bit-identical to numpy's (``rng`` not on PCG64, or
    :func:`same_draws` failed): then draw with numpy's calls. ``marks`` (uint64, one row of
    :data:`N_MARK` per buffer, C-contiguous; made here if None) says each day where the
    skipped blocks start (:func:`fill_marked`)."""
    kinds = tuple(int(k) for k in kinds)
    outs = tuple(outs)
    if len(kinds) != len(outs) or not set(kinds) <= {NORMAL, UNIFORM, SKIP}:
        raise ValueError(f"bind_draws: kinds {kinds} do not match {len(outs)} buffers")
    for out in outs:
        _check_out(out)
    if marks is None:
        marks = np.zeros((len(kinds), N_MARK), dtype=np.uint64)
    if (
        marks.dtype != np.uint64
        or marks.shape != (len(kinds), N_MARK)
        or not marks.flags.c_contiguous
    ):
        raise ValueError(f"bind_draws: marks must be contiguous uint64 ({len(kinds)}, {N_MARK})")
    stream = Stream(rng)
    return None if stream.words is None else StreamDraws(stream, kinds, outs, marks)


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
        agree = agree and _same_skipped(rng, n)
        _AGREE_PCG64.append(bool(agree))
    return _AGREE_PCG64[0]


def _same_skipped(rng: np.random.Generator, n: int) -> bool:
    """Whether :func:`fill_marked` skipping the third of :data:`CHECK_SKIP`'s blocks leaves a
    copy of ``rng`` where numpy's draws of all four leave it, with the same other blocks, and
    :func:`block_uniform` gives the skipped block's uniforms (read at spacings 1 to 40, then
    from its start again) as numpy draws them."""
    ours, theirs = copy.deepcopy(rng), copy.deepcopy(rng)
    a = tuple(np.empty(n) for _ in CHECK_SKIP)
    b = tuple(np.empty(n) for _ in CHECK_SKIP)
    marks = np.ones((len(CHECK_SKIP), N_MARK), dtype=np.uint64)
    fill_marked(state_words(ours), CHECK_SKIP, a, marks)
    numpy_fill(theirs, CHECK_SKIP, b)
    same = all(
        np.array_equal(x.view(np.int64), y.view(np.int64))
        for kind, x, y in zip(CHECK_SKIP, a, b, strict=True)
        if kind != SKIP
    )
    same = same and ours.bit_generator.state == theirs.bit_generator.state
    skipped = CHECK_SKIP.index(SKIP)
    ks = np.concatenate((np.cumsum(np.arange(n) % 40 + 1) - 1, np.arange(3)))
    ks = ks[ks < n]
    read = _read_block(a[skipped], marks[skipped], ks)
    return bool(same and np.array_equal(read.view(np.int64), b[skipped][ks].view(np.int64)))


@jit
def _read_block(block, mark, ks):
    """:func:`block_uniform` of each ``ks`` in turn, with a cursor of its own."""
    cursor = np.zeros(N_CURSOR, dtype=np.uint64)
    out = np.empty(ks.shape[0])
    for j in range(ks.shape[0]):
        out[j] = block_uniform(block, mark, cursor, ks[j])
    return out


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
