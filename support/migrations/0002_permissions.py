"""Support's permissions: Front staff (and commune Front staff, who see only their funds) keep
beneficiaries, support levels, decisions and houses; the Fund's board (Ban vận động Quỹ) also
approves or returns decisions (support.approve_decision). No group deletes anything here.
Editors and moderators get nothing.

Runs after sitewide 0006, which creates the commune staff and board groups. Permissions are
made with get_or_create: on a fresh database Django creates them only after all migrations.
"""

from django.db import migrations

from sitewide.groups import COMMUNE_FRONT_STAFF, FRONT_STAFF, FUND_BOARD

STAFF_GRANTS = {
    "beneficiary": ["view", "add", "change"],
    "supportlevel": ["view", "add", "change"],
    "decision": ["view", "add", "change"],
    "decisionline": ["view"],
    "decisionrevocation": ["view"],
    "house": ["view", "change"],
    "housephoto": ["view", "add"],
}
BOARD_GRANTS = {"decision": ["approve"]}
VERBOSE = {
    "supportlevel": "support level",
    "decisionline": "decision line",
    "decisionrevocation": "decision revocation",
    "housephoto": "house photo",
}
NAMES = {"approve_decision": "Can approve or return spending decisions"}


def _permission(apps, model, action):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="support", model=model)
    codename = f"{action}_{model}"
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": NAMES.get(codename, f"Can {action} {VERBOSE.get(model, model)}")},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in (
        (FRONT_STAFF, STAFF_GRANTS),
        (COMMUNE_FRONT_STAFF, STAFF_GRANTS),
        (FUND_BOARD, BOARD_GRANTS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        for model, actions in grants.items():
            group.permissions.add(*(_permission(apps, model, action) for action in actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[FRONT_STAFF, COMMUNE_FRONT_STAFF, FUND_BOARD]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="support"))


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("sitewide", "0006_money_out_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
