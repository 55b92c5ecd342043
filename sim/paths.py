"""Where the package's own data lives, and how a scenario named on the command line is found.

The scenario library (``data/scenarios``, with ``sweeps/``) and the adopted calibration
(``data/calibration``: fitted parameters, targets, ensemble and the report of the fit) ship
inside the package, so an installed copy works from any folder. Outputs go to the current
working folder, never into the package.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from sim.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"
SCENARIO_DIR = DATA_DIR / "scenarios"
SWEEP_DIR = SCENARIO_DIR / "sweeps"
CALIBRATION_DIR = DATA_DIR / "calibration"
DEFAULT_SCENARIO = SCENARIO_DIR / "baseline.toml"


def outputs_dir() -> Path:
    """``outputs/`` in the current working folder: where runs go unless ``--out`` says else."""
    return Path.cwd() / "outputs"


def scenario_names(folder: Path = SCENARIO_DIR) -> list[str]:
    """The names (file stems) of the scenarios shipped in ``folder``."""
    return sorted(p.stem for p in folder.glob("*.toml") if p.stem != "fitted")


def find_scenario(spec: str | Path, folder: Path = SCENARIO_DIR, kind: str = "scenario") -> Path:
    """The file a scenario argument names: an existing path, else a shipped scenario's name
    (``mou``, ``mou.toml``; for sweeps, ``subsidy_x_lag``).

    Raises:
        ConfigError: neither exists; the message suggests the closest shipped names.
    """
    path = Path(spec)
    if path.is_file():
        return path
    name = path.name[:-5] if path.name.endswith(".toml") else path.name
    if path.parent == Path(".") and (folder / f"{name}.toml").is_file():
        return folder / f"{name}.toml"
    where = path.parent if path.parent != Path(".") and path.parent.is_dir() else folder
    close = difflib.get_close_matches(name, scenario_names(where), n=3, cutoff=0.6)
    if path.parent != Path("."):  # a path was typed: suggest paths
        close = [(path.parent / f"{c}.toml").as_posix() for c in close]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ConfigError(str(spec), "", f"{kind} file not found{hint}")
