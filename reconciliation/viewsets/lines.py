"""The reconciliation queue: statement lines waiting for a decision, with their best suggestion,
filters, and each line's page with ranked suggestions, its decisions and the actions.

Each row opens its line (the booking time is the link) and carries the line's actions in its
"more" menu, as the line's page does; lines and decisions are never edited in place, so there
is no edit view to link to. The queue is titled as its menu item wherever it is named.
"""

import django_filters
from django.urls import NoReverseMatch, path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from donations.models import BankAccount
from sitewide.columns import DateTimeColumn, MoneyColumn
from sitewide.filters import DateFromToRangeFilter, MoneyFilter
from sitewide.formatting import format_datetime, format_vnd
from sitewide.text import fold

from ..models import Decision, DecisionAction, LineState, StatementImport, StatementLine
from ..services.decisions import live_decision
from ..suggestions import suggest, suggest_many
from . import actions
from .base import ReadableHistoryView, ReadableUsageView

QUEUE = "queue"
ALL = "all"
QUEUE_LABEL = _("Reconciliation queue")
#: Permissions of the actions that record receipts; "not a donation" needs only the first.
DECIDE = ("reconciliation.add_decision", "donations.add_receipt")
REVERSE = ("reconciliation.add_decision", "donations.add_reversal")


def _named_as_the_queue(items):
    """Breadcrumbs naming the listing as its menu item does, not by the model's plural."""
    index_url = reverse("reconciliation_line:index")
    return [
        {**item, "label": QUEUE_LABEL} if item.get("url") == index_url else item for item in items
    ]


class LineFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(ALL, _("All lines")), *LineState.choices],
        empty_label=_("Waiting for a decision"),
        method="filter_state",
    )
    bank_account = django_filters.ModelChoiceFilter(
        label=_("Bank account"), queryset=BankAccount.objects.order_by("bank_name")
    )
    statement_import = django_filters.ModelChoiceFilter(
        label=_("Statement import"),
        queryset=StatementImport.objects.select_related("bank_account").order_by("-uploaded_at"),
    )
    booked = DateFromToRangeFilter(
        label=_("Booked"), method="filter_booked", widget=DateRangePickerWidget
    )
    amount_from = MoneyFilter(label=_("Amount from (đồng)"), field_name="amount", lookup_expr="gte")
    amount_to = MoneyFilter(label=_("Amount to (đồng)"), field_name="amount", lookup_expr="lte")

    class Meta:
        model = StatementLine
        fields = ["state", "bank_account", "statement_import", "feed_source"]

    def filter_state(self, queryset, name, value):
        # An empty choice (the default) is handled by the view: the lines in the queue.
        if value == ALL:
            return queryset
        return queryset.filter(state=value)

    def filter_booked(self, queryset, name, value):
        if value and value.start:
            queryset = queryset.filter(booked_at__date__gte=value.start)
        if value and value.stop:
            queryset = queryset.filter(booked_at__date__lte=value.stop)
        return queryset


class SuggestionColumn(Column):
    def get_value(self, instance):
        found = getattr(instance, "top_suggestions", None)
        if not found:
            return "—"
        best = found[0]
        return f"{best.pledge.code} · {best.pledge.donor} · {format_vnd(best.outstanding)}"


class LineLinkColumn(ButtonsColumnMixin, TitleColumn):
    """When the line was booked, linking to the line's page, with its actions beside."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_value(self, instance):
        return format_datetime(instance.booked_at)

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


def line_actions(line, user, *, suggestion=None, decision=None):
    """The actions on one line the user may take, as menu items: deciding while the line waits
    in the queue (confirming the best suggestion first when there is one), reversing the
    standing decision once it is decided."""

    def url(name, query=None):
        address = reverse(f"reconciliation_line:{name}", args=[line.pk])
        return f"{address}?{urlencode(query)}" if query else address

    items = []
    if line.in_queue:
        if user.has_perms(DECIDE):
            if suggestion is not None:
                code = suggestion.pledge.code
                label = _("Confirm %(code)s (best suggestion)") % {"code": code}
                items.append(MenuItem(label, url("confirm", {"code": code}), icon_name="check"))
            items += [
                MenuItem(_("Confirm a pledge by its code"), url("confirm"), icon_name="check"),
                MenuItem(_("Split across pledges"), url("split"), icon_name="list-ul"),
                MenuItem(_("Attach to a donor"), url("donor"), icon_name="user"),
                MenuItem(_("Unidentified gift"), url("unidentified"), icon_name="help"),
            ]
        if user.has_perm("reconciliation.add_decision"):
            items.append(MenuItem(_("Not a donation"), url("not_donation"), icon_name="cross"))
    elif decision is not None and user.has_perms(REVERSE):
        address = reverse("reconciliation_line:reverse", args=[line.pk, decision.pk])
        items.append(MenuItem(_("Reverse the decision"), address, icon_name="rotate"))
    for index, item in enumerate(items, start=1):  # in this order, not by label
        item.priority = 10 * index
    return items


class LineIndexView(generic.IndexView):
    page_title = QUEUE_LABEL

    @cached_property
    def columns(self):
        """The first column (when the line was booked) opens the line; its actions sit in the
        row's "more" menu."""
        booked, *others = super().columns
        link = LineLinkColumn(
            booked.name,
            label=booked.label,
            sort_key=booked.sort_key,
            get_url=self.get_inspect_url,
            get_buttons=self.get_list_buttons,
        )
        return [link, *others]

    def get_list_more_buttons(self, instance):
        buttons = []
        if inspect_url := self.get_inspect_url(instance):
            buttons.append(
                MenuItem(_("Open the line"), inspect_url, icon_name="info-circle", priority=0)
            )
        suggestions = getattr(instance, "top_suggestions", None)
        return buttons + line_actions(
            instance,
            self.request.user,
            suggestion=suggestions[0] if suggestions else None,
            decision=getattr(instance, "standing_decision", None),
        )

    def get_base_queryset(self):
        queryset = StatementLine.objects.select_related("bank_account", "statement_import")
        if not self.request.GET.get("state"):
            queryset = queryset.in_queue()
        return queryset

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(search_text__contains=fold(query)) | queryset.filter(
            codes__contains=query.upper()
        )

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)

    def get_table(self, object_list):
        """Suggestions and standing decisions for the whole page at once: three queries,
        whatever the page size."""
        lines = list(object_list)
        suggestions = suggest_many([line for line in lines if line.in_queue], limit=1)
        decided = [line.pk for line in lines if not line.in_queue]
        standing = {}
        if decided:
            for decision in (
                Decision.objects.filter(line_id__in=decided, reversed_by__isnull=True)
                .exclude(action=DecisionAction.REVERSE)
                .order_by("made_at", "pk")
            ):
                standing[decision.line_id] = decision  # the latest wins, as in live_decision
        for line in lines:
            line.top_suggestions = suggestions.get(line.pk, [])
            line.standing_decision = standing.get(line.pk)
        return super().get_table(lines)


def _receipt_url(receipt):
    try:
        return reverse("receipt:inspect", args=[receipt.pk])
    except NoReverseMatch:
        return ""


class LineInspectView(generic.InspectView):
    template_name = "reconciliation/admin/line_inspect.html"

    def get_breadcrumbs_items(self):
        return _named_as_the_queue(super().get_breadcrumbs_items())

    def get_object(self, queryset=None):
        return StatementLine.objects.select_related(
            "bank_account", "bank_account__fund", "statement_import", "feed_source"
        ).get(pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = self.object
        user = self.request.user
        decisions = list(
            line.decisions.select_related("made_by", "reversed_by", "reversed_by__made_by")
            .prefetch_related("receipts", "receipts__reversal")
            .order_by("made_at", "pk")
        )
        for decision in decisions:
            decision.receipt_links = [
                (receipt, _receipt_url(receipt)) for receipt in decision.receipts.all()
            ]
        can_decide = user.has_perms(("reconciliation.add_decision", "donations.add_receipt"))
        context.update(
            line=line,
            suggestions=suggest(line) if line.in_queue else [],
            decisions=decisions,
            current=live_decision(line),
            can_decide=can_decide and line.in_queue,
            can_reverse=user.has_perms(("reconciliation.add_decision", "donations.add_reversal")),
            history_url=reverse("reconciliation_line:history", args=[line.pk]),
        )
        return context


class LineHistoryView(ReadableHistoryView):
    def get_breadcrumbs_items(self):
        return _named_as_the_queue(super().get_breadcrumbs_items())


class StatementLineViewSet(ModelViewSet):
    model = StatementLine
    name = "reconciliation_line"
    url_prefix = "reconciliation/lines"
    icon = "tasks"
    menu_label = QUEUE_LABEL
    menu_order = 100
    index_view_class = LineIndexView
    inspect_view_class = LineInspectView
    inspect_view_enabled = True
    history_view_class = LineHistoryView
    usage_view_class = ReadableUsageView
    copy_view_enabled = False
    filterset_class = LineFilterSet
    search_fields = ["memo"]
    search_backend_name = None
    ordering = ["-booked_at", "-id"]
    form_fields = ["memo"]  # never shown: the permission policy forbids add and change
    list_display = [
        DateTimeColumn("booked_at", label=_("Booked at"), sort_key="booked_at"),
        MoneyColumn("amount", label=_("Amount"), sort_key="amount"),
        Column("counterparty_name", label=_("Sender")),
        Column("memo", label=_("Transfer memo")),
        Column("state", label=_("State"), accessor="get_state_display"),
        SuggestionColumn("suggestion", label=_("Best suggestion")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": self.get_url_name("inspect"), "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("confirm/<int:pk>/", actions.ConfirmView.as_view(), name="confirm"),
            path("split/<int:pk>/", actions.SplitView.as_view(), name="split"),
            path("donor/<int:pk>/", actions.AttachDonorView.as_view(), name="donor"),
            path("unidentified/<int:pk>/", actions.UnidentifiedView.as_view(), name="unidentified"),
            path("not-donation/<int:pk>/", actions.NotDonationView.as_view(), name="not_donation"),
            path(
                "reverse/<int:pk>/<int:decision_pk>/",
                actions.ReverseDecisionView.as_view(),
                name="reverse",
            ),
        ]
