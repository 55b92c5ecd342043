"""One override resolver (sim.config.keys.resolve) for models, runs and manifests."""

import numpy as np
import pytest

from sim.config import load_scenario, scenario_from_params
from sim.config.keys import get_key, parent_of, resolve, set_key
from sim.errors import ConfigError
from sim.experiment import resolve as experiment_resolve
from sim.model import KADModel

from .conftest import BASELINE


def _frame(model):
    model.run_model()
    return model.recorder.to_frame()


def test_model_from_parameters_takes_overrides():
    """A scenario rebuilt from a manifest's parameters (no files) takes seed, days and scale
    (this raised "scenario file not found"), and runs as the scenario loaded from its file."""
    params = load_scenario(BASELINE).to_dict()
    from_params = KADModel(scenario_from_params(params, "baseline"), seed=2, days=20, scale=0.01)
    from_file = KADModel(BASELINE, seed=2, days=20, scale=0.01)
    assert from_params.kad_scenario.params["run"]["seed"] == 2
    a, b = _frame(from_params), _frame(from_file)
    assert a.columns.tolist() == b.columns.tolist()
    for col in a.columns:
        assert np.array_equal(a[col].to_numpy(), b[col].to_numpy()), col


def test_overrides_of_a_parameter_scenario_are_validated():
    params = load_scenario(BASELINE).to_dict()
    scenario = scenario_from_params(params, "baseline")
    with pytest.raises(ConfigError, match="run.scale"):
        resolve(scenario, {"run.scale": -1.0})


def test_files_and_parameters_resolve_alike():
    ov = {"information.lag_days": 1, "run.days": 30}
    from_file = resolve(BASELINE, ov)
    from_params = resolve(scenario_from_params(load_scenario(BASELINE).to_dict(), "b"), ov)
    assert from_file.to_dict() == from_params.to_dict()
    assert experiment_resolve is resolve


def test_dotted_keys():
    tree = {"a": {"b": {"c": 1}}}
    assert get_key(tree, "a.b.c") == 1
    assert set_key(tree, "a.b.c", 2) == 1 and tree["a"]["b"]["c"] == 2
    set_key(tree, "x.y", 3, create=True)
    assert tree["x"] == {"y": 3}
    assert parent_of(tree, "a.b.c") == (tree["a"]["b"], "c")
    with pytest.raises(KeyError):
        parent_of(tree, "q.r")
