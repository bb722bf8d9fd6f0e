"""The refund action of the online gifts admin: amount and reason, then giving.services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from giving.models import OnlineGift, RefundStatus
from giving.services import refund_gift, refundable_amount
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


class RefundView(WagtailAdminTemplateMixin, FormView):
    form_class = RefundForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("Refund through VNPay")
    header_icon = "undo"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("giving.refund_onlinegift"):
            raise PermissionDenied
        self.object = get_object_or_404(
            OnlineGift.objects.select_related("receipt", "campaign"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    @property
    def back_url(self):
        return reverse("online_gifts:inspect", args=[self.object.pk])

    def get_page_subtitle(self):
        left = format_vnd(refundable_amount(self.object))
        return _("%(gift)s · can still be refunded: %(left)s") % {
            "gift": self.object,
            "left": left,
        }

    def get_initial(self):
        return {"amount": refundable_amount(self.object)}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("online_gifts:index"), "label": _("Online gifts")},
            {"url": self.back_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=_("Ask VNPay to refund"),
            object=self.object,
        )
        return context

    def form_valid(self, form):
        try:
            refund = refund_gift(
                self.object,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                user=self.request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                for message in error.messages:
                    form.add_error(None, message)
            return self.form_invalid(form)
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
        return redirect(self.back_url)
