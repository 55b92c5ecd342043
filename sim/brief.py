"""A policy brief (multi-page PDF) from a run, replicates or comparison folder.

``make_brief(folder, lang="id")`` reads the folder's manifest (its "kind" says what the folder
is), the KPI tables and the daily series, and writes ``<folder>/brief_<lang>.pdf``: the
findings in a paragraph and a key-KPI table, the main figures, program cost and
cost-effectiveness per government, assumptions and caveats, and how to reproduce the numbers.
Every number in it comes from the folder's files; the figures are also written as PNG and SVG
to ``<folder>/figures/``. Only matplotlib is used (PdfPages), no new dependency.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from sim.compare import CONFIDENCE, mean_ci
from sim.errors import ConfigError
from sim.metrics import DAYS_PER_YEAR
from sim.plots import figures as F
from sim.plots import style as S
from sim.plots.formatting import fmt_number, fmt_pct, fmt_plain, fmt_rp_short, fmt_sig
from sim.plots.i18n import LANGS, tr

KINDS = ("run", "replicates", "compare")

# KPIs of the table on page 1, in order
TABLE_KPIS = (
    "farmer_income_mean_rp",
    "farm_gate_price_rp_per_kg",
    "surabaya_retail_price_rp_per_kg",
    "surabaya_price_cv",
    "farmer_share_of_retail",
    "blitar_to_surabaya_t",
    "waste_t",
    "umkm_revenue_rp_per_year",
    "umkm_online_share",
    "blitar_visits_from_surabaya",
    "pad_blitar_rp",
    "pad_surabaya_rp",
    "program_spending_rp_per_year",
    "williamson_index",
)
# KPIs the summary paragraph talks about, in order
SUMMARY_KPIS = (
    "farmer_income_mean_rp",
    "farm_gate_price_rp_per_kg",
    "surabaya_retail_price_rp_per_kg",
    "blitar_to_surabaya_t",
    "waste_t",
    "umkm_revenue_rp_per_year",
    "blitar_visits_from_surabaya",
    "pad_blitar_rp",
    "pad_surabaya_rp",
    "williamson_index",
)
GOVERNMENTS = ("surabaya", "blitar")
# written by ``compare --ensemble`` beside the comparison (see sim.cli)
ENSEMBLE_JSON = "ensemble.json"
ENSEMBLE_ROBUSTNESS_CSV = "ensemble_sign_robustness.csv"
MAX_LISTED_KEYS = 40  # the top scenario file's settings are listed when it sets no more


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


def _leaves(node, prefix=""):
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _leaves(value, dotted + ".")
        else:
            yield dotted, value


def _set_keys(text: str) -> set[str]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return set()
    data.pop("schedule", None)
    return {k for k, _ in _leaves(data)}


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
    for key, value in _leaves(
        {k: v for k, v in params.items() if k not in ("schedule", "extends", "description", "run")}
    ):
        p = F.schema_param(key)
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


# ====================================================================== numbers
PROPER_NOUNS = ("Surabaya", "Blitar", "Kota", "Kabupaten", "Jawa", "Williamson")


def _lower_first(text: str) -> str:
    """Lower-case a label's first letter for use inside a sentence (not a proper noun's)."""
    if text.split(" ", 1)[0] in PROPER_NOUNS:
        return text
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _annual(study: Study) -> float:
    return DAYS_PER_YEAR / study.days


def _ci_text(kpi: str, lo: float, hi: float, lang: str, diff: bool) -> str:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return tr("na", lang)
    f = F.fmt_kpi_diff if diff else F.fmt_kpi
    return tr("range", lang, lo=f(kpi, lo, lang), hi=f(kpi, hi, lang))


def _value_and_unit(kpi: str, value: float, lang: str, days: int, diff: bool) -> str:
    text = F.fmt_kpi_diff(kpi, value, lang) if diff else F.fmt_kpi(kpi, value, lang)
    if diff and text.startswith(("+", "-")):
        text = text[1:]
    phrase = F.kpi_phrase(kpi, lang, days)
    return f"{text} {phrase}".strip()


def _mean_ci(study: Study, kpi: str) -> tuple[float, float, float]:
    """Mean and CI of a KPI of a run (no CI) or of replicates (summary.csv)."""
    if study.summary is not None and kpi in set(study.summary["kpi"]):
        r = study.summary.set_index("kpi").loc[kpi]
        return float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])
    return float(study.kpis[0][kpi].mean()), float("nan"), float("nan")


def _cell(kpi: str, value: float, lang: str) -> str:
    """A KPI value in a table (the unit is in its own column)."""
    return F.fmt_kpi(kpi, value, lang, per_kg=False)


def _cell_diff(kpi: str, value: float, lang: str) -> str:
    return F.fmt_kpi_diff(kpi, value, lang, per_kg=False, short=True)


def _cell_interval(kpi: str, lo: float, hi: float, lang: str, diff: bool) -> str:
    """A CI in a table: "[+Rp 5,7 jt; +Rp 8 jt]"; share differences in plain points."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return tr("na", lang)
    if diff and F.kpi_kind(kpi) == "share":
        lo_t, hi_t = (fmt_number(100 * v, lang, 1, signed=True) for v in (lo, hi))
    elif diff:
        lo_t, hi_t = (F.fmt_kpi(kpi, v, lang, signed=True, per_kg=False) for v in (lo, hi))
    else:
        lo_t, hi_t = (_cell(kpi, v, lang) for v in (lo, hi))
    return tr("interval", lang, lo=lo_t, hi=hi_t)


def _interval(lo: float, hi: float, lang: str, fmt) -> str:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return tr("na", lang)
    return tr("interval", lang, lo=fmt(lo), hi=fmt(hi))


def summary_paragraphs(study: Study, lang: str) -> list[str]:
    """The findings in words, numbers from the folder's tables."""
    days, n = study.days, study.n
    start = _date_text(study.params["run"]["start_date"], lang)
    setting = tr(
        "summary.setting",
        lang,
        days=fmt_number(days, lang),
        start=start,
        scale=fmt_plain(study.scale, lang),
    )
    if study.kind != "run":
        setting = f"{F.seeds_text(n, lang)}, {setting}"
    paras = []
    if study.kind == "compare":
        a, b = study.names
        table = study.compare.set_index("kpi")
        paras.append(tr("summary.compare.intro", lang, a=a, b=b, setting=setting))
        real, unclear = [], []
        for kpi in SUMMARY_KPIS:
            if kpi not in table.index:
                continue
            r = table.loc[kpi]
            label = _lower_first(F.kpi_label(kpi, lang))
            if not bool(r["distinguishable"]) or n < 2 or r["diff"] == 0:
                unclear.append(label)
                continue
            word = tr("up" if r["diff"] > 0 else "down", lang)
            real.append(
                tr(
                    "summary.item",
                    lang,
                    label=label,
                    dir=word,
                    value=_value_and_unit(kpi, r["diff"], lang, days, True),
                    ci=_ci_text(kpi, r["ci_low"], r["ci_high"], lang, True),
                )
            )
        if real:
            paras.append(tr("summary.compare.effects", lang, a=a, b=b, items="; ".join(real)))
        if unclear:
            key = "summary.one_seed" if n < 2 else "summary.compare.unclear"
            paras.append(tr(key, lang, a=a, items=", ".join(unclear)))
        paras.append(_cost_sentence(study, lang))
    else:
        name = study.names[0]
        rows = []
        for kpi in SUMMARY_KPIS:
            if kpi not in study.kpis[0]:
                continue
            mean, lo, hi = _mean_ci(study, kpi)
            label = _lower_first(F.kpi_label(kpi, lang))
            item = f"{label} {_value_and_unit(kpi, mean, lang, days, False)}"
            if n >= 2:
                item += f" ({tr('ci_short', lang)}: {_ci_text(kpi, lo, hi, lang, False)})"
            rows.append(item)
        key = "summary.replicates" if study.kind == "replicates" else "summary.run"
        paras.append(
            tr(
                key,
                lang,
                name=name,
                setting=setting,
                items="; ".join(rows),
                seed=str(study.seeds[0]),
            )
        )
        if n < 2:
            paras.append(tr("summary.no_ci", lang))
        paras.append(_cost_sentence(study, lang))
    paras.append(tr("summary.caveat", lang))
    return [p for p in paras if p]


def _date_text(value, lang: str) -> str:
    d = dt.date.fromisoformat(str(value)[:10])
    months = tr("months", lang).split()
    return f"{d.day} {months[d.month - 1]} {d.year}"


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


def _cost_sentence(study: Study, lang: str) -> str:
    spend = spending_per_year(study.runs[study.names[-1]])
    parts, _ = government_spending_per_year(study.runs[study.names[-1]], study.params)
    total = float(np.mean(spend))
    if total <= 0.0:
        return tr("summary.no_spending", lang, name=study.names[-1])
    govs = study.params["governments"]
    text = tr(
        "summary.spending",
        lang,
        name=study.names[-1],
        total=fmt_rp_short(total, lang),
        g1=govs["surabaya"]["name"],
        v1=fmt_rp_short(float(np.mean(parts["surabaya"])), lang),
        g2=govs["blitar"]["name"],
        v2=fmt_rp_short(float(np.mean(parts["blitar"])), lang),
    )
    if study.kind == "compare" and study.ce is not None:
        items = []
        for r in study.ce.itertuples():
            if not np.isfinite(r.rp_per_rp):
                continue
            items.append(
                tr(
                    "summary.ce_item",
                    lang,
                    label=_lower_first(F.kpi_label(r.kpi, lang)),
                    value=fmt_number(r.rp_per_rp, lang, 1),
                    ci=_ratio_ci(r.ci_low, r.ci_high, r.rp_per_rp, lang),
                )
            )
        if items:
            text += " " + tr("summary.ce", lang, items="; ".join(items))
    return text


def _ratio_ci(lo: float, hi: float, value: float, lang: str) -> str:
    if np.isfinite(lo) and np.isfinite(hi) and hi > lo:
        return tr("ci_range_short", lang, lo=fmt_number(lo, lang, 1), hi=fmt_number(hi, lang, 1))
    return tr("no_ci", lang)


# ====================================================================== page writer
_TEXT_PATH = TextToPath()


MONO = "DejaVu Sans Mono"


@functools.lru_cache(maxsize=50_000)
def text_width_in(text: str, size: float, bold: bool = False, mono: bool = False) -> float:
    """Width of ``text`` in the brief's font at ``size`` points, in inches."""
    prop = FontProperties(
        family=MONO if mono else S.RC["font.family"], size=size, weight="bold" if bold else "normal"
    )
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72.0


def wrap(
    text: str, size: float, width_in: float, bold: bool = False, mono: bool = False
) -> list[str]:
    """Greedy word wrap by measured width; a word longer than a line is cut."""

    def fits(t: str) -> bool:
        return text_width_in(t, size, bold, mono) <= width_in

    lines: list[str] = []
    line = ""
    for word in str(text).split():
        trial = f"{line} {word}" if line else word
        if fits(trial):
            line = trial
            continue
        if line:
            lines.append(line)
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


class Pages:
    """Text pages on A4 with a header and a numbered footer; flows onto new pages."""

    W, H = S.A4_PORTRAIT
    LEFT, RIGHT, TOP, BOTTOM = 0.75, 0.75, 0.8, 0.68

    def __init__(self, pdf: PdfPages, header: str, footer: str, lang: str):
        self.pdf, self.header, self.footer, self.lang = pdf, header, footer, lang
        self.page_no = 0
        self.fig: Figure | None = None
        self.y = 0.0

    # ---------------------------------------------------------------- pages
    def new_page(self) -> None:
        self.finish()
        self.fig = Figure(figsize=(self.W, self.H))
        self.page_no += 1
        self.y = self.TOP
        self._decorate(self.fig)

    def _decorate(self, fig) -> None:
        with S.apply_style():
            fig.text(
                self.LEFT / self.W,
                1 - 0.45 / self.H,
                self.header,
                fontsize=7.5,
                color=S.MUTED,
                va="center",
            )
            fig.add_artist(_hline(fig, 0.58 / self.H, self.LEFT / self.W, 1 - self.RIGHT / self.W))
            fig.text(
                self.LEFT / self.W,
                0.4 / self.H,
                self.footer,
                fontsize=6.8,
                color=S.MUTED,
                va="center",
            )
            fig.text(
                1 - self.RIGHT / self.W,
                0.4 / self.H,
                tr("page", self.lang, n=self.page_no),
                fontsize=7.5,
                ha="right",
                va="center",
                color=S.MUTED,
            )

    def finish(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def figure_page(
        self, parts: Sequence[tuple[Callable, float]], height_in: float | None = None
    ) -> None:
        """A page of figures: ``parts`` are (draw(fig=subfigure), relative height). With
        ``height_in`` the figures take that much of the page and text continues below them."""
        self.finish()
        self.page_no += 1
        fig = Figure(figsize=(self.W, self.H), layout="constrained")
        top, bottom = self.TOP - 0.1, self.BOTTOM - 0.1
        total = sum(h for _, h in parts)
        body = self.H - top - bottom
        rest = 0.0
        if height_in is not None:
            rest, body = body - height_in, height_in
        heights = [top] + [h * body / total for _, h in parts] + [bottom + rest]
        margin = self.LEFT - 0.3
        grid = fig.add_gridspec(
            len(heights),
            3,
            height_ratios=heights,
            width_ratios=[margin, self.W - 2 * margin, margin],
        )
        for k, (draw, _) in enumerate(parts):
            draw(fig=fig.add_subfigure(grid[k + 1, 1]))
        self._decorate(fig)
        if height_in is None:
            self.pdf.savefig(fig)
        else:  # keep the page open for text below the figures
            self.fig, self.y = fig, top + body + 0.15

    # ---------------------------------------------------------------- text
    @property
    def width_in(self) -> float:
        return self.W - self.LEFT - self.RIGHT

    def _ensure(self, height: float) -> None:
        if self.fig is None or self.y + height > self.H - self.BOTTOM:
            self.new_page()

    def _text(self, x_in: float, text: str, size: float, **kw) -> None:
        with S.apply_style():
            self.fig.text(x_in / self.W, 1 - self.y / self.H, text, fontsize=size, va="top", **kw)

    def space(self, inches: float) -> None:
        self.y += inches

    def title(self, text: str, subtitle: str) -> None:
        self._ensure(1.2)
        self._text(self.LEFT, text, 20, fontweight="bold")
        self.y += 0.45
        for line in wrap(subtitle, 11.5, self.width_in):
            self._text(self.LEFT, line, 11.5, color=S.INK)
            self.y += 0.22
        self.y += 0.1

    def heading(self, text: str, size: float = 12.5) -> None:
        self._ensure(0.9)
        self.y += 0.12
        self._text(self.LEFT, text, size, fontweight="bold")
        self.y += size * 1.7 / 72

    def paragraph(
        self,
        text: str,
        size: float = 9.0,
        indent: float = 0.0,
        color: str = S.INK,
        mono: bool = False,
    ) -> None:
        family = MONO if mono else S.RC["font.family"]
        lines = wrap(text, size, self.width_in - indent, mono=mono)
        line_h = size * 1.42 / 72
        for line in lines:
            self._ensure(line_h)
            self._text(self.LEFT + indent, line, size, color=color, family=family)
            self.y += line_h
        self.y += size * 0.6 / 72

    def bullets(self, items: Sequence[str], size: float = 8.8) -> None:
        for item in items:
            lines = wrap(item, size, self.width_in - 0.22)
            line_h = size * 1.4 / 72
            self._ensure(line_h * min(len(lines), 3))
            self._text(self.LEFT + 0.05, "•", size)
            for line in lines:
                self._ensure(line_h)
                self._text(self.LEFT + 0.22, line, size)
                self.y += line_h
            self.y += size * 0.45 / 72

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str] | None = None,
        size: float = 7.4,
        bold_last: bool = False,
    ) -> None:
        """A table; ``widths`` are fractions of the text width; long cells wrap."""
        align = align or ["left"] + ["right"] * (len(header) - 1)
        col_w = [w * self.width_in for w in widths]
        xs = np.concatenate([[self.LEFT], self.LEFT + np.cumsum(col_w)])
        line_h = size * 1.35 / 72
        pad = 0.045

        def draw_row(cells, bold=False, shade=None):
            wrapped = [
                wrap(str(c), size, w - 2 * pad, bold) for c, w in zip(cells, col_w, strict=True)
            ]
            h = max(len(w) for w in wrapped) * line_h + 2 * pad
            self._ensure(h + line_h)
            top = self.y
            if shade:
                with S.apply_style():
                    self.fig.add_artist(
                        _rect(self.fig, self.LEFT, top, self.width_in, h, shade, self.W, self.H)
                    )
            for j, lines in enumerate(wrapped):
                for i, line in enumerate(lines):
                    self.y = top + pad + i * line_h
                    x = {"left": xs[j] + pad, "center": (xs[j] + xs[j + 1]) / 2}.get(
                        align[j], xs[j + 1] - pad
                    )
                    self._text(x, line, size, ha=align[j], fontweight="bold" if bold else "normal")
            self.y = top + h

        draw_row(header, bold=True, shade="#d9d9d9")
        for i, row in enumerate(rows):
            last = bold_last and i == len(rows) - 1
            draw_row(row, bold=last, shade="#f2f2f2" if i % 2 else None)
        self.y += 0.12


def _hline(fig, y_frac: float, x0: float, x1: float):
    from matplotlib.lines import Line2D

    return Line2D(
        [x0, x1], [1 - y_frac, 1 - y_frac], transform=fig.transFigure, color=S.GRID, linewidth=0.8
    )


def _rect(fig, x_in, top_in, w_in, h_in, color, W, H):
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x_in / W, 1 - (top_in + h_in) / H),
        w_in / W,
        h_in / H,
        transform=fig.transFigure,
        facecolor=color,
        edgecolor="none",
        zorder=-1,
    )


# ====================================================================== sections
def _kpi_table(pages: Pages, study: Study, lang: str) -> None:
    days, n = study.days, study.n
    pages.heading(tr("h.kpis", lang))
    if study.kind == "compare":
        a, b = study.names
        table = study.compare.set_index("kpi")
        header = [
            tr("col.kpi", lang),
            tr("col.unit", lang),
            a,
            b,
            tr("col.diff", lang),
            tr("col.ci", lang),
            tr("col.real", lang),
        ]
        rows = []
        for kpi in TABLE_KPIS:
            if kpi not in table.index:
                continue
            r = table.loc[kpi]
            real = tr("na", lang) if n < 2 else tr("yes" if r["distinguishable"] else "no", lang)
            rows.append(
                [
                    F.kpi_label(kpi, lang),
                    F.kpi_unit(kpi, lang, days),
                    _cell(kpi, r["mean_a"], lang),
                    _cell(kpi, r["mean_b"], lang),
                    _cell_diff(kpi, r["diff"], lang),
                    _cell_interval(kpi, r["ci_low"], r["ci_high"], lang, True)
                    if n >= 2
                    else tr("na", lang),
                    real,
                ]
            )
        pages.table(
            header,
            rows,
            [0.255, 0.145, 0.1, 0.1, 0.105, 0.22, 0.075],
            ["left", "left", "right", "right", "right", "right", "center"],
        )
        pages.paragraph(
            tr(
                "kpis.compare_note",
                lang,
                a=a,
                b=b,
                n=F.seeds_text(n, lang),
                level=fmt_pct(CONFIDENCE, lang, 0),
            ),
            size=7.5,
            color=S.MUTED,
        )
    elif study.kind == "replicates":
        header = [
            tr("col.kpi", lang),
            tr("col.unit", lang),
            tr("col.mean", lang),
            tr("col.ci", lang),
            tr("col.min", lang),
            tr("col.max", lang),
        ]
        rows = []
        frame = study.kpis[0]
        for kpi in TABLE_KPIS:
            if kpi not in frame:
                continue
            x = frame[kpi].to_numpy(float)
            mean, lo, hi = _mean_ci(study, kpi)
            rows.append(
                [
                    F.kpi_label(kpi, lang),
                    F.kpi_unit(kpi, lang, days),
                    _cell(kpi, mean, lang),
                    _cell_interval(kpi, lo, hi, lang, False),
                    _cell(kpi, x.min(), lang),
                    _cell(kpi, x.max(), lang),
                ]
            )
        pages.table(
            header,
            rows,
            [0.27, 0.16, 0.13, 0.2, 0.12, 0.12],
            ["left", "left", "right", "right", "right", "right"],
        )
        pages.paragraph(
            tr(
                "kpis.replicates_note",
                lang,
                n=F.seeds_text(n, lang),
                level=fmt_pct(CONFIDENCE, lang, 0),
            ),
            size=7.5,
            color=S.MUTED,
        )
    else:
        header = [tr("col.kpi", lang), tr("col.unit", lang), tr("col.value", lang)]
        rows = []
        frame = study.kpis[0]
        for kpi in TABLE_KPIS:
            if kpi in frame:
                rows.append(
                    [
                        F.kpi_label(kpi, lang),
                        F.kpi_unit(kpi, lang, days),
                        F.fmt_kpi(kpi, float(frame[kpi].iloc[0]), lang),
                    ]
                )
        pages.table(header, rows, [0.5, 0.28, 0.22], ["left", "left", "right"])
        pages.paragraph(
            tr("kpis.run_note", lang, seed=str(study.seeds[0])), size=7.5, color=S.MUTED
        )


def _program_section(pages: Pages, study: Study, lang: str) -> None:
    params = study.params
    govs = params["governments"]
    g1, g2 = govs["surabaya"]["name"], govs["blitar"]["name"]
    name = study.names[-1]
    pages.heading(tr("h.cost", lang))
    budget = program_table(params)
    if budget.empty:
        pages.paragraph(tr("cost.none", lang, name=name))
    else:
        pages.paragraph(tr("cost.budget_intro", lang, name=name))
        rows = [
            [
                tr(f"program.{r.program}", lang),
                fmt_rp_short(r.budget, lang),
                fmt_pct(r.share_surabaya, lang, 0),
                fmt_rp_short(r.surabaya, lang),
                fmt_rp_short(r.blitar, lang),
            ]
            for r in budget.itertuples()
        ]
        rows.append(
            [
                tr("total", lang),
                fmt_rp_short(budget["budget"].sum(), lang),
                "",
                fmt_rp_short(budget["surabaya"].sum(), lang),
                fmt_rp_short(budget["blitar"].sum(), lang),
            ]
        )
        pages.table(
            [tr("col.program", lang), tr("col.budget", lang), tr("col.share_sby", lang), g1, g2],
            rows,
            [0.34, 0.17, 0.15, 0.17, 0.17],
            bold_last=True,
        )
        rr = [fmt_pct(govs[g]["realisation_rate"], lang, 0) for g in GOVERNMENTS]
        pages.paragraph(tr("cost.realisation", lang, g1=g1, r1=rr[0], g2=g2, r2=rr[1]), size=8.0)

    # realised spending per government from the daily series
    spend = {nm: spending_per_year(study.runs[nm]) for nm in study.names}
    if not any(spend[nm].max() > 0 for nm in study.names):
        return  # nothing was spent: no split, no cost-effectiveness
    parts, recorded, exact_all = {}, True, True
    for nm, entry in zip(study.names, study.scenarios, strict=True):
        parts[nm], exact = government_spending_per_year(
            study.runs[nm], entry["resolved_parameters"]
        )
        cols = ("program_spending_surabaya_rp", "program_spending_blitar_rp")
        recorded &= all(c in f.columns for f in study.runs[nm] for c in cols)
        exact_all &= exact
    pages.heading(tr("h.spending", lang), size=10.5)
    if recorded:
        method = tr("cost.method_recorded", lang)
    else:
        share_text = ", ".join(
            f"{nm} {fmt_pct(float(np.mean(parts[nm]['surabaya'])) / spend[nm].mean(), lang, 1)}"
            for nm in study.names
            if spend[nm].mean() > 0
        )
        method = (
            tr("cost.method", lang, share=share_text or tr("na", lang))
            + " "
            + tr("cost.exact" if exact_all else "cost.approx", lang)
        )
    pages.paragraph(method, size=8.0)
    rows = []
    for nm in study.names:
        mean, lo, hi = mean_ci(spend[nm])
        rows.append(
            [
                nm,
                fmt_rp_short(mean, lang),
                fmt_rp_short(float(np.mean(parts[nm]["surabaya"])), lang),
                fmt_rp_short(float(np.mean(parts[nm]["blitar"])), lang),
                _interval(lo, hi, lang, lambda v: fmt_rp_short(v, lang)),
            ]
        )
    pages.table(
        [tr("col.scenario", lang), tr("col.spend_total", lang), g1, g2, tr("col.ci_total", lang)],
        rows,
        [0.2, 0.2, 0.18, 0.18, 0.24],
    )

    if study.kind != "compare" or study.ce is None:
        pages.paragraph(tr("cost.no_compare", lang), size=8.0)
        return
    a, b = study.names
    # extra spending per year of each government, B - A
    d_total = float(np.mean(spend[b] - spend[a]))
    d_gov = {g: float(np.mean(parts[b][g] - parts[a][g])) for g in GOVERNMENTS}
    pages.heading(tr("h.ce", lang), size=10.5)
    pages.paragraph(tr("cost.ce_intro", lang, a=a, b=b), size=8.0)
    rows = []
    for r in study.ce.itertuples():
        cells = [
            F.kpi_label(r.kpi, lang),
            fmt_rp_short(r.diff_per_year, lang, signed=True),
            _ratio_cell(r.rp_per_rp, r.ci_low, r.ci_high, 1.0, lang),
        ]
        for gov in GOVERNMENTS:
            part = d_gov[gov] / d_total if d_total != 0 else float("nan")
            cells.append(_ratio_cell(r.rp_per_rp, r.ci_low, r.ci_high, part, lang))
        rows.append(cells)
    pages.table(
        [
            tr("col.effect", lang),
            tr("col.diff_year", lang),
            tr("col.per_rp_joint", lang),
            tr("col.per_rp_gov", lang, g=g1),
            tr("col.per_rp_gov", lang, g=g2),
        ],
        rows,
        [0.24, 0.16, 0.2, 0.2, 0.2],
    )

    # each government's own revenue back per Rp it spends
    table = study.compare.set_index("kpi")
    annual = _annual(study)
    rows = []
    for gov, key in (("surabaya", "pad_surabaya_rp"), ("blitar", "pad_blitar_rp")):
        cost = d_gov[gov]
        if key not in table.index or cost <= 0:
            continue
        r = table.loc[key]

        def per_rp(v, cost=cost):
            return fmt_number(v * annual / cost, lang, 2)

        ci = _interval(r["ci_low"], r["ci_high"], lang, per_rp) if study.n >= 2 else "-"
        rows.append(
            [
                govs[gov]["name"],
                fmt_rp_short(cost, lang),
                fmt_rp_short(r["diff"] * annual, lang, signed=True),
                tr("ce.value", lang, value=per_rp(r["diff"])),
                ci,
            ]
        )
    if rows:
        pages.heading(tr("h.fiscal", lang), size=10.5)
        pages.paragraph(tr("cost.fiscal_intro", lang), size=8.0)
        pages.table(
            [
                tr("col.government", lang),
                tr("col.cost_year", lang),
                tr("col.pad_year", lang),
                tr("col.pad_per_rp", lang),
                tr("col.ci", lang),
            ],
            rows,
            [0.22, 0.18, 0.2, 0.18, 0.22],
        )


def _ratio_cell(value, lo, hi, part, lang) -> str:
    """A benefit-per-Rp ratio for a payer who bears ``part`` of the extra spending."""
    if not np.isfinite(value) or not np.isfinite(part) or part <= 0:
        return tr("na", lang)
    text = fmt_number(value / part, lang, 1)
    if np.isfinite(lo) and np.isfinite(hi) and hi > lo:
        text += " " + _interval(lo / part, hi / part, lang, lambda v: fmt_number(v, lang, 1))
    return text


def _caveats_section(pages: Pages, study: Study, lang: str) -> None:
    pages.heading(tr("h.caveats", lang))
    entry = study.scenarios[-1]
    prov = parameter_provenance(entry)
    counts = prov["class"].value_counts()

    def c(k):
        return fmt_number(int(counts.get(k, 0)), lang)

    pages.heading(tr("h.assumptions", lang), size=10.5)
    pages.paragraph(
        tr(
            "caveat.counts",
            lang,
            name=entry["name"],
            n=fmt_number(len(prov), lang),
            sourced=c("sourced"),
            calc=c("calculated"),
            assumed=c("assumption"),
            none=c("none"),
            share=fmt_pct(counts.get("assumption", 0) / max(len(prov), 1), lang, 0),
        ),
        size=8.6,
    )
    if counts.get("unknown", 0):
        pages.paragraph(tr("caveat.unknown", lang, n=c("unknown")), size=8.6)
    if counts.get("override", 0):
        keys = ", ".join(prov.loc[prov["class"] == "override", "key"])
        pages.paragraph(tr("caveat.overrides", lang, keys=keys), size=8.6)
    files = list((entry.get("scenario_files") or {}).keys())
    top = files[-1] if files else None
    own = prov[prov["file"] == top] if top else prov.iloc[:0]
    if len(own):
        assumed = int((own["class"] == "assumption").sum())
        pages.paragraph(
            tr(
                "caveat.levers",
                lang,
                file=top,
                n=fmt_number(len(own), lang),
                assumed=fmt_number(assumed, lang),
            ),
            size=8.6,
        )
        if len(own) <= MAX_LISTED_KEYS:
            rows = [
                [
                    r.key,
                    _param_value(r.key, r.value, lang),
                    tr(f"class.{r['class']}", lang),
                    textwrap.shorten(r.source, 70, placeholder=" ...") if r.source else "-",
                ]
                for _, r in own.iterrows()
            ]
            header = [tr(k, lang) for k in ("col.key", "col.value", "col.class", "col.note")]
            pages.table(
                header, rows, [0.37, 0.11, 0.12, 0.4], ["left", "right", "left", "left"], size=6.9
            )

    _robustness_section(pages, study, lang)
    pages.heading(tr("h.uncertainty", lang), size=10.5)
    items = []
    n = study.n
    level = fmt_pct(CONFIDENCE, lang, 0)
    if n < 2:
        items.append(tr("caveat.one_seed", lang))
    elif study.kind == "compare":
        items.append(tr("caveat.paired", lang, n=F.seeds_text(n, lang), level=level))
    else:
        items.append(tr("caveat.replicates", lang, n=F.seeds_text(n, lang), level=level))
    scale = study.scale
    if scale < 1.0:
        items.append(
            tr("caveat.scale", lang, scale=fmt_plain(scale, lang), pct=fmt_pct(scale, lang, 1))
        )
    items.append(
        tr(
            "caveat.horizon",
            lang,
            days=fmt_number(study.days, lang),
            start=_date_text(study.params["run"]["start_date"], lang),
        )
    )
    items += _data_caveats(study, lang)
    err = max(
        float(k["stock_flow_max_rel_error"].max())
        for k in study.kpis
        if "stock_flow_max_rel_error" in k
    )
    items.append(tr("caveat.stock_flow", lang, err=fmt_sig(err, lang, 2)))
    items.append(tr("caveat.williamson", lang))
    if study.kind == "compare" and study.robust is None:
        items.append(tr("caveat.no_ensemble", lang))
    schedule = study.params.get("schedule") or []
    if schedule:
        items.append(tr("caveat.schedule", lang, n=fmt_number(len(schedule), lang)))
    code = study.manifest.get("code", {})
    if code.get("dirty"):
        items.append(tr("caveat.dirty", lang, commit=str(code.get("commit"))[:12]))
    pages.bullets(items)


def _robustness_section(pages: Pages, study: Study, lang: str) -> None:
    """How the comparison's signs hold over the calibration's ensemble of parameter sets."""
    if study.robust is None:
        return
    robust = study.robust.set_index("kpi")
    main = study.compare.set_index("kpi")
    info = study.ensemble or {}
    pages.heading(tr("h.robustness", lang), size=10.5)
    members = int(robust["members"].max())
    rows, held, moved = [], 0, 0  # moved: KPIs the main comparison changes at all
    kpis = [k for k in TABLE_KPIS if k in robust.index and k in main.index]
    for kpi in kpis:
        r, diff = robust.loc[kpi], float(main.loc[kpi, "diff"])
        same = r["share_positive"] if diff > 0 else r["share_negative"] if diff < 0 else None
        moved += same is not None
        held += same is not None and same == 1.0
        rows.append([
            F.kpi_label(kpi, lang),
            _cell_diff(kpi, diff, lang),
            _cell_interval(kpi, r["diff_min"], r["diff_max"], lang, True),
            fmt_pct(same, lang, 0) if same is not None else tr("na", lang),
            fmt_pct(r["share_distinguishable"], lang, 0),
        ])  # fmt: skip
    pages.paragraph(
        tr(
            "robust.intro",
            lang,
            members=fmt_number(members, lang),
            replicates=fmt_number(int(info.get("replicates", 0)), lang),
            file=str(info.get("ensemble", "calibration/ensemble.csv")),
            held=fmt_number(held, lang),
            n=fmt_number(moved, lang),
        ),
        size=8.6,
    )
    header = [tr(k, lang) for k in ("col.kpi", "col.diff", "col.range", "col.same_sign",
                                    "col.real_share")]  # fmt: skip
    pages.table(header, rows, [0.34, 0.15, 0.27, 0.12, 0.12],
                ["left", "right", "right", "right", "right"], size=7.4)  # fmt: skip


def _param_value(key: str, value, lang: str) -> str:
    if "_rp" in key and abs(value) >= 1e6:
        return fmt_rp_short(value, lang)
    if abs(value) >= 1000:
        return fmt_number(value, lang)
    return fmt_plain(value, lang)


def _data_caveats(study: Study, lang: str) -> list[str]:
    """Warm-up swings and mass UMKM exits, measured in the policy scenario's daily series."""
    items = []
    frames = study.runs[study.names[-1]]
    main = study.params["run"]["main_commodity"]
    col = f"{main}_retail_price_rp_per_kg"
    window = 14
    if all(col in f for f in frames) and len(frames[0]) > 4 * window:

        def cv(x: pd.Series) -> float:
            return float(x.std() / x.mean())

        first = float(np.mean([cv(f[col].iloc[:window]) for f in frames]))
        rest = float(np.mean([cv(f[col].iloc[window:]) for f in frames]))
        if first > 1.5 * rest:
            items.append(
                tr(
                    "caveat.warmup",
                    lang,
                    commodity=F.commodity_label(main, lang),
                    days=fmt_number(window, lang),
                    first=fmt_sig(first, lang, 2),
                    rest=fmt_sig(rest, lang, 2),
                )
            )
    f = frames[0]
    if "umkm_alive_blitar" in f and len(f) > 1:
        alive = f["umkm_alive_blitar"].to_numpy(float)
        drop = -np.diff(alive) / np.where(alive[:-1] > 0, alive[:-1], np.nan)
        if np.isfinite(drop).any() and np.nanmax(drop) > 0.05:
            i = int(np.nanargmax(drop)) + 1
            items.append(
                tr(
                    "caveat.umkm_exit",
                    lang,
                    date=_date_text(f["date"].iloc[i], lang),
                    pct=fmt_pct(float(drop[i - 1]), lang, 0),
                    months=fmt_number(study.params["umkm"]["exit_after_loss_months"], lang),
                )
            )
    return items


def _reproduce_section(pages: Pages, study: Study, lang: str) -> None:
    m = study.manifest
    pages.heading(tr("h.reproduce", lang))
    argv = [str(a) for a in m.get("command", [])]
    command = " ".join(["python", *argv])
    from_cli = bool(argv) and Path(argv[0]).name in ("run_experiments.py", "kad-sim")
    pages.paragraph(tr("repro.command" if from_cli else "repro.command_api", lang), size=8.6)
    pages.paragraph(command, size=8.0, indent=0.2, mono=True)
    pages.paragraph(tr("repro.rerun", lang), size=8.6)
    folder = study.folder
    pages.paragraph(
        f"python run_experiments.py rerun {folder}/manifest.json", size=8.0, indent=0.2, mono=True
    )
    pages.paragraph(tr("repro.brief", lang), size=8.6)
    pages.paragraph(
        f"python run_experiments.py brief {folder} --lang {lang}", size=8.0, indent=0.2, mono=True
    )
    code = m.get("code", {})
    packages = m.get("packages", {})
    seeds = ", ".join(str(s) for s in study.seeds)
    rows = [
        [tr("repro.kind", lang), tr(f"kind.{study.kind}", lang)],
        [tr("repro.scenarios", lang), ", ".join(study.names)],
        [
            tr("repro.files", lang),
            "; ".join(
                f"{s['name']}: {', '.join(s.get('scenario_files') or {}) or tr('na', lang)}"
                for s in study.scenarios
            ),
        ],
        [
            tr("repro.overrides", lang),
            "; ".join(f"{k}={v}" for k, v in (study.scenarios[-1].get("overrides") or {}).items())
            or "-",
        ],
        [tr("repro.root_seed", lang), str(m.get("root_seed", m.get("seed", "")))],
        [tr("repro.seeds", lang), seeds],
        [
            tr("repro.commit", lang),
            f"{code.get('commit')}"
            + (f" ({tr('repro.dirty', lang)})" if code.get("dirty") else ""),
        ],
        [tr("repro.created", lang), str(m.get("created", ""))],
        [tr("repro.packages", lang), ", ".join(f"{k} {v}" for k, v in packages.items())],
        [tr("repro.folder", lang), str(folder)],
    ]
    pages.table(
        [tr("col.item", lang), tr("col.value", lang)],
        rows,
        [0.22, 0.78],
        ["left", "left"],
        size=7.4,
    )


# ====================================================================== figures
def _figure_builders(study: Study, lang: str) -> dict[str, Callable]:
    """Figure name -> draw(fig=None) for the brief's figures."""
    runs = study.runs
    params = study.params
    main = params["run"]["main_commodity"]
    regions = (params["producer_region"]["name"], params["market_region"]["name"])
    cap = F.source_line(study.names, study.n, lang, scale=study.scale, days=study.days)
    out: dict[str, Callable] = {}
    if study.kind == "compare":
        rows = study.compare

        def impacts(fig=None):
            return F.impact_bars(
                rows, lang=lang, scenarios=study.names, days=study.days, caption=cap, fig=fig
            )

        def ce(fig=None):
            return F.cost_effectiveness_figure(
                study.ce, lang=lang, scenarios=study.names, n_seeds=study.n, caption=cap, fig=fig
            )

        out["impacts"], out["cost_effectiveness"] = impacts, ce
    out["daily"] = lambda fig=None: F.overview_figure(
        runs, commodity=main, lang=lang, caption=cap, fig=fig
    )
    out["flows"] = lambda fig=None: F.flows_figure(
        runs, lang=lang, regions=regions, caption=cap, fig=fig
    )
    out["tourism"] = lambda fig=None: F.tourism_seasonality_figure(
        runs, lang=lang, regions=regions, caption=cap, fig=fig
    )
    out["umkm"] = lambda fig=None: F.umkm_channels_figure(runs, lang=lang, caption=cap, fig=fig)
    return out


def _save_figures(builders: dict[str, Callable], folder: Path, lang: str) -> list[Path]:
    written = []
    for name, draw in builders.items():
        fig = draw()
        written += F.save_figure(fig, folder / f"{name}_{lang}", formats=("png", "svg"))
    return written


# ====================================================================== the brief
def make_brief(
    folder: str | Path,
    lang: str = "id",
    out: str | Path | None = None,
    *,
    save_figures: bool = True,
) -> Path:
    """Write the policy brief of a run, replicates or comparison folder; returns the PDF path
    (default ``<folder>/brief_<lang>.pdf``). Figures go to ``<folder>/figures/`` too."""
    if lang not in LANGS:
        raise ConfigError("<brief>", "lang", f"{lang!r} is not one of {', '.join(LANGS)}")
    study = load_study(folder)
    path = Path(out) if out is not None else study.folder / f"brief_{lang}.pdf"
    builders = _figure_builders(study, lang)
    if save_figures:
        _save_figures(builders, study.folder / "figures", lang)

    params = study.params
    regions = (params["producer_region"]["name"], params["market_region"]["name"])
    if study.kind == "compare":
        subtitle = tr(
            "subtitle.compare",
            lang,
            b=study.names[1],
            a=study.names[0],
            r1=regions[1],
            r2=regions[0],
        )
    else:
        subtitle = tr("subtitle.one", lang, name=study.names[0], r1=regions[1], r2=regions[0])
    header = f"{tr('brief.title', lang)} · {subtitle}"
    footer = F.source_line(study.names, study.n, lang, scale=study.scale, days=study.days)
    footer = textwrap.shorten(f"{footer} {study.folder.name}", 130, placeholder=" ...")

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with PdfPages(
            tmp,
            metadata={
                "Title": f"{tr('brief.title', lang)}: {subtitle}",
                "Creator": "kad-sim",
                "Subject": str(study.folder),
            },
        ) as pdf:
            pages = Pages(pdf, header, footer, lang)
            # page 1: title, findings, key-KPI table
            pages.new_page()
            pages.title(tr("brief.title", lang), subtitle)
            created = str(study.manifest.get("created", ""))[:10]
            desc = [s["resolved_parameters"].get("description", "") for s in study.scenarios]
            pages.paragraph(
                tr("brief.meta", lang, date=created, folder=study.folder.name),
                size=7.8,
                color=S.MUTED,
            )
            for name, d in zip(study.names, desc, strict=True):
                if d:
                    pages.paragraph(
                        tr("brief.scenario_desc", lang, name=name, desc=d), size=7.8, color=S.MUTED
                    )
            pages.heading(tr("h.summary", lang))
            for para in summary_paragraphs(study, lang):
                pages.paragraph(para, size=8.9)
            _kpi_table(pages, study, lang)
            # figure pages
            b = builders
            if study.kind == "compare":
                pages.figure_page([(b["impacts"], 6.0), (b["cost_effectiveness"], 3.2)])
            pages.figure_page([(b["daily"], 1.0)])
            pages.figure_page([(b["flows"], 1.0), (b["tourism"], 1.0)])
            pages.figure_page([(b["umkm"], 1.0)], height_in=4.9)
            # program cost, caveats, reproduction
            _program_section(pages, study, lang)
            pages.space(0.3)
            _caveats_section(pages, study, lang)
            pages.space(0.2)
            _reproduce_section(pages, study, lang)
            pages.finish()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
