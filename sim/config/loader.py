"""Load a scenario TOML file, follow its ``extends`` chain, validate against the schema.

The result is a :class:`Scenario`: the resolved parameters as a nested read-only mapping,
plus what is needed to reproduce it (the text of every file in the chain).
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from sim.config.keys import get_key
from sim.config.schema import REQUIRED, SCHEMA, MapOf, Param, schedulable_param
from sim.errors import ConfigError, suggest
from sim.paths import SCENARIO_DIR, find_scenario


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: ``params`` is nested and read-only; ``files`` is the extends chain."""

    name: str
    path: str
    params: MappingProxyType
    files: tuple = ()
    sources: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)

    def get(self, dotted: str):
        """The value of a dotted key (``"information.lag_days"``)."""
        return get_key(self.params, dotted)

    def to_dict(self) -> dict:
        return _thaw(self.params)


def _freeze(node):
    if isinstance(node, dict):
        return MappingProxyType({k: _freeze(v) for k, v in node.items()})
    return node


def _thaw(node):
    if isinstance(node, _TABLES):
        # a leaf is returned as it is without a call for it: most values are leaves
        return {k: (_thaw(v) if isinstance(v, _TABLES) else v) for k, v in node.items()}
    return node


_TABLES = (MappingProxyType, dict)  # what _thaw copies
# the UMKM sectors' shares: each a composition over the sectors, whose values sum to 1 (to
# SHARE_TOLERANCE: written as decimals, they need not add up to 1.0 exactly in floats)
SECTOR_SHARES = ("blitar_share", "surabaya_share", "household_spending_share", "souvenir_share")
SHARE_TOLERANCE = 1e-9


# parsed TOML by its text: a sweep or a screening loads the same scenario files for every run,
# and parsing them costs more than a small run's set-up; the files are read every time, so an
# edited file is parsed anew whatever its size and time stamps
_PARSED: dict[str, dict] = {}
_PARSED_MAX = 256  # texts kept; the cache is emptied when full


def read_toml_file(path: Path) -> tuple[dict, str]:
    """A TOML file's data (a fresh copy the caller may change) and text. Not UTF-8, not TOML,
    nested too deep: ConfigError. A text parsed before is not parsed again."""
    data, text = _read_parsed(path)
    return copy.deepcopy(data), text


def _read_parsed(path: Path) -> tuple[dict, str]:
    """:func:`read_toml_file` without the copy: the parsed data are shared with the cache and
    later reads, so the caller only reads them."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "", f"not a UTF-8 text file (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read ({exc.strerror})") from None
    data = _PARSED.get(text)
    if data is None:
        data = _parse_toml(path, text)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[text] = data
    return data, text


def _parse_toml(path: Path, text: str) -> dict:
    """``text`` (the file ``path``'s) parsed (see :func:`read_toml_file`)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(str(path), "", "not valid TOML (nested too deep)") from None


def _read_toml(path: Path, child: Path | None) -> tuple[dict, str]:
    """The file's parsed data (shared: read them only, see :func:`_read_parsed`) and text."""
    if not path.is_file():
        if child is None:
            find_scenario(path)  # raises, suggesting close names
        raise ConfigError(str(child), "extends", f"parent file not found: {path}")
    return _read_parsed(path)


def _merge(base: dict, top: dict, origin: dict, file: str, prefix: str = "") -> None:
    """Deep-merge ``top`` into ``base`` in place, recording which file set each leaf."""
    for key, value in top.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, file, dotted + ".")
        else:
            base[key] = copy.deepcopy(value)
            _mark(value, origin, file, dotted)


def _mark(value, origin: dict, file: str, dotted: str) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _mark(v, origin, file, f"{dotted}.{k}")
    else:
        origin[dotted] = file


def _chain(path: Path) -> list[tuple[Path, dict, str]]:
    """Files from the root parent down to ``path`` with their parsed data (shared with the
    parse cache: read them only) and text; detects loops and missing parents."""
    chain: list[tuple[Path, dict, str]] = []
    seen: list[Path] = []
    current, child = path.resolve(), None
    while True:
        if current in seen:
            loop = " -> ".join(p.name for p in [*seen, current])
            raise ConfigError(str(child), "extends", f"inheritance loop: {loop}")
        seen.append(current)
        data, text = _read_toml(current, child)
        chain.append((current, data, text))
        parent = data.get("extends")
        if parent is None or parent == "":
            break
        if not isinstance(parent, str):
            raise ConfigError(str(current), "extends", "expected a file name (string)")
        child, current = current, _parent_path(current, parent)
    return list(reversed(chain))


def _parent_path(child: Path, parent: str) -> Path:
    """The file ``extends = parent`` names: a path relative to the child's folder, or, if no
    such file exists and ``parent`` is a bare name (``"mou"``), the shipped scenario."""
    beside = (child.parent / parent).resolve()
    if beside.is_file() or "/" in parent or "\\" in parent:
        return beside
    name = parent[:-5] if parent.endswith(".toml") else parent
    shipped = SCENARIO_DIR / f"{name}.toml"
    return shipped.resolve() if shipped.is_file() else beside


def _coerce(p: Param, value, file: str, key: str):
    kind = p.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(file, key, f"expected true or false, got {value!r}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(file, key, f"expected an integer, got {value!r}")
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(file, key, f"expected a number, got {value!r}")
        value = float(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise ConfigError(file, key, f"expected a finite number, got {value!r}")
    elif kind == "str":
        if not isinstance(value, str):
            raise ConfigError(file, key, f"expected a string, got {value!r}")
    elif kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if not isinstance(value, str):
            raise ConfigError(file, key, f"expected a date YYYY-MM-DD, got {value!r}")
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ConfigError(file, key, f"expected a date YYYY-MM-DD, got {value!r}") from None
    if p.choices is not None and value not in p.choices:
        raise ConfigError(file, key, f"must be one of {', '.join(map(str, p.choices))}")
    if p.lo is not None and value < p.lo:
        raise ConfigError(file, key, f"{value!r} is below the smallest allowed value {p.lo:g}")
    if p.hi is not None and value > p.hi:
        raise ConfigError(file, key, f"{value!r} is above the largest allowed value {p.hi:g}")
    return value


def _validate(schema: dict, data: dict, origin: dict, top_file: str, prefix: str = "") -> dict:
    if not isinstance(data, dict):
        raise ConfigError(
            origin.get(prefix.rstrip("."), top_file), prefix.rstrip("."), "expected a table"
        )
    out: dict = {}
    for key in data:
        if key not in schema:
            dotted = f"{prefix}{key}"
            file = origin.get(dotted) or _first_origin(origin, dotted) or top_file
            raise ConfigError(file, dotted, "unknown key" + suggest(key, schema, prefix=prefix))
    for key, spec in schema.items():
        dotted = f"{prefix}{key}"
        file = origin.get(dotted, top_file)
        if isinstance(spec, Param):
            if key in data:
                out[key] = _coerce(spec, data[key], file, dotted)
            elif spec.default is REQUIRED:
                raise ConfigError(top_file, dotted, "missing required key")
            else:
                out[key] = spec.default
        elif isinstance(spec, MapOf):
            entries = data.get(key, {})
            if not isinstance(entries, dict):
                raise ConfigError(file, dotted, "expected a table of named entries")
            if len(entries) < spec.min_entries:
                raise ConfigError(top_file, dotted, f"needs at least {spec.min_entries} entry")
            out[key] = {
                name: _validate(spec.entry, entry, origin, top_file, f"{dotted}.{name}.")
                for name, entry in entries.items()
            }
        else:
            out[key] = _validate(spec, data.get(key, {}), origin, top_file, dotted + ".")
    return out


def _first_origin(origin: dict, dotted: str) -> str | None:
    for k, f in origin.items():
        if k.startswith(dotted + "."):
            return f
    return None


def _validate_event(params: dict, file: str, k: int, entry) -> dict:
    """One [[schedule]] entry: ``key`` takes ``value`` from date ``from`` (to ``until``)."""
    where = f"schedule[{k}]"
    if not isinstance(entry, dict):
        raise ConfigError(file, where, "expected a table with key, from, value (and until)")
    for name in entry:
        if name not in ("key", "from", "until", "value"):
            raise ConfigError(file, f"{where}.{name}", "unknown key")
    for name in ("key", "from", "value"):
        if name not in entry:
            raise ConfigError(file, f"{where}.{name}", "missing required key")
    key = entry["key"]
    param = schedulable_param(key) if isinstance(key, str) else None
    if param is None:
        raise ConfigError(file, f"{where}.key", f"{key!r} cannot be scheduled "
                          "(see the schedulable keys in docs/PARAMETERS.md)")  # fmt: skip
    node = params
    for part in key.split(".")[:-1]:
        if part not in node:
            raise ConfigError(file, f"{where}.key", f"no {part!r} in {key!r}")
        node = node[part]
    date = Param("date", None, "date", "")
    out = {
        "key": key,
        "from": _coerce(date, entry["from"], file, f"{where}.from"),
        "value": _coerce(param, entry["value"], file, f"{where}.value"),
        "until": None,
        "file": Path(file).name,
    }
    if "until" in entry:
        out["until"] = _coerce(date, entry["until"], file, f"{where}.until")
        if out["until"] < out["from"]:
            raise ConfigError(file, f"{where}.until", "is before 'from'")
    return out


def _apply_overrides(data: dict, overrides: dict, origin: dict, label: str) -> None:
    """Dotted keys on top of the merged files; a table value (``--set 'k={a=1}'``) merges
    key by key, exactly as the same table in a scenario file does."""
    for dotted, value in overrides.items():
        parts = dotted.split(".")
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(label, dotted, "is not a table key")
        prefix = "".join(f"{part}." for part in parts[:-1])
        _merge(node, {parts[-1]: value}, origin, label, prefix)


def _check_calendar(params: dict, file: str, origin: dict | None = None) -> None:
    """Every simulated day must lie in the calendar's span (the known Idul Fitri dates);
    the error names the file (or the command line) that set the key."""
    origin = origin or {}
    from sim.calendar import calendar_span

    first, last = calendar_span()
    start = dt.date.fromisoformat(params["run"]["start_date"])
    days = params["run"]["days"]
    warmup = params["run"].get("warmup_days", 0)
    if not first <= start <= last:
        where = origin.get("run.start_date", file)
        raise ConfigError(where, "run.start_date", f"{start} is outside the calendar "
                          f"({first} to {last}, years with known Idul Fitri dates)")  # fmt: skip
    if (start - first).days < warmup:
        where = origin.get("run.warmup_days", origin.get("run.start_date", file))
        raise ConfigError(where, "run.warmup_days", f"a warm-up of {warmup} days before {start} "
                          f"starts before the calendar's first day {first}; at most "
                          f"{(start - first).days}")  # fmt: skip
    if (last - start).days + 1 < days:
        where = origin.get("run.days", origin.get("run.start_date", file))
        raise ConfigError(where, "run.days", f"{days} days from {start} run past the calendar's "
                          f"last day {last}; at most {(last - start).days + 1}")  # fmt: skip


def _check_budgets(p: dict, file: str, origin: dict) -> None:
    """Each government's yearly program budgets (full scale, by cost share, before
    realisation) within ``max_program_share_of_apbd`` of its APBD; else a ConfigError naming
    the budget key of its largest enabled program. Dated schedule changes are not checked."""
    for gov in ("surabaya", "blitar"):
        g = p["governments"][gov]
        parts = {}
        for key, prog in p["programs"].items():
            share = (
                prog["surabaya_cost_share"]
                if gov == "surabaya"
                else 1.0 - prog["surabaya_cost_share"]
            )
            if prog["enabled"]:
                parts[key] = prog["budget_rp_per_year"] * share
        limit = g["max_program_share_of_apbd"] * g["apbd_rp_per_year"]
        total = sum(parts.values())
        if total > limit:
            worst = max(parts, key=parts.get)
            key = f"programs.{worst}.budget_rp_per_year"
            raise ConfigError(
                origin.get(key, file),
                key,
                f"{g['name']} would pay Rp {total:.3g}/year for programs, above "
                f"governments.{gov}.max_program_share_of_apbd x apbd_rp_per_year = Rp {limit:.3g}",
            )


def _check_mandate(params: dict, file: str, origin: dict) -> None:
    """The civil servants' mandated e-Peken spending is part of Surabaya households' UMKM
    spending, so it cannot exceed it."""
    u = params["umkm"]
    mandated = u["epeken_mandated_buyers"] * u["epeken_mandated_rp_per_buyer_per_month"] * 12.0
    households = (
        params["market_region"]["population"]
        * u["surabaya_household_spending_rp_per_person_per_day"]
        * 365.0
    )
    if mandated > households:
        key = "umkm.epeken_mandated_rp_per_buyer_per_month"
        raise ConfigError(
            origin.get(key, file),
            key,
            f"mandated e-Peken spending Rp {mandated:.3g}/yr exceeds Surabaya households' "
            f"UMKM spending Rp {households:.3g}/yr, of which it is a part",
        )


def _check_consistency(params: dict, file: str, origin: dict | None = None) -> None:
    """Rules that involve several keys."""
    _check_calendar(params, file, origin)
    _check_budgets(params, file, origin or {})
    main = params["run"]["main_commodity"]
    if main not in params["commodities"]:
        raise ConfigError(file, "run.main_commodity", f"no commodity named {main!r}")
    for name, c in params["commodities"].items():
        key = f"commodities.{name}"
        if c["trader_margin_min_rp_per_kg"] > c["trader_margin_max_rp_per_kg"]:
            raise ConfigError(file, f"{key}.trader_margin_min_rp_per_kg", "exceeds the maximum")
        if c["capacity_floor"] > c["capacity_ceiling"]:
            raise ConfigError(file, f"{key}.capacity_floor", "exceeds capacity_ceiling")
        if c["farmers"] == 0 and c["output_t_per_year"] > 0.0:
            raise ConfigError(file, f"{key}.output_t_per_year", "output without farmers (0)")
    _check_mandate(params, file, origin or {})
    sectors = params["umkm"]["sectors"]
    for share in SECTOR_SHARES:
        total = sum(s[share] for s in sectors.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            name = next(iter(sectors))
            raise ConfigError(
                file,
                f"umkm.sectors.{name}.{share}",
                f"the sectors' {share} values sum to {total:g}, not 1",
            )


def load_scenario(
    path: str | Path, overrides: dict | None = None, override_label: str = "<override>"
) -> Scenario:
    """Load and validate a scenario; ``overrides`` maps dotted keys to values (highest priority).

    ``override_label`` names where overrides came from in error messages (e.g. the command line).

    Raises :class:`ConfigError` naming the file and key on any bad input.
    """
    path = find_scenario(path)
    chain = _chain(path)
    overrides = dict(overrides or {})
    # the seed is left out of the key (a sweep loads the same scenario with every seed), unless
    # a table override of ``run`` may set it too; a seed that is not an integer is refused by
    # the validation, with its message
    key = None
    if "run" not in overrides and type(overrides.get(SEED, 0)) is int:
        rest = {k: v for k, v in overrides.items() if k != SEED}
        key = _loaded_key(path, chain, rest, override_label)
    loaded = _LOADED.get(key) if key is not None else None
    if loaded is None or (SEED not in overrides and loaded.files_seed is None):
        loaded = _load_chain(path, chain, overrides, override_label)
        if key is None:
            return loaded.scenario(overrides, loaded.top["run"]["seed"])
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.clear()
        _LOADED[key] = loaded
    if SEED in overrides:  # checked as validation would (the rest is valid: it was before)
        seed = _coerce(_SEED_PARAM, overrides[SEED], override_label, SEED)
    else:
        seed = loaded.files_seed
    return loaded.scenario(overrides, seed)


# validated scenarios by the text of every file in their chain and the overrides but the seed:
# a sweep or a screening loads the same scenario with other seeds or values for every run, and
# merging and validating cost more than a small run's set-up; the files are read every time,
# so an edited file is validated anew
_LOADED: dict[tuple, _Loaded] = {}
_LOADED_MAX = 256  # scenarios kept; the cache is emptied when full
# override values kept in the key as (type, repr): the repr of these tells apart every value
# that loads differently (-0.0 and 0.0, 1 and 1.0 and True)
_PLAIN = (bool, int, float, str, type(None), dt.date)
SEED = "run.seed"  # the one override a cached scenario takes without validating it again
_SEED_PARAM = SCHEMA["run"]["seed"]


def _loaded_key(path: Path, chain: list, overrides: dict, label: str) -> tuple | None:
    """The cache key of a load of ``path`` (None: not cached, an override of another type)."""
    ov = _value_key(overrides)
    if ov is None:
        return None
    return str(path), tuple((str(file), text) for file, _, text in chain), ov, label


def _value_key(value):
    """``value`` as a hashable key that equals another's only for the same types and reprs
    throughout (tables and lists key by order); None for a value of another type."""
    if isinstance(value, dict):
        items = [(k, _value_key(v)) for k, v in value.items()]
        ok = all(type(k) is str and v is not None for k, v in items)
        return ("table", tuple(items)) if ok else None
    if isinstance(value, list | tuple):
        items = [_value_key(v) for v in value]
        return (type(value).__name__, tuple(items)) if None not in items else None
    numpy_scalar = type(value).__module__ == "numpy" and getattr(value, "shape", None) == ()
    if type(value) in _PLAIN or numpy_scalar:
        return type(value).__name__, repr(value)
    return None


@dataclass(frozen=True)
class _Loaded:
    """A validated scenario as kept in :data:`_LOADED`: the resolved parameters' top table
    with its tables frozen (shared by every Scenario made from it: they cannot change) and the
    dated schedule (each Scenario gets its own copy: its entries are plain dicts).
    ``files_seed`` is the seed the files give (None when they give an invalid one, which the
    load's seed override replaced)."""

    name: str
    path: str
    top: dict  # the parameters' top table, its tables read-only, without the schedule
    schedule: tuple
    files: tuple
    sources: tuple  # (file, text) of each file in the chain
    files_seed: int | None

    def scenario(self, overrides: dict, seed: int) -> Scenario:
        """A Scenario with these parameters and ``seed``; what the caller may change (the
        schedule, the dicts) is its own."""
        run = MappingProxyType({**self.top["run"], "seed": seed})
        params = {**self.top, "run": run, "schedule": [dict(e) for e in self.schedule]}
        return Scenario(
            name=self.name,
            path=self.path,
            params=MappingProxyType(params),
            files=self.files,
            sources=dict(self.sources),
            overrides=dict(overrides),
        )


def _load_chain(path: Path, chain: list, overrides: dict, override_label: str) -> _Loaded:
    """Merge the files of ``chain`` and ``overrides``, validate, check: see load_scenario."""
    merged: dict = {}
    origin: dict = {}
    schedule: list = []
    for file, data, _ in chain:
        data = dict(data)
        data.pop("extends", None)
        entries = data.pop("schedule", [])
        if not isinstance(entries, list):
            raise ConfigError(str(file), "schedule", "expected [[schedule]] tables")
        schedule.extend((str(file), k, e) for k, e in enumerate(entries))
        _merge(merged, data, origin, str(file))
    files_seed = _files_seed(merged, origin, str(chain[-1][0]))
    if overrides:
        _apply_overrides(merged, overrides, origin, override_label)
    top = str(chain[-1][0])
    params = _validate(SCHEMA, merged, origin, top)
    params["extends"] = chain[-2][0].name if len(chain) > 1 else ""
    _check_consistency(params, top, origin)
    schedule = tuple(_validate_event(params, *entry) for entry in schedule)
    return _Loaded(
        name=path.stem,
        path=str(path),
        top={k: _freeze(v) for k, v in params.items()},
        schedule=schedule,
        files=tuple(str(f) for f, _, _ in chain),
        sources=tuple((str(f), text) for f, _, text in chain),
        files_seed=files_seed,
    )


def _files_seed(merged: dict, origin: dict, top: str) -> int | None:
    """The seed the merged files give, validated (None if it is not valid)."""
    run = merged.get("run", {})
    if not isinstance(run, dict) or "seed" not in run:
        return _SEED_PARAM.default
    try:
        return _coerce(_SEED_PARAM, run["seed"], origin.get(SEED, top), SEED)
    except ConfigError:
        return None


def scenario_from_params(params: dict, name: str, label: str = "<manifest>") -> Scenario:
    """Validate fully resolved parameters (as a manifest stores them) into a Scenario."""
    data = {k: v for k, v in params.items() if k not in ("extends", "schedule")}
    origin: dict = {}
    resolved = _validate(SCHEMA, data, origin, label)
    resolved["extends"] = params.get("extends", "")
    _check_consistency(resolved, label)
    resolved["schedule"] = [
        _validate_event(resolved, label, k, {n: e[n] for n in ("key", "from", "value", "until")
                                             if e.get(n) is not None})
        for k, e in enumerate(params.get("schedule", []))
    ]  # fmt: skip
    return Scenario(name=name, path=label, params=_freeze(resolved))
