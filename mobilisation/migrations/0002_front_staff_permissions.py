"""Front staff (and commune Front staff, who hold the same permissions) run launch ceremonies,
import pledges and send reminders; nobody else sees any of it (donors' contact details).

Only adds permissions, never replaces a group's set; created with get_or_create because on a
fresh database Django creates permissions only after all migrations have run.
"""

from django.db import migrations

from sitewide.groups import FRONT_STAFF, grant_like_front_staff, revoke_from_commune_staff

GRANTS = {
    "ceremony": ("launch ceremony", ["view", "add", "change", "delete"]),
    "ceremonypledge": ("pledge announced", ["view", "add"]),
    "pledgeimport": ("pledge import", ["view", "add"]),
    "reminder": ("reminder", ["view", "add"]),
    "reminderoptout": ("reminder opt-out", ["view"]),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=FRONT_STAFF)
    for model, (verbose, actions) in GRANTS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="mobilisation", model=model
        )
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            group.permissions.add(permission)
    grant_like_front_staff(apps, "mobilisation")


def revoke(apps, schema_editor):
    revoke_from_commune_staff(apps, "mobilisation")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FRONT_STAFF).first()
    if group:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="mobilisation"))


class Migration(migrations.Migration):
    dependencies = [
        ("mobilisation", "0001_initial"),
        ("sitewide", "0006_money_out_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
