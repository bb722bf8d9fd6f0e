"""Appending, signing, proofs, consent and the self-check, through public_record.services."""

import hashlib
import json
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from public_record import services
from public_record.canonical import commit_name, commitment, entry_bytes
from public_record.integrity import check_tree
from public_record.models import Checkpoint, Entry, LogHead, Node, Salt
from tests.public_record.conftest import ORIGIN, append, load_verifier, receipt_body, sign

pytestmark = pytest.mark.django_db
VERIFIER = load_verifier()


def naive_root(entries):
    """RFC 6962's MTH, recursively, over the entries' bytes (independent of the service)."""
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1
    while k * 2 < len(entries):
        k *= 2
    return hashlib.sha256(b"\x01" + naive_root(entries[:k]) + naive_root(entries[k:])).digest()


def published():
    return [entry.data.encode() for entry in Entry.objects.order_by("index")]


def test_an_entry_is_canonical_json_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")
    data = entry_bytes("receipt", {"z": 1, "a": [True, None, decomposed], "đ": "Quỹ"})
    assert (
        data
        == '{"body":{"a":[true,null,"Nguyễn Thị Hòa"],"z":1,"đ":"Quỹ"},"kind":"receipt"}'.encode()
    )
    assert VERIFIER.canonical(data.decode())
    assert b"\n" not in entry_bytes("note", {"text": "hai\ndòng"})
    with pytest.raises(TypeError):
        entry_bytes("receipt", {"amount": 1.5})


def test_append_numbers_from_zero_and_keeps_the_rfc_root():
    entries = append(13)
    assert [entry.index for entry in entries] == list(range(13))
    head = LogHead.objects.get(pk=1)
    assert head.size == 13
    assert services.root_at(13) == naive_root(published())
    assert services.root_at(5) == naive_root(published()[:5])
    # Complete subtrees above 13 leaves: 6 pairs, 3 of four, 1 of eight.
    assert Node.objects.count() == 6 + 3 + 1
    assert check_tree().ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_append_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction"):
        services.append_entry(kind="receipt", body={"n": 1})
    assert not Entry.objects.exists()


def test_a_rolled_back_append_leaves_no_gap():
    with transaction.atomic():
        services.append_entry(kind="receipt", body={"n": 0})
        transaction.set_rollback(True)
    entry = append(1)[0]
    assert entry.index == 0


def test_an_append_is_a_handful_of_queries_whatever_the_size():
    append(100)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.append_entry(kind="receipt", body=receipt_body(100))
    assert len(queries) <= 8  # lock the head, the entry, a node, the head (and savepoints)


def test_the_bulk_path_writes_what_single_appends_write():
    """On PostgreSQL the bulk path writes with COPY: text that COPY escapes comes back as is."""
    tricky = 'a\\b\tc\nd"e\u2028f\\N'
    digest, salt = commit_name("Phạm Thu Hà")
    bodies = [{**receipt_body(number), "memo": tricky, "donor": digest} for number in range(5)]
    with transaction.atomic():
        for body in bodies:
            services.append_entry(kind="receipt", body=body, salts={"donor": salt})
    single = (published(), services.root_at(5), sorted(Salt.objects.values_list("entry", "salt")))
    Salt.objects.all().delete(), Entry.objects.all().delete()
    Node.objects.all().delete(), LogHead.objects.all().delete()
    with transaction.atomic():
        assert services.append_entries(("receipt", body, {"donor": salt}) for body in bodies) == (
            0,
            5,
        )
    assert json.loads(published()[2])["body"]["memo"] == tricky
    bulk = (published(), services.root_at(5), sorted(Salt.objects.values_list("entry", "salt")))
    assert bulk == single
    assert check_tree().ok


def test_checkpoints_are_signed_only_when_the_tree_grew_and_verify():
    first = sign()
    assert first.created and first.size == 0
    append(3)
    second = sign()
    assert second.created and second.size == 3
    again = sign()
    assert not again.created and again.pk == second.pk
    key = VERIFIER.VerifierKey(services.keys.verifier_key())
    text = key.open(second.note)
    assert VERIFIER.parse_checkpoint(text) == (ORIGIN, 3, naive_root(published()))
    assert Checkpoint.objects.count() == 2


def test_a_tree_that_lost_its_last_checkpoint_is_not_signed():
    append(3)
    checkpoint = sign()
    Node.objects.all().update(hash=b"\x00" * 32)  # the tree's history rewritten in the database
    append(1)
    with pytest.raises(services.InconsistentLog):
        sign()
    assert list(Checkpoint.objects.values_list("pk", flat=True)) == [checkpoint.pk]


def test_proofs_from_the_service_verify_against_the_signed_root():
    append(11)
    checkpoint = sign()
    root = bytes(checkpoint.root_hash)
    for index in range(11):
        proof = services.inclusion_proof(index, 11)
        assert VERIFIER.verify_inclusion(index, 11, proof["leaf_hash"], proof["audit_path"], root)
    for old in range(12):
        proof = services.consistency_proof(old, 11)
        assert VERIFIER.verify_consistency(
            old, 11, naive_root(published()[:old]), root, proof["proof"]
        )


def test_a_proof_is_a_few_indexed_queries():
    append(300)
    with CaptureQueriesContext(connection) as queries:
        services.inclusion_proof(123, 299)
    assert len(queries) == 1  # the size, the leaves and the subtrees wanted, in one query


@pytest.mark.parametrize(
    "call",
    [
        lambda: services.inclusion_proof(5, 5),
        lambda: services.inclusion_proof(0, 6),
        lambda: services.consistency_proof(4, 3),
        lambda: services.consistency_proof(1, 6),
    ],
)
def test_proofs_outside_the_tree_are_refused(call):
    append(5)
    with pytest.raises(services.RecordError):
        call()


def test_a_name_is_committed_to_and_its_salt_can_be_forgotten():
    name = "Trần Thị Bình"
    digest, salt = commit_name(name)
    assert len(bytes.fromhex(salt)) >= 16
    assert digest == hashlib.sha256(bytes.fromhex(salt) + name.encode()).hexdigest()
    assert commitment(salt, unicodedata.normalize("NFD", name)) == digest
    assert commit_name(name)[0] != digest  # a new salt each time
    with transaction.atomic():
        entry = services.append_entry(
            kind="receipt", body={"amount": 500_000, "donor": {"name": digest}},
            salts={"donor.name": salt},
        )  # fmt: skip
    assert name not in entry.data and digest in entry.data
    checkpoint = sign()
    assert services.entries(0, 1) == [(0, entry.data, {"donor.name": salt})]
    assert services.forget_salt(entry, "donor.name")
    assert not services.forget_salt(entry, "donor.name")
    assert services.entries(0, 1) == [(0, entry.data, {})]
    assert services.root_at(1) == bytes(checkpoint.root_hash)  # the tree did not change
    assert not Salt.objects.exists() and check_tree().ok


@pytest.mark.parametrize(
    "body, salts",
    [
        ({"donor": "Trần Thị Bình"}, {"donor": "00" * 16}),  # a name in clear, not a commitment
        ({"donor": "ab" * 32}, {"donor": "00" * 8}),  # a salt too short
        ({"donor": "ab" * 32}, {"payer": "00" * 16}),  # a field the body does not have
    ],
)
def test_salts_must_name_a_commitment(body, salts):
    with pytest.raises(services.RecordError), transaction.atomic():
        services.append_entry(kind="receipt", body=body, salts=salts)
    assert not Entry.objects.exists()


def test_the_self_check_finds_an_edited_entry_and_a_rewritten_node(capsys):
    append(9)
    sign()
    call_command("check_public_record")
    Entry.objects.filter(index=4).update(data=json.dumps({"kind": "receipt", "body": {}}))
    Node.objects.filter(key=(2 << 56) | 1).update(hash=b"\x01" * 32)
    report = check_tree()
    assert not report.ok
    assert any("mục 4:" in example for example in report.examples)
    assert any("cây con 2/1 khác" in example for example in report.examples)
    with pytest.raises(CommandError, match="chỗ sai"):
        call_command("check_public_record")


def test_the_sign_checkpoint_command_prints_the_note(capsys):
    append(2)
    call_command("sign_checkpoint")
    out = capsys.readouterr().out
    assert Checkpoint.objects.get().note in out
    call_command("sign_checkpoint")
    assert Checkpoint.objects.count() == 1


def test_the_demo_signs_what_the_other_demos_published(settings):
    from public_record import demo

    append(2)
    assert demo.load().size == 2
    assert demo.load().created is False
    settings.PUBLIC_RECORD_SIGNING_KEY, settings.DEBUG, settings.IS_POSTGRES = "", False, True
    append(1, start=2)
    assert demo.load() is None
    assert Checkpoint.objects.count() == 1
