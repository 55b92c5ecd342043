"""Mesa 3.3's agent counters, held weakly so that finished models can be freed.

Mesa 3.3 numbers each model's agents from a counter kept in a class-level dict of
``mesa.Agent`` keyed by the model (``Agent._ids``, a ``defaultdict`` of ``itertools.count(1)``).
That dict keeps every model built in the process alive: a sweep's or a calibration's worker
grew by each run's arrays (about 1.6 MB a run at scale 0.1), and each new model's memory came
fresh from the system. :func:`hold_agent_counters_weakly` replaces it with a dict of weak keys
that makes the same counters; Mesa 3.5 has no such dict and is left as it is.
"""

from __future__ import annotations

import itertools
import weakref


class WeakCounters(weakref.WeakKeyDictionary):
    """``Agent._ids`` with weak keys: the counter of a model not seen before starts at 1 (as
    Mesa 3.3's default factory), and goes when its model does."""

    def __getitem__(self, model):
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = itertools.count(1)
            self[model] = counter
            return counter


def hold_agent_counters_weakly() -> None:
    """Make Mesa 3.3's ``Agent._ids`` a :class:`WeakCounters` (once; the counters of models
    alive now are kept). Does nothing on a Mesa without the dict."""
    import mesa

    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        weak = WeakCounters()
        for model, counter in list(ids.items()):
            weak[model] = counter
        mesa.Agent._ids = weak
