"""Figures and formatting: exact locale strings, figures that render without warnings with one
replicate and with several, labelled axes, a footer naming scenarios and seeds, atomic saving."""

import io
import re
import warnings

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.experiment import compare, run_scenario
from sim.plots import figures as F
from sim.plots import style
from sim.plots.formatting import (
    LocaleFormatter,
    fmt_number,
    fmt_pct,
    fmt_rp,
    fmt_rp_short,
    fmt_tonnes,
)
from sim.plots.i18n import LANGS, STRINGS, tr

from .conftest import BASELINE, MOU

SHORT = {"run.days": 45, "run.scale": 0.02}


# ---------------------------------------------------------------------- formatting
@pytest.mark.parametrize(
    ("value", "lang", "per", "expected"),
    [
        (25_000, "id", "kg", "Rp 25.000/kg"),
        (25_000, "en", "kg", "Rp 25,000/kg"),
        (-2_283.4, "id", "kg", "-Rp 2.283/kg"),
        (-2_283.4, "en", "kg", "-Rp 2,283/kg"),
        (0, "id", None, "Rp 0"),
        (-0.4, "en", None, "Rp 0"),  # no negative zero
        (7, "id", "kg", "Rp 7/kg"),
        (1_234_567_890_123, "id", None, "Rp 1.234.567.890.123"),
        (1_234_567_890_123, "en", None, "Rp 1,234,567,890,123"),
        (float("nan"), "id", "kg", "t/a"),
        (float("inf"), "en", None, "n/a"),
    ],
)
def test_rupiah_in_full(value, lang, per, expected):
    assert fmt_rp(value, lang, per=per) == expected


@pytest.mark.parametrize(
    ("value", "expected_id", "expected_en"),
    [
        (1.2e9, "Rp 1,2 M", "Rp 1.2 bn"),
        (3.5e8, "Rp 350 jt", "Rp 350 M"),
        (1.5e12, "Rp 1,5 T", "Rp 1.5 T"),
        (-6.872e6, "-Rp 6,9 jt", "-Rp 6.9 M"),
        (2.0e9, "Rp 2 M", "Rp 2 bn"),
        (12.345e9, "Rp 12,3 M", "Rp 12.3 bn"),
        (999.96e6, "Rp 1 M", "Rp 1 bn"),  # rounds up into the next unit
        (2.5e15, "Rp 2.500 T", "Rp 2,500 T"),  # beyond triliun: grouped triliun
        (350_000, "Rp 350.000", "Rp 350,000"),  # below a juta: in full
        (0.0, "Rp 0", "Rp 0"),
        (-0.3, "Rp 0", "Rp 0"),
    ],
)
def test_rupiah_short(value, expected_id, expected_en):
    assert fmt_rp_short(value, "id") == expected_id
    assert fmt_rp_short(value, "en") == expected_en


def test_signed_rupiah_and_per_unit():
    assert fmt_rp_short(6.9e6, "id", signed=True) == "+Rp 6,9 jt"
    assert fmt_rp_short(-31.8e9, "en", signed=True) == "-Rp 31.8 bn"
    assert fmt_rp_short(0.0, "id", signed=True) == "Rp 0"
    assert fmt_rp(439.4, "id", per="kg", signed=True) == "+Rp 439/kg"


@pytest.mark.parametrize(
    ("value", "kw", "expected_id", "expected_en"),
    [
        (0.125, {}, "12,5%", "12.5%"),
        (-0.0321, {}, "-3,2%", "-3.2%"),
        (0.0, {}, "0,0%", "0.0%"),
        (-0.0004, {}, "0,0%", "0.0%"),  # rounds to zero: no sign
        (0.0004, {"decimals": 2}, "0,04%", "0.04%"),
        (12.5, {}, "1.250,0%", "1,250.0%"),
        (0.08, {"signed": True}, "+8,0%", "+8.0%"),
        (0.5, {"decimals": 0}, "50%", "50%"),
        (float("nan"), {}, "t/a", "n/a"),
    ],
)
def test_percentages(value, kw, expected_id, expected_en):
    assert fmt_pct(value, "id", **kw) == expected_id
    assert fmt_pct(value, "en", **kw) == expected_en


def test_numbers_and_tonnes():
    assert fmt_number(1_234_567.8, "id") == "1.234.568"
    assert fmt_number(1_234_567.8, "en") == "1,234,568"
    assert fmt_number(-0.049, "id", 1) == "0,0"
    assert fmt_number(-1234.5, "en", 1, signed=True) == "-1,234.5"
    assert fmt_tonnes(1913.4, "id") == "1.913 t"
    assert fmt_tonnes(13.59, "en", signed=True) == "+13.6 t"
    assert fmt_tonnes(0.0, "id") == "0 t"
    with pytest.raises(ValueError, match="unknown language"):
        fmt_pct(0.1, "fr")


def test_tick_formatters_share_one_unit_and_stay_distinct():
    assert LocaleFormatter("rp", "id").format_ticks([0, 5e8, 1e9, 1.5e9]) == [
        "Rp 0", "Rp 0,5 M", "Rp 1,0 M", "Rp 1,5 M",
    ]  # fmt: skip
    assert LocaleFormatter("rp", "en").format_ticks([2e6, 4e6, 6e6]) == [
        "Rp 2 M", "Rp 4 M", "Rp 6 M",
    ]  # fmt: skip
    assert LocaleFormatter("rp", "id").format_ticks([22_000, 24_000]) == ["Rp 22.000", "Rp 24.000"]
    assert LocaleFormatter("pct", "en").format_ticks([0, 0.25, 0.5]) == ["0%", "25%", "50%"]
    assert LocaleFormatter("number", "id").format_ticks([0.1, 0.15, 0.2]) == [
        "0,10",
        "0,15",
        "0,20",
    ]
    assert LocaleFormatter("number", "en").format_ticks([-1e6, 0, 1e6]) == ["-1 M", "0", "1 M"]


def test_dictionary_has_both_languages_with_the_same_placeholders():
    field = re.compile(r"{(\w*)}")
    for key, entry in STRINGS.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key
        assert set(field.findall(entry["id"])) == set(field.findall(entry["en"])), key
    assert tr("months", "id").split()[4] == "Mei" and tr("months", "en").split()[4] == "May"


# ---------------------------------------------------------------------- figures
@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    """Daily frames of a 3-seed comparison and of one run, with the compare tables."""
    root = tmp_path_factory.mktemp("plots")
    folder, table, ce = compare(BASELINE, MOU, 3, overrides=SHORT, workers=1, out=root / "c")
    seeds = pd.read_csv(folder / "kpis_a.csv")["seed"].tolist()
    runs = {
        "baseline": [
            pd.read_parquet(folder / "a" / f"seed-{s}" / "timeseries.parquet") for s in seeds
        ],
        "mou": [pd.read_parquet(folder / "b" / f"seed-{s}" / "timeseries.parquet") for s in seeds],
    }
    one, _ = run_scenario(MOU, seed=2, days=45, scale=0.02, out=root / "one")
    single = [pd.read_parquet(one / "timeseries.parquet")]
    return {"runs": runs, "single": single, "table": table, "ce": ce}


def _texts(fig) -> list[str]:
    out = [t.get_text() for t in fig.texts]
    for sub in fig.subfigs:
        out += _texts(sub)
    return out


def _check(fig, lang="id", scenarios=("mou",), n_seeds=None):
    """Renders without warnings; every visible axis is labelled; the footer names the
    scenarios and the number of seeds."""
    assert isinstance(fig, Figure)
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    for ax in fig.get_axes():
        if not ax.get_visible() or not ax.axison:
            continue
        if ax.get_label() == "<colorbar>":
            assert ax.get_ylabel()
            continue
        assert ax.get_xlabel(), ax.get_title()
        categorical = any(t.get_text() for t in ax.get_yticklabels()) and not ax.get_ylabel()
        assert ax.get_ylabel() or categorical, ax.get_title()
    footer = " ".join(t for t in _texts(fig) if tr("source.model", lang, scenarios="")[:7] in t)
    assert footer, "no footer naming the source"
    for name in scenarios:
        assert name in footer
    if n_seeds is not None:
        assert F.seeds_text(n_seeds, lang) in footer


DAILY_FIGURES = [
    F.overview_figure,
    F.prices_figure,
    F.volumes_figure,
    F.incomes_figure,
    F.flows_figure,
    F.umkm_channels_figure,
    F.tourism_seasonality_figure,
]


@pytest.mark.parametrize("draw", DAILY_FIGURES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("lang", LANGS)
def test_daily_figures_with_many_and_with_one_replicate(daily, draw, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _check(draw(daily["runs"], lang=lang), lang, ("baseline", "mou"), 3)
        _check(draw({"mou": daily["single"]}, lang=lang), lang, ("mou",), 1)
        _check(draw(daily["single"], lang=lang), lang, (), 1)  # a plain list of frames


def test_fan_bands_only_with_replicates(daily):
    fig = Figure()
    ax = fig.subplots()
    F.fan(ax, daily["runs"], "eggs_retail_price_rp_per_kg")
    assert len(ax.collections) == 4  # two bands for each of two scenarios
    ax2 = Figure().subplots()
    F.fan(ax2, {"mou": daily["single"]}, "eggs_retail_price_rp_per_kg")
    assert len(ax2.collections) == 0 and len(ax2.lines) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_figures(daily, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = F.impact_bars(daily["table"], lang=lang, scenarios=("baseline", "mou"), days=45)
        _check(fig, lang, ("baseline", "mou"), 3)
        labels = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
        assert F.kpi_label("farmer_income_mean_rp", lang) in labels
        fig = F.cost_effectiveness_figure(
            daily["ce"], lang=lang, scenarios=("baseline", "mou"), n_seeds=3
        )
        _check(fig, lang, ("baseline", "mou"), 3)
        # no spending difference: ratios are NaN and the figure says so
        flat = daily["ce"].assign(rp_per_rp=np.nan, ci_low=np.nan, ci_high=np.nan)
        fig = F.cost_effectiveness_figure(flat, lang=lang, scenarios=("mou", "mou"), n_seeds=3)
        _check(fig, lang, ("mou",), 3)
        assert tr("ce.undefined", lang) in _texts_all(fig)


def _texts_all(fig) -> str:
    return " ".join(_texts(fig) + [t.get_text() for ax in fig.get_axes() for t in ax.texts])


def _sweep_frame(seeds=(1, 2, 3)) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    point = 0
    for subsidy in (0.0, 250.0, 500.0, 750.0):
        for lag in (1, 3, 5):
            for seed in seeds:
                rows.append({
                    "programs.logistics_subsidy.subsidy_rp_per_kg": subsidy,
                    "information.lag_days": lag, "point": point, "seed": seed,
                    "farmer_income_mean_rp": 4.6e7 + 8e3 * subsidy - 1e6 * lag + rng.normal(0, 5e5),
                    "waste_t_per_year": 60 + 2 * lag + rng.normal(0, 1),
                })  # fmt: skip
            point += 1
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seeds", [(1,), (1, 2, 3)])
@pytest.mark.parametrize("lang", LANGS)
def test_sweep_figures(lang, seeds):
    df = _sweep_frame(seeds)
    x, lag = "programs.logistics_subsidy.subsidy_rp_per_kg", "information.lag_days"
    indices = pd.DataFrame({
        "kpi": ["farmer_income_mean_rp"] * 2 + ["waste_t_per_year"] * 2, "parameter": [x, lag] * 2,
        "S1": [0.7, 0.2, 0.05, 0.9], "S1_low": [0.6, 0.1, -0.02, 0.8],
        "S1_high": [0.8, 0.3, 0.1, 1.0], "ST": [0.75, 0.25, 0.1, 0.95],
        "ST_low": [0.65, 0.15, 0.0, 0.85], "ST_high": [0.85, 0.35, 0.2, 1.05],
    })  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = F.response_curve(df, x, "farmer_income_mean_rp", lang=lang, scenario="baseline")
        _check(fig, lang, ("baseline",), len(seeds))
        ax = fig.get_axes()[0]
        assert "Rp/kg" in ax.get_xlabel() and "Rp" in ax.get_ylabel()
        # paired differences against the lowest subsidy, seed by seed
        by = df.groupby([x, "seed"])["farmer_income_mean_rp"].mean().unstack()
        paired = (by - by.iloc[0]).mean(axis=1).to_numpy()
        np.testing.assert_allclose(ax.lines[0].get_ydata(), paired)
        assert paired[0] == 0.0
        fig = F.response_curve(df, x, "waste_t_per_year", hue=lag, lang=lang, scenario="baseline")
        _check(fig, lang, ("baseline",), len(seeds))
        lines = [ln for ln in fig.get_axes()[0].lines if not ln.get_label().startswith("_")]
        assert len(lines) == 3  # one line per lag
        fig = F.heatmap(df, x, lag, "waste_t_per_year", lang=lang, scenario="baseline")
        _check(fig, lang, ("baseline",), len(seeds))
        cells = df.groupby([lag, x, "seed"])["waste_t_per_year"].mean()
        ref = cells.loc[(1, 0.0)]  # the reference cell: lowest lag, lowest subsidy
        grid = (cells - ref.reindex(cells.index, level="seed")).groupby([lag, x]).mean()
        image = fig.get_axes()[0].images[0]
        np.testing.assert_allclose(image.get_array(), grid.unstack().to_numpy(), atol=1e-9)
        lo, hi = image.get_clim()
        assert lo == pytest.approx(-hi)  # centred on zero change
        texts = [t.get_text() for t in fig.get_axes()[0].texts]
        assert len(set(texts)) == len(np.unique(np.round(grid.to_numpy(), 9)))
        if lang == "id":
            labels = " ".join(t.get_text() for a in fig.get_axes() for t in
                              (a.xaxis.label, a.yaxis.label, *a.get_xticklabels(),
                               *a.get_yticklabels()))  # fmt: skip
            assert "days" not in labels and "(hari)" in labels
            assert "1,00" not in labels and "5,00" not in labels
        fig = F.sensitivity_bars(indices, lang=lang, scenario="baseline", n_seeds=len(seeds))
        _check(fig, lang, ("baseline",), len(seeds))
        assert len(fig.get_axes()) >= 2


def test_heatmap_bins_continuous_designs():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"a": rng.uniform(0, 1, 200), "b": rng.uniform(0, 10, 200),
                       "waste_t_per_year": rng.normal(50, 5, 200), "seed": 1,
                       "point": np.arange(200)})  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = F.heatmap(df, "a", "b", "waste_t_per_year")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    assert fig.get_axes()[0].images[0].get_array().shape == (8, 8)


# ---------------------------------------------------------------------- style and saving
def test_style_does_not_touch_global_settings(daily):
    before = {k: mpl.rcParams[k] for k in style.RC}
    import importlib

    importlib.reload(style)
    F.overview_figure(daily["single"]).savefig(io.BytesIO(), format="png", dpi=30)
    assert {k: mpl.rcParams[k] for k in style.RC} == before
    with style.apply_style():
        assert mpl.rcParams["font.size"] == style.RC["font.size"]
    assert {k: mpl.rcParams[k] for k in style.RC} == before


def test_series_differ_by_more_than_colour():
    for a, b in zip(style.SERIES, style.SERIES[1:], strict=False):
        assert (a["linestyle"], a["marker"], a["hatch"]) != (
            b["linestyle"],
            b["marker"],
            b["hatch"],
        )
    assert len({s["marker"] for s in style.SERIES}) == len(style.SERIES)


def test_save_figure_writes_png_svg_pdf_atomically(daily, tmp_path):
    from PIL import Image

    fig = F.flows_figure(daily["runs"], lang="en")
    paths = F.save_figure(fig, tmp_path / "out" / "flows_en")
    assert [p.name for p in paths] == ["flows_en.png", "flows_en.svg", "flows_en.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    with Image.open(paths[0]) as im:
        assert round(im.info["dpi"][0]) == 300
        assert im.width == round(fig.get_figwidth() * 300)
    assert "Goods: Blitar" in paths[1].read_text()  # SVG text stays text
    assert paths[2].read_bytes().startswith(b"%PDF")
