"""Launch ceremonies in the admin: the record, its pledges, and the screens of the day (live
entry, stage screen, boards, results)."""

from django import forms
from django.db.models import Count, Q, Sum
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from mobilisation.models import Ceremony
from mobilisation.services.ceremonies import ceremony_pledges, running_total
from sitewide.columns import DateColumn, MoneyColumn

from .boards import BoardView, PledgeConfirmationView
from .live import LiveEntryView
from .reminders import SEND_PERMISSIONS
from .results import ResultsView
from .stage import StageView


class CeremonyIndexView(generic.IndexView):
    def get_base_queryset(self):
        live = Q(entries__pledge__cancelled_at__isnull=True)
        return Ceremony.objects.select_related("campaign").annotate(
            pledge_count=Count("entries", filter=live),
            pledged=Sum("entries__pledge__amount", filter=live, default=0),
        )

    def get_edit_url(self, instance):
        """A row leads to the ceremony's page: its pledges and the screens of the day (Edit is
        a button there)."""
        return reverse("ceremony:inspect", args=[instance.pk])


class CeremonyInspectView(generic.InspectView):
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
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("held_on"), FieldPanel("place")]),
        FieldPanel("campaign", widget=forms.Select),
        FieldPanel("committee"),
        FieldPanel("pledges_due_on"),
    ]

    def get_urlpatterns(self):
        return [
            *[p for p in super().get_urlpatterns() if p.name != "copy"],
            path("live/<int:pk>/", LiveEntryView.as_view(), name="live"),
            path("stage/<int:pk>/", StageView.as_view(), name="stage"),
            path("results/<int:pk>/", ResultsView.as_view(), name="results"),
            path("board/<int:pk>/", BoardView.as_view(), name="board"),
            path("confirmation/<int:pk>/", PledgeConfirmationView.as_view(), name="confirmation"),
        ]
