"""Front staff, and commune Front staff like them, view and record money out: payment vouchers
and transfers between funds can be added (vouchers through support's pay view) but never
changed or deleted. Fund assignments are kept by superusers: no group gets them.

Permissions are created with get_or_create because on a fresh database Django creates them
only after all migrations have run.
"""

from django.db import migrations

from sitewide.groups import COMMUNE_FRONT_STAFF, FRONT_STAFF, grant_like_front_staff

GRANTS = {"voucher": ["view", "add"], "fundtransfer": ["view", "add"]}
VERBOSE = {"voucher": "payment voucher", "fundtransfer": "fund transfer"}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, actions in GRANTS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="donations", model=model
        )
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {VERBOSE[model]}"},
            )
            yield permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=FRONT_STAFF)
    group.permissions.add(*_permissions(apps))
    grant_like_front_staff(apps, "donations")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for group in Group.objects.filter(name__in=[FRONT_STAFF, COMMUNE_FRONT_STAFF]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0013_money_out"),
        ("donations", "0012_commune_staff_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
