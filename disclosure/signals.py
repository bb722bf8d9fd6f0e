"""Hooks that keep the public record up to date without changing the ledger's services.

- A receipt, voucher or reversal written: its line is published once the transaction commits
  (publishing.publish_pending for those ids; the daily command catches anything missed, and
  verify_ledger proves nothing is).
- A receipt's public name changed (the donor withdrew or gave consent,
  donations.services.change_donor_disclosure / change_disclosure) or a household's consent
  changed (support.services.change_consent): the salts of their entries are forgotten at once,
  in the same transaction.
"""

from django.db import transaction
from django.db.models.signals import post_save

from donations.models import Receipt, Reversal, Voucher
from support.models import Beneficiary

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


def receipt_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if created:
        if instance.campaign_id:
            _publish_later("receipt_ids", instance.pk)
    elif update_fields is None or {"disclosure", "public_name"} & set(update_fields):
        publishing.forget_names(publishing.RECEIPT, [instance.pk])


def voucher_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.campaign_id:
        _publish_later("voucher_ids", instance.pk)


def reversal_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and (instance.receipt_id or instance.voucher_id):
        _publish_later("reversal_ids", instance.pk)


def beneficiary_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if created or raw:
        return
    if update_fields is None or {"consent", "head_name", "head_gender"} & set(update_fields):
        publishing.forget_names(publishing.VOUCHER, publishing.vouchers_of_household(instance.pk))


def connect():
    post_save.connect(receipt_saved, sender=Receipt, dispatch_uid=UID % "receipt")
    post_save.connect(voucher_saved, sender=Voucher, dispatch_uid=UID % "voucher")
    post_save.connect(reversal_saved, sender=Reversal, dispatch_uid=UID % "reversal")
    post_save.connect(beneficiary_saved, sender=Beneficiary, dispatch_uid=UID % "beneficiary")
