"""Scenario loading: inheritance, overrides and every kind of bad input."""

import pytest

from sim.config import load_scenario
from sim.docs import parameter_reference
from sim.errors import ConfigError

from .conftest import BASELINE, CALIBRATION, MOU, ROOT


def test_baseline_loads_with_defaults_filled():
    s = load_scenario(BASELINE)
    assert s.get("commodities.eggs.farmers") == 3190
    assert s.get("programs.direct_channel.enabled") is False
    assert s.get("run.engine") == "numba"  # a default from the schema
    assert s.get("run.start_date") == "2025-01-01"  # a TOML date becomes ISO text


def test_child_overrides_parent_and_inherits_the_rest():
    s = load_scenario(MOU)
    assert s.get("programs.direct_channel.enabled") is True
    assert s.get("commodities.eggs.direct_channel_capacity_kg_per_day") == 20_000.0
    assert s.get("commodities.eggs.farmers") == 3190  # from baseline.toml
    assert s.get("extends") == "baseline.toml"
    assert [p.split("/")[-1] for p in s.files] == ["fitted.toml", "baseline.toml", "mou.toml"]


def _baseline_text() -> str:
    """The baseline's text, with its parent (the calibrated values) as an absolute path."""
    fitted = CALIBRATION / "fitted.toml"
    return BASELINE.read_text().replace('"../calibration/fitted.toml"', f'"{fitted}"')


def test_chain_of_three(write_toml, tmp_path):
    base = _baseline_text()
    write_toml("a.toml", base)
    write_toml("b.toml", 'extends = "a.toml"\n[information]\nlag_days = 5\n')
    c = write_toml("c.toml", 'extends = "b.toml"\n[information]\nnoise_sd = 0.2\n')
    s = load_scenario(c)
    assert s.get("information.lag_days") == 5
    assert s.get("information.noise_sd") == 0.2


def test_overrides_win():
    s = load_scenario(MOU, {"information.lag_days": 7, "run.days": 10})
    assert s.get("information.lag_days") == 7
    assert s.get("run.days") == 10


def _error(path, overrides=None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_scenario(path, overrides)
    return info.value


def test_missing_file(tmp_path):
    err = _error(tmp_path / "nope.toml")
    assert "nope.toml" in str(err) and "not found" in str(err)


def test_missing_parent(write_toml):
    path = write_toml("child.toml", 'extends = "ghost.toml"\n')
    err = _error(path)
    assert err.file.endswith("child.toml") and err.key == "extends"
    assert "ghost.toml" in err.message


def test_inheritance_loop(write_toml):
    write_toml("x.toml", 'extends = "y.toml"\n')
    path = write_toml("y.toml", 'extends = "x.toml"\n')
    err = _error(path)
    assert err.key == "extends" and "loop" in err.message


def test_unknown_key_names_the_file_that_set_it(write_toml):
    path = write_toml("bad.toml", f'extends = "{BASELINE}"\n[information]\nlag_dayz = 2\n')
    err = _error(path)
    assert err.file.endswith("bad.toml") and err.key == "information.lag_dayz"
    assert "unknown key" in err.message


def test_unknown_commodity_key(write_toml):
    path = write_toml("bad.toml", f'extends = "{BASELINE}"\n[commodities.eggs]\ncolour = 1\n')
    assert _error(path).key == "commodities.eggs.colour"


@pytest.mark.parametrize(
    ("section", "line", "key", "words"),
    [
        ("information", "lag_days = 1.5", "information.lag_days", "integer"),
        ("information", 'noise_sd = "high"', "information.noise_sd", "number"),
        ("programs.road", "enabled = 1", "programs.road.enabled", "true or false"),
        ("run", "start_date = 5", "run.start_date", "date"),
        ("run", 'start_date = "2025-13-01"', "run.start_date", "date"),
        ("run", "days = 0", "run.days", "below"),
        ("run", "scale = 2.0", "run.scale", "above"),
        ("transport", "road_quality = -1", "transport.road_quality", "below"),
        (
            "programs.logistics_subsidy",
            'applies_to = "some"',
            "programs.logistics_subsidy.applies_to",
            "one of",
        ),
        ("run", 'engine = "gpu"', "run.engine", "one of"),
    ],
)
def test_bad_values_name_file_and_key(write_toml, section, line, key, words):
    path = write_toml("bad.toml", f'extends = "{BASELINE}"\n[{section}]\n{line}\n')
    err = _error(path)
    assert err.file.endswith("bad.toml")
    assert err.key == key
    assert words in err.message


def test_missing_required_commodity_key(write_toml):
    text = _baseline_text().replace("shelf_life_days = 14 ", "# removed ")
    path = write_toml("nobase.toml", text)
    err = _error(path)
    assert err.key == "commodities.eggs.shelf_life_days" and "missing" in err.message


def test_not_toml(write_toml):
    path = write_toml("broken.toml", "this is = = not toml")
    assert "TOML" in _error(path).message


def test_cross_key_rule(write_toml):
    path = write_toml("bad.toml", f'extends = "{BASELINE}"\n[run]\nmain_commodity = "rice"\n')
    assert _error(path).key == "run.main_commodity"


def test_bad_override_is_labelled():
    err = _error(BASELINE, {"run.days": "many"})
    assert err.file == "<override>" and err.key == "run.days"


def test_parameter_reference_is_current():
    """docs/PARAMETERS.md is generated; regenerate with `run_experiments.py params`."""
    assert (ROOT / "docs" / "PARAMETERS.md").read_text() == parameter_reference()


def test_a_file_read_again_is_a_fresh_copy_and_a_changed_file_is_parsed_again(tmp_path):
    """Parsed files are kept for the next load (sweeps load the same files for every run):
    what a caller changes in the data it got does not leak into the next read, and a file
    rewritten since is read anew, even at the same size with its time stamps put back."""
    import os

    from sim.config.loader import read_toml_file

    path = tmp_path / "a.toml"
    path.write_text("[run]\nseed = 1\n")
    first, _ = read_toml_file(path)
    first["run"]["seed"] = 99
    again, text = read_toml_file(path)
    assert again == {"run": {"seed": 1}} and text == "[run]\nseed = 1\n"
    st = path.stat()
    path.write_text("[run]\nseed = 2\n")  # same size, and the old time stamps restored
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert read_toml_file(path)[0] == {"run": {"seed": 2}}
    path.write_text("[run]\nseed = 30\n")
    assert read_toml_file(path)[0] == {"run": {"seed": 30}}
