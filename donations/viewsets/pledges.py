"""Pledges in the admin: record, follow up (status, outstanding, overdue), cancel, remind. Every
list, page and action is limited to the funds the user works on (a commune account finds its
own only)."""

import django_filters
from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from campaigns.models import CampaignPage
from donations import earmarks
from donations.models import Allocation, Pledge, PledgeStatus
from donations.services import cancel_pledge, record_pledge
from sitewide.admin_toolkit import ObjectActionView
from sitewide.columns import DateColumn, MoneyColumn

from .base import (
    ReasonForm,
    ScopedObjectMixin,
    ServiceCreateView,
    require_visible_fund,
    scope_fund_field,
    scope_fund_filter,
    scoped_pledges,
)


class PledgeFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PledgeStatus.choices, method="filter_status"
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=CampaignPage.objects.order_by("-start_date")
    )

    class Meta:
        model = Pledge
        fields = ["campaign", "fund", "in_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_fund_filter(self)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_value=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        overdue = {
            "cancelled_at__isnull": True,
            "due_on__lt": timezone.localdate(),
            "outstanding__gt": 0,
        }
        if value is None:
            return queryset
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class PledgeIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            scoped_pledges(self.request.user)
            .with_paid()
            .select_related("donor", "campaign", "fund")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search_text(self.search_query)


class PledgeCreateView(ServiceCreateView):
    def call_service(self, data):
        require_visible_fund(self.request.user, data.get("fund"), data.get("campaign"))
        return record_pledge(
            donor=data["donor"],
            amount=data["amount"],
            campaign=data.get("campaign"),
            fund=data.get("fund"),
            pledged_on=data["pledged_on"],
            due_on=data.get("due_on"),
            event=data.get("event", ""),
            in_kind=data.get("in_kind", False),
            goods_description=data.get("goods_description", ""),
            note=data.get("note", ""),
            earmark_area=data.get("earmark_area"),
            earmark_support_type=data.get("earmark_support_type", ""),
            earmark_label=data.get("earmark_label", ""),
            user=self.request.user,
        )


def scoped_pledges_with_paid(user):
    return scoped_pledges(user).with_paid()


class PledgeInspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "donations/admin/pledge_inspect.html"
    scope = scoped_pledges_with_paid
    related = ("donor", "campaign", "fund", "cancelled_by", "earmark_area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["allocations"] = (
            Allocation.objects.filter(pledge=self.object)
            .select_related("receipt", "reversal", "created_by")
            .order_by("created_at", "id")
        )
        context["bank_accounts"] = self.object.fund.bank_accounts.filter(is_active=True)
        context["outcome"] = earmarks.outcome(self.object)
        context["can_cancel"] = not self.object.is_cancelled and self.request.user.has_perm(
            "donations.change_pledge"
        )
        return context


class PledgeHistoryView(ScopedObjectMixin, generic.HistoryView):
    scope = scoped_pledges


class PledgeUsageView(ScopedObjectMixin, UsageView):
    scope = scoped_pledges


class PledgeEditView(ScopedObjectMixin, generic.EditView):
    scope = scoped_pledges

    def get_object(self, queryset=None):
        self.kwargs[self.pk_url_kwarg] = self.object_pk
        return get_object_or_404(self.get_base_object_queryset(), pk=self.object_pk)


class CancelPledgeView(ObjectActionView):
    model = Pledge
    form_class = ReasonForm
    required_permissions = ("donations.change_pledge",)
    page_title = _("Cancel pledge")
    submit_button_label = _("Cancel this pledge")
    success_message = _("Pledge %(object)s cancelled.")
    back_url_name = "pledge:inspect"

    def get_queryset(self):
        return scoped_pledges(self.request.user)

    def perform(self, form):
        cancel_pledge(self.object, reason=form.cleaned_data["reason"], user=self.request.user)


class PledgeForm(WagtailAdminModelForm):
    """The fund may be left empty: record_pledge takes the campaign's fund."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_fund_field(self)
        if "fund" in self.fields:
            self.fields["fund"].required = False
            self.fields["fund"].help_text = _("Leave empty to use the campaign's fund.")


class PledgeViewSet(ModelViewSet):
    model = Pledge
    name = "pledge"
    icon = "list-ul"
    menu_label = _("Pledges")
    menu_order = 120
    index_view_class = PledgeIndexView
    add_view_class = PledgeCreateView
    inspect_view_class = PledgeInspectView
    history_view_class = PledgeHistoryView
    usage_view_class = PledgeUsageView
    edit_view_class = PledgeEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["code"]
    search_backend_name = None
    filterset_class = PledgeFilterSet
    list_display = [
        "code",
        "donor",
        "campaign",
        MoneyColumn("amount", label=_("Pledged")),
        MoneyColumn("paid", label=_("Paid")),
        MoneyColumn("outstanding", label=_("Outstanding")),
        DateColumn("due_on", label=_("Due on"), sort_key="due_on"),
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_export = [
        "code",
        "donor",
        "campaign",
        "event",
        "pledged_on",
        "due_on",
        "amount",
        "paid",
        "outstanding",
        "get_status_display",
    ]
    export_headings = {"get_status_display": _("Status"), "paid": _("Paid")}
    export_filename = "cam-ket-ung-ho"
    edit_handler = ObjectList(
        [
            FieldPanel("donor"),
            FieldRowPanel(
                [
                    FieldPanel("campaign", widget=forms.Select),
                    FieldPanel("fund", widget=forms.Select),
                ]
            ),
            MultiFieldPanel(
                [
                    FieldPanel("amount"),
                    FieldRowPanel([FieldPanel("in_kind"), FieldPanel("goods_description")]),
                ],
                heading=_("What is pledged"),
            ),
            FieldRowPanel([FieldPanel("pledged_on"), FieldPanel("due_on")]),
            FieldPanel("event"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("earmark_area", widget=forms.Select),
                            FieldPanel("earmark_support_type"),
                        ]
                    ),
                    FieldPanel("earmark_label"),
                ],
                heading=_("Earmark (a business adopts a commune)"),
            ),
            FieldPanel("note"),
        ],
        base_form_class=PledgeForm,
    )
    edit_panels = [FieldPanel("due_on"), FieldPanel("event"), FieldPanel("note")]

    def get_edit_view_kwargs(self, **kwargs):
        handler = ObjectList(self.edit_panels).bind_to_model(self.model)
        return super().get_edit_view_kwargs(
            panel=handler, form_class=handler.get_form_class(), **kwargs
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})

    def get_urlpatterns(self):
        from .reminders import ReminderListView

        urls = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"delete", "copy"}
        ]
        return [
            *urls,
            path("cancel/<int:pk>/", CancelPledgeView.as_view(), name="cancel"),
            path("reminders/", ReminderListView.as_view(), name="reminders"),
        ]
