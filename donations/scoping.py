"""Which funds a staff account works on.

Province Front staff (and superusers) see every fund. A commune Front account sees the funds it
is assigned to (FundAssignment, kept by superusers) and the funds that report to them; anyone
else sees none. Every money-out screen filters its records by ``visible_funds``, so a commune
account asking for another fund's voucher gets "not found" (404), not a refusal that would
tell it the voucher exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from donations.models import Fund, FundAssignment
from sitewide.groups import COMMUNE_FRONT_STAFF, FRONT_STAFF

if TYPE_CHECKING:
    from django.db.models import QuerySet


def _group_names(user):
    return set(user.groups.values_list("name", flat=True))


def sees_all_funds(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or FRONT_STAFF in _group_names(user)


def visible_funds(user) -> QuerySet[Fund]:
    if sees_all_funds(user):
        return Fund.objects.all()
    if not getattr(user, "is_authenticated", False) or COMMUNE_FRONT_STAFF not in _group_names(
        user
    ):
        return Fund.objects.none()
    ids = set(FundAssignment.objects.filter(user=user).values_list("fund_id", flat=True))
    frontier = set(ids)
    # Funds nest a few levels at most (province → commune): walk down level by level.
    while frontier:
        frontier = (
            set(Fund.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        )
        ids |= frontier
    return Fund.objects.filter(pk__in=ids)
