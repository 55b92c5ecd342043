"""Budgets within the governments' means (issue 15): each government's yearly program budgets,
by cost share, stay within a share of its APBD, or the scenario stops with one line naming the
file and the key, exit code 2."""

import subprocess
import sys

import pytest

from sim import KADModel
from sim.config import SCHEMA
from sim.errors import ConfigError

from .conftest import MOU, ROOT, SCENARIOS


def test_apbd_defaults_are_the_sourced_figures():
    gov = SCHEMA["governments"]
    assert gov["surabaya"]["apbd_rp_per_year"].default == 12.137e12
    assert gov["blitar"]["apbd_rp_per_year"].default == 2.74e12


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_fits(path):
    KADModel(path, days=1, scale=0.01)


def test_a_subsidy_beyond_blitars_means_is_refused():
    # Rp 8.5 T a year, as in the issue: half of it alone is 1.5 times Blitar's APBD
    big = {"programs.logistics_subsidy.budget_rp_per_year": 8.5e12}
    with pytest.raises(ConfigError) as err:
        KADModel(MOU, days=1, scale=0.01, overrides=big)
    assert "programs.logistics_subsidy.budget_rp_per_year" in str(err.value)
    # inside the bound (10% of 2.74 T for Blitar, other MoU programs included) runs
    KADModel(MOU, days=1, scale=0.01, overrides={
        "programs.logistics_subsidy.budget_rp_per_year": 5e11})  # fmt: skip


def test_the_cli_says_it_in_one_line_with_exit_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "run_experiments.py", "run", str(MOU), "--days", "5", "--scale",
         "0.01", "--set", "programs.logistics_subsidy.budget_rp_per_year=8.5e12",
         "--out", str(tmp_path / "o")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    lines = [x for x in run.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "budget_rp_per_year" in lines[0]
    assert "Traceback" not in run.stderr
