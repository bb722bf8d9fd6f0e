"""The VNPay client: the public test vector, tampering, amounts, GMT+7 dates, OrderInfo."""

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from giving.payments import vnpay

VECTOR_SECRET = "test_secret"
VECTOR = {
    "vnp_Amount": "1000000",
    "vnp_BankCode": "NCB",
    "vnp_BankTranNo": "VNP14422574",
    "vnp_CardType": "ATM",
    "vnp_OrderInfo": "Thanh toan don hang 2024-05-21T02:17:31.249Z",
    "vnp_PayDate": "20240521091806",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "TEST_TMN_CODE",
    "vnp_TransactionNo": "14422574",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "1716257871703",
}
VECTOR_HASH = (
    "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361d"
    "bf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895"
)
VECTOR_CONFIG = vnpay.VNPayConfig(
    tmn_code="TEST_TMN_CODE",
    hash_secret=VECTOR_SECRET,
    payment_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    api_url="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
)
FIXED_UTC = datetime.datetime(2026, 10, 17, 1, 2, 3, tzinfo=datetime.UTC)

VNPAY_ENVIRONMENT = (
    "VNPAY_TMN_CODE",
    "VNPAY_HASH_SECRET",
    "VNPAY_PAYMENT_URL",
    "VNPAY_API_URL",
    "VNPAY_IPN_URL",
    "VNPAY_SIMULATOR_ENABLED",
    "VNPAY_SIMULATOR_BASE_URL",
)


@pytest.fixture(autouse=True)
def _no_vnpay_environment(monkeypatch):
    for name in VNPAY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def signed_vector():
    return {**VECTOR, "vnp_SecureHash": VECTOR_HASH}


def test_the_documented_vector_reproduces_exactly():
    assert vnpay.sign(VECTOR, VECTOR_SECRET) == VECTOR_HASH


def test_the_canonical_query_uses_quote_plus():
    query = vnpay.canonical_query(VECTOR)
    assert "vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z" in query
    assert query.startswith("vnp_Amount=1000000&vnp_BankCode=NCB&")


def test_hash_fields_and_empty_values_are_not_signed():
    extra = {**VECTOR, "vnp_SecureHashType": "HmacSHA512", "vnp_Empty": "", "other": "x"}
    assert vnpay.sign(extra, VECTOR_SECRET) == VECTOR_HASH


def test_the_vector_verifies_also_as_a_querydict_and_upper_case_hex():
    assert vnpay.verify(signed_vector(), VECTOR_SECRET)
    query = QueryDict(vnpay.canonical_query(VECTOR) + f"&vnp_SecureHash={VECTOR_HASH.upper()}")
    assert vnpay.verify(query, VECTOR_SECRET)


@pytest.mark.parametrize("field", sorted(VECTOR))
def test_changing_any_signed_field_fails_verification(field):
    tampered = signed_vector()
    tampered[field] = tampered[field] + "1"
    assert not vnpay.verify(tampered, VECTOR_SECRET)


@pytest.mark.parametrize("field", sorted(VECTOR))
def test_removing_any_signed_field_fails_verification(field):
    tampered = signed_vector()
    del tampered[field]
    assert not vnpay.verify(tampered, VECTOR_SECRET)


@pytest.mark.parametrize(
    "change",
    [
        {"vnp_SecureHash": VECTOR_HASH[:-1] + "4"},
        {"vnp_SecureHash": ""},
        {"vnp_Extra": "1"},
    ],
    ids=["one-hex-digit", "empty-hash", "added-vnp-field"],
)
def test_a_changed_hash_or_an_added_field_fails(change):
    assert not vnpay.verify({**signed_vector(), **change}, VECTOR_SECRET)


def test_the_wrong_secret_or_a_repeated_parameter_fails():
    assert not vnpay.verify(signed_vector(), "another_secret")
    query = QueryDict(vnpay.signed_query(VECTOR, VECTOR_SECRET) + "&vnp_Amount=99900")
    assert not vnpay.verify(query, VECTOR_SECRET)
    with pytest.raises(vnpay.MalformedCallback):
        vnpay.parse_callback(query, VECTOR_CONFIG)


def test_parse_callback_reads_the_vector_after_verifying_it():
    result = vnpay.parse_callback(signed_vector(), VECTOR_CONFIG)
    assert result.amount == 10_000
    assert result.amount_x100 == 1_000_000
    assert result.matches_amount(10_000) and not result.matches_amount(10_001)
    assert result.is_success
    assert result.txn_ref == "1716257871703"
    assert result.transaction_no == "14422574"
    assert result.pay_date == datetime.datetime(2024, 5, 21, 2, 18, 6, tzinfo=datetime.UTC)
    assert result.message


def test_parse_callback_refuses_a_forged_amount_before_reading_it():
    forged = {**signed_vector(), "vnp_Amount": "100000000"}
    with pytest.raises(vnpay.InvalidSignature):
        vnpay.parse_callback(forged, VECTOR_CONFIG)


def test_parse_callback_refuses_another_merchant_and_a_non_numeric_amount():
    other = {**VECTOR, "vnp_TmnCode": "OTHER"}
    other["vnp_SecureHash"] = vnpay.sign(other, VECTOR_SECRET)
    with pytest.raises(vnpay.MalformedCallback):
        vnpay.parse_callback(other, VECTOR_CONFIG)
    odd = {**VECTOR, "vnp_Amount": "1e6"}
    odd["vnp_SecureHash"] = vnpay.sign(odd, VECTOR_SECRET)
    with pytest.raises(vnpay.MalformedCallback):
        vnpay.parse_callback(odd, VECTOR_CONFIG)


def test_an_amount_that_is_not_whole_dong_never_matches():
    params = {**VECTOR, "vnp_Amount": "1000050"}
    params["vnp_SecureHash"] = vnpay.sign(params, VECTOR_SECRET)
    result = vnpay.parse_callback(params, VECTOR_CONFIG)
    assert result.amount is None
    assert not result.matches_amount(10_000)


@pytest.mark.parametrize(
    ("response_code", "status", "success"),
    [("00", "00", True), ("00", "02", False), ("24", "00", False), ("51", "02", False)],
)
def test_success_needs_both_codes(response_code, status, success):
    params = {**VECTOR, "vnp_ResponseCode": response_code, "vnp_TransactionStatus": status}
    params["vnp_SecureHash"] = vnpay.sign(params, VECTOR_SECRET)
    assert vnpay.parse_callback(params, VECTOR_CONFIG).is_success is success


def build(**overrides):
    arguments = {
        "txn_ref": "UH7K3Q9X",
        "amount_dong": 50_000,
        "order_info": "Ủng hộ NVNN2026 UH7K3Q9X",
        "return_url": "https://chungtay.example/donations/vnpay/return/",
        "ip": "203.0.113.7",
        "now": FIXED_UTC,
        "config": VECTOR_CONFIG,
    }
    return vnpay.build_payment_url(**{**arguments, **overrides})


def test_payment_url_is_signed_and_carries_the_amount_times_100():
    request = build()
    parts = urlsplit(request.url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == VECTOR_CONFIG.payment_url
    params = dict(parse_qsl(parts.query))
    assert vnpay.verify(params, VECTOR_SECRET)
    assert params["vnp_Amount"] == "5000000"
    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_OrderType"] == "other"
    assert params["vnp_Locale"] == "vn"
    assert params["vnp_TmnCode"] == "TEST_TMN_CODE"
    assert "vnp_BankCode" not in params
    assert params == {**request.params, "vnp_SecureHash": params["vnp_SecureHash"]}


def test_create_date_is_vietnam_time_and_expires_15_minutes_later():
    request = build()
    assert request.create_date == "20261017080203"
    assert request.expire_date == "20261017081703"
    late_evening_utc = datetime.datetime(2026, 10, 16, 20, 0, tzinfo=datetime.UTC)
    assert build(now=late_evening_utc).create_date == "20261017030000"


def test_bank_code_and_locale_are_passed_on():
    params = build(bank_code="VNPAYQR", locale="en").params
    assert params["vnp_BankCode"] == "VNPAYQR"
    assert params["vnp_Locale"] == "en"


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_dong": 50_000.0},
        {"amount_dong": True},
        {"amount_dong": 0},
        {"amount_dong": "50000"},
        {"txn_ref": "UH 7K3Q9X"},
        {"return_url": "/donations/vnpay/return/"},
        {"order_info": "!!! –"},
        {"bank_code": "ncb?"},
        {"locale": "fr"},
        {"now": datetime.datetime(2026, 10, 17, 8, 0)},
    ],
)
def test_bad_payment_arguments_are_refused(overrides):
    with pytest.raises(ValueError):
        build(**overrides)


def test_order_info_is_ascii_without_marks_or_punctuation():
    text = "Ủng hộ đồng bào lũ lụt – Đợt 2 (UH7K3Q9X)!"
    assert vnpay.sanitize_order_info(text) == "Ung ho dong bao lu lut Dot 2 UH7K3Q9X"
    assert build(order_info=text).params["vnp_OrderInfo"] == "Ung ho dong bao lu lut Dot 2 UH7K3Q9X"
    long_text = "Đ" * 300
    assert vnpay.sanitize_order_info(long_text) == "D" * 255


def test_config_without_secret_is_an_error_unless_the_simulator_is_allowed(settings):
    settings.DEBUG = False
    settings.VNPAY_SIMULATOR_ENABLED = False
    with pytest.raises(ImproperlyConfigured):
        vnpay.VNPayConfig.from_settings()
    settings.VNPAY_SIMULATOR_ENABLED = True
    config = vnpay.VNPayConfig.from_settings()
    assert config.uses_simulator
    assert config.payment_url == "/_vnpay-sandbox/paymentv2/vpcpay.html"
    assert config.api_url.endswith("/_vnpay-sandbox/merchant_webapi/api/transaction")


def test_config_reads_settings_then_the_environment(settings, monkeypatch):
    settings.VNPAY_SIMULATOR_ENABLED = False
    monkeypatch.setenv("VNPAY_HASH_SECRET", "from-env")
    monkeypatch.setenv("VNPAY_TMN_CODE", "ENVCODE")
    settings.VNPAY_TMN_CODE = "SETCODE"
    settings.VNPAY_PAYMENT_URL = VECTOR_CONFIG.payment_url
    config = vnpay.VNPayConfig.from_settings()
    assert (config.tmn_code, config.hash_secret) == ("SETCODE", "from-env")
    assert not config.uses_simulator


_params = st.dictionaries(
    keys=st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12
    ).map(lambda name: f"vnp_{name}"),
    values=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
    ),
    min_size=1,
    max_size=12,
).filter(lambda params: "vnp_SecureHash" not in params and "vnp_SecureHashType" not in params)


@hypothesis_settings(deadline=None)
@given(params=_params, data=st.data())
def test_sign_then_verify_round_trips_and_any_change_is_caught(params, data):
    signed = {**params, "vnp_SecureHash": vnpay.sign(params, "property-secret")}
    assert vnpay.verify(signed, "property-secret")
    assert vnpay.verify(QueryDict(vnpay.signed_query(params, "property-secret")), "property-secret")
    field = data.draw(st.sampled_from(sorted(params)))
    assert not vnpay.verify({**signed, field: params[field] + "x"}, "property-secret")
