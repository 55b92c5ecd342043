"""Parameters keep their scenario names down to the kernels: every field of the kernels'
parameter records that is filled from a scenario key as it is carries that key's name."""

import numpy as np
import pytest

from sim.config import SCHEMA
from sim.kernels import layout as L
from sim.kernels import tourism as KT
from sim.kernels import umkm as KU
from sim.sectors import tourism, trade, umkm


@pytest.mark.parametrize(
    ("keys", "record", "table"),
    [
        (trade.COMMODITY_KEYS, L.COMMODITY_PARAMS, SCHEMA["commodities"].entry),
        (umkm.UMKM_KEYS, KU.UMKM_PARAMS, SCHEMA["umkm"]),
        (tourism.TOURISM_KEYS, KT.TOURISM_PARAMS, SCHEMA["tourism"]),
    ],
    ids=["commodity", "umkm", "tourism"],
)
def test_copied_fields_are_scenario_keys(keys, record, table):
    assert len(set(keys)) == len(keys)
    assert set(keys) <= set(record.names)
    assert set(keys) <= set(table)


def test_every_record_field_is_filled(monkeypatch):
    """A model's records hold a value from the scenario (or today's levers) in every field: none
    is left at the fill value set before the loop (NaN here)."""
    from sim.model import KADModel

    original = np.zeros

    def nan_records(shape, dtype=float, **kw):
        out = original(shape, dtype=dtype, **kw)
        if getattr(np.dtype(dtype), "names", None):
            out.view(np.float64)[:] = np.nan
        return out

    monkeypatch.setattr(np, "zeros", nan_records)
    model = KADModel(days=2, scale=0.01)
    model.step()
    monkeypatch.undo()
    for records in (model.cpar, model.umkm.vis, model.tourism.tp):
        empty = [n for n in records.dtype.names if np.isnan(records[n]).any()]
        assert not empty, empty
