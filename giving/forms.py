"""The donate form on a campaign page. Plain HTML: works without JavaScript, keeps what the donor
typed when something is wrong, and says what is wrong in Vietnamese."""

from django import forms
from django.utils.translation import gettext_lazy as _

from donations.models import Disclosure
from donations.models.donors import normalise_phone
from giving import conf
from giving.models import GiftMethod
from sitewide.formatting import format_vnd
from sitewide.forms import MoneyField, MoneyInput

OTHER = "other"
HONEYPOT = "website"


class DonateForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Amount"), widget=forms.RadioSelect, required=False, choices=()
    )
    other_amount = MoneyField(
        label=_("Another amount (đồng)"),
        required=False,
        widget=MoneyInput(attrs={"maxlength": 20}),
    )
    disclosure = forms.ChoiceField(
        label=_("How should we show your gift in public?"),
        widget=forms.RadioSelect,
        choices=Disclosure.choices,
        initial=Disclosure.ANONYMOUS,
    )
    donor_name = forms.CharField(
        label=_("Your name or your organisation's name"),
        required=False,
        max_length=200,
        help_text=_("Needed unless you give anonymously. Published only as you choose above."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my gift is published with the name shown as I chose."),
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only the Fatherland Front's staff see it, to contact you about your gift."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail for the receipt (optional)"),
        required=False,
        help_text=_("We send the receipt there. Never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Message to the organisers (optional)"),
        required=False,
        max_length=500,
        help_text=_("Read by the Front's staff only; not published."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    method = forms.ChoiceField(
        label=_("Pay with"),
        widget=forms.RadioSelect,
        choices=GiftMethod.choices,
        initial=GiftMethod.VNPAY,
    )
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, transfer_available=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [
            *((str(amount), format_vnd(amount)) for amount in conf.preset_amounts()),
            (OTHER, _("Another amount")),
        ]
        if not transfer_available:
            self.fields["method"].choices = [
                choice for choice in GiftMethod.choices if choice[0] != GiftMethod.TRANSFER
            ]

    @property
    def honeypot_field(self):
        return self[HONEYPOT]

    @property
    def visible_fields_but_honeypot(self):
        return [field for field in self if field.name != HONEYPOT]

    def is_spam(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT), "").strip())

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone"))
        if phone and not 8 <= len(phone) <= 15:
            raise forms.ValidationError(_("Check the phone number: 8 to 15 digits."))
        return phone

    def clean_donor_name(self):
        return " ".join(self.cleaned_data.get("donor_name", "").split())

    def _amount(self, cleaned):
        """The amount given, or None when the typed one was refused (its field says why)."""
        preset = cleaned.get("preset") or ""
        typed = str(self["other_amount"].data or "").strip()
        if preset and preset != OTHER:
            if typed:
                chosen = format_vnd(int(preset))
                raise forms.ValidationError(
                    _(
                        "You picked %(chosen)s and also typed an amount. Pick “Another amount” "
                        "to give what you typed, or clear the box."
                    )
                    % {"chosen": chosen},
                    code="two_amounts",
                )
            return int(preset)
        if not typed:
            raise forms.ValidationError(
                _("Choose an amount or type another one."), code="no_amount"
            )
        return cleaned.get("other_amount")

    def clean(self):
        cleaned = super().clean()
        try:
            amount = self._amount(cleaned)
        except forms.ValidationError as error:
            field = "preset" if error.code in {"no_amount", "two_amounts"} else "other_amount"
            self.add_error(field, error)
            return cleaned
        if amount is None:
            return cleaned
        low, high = conf.min_amount(), conf.max_amount()
        if not low <= amount <= high:
            self.add_error(
                "other_amount",
                _("Give between %(low)s and %(high)s.")
                % {"low": format_vnd(low), "high": format_vnd(high)},
            )
        cleaned["amount"] = amount
        disclosure = cleaned.get("disclosure")
        if disclosure and disclosure != Disclosure.ANONYMOUS:
            if not cleaned.get("donor_name"):
                self.add_error(
                    "donor_name", _("Give the name to publish, or choose to give anonymously.")
                )
            if not cleaned.get("consent"):
                self.add_error(
                    "consent", _("Tick the box to agree that the name is published as chosen.")
                )
        return cleaned
