"""The reminder list: overdue pledges grouped by donor, with how to reach each donor.

Chasing outstanding pledges is routine work after a launch ceremony; staff print this list or
download it as XLSX to phone or write to each donor.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.models import CampaignPage
from donations.models import Pledge
from donations.reports.workbook import Sheet, xlsx_response
from donations.scoping import visible_funds
from sitewide.admin_toolkit import RequirePermissionMixin
from sitewide.text import whole_number


def overdue_pledges(campaign=None, on=None):
    queryset = Pledge.objects.overdue(on).select_related("donor", "campaign")
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset.order_by("donor__name_folded", "donor_id", "due_on", "id")


class ReminderListView(RequirePermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    required_permissions = ("donations.view_pledge",)
    template_name = "donations/admin/reminders.html"
    page_title = _("Reminder list: overdue pledges")
    header_icon = "warning"

    def get(self, request, *args, **kwargs):
        self.campaign = None
        campaign_id = whole_number(request.GET.get("campaign"))
        if campaign_id is not None:
            self.campaign = CampaignPage.objects.filter(pk=campaign_id).first()
        self.pledges = overdue_pledges(self.campaign).filter(fund__in=visible_funds(request.user))
        if request.GET.get("format") == "xlsx":
            return self.xlsx()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            pledges=self.pledges,
            campaign=self.campaign,
            campaigns=CampaignPage.objects.order_by("-start_date"),
            today=timezone.localdate(),
        )
        return context

    def xlsx(self):
        headings = [
            _("Donor"),
            _("Phone"),
            _("E-mail"),
            _("Address"),
            _("Payment code"),
            _("Campaign"),
            _("Due on"),
            _("Pledged"),
            _("Paid"),
            _("Outstanding"),
        ]

        def rows():
            for pledge in self.pledges.iterator(chunk_size=2000):
                donor = pledge.donor
                yield [
                    donor.name,
                    donor.phone,
                    donor.email,
                    donor.address,
                    pledge.code,
                    str(pledge.campaign or ""),
                    pledge.due_on,
                    pledge.amount,
                    pledge.paid,
                    pledge.outstanding,
                ]

        sheet = Sheet(_("Overdue pledges"), headings, rows(), money_columns={7, 8, 9})
        return xlsx_response("nhac-no-cam-ket.xlsx", [sheet])
