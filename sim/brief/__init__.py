"""A policy brief (PDF) from a run, replicates or comparison folder, typeset by Typst.

``make_brief(folder, lang="id")`` writes ``<folder>/brief_<lang>.pdf``. Page 1 is the answer:
three plain-language points (what changes and for whom, how sure, at what cost to each
government) and one figure of who gains and who loses. Detail pages follow: the groups'
gains and losses, every main indicator with its verdict, why some get worse, the figures,
which assumptions decide the answer (from a sensitivity screening of the pair, when there is
one), cost per government and the limits. The appendix lists file names, parameter keys and
the commands that reproduce the folder. Every number comes from the folder's files; the
figures are also written as PNG and SVG to ``<folder>/figures/``.

The package holds one module per concern: :mod:`~sim.brief.reader` (the folder),
:mod:`~sim.brief.screening` (a sensitivity screening of the pair), :mod:`~sim.brief.text`
(words and reader-rounded numbers), :mod:`~sim.brief.prose` (what the brief says),
:mod:`~sim.brief.sections` (which page says it) and :mod:`~sim.brief.layout` (Typst).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

from sim.brief import sections
from sim.brief.layout import Doc, write_pdf
from sim.brief.prose import TABLE_KPIS, answer_points, government_balance, incidence
from sim.brief.reader import (
    ENSEMBLE_JSON,
    ENSEMBLE_ROBUSTNESS_CSV,
    INCIDENCE_CSV,
    KINDS,
    Study,
    classify_source,
    government_spending_per_year,
    load_study,
    parameter_provenance,
    program_table,
    spending_per_year,
    surabaya_share,
    toml_comments,
)
from sim.brief.screening import find_screening, load_screening
from sim.brief.text import display_names, t
from sim.errors import ConfigError
from sim.plots import figures as F
from sim.plots.i18n import LANGS

__all__ = [
    "ENSEMBLE_JSON",
    "ENSEMBLE_ROBUSTNESS_CSV",
    "INCIDENCE_CSV",
    "KINDS",
    "TABLE_KPIS",
    "Study",
    "answer_points",
    "classify_source",
    "government_balance",
    "government_spending_per_year",
    "incidence",
    "load_screening",
    "load_study",
    "make_brief",
    "parameter_provenance",
    "program_table",
    "spending_per_year",
    "surabaya_share",
    "toml_comments",
]


def _draw_figures(study, lang: str, tmp: Path, keep: Path | None) -> dict[str, Path]:
    """Draw every figure once: SVG for the PDF in ``tmp``; PNG and SVG in ``keep`` if given."""
    svgs = {}
    for name, draw in sections.figure_builders(study, lang).items():
        fig = draw()
        svgs[name] = F.save_figure(fig, tmp / name, formats=("svg",))[0]
        if keep is not None and name != "answer":
            F.save_figure(fig, keep / f"{name}_{lang}", formats=("png", "svg"))
        plt.close(fig)
    return svgs


def build(study, lang: str, svgs: dict[str, Path]) -> Doc:
    """The brief of ``study`` as a Typst document."""
    names = display_names(study, lang)
    if study.kind == "compare":
        subtitle = t("subtitle.compare", lang, a=names[0], b=names[1])
    else:
        subtitle = t("subtitle.one", lang, name=names[0])
    title = t("title", lang)
    page_word, of_word = t("page", lang, n="").strip(), ("dari" if lang == "id" else "of")
    header = f"{title} · {subtitle}"
    if study.n >= 2 and not study.has_param_range():  # quick mode: every page says so
        header += f" · {t('header.seeds_only', lang)}"
    doc = Doc(lang, f"{title}: {subtitle}", header, page_word, of_word)
    answer_figure = svgs.get("answer", svgs["flows"])
    sections.page_one(doc, study, lang, answer_figure)
    doc.pagebreak()
    doc.outline(t("h.contents", lang))
    sections.incidence_section(doc, study, lang)
    sections.kpi_section(doc, study, lang)
    sections.why_section(doc, study, lang)
    sections.figures_section(doc, study, lang, svgs)
    sections.drivers_section(doc, study, lang)
    sections.cost_section(doc, study, lang)
    sections.limits_section(doc, study, lang)
    sections.appendix(doc, study, lang)
    return doc


def make_brief(
    folder: str | Path,
    lang: str = "id",
    out: str | Path | None = None,
    *,
    save_figures: bool = True,
    screening: str | Path | None = None,
) -> Path:
    """Write the policy brief of a run, replicates or comparison folder; returns the PDF path
    (default ``<folder>/brief_<lang>.pdf``). Figures go to ``<folder>/figures/`` too.

    A comparison's brief says which assumptions drive each headline change and where B fails,
    from the sensitivity ``screening`` of the pair (a folder of ``run_experiments.py
    sensitivity A B``, with ``discover``'s ``discovery/`` inside it), else from the screening
    the comparison's manifest names (``compare --screening``); a screening of another pair
    raises ConfigError."""
    if lang not in LANGS:
        raise ConfigError("<brief>", "lang", f"{lang!r} is not one of {', '.join(LANGS)}")
    study = load_study(folder)
    study.screening, study.screening_named = find_screening(study, screening)
    path = Path(out) if out is not None else study.folder / f"brief_{lang}.pdf"
    keep = study.folder / "figures" if save_figures else None
    with tempfile.TemporaryDirectory(prefix="kad-figures-") as tmp:
        svgs = _draw_figures(study, lang, Path(tmp), keep)
        return write_pdf(build(study, lang, svgs), path)
