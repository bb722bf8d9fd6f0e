"""Admin registration for the ledger: permission policies, menu group, choosers, audit log
actions, and the guard that keeps campaign pages with money from being deleted."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from donations.models import Allocation, Pledge, Receipt, Reversal
from donations.services import audit
from donations.views.protection import pages_with_money
from donations.viewsets.base import AppendOnlyPermissionPolicy
from donations.viewsets.choosers import donor_chooser_viewset, pledge_chooser_viewset


class NoDeletePermissionPolicy(AppendOnlyPermissionPolicy):
    """Pledges are edited (due date, note) but never deleted: they are cancelled."""

    FORBIDDEN = {"delete"}


# Registered before any viewset asks for a policy (Wagtail would otherwise create defaults).
for _model in (Receipt, Allocation, Reversal):
    register_permission_policy(_model, AppendOnlyPermissionPolicy(_model))
register_permission_policy(Pledge, NoDeletePermissionPolicy(Pledge))


@hooks.register("register_log_actions")
def register_ledger_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_ledger_viewsets():
    from donations.viewsets import LedgerViewSetGroup

    return [LedgerViewSetGroup(), donor_chooser_viewset, pledge_chooser_viewset]


def _refuse_if_money(request, pages):
    protected = pages_with_money(pages)
    if protected:
        messages.error(
            request,
            _(
                "“%(title)s” has donations or pledges recorded against it and cannot be "
                "deleted; unpublish it instead."
            )
            % {"title": protected[0].title},
        )
        return redirect("wagtailadmin_explore", protected[0].get_parent().pk)
    return None


@hooks.register("before_delete_page")
def keep_campaigns_with_money(request, page):
    return _refuse_if_money(request, [page])


@hooks.register("before_bulk_action")
def keep_campaigns_with_money_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        return _refuse_if_money(request, objects)
    return None
