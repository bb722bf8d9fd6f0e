"""Support given to households, as the Front staff and the board keep it.

- Beneficiary: a household on a commune's official list (poor, near-poor, newly escaped,
  especially difficult) with its private details (CCCD, phone, address, bank account, the
  reason for support), which only Front staff's screens show, and the household's consent to
  be named in public. ``public_name()`` is what any public page may print.
- SupportLevel: how much a kind of support is worth, set by a decision (number, date, issuer):
  data, not constants, since it differs by province and year.
- Decision: a spending decision (quyết định hỗ trợ) of one fund under one support level, with
  its lines (households and amounts). Proposed by Front staff, approved or returned by the
  Fund's board, never by the one who proposed it. Approved, it is not edited: it is revoked by a
  DecisionRevocation (a new entry with a reason), and only while nothing was paid under it.
  A decision whose support was paid before this ledger was kept (``paid_before_ledger``) is
  recorded for history only: its houses are followed, a story may name it, nothing is paid
  under it here.
- DecisionLine: one household's support under a decision; the ledger's vouchers pay it under
  the authority key "support.decisionline:<pk>" (support.authority).
- House: the house a "new house" or "repair" line pays for, followed approved → started →
  completed → handed over, with dates and photos (HousePhoto) per stage.

Everything is written through support.services, which checks, locks and logs.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from donations.models import SupportType
from sitewide.text import fold, mask_name, nfc

cccd_validator = RegexValidator(r"^\d{12}$", _("A citizen ID (CCCD) number has exactly 12 digits."))

HOUSE_TYPES = (SupportType.HOUSE_NEW, SupportType.HOUSE_REPAIR)


class Category(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    NEWLY_ESCAPED = "newly_escaped", _("Newly escaped poverty")
    ESPECIALLY_DIFFICULT = "especially_difficult", _("Especially difficult circumstances")


class Gender(models.TextChoices):
    MALE = "male", _("Man (ông)")
    FEMALE = "female", _("Woman (bà)")


class Consent(models.TextChoices):
    MASKED = "masked", _("Masked name only (default)")
    FULL_NAME = "full_name", _("Full name")
    PHOTO = "photo", _("Full name and photos")
    STORY = "story", _("Full name, photos and a story")


class BeneficiaryQuerySet(models.QuerySet):
    def search_text(self, query):
        """Households whose head's name (typed with or without diacritics) or CCCD match."""
        query = (query or "").strip()
        if not query:
            return self
        condition = models.Q(name_folded__contains=fold(query))
        if query.isdigit() and len(query) >= 4:
            condition |= models.Q(cccd__startswith=query)
        return self.filter(condition)


class Beneficiary(models.Model):
    head_name = models.CharField(
        _("head of household"), max_length=120, help_text=_("Family name first: Trần Thị Lan.")
    )
    head_gender = models.CharField(_("head is a"), max_length=10, choices=Gender.choices)
    members_count = models.PositiveIntegerField(
        _("members"), default=1, validators=[MinValueValidator(1)]
    )
    commune = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="beneficiaries",
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    list_year = models.PositiveIntegerField(
        _("year of the list"), help_text=_("The year of the commune's official list.")
    )
    # Private: Front staff's screens only; never in a log entry or a public page.
    cccd = models.CharField(
        _("CCCD number"), max_length=12, blank=True, validators=[cccd_validator]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("exact address"), max_length=300, blank=True)
    bank_account = models.CharField(
        _("bank account"), max_length=120, blank=True, help_text=_("Bank and account number.")
    )
    support_reason = models.TextField(
        _("reason for support"),
        blank=True,
        help_text=_("May be about health: sensitive personal data, seen by Front staff only."),
    )
    consent = models.CharField(
        _("consent to be named"), max_length=20, choices=Consent.choices, default=Consent.MASKED
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    # Set when the household's private details were erased at its request (the reason and the
    # person are in the audit log); the name stays, as the decisions and vouchers need it.
    erased_on = models.DateField(_("private details erased on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True, default="")

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary household")
        verbose_name_plural = _("beneficiary households")
        ordering = ["name_folded", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cccd"],
                condition=~models.Q(cccd=""),
                name="beneficiary_unique_cccd",
                violation_error_message=_("Another household already has this CCCD number."),
            )
        ]

    def __str__(self):
        return f"{self.household_title()} – {self.commune.name}"

    def save(self, *args, **kwargs):
        self.head_name = " ".join(nfc(self.head_name).split())
        self.name_folded = fold(self.head_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def household_word(self):
        return "Hộ bà" if self.head_gender == Gender.FEMALE else "Hộ ông"

    def household_title(self):
        """The full form, for staff: "Hộ bà Trần Thị Lan"."""
        return f"{self.household_word()} {self.head_name}"

    household_title.short_description = _("Household")

    @property
    def names_in_public(self):
        return self.consent != Consent.MASKED

    def public_name(self):
        """What a public page prints: "Hộ bà Trần T. L.", or the full form with consent."""
        if self.names_in_public:
            return self.household_title()
        return f"{self.household_word()} {mask_name(self.head_name)}"


class SupportLevel(models.Model):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("E.g. Xây mới nhà Đại đoàn kết (2025).")
    )
    support_type = models.CharField(_("support type"), max_length=20, choices=SupportType.choices)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    unit = models.CharField(
        _("per"), max_length=30, default="hộ", help_text=_("E.g. hộ, căn, suất, thẻ.")
    )
    province = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decision_number = models.CharField(_("set by decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(
        _("issued by"), max_length=200, help_text=_("E.g. Ban Thường trực Ủy ban MTTQ tỉnh.")
    )

    class Meta:
        verbose_name = _("support level")
        verbose_name_plural = _("support levels")
        ordering = ["-valid_from", "name"]

    def __str__(self):
        from sitewide.formatting import format_vnd

        return f"{self.name}: {format_vnd(self.amount)}/{self.unit}"

    @property
    def is_house(self):
        return self.support_type in HOUSE_TYPES


class DecisionQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Decision.Status.PROPOSED)


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Waiting for approval")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", pgettext_lazy("decision", "Approved")

    fund = models.ForeignKey(
        "donations.Fund", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    support_level = models.ForeignKey(
        SupportLevel,
        verbose_name=_("support level"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    title = models.CharField(_("content"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason returned"), blank=True)
    # Support given and paid before the Fund's books were kept here (e.g. a house built in
    # 2022): the decision is recorded for history, and the ledger refuses any voucher under it.
    paid_before_ledger = models.BooleanField(
        _("paid before the ledger"),
        default=False,
        help_text=_(
            "The support was paid before the Fund's books were kept here: the decision is "
            "recorded for history and nothing is paid under it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Kept by support.funding: the lines (count, sum) frozen at approval, and how many of them
    # the vouchers that count pay in full, moved by each voucher and reversal.
    line_count = models.PositiveIntegerField(_("households"), default=0, editable=False)
    line_total = models.PositiveBigIntegerField(_("total (đồng)"), default=0, editable=False)
    lines_funded = models.PositiveIntegerField(_("paid in full"), default=0, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("spending decision")
        verbose_name_plural = _("spending decisions")
        ordering = ["-created_at", "-id"]
        permissions = [("approve_decision", "Can approve or return spending decisions")]
        constraints = [
            # Numbers start again each year ("12/QĐ-BVĐ" of 2025 and of 2026).
            models.UniqueConstraint(
                models.F("fund"),
                models.F("number"),
                ExtractYear("decided_on"),
                condition=~models.Q(number=""),
                name="decision_unique_number_per_fund_year",
                violation_error_message=_(
                    "This fund already has a decision with this number this year."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (
                    models.Q(approved_by__isnull=False)
                    & ~models.Q(approved_by=models.F("proposed_by"))
                ),
                name="decision_approved_by_another",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"{self.number}: {self.title}"
        return self.title

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.PROPOSED, self.Status.RETURNED)

    def revocation_or_none(self):
        try:
            return self.revocation
        except DecisionRevocation.DoesNotExist:
            return None

    @property
    def status_label(self):
        if self.revocation_or_none() is not None:
            return pgettext_lazy("decision", "Revoked")
        return self.get_status_display()

    def label(self):
        """As printed on a voucher: "Quyết định số 12/QĐ-BVĐ ngày 05/11/2025"."""
        from sitewide.formatting import format_date

        return f"Quyết định số {self.number} ngày {format_date(self.decided_on)}"


class DecisionRevocation(models.Model):
    """Undoes an approved decision on which nothing is paid; the decision stays, marked."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="revocation"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(pgettext_lazy("decision", "revoked at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("revocation of a decision")
        verbose_name_plural = _("revocations of decisions")

    def __str__(self):
        return str(self.decision)


AUTHORITY_PREFIX = "support.decisionline"


class DecisionLine(models.Model):
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="lines"
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_lines",
        help_text=_("A story about this household's support, published with its consent."),
    )

    class Meta:
        verbose_name = _("decision line")
        verbose_name_plural = _("decision lines")
        ordering = ["decision", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "beneficiary"],
                name="decision_line_one_per_household",
                violation_error_message=_("This household is already on the decision."),
            )
        ]

    def __str__(self):
        return f"{self.decision} – {self.beneficiary.household_title()}"

    @property
    def authority_key(self):
        return f"{AUTHORITY_PREFIX}:{self.pk}"


class House(models.Model):
    class Stage(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("decision", "Approved")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        HANDED_OVER = "handed_over", _("Handed over")

    line = models.OneToOneField(
        DecisionLine,
        verbose_name=_("decision line"),
        on_delete=models.PROTECT,
        related_name="house",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPROVED
    )
    approved_on = models.DateField(_("approved on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        ordering = ["-approved_on", "-id"]

    def __str__(self):
        return self.line.beneficiary.household_title()

    def stage_date(self, stage):
        return getattr(self, f"{stage}_on")


class HousePhoto(models.Model):
    house = models.ForeignKey(
        House, verbose_name=_("house"), on_delete=models.CASCADE, related_name="photos"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=House.Stage.choices)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), on_delete=models.PROTECT, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("house photo")
        verbose_name_plural = _("house photos")
        ordering = ["house", "created_at", "id"]

    def __str__(self):
        return f"{self.house} – {self.get_stage_display()}"
