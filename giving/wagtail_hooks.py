"""Admin registration of online giving: the gifts viewset (Front staff only), its permission
policy, and the audit log actions of refunds."""

from wagtail import hooks

from giving.models import GiftRefund, OnlineGift
from giving.services import refunds
from sitewide.admin_toolkit import register_forbidden_actions

# Registered before any viewset asks for a policy (Wagtail would otherwise create defaults).
# Gifts are written by donors and the payment services, refunds by the refund service, never by
# hand: add, change and delete are refused to everyone, superusers included.
register_forbidden_actions((OnlineGift, GiftRefund), forbidden=("add", "change", "delete"))


@hooks.register("register_log_actions")
def register_giving_log_actions(actions):
    refunds.register_actions(actions)


@hooks.register("register_admin_viewset")
def register_online_gift_viewset():
    from giving.viewsets import online_gift_viewset

    return online_gift_viewset
