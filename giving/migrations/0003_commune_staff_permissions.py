"""Commune Front staff hold the same giving permissions as Front staff; the views limit them to
the funds they are assigned to."""

from django.db import migrations

from sitewide.groups import grant_like_front_staff, revoke_from_commune_staff


def grant(apps, schema_editor):
    grant_like_front_staff(apps, "giving")


def revoke(apps, schema_editor):
    revoke_from_commune_staff(apps, "giving")


class Migration(migrations.Migration):
    dependencies = [
        ("giving", "0002_front_staff_permissions"),
        ("sitewide", "0006_money_out_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
