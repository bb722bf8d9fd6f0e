"""Names of the staff groups, shared by migrations, commands and tests.

The groups themselves are created by the data migration sitewide/0003_staff_groups_and_workflow.
Other apps that add permissions for a group (the donations app for Front staff) import the name
from here instead of repeating a string whose diacritics are easy to get wrong. Such migrations
depend on sitewide/0003 and only add permissions, never replace the group's set.
"""

EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt viên"
FRONT_STAFF = "Cán bộ Mặt trận"

# Wagtail's own first migration creates these; ours renames them so existing members keep
# their place and the default workflow's approval task keeps pointing at the moderators.
WAGTAIL_DEFAULT_NAMES = {"Editors": EDITORS, "Moderators": MODERATORS}

# The workflow every page under the root follows: one review step by the moderators.
WORKFLOW_NAME = "Duyệt bài trước khi đăng"
APPROVAL_TASK_NAME = "Kiểm duyệt viên duyệt bài"
