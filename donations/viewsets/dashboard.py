"""The ledger dashboard and the campaign report download (Front staff only)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from campaigns.models import CampaignPage
from donations.reports.campaign import label_for, summary_figures, write_campaign_report
from donations.reports.workbook import xlsx_file_response
from donations.services import totals
from sitewide.admin_toolkit import RequirePermissionMixin
from sitewide.text import whole_number

PERMISSION = "donations.view_receipt"


def ledger_campaigns():
    """Campaigns linked to a fund, newest first."""
    return CampaignPage.objects.filter(ledger_fund__isnull=False).order_by("-start_date", "-pk")


class DashboardView(RequirePermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    required_permissions = (PERMISSION,)
    template_name = "donations/admin/dashboard.html"
    page_title = _("Ledger overview")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaigns = list(ledger_campaigns())
        campaign = None
        chosen = whole_number(self.request.GET.get("campaign"))
        if chosen is not None:
            campaign = next((c for c in campaigns if c.pk == chosen), None)
        campaign = campaign or (campaigns[0] if campaigns else None)
        today = timezone.localdate()
        context.update(
            today=today,
            received_today=totals.received(since=today, until=today),
            today_by_channel=[
                (label_for("channel", key), amount, gifts)
                for key, amount, gifts in totals.breakdown("channel", since=today, until=today)
            ],
            campaigns=campaigns,
            campaign=campaign,
            figures=summary_figures(campaign) if campaign else None,
        )
        return context


class CampaignReportView(RequirePermissionMixin, View):
    required_permissions = (PERMISSION,)

    def get(self, request, pk):
        campaign = get_object_or_404(CampaignPage, pk=pk)
        filename = f"bao-cao-{slugify(campaign.slug) or campaign.pk}.xlsx"
        return xlsx_file_response(filename, lambda handle: write_campaign_report(campaign, handle))


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class DashboardViewSet(ViewSet):
    name = "ledger"
    icon = "table"
    menu_label = _("Overview")
    menu_order = 90
    menu_item_class = PermissionMenuItem

    def get_urlpatterns(self):
        return [
            path("", DashboardView.as_view(), name="index"),
            path("report/<int:pk>/", CampaignReportView.as_view(), name="campaign_report"),
        ]
