"""Vietnamese text handling shared by every app.

Text is stored in NFC. Searching and matching compare a *folded* form: diacritics stripped and
đ/Đ mapped to d/D. NFD alone leaves đ untouched and Django's slugify deletes it, so both are
wrong for Vietnamese; anyascii folds it correctly ("Đức" → "Duc").
"""

import re
import unicodedata

from anyascii import anyascii

_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def nfc(text):
    """Return text in Unicode NFC, the one form we store."""
    return unicodedata.normalize("NFC", text or "")


def fold(text):
    """Lower-case ASCII form of text for search and comparison: "Giảm nghèo" → "giam ngheo"."""
    return _SPACES.sub(" ", anyascii(nfc(text))).strip().lower()


def fold_alnum(text):
    """Upper-case letters and digits only, for matching codes inside bank memos."""
    return _NOT_ALNUM.sub("", anyascii(nfc(text))).upper()


def mask_name(full_name):
    """Shorten a person's name for public display: "Nguyễn Văn An" → "Nguyễn V. A."."""
    parts = nfc(full_name).split()
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return " ".join([parts[0], *(f"{part[0]}." for part in parts[1:])])


def whole_number(text, max_digits=15):
    """The non-negative integer written in ASCII digits, or None: for numbers read from a URL or
    a form by hand. str.isdigit() is also true for "²" (and isdecimal for "١٢"), which int()
    refuses or reads as another number; a query string must not turn either into a 500."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > max_digits:
        return None
    return int(text)
