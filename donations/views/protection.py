"""Which pages may not be deleted because money or pledges are recorded against them."""

from django.db.models import Exists, OuterRef, Q

from campaigns.models import CampaignPage
from donations.models import Pledge, Receipt


def _campaigns_with_money():
    return CampaignPage.objects.filter(
        Q(Exists(Receipt.objects.filter(campaign=OuterRef("pk"))))
        | Q(Exists(Pledge.objects.filter(campaign=OuterRef("pk"))))
    )


def pages_with_money(pages):
    """Campaign pages among ``pages`` and their descendants that have receipts or pledges.

    Deleting a page deletes its subtree, so a campaign index is protected by its campaigns.
    The foreign keys are PROTECT as well; this check turns the database's refusal into a
    clear message before anything is attempted.
    """
    condition = Q()
    for page in pages:
        condition |= Q(path__startswith=page.path)
    if not condition:
        return []
    return list(_campaigns_with_money().filter(condition).order_by("path"))


def paths_of_pages_with_money():
    """Tree paths of every campaign page with money, in one query, so an admin listing can ask
    ``keeps_money(page, paths)`` for each of its rows without a query per row."""
    return list(_campaigns_with_money().values_list("path", flat=True))


def keeps_money(page, paths):
    """True if deleting ``page`` would delete a campaign in ``paths`` (itself or below it)."""
    return any(path.startswith(page.path) for path in paths)
