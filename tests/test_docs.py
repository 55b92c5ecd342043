"""The repository's documentation stands on its own: no pointers to files users don't have, and
docs/DATA.md covers every published figure the scenarios and calibration targets cite."""

import csv
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from sim.config.schema import SCHEMA, MapOf, Param

ROOT = Path(__file__).resolve().parents[1]
DATA_MD = ROOT / "docs" / "DATA.md"
SCENARIOS = ROOT / "sim" / "data" / "scenarios"
CALIBRATION = ROOT / "sim" / "data" / "calibration"
# Design notes kept outside the repository: users have none of them.
OUTSIDE = ("../shared/", "REGIONAL_DATA.md", "DESIGN.md", "EVIDENCE.md")


def tracked_text_files() -> list[Path]:
    """Tracked files (git ls-files), or every file under the checkout without git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout  # fmt: skip
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / n for n in names if (ROOT / n).is_file()]


def data_md() -> str:
    return DATA_MD.read_text(encoding="utf-8")


def test_no_file_points_outside_the_repository():
    skip = {ROOT / "CHANGELOG.md", Path(__file__).resolve()}
    offenders = []
    for path in tracked_text_files():
        if path in skip:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary (figures, Parquet)
        for n, line in enumerate(text.splitlines(), 1):
            if any(s in line for s in OUTSIDE):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


def target_rows() -> list[dict]:
    with open(CALIBRATION / "targets.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def cited_names(source: str) -> list[str]:
    """The first word of each ';'-separated citation, e.g. 'tvonenews.com', 'BPS'."""
    names = []
    for part in source.split(";"):
        m = re.match(r"[\w./-]+", part.strip())
        if m and m.group(0) != "docs/DATA.md":
            names.append(m.group(0).rstrip(".:"))
    return names


def test_every_calibration_target_and_its_sources_are_in_data_md():
    text = data_md().lower()
    rows = target_rows()
    assert len(rows) >= 10
    missing = [f"target {r['target']}" for r in rows if f"`{r['target']}`" not in data_md()]
    missing += [f"{r['target']}: source {name}" for r in rows for name in cited_names(r["source"])
                if name.lower() not in text]  # fmt: skip
    assert not missing, "\n".join(missing)


def sourced_baseline_keys(path: Path = SCENARIOS / "baseline.toml") -> list[str]:
    """Dotted keys of a scenario file (baseline.toml unless told) whose comment cites a figure
    (not an assumption)."""
    keys, section = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"\[([\w.]+)\]", line):
            section = m.group(1)
            continue
        m = re.match(r"(\w+)\s*=[^#]*#\s*(.*)", line)
        if (
            section
            and m
            and not m.group(2).startswith("assumption")
            and re.search(r"\d", m.group(2))
        ):
            keys.append(f"{section}.{m.group(1)}")
    return keys


def test_every_sourced_baseline_key_is_in_data_md():
    keys = sourced_baseline_keys()
    baseline = tomllib.loads((SCENARIOS / "baseline.toml").read_text(encoding="utf-8"))
    assert "commodities.eggs.output_t_per_year" in keys and len(keys) >= 15
    for key in keys:  # the parser read real keys
        node = baseline
        for part in key.split("."):
            node = node[part]
    missing = [k for k in keys if f"`{k}`" not in data_md()]
    assert not missing, missing


def sourced_schema_keys(tree: dict = SCHEMA, prefix: str = "") -> list[str]:
    """Dotted schema keys whose documented source is not an assumption."""
    keys = []
    for name, node in tree.items():
        if isinstance(node, Param):
            if not node.source.lower().startswith("assumption"):
                keys.append(prefix + name)
        elif isinstance(node, MapOf):
            keys += sourced_schema_keys(node.entry, f"{prefix}{name}.<name>.")
        elif isinstance(node, dict):
            keys += sourced_schema_keys(node, f"{prefix}{name}.")
    return keys


def test_every_sourced_schema_default_is_in_data_md():
    keys = sourced_schema_keys()
    assert "transport.distance_km" in keys
    text = data_md()
    # programs.<program>.start_date may be listed once as programs.*.start_date
    starred = {k: re.sub(r"^programs\.\w+\.", "programs.*.", k) for k in keys}
    missing = [k for k in keys if f"`{k}`" not in text and f"`{starred[k]}`" not in text]
    assert not missing, missing
