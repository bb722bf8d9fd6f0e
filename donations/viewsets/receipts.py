"""Receipts in the admin: recorded through a form that calls the service, never edited or
deleted; allocated, reversed and printed from the receipt's own page. Every list, page and
action is limited to the funds the user works on (a commune account finds its own only)."""

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from campaigns.models import CampaignPage
from donations.models import Disclosure, Receipt
from donations.services import record_receipt
from sitewide.columns import DateTimeColumn, MoneyColumn
from sitewide.filters import DateFromToRangeFilter

from .base import (
    ScopedObjectMixin,
    ServiceCreateView,
    require_visible_fund,
    scope_fund_field,
    scope_fund_filter,
    scoped_receipts,
)
from .receipt_actions import (
    AllocateView,
    ChangeDisclosureView,
    ConfirmationPdfView,
    PrintConfirmationView,
    ReverseAllocationView,
    ReverseReceiptView,
)


class ReceiptFilterSet(WagtailFilterSet):
    received = DateFromToRangeFilter(
        label=_("Received"),
        method="filter_received",
        widget=DateRangePickerWidget,
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=CampaignPage.objects.order_by("-start_date")
    )
    reversed = django_filters.BooleanFilter(label=_("Reversed"), method="filter_reversed")

    class Meta:
        model = Receipt
        fields = ["channel", "campaign", "fund", "donor_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_fund_filter(self)

    def filter_received(self, queryset, name, value):
        if value and value.start:
            queryset = queryset.filter(received_at__date__gte=value.start)
        if value and value.stop:
            queryset = queryset.filter(received_at__date__lte=value.stop)
        return queryset

    def filter_reversed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(reversal__isnull=not value)


class ReceiptIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scoped_receipts(self.request.user).select_related(
            "donor", "campaign", "fund", "reversal"
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search_text(self.search_query)

    def get_edit_url(self, instance):
        # Receipts have no edit view: the title opens the receipt's page.
        return self.get_inspect_url(instance)


class ReceiptForm(WagtailAdminModelForm):
    disclosure = forms.ChoiceField(
        label=_("Shown in public as"),
        required=False,
        choices=[("", _("As the donor chose (anonymous if unknown)")), *Disclosure.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_fund_field(self)
        self.fields["fund"].required = False
        self.fields["fund"].help_text = _("Leave empty to use the campaign's fund.")
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


TEXT_DETAILS = (
    "receipt_book_number",
    "bank_reference",
    "gateway",
    "gateway_reference",
    "goods_description",
    "goods_unit",
    "payer_name",
    "memo",
    "note",
)


class ReceiptCreateView(ServiceCreateView):
    def call_service(self, data):
        require_visible_fund(self.request.user, data.get("fund"), data.get("campaign"))
        details = {field: data.get(field) or "" for field in TEXT_DETAILS}
        details.update(
            bank_account=data.get("bank_account"), goods_quantity=data.get("goods_quantity")
        )
        return record_receipt(
            channel=data["channel"],
            amount=data["amount"],
            received_at=data["received_at"],
            fund=data.get("fund"),
            campaign=data.get("campaign"),
            donor=data.get("donor"),
            disclosure=data.get("disclosure") or None,
            user=self.request.user,
            **details,
        )


class ReceiptInspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "donations/admin/receipt_inspect.html"
    scope = scoped_receipts
    related = ("donor", "campaign", "fund", "bank_account", "area", "recorded_by", "corrects")

    def get_context_data(self, **kwargs):
        from donations.models import Reversal
        from donations.services import unallocated_amount

        context = super().get_context_data(**kwargs)
        receipt = self.object
        user = self.request.user
        reversal = Reversal.objects.filter(receipt=receipt).select_related("created_by").first()
        allocations = receipt.allocations.select_related(
            "pledge",
            "pledge__donor",
            "pledge__earmark_area",
            "reversal",
            "reversal__created_by",
            "created_by",
        ).order_by("created_at", "id")
        context.update(
            receipt=receipt,
            reversal=reversal,
            allocations=allocations,
            corrections=receipt.corrections.all(),
            unallocated=unallocated_amount(receipt),
            # A reversed receipt offers no action (receipt_actions.OpenReceiptOnlyMixin).
            can_allocate=reversal is None and user.has_perm("donations.add_allocation"),
            can_reverse=reversal is None and user.has_perm("donations.add_reversal"),
            can_change_disclosure=reversal is None and user.has_perm("donations.add_receipt"),
            history_url=reverse("receipt:history", args=[receipt.pk]),
        )
        return context


class ReceiptHistoryView(ScopedObjectMixin, generic.HistoryView):
    scope = scoped_receipts


class ReceiptUsageView(ScopedObjectMixin, UsageView):
    permission_required = None
    any_permission_required = ["add", "view"]
    scope = scoped_receipts


class ReceiptViewSet(ModelViewSet):
    model = Receipt
    name = "receipt"
    icon = "doc-full"
    menu_label = _("Receipts")
    menu_order = 100
    index_view_class = ReceiptIndexView
    add_view_class = ReceiptCreateView
    inspect_view_class = ReceiptInspectView
    history_view_class = ReceiptHistoryView
    usage_view_class = ReceiptUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["number"]
    search_backend_name = None
    filterset_class = ReceiptFilterSet
    ordering = ["-received_at", "-id"]
    list_display = [
        "number",
        DateTimeColumn("received_at", label=_("Received at"), sort_key="received_at"),
        Column("donor", label=_("Donor or payer"), accessor="giver_label"),
        MoneyColumn("amount", label=_("Amount"), sort_key="amount"),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        "campaign",
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("channel"), FieldPanel("amount")]),
            FieldPanel("received_at"),
            FieldRowPanel(
                [
                    FieldPanel("campaign", widget=forms.Select),
                    FieldPanel("fund", widget=forms.Select),
                ]
            ),
            MultiFieldPanel(
                [FieldPanel("donor"), FieldPanel("disclosure"), FieldPanel("payer_name")],
                heading=_("Who gave"),
            ),
            MultiFieldPanel([FieldPanel("receipt_book_number")], heading=_("Cash")),
            MultiFieldPanel(
                [
                    FieldPanel("bank_account", widget=forms.Select),
                    FieldPanel("bank_reference"),
                    FieldPanel("memo"),
                ],
                heading=_("Bank transfer"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("gateway"), FieldPanel("gateway_reference")])],
                heading=_("Online payment"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("goods_description"),
                    FieldRowPanel([FieldPanel("goods_quantity"), FieldPanel("goods_unit")]),
                ],
                heading=_("In kind"),
            ),
            FieldPanel("note"),
        ],
        base_form_class=ReceiptForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        # Views that link to "edit" (breadcrumbs, history) open the receipt's page instead.
        return super().get_common_view_kwargs(
            **{"edit_url_name": self.get_url_name("inspect"), "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        # No edit, delete or copy: a confirmed receipt is only ever reversed.
        kept = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"edit", "delete", "copy"}
        ]
        return [
            *kept,
            path("allocate/<int:pk>/", AllocateView.as_view(), name="allocate"),
            path("reverse/<int:pk>/", ReverseReceiptView.as_view(), name="reverse"),
            path(
                "reverse-allocation/<int:pk>/",
                ReverseAllocationView.as_view(),
                name="reverse_allocation",
            ),
            path("disclosure/<int:pk>/", ChangeDisclosureView.as_view(), name="disclosure"),
            path("print/<int:pk>/", PrintConfirmationView.as_view(), name="print"),
            path("print/<int:pk>/pdf/", ConfirmationPdfView.as_view(), name="print_pdf"),
        ]
