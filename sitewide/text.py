"""Vietnamese text handling shared by every app.

Text is stored in NFC. Searching and matching compare a *folded* form: diacritics stripped and
đ/Đ mapped to d/D. NFD alone leaves đ untouched and Django's slugify deletes it, so both are
wrong for Vietnamese; anyascii folds it correctly ("Đức" → "Duc").
"""

import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

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


def fold_slug(text):
    """An ASCII slug folded the project's way: "Nhà Đại đoàn kết" → "nha-dai-doan-ket" (Django's
    slugify alone drops đ: "nha-ai-oan-ket")."""
    return slugify(fold(text))


# Vietnamese letters with their marks, precomposed: every vowel with each of the five tones,
# plus đ. Wagtail's slug field in the browser transliterates from its own tables, which lack
# most of them (it would drop "ư", "ế", "đ"), so the admin hands it these replacements.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _vietnamese_letters():
    letters = {}
    for vowel in _VOWELS + _VOWELS.upper():
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            if not letter.isascii():
                letters.setdefault(fold(letter), []).append(letter)
    letters.setdefault("d", []).extend("đĐ")
    return letters


def slug_transliterations():
    """(regular expression, replacement) pairs folding Vietnamese letters as fold() does, for
    Wagtail's slug input: combining marks first (text typed decomposed), then one character
    class per ASCII letter."""
    pairs = [("[\u0300-\u036f]", "")]
    for ascii_letter, letters in sorted(_vietnamese_letters().items()):
        pairs.append((f"[{''.join(letters)}]", ascii_letter))
    return pairs


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
