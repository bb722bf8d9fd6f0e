"""Actions on one receipt: allocate to pledges, reverse, reverse an allocation, change how the
gift is shown, print the confirmation of donation. Each calls a service and goes back to the
receipt's page.

A reversed receipt offers none of them: its page hides the buttons, and an action's URL reached
anyway (an old tab, a typed address) goes back to the receipt with a message; the services
refuse too, under the receipt's lock, should two people act at once.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from donations.models import Allocation, Disclosure, Pledge, Receipt
from donations.reports import confirmation
from donations.services import (
    allocate,
    change_disclosure,
    reverse_allocation,
    reverse_receipt,
    unallocated_amount,
)
from sitewide.admin_toolkit import ObjectActionView, RequirePermissionMixin
from sitewide.formatting import format_vnd
from sitewide.forms import MoneyField

from .base import ReasonForm, scoped_receipts


class OpenReceiptOnlyMixin:
    """For an ObjectActionView on a receipt: another fund's receipt is not found; refused, with
    a message, once it is reversed."""

    def get_queryset(self):
        return scoped_receipts(self.request.user)

    def refused(self):
        if not self.object.is_reversed:
            return None
        messages.error(
            self.request,
            _("Receipt %(number)s is reversed: it can no longer be allocated, reversed or changed.")
            % {"number": self.object.number},
        )
        return redirect(self.back_url)

    def get(self, request, *args, **kwargs):
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused() or super().post(request, *args, **kwargs)


class PledgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, pledge):
        return _("%(code)s · %(donor)s · %(amount)s (outstanding %(outstanding)s)") % {
            "code": pledge.code,
            "donor": pledge.donor,
            "amount": format_vnd(pledge.amount),
            "outstanding": format_vnd(pledge.outstanding),
        }


class AllocateForm(forms.Form):
    pledge = PledgeChoiceField(label=_("Pledge"), queryset=Pledge.objects.none())
    amount = MoneyField(
        label=_("Amount (đồng)"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for what the pledge still owes, within what is left."),
    )

    other_donors_confirmed = forms.BooleanField(
        label=_("The transfer pays pledges of different donors"),
        required=False,
        help_text=_(
            "Tick only when this receipt is already allocated to another donor's pledge and "
            "the payer confirmed that one transfer pays for several donors."
        ),
    )

    def __init__(self, *args, receipt, **kwargs):
        super().__init__(*args, **kwargs)
        self.receipt = receipt
        self.allocated_donors = {
            allocation.pledge.donor_id: allocation.pledge.donor
            for allocation in receipt.allocations.filter(reversal__isnull=True).select_related(
                "pledge__donor"
            )
        }
        if not self.allocated_donors:
            del self.fields["other_donors_confirmed"]
        pledges = (
            Pledge.objects.active()
            .filter(fund_id=receipt.fund_id, campaign_id=receipt.campaign_id)
            .with_paid()
            .select_related("donor")
            .order_by("-outstanding", "code")
        )
        if receipt.donor_id:
            pledges = pledges.filter(donor_id=receipt.donor_id)
        self.fields["pledge"].queryset = pledges

    def clean(self):
        cleaned = super().clean()
        pledge = cleaned.get("pledge")
        others = [
            donor
            for donor_id, donor in self.allocated_donors.items()
            if pledge is not None and donor_id != pledge.donor_id
        ]
        if others and not cleaned.get("other_donors_confirmed"):
            # On the checkbox, where it is seen (the generic form lists no form-wide errors).
            self.add_error(
                "other_donors_confirmed",
                _(
                    "Receipt %(number)s already pays a pledge of %(others)s, and pledge "
                    "%(code)s is %(donor)s's: one transfer usually comes from one donor. Check "
                    "the transfer, then tick this box to allocate it anyway."
                )
                % {
                    "number": self.receipt.number,
                    "others": ", ".join(str(donor) for donor in others),
                    "code": pledge.code,
                    "donor": pledge.donor,
                },
            )
        return cleaned


class AllocateView(OpenReceiptOnlyMixin, ObjectActionView):
    model = Receipt
    form_class = AllocateForm
    required_permissions = ("donations.add_allocation",)
    page_title = _("Allocate to a pledge")
    submit_button_label = _("Allocate")
    success_message = _("Receipt %(object)s allocated.")
    back_url_name = "receipt:inspect"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "receipt": self.object}

    def get_page_subtitle(self):
        return _("%(receipt)s · not yet allocated: %(left)s") % {
            "receipt": self.object,
            "left": format_vnd(unallocated_amount(self.object)),
        }

    def perform(self, form):
        allocate(
            self.object,
            form.cleaned_data["pledge"],
            form.cleaned_data.get("amount"),
            user=self.request.user,
        )


class ReverseReceiptView(OpenReceiptOnlyMixin, ObjectActionView):
    model = Receipt
    form_class = ReasonForm
    required_permissions = ("donations.add_reversal",)
    page_title = _("Reverse receipt")
    submit_button_label = _("Reverse this receipt")
    success_message = _("Receipt %(object)s reversed; it no longer counts.")
    back_url_name = "receipt:inspect"

    def perform(self, form):
        reverse_receipt(self.object, reason=form.cleaned_data["reason"], user=self.request.user)


class ReverseAllocationView(ObjectActionView):
    model = Allocation
    form_class = ReasonForm
    required_permissions = ("donations.add_reversal",)
    page_title = _("Reverse allocation")
    submit_button_label = _("Reverse this allocation")
    success_message = _("Allocation reversed.")
    back_url_name = "receipt:inspect"

    def get_queryset(self):
        return Allocation.objects.filter(
            receipt__in=scoped_receipts(self.request.user)
        ).select_related("receipt", "pledge", "reversal")

    @property
    def back_url(self):
        from django.urls import reverse

        return reverse(self.back_url_name, args=[self.object.receipt_id])

    def refused(self):
        if not self.object.is_reversed:
            return None
        messages.error(self.request, _("This allocation is already reversed."))
        return redirect(self.back_url)

    def get(self, request, *args, **kwargs):
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused() or super().post(request, *args, **kwargs)

    def get_page_subtitle(self):
        return (
            f"{self.object.receipt} → {self.object.pledge.code}: {format_vnd(self.object.amount)}"
        )

    def perform(self, form):
        reverse_allocation(self.object, reason=form.cleaned_data["reason"], user=self.request.user)


class DisclosureForm(forms.Form):
    disclosure = forms.ChoiceField(label=_("Shown in public as"), choices=Disclosure.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the donor withdrew consent by phone on 20/10/2026."),
    )


class ChangeDisclosureView(OpenReceiptOnlyMixin, ObjectActionView):
    model = Receipt
    form_class = DisclosureForm
    required_permissions = ("donations.add_receipt",)
    page_title = _("Change how the gift is shown")
    success_message = _("Public display of %(object)s changed.")
    back_url_name = "receipt:inspect"

    def get_initial(self):
        return {"disclosure": self.object.disclosure}

    def perform(self, form):
        change_disclosure(
            self.object,
            form.cleaned_data["disclosure"],
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


def confirmed_receipt(pk, user):
    receipt = get_object_or_404(
        scoped_receipts(user).select_related(
            "donor", "campaign", "fund", "fund__area", "bank_account", "reversal"
        ),
        pk=pk,
    )
    if receipt.is_reversed:
        raise Http404("A reversed receipt has no confirmation.")
    return receipt


class PrintConfirmationView(RequirePermissionMixin, TemplateView):
    """Giấy xác nhận ủng hộ: a printable page (A4) a business files with its accounts."""

    required_permissions = ("donations.view_receipt",)
    template_name = confirmation.TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        receipt = confirmed_receipt(kwargs["pk"], self.request.user)
        context.update(confirmation.confirmation_context(receipt, self.request))
        return context


class ConfirmationPdfView(RequirePermissionMixin, View):
    """The same confirmation as a PDF file, to e-mail or archive."""

    required_permissions = ("donations.view_receipt",)

    def get(self, request, pk):
        receipt = confirmed_receipt(pk, request.user)
        try:
            pdf = confirmation.confirmation_pdf(receipt, request)
        except confirmation.PdfUnavailable:
            messages.error(
                request,
                _(
                    "This server cannot make PDF files (WeasyPrint or the system's Pango is "
                    "missing): print the confirmation and choose “Save as PDF” instead."
                ),
            )
            return redirect("receipt:inspect", pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="giay-xac-nhan-{receipt.number}.pdf"'
        )
        return response
