"""@njit step kernels: pure functions of numpy arrays, no Python objects, no RNG inside.

Every random number a kernel uses is drawn by the model from its seeded generator and passed
in. Column layouts of the packed per-commodity arrays are in :mod:`sim.kernels.layout`.
"""
