"""Front staff (Cán bộ Mặt trận) see online gifts and their refunds and may refund; nobody else.

Gifts are created by donors and changed only by the payment services, so no add/change/delete
permission is granted to anyone (the admin's permission policy refuses them even to superusers).
Permissions are created with get_or_create because on a fresh database Django creates them only
after all migrations have run.
"""

from django.db import migrations

from sitewide.groups import FRONT_STAFF

GRANTS = {
    "onlinegift": {
        "view_onlinegift": "Can view online gift",
        "refund_onlinegift": "Can refund online gift",
    },
    "giftrefund": {"view_giftrefund": "Can view refund"},
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=FRONT_STAFF)
    for model, permissions in GRANTS.items():
        content_type, _created = ContentType.objects.get_or_create(app_label="giving", model=model)
        for codename, name in permissions.items():
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FRONT_STAFF).first()
    if group:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="giving"))


class Migration(migrations.Migration):
    dependencies = [
        ("giving", "0001_initial"),
        ("sitewide", "0003_staff_groups_and_workflow"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
