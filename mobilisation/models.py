"""Launch ceremonies (lễ phát động), the pledges announced at each, files of pledges imported in
bulk, and the reminders sent about pledges.

The pledges themselves are the ledger's (donations.Pledge, written by
donations.services.record_pledge); this app only links them to a ceremony and an import, and
keeps one row per reminder it sends.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ceremony(models.Model):
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="ceremonies",
    )
    committee = models.CharField(
        _("committee"),
        max_length=200,
        help_text=_(
            "The committee holding the ceremony, e.g. Ủy ban MTTQ Việt Nam tỉnh Quảng Trị."
        ),
    )
    pledges_due_on = models.DateField(
        _("pledges due on"),
        null=True,
        blank=True,
        help_text=_("The due date given to pledges entered live, unless another is typed."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("launch ceremony")
        verbose_name_plural = _("launch ceremonies")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.name


class CeremonyPledge(models.Model):
    """A pledge announced at a ceremony, in the order announced."""

    ceremony = models.ForeignKey(
        Ceremony, verbose_name=_("ceremony"), on_delete=models.PROTECT, related_name="entries"
    )
    pledge = models.OneToOneField(
        "donations.Pledge",
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        related_name="ceremony_entry",
    )
    announced_at = models.DateTimeField(_("announced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge announced")
        verbose_name_plural = _("pledges announced")
        ordering = ["announced_at", "id"]

    def __str__(self):
        return str(self.pledge)


class PledgeImport(models.Model):
    """A file of pledges: read and checked on upload, written only when staff confirm."""

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", verbose_name=_("campaign"), on_delete=models.PROTECT
    )
    ceremony = models.ForeignKey(
        Ceremony,
        verbose_name=_("ceremony"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    filename = models.CharField(_("file"), max_length=255)
    rows = models.JSONField(_("rows"), default=list, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pledges = models.ManyToManyField("donations.Pledge", related_name="+", blank=True)

    class Meta:
        verbose_name = _("pledge import")
        verbose_name_plural = _("pledge imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename

    @property
    def total(self):
        return sum(row["amount"] for row in self.rows)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("SMS or Zalo")


class ReminderStatus(models.TextChoices):
    SENDING = "sending", _("Sending (not confirmed)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Reminder(models.Model):
    """One reminder about one pledge by one channel at one step of the schedule.

    The row is written, and committed, before the message leaves: a second run of the task, or
    a run after a crash in the middle, finds it and sends nothing again (the unique constraint
    settles two runs at the same moment). A row left "sending" means the outcome is unknown.
    """

    pledge = models.ForeignKey(
        "donations.Pledge",
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    step = models.CharField(_("step"), max_length=40)
    backend = models.CharField(_("sent through"), max_length=40, blank=True)
    recipient = models.CharField(_("recipient"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.SENDING
    )
    outstanding = models.PositiveBigIntegerField(_("outstanding (đồng)"))
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "channel", "step"], name="reminder_once_per_step"
            )
        ]

    def __str__(self):
        return f"{self.pledge.code} · {self.get_channel_display()} · {self.step_display}"

    @property
    def step_display(self):
        """ "overdue:2026-11-15:2" → "Overdue, reminder 2", in the reader's language."""
        return step_label(self.step)


def step_label(step):
    kind, _sep, rest = step.partition(":")
    if kind == "before":
        return _("Before the due date")
    if kind == "due":
        return _("On the due date")
    if kind == "overdue":
        return _("Overdue, reminder %(number)s") % {"number": rest.rpartition(":")[2]}
    if kind == "manual":
        return _("Sent by hand")
    return step


class ReminderOptOut(models.Model):
    """A donor who asked, through the link in a reminder, to receive no more reminders."""

    donor = models.OneToOneField(
        "donations.Donor",
        verbose_name=_("donor"),
        on_delete=models.CASCADE,
        related_name="reminder_opt_out",
    )
    created_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self):
        return str(self.donor)
