"""Admin registration for support: the "Support" menu, what no one does in the generic views
(decisions, houses and levels are never deleted; decisions and houses change only through
their actions), the log's actions, and the board's panel on the admin home."""

from wagtail import hooks

from sitewide.admin_toolkit import register_forbidden_actions
from support import audit
from support.models import Beneficiary, Decision, House, SupportLevel

# Registered before any viewset asks for a policy (Wagtail would otherwise create defaults).
register_forbidden_actions((Decision,), forbidden=("change", "delete"))
# Houses are made when their decision is approved, and move on through their stages' actions.
register_forbidden_actions((House,), forbidden=("add", "change", "delete"))
register_forbidden_actions((SupportLevel, Beneficiary), forbidden=("delete",))


@hooks.register("register_log_actions")
def register_support_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_support_viewsets():
    from support.viewsets import SupportViewSetGroup

    return SupportViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_board_panel(request, panels):
    from support.services import APPROVE_PERMISSION
    from support.viewsets.home_panels import WaitingDecisionsPanel

    if request.user.has_perm(APPROVE_PERMISSION):
        panels.append(WaitingDecisionsPanel(request.user))
