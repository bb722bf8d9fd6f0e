"""sitewide.bulk.insert_rows: rows as dicts, defaults filled, many rows per statement."""

import pytest
from django.db import connection

from sitewide.bulk import insert_rows
from sitewide.models import Area

pytestmark = pytest.mark.django_db


def _areas(count, start=0):
    return [
        {"name": f"Xã {n}", "slug": f"xa-{n}", "level": "commune"}
        for n in range(start, start + count)
    ]


def test_values_given_and_defaults_and_a_given_primary_key():
    assert insert_rows(Area, [{"id": 9001, "name": "Tỉnh A", "slug": "a", "level": "province"}])
    area = Area.objects.get(pk=9001)
    assert (area.name, area.slug, area.code, area.name_folded, area.parent_id) == (
        "Tỉnh A",
        "a",
        "",
        "",
        None,
    )
    assert insert_rows(Area, []) == 0
    with pytest.raises(ValueError):
        insert_rows(Area, [{"colour": "red"}])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL takes rows by COPY")
def test_sqlite_runs_one_statement_per_many_rows():
    """executemany runs its INSERT once per row: every run a statement of its own, which made
    the receipts' name index (an FTS5 table written by a trigger) flush at every receipt."""
    statements = []
    connection.ensure_connection()
    connection.connection.set_trace_callback(statements.append)
    try:
        assert insert_rows(Area, _areas(250)) == 250
    finally:
        connection.connection.set_trace_callback(None)
    inserts = [sql for sql in statements if sql.lstrip().upper().startswith("INSERT")]
    assert 1 <= len(inserts) <= 10
    assert Area.objects.filter(slug__startswith="xa-").count() == 250
