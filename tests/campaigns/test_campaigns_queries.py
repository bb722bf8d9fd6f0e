"""Campaign pages make a fixed number of queries, however many items, accounts or campaigns."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import SupportItem
from donations.models import BankAccount
from tests.campaigns.conftest import make_campaign
from tests.sitewide.conftest import make_image

# Measured: 14 (page) and 12 (index) queries, header and footer included. The ceilings leave
# room for the shared layout to grow; what matters is that the count does not grow with data.
CAMPAIGN_PAGE_MAX_QUERIES = 20
CAMPAIGN_INDEX_MAX_QUERIES = 20


def count_queries(client, url):
    client.get(url)  # warm up: image renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def accounts(count, start):
    return [
        BankAccount.objects.create(
            bank_name=f"Ngân hàng {n}",
            bank_bin="970436",
            account_number=f"00710001{n:05d}",
            holder="Quỹ Vì người nghèo tỉnh Quảng Trị",
        )
        for n in range(start, start + count)
    ]


def items(count):
    return [
        SupportItem(name=f"Hạng mục {n}", unit_cost=1_000_000 * (n + 1), target_count=10 + n)
        for n in range(count)
    ]


def test_campaign_page_queries_do_not_grow_with_items_or_accounts(
    client, campaign_index, django_assert_max_num_queries
):
    image = make_image()
    small = make_campaign(
        campaign_index,
        title="Nhỏ",
        listing_image=image,
        support_items=items(1),
        bank_accounts=accounts(1, 0),
    )
    large = make_campaign(
        campaign_index,
        title="Lớn",
        listing_image=image,
        support_items=items(12),
        bank_accounts=accounts(6, 100),
    )
    assert count_queries(client, small.url) == count_queries(client, large.url)
    with django_assert_max_num_queries(CAMPAIGN_PAGE_MAX_QUERIES):
        client.get(large.url)


def test_campaign_index_queries_do_not_grow_with_campaigns(
    client, campaign_index, django_assert_max_num_queries
):
    def add_campaigns(year_from, year_to):
        for year in range(year_from, year_to):
            make_campaign(
                campaign_index,
                title=f"Ngày vì người nghèo {year}",
                start_date=datetime.date(year, 10, 17),
                end_date=datetime.date(year, 11, 18),
                listing_image=make_image(title=f"Ảnh {year}"),
            )

    add_campaigns(2021, 2023)
    few = count_queries(client, campaign_index.url)
    add_campaigns(2023, 2031)
    assert count_queries(client, campaign_index.url) == few
    with django_assert_max_num_queries(CAMPAIGN_INDEX_MAX_QUERIES):
        client.get(campaign_index.url)
