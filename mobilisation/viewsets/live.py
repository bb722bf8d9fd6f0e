"""Live entry at a ceremony: one field finds the donor (typed without diacritics, or a phone or
tax code) or names a new one, the amount is typed the Vietnamese way (150.000.000), and the
pledge goes on the stage screen at once.

No script: when the field matches exactly one donor by name (or phone, or tax code) the pledge is
recorded straight away; otherwise the same form comes back with the donors it may mean and "a new
donor" to choose from, everything typed kept.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from donations.models import Donor, DonorKind, SupportType
from donations.models.donors import normalise_phone, tax_code_validator
from mobilisation.services.ceremonies import announce_pledge, ceremony_pledges, new_donor
from mobilisation.services.donors import candidates
from sitewide.admin_toolkit import add_service_errors
from sitewide.formatting import format_vnd
from sitewide.forms import DateField, MoneyField
from sitewide.models import Area
from sitewide.text import fold

from .base import CeremonyScreen

NEW = "new"


class LiveEntryForm(forms.Form):
    query = forms.CharField(
        label=_("Unit or person"),
        max_length=200,
        help_text=_("Type the name without diacritics if faster, or a phone or tax code."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    amount = MoneyField(label=_("Amount (đồng)"), min_value=1)
    goods_description = forms.CharField(
        label=_("Goods (for a pledge in kind)"), max_length=300, required=False
    )
    due_on = DateField(label=_("Due on"), required=False)
    earmark_area = forms.ModelChoiceField(
        label=_("Earmarked for commune"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("When the unit adopts a commune, e.g. 10 houses in xã A Dơi."),
    )
    earmark_support_type = forms.ChoiceField(
        label=_("Support type"), choices=[("", "—"), *SupportType.choices], required=False
    )
    earmark_label = forms.CharField(
        label=_("Earmark, in the unit's words"), max_length=200, required=False
    )
    donor = forms.ChoiceField(label=_("Which donor?"), required=False, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Name of a new donor"),
        max_length=200,
        required=False,
        help_text=_("As the stage screen and the board will show it, with diacritics."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of a new donor"),
        choices=DonorKind.choices,
        initial=DonorKind.BUSINESS,
        required=False,
    )
    phone = forms.CharField(label=_("Phone of a new donor"), max_length=20, required=False)
    tax_code = forms.CharField(
        label=_("Tax code of a new donor"),
        max_length=14,
        required=False,
        validators=[tax_code_validator],
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].choices = choices
        self.fields["earmark_area"].queryset = (
            Area.objects.current().filter(level=Area.Level.COMMUNE).order_by("name")
        )

    def clean_donor(self):
        value = self.cleaned_data.get("donor") or ""
        if value and value != NEW and not value.isdigit():
            raise ValidationError(_("Choose one of the donors listed."))
        return value


def exact_match(query, found):
    """The one donor the query names without doubt: same name folded, same phone or tax code."""
    folded = fold(query.strip())
    phone = normalise_phone(query)
    exact = [
        donor
        for donor in found
        if donor.name_folded == folded
        or (len(phone) >= 9 and donor.phone == phone)
        or donor.tax_code == query.strip()
    ]
    return exact[0] if len(exact) == 1 else None


class LiveEntryView(CeremonyScreen, FormView):
    required_permissions = (
        "mobilisation.view_ceremony",
        "mobilisation.add_ceremonypledge",
        "donations.add_pledge",
        "donations.add_donor",
    )
    template_name = "mobilisation/admin/live_entry.html"
    page_title = _("Live entry")
    form_class = LiveEntryForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.found = []
        if self.request.method == "POST":
            self.found = candidates(self.request.POST.get("query", ""))
        kwargs["choices"] = [
            *[(str(donor.pk), self.describe(donor)) for donor in self.found],
            (NEW, _("A new donor")),
        ]
        return kwargs

    @staticmethod
    def describe(donor):
        parts = [donor.name, donor.get_kind_display()]
        if donor.tax_code:
            parts.append(_("tax code %(code)s") % {"code": donor.tax_code})
        return " · ".join(str(part) for part in parts)

    def donor_for(self, form):
        """The donor chosen or matched, a new one, or None when staff must choose."""
        data = form.cleaned_data
        choice = data.get("donor")
        if choice == NEW:
            name = (data.get("name") or "").strip() or data["query"].strip()
            phone = normalise_phone(data.get("phone"))
            return new_donor(
                name=name,
                kind=data["kind"] or DonorKind.BUSINESS,
                phone=phone,
                tax_code=data.get("tax_code"),
            )
        if choice:
            return Donor.objects.get(pk=choice) if int(choice) in self.found_ids() else None
        return exact_match(data["query"], self.found)

    def found_ids(self):
        return {donor.pk for donor in self.found}

    def form_valid(self, form):
        data = form.cleaned_data
        if data.get("donor") == NEW and not (data.get("name") or "").strip():
            query = data["query"].strip()
            if query.isascii():  # typed fast: no diacritics, or a phone or tax code
                form.needs_choice = True
                form.add_error(
                    "name",
                    _(
                        "Write the new donor's name in full, with diacritics: it shows on the "
                        "stage screen and the board as written here."
                    ),
                )
                if any(letter.isalpha() for letter in query):
                    form.data = form.data.copy()
                    form.data["name"] = query  # kept as typed: record again to keep it so
                return self.form_invalid(form)
        try:
            donor = self.donor_for(form)
            if donor is None:
                form.needs_choice = True
                if not self.found:
                    form.add_error("donor", _("No donor matches: choose “A new donor”."))
                else:
                    form.add_error("donor", _("Choose the donor, or “A new donor”."))
                    if len(self.found) == 1:  # likely the one: a single tap to confirm
                        form.data = form.data.copy()
                        form.data["donor"] = str(self.found[0].pk)
                return self.form_invalid(form)
            goods = (data.get("goods_description") or "").strip()
            pledge = announce_pledge(
                self.ceremony,
                donor=donor,
                amount=data["amount"],
                user=self.request.user,
                due_on=data.get("due_on"),
                in_kind=bool(goods),
                goods_description=goods,
                earmark_area=data.get("earmark_area"),
                earmark_support_type=data.get("earmark_support_type") or "",
                earmark_label=data.get("earmark_label") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Pledge %(code)s recorded: %(donor)s, %(amount)s.")
            % {"code": pledge.code, "donor": donor.name, "amount": format_vnd(pledge.amount)},
        )
        return redirect("ceremony:live", self.ceremony.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledges = list(ceremony_pledges(self.ceremony))
        context.update(
            recent=pledges[::-1][:15],
            total=sum(p.amount for p in pledges if not p.is_cancelled),
            count=sum(1 for p in pledges if not p.is_cancelled),
            needs_choice=getattr(context["form"], "needs_choice", False),
        )
        return context
