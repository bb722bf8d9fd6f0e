"""The queue's actions on one line: confirm a pledge, split, attach to a donor, record as an
unidentified gift, mark as not a donation, reverse a decision. Each is a small form calling one
service of reconciliation.services, then back to the line's page."""

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignPage
from donations.models import Disclosure, Pledge
from sitewide.forms import MoneyField

from ..models import Decision, NotDonationReason
from ..services import (
    attach_to_donor,
    confirm_pledge,
    mark_not_donation,
    record_unidentified,
    reverse_decision,
    split_line,
)
from ..suggestions import suggest
from .base import LineActionView
from .choosers import donor_chooser_viewset

SPLIT_ROWS = 5


def _pledge_by_code(line, code, field):
    code = (code or "").strip().upper()
    pledge = (
        Pledge.objects.filter(code=code, fund_id=line.bank_account.fund_id)
        .select_related("donor", "campaign")
        .first()
    )
    if pledge is None:
        raise forms.ValidationError(
            {field: _("No pledge of this fund has the payment code %(code)s.") % {"code": code}}
        )
    return pledge


def _campaign_field(line):
    return forms.ModelChoiceField(
        label=_("Campaign"),
        required=False,
        queryset=CampaignPage.objects.filter(
            ledger_fund__fund_id=line.bank_account.fund_id
        ).order_by("-start_date", "title"),
        help_text=_("The campaign the money counts for; leave empty for the fund in general."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Payment code"), max_length=12)

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("code"):
            cleaned["pledge"] = _pledge_by_code(self.line, cleaned["code"], "code")
        return cleaned


class ConfirmView(LineActionView):
    """Also the target of the "Confirm" buttons of the line's suggestions (they post a code);
    the queue's "confirm the best suggestion" opens the form with the code filled in
    (``?code=``)."""

    form_class = CodeForm
    page_title = _("Confirm a pledge")
    submit_button_label = _("Confirm")
    success_message = _("Line %(line)s matched to the pledge.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "line": self.line}

    def get_initial(self):
        code = self.request.GET.get("code", "").strip()[:12]
        return {"code": code} if code else {}

    def perform(self, form):
        confirm_pledge(self.line, form.cleaned_data["pledge"], user=self.request.user)


class SplitForm(forms.Form):
    """One transfer shared among pledges. Pledges of different donors are allowed (a company
    paying for its staff, a family for its members) but are rarely right, so the form warns and
    goes on only once staff tick the confirmation."""

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        for index in range(1, SPLIT_ROWS + 1):
            self.fields[f"code_{index}"] = forms.CharField(
                label=_("Payment code %(n)s") % {"n": index}, max_length=12, required=False
            )
            self.fields[f"amount_{index}"] = MoneyField(
                label=_("Amount %(n)s (đồng)") % {"n": index},
                min_value=1,
                required=False,
                hint=index == 1,
            )
        self.fields["different_donors_confirmed"] = forms.BooleanField(
            label=_("This one transfer pays pledges of different donors"),
            required=False,
            help_text=_(
                "Tick only when the pledges belong to different donors and the payer "
                "confirmed that one transfer pays for all of them."
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:  # an amount that could not be read says so on its own row
            return cleaned
        parts = []
        for index in range(1, SPLIT_ROWS + 1):
            code, amount = cleaned.get(f"code_{index}"), cleaned.get(f"amount_{index}")
            if not code and amount is None:
                continue
            if not code or amount is None:
                raise forms.ValidationError(_("Give both a payment code and an amount per row."))
            parts.append((_pledge_by_code(self.line, code, f"code_{index}"), amount))
        if len(parts) < 2:
            raise forms.ValidationError(_("A split needs at least two pledges."))
        donors = {pledge.donor_id for pledge, _amount in parts}
        if len(donors) > 1 and not cleaned.get("different_donors_confirmed"):
            pledges = ", ".join(f"{pledge.code} ({pledge.donor})" for pledge, _amount in parts)
            raise forms.ValidationError(
                _(
                    "These pledges belong to different donors: %(pledges)s. One transfer "
                    "usually comes from one donor: check the transfer's memo and payer, then "
                    "tick the box below to split it anyway."
                )
                % {"pledges": pledges}
            )
        cleaned["parts"] = parts
        return cleaned


class SplitView(LineActionView):
    form_class = SplitForm
    page_title = _("Split across pledges")
    submit_button_label = _("Split")
    success_message = _("Line %(line)s split across the pledges.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "line": self.line}

    def get_initial(self):
        initial = {}
        for index, suggestion in enumerate(suggest(self.line, limit=SPLIT_ROWS), start=1):
            initial[f"code_{index}"] = suggestion.pledge.code
            initial[f"amount_{index}"] = suggestion.outstanding
        return initial

    def perform(self, form):
        split_line(self.line, form.cleaned_data["parts"], user=self.request.user)


class DonorForm(forms.Form):
    disclosure = forms.ChoiceField(
        label=_("Shown in public as"),
        required=False,
        choices=[("", _("As the donor chose")), *Disclosure.choices],
    )

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "donor": forms.ModelChoiceField(
                label=_("Donor"),
                queryset=donor_chooser_viewset.model.objects.all(),
                widget=donor_chooser_viewset.widget_class(),
            ),
            "campaign": _campaign_field(line),
            **self.fields,
        }


class AttachDonorView(LineActionView):
    form_class = DonorForm
    page_title = _("Attach to a donor without a pledge")
    submit_button_label = _("Record the gift")
    success_message = _("Line %(line)s recorded as a gift from the donor.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "line": self.line}

    def perform(self, form):
        data = form.cleaned_data
        attach_to_donor(
            self.line,
            data["donor"],
            campaign=data.get("campaign"),
            disclosure=data.get("disclosure") or None,
            user=self.request.user,
        )


class CampaignForm(forms.Form):
    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"] = _campaign_field(line)


class UnidentifiedView(LineActionView):
    form_class = CampaignForm
    page_title = _("Record as an unidentified gift")
    submit_button_label = _("Record from an anonymous donor")
    success_message = _("Line %(line)s recorded as a gift from an anonymous donor.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "line": self.line}

    def perform(self, form):
        record_unidentified(
            self.line, campaign=form.cleaned_data.get("campaign"), user=self.request.user
        )


class NotDonationForm(forms.Form):
    category = forms.ChoiceField(label=_("What the money is"), choices=NotDonationReason.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the line's history and shown to other staff."),
    )


class NotDonationView(LineActionView):
    form_class = NotDonationForm
    page_title = _("Mark as not a donation")
    submit_button_label = _("Mark as not a donation")
    success_message = _("Line %(line)s marked as not a donation.")
    required_permissions = ("reconciliation.add_decision",)

    def perform(self, form):
        mark_not_donation(
            self.line,
            category=form.cleaned_data["category"],
            reason=form.cleaned_data["reason"],
            user=self.request.user,
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the line's history; the receipts are reversed with this reason."),
    )


class ReverseDecisionView(LineActionView):
    form_class = ReasonForm
    page_title = _("Reverse the decision")
    submit_button_label = _("Reverse")
    success_message = _("Decision on line %(line)s reversed; the line is back in the queue.")
    required_permissions = ("reconciliation.add_decision", "donations.add_reversal")

    def look_up(self):
        super().look_up()
        self.decision = get_object_or_404(
            Decision.objects.filter(line=self.line), pk=self.kwargs["decision_pk"]
        )

    def get_page_subtitle(self):
        return f"{self.decision.get_action_display()} · {self.line}"

    def perform(self, form):
        reverse_decision(self.decision, reason=form.cleaned_data["reason"], user=self.request.user)
