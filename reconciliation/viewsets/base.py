"""Building blocks of reconciliation's admin: the history and usage views that whoever may see
a line or an import may read, and the base of the small action views (a form on one statement
line that calls one service). What every app's admin shares is in sitewide.admin_toolkit.

Who may do what is decided by model permissions that a data migration grants to the Front
staff group only (reconciliation/migrations/0002_front_staff_permissions.py); editors and
moderators hold none, so every view here refuses them.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from reconciliation.statements import StatementError
from sitewide.admin_toolkit import ObjectActionView

from ..models import StatementLine


class ReadableHistoryView(HistoryView):
    """Lines and imports are never changed by hand, yet whoever may see them sees their log."""

    any_permission_required = ["add", "change", "delete", "view"]


class ReadableUsageView(UsageView):
    permission_required = None
    any_permission_required = ["add", "change", "view"]


class LineActionView(ObjectActionView):
    """A form acting on one statement line through one service, then back to the line."""

    template_name = "reconciliation/admin/line_action.html"
    header_icon = "tasks"
    required_permissions = ("reconciliation.add_decision", "donations.add_receipt")
    back_url_name = "reconciliation_line:inspect"
    context_object_name = "line"
    # A statement's error names its row and column; it is shown on the form as a whole.
    service_errors = (ValidationError, StatementError)
    breadcrumbs_items = [
        {"url": reverse_lazy("reconciliation_line:index"), "label": _("Reconciliation queue")}
    ]

    @property
    def line(self):
        return self.object

    def get_queryset(self):
        return StatementLine.objects.select_related("bank_account", "bank_account__fund")
