"""A household's private details (CCCD, phone, address, bank account, reason for support) never
reach a public page or Wagtail's log; its name in public is masked unless it consented, and a
withdrawn consent shows on the cached story page at once."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from support import services
from support.models import Beneficiary, Consent
from tests.stories.conftest import make_story
from tests.support.conftest import (
    DAY,
    SECRET_ADDRESS,
    SECRET_BANK,
    SECRET_CCCD,
    SECRET_PHONE,
    SECRET_REASON,
    approved_decision,
)

pytestmark = pytest.mark.django_db

SECRETS = (SECRET_CCCD, SECRET_PHONE, SECRET_ADDRESS, SECRET_BANK, SECRET_REASON)


@pytest.fixture
def story_world(support_world, story_index):
    w = support_world
    w.line = approved_decision(w, [w.household], number="21/QĐ-BVĐ").lines.get()
    services.change_consent(w.household, consent=Consent.STORY, on=DAY, user=w.front)
    w.story = make_story(story_index, title="Ngôi nhà mới của chị Nhung")
    services.link_story(w.line, story=w.story, user=w.front)
    return w


def test_the_story_shows_the_funds_support_and_no_secret(client, story_world):
    text = client.get(story_world.story.url).text
    assert "Hộ bà Hồ Thị Nhung" in text
    assert "60.000.000" in text
    for secret in SECRETS:
        assert secret not in text


def test_a_withdrawn_consent_masks_the_name_on_the_cached_story_at_once(client, story_world):
    w = story_world
    assert "Hộ bà Hồ Thị Nhung" in client.get(w.story.url).text  # now in the fragment cache
    services.change_consent(w.household, consent=Consent.MASKED, on=DAY, user=w.front)
    text = client.get(w.story.url).text
    assert "Hộ bà Hồ Thị Nhung" not in text
    assert "Hộ bà Hồ T. N." in text


def test_unlinking_the_story_removes_the_line_from_the_cached_page(client, story_world):
    w = story_world
    assert "21/QĐ-BVĐ" not in client.get(w.story.url).text  # the number is staff's
    assert "story-support" in client.get(w.story.url).text
    services.link_story(w.line, story=None, user=w.front)
    assert "story-support" not in client.get(w.story.url).text


def test_a_revoked_decision_no_longer_credits_the_story(client, story_world):
    w = story_world
    services.revoke_decision(w.line.decision, user=w.front, reason="Hộ đã được hỗ trợ nguồn khác")
    assert "story-support" not in client.get(w.story.url).text


def test_no_secret_in_wagtails_log(client, support_world):
    """Through the admin as staff do it: create and edit a household, change its consent,
    propose and approve a decision for it."""
    w = support_world
    client.force_login(w.front)
    response = client.post(
        reverse("beneficiary:add"),
        {
            "head_name": "Hồ Văn Lục",
            "head_gender": "male",
            "commune": w.commune.pk,
            "members_count": 5,
            "category": "poor",
            "list_year": 2026,
            "cccd": "045180099887",
            "phone": "0911222333",
            "address": "Thôn Cheng, nhà bí mật 9",
            "bank_account": "BIDV 5401000999",
            "support_reason": "Bệnh lao phổi",
        },
    )
    assert response.status_code == 302, response.text[:3000]
    household = Beneficiary.objects.get(head_name="Hồ Văn Lục")
    client.post(
        reverse("beneficiary:edit", args=[household.pk]),
        {
            "head_name": "Hồ Văn Lục",
            "head_gender": "male",
            "commune": w.commune.pk,
            "members_count": 6,
            "category": "poor",
            "list_year": 2026,
            "cccd": "045180099887",
            "phone": "0911222444",
            "address": "Thôn Cheng, nhà bí mật 10",
            "bank_account": "BIDV 5401000999",
            "support_reason": "Bệnh lao phổi, điều trị dài ngày",
        },
    )
    client.post(
        reverse("beneficiary:consent", args=[household.pk]),
        {"consent": "full_name", "on": "05/11/2026"},
    )
    approved_decision(w, [household, w.household])
    entries = list(ModelLogEntry.objects.all())
    assert len(entries) >= 5
    written = " ".join(f"{entry.label} {entry.data}" for entry in entries)
    secrets = (*SECRETS, "045180099887", "0911222", "nhà bí mật", "5401000999", "lao phổi")
    for secret in secrets:
        assert secret not in written, secret


def test_the_public_pages_never_carry_a_households_details(client, support_world, home):
    approved_decision(support_world, [support_world.household])
    for url in ("/", reverse("search") + "?q=Nhung", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.text
        for secret in SECRETS:
            assert secret not in text, url


def test_masked_public_name():
    household = Beneficiary(head_name="Trần Thị Lan", head_gender="female")
    assert household.public_name() == "Hộ bà Trần T. L."
    household.consent = Consent.FULL_NAME
    assert household.public_name() == "Hộ bà Trần Thị Lan"
