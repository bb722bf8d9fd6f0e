"""sitewide.bulk: rows inserted as dicts (defaults filled, many rows per statement, moments
and JSON as Django stores them) and values looked up in chunks."""

import datetime
import zoneinfo

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


def test_moments_and_json_stored_as_django_stores_them():
    """An aware moment in any zone and a JSON value come back equal, and the column holds the
    very text Django's own adapter writes (a lookup by the moment finds the row)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    hanoi = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    moment = datetime.datetime(2024, 12, 31, 23, 59, 59, 123456, tzinfo=hanoi)
    data = {"amount": 50_000, "detail": "BN-2024-000001 → UH7K2Q9X", "list": [1, None]}
    insert_rows(
        ModelLogEntry,
        [
            {
                "content_type_id": ContentType.objects.get_for_model(Area).pk,
                "label": "Xã A",
                "action": "wagtail.edit",
                "data": data,
                "timestamp": moment,
                "object_id": "1",
            }
        ],
    )
    entry = ModelLogEntry.objects.get(timestamp=moment)
    assert (entry.timestamp, entry.data, entry.label) == (moment, data, "Xã A")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            table = ModelLogEntry._meta.db_table
            cursor.execute(f"SELECT CAST(timestamp AS TEXT) FROM {table}")  # noqa: S608
            (stored,) = cursor.fetchone()
        assert stored == connection.ops.adapt_datetimefield_value(moment)


def test_select_in_reads_many_values_in_chunks(monkeypatch):
    import sitewide.bulk

    monkeypatch.setattr(sitewide.bulk, "IN_CHUNK", 7)
    insert_rows(Area, _areas(30, start=100))
    ids = dict(Area.objects.filter(slug__startswith="xa-").values_list("slug", "pk"))
    wanted = [f"xa-{n}" for n in range(90, 125)] + ["xa-101"]  # 10 missing, one twice
    found = sitewide.bulk.select_in(Area, "slug", wanted, "id", "name")
    assert sorted(found) == [
        (f"xa-{n}", ids[f"xa-{n}"], f"Xã {n}")
        for n in sorted(range(100, 125), key=lambda n: f"xa-{n}")
    ]
    assert sitewide.bulk.select_in(Area, "slug", []) == []


def test_rows_as_sequences_of_the_columns_given():
    columns = ("slug", "level", "name", "valid_from")
    day = datetime.date(2025, 7, 1)
    assert (
        insert_rows(
            Area, [("xa-b", "commune", "Xã B", day), ("xa-c", "commune", "Xã C", None)], columns
        )
        == 2
    )
    assert sorted(Area.objects.values_list("slug", "name", "valid_from", "name_folded")) == [
        ("xa-b", "Xã B", day, ""),
        ("xa-c", "Xã C", None, ""),
    ]
    with pytest.raises(ValueError):
        insert_rows(Area, [("xa-d", "commune")], columns)
    with pytest.raises(ValueError):
        insert_rows(Area, [("xa-d", "commune")], ("slug", "slug"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlite_connections_keep_a_page_cache_big_enough_for_an_import():
    """2 MB (SQLite's default) held too little of a million lines' unique index: each of a
    statement's lines was inserted on a page read again, 5 times slower."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (size,) = cursor.fetchone()
    assert size == -32768  # KiB: 32 MB
