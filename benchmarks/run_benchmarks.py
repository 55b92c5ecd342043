"""Cost of the numba engine and the object-per-agent (python) engine, by population size.

Usage (from the project root, in the project's environment)::

    python benchmarks/run_benchmarks.py [--quick]

Measures, in this process after JIT warm-up:

(a) wall time of the ``step()`` loop (construction excluded) per agent-step, in ns, of both
    engines at about 10^3 ... 10^6 agents (numba: the fastest of ``NUMBA_REPEATS`` fresh
    models, since its loop lasts well under a second; python: one run). Agents are farmers,
    traders, UMKM firm slots and the tourist agents present (mean over the loop's days; they
    come on top of the size asked for, about 6 %); in the python engine each is one Mesa
    agent object. Also per phase:
    the trade phase (``trade.step``: its draws, levers, farmers and traders) per farmer and
    trader, and the UMKM and tourism phase
    (``tourism.step`` + ``umkm.step``) per firm slot and tourist; the rest of ``step()``
    (governments, program payments, recording, the stock-flow check) is shared code
    that does not grow with the population in numba but does in python (money check over the
    agents). The python engine runs only where its predicted loop time is under a minute. Up
    to full scale the population is set with ``run.scale``; beyond it, ``run.scale = 1`` and
    the economy is replicated: every commodity's ``farmers`` and ``output_t_per_year``, the
    UMKM firm counts, the tourist visits and both regions' populations are multiplied by the
    same factor.
(b) memory per agent (farmers, traders and UMKM firm slots; tourists come and go), in bytes:
    for numba the ``nbytes`` of their arrays over their number; for python the tracemalloc
    peak while building their agent objects (after the base model's arrays exist) over their
    number.
(c) the wall time of a full-scale 5-year baseline run (``run.days = 1826``, ``run.scale = 1``)
    with the numba engine, construction and steps.

and, in subprocesses, (d) the JIT cost: import + model construction + first step with an empty
numba cache (``NUMBA_CACHE_DIR`` set to a new temporary folder: everything compiles) and again
with that cache filled.

Writes ``benchmarks/results/benchmark.csv`` (one row per engine and size: agents and their
kinds, days, seconds and ns per agent-step for the whole step, the trade phase and the UMKM and
tourism phase, bytes per agent), ``cost_vs_agents.png`` and
``summary.json`` (5-year run, JIT times, machine), and prints a table with the python/numba
ratio at each size where both ran. ``--quick`` runs a reduced set (a smoke test) into
``benchmarks/results/quick/``.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

import numba
import numpy as np
from matplotlib.figure import Figure

from sim.config import load_scenario
from sim.model import DEFAULT_SCENARIO, KADModel
from sim.reference import ReferenceModel, Tourist

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON_BUDGET_S = 60.0  # the python engine runs a size only if its loop should take less
# a numba loop takes a fraction of a second, so one hiccup of the machine shows: it is timed on
# this many fresh models and the fastest is kept (as timeit does); the python loop runs once
NUMBA_REPEATS = 3
# (agents, days): days fall with size so that each loop takes seconds, not minutes
FULL = ((1_000, 365), (10_000, 180), (100_000, 30), (300_000, 30), (1_000_000, 30))
QUICK = ((1_000, 30), (10_000, 10))
FIVE_YEARS = 1826
QUICK_RUN_DAYS = 90

JIT_PROBE = """
import json, time
start = time.perf_counter()
from sim.model import KADModel
imported = time.perf_counter()
KADModel(seed=1, days=1, scale=0.01).step()
print(json.dumps({"import_s": imported - start, "import_and_first_step_s":
                  time.perf_counter() - start}))
"""


class _PhaseTimer:
    """Adds the wall time of the trade phase (``trade.step``) to ``trade_seconds`` and of the
    UMKM and tourism phase (``tourism.step`` and ``umkm.step``) to ``sector_seconds``."""

    trade_seconds = 0.0
    sector_seconds = 0.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.step = self._timed(self.trade.step, "trade_seconds")
        for sector in (self.umkm, self.tourism):
            sector.step = self._timed(sector.step, "sector_seconds")

    def _timed(self, step, total: str):
        def timed_step(*args):
            start = time.perf_counter()
            out = step(*args)
            setattr(self, total, getattr(self, total) + time.perf_counter() - start)
            return out

        return timed_step


class TimedNumba(_PhaseTimer, KADModel):
    """The numba engine, timing its phases."""


class TimedPython(_PhaseTimer, ReferenceModel):
    """The python engine, timing its phases and measuring memory while building agents (if
    tracemalloc is tracing)."""

    build_peak_bytes = 0
    build_retained_bytes = 0

    def build_agents(self):
        if not tracemalloc.is_tracing():
            super().build_agents()
            return
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        super().build_agents()
        current, peak = tracemalloc.get_traced_memory()
        self.build_retained_bytes = current - before
        self.build_peak_bytes = peak - before


@dataclass
class Row:
    """One line of benchmark.csv: agents (mean present), wall times in s and ns per
    agent-step (whole step() loop over all agents, trade phase over farmers and traders, UMKM
    and tourism phase over firm slots and tourists), memory in bytes per agent (farmers,
    traders and firm slots)."""

    engine: str
    agents: int
    trade_agents: int
    umkm_firms: int
    tourists: float
    days: int
    seconds: float
    ns_per_agent_step: float
    trade_seconds: float
    trade_ns_per_agent_step: float
    sector_seconds: float
    sector_ns_per_agent_step: float
    bytes_per_agent: float


def population_kwargs(agents: int, base_agents: int) -> dict:
    """Model keyword arguments for about ``agents`` farmers, traders and firms (see (a))."""
    if agents <= base_agents:
        return {"scale": agents / base_agents}
    factor = agents / base_agents
    params = load_scenario(DEFAULT_SCENARIO).params
    overrides = {}
    for name, q in params["commodities"].items():
        overrides[f"commodities.{name}.farmers"] = round(q["farmers"] * factor)
        overrides[f"commodities.{name}.output_t_per_year"] = q["output_t_per_year"] * factor
    for key in ("umkm.blitar_firms", "umkm.surabaya_firms"):
        section, leaf = key.split(".")
        overrides[key] = round(params[section][leaf] * factor)
    for key in (
        "tourism.surabaya_visits_per_year",
        "tourism.blitar_direct_visits_per_year",
        "market_region.population",
        "producer_region.population",
    ):
        section, leaf = key.split(".")
        overrides[key] = params[section][leaf] * factor
    return {"scale": 1.0, "overrides": overrides}


def trade_agent_count(model) -> int:
    return len(model.farmers) + len(model.traders)


def resident_count(model) -> int:
    """Farmers, traders and UMKM firm slots (the agents that live the whole run)."""
    return trade_agent_count(model) + len(model.umkm.region)


def tourists_present(model) -> int:
    if isinstance(model, ReferenceModel):
        return len(model.agents_by_type.get(Tourist, ()))
    return int(model.tourism.active.sum())


def soa_bytes(model) -> int:
    """Bytes of the farmer, trader and UMKM firm struct-of-arrays."""
    arrays = [*vars(model.farmers).values(), *vars(model.traders).values()]
    n = len(model.umkm.region)
    arrays += [a for a in vars(model.umkm).values() if isinstance(a, np.ndarray) and len(a) == n]
    return sum(a.nbytes for a in arrays)


def time_steps(model, days: int) -> tuple[float, float]:
    """Seconds of ``days`` calls of ``model.step()``, and the mean number of tourists present
    after a step (counted outside the timing)."""
    seconds = 0.0
    tourists = 0
    for _ in range(days):
        start = time.perf_counter()
        model.step()
        seconds += time.perf_counter() - start
        tourists += tourists_present(model)
    return seconds, tourists / days


def row(engine: str, model, days: int, seconds: float, tourists: float, nbytes: float) -> Row:
    trade = trade_agent_count(model)
    firms = len(model.umkm.region)
    agents = trade + firms + tourists
    return Row(
        engine=engine,
        agents=round(agents),
        trade_agents=trade,
        umkm_firms=firms,
        tourists=tourists,
        days=days,
        seconds=seconds,
        ns_per_agent_step=seconds / (agents * days) * 1e9,
        trade_seconds=model.trade_seconds,
        trade_ns_per_agent_step=model.trade_seconds / (trade * days) * 1e9,
        sector_seconds=model.sector_seconds,
        sector_ns_per_agent_step=model.sector_seconds / ((firms + tourists) * days) * 1e9,
        bytes_per_agent=nbytes / resident_count(model),
    )


def log(*parts) -> None:
    print(*parts, flush=True)


def measure_sizes(sizes, base_agents: int) -> list[Row]:
    log(HEADER)
    rows: list[Row] = []
    python_ns = None  # last measured python cost, to predict the next size's time
    for agents, days in sizes:
        kw = population_kwargs(agents, base_agents)
        best = None
        for _ in range(NUMBA_REPEATS):
            model = TimedNumba(days=days, **kw)
            seconds, tourists = time_steps(model, days)
            timed = row("numba", model, days, seconds, tourists, soa_bytes(model))
            if best is None or timed.seconds < best.seconds:
                best = timed
            del model
            gc.collect()  # free the arrays before the next, larger population
        rows.append(best)
        log(format_row(rows[-1]))
        predicted = python_ns * agents * days * 1e-9 if python_ns is not None else 0.0
        if predicted > PYTHON_BUDGET_S:
            log(f"python engine skipped at {agents} agents (predicted {predicted:.0f} s)")
            continue
        tracemalloc.start()
        model = TimedPython(days=days, **kw)
        tracemalloc.stop()
        seconds, tourists = time_steps(model, days)
        rows.append(row("python", model, days, seconds, tourists, model.build_peak_bytes))
        retained = model.build_retained_bytes / resident_count(model)
        log(format_row(rows[-1]), f"(retained after building: {retained:.0f} bytes/agent)")
        python_ns = rows[-1].ns_per_agent_step
        del model
        gc.collect()
    return rows


def full_scale_run(days: int) -> dict:
    """Wall time of a full-scale baseline run with the numba engine."""
    start = time.perf_counter()
    model = KADModel(seed=1, days=days, scale=1.0)
    built = time.perf_counter()
    model.run_model()
    done = time.perf_counter()
    return {
        "days": days,
        "agents_without_tourists": resident_count(model),
        "construction_s": built - start,
        "steps_s": done - built,
        "total_s": done - start,
    }


def jit_times() -> dict:
    """Import + construction + first step in fresh processes: empty numba cache, then filled."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        for label in ("cold", "cached"):
            done = subprocess.run(
                [sys.executable, "-c", JIT_PROBE],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            out[label] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def write_csv(rows: list[Row], path: Path) -> None:
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
        writer.writeheader()
        for r in rows:
            writer.writerow(asdict(r))


def plot(rows: list[Row], path: Path) -> None:
    """Log-log cost and memory per agent against the number of agents, both engines."""
    fig = Figure(figsize=(12, 5), layout="constrained")
    cost, mem = fig.subplots(1, 2)
    styles = {"numba": ("tab:blue", "o"), "python": ("tab:red", "s")}
    for engine, (color, marker) in styles.items():
        sel = [r for r in rows if r.engine == engine]
        if not sel:
            continue
        x = [r.agents for r in sel]
        cost.plot(
            x,
            [r.ns_per_agent_step for r in sel],
            color=color,
            marker=marker,
            label=f"{engine}: whole step()",
        )
        cost.plot(
            x,
            [r.trade_ns_per_agent_step for r in sel],
            color=color,
            marker=marker,
            linestyle="--",
            markerfacecolor="none",
            label=f"{engine}: trade phase (per farmer, trader)",
        )
        cost.plot(
            x,
            [r.sector_ns_per_agent_step for r in sel],
            color=color,
            marker=marker,
            linestyle=":",
            markerfacecolor="none",
            label=f"{engine}: UMKM and tourism phase (per firm, tourist)",
        )
        mem.plot(x, [r.bytes_per_agent for r in sel], color=color, marker=marker, label=engine)
    cost.set(
        xscale="log",
        yscale="log",
        xlabel="agents (farmers, traders, UMKM firms, tourists)",
        ylabel="wall time per agent-step (ns)",
        title="Cost per agent and day vs population",
    )
    mem.set(
        xscale="log",
        yscale="log",
        xlabel="agents (farmers, traders, UMKM firms, tourists)",
        ylabel="memory per farmer, trader, firm (bytes)",
        title="Agent state memory vs population",
    )
    # whole decades, so that the log axis has labelled ticks
    sizes = [r.bytes_per_agent for r in rows]
    mem.set_ylim(10 ** math.floor(math.log10(min(sizes))), 10 ** math.ceil(math.log10(max(sizes))))
    cost.legend(fontsize="small")
    mem.legend(title="numba: array nbytes\npython: tracemalloc peak", title_fontsize="small")
    for ax in (cost, mem):
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle(
        f"KAD model engines, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, numba {numba.__version__}"
    )
    fig.savefig(path, dpi=120)


HEADER = (
    f"{'engine':<7} {'agents':>9} {'days':>5} {'seconds':>9} {'ns/agent-step':>14} "
    f"{'trade ns':>9} {'umkm+tour ns':>13} {'bytes/agent':>12}"
)


def format_row(r: Row) -> str:
    return (
        f"{r.engine:<7} {r.agents:>9} {r.days:>5} {r.seconds:>9.3f} "
        f"{r.ns_per_agent_step:>14.1f} {r.trade_ns_per_agent_step:>9.1f} "
        f"{r.sector_ns_per_agent_step:>13.1f} {r.bytes_per_agent:>12.0f}"
    )


def print_table(rows: list[Row]) -> None:
    print(f"\n{HEADER}")
    for r in rows:
        print(format_row(r))
    # the same population in both engines: the same farmers, traders and firm slots (the
    # tourists present differ a little, so the total agents may differ in the last digit)
    numba_rows = {(r.trade_agents, r.umkm_firms): r for r in rows if r.engine == "numba"}
    print("\npython / numba cost ratio, per agent-step")
    for r in rows:
        n = numba_rows.get((r.trade_agents, r.umkm_firms))
        if r.engine == "python" and n is not None:
            print(
                f"  {r.agents:>9} agents: step() "
                f"{r.ns_per_agent_step / n.ns_per_agent_step:6.1f} x, trade phase "
                f"{r.trade_ns_per_agent_step / n.trade_ns_per_agent_step:6.1f} x, UMKM and "
                f"tourism phase {r.sector_ns_per_agent_step / n.sector_ns_per_agent_step:6.1f} x"
            )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced set, a smoke test")
    args = parser.parse_args(argv)
    out = RESULTS / "quick" if args.quick else RESULTS
    out.mkdir(parents=True, exist_ok=True)

    # compile (or load from the cache) every kernel the step uses, for both engines
    for cls in (TimedNumba, TimedPython):
        cls(days=3, scale=0.01).run_model()
    base_agents = resident_count(KADModel(seed=1, days=1, scale=1.0))
    rows = measure_sizes(QUICK if args.quick else FULL, base_agents)
    run_days = QUICK_RUN_DAYS if args.quick else FIVE_YEARS
    log(f"full-scale numba run, {run_days} days ...")
    run = full_scale_run(run_days)
    log(run)
    log("JIT compile, cold and cached (subprocesses) ...")
    jit = jit_times()
    log(jit)

    write_csv(rows, out / "benchmark.csv")
    plot(rows, out / "cost_vs_agents.png")
    summary = {
        "full_scale_run": run,
        "jit": jit,
        "machine": {
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numba": numba.__version__,
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print_table(rows)
    print(
        f"\n{run_days}-day full-scale numba run ({run['agents_without_tourists']} agents and "
        "the tourists): "
        f"{run['construction_s']:.2f} s construction + {run['steps_s']:.2f} s steps"
    )
    cold, cached = (jit[k]["import_and_first_step_s"] for k in ("cold", "cached"))
    print(f"JIT, import + construction + first step: cold {cold:.2f} s, cached {cached:.2f} s")
    print(f"written: {out / 'benchmark.csv'}, {out / 'cost_vs_agents.png'}, {out / 'summary.json'}")


if __name__ == "__main__":
    main()
