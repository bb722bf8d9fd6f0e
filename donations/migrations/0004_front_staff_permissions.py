"""Give the Front staff group (Cán bộ Mặt trận) the ledger's permissions, and nobody else.

Front staff view and record everything in the ledger; money records (receipts, allocations,
reversals) can be added but never changed or deleted, and nothing here is deletable by
them. Editors and moderators get nothing, so the ledger stays invisible to them.

Runs after sitewide's group migration, which sets that group's permissions from scratch.
Permissions are created with get_or_create because on a fresh database Django creates them
only after all migrations have run.
"""

from django.db import migrations

from sitewide.groups import FRONT_STAFF

GRANTS = {
    "donor": ["view", "add", "change"],
    "pledge": ["view", "add", "change"],
    "receipt": ["view", "add"],
    "allocation": ["view", "add"],
    "reversal": ["view", "add"],
    "fund": ["view", "add", "change"],
    "bankaccount": ["view", "add", "change"],
    "campaignfund": ["view", "add", "change"],
}
VERBOSE = {"bankaccount": "bank account", "campaignfund": "campaign fund"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=FRONT_STAFF)
    for model, actions in GRANTS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="donations", model=model
        )
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {VERBOSE.get(model, model)}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FRONT_STAFF).first()
    if group:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="donations"))


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0003_constraint_messages"),
        ("sitewide", "0003_staff_groups_and_workflow"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
