"""Payment codes: the short reference a donor puts in a transfer memo, e.g. "UH7K3Q9X".

"UH" (ủng hộ) + five random characters + one check character, from an alphabet without the
look-alikes 0/O/1/I. The check character is Luhn mod 32, which catches every single wrong
character and almost every swap of neighbours, so a mistyped code is refused rather than
matched to someone else's pledge.

Banks wrap and cut memos ("MBVCB.6986253876.UH7K3Q9X ung ho.CT tu ..."), so codes are searched
for inside the folded memo, never compared for equality.
"""

import re
import secrets

from sitewide.text import fold_alnum

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "UH"
RANDOM_LENGTH = 5
CODE_LENGTH = len(PREFIX) + RANDOM_LENGTH + 1
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
_CANDIDATE = re.compile(rf"(?=({PREFIX}[{ALPHABET}]{{{RANDOM_LENGTH + 1}}}))")


def check_character(payload):
    """Luhn mod N check character for payload (letters of ALPHABET only)."""
    base = len(ALPHABET)
    total = 0
    factor = 2
    for char in reversed(payload):
        addend = factor * _VALUES[char]
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def new_code():
    """A fresh random code; callers keep it unique with a database constraint and retry."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    payload = PREFIX + body
    return payload + check_character(payload)


def is_valid(code):
    code = (code or "").strip().upper()
    if len(code) != CODE_LENGTH or not code.startswith(PREFIX):
        return False
    if any(char not in _VALUES for char in code[len(PREFIX) :]):
        return False
    return check_character(code[:-1]) == code[-1]


def find_codes(memo):
    """Valid codes inside a bank memo, in order of appearance, without repeats.

    The memo is folded first (diacritics stripped, đ→d, upper-case, punctuation and spaces
    removed), so "uh7k-3q9x" and "UH 7K3Q9X" are found too.
    """
    folded = fold_alnum(memo)
    found = []
    for match in _CANDIDATE.finditer(folded):
        code = match.group(1)
        if is_valid(code) and code not in found:
            found.append(code)
    return found
