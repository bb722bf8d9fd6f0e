"""querydr and refund: request checksums in the documented field order, answers verified."""

import datetime
import hashlib
import hmac
import http.server
import json
import socket
import threading

import pytest

from giving.payments import transport, vnpay, vnpay_api

SECRET = "api_secret"
CONFIG = vnpay.VNPayConfig(
    tmn_code="TESTTMN",
    hash_secret=SECRET,
    payment_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    api_url="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
)
NOW = datetime.datetime(2026, 10, 17, 3, 0, 0, tzinfo=datetime.UTC)


def by_hand(*values):
    """The documented checksum, written out independently of the module."""
    return hmac.new(SECRET.encode(), "|".join(values).encode(), hashlib.sha512).hexdigest()


def test_querydr_request_checksum_follows_the_documented_order():
    body = vnpay_api.build_querydr_request(
        txn_ref="UH7K3Q9X",
        transaction_date="20261017095000",
        ip="127.0.0.1",
        order_info="Truy vấn UH7K3Q9X",
        now=NOW,
        config=CONFIG,
    )
    assert body["vnp_Command"] == "querydr"
    assert body["vnp_CreateDate"] == "20261017100000"
    assert body["vnp_OrderInfo"] == "Truy van UH7K3Q9X"
    assert len(body["vnp_RequestId"]) == 32
    expected = by_hand(
        body["vnp_RequestId"],
        "2.1.0",
        "querydr",
        "TESTTMN",
        "UH7K3Q9X",
        "20261017095000",
        "20261017100000",
        "127.0.0.1",
        "Truy van UH7K3Q9X",
    )
    assert body["vnp_SecureHash"] == expected


def test_every_request_gets_a_new_request_id():
    ids = {
        vnpay_api.build_querydr_request(
            txn_ref="A1", transaction_date="20261017095000", ip="127.0.0.1", config=CONFIG
        )["vnp_RequestId"]
        for _ in range(5)
    }
    assert len(ids) == 5


@pytest.mark.parametrize(("full", "kind"), [(True, "02"), (False, "03")])
def test_refund_request_checksum_follows_the_documented_order(full, kind):
    body = vnpay_api.build_refund_request(
        txn_ref="UH7K3Q9X",
        amount_dong=120_000,
        transaction_date="20261017095000",
        transaction_no="14000001",
        created_by="Nguyễn Văn Thủ Quỹ",
        ip="127.0.0.1",
        full=full,
        order_info="Hoàn tiền UH7K3Q9X",
        now=NOW,
        config=CONFIG,
    )
    assert body["vnp_Amount"] == "12000000"
    assert body["vnp_TransactionType"] == kind
    assert body["vnp_CreateBy"] == "Nguyen Van Thu Quy"
    expected = by_hand(
        body["vnp_RequestId"],
        "2.1.0",
        "refund",
        "TESTTMN",
        kind,
        "UH7K3Q9X",
        "12000000",
        "14000001",
        "20261017095000",
        "Nguyen Van Thu Quy",
        "20261017100000",
        "127.0.0.1",
        "Hoan tien UH7K3Q9X",
    )
    assert body["vnp_SecureHash"] == expected


@pytest.mark.parametrize("amount", [120_000.0, 0, -5, "120000", False])
def test_refund_amount_must_be_positive_whole_dong(amount):
    with pytest.raises(ValueError):
        vnpay_api.build_refund_request(
            txn_ref="A1",
            amount_dong=amount,
            transaction_date="20261017095000",
            transaction_no="1",
            created_by="staff",
            ip="127.0.0.1",
            full=False,
            config=CONFIG,
        )


def querydr_answer(**overrides):
    data = {
        "vnp_ResponseId": "r1",
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "00",
        "vnp_Message": "Success",
        "vnp_TmnCode": "TESTTMN",
        "vnp_TxnRef": "UH7K3Q9X",
        "vnp_Amount": "12000000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20261017095500",
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": "00",
        "vnp_OrderInfo": "Ung ho UH7K3Q9X",
        "vnp_PromotionCode": "",
        "vnp_PromotionAmount": "",
        **overrides,
    }
    data["vnp_SecureHash"] = by_hand(
        *(str(data.get(f"vnp_{name}", "")) for name in vnpay_api.QUERYDR_RESPONSE_FIELDS)
    )
    return data


def test_a_signed_querydr_answer_is_read_in_whole_dong():
    result = vnpay_api.parse_api_response(querydr_answer(), "querydr", CONFIG)
    assert result.ok and result.is_paid
    assert result.amount == 120_000
    assert result.pay_date == datetime.datetime(2026, 10, 17, 2, 55, tzinfo=datetime.UTC)
    assert result.message


@pytest.mark.parametrize(
    "field", ["vnp_Amount", "vnp_TransactionStatus", "vnp_ResponseCode", "vnp_TxnRef"]
)
def test_a_tampered_answer_is_refused(field):
    answer = querydr_answer()
    answer[field] = answer[field] + "9"
    with pytest.raises(vnpay.InvalidSignature):
        vnpay_api.parse_api_response(answer, "querydr", CONFIG)


def test_refund_answers_are_signed_without_the_promotion_fields():
    answer = {
        "vnp_ResponseId": "r2",
        "vnp_Command": "refund",
        "vnp_ResponseCode": "00",
        "vnp_Message": "Success",
        "vnp_TmnCode": "TESTTMN",
        "vnp_TxnRef": "UH7K3Q9X",
        "vnp_Amount": "5000000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20261017100000",
        "vnp_TransactionNo": "14000002",
        "vnp_TransactionType": "03",
        "vnp_TransactionStatus": "05",
        "vnp_OrderInfo": "Hoan tien",
    }
    answer["vnp_SecureHash"] = by_hand(
        *(answer[f"vnp_{n}"] for n in vnpay_api.REFUND_RESPONSE_FIELDS)
    )
    result = vnpay_api.parse_api_response(answer, "refund", CONFIG)
    assert result.ok and result.amount == 50_000 and result.transaction_type == "03"
    with pytest.raises(vnpay.InvalidSignature):
        vnpay_api.parse_api_response(answer, "querydr", CONFIG)


def test_querydr_posts_json_to_the_api_url(monkeypatch):
    sent = []

    def fake_http_call(method, url, *, body=None, headers=None, timeout=None):
        sent.append((method, url, json.loads(body), headers))
        return transport.HttpResponse(200, json.dumps(querydr_answer()).encode())

    monkeypatch.setattr(transport, "http_call", fake_http_call)
    result = vnpay_api.querydr(
        txn_ref="UH7K3Q9X", transaction_date="20261017095000", ip="127.0.0.1", config=CONFIG
    )
    assert result.is_paid
    method, url, body, headers = sent[0]
    assert (method, url) == ("POST", CONFIG.api_url)
    assert headers["Content-Type"] == "application/json"
    assert body["vnp_TxnRef"] == "UH7K3Q9X"


@pytest.mark.parametrize(
    "behaviour",
    [
        lambda: transport.HttpResponse(502, b"<html>Bad gateway</html>"),
        lambda: (_ for _ in ()).throw(transport.TransportError("timed out")),
        lambda: transport.HttpResponse(200, b'["not", "an", "object"]'),
    ],
    ids=["html", "timeout", "not-an-object"],
)
def test_no_usable_answer_is_gateway_unavailable(monkeypatch, behaviour):
    monkeypatch.setattr(transport, "http_call", lambda *args, **kwargs: behaviour())
    with pytest.raises(vnpay_api.GatewayUnavailable):
        vnpay_api.querydr(
            txn_ref="A1", transaction_date="20261017095000", ip="127.0.0.1", config=CONFIG
        )


@pytest.fixture
def loopback_server():
    """A real HTTP server on 127.0.0.1 answering /ok with JSON and /missing with a 404."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = 200 if self.path == "/ok" else 404
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"echo": body.decode()}).encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_transport_returns_status_and_body_from_a_real_server(loopback_server):
    ok = transport.http_call("POST", f"{loopback_server}/ok", body=b"hi", timeout=5)
    assert (ok.status, json.loads(ok.body)) == (200, {"echo": "hi"})
    missing = transport.http_call("POST", f"{loopback_server}/missing", body=b"x", timeout=5)
    assert missing.status == 404


def test_transport_reports_an_unreachable_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(transport.TransportError):
        transport.http_call("GET", f"http://127.0.0.1:{port}/", timeout=2)


def test_transport_refuses_non_http_urls():
    with pytest.raises(transport.TransportError):
        transport.http_call("GET", "file:///etc/passwd")
