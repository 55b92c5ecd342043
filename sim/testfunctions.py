"""Analytic functions with known answers, run through the sweep machinery to verify it.

A sweep file with ``target = "sim.testfunctions:ishigami"`` evaluates the Ishigami function
instead of the model (Ishigami and Homma 1990; Saltelli et al. 2008, Global Sensitivity
Analysis, section 3.7).
"""

import math

ISHIGAMI_A = 7.0
ISHIGAMI_B = 0.1


def ishigami(params: dict, seed: int, context: dict) -> dict:
    """f = sin x1 + a sin^2 x2 + b x3^4 sin x1 with x_i in [-pi, pi]; ``seed`` is unused."""
    x1, x2, x3 = params["x1"], params["x2"], params["x3"]
    y = math.sin(x1) + ISHIGAMI_A * math.sin(x2) ** 2 + ISHIGAMI_B * x3**4 * math.sin(x1)
    return {"y": y}


def ishigami_indices(a: float = ISHIGAMI_A, b: float = ISHIGAMI_B) -> dict:
    """Analytic first-order (S1) and total (ST) Sobol indices of the Ishigami function."""
    pi = math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {
        "S1": {"x1": v1 / v, "x2": v2 / v, "x3": 0.0},
        "ST": {"x1": (v1 + v13) / v, "x2": v2 / v, "x3": v13 / v},
    }


def failing(params: dict, seed: int, context: dict) -> dict:
    """Raises for x > 0.5, to test that a failed run is recorded and the sweep goes on."""
    if params["x"] > 0.5:
        raise ValueError(f"x = {params['x']} is too large")
    return {"y": 2.0 * params["x"]}


LINEAR_COEFFICIENTS = {"x1": 4.0, "x2": -2.0, "x3": 1.0, "x4": 0.25, "x5": 0.0}


def linear(params: dict, seed: int, context: dict) -> dict:
    """y = sum c_i x_i with LINEAR_COEFFICIENTS: every elementary effect of x_i over a range
    [lo, hi] is exactly c_i (hi - lo), so Morris mu* = |c_i| (hi - lo) and sigma = 0; x5 has
    no effect. ``seed`` is unused."""
    return {"y": sum(c * params[k] for k, c in LINEAR_COEFFICIENTS.items())}


NOISE_SD = 0.5  # the seed noise of noisy_linear


def noisy_linear(params: dict, seed: int, context: dict) -> dict:
    """:func:`linear` plus a normal noise of sd NOISE_SD drawn from ``seed`` alone, as a
    model's seed noise: with common random numbers a factor's step leaves the noise as it is
    (x5's elementary effects stay exactly 0), while a step of the screening's noise factor
    (a new seed) moves y by the difference of two draws, mean |N1 - N2| = 2 / sqrt(pi) sd."""
    import numpy as np

    noise = NOISE_SD * np.random.default_rng(seed).standard_normal()
    return {"y": linear(params, seed, context)["y"] + float(noise)}


def seed_interaction(params: dict, seed: int, context: dict) -> dict:
    """y = 3 x1 z + x2, z a normal draw from ``seed`` alone: x1's effect has the sign the seed
    gives it (mean 0 over seeds), x2's is 1 on any seed. For the seed check
    (:mod:`sim.reseed`): x1 is what it must not call held, x2 what it must."""
    import numpy as np

    z = float(np.random.default_rng(seed).standard_normal())
    return {"y": 3.0 * params["x1"] * z + params["x2"]}


G_FUNCTION_A = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0)


def g_function(params: dict, seed: int, context: dict) -> dict:
    """Sobol's g-function on [0, 1]^6: prod (|4 x_i - 2| + a_i) / (1 + a_i) with G_FUNCTION_A;
    the smaller a_i, the more x_i matters, so the Morris ranking is x1 > x2 > ... > x5, x6
    (Saltelli et al. 2008, Global Sensitivity Analysis, section 3.4). ``seed`` is unused."""
    y = 1.0
    for i, a in enumerate(G_FUNCTION_A):
        y *= (abs(4.0 * params[f"x{i + 1}"] - 2.0) + a) / (1.0 + a)
    return {"y": y}


def planted_failure(params: dict, seed: int, context: dict) -> dict:
    """An effect that is negative exactly inside the box x1 < 0.3 and x2 > 0.6 of [0, 1]^d
    (for PRIM's test), and positive elsewhere; other inputs do not matter."""
    inside = params["x1"] < 0.3 and params["x2"] > 0.6
    return {"effect": -1.0 if inside else 1.0 + params["x1"]}
