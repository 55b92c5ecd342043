"""numpy's PCG64 bit generator and its float64 uniforms and standard normals, in numba.

A numpy ``Generator`` on ``PCG64`` keeps its state in C: a 128-bit LCG state and increment
(numpy's pcg64.h, ``pcg_state_setseq_128``). :func:`state_words` views those four 64-bit words
(state low, state high, increment low, increment high) as a writable ``uint64`` array, and
the kernels here step them in place exactly as numpy does, so that numpy and these kernels can
take turns drawing from the same generator and the sequence goes on as if numpy drew it all.

- :func:`next_uint64`: one step, ``state = state * M + inc`` modulo 2**128 with numpy's
  128-bit multiplier M, then the XSL-RR output (the high and low halves xor-ed, rotated right
  by the top 6 bits of the state), as numpy's ``pcg64_next64``;
- :func:`next_double`: a uniform on [0, 1) from the top 53 bits, as ``pcg64_next_double``;
- :func:`standard_normal`: numpy's ziggurat (distributions.c ``random_standard_normal``, with
  numba's copy of its tables and its ``log1p``/``exp``, numba/np/random/distributions.py);
- :func:`advance_words`, :func:`jump`, :func:`jump_state`: k steps at once (``state * A + C``),
  the constants found in one pass over the bits of k, where no draw in between is wanted;
- :func:`normals_into`, :func:`uniforms_into`: ``rng.standard_normal(out=out)`` and
  ``rng.random(out=out)``, the state kept in registers between draws (2.8 and 1.7 ns a draw;
  the uniforms step four lanes of states, :func:`jump4`).

Draws of 64 bits leave the generator's spare 32-bit half (``has_uint32``, ``uinteger``) alone,
as numpy's do. Whether the layout and the arithmetic are numpy's is not assumed:
:func:`sim.kernels.draws.bind_draws` checks them on a copy of a generator and falls back to
numpy if they are not.
"""

from __future__ import annotations

import ctypes

import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic

from sim.kernels._jit import jit

try:  # numba's copy of numpy's ziggurat_constants.h (a private module of numba)
    from numba.np.random._constants import (
        fi_double,
        ki_double,
        wi_double,
        ziggurat_nor_inv_r,
        ziggurat_nor_r,
    )
except ImportError:  # a numba without it: tables that fail draws.same_draws, so numpy draws
    ki_double = np.zeros(256, dtype=np.uint64)
    wi_double = fi_double = np.zeros(256)
    ziggurat_nor_inv_r = ziggurat_nor_r = 0.0

N_WORDS = 4  # state low, state high, increment low, increment high (uint64 each)
# numpy's PCG_DEFAULT_MULTIPLIER_128 = 2549297995355413924 * 2**64 + 4865540595714422341
MULT_HI = np.uint64(2549297995355413924)
MULT_LO = np.uint64(4865540595714422341)
_U0, _U1 = np.uint64(0), np.uint64(1)
_SIGN_MASK = np.uint64(0x000FFFFFFFFFFFFF)  # the ziggurat's 52-bit magnitude
_TO_DOUBLE = 1.0 / 9007199254740992.0  # 2**-53, numpy's next_double
# numba's literal 0xff is int64, and uint64 mixed with int64 is float64 in numba: uint64 always
_B8, _B1, _B11, _B58, _B63, _B64, _FF = (np.uint64(v) for v in (8, 1, 11, 58, 63, 64, 0xFF))


@intrinsic
def mul_high(typingctx, a, b):
    """The high 64 bits of the 128-bit product of two uint64 (one LLVM ``mul i128``)."""
    if a != types.uint64 or b != types.uint64:
        return None

    def codegen(context, builder, signature, args):
        i128 = ir.IntType(128)
        product = builder.mul(builder.zext(args[0], i128), builder.zext(args[1], i128))
        return builder.trunc(builder.lshr(product, ir.Constant(i128, 64)), ir.IntType(64))

    return types.uint64(types.uint64, types.uint64), codegen


@jit
def step(s_lo, s_hi, i_lo, i_hi):
    """The LCG's next state (low, high words): ``state * M + inc`` modulo 2**128."""
    hi = mul_high(s_lo, MULT_LO) + s_lo * MULT_HI + s_hi * MULT_LO  # modulo 2**64
    lo = s_lo * MULT_LO + i_lo
    return lo, hi + i_hi + (_U1 if lo < i_lo else _U0)  # with the carry of the low words


def jump_constants(k: int) -> tuple[int, int]:
    """(A, B) with ``state_{n+k} = A * state_n + B * inc`` modulo 2**128 for the LCG ``state
    = state * M + inc``: A = M**k, B = 1 + M + ... + M**(k-1)."""
    mult, mask = int(MULT_HI) << 64 | int(MULT_LO), (1 << 128) - 1
    a, b = 1, 0
    for _ in range(k):
        a, b = a * mult & mask, (b * mult + 1) & mask
    return a, b


def _words(v: int) -> tuple[np.uint64, np.uint64]:
    return np.uint64(v & 0xFFFFFFFFFFFFFFFF), np.uint64(v >> 64)


_A4, _B4 = jump_constants(4)
JUMP4_LO, JUMP4_HI = _words(_A4)  # M**4: four steps' multiplier
SUM4_LO, SUM4_HI = _words(_B4)  # four steps add inc times this


@jit
def mul128(a_lo, a_hi, b_lo, b_hi):
    """``a * b`` modulo 2**128 (low, high words)."""
    return a_lo * b_lo, mul_high(a_lo, b_lo) + a_lo * b_hi + a_hi * b_lo


@jit
def add128(a_lo, a_hi, b_lo, b_hi):
    """``a + b`` modulo 2**128 (low, high words)."""
    lo = a_lo + b_lo
    return lo, a_hi + b_hi + (_U1 if lo < b_lo else _U0)


@jit
def jump4_increment(i_lo, i_hi):
    """What four steps add to ``M**4 * state`` (:func:`jump4`): ``(1 + M + M**2 + M**3) *
    inc`` modulo 2**128."""
    return mul128(SUM4_LO, SUM4_HI, i_lo, i_hi)


@jit
def jump4(s_lo, s_hi, c_lo, c_hi):
    """The state four steps after ``s``: ``M**4 * s + c`` modulo 2**128, with ``c`` from
    :func:`jump4_increment` (the same state as four :func:`step` calls)."""
    p_lo, p_hi = mul128(s_lo, s_hi, JUMP4_LO, JUMP4_HI)
    return add128(p_lo, p_hi, c_lo, c_hi)


@jit
def jump_words(w, k):
    """(A, C) in words (A low, A high, C low, C high) with A = M**k and C = inc * (M**(k-1) +
    ... + M + 1) modulo 2**128, inc the increment in ``w``: k steps of the LCG are one,
    ``state * A + C`` (:func:`jump`; :func:`jump_constants` in Python's integers)."""
    a_lo, a_hi = _U1, _U0
    s_lo, s_hi = _U0, _U0
    for _ in range(k):
        s_lo, s_hi = add128(s_lo, s_hi, a_lo, a_hi)
        a_lo, a_hi = mul128(a_lo, a_hi, MULT_LO, MULT_HI)
    c_lo, c_hi = mul128(s_lo, s_hi, w[2], w[3])
    return a_lo, a_hi, c_lo, c_hi


@jit
def jump(w, a_lo, a_hi, c_lo, c_hi):
    """Advance the generator ``w`` (in place) by the steps of (A, C) from :func:`jump_words`:
    where drawing that many 64-bit numbers would leave it."""
    lo, hi = mul128(w[0], w[1], a_lo, a_hi)
    w[0], w[1] = add128(lo, hi, c_lo, c_hi)


def _doubling_table(bits: int = 64) -> np.ndarray:
    """Row j: (A low, A high, B low, B high) for 2**j steps (:func:`jump_constants`), by
    doubling: 2 n steps are n steps twice, ``A' = A * A`` and ``B' = B * (A + 1)``."""
    mult, mask = int(MULT_HI) << 64 | int(MULT_LO), (1 << 128) - 1
    a, b = mult, 1
    rows = []
    for _ in range(bits):
        rows.append((*_words(a), *_words(b)))
        a, b = a * a & mask, b * (a + 1) & mask
    return np.array(rows, dtype=np.uint64)


JUMP_DOUBLING = _doubling_table()  # (A, B) of 1, 2, 4, ... 2**63 steps


@jit
def advance_words(i_lo, i_hi, k):
    """(A low, A high, C low, C high) of ``k`` steps (uint64) of the LCG whose increment is
    ``i``, as :func:`jump_words` gives, in one pass over the bits of ``k`` instead of ``k``
    steps: the jumps of 2**j steps (:data:`JUMP_DOUBLING`) for the bits set, composed (a jump
    of (A, B) after one of (A', B') is one of (A A', A B' + B); the order does not matter, as
    every jump is a power of the same step). For :func:`jump`."""
    k = np.uint64(k)
    a_lo, a_hi = _U1, _U0
    b_lo, b_hi = _U0, _U0
    j = 0
    while k != _U0:
        if k & _U1:
            t_lo, t_hi, u_lo, u_hi = (JUMP_DOUBLING[j, 0], JUMP_DOUBLING[j, 1],
                                      JUMP_DOUBLING[j, 2], JUMP_DOUBLING[j, 3])  # fmt: skip
            p_lo, p_hi = mul128(t_lo, t_hi, b_lo, b_hi)
            b_lo, b_hi = add128(p_lo, p_hi, u_lo, u_hi)
            a_lo, a_hi = mul128(t_lo, t_hi, a_lo, a_hi)
        k >>= _U1
        j += 1
    c_lo, c_hi = mul128(b_lo, b_hi, i_lo, i_hi)
    return a_lo, a_hi, c_lo, c_hi


@jit
def jump_state(s_lo, s_hi, a_lo, a_hi, c_lo, c_hi):
    """The state ``s * A + C`` (low, high words): ``s`` moved on by the steps of (A, C)
    (:func:`advance_words`, :func:`jump_words`)."""
    lo, hi = mul128(s_lo, s_hi, a_lo, a_hi)
    return add128(lo, hi, c_lo, c_hi)


@jit
def output(lo, hi):
    """XSL-RR: the state's halves xor-ed, rotated right by its top 6 bits."""
    v = hi ^ lo
    rot = hi >> _B58
    return (v >> rot) | (v << ((_B64 - rot) & _B63))


@jit
def next_uint64(w):
    """Step the generator whose words are ``w`` (uint64[4], in place) and return its next
    64-bit output, as numpy's ``pcg64_next64``."""
    lo, hi = step(w[0], w[1], w[2], w[3])
    w[0], w[1] = lo, hi
    return output(lo, hi)


@jit
def state_double(lo, hi):
    """The uniform on [0, 1) whose draw leaves the generator in state (``lo``, ``hi``): the
    top 53 bits of that state's output, as numpy's ``pcg64_next_double``."""
    return (output(lo, hi) >> _B11) * _TO_DOUBLE


@jit
def next_double(w):
    """A uniform on [0, 1) from the generator ``w``, as numpy's ``pcg64_next_double``."""
    return (next_uint64(w) >> _B11) * _TO_DOUBLE


@jit
def ziggurat_layer(r):
    """The ziggurat's first look at a 64-bit draw ``r``: (layer, 52-bit magnitude, the
    candidate normal, whether it lies inside the layer's rectangle and is the answer)."""
    idx = r & _FF
    r >>= _B8
    rabs = (r >> _B1) & _SIGN_MASK
    x = rabs * wi_double[idx]
    if r & _B1:
        x = -x
    return idx, rabs, x, rabs < ki_double[idx]


@jit
def ziggurat_rest(w, idx, rabs, x):
    """The ziggurat after a first draw outside its rectangle (0.7% of draws): the tail or
    the wedge's rejection test, then new draws from ``w`` until one is accepted."""
    while True:
        if idx == 0:  # the tail, past ziggurat_nor_r
            while True:
                xx = -ziggurat_nor_inv_r * np.log1p(-next_double(w))
                yy = -np.log1p(-next_double(w))
                if yy + yy > xx * xx:
                    if (rabs >> _B8) & _B1:
                        return -(ziggurat_nor_r + xx)
                    return ziggurat_nor_r + xx
        elif (fi_double[idx - _B1] - fi_double[idx]) * next_double(w) + fi_double[idx] < np.exp(
            -0.5 * x * x
        ):
            return x
        idx, rabs, x, inside = ziggurat_layer(next_uint64(w))
        if inside:
            return x


@jit
def standard_normal(w):
    """A standard normal from the generator ``w``: numpy's ziggurat, draw for draw."""
    idx, rabs, x, inside = ziggurat_layer(next_uint64(w))
    return x if inside else ziggurat_rest(w, idx, rabs, x)


@jit
def normals_into(w, out):
    """``rng.standard_normal(out=out)`` from the generator ``w``: fill ``out`` (float64, 1-d).
    The state stays in registers between the common draws (stepping it through memory every
    draw would double the cost). One step at a time: the ziggurat, not the chain of steps,
    bounds the rate here (four lanes as in :func:`uniforms_into` were slower, 3.0 against
    2.8 ns a draw)."""
    s_lo, s_hi, i_lo, i_hi = w[0], w[1], w[2], w[3]
    for i in range(out.shape[0]):
        s_lo, s_hi = step(s_lo, s_hi, i_lo, i_hi)
        idx, rabs, x, inside = ziggurat_layer(output(s_lo, s_hi))
        if not inside:
            w[0], w[1] = s_lo, s_hi
            x = ziggurat_rest(w, idx, rabs, x)
            s_lo, s_hi = w[0], w[1]
        out[i] = x
    w[0], w[1] = s_lo, s_hi


@jit
def uniforms_into(w, out):
    """``rng.random(out=out)`` from the generator ``w``: fill ``out`` (float64, 1-d) with
    uniforms on [0, 1).

    Four a block, from the generator's next four states, which four lanes hold and each move
    four steps ahead (:func:`jump4`): their multiplications overlap, where one chain of steps
    waits for each (1.7 against 2.1 ns a draw). The same states in the same order, so the
    same draws and the same state after; fewer than four left: one step at a time."""
    s_lo, s_hi, i_lo, i_hi = w[0], w[1], w[2], w[3]
    c_lo, c_hi = jump4_increment(i_lo, i_hi)
    n = out.shape[0]
    i = 0
    a_lo, a_hi, b_lo, b_hi, d_lo, d_hi, e_lo, e_hi = four_states(s_lo, s_hi, i_lo, i_hi)
    while i + 4 <= n:
        out[i] = (output(a_lo, a_hi) >> _B11) * _TO_DOUBLE
        out[i + 1] = (output(b_lo, b_hi) >> _B11) * _TO_DOUBLE
        out[i + 2] = (output(d_lo, d_hi) >> _B11) * _TO_DOUBLE
        out[i + 3] = (output(e_lo, e_hi) >> _B11) * _TO_DOUBLE
        s_lo, s_hi = e_lo, e_hi
        a_lo, a_hi = jump4(a_lo, a_hi, c_lo, c_hi)
        b_lo, b_hi = jump4(b_lo, b_hi, c_lo, c_hi)
        d_lo, d_hi = jump4(d_lo, d_hi, c_lo, c_hi)
        e_lo, e_hi = jump4(e_lo, e_hi, c_lo, c_hi)
        i += 4
    for k in range(i, n):
        s_lo, s_hi = step(s_lo, s_hi, i_lo, i_hi)
        out[k] = (output(s_lo, s_hi) >> _B11) * _TO_DOUBLE
    w[0], w[1] = s_lo, s_hi


@jit
def four_states(s_lo, s_hi, i_lo, i_hi):
    """The generator's next four states after ``s`` (low and high words of each)."""
    a_lo, a_hi = step(s_lo, s_hi, i_lo, i_hi)
    b_lo, b_hi = step(a_lo, a_hi, i_lo, i_hi)
    d_lo, d_hi = step(b_lo, b_hi, i_lo, i_hi)
    e_lo, e_hi = step(d_lo, d_hi, i_lo, i_hi)
    return a_lo, a_hi, b_lo, b_hi, d_lo, d_hi, e_lo, e_hi


def state_words(rng: np.random.Generator) -> np.ndarray | None:
    """The 128-bit state and increment of ``rng`` (a ``Generator`` on ``PCG64``) as a
    writable uint64[4] view of numpy's own memory, which keeps ``rng`` alive; None if ``rng``
    is on another bit generator or the words read do not spell its ``bit_generator.state``
    (a numpy built with another layout)."""
    bits = rng.bit_generator
    if type(bits) is not np.random.PCG64:
        return None
    # pcg64_state's first member points to the pcg64_random_t {state, inc}
    address = ctypes.c_void_p.from_address(bits.ctypes.state_address).value
    if not address:
        return None
    memory = (ctypes.c_uint64 * N_WORDS).from_address(address)
    memory.generator = rng  # the view's base holds `memory`, which holds the generator
    words = np.ctypeslib.as_array(memory)
    state = bits.state["state"]
    if words_value(words) != (state["state"], state["inc"]):
        return None
    return words


def words_value(words: np.ndarray) -> tuple[int, int]:
    """(state, increment) as Python ints from the four words of :func:`state_words`."""
    lo_s, hi_s, lo_i, hi_i = (int(v) for v in words)
    return lo_s | hi_s << 64, lo_i | hi_i << 64
