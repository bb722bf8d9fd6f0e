import datetime
import json

import pytest
from django.core.management import call_command

from disclosure import integrity, publishing
from disclosure.models import PublishedLine
from donations.integrity import registered
from donations.models import Disclosure
from donations.services import change_donor_disclosure, reverse_receipt, reverse_voucher
from public_record.canonical import commitment
from public_record.models import Entry, Salt
from support import services as support_services
from support.models import Consent
from tests.support.conftest import (
    SECRET_ADDRESS,
    SECRET_BANK,
    SECRET_CCCD,
    SECRET_PHONE,
    SECRET_REASON,
)

from .conftest import (
    SECRET_DONOR_ADDRESS,
    SECRET_DONOR_EMAIL,
    SECRET_DONOR_PHONE,
    SECRET_MEMO,
    SECRET_PAYER,
    entries_text,
    gift,
)

SECRETS = (
    SECRET_CCCD, SECRET_PHONE, SECRET_ADDRESS, SECRET_BANK, SECRET_REASON, SECRET_DONOR_PHONE,
    SECRET_DONOR_EMAIL, SECRET_DONOR_ADDRESS, SECRET_MEMO, SECRET_PAYER, "Hồ Thị Nhung",
    "Nguyễn Văn An",
)  # fmt: skip


def body_of(kind, record):
    line = PublishedLine.objects.get(kind=kind, record_id=record.pk)
    return line.entry, json.loads(line.entry.data)


def test_each_money_write_publishes_its_line_once_on_commit(world):
    kinds = sorted(PublishedLine.objects.values_list("kind", flat=True))
    assert kinds == ["receipt", "receipt", "receipt", "voucher"]
    # The gifts without a campaign (support's world money) are not public lines.
    assert Entry.objects.count() == 4
    assert publishing.publish_pending() == {"receipt": 0, "voucher": 0, "correction": 0}
    assert Entry.objects.count() == 4


def test_a_named_receipt_commits_to_its_public_name_with_a_salt(world):
    entry, data = body_of("receipt", world.named)
    assert data["kind"] == "receipt"
    body = data["body"]
    assert body["number"] == world.named.number
    assert body["amount"] == 5_000_000
    assert body["date"] == "2026-10-21"
    assert body["channel"] == "cash"
    assert body["campaign"] == world.campaign.slug
    salt = Salt.objects.get(entry=entry, field="donor").salt
    assert body["donor"] == commitment(salt, "Nguyễn Văn An")


def test_an_anonymous_receipt_has_no_name_at_all(world):
    entry, data = body_of("receipt", world.bank)
    assert "donor" not in data["body"]
    assert not Salt.objects.filter(entry=entry).exists()


def test_a_voucher_publishes_decision_commune_and_the_household_as_a_commitment(world):
    entry, data = body_of("voucher", world.voucher)
    body = data["body"]
    assert body["decision"] == "7/QĐ-BVĐ"
    assert body["commune"] == world.commune.name
    assert body["support_type"] == "house_new"
    assert body["amount"] == 60_000_000
    salt = Salt.objects.get(entry=entry, field="household").salt
    assert body["household"] == commitment(salt, "Hộ bà Hồ T. N.")


def test_nothing_private_is_in_any_entry_or_salt(world):
    text = entries_text()
    for secret in SECRETS:
        assert secret not in text


def test_a_reversal_is_published_as_a_correction_after_its_line(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reverse_receipt(world.bank, reason="Ghi nhầm chiến dịch", user=world.front)
    line = PublishedLine.objects.get(kind="correction")
    corrected, _data = body_of("receipt", world.bank)
    body = json.loads(line.entry.data)["body"]
    assert body == {
        "corrects": world.bank.number,
        "corrects_entry": corrected.index,
        "target": "receipt",
        "date": body["date"],
        "reason": "Ghi nhầm chiến dịch",
    }
    assert line.entry_id > corrected.index


def test_the_command_publishes_what_the_hooks_missed(world):
    # A reversal written without its commit hook running (a restore, a bulk fix).
    reverse_voucher(world.voucher, reason="Trả lại do sai số tiền", user=world.front)
    assert not PublishedLine.objects.filter(kind="correction").exists()
    failed = integrity.every_line_published()
    assert failed.count == 1
    call_command("publish_public_record", verbosity=0)
    assert PublishedLine.objects.filter(kind="correction").count() == 1
    assert integrity.every_line_published().ok


def test_the_checks_are_in_verify_ledger_and_pass(world):
    names = {check.name for check in registered()}
    assert "disclosure.integrity.entries_match_records" in names
    assert integrity.entries_match_records().ok
    assert integrity.every_line_published().ok


def test_an_entry_edited_in_the_database_is_caught(world):
    entry, data = body_of("receipt", world.goods)
    data["body"]["amount"] = 1_000
    Entry.objects.filter(pk=entry.pk).update(
        data=json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    )
    result = integrity.entries_match_records()
    assert result.count == 1
    assert "amount" in result.examples[0]


def test_donor_withdrawing_consent_forgets_the_salt_at_once(world):
    entry, data = body_of("receipt", world.named)
    change_donor_disclosure(world.donor, Disclosure.ANONYMOUS, user=world.front, reason="Rút")
    assert not Salt.objects.filter(entry=entry).exists()
    # The entry itself is unchanged, and the check still passes without the salt.
    entry.refresh_from_db()
    assert json.loads(entry.data) == data
    assert integrity.entries_match_records().ok


def test_household_withdrawing_consent_forgets_the_salt_at_once(world):
    support_services.change_consent(
        world.household, consent=Consent.FULL_NAME, on=datetime.date(2026, 11, 6), user=world.front
    )
    entry, _data = body_of("voucher", world.voucher)
    assert not Salt.objects.filter(entry=entry).exists()
    assert integrity.entries_match_records().ok


def test_a_salt_kept_after_the_name_changed_is_caught(world):
    entry, _data = body_of("receipt", world.named)
    # Consent changed behind the hooks' back (a hand-made fix): the salt was not forgotten.
    from donations.models import Receipt

    Receipt.objects.filter(pk=world.named.pk).update(public_name="Nguyễn V. A.")
    result = integrity.entries_match_records()
    assert result.count == 1


@pytest.mark.parametrize("field", ["disclosure"])
def test_changing_a_single_receipt_disclosure_forgets_its_salt(world, field):
    from donations.services import change_disclosure

    entry, _data = body_of("receipt", world.named)
    change_disclosure(world.named, Disclosure.MASKED, user=world.front, reason="Yêu cầu")
    assert not Salt.objects.filter(entry=entry).exists()


def test_receipts_given_by_id_are_published_in_id_order_each_once(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """An import hands its receipts' ids over in any order: they are read BATCH ids at a
    time, each batch once, and appended in id order (the order of every other publish)."""
    monkeypatch.setattr(publishing, "BATCH", 2)
    with django_capture_on_commit_callbacks(execute=False):  # the hook would publish them
        written = [gift(world, 100_000 * n, datetime.date(2026, 10, 23)) for n in range(1, 6)]
    before = Entry.objects.count()
    ids = [receipt.pk for receipt in reversed(written)]

    assert publishing.publish_pending(receipt_ids=[*ids, ids[0]], voucher_ids=[]) == {
        "receipt": 5,
        "voucher": 0,
        "correction": 0,
    }
    published = PublishedLine.objects.filter(kind="receipt", entry_id__gte=before)
    assert list(published.order_by("entry_id").values_list("record_id", flat=True)) == sorted(ids)
    assert publishing.publish_pending(receipt_ids=ids, voucher_ids=[])["receipt"] == 0
