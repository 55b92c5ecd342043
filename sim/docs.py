"""The parameter reference (docs/PARAMETERS.md), generated from the schema."""

from sim.config.schema import REQUIRED, SCHEDULABLE, iter_params


def _fmt(value) -> str:
    if value is REQUIRED:
        return "required"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return f"`{value}`" if isinstance(value, str) else str(value)


def _range(p) -> str:
    if p.choices:
        return " / ".join(f"`{c}`" for c in p.choices)
    if p.lo is None and p.hi is None:
        return ""
    lo = "" if p.lo is None else f"{p.lo:g}"
    hi = "" if p.hi is None else f"{p.hi:g}"
    return f"{lo} .. {hi}"


def _source(p) -> str:
    """The source, then the stated plausible range(s) the uncertainty analysis uses."""
    if p.plausible is None:
        return p.source
    rows = p.plausible if isinstance(p.plausible[0], tuple) else (("", *p.plausible),)
    ranges = "; ".join(
        f"plausible range{f' ({entry})' if entry else ''} {lo:g} .. {hi:g}: {src}"
        for entry, lo, hi, src in rows
    )
    return f"{p.source}; {ranges}"


def parameter_reference() -> str:
    lines = [
        "# Scenario parameters",
        "",
        "Generated from `sim/config/schema.py` by `python run_experiments.py params`; a test",
        "checks that this file is current. Every key a scenario file may set, with its unit,",
        "default and allowed range. `<name>` stands for an entry name (e.g. `commodities.eggs`).",
        "Keys marked *required* have no default: `scenarios/baseline.toml` gives them, with the",
        "source of each value beside it.",
        "",
        "| key | unit | default | range | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for key, p in iter_params():
        doc = p.doc.replace("|", "\\|")
        lines.append(
            f"| `{key}` | {p.unit} | {_fmt(p.default)} | {_range(p)} | {doc} | {_source(p)} |"
        )
    lines += [
        "",
        "## Dated schedules",
        "",
        "A scenario may change levers and shocks on dates with `[[schedule]]` tables; schedules",
        "of all files in the `extends` chain apply, parents' first. `until` (optional, inclusive)",
        "makes a window after which the value in force before it returns. The value is checked",
        "against the key's type and range.",
        "",
        "```toml",
        "[[schedule]]",
        'key = "transport.road_quality"      # a road closure with a slow detour',
        "from = 2025-02-01",
        "until = 2025-02-14",
        "value = 0.25",
        "```",
        "",
        "Keys a schedule may change:",
        "",
    ]
    lines += [f"- `{key}`" for key in SCHEDULABLE]
    return "\n".join(lines) + "\n"
