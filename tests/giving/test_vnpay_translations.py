"""Every msgid of the payments package has its Vietnamese in giving/payments/translations.py."""

import ast
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings

from giving.payments import vnpay_codes
from giving.payments.translations import VIETNAMESE, fill_po

PACKAGE = Path(settings.BASE_DIR) / "giving" / "payments"
TEMPLATES = Path(settings.BASE_DIR) / "giving" / "templates" / "giving" / "simulator"
_TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+"([^"]+)"\s*%}""")


def python_msgids():
    found = set()
    for source in PACKAGE.rglob("*.py"):
        if source.name == "translations.py":
            continue
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "gettext", "gettext_lazy"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def template_msgids():
    return {
        msgid
        for template in TEMPLATES.glob("*.html")
        for msgid in _TRANSLATE_TAG.findall(template.read_text())
    }


def test_the_scan_finds_the_strings_it_should():
    assert "You cancelled the payment." in python_msgids()
    assert "Insufficient balance" in template_msgids()


def test_every_msgid_has_vietnamese_and_nothing_is_left_over():
    msgids = python_msgids() | template_msgids()
    assert sorted(msgids - set(VIETNAMESE)) == []
    assert sorted(set(VIETNAMESE) - msgids) == []


def test_the_vietnamese_is_nfc_and_keeps_placeholders():
    for msgid, text in VIETNAMESE.items():
        assert text == unicodedata.normalize("NFC", text)
        assert text != msgid
        assert re.findall(r"%\(\w+\)s", msgid) == re.findall(r"%\(\w+\)s", text)


@pytest.mark.parametrize(
    ("table", "codes"),
    [
        (vnpay_codes.RESPONSE_CODES, "00 07 09 10 11 12 13 24 51 65 75 79 99"),
        (vnpay_codes.TRANSACTION_STATUSES, "00 01 02 04 05 06 07 09"),
        (vnpay_codes.API_RESPONSE_CODES, "00 02 03 91 94 97 99"),
    ],
)
def test_every_documented_code_has_a_sentence(table, codes):
    assert sorted(table) == codes.split()


def test_an_unknown_code_still_gets_a_sentence_naming_it():
    assert "42" in vnpay_codes.response_message("42")
    assert vnpay_codes.response_message("24") == str(vnpay_codes.RESPONSE_CODES["24"])


def test_fill_po_sets_only_empty_or_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Pay"\nmsgstr ""\n\n'
        'msgid "Amount"\nmsgstr "Số tiền ủng hộ"\n\n'
        '#, fuzzy\nmsgid "Merchant"\nmsgstr "Nhà buôn"\n\n'
        'msgid "Something else"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert fill_po(str(po)) == 2
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Pay"\nmsgstr "Thanh toán"' in text
    assert 'msgstr "Số tiền ủng hộ"' in text
    assert 'msgid "Merchant"\nmsgstr "Đơn vị nhận"' in text and "fuzzy" not in text
    assert 'msgid "Something else"\nmsgstr ""' in text
