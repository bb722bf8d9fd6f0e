"""INSERT many rows without building model instances: the bulk path of imports.

Django's bulk_create builds a model instance per row and runs every value through the field's
full save preparation; for a statement of 100.000 lines and the receipts, allocations, log
entries, decisions and public record entries of its matches that is most of the import's time.
Here each row is a dict of column values (attnames), the table's other columns take their model
defaults, and only the values whose database form differs from the Python one (dates and times,
JSON, UUIDs) are converted, with the connection's own adapters. Like bulk_create, it sends no
signals and runs no validation: the callers check the rules first (reconciliation's ledger_batch
and services.intake, public_record.services).

On the ground floor so that every app may use it: reconciliation for a statement's lines and
receipts, public_record for the entries that publish them.
"""

import json
from itertools import islice
from operator import itemgetter

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

BATCH = 5000
#: Parameters per statement, under PostgreSQL's limit of 65535.
MAX_PARAMS = 60_000
#: Rows per INSERT on SQLite: enough that a statement's overhead is shared, few enough that a
#: prepared statement stays small (the connection keeps 16 of them; see sitewide.settings).
SQLITE_ROWS = 100
_CONVERTED = (models.UUIDField, models.DecimalField)
#: Values per SELECT … IN (…) of select_in: SQLite takes 32.766 parameters since 3.32.
IN_CHUNK = 2000


def _sqlite_datetime():
    """connection.ops.adapt_datetimefield_value on SQLite with time zones on, without its
    calls per value: an aware moment as naive text in the connection's zone, as Django
    stores it there."""
    zone = connection.timezone

    def adapt(value):
        if value.utcoffset() is None:
            return str(value)
        return str(value.astimezone(zone).replace(tzinfo=None))

    return adapt


def _adapter(field):
    """The conversion to the database's form, or None when the Python value is fine as is."""
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite" and settings.USE_TZ:
            adapt = _sqlite_datetime()
        else:
            adapt = connection.ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = connection.ops.adapt_datefield_value
    elif isinstance(field, models.JSONField):
        # The text JSONField.get_db_prep_save gives (json.dumps with the field's encoder),
        # from one encoder rather than a new one per value.
        adapt = (field.encoder or json.JSONEncoder)().encode
    elif isinstance(field, _CONVERTED):

        def adapt(value):
            return field.get_db_prep_save(value, connection)

    else:
        return None
    last = [object(), None]

    def remembered(value):
        # Rows of one batch often share a moment (timestamps of one import): convert it once.
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return remembered


def _columns(model, given, now):
    """Columns in insert order: given plain values, given converted values, constant
    defaults (converted once), defaults drawn per row (callables such as uuid4)."""
    plain, converted, constant, drawn = [], [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.attname not in given:
            continue
        adapt = _adapter(field)
        if field.attname in given:
            (converted if adapt else plain).append((field, adapt))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constant.append((field, adapt(now) if adapt else now))
        elif field.has_default() and callable(field.default):
            drawn.append((field, adapt))
        else:
            value = field.get_default()
            constant.append((field, adapt(value) if adapt and value is not None else value))
    return plain, converted, constant, drawn


def insert_rows(model, rows, columns=None):
    """Insert `rows` into `model`'s table: dicts keyed by attname, all with the same keys, or
    with `columns` (attnames) sequences of their values in that order (no dict per row).
    A primary key is generated unless the rows give it. Returns how many rows were inserted."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    if columns is None:
        where = {name: name for name in first}
    else:
        where = {name: position for position, name in enumerate(columns)}
        if len(where) != len(columns) or len(first) != len(columns):
            raise ValueError(f"{model.__name__}: rows do not match the columns {columns}")
    given = set(where)
    known = {field.attname for field in model._meta.concrete_fields}
    if given - known:
        raise ValueError(f"{model.__name__} has no columns {sorted(given - known)}")
    plain, converted, constant, drawn = _columns(model, given, timezone.now())
    keys = [where[field.attname] for field, _adapt in plain]
    if len(keys) > 1:
        get_plain = itemgetter(*keys)
    else:
        get_plain = (lambda row: (row[keys[0]],)) if keys else (lambda row: ())
    conversions = [(where[field.attname], adapt) for field, adapt in converted]
    constants = tuple(value for _field, value in constant)

    def values(row):
        extra = tuple(adapt(row[key]) for key, adapt in conversions)
        fresh = tuple(
            adapt(field.get_default()) if adapt else field.get_default() for field, adapt in drawn
        )
        return get_plain(row) + extra + constants + fresh

    if not drawn and len(conversions) == 1:
        ((key, adapt),) = conversions

        def values(row):  # noqa: F811 (one value to convert, as a statement line's moment)
            return (*get_plain(row), adapt(row[key]), *constants)

    elif not converted and not drawn:

        def values(row):  # noqa: F811 (the common case, without a loop per row)
            return get_plain(row) + constants

    quote = connection.ops.quote_name
    ordered = [field for field, _x in (*plain, *converted, *constant, *drawn)]
    columns = ", ".join(quote(field.column) for field in ordered)
    table = quote(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        chunk = [first, *islice(iterator, BATCH - 1)]
        while chunk:
            _execute(cursor, table, columns, [values(row) for row in chunk], len(ordered))
            count += len(chunk)
            chunk = list(islice(iterator, BATCH))
    return count


def _execute(cursor, table, columns, rows, width):
    """Send rows the fastest way the database offers: COPY on PostgreSQL, else many rows per
    INSERT (on SQLite a hundred at most: an INSERT run once per row, even by executemany, is
    a statement per row, and a virtual table written by a trigger, such as the receipts' name
    index, flushes its index at every statement).

    Only names from the model, quoted by the backend, go into the SQL text; values travel
    as parameters (or COPY data), never in the text.
    """
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    row_sql = f"({', '.join(['%s'] * width)})"
    head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
    if connection.vendor == "sqlite":
        limit = min(SQLITE_ROWS, connection.features.max_query_params // width)
    else:
        limit = min(1000, MAX_PARAMS // width)
    per_statement = max(1, limit)
    full = head + ", ".join([row_sql] * per_statement)
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        sql = full if len(part) == per_statement else head + ", ".join([row_sql] * len(part))
        cursor.execute(sql, [value for row in part for value in row])


def select_in(model, field_name, values, *columns):
    """[(value of `field_name`, *columns)] of the rows of `model`'s table whose `field_name`
    is among `values`, in no particular order: many values looked up in chunks of IN_CHUNK,
    without the model's default ordering (a sort per chunk) and without preparing every value
    of the IN list through the field as a queryset does. Plain columns only (names from the
    model, quoted; values as parameters): text, numbers and keys, as the database gives them."""
    values = list(dict.fromkeys(values))
    if not values:
        return []
    quote = connection.ops.quote_name
    meta = model._meta
    key = quote(meta.get_field(field_name).column)
    names = ", ".join([key, *(quote(meta.get_field(name).column) for name in columns)])
    head = f"SELECT {names} FROM {quote(meta.db_table)} WHERE {key} IN "  # noqa: S608
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start : start + IN_CHUNK]
            cursor.execute(f"{head}({', '.join(['%s'] * len(chunk))})", chunk)
            found.extend(cursor.fetchall())
    return found
