"""Hooks that keep the public record up to date without changing the ledger's services.

- A receipt, voucher or reversal written: its line is published once the transaction commits
  (publishing.publish_pending for those ids; the daily command catches anything missed, and
  verify_ledger proves nothing is).
- The public name of a receipt or a household changed (compared with the name before the
  save): the donor withdrew or gave consent (donations.services.change_donor_disclosure,
  change_disclosure), the household's consent changed (support.services.change_consent) or its
  name was corrected: the salts of their entries are forgotten at once, in the same
  transaction, so the log no longer confirms a name that is not shown; a household's stored
  copies of the distributions CSV (donations.public.exports.forget_copies) are forgotten too.
- A voucher written or saved again (its handover attached): the money version moves at once
  (not only when its line is published at commit), so the disclosure's sums counted once per
  version (queries.per_version) and its stored CSV are made again; a voucher written or
  reversed also moves the money-out version (pages.MONEY_OUT_KEY: support items' progress),
  which a gift does not.
"""

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from donations.models import Receipt, Reversal, Voucher
from donations.public.exports import forget_copies
from donations.signals import receipts_written
from sitewide.caching.invalidation import money_changed, money_out_changed
from support.models import Beneficiary, DecisionLine

from . import publishing

UID = "disclosure.%s"
NONE = {"receipt_ids": [], "voucher_ids": [], "reversal_ids": []}


def _publish_later(kind, pk):
    """Publish this record when the transaction commits: one publish per transaction, for
    every record it wrote (a demo or an import writes thousands)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        publishing.publish_pending(**{**NONE, kind: [pk]})
        return
    batch = getattr(connection, "_disclosure_batch", None)
    waiting = [func for _sids, func, _robust in connection.run_on_commit]
    if batch is None or batch["done"] or batch["run"] not in waiting:
        ids = {name: [] for name in NONE}

        def run():
            batch["done"] = True
            publishing.publish_pending(**ids)

        batch = connection._disclosure_batch = {"run": run, "ids": ids, "done": False}
        transaction.on_commit(run)
    batch["ids"][kind].append(pk)


def remember_public_name(sender, instance, raw=False, **kwargs):
    """Before a receipt or a household is saved again: the public name it had, to compare."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).first()
    instance._disclosure_public_name = _public_name(old) if old is not None else None


def _public_name(record):
    if isinstance(record, Receipt):
        return publishing.receipt_name(record)
    return record.public_name()


def _name_changed(instance):
    before = getattr(instance, "_disclosure_public_name", None)
    return before is not None and before != _public_name(instance)


def receipt_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        if instance.campaign_id:
            _publish_later("receipt_ids", instance.pk)
    elif _name_changed(instance):
        publishing.forget_names(publishing.RECEIPT, [instance.pk])


def receipts_bulk_written(sender, receipt_ids, **kwargs):
    """A statement import's automatic matches, written without post_save."""
    for pk in receipt_ids:
        _publish_later("receipt_ids", pk)


def voucher_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        money_out_changed()
        if instance.campaign_id:
            _publish_later("voucher_ids", instance.pk)
    money_changed()


def reversal_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.voucher_id:
        money_out_changed()
    if created and not raw and (instance.receipt_id or instance.voucher_id):
        _publish_later("reversal_ids", instance.pk)


def beneficiary_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw and _name_changed(instance):
        publishing.forget_names(publishing.VOUCHER, publishing.vouchers_of_household(instance.pk))
        forget_copies(
            DecisionLine.objects.filter(beneficiary=instance).values_list(
                "decision__campaign_id", flat=True
            )
        )


def connect():
    pre_save.connect(remember_public_name, sender=Receipt, dispatch_uid=UID % "receipt-name")
    pre_save.connect(remember_public_name, sender=Beneficiary, dispatch_uid=UID % "household-name")
    post_save.connect(receipt_saved, sender=Receipt, dispatch_uid=UID % "receipt")
    receipts_written.connect(receipts_bulk_written, dispatch_uid=UID % "bulk-receipts")
    post_save.connect(voucher_saved, sender=Voucher, dispatch_uid=UID % "voucher")
    post_save.connect(reversal_saved, sender=Reversal, dispatch_uid=UID % "reversal")
    post_save.connect(beneficiary_saved, sender=Beneficiary, dispatch_uid=UID % "beneficiary")
