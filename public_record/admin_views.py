"""Front staff's "sign a checkpoint now" (Admin → Public record)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from public_record import keys, services
from public_record.models import Checkpoint
from sitewide.admin_toolkit import RequirePermissionMixin

RECENT = 20


class SignCheckpointView(RequirePermissionMixin, WagtailAdminTemplateMixin, FormView):
    required_permissions = ("public_record.sign_checkpoint",)
    template_name = "public_record/admin/sign.html"
    form_class = forms.Form
    page_title = gettext_lazy("Public record")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["size"] = services.size()
        context["recent"] = Checkpoint.objects.select_related("requested_by").order_by("-size")[
            :RECENT
        ]
        context["count"] = Checkpoint.objects.count()
        return context

    def form_valid(self, form):
        try:
            checkpoint = services.sign_checkpoint(requested_by=self.request.user)
        except keys.NoSigningKey:
            messages.error(self.request, _("No signing key is configured: nothing was signed."))
        except services.InconsistentLog:
            messages.error(
                self.request,
                _("The stored tree no longer contains the last checkpoint: nothing was signed. "
                  "Run `manage.py check_public_record`."),
            )  # fmt: skip
        else:
            if checkpoint.created:
                messages.success(
                    self.request,
                    _("Checkpoint signed: %(size)s entries.") % {"size": checkpoint.size},
                )
            else:
                messages.info(
                    self.request,
                    _("No entry since the last checkpoint (%(size)s entries): nothing to sign.")
                    % {"size": checkpoint.size},
                )
        return redirect("public_record_sign")
