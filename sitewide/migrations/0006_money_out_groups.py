"""The two groups money out needs: commune Front staff and the Fund's campaign board.

Commune Front staff get what Front staff hold here (the admin, areas, choosing pictures and
keeping documents); each app's own migration copies the rest (sitewide.groups
.grant_like_front_staff). The board gets only the admin: its members are Front staff too, and
the support app's migration gives the board the right to approve spending decisions.
"""

from django.db import migrations

from sitewide.groups import COMMUNE_FRONT_STAFF, FRONT_STAFF, FUND_BOARD


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    front = Group.objects.filter(name=FRONT_STAFF).first()
    commune, _created = Group.objects.get_or_create(name=COMMUNE_FRONT_STAFF)
    board, _created = Group.objects.get_or_create(name=FUND_BOARD)
    if front is not None:
        commune.permissions.add(
            *front.permissions.exclude(
                content_type__app_label__in=["donations", "reconciliation", "giving"]
            )
        )
        for grant in GroupCollectionPermission.objects.filter(group=front):
            GroupCollectionPermission.objects.get_or_create(
                group=commune, collection_id=grant.collection_id, permission_id=grant.permission_id
            )
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        board.permissions.add(access)


def remove(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[COMMUNE_FRONT_STAFF, FUND_BOARD]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sitewide", "0005_move_homepage_to_home"),
    ]
    operations = [migrations.RunPython(create, remove)]
