"""Money out in the admin: payment vouchers (list, page, print, reverse, handover record),
transfers between funds (two forms, list, page, print, reverse) and the fund balance page with
its downloads.

Vouchers are recorded by the apps that decide what may be paid (support's "pay this line" view
calls donations.services.record_voucher); here they are read, printed, reversed and given
their handover record. Every list, page and form is limited to the funds the user works on
(donations.scoping.visible_funds): a commune account asking for another fund's record gets
"not found", as if it did not exist.
"""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from campaigns.models import CampaignPage
from donations.earmarks import carried_by, waiting_by_commune
from donations.models import Fund, FundTransfer, Reversal, Voucher
from donations.reports import balance as balance_report
from donations.reports import vouchers as voucher_documents
from donations.reports.workbook import xlsx_file_response
from donations.scoping import visible_funds
from donations.services import (
    attach_handover,
    record_transfer_from_above,
    reverse_transfer,
    reverse_voucher,
    transfer_between_funds,
)
from sitewide.admin_toolkit import ObjectActionView, RequirePermissionMixin, add_service_errors
from sitewide.columns import DateColumn, MoneyColumn
from sitewide.filters import DateFromToRangeFilter
from sitewide.forms import DateField, MoneyField

from .base import ReasonForm, ScopedObjectMixin, scope_fund_filter

VIEW_VOUCHER = "donations.view_voucher"
VIEW_TRANSFER = "donations.view_fundtransfer"


def scoped_vouchers(user):
    return Voucher.objects.filter(fund__in=visible_funds(user))


def scoped_transfers(user):
    funds = visible_funds(user)
    return FundTransfer.objects.filter(Q(to_fund__in=funds) | Q(from_fund__in=funds))


class FundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, fund):
        return fund.name


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, campaign):
        return campaign.title


# Vouchers ----------------------------------------------------------------------------------------


class VoucherFilterSet(WagtailFilterSet):
    fund = django_filters.ModelChoiceFilter(label=_("Fund"), queryset=Fund.objects.none())
    paid = DateFromToRangeFilter(
        label=_("Paid on"), field_name="paid_on", widget=DateRangePickerWidget
    )
    reversed = django_filters.BooleanFilter(label=_("Reversed"), method="filter_reversed")

    class Meta:
        model = Voucher
        fields = ["fund", "kind", "support_type", "method"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_fund_filter(self)

    def filter_reversed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(reversal__isnull=not value)


class VoucherIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scoped_vouchers(self.request.user).select_related("fund", "area", "reversal")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(number=query.upper()) | queryset.filter(
            recipient_name__icontains=query
        )

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class VoucherHistoryView(ScopedObjectMixin, generic.HistoryView):
    scope = scoped_vouchers


class VoucherInspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "donations/admin/voucher_inspect.html"
    scope = scoped_vouchers
    related = ("fund", "area", "campaign", "prepared_by", "approved_by", "handover_recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        voucher = self.object
        user = self.request.user
        reversal = Reversal.objects.filter(voucher=voucher).select_related("created_by").first()
        transfer = FundTransfer.objects.filter(out_voucher=voucher).first()
        context.update(
            voucher=voucher,
            reversal=reversal,
            transfer=transfer,
            can_reverse=reversal is None
            and voucher.kind == Voucher.Kind.SUPPORT
            and user.has_perm("donations.add_reversal"),
            can_attach=reversal is None
            and not voucher.has_handover
            and voucher.kind == Voucher.Kind.SUPPORT
            and user.has_perm("donations.add_voucher"),
            history_url=reverse("voucher:history", args=[voucher.pk]),
        )
        return context


class ScopedVoucherMixin:
    def get_queryset(self):
        return scoped_vouchers(self.request.user).select_related("fund", "reversal")


class ReverseVoucherView(ScopedVoucherMixin, ObjectActionView):
    model = Voucher
    form_class = ReasonForm
    required_permissions = ("donations.add_reversal",)
    page_title = _("Reverse payment voucher")
    submit_button_label = _("Reverse this voucher")
    success_message = _("Voucher %(object)s reversed; it no longer counts.")
    back_url_name = "voucher:inspect"

    def perform(self, form):
        reverse_voucher(self.object, reason=form.cleaned_data["reason"], user=self.request.user)


class HandoverForm(forms.Form):
    received_by = forms.CharField(
        label=_("Received by"),
        max_length=200,
        help_text=_("Full name of the person who signed, family name first."),
    )
    handed_over_on = DateField(label=_("Handed over on"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Signed record (PDF or photo)"),
        help_text=_("Seen by Front staff only; never published."),
    )


class AttachHandoverView(ScopedVoucherMixin, ObjectActionView):
    model = Voucher
    form_class = HandoverForm
    required_permissions = ("donations.add_voucher",)
    page_title = _("Attach handover record")
    submit_button_label = _("Attach")
    success_message = _("Handover record of %(object)s attached.")
    back_url_name = "voucher:inspect"

    def get_initial(self):
        return {
            "received_by": self.object.recipient_name,
            "handed_over_on": self.object.paid_on,
            "place": self.object.place,
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("prefix", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        attach_handover(
            self.object,
            file=data["file"],
            received_by=data["received_by"],
            handed_over_on=data["handed_over_on"],
            place=data["place"],
            user=self.request.user,
        )


class HandoverFileView(RequirePermissionMixin, View):
    """The signed handover record, to Front staff of the voucher's fund only (private)."""

    required_permissions = (VIEW_VOUCHER,)

    def get(self, request, pk):
        voucher = get_object_or_404(scoped_vouchers(request.user), pk=pk)
        if not voucher.handover_file:
            raise Http404("No handover record.")
        handle = voucher.handover_file.open("rb")
        response = FileResponse(handle, filename=voucher.handover_file.name.rsplit("/", 1)[-1])
        response["Cache-Control"] = "private, no-store"
        return response


class PrintVoucherView(RequirePermissionMixin, TemplateView):
    """Phiếu chi, printable on A4 (and as a PDF below)."""

    required_permissions = (VIEW_VOUCHER,)
    template_name = voucher_documents.TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        voucher = get_object_or_404(scoped_vouchers(self.request.user), pk=kwargs["pk"])
        context.update(voucher_documents.voucher_context(voucher, self.request))
        return context


class PdfView(RequirePermissionMixin, View):
    """A document as PDF; WeasyPrint missing is said on the record's page."""

    back_url_name = None

    def get_document(self, request, pk):
        raise NotImplementedError

    def get(self, request, pk):
        record, context = self.get_document(request, pk)
        try:
            pdf = voucher_documents.document_pdf(context, request)
        except voucher_documents.PdfUnavailable:
            messages.error(
                request,
                _(
                    "This server cannot make PDF files (WeasyPrint or the system's Pango is "
                    "missing): print the document and choose “Save as PDF” instead."
                ),
            )
            return redirect(self.back_url_name, pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{record.number}.pdf"'
        return response


class VoucherPdfView(PdfView):
    required_permissions = (VIEW_VOUCHER,)
    back_url_name = "voucher:inspect"

    def get_document(self, request, pk):
        voucher = get_object_or_404(scoped_vouchers(request.user), pk=pk)
        return voucher, voucher_documents.voucher_context(voucher, request)


class VoucherViewSet(ModelViewSet):
    model = Voucher
    name = "voucher"
    icon = "doc-full-inverse"
    menu_label = _("Payment vouchers")
    menu_order = 130
    index_view_class = VoucherIndexView
    inspect_view_class = VoucherInspectView
    history_view_class = VoucherHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["number"]
    search_backend_name = None
    filterset_class = VoucherFilterSet
    ordering = ["-paid_on", "-id"]
    list_display = [
        "number",
        DateColumn("paid_on", label=_("Paid on"), sort_key="paid_on"),
        Column("fund", label=_("Fund")),
        Column("recipient_name", label=_("Recipient")),
        Column("support_type", label=_("Support type"), accessor="get_support_type_display"),
        MoneyColumn("amount", label=_("Amount"), sort_key="amount"),
        Column("method", label=_("Paid in"), accessor="get_method_display"),
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "edit_url_name": self.get_url_name("inspect"),
                "delete_url_name": None,
                "usage_url_name": None,
                "add_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        # No add (support's pay view records vouchers), edit, delete or copy.
        kept = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "edit", "delete", "copy", "usage"}
        ]
        return [
            *kept,
            path("reverse/<int:pk>/", ReverseVoucherView.as_view(), name="reverse"),
            path("handover/<int:pk>/", AttachHandoverView.as_view(), name="handover"),
            path("handover/<int:pk>/file/", HandoverFileView.as_view(), name="handover_file"),
            path("print/<int:pk>/", PrintVoucherView.as_view(), name="print"),
            path("print/<int:pk>/pdf/", VoucherPdfView.as_view(), name="print_pdf"),
        ]


# Transfers ---------------------------------------------------------------------------------


class TransferFilterSet(WagtailFilterSet):
    to_fund = django_filters.ModelChoiceFilter(label=_("To fund"), queryset=Fund.objects.none())
    from_fund = django_filters.ModelChoiceFilter(label=_("From fund"), queryset=Fund.objects.none())
    transferred = DateFromToRangeFilter(
        label=_("Transferred on"), field_name="transferred_on", widget=DateRangePickerWidget
    )

    class Meta:
        model = FundTransfer
        fields = ["from_fund", "to_fund"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_fund_filter(self, "to_fund")
        scope_fund_filter(self, "from_fund")


class TransferIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scoped_transfers(self.request.user).select_related(
            "from_fund", "to_fund", "out_voucher", "reversal"
        )

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class TransferHistoryView(ScopedObjectMixin, generic.HistoryView):
    scope = scoped_transfers


class TransferInspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "donations/admin/transfer_inspect.html"
    scope = scoped_transfers
    related = ("from_fund", "to_fund", "out_voucher", "recorded_by", "campaign")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer = self.object
        reversal = Reversal.objects.filter(transfer=transfer).select_related("created_by").first()
        funds = visible_funds(self.request.user)
        context.update(
            transfer=transfer,
            reversal=reversal,
            # The out-voucher is the giving fund's: shown to who sees that fund.
            show_out_voucher=transfer.out_voucher_id is not None
            and funds.filter(pk=transfer.from_fund_id).exists(),
            can_reverse=reversal is None
            and self.request.user.has_perm("donations.add_reversal")
            and funds.filter(pk=transfer.to_fund_id).exists()
            and (transfer.from_fund_id is None or funds.filter(pk=transfer.from_fund_id).exists()),
            history_url=reverse("fundtransfer:history", args=[transfer.pk]),
            earmarks_carried=carried_by(transfer) if reversal is None else [],
        )
        return context


class TransferForm(forms.Form):
    from_fund = FundChoiceField(label=_("From fund"), queryset=Fund.objects.none())
    to_fund = FundChoiceField(label=_("To fund"), queryset=Fund.objects.none())
    amount = MoneyField(label=_("Amount (đồng)"), min_value=1)
    transferred_on = DateField(label=_("Transferred on"))
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("E.g. the bank's payment order number."),
    )
    content = forms.CharField(label=_("Payment content"), max_length=500, required=False)
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        queryset=CampaignPage.objects.none(),
        required=False,
        help_text=_(
            "Whose money this is, if a campaign's: one collecting into the sending fund. The "
            "campaign's public disclosure then lists the transfer."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        funds = visible_funds(user).filter(is_active=True).order_by("level", "name")
        self.fields["from_fund"].queryset = funds
        self.fields["to_fund"].queryset = funds.filter(parent__isnull=False)
        # Campaigns of the funds one may send from; the service checks it is the sending one's.
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            ledger_fund__fund__in=funds
        ).order_by("-start_date", "title")


class FromAboveForm(forms.Form):
    to_fund = FundChoiceField(label=_("Fund"), queryset=Fund.objects.none())
    source_name = forms.CharField(
        label=_("Received from"),
        max_length=200,
        initial="Quỹ Vì người nghèo Trung ương",
    )
    amount = MoneyField(label=_("Amount (đồng)"), min_value=1)
    received_on = DateField(label=_("Received on"))
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_fund"].queryset = (
            visible_funds(user).filter(is_active=True).order_by("level", "name")
        )


class TransferFormView(RequirePermissionMixin, WagtailAdminTemplateMixin, FormView):
    required_permissions = ("donations.add_fundtransfer",)
    template_name = "sitewide/admin/object_action.html"
    header_icon = "resubmit"
    submit_button_label = _("Record the transfer")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"transferred_on": timezone.localdate(), "received_on": timezone.localdate()}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("fundtransfer:index"), "label": _("Fund transfers")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            media=context["form"].media,
        )
        return context

    service = None  # the form's fields are the service's keyword arguments

    def form_valid(self, form):
        from django.core.exceptions import ValidationError

        try:
            transfer = type(self).service(**form.cleaned_data, user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Transfer %(number)s recorded.") % {"number": transfer.number}
        )
        return redirect("fundtransfer:inspect", transfer.pk)


class TransferCreateView(TransferFormView):
    form_class = TransferForm
    page_title = _("Transfer to a commune fund")
    service = transfer_between_funds
    template_name = "donations/admin/transfer_form.html"

    def get_context_data(self, **kwargs):
        funds = visible_funds(self.request.user)
        return {**super().get_context_data(**kwargs), "earmarks_waiting": waiting_by_commune(funds)}


class FromAboveCreateView(TransferFormView):
    form_class = FromAboveForm
    page_title = _("Record money received from above")
    service = record_transfer_from_above


class ReverseTransferView(ObjectActionView):
    model = FundTransfer
    form_class = ReasonForm
    required_permissions = ("donations.add_reversal",)
    page_title = _("Reverse fund transfer")
    submit_button_label = _("Reverse this transfer")
    success_message = _("Transfer %(object)s reversed on both sides.")
    back_url_name = "fundtransfer:inspect"

    def get_queryset(self):
        # Both sides must be the user's: a commune does not undo the province's voucher.
        funds = visible_funds(self.request.user)
        return FundTransfer.objects.filter(to_fund__in=funds).exclude(
            from_fund__isnull=False, from_fund__in=Fund.objects.exclude(pk__in=funds)
        )

    def perform(self, form):
        reverse_transfer(self.object, reason=form.cleaned_data["reason"], user=self.request.user)


def _scoped_in_record(user, pk):
    return get_object_or_404(
        FundTransfer.objects.filter(to_fund__in=visible_funds(user)).select_related(
            "to_fund", "from_fund", "recorded_by"
        ),
        pk=pk,
    )


class PrintTransferView(RequirePermissionMixin, TemplateView):
    """The receiving fund's in-record (phiếu thu) of a transfer."""

    required_permissions = (VIEW_TRANSFER,)
    template_name = voucher_documents.TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer = _scoped_in_record(self.request.user, kwargs["pk"])
        context.update(voucher_documents.in_record_context(transfer, self.request))
        return context


class TransferPdfView(PdfView):
    required_permissions = (VIEW_TRANSFER,)
    back_url_name = "fundtransfer:inspect"

    def get_document(self, request, pk):
        transfer = _scoped_in_record(request.user, pk)
        return transfer, voucher_documents.in_record_context(transfer, request)


class FundTransferViewSet(ModelViewSet):
    model = FundTransfer
    name = "fundtransfer"
    icon = "resubmit"
    menu_label = _("Fund transfers")
    menu_order = 140
    index_view_class = TransferIndexView
    inspect_view_class = TransferInspectView
    history_view_class = TransferHistoryView
    add_view_class = TransferCreateView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = TransferFilterSet
    ordering = ["-transferred_on", "-id"]
    list_display = [
        "number",
        DateColumn("transferred_on", label=_("Transferred on"), sort_key="transferred_on"),
        Column("source", label=_("Transferred from"), accessor="source_label"),
        Column("to_fund", label=_("To fund")),
        MoneyColumn("amount", label=_("Amount"), sort_key="amount"),
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "edit_url_name": self.get_url_name("inspect"),
                "delete_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @property
    def add_view(self):
        return TransferCreateView.as_view()

    def get_urlpatterns(self):
        kept = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "edit", "delete", "copy", "usage"}
        ]
        return [
            *kept,
            path("add/", TransferCreateView.as_view(), name="add"),
            path("from-above/", FromAboveCreateView.as_view(), name="from_above"),
            path("reverse/<int:pk>/", ReverseTransferView.as_view(), name="reverse"),
            path("print/<int:pk>/", PrintTransferView.as_view(), name="print"),
            path("print/<int:pk>/pdf/", TransferPdfView.as_view(), name="print_pdf"),
        ]


# Balance -----------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    fund = FundChoiceField(label=_("Fund"), queryset=Fund.objects.none())
    start = DateField(label=_("From day"))
    end = DateField(label=_("To day"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = visible_funds(user).order_by("level", "name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned


class PeriodMixin(RequirePermissionMixin):
    required_permissions = (VIEW_VOUCHER,)

    @cached_property
    def period_form(self):
        today = timezone.localdate()
        data = self.request.GET.copy()
        funds = visible_funds(self.request.user).order_by("level", "name")
        if "fund" not in data:
            # The top of what one sees: the province fund, or a commune account's own fund.
            first = funds.filter(parent__isnull=True).first() or funds.first()
            if first is None:
                raise PermissionDenied
            data["fund"] = str(first.pk)
        data.setdefault("start", datetime.date(today.year, 1, 1).strftime("%d/%m/%Y"))
        data.setdefault("end", today.strftime("%d/%m/%Y"))
        return PeriodForm(data, user=self.request.user)

    def period(self):
        """(fund, start, end), or None when the form is not valid; an unknown fund is 404."""
        form = self.period_form
        if not form.is_valid():
            if "fund" in form.errors:
                raise Http404("No such fund for this user.")
            return None
        return form.cleaned_data["fund"], form.cleaned_data["start"], form.cleaned_data["end"]


class BalanceView(PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "donations/admin/balance.html"
    page_title = _("Fund balance")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.period_form
        chosen = self.period()
        if chosen is not None:
            fund, start, end = chosen
            context.update(
                balance=balance_report.fund_balance(fund, start, end),
                rollup=balance_report.rollup(fund, start, end),
                query=self.request.GET.urlencode() or self.period_form.data.urlencode(),
            )
        return context


def _file_name(kind, fund, start, end):
    return f"{kind}-{fund.pk}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"


class PeriodDownloadView(PeriodMixin, View):
    """An XLSX of the chosen fund and period: the fund book, or the period report."""

    file_kind = ""
    write = None  # write(handle, fund, start, end)

    def get(self, request):
        chosen = self.period()
        if chosen is None:
            return redirect("fundbalance:index")
        fund, start, end = chosen
        write = type(self).write
        return xlsx_file_response(
            _file_name(self.file_kind, fund, start, end),
            lambda handle: write(handle, fund, start, end),
        )


class FundBookView(PeriodDownloadView):
    file_kind = "so-quy"
    write = balance_report.write_fund_book


class PeriodReportView(PeriodDownloadView):
    file_kind = "bao-cao-quy"
    write = balance_report.write_period_report


class BalanceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_VOUCHER)


class FundBalanceViewSet(ViewSet):
    name = "fundbalance"
    menu_item_class = BalanceMenuItem
    url_prefix = "fund-balance"
    icon = "table"
    menu_label = _("Fund balance")
    menu_order = 105

    def get_urlpatterns(self):
        return [
            path("", BalanceView.as_view(), name="index"),
            path("book/", FundBookView.as_view(), name="book"),
            path("report/", PeriodReportView.as_view(), name="report"),
        ]
