"""Entries as published: canonical JSON, one line, and the commitments that stand for names.

Canonical JSON here: every string (keys too) in Unicode NFC, keys sorted by code point, no
whitespace between tokens, non-ASCII written as UTF-8 (not escaped), encoded as UTF-8. Only
objects, arrays, strings, integers, booleans and null: money is whole đồng, so a float is a
mistake and is refused. JSON escapes line breaks inside strings, so an entry is one line.
"""

import hashlib
import json
import secrets
import unicodedata

SALT_BYTES = 16


def _nfc(text):
    text = str(text)  # a str subclass (SafeString, a choices enum) as plain text
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _normalised(value, where="body"):
    """The value with every string in NFC; refused if JSON cannot hold it exactly."""
    kind = type(value)
    if kind is str:
        return _nfc(value)
    if kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys of an entry are strings, not {key!r}")
            name = _nfc(key)
            if name in result:
                raise ValueError(f"{where}: two keys are the same after NFC: {name!r}")
            # Strings and whole numbers (nearly every value) without a call of their own and
            # without their path, which only an error names: an import publishes thousands.
            item_kind = type(item)
            if item_kind is str:
                result[name] = _nfc(item)
            elif item_kind is int or item_kind is bool or item is None:
                result[name] = item
            else:
                result[name] = _normalised(item, f"{where}.{name}")
        return result
    if kind is list or kind is tuple:
        return [_normalised(item, f"{where}[{n}]") for n, item in enumerate(value)]
    if isinstance(value, str):
        return _nfc(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, dict | list | tuple):
        return _normalised(dict(value) if isinstance(value, dict) else list(value), where)
    raise TypeError(f"{where}: {type(value).__name__} cannot go in an entry (whole numbers only)")


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value) -> bytes:
    return _ENCODER.encode(_normalised(value)).encode()


def entry_bytes(kind: str, body: dict) -> bytes:
    """What is published and hashed for one entry: {"body": …, "kind": …} in canonical JSON."""
    if not isinstance(kind, str) or not kind:
        raise ValueError("an entry has a kind")
    if not isinstance(body, dict):
        raise TypeError("an entry's body is a JSON object")
    return canonical_json({"body": body, "kind": kind})


def commitment(salt_hex: str, name: str) -> str:
    """SHA-256(salt ‖ NFC name in UTF-8), in hex: what an entry holds instead of a name."""
    salt = bytes.fromhex(salt_hex)
    return hashlib.sha256(salt + unicodedata.normalize("NFC", name).encode()).hexdigest()


def commit_name(name: str) -> tuple[str, str]:
    """(commitment, salt), both hex, for a name that must not appear in the log in clear. The
    salt is random (16 bytes), so the same name gives a different commitment each time."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("an empty name needs no commitment")
    salt = secrets.token_hex(SALT_BYTES)
    return commitment(salt, name), salt
