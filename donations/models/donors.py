"""People and organisations who give. Their contact details are seen only by Front staff."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitewide.text import fold, mask_name, nfc

from .mixins import Disclosure

_NOT_DIGITS = re.compile(r"\D+")
# "Gia đình ông Phạm Đức Long": the family word stays, the person's name is shortened.
_HOUSEHOLD_PREFIX = re.compile(r"^((?:gia đình|hộ)(?: (?:ông|bà|anh|chị|cô|chú))?) (.+)$", re.I)

tax_code_validator = RegexValidator(
    r"^\d{10}(-\d{3})?$", _("A tax code has 10 digits, or 10 digits, a dash and 3 digits.")
)


def normalise_phone(raw):
    """Digits only, with the +84 country prefix turned into the domestic leading 0."""
    digits = _NOT_DIGITS.sub("", raw or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


class DonorKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    HOUSEHOLD = "household", _("Household")
    BUSINESS = "business", _("Business")
    ORGANISATION = "organisation", _("Organisation or agency")
    OVERSEAS = "overseas", _("Overseas Vietnamese")


ORGANISATION_KINDS = {DonorKind.BUSINESS, DonorKind.ORGANISATION}


class DonorQuerySet(models.QuerySet):
    def search_text(self, query):
        """Donors whose name (typed with or without diacritics), phone or tax code match."""
        query = (query or "").strip()
        if not query:
            return self
        condition = models.Q(name_folded__contains=fold(query))
        condition |= models.Q(organisation_folded__contains=fold(query))
        digits = _NOT_DIGITS.sub("", query)
        if len(digits) >= 4:
            condition |= models.Q(phone__contains=normalise_phone(query))
            condition |= models.Q(tax_code__startswith=query)
        return self.filter(condition)


class Donor(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DonorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For a person giving on behalf of a unit: the unit's name."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    tax_code = models.CharField(
        _("tax code"), max_length=14, blank=True, db_index=True, validators=[tax_code_validator]
    )
    area = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donors",
    )
    public_display = models.CharField(
        _("shown in public as"),
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.ANONYMOUS,
        help_text=_("The donor's consent; used as the default for each new gift."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True, default="")
    organisation_folded = models.CharField(max_length=200, editable=False, default="")

    objects = DonorQuerySet.as_manager()

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name_folded", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalise()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_folded", "organisation_folded"}
        super().save(*args, **kwargs)

    def normalise(self):
        """What save() does to the fields before writing; call it before a bulk_create."""
        self.name = nfc(self.name).strip()
        self.organisation = nfc(self.organisation).strip()
        self.phone = normalise_phone(self.phone)
        self.name_folded = fold(self.name)
        self.organisation_folded = fold(self.organisation)

    @property
    def is_organisation(self):
        return self.kind in ORGANISATION_KINDS

    def public_name(self, disclosure):
        """The name to publish under the given choice; "" means "Nhà hảo tâm ẩn danh"."""
        if disclosure == Disclosure.FULL_NAME:
            return self.name
        if disclosure == Disclosure.MASKED:
            if self.is_organisation:
                return self.name
            household = _HOUSEHOLD_PREFIX.match(self.name)
            if household:
                return f"{household.group(1)} {mask_name(household.group(2))}"
            return mask_name(self.name)
        if disclosure == Disclosure.ORGANISATION:
            if self.organisation:
                return self.organisation
            return self.name if self.is_organisation else ""
        return ""
