"""Querysets compiled once per shape, run again with new values.

A board sends the same few grouped queries on every request; only the store,
the day's bounds and the like change. Building a Django queryset and compiling
it to SQL costs about half a millisecond to a millisecond of Python per query,
more than PostgreSQL takes to answer many of them (issue 8: a page within 1.5x
of its SQL). So a selector describes its query once, as a function of named
values, and `values_rows` compiles that function's queryset the first time with
stand-in values of the same types, remembers where each stand-in lands in the
SQL's parameters, and from then on only swaps the real values in and runs the
SQL through the connection's cursor (query logging, execute wrappers and
CaptureQueriesContext see it as any other query).

The queryset stays the single definition of the query: what runs is exactly
the SQL Django compiled for it, with Django's own converters applied to the
rows. `values_rows` runs `.values()` querysets (rows come back as dicts),
`model_rows` plain querysets of one model (instances built as the ORM builds
them, with Model.from_db).

The key names the shape: everything that changes the SQL text and is not one
of the named values (a list's length is added by this module). Each stand-in
must reach the parameters as it is or as the database backend adapts it (SQLite
sends dates as text); when one does not (a value Django transforms, a LIKE
pattern say), that shape is not compiled: it is logged and the queryset is
evaluated by the ORM on every call, which is slower but gives the same rows."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, Value
from django.utils import timezone

_BASE_DATETIME = datetime(1900, 1, 1, tzinfo=UTC)
_BASE_DATE = date(1900, 1, 1)
_counter = itertools.count(1)
logger = logging.getLogger(__name__)


def _stand_in(value):
    """A value of the same type that nothing real can equal."""
    n = next(_counter)
    if isinstance(value, bool):
        raise TypeError("booleans are part of the shape: put them in the key")
    if isinstance(value, int):  # within a 32-bit positive integer column's range
        return 2**30 + n
    if isinstance(value, datetime):
        return _BASE_DATETIME + timedelta(microseconds=n)
    if isinstance(value, date):
        return _BASE_DATE + timedelta(days=n % 3000)
    if isinstance(value, str):
        return f"\x01stand-in-{n}\x01"
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _adapters(connection, value) -> tuple:
    """The forms a value may take in the parameters: as it is, or as the
    backend adapts it for a date or date-time column."""
    ops = connection.ops
    if isinstance(value, datetime):
        return (None, ops.adapt_datetimefield_value)
    if isinstance(value, date):
        return (None, ops.adapt_datefield_value)
    return (None,)


def _stand_ins(connection, values: dict) -> tuple[dict, dict]:
    """(stand-in values to build with, {stand-in as sent: (name, index or
    None, adapter)})."""
    built, where = {}, {}

    def place(stand_in, name, index):
        for adapt in _adapters(connection, stand_in):
            where[stand_in if adapt is None else adapt(stand_in)] = (name, index, adapt)

    for name, value in values.items():
        if isinstance(value, list | tuple):
            built[name] = [_stand_in(v) for v in value]
            for i, item in enumerate(built[name]):
                place(item, name, i)
        else:
            built[name] = _stand_in(value)
            place(built[name], name, None)
    return built, where


@dataclass(frozen=True)
class _Compiled:
    using: str
    sql: str | None  # None: the query can match nothing (Django sends none)
    params: tuple
    # (param index, name, list index, backend adapter or None)
    slots: tuple[tuple[int, str, int | None, Callable | None], ...]
    names: tuple[str, ...]
    converters: tuple  # ((column index, (converters, expression)), ...)
    model: type  # the queryset's model


_cache: dict[Hashable, _Compiled | None] = {}  # None: evaluated by the ORM
# Shapes kept per process: a key times the lengths of its lists (the people
# credited with a figure, say) and the time zone; far fewer in practice.
MAX_SHAPES = 5000
_lock = threading.Lock()


class NotCompilable(ValueError):
    pass


def _compile(build: Callable[..., QuerySet], values: dict) -> _Compiled:
    built, where = _stand_ins(connections["default"], values)
    queryset = build(**built)
    query = queryset.query
    if not (query.values_select or query.annotation_select):
        raise TypeError("values_rows runs .values() querysets")
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(queryset.db, None, (), (), names, (), queryset.model)
    slots, seen = [], set()
    for i, param in enumerate(params):
        try:
            hit = where.get(param)
        except TypeError:  # unhashable parameter (an array): a constant
            hit = None
        if hit is not None:
            slots.append((i, *hit))
            seen.add(hit[:2])
    missing = {(name, index) for name, index, _adapt in where.values()} - seen
    if missing:
        raise NotCompilable(
            "these values do not reach the SQL as they are: "
            + ", ".join(sorted({name for name, _index in missing}))
        )
    columns = [col for col, _alias, _ in compiler.select[: compiler.col_count]]
    converters = tuple(compiler.get_converters(columns).items())
    return _Compiled(
        queryset.db, sql, tuple(params), tuple(slots), names, converters, queryset.model
    )


def _shape(key: Hashable, values: dict) -> Hashable:
    """The key, the lengths of the list values, and the current time zone
    (date lookups and truncations put its name in the SQL)."""
    lengths = tuple(
        (name, len(value)) for name, value in values.items() if isinstance(value, list | tuple)
    )
    return (key, lengths, timezone.get_current_timezone_name())


def whole(queryset: QuerySet) -> QuerySet:
    """A queryset to annotate with aggregates over all its rows, as
    .aggregate() would count them, but as a .values() query that
    values_rows can compile: it gives exactly one row (with "_whole": 1)."""
    return queryset.annotate(_whole=Value(1)).values("_whole").order_by()


def _has_none(values: dict) -> bool:
    return any(
        v is None or (isinstance(v, list | tuple) and any(i is None for i in v))
        for v in values.values()
    )


def _compiled(shape: Hashable, key: Hashable, build: Callable, values: dict):
    """The compiled query of the shape, compiled now if it is new; None when
    this call is the ORM's: a shape that cannot be compiled, or a None among
    the values (an IS NULL is another query; it is not cached)."""
    try:
        return _cache[shape]
    except KeyError:
        pass
    if _has_none(values):
        return None
    try:
        compiled = _compile(build, values)
    except NotCompilable as error:
        logger.warning("query %r is evaluated by the ORM: %s", key, error)
        compiled = None
    with _lock:
        if len(_cache) >= MAX_SHAPES:  # a safety valve; shapes are few in practice
            _cache.clear()
        _cache[shape] = compiled
    return compiled


def _execute(compiled: _Compiled, values: dict) -> list:
    """The rows (tuples or lists) of a compiled query run with these values."""
    params = list(compiled.params)
    for index, name, item, adapt in compiled.slots:
        value = values[name] if item is None else values[name][item]
        params[index] = value if adapt is None else adapt(value)
    connection = connections[compiled.using]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in compiled.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
    return rows


def values_rows(key: Hashable, build: Callable[..., QuerySet], **values) -> list[dict]:
    """The rows of `build(**values)` (a .values() queryset) as dicts; the
    queryset is built and compiled once per (key, list lengths)."""
    compiled = _compiled(_shape(key, values), key, build, values)
    if compiled is None or _has_none(values):
        return list(build(**values))
    if compiled.sql is None:
        return []
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in _execute(compiled, values)]


def tuple_rows(
    key: Hashable, build: Callable[..., QuerySet], **values
) -> tuple[tuple[str, ...], list]:
    """values_rows without the dicts: (column names, rows as sequences in
    that order), for a selector that reads many rows by position."""
    compiled = _compiled(_shape(key, values), key, build, values)
    if compiled is None or _has_none(values):
        queryset = build(**values)
        query = queryset.query
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        return names, [tuple(row[name] for name in names) for row in queryset]
    if compiled.sql is None:
        return tuple(compiled.names), []
    return tuple(compiled.names), _execute(compiled, values)


def model_rows(key: Hashable, build: Callable[..., QuerySet], **values) -> list:
    """The model instances of `build(**values)`, a queryset of one model
    (ordering and slicing allowed; no select_related, annotations or
    deferred fields: related objects load as usual, when read). Compiled
    once per (key, list lengths) as the .values() of the model's columns."""

    def build_columns(**built):
        queryset = build(**built)
        query = queryset.query
        if query.select_related or query.annotations or query.deferred_loading[0]:
            raise TypeError("model_rows runs plain querysets of one model")
        if query.values_select:
            raise TypeError("model_rows runs model querysets; use values_rows")
        fields = queryset.model._meta.concrete_fields
        return queryset.values(*(f.attname for f in fields))

    shape = ("model", _shape(key, values))
    compiled = _compiled(shape, key, build_columns, values)
    if compiled is None or _has_none(values):
        return list(build(**values))
    if compiled.sql is None:
        return []
    model, names, using = compiled.model, compiled.names, compiled.using
    return [model.from_db(using, names, row) for row in _execute(compiled, values)]


def compiled_shapes() -> dict[Hashable, bool]:
    """{shape: compiled?} — False for the shapes left to the ORM."""
    return {shape: compiled is not None for shape, compiled in _cache.items()}


def clear() -> None:
    """Forget every compiled shape (tests that change the schema or settings)."""
    with _lock:
        _cache.clear()
