"""Calibration against published figures: method of simulated moments with honest uncertainty.

The targets (``calibration/targets.csv``) are published figures with an uncertainty band; each
is either fitted ("fit") or held out to check the fit ("holdout"). A candidate set of the free
behavioural parameters is run on the same spawned seeds as every other candidate (common random
numbers), the simulated moments are averaged over those seeds, and the distance is

    D(theta) = sum over fit targets of ((m_sim(theta) - target) / sd)^2,

with ``sd`` the target's standard error, or a quarter of its band (the band read as a ~95%
interval). A global optimiser (scipy's differential evolution, candidates evaluated in parallel
through :func:`sim.executor.run_tasks`) is followed by a bounded local one (Nelder-Mead).

The same machinery checks identifiability (recover known parameters from their own simulated
moments; one-parameter profiles of the distance) and carries the uncertainty forward as an
ensemble of parameter sets whose distance is close to the optimum (``calibration/ensemble.csv``),
over which scenario comparisons can run (:func:`compare_over_ensemble`).

One module per concern: ``targets`` (data and distance), ``moments``, ``parameters`` (the free
parameters), ``fit`` (problem, moment store, optimiser), ``identifiability``, ``ensemble``,
``files`` (fitted.toml and tables), ``figure``, ``report``, ``job`` (the whole job, refresh,
adoption) and ``cli`` (``python -m sim.calibration``). Their public names are re-exported here.
"""

from __future__ import annotations

from sim.calibration.cli import main
from sim.calibration.ensemble import (
    compare_over_ensemble,
    ensemble_overrides,
    select_ensemble,
    sign_robustness,
)
from sim.calibration.figure import LABELS, validation_figure
from sim.calibration.files import ORIGINAL_NOTES, fitted_toml
from sim.calibration.fit import FitResult, MomentStore, Problem, calibrate, mean_moments
from sim.calibration.identifiability import CHI2_95, identifiability, profiles, recovery
from sim.calibration.job import (
    ADOPTED_FILES,
    Settings,
    adopt_fit,
    corroborate,
    default_calibration_dir,
    fresh_evaluation,
    rebuild_report,
    refresh,
    run_calibration,
)
from sim.calibration.moments import moments_of, run_moments
from sim.calibration.parameters import (
    FREE_PARAMETERS,
    FreeParameter,
    bounds_of,
    current_values,
    round_sig,
)
from sim.calibration.report import (
    CORROBORATIONS,
    FARMER_INFORMATION_BOUND,
    GHANA,
    GHANA_RANGE,
)
from sim.calibration.targets import (
    BASELINE,
    CALIBRATION_DIR,
    ENSEMBLE_CSV,
    FITTED_TOML,
    ROLES,
    SCENARIOS,
    TARGET_COLUMNS,
    TARGETS_CSV,
    distance,
    load_targets,
    target_table,
)

__all__ = [
    "ADOPTED_FILES",
    "BASELINE",
    "CALIBRATION_DIR",
    "CHI2_95",
    "CORROBORATIONS",
    "ENSEMBLE_CSV",
    "FARMER_INFORMATION_BOUND",
    "FITTED_TOML",
    "FREE_PARAMETERS",
    "FitResult",
    "FreeParameter",
    "GHANA",
    "GHANA_RANGE",
    "LABELS",
    "MomentStore",
    "ORIGINAL_NOTES",
    "Problem",
    "ROLES",
    "SCENARIOS",
    "Settings",
    "TARGETS_CSV",
    "TARGET_COLUMNS",
    "adopt_fit",
    "bounds_of",
    "calibrate",
    "compare_over_ensemble",
    "corroborate",
    "current_values",
    "default_calibration_dir",
    "distance",
    "ensemble_overrides",
    "fitted_toml",
    "fresh_evaluation",
    "identifiability",
    "load_targets",
    "main",
    "mean_moments",
    "moments_of",
    "profiles",
    "rebuild_report",
    "recovery",
    "refresh",
    "round_sig",
    "run_calibration",
    "run_moments",
    "select_ensemble",
    "sign_robustness",
    "target_table",
    "validation_figure",
]
