"""Kernels called from other kernels compile once per argument types, not once per constant
value (:func:`sim.kernels._jit._compile_unliteral`): the patch reaches into numba's
dispatcher, so a numba release that changed its internals would silently bring the extra
compiles back (a slower cold start, the same numbers). These tests hold it to that on the
numba installed."""

from numba import njit, types

from sim.kernels._jit import _compile_unliteral


def _pair():
    """A callee (patched as the project's kernels are) and a caller that passes it constants
    of three kinds, compiled without a disk cache (a cached caller would not compile its
    callee, and the test would see nothing)."""

    @njit
    def callee(x, k, flag):
        return x * k if flag else x + k

    _compile_unliteral(callee)

    @njit
    def caller(x):
        return callee(x, 0, True) + callee(x, 1, False) + callee(x, 2, True)

    return callee, caller


def test_a_kernel_called_with_constants_compiles_once_for_their_types():
    callee, caller = _pair()
    assert caller(3.0) == 3.0 * 0 + (3.0 + 1) + 3.0 * 2  # the values reach the callee
    signatures = callee.signatures
    assert len(signatures) == 1, signatures
    assert not any(isinstance(t, types.Literal) for t in signatures[0]), signatures


def test_the_project_kernels_carry_the_patch():
    """Every kernel made by the project's ``jit`` has the patched call template."""
    from sim.kernels import umkm

    kernel = umkm.visibility  # called with constants from several kernels
    assert kernel.get_call_template.__qualname__.startswith("_compile_unliteral")
