"""The honour roll kept as running sums (donations.models.HonourTotal, HonourTally), filled
from the receipts already recorded: the counting (not reversed) gifts of a campaign whose donor
agreed to be named, per donor and public name; then how many such rows have each total. On
SQLite, a trigram table for the public statement's name filter."""

import django.db.models.deletion
from django.db import migrations, models


FILL = """
INSERT INTO donations_honourtotal
    (campaign_id, donor_id, public_name, amount, gifts, first_at, last_at)
SELECT r.campaign_id, r.donor_id, r.public_name, SUM(r.amount), COUNT(*),
       MIN(r.received_at), MAX(r.received_at)
FROM donations_receipt r
WHERE r.campaign_id IS NOT NULL AND r.donor_id IS NOT NULL
  AND r.disclosure <> 'anonymous' AND r.public_name <> ''
  AND NOT EXISTS (SELECT 1 FROM donations_reversal v WHERE v.receipt_id = r.id)
GROUP BY r.campaign_id, r.donor_id, r.public_name
"""
TALLY = """
INSERT INTO donations_honourtally (campaign_id, amount, names)
SELECT campaign_id, amount, COUNT(*) FROM donations_honourtotal GROUP BY campaign_id, amount
"""


# SQLite has no trigram index: an FTS5 table with the trigram tokenizer over the receipts' folded
# public names, kept by triggers, serves the public statement's name filter there
# (donations.public.statement.name_condition). PostgreSQL has its GIN trigram index (0005).
SQLITE_TRIGRAM = [
    "CREATE VIRTUAL TABLE receipt_name_trigram USING fts5(public_name_folded, "
    "content='donations_receipt', content_rowid='id', tokenize='trigram')",
    "INSERT INTO receipt_name_trigram(receipt_name_trigram) VALUES ('rebuild')",
    "CREATE TRIGGER receipt_name_trigram_insert AFTER INSERT ON donations_receipt BEGIN "
    "INSERT INTO receipt_name_trigram(rowid, public_name_folded) "
    "VALUES (new.id, new.public_name_folded); END",
    "CREATE TRIGGER receipt_name_trigram_update AFTER UPDATE OF public_name_folded "
    "ON donations_receipt BEGIN "
    "INSERT INTO receipt_name_trigram(receipt_name_trigram, rowid, public_name_folded) "
    "VALUES ('delete', old.id, old.public_name_folded); "
    "INSERT INTO receipt_name_trigram(rowid, public_name_folded) "
    "VALUES (new.id, new.public_name_folded); END",
    # Receipts are never deleted; a test database's flush is, and must not leave stale names.
    "CREATE TRIGGER receipt_name_trigram_delete AFTER DELETE ON donations_receipt BEGIN "
    "INSERT INTO receipt_name_trigram(receipt_name_trigram, rowid, public_name_folded) "
    "VALUES ('delete', old.id, old.public_name_folded); END",
]
SQLITE_TRIGRAM_DROP = [
    "DROP TRIGGER IF EXISTS receipt_name_trigram_insert",
    "DROP TRIGGER IF EXISTS receipt_name_trigram_update",
    "DROP TRIGGER IF EXISTS receipt_name_trigram_delete",
    "DROP TABLE IF EXISTS receipt_name_trigram",
]


def create_sqlite_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGRAM:
            schema_editor.execute(statement)


def drop_sqlite_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGRAM_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_campaign_peak_month"),
        ("donations", "0015_receipt_goods_stock"),
    ]

    operations = [
        migrations.CreateModel(
            name="HonourTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount", models.BigIntegerField()),
                ("names", models.IntegerField(default=0)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.campaignpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "honour roll tally",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "amount"), name="honour_tally_one_row"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HonourTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_name", models.CharField(max_length=200)),
                ("amount", models.BigIntegerField(default=0)),
                ("gifts", models.IntegerField(default=0)),
                ("first_at", models.DateTimeField()),
                ("last_at", models.DateTimeField()),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.campaignpage",
                    ),
                ),
                (
                    "donor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="donations.donor",
                    ),
                ),
            ],
            options={
                "verbose_name": "honour roll total",
                "indexes": [
                    models.Index(
                        fields=["campaign", "-amount", "public_name", "donor"],
                        name="honour_total_rank",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "donor", "public_name"), name="honour_total_one_row"
                    )
                ],
            },
        ),
        migrations.RunSQL([FILL, TALLY], migrations.RunSQL.noop),
        migrations.RunPython(create_sqlite_trigram, drop_sqlite_trigram),
    ]
