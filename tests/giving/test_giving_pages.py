"""What donors see after the form: the VNPay result page (which never records money), the
transfer page with its VietQR code, and the gift's status page."""

import re
from urllib.parse import urlencode

import pytest

from donations.models import Channel, Disclosure, Receipt
from donations.services.totals import campaign_totals
from giving.models import GiftMethod, GiftStatus, OnlineGift
from giving.services import receive_transfer, record_transfer
from sitewide import vietqr
from tests.giving.conftest import ipn_params, ipn_url, make_gift


def return_url(params):
    return f"/donations/vnpay/return/?{urlencode(params)}"


@pytest.fixture
def gift(giving_campaign):
    return make_gift(
        giving_campaign,
        amount=200_000,
        disclosure=Disclosure.FULL_NAME,
        donor_name="Hoàng Văn Em",
        consent=True,
        phone="0987654321",
        email="em@example.vn",
    )


def test_return_never_records_money(client, gift, vnpay_config):
    response = client.get(return_url(ipn_params(gift, vnpay_config)))
    html = response.content.decode()

    assert response.status_code == 200
    assert Receipt.objects.count() == 0
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING
    assert "Đang xác nhận thanh toán" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Kiểm tra lại" in html
    assert "<script" not in html.split("<body", 1)[1]


def test_return_after_the_ipn_shows_the_receipt_and_share_links(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    client.get(ipn_url(params))
    response = client.get(return_url(params))
    html = response.content.decode()

    gift.refresh_from_db()
    assert "Cảm ơn tấm lòng của bạn" in html
    assert gift.receipt.number in html
    assert "200.000 ₫" in html
    assert "Hoàng Văn Em" in html  # the public name the donor chose
    assert "facebook.com/sharer" in html and "zalo.me/share" in html
    assert 'http-equiv="refresh"' not in html
    assert "0987654321" not in html and "em@example.vn" not in html
    assert Receipt.objects.count() == 1


@pytest.mark.parametrize(
    ("code", "sentence"),
    [("24", "Bạn đã hủy giao dịch."), ("51", "Tài khoản của bạn không đủ số dư")],
)
def test_failed_payment_shows_the_reason_and_a_retry_link(
    client, gift, vnpay_config, code, sentence
):
    params = ipn_params(gift, vnpay_config, response_code=code, status="02")
    before_ipn = client.get(return_url(params)).content.decode()
    assert sentence in before_ipn
    client.get(ipn_url(params))
    html = client.get(return_url(params)).content.decode()
    assert "Thanh toán không thành công" in html
    assert sentence in html
    assert f'href="{gift.campaign.url}#donate"' in html
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize("tamper", ["vnp_Amount", "vnp_ResponseCode", "vnp_SecureHash"])
def test_tampered_return_shows_nothing(client, gift, vnpay_config, tamper):
    params = ipn_params(gift, vnpay_config)
    params[tamper] = "99"
    response = client.get(return_url(params))
    assert response.status_code == 400
    assert "Không đọc được kết quả thanh toán này" in response.content.decode()
    assert gift.payment_code not in response.content.decode()
    assert Receipt.objects.count() == 0


def test_return_for_an_unknown_gift_is_404(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config, vnp_TxnRef="UHZZZZZZ0000")
    assert client.get(return_url(params)).status_code == 404


def test_transfer_page_has_a_vietqr_code_with_the_code_and_amount(client, giving_campaign):
    response = client.post(
        f"/ung-ho/gui/{giving_campaign.pk}/",
        {
            "preset": "other",
            "other_amount": "350.000",
            "disclosure": "organisation",
            "donor_name": "Công ty TNHH Ánh Dương",
            "consent": "on",
            "method": "transfer",
        },
    )
    gift = OnlineGift.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ung-ho/khoan-ung-ho/{gift.token}/"
    assert gift.method == GiftMethod.TRANSFER
    assert gift.txn_ref == gift.payment_code
    assert gift.bank_account.account_number == "0071000123456"

    html = client.get(response["Location"]).content.decode()
    memo = f"{gift.payment_code} UNG HO"
    assert len(memo) <= vietqr.MEMO_MAX
    payload = vietqr.build_payload("970436", "0071000123456", 350_000, memo)
    assert "5406350000" in payload and memo in payload
    assert "<svg" in html and 'class="vietqr"' in html
    assert vietqr.render_svg(payload, title=f"Mã VietQR: chuyển khoản {gift.payment_code}") in html
    for text in ("0071000123456", "UY BAN MTTQ TINH QUANG TRI", memo, "350000", "350.000 ₫"):
        assert text in html
    assert "Đang chờ chuyển khoản của bạn" in html
    assert "Công ty TNHH Ánh Dương" in html
    assert Receipt.objects.count() == 0
    # An intent is not a pledge: nothing "pledged" or "received" moves.
    totals = campaign_totals(giving_campaign)
    assert (totals.received, totals.pledged, totals.pledges) == (0, 0, 0)


def test_status_page_turns_to_received_when_reconciliation_links_the_receipt(
    client, giving_campaign, giving_account
):
    from tests.donations.conftest import at

    gift = make_gift(giving_campaign, amount=300_000, method=GiftMethod.TRANSFER)
    url = f"/ung-ho/khoan-ung-ho/{gift.token}/"
    assert "Đang chờ chuyển khoản" in client.get(url).content.decode()

    receipt = record_transfer(
        gift,
        amount=298_000,  # the bank took a fee: what arrived is what counts
        received_at=at(giving_campaign.start_date, 10),
        bank_account=giving_account,
        bank_reference="FT26330001",
        memo=f"MBVCB.6986253876.{gift.payment_code} UNG HO.CT tu 0071",
    )
    again = record_transfer(
        gift, amount=298_000, received_at=receipt.received_at, bank_account=giving_account
    )
    assert again == receipt
    assert Receipt.objects.count() == 1
    assert receipt.channel == Channel.BANK
    html = client.get(url).content.decode()
    assert "Cảm ơn tấm lòng của bạn" in html
    assert receipt.number in html
    assert "298.000 ₫" in html
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID


def test_receive_transfer_links_a_receipt_once(giving_campaign, giving_account):
    from django.core.exceptions import ValidationError

    from donations.services import record_receipt
    from tests.donations.conftest import at

    gift = make_gift(giving_campaign, amount=100_000, method=GiftMethod.TRANSFER)
    receipt = record_receipt(
        channel=Channel.BANK,
        amount=100_000,
        received_at=at(giving_campaign.start_date),
        campaign=giving_campaign,
        bank_account=giving_account,
    )
    assert receive_transfer(gift, receipt).receipt == receipt
    assert receive_transfer(gift, receipt).status == GiftStatus.PAID  # idempotent
    other = record_receipt(
        channel=Channel.BANK,
        amount=100_000,
        received_at=at(giving_campaign.start_date),
        campaign=giving_campaign,
        bank_account=giving_account,
    )
    with pytest.raises(ValidationError):
        receive_transfer(gift, other)


def test_find_transfer_gift_by_code(giving_campaign):
    from giving.services import find_transfer_gift

    gift = make_gift(giving_campaign, method=GiftMethod.TRANSFER)
    vnpay_gift = make_gift(giving_campaign)
    assert find_transfer_gift(gift.payment_code.lower()) == gift
    assert find_transfer_gift(vnpay_gift.payment_code) is None
    assert find_transfer_gift("UH2222222") is None


def test_status_page_token_is_opaque(client, giving_campaign):
    first = make_gift(giving_campaign, method=GiftMethod.TRANSFER)
    second = make_gift(giving_campaign, method=GiftMethod.TRANSFER)
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", first.token)
    assert first.token != second.token
    assert first.token not in (str(first.pk), str(second.pk))
    assert client.get(f"/ung-ho/khoan-ung-ho/{first.pk}/").status_code == 404
    tampered = first.token[:-1] + ("y" if first.token.endswith("x") else "x")
    assert client.get(f"/ung-ho/khoan-ung-ho/{tampered}/").status_code == 404


def test_status_page_of_a_pending_vnpay_gift_refreshes(client, gift):
    html = client.get(f"/ung-ho/khoan-ung-ho/{gift.token}/").content.decode()
    assert "Đang xác nhận thanh toán" in html
    assert 'http-equiv="refresh"' in html


def test_a_reversed_wrong_match_releases_the_gift(client, giving_campaign, giving_account):
    from django.core.exceptions import ValidationError

    from donations.services import reverse_receipt
    from giving.services import find_transfer_gift, release_transfer
    from tests.donations.conftest import at

    gift = make_gift(giving_campaign, amount=100_000, method=GiftMethod.TRANSFER)
    receipt = record_transfer(
        gift,
        amount=100_000,
        received_at=at(giving_campaign.start_date),
        bank_account=giving_account,
    )
    with pytest.raises(ValidationError):
        release_transfer(gift)  # the receipt still counts
    reverse_receipt(receipt, reason="Đối soát nhầm dòng sao kê")
    released = release_transfer(gift)
    assert (released.status, released.receipt) == (GiftStatus.PENDING, None)
    assert find_transfer_gift(gift.payment_code) == gift
    assert (
        "Đang chờ chuyển khoản"
        in client.get(f"/ung-ho/khoan-ung-ho/{gift.token}/").content.decode()
    )


def test_the_old_donor_paths_lead_to_the_new_ones(client, giving_campaign):
    """Pages cached or bookmarked before the move to /ung-ho/ still work: a POST is re-sent
    as a POST (308), a gift's page moves for good (301)."""
    old = client.post(f"/donations/give/{giving_campaign.pk}/", {"preset": "200000"})
    assert old.status_code == 308
    assert old["Location"] == f"/ung-ho/gui/{giving_campaign.pk}/"
    gift = make_gift(giving_campaign, method=GiftMethod.TRANSFER)
    moved = client.get(f"/donations/gift/{gift.token}/")
    assert moved.status_code == 301
    assert moved["Location"] == f"/ung-ho/khoan-ung-ho/{gift.token}/"
    assert client.get(moved["Location"]).status_code == 200
