"""Campaign pages with money: Delete is not offered in the admin, and is still refused if asked.

Each check has a control: a campaign without money, whose Delete is offered and works, so a
test cannot pass merely because a page failed to render.
"""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from donations.models import Channel
from donations.services import record_receipt
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import at
from tests.sitewide.conftest import make_user

REFUSAL = "đã có khoản ủng hộ hoặc cam kết được ghi nhận"


@pytest.fixture
def pages(ledger_campaign, campaign_index):
    record_receipt(
        channel=Channel.CASH,
        amount=500_000,
        received_at=at(datetime.date(2026, 10, 17), 9),
        campaign=ledger_campaign,
        receipt_book_number="Q07-0001",
    )
    empty = make_campaign(campaign_index, title="Chiến dịch chưa có tiền", slug="chua-co-tien")
    return {"money": ledger_campaign, "index": campaign_index, "empty": empty}


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("quan-tri-xoa", is_superuser=True, is_staff=True))
    return client


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_listing_more_menu_offers_no_delete_for_a_campaign_with_money(admin_client, pages):
    body = html(admin_client, reverse("wagtailadmin_explore", args=[pages["index"].pk]))
    assert delete_url(pages["empty"]) in body
    assert delete_url(pages["money"]) not in body
    # The index's own header menu: deleting it would delete the campaign below.
    assert delete_url(pages["index"]) not in body

    parent = html(
        admin_client, reverse("wagtailadmin_explore", args=[pages["index"].get_parent().pk])
    )
    assert "Chiến dịch" in parent and delete_url(pages["index"]) not in parent


def test_edit_view_header_offers_no_delete_for_a_campaign_with_money(admin_client, pages):
    for page, offered in ((pages["empty"], True), (pages["money"], False)):
        body = html(admin_client, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert (delete_url(page) in body) is offered


def test_bulk_delete_lists_a_campaign_with_money_as_not_deletable(admin_client, pages):
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    body = html(admin_client, f"{bulk}?id={pages['money'].pk}&id={pages['empty'].pk}")
    assert REFUSAL in body and pages["money"].title in body
    admin_client.post(f"{bulk}?id={pages['money'].pk}&id={pages['empty'].pk}", {})
    assert Page.objects.filter(pk=pages["money"].pk).exists()
    assert not Page.objects.filter(pk=pages["empty"].pk).exists()


def test_delete_view_still_refuses_a_campaign_with_money(admin_client, pages):
    for page in (pages["money"], pages["index"]):
        response = admin_client.post(delete_url(page), follow=True)
        assert REFUSAL in response.content.decode()
        assert Page.objects.filter(pk=page.pk).exists()
