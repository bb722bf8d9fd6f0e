"""Admin registration for reconciliation: permission policies, the menu group, the donor
chooser of the queue, and the audit log actions."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Decision, FeedSource, SavedColumnMapping, StatementImport, StatementLine
from .services import audit
from .viewsets.base import ServicesOnlyPermissionPolicy
from .viewsets.choosers import donor_chooser_viewset

# Registered before any viewset asks for a policy (Wagtail would otherwise create defaults).
register_permission_policy(StatementLine, ServicesOnlyPermissionPolicy(StatementLine))
register_permission_policy(Decision, ServicesOnlyPermissionPolicy(Decision))
register_permission_policy(
    StatementImport, ServicesOnlyPermissionPolicy(StatementImport, forbidden=("change", "delete"))
)
# Imports and lines point at these (PROTECT): they are switched off or renamed, not deleted.
for _model in (FeedSource, SavedColumnMapping):
    register_permission_policy(_model, ServicesOnlyPermissionPolicy(_model, forbidden=("delete",)))


@hooks.register("register_log_actions")
def register_reconciliation_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_reconciliation_viewsets():
    from .viewsets import ReconciliationViewSetGroup

    return [ReconciliationViewSetGroup(), donor_chooser_viewset]
