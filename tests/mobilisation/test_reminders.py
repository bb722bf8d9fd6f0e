"""Reminders that are sent: the schedule, e-mail (HTML and text, Vietnamese), SMS and Zalo ZNS
through the backend in settings (the HTTP ones against a local fake server), the log on the
pledge, the opt-out link, and nothing sent twice when the task runs twice or crashes."""

import datetime
import io
import re
from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from donations.models import Pledge
from donations.services import record_pledge
from mobilisation.messaging import (
    ConsoleBackend,
    MessageError,
    PhoneMessage,
    SmsBrandnameBackend,
    ZaloZnsBackend,
)
from mobilisation.models import Reminder, ReminderOptOut, ReminderStatus
from mobilisation.services import reminders
from mobilisation.services.reminders import opt_out_token, plan, run_reminders, step_for
from mobilisation.tasks import send_due_reminders
from sitewide import vietqr
from tests.donations.conftest import make_donor

from .conftest import FakeGateway

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 11, 15)
CONF = {"DAYS_BEFORE": 3, "EVERY_DAYS_OVERDUE": 7, "MAX_TIMES": 4}


@pytest.fixture(autouse=True)
def _schedule(settings):
    settings.MOBILISATION_REMINDERS = CONF
    settings.MOBILISATION_MESSAGE_BACKEND = "mobilisation.messaging.ConsoleBackend"


def pledge_for(campaign, donor, amount=300_000_000, due_on=DUE):
    return record_pledge(
        donor=donor, amount=amount, campaign=campaign,
        pledged_on=datetime.date(2026, 10, 17), due_on=due_on,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("today", "step"),
    [
        (datetime.date(2026, 11, 11), None),
        (datetime.date(2026, 11, 12), "before:2026-11-15"),
        (datetime.date(2026, 11, 14), "before:2026-11-15"),
        (datetime.date(2026, 11, 15), "due:2026-11-15"),
        (datetime.date(2026, 11, 16), None),
        (datetime.date(2026, 11, 22), "overdue:2026-11-15:1"),
        (datetime.date(2026, 11, 28), "overdue:2026-11-15:1"),
        (datetime.date(2026, 11, 29), "overdue:2026-11-15:2"),
    ],
)
def test_the_schedule(today, step):
    assert step_for(DUE, today, CONF) == step


def test_an_email_and_a_phone_message_go_once_even_when_the_task_runs_twice(
    ceremony, business, capsys
):
    pledge = pledge_for(ceremony.campaign, business)
    today = datetime.date(2026, 11, 15)
    first = run_reminders(today)
    second = run_reminders(today)
    assert (first.sent, second.sent) == (2, 0)
    assert len(mail.outbox) == 1
    assert capsys.readouterr().out.count("[SMS/Zalo → 0233111222]") == 1
    assert set(Reminder.objects.values_list("pledge", "channel", "status")) == {
        (pledge.pk, "email", "sent"),
        (pledge.pk, "phone", "sent"),
    }


def test_a_crash_in_the_middle_sends_nothing_twice(ceremony, settings):
    donors = [make_donor(f"Công ty số {n}", kind="business", email="") for n in range(4)]
    for donor in donors:
        pledge_for(ceremony.campaign, donor)
    sent = []

    class CrashingOnTheThird(ConsoleBackend):
        def send(self, message):
            if len(sent) == 2:
                raise SystemExit("the worker was killed")
            sent.append(message.phone)
            return "ok"

    class Recording(ConsoleBackend):
        def send(self, message):
            # The row that keeps a second run from sending is there before the message leaves.
            assert Reminder.objects.filter(recipient=message.phone, status="sending").exists()
            sent.append(message.phone)
            return "ok"

    today = datetime.date(2026, 11, 15)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reminders, "get_backend", CrashingOnTheThird)
        with pytest.raises(SystemExit):
            run_reminders(today)
    assert len(sent) == 2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reminders, "get_backend", Recording)
        run_reminders(today)
        run_reminders(today)
    assert len(sent) == 3  # the fourth only: the third's row says "sending", never again
    assert len(set(sent)) == 3
    statuses = sorted(Reminder.objects.values_list("status", flat=True))
    assert statuses == ["sending", "sent", "sent", "sent"]


def test_a_step_already_claimed_by_another_run_is_skipped(ceremony, business):
    pledge = pledge_for(ceremony.campaign, business)
    today = datetime.date(2026, 11, 15)
    planned = plan(today)
    Reminder.objects.create(
        pledge=pledge, channel="email", step="due:2026-11-15", recipient="x", outstanding=1
    )
    summary = reminders.send_planned(planned)
    assert (summary.sent, summary.skipped) == (1, 1)
    assert len(mail.outbox) == 0


def test_at_most_max_times_per_pledge_and_channel(ceremony, settings):
    settings.MOBILISATION_REMINDERS = {**CONF, "MAX_TIMES": 2}
    donor = make_donor("Công ty Chậm Trả", kind="business", phone="")
    pledge_for(ceremony.campaign, donor)
    for day in (12, 15, 22, 29):
        run_reminders(datetime.date(2026, 11, day))
    assert len(mail.outbox) == 2


def test_paid_cancelled_undated_or_opted_out_pledges_get_nothing(ceremony):
    from donations.services import cancel_pledge

    cancelled = pledge_for(ceremony.campaign, make_donor("Công ty Hủy", kind="business"))
    cancel_pledge(cancelled, reason="Nhập trùng")
    pledge_for(ceremony.campaign, make_donor("Công ty Không Hạn", kind="business"), due_on=None)
    opted = make_donor("Công ty Từ Chối", kind="business")
    pledge_for(ceremony.campaign, opted)
    ReminderOptOut.objects.create(donor=opted)
    assert plan(datetime.date(2026, 11, 15)) == []


def test_the_email_is_vietnamese_html_and_text_with_code_amount_and_accounts(ceremony, business):
    pledge = pledge_for(ceremony.campaign, business, amount=300_000_000)
    with translation.override("vi"):
        run_reminders(datetime.date(2026, 11, 22))
    message = mail.outbox[0]
    assert message.to == ["ketoan@ximang.example"]
    assert pledge.code in message.subject and "Nhắc" in message.subject
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "300.000.000 ₫" in body
        assert pledge.code in body
        assert "0771000160160" in body
        assert "Kính gửi Công ty Cổ phần Xi măng Đồng Hà" in body
    token = re.search(r"/nhac-cam-ket/tu-choi/([^/]+)/", message.body).group(1)
    assert reminders.donor_from_token(token) == business


def test_the_email_shows_the_funds_vietqr_as_an_inline_image(ceremony, business):
    pledge = pledge_for(ceremony.campaign, business, amount=300_000_000)
    run_reminders(datetime.date(2026, 11, 22))
    parsed = message_from_bytes(mail.outbox[0].message().as_bytes())
    assert parsed.get_content_type() == "multipart/related"
    images = [part for part in parsed.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    content_id = images[0]["Content-ID"].strip("<>")
    html = next(p for p in parsed.walk() if p.get_content_type() == "text/html")
    assert f'src="cid:{content_id}"' in html.get_payload(decode=True).decode()
    payload = vietqr.build_payload("970436", "0771000160160", 300_000_000, pledge.code)
    assert images[0].get_payload(decode=True) == vietqr.render_png(payload)


def test_each_reminder_sent_is_logged_on_the_pledge(ceremony, business):
    pledge = pledge_for(ceremony.campaign, business)
    run_reminders(datetime.date(2026, 11, 15))
    entries = ModelLogEntry.objects.filter(
        object_id=str(pledge.pk), action="mobilisation.reminder.sent"
    )
    assert entries.count() == 2


def test_the_opt_out_link_asks_then_stops_reminders(client, ceremony, business):
    pledge_for(ceremony.campaign, business)
    url = reverse("mobilisation:opt_out", args=[opt_out_token(business)])
    response = client.get(url)
    assert response.status_code == 200
    assert not ReminderOptOut.objects.exists()
    assert business.email not in response.content.decode()
    client.post(url)
    assert ReminderOptOut.objects.get().donor == business
    assert plan(datetime.date(2026, 11, 15)) == []
    forged = url.replace(opt_out_token(business)[:6], "AAAAAA")
    assert client.post(forged).status_code == 404
    assert ReminderOptOut.objects.count() == 1


def test_the_zalo_zns_backend_posts_the_template_message(settings):
    answer = {"error": 0, "message": "Success", "data": {"msg_id": "zns-42"}}
    with FakeGateway(answer) as gateway:
        backend = ZaloZnsBackend(
            {"URL": gateway.url, "ACCESS_TOKEN": "token-oa", "TEMPLATE_ID": "225611"}
        )
        message = PhoneMessage("0912345678", "Nhắc", {"payment_code": "CT7K2M9Q"}, "reminder-1")
        assert backend.send(message) == "zns-42"
    _path, headers, body = gateway.requests[0]
    assert headers["access_token"] == "token-oa"
    assert body == {
        "phone": "84912345678",
        "template_id": "225611",
        "template_data": {"payment_code": "CT7K2M9Q"},
        "tracking_id": "reminder-1",
    }


def test_a_zalo_refusal_is_a_failed_reminder_not_a_crash(ceremony, business, settings):
    with FakeGateway({"error": -124, "message": "Invalid access token"}) as gateway:
        settings.MOBILISATION_MESSAGE_BACKEND = "mobilisation.messaging.ZaloZnsBackend"
        settings.MOBILISATION_ZALO_ZNS = {
            "URL": gateway.url,
            "ACCESS_TOKEN": "x",
            "TEMPLATE_ID": "1",
        }
        pledge_for(ceremony.campaign, business)
        summary = run_reminders(datetime.date(2026, 11, 15))
        again = run_reminders(datetime.date(2026, 11, 15))
    assert (summary.sent, summary.failed, again.sent + again.failed) == (1, 1, 0)
    failed = Reminder.objects.get(channel="phone")
    assert failed.status == ReminderStatus.FAILED and "-124" in failed.error
    assert len(gateway.requests) == 1


def test_the_sms_backend_sends_text_without_diacritics(settings):
    with FakeGateway({"CodeResult": "100", "SMSID": "sms-7"}) as gateway:
        backend = SmsBrandnameBackend(
            {"URL": gateway.url, "API_KEY": "k", "SECRET_KEY": "s", "BRANDNAME": "MTTQ-QT"}
        )
        message = PhoneMessage("0912345678", "Cam kết còn 1.000.000 ₫ – mã CT7K2M9Q", {})
        assert backend.send(message) == "sms-7"
    body = gateway.requests[0][2]
    assert body["Phone"] == "0912345678" and body["Brandname"] == "MTTQ-QT"
    assert body["Content"].startswith("Cam ket con 1.000.000")
    assert body["Content"].isascii()


def test_an_sms_gateway_error_raises_a_message_error():
    with FakeGateway({"CodeResult": "99", "ErrorMessage": "Phone invalid"}) as gateway:
        backend = SmsBrandnameBackend(
            {"URL": gateway.url, "API_KEY": "k", "SECRET_KEY": "s", "BRANDNAME": "B"}
        )
        with pytest.raises(MessageError, match="99"):
            backend.send(PhoneMessage("0912345678", "x", {}))


def test_the_console_is_the_default_backend():
    from django.conf import settings as django_settings

    from mobilisation.messaging import get_backend

    assert isinstance(get_backend(), ConsoleBackend)
    out = io.StringIO()
    ConsoleBackend(out).send(PhoneMessage("0912345678", "Xin chào", {}))
    assert out.getvalue() == "[SMS/Zalo → 0912345678] Xin chào\n"
    assert django_settings.MOBILISATION_MESSAGE_BACKEND.endswith("ConsoleBackend")


def test_the_task_runs_the_same_reminders(ceremony, business, settings):
    settings.MOBILISATION_REMINDERS = {**CONF, "DAYS_BEFORE": 400}
    pledge_for(ceremony.campaign, business, due_on=datetime.date(2027, 12, 31))
    send_due_reminders.enqueue()
    send_due_reminders.enqueue()
    assert len(mail.outbox) == 1


def test_staff_preview_and_send_by_hand(client, front_staff, ceremony, business, settings):
    settings.MOBILISATION_REMINDERS = {**CONF, "DAYS_BEFORE": 400}
    pledge = pledge_for(ceremony.campaign, business, due_on=datetime.date(2027, 12, 31))
    client.force_login(front_staff)
    preview = client.get(reverse("reminder:preview")).content.decode()
    assert pledge.code in preview and "ketoan@ximang.example" in preview
    assert len(mail.outbox) == 0
    client.post(reverse("reminder:send"))
    client.post(reverse("reminder:send"))
    assert len(mail.outbox) == 1
    client.post(reverse("reminder:send_one", args=[pledge.pk]))
    client.post(reverse("reminder:send_one", args=[pledge.pk]))
    assert len(mail.outbox) == 2  # one by hand, once a day
    listing = client.get(reverse("reminder:index")).content.decode()
    assert reverse("pledge:inspect", args=[pledge.pk]) in listing


def test_an_editor_cannot_send(client, editor, ceremony, business, settings):
    settings.MOBILISATION_REMINDERS = {**CONF, "DAYS_BEFORE": 400}
    pledge_for(ceremony.campaign, business, due_on=datetime.date(2027, 12, 31))
    client.force_login(editor)
    client.post(reverse("reminder:send"))
    assert len(mail.outbox) == 0 and not Reminder.objects.exists()
    assert Pledge.objects.count() == 1


def test_the_daily_command_says_what_it_sent_in_vietnamese_and_sends_nothing_twice(
    ceremony, business
):
    from django.core.management import call_command
    from django.utils import timezone

    pledge_for(ceremony.campaign, business, due_on=timezone.localdate())
    outputs = []
    for _run in range(2):
        out = io.StringIO()
        call_command("send_pledge_reminders", stdout=out)
        outputs.append(out.getvalue().strip())

    assert outputs == [
        "Thư nhắc đã gửi: 2, lỗi: 0, đã gửi từ trước: 0.",
        "Thư nhắc đã gửi: 0, lỗi: 0, đã gửi từ trước: 0.",
    ]
    assert len(mail.outbox) == 1
