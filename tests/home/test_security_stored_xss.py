"""Stored XSS, round 2 (issue 14, "not yet covered"): what editors and Front staff store and
readers see, and what the public and the banks type and staff see in the admin.

- Public pages: image titles, alternative texts, captions, credits and gallery titles in a
  story's and a campaign's body; a campaign's title, intro, organiser and support items; a
  video's address. Public pages also run under a strict CSP (no inline script).
- Embeds: a video block takes a URL and shows the HTML its provider returns, unescaped (as
  Wagtail does); only the providers the CSP lets frame (YouTube, Vimeo) are asked,
  and an address that is not http(s) is refused in the editor.
- The admin, whose CSP must allow inline script (Wagtail's own), so escaping is the only
  defence: a donor's name and message from the donate form in the gift listing and pages, a
  bank line's memo and sender (anyone can send a transfer with any memo) in the
  reconciliation queue and line page, a statement file's name in the imports listing, upload
  page and dashboard, and donors' names in Wagtail's site history.

Each payload carries its own marker; a page passes when no payload comes back as live markup
and, where the page shows the value, it is there as text (so the check is not vacuous).
"""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.embeds.finders import get_finders

from donations.models import Disclosure, DonorKind
from giving.models import GiftMethod
from giving.services import create_gift
from reconciliation.services.uploads import queue_upload
from sitewide.blocks import VideoBlock
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import link_campaign, make_donor
from tests.reconciliation.conftest import make_pledge, read_fixture
from tests.reconciliation.fixtures.statements.bank_rows import CODES
from tests.sitewide.conftest import make_image
from tests.stories.conftest import make_story

P = {
    "script": '<script>alert("xss-21")</script>',
    "img": '"><img src=x onerror=alert("xss-22")>',
    "svg": "'><svg onload=alert('xss-23')>",
    "title": '</title></textarea><script>alert("xss-24")</script>',
    "attr": '" onmouseover="alert(\'xss-25\')" x="',
}
LIVE = re.compile(
    r"<script>alert|<img src=x onerror|<svg onload|\sonmouseover=\"alert|"
    r"href=\"javascript:|href='javascript:",
    re.I,
)


def assert_inert(response, shown=()):
    assert response.status_code == 200, response.wsgi_request.path
    body = response.content.decode()
    assert LIVE.findall(body) == [], f"live markup in {response.wsgi_request.path}"
    text = html.unescape(body)
    for value in shown:
        assert value in text, f"{value!r} is not shown at all on {response.wsgi_request.path}"


def hostile_body(image):
    return [
        (
            "image",
            {"image": image, "alt_text": P["img"], "caption": P["svg"], "credit": P["attr"]},
        ),
        (
            "gallery",
            {
                "title": P["attr"],
                "images": [
                    {"image": image, "alt_text": P["attr"], "caption": "", "credit": ""},
                    {"image": image, "alt_text": P["svg"], "caption": P["img"], "credit": ""},
                ],
            },
        ),
        ("quote", {"quote": P["script"], "attribution": P["img"], "role": P["attr"]}),
        (
            "key_figures",
            {"title": P["svg"], "figures": [{"label": P["img"], "after": P["attr"], "unit": ""}]},
        ),
    ]


def test_image_texts_and_blocks_are_escaped_on_story_and_campaign_pages(
    client, story_index, campaign_index, fund, home
):
    image = make_image(title=P["title"])
    story = make_story(
        story_index, slug="cau-chuyen-anh", body=hostile_body(image), listing_image=image
    )
    campaign = link_campaign(
        make_campaign(
            campaign_index,
            title=P["title"],
            slug="chien-dich-thu",
            intro=P["img"],
            organiser=P["attr"],
            body=hostile_body(image),
            listing_image=image,
        ),
        fund,
    )
    campaign.support_items.create(
        name=P["svg"], unit_cost=60_000_000, target_count=3, unit="căn", description=P["img"]
    )
    campaign.save_revision().publish()
    shown = [P["img"], P["svg"], P["attr"]]
    assert_inert(client.get(story.url), shown)
    assert_inert(client.get(campaign.url), [*shown, P["title"]])
    for url in (story_index.url, campaign_index.url, home.url, "/search/?q=anh"):
        assert_inert(client.get(url))


def test_only_the_framed_video_sites_are_asked_for_embed_html():
    """The HTML an oEmbed provider returns is put in the page as it is. Wagtail asks any of
    some 300 providers (a code-sharing site, a slideshow host…) by default; ours asks only
    those the CSP lets frame, so no one else's HTML reaches our pages or the admin's preview."""

    def asked(url):
        return any(finder.accept(url) for finder in get_finders())

    assert asked("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert asked("https://youtu.be/dQw4w9WgXcQ")
    assert asked("https://vimeo.com/76979871")
    for elsewhere in (
        "https://www.tiktok.com/@mattran/video/7234567890123456789",
        "https://gist.github.com/someone/0123456789abcdef",
        "https://www.slideshare.net/someone/deck",
        "https://twitter.com/someone/status/1234567890",
        "https://www.reddit.com/r/vietnam/comments/abc/x/",
    ):
        assert not asked(elsewhere), elsewhere


@pytest.mark.parametrize(
    "address",
    ["javascript:alert('xss-26')", "data:text/html,<script>alert(1)</script>", "//evil.example/"],
)
def test_a_video_address_that_is_not_a_web_address_is_refused(db, address):
    with pytest.raises(ValidationError):
        VideoBlock().clean(VideoBlock().to_python({"video": address, "caption": ""}))


@pytest.fixture
def hostile_ledger(giving_campaign, account, front_staff):
    campaign = giving_campaign
    """A gift typed on the donate form, a bank line anyone could cause (a transfer's memo and
    sender), a statement file named by whoever exported it, and a pledge of a donor whose
    name is a payload (suggested on the line)."""
    gift = create_gift(
        campaign=campaign,
        method=GiftMethod.TRANSFER,
        amount=200_000,
        disclosure=Disclosure.FULL_NAME,
        donor_name=P["img"],
        consent=True,
        message=P["script"],
        ip="203.0.113.5",
    )
    make_pledge(CODES[5], 300_000, campaign=campaign, donor=make_donor(P["svg"]))
    make_donor(P["attr"], kind=DonorKind.BUSINESS)
    text = read_fixture("vietcombank.csv").decode("utf-8-sig")
    memo = "UNG HO QUY VI NGUOI NGHEO"
    assert memo in text
    statement = text.replace(memo, P["script"].replace('"', "") + " " + P["img"].replace('"', ""))
    upload = queue_upload(
        account=account,
        file_bytes=statement.encode("utf-8-sig"),
        filename=P["svg"] + ".csv",
        user=front_staff,
    )
    assert upload.statement_import is not None, upload.error
    return gift, upload


def test_what_donors_and_banks_type_is_escaped_in_the_admin(
    client, hostile_ledger, front_staff, admin_user
):
    gift, upload = hostile_ledger
    line = upload.statement_import.lines.get(memo__contains="xss-21")
    client.force_login(front_staff)
    pages = {
        reverse("online_gifts:index"): [],
        reverse("online_gifts:inspect", args=[gift.pk]): [P["img"], P["script"]],
        reverse("donor:index"): [],
        reverse("reconciliation_line:index"): [],
        reverse("reconciliation_line:inspect", args=[line.pk]): [],
        reverse("reconciliation_import:index"): [P["svg"] + ".csv"],
        reverse("reconciliation_import:inspect", args=[upload.statement_import.pk]): [],
        reverse("reconciliation_import:upload", kwargs={"upload_pk": upload.pk}): [],
        reverse("wagtailadmin_home"): [],
    }
    for url, shown in pages.items():
        response = client.get(url, follow=True)
        assert_inert(response, shown)
    line_page = client.get(reverse("reconciliation_line:inspect", args=[line.pk]))
    assert "alert(xss-21)" in html.unescape(line_page.content.decode())  # the memo, as text
    client.force_login(admin_user)
    assert_inert(client.get(reverse("wagtailadmin_reports:site_history")))


def test_the_checks_catch_each_payload():
    """The control for every test above."""
    for payload in [*P.values(), "<a href=\"javascript:alert('xss-26')\">"]:
        assert LIVE.search(payload), payload
