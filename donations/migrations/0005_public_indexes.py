"""Indexes for the public pages: the honour roll's named gifts, and on PostgreSQL a trigram
index so the statement's "name contains" filter does not scan a whole campaign."""

from django.conf import settings
from django.db import migrations, models

TRIGRAM = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS receipt_public_name_trgm
    ON donations_receipt USING gin (public_name_folded gin_trgm_ops);
"""


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAM)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS receipt_public_name_trgm;")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_support_item_unit"),
        ("donations", "0004_front_staff_permissions"),
        ("sitewide", "0003_staff_groups_and_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="receipt",
            index=models.Index(
                condition=models.Q(("disclosure", "anonymous"), _negated=True),
                fields=["campaign", "donor", "public_name"],
                include=("amount", "id"),
                name="receipt_honour_roll",
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
