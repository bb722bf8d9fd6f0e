"""VNPay's IPN at /donations/vnpay/ipn/: the only door through which online money is recorded."""

import pytest
from wagtail.models import ModelLogEntry

from donations.models import Channel, Disclosure, Donor, Receipt
from donations.services.totals import campaign_totals
from giving.models import GiftStatus, OnlineGift
from giving.payments import vnpay
from tests.giving.conftest import ipn_params, ipn_url, make_gift


def call_ipn(client, params):
    response = client.get(ipn_url(params))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def gift(giving_campaign):
    return make_gift(
        giving_campaign,
        amount=200_000,
        disclosure=Disclosure.MASKED,
        donor_name="Nguyễn Văn An",
        consent=True,
        email="an@example.vn",
        phone="0912 345 678",
    )


def test_valid_ipn_records_one_receipt_with_the_donors_choice(client, gift, vnpay_config):
    answer = call_ipn(client, ipn_params(gift, vnpay_config))

    assert answer == vnpay.IPN_CONFIRMED
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    receipt = gift.receipt
    assert receipt.amount == 200_000
    assert receipt.channel == Channel.ONLINE
    assert receipt.gateway == "vnpay"
    assert receipt.gateway_reference == "14422574"
    assert receipt.campaign_id == gift.campaign_id
    assert receipt.disclosure == Disclosure.MASKED
    assert receipt.public_name == "Nguyễn V. A."
    assert receipt.donor.name == "Nguyễn Văn An"
    assert receipt.donor.phone == "0912345678"
    assert gift.transaction_no == "14422574"
    assert campaign_totals(gift.campaign).received == 200_000
    assert ModelLogEntry.objects.filter(action="donations.receipt.record").count() == 1


def test_anonymous_gift_without_a_name_has_no_donor(client, giving_campaign, vnpay_config):
    gift = make_gift(giving_campaign, amount=50_000)
    assert call_ipn(client, ipn_params(gift, vnpay_config)) == vnpay.IPN_CONFIRMED
    receipt = Receipt.objects.get()
    assert receipt.donor is None
    assert receipt.public_name == ""
    assert receipt.disclosure == Disclosure.ANONYMOUS
    assert Donor.objects.count() == 0


def test_anonymous_gift_with_a_name_keeps_the_name_for_staff_only(
    client, giving_campaign, vnpay_config
):
    gift = make_gift(giving_campaign, amount=50_000, donor_name="Trần Thị Bình")
    call_ipn(client, ipn_params(gift, vnpay_config))
    receipt = Receipt.objects.get()
    assert receipt.donor.name == "Trần Thị Bình"
    assert receipt.public_name == ""


def test_replay_answers_already_confirmed_and_records_nothing_more(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    assert call_ipn(client, params)["RspCode"] == "00"
    assert call_ipn(client, params) == vnpay.IPN_ALREADY_CONFIRMED
    assert call_ipn(client, params)["RspCode"] == "02"
    assert Receipt.objects.count() == 1
    assert Donor.objects.count() == 1


def test_bad_signature_is_refused(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    params["vnp_Amount"] = "100000000"  # tampered after signing
    assert call_ipn(client, params) == vnpay.IPN_INVALID_SIGNATURE
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING
    assert Receipt.objects.count() == 0


def test_signature_with_another_secret_is_refused(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    params.pop("vnp_SecureHash")
    params["vnp_SecureHash"] = vnpay.sign(params, "someone-elses-secret")
    assert call_ipn(client, params)["RspCode"] == "97"
    assert Receipt.objects.count() == 0


def test_missing_signature_is_refused(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    params.pop("vnp_SecureHash")
    assert call_ipn(client, params)["RspCode"] == "97"


def test_missing_parameters_are_refused(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    for name in ("vnp_ResponseCode", "vnp_SecureHash"):
        params.pop(name)
    params["vnp_SecureHash"] = vnpay.sign(params, vnpay_config.hash_secret)  # signed, incomplete
    assert call_ipn(client, params) == vnpay.IPN_UNKNOWN_ERROR
    assert call_ipn(client, {}) == vnpay.IPN_INVALID_SIGNATURE
    assert Receipt.objects.count() == 0
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING


def test_unknown_txn_ref_answers_order_not_found(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config, vnp_TxnRef="UH2222222261126000000")
    assert call_ipn(client, params) == vnpay.IPN_ORDER_NOT_FOUND
    assert Receipt.objects.count() == 0


def test_transfer_code_is_not_a_vnpay_txn_ref(client, giving_campaign, vnpay_config):
    transfer = make_gift(giving_campaign, method="transfer")
    assert call_ipn(client, ipn_params(transfer, vnpay_config))["RspCode"] == "01"


@pytest.mark.parametrize("amount_x100", [19_999_900, 20_000_100, 2_000_000, 200_000])
def test_wrong_amount_answers_invalid_amount(client, gift, vnpay_config, amount_x100):
    params = ipn_params(gift, vnpay_config, amount_x100=amount_x100)
    assert call_ipn(client, params) == vnpay.IPN_INVALID_AMOUNT
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize(
    ("response_code", "status"),
    [("51", "02"), ("24", "02"), ("11", "02"), ("00", "02"), ("07", "07"), ("99", "00")],
)
def test_failed_or_cancelled_payment_is_recorded_as_failed(
    client, gift, vnpay_config, response_code, status
):
    params = ipn_params(gift, vnpay_config, response_code=response_code, status=status)
    assert call_ipn(client, params) == vnpay.IPN_CONFIRMED
    gift.refresh_from_db()
    assert gift.status == GiftStatus.FAILED
    assert gift.response_code == response_code
    assert gift.receipt is None
    assert Receipt.objects.count() == 0
    # VNPay saying "paid" afterwards for the same TxnRef is a replay of a closed order.
    assert call_ipn(client, ipn_params(gift, vnpay_config))["RspCode"] == "02"
    assert Receipt.objects.count() == 0


def test_ipn_accepts_get_only(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    response = client.post("/donations/vnpay/ipn/", params)
    assert response.status_code == 405
    assert Receipt.objects.count() == 0


def test_repeated_parameter_is_not_trusted(client, gift, vnpay_config):
    params = ipn_params(gift, vnpay_config)
    query = ipn_url(params) + "&vnp_Amount=1"
    response = client.get(query)
    assert response.json()["RspCode"] in {"97", "99"}
    assert Receipt.objects.count() == 0


def test_late_success_after_expiry_is_still_counted(client, gift, vnpay_config):
    OnlineGift.objects.filter(pk=gift.pk).update(status=GiftStatus.EXPIRED)
    assert call_ipn(client, ipn_params(gift, vnpay_config)) == vnpay.IPN_CONFIRMED
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    assert Receipt.objects.count() == 1
    # ... but a late failure for an expired gift changes nothing.
    other = make_gift(gift.campaign, amount=100_000)
    OnlineGift.objects.filter(pk=other.pk).update(status=GiftStatus.EXPIRED)
    params = ipn_params(other, vnpay_config, response_code="24", status="02")
    assert call_ipn(client, params)["RspCode"] == "02"


def test_ledger_refusal_answers_99_so_vnpay_retries(client, gift, vnpay_config):
    from donations.models import CampaignFund

    CampaignFund.objects.filter(campaign=gift.campaign).delete()
    assert call_ipn(client, ipn_params(gift, vnpay_config)) == vnpay.IPN_UNKNOWN_ERROR
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING
    assert Receipt.objects.count() == 0
