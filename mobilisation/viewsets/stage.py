"""The stage screen: the page a projector shows during the ceremony. The pledges announced so
far (the newest first, largest) and the running total, in type read from the back of a hall;
it reloads itself every few seconds with a meta refresh, so it needs no script at all and
keeps working under the admin's Content-Security-Policy."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from mobilisation.scoping import ceremonies_for
from mobilisation.services.ceremonies import ceremony_pledges, running_total
from sitewide.admin_toolkit import RequirePermissionMixin

from .base import VIEW_CEREMONY

STAGE_LINES = 8


class StageView(RequirePermissionMixin, TemplateView):
    required_permissions = VIEW_CEREMONY
    template_name = "mobilisation/admin/stage.html"

    def get_context_data(self, **kwargs):
        ceremony = get_object_or_404(
            ceremonies_for(self.request.user).select_related("campaign"), pk=kwargs["pk"]
        )
        count, total = running_total(ceremony)
        latest = [p for p in ceremony_pledges(ceremony) if not p.is_cancelled][::-1]
        return {
            **super().get_context_data(**kwargs),
            "ceremony": ceremony,
            "count": count,
            "total": total,
            "latest": latest[:STAGE_LINES],
            "refresh": getattr(settings, "MOBILISATION_STAGE_REFRESH_SECONDS", 5),
        }
