"""The explorer page (Solara, with Mesa's SolaraViz model controller).

Start it with ``python run_experiments.py explore`` or
``solara run sim/explorer/app.py --host 127.0.0.1 --port 8765``. The environment variable
``KAD_EXPLORER_SCALE`` sets the population scale (default 0.1).

The page holds one :class:`ExplorerModel` per browser tab. Mesa's ``ModelController`` gives
Reset / Play / Step (Step and each frame of Play advance "days per step" days). Moving a lever
or picking a scenario rebuilds the run with the new overrides and replays it, in a background
task, up to the day already reached, so the charts show the new policy at once; the baseline
run is kept (same seed) and never recomputed.
"""

from __future__ import annotations

import os
import warnings

import solara
import solara.lab

with warnings.catch_warnings():
    # Solara's hook checker flags a harmless pattern in Mesa's own ComponentsView on import
    warnings.filterwarnings("ignore", message=".*ComponentsView.*", category=UserWarning)
    from mesa.visualization.solara_viz import ModelController
    from mesa.visualization.utils import force_update, update_counter

from sim.config import load_scenario
from sim.explorer.charts import (
    CHARTS,
    chart_svg,
    difference_text,
    format_number,
    headline_value,
)
from sim.explorer.i18n import (
    DEFAULT_LANG,
    PAGE_TITLE,
    chart_in,
    date_in,
    group_in,
    headline_in,
    lever_in,
    localise_number,
    ui,
)
from sim.explorer.levers import (
    DEFAULT_SCENARIO,
    GROUPS,
    LEVERS,
    lever_defaults,
    list_scenarios,
    scenario_path,
)
from sim.explorer.session import DEFAULT_SCALE, ExplorerModel

SCALE = float(os.environ.get("KAD_EXPLORER_SCALE", DEFAULT_SCALE))
PLAY_PAUSE_MS = 60  # pause between frames while playing

CSS = """
.kad-page { padding: 12px 16px; max-width: 1680px; margin: 0 auto; }
.kad-header h1 { font-size: 1.5rem; margin: 0 0 2px 0; font-weight: 600; }
.kad-header .sub { color: #555; margin-bottom: 10px; }
.kad-layout { display: flex; gap: 16px; align-items: flex-start; }
.kad-side { width: 360px; flex: none; }
.kad-main { flex: 1 1 auto; min-width: 0; }
.kad-intro { font-size: 0.92rem; line-height: 1.45; }
.kad-intro p { margin-bottom: 6px; }
.kad-glossary { font-size: 0.85rem; color: #333; margin-top: 4px; }
.kad-glossary b { color: #000; }
.v-sheet.kad-grid { display: grid !important; gap: 12px;
                   grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); }
.kad-grid > * { min-width: 0; }
.kad-card { padding: 10px 12px 8px 12px; border: 1px solid #ddd; border-radius: 6px;
            background: #fff; }
.kad-card h3 { font-size: 1.0rem; margin: 0 0 2px 0; font-weight: 600; }
.kad-headline { font-size: 0.88rem; color: #222; min-height: 1.3em; }
.kad-headline .diff { font-weight: 600; }
.kad-legend { font-size: 0.8rem; color: #444; }
.kad-legend span.sw { display: inline-block; width: 18px; height: 0; vertical-align: middle;
                      margin: 0 3px 0 8px; border-top: 2px solid; }
.kad-legend span.sw.d { border-top-style: dashed; }
.kad-help { font-size: 0.78rem; color: #555; line-height: 1.3; }
.kad-status { font-size: 0.95rem; margin: 8px 0 10px 0; padding: 6px 10px;
              background: #eef3fb; border-radius: 6px; }
.v-sheet.kad-lever { margin: 2px 0 14px 0 !important; }
.kad-lever .name { font-size: 0.88rem; }
.kad-lever .value { font-weight: 600; }
.kad-lever .v-input { margin-top: 0; padding-top: 0; }
.kad-lever .v-input--switch .v-label { color: #222; font-size: 0.88rem; }
.kad-lever .help { font-size: 0.76rem; color: #555; line-height: 1.25; }
.kad-group { font-weight: 600; font-size: 0.95rem; margin: 8px 0 2px 0; color: #1565c0; }
.kad-note { font-size: 0.78rem; color: #555; line-height: 1.3; }
.kad-side .v-card { margin-bottom: 10px; }
"""


def _params(scenario: str, seed: int, values: dict) -> dict:
    return {"scenario": scenario, "seed": int(seed), "scale": SCALE, **values}


def _lever_text(lever, value, lang: str = DEFAULT_LANG) -> str:
    if lever.kind == "bool":
        return ui("on" if value else "off", lang)
    if lever.kind == "int":
        return localise_number(f"{int(value):,}", lang)
    return localise_number(format_number(float(value), 3), lang)


@solara.component
def LeverControl(lever, value, on_value, lang: str = DEFAULT_LANG):
    """One lever: its name and current value, the slider or switch, and a line of help."""
    lever = lever_in(lever, lang)
    with solara.Column(classes=["kad-lever", f"lever-{lever.name}"], gap="0px"):
        if lever.kind == "bool":
            solara.v.Switch(
                v_model=bool(value),
                on_v_model=lambda v: on_value(bool(v)),
                label=lever.label,
                hide_details=True,
                dense=True,
                class_=f"mt-0 lever-input-{lever.name}",
            )
        else:
            solara.HTML(
                "div",
                unsafe_innerHTML=f'<span class="name">{lever.label}: </span>'
                f'<span class="value">{_lever_text(lever, value, lang)}</span>',
            )
            solara.v.Slider(
                v_model=value,
                on_v_model=lambda v: on_value(lever.coerce(v)),
                min=lever.lo,
                max=lever.hi,
                step=lever.step,
                thumb_label=True,
                hide_details=True,
                dense=True,
                class_=f"lever-input-{lever.name}",
            )
        solara.HTML("div", unsafe_innerHTML=lever.help, classes=["help"])


@solara.component
def ChartCard(chart, model, lang: str = DEFAULT_LANG):
    """A chart with its title, headline number against the baseline, legend and help."""
    update_counter.get()
    chart = chart_in(chart, lang)
    run, base = model.run, model.baseline
    with solara.Column(classes=["kad-card", f"chart-{chart.key}"], gap="2px"):
        solara.HTML("h3", unsafe_innerHTML=chart.title)
        line = chart.lines[-1]
        a, b = headline_value(chart, run, line), headline_value(chart, base, line)
        headline = headline_in(chart, lang)
        what = f"{line.label}, {headline}" if len(chart.lines) > 1 else headline

        def number(v):
            return localise_number(format_number(v), lang)

        text = f"{what[0].upper()}{what[1:]}: <b>{chart.fmt.format(number(a))}</b>"
        if run.day > run.warmup_days:
            diff = difference_text(a, b, chart.fmt, lang)
            text += f" ({ui('baseline', lang)} {number(b)}) <span class='diff'>{diff}</span>"
        solara.HTML("div", unsafe_innerHTML=text, classes=["kad-headline"])
        if len(chart.lines) > 1:
            items = "".join(
                f'<span class="sw" style="border-color:{ln.color}"></span>{ln.label}'
                for ln in chart.lines
            )
            solara.HTML("div", unsafe_innerHTML=items, classes=["kad-legend"])
        solara.HTML("div", unsafe_innerHTML=chart_svg(chart, run, base, lang))
        solara.HTML("div", unsafe_innerHTML=chart.help, classes=["kad-help"])


@solara.component
def Dashboard(model, busy: bool, lang: str = DEFAULT_LANG):
    """The status line and the chart grid; redrawn after every step (Mesa's update counter)."""
    update_counter.get()
    run = model.run
    day, w = model.day, run.warmup_days  # reported days (the warm-up is run when built)
    if day:
        date = date_in(run.calendar.dates[w + day - 1], lang)
        when = ui("day", lang, day=day, days=model.days, date=date)
    else:
        date = date_in(run.calendar.dates[w], lang, weekday=False)
        when = ui("day0", lang, days=model.days, date=date)
    done = ui("finished", lang) if day >= model.days else ""
    scale = (
        ui("scaled", lang, scale=localise_number(f"{run.scale:g}", lang), n=f"{1 / run.scale:.0f}")
        if run.scale < 1
        else ui("full", lang)
    )
    status = f"<b>{when}</b>{done}<br>" + ui(
        "status", lang, file=model.scenario_file, seed=run.seed, scale=scale
    )
    if busy:
        status += f"<br><i>{ui('busy', lang)}</i>"
    solara.HTML("div", unsafe_innerHTML=status, classes=["kad-status", "kad-status-line"])
    legend = (
        f'<span class="sw" style="border-color:#1565c0"></span>{ui("legend.run", lang)}'
        f'<span class="sw d" style="border-color:#1565c0"></span>{ui("legend.base", lang)}'
    )
    solara.HTML("div", unsafe_innerHTML=legend, classes=["kad-legend"], style="margin-bottom:8px")
    with solara.Column(classes=["kad-grid"], gap="12px"):
        for chart in CHARTS:
            ChartCard(chart, model, lang)


@solara.component
def Page():
    scenarios = list_scenarios()
    by_file = {s.file: s for s in scenarios}
    first = solara.use_memo(lambda: ExplorerModel(DEFAULT_SCENARIO, seed=1, scale=SCALE), [])
    model = solara.use_reactive(first)
    params = solara.use_reactive(_params(DEFAULT_SCENARIO, 1, first.lever_values))
    days_per_step = solara.use_reactive(7)
    play_ms = solara.use_reactive(PLAY_PAUSE_MS)
    use_threads = solara.use_reactive(False)
    generation = solara.use_reactive(0)
    busy = solara.use_reactive(False)
    error = solara.use_reactive("")
    lang = solara.use_reactive(DEFAULT_LANG)
    latest = solara.use_memo(lambda: {"gen": 0}, [])

    def request(**changes):
        """Ask for a run with changed parameters; the newest request wins."""
        params.value = {**params.value, **changes}
        latest["gen"] += 1
        generation.value = latest["gen"]

    def rebuild():
        my_gen = generation.value
        wanted = dict(params.value)
        old = model.value
        current = _params(old.scenario_file, old.run.seed, old.lever_values)
        if my_gen == 0 or wanted == current:
            return
        busy.value = True
        try:
            while True:
                old = model.value
                with old.lock:  # the play loop waits while the run is rebuilt
                    if model.value is not old:
                        continue  # another rebuild finished first: start from its model
                    if latest["gen"] != my_gen:
                        return
                    new = ExplorerModel(**wanted, baseline_from=old)
                    stale = lambda: latest["gen"] != my_gen  # noqa: E731
                    if not new.advance_to(old.day, should_stop=stale):
                        return
                    old.retired = True
                    model.value = new
                    error.value = ""
                    break
        except Exception as exc:  # shown on the page; the previous run stays
            error.value = ui("error", lang.value, exc=exc)
        finally:
            if latest["gen"] == my_gen:
                busy.value = False
        force_update()

    solara.lab.use_task(rebuild, dependencies=[generation.value], prefer_threaded=True)

    def pick_scenario(file):
        if not file:
            return
        values = lever_defaults(load_scenario(scenario_path(file)).params)
        request(scenario=file, **values)

    def back_to_scenario():
        pick_scenario(params.value["scenario"])

    solara.Title(PAGE_TITLE)
    solara.Style(CSS)
    lg = lang.value
    with solara.Column(classes=["kad-page"], gap="0px"):
        with solara.Column(classes=["kad-header"], gap="0px"):
            with solara.Row(gap="16px", style="align-items: center"):
                solara.HTML("h1", unsafe_innerHTML=ui("heading", lg))
                solara.ToggleButtonsSingle(
                    value=lang, values=["id", "en"], classes=["lang-switch"], dense=True
                )
            solara.HTML("div", unsafe_innerHTML=ui("sub", lg), classes=["sub"])
        with solara.Row(classes=["kad-layout"], gap="16px"):
            with solara.Column(classes=["kad-side"], gap="0px"):
                Controls(
                    model, params, by_file, request, back_to_scenario, pick_scenario,
                    days_per_step, play_ms, use_threads, error, lg,
                )  # fmt: skip
            with solara.Column(classes=["kad-main"], gap="0px"):
                with solara.Card(margin=0, classes=["kad-intro"]):
                    solara.HTML("div", unsafe_innerHTML=ui("intro", lg))
                    solara.HTML("div", unsafe_innerHTML=ui("glossary", lg),
                                classes=["kad-glossary"])  # fmt: skip
                Dashboard(model.value, busy.value, lg)


@solara.component
def Controls(
    model, params, by_file, request, back_to_scenario, pick_scenario,
    days_per_step, play_ms, use_threads, error, lang=DEFAULT_LANG,
):  # fmt: skip
    """The left column: scenario, run controls and levers."""
    p = params.value
    with solara.Card(ui("card.scenario", lang), margin=0):
        items = [{"text": f"{s.name}: {s.text(lang)}", "value": s.file} for s in by_file.values()]
        solara.v.Select(
            v_model=p["scenario"],
            on_v_model=pick_scenario,
            items=items,
            label=ui("scenario.label", lang),
            dense=True,
            hide_details=True,
            class_="scenario-select",
        )
        info = by_file.get(p["scenario"])
        if info is not None:
            solara.HTML(
                "div",
                unsafe_innerHTML=info.text(lang),
                classes=["kad-note", "scenario-description"],
                style="margin: 6px 0 10px 0",
            )
        solara.InputInt(
            ui("seed", lang),
            value=p["seed"],
            on_value=lambda v: request(seed=max(0, int(v or 0))),
            dense=True,
            classes=["seed-input"],
            style="margin-top: 8px",
        )
    with solara.Card(ui("card.run", lang), margin=0):
        ModelController(
            model,
            model_parameters=params,
            play_interval=play_ms,
            render_interval=days_per_step,
            use_threads=use_threads,
        )
        solara.SliderInt(
            ui("days_per_step", lang, n=days_per_step.value),
            value=days_per_step,
            min=1,
            max=30,
        )
        solara.HTML(
            "div",
            unsafe_innerHTML=ui("run.note", lang),
            classes=["kad-note"],
        )
        if error.value:
            solara.Error(error.value)
    with solara.Card(ui("card.levers", lang), margin=0):
        solara.HTML(
            "div",
            unsafe_innerHTML=ui("levers.note", lang),
            classes=["kad-note"],
        )
        for group in GROUPS:
            solara.HTML("div", unsafe_innerHTML=group_in(group, lang), classes=["kad-group"])
            if group == GROUPS[-1]:
                solara.HTML(
                    "div",
                    unsafe_innerHTML=ui("shocks.note", lang),
                    classes=["kad-note"],
                )
            for lever in LEVERS:
                if lever.group == group:
                    LeverControl(
                        lever,
                        p[lever.name],
                        lambda v, name=lever.name: request(**{name: v}),
                        lang,
                    )
        solara.Button(
            ui("back", lang),
            on_click=back_to_scenario,
            outlined=True,
            small=True,
        )
