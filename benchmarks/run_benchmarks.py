"""Cost of the numba engine and the object-per-agent (python) engine, by population size.

Usage (from the project root, in the project's environment)::

    python benchmarks/run_benchmarks.py [--quick]

Measures, in this process after JIT warm-up:

(a) wall time of the ``step()`` loop (construction excluded) per agent-step, in ns, of both
    engines at about 10^3 ... 10^6 agents (farmers + traders); also of the trade phase alone
    (``_step_trade``), since ``step()`` includes UMKM, tourism and recording work that does not
    grow with the farm population. The python engine runs only where its predicted loop time
    is under a minute. Up to full scale the population is set with ``run.scale``; beyond it,
    ``run.scale = 1`` and every commodity's ``farmers`` and ``output_t_per_year`` are
    multiplied by the same factor.
(b) memory per agent, in bytes: for numba the ``nbytes`` of the farmer and trader arrays over
    the number of agents; for python the tracemalloc peak while building the agent objects
    (after the base model's arrays exist) over the number of agents.
(c) the wall time of a full-scale 5-year baseline run (``run.days = 1826``, ``run.scale = 1``)
    with the numba engine, construction and steps.

and, in subprocesses, (d) the JIT cost: import + model construction + first step with an empty
numba cache (``NUMBA_CACHE_DIR`` set to a new temporary folder: everything compiles) and again
with that cache filled.

Writes ``benchmarks/results/benchmark.csv`` (engine, agents, days, seconds, ns_per_agent_step,
bytes_per_agent, trade_seconds, trade_ns_per_agent_step), ``cost_vs_agents.png`` and
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
from matplotlib.figure import Figure

from sim.config import load_scenario
from sim.model import DEFAULT_SCENARIO, KADModel
from sim.reference import ReferenceModel

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON_BUDGET_S = 60.0  # the python engine runs a size only if its loop should take less
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
KADModel(days=1, scale=0.01).step()
print(json.dumps({"import_s": imported - start, "import_and_first_step_s":
                  time.perf_counter() - start}))
"""


class _TradeTimer:
    """Adds the wall time of the trade phase (``_step_trade``) to ``trade_seconds``."""

    trade_seconds = 0.0

    def _step_trade(self, t, info_on, transit_days):
        start = time.perf_counter()
        super()._step_trade(t, info_on, transit_days)
        self.trade_seconds += time.perf_counter() - start


class TimedNumba(_TradeTimer, KADModel):
    """The numba engine, timing its trade phase."""


class TimedPython(_TradeTimer, ReferenceModel):
    """The python engine, timing its trade phase and measuring memory while building agents
    (if tracemalloc is tracing)."""

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
    """One line of benchmark.csv: wall times in s and ns per agent-step (step() loop and its
    trade phase), memory in bytes per agent."""

    engine: str
    agents: int
    days: int
    seconds: float
    ns_per_agent_step: float
    bytes_per_agent: float
    trade_seconds: float
    trade_ns_per_agent_step: float


def population_kwargs(agents: int, base_agents: int) -> dict:
    """Model keyword arguments for about ``agents`` farmers + traders (see (a) above)."""
    if agents <= base_agents:
        return {"scale": agents / base_agents}
    factor = agents / base_agents
    coms = load_scenario(DEFAULT_SCENARIO).params["commodities"]
    overrides = {}
    for name, q in coms.items():
        overrides[f"commodities.{name}.farmers"] = round(q["farmers"] * factor)
        overrides[f"commodities.{name}.output_t_per_year"] = q["output_t_per_year"] * factor
    return {"scale": 1.0, "overrides": overrides}


def agent_count(model) -> int:
    return len(model.farmers) + len(model.traders)


def soa_bytes(model) -> int:
    """Bytes of the farmer and trader struct-of-arrays."""
    arrays = [*vars(model.farmers).values(), *vars(model.traders).values()]
    return sum(a.nbytes for a in arrays)


def time_steps(model, days: int) -> float:
    """Seconds of ``days`` calls of ``model.step()``."""
    start = time.perf_counter()
    for _ in range(days):
        model.step()
    return time.perf_counter() - start


def row(engine: str, model, days: int, seconds: float, nbytes: float) -> Row:
    n = agent_count(model)
    return Row(
        engine=engine,
        agents=n,
        days=days,
        seconds=seconds,
        ns_per_agent_step=seconds / (n * days) * 1e9,
        bytes_per_agent=nbytes / n,
        trade_seconds=model.trade_seconds,
        trade_ns_per_agent_step=model.trade_seconds / (n * days) * 1e9,
    )


def log(*parts) -> None:
    print(*parts, flush=True)


def measure_sizes(sizes, base_agents: int) -> list[Row]:
    log(HEADER)
    rows: list[Row] = []
    python_ns = None  # last measured python cost, to predict the next size's time
    for agents, days in sizes:
        kw = population_kwargs(agents, base_agents)
        model = TimedNumba(days=days, **kw)
        seconds = time_steps(model, days)
        rows.append(row("numba", model, days, seconds, soa_bytes(model)))
        log(format_row(rows[-1]))
        del model
        gc.collect()  # free the arrays before the next, larger population
        predicted = python_ns * agents * days * 1e-9 if python_ns is not None else 0.0
        if predicted > PYTHON_BUDGET_S:
            log(f"python engine skipped at {agents} agents (predicted {predicted:.0f} s)")
            continue
        tracemalloc.start()
        model = TimedPython(days=days, **kw)
        tracemalloc.stop()
        seconds = time_steps(model, days)
        rows.append(row("python", model, days, seconds, model.build_peak_bytes))
        retained = model.build_retained_bytes / agent_count(model)
        log(format_row(rows[-1]), f"(retained after building: {retained:.0f} bytes/agent)")
        python_ns = rows[-1].ns_per_agent_step
        del model
        gc.collect()
    return rows


def full_scale_run(days: int) -> dict:
    """Wall time of a full-scale baseline run with the numba engine."""
    start = time.perf_counter()
    model = KADModel(days=days, scale=1.0)
    built = time.perf_counter()
    model.run_model()
    done = time.perf_counter()
    return {
        "days": days,
        "agents": agent_count(model),
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
            label=f"{engine}: trade phase",
        )
        mem.plot(x, [r.bytes_per_agent for r in sel], color=color, marker=marker, label=engine)
    cost.set(
        xscale="log",
        yscale="log",
        xlabel="agents (farmers + traders)",
        ylabel="wall time per agent-step (ns)",
        title="Cost per agent and day vs population",
    )
    mem.set(
        xscale="log",
        yscale="log",
        xlabel="agents (farmers + traders)",
        ylabel="memory per agent (bytes)",
        title="Agent state memory vs population",
    )
    # whole decades, so that the log axis has labelled ticks
    sizes = [r.bytes_per_agent for r in rows]
    mem.set_ylim(10 ** math.floor(math.log10(min(sizes))), 10 ** math.ceil(math.log10(max(sizes))))
    cost.legend()
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
    f"{'trade ns':>9} {'bytes/agent':>12}"
)


def format_row(r: Row) -> str:
    return (
        f"{r.engine:<7} {r.agents:>9} {r.days:>5} {r.seconds:>9.3f} "
        f"{r.ns_per_agent_step:>14.1f} {r.trade_ns_per_agent_step:>9.1f} "
        f"{r.bytes_per_agent:>12.0f}"
    )


def print_table(rows: list[Row]) -> None:
    print(f"\n{HEADER}")
    for r in rows:
        print(format_row(r))
    numba_rows = {r.agents: r for r in rows if r.engine == "numba"}
    print("\npython / numba time ratio")
    for r in rows:
        if r.engine == "python" and r.agents in numba_rows:
            n = numba_rows[r.agents]
            print(
                f"  {r.agents:>9} agents: step() {r.seconds / n.seconds:6.1f} x, "
                f"trade phase {r.trade_seconds / n.trade_seconds:6.1f} x"
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
    base_agents = agent_count(KADModel(days=1, scale=1.0))
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
        f"\n{run_days}-day full-scale numba run ({run['agents']} agents): "
        f"{run['construction_s']:.2f} s construction + {run['steps_s']:.2f} s steps"
    )
    cold, cached = (jit[k]["import_and_first_step_s"] for k in ("cold", "cached"))
    print(f"JIT, import + construction + first step: cold {cold:.2f} s, cached {cached:.2f} s")
    print(f"written: {out / 'benchmark.csv'}, {out / 'cost_vs_agents.png'}, {out / 'summary.json'}")


if __name__ == "__main__":
    main()
