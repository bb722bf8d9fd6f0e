"""Reminders of pledges, sent by e-mail and by SMS or Zalo ZNS (mobilisation.messaging).

The schedule (settings.MOBILISATION_REMINDERS): DAYS_BEFORE days before the due date (any day
from then until the day before, so a missed run still sends it), on the due date, then every
EVERY_DAYS_OVERDUE days while the pledge is overdue; at most MAX_TIMES reminders per pledge
and channel. Only pledges not cancelled, with something outstanding, whose donor has not opted
out, and only to an e-mail address or a phone the donor gave.

Nothing is sent twice: each reminder is a Reminder row, unique per pledge, channel and step,
written and committed *before* the message leaves. A second run (or two runs at once) finds the
row and skips it; a run that crashes after writing the row and before sending leaves it
"sending", and no later run sends it again (staff see it and may send by hand). At most once,
never twice.

Each reminder sent is also logged on the pledge (its History in the admin). The e-mail carries
the Fund's VietQR for the amount outstanding (mobilisation.qr) as an inline PNG.
"""

import dataclasses
import datetime
import logging
from email.mime.image import MIMEImage

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models import Pledge
from donations.services.audit import log_entry, make_formatter
from mobilisation.messaging import MessageError, PhoneMessage, get_backend
from mobilisation.models import Channel, Reminder, ReminderOptOut, ReminderStatus, step_label
from mobilisation.qr import pledge_qr_codes
from sitewide.formatting import format_date, format_vnd

logger = logging.getLogger(__name__)

REMINDER_SENT = "mobilisation.reminder.sent"
LOG_ACTIONS = {REMINDER_SENT: (gettext_lazy("Send reminder"), gettext_lazy("Reminder sent"))}
OPT_OUT_SALT = "mobilisation.reminders.opt-out"


def register_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action)(make_formatter(label, message))


def config():
    return {
        "DAYS_BEFORE": 3,
        "EVERY_DAYS_OVERDUE": 7,
        "MAX_TIMES": 4,
        **settings.MOBILISATION_REMINDERS,
    }


def step_for(due_on, today, conf=None):
    """The step of the schedule a pledge due on ``due_on`` is at today, or None."""
    conf = conf or config()
    if due_on is None:
        return None
    days = (today - due_on).days
    if -conf["DAYS_BEFORE"] <= days < 0:
        return f"before:{due_on.isoformat()}"
    if days == 0:
        return f"due:{due_on.isoformat()}"
    if days > 0 and conf["EVERY_DAYS_OVERDUE"] > 0:
        round_number = days // conf["EVERY_DAYS_OVERDUE"]
        if round_number >= 1:
            return f"overdue:{due_on.isoformat()}:{round_number}"
    return None


def manual_step(today):
    return f"manual:{today.isoformat()}"


@dataclasses.dataclass
class Planned:
    pledge: Pledge
    channel: str
    step: str
    recipient: str

    @property
    def step_label(self):
        return step_label(self.step)


def recipients(donor):
    found = []
    if donor.email:
        found.append((Channel.EMAIL, donor.email))
    if donor.phone:
        found.append((Channel.PHONE, donor.phone))
    return found


def candidate_pledges(today):
    conf = config()
    latest_due = today + datetime.timedelta(days=conf["DAYS_BEFORE"])
    return (
        Pledge.objects.with_paid()
        .filter(cancelled_at__isnull=True, due_on__isnull=False, due_on__lte=latest_due)
        .filter(outstanding__gt=0)
        .exclude(donor__reminder_opt_out__isnull=False)
        .select_related("donor", "campaign", "fund")
        .order_by("due_on", "pk")
    )


def plan(today=None, pledges=None, step=None):
    """What a run would send today: [Planned], already-sent steps and full quotas left out.
    ``step`` (a manual send) replaces the schedule's step for every pledge given."""
    today = today or timezone.localdate()
    conf = config()
    pledges = list(pledges if pledges is not None else candidate_pledges(today))
    sent = {}
    existing = set()
    for pledge_id, channel, pledge_step in Reminder.objects.filter(
        pledge__in=[p.pk for p in pledges]
    ).values_list("pledge_id", "channel", "step"):
        sent[pledge_id, channel] = sent.get((pledge_id, channel), 0) + 1
        existing.add((pledge_id, channel, pledge_step))
    planned = []
    for pledge in pledges:
        if pledge.is_cancelled or not pledge.outstanding:
            continue
        if hasattr(pledge.donor, "reminder_opt_out"):
            continue
        this_step = step or step_for(pledge.due_on, today, conf)
        if this_step is None:
            continue
        for channel, recipient in recipients(pledge.donor):
            if (pledge.pk, channel, this_step) in existing:
                continue
            if step is None and sent.get((pledge.pk, channel), 0) >= conf["MAX_TIMES"]:
                continue
            planned.append(Planned(pledge, channel, this_step, recipient))
    return planned


# --- what the donor reads ------------------------------------------------------------------


def opt_out_token(donor):
    return signing.dumps({"donor": donor.pk}, salt=OPT_OUT_SALT, compress=True)


def donor_from_token(token):
    """The donor a link was made for, or None for a link altered or not ours."""
    from donations.models import Donor

    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return Donor.objects.filter(pk=data.get("donor")).first()


def site_root(pledge):
    site = pledge.campaign.get_site() if pledge.campaign_id else None
    return (site.root_url if site else "") or settings.WAGTAILADMIN_BASE_URL


def opt_out_url(pledge):
    path = reverse("mobilisation:opt_out", args=[opt_out_token(pledge.donor)])
    return site_root(pledge).rstrip("/") + path


def message_context(pledge):
    bank_accounts = list(
        pledge.fund.bank_accounts.filter(is_active=True).order_by("bank_name", "account_number")
    )
    return {
        "pledge": pledge,
        "donor": pledge.donor,
        "campaign": pledge.campaign,
        "outstanding": pledge.outstanding_amount,
        "bank_accounts": bank_accounts,
        "qr_codes": pledge_qr_codes(pledge, bank_accounts),
        "opt_out_url": opt_out_url(pledge),
        "overdue": pledge.due_on is not None and pledge.due_on < timezone.localdate(),
    }


def email_message(pledge):
    context = message_context(pledge)
    with translation.override("vi"):
        subject = _("Reminder of your pledge %(code)s to the %(fund)s") % {
            "code": pledge.code,
            "fund": pledge.fund.name,
        }
        text = render_to_string("mobilisation/email/reminder.txt", context)
        html = render_to_string("mobilisation/email/reminder.html", context)
    message = EmailMultiAlternatives(subject, text, to=[pledge.donor.email])
    message.attach_alternative(html, "text/html")
    if context["qr_codes"]:
        # multipart/related: the HTML part shows the images by cid:, not as attachments.
        message.mixed_subtype = "related"
        for qr in context["qr_codes"]:
            image = MIMEImage(qr.png(), "png")
            image.add_header("Content-ID", f"<{qr.content_id}>")
            image.add_header("Content-Disposition", "inline", filename=f"vietqr-{pledge.code}.png")
            message.attach(image)
    return message


def phone_message(pledge, tracking_id=""):
    context = message_context(pledge)
    account = context["bank_accounts"][0] if context["bank_accounts"] else None
    with translation.override("vi"):
        text = render_to_string(
            "mobilisation/email/reminder_sms.txt", {**context, "account": account}
        )
    data = {
        "customer_name": pledge.donor.name,
        "amount": format_vnd(pledge.outstanding),
        "due_date": format_date(pledge.due_on) if pledge.due_on else "",
        "payment_code": pledge.code,
        "bank_account": f"{account.bank_name} {account.account_number}" if account else "",
        "opt_out": context["opt_out_url"],
    }
    return PhoneMessage(pledge.donor.phone, " ".join(text.split()), data, tracking_id)


# --- sending -------------------------------------------------------------------------------


@dataclasses.dataclass
class RunSummary:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def _claim(planned, user):
    """The Reminder row for this step, committed; None if another run has it already."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                pledge=planned.pledge,
                channel=planned.channel,
                step=planned.step,
                recipient=planned.recipient,
                outstanding=planned.pledge.outstanding,
                sent_by=user,
            )
    except IntegrityError:
        return None


def send_one(planned, *, user=None, backend=None):
    """Claim, send, record. Returns the Reminder, or None when already claimed."""
    reminder = _claim(planned, user)
    if reminder is None:
        return None
    pledge = planned.pledge
    try:
        if planned.channel == Channel.EMAIL:
            email_message(pledge).send()
            reminder.backend = "email"
        else:
            backend = backend or get_backend()
            backend.send(phone_message(pledge, tracking_id=f"reminder-{reminder.pk}"))
            reminder.backend = backend.name
    except (MessageError, OSError) as error:
        reminder.status = ReminderStatus.FAILED
        reminder.error = str(error)[:2000]
        reminder.save(update_fields=["status", "error", "backend"])
        logger.warning("Reminder %s not sent: %s", reminder.pk, error)
        return reminder
    reminder.status = ReminderStatus.SENT
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["status", "sent_at", "backend"])
    log_entry(
        pledge,
        REMINDER_SENT,
        user=user,
        amount=reminder.outstanding,
        detail=f"{reminder.get_channel_display()} → {reminder.recipient}",
    )
    return reminder


def send_planned(planned_list, *, user=None):
    summary = RunSummary()
    backend = None
    for planned in planned_list:
        if planned.channel == Channel.PHONE and backend is None:
            backend = get_backend()
        reminder = send_one(planned, user=user, backend=backend)
        if reminder is None:
            summary.skipped += 1
        elif reminder.status == ReminderStatus.SENT:
            summary.sent += 1
        else:
            summary.failed += 1
    return summary


def run_reminders(today=None, *, user=None):
    """The scheduled run: every reminder due today, each at most once."""
    return send_planned(plan(today), user=user)


def opt_out(donor):
    ReminderOptOut.objects.get_or_create(donor=donor)
