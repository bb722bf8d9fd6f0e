"""Money and dates as Vietnamese people type them: one form field of each for the whole site.

Wagtail's admin takes them for every model form (register_admin_form_fields, called when the
site starts); the ledger's, reconciliation's and giving's own forms, the public forms and the
admin's filters (sitewide/filters.py) declare them.

Money is whole đồng: "150.000.000", "150 000 000" and "150,000,000" are read as 150000000;
"1,5" (a comma is also the decimal mark) and "150.000,5" are refused on the field, never
guessed (sitewide.formatting.parse_money). The field shows what it understood: after an error
elsewhere on the form "150000000" comes back as "150.000.000", and an amount it could not read
comes back as typed, beside its error.

Dates are typed dd/mm/yyyy (d/m/yyyy and ISO too), date-times dd/mm/yyyy HH:MM: the input
formats of sitewide/formats/vi/formats.py, which Wagtail's date pickers also write
(WAGTAIL_DATE_FORMAT, WAGTAIL_DATETIME_FORMAT in the settings). A date that cannot be read is an
error on its field, never another date.

Not done: amounts with a decimal part or in another currency; the ledger holds neither.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sitewide.formatting import MoneyFormatError, group_thousands, parse_money

MONEY_HINT = _("Whole đồng, with dots or spaces between thousands if you like: 150.000.000.")
EARLIEST_YEAR = 1900  # "17/10/0026" is a slip of the finger, not a date of the Fund's


class MoneyInput(forms.TextInput):
    """A text box (a number box refuses the dots) showing an amount grouped, 150.000.000, or
    as typed when it cannot be read (a negative amount included)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        try:
            return group_thousands(parse_money(str(value)))
        except MoneyFormatError:
            return str(value)


class MoneyField(forms.IntegerField):
    """Whole đồng, typed with or without thousands separators. ``hint`` adds MONEY_HINT after
    any help text given (filters leave it out)."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Type the amount in whole đồng, e.g. 150.000.000."),
        "decimal": _("An amount is whole đồng, without a decimal part."),
        "ambiguous": _(
            "“%(value)s” can be read two ways, since a comma also marks decimals. Type whole "
            "đồng with dots between thousands, e.g. 1.500.000."
        ),
        "negative": _("The amount cannot be negative."),
        "too_large": _("This amount is too large: check its number of digits."),
    }

    def __init__(self, *, allow_negative=False, hint=True, help_text="", **kwargs):
        self.allow_negative = allow_negative
        if hint:
            help_text = format_lazy("{} {}", help_text, MONEY_HINT) if help_text else MONEY_HINT
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_money(str(value), allow_negative=self.allow_negative)
        except MoneyFormatError as error:
            code = "invalid" if error.code == "format" else error.code
            raise ValidationError(
                self.error_messages[code], code=code, params={"value": str(value).strip()}
            ) from None


class _ReadsVietnameseDates:
    """Refuses a year before EARLIEST_YEAR, and shows a date it could read as dd/mm/yyyy
    whatever way it was typed (7/1/2026 or 2026-01-07 come back as 07/01/2026)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and value.year < EARLIEST_YEAR:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value

    def prepare_value(self, value):
        if isinstance(value, str):
            try:
                value = self.to_python(value)
            except ValidationError:
                return value
        return super().prepare_value(value)


class DateField(_ReadsVietnameseDates, forms.DateField):
    default_error_messages = {
        "invalid": _("Type the date as day/month/year, e.g. 17/10/2026."),
    }


class DateTimeField(_ReadsVietnameseDates, forms.DateTimeField):
    default_error_messages = {
        "invalid": _(
            "Type the date and time as day/month/year hour:minute, e.g. 17/10/2026 14:30."
        ),
    }


def register_admin_form_fields():
    """Make Wagtail's model forms (pages, snippets, viewsets) build these fields.

    Every editable PositiveBigIntegerField of the project is an amount in đồng (counts are
    PositiveIntegerField); tests/test_vn_amounts.py keeps it so."""
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DateField, override={"form_class": DateField, "widget": widgets.AdminDateInput}
    )
    register_form_field_override(
        models.DateTimeField,
        override={"form_class": DateTimeField, "widget": widgets.AdminDateTimeInput},
    )
    register_form_field_override(
        models.PositiveBigIntegerField, override={"form_class": MoneyField}
    )
