"""On PostgreSQL, a text-search configuration that ignores Vietnamese diacritics.

`unaccent` maps ễ→e and đ→d; the `simple` dictionary then lower-cases. Settings point the
search backend's SEARCH_CONFIG at it. Other databases skip this migration.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vn_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION vn_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION vn_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS vn_unaccent;"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("sitewide", "0001_initial")]
    operations = [migrations.RunPython(create_config, drop_config)]
