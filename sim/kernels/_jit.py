"""Numba flags in one place: compiled once, cached on disk so tests and workers do not recompile.

``fastmath`` stays off so that results are bit-identical to the plain-Python reference rules.
"""

import hashlib
from pathlib import Path

from numba import njit

_HERE = Path(__file__).resolve().parent


def _drop_stale_cache() -> None:
    """Numba keys its on-disk cache on each kernel's own file, not on what it imports from
    the other kernel files (the constants of layout.py, helpers such as
    ``farm.held_total`` inlined into ``accounting.goods_in_stock``); when any kernel file changes,
    remove the cached kernels so that none keeps old code or indices."""
    stamp = _HERE / "__pycache__" / "sources.sha256"
    sha = hashlib.sha256()
    for source in sorted(_HERE.glob("*.py")):
        sha.update(source.name.encode())
        sha.update(source.read_bytes())
    digest = sha.hexdigest()
    try:
        if stamp.exists() and stamp.read_text() == digest:
            return
        for cached in (_HERE / "__pycache__").glob("*.nb[ic]"):
            cached.unlink(missing_ok=True)
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(digest)
    except OSError:
        pass  # a read-only install: numba then compiles in memory


_drop_stale_cache()

jit = njit(cache=True, nogil=True, fastmath=False, boundscheck=False)
