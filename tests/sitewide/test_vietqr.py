"""VietQR payloads: the two public vectors byte for byte, CRC, memo rules, lengths, the SVG."""

import re

import pytest
import segno
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sitewide import vietqr

VIETINBANK = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045406"
    "1200005802VN62170813ung ho lu lut6304C15C"
)
ACB = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN"
    "62150811Chuyen tien6304BBB8"
)


def parse_tlv(text):
    """A tiny EMVCo reader for the tests: {tag: value}, lengths taken at their word."""
    fields = {}
    position = 0
    raw = text.encode()
    while position < len(raw):
        tag = raw[position : position + 2].decode()
        length = int(raw[position + 2 : position + 4])
        value = raw[position + 4 : position + 4 + length]
        assert len(value) == length, f"field {tag} is cut short"
        fields[tag] = value.decode()
        position += 4 + length
    return fields


def test_crc_check_value():
    assert f"{vietqr.crc16_ccitt_false(b'123456789'):04X}" == "29B1"


def test_crc_below_0x1000_keeps_its_leading_zeros():
    # Find a payload whose CRC is small and check it is printed with four digits.
    for account in range(1000, 40000):
        payload = vietqr.build_payload("970436", str(account), 10_000, "UH7K3Q9X")
        body, crc = payload[:-4], payload[-4:]
        if int(crc, 16) < 0x1000:
            assert re.fullmatch(r"0[0-9A-F]{3}", crc)
            assert vietqr.crc16_ccitt_false(body.encode()) == int(crc, 16)
            return
    pytest.fail("no small CRC found in the range searched")


def test_vietinbank_vector():
    assert vietqr.build_payload("970415", "0011001932418", 120_000, "ung ho lu lut") == VIETINBANK


def test_acb_vector():
    assert vietqr.build_payload("970416", "257678859", 1_000, "Chuyen tien") == ACB


def test_an_open_amount_makes_a_static_code_without_field_54():
    fields = parse_tlv(vietqr.build_payload("970436", "0071000123456"))
    assert fields["01"] == "11"
    assert "54" not in fields and "62" not in fields
    assert fields["53"] == "704" and fields["58"] == "VN"


def test_the_merchant_field_names_napas_the_account_and_the_service():
    fields = parse_tlv(vietqr.build_payload("970436", "0071000123456", 50_000, "UH7K3Q9X"))
    merchant = parse_tlv(fields["38"])
    assert merchant["00"] == "A000000727"
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0071000123456"}
    assert merchant["02"] == "QRIBFTTA"
    assert parse_tlv(fields["62"]) == {"08": "UH7K3Q9X"}


def test_a_vietnamese_memo_is_folded_and_keeps_its_case():
    fields = parse_tlv(vietqr.build_payload("970415", "0011001932418", 120_000, "Ủng hộ  Đức UH7K"))
    assert parse_tlv(fields["62"])["08"] == "Ung ho Duc UH7K"


@pytest.mark.parametrize("memo", ["ủng hộ 😀", "捐款 UH7K3Q9X", "tab\tok\x00"])
def test_a_memo_still_not_ascii_after_folding_is_refused(memo):
    with pytest.raises(vietqr.VietQRError, match="Nội dung chuyển khoản"):
        vietqr.build_payload("970415", "0011001932418", 120_000, memo)


def test_a_memo_over_25_characters_is_refused_and_25_is_accepted():
    vietqr.build_payload("970415", "0011001932418", 1_000, "A" * 25)
    with pytest.raises(vietqr.VietQRError, match="25"):
        vietqr.build_payload("970415", "0011001932418", 1_000, "Ủng hộ đồng bào vùng lũ lụt")


@pytest.mark.parametrize(
    ("bank_bin", "account", "amount"),
    [
        ("97041", "0011001932418", 1_000),
        ("97041X", "0011001932418", 1_000),
        ("970415", "00110019324180011001", 1_000),
        ("970415", "0011-0019", 1_000),
        ("970415", "0011001932418", 1_000.0),
        ("970415", "0011001932418", 0),
        ("970415", "0011001932418", True),
    ],
)
def test_bad_bank_details_or_amounts_are_refused(bank_bin, account, amount):
    with pytest.raises(vietqr.VietQRError):
        vietqr.build_payload(bank_bin, account, amount)


@hypothesis_settings(deadline=None)
@given(
    bank_bin=st.from_regex(r"\A[0-9]{6}\Z"),
    account=st.from_regex(r"\A[0-9A-Za-z]{1,19}\Z"),
    amount=st.one_of(st.none(), st.integers(min_value=1, max_value=10**13)),
    memo=st.text(alphabet="abcdefghijklmnopqrstuvwxyzđĐăâêôơưáàảãạ ABCXYZ0123456789", max_size=25),
)
def test_payload_lengths_are_always_consistent(bank_bin, account, amount, memo):
    payload = vietqr.build_payload(bank_bin, account, amount, memo)
    fields = parse_tlv(payload)
    assert list(fields)[:3] == ["00", "01", "38"] and list(fields)[-1] == "63"
    assert int(fields["63"], 16) == vietqr.crc16_ccitt_false(payload[:-4].encode())
    beneficiary = parse_tlv(parse_tlv(fields["38"])["01"])
    assert beneficiary == {"00": bank_bin, "01": account}
    assert fields.get("54") == (None if amount is None else str(amount))
    assert payload.isascii()


def svg_matrix(svg):
    """Rebuild the dark modules from segno's SVG path (M x y / h n / m dx dy commands)."""
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    dark = set()
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for step in range(int(values[0])):
                dark.add((int(x) + step, int(y - 0.5)))
            x += values[0]
    return dark


def test_svg_is_a_self_contained_drawing_of_the_payload(monkeypatch):
    seen = []
    real_make = segno.make

    def spying_make(content, **kwargs):
        seen.append(content)
        return real_make(content, **kwargs)

    monkeypatch.setattr(vietqr.segno, "make", spying_make)
    svg = vietqr.render_svg(ACB, title="Mã VietQR <chuyển khoản>")
    assert seen == [ACB]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    assert svg.endswith("</svg>")
    assert "<title>Mã VietQR &lt;chuyển khoản&gt;</title>" in svg
    assert "<script" not in svg and "href" not in svg and "font" not in svg
    expected = real_make(ACB, error="m", micro=False)
    dark = {
        (column + 4, row + 4)
        for row, line in enumerate(expected.matrix)
        for column, module in enumerate(line)
        if module
    }
    assert svg_matrix(svg) == dark
