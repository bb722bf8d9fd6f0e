"""What the ceremony's own screens share: the ceremony looked up after the permission check,
among the user's own (mobilisation.scoping; another commune's is 404), and Wagtail's admin frame
with a breadcrumb back to the ceremony."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from mobilisation.models import Ceremony
from mobilisation.scoping import ceremonies_for
from sitewide.admin_toolkit import RequirePermissionMixin

VIEW_CEREMONY = ("mobilisation.view_ceremony",)


class CeremonyScreen(RequirePermissionMixin, WagtailAdminTemplateMixin):
    required_permissions = VIEW_CEREMONY
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(self.required_permissions):
            return super().dispatch(request, *args, **kwargs)  # refused there
        self.ceremony = get_object_or_404(
            ceremonies_for(request.user).select_related("campaign"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.ceremony.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ceremony:index"), "label": Ceremony._meta.verbose_name_plural},
            {"url": reverse("ceremony:inspect", args=[self.ceremony.pk]), "label": self.ceremony},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ceremony": self.ceremony}
