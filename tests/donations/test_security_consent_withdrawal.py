"""A donor who withdraws consent to be named leaves every public page, cached copy and export
at once (issue 14, "not yet covered").

The attack: read the honour roll, the public statement and its CSV while the donor is named
(so each is cached: the page cache, the money fragments, each process's local copies, the
honour roll's own rows, the stored CSV), withdraw the donor's consent in the admin's service,
and read them again. Before, the change moved only the money version, under whose rule a copy
younger than PAGE_CACHE_MONEY_MIN_AGE is still served (here 60 s, so that the rule, not the
clock, decides), the honour roll kept its rows for 300 s under a key of the campaign's totals
(which a change of name does not move), and the CSV's older copy was served while a new one
was built.
"""

import datetime

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from wagtail.models import Site

from donations.models import Channel, Disclosure
from donations.services import change_disclosure, change_donor_disclosure, record_receipt
from sitewide.caching import pages
from sitewide.caching.fragments import FRAGMENT_ALIAS
from sitewide.models import SiteSettings
from tests.donations.conftest import at, make_donor
from tests.sitewide.conftest import clear, use_redis_cache

NAME = "Trần Thị Hoa Mai"
DAY = datetime.date(2026, 10, 20)


@pytest.fixture(params=["in-process", "redis"])
def caching(request, settings, home):
    """The page cache and the fragment cache on, as in production (on Redis, with each
    process's counters and local copies too), and a money rule that would keep a copy a
    minute."""
    if request.param == "redis":
        use_redis_cache(settings)
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 600
    settings.PAGE_CACHE_MONEY_MAX_AGE = 600
    settings.PAGE_CACHE_MONEY_MIN_AGE = 60
    settings.PAGE_CACHE_CDN_MAX_AGE = 0
    clear(cache)
    caches[FRAGMENT_ALIAS].clear()
    pages.LOCAL_COPIES.clear()
    yield settings
    clear(cache)
    caches[FRAGMENT_ALIAS].clear()
    pages.LOCAL_COPIES.clear()


@pytest.fixture
def named(ledger_campaign):
    donor = make_donor(NAME, public_display=Disclosure.FULL_NAME)
    receipts = [
        record_receipt(
            channel=Channel.CASH,
            amount=amount,
            received_at=at(DAY, 9 + index),
            campaign=ledger_campaign,
            donor=donor,
            receipt_book_number=f"Q14-{index}",
        )
        for index, amount in enumerate([2_000_000, 500_000])
    ]
    other = make_donor("Lê Văn Tám", public_display=Disclosure.FULL_NAME)
    record_receipt(
        channel=Channel.CASH,
        amount=300_000,
        received_at=at(DAY, 15),
        campaign=ledger_campaign,
        donor=other,
        receipt_book_number="Q14-9",
    )
    return donor, receipts


def public_urls(campaign):
    return [
        reverse("donations_honour_roll", args=[campaign.slug]),
        reverse("donations_honour_roll", args=[campaign.slug]) + "?trang=1",
        reverse("donations_statement", args=[campaign.slug]),
        reverse("donations_statement", args=[campaign.slug]) + "?ten=Hoa+Mai",
        reverse("donations_statement_csv", args=[campaign.slug]),
        reverse("donations_statement_csv", args=[campaign.slug]) + "?ten=Hoa+Mai",
        campaign.url,
    ]


def text(response):
    assert response.status_code == 200, (response.wsgi_request.get_full_path(), response)
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def read_twice(client, url):
    """Read a page twice, so that whatever can keep it has kept it."""
    first = text(client.get(url))
    second = client.get(url)
    return first, second


def test_a_withdrawn_name_leaves_every_page_cache_and_export_at_once(
    client, caching, ledger_campaign, named
):
    donor, _receipts = named
    urls = public_urls(ledger_campaign)
    for url in urls[:-1]:
        first, second = read_twice(client, url)
        assert NAME in first and NAME in text(second), url
    assert client.get(urls[0])["X-Cache"] == "HIT"  # the control: served from the page cache

    change_donor_disclosure(donor, Disclosure.ANONYMOUS, reason="Nhà hảo tâm rút lại đồng ý")

    for url in urls:
        body = text(client.get(url))
        assert NAME not in body, f"{url} still names the donor"
    assert "Lê Văn Tám" in text(client.get(urls[0]))  # the others are still named


def test_withdrawing_one_gift_leaves_the_roll_and_csv_at_once(
    client, caching, ledger_campaign, named
):
    donor, receipts = named
    honour = reverse("donations_honour_roll", args=[ledger_campaign.slug])
    csv = reverse("donations_statement_csv", args=[ledger_campaign.slug])
    for url in (honour, csv):
        read_twice(client, url)

    for receipt in receipts:
        change_disclosure(receipt, Disclosure.ANONYMOUS, reason="Rút lại đồng ý")

    assert NAME not in text(client.get(honour))
    assert NAME not in text(client.get(csv))


def test_an_export_being_rebuilt_does_not_serve_the_withdrawn_name(
    client, caching, ledger_campaign, named, settings, monkeypatch
):
    """A large campaign's CSV is rebuilt by a background task; meanwhile the older copy was
    served ("STALE"), with the withdrawn name in it until the build ended."""
    import donations.tasks
    from donations.public import exports

    calls = []

    class Queue:
        def enqueue(self, *args):
            calls.append(args)

    monkeypatch.setattr(donations.tasks, "build_statement_csv", Queue())
    csv = reverse("donations_statement_csv", args=[ledger_campaign.slug])
    settings.STATEMENT_CSV_INLINE_ROWS = 1
    client.get(csv)
    exports.build_by_id(*calls.pop())
    assert NAME in text(client.get(csv))
    donor, _receipts = named

    change_donor_disclosure(donor, Disclosure.ANONYMOUS, reason="Rút lại đồng ý")

    pending = client.get(csv)
    assert pending.status_code == 503  # "being prepared", not the older copy
    assert NAME not in pending.content.decode()
    exports.build_by_id(*calls.pop())
    fresh = client.get(csv)
    assert fresh["X-Cache"] == "HIT" and NAME not in text(fresh)


def test_without_the_page_cache_the_honour_rolls_own_rows_do_not_keep_the_name(
    client, settings, ledger_campaign, named
):
    """The honour roll keeps its summed rows in the cache (300 s) under the campaign's totals,
    which a change of name does not move: it named the donor for up to five minutes."""
    settings.PAGE_CACHE_ENABLED = False
    honour = reverse("donations_honour_roll", args=[ledger_campaign.slug])
    assert NAME in text(client.get(honour))
    donor, _receipts = named

    change_donor_disclosure(donor, Disclosure.ANONYMOUS, reason="Rút lại đồng ý")

    assert NAME not in text(client.get(honour))
