"""Numba flags in one place: compiled once, cached on disk so tests and workers do not recompile.

``fastmath`` stays off so that results are bit-identical to the plain-Python reference rules.

Numba keys its on-disk cache on each kernel's own file, not on what it imports from other
kernel files (the constants of layout.py, helpers such as ``farm.held_total`` inlined into
``accounting.goods_in_stock``). So the project's kernels are cached in a folder named by a
hash of all those sources, ``__pycache__/numba-<hash>/``: when any kernel file changes, the
kernels compile into a new folder and no old code or index is ever loaded. Importing this
module deletes nothing. A cache file that cannot be read (corrupt, truncated) is detected when
the kernel is first called: it is removed, the kernel recompiled, and one line says so.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from numba import njit, types
from numba.core import caching, config

_HERE = Path(__file__).resolve().parent
_InTree = getattr(caching, "InTreeCacheLocator", None) or caching._InTreeCacheLocator
_Impl = getattr(caching, "CacheImpl", None) or caching._CacheImpl  # renamed in numba 0.6x


@functools.cache
def sources_digest(folder: str) -> str:
    """Hash of every kernel source a kernel in ``folder`` may inline (that folder's and
    sim/kernels' .py files)."""
    sha = hashlib.sha256()
    for source in sorted({*_HERE.glob("*.py"), *Path(folder).glob("*.py")}):
        sha.update(source.name.encode())
        sha.update(source.read_bytes())
    return sha.hexdigest()[:16]


class KernelCacheLocator(_InTree):
    """Numba cache locator for the project's kernels: a folder per version of the sources."""

    def __init__(self, py_func, py_file):
        super().__init__(py_func, py_file)
        folder = os.path.dirname(os.path.abspath(py_file))
        base = config.CACHE_DIR or os.path.join(folder, "__pycache__")
        sub = self.get_suitable_cache_subpath(py_file) if config.CACHE_DIR else ""
        self._cache_path = os.path.join(base, sub, f"numba-{sources_digest(folder)}")

    @classmethod
    def from_function(cls, py_func, py_file):
        if not str(Path(py_file).resolve()).startswith(str(_HERE.parent)):
            return None  # not this package's code: numba's own locators decide
        return super().from_function(py_func, py_file)


def _remove_cache_files(cache) -> list[str]:
    """Delete one kernel's cache files (its index and data files); returns their names."""
    cache_file = cache._cache_file
    folder = Path(cache_file._cache_path)
    base = cache_file._index_name[: -len(".nbi")]
    gone = []
    for path in [folder / cache_file._index_name, *folder.glob(f"{base}.*.nbc")]:
        try:
            path.unlink()
            gone.append(path.name)
        except FileNotFoundError:
            pass
        except OSError:
            pass  # a read-only cache: numba compiles in memory
    return gone


def _guard_cache(dispatcher) -> None:
    """Make an unreadable cache entry a recompilation with one line on stderr, not an error
    that breaks every run until the folder is deleted."""
    cache = getattr(dispatcher, "_cache", None)
    if cache is None or not hasattr(cache, "_cache_file"):
        return
    load = cache.load_overload

    def load_overload(sig, target_context):
        try:
            return load(sig, target_context)
        except Exception as exc:  # noqa: BLE001 - any unreadable cache entry is rebuilt
            gone = _remove_cache_files(cache)
            print(f"numba cache: {dispatcher.py_func.__name__} could not be loaded "
                  f"({type(exc).__name__}); removed {len(gone)} cache file(s) in "
                  f"{cache._cache_file._cache_path} and recompiling", file=sys.stderr)  # fmt: skip
            return None

    cache.load_overload = load_overload


def _compile_unliteral(dispatcher) -> None:
    """Make a kernel called from another compile once per argument types, not once per
    constant value: numba types a constant argument (``f(x, 0)``, ``True``) as a literal and
    compiles the callee again for each literal it is called with (``umkm.visibility`` was
    compiled 8 times, ``visibility_rule`` 10; ~20 extra compiles, seconds of a cold start).
    The values are the same; only the (numba-level) specialization goes: the same operations in
    the same order, the same numbers. Numba then converts the literal to its plain type at
    the call, as it does for a call from Python. So a kernel that needs a constant's value
    at compile time (``literally``, a heterogeneous tuple indexed by an argument) cannot be
    called from another kernel. The patch replaces numba's ``get_call_template`` on the
    dispatcher: ``tests/test_jit_literals.py`` checks that it still holds on the numba
    installed."""
    template = dispatcher.get_call_template

    def get_call_template(args, kws):
        args = tuple(types.unliteral(a) for a in args)
        return template(args, {k: types.unliteral(v) for k, v in kws.items()})

    dispatcher.get_call_template = get_call_template


_FLAGS = dict(cache=True, nogil=True, fastmath=False, boundscheck=False)
_njit = njit(**_FLAGS)
_njit_inline = njit(**_FLAGS, inline="always")


def jit(fn=None, *, inline=False):
    """``@njit(cache=True, nogil=True)`` with the project's cache folder and guard.

    ``@jit(inline=True)``: numba copies the kernel's code into each kernel that calls it
    (``inline="always"``) rather than compiling it on its own. For the large kernels that a
    single entry point calls (a day's body behind its packed entry point): compiled on its own,
    a called kernel is optimized and turned into machine code once for itself and again inside
    each caller it is linked into, which only costs cold start-up time (~1-1.5 s each). The
    same operations in the same order: the numbers do not change. Called from Python, it
    compiles on its own as any kernel."""
    if fn is None:
        return functools.partial(jit, inline=inline)
    if KernelCacheLocator not in _Impl._locator_classes:
        _Impl._locator_classes.insert(0, KernelCacheLocator)
    dispatcher = (_njit_inline if inline else _njit)(fn)
    _guard_cache(dispatcher)
    _compile_unliteral(dispatcher)
    return dispatcher
