"""HonourTotal: the honour roll kept as running sums, one row per campaign, donor and name.

The honour roll lists what each donor who agreed to be named gave a campaign, largest first.
Summing every named gift of a campaign on each request takes a second at ten million receipts,
so the services keep these rows in the same transaction as each receipt, reversal and change of
disclosure (donations.services.honour); a page is then an index walk over this table. The rows
can always be rebuilt from the receipts (donations.services.honour.rebuild_honour_totals) and
`manage.py verify_ledger` checks that they equal them.

A row holds the counting (not reversed) receipts of its key whose disclosure names the donor:
their total, how many, and when the first and the last arrived. Grouped by donor as well as by
name, so two people shown as "Nguyễn V. A." stay two rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HonourTotal(models.Model):
    campaign = models.ForeignKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+"
    )
    donor = models.ForeignKey("donations.Donor", on_delete=models.CASCADE, related_name="+")
    public_name = models.CharField(max_length=200)
    amount = models.BigIntegerField(default=0)
    gifts = models.IntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        verbose_name = _("honour roll total")
        indexes = [
            # A page of the honour roll: largest total first, walked in index order.
            models.Index(
                fields=["campaign", "-amount", "public_name", "donor"], name="honour_total_rank"
            ),
        ]
        constraints = [
            # The conflict target of the services' upsert.
            models.UniqueConstraint(
                fields=["campaign", "donor", "public_name"], name="honour_total_one_row"
            ),
        ]

    def __str__(self):
        return f"{self.public_name}: {self.amount}"


class HonourTally(models.Model):
    """How many honour rows of a campaign have each total: the honour roll's page N starts
    after (N-1) × page size rows, and these few rows (one per distinct total) say at which
    total that is, so a deep page walks the index from there instead of skipping every row
    above it (OFFSET 600.000 takes a fifth of a second). Kept with HonourTotal, in the same
    transaction, by donations.services.honour."""

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+"
    )
    amount = models.BigIntegerField()
    names = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("honour roll tally")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "amount"], name="honour_tally_one_row"),
        ]

    def __str__(self):
        return f"{self.amount}: {self.names}"
