"""Online giving's bank-transfer gifts as targets of payment codes (donations.code_targets).

A donor who chose "bank transfer" on a campaign page got a VietQR code whose memo carries the
gift's payment code. When a line with that code arrives, giving's own service records the
receipt with the donor's publication choice and marks the gift paid (giving.services
.record_transfer); reconciliation only finds and locks the gift, through the ledger's registry.
When staff reverse that decision, giving's release_transfer puts the gift back to waiting, so
the right line can pay it. Registered by GivingConfig.ready().
"""

from donations.code_targets import CodeResolver, CodeTarget
from donations.models import CampaignFund
from giving.models import GiftMethod, OnlineGift
from giving.services import record_transfer, release_transfer


class TransferGiftResolver(CodeResolver):
    name = "giving.transfer"

    def resolve(self, codes, *, fund_id):
        gifts = list(
            OnlineGift.objects.select_for_update(of=("self",))
            .filter(method=GiftMethod.TRANSFER, payment_code__in=sorted(codes))
            .filter(receipt__isnull=True)
            .order_by("pk")
        )
        funds = dict(
            CampaignFund.objects.filter(
                campaign_id__in={gift.campaign_id for gift in gifts}
            ).values_list("campaign_id", "fund_id")
        )
        return {
            gift.payment_code: CodeTarget(
                code=gift.payment_code,
                outstanding=gift.amount,
                fund_id=fund_id,
                campaign_id=gift.campaign_id,
                disclosure=gift.disclosure,
                obj=gift,
                label=str(gift),
                accepts_any_amount=True,
            )
            for gift in gifts
            if funds.get(gift.campaign_id) == fund_id
        }

    def record(self, target, line, account, *, user=None):
        return record_transfer(
            target.obj,
            amount=line.amount,
            received_at=line.booked_at,
            bank_account=account,
            user=user,
            bank_reference=line.bank_reference,
            memo=line.memo,
            payer_name=line.counterparty_name,
        )

    def release(self, receipts, *, user=None):
        gifts = OnlineGift.objects.filter(
            method=GiftMethod.TRANSFER, receipt__in=[receipt.pk for receipt in receipts]
        ).order_by("pk")
        for gift in gifts:
            release_transfer(gift)
