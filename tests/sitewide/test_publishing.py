"""Publishing through review, driven through Wagtail's own admin views.

An editor writes a story and submits it; a POST that asks to publish does not publish it. A
moderator approves (which publishes) or publishes with a go-live date (which schedules).
Revisions and the audit log are Wagtail's own and must record each step.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from sitewide.groups import EDITORS, MODERATORS
from stories.models import StoryPage
from tests.sitewide.conftest import make_staff

TITLE = "Hộ chị Hồ Thị Mai thoát nghèo nhờ trồng sâm"


def story_form(title=TITLE, slug="ho-chi-mai-thoat-ngheo", **extra):
    data = {
        "title": title,
        "slug": slug,
        "intro": "Từ ba sào đất đồi, gia đình chị Mai có thu nhập ổn định.",
        "listing_image": "",
        "story_type": "model-household",
        "story_date": "17/10/2026",
        "area": "",
        "tags": "sâm, sinh kế",
        "body": streamfield([("paragraph", rich_text("<p>Năm 2023, chị được hỗ trợ giống.</p>"))]),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
        **extra,
    }
    return nested_form_data(data)


@pytest.fixture
def editor(db):
    return make_staff(EDITORS, "bientap")


@pytest.fixture
def moderator(db):
    return make_staff(MODERATORS, "kiemduyet")


def add_story(client, parent, **form):
    url = reverse("wagtailadmin_pages:add", args=("stories", "storypage", parent.pk))
    response = client.post(url, story_form(**form))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return StoryPage.objects.get(slug=form.get("slug", "ho-chi-mai-thoat-ngheo"))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def actions(page):
    return list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_editor_submits_but_cannot_publish(client, story_index, editor):
    client.force_login(editor)
    story = add_story(client, story_index)
    assert not story.live

    # Asking to publish is not enough without the permission: it only saves a new draft.
    response = client.post(
        edit_url(story), story_form(title=TITLE + " (sửa)", **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    assert story.revisions.count() == 2
    assert story.get_latest_revision().as_object().title == TITLE + " (sửa)"
    assert "wagtail.publish" not in actions(story)
    assert client.get(story.url).status_code == 404

    response = client.post(edit_url(story), story_form(**{"action-submit": "submit"}))
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert "wagtail.workflow.start" in actions(story)

    # While it waits for review the page is locked for the editor: nothing changes.
    response = client.post(
        edit_url(story), story_form(title="Sửa khi chờ duyệt", **{"action-publish": "publish"})
    )
    assert response.status_code == 200
    story.refresh_from_db()
    assert not story.live
    assert story.get_latest_revision().as_object().title == TITLE


def test_editor_new_story_with_publish_action_stays_a_draft(client, story_index, editor):
    client.force_login(editor)
    story = add_story(client, story_index, **{"action-publish": "publish"})
    assert not story.live
    assert "wagtail.publish" not in actions(story)


def test_moderator_approves_and_the_story_goes_live(client, story_index, editor, moderator):
    client.force_login(editor)
    story = add_story(client, story_index, **{"action-submit": "submit"})

    client.force_login(moderator)
    response = client.post(
        edit_url(story),
        story_form(
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert story.revisions.count() >= 1
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    logged = actions(story)
    for action in ["wagtail.create", "wagtail.workflow.start", "wagtail.workflow.approve"]:
        assert action in logged
    assert "wagtail.publish" in logged
    publish = PageLogEntry.objects.get(page=story, action="wagtail.publish")
    assert publish.user == moderator
    assert client.get(story.url).status_code == 200


def test_moderator_schedules_with_go_live_date(client, story_index, editor, moderator):
    client.force_login(editor)
    story = add_story(client, story_index, **{"action-submit": "submit"})

    go_live = timezone.localtime() + datetime.timedelta(days=3)
    client.force_login(moderator)
    response = client.post(
        edit_url(story),
        story_form(go_live_at=go_live.strftime("%d/%m/%Y %H:%M"), **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    revision = story.revisions.filter(approved_go_live_at__isnull=False).get()
    assert abs(revision.approved_go_live_at - go_live) < datetime.timedelta(minutes=1)
    assert "wagtail.publish.schedule" in actions(story)

    # When the time comes, Wagtail's own command publishes it.
    from django.core.management import call_command

    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert story.live


def test_moderator_can_lock_a_story(client, story_index, moderator, editor):
    from tests.stories.conftest import make_story

    story = make_story(story_index)
    client.force_login(moderator)
    response = client.post(reverse("wagtailadmin_pages:lock", args=(story.pk,)))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.locked and story.locked_by == moderator
    assert "wagtail.lock" in actions(story)

    client.force_login(editor)
    client.post(edit_url(story), story_form(title="Sửa khi đang khoá", slug=story.slug))
    story.refresh_from_db()
    assert story.get_latest_revision().as_object().title != "Sửa khi đang khoá"
