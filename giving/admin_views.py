"""The refund action of the online gifts admin: amount and reason, then giving.services."""

from django import forms
from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giving.models import OnlineGift, RefundStatus
from giving.services import refund_gift, refundable_amount
from sitewide.admin_toolkit import ObjectActionView
from sitewide.formatting import format_vnd
from sitewide.forms import MoneyField


class RefundForm(forms.Form):
    amount = MoneyField(
        label=gettext_lazy("Amount to refund (đồng)"),
        min_value=1,
        help_text=gettext_lazy("The whole amount for a full refund, less for a partial one."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the reversal in the ledger and shown to other staff."),
    )


class RefundView(ObjectActionView):
    form_class = RefundForm
    required_permissions = ("giving.refund_onlinegift",)
    page_title = gettext_lazy("Refund through VNPay")
    header_icon = "undo"
    submit_button_label = gettext_lazy("Ask VNPay to refund")
    back_url_name = "online_gifts:inspect"
    breadcrumbs_items = [
        *ObjectActionView.breadcrumbs_items,
        {"url": reverse_lazy("online_gifts:index"), "label": gettext_lazy("Online gifts")},
    ]

    def get_queryset(self):
        return OnlineGift.objects.select_related("receipt", "campaign")

    def get_page_subtitle(self):
        left = format_vnd(refundable_amount(self.object))
        return _("%(gift)s · can still be refunded: %(left)s") % {
            "gift": self.object,
            "left": left,
        }

    def get_initial(self):
        return {"amount": refundable_amount(self.object)}

    def perform(self, form):
        return refund_gift(
            self.object,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            user=self.request.user,
        )

    def report(self, refund):
        if refund.status == RefundStatus.DONE:
            messages.success(
                self.request,
                _("VNPay accepted the refund of %(amount)s; the receipt is reversed.")
                % {"amount": format_vnd(refund.amount)},
            )
        else:
            messages.error(
                self.request,
                _("VNPay did not refund: %(message)s Nothing was changed in the ledger.")
                % {"message": refund.gateway_message},
            )
