"""Names of the staff groups, shared by migrations, commands and tests.

The groups themselves are created by the data migration sitewide/0003_staff_groups_and_workflow.
Other apps that add permissions for a group (the donations app for Front staff) import the name
from here instead of repeating a string whose diacritics are easy to get wrong. Such migrations
depend on sitewide/0003 and only add permissions, never replace the group's set.
"""

EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt viên"
FRONT_STAFF = "Cán bộ Mặt trận"
# Front staff of a commune: the same permissions as FRONT_STAFF, but every money-out screen
# shows and records only the funds they are assigned to (donations' fund assignments).
COMMUNE_FRONT_STAFF = "Cán bộ Mặt trận cấp xã"
# The Fund's campaign board (Ban vận động): approves or returns spending decisions. Its
# members are Front staff too (both groups); no one approves their own proposal.
FUND_BOARD = "Ban vận động Quỹ"

# Wagtail's own first migration creates these; ours renames them so existing members keep
# their place and the default workflow's approval task keeps pointing at the moderators.
WAGTAIL_DEFAULT_NAMES = {"Editors": EDITORS, "Moderators": MODERATORS}

# The workflow every page under the root follows: one review step by the moderators.
WORKFLOW_NAME = "Duyệt bài trước khi đăng"
APPROVAL_TASK_NAME = "Kiểm duyệt viên duyệt bài"


def grant_like_front_staff(apps, app_label):
    """For a data migration: give commune Front staff the permissions that Front staff hold on
    ``app_label``'s models, so the two groups differ only in which funds they see."""
    Group = apps.get_model("auth", "Group")
    front = Group.objects.filter(name=FRONT_STAFF).first()
    commune, _created = Group.objects.get_or_create(name=COMMUNE_FRONT_STAFF)
    if front is not None:
        commune.permissions.add(*front.permissions.filter(content_type__app_label=app_label))


def revoke_from_commune_staff(apps, app_label):
    Group = apps.get_model("auth", "Group")
    commune = Group.objects.filter(name=COMMUNE_FRONT_STAFF).first()
    if commune is not None:
        commune.permissions.remove(*commune.permissions.filter(content_type__app_label=app_label))
