"""Launch ceremonies in the admin: the record, its pledges, and the screens of the day (live
entry, stage screen, boards, results). Every screen shows only the ceremonies of the funds the
user works on (mobilisation.scoping)."""

from django import forms
from django.db.models import Count, Q, Sum
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from mobilisation.models import Ceremony
from mobilisation.scoping import ScopedCeremonyMixin, campaigns_for, ceremonies_for
from mobilisation.services.ceremonies import ceremony_pledges, running_total
from sitewide.columns import DateColumn, MoneyColumn

from .boards import BoardView, PledgeConfirmationView
from .live import LiveEntryView
from .reminders import SEND_PERMISSIONS
from .results import ResultsView
from .stage import StageView


class CeremonyForm(WagtailAdminModelForm):
    """The campaign is chosen among those collecting into the user's funds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "campaign" in self.fields and self.for_user is not None:
            self.fields["campaign"].queryset = campaigns_for(self.for_user)
            self.fields["campaign"].widget = forms.Select(choices=self.fields["campaign"].choices)


class CeremonyIndexView(generic.IndexView):
    def get_base_queryset(self):
        live = Q(entries__pledge__cancelled_at__isnull=True)
        return (
            ceremonies_for(self.request.user)
            .select_related("campaign")
            .annotate(
                pledge_count=Count("entries", filter=live),
                pledged=Sum("entries__pledge__amount", filter=live, default=0),
            )
        )

    def get_edit_url(self, instance):
        """A row leads to the ceremony's page: its pledges and the screens of the day (Edit is
        a button there)."""
        return reverse("ceremony:inspect", args=[instance.pk])


class CeremonyInspectView(ScopedCeremonyMixin, generic.InspectView):
    template_name = "mobilisation/admin/ceremony_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count, total = running_total(self.object)
        context.update(
            pledges=ceremony_pledges(self.object),
            pledge_count=count,
            pledged=total,
            can_enter=self.request.user.has_perms(LiveEntryView.required_permissions),
            can_remind=self.request.user.has_perms(SEND_PERMISSIONS),
        )
        return context


class CeremonyViewSet(ModelViewSet):
    model = Ceremony
    name = "ceremony"
    icon = "group"
    menu_label = _("Launch ceremonies")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CeremonyIndexView
    inspect_view_class = CeremonyInspectView
    search_fields = ["name", "place"]
    search_backend_name = None
    list_filter = ["campaign"]
    list_display = [
        "name",
        DateColumn("held_on", label=_("Date"), sort_key="held_on"),
        "place",
        "campaign",
        Column("pledge_count", label=_("Pledges")),
        MoneyColumn("pledged", label=_("Pledged")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("held_on"), FieldPanel("place")]),
            FieldPanel("campaign"),
            FieldPanel("committee"),
            FieldPanel("pledges_due_on"),
        ],
        base_form_class=CeremonyForm,
    )

    edit_view_class = type("ScopedEditView", (ScopedCeremonyMixin, generic.EditView), {})
    delete_view_class = type("ScopedDeleteView", (ScopedCeremonyMixin, generic.DeleteView), {})
    history_view_class = type("ScopedHistoryView", (ScopedCeremonyMixin, HistoryView), {})
    usage_view_class = type("ScopedUsageView", (ScopedCeremonyMixin, UsageView), {})

    def get_urlpatterns(self):
        return [
            *[p for p in super().get_urlpatterns() if p.name != "copy"],
            path("live/<int:pk>/", LiveEntryView.as_view(), name="live"),
            path("stage/<int:pk>/", StageView.as_view(), name="stage"),
            path("results/<int:pk>/", ResultsView.as_view(), name="results"),
            path("board/<int:pk>/", BoardView.as_view(), name="board"),
            path("confirmation/<int:pk>/", PledgeConfirmationView.as_view(), name="confirmation"),
        ]
