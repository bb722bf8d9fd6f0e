"""Folding memos fast: the same strings as sitewide.text.fold / fold_alnum, built for 100.000
memos at a time.

anyascii transliterates one character at a time in Python, the slowest step of reading a
Vietnamese memo. It maps each code point on its own, so a str.translate table holding its
answers for the Latin letters Vietnamese uses (Latin-1, Extended-A/B, Extended Additional,
combining marks, general punctuation, ₫) gives the very same result at C speed; any other
character is still left to anyascii. tests/reconciliation/test_reconciliation_matching.py
checks the equality.
"""

from functools import cache

from anyascii import anyascii

from sitewide.text import nfc

_BLOCKS = ((0x80, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20A0, 0x20C0))


@cache
def _table():
    return {code: anyascii(chr(code)) for start, end in _BLOCKS for code in range(start, end)}


def transliterate(text):
    """anyascii(nfc(text))."""
    if text.isascii():
        return text
    result = nfc(text).translate(_table())
    return result if result.isascii() else anyascii(result)


def search_form(*parts):
    """sitewide.text.fold(" ".join(parts)): lower-case ASCII words, single spaces."""
    # An ASCII part (nearly every sender and reference) without a call.
    text = " ".join(part if part.isascii() else transliterate(part) for part in parts)
    return " ".join(text.split()).lower()
