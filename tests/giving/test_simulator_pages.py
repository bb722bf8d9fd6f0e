"""The VNPay simulator's payment page: signature check, outcomes, IPN before redirect, retries."""

import datetime
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.http import Http404
from django.urls import include, path
from django.utils import timezone

from giving.payments import transport, vnpay
from giving.payments.simulator import gateway, ipn, store, views
from giving.payments.vnpay_codes import response_message

urlpatterns = [path("_vnpay-sandbox/", include("giving.payments.simulator.urls"))]
pytestmark = pytest.mark.urls(__name__)

RETURN_URL = "http://testserver/donations/vnpay/return/"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

VNPAY_ENVIRONMENT = (
    "VNPAY_TMN_CODE",
    "VNPAY_HASH_SECRET",
    "VNPAY_PAYMENT_URL",
    "VNPAY_API_URL",
    "VNPAY_IPN_URL",
    "VNPAY_SIMULATOR_ENABLED",
    "VNPAY_SIMULATOR_BASE_URL",
)


class FakeIPN:
    """Our IPN as the simulator sees it: records each GET and answers from a script."""

    def __init__(self):
        self.calls = []
        self.answers = []

    def __call__(self, method, url, *, body=None, headers=None, timeout=None):
        parts = urlsplit(url)
        self.calls.append((method, f"{parts.scheme}://{parts.netloc}{parts.path}", parts.query))
        answer = self.answers.pop(0) if self.answers else {"RspCode": "00", "Message": "ok"}
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, transport.HttpResponse):
            return answer
        return transport.HttpResponse(200, json.dumps(answer).encode())


@pytest.fixture
def fake_ipn(monkeypatch):
    fake = FakeIPN()
    monkeypatch.setattr(transport, "http_call", fake)
    return fake


@pytest.fixture
def simulator(settings, monkeypatch, fake_ipn):
    for name in VNPAY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings.VNPAY_SIMULATOR_ENABLED = True
    settings.TASKS = DUMMY_TASKS
    cache.clear()
    return vnpay.VNPayConfig.from_settings()


def payment_url(config, txn_ref="UH7K3Q9X", amount=50_000, **overrides):
    return vnpay.build_payment_url(
        txn_ref,
        amount,
        f"Ủng hộ Chung Tay {txn_ref}",
        RETURN_URL,
        "127.0.0.1",
        config=config,
        **overrides,
    ).url


def enqueued():
    from django_tasks import default_task_backend

    return default_task_backend.results


def test_a_signed_order_shows_the_amount_and_three_choices(client, simulator):
    response = client.get(payment_url(simulator))
    assert response.status_code == 200
    html = response.content.decode()
    assert "50.000 ₫" in html
    assert "Ung ho Chung Tay UH7K3Q9X" in html
    for outcome in ("pay", "cancel", "insufficient"):
        assert f'name="outcome" value="{outcome}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "<script" not in html
    assert store.get_transaction("UH7K3Q9X")["transaction_status"] == "01"


@pytest.mark.parametrize(
    "change",
    [
        ("vnp_Amount", "100"),
        ("vnp_SecureHash", "0" * 128),
        ("vnp_ReturnUrl", "https://evil.example/"),
    ],
)
def test_a_tampered_order_gets_an_error_page(client, simulator, change):
    url = payment_url(simulator)
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    params[change[0]] = change[1]
    response = client.get(parts.path, params)
    assert response.status_code == 400
    assert response.context["message"] == gateway.BAD_SIGNATURE
    assert str(gateway.BAD_SIGNATURE) in response.content.decode()
    assert "giving/simulator/error.html" in [t.name for t in response.templates]
    assert store.get_transaction("UH7K3Q9X") is None


def test_an_order_for_another_merchant_or_past_its_window_is_refused(client, simulator):
    other = vnpay.VNPayConfig("OTHER", simulator.hash_secret, simulator.payment_url, "")
    response = client.get(payment_url(other))
    assert response.status_code == 400
    assert response.context["message"] == gateway.UNKNOWN_MERCHANT
    long_ago = timezone.now() - datetime.timedelta(minutes=16)
    response = client.get(payment_url(simulator, now=long_ago))
    assert response.status_code == 400
    assert response.context["message"] == response_message("11")


def test_the_simulator_is_hidden_unless_allowed_and_pointed_at(rf, simulator, settings):
    url = payment_url(simulator)
    settings.VNPAY_SIMULATOR_ENABLED = False
    settings.VNPAY_HASH_SECRET = simulator.hash_secret
    with pytest.raises(Http404):
        views.pay(rf.get(url))
    settings.VNPAY_SIMULATOR_ENABLED = True
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    with pytest.raises(Http404):
        views.pay(rf.get(url))
    with pytest.raises(Http404):
        views.transaction_api(rf.post("/", b"{}", content_type="application/json"))
    settings.VNPAY_PAYMENT_URL = ""
    assert views.pay(rf.get(url)).status_code == 200


def test_debug_alone_never_lends_a_real_secret_to_the_simulator(rf, simulator, settings):
    settings.VNPAY_SIMULATOR_ENABLED = False
    settings.DEBUG = True
    settings.VNPAY_HASH_SECRET = "the-real-merchant-secret"
    url = payment_url(vnpay.VNPayConfig.from_settings())
    with pytest.raises(Http404):
        views.pay(rf.get(url))
    settings.VNPAY_SIMULATOR_ENABLED = True  # explicitly asked for: allowed
    assert views.pay(rf.get(url)).status_code == 200


@pytest.mark.parametrize(
    ("outcome", "codes", "paid"),
    [
        ("pay", ("00", "00"), True),
        ("cancel", ("24", "02"), False),
        ("insufficient", ("51", "02"), True),
    ],
)
def test_a_choice_calls_the_ipn_before_redirecting_with_the_same_signed_params(
    client, simulator, fake_ipn, outcome, codes, paid
):
    url = payment_url(simulator)
    client.get(url)
    response = client.post(url, {"outcome": outcome})

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == RETURN_URL
    [(method, ipn_url, ipn_query)] = fake_ipn.calls
    assert (method, ipn_url) == ("GET", "http://testserver/donations/vnpay/ipn/")
    assert ipn_query == target.query
    callback = dict(parse_qsl(target.query))
    result = vnpay.parse_callback(callback, simulator)
    assert (result.response_code, result.transaction_status) == codes
    assert result.amount == 50_000 and result.txn_ref == "UH7K3Q9X"
    assert result.bank_code == "NCB"
    assert (result.transaction_no != "0") is paid
    assert abs(result.pay_date - timezone.now()) < datetime.timedelta(minutes=1)
    assert callback["vnp_PayDate"] == vnpay.format_vnp_date(result.pay_date)
    assert store.get_transaction("UH7K3Q9X")["ipn_attempts"] == [{"attempt": 1, "rsp_code": "00"}]
    assert enqueued() == []


def test_the_ipn_url_setting_wins(client, simulator, fake_ipn, settings):
    settings.VNPAY_IPN_URL = "https://hooks.example/vnpay/ipn/?site=1"
    url = payment_url(simulator)
    client.post(url, {"outcome": "pay"})
    assert fake_ipn.calls[0][1] == "https://hooks.example/vnpay/ipn/"
    assert fake_ipn.calls[0][2].startswith("site=1&vnp_Amount=")


def test_an_order_ends_only_once(client, simulator, fake_ipn):
    url = payment_url(simulator)
    assert client.post(url, {"outcome": "pay"}).status_code == 302
    again = client.post(url, {"outcome": "cancel"})
    assert again.status_code == 400
    assert again.context["message"] == gateway.ALREADY_USED
    assert client.get(url).status_code == 400
    assert len(fake_ipn.calls) == 1


def test_an_unknown_choice_changes_nothing(client, simulator, fake_ipn):
    response = client.post(payment_url(simulator), {"outcome": "steal"})
    assert response.status_code == 400
    assert fake_ipn.calls == []


@pytest.mark.parametrize(
    "answer",
    [
        {"RspCode": "99", "Message": "Unknown error"},
        {"RspCode": "01", "Message": "Order not found"},
        transport.TransportError("connection refused"),
        transport.HttpResponse(500, b"<h1>Server Error</h1>"),
    ],
    ids=["99", "01", "unreachable", "html-500"],
)
def test_a_non_final_answer_schedules_a_retry_5_minutes_later(client, simulator, fake_ipn, answer):
    fake_ipn.answers = [answer]
    before = timezone.now()
    response = client.post(payment_url(simulator), {"outcome": "pay"})
    assert response.status_code == 302  # the donor is not kept waiting for our IPN
    [retry] = enqueued()
    assert retry.task.name == "retry_ipn"
    ipn_url, query, attempt = retry.args
    assert (ipn_url, attempt) == ("http://testserver/donations/vnpay/ipn/", 2)
    assert query == urlsplit(response["Location"]).query
    delay = retry.task.run_after - before
    assert datetime.timedelta(minutes=5) <= delay < datetime.timedelta(minutes=5, seconds=30)


def test_retries_stop_on_a_final_answer(simulator, fake_ipn):
    fake_ipn.answers = [{"RspCode": "99"}, {"RspCode": "04"}, {"RspCode": "02"}]
    assert ipn.deliver_ipn("http://testserver/ipn/", "vnp_TxnRef=A1") == "99"
    for expected_attempt in (2, 3):
        retry = enqueued()[-1]
        assert retry.args[2] == expected_attempt
        retry.task.call(*retry.args)  # what the worker does at run_after
    assert len(fake_ipn.calls) == 3
    assert len(enqueued()) == 2


def test_retries_stop_after_ten_calls(simulator, fake_ipn):
    fake_ipn.answers = [{"RspCode": "99"}] * 20
    ipn.deliver_ipn("http://testserver/ipn/", "vnp_TxnRef=A1")
    while enqueued() and enqueued()[-1].args[2] <= ipn.MAX_ATTEMPTS:
        retry = enqueued().pop()
        retry.task.call(*retry.args)
    assert len(fake_ipn.calls) == 10


def test_without_a_deferring_task_backend_a_timer_waits_the_5_minutes(
    simulator, fake_ipn, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    timers = []

    class FakeTimer:
        def __init__(self, interval, function, args):
            timers.append(self)
            self.interval, self.function, self.args = interval, function, args

        def start(self):
            self.started = True

    monkeypatch.setattr(ipn.threading, "Timer", FakeTimer)
    fake_ipn.answers = [{"RspCode": "99"}, {"RspCode": "00"}]
    ipn.deliver_ipn("http://testserver/ipn/", "vnp_TxnRef=A1")
    [timer] = timers
    assert timer.interval == 300 and timer.started and timer.daemon
    assert len(fake_ipn.calls) == 1  # nothing retried at once
    timer.function(*timer.args)  # the timer fires: the task runs on the immediate backend
    assert len(fake_ipn.calls) == 2
    assert len(timers) == 1


def test_gateway_outcomes_match_the_doc():
    assert gateway.OUTCOMES == {
        "pay": ("00", "00"),
        "cancel": ("24", "02"),
        "insufficient": ("51", "02"),
    }


def test_with_the_vietnamese_catalogue_the_pages_speak_vietnamese(
    client, simulator, settings, tmp_path
):
    """What the integrator gets after copying translations.py into the .po: Vietnamese pages."""
    import polib

    from giving.payments.translations import VIETNAMESE

    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in VIETNAMESE.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    messages = tmp_path / "vi" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue.save_as_mofile(str(messages / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]

    page = client.get(payment_url(simulator)).content.decode()
    for text in (
        "Cổng thanh toán VNPay (mô phỏng)",
        "Thanh toán",
        "Hủy giao dịch",
        "Không đủ số dư",
    ):
        assert text in page
    url = payment_url(simulator, txn_ref="UHBADSIG")
    error = client.get(url.replace("vnp_Amount=5000000", "vnp_Amount=100"))
    assert error.status_code == 400
    assert "Yêu cầu thanh toán có chữ ký không hợp lệ." in error.content.decode()
