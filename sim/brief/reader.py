"""The brief's folder reader: what a run, replicates or comparison folder holds (manifest, KPI
tables, daily series, the optional ensemble robustness, incidence and parameter-uncertainty
columns), where each parameter's value comes from, and what each government spends.

Optional inputs, read when the folder has them:

- ``ensemble_sign_robustness.csv`` and ``ensemble.json`` (``compare --ensemble``);
- ``incidence.csv``: who gains and who loses, one row per group with columns ``group`` (a group
  of :data:`sim.metrics.registry.GROUP_LABELS` or any name, then ``label_id``/``label_en``
  name it), ``kpi`` (the registry KPI whose unit the numbers carry), ``diff``, ``ci_low``,
  ``ci_high`` and optionally ``param_low``/``param_high`` and ``boundary`` (``two_regions``,
  ``outside`` for the memo rows of groups living in neither region, ``total`` for the two
  net-welfare rows ``net_two_regions`` and ``net``);
- ``param_low``/``param_high`` columns in ``compare.csv``: the range of each KPI's change over
  the plausible parameter sets (the 5th and 95th percentiles, so 9 in 10 sets fall inside).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.keys import leaves
from sim.errors import ConfigError
from sim.metrics import DAYS_PER_YEAR

KINDS = ("run", "replicates", "compare")
GOVERNMENTS = ("surabaya", "blitar")
# written by ``compare --ensemble`` beside the comparison (see sim.cli)
ENSEMBLE_JSON = "ensemble.json"
ENSEMBLE_ROBUSTNESS_CSV = "ensemble_sign_robustness.csv"
INCIDENCE_CSV = "incidence.csv"
INCIDENCE_COLUMNS = ("group", "kpi", "diff", "ci_low", "ci_high")
SKIPPED_TOP_KEYS = ("schedule", "extends", "description", "description_id", "description_en", "run")


# ====================================================================== loading
@dataclass
class Study:
    """What a folder holds, read once: manifest, KPI tables and daily frames."""

    kind: str
    folder: Path
    manifest: dict
    names: list[str]
    scenarios: list[dict]  # manifest entries: name, resolved_parameters, scenario_files, overrides
    runs: dict[str, list[pd.DataFrame]]
    kpis: list[pd.DataFrame]  # per scenario: one row per seed
    seeds: list[int]
    compare: pd.DataFrame | None = None
    ce: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None  # replicates: summary.csv (mean and CI per KPI)
    # comparison run again over the calibration's ensemble (``compare --ensemble``): sign
    # robustness per KPI (ensemble_sign_robustness.csv) and how it was run (ensemble.json)
    robust: pd.DataFrame | None = None
    ensemble: dict | None = None
    incidence: pd.DataFrame | None = None  # incidence.csv, when the folder has one
    # the screening of the pair (sim.brief.screening.Screening), or the path the manifest
    # names when that screening is not found
    screening: object | None = None
    screening_named: str | None = None

    @property
    def params(self) -> dict:
        """Resolved parameters of the last (policy) scenario."""
        return self.scenarios[-1]["resolved_parameters"]

    @property
    def days(self) -> int:
        return int(self.params["run"]["days"])

    @property
    def scale(self) -> float:
        return float(self.params["run"]["scale"])

    @property
    def n(self) -> int:
        return len(self.seeds)

    @property
    def annual(self) -> float:
        """Factor from a run total to a per-year value."""
        return DAYS_PER_YEAR / self.days

    def has_param_range(self) -> bool:
        """Whether compare.csv carries the parameter-uncertainty range of each change."""
        cols = set(self.compare.columns) if self.compare is not None else set()
        return {"param_low", "param_high"} <= cols


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc})") from None


def _read_frames(base: Path, seeds: Sequence[int]) -> list[pd.DataFrame]:
    frames = []
    for seed in seeds:
        path = base / f"seed-{seed}" / "timeseries.parquet"
        try:
            frames.append(pd.read_parquet(path))
        except (OSError, ValueError) as exc:
            raise ConfigError(str(path), "", f"cannot read daily series ({exc})") from None
    return frames


def load_study(folder: str | Path) -> Study:
    """Read a run, replicates or comparison folder; bad or missing files raise ConfigError."""
    folder = Path(folder)
    if folder.is_file() and folder.name == "manifest.json":
        folder = folder.parent
    if not folder.is_dir():
        raise ConfigError(str(folder), "", "folder not found")
    path = folder / "manifest.json"
    if not path.is_file():
        raise ConfigError(
            str(folder), "", "no manifest.json (not a run, replicates or comparison folder)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(str(path), "", f"cannot read manifest ({exc})") from None
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise ConfigError(str(path), "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    if kind == "run":
        entry = {
            "name": manifest["scenario"],
            "resolved_parameters": manifest["resolved_parameters"],
            "scenario_files": manifest.get("scenario_files", {}),
            "overrides": manifest.get("overrides", {}),
        }
        try:
            kpis = json.loads((folder / "kpis.json").read_text(encoding="utf-8"))
            frame = pd.read_parquet(folder / "timeseries.parquet")
        except (OSError, ValueError) as exc:
            raise ConfigError(str(folder), "", f"incomplete run folder ({exc})") from None
        name = entry["name"]
        return Study(
            kind,
            folder,
            manifest,
            [name],
            [entry],
            {name: [frame]},
            [pd.DataFrame([kpis])],
            [manifest["seed"]],
        )
    seeds = list(manifest["seeds"])
    entries = manifest["scenarios"]
    names = [e["name"] for e in entries]
    if kind == "replicates":
        runs = {names[0]: _read_frames(folder / "runs", seeds)}
        kpis = [_read_csv(folder / "replicates.csv")]
        return Study(
            kind,
            folder,
            manifest,
            names,
            entries,
            runs,
            kpis,
            seeds,
            summary=_read_csv(folder / "summary.csv"),
        )
    if len(names) == 2 and names[0] == names[1]:
        names = [f"{names[0]} (A)", f"{names[1]} (B)"]
    runs = {
        names[0]: _read_frames(folder / "a", seeds),
        names[1]: _read_frames(folder / "b", seeds),
    }
    kpis = [_read_csv(folder / "kpis_a.csv"), _read_csv(folder / "kpis_b.csv")]
    robust, ensemble = None, None
    if (folder / ENSEMBLE_JSON).is_file():
        try:
            ensemble = json.loads((folder / ENSEMBLE_JSON).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(str(folder / ENSEMBLE_JSON), "", f"cannot read ({exc})") from None
        robust = _read_csv(folder / ENSEMBLE_ROBUSTNESS_CSV)
    incidence = None
    if (folder / INCIDENCE_CSV).is_file():
        incidence = _read_csv(folder / INCIDENCE_CSV)
        missing = [c for c in INCIDENCE_COLUMNS if c not in incidence.columns]
        if missing:
            raise ConfigError(str(folder / INCIDENCE_CSV), missing[0], "column missing")
    return Study(
        kind,
        folder,
        manifest,
        names,
        entries,
        runs,
        kpis,
        seeds,
        compare=_read_csv(folder / "compare.csv"),
        ce=_read_csv(folder / "cost_effectiveness.csv"),
        robust=robust,
        ensemble=ensemble,
        incidence=incidence,
    )


# ====================================================================== provenance
def toml_comments(text: str) -> dict[str, str]:
    """Dotted key -> the comment that documents it in a scenario file: the comment on its line,
    else the comment lines right above it. Keys inside [[schedule]] tables are skipped."""
    out: dict[str, str] = {}
    table: str | None = ""
    pending: list[str] = []
    depth = 0
    for raw in text.splitlines():
        line = raw.strip()
        if depth > 0:  # inside a multi-line array
            depth += line.count("[") - line.count("]")
            continue
        if not line:
            pending = []
            continue
        if line.startswith("#"):
            pending.append(line.lstrip("#").strip())
            continue
        if line.startswith("[["):
            table, pending = None, []
            continue
        if line.startswith("["):
            head = _split_comment(line)[0].strip()[1:-1]
            table = ".".join(p.strip().strip('"') for p in head.split("."))
            pending = []
            continue
        code, comment = _split_comment(line)
        key, sep, value = code.partition("=")
        if not sep:
            continue
        depth = max(0, value.count("[") - value.count("]"))
        if table is None:
            continue
        dotted = ".".join(p.strip().strip('"') for p in key.split("."))
        full = f"{table}.{dotted}" if table else dotted
        note = comment or " ".join(pending)
        if note:
            out[full] = note
        pending = []
    return out


def _split_comment(line: str) -> tuple[str, str]:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i], line[i + 1 :].strip()
    return line, ""


def schema_param(key: str):
    """The schema's Param of a concrete dotted key (map entries by any name), or None."""
    from sim.plots.figures import schema_param as lookup

    return lookup(key)


def _set_keys(text: str) -> set[str]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return set()
    data.pop("schedule", None)
    return {k for k, _ in leaves(data)}


def classify_source(source: str | None) -> str:
    """ "assumption", "calculated", "sourced" or "none" from a source note."""
    if not source:
        return "none"
    s = source.lower()
    if "assumption" in s or "asumsi" in s:
        return "assumption"
    if s.startswith(("calc", "simulated", "fitted", "calibrat")):
        return "calculated"
    return "sourced"


def parameter_provenance(entry: dict) -> pd.DataFrame:
    """One row per numeric model parameter of a scenario (``run.*`` excluded): its value, the
    file that set it (or the schema default), the source note and its class."""
    params = entry["resolved_parameters"]
    files = entry.get("scenario_files") or {}
    overrides = entry.get("overrides") or {}
    notes: dict[str, tuple[str, str]] = {}  # key -> (file, note); later files override
    setters: dict[str, str] = {}
    for name, text in files.items():  # parents first, as the manifest stores the chain
        comments = toml_comments(text)
        for key in _set_keys(text):
            setters[key] = name
            notes[key] = (name, comments.get(key, ""))
    rows = []
    for key, value in leaves({k: v for k, v in params.items() if k not in SKIPPED_TOP_KEYS}):
        p = schema_param(key)
        if p is None or p.kind not in ("int", "float"):
            continue
        if key in overrides:
            origin, note, cls = "override", "", "override"
        elif key in setters:
            origin, note = notes[key]
            cls = classify_source(note)
        elif files:
            origin, note = "schema", p.source
            cls = classify_source(note)
        else:  # no file texts in the manifest: only the schema's notes are known
            origin, note = "schema", p.source if p.default is not None else ""
            from sim.config.schema import REQUIRED

            cls = "unknown" if p.default is REQUIRED else classify_source(note)
        rows.append({"key": key, "value": value, "file": origin, "source": note, "class": cls})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- program cost
def program_table(params: dict) -> pd.DataFrame:
    """Enabled programs with a budget: annual budget and each government's share of it."""
    rows = []
    for key, p in params["programs"].items():
        if not p.get("enabled") or p.get("budget_rp_per_year", 0.0) <= 0.0:
            continue
        share = float(p["surabaya_cost_share"])
        budget = float(p["budget_rp_per_year"])
        rows.append(
            {
                "program": key,
                "budget": budget,
                "share_surabaya": share,
                "surabaya": budget * share,
                "blitar": budget * (1.0 - share),
            }
        )
    return pd.DataFrame(rows, columns=["program", "budget", "share_surabaya", "surabaya", "blitar"])


def surabaya_share(params: dict) -> tuple[float, bool]:
    """Surabaya's share of program spending and whether it is exact: exact when every funded
    program has the same cost share, else the budget-weighted mean of the shares."""
    table = program_table(params)
    if table.empty:
        return float("nan"), True
    shares = table["share_surabaya"].to_numpy()
    exact = bool(np.all(shares == shares[0]))
    return float((table["budget"] * table["share_surabaya"]).sum() / table["budget"].sum()), exact


def spending_per_year(frames: Sequence[pd.DataFrame]) -> np.ndarray:
    """Program spending per seed, Rp/year (daily series summed and annualised)."""
    return np.array([f["program_spending_rp"].sum() * DAYS_PER_YEAR / len(f) for f in frames])


def government_spending_per_year(
    frames: Sequence[pd.DataFrame], params: dict
) -> tuple[dict[str, np.ndarray], bool]:
    """Program spending per seed and government, Rp/year, and whether the split is exact: from
    the daily series of what each government paid (``program_spending_<gov>_rp``) where the
    folder has them, else the total split by :func:`surabaya_share` (older folders)."""
    cols = {g: f"program_spending_{g}_rp" for g in GOVERNMENTS}
    if frames and all(c in f.columns for f in frames for c in cols.values()):
        return {
            g: np.array([f[c].sum() * DAYS_PER_YEAR / len(f) for f in frames])
            for g, c in cols.items()
        }, True
    total = spending_per_year(frames)
    share, exact = surabaya_share(params)
    share = share if np.isfinite(share) else 0.0
    return {"surabaya": total * share, "blitar": total * (1.0 - share)}, exact
