"""A ceremony's results on screen (tables and the gap chart) and as XLSX (?format=xlsx)."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from donations.reports.workbook import Sheet, xlsx_response
from mobilisation.services.chart import gap_chart_svg
from mobilisation.services.results import by_unit_and_kind, gap_over_time

from .base import CeremonyScreen


class ResultsView(CeremonyScreen, TemplateView):
    required_permissions = ("mobilisation.view_ceremony", "donations.view_pledge")
    template_name = "mobilisation/admin/results.html"
    page_title = _("Results")

    def get(self, request, *args, **kwargs):
        self.units, self.kinds, self.total = by_unit_and_kind(self.ceremony)
        self.points = gap_over_time(self.ceremony)
        if request.GET.get("format") == "xlsx":
            return self.xlsx()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "units": self.units,
            "kinds": self.kinds,
            "total": self.total,
            "chart": mark_safe(gap_chart_svg(self.points)),  # noqa: S308 - our own markup
        }

    def xlsx(self):
        money = {2, 3, 4}
        headings = [_("Pledges"), _("Pledged"), _("Received so far"), _("Outstanding")]

        def lines(rows):
            return [
                [row.label, row.pledges, row.pledged, row.received, row.outstanding] for row in rows
            ]

        unit_rows = [
            [u.label, u.kind, u.pledges, u.pledged, u.received, u.outstanding] for u in self.units
        ]
        sheets = [
            Sheet(
                _("By unit"),
                [_("Donor"), _("Kind"), *headings],
                unit_rows,
                money_columns={3, 4, 5},
                widths={"A": 40, "B": 20},
            ),
            Sheet(
                _("By kind of donor"), [_("Kind"), *headings], lines(self.kinds), money, {"A": 28}
            ),
            Sheet(
                _("Over time"),
                [_("Date"), _("Pledged"), _("Received so far"), _("Outstanding")],
                [[day, p, r, p - r] for day, p, r in self.points],
                {1, 2, 3},
                {"A": 14},
            ),
        ]
        return xlsx_response(f"ket-qua-van-dong-{self.ceremony.pk}.xlsx", sheets)
