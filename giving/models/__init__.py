from .gifts import (
    RECEIVED_STATUSES,
    GiftMethod,
    GiftStatus,
    OnlineGift,
    donor_kind_for,
    public_name_of,
)
from .refunds import GiftRefund, RefundStatus

__all__ = [
    "RECEIVED_STATUSES",
    "GiftMethod",
    "GiftRefund",
    "GiftStatus",
    "OnlineGift",
    "RefundStatus",
    "donor_kind_for",
    "public_name_of",
]
