"""The staff groups the sitewide data migration sets up, checked through Wagtail's own APIs."""

import pytest
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupApprovalTask, Page, Workflow
from wagtail.permissions import policy_registry

from sitewide.groups import EDITORS, FRONT_STAFF, MODERATORS
from tests.sitewide.conftest import make_staff
from tests.stories.conftest import make_story

ALL_GROUPS = (EDITORS, MODERATORS, FRONT_STAFF)


@pytest.mark.django_db
def test_groups_have_vietnamese_names_and_wagtail_defaults_are_renamed():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ALL_GROUPS) <= names
    assert not names & {"Editors", "Moderators"}


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", ALL_GROUPS)
def test_every_staff_group_may_enter_the_admin(client, group_name):
    user = make_staff(group_name)
    assert user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_default_workflow_is_approved_by_moderators_only():
    root = Page.get_first_root_node()
    workflow = root.get_workflow()
    assert isinstance(workflow, Workflow) and workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [MODERATORS]


def test_page_permissions_per_group(story_index):
    story = make_story(story_index)
    editor = make_staff(EDITORS, "bientap")
    moderator = make_staff(MODERATORS, "kiemduyet")
    front = make_staff(FRONT_STAFF, "mattran")

    editor_perms = story.permissions_for_user(editor)
    assert editor_perms.can_edit()
    assert editor_perms.can_submit_for_moderation()
    assert not editor_perms.can_publish()
    assert not editor_perms.can_lock()
    assert story_index.permissions_for_user(editor).can_add_subpage()

    moderator_perms = story.permissions_for_user(moderator)
    assert moderator_perms.can_publish()
    assert moderator_perms.can_unpublish()
    assert moderator_perms.can_lock()
    assert moderator_perms.can_unlock()

    front_perms = story.permissions_for_user(front)
    assert not front_perms.can_edit()
    assert not front_perms.can_publish()
    assert not story_index.permissions_for_user(front).can_add_subpage()


@pytest.mark.django_db
def test_collection_permissions_for_media():
    documents = policy_registry.get_by_type(get_document_model())
    images = policy_registry.get_by_type(get_image_model())
    editor = make_staff(EDITORS, "bientap")
    front = make_staff(FRONT_STAFF, "mattran")
    assert images.user_has_permission(editor, "add")
    assert images.user_has_permission(editor, "choose")
    assert documents.user_has_permission(editor, "add")
    assert not images.user_has_permission(front, "add")
    assert images.user_has_permission(front, "choose")
    assert documents.user_has_permission(front, "add")
