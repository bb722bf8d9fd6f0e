"""Admin registration of online giving: the gifts viewset (Front staff only), its permission
policy, and the audit log actions of refunds."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from giving.models import GiftRefund, OnlineGift
from giving.services import refunds
from giving.viewsets import ReadOnlyPermissionPolicy

# Registered before any viewset asks for a policy (Wagtail would otherwise create defaults).
register_permission_policy(OnlineGift, ReadOnlyPermissionPolicy(OnlineGift))
register_permission_policy(GiftRefund, ReadOnlyPermissionPolicy(GiftRefund))


@hooks.register("register_log_actions")
def register_giving_log_actions(actions):
    refunds.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_online_gift_viewset():
    from giving.viewsets import online_gift_viewset

    return online_gift_viewset
