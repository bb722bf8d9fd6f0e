"""Admin registration for reconciliation: permission policies, the menu group, the donor
chooser of the queue, the audit log actions, and the panels on the admin home (the queue,
statements being processed: for whoever may see lines or upload statements)."""

from wagtail import hooks

from sitewide.admin_toolkit import register_forbidden_actions

from .models import Decision, FeedSource, SavedColumnMapping, StatementImport, StatementLine
from .services import audit
from .viewsets.choosers import donor_chooser_viewset

# Registered before any viewset asks for a policy (Wagtail would otherwise create defaults).
# Written only by reconciliation's services: nobody, not even a superuser, adds, edits or
# deletes them through generic admin views (an import is added through the upload form).
register_forbidden_actions((StatementLine, Decision), forbidden=("add", "change", "delete"))
register_forbidden_actions((StatementImport,), forbidden=("change", "delete"))
# Imports and lines point at these (PROTECT): they are switched off or renamed, not deleted.
register_forbidden_actions((FeedSource, SavedColumnMapping), forbidden=("delete",))


@hooks.register("register_log_actions")
def register_reconciliation_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_reconciliation_viewsets():
    from .viewsets import ReconciliationViewSetGroup

    return [ReconciliationViewSetGroup(), donor_chooser_viewset]


@hooks.register("construct_homepage_panels")
def add_reconciliation_panels(request, panels):
    from .viewsets.home_panels import QueuePanel, UploadsPanel

    if request.user.has_perm("reconciliation.view_statementline"):
        panels.append(QueuePanel())
    if request.user.has_perm("reconciliation.add_statementimport"):
        panels.append(UploadsPanel())
