"""Dotted scenario keys (``"programs.road.investment_rp"``) in nested parameter tables, and
scenarios with overrides: the one place that walks a key and the one override resolver."""

from __future__ import annotations


def parent_of(tree: dict, key: str, create: bool = False) -> tuple[dict, str]:
    """The table that holds the last part of dotted ``key`` in the nested dict ``tree``, and
    that part; with ``create``, missing tables on the way are added."""
    *path, leaf = key.split(".")
    node = tree
    for part in path:
        node = node.setdefault(part, {}) if create else node[part]
    return node, leaf


def get_key(tree, key: str):
    """The value of dotted ``key`` in ``tree``."""
    node, leaf = parent_of(tree, key)
    return node[leaf]


def set_key(tree: dict, key: str, value, create: bool = False):
    """Set dotted ``key`` in ``tree`` to ``value``; returns the value it replaces (None if it
    is new)."""
    node, leaf = parent_of(tree, key, create)
    old = node.get(leaf)
    node[leaf] = value
    return old


def leaves(tree: dict, prefix: str = ""):
    """Every (dotted key, value) of a nested dict whose values are not tables."""
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from leaves(value, dotted + ".")
        else:
            yield dotted, value


def resolve(scenario, overrides: dict | None = None, label: str = "<override>"):
    """A loaded, validated :class:`~sim.config.Scenario` with ``overrides`` (dotted keys ->
    values) applied.

    ``scenario`` is a path or a Scenario. A Scenario loaded from files is loaded again with its
    overrides and these on top (so that the files' ``extends`` and schedules are read as
    usual); one built from parameters (:func:`~sim.config.scenario_from_params`, e.g. from a
    run's manifest) has no files: the overrides are set in its parameters, which are
    validated again.
    """
    from sim.config.loader import Scenario, load_scenario, scenario_from_params

    if not isinstance(scenario, Scenario):
        return load_scenario(scenario, overrides, label)
    if not overrides:
        return scenario
    if scenario.sources:
        return load_scenario(scenario.path, {**scenario.overrides, **overrides}, label)
    params = scenario.to_dict()
    for key, value in overrides.items():
        set_key(params, key, value, create=True)
    return scenario_from_params(params, scenario.name, label)
