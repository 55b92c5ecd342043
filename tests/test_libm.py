"""The model's numbers take the C library's transcendental functions, never numpy's own.

numpy computes ``log``, ``exp`` and several others with SIMD code of its own on CPUs that have
it (AVX-512), which differs from the C library's in the last bit on a fraction of values; so a
result that took numpy's log was recorded differently on such a CPU (the other markets' buyers'
surplus, until 6 December 2026). On a CPU without AVX-512 numpy calls the C library, so no run
there can show such a call: this test reads the source instead. Inside numba kernels
(``@jit``/``@njit``) ``np.log`` and the like compile to the C library's functions, as
``math.log`` does, and are allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parent.parent / "sim"
# presentation only (figures, the brief's text, the explorer): no number of a run comes from them
NOT_RESULTS = ("plots", "brief", "explorer")
NUMPY_OWN = {
    "log", "log1p", "log2", "log10", "exp", "expm1", "exp2", "power", "float_power", "sin",
    "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "arctan2", "arcsinh",
    "arccosh", "arctanh", "cbrt", "logaddexp", "logaddexp2",
}  # fmt: skip
JIT = {"jit", "njit", "vectorize", "guvectorize"}


def _decorator_names(node) -> set[str]:
    names = set()
    for d in node.decorator_list:
        d = d.func if isinstance(d, ast.Call) else d
        names.add(d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", ""))
    return names


def numpy_transcendentals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of every call ``np.<f>(...)`` / ``numpy.<f>(...)`` with f in
    :data:`NUMPY_OWN` outside a function decorated with a numba decorator."""
    found = []

    def visit(node, jitted):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            jitted = jitted or bool(_decorator_names(node) & JIT)
        if (
            not jitted
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("np", "numpy")
            and node.func.attr in NUMPY_OWN
        ):
            found.append((node.lineno, f"np.{node.func.attr}"))
        for child in ast.iter_child_nodes(node):
            visit(child, jitted)

    visit(tree, False)
    return found


def test_the_finder_finds_what_it_should():
    src = (
        "import numpy as np\n"
        "a = np.log(2.0)\n"
        "@jit\n"
        "def k(x):\n"
        "    return np.exp(x)\n"
        "def f(x):\n"
        "    return np.power(x, 0.5) + np.sqrt(x) + np.maximum(x, 1.0)\n"
    )
    assert numpy_transcendentals(ast.parse(src)) == [(2, "np.log"), (7, "np.power")]


def test_no_numpy_transcendental_reaches_a_result():
    offenders = []
    files = [p for p in sorted(SIM.rglob("*.py")) if p.relative_to(SIM).parts[0] not in NOT_RESULTS]
    assert len(files) > 50  # the walk found the package
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{path.relative_to(SIM.parent)}:{line} {name}"
                      for line, name in numpy_transcendentals(tree)]  # fmt: skip
    assert not offenders, "use math.* (the C library's) instead:\n" + "\n".join(offenders)
