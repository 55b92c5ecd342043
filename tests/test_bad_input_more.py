"""The same one-line errors everywhere (issue 19, parts 3, 4, 6, 7 and 9; issue 13, item 7).

Errors from worker processes, values at the ends of documented ranges, the calendar's span,
files that are not UTF-8 or nested too deep, sweep files validated whole, sweeps that resume
only the same experiment, ``--set`` with inline tables, "did you mean", a corrupt numba cache
and the explorer's Host check.
"""

import datetime as dt
import json
import math
import os
import pickle
import subprocess
import sys
import textwrap

import pytest

from sim import sweep as sw
from sim.calendar import build_calendar, calendar_span
from sim.config import load_scenario
from sim.errors import ConfigError
from sim.executor import run_tasks

from .conftest import BASELINE, MOU, ROOT


def kad(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "run_experiments.py"), *map(str, args)],
                          cwd=cwd, capture_output=True, text=True)  # fmt: skip


def one_line(r, code=2):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    return lines[0]


# ---------------------------------------------------------------------- workers
def test_config_error_survives_pickling_with_its_fields():
    exc = pickle.loads(pickle.dumps(ConfigError("a.toml", "run.days", "too many\nlines")))
    assert (exc.file, exc.key, exc.message) == ("a.toml", "run.days", "too many lines")
    assert str(exc) == "a.toml: run.days: too many lines"


def _raise_config_error(task):
    raise ConfigError("worker.toml", "key", f"bad value {task}")


def test_an_error_in_a_worker_process_reaches_the_caller_as_the_same_error():
    with pytest.raises(ConfigError) as info:
        list(run_tasks(_raise_config_error, [1, 2], workers=2, progress=False))
    assert info.value.file == "worker.toml" and info.value.key == "key"


def test_replicates_beyond_the_calendar_give_one_line_not_a_pool_traceback(tmp_path):
    r = kad("run", BASELINE, "--replicates", 2, "--days", 4000, "--out", tmp_path / "x")
    assert "run.days" in one_line(r)


# ---------------------------------------------------------------------- documented ranges
ENDPOINTS = [
    (BASELINE, {"commodities.eggs.wholesale_reference_price_rp_per_kg": 1.0}),
    (MOU, {"commodities.chili.elsewhere_price_rp_per_kg": 1e7}),
    (BASELINE, {"commodities.eggs.input_cost_index": 0.01}),
    (BASELINE, {"commodities.eggs.input_cost_index": 10.0}),
    (BASELINE, {"run.start_date": "2034-11-01"}),
]


@pytest.mark.parametrize(("scenario", "ov"), ENDPOINTS, ids=[next(iter(o)) for _, o in ENDPOINTS])
def test_values_at_the_ends_of_documented_ranges_run(scenario, ov):
    from sim import KADModel
    from sim.metrics import compute_kpis

    model = KADModel(scenario, days=30, scale=0.02, overrides=ov)
    model.run_model()
    kpis = compute_kpis(model)
    assert kpis["stock_flow_max_rel_error"] <= 1e-9
    assert all(math.isfinite(v) for k, v in kpis.items()
               if isinstance(v, float) and "farm_gate" not in k)  # fmt: skip


def test_input_cost_index_at_its_floor_in_a_schedule_runs(write_toml):
    path = write_toml(
        "shock.toml",
        f'''
extends = "{BASELINE}"
[[schedule]]
key = "commodities.eggs.input_cost_index"
from = "2025-01-10"
value = 0.01
''',
    )
    from sim import KADModel

    model = KADModel(path, days=30, scale=0.02)
    model.run_model()
    assert model.day == model.days == 30 + model.warmup_days


def test_zero_input_cost_is_outside_the_documented_range():
    with pytest.raises(ConfigError, match="below"):
        load_scenario(BASELINE, {"commodities.eggs.input_cost_index": 0.0})


def test_the_calendar_covers_every_run_the_loader_accepts():
    first, last = calendar_span()
    longest = (last - first).days + 1
    warm = load_scenario(BASELINE).params["run"]["warmup_days"]
    for start, days, warmup in (
        (first, longest, 0),
        (first + dt.timedelta(warm), longest - warm, warm),  # the default warm-up from day 1
        (last, 1, warm),
        (dt.date(2030, 2, 28), (last - dt.date(2030, 2, 28)).days + 1, warm),
    ):
        load_scenario(BASELINE, {"run.start_date": start.isoformat(), "run.days": days,
                                 "run.warmup_days": warmup})  # fmt: skip
        begin = start - dt.timedelta(warmup)
        assert len(build_calendar(begin.isoformat(), days + warmup).dates) == days + warmup


@pytest.mark.parametrize(("ov", "key"), [
    ({"run.start_date": "9999-12-01"}, "run.start_date"),
    ({"run.start_date": "2018-12-31"}, "run.start_date"),
    ({"run.start_date": "2034-12-31", "run.days": 2}, "run.days"),
    ({"run.days": 5845}, "run.days"),
])  # fmt: skip
def test_runs_leaving_the_calendar_are_refused_when_loading(ov, key):
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, ov)
    assert info.value.key == key


# ---------------------------------------------------------------------- encodings and nesting
BAD_FILES = {
    "latin-1": 'description = "Kab. Blitar \xf1"\n'.encode("latin-1"),
    "UTF-16": 'extends = "baseline.toml"\n'.encode("utf-16"),
    "binary": bytes(range(256)) * 8,
    "TOML nested 3000 deep": ("x = " + "[" * 3000 + "]" * 3000 + "\n").encode(),
    "inline tables 3000 deep": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n").encode(),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_scenario_files_not_utf8_or_nested_too_deep_give_one_line(tmp_path, case):
    path = tmp_path / "bad.toml"
    path.write_bytes(BAD_FILES[case])
    assert "bad.toml" in one_line(kad("run", path, "--days", 5, "--out", tmp_path / "o"))


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_sweep_files_not_utf8_or_nested_too_deep_give_one_line(tmp_path, case):
    path = tmp_path / "bad.toml"
    path.write_bytes(BAD_FILES[case])
    assert "bad.toml" in one_line(kad("sweep", path, "--out", tmp_path / "o"))


# ---------------------------------------------------------------------- --set
def test_set_with_an_inline_table_merges_like_a_file(write_toml):
    child = write_toml(
        "child.toml",
        f'''
extends = "{MOU}"
[programs.training]
places_per_month = 100.0
''',
    )
    from_file = load_scenario(child).to_dict()
    from_set = load_scenario(MOU, {"programs.training": {"places_per_month": 100.0}}).to_dict()
    from_file.pop("extends"), from_set.pop("extends")
    assert from_set == from_file
    assert from_set["programs"]["training"]["enabled"] == load_scenario(MOU).get(
        "programs.training.enabled")  # fmt: skip


def test_set_inline_table_from_the_command_line_keeps_the_other_keys(tmp_path):
    r = kad("run", MOU, "--days", 5, "--scale", 0.02, "--quiet", "--out", tmp_path / "o",
            "--set", "programs.training={places_per_month=100.0}")  # fmt: skip
    assert r.returncode == 0, r.stderr
    params = json.loads((tmp_path / "o" / "manifest.json").read_text())["resolved_parameters"]
    mou = load_scenario(MOU).get("programs.training")
    assert params["programs"]["training"] == {**dict(mou), "places_per_month": 100.0}


# ---------------------------------------------------------------------- did you mean
@pytest.mark.parametrize(("args", "hint"), [
    (["rn", "x"], "did you mean run?"),
    (["run", "scenarios/basline.toml"], "did you mean scenarios/baseline.toml"),
    (["compare", "scenarios/baseline.toml", "scenarios/mu.toml"], "scenarios/mou.toml"),
    (["run", str(BASELINE), "--set", "informaton.lag_days=2"], "did you mean information?"),
    (["run", str(BASELINE), "--set", "information.lag_dys=2"], "information.lag_days"),
    (["run", str(BASELINE), "--ovewrite"], "--overwrite"),
    (["brief", "x", "--sobol-n", "4"], "(--sobol-n is an option of sensitivity, not of brief)"),
    (["discover", "x", "--workrs", "2"], "did you mean --workers?"),
])  # fmt: skip
def test_did_you_mean_on_one_line(args, hint, tmp_path):
    assert hint in one_line(kad(*args, "--out", tmp_path / "o") if args[0] == "run"
                            and "--ovewrite" not in args else kad(*args))  # fmt: skip


def test_unknown_kpi_in_a_sweep_suggests_the_closest(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text(f'scenario = "{BASELINE}"\ndesign = "factorial"\nkpis = ["waste_t_per_yeer"]\n'
                    '[parameters."information.lag_days"]\nvalues = [1, 2]\n')  # fmt: skip
    with pytest.raises(ConfigError, match="did you mean waste_t_per_year") as info:
        sw.load_sweep(path)
    assert info.value.key == "kpis[0]"


# ---------------------------------------------------------------------- sweep files
def _sweep(tmp_path, body, name="s.toml", scenario=BASELINE):
    path = tmp_path / name
    path.write_text(f'scenario = "{scenario}"\n{textwrap.dedent(body)}')
    return path


@pytest.mark.parametrize(("body", "key"), [
    ('design = "factorial"\n[parameters."information.lag_days"]\nvalues = [1, 300]\n',
     "parameters.information.lag_days.values"),
    ('design = "factorial"\n[parameters."information.lag_days"]\nvalues = [1, 2.5]\n',
     "parameters.information.lag_days.values"),
    ('design = "lhs"\nsamples = 8\n[parameters."information.lag_days"]\nlow = 1\nhigh = 300\n',
     "parameters.information.lag_days"),
    ('design = "factorial"\ntarget = "os:system"\n[parameters.x]\nvalues = [1]\n', "target"),
    ('design = "factorial"\ntarget = "sim.sweep:load_sweep"\n[parameters.x]\nvalues = [1]\n',
     "target"),
])  # fmt: skip
def test_sweep_files_are_validated_whole_before_anything_runs(tmp_path, body, key):
    path = _sweep(tmp_path, body)
    r = kad("sweep", path, "--out", tmp_path / "o")
    one_line(r)
    with pytest.raises(ConfigError) as info:
        sw.load_sweep(path)
    assert info.value.key == key
    assert not (tmp_path / "o").exists()


def test_a_sweep_with_failed_runs_exits_non_zero_and_resume_retries_them(tmp_path):
    path = _sweep(
        tmp_path,
        """
        target = "sim.testfunctions:failing"
        design = "factorial"
        [parameters.x]
        values = [0.2, 0.9]
        """,
    )
    r = kad("sweep", path, "--out", tmp_path / "o", "--quiet", "--workers", 1)
    assert r.returncode == 1 and "1 of 2 runs failed" in r.stderr
    assert "failed p00001-r000" in r.stdout
    spec = sw.load_sweep(path)
    again = sw.run_sweep(spec, tmp_path / "o", workers=1, resume=True, progress=False)
    assert again["ran"] == 1 and again["failed"] == 1  # the failed run was tried again


def test_resume_refuses_after_the_scenario_was_edited(tmp_path):
    scenario = tmp_path / "child.toml"
    scenario.write_text(f'extends = "{BASELINE}"\n[run]\nscale = 0.02\ndays = 10\n')
    path = _sweep(tmp_path, 'design = "factorial"\n[parameters."information.lag_days"]\n'
                  'values = [1, 2]\n', scenario="child.toml")  # fmt: skip
    spec = sw.load_sweep(path)
    sw.run_sweep(spec, tmp_path / "o", workers=1, progress=False)
    scenario.write_text(f'extends = "{BASELINE}"\n[run]\nscale = 0.02\ndays = 12\n')
    with pytest.raises(ConfigError, match="different experiment") as info:
        sw.run_sweep(sw.load_sweep(path), tmp_path / "o", workers=1, resume=True, progress=False)
    assert "scenario_files" in info.value.message


def test_resume_refuses_the_same_sweep_text_pointing_at_another_scenario(tmp_path):
    body = ('scenario = "child.toml"\ndesign = "factorial"\n[parameters."information.lag_days"]\n'
            'values = [1]\n')  # fmt: skip
    for sub, days in (("one", 10), ("two", 11)):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "child.toml").write_text(
            f'extends = "{BASELINE}"\n[run]\nscale = 0.02\ndays = {days}\n'
        )
        (tmp_path / sub / "s.toml").write_text(body)
    sw.run_sweep(sw.load_sweep(tmp_path / "one" / "s.toml"), tmp_path / "o", workers=1,
                 progress=False)  # fmt: skip
    with pytest.raises(ConfigError, match="different experiment"):
        sw.run_sweep(sw.load_sweep(tmp_path / "two" / "s.toml"), tmp_path / "o", workers=1,
                     resume=True, progress=False)  # fmt: skip


def test_two_sweeps_into_one_folder_are_stopped_by_the_lock(tmp_path):
    path = _sweep(tmp_path, 'target = "sim.testfunctions:ishigami"\ndesign = "factorial"\n'
                  '[parameters.x1]\nvalues = [0.1]\n[parameters.x2]\nvalues = [0.1]\n'
                  '[parameters.x3]\nvalues = [0.1]\n')  # fmt: skip
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "o").mkdir()
        (tmp_path / "o" / ".kad-sim.lock").write_text(f"{sleeper.pid}\n")
        r = kad("sweep", path, "--out", tmp_path / "o", "--resume")
        assert f"in use by process {sleeper.pid}" in one_line(r)
    finally:
        sleeper.kill()
        sleeper.wait()


# ---------------------------------------------------------------------- numba cache
KERNEL = """
from sim.kernels._jit import jit

@jit
def plus_one(x):
    return x + 1.0

print(plus_one(1.0))
"""


def test_a_corrupt_numba_cache_is_rebuilt_with_one_line(tmp_path):
    (tmp_path / "tiny_kernel.py").write_text(KERNEL)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}"}
    env.pop("NUMBA_CACHE_DIR", None)

    def call():
        return subprocess.run([sys.executable, "-c", "import tiny_kernel"], cwd=tmp_path,
                              env=env, capture_output=True, text=True)  # fmt: skip

    first = call()
    assert first.returncode == 0 and first.stdout.strip() == "2.0", first.stderr
    data = list((tmp_path / "__pycache__").glob("tiny_kernel.plus_one-*.nbc"))
    assert data, "numba wrote no cache"
    for path in data:
        path.write_bytes(b"not a pickle")
    second = call()
    assert second.returncode == 0 and second.stdout.strip() == "2.0", second.stderr
    notes = [line for line in second.stderr.splitlines() if "numba cache" in line]
    assert len(notes) == 1 and "plus_one" in notes[0] and "recompiling" in notes[0]
    third = call()
    assert third.returncode == 0 and "numba cache" not in third.stderr


def test_importing_the_kernels_deletes_no_file(tmp_path):
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "sim" / "kernels").rglob("*") if p.is_file()}
    r = subprocess.run([sys.executable, "-c", "import sim.kernels._jit"], cwd=ROOT,
                       capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 0, r.stderr
    after = {p for p in (ROOT / "sim" / "kernels").rglob("*") if p.is_file()}
    assert set(before) <= after


# ---------------------------------------------------------------------- explorer
def test_explorer_host_check_allows_its_own_names_only():
    from sim.explorer.hostguard import allowed_hosts, exposure_warning

    loop = allowed_hosts("127.0.0.1")
    assert {"127.0.0.1", "localhost"} <= set(loop) and "evil.example" not in loop
    assert allowed_hosts("10.1.2.3") == ["10.1.2.3"]
    assert exposure_warning("127.0.0.1") is None and exposure_warning("localhost") is None
    assert "reachable from other machines" in exposure_warning("0.0.0.0")


def _status(app, host: str) -> int:
    """HTTP status an ASGI app answers a GET / with this Host header."""
    import asyncio

    scope = {"type": "http", "method": "GET", "path": "/", "raw_path": b"/", "query_string": b"",
             "headers": [(b"host", host.encode())], "scheme": "http", "http_version": "1.1",
             "server": ("127.0.0.1", 8765), "client": ("127.0.0.1", 5000), "root_path": ""}  # fmt: skip
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_explorer_middleware_rejects_a_foreign_host_header():
    pytest.importorskip("starlette")
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import PlainTextResponse

    from sim.explorer.hostguard import allowed_hosts

    app = TrustedHostMiddleware(PlainTextResponse("page"), allowed_hosts=allowed_hosts("127.0.0.1"))
    assert _status(app, "127.0.0.1:8765") == 200
    assert _status(app, "localhost:8765") == 200
    assert _status(app, "rebind.attacker.example:8765") == 400


def test_explore_warns_on_a_non_loopback_address(monkeypatch, capsys):
    pytest.importorskip("solara")
    from sim import cli

    class Started(Exception):
        pass

    def start(*args, **kwargs):  # instead of becoming (or starting) the server
        raise Started(args)

    monkeypatch.setattr(os, "execve", start)
    monkeypatch.setattr(subprocess, "call", start)
    with pytest.raises(Started) as info:
        cli.main(["explore", "--host", "0.0.0.0", "--port", "8799"])
    err = capsys.readouterr().err
    assert "reachable from other machines" in err
    assert "sim.explorer.hostguard" in " ".join(map(str, info.value.args[0]))


def test_a_run_total_in_a_sweep_names_its_rate_per_year(tmp_path):
    """A name never silently changes its meaning: asking for a removed run total stops with
    one line that names the rate per year that replaced it."""
    path = tmp_path / "k.toml"
    path.write_text(f'scenario = "{BASELINE}"\ndesign = "factorial"\nkpis = ["eggs_waste_t"]\n'
                    '[parameters."information.lag_days"]\nvalues = [1, 2]\n')  # fmt: skip
    with pytest.raises(ConfigError, match="renamed to 'eggs_waste_t_per_year'") as info:
        sw.load_sweep(path)
    assert info.value.key == "kpis[0]" and "\n" not in str(info.value)
