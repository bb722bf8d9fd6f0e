"""Front staff (and commune Front staff, who hold what Front staff hold) may sign a checkpoint
of the public record now; nobody adds, changes or deletes its rows through the admin (only
public_record.services writes them). The permission is created with get_or_create because on a
fresh database Django creates permissions only after all migrations have run. The log head row
is created here too, so the first append finds it."""

from django.db import migrations

from sitewide.groups import FRONT_STAFF, grant_like_front_staff, revoke_from_commune_staff


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogHead = apps.get_model("public_record", "LogHead")
    LogHead.objects.get_or_create(pk=1)
    group, _created = Group.objects.get_or_create(name=FRONT_STAFF)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="public_record", model="checkpoint"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="sign_checkpoint",
        defaults={"name": "Can sign a checkpoint of the public record"},
    )
    group.permissions.add(permission)
    grant_like_front_staff(apps, "public_record")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=FRONT_STAFF).first()
    if group:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="public_record"))
    revoke_from_commune_staff(apps, "public_record")


class Migration(migrations.Migration):
    dependencies = [
        ("public_record", "0001_initial"),
        ("sitewide", "0006_money_out_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
