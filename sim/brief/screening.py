"""The brief's reader of a sensitivity screening: which assumptions drive each headline effect
(``run_experiments.py sensitivity A B``: ``morris.csv``, ``factors.csv``, ``sobol.csv``) and
under which of them B fails (``run_experiments.py discover FOLDER``: ``discovery/
prim_boxes.csv`` and ``discovery/discovery.md``).

The brief finds a screening given on its command line (``brief FOLDER --screening SCREEN``),
else the one the comparison drew its assumptions from (``compare --screening``, recorded in
the comparison's manifest). A screening of another pair of scenarios stops the brief.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.discovery import MORRIS
from sim.errors import ConfigError
from sim.sensitivity import CONTROLS

MORRIS_CSV, FACTORS_CSV, SOBOL_CSV = "morris.csv", "factors.csv", "sobol.csv"
HALVES_CSV, RESEED_CSV = "halves.csv", "reseed.csv"  # the screening's checks, when it has them
DISCOVERY_DIR, PRIM_CSV, DISCOVERY_MD = "discovery", "prim_boxes.csv", "discovery.md"
DISCOVERY_JSON = "discovery.json"  # how the discovery's sets were made
TOP = 3  # drivers named per KPI
# The brief's headline effects, in its order; each is the first KPI of its tuple the screening
# analysed (the rate per year, else the run total it replaces).
HEADLINES = (
    ("net_welfare_two_regions_rp_per_year",),
    ("net_welfare_rp_per_year",),
    ("farmers_income_rp_per_year",),
    ("umkm_revenue_rp_per_year",),
    ("blitar_visits_per_year", "blitar_visits"),
    ("pad_blitar_rp_per_year", "pad_blitar_rp"),
    ("pad_surabaya_rp_per_year", "pad_surabaya_rp"),
    ("waste_t_per_year", "waste_t"),
)
# discovery.md's first sentence, as sim.discovery.paragraph writes it
SUMMARY = re.compile(
    r"Over (?P<n>\d+) sampled sets of assumptions, .* fails to (?P<verb>raise|lower) "
    r"(?P<what>.+?) \(effect at or (?:above|below) (?P<threshold>[^)]+)\) in (?P<k>\d+) \("
)


@dataclass
class Discovery:
    """What ``discover`` found: the failure it looked for and the PRIM boxes (one row per box
    and restricted parameter, as prim_boxes.csv)."""

    kpis: list[str]
    lower: bool  # a failure is an effect at or above the threshold (B should lower it)
    threshold: float
    n: int  # assumption sets
    failures: int  # sets where B fails
    boxes: pd.DataFrame
    # how the sets were made (discovery.json, sim.discovery): "space-filling" (then
    # ``sample``: its points, the assumptions it varies, the ensemble's members), "morris" (the
    # screening's own points; so was a discovery from before discovery.json), "given"
    design: str = MORRIS
    sample: dict | None = None
    by_kpi: dict = field(default_factory=dict)  # failures by outcome
    near: dict = field(default_factory=dict)  # sets within one run's noise of the threshold
    scan: dict | None = None  # the clearest single limit (sim.discovery.threshold_scan)
    scan_by_kpi: dict = field(default_factory=dict)  # each outcome's own, when several
    before_cost: dict = field(default_factory=dict)  # welfare failures before programme cost
    # the near-threshold sets run on more seeds (discovery.json's "confirmation", as
    # _confirmation types it); None for a discovery without one (--confirm-seeds 0, or made
    # before the option)
    confirmation: dict | None = None


@dataclass
class Screening:
    """A screening folder, read once."""

    folder: Path
    names: tuple[str, str]  # scenario names of A and B
    spec: dict  # the manifest's spec: trajectories, factors, context (days, scale)
    morris: pd.DataFrame
    factors: pd.DataFrame  # indexed by parameter
    sobol: pd.DataFrame | None = None
    discovery: Discovery | None = None
    command: str = ""  # the command that ran it, as its manifest records it
    reseed: pd.DataFrame | None = None  # the seed check's re-run steps (reseed.csv)

    @property
    def days(self) -> int | None:
        return self.spec.get("context", {}).get("days")

    @property
    def n_factors(self) -> int:
        return len(self.spec.get("factors", []))


# ---------------------------------------------------------------------- reading
def _csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc})") from None
    for col in columns:
        if col not in frame.columns:
            raise ConfigError(str(path), col, "column missing")
    return frame


def _manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(str(path), "", f"cannot read a screening's manifest ({exc})") from None
    if manifest.get("kind") != "sensitivity":
        raise ConfigError(str(path), "kind", f"{manifest.get('kind')!r} is not a screening "
                          "(run_experiments.py sensitivity A B writes one)")  # fmt: skip
    context = manifest.get("spec", {}).get("context", {})
    for key in ("name_a", "name_b"):
        if not context.get(key):
            raise ConfigError(str(path), f"spec.context.{key}", "missing")
    return manifest


def load_screening(path: str | Path) -> Screening:
    """Read a screening folder (or its morris.csv) and the discovery inside it, if any."""
    folder = Path(path)
    if folder.is_file() and folder.name in (MORRIS_CSV, "manifest.json"):
        folder = folder.parent
    if not folder.is_dir():
        raise ConfigError(str(folder), "--screening", "screening folder not found")
    manifest = _manifest(folder)
    spec = manifest["spec"]
    morris = _csv(folder / MORRIS_CSV, ("parameter", "kpi", "mu_star"))
    morris = morris[~morris["parameter"].isin(CONTROLS)]
    factors = _csv(folder / FACTORS_CSV, ("parameter", "low", "high")).set_index("parameter")
    sobol = None
    if (folder / SOBOL_CSV).is_file():
        sobol = _csv(folder / SOBOL_CSV, ("kpi", "parameter", "ST", "ST_low", "ST_high"))
    reseed = None
    if (folder / RESEED_CSV).is_file():
        reseed = _csv(folder / RESEED_CSV, ("kpi", "parameter", "point", "seed_index"))
    ctx = spec["context"]
    return Screening(folder, (ctx["name_a"], ctx["name_b"]), spec, morris, factors, sobol,
                     load_discovery(folder / DISCOVERY_DIR),
                     str(manifest.get("command", "")), reseed)  # fmt: skip


def load_discovery(folder: Path) -> Discovery | None:
    """The discovery in ``folder`` (prim_boxes.csv and discovery.md), None if it has none."""
    table, md = folder / PRIM_CSV, folder / DISCOVERY_MD
    if not table.is_file():
        return None
    boxes = _csv(table, ("box", "coverage", "density", "mass", "points", "parameter", "low",
                         "high", "full_low", "full_high"))  # fmt: skip
    try:
        text = md.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(md), "", f"cannot read ({exc})") from None
    m = SUMMARY.search(text)
    if m is None:
        raise ConfigError(str(md), "", "no summary sentence (run discover again)")
    kpis = re.findall(r"`([^`]+)`", m["what"])
    try:
        threshold = float(m["threshold"])
    except ValueError:
        raise ConfigError(str(md), "threshold", f"{m['threshold']!r} is not a number") from None
    found = _discovery_record(folder / DISCOVERY_JSON)
    return Discovery(kpis, m["verb"] == "lower", threshold, int(m["n"]), int(m["k"]), boxes,
                     **found)  # fmt: skip


def _discovery_record(path: Path) -> dict:
    """What discovery.json adds to the tables: how the sets were made ("design", and the
    sample's size, assumptions varied and ensemble members), failures by outcome, the sets
    near the threshold, the clearest single limit and the confirmation of the sets near it on
    more seeds; a discovery from before discovery.json read the screening's Morris points and
    has none of the rest."""
    if not path.is_file():
        return {}
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        sample = record.get("sample")
        if sample is not None:
            sample = {"points": int(sample["points"]), "assumptions": len(sample["assumptions"]),
                      "members": int(sample["members"])}  # fmt: skip
        return {"design": str(record["design"]), "sample": sample,
                "by_kpi": {str(k): int(v) for k, v in record.get("by_kpi", {}).items()},
                "near": {str(k): int(v) for k, v in record.get("near", {}).items()},
                "scan": record.get("scan"),
                "before_cost": {str(k): int(v) for k, v in
                                (record.get("before_cost") or {}).items()},
                "scan_by_kpi": {str(k): v for k, v in (record.get("scan_by_kpi") or {}).items()
                                if v},
                "confirmation": _confirmation(record.get("confirmation"))}  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(str(path), "design", f"cannot read ({exc})") from None


def _confirmation(c: dict | None) -> dict | None:
    """discovery.json's "confirmation" with the counts the brief says, typed (None: none):
    the sets confirmed and the labels changed, those as likely on either side (|t| < 1) and
    within two standard errors, the expected wrong labels, the rounds' sets and the label
    resampling (None without one)."""
    if not c:
        return None
    ints = ("sets", "changed", "to_failure", "to_success", "undecided_sets", "within_2se_sets")
    return {"seeds": int(c["seeds"]), "within_sd": float(c["within_sd"]),
            "seed_sd": {str(k): float(v) for k, v in c["seed_sd"].items()},
            **{k: int(c[k]) for k in ints},
            "undecided": {str(k): int(v) for k, v in c["undecided"].items()},
            "within_2se": {str(k): int(v) for k, v in c["within_2se"].items()},
            "expected_wrong": float(c["expected_wrong_total"]),
            "second_round": int(c["rounds"][1]["sets"]),
            "resampling": _resampling(c.get("resampling"))}  # fmt: skip


def _resampling(r: dict | None) -> dict | None:
    """The label resampling's failure range and share of draws keeping the limit (None: none)."""
    if not r:
        return None
    kept = r["limit_kept"]
    return {"draws": int(r["draws"]), "low": int(r["failures_p5"]),
            "high": int(r["failures_p95"]),
            "limit_kept": None if kept is None else float(kept)}  # fmt: skip


# ---------------------------------------------------------------------- which screening
def named_screening(manifest: dict) -> str | None:
    """The screening a comparison drew its assumptions from (``compare --screening``), as its
    manifest records it, or None."""
    spec = manifest.get("parameter_uncertainty") or {}
    source = str(spec.get("assumption_source") or "")
    if not source.startswith("screening "):
        return None
    return source[len("screening ") :].strip() or None


def check_pair(screening: Screening, study) -> None:
    """Stop unless the screening is of the comparison's pair of scenarios (A and B by name)."""
    if study.kind != "compare":
        raise ConfigError(str(study.folder), "--screening", "a screening explains a "
                          f"comparison, and this is a {study.kind} folder")  # fmt: skip
    pair = tuple(e["name"] for e in study.scenarios)
    if screening.names != pair:
        raise ConfigError(str(screening.folder / "manifest.json"), "spec.context",
                          f"screens {screening.names[1]} against {screening.names[0]}, but the "
                          f"comparison is {pair[1]} against {pair[0]}")  # fmt: skip


def find_screening(study, given: str | Path | None) -> tuple[Screening | None, str | None]:
    """(the screening of a comparison, the path its manifest names when it cannot be found):
    the one ``given``, else the one the comparison's manifest names; checked against the pair."""
    if given is not None:
        found = load_screening(given)
        check_pair(found, study)
        return found, None
    if study.kind != "compare":
        return None, None
    named = named_screening(study.manifest)
    if named is None:
        return None, None
    path = Path(named)
    folder = path.parent if path.name == MORRIS_CSV else path
    if not (folder / "manifest.json").is_file():
        return None, named  # moved or deleted since the comparison ran
    found = load_screening(folder)
    check_pair(found, study)
    return found, None


# ---------------------------------------------------------------------- what it says
def headline_kpis(screening: Screening) -> list[str]:
    """The brief's headline KPIs the screening analysed, in the brief's order; all of its KPIs
    if it analysed none of them."""
    have = list(dict.fromkeys(screening.morris["kpi"]))
    out = [next(k for k in keys if k in have) for keys in HEADLINES if any(k in have for k in keys)]
    return out or have


def top_drivers(screening: Screening, kpi: str, top: int = TOP) -> pd.DataFrame:
    """The ``top`` assumptions with the largest mu* for ``kpi`` (mu* > 0 only), each with its
    screened range (low, high, applies_to from factors.csv) and Sobol total index (ST, ST_low,
    ST_high; NaN where sobol.csv has none) and whether its mu* is above the screening's noise
    floor (``above_noise``; True in a screening without one), the share of its mu* from its
    largest step (``top_step_share``; NaN where morris.csv has none) and the split-half
    check's ``reproduced`` ("yes", "undecided" or "no"; "yes" in a screening without the
    check) and ``direction`` ("+", "-", "mixed"; "" without the check): :mod:`sim.halves`;
    and the seed check's ``seed_check`` ("held", "undecided", "seed-decided"; "" where not
    checked):
    :mod:`sim.reseed`."""
    sub = screening.morris[screening.morris["kpi"] == kpi]
    sub = sub[sub["mu_star"] > 0].sort_values("mu_star", ascending=False, kind="stable")
    rows = []
    for r in sub.head(top).itertuples():
        f = screening.factors.loc[r.parameter] if r.parameter in screening.factors.index else {}
        st = _sobol(screening, kpi, r.parameter)
        rows.append({"parameter": r.parameter, "mu_star": float(r.mu_star),
                     "low": float(f.get("low", np.nan)), "high": float(f.get("high", np.nan)),
                     "applies_to": str(f.get("applies_to", "both")),
                     "above_noise": bool(getattr(r, "above_noise", True)),
                     "top_step_share": float(getattr(r, "top_step_share", np.nan)),
                     "reproduced": str(getattr(r, "reproduced", "yes")),
                     "direction": str(getattr(r, "direction", "")),
                     "seed_check": _text(getattr(r, "seed_check", "")), **st})  # fmt: skip
    return pd.DataFrame(rows, columns=["parameter", "mu_star", "low", "high", "applies_to",
                                       "above_noise", "top_step_share", "reproduced",
                                       "direction", "seed_check", "ST", "ST_low",
                                       "ST_high"])  # fmt: skip


def _text(v) -> str:
    """A text column's cell: "" where pandas read an empty cell as NaN."""
    return "" if v != v else str(v)


def _sobol(screening: Screening, kpi: str, parameter: str) -> dict:
    nan = {"ST": np.nan, "ST_low": np.nan, "ST_high": np.nan}
    if screening.sobol is None:
        return nan
    s = screening.sobol
    hit = s[(s["kpi"] == kpi) & (s["parameter"] == parameter)]
    return nan if hit.empty else {k: float(hit[k].iloc[0]) for k in nan}


def boxes(discovery: Discovery) -> list[dict]:
    """One dict per PRIM box: its coverage, density and mass, the counts a reader can check
    (failing sets inside it, sets inside it) and its restricted ranges (parameter, low, high,
    full_low, full_high)."""
    out = []
    for box, rows in discovery.boxes.groupby("box", sort=True):
        first = rows.iloc[0]
        points = int(first["points"])
        limits = rows[rows["parameter"].notna() & (rows["parameter"] != "")]
        out.append({"box": int(box), "coverage": float(first["coverage"]),
                    "density": float(first["density"]), "mass": float(first["mass"]),
                    "points": points, "failing": int(round(float(first["density"]) * points)),
                    "limits": limits[["parameter", "low", "high", "full_low", "full_high"]]
                    .to_dict(orient="records")})  # fmt: skip
    return out


def unsettled(screening: Screening) -> list[str]:
    """The headline KPIs none of whose named drivers is settled: each one is not reproduced by
    the halves (¶) or is seed-decided (≈)."""
    out = []
    for kpi in headline_kpis(screening):
        top = top_drivers(screening, kpi)
        shaky = (top["reproduced"] != "yes") | (top["seed_check"] == "seed-decided")
        if len(top) and shaky.all():
            out.append(kpi)
    return out
