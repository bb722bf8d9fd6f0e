"""Building blocks of reconciliation's admin: the history and usage views, the base of the
small action views (a form on one statement line that calls one service).

Who may do what is decided by model permissions that a data migration grants to the Front
staff group only (reconciliation/migrations/0002_front_staff_permissions.py); editors and
moderators hold none, so every view here refuses them.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from donations.statements import StatementError

from ..models import StatementLine


class ReadableHistoryView(HistoryView):
    """Lines and imports are never changed by hand, yet whoever may see them sees their log."""

    any_permission_required = ["add", "change", "delete", "view"]


class ReadableUsageView(UsageView):
    permission_required = None
    any_permission_required = ["add", "change", "view"]


def add_service_errors(form, error):
    """Put a service's error on the form: a ValidationError on the fields it names, a
    StatementError (with its row and column) on the form as a whole."""
    if isinstance(error, StatementError):
        form.add_error(None, str(error))
        return
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in field_errors:
                form.add_error(target, message)
        return
    for message in error.messages:
        form.add_error(None, message)


class RequirePermissionMixin:
    """Refuse (PermissionDenied) unless the user holds every permission in
    ``required_permissions``."""

    required_permissions = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(self.required_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LineActionView(RequirePermissionMixin, WagtailAdminTemplateMixin, FormView):
    """A form acting on one statement line through one service, then back to the line."""

    template_name = "reconciliation/admin/line_action.html"
    header_icon = "tasks"
    required_permissions = ("reconciliation.add_decision", "donations.add_receipt")
    submit_button_label = _("Save")
    success_message = ""
    _show_breadcrumbs = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.line = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])

    def get_queryset(self):
        return StatementLine.objects.select_related("bank_account", "bank_account__fund")

    def get_page_subtitle(self):
        return str(self.line)

    @cached_property
    def line_url(self):
        return reverse("reconciliation_line:inspect", args=[self.line.pk])

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("reconciliation_line:index"), "label": _("Reconciliation queue")},
            {"url": self.line_url, "label": str(self.line)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            line=self.line,
        )
        return context

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except (ValidationError, StatementError) as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"line": self.line})
        return redirect(self.line_url)
