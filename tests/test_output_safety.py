"""Results are never lost, mixed or overwritten by accident (issue 19, part 1, 2 and 8).

Each test is one failure the issue found: existing --out folders, two processes in one folder,
rerun into the folder it checks, manifests that disagree with themselves, malformed
manifests, bad --out targets, and NaN in JSON outputs.
"""

import errno
import json
import os
import shutil
import subprocess
import sys

import pytest

from sim import cli
from sim import experiment as ex
from sim.errors import ConfigError, TamperedError
from sim.outdir import LOCK, claim

from .conftest import BASELINE, MOU, ROOT

SHORT = {"run.days": 20, "run.scale": 0.02}


def kad(*args):
    return subprocess.run([sys.executable, "run_experiments.py", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip


def one_line(r, code=2):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    folder, _ = ex.run_scenario(MOU, seed=3, out=tmp_path_factory.mktemp("r") / "run", **{
        "days": 20, "scale": 0.02})  # fmt: skip
    return folder


def _copy(folder, dest):
    shutil.copytree(folder, dest)
    return dest


# ---------------------------------------------------------------------- existing --out
def test_second_run_into_the_same_folder_is_refused_and_the_first_kept(run_folder, tmp_path):
    out = _copy(run_folder, tmp_path / "r")
    before = (out / "kpis.json").read_bytes()
    r = kad("run", BASELINE, "--days", 10, "--scale", 0.02, "--out", out, "--quiet")
    assert "--overwrite" in one_line(r)
    assert (out / "kpis.json").read_bytes() == before


def test_overwrite_replaces_a_run_with_replicates_without_leaving_the_old_files(run_folder,
                                                                                tmp_path):  # fmt: skip
    out = _copy(run_folder, tmp_path / "r")
    ex.run_replicates(MOU, 2, overrides=SHORT, workers=1, out=out, overwrite=True)
    assert not (out / "kpis.json").exists() and not (out / "timeseries.parquet").exists()
    assert json.loads((out / "manifest.json").read_text())["kind"] == "replicates"
    assert not (out / LOCK).exists()


def test_replicates_and_compare_refuse_an_existing_folder(run_folder, tmp_path):
    out = _copy(run_folder, tmp_path / "r")
    with pytest.raises(ConfigError, match="not empty"):
        ex.run_replicates(MOU, 2, overrides=SHORT, workers=1, out=out)
    r = kad("compare", BASELINE, MOU, "--replicates", 2, "--days", 10, "--scale", 0.02,
            "--out", out, "--quiet")  # fmt: skip
    one_line(r)
    assert json.loads((out / "manifest.json").read_text())["kind"] == "run"


def test_overwrite_will_not_delete_files_kad_sim_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(ConfigError, match="did not write"):
        ex.run_scenario(MOU, days=10, scale=0.02, out=out, overwrite=True)
    assert (out / "thesis.docx").read_text() == "years of work"


@pytest.mark.parametrize("out", ["", " ", ".", str(ROOT)])
def test_empty_path_current_folder_and_project_root_are_refused(out):
    r = kad("run", BASELINE, "--days", 5, "--scale", 0.02, "--out", out, "--quiet")
    assert "--out" in one_line(r)


def test_sweep_refuses_an_empty_out():
    r = kad("sweep", ROOT / "scenarios" / "sweeps" / "subsidy_x_lag.toml", "--out", "")
    assert "--out" in one_line(r)


def test_calibrate_refuses_an_existing_out(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    r = kad("calibrate", "--budget", 40, "--out", tmp_path, "--quiet")
    assert "not empty" in one_line(r)


# ---------------------------------------------------------------------- locks
def test_a_folder_in_use_by_a_live_process_is_refused(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "busy"
        out.mkdir()
        (out / LOCK).write_text(f"{sleeper.pid}\n")
        with pytest.raises(ConfigError, match=f"in use by process {sleeper.pid}"):
            ex.run_scenario(MOU, days=5, scale=0.02, out=out)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "stale"
    out.mkdir()
    (out / LOCK).write_text(f"{dead.pid}\n")
    ex.run_scenario(MOU, days=5, scale=0.02, out=out)
    assert (out / "manifest.json").is_file() and not (out / LOCK).exists()


def test_two_runs_started_together_never_mix_one_folder(tmp_path):
    out = tmp_path / "both"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "run_experiments.py",
                "run",
                str(BASELINE),
                "--days",
                "15",
                "--scale",
                "0.02",
                "--seed",
                str(seed),
                "--out",
                str(out),
                "--quiet",
            ],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for seed in (11, 12)
    ]
    codes = sorted(p.wait() for p in procs)
    for p in procs:
        p.stderr.close()
    assert codes in ([0, 0], [0, 2])  # one after the other is refused, or the second waits out
    manifest = json.loads((out / "manifest.json").read_text())
    kpis = json.loads((out / "kpis.json").read_text())
    assert manifest["seed"] == kpis["seed"]
    import pandas as pd

    assert len(pd.read_parquet(out / "timeseries.parquet")) == 15


def test_the_lock_is_released_when_a_run_fails(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("model failed")

    monkeypatch.setattr(ex, "simulate", boom)
    with pytest.raises(RuntimeError):
        ex.run_scenario(MOU, days=5, scale=0.02, out=tmp_path / "f")
    assert not (tmp_path / "f" / LOCK).exists()


# ---------------------------------------------------------------------- complete or absent
def test_a_folder_whose_results_could_not_all_be_written_has_no_manifest(tmp_path, monkeypatch):
    real = ex.atomic_write_json

    def fail_kpis(path, obj):
        if path.name == "kpis.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, obj)

    monkeypatch.setattr(ex, "atomic_write_json", fail_kpis)
    with pytest.raises(ConfigError, match="No space left"):
        ex.run_scenario(MOU, days=5, scale=0.02, out=tmp_path / "full")
    assert not (tmp_path / "full" / "manifest.json").exists()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_full_disk_and_read_only_targets_give_one_line(tmp_path, monkeypatch, capsys, code):
    def fail(*a, **k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(ex, "atomic_write_parquet", fail)
    rc = cli.main(["run", str(MOU), "--days", "5", "--scale", "0.02", "--quiet",
                   "--out", str(tmp_path / "x")])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert rc == 2 and "\n" not in err and os.strerror(code) in err


def test_out_that_is_a_file_or_cannot_be_created_gives_one_line(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert "is a file" in one_line(kad("run", MOU, "--days", 5, "--out", a_file, "--quiet"))
    r = kad("run", MOU, "--days", 5, "--out", a_file / "sub", "--quiet")
    assert "cannot create" in one_line(r)


def test_claim_refuses_a_read_only_folder_with_one_line(tmp_path, monkeypatch):
    def read_only(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(ConfigError, match="Read-only"), claim(tmp_path / "ro"):
        pass


# ---------------------------------------------------------------------- rerun
def test_rerun_never_writes_into_the_folder_it_checks(run_folder, tmp_path):
    out = _copy(run_folder, tmp_path / "r")
    spec = json.loads((out / "manifest.json").read_text())
    spec["resolved_parameters"]["information"]["lag_days"] = 9
    (out / "manifest.json").write_text(json.dumps(spec))
    before = (out / "kpis.json").read_bytes()
    for target in (out, out / "inside"):
        r = kad("rerun", out, "--out", target)
        assert r.returncode in (1, 2) and "Reproduced" not in r.stdout
    assert (out / "kpis.json").read_bytes() == before
    with pytest.raises(ConfigError, match="folder being checked"):
        ex.rerun(_copy(run_folder, tmp_path / "clean"), out=tmp_path / "clean")


def _tampered(folder, tmp_path, edit):
    out = _copy(folder, tmp_path / "t")
    spec = json.loads((out / "manifest.json").read_text())
    edit(spec)
    (out / "manifest.json").write_text(json.dumps(spec))
    return out


def _edit_text(spec):
    name = next(iter(spec["scenario_files"]))
    spec["scenario_files"][name] += "\n[information]\nlag_days = 9\n"


TAMPERING = {
    "resolved_parameters": lambda s: s["resolved_parameters"]["information"].update(lag_days=9),
    "scenario_files": _edit_text,
    "overrides": lambda s: s["overrides"].update({"information.noise_sd": 0.3}),
    "seed": lambda s: s.update(seed=s["seed"] + 1),
    "run.seed": lambda s: s["resolved_parameters"]["run"].update(seed=99),
}


@pytest.mark.parametrize("what", list(TAMPERING))
def test_rerun_reports_a_manifest_that_disagrees_with_itself(run_folder, tmp_path, what):
    out = _tampered(run_folder, tmp_path, TAMPERING[what])
    r = kad("rerun", out, "--out", tmp_path / "again")
    assert "edited" in one_line(r, code=1)
    assert not (tmp_path / "again").exists()


def test_rerun_reports_edited_seeds_of_replicates(tmp_path):
    folder, _, _ = ex.run_replicates(MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "x")
    out = _tampered(folder, tmp_path, lambda s: s.update(seeds=[s["seeds"][0] + 1, 7]))
    with pytest.raises(TamperedError, match="seeds"):
        ex.rerun(out, out=tmp_path / "again")


def test_an_untampered_manifest_passes_its_own_check(run_folder):
    spec = json.loads((run_folder / "manifest.json").read_text())
    ex.verify_manifest(spec, "manifest.json")  # raises if the check were wrong


def _drop(key):
    return lambda s: s.pop(key)


MALFORMED = {
    "a JSON list": lambda path: path.write_text("[1, 2]"),
    "not JSON": lambda path: path.write_text("{kind: run"),
    "truncated": lambda path: path.write_text(path.read_text()[:200]),
    "latin-1": lambda path: path.write_bytes(
        '{"kind": "run", "scenario": "ca\xf1a"}'.encode("latin-1")
    ),
    "UTF-16": lambda path: path.write_text(path.read_text(), encoding="utf-16"),
    "binary": lambda path: path.write_bytes(bytes(range(256)) * 4),
    "nested 3000 deep": lambda path: path.write_text("[" * 3000 + "]" * 3000),
}
MALFORMED_SPEC = {
    "no kind": _drop("kind"),
    "unknown kind": lambda s: s.update(kind="sweepish"),
    "no resolved_parameters": _drop("resolved_parameters"),
    "resolved_parameters a list": lambda s: s.update(resolved_parameters=[1]),
    "scenario_files a string": lambda s: s.update(scenario_files="baseline.toml"),
    "no overrides": _drop("overrides"),
    "no scenario": _drop("scenario"),
    "seed a string": lambda s: s.update(seed="1"),
    "resolved parameter of the wrong type": lambda s: (
        s.update(scenario_files={})
        or s["resolved_parameters"]["information"].update(lag_days="soon")
    ),  # fmt: skip
    "unknown resolved key": lambda s: (
        s.update(scenario_files={}) or s["resolved_parameters"].update(colour=1)
    ),  # fmt: skip
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_manifest_files_give_one_line(run_folder, tmp_path, case):
    out = _copy(run_folder, tmp_path / "m")
    MALFORMED[case](out / "manifest.json")
    assert "manifest" in one_line(kad("rerun", out, "--out", tmp_path / "again"))


@pytest.mark.parametrize("case", list(MALFORMED_SPEC))
def test_malformed_manifest_contents_give_one_line(run_folder, tmp_path, case):
    out = _tampered(run_folder, tmp_path, MALFORMED_SPEC[case])
    with pytest.raises(ConfigError):
        ex.rerun(out, out=tmp_path / "again")


@pytest.mark.parametrize("case", ["scenarios not a list", "one scenario in a compare",
                                  "scenario entry a number", "seeds of text"])  # fmt: skip
def test_malformed_batch_manifests_give_one_line(tmp_path, case):
    folder, _, _ = ex.compare(BASELINE, MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "c")
    edits = {
        "scenarios not a list": lambda s: s.update(scenarios={}),
        "one scenario in a compare": lambda s: s["scenarios"].pop(),
        "scenario entry a number": lambda s: s["scenarios"].__setitem__(0, 5),
        "seeds of text": lambda s: s.update(seeds=["a", "b"]),
    }
    out = _tampered(folder, tmp_path, edits[case])
    with pytest.raises(ConfigError):
        ex.rerun(out, out=tmp_path / "again")


# ---------------------------------------------------------------------- strict JSON
def _strict(text):
    def no_constants(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=no_constants)


def test_kpis_json_is_strict_when_a_kpi_is_undefined(tmp_path):
    folder, kpis = ex.run_scenario(MOU, days=10, scale=0.02, out=tmp_path / "nan", overrides={
        "commodities.eggs.output_t_per_year": 0.0})  # fmt: skip
    stored = _strict((folder / "kpis.json").read_text())
    undefined = [k for k, v in kpis.items() if isinstance(v, float) and v != v]
    assert all(stored[k] is None for k in undefined)
    _strict((folder / "manifest.json").read_text())


def test_compare_json_of_a_scenario_with_itself_is_strict(tmp_path):
    folder, table, ce = ex.compare(MOU, MOU, 2, overrides=SHORT, workers=1, out=tmp_path / "c")
    data = _strict((folder / "compare.json").read_text())
    assert ce["rp_per_rp"].isna().all()  # no extra spending: the ratio is undefined
    assert all(row["rp_per_rp"] is None for row in data["cost_effectiveness"])


def test_strict_json_replaces_every_non_finite_number():
    obj = {"a": float("nan"), "b": [float("inf"), 1.0], "c": {"d": -float("inf")}}
    assert ex.strict_json(obj) == {"a": None, "b": [None, 1.0], "c": {"d": None}}
