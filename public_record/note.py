"""Signed notes (C2SP signed-note) with Ed25519, and checkpoints (C2SP tlog-checkpoint): the
signing side. The checking side is docs/verify_public_record.py, which a reader runs without
this project.

- Key id: the first 4 bytes of SHA-256(key name ‖ "\\n" ‖ 0x01 ‖ 32-byte public key).
- Verifier key: ``<name>+<key id, 8 hex digits>+<base64(0x01 ‖ public key)>``.
- A signed note: the text (ending in "\\n"), an empty line, then one line per signature,
  ``— <name> <base64(key id ‖ 64-byte signature)>`` (an em dash, U+2014, then a space).
"""

import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ED25519 = b"\x01"
EM_DASH = "\u2014"


def public_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def check_key_name(name: str):
    if not name or "+" in name or any(character.isspace() for character in name):
        raise ValueError(f"not a valid key name for a signed note: {name!r}")


def verifier_key(name: str, public_key: bytes) -> str:
    check_key_name(name)
    encoded = base64.b64encode(ED25519 + public_key).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note: ``text`` (which must end in a newline) signed by one key."""
    check_key_name(name)
    if not text.endswith("\n"):
        raise ValueError("a note's text ends with a newline")
    signature = private_key.sign(text.encode())
    stamp = base64.b64encode(key_id(name, public_bytes(private_key)) + signature).decode()
    return f"{text}\n{EM_DASH} {name} {stamp}\n"


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    """The body of a checkpoint (C2SP tlog-checkpoint): origin, size, base64 root hash."""
    if not origin or "\n" in origin:
        raise ValueError("a checkpoint's origin is one non-empty line")
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"
