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
