"""Online gifts in the Wagtail admin, for Front staff only: list, inspect, refund.

Who sees what is decided by model permissions that giving's data migration grants to the Front
staff group alone. Gifts are written by donors and the payment services, never by hand, so the
permission policy refuses add/change/delete to everyone, superusers included.
"""

from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from donations.viewsets import FUND_MENU_HOOK
from giving.admin_views import RefundView
from giving.models import OnlineGift
from sitewide.admin_toolkit import VietnameseInspectMixin
from sitewide.columns import DateTimeColumn, MoneyColumn
from sitewide.formatting import format_datetime, format_vnd


class ReceiptColumn(Column):
    def get_value(self, instance):
        return instance.receipt.number if instance.receipt_id else "—"


class GiftIndexView(generic.IndexView):
    def get_base_queryset(self):
        return OnlineGift.objects.select_related("campaign", "receipt")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        from django.db.models import Q

        query = self.search_query.strip()
        return queryset.filter(
            Q(payment_code=query.upper())
            | Q(txn_ref=query)
            | Q(transaction_no=query)
            | Q(receipt__number=query.upper())
            | Q(donor_name__icontains=query)
            | Q(email__iexact=query)
            | Q(phone__contains=query)
        )

    def get_edit_url(self, instance):
        return reverse("online_gifts:inspect", args=[instance.pk])


class GiftInspectView(VietnameseInspectMixin, generic.InspectView):
    template_name = "giving/admin/gift_inspect.html"

    def get_object(self, queryset=None):
        return OnlineGift.objects.select_related("campaign", "receipt", "bank_account").get(
            pk=self.pk
        )

    def get_amount_display_value(self):
        return format_vnd(self.object.amount)

    def get_receipt_display_value(self):
        receipt = self.object.receipt
        return receipt.number if receipt else "—"

    def get_created_at_display_value(self):
        return format_datetime(self.object.created_at)

    def get_paid_at_display_value(self):
        return format_datetime(self.object.paid_at)

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm("giving.refund_onlinegift") and self.object.is_vnpay:
            buttons.append(
                Button(
                    _("Refund through VNPay"),
                    url=reverse("online_gifts:refund", args=[self.object.pk]),
                    icon_name="undo",
                    priority=30,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refunds"] = self.object.refunds.select_related(
            "created_by", "reversed_receipt", "kept_receipt"
        )
        return context


class OnlineGiftViewSet(ModelViewSet):
    model = OnlineGift
    name = "online_gifts"
    icon = "pick"
    # An item of the ledger's "Fund" menu, beside receipts and donors, not a menu of its own.
    menu_hook = FUND_MENU_HOOK
    menu_order = 300
    menu_label = _("Online gifts")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = GiftIndexView
    inspect_view_class = GiftInspectView
    # Add and edit views exist in ModelViewSet but the permission policy refuses them to all.
    form_fields = ["message"]
    search_backend_name = None
    search_fields = ["payment_code"]
    list_filter = ["status", "method", "campaign"]
    list_display = [
        "payment_code",
        DateTimeColumn("created_at", label=capfirst(_("created at"))),
        "campaign",
        "method",
        MoneyColumn("amount", label=capfirst(_("amount"))),
        "status",
        ReceiptColumn("receipt", label=capfirst(_("receipt"))),
    ]
    inspect_view_fields = [
        "campaign",
        "method",
        "amount",
        "status",
        "payment_code",
        "txn_ref",
        "receipt",
        "disclosure",
        "donor_name",
        "consent",
        "phone",
        "email",
        "message",
        "transaction_no",
        "response_code",
        "transaction_status",
        "bank_code",
        "bank_account",
        "ip_address",
        "created_at",
        "paid_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("refund/<int:pk>/", RefundView.as_view(), name="refund"),
        ]


online_gift_viewset = OnlineGiftViewSet()
