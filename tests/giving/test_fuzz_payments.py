"""Property-based fuzzing of what strangers can send about money: the VNPay verifier and
callback reader take any query without an exception other than their own refusals and never
accept one that is not signed with our secret; the payment-code checker takes any text.
(Signing round trips are in tests/giving/test_vnpay_client.py, memo noise in
tests/reconciliation/test_statement_parsers_values.py.)"""

from django.http import QueryDict
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from donations import codes
from giving.payments import vnpay
from tests.giving.conftest import query_text, vnpay_queries

SECRET = "fuzz-secret-khong-ai-biet"
CONFIG = vnpay.VNPayConfig(
    tmn_code="CHUNGTAY",
    hash_secret=SECRET,
    payment_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    api_url="",
)

hashes = st.one_of(
    query_text, st.text(alphabet="0123456789abcdefABCDEF", min_size=128, max_size=128)
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(query=vnpay_queries, received=hashes)
def test_no_query_is_accepted_without_our_signature(query, received):
    query = {**query, "vnp_SecureHash": received}
    accepted = vnpay.verify(query, SECRET)
    assert accepted is (received.strip().lower() == vnpay.sign(query, SECRET))
    try:
        vnpay.parse_callback(query, CONFIG)
    except vnpay.VNPayError:
        pass
    else:
        assert accepted


@hypothesis_settings(max_examples=150, deadline=None)
@given(query=vnpay_queries)
def test_a_signed_query_of_any_shape_is_read_or_refused_never_crashes(query):
    """Even data signed with our secret (only VNPay has it) is read defensively."""
    query = {key: value for key, value in query.items() if not key.startswith("vnp_SecureHash")}
    signed = {**query, "vnp_SecureHash": vnpay.sign(query, SECRET)}
    try:
        result = vnpay.parse_callback(signed, CONFIG)
    except vnpay.VNPayError:
        return
    assert isinstance(result.amount_x100, int)
    assert result.amount is None or result.amount * 100 == result.amount_x100


@hypothesis_settings(max_examples=100, deadline=None)
@given(pairs=st.lists(st.tuples(query_text, query_text), max_size=8))
def test_repeated_or_odd_parameters_from_a_raw_query_string_are_refused_quietly(pairs):
    query = QueryDict(mutable=True)
    for key, value in pairs:
        query.appendlist(key, value)
    assert vnpay.verify(query, SECRET) is False or len(set(query)) == len(pairs)


@hypothesis_settings(max_examples=200, deadline=None)
@given(code=st.one_of(query_text, st.from_regex(r"UH[0-9A-Z]{6}", fullmatch=True)))
def test_the_payment_code_checker_takes_any_text(code):
    valid = codes.is_valid(code)
    assert valid in (True, False)
    if valid:
        assert codes.find_codes(code) == [code.strip().upper()]


@hypothesis_settings(max_examples=200, deadline=None)
@given(memo=st.text(max_size=200))
def test_every_code_found_in_any_memo_is_valid(memo):
    for code in codes.find_codes(memo):
        assert codes.is_valid(code)
