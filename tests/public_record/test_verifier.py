"""The standalone verifier (docs/verify_public_record.py) against the site, through Django's
test client: it passes on an honest log and names what was changed on a dishonest one. One
test runs it for real over HTTP against a live server, as `manage.py verify_public_record`."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from public_record import keys, note, services
from public_record.models import Checkpoint, Entry, LogHead, Node
from tests.public_record.conftest import append, receipt_body, run_verifier, sign

pytestmark = pytest.mark.django_db


def honest_log():
    """Entries 0..24 with checkpoints at 0, 3, 10, 17 and 25."""
    sign()
    for start, count in [(0, 3), (3, 7), (10, 7), (17, 8)]:
        append(count, start=start)
        sign()


def failures(lines):
    return [line for line in lines if line.startswith("KHÔNG KHỚP")]


def test_an_honest_log_passes():
    honest_log()
    status, lines = run_verifier()
    assert status == 0, lines
    assert failures(lines) == []
    assert "Chữ ký: 5 checkpoint, đều được khóa ký hợp lệ (nguồn chungtay.test/minh-bach)." in lines
    assert "Mã băm gốc: tính lại từ các mục, khớp với mọi checkpoint." in lines
    assert lines[-1] == "Kết quả: mọi thứ đều khớp."


def test_entries_appended_after_the_latest_checkpoint_are_not_yet_judged():
    honest_log()
    append(3, start=25)
    status, lines = run_verifier()
    assert status == 0, lines


def test_an_entry_edited_in_the_database_is_named():
    honest_log()
    edited = json.dumps({"body": {**receipt_body(12), "amount": 1}, "kind": "receipt"},
                        separators=(",", ":"), sort_keys=True, ensure_ascii=False)  # fmt: skip
    Entry.objects.filter(index=12).update(data=edited)
    status, lines = run_verifier()
    assert status == 1
    assert failures(lines)[0].startswith("KHÔNG KHỚP: mục 12 không khớp với checkpoint 17"), lines


def test_a_removed_entry_is_named():
    honest_log()
    Entry.objects.filter(index=8).delete()
    status, lines = run_verifier()
    assert status == 1
    assert any(line.startswith("KHÔNG KHỚP: mục 8: trang trả về mục số 9") for line in lines), lines


def test_a_removed_entry_renumbered_away_is_named():
    """The rows after it moved down one: no gap in the numbers, the contents no longer match."""
    honest_log()
    rows = list(Entry.objects.filter(index__gte=6).order_by("index").values_list("index", "data"))
    for (index, _data), (_next, data) in zip(rows, rows[1:], strict=False):
        Entry.objects.filter(index=index).update(data=data)
    Entry.objects.filter(index=24).delete()
    status, lines = run_verifier()
    assert status == 1
    assert any(line.startswith("KHÔNG KHỚP: mục 6 không khớp") for line in lines), lines
    assert "đầu tiên: mục 6 không khớp với checkpoint 10" in lines[-1]


def test_two_entries_swapped_are_named():
    honest_log()
    four, five = (Entry.objects.get(index=n).data for n in (4, 5))
    Entry.objects.filter(index=4).update(data=five)
    Entry.objects.filter(index=5).update(data=four)
    status, lines = run_verifier()
    assert status == 1
    assert failures(lines)[0].startswith("KHÔNG KHỚP: mục 4 không khớp với checkpoint 10"), lines


def test_a_forged_signature_is_caught():
    honest_log()
    checkpoint = Checkpoint.objects.get(size=10)
    text, _blank, signature = checkpoint.note.rpartition("\n\n")
    stamp = signature.rstrip("\n").rsplit(" ", 1)[1]
    forged = stamp[:20] + ("A" if stamp[20] != "A" else "B") + stamp[21:]
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note=checkpoint.note.replace(stamp, forged))
    status, lines = run_verifier()
    assert status == 1
    assert failures(lines)[0] == (
        "KHÔNG KHỚP: checkpoint 10: chữ ký không hợp lệ với khóa kiểm tra"
    ), lines


def test_a_checkpoint_signed_by_another_key_is_caught():
    honest_log()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    checkpoint = Checkpoint.objects.get(size=17)
    text = checkpoint.note.rpartition("\n\n")[0] + "\n"
    other = note.sign_note(text, keys.origin(), Ed25519PrivateKey.generate())
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note=other)
    status, lines = run_verifier()
    assert status == 1
    assert "checkpoint 17" in failures(lines)[0]


def test_a_rewritten_history_is_caught():
    """Someone with the key rewrote entry 3 and every hash after it, and signed the new tree:
    the new checkpoint does not contain the earlier ones."""
    honest_log()
    bodies = [json.loads(data)["body"] for data in Entry.objects.values_list("data", flat=True)]
    bodies[3] = {**bodies[3], "amount": 1}
    Entry.objects.all().delete(), Node.objects.all().delete(), LogHead.objects.all().delete()
    with transaction.atomic():
        services.append_entries(("receipt", body, None) for body in [*bodies, receipt_body(25)])
    root, origin = services.root_at(26), keys.origin()
    text = note.checkpoint_text(origin, 26, root)
    Checkpoint.objects.create(
        size=26, root_hash=root, origin=origin, key_id="", signed_at=timezone.now(),
        note=note.sign_note(text, origin, keys.signing_key()),
    )  # fmt: skip
    status, lines = run_verifier()
    assert status == 1
    assert failures(lines)[0] == (
        "KHÔNG KHỚP: checkpoint 10 không nhất quán với checkpoint 3: lịch sử đã bị viết lại"
    ), lines
    assert any("một mục từ 3 đến 9" in line for line in failures(lines)), lines


def test_a_pinned_key_that_the_site_does_not_serve_is_caught():
    honest_log()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = note.verifier_key(keys.origin(), note.public_bytes(Ed25519PrivateKey.generate()))
    status, lines = run_verifier("--key", other)
    assert status == 1
    assert "không phải khóa đã cho" in failures(lines)[0]
    assert run_verifier("--key", keys.verifier_key())[0] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_management_command_over_http(live_server, capsys):
    honest_log()
    call_command("verify_public_record", live_server.url, "--samples", "2")
    assert "Kết quả: mọi thứ đều khớp." in capsys.readouterr().out
    Entry.objects.filter(index=20).update(data='{"body":{},"kind":"receipt"}')
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_public_record", live_server.url, "--samples", "2")
    assert exit_status.value.code == 1
    assert "KHÔNG KHỚP: mục 20 không khớp với checkpoint 25" in capsys.readouterr().out
