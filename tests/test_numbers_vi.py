"""Amounts in words (sitewide/numbers_vi.py): hand-written cases, and properties checked with a
tiny reader written here, independently of the speller, that turns the words back into a
number."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitewide.numbers_vi import amount_in_words, number_in_words

AMOUNTS = [
    (1_000_000, "Một triệu đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (21_000_000, "Hai mươi mốt triệu đồng"),
    (150_000_000, "Một trăm năm mươi triệu đồng"),
    (150_000_000_000, "Một trăm năm mươi tỷ đồng"),
    (1_000_015, "Một triệu không trăm mười lăm đồng"),
    (500_000, "Năm trăm nghìn đồng"),
    (60_000_000, "Sáu mươi triệu đồng"),
    (2_000_000_000, "Hai tỷ đồng"),
    (2_005_000_000, "Hai tỷ không trăm linh năm triệu đồng"),
    (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
    (3_000_000_000_000, "Ba nghìn tỷ đồng"),
]

NUMBERS = [
    (0, "Không"),
    (1, "Một"),
    (5, "Năm"),
    (10, "Mười"),
    (11, "Mười một"),
    (14, "Mười bốn"),
    (15, "Mười lăm"),
    (21, "Hai mươi mốt"),
    (24, "Hai mươi bốn"),
    (25, "Hai mươi lăm"),
    (55, "Năm mươi lăm"),
    (101, "Một trăm linh một"),
    (105, "Một trăm linh năm"),
    (110, "Một trăm mười"),
    (115, "Một trăm mười lăm"),
    (121, "Một trăm hai mươi mốt"),
    (1_001, "Một nghìn không trăm linh một"),
    (10_000, "Mười nghìn"),
]


@pytest.mark.parametrize(("amount", "words"), AMOUNTS)
def test_amounts_as_written_on_a_confirmation(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize(("number", "words"), NUMBERS)
def test_numbers_follow_the_written_rules(number, words):
    assert number_in_words(number, capitalise=True) == words
    assert number_in_words(number) == words[0].lower() + words[1:]


@pytest.mark.parametrize("wrong", [-1, 1.5, True, "100", None])
def test_only_whole_numbers_of_zero_or_more(wrong):
    with pytest.raises((TypeError, ValueError)):
        number_in_words(wrong)


# The reader: digits add to the group, "mươi"/"trăm" multiply the digit just read, "nghìn" and
# "triệu" close a group, "tỷ" multiplies everything read so far.
DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def read_back(text):
    total = section = group = last = 0
    for word in text.lower().removesuffix(" đồng").split(" "):
        if word in DIGIT_WORDS:
            last = DIGIT_WORDS[word]
            group += last
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group += last * 9
        elif word == "trăm":
            group += last * 99
        elif word == "linh":
            pass
        elif word == "nghìn":
            section, group = section + group * 1_000, 0
        elif word == "triệu":
            section, group = section + group * 1_000_000, 0
        elif word == "tỷ":
            total, section, group = (total + section + group) * 1_000_000_000, 0, 0
        else:
            raise AssertionError(f"unexpected word {word!r} in {text!r}")
    return total + section + group


@given(st.integers(min_value=0, max_value=10**18))
def test_words_read_back_to_the_number(number):
    assert read_back(number_in_words(number)) == number


@given(st.integers(min_value=1, max_value=10**15))
def test_amounts_are_tidy_sentences(amount):
    text = amount_in_words(amount)
    assert text == text.strip() and "  " not in text
    assert text[0].isupper() and text[1:] == text[1:].lower()
    assert text.endswith(" đồng")
    assert unicodedata.is_normalized("NFC", text)
    words = text.lower().split()
    for before, word in zip(words, words[1:], strict=False):
        if word == "mốt":
            assert before == "mươi", text
        if word == "lăm":
            assert before in {"mười", "mươi"}, text
        if word == "linh":
            assert before == "trăm", text
        if word == "mươi":
            assert before in DIGIT_WORDS and before not in {"không", "một", "mốt", "lăm"}, text
        if word == "mười":
            assert before not in DIGIT_WORDS, text
    assert "lẻ" not in words and "tư" not in words and "ngàn" not in words
