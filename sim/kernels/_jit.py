"""Numba flags in one place: compiled once, cached on disk so tests and workers do not recompile.

``fastmath`` stays off so that results are bit-identical to the plain-Python reference rules.
"""

import hashlib
from pathlib import Path

from numba import njit

_HERE = Path(__file__).resolve().parent


def _drop_stale_cache() -> None:
    """Numba keys its on-disk cache on each kernel file, not on the constants imported from
    layout.py; when layout.py changes, remove the cached kernels so none keeps old indices."""
    stamp = _HERE / "__pycache__" / "layout.sha256"
    digest = hashlib.sha256((_HERE / "layout.py").read_bytes()).hexdigest()
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
