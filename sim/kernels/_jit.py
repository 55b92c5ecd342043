"""Numba flags in one place: compiled once, cached on disk so tests and workers do not recompile.

``fastmath`` stays off so that results are bit-identical to the plain-Python reference rules.
"""

from numba import njit

jit = njit(cache=True, nogil=True, fastmath=False, boundscheck=False)
