"""Public pages of the ledger: campaign money, statement, CSV, honour roll, check-my-gift.

Public pages must never show a donor's phone, e-mail, address, tax code, account number or
memo; every test page is searched for all of them.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from campaigns.models import SupportItem
from donations.models import Channel, Disclosure, DonorKind
from donations.public import statement as statement_module
from donations.public.statement import StatementFilters, statement_page
from donations.services import (
    allocate,
    change_donor_disclosure,
    record_pledge,
    record_receipt,
    reverse_receipt,
)
from tests.donations.conftest import at, make_bank_account, make_donor

DAY = datetime.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def gifts(ledger_campaign, fund):
    """A campaign with named, masked, organisation and anonymous gifts, a pledge paid by
    transfer, and a reversed receipt."""
    account = make_bank_account(fund, number="0071000999888")
    donors = {
        "full": make_donor(
            "Nguyễn Văn An",
            public_display=Disclosure.FULL_NAME,
            phone="0905111222",
            email="an.nguyen@example.vn",
            address="12 Lê Duẩn, Đông Hà",
        ),
        "masked": make_donor(
            "Trần Thị Bích Ngọc",
            public_display=Disclosure.MASKED,
            phone="0912333444",
            email="ngoc.tran@example.vn",
        ),
        "business": make_donor(
            "Công ty CP Thương mại Quảng Trị",
            kind=DonorKind.BUSINESS,
            public_display=Disclosure.ORGANISATION,
            phone="02333555666",
            email="ketoan@tmquangtri.vn",
            tax_code="3200654321",
        ),
        "anonymous": make_donor(
            "Lê Văn Bí Mật", phone="0987000111", email="bimat@example.vn", tax_code="3200999888"
        ),
    }
    pledge = record_pledge(
        donor=donors["business"], campaign=ledger_campaign, amount=100_000_000, pledged_on=DAY
    )
    transfer = record_receipt(
        channel=Channel.BANK,
        amount=100_000_000,
        received_at=at(DAY, 9),
        campaign=ledger_campaign,
        donor=donors["business"],
        bank_account=account,
        bank_reference="FT26293777",
        payer_name="CONG TY CP THUONG MAI QUANG TRI",
        memo=f"IBFT {pledge.code} ung ho CT tu 0123456789012 CONG TY CP THUONG MAI QT",
    )
    allocate(transfer, pledge)
    for index, key in enumerate(["full", "masked", "anonymous"]):
        record_receipt(
            channel=Channel.CASH,
            amount=1_000_000 * (index + 1),
            received_at=at(DAY, 10 + index),
            campaign=ledger_campaign,
            donor=donors[key],
            receipt_book_number=f"Q07-{index:04d}",
        )
    wrong = record_receipt(
        channel=Channel.CASH,
        amount=9_000_000,
        received_at=at(DAY, 15),
        campaign=ledger_campaign,
        donor=donors["full"],
        receipt_book_number="Q07-0099",
    )
    reverse_receipt(wrong, reason="Nhập nhầm chiến dịch")
    return {"donors": donors, "pledge": pledge, "transfer": transfer, "campaign": ledger_campaign}


PERSONAL = [
    "0905111222",
    "an.nguyen@example.vn",
    "12 Lê Duẩn",
    "0912333444",
    "ngoc.tran@example.vn",
    "02333555666",
    "ketoan@tmquangtri.vn",
    "3200654321",
    "0987000111",
    "bimat@example.vn",
    "3200999888",
    "Lê Văn Bí Mật",
    "Trần Thị Bích Ngọc",  # chose the shortened name
    "0123456789012",  # the payer's account number inside the memo
    "CONG TY CP THUONG MAI QUANG TRI",  # payer as written by the bank
    "IBFT",
    "FT26293777",
    "Q07-0001",
]


def assert_no_personal_data(body, where):
    for secret in PERSONAL:
        assert secret not in body, f"{secret!r} leaked on {where}"


def test_public_pages_show_no_personal_data(client, gifts):
    campaign = gifts["campaign"]
    pages = {
        "campaign page": campaign.url,
        "statement": reverse("donations_statement", args=[campaign.slug]),
        "statement last page": reverse("donations_statement", args=[campaign.slug]) + "?trang=cuoi",
        "statement CSV": reverse("donations_statement_csv", args=[campaign.slug]),
        "honour roll": reverse("donations_honour_roll", args=[campaign.slug]),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert_no_personal_data(body.decode(), where)
    response = client.post(
        reverse("donations_check_gift"),
        {"reference": gifts["pledge"].code, "amount": "100.000.000"},
    )
    assert_no_personal_data(response.content.decode(), "check my gift")


def test_campaign_page_shows_received_gifts_pledged_and_progress(client, gifts):
    campaign = gifts["campaign"]
    SupportItem.objects.create(
        page=campaign, name="Nhà Đại đoàn kết", unit_cost=50_000_000, target_count=120
    )
    body = client.get(campaign.url).content.decode()
    assert "106.000.000 ₫" in body  # 100 + 1 + 2 + 3 million; the reversed 9 million not
    assert 'data-money="gifts">4<' in body
    assert "Đã đăng ký (cam kết, chưa phải tiền đã nhận)" in body and "100.000.000 ₫" in body
    assert "2 × Nhà Đại đoàn kết" in body
    assert 'max="100" value="0"' in body  # 106 million of 15 billion is under 1%

    record_receipt(
        channel=Channel.CASH,
        amount=1_000_000_000,
        received_at=at(DAY, 16),
        campaign=campaign,
        receipt_book_number="Q07-0100",
    )
    body = client.get(campaign.url).content.decode()
    assert "1.106.000.000 ₫" in body and 'max="100" value="7"' in body


def test_statement_shows_each_gift_as_the_donor_chose(client, gifts):
    campaign = gifts["campaign"]
    body = client.get(reverse("donations_statement", args=[campaign.slug])).content.decode()
    assert "Nguyễn Văn An" in body
    assert "Trần T. B. N." in body
    assert "Công ty CP Thương mại Quảng Trị" in body
    assert body.count("Nhà hảo tâm ẩn danh") == 1
    assert "<s>9.000.000 ₫</s>" in body  # the reversal stays visible, struck through


def test_statement_filters_by_name_without_diacritics_amount_and_date(client, gifts):
    url = reverse("donations_statement", args=[gifts["campaign"].slug])
    body = client.get(url, {"ten": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An" in body and "Công ty CP" not in body
    body = client.get(url, {"tu_so_tien": "2.000.000", "den_so_tien": "3000000"}).content.decode()
    assert "Trần T. B. N." in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"tu_ngay": "2026-10-21"}).content.decode()
    assert "Không có khoản ủng hộ nào khớp với bộ lọc." in body


def test_keyset_pages_cover_every_row_once_in_both_directions(ledger_campaign):
    # Ten gifts, four sharing one instant, so ties are broken by id at the page edges.
    for index in range(10):
        hour = 9 if index < 4 else 9 + index
        record_receipt(
            channel=Channel.CASH,
            amount=100_000 + index,
            received_at=at(DAY, hour),
            campaign=ledger_campaign,
            receipt_book_number=f"Q08-{index:04d}",
        )
    filters = StatementFilters()
    everything = [row["id"] for row in statement_page(ledger_campaign, filters, size=100).rows]
    assert len(everything) == 10

    forward, page = [], statement_page(ledger_campaign, filters, size=3)
    assert page.is_first and not page.is_last and page.newer_cursor is None
    while True:
        forward.extend(row["id"] for row in page.rows)
        if page.older_cursor is None:
            break
        page = statement_page(ledger_campaign, filters, after=page.older_cursor, size=3)
    assert forward == everything and page.is_last
    assert [len(statement_page(ledger_campaign, filters, size=5).rows)] == [5]

    backward, page = [], statement_page(ledger_campaign, filters, last=True, size=3)
    assert page.is_last and not page.is_first and len(page.rows) == 3
    while True:
        backward = [row["id"] for row in page.rows] + backward
        if page.newer_cursor is None:
            break
        page = statement_page(ledger_campaign, filters, before=page.newer_cursor, size=3)
    assert backward == everything and page.is_first


def test_keyset_respects_filters_and_ignores_bad_cursors(ledger_campaign):
    for index in range(6):
        record_receipt(
            channel=Channel.CASH,
            amount=1_000_000 if index % 2 else 50_000,
            received_at=at(DAY, 9 + index),
            campaign=ledger_campaign,
            receipt_book_number=f"Q09-{index:04d}",
        )
    filters = StatementFilters(amount_min=1_000_000)
    first = statement_page(ledger_campaign, filters, size=2)
    second = statement_page(ledger_campaign, filters, after=first.older_cursor, size=2)
    amounts = {row["amount"] for row in first.rows + second.rows}
    assert amounts == {1_000_000} and len(first.rows + second.rows) == 3
    assert second.is_last
    garbage = statement_page(ledger_campaign, filters, after="'; drop table--", size=2)
    assert [row["id"] for row in garbage.rows] == [row["id"] for row in first.rows]


def test_statement_view_pages_through_links(client, ledger_campaign, monkeypatch):
    monkeypatch.setattr(statement_module, "PAGE_SIZE", 2)
    for index in range(5):
        record_receipt(
            channel=Channel.CASH,
            amount=200_000 + index,
            received_at=at(DAY, 9 + index),
            campaign=ledger_campaign,
            receipt_book_number=f"Q10-{index:04d}",
        )
    url = reverse("donations_statement", args=[ledger_campaign.slug])
    first = client.get(url)
    assert first.context["statement"].older_cursor
    last = client.get(url, {"trang": "cuoi"})
    # The last page holds the oldest PAGE_SIZE rows (keyset pages are not aligned to offsets).
    assert [row["amount"] for row in last.context["statement"].rows] == [200_001, 200_000]
    assert 'rel="prev"' in last.content.decode()


def test_statement_queries_do_not_grow_with_rows(
    client, ledger_campaign, django_assert_max_num_queries
):
    url = reverse("donations_statement", args=[ledger_campaign.slug])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for index in range(30):
        record_receipt(
            channel=Channel.CASH,
            amount=100_000,
            received_at=at(DAY, 9),
            campaign=ledger_campaign,
            donor=make_donor(f"Người thứ {index}", public_display=Disclosure.FULL_NAME),
            receipt_book_number=f"Q11-{index:04d}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_statement_csv_has_every_row(client, gifts):
    response = client.get(reverse("donations_statement_csv", args=[gifts["campaign"].slug]))
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 5  # heading + five receipts, the reversed one included
    assert "Công ty CP Thương mại Quảng Trị,100000000" in text
    assert "Đã hủy" in text


def test_honour_roll_names_only_those_who_agreed(client, gifts):
    campaign = gifts["campaign"]
    record_receipt(
        channel=Channel.CASH,
        amount=500_000,
        received_at=at(DAY, 17),
        campaign=campaign,
        donor=gifts["donors"]["full"],
        receipt_book_number="Q07-0200",
    )
    body = client.get(reverse("donations_honour_roll", args=[campaign.slug])).content.decode()
    assert "Công ty CP Thương mại Quảng Trị" in body
    assert "Nguyễn Văn An" in body and "1.500.000 ₫" in body  # two gifts added up
    assert "Trần T. B. N." in body
    assert "9.000.000" not in body  # reversed


def test_check_my_gift_by_code_or_number_and_amount(client, gifts):
    url = reverse("donations_check_gift")
    body = client.post(
        url, {"reference": gifts["pledge"].code.lower(), "amount": "100.000.000 ₫"}
    ).content.decode()
    assert "20/10/2026" in body and "Công ty CP Thương mại Quảng Trị" in body
    body = client.post(
        url, {"reference": gifts["transfer"].number, "amount": "100000000"}
    ).content.decode()
    assert "Đã nhận: 100.000.000 ₫" in body


def test_check_my_gift_answers_the_same_to_every_miss(client, gifts):
    url = reverse("donations_check_gift")
    misses = [
        {"reference": gifts["pledge"].code, "amount": "99.999.999"},
        {"reference": "UH2222226", "amount": "100.000.000"},
        {"reference": "BN-2026-999999", "amount": "100.000.000"},
        {"reference": "không phải mã", "amount": "100.000.000"},
    ]
    answers = set()
    for data in misses:
        body = client.post(url, data).content.decode()
        answer = re.search(r'<p class="notice" role="status">(.*?)</p>', body, re.S)
        answers.add(answer.group(1))
        assert "Không tìm thấy khoản ủng hộ" in answer.group(1)
    assert len(answers) == 1


def test_check_my_gift_is_rate_limited(client, gifts):
    url = reverse("donations_check_gift")
    for _ in range(10):
        assert client.post(url, {"reference": "UH2222226", "amount": "1"}).status_code == 200
    response = client.post(url, {"reference": gifts["pledge"].code, "amount": "100000000"})
    assert response.status_code == 429
    assert "Công ty" not in response.content.decode()


def test_withdrawn_consent_hides_the_name_everywhere(client, gifts):
    campaign = gifts["campaign"]
    change_donor_disclosure(gifts["donors"]["full"], Disclosure.ANONYMOUS, reason="Rút lại")
    for name in ["donations_statement", "donations_honour_roll"]:
        body = client.get(reverse(name, args=[campaign.slug])).content.decode()
        assert "Nguyễn Văn An" not in body, name


def test_unpublished_campaign_has_no_public_statement(client, gifts):
    campaign = gifts["campaign"]
    campaign.unpublish()
    assert client.get(reverse("donations_statement", args=[campaign.slug])).status_code == 404


def test_honour_roll_pages_and_shows_new_gifts_at_once(client, ledger_campaign, monkeypatch):
    from donations.views import public

    monkeypatch.setattr(public, "HONOUR_PAGE_SIZE", 2)
    url = reverse("donations_honour_roll", args=[ledger_campaign.slug])
    for index in range(3):
        record_receipt(
            channel=Channel.CASH,
            amount=1_000_000 * (index + 1),
            received_at=at(DAY, 9 + index),
            campaign=ledger_campaign,
            donor=make_donor(f"Đơn vị số {index}", kind=DonorKind.ORGANISATION,
                             public_display=Disclosure.ORGANISATION),
            receipt_book_number=f"Q13-{index:04d}",
        )  # fmt: skip
    first = client.get(url).content.decode()
    assert "Đơn vị số 2" in first and "Đơn vị số 1" in first and "Đơn vị số 0" not in first
    assert "?trang=2" in first
    assert "Đơn vị số 0" in client.get(url, {"trang": "2"}).content.decode()
    record_receipt(
        channel=Channel.CASH,
        amount=9_000_000,
        received_at=at(DAY, 15),
        campaign=ledger_campaign,
        donor=make_donor("Đơn vị mới", kind=DonorKind.ORGANISATION,
                         public_display=Disclosure.ORGANISATION),
        receipt_book_number="Q13-0099",
    )  # fmt: skip
    assert "Đơn vị mới" in client.get(url).content.decode()
