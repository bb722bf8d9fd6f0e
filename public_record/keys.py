"""The log's signing key, from settings and never from the code.

PUBLIC_RECORD_SIGNING_KEY holds the key itself, PUBLIC_RECORD_SIGNING_KEY_FILE names a file
holding it: a PEM private key (PKCS#8, as `openssl genpkey -algorithm ed25519` writes), the
32-byte Ed25519 seed in base64, or Go's note key (PRIVATE+KEY+<name>+<id>+<base64>, whose name
must be the log's origin). With neither, a laptop (DEBUG, or the local SQLite database of
`make run`) makes its own key once in PUBLIC_RECORD_DEMO_KEY_FILE (gitignored); anywhere else
there is no key and nothing is signed (the system check public_record.E001 says so).
"""

import base64
import binascii
import os
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from public_record import note


class NoSigningKey(Exception):
    """No key is configured and this is not a laptop: the log cannot sign."""


def origin() -> str:
    """The log's stable name: the checkpoint's first line and the key's name."""
    if settings.PUBLIC_RECORD_ORIGIN:
        return settings.PUBLIC_RECORD_ORIGIN
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"{host}/minh-bach"


GO_PREFIX = "PRIVATE+KEY+"


def parse_private_key(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith(GO_PREFIX):
        # Go's note.GenerateKey: PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>.
        name, _id, encoded = text.removeprefix(GO_PREFIX).split("+", 2)
        if name != origin():
            raise ValueError(f"the signing key is named {name!r}, the log {origin()!r}")
        raw = base64.b64decode(encoded)
        if len(raw) != 33 or raw[0] != 1:
            raise ValueError("the signing key is not an Ed25519 note key")
        return Ed25519PrivateKey.from_private_bytes(raw[1:])
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the public record's signing key must be an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(text, validate=True)
    except binascii.Error as error:
        raise ValueError("the public record's signing key is neither PEM nor base64") from error
    if len(seed) != 32:
        raise ValueError("the public record's signing key (base64) must be 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(seed)


def may_make_demo_key() -> bool:
    """A laptop: DEBUG, or the local SQLite database of `make run` (not PostgreSQL)."""
    return settings.DEBUG or not settings.IS_POSTGRES


def configured() -> bool:
    return bool(settings.PUBLIC_RECORD_SIGNING_KEY or settings.PUBLIC_RECORD_SIGNING_KEY_FILE)


def _demo_key() -> Ed25519PrivateKey:
    path = Path(settings.PUBLIC_RECORD_DEMO_KEY_FILE)
    if path.exists():
        return parse_private_key(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def signing_key() -> Ed25519PrivateKey:
    if settings.PUBLIC_RECORD_SIGNING_KEY:
        return parse_private_key(settings.PUBLIC_RECORD_SIGNING_KEY)
    if settings.PUBLIC_RECORD_SIGNING_KEY_FILE:
        return parse_private_key(Path(settings.PUBLIC_RECORD_SIGNING_KEY_FILE).read_text())
    if may_make_demo_key():
        return _demo_key()
    raise NoSigningKey(
        "No signing key for the public record: set PUBLIC_RECORD_SIGNING_KEY or "
        "PUBLIC_RECORD_SIGNING_KEY_FILE."
    )


def verifier_key() -> str:
    return note.verifier_key(origin(), note.public_bytes(signing_key()))
