"""Every documented key rejects a wrong type and an out-of-range value, naming the key."""

import pytest

from sim.config import iter_params, load_scenario
from sim.errors import ConfigError

from .conftest import BASELINE

ENTRY = {"commodities": "eggs", "umkm.sectors": "food", "programs.cultural_events.events": "fest"}


def _concrete(key: str) -> str:
    for prefix, name in ENTRY.items():
        key = key.replace(f"{prefix}.<name>", f"{prefix}.{name}")
    return key


def _bad_values(p):
    """(value, words expected in the message) that the key must reject."""
    wrong_type = [1.5] if p.kind in ("int", "bool", "str") else ["text"]
    out = [(v, None) for v in wrong_type]
    if p.kind in ("int", "float"):
        if p.lo is not None:
            out.append((p.lo - 1 if p.kind == "int" else p.lo - abs(p.lo) - 1.0, "below"))
        if p.hi is not None:
            out.append((p.hi + 1 if p.kind == "int" else p.hi * 2 + 1.0, "above"))
    if p.choices:
        out.append(("no-such-choice", "one of"))
    if p.kind == "date":
        out.append(("2025-02-30", "date"))
    return out


CASES = [
    (_concrete(key), value, words)
    for key, p in iter_params()
    if key not in ("extends", "description")
    for value, words in _bad_values(p)
]


@pytest.mark.parametrize(("key", "value", "words"), CASES, ids=[f"{k}={v}" for k, v, _ in CASES])
def test_rejected_with_key_named(key, value, words):
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, {key: value})
    assert info.value.key == key
    if words:
        assert words in info.value.message


def test_every_key_is_covered():
    assert len({k for k, _, _ in CASES}) == sum(
        1 for key, _ in iter_params() if key not in ("extends", "description")
    )
