"""Admin registration of mobilisation: its menu (ceremonies, imports, reminders), the audit
log action of a reminder sent (shown in the pledge's history), the links from the ledger's
reminder list and pledge page to the sending screens."""

from wagtail import hooks

from mobilisation.models import CeremonyPledge, PledgeImport, Reminder
from mobilisation.services import reminders
from sitewide.admin_toolkit import register_forbidden_actions

# Written by the services only: announced pledges, imports (confirmed or not), reminders sent.
register_forbidden_actions((CeremonyPledge, Reminder), forbidden=("change", "delete"))
register_forbidden_actions((PledgeImport,), forbidden=("change", "delete"))


@hooks.register("register_log_actions")
def register_mobilisation_log_actions(actions):
    reminders.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_mobilisation_viewsets():
    from mobilisation.viewsets import MobilisationViewSetGroup

    return MobilisationViewSetGroup()
