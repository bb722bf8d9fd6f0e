"""Which pages may not be deleted because money or pledges are recorded against them."""

from django.db.models import Exists, OuterRef, Q

from campaigns.models import CampaignPage
from donations.models import Pledge, Receipt


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
    return list(
        CampaignPage.objects.filter(condition)
        .filter(
            Q(Exists(Receipt.objects.filter(campaign=OuterRef("pk"))))
            | Q(Exists(Pledge.objects.filter(campaign=OuterRef("pk"))))
        )
        .order_by("path")
    )
