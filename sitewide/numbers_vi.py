"""Whole numbers written out in Vietnamese, for "Bằng chữ" on a confirmation of donation.

An accountant checks the amount in words against the figures, so it must follow the written
rules: "mốt" for 1 after "mươi" (21 hai mươi mốt, but 11 mười một), "lăm" for 5 after
"mười"/"mươi" (15 mười lăm, 25 hai mươi lăm, but 105 một trăm linh năm), "linh" for a zero
tens digit, "không trăm" for a zero hundreds digit in a group that follows a higher one
(1.005.000 một triệu không trăm linh năm nghìn), groups of "nghìn", "triệu", "tỷ", and above
a thousand million the count of "tỷ" spelt again (1.000.000.000.000 một nghìn tỷ). 4 after
"mươi" is always "bốn" (the optional "tư" is not used).

Why not a library: num2words (lang="vi", 0.5.14) drops the "không trăm" of an inner group
(1.005.000 gives "một triệu năm nghìn") and writes "lẻ" where these documents write "linh";
no other maintained package on PyPI spells Vietnamese amounts. Negative numbers, fractions
and grammatical variants ("lẻ", "tư", "ngàn") are not produced.
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")  # below a thousand million; "tỷ" is handled by recursion
THOUSAND_MILLION = 1_000_000_000


def _units_after_tens(tens, units):
    """The units word after "mười"/"mươi": mốt, lăm, or the plain digit (nothing for 0)."""
    if units == 0:
        return []
    if units == 1 and tens >= 2:
        return ["mốt"]
    if units == 5:
        return ["lăm"]
    return [DIGITS[units]]


def _group(value, *, inner):
    """Words for 0 < value < 1000; `inner` when a higher group was spoken before it, so a zero
    hundreds digit is said ("không trăm") and a zero tens digit becomes "linh"."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or inner:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [DIGITS[units]]
    elif tens == 1:
        words += ["mười", *_units_after_tens(tens, units)]
    else:
        words += [DIGITS[tens], "mươi", *_units_after_tens(tens, units)]
    return words


def _below_thousand_million(value, *, inner):
    """Words for 0 < value < 10⁹, group by group; zero groups are skipped."""
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words = []
    for position in range(len(groups) - 1, -1, -1):
        group = groups[position]
        if group == 0:
            continue
        words += _group(group, inner=inner or bool(words))
        if GROUPS[position]:
            words.append(GROUPS[position])
    return words


def _words(value):
    if value < THOUSAND_MILLION:
        return _below_thousand_million(value, inner=False)
    upper, lower = divmod(value, THOUSAND_MILLION)
    words = [*_words(upper), "tỷ"]
    if lower:
        words += _below_thousand_million(lower, inner=True)
    return words


def number_in_words(value, *, capitalise=False):
    """1005000 → "một triệu không trăm linh năm nghìn"; 0 → "không"."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("Only whole numbers are written in words.")
    if value < 0:
        raise ValueError("Only numbers of 0 or more are written in words.")
    text = " ".join(_words(value)) if value else DIGITS[0]
    return text[:1].upper() + text[1:] if capitalise else text


def amount_in_words(amount):
    """Whole đồng as written after "Bằng chữ:": 150000000 → "Một trăm năm mươi triệu đồng"."""
    return f"{number_in_words(amount, capitalise=True)} đồng"
