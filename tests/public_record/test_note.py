"""Signed notes and checkpoints (C2SP): Go's sumdb/note example byte for byte, both ways, and
the key settings."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core import checks

from public_record import keys, note
from tests.public_record.conftest import ORIGIN, load_verifier

# The example of golang.org/x/mod/sumdb/note's documentation.
GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgK"
    "vqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
VERIFIER = load_verifier()


def go_private_key():
    seed = base64.b64decode(GO_SIGNER_KEY.split("+", 4)[4])[1:]
    return Ed25519PrivateKey.from_private_bytes(seed)


def test_the_go_example_verifies_with_the_standalone_verifier():
    assert VERIFIER.VerifierKey(GO_VERIFIER_KEY).open(GO_NOTE) == GO_TEXT


def test_signing_the_go_example_gives_the_go_note_and_key():
    private_key = go_private_key()
    assert note.verifier_key("PeterNeumann", note.public_bytes(private_key)) == GO_VERIFIER_KEY
    assert note.sign_note(GO_TEXT, "PeterNeumann", private_key) == GO_NOTE


def test_the_verifier_refuses_a_changed_note_or_key():
    with pytest.raises(VERIFIER.Mismatch):
        VERIFIER.VerifierKey(GO_VERIFIER_KEY).open(GO_NOTE.replace("answer", "Answer"))
    with pytest.raises(VERIFIER.Mismatch):  # the key id does not match the name
        VERIFIER.VerifierKey(GO_VERIFIER_KEY.replace("PeterNeumann", "PeterNeuman"))
    other = note.verifier_key("PeterNeumann", note.public_bytes(Ed25519PrivateKey.generate()))
    with pytest.raises(VERIFIER.Mismatch):
        VERIFIER.VerifierKey(other).open(GO_NOTE)


def test_signatures_by_unknown_keys_are_ignored():
    extra = "— SomeoneElse " + base64.b64encode(b"\0" * 68).decode() + "\n"
    assert VERIFIER.VerifierKey(GO_VERIFIER_KEY).open(GO_NOTE + extra) == GO_TEXT


def test_a_checkpoint_text_is_origin_size_and_base64_root():
    root = bytes(range(32))
    assert note.checkpoint_text("example.vn/minh-bach", 12, root) == (
        "example.vn/minh-bach\n12\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    )
    assert VERIFIER.parse_checkpoint(note.checkpoint_text("o", 12, root)) == ("o", 12, root)


def test_the_key_comes_from_settings_in_any_of_three_forms(settings, tmp_path):
    private_key = go_private_key()
    settings.PUBLIC_RECORD_ORIGIN = "PeterNeumann"
    settings.PUBLIC_RECORD_SIGNING_KEY = GO_SIGNER_KEY
    assert keys.verifier_key() == GO_VERIFIER_KEY
    seed = base64.b64decode(GO_SIGNER_KEY.split("+", 4)[4])[1:]
    settings.PUBLIC_RECORD_SIGNING_KEY = base64.b64encode(seed).decode()
    assert keys.verifier_key() == GO_VERIFIER_KEY
    from cryptography.hazmat.primitives import serialization

    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "key.pem").write_bytes(pem)
    settings.PUBLIC_RECORD_SIGNING_KEY = ""
    settings.PUBLIC_RECORD_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    assert keys.verifier_key() == GO_VERIFIER_KEY


def test_a_go_key_named_for_another_log_is_refused(settings):
    settings.PUBLIC_RECORD_SIGNING_KEY = GO_SIGNER_KEY
    assert keys.origin() == ORIGIN
    with pytest.raises(ValueError):
        keys.signing_key()
    assert [error.id for error in checks.run_checks()] == ["public_record.E002"]


def test_a_laptop_makes_its_own_key_once(settings):
    settings.PUBLIC_RECORD_SIGNING_KEY = ""
    settings.DEBUG = True
    first = keys.verifier_key()
    assert settings.PUBLIC_RECORD_DEMO_KEY_FILE.stat().st_mode & 0o777 == 0o600
    assert keys.verifier_key() == first


def test_production_without_a_key_refuses_to_sign(settings):
    settings.PUBLIC_RECORD_SIGNING_KEY = ""
    settings.DEBUG = False
    settings.IS_POSTGRES = True
    with pytest.raises(keys.NoSigningKey):
        keys.signing_key()
    assert "public_record.E001" in [error.id for error in checks.run_checks()]
    assert not settings.PUBLIC_RECORD_DEMO_KEY_FILE.exists()


def test_the_origin_defaults_to_the_sites_host(settings):
    settings.PUBLIC_RECORD_ORIGIN = ""
    settings.WAGTAILADMIN_BASE_URL = "https://chungtay.quangtri.example:8443/"
    assert keys.origin() == "chungtay.quangtri.example/minh-bach"
