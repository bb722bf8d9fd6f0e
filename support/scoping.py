"""Who sees which support records: Front staff of the province (and superusers) everything;
commune Front staff the decisions of their funds (donations.scoping.visible_funds) and the
households of those funds' communes. Every support screen filters through these, so another
commune's record is answered 404."""

from django.db.models import Q

from donations.scoping import sees_all_funds, visible_funds
from sitewide.models import Area

from .models import Beneficiary, Decision, House


def decisions_for(user):
    return Decision.objects.filter(fund__in=visible_funds(user))


def visible_communes(user):
    """The areas of the user's funds, and the communes under them (a province fund's)."""
    areas = visible_funds(user).values("area_id")
    return Area.objects.filter(Q(pk__in=areas) | Q(parent__in=areas) | Q(parent__parent__in=areas))


def beneficiaries_for(user):
    if sees_all_funds(user):
        return Beneficiary.objects.all()
    return Beneficiary.objects.filter(commune__in=visible_communes(user))


def houses_for(user):
    return House.objects.filter(line__decision__in=decisions_for(user))
