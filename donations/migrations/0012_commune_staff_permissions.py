"""Commune Front staff hold the same donations permissions as Front staff; the views limit them to
the funds they are assigned to."""

from django.db import migrations

from sitewide.groups import grant_like_front_staff, revoke_from_commune_staff


def grant(apps, schema_editor):
    grant_like_front_staff(apps, "donations")


def revoke(apps, schema_editor):
    revoke_from_commune_staff(apps, "donations")


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0011_statement_amount_index"),
        ("sitewide", "0006_money_out_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
