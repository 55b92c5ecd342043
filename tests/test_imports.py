"""Heavy libraries load only when a command needs them: ``import sim`` and the command line's
parser import none of them (PEP 562 in ``sim/__init__.py``), a bad input stops before the model
loads, and a single run never loads ``scipy.stats`` (only intervals need it). Each check runs
in a fresh interpreter, whose ``sys.modules`` is what a user's command would load."""

import json
import subprocess
import sys

from .conftest import BASELINE, ROOT

HEAVY = ("numpy", "pandas", "scipy", "mesa", "numba", "matplotlib")


def loaded_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter in the checkout; returns ``out`` (a dict the code
    fills) with ``heavy``, the heavy top-level packages it imported, and ``scipy.stats``."""
    tail = (
        "\nimport json as _j, sys as _s\n"
        f"out['heavy'] = sorted({{m.split('.')[0] for m in _s.modules}} & set({HEAVY!r}))\n"
        "out['scipy.stats'] = 'scipy.stats' in _s.modules\n"
        "print(_j.dumps(out))\n"
    )
    r = subprocess.run([sys.executable, "-c", "out = {}\n" + code + tail], cwd=ROOT,
                       capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_import_sim_and_the_parser_load_no_heavy_library():
    out = loaded_after("import sim, sim.cli\nsim.cli._build_parser()")
    assert out["heavy"] == []


def test_public_names_load_on_first_use_and_compare_stays_the_function():
    out = loaded_after(
        "import sim.experiment\n"  # imports the statistics module sim/compare.py
        "from sim import compare\n"
        "out['compare'] = [sim.compare.__module__, compare.__module__]\n"
        "out['names'] = {n: type(getattr(sim, n)).__name__ for n in sim.__all__}\n"
        "out['in_dir'] = sorted(set(sim.__all__) - set(dir(sim)))\n"
        "try:\n    sim.no_such_name\nexcept AttributeError as e:\n    out['missing'] = str(e)\n"
    )
    assert set(out["names"]) == {"KADModel", "Scenario", "__version__", "batch_run", "compare",
                                 "compute_kpis", "load_scenario", "rerun", "run_replicates",
                                 "run_scenario"}  # fmt: skip
    assert out["names"]["KADModel"] == "type" and out["names"]["run_scenario"] == "function"
    assert out["names"]["__version__"] == "str"
    assert out["compare"] == ["sim.experiment", "sim.experiment"]
    assert out["in_dir"] == []
    assert "no_such_name" in out["missing"]


def test_bad_input_stops_before_the_model_loads():
    out = loaded_after(
        "from sim.cli import main\n"
        f"out['code'] = main(['run', {str(BASELINE)!r}, '--days', '-5'])\n"
    )
    assert out["code"] == 2
    assert not {"mesa", "numba", "scipy"} & set(out["heavy"])


def test_a_single_run_does_not_load_scipy_stats(tmp_path):
    out = loaded_after(
        "from sim.cli import main\n"
        f"out['code'] = main(['run', {str(BASELINE)!r}, '--days', '5', '--scale', '0.02', "
        f"'--quiet', '--out', {str(tmp_path / 'run')!r}])\n"
    )
    assert out["code"] == 0
    assert {"mesa", "numba", "pandas"} <= set(out["heavy"])  # the run did load the model
    assert not out["scipy.stats"]


def test_submodules_are_attributes_of_sim_as_before():
    """``import sim`` then ``sim.paths``, ``sim.metrics``, ...: each submodule is imported when
    first named, as when ``sim/__init__.py`` imported them all."""
    out = loaded_after(
        "import sim\n"
        "out['dir'] = sim.paths.SCENARIO_DIR.name\n"
        "out['series'] = len(sim.metrics.GLOBAL_SERIES) > 0\n"
        "out['model'] = sim.model.KADModel.__name__\n"
        "out['stats'] = type(sim.compare).__name__\n"
    )
    assert out == {**out, "dir": "scenarios", "series": True, "model": "KADModel"}
    assert out["stats"] == "function"  # sim.compare stays the public function


def test_sim_compare_can_be_replaced_and_restored(monkeypatch):
    """A test's monkeypatch (or a user's assignment) of ``sim.compare`` takes effect, and the
    function is back once it is undone; binding the statistics module does not replace it."""
    import importlib

    import sim

    def fake(*args, **kwargs):
        return "fake"

    monkeypatch.setattr(sim, "compare", fake)
    assert sim.compare() == "fake"
    importlib.import_module("sim.compare")
    sim.compare = importlib.import_module("sim.compare")  # what the import system does
    assert sim.compare is fake
    monkeypatch.undo()
    assert sim.compare.__module__ == "sim.experiment"
