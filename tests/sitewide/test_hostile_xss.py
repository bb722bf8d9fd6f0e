"""Hostile text is shown as text: script-like input in every public form field and query, in
donors' names and messages (on the public statement and honour roll, and in the Front staff's
admin), and in stories' title, intro, rich text and tags comes back escaped, never as markup.

Each payload carries its own marker; a page passes when no payload comes back as live markup
(`<script>alert…`, an `<img … onerror>`, an `<svg onload>`, a `javascript:` link) and, where
the page echoes the value, it is there as text (so the check is not vacuous).
"""

import csv
import datetime
import html
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from donations.models import Channel, Disclosure
from donations.services import record_receipt
from giving.models import GiftMethod
from giving.services import create_gift
from tests.donations.conftest import make_donor
from tests.stories.conftest import make_story

PAYLOADS = [
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "'><svg onload=alert('xss-3')>",
    '</textarea></title><script>alert("xss-4")</script>',
]
LIVE_MARKUP = re.compile(
    r"<script>alert|<img src=x onerror|<svg onload|href=\"javascript:|href='javascript:", re.I
)


def assert_inert(response, echoed=()):
    body = response.content.decode()
    found = LIVE_MARKUP.findall(body)
    assert found == [], f"live markup in {response.wsgi_request.path}: {found}"
    shown = html.unescape(body)
    for value in echoed:
        assert value in shown, f"{value!r} is not shown (as text) at all"


@pytest.fixture
def campaign(giving_campaign):
    return giving_campaign


def test_the_donate_form_gives_back_what_was_typed_escaped(client, campaign):
    data = {
        "preset": "",
        "other_amount": PAYLOADS[0],  # not an amount: the form comes back with the errors
        "disclosure": Disclosure.FULL_NAME,
        "donor_name": PAYLOADS[1],
        "consent": "on",
        "phone": PAYLOADS[2],
        "email": "khong-phai-email",
        "message": PAYLOADS[3],
        "method": GiftMethod.VNPAY,
    }
    response = client.post(reverse("giving:donate", args=[campaign.pk]), data)
    assert response.status_code == 200
    assert_inert(response, echoed=PAYLOADS)


def test_query_strings_and_the_check_gift_form_are_echoed_escaped(client, campaign, story_index):
    make_story(story_index)
    payload = PAYLOADS[1]
    for url, params in [
        ("/search/", {"q": payload}),
        (f"/ung-ho/{campaign.slug}/sao-ke/", {"ten": payload, "tu_ngay": payload}),
        (f"/ung-ho/{campaign.slug}/sao-ke/", {"tu_so_tien": payload, "sau": payload}),
        (f"/ung-ho/{campaign.slug}/vinh-danh/", {"trang": payload}),
        (story_index.url, {"tag": payload, "type": payload, "area": payload, "year": payload}),
        (story_index.url, {"page": payload}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert_inert(response)
    assert_inert(client.get("/search/", {"q": payload}), echoed=[payload])
    checked = client.post("/ung-ho/kiem-tra/", {"reference": PAYLOADS[0][:30], "amount": payload})
    assert_inert(checked, echoed=[PAYLOADS[0][:30]])


def test_donor_names_are_escaped_on_the_statement_honour_roll_and_campaign(client, campaign):
    when = timezone.now() - datetime.timedelta(hours=1)
    for number, payload in enumerate(PAYLOADS):
        record_receipt(
            campaign=campaign,
            channel=Channel.CASH,
            amount=100_000 * (number + 1),
            received_at=when,
            donor=make_donor(payload),
            disclosure=Disclosure.FULL_NAME,
            receipt_book_number=f"Q1-{number}",
        )
    statement = client.get(f"/ung-ho/{campaign.slug}/sao-ke/")
    assert_inert(statement, echoed=PAYLOADS)
    assert_inert(client.get(f"/ung-ho/{campaign.slug}/vinh-danh/"), echoed=PAYLOADS)
    assert_inert(client.get(campaign.url))


def test_what_donors_type_is_escaped_in_the_front_staffs_admin(client, campaign, front_staff):
    gift = create_gift(
        campaign=campaign,
        method=GiftMethod.TRANSFER,
        amount=200_000,
        disclosure=Disclosure.FULL_NAME,
        donor_name=PAYLOADS[0],
        consent=True,
        message=PAYLOADS[3],
        ip="203.0.113.5",
    )
    assert_inert(client.get(reverse("giving:gift_status", args=[gift.token])), [PAYLOADS[0]])
    donor = make_donor(PAYLOADS[1], address=PAYLOADS[2])
    client.force_login(front_staff)
    for url in (
        reverse("online_gifts:index"),
        reverse("online_gifts:inspect", args=[gift.pk]),
        reverse("donor:index"),
        reverse("donor:inspect", args=[donor.pk]),
        reverse("donor:edit", args=[donor.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response)
    assert_inert(client.get(reverse("donor:inspect", args=[donor.pk])), [PAYLOADS[1]])


def rich_text_from_the_editor(text, href):
    """Database HTML as Wagtail's editor (Draftail) stores it: a paragraph whose first word,
    "Xem", links to href, followed by text."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": f"Xem {text}",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 3, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": href}}},
    }
    converter = ContentstateConverter(features=["bold", "italic", "link", "h2", "ol", "ul"])
    return converter.to_database_format(json.dumps(contentstate))


def test_story_title_intro_rich_text_and_tags_are_escaped(client, story_index, home):
    body = rich_text_from_the_editor(PAYLOADS[0], "javascript:alert('xss-5')")
    assert "<script>" not in body
    story = make_story(
        story_index,
        title=PAYLOADS[1],
        slug="cau-chuyen-thu",
        intro=PAYLOADS[2],
        body=[("paragraph", body)],
    )
    story.tags.add(PAYLOADS[3])
    story.save_revision().publish()
    for url in (story.url, story_index.url, home.url, "/search/?q=xss", "/feeds/stories/rss/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response)
    page = client.get(story.url)
    assert_inert(page, echoed=[PAYLOADS[0], PAYLOADS[1], PAYLOADS[2]])
    assert "javascript:" not in page.content.decode()


def test_the_live_markup_check_catches_each_payload():
    """The control for every test above."""
    for payload in [*PAYLOADS, "<a href=\"javascript:alert('xss-5')\">"]:
        assert LIVE_MARKUP.search(payload), payload


def test_names_that_look_like_formulas_are_inert_in_the_statement_csv(client, campaign):
    """A name typed as "=HYPERLINK(…)" must not become a formula in a reader's spreadsheet."""
    when = timezone.now() - datetime.timedelta(hours=1)
    names = ['=HYPERLINK("http://lua-dao.example/","Bấm vào đây")', "+1+2", "@SUM(A1)", "Bình"]
    for number, name in enumerate(names):
        record_receipt(
            campaign=campaign,
            channel=Channel.CASH,
            amount=50_000,
            received_at=when,
            donor=make_donor(name),
            disclosure=Disclosure.FULL_NAME,
            receipt_book_number=f"Q2-{number}",
        )
    response = client.get(f"/ung-ho/{campaign.slug}/sao-ke.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(cells) == sorted(["'" + name for name in names[:3]] + ["Bình"])
