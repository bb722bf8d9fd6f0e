"""Support's entries in Wagtail's log (ModelLogEntry): who proposed, approved, returned,
revoked a decision, moved a house to its next stage, changed a household's consent.

An entry's data holds amounts, decision numbers, stages, consent levels and reasons typed by
staff, never a household's private details (CCCD, phone, address, bank account, reason for
support): the site history is read by more people than Front staff.
"""

from django.utils.translation import gettext_lazy as _

from donations.services.audit import log_entry, make_formatter

PROPOSE = "support.decision.propose"
APPROVE = "support.decision.approve"
RETURN = "support.decision.return"
REVOKE = "support.decision.revoke"
CHANGE_LINES = "support.decision.lines"
HOUSE_STAGE = "support.house.stage"
HOUSE_PHOTO = "support.house.photo"
CONSENT = "support.beneficiary.consent"
ERASE = "support.beneficiary.erase"
IMPORT = "support.beneficiary.import"
STORY = "support.line.story"

ACTIONS = {
    PROPOSE: (_("Propose decision"), _("Decision proposed")),
    APPROVE: (_("Approve decision"), _("Decision approved")),
    RETURN: (_("Return decision"), _("Decision returned")),
    REVOKE: (_("Revoke decision"), _("Decision revoked")),
    CHANGE_LINES: (_("Change decision lines"), _("Decision lines changed")),
    HOUSE_STAGE: (_("House stage"), _("House moved to a new stage")),
    HOUSE_PHOTO: (_("House photo"), _("Photo added to a house")),
    CONSENT: (_("Change consent"), _("Consent to be named changed")),
    ERASE: (_("Erase private details"), _("Private details erased")),
    IMPORT: (_("Import list"), _("Household imported from a commune's list")),
    STORY: (_("Link story"), _("Story link changed")),
}


def register_actions(actions):
    """Called from the register_log_actions hook in support/wagtail_hooks.py."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action)(make_formatter(label, message))


__all__ = ["ACTIONS", "log_entry", "register_actions"]
