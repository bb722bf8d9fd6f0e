"""Where money belongs: the Fund for the Poor of a level, its bank accounts, its campaigns."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

bin_validator = RegexValidator(r"^\d{6}$", _("A bank BIN is exactly 6 digits."))
account_number_validator = RegexValidator(
    r"^[0-9A-Za-z]{4,19}$", _("An account number is 4 to 19 letters or digits.")
)


class Fund(models.Model):
    """Quỹ Vì người nghèo of one level, run by the Front committee of that area.

    Receipt numbers run per fund and year, and reports roll up commune → province through
    ``parent``.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    area = models.ForeignKey(
        "sitewide.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="funds"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("in use"), default=True)

    # Who issues this fund's confirmations of donation (giấy xác nhận ủng hộ), as printed on
    # them; an empty name or address falls back to the organisation in the site settings.
    committee_name = models.CharField(
        _("Front committee"),
        max_length=200,
        blank=True,
        help_text=_(
            "The committee that issues this fund's confirmations of donation, e.g. Ủy ban Mặt "
            "trận Tổ quốc Việt Nam tỉnh Quảng Trị. Empty: the organisation in the site settings."
        ),
    )
    committee_address = models.CharField(
        _("committee's address"),
        max_length=250,
        blank=True,
        help_text=_("Empty: the address in the site settings."),
    )
    place_name = models.CharField(
        _("place on documents"),
        max_length=100,
        blank=True,
        help_text=_("Written before the date, e.g. Quảng Trị, ngày 20 tháng 10 năm 2026."),
    )
    signing_for = models.CharField(
        _("signs on behalf of"),
        max_length=100,
        blank=True,
        default="TM. Ban Thường trực",
        help_text=_("E.g. TM. Ban Thường trực. Leave empty if the signer signs in their own name."),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=100, blank=True, help_text=_("E.g. Phó Chủ tịch.")
    )
    signer_name = models.CharField(
        _("signer's name"),
        max_length=100,
        blank=True,
        help_text=_("Family name first, as it is signed: e.g. Hoàng Văn Hùng."),
    )

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["level", "name"]

    def __str__(self):
        return self.name


class BankAccount(models.Model):
    """An account of the Fund for the Poor that donors transfer to (shown with a VietQR code)."""

    fund = models.ForeignKey(
        Fund,
        verbose_name=_("fund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_accounts",
    )
    bank_name = models.CharField(_("bank"), max_length=120)
    bank_bin = models.CharField(_("bank BIN"), max_length=6, validators=[bin_validator])
    account_number = models.CharField(
        _("account number"), max_length=19, validators=[account_number_validator]
    )
    holder = models.CharField(_("account holder"), max_length=200)
    branch = models.CharField(_("branch"), max_length=120, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    # Declared here, not on the page, so that campaigns know nothing of the ledger: Front
    # staff choose a campaign's accounts in this form, and the page reads them back through
    # the ledger's template tag (donation_tags.campaign_bank_accounts).
    campaigns = models.ManyToManyField(
        "campaigns.CampaignPage",
        verbose_name=_("campaigns"),
        blank=True,
        related_name="bank_accounts",
        help_text=_(
            "Campaign pages that show this account to donors. Of a campaign's accounts in use, "
            "the first by bank name is where its VietQR codes point."
        ),
    )

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_bin", "account_number"], name="bank_account_unique_per_bank"
            )
        ]

    def __str__(self):
        return f"{self.bank_name} {self.account_number}"


class CampaignFund(models.Model):
    """The fund a campaign page collects into.

    Kept on the ledger's side so the page model stays the editors' business: staff link a
    campaign to its fund once, and every pledge and receipt for the campaign goes there.
    """

    campaign = models.OneToOneField(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="ledger_fund",
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="campaign_links"
    )

    class Meta:
        verbose_name = _("campaign fund")
        verbose_name_plural = _("campaign funds")

    def __str__(self):
        return f"{self.campaign} → {self.fund}"
