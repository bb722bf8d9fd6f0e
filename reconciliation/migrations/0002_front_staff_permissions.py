"""Front staff (Cán bộ Mặt trận) import statements, work the reconciliation queue and set up
transfer feeds and column mappings; nobody else sees any of it (memos are personal data).

Lines, imports and decisions are written by the services only, so no change/delete permission
is granted on them (the admin's permission policy refuses those even to superusers). Only adds
permissions, never replaces the group's set; created with get_or_create because on a fresh
database Django creates permissions only after all migrations have run.
"""

from django.db import migrations

from sitewide.groups import FRONT_STAFF

GRANTS = {
    "statementline": ("statement line", ["view"]),
    "statementimport": ("statement import", ["view", "add"]),
    "decision": ("reconciliation decision", ["view", "add"]),
    "savedcolumnmapping": ("column mapping", ["view", "add", "change", "delete"]),
    "feedsource": ("transfer feed", ["view", "add", "change"]),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=FRONT_STAFF)
    for model, (verbose, actions) in GRANTS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="reconciliation", model=model
        )
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FRONT_STAFF).first()
    if group:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="reconciliation")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reconciliation", "0001_initial"),
        ("sitewide", "0003_staff_groups_and_workflow"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
