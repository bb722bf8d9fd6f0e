"""VietQR (NAPAS 247) bank-transfer QR codes: the EMVCo payload, its SVG and PNG.

On the ground floor because it is formatting: giving (a gift's transfer page) and mobilisation
(a pledge's confirmation and reminder e-mail) both draw it. Nothing here knows a gift or a pledge.

Our own ~50 lines because the PyPI packages each get one detail wrong (docs/vietqr.md §1):
lengths must count bytes, the CRC must be printed as 4 upper-case hex digits even below 0x1000,
and no merchant name may be invented. The memo carries the payment code that reconciliation
searches for, so it must survive every banking app: ASCII only, ≤ 25 characters.
"""

import io
import re
import unicodedata

import segno
from django.utils.translation import gettext_lazy as _

from sitewide.text import nfc

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
MEMO_MAX = 25
_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")
_PRINTABLE_ASCII = re.compile(r"^[\x20-\x7e]*$")


class VietQRError(ValueError):
    """Data that cannot go into a VietQR code; str() is a sentence for the person who typed it."""


def crc16_ccitt_false(data):
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag, value):
    """ID + length in bytes (2 digits) + value."""
    length = len(value.encode("utf-8"))
    if length > 99:
        raise VietQRError(_("A VietQR field is longer than 99 bytes."))
    return f"{tag}{length:02d}{value}"


def fold_memo(memo):
    """The memo as banks will carry it: Vietnamese marks and đ folded, case kept, ASCII only.

    Only Vietnamese is folded; anything still non-ASCII (emoji, other scripts) is refused rather
    than transliterated, so the donor sees exactly what the bank will see.
    """
    text = nfc(memo).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = " ".join(text.split())
    if not _PRINTABLE_ASCII.match(text):
        raise VietQRError(
            _("The transfer memo may hold only unaccented letters, digits and punctuation.")
        )
    if len(text) > MEMO_MAX:
        raise VietQRError(_("The transfer memo must be at most 25 characters."))
    return text


def build_payload(bank_bin, account_number, amount=None, memo=""):
    """The EMVCo string for a transfer to (bank_bin, account_number); amount in whole đồng.

    With an amount the code is dynamic (01 = 12), without it static (01 = 11, donor types it).
    """
    if not _BIN.match(str(bank_bin)):
        raise VietQRError(_("A bank BIN is exactly 6 digits."))
    if not _ACCOUNT.match(str(account_number)):
        raise VietQRError(_("An account number is 1 to 19 letters or digits."))
    if amount is not None and (
        not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0
    ):
        raise VietQRError(_("The amount must be a positive whole number of dong."))
    beneficiary = tlv("00", str(bank_bin)) + tlv("01", str(account_number))
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "11" if amount is None else "12"),
        tlv("38", merchant),
        tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(tlv("54", str(amount)))
    parts.append(tlv("58", "VN"))
    memo = fold_memo(memo or "")
    if memo:
        parts.append(tlv("62", tlv("08", memo)))
    body = "".join(parts) + "6304"
    return f"{body}{crc16_ccitt_false(body.encode('ascii')):04X}"


def render_svg(payload, *, scale=4, title=None):
    """SVG markup of the QR code for payload: self-contained (no fonts, scripts or links)."""
    code = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=scale,
        border=4,
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        light="#fff",
        title=str(title) if title else None,
        svgclass="vietqr",
        lineclass=None,
    )
    return buffer.getvalue().decode("utf-8")


def render_png(payload, *, scale=5):
    """PNG bytes of the QR code, for e-mail (mail programs drop inline SVG and data: URIs)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(
        buffer, kind="png", scale=scale, border=4, light="#fff"
    )
    return buffer.getvalue()
