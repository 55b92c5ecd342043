"""The interactive explorer: a local web page to move the model's levers and watch its KPIs.

``python run_experiments.py explore`` starts it (see docs/EXPLORER.md). The modules here that
need no browser or web framework can be imported and tested on their own:

- :mod:`sim.explorer.levers`: the levers and shocks on the page, and how each maps to scenario
  overrides;
- :mod:`sim.explorer.charts`: the charts (which daily series, transform, units), their headline
  numbers, and a small SVG line-chart writer;
- :mod:`sim.explorer.session`: :class:`ExplorerModel`, a ``mesa.Model`` that steps the chosen
  run and the baseline in lockstep.

:mod:`sim.explorer.app` is the Solara page (needs the ``explore`` extra).
"""
