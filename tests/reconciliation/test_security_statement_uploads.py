"""Hostile statement uploads, sent through the Front staff's upload form (or straight to the
service a script would call): an XLSX that unpacks to far more than it weighs, one whose rows
are numbered or placed so that openpyxl makes up billions of cells, a CSV of more rows than any
statement has, and file names that try to climb out of the upload's folder. Each is refused
with a Vietnamese message and nothing of it stored, or (the names) stored harmlessly."""

import os
import random

import pytest
from django.urls import reverse

from reconciliation.models import StatementImport, StatementLine, StatementUpload, UploadStatus
from reconciliation.services.uploads import queue_upload
from reconciliation.statements import readers
from tests.reconciliation.conftest import nothing_stored, read_fixture
from tests.sitewide.conftest import last_row, rows_after_the_table, vietnamese, xlsx_changed


def xlsx_with(sheet_change=None, extra=None):
    """vietcombank.xlsx with its sheet's XML changed and/or extra parts added."""
    return xlsx_changed(read_fixture("vietcombank.xlsx"), sheet_change, extra)


def post(client, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("reconciliation_import:add"),
        {"bank_account": client.account.pk, "statement_file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.fixture
def staff_client(client, account, front_staff):
    client.force_login(front_staff)
    client.account = account
    return client


def assert_refused(response, message):
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tệp bị từ chối, không có gì được lưu." in body or "errorlist" in body, body[-1500:]
    assert message in body
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()


def test_a_row_numbered_past_excels_last_row_is_refused_without_making_up_the_rows(
    staff_client,
):
    """Attack: a 6 KB XLSX whose sheet ends with one row numbered 2.000.000.000. openpyxl
    yields every missing row before it, so the upload form's check of the first 40 rows, in the
    web request, ran for hours. Here the row is numbered just past Excel's last row (1.048.576)
    and holds a footer: it was imported as if it were not there."""
    far = readers.SHEET_MAX_ROW + 5
    footer = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Ghi ch\xc3\xba</t></is></c></row>'
    content = xlsx_with(rows_after_the_table(footer % (far, far)))

    response = post(staff_client, "sao-ke.xlsx", content)

    assert_refused(response, vietnamese(readers.TOO_MANY_ROWS, rows="1.048.576"))


def test_a_cell_far_to_the_right_does_not_widen_every_row():
    """Attack: a 105 KB XLSX with 20.000 rows, each one cell in column ZZZ (18.278): openpyxl
    gave each row 18.278 cells, and the import took 52 s and 3 GB. Cells right of
    MAX_COLUMNS are not part of any bank's table and are left out; the table reads the same."""

    def wide(data):
        first = last_row(data) + 1
        return rows_after_the_table(
            *(
                b'<row r="%d"><c r="ZZZ%d"><v>1</v></c></row>' % (n, n)
                for n in range(first, first + 50)
            )
        )(data)

    plain = readers.read_rows(read_fixture("vietcombank.xlsx"), "sao-ke.xlsx")
    rows = readers.read_rows(xlsx_with(wide), "sao-ke.xlsx")

    assert max(len(cells) for _number, cells in rows) <= readers.MAX_COLUMNS
    assert rows == plain


def test_an_xlsx_that_unpacks_past_the_cap_is_refused_whatever_its_ratio(staff_client, monkeypatch):
    """Attack: an XLSX within the upload limit whose parts compress less than 40-fold (the
    ratio check) but unpack to hundreds of megabytes (10 MB × 40 = 400 MB of XML). Here the cap
    is lowered to 200 KB and a 300 KB part of digits (about 2-fold) is added."""
    monkeypatch.setattr(readers, "MAX_INFLATED_BYTES", 200_000)
    digits = "".join(random.Random(14).choices("0123456789", k=300_000))
    content = xlsx_with(extra={"xl/media/so-lieu.xml": digits})
    assert len(content) * readers.MAX_INFLATION > 300_000  # the ratio check lets it through

    response = post(staff_client, "sao-ke.xlsx", content)

    assert_refused(response, vietnamese(readers.TOO_BIG_UNPACKED, size="0 MB"))


def test_a_csv_of_more_rows_than_a_statement_has_is_refused(staff_client, monkeypatch):
    """Attack: 10 MB of short lines (1,7 million) took 5,7 s and 750 MB to be refused, the
    first 60 lines cut from a copy of the whole file. Past MAX_ROWS rows (lowered here to 20)
    the file is refused, with nothing stored."""
    monkeypatch.setattr(readers, "MAX_ROWS", 20)
    text = read_fixture("vietcombank.csv").decode("utf-8-sig")
    head, total, tail = text.partition("Tổng cộng")
    extra = "".join(f"09/09/2024,6{n:03d}.1,,{10_000 + n}.000,,Ung ho lan {n}\n" for n in range(30))
    content = (head + extra + total + tail).encode("utf-8-sig")

    response = post(staff_client, "sao-ke.csv", content)

    assert_refused(response, vietnamese(readers.TOO_MANY_ROWS, rows="20"))


def test_a_csv_longer_than_a_sheet_is_refused(staff_client):
    """A CSV of 1,1 million lines (empty ones cost nothing to send) is refused at once."""
    content = read_fixture("vietcombank.csv") + b"\n" * (readers.SHEET_MAX_ROW + 10)

    response = post(staff_client, "sao-ke.csv", content)

    assert_refused(response, vietnamese(readers.TOO_MANY_ROWS, rows="1.048.576"))


HOSTILE_NAMES = [
    ("../../etc/passwd.csv", "passwd.csv"),
    ("..\\..\\Windows\\win.ini.csv", "win.ini.csv"),
    ("sao\x00ke.csv", "saoke.csv"),
    (".htaccess.csv", "htaccess.csv"),
    ("a" * 600 + ".csv", "a" * 251 + ".csv"),
]
#: Only a script can hand the service these (a line break cannot be sent in a multipart header,
#: and Django refuses a part's header longer than 1 KB: see the test below).
SCRIPT_NAMES = [
    *HOSTILE_NAMES,
    ("á" * 1000 + ".csv", "á" * 251 + ".csv"),
    ("/var/sao\r\nke\x1b[31m.csv", "saoke[31m.csv"),
    ("..", ""),
]


def multipart(fields, file_field, filename, content):
    """A multipart body written by hand: Django's test client keeps only a file name's last
    part, an attacker's client sends what it likes."""
    boundary = "ranh-gioi-7MA4YWxkTrZu0gW"
    parts = []
    for name, value in fields.items():
        header = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{header}\r\n\r\n{value}\r\n".encode())
    parts.append(
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def files_under(folder):
    return sorted(
        os.path.join(root, name) for root, _dirs, names in os.walk(folder) for name in names
    )


@pytest.mark.parametrize(("hostile", "kept"), HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_a_file_name_cannot_climb_out_or_break_the_record(
    staff_client, pledges, settings, tmp_path, hostile, kept
):
    """Attack: the file's name in the multipart header as a path, with a NUL (PostgreSQL
    refuses it in text) or 1.000 characters long. The statement's bytes live in the database,
    never under a name on disk, and the name kept is only its harmless last part."""
    body, content_type = multipart(
        {"bank_account": staff_client.account.pk},
        "statement_file",
        hostile,
        read_fixture("vietcombank.csv"),
    )
    before = files_under(tmp_path)

    response = staff_client.post(
        reverse("reconciliation_import:add"), data=body, content_type=content_type, follow=True
    )

    assert response.status_code == 200
    upload = StatementUpload.objects.get()
    assert upload.status == UploadStatus.DONE
    assert upload.file_name == kept
    assert upload.statement_import.file_name == kept
    assert files_under(tmp_path) == before  # nothing written to disk, in MEDIA_ROOT or out


def test_a_name_longer_than_a_part_header_may_be_is_refused(staff_client, tmp_path):
    """1.000 Vietnamese letters (2.000 bytes) in the header: Django answers 400, no upload."""
    body, content_type = multipart(
        {"bank_account": staff_client.account.pk},
        "statement_file",
        "á" * 1000 + ".csv",
        read_fixture("vietcombank.csv"),
    )
    before = files_under(tmp_path)

    response = staff_client.post(
        reverse("reconciliation_import:add"), data=body, content_type=content_type
    )

    assert response.status_code == 400
    assert not StatementUpload.objects.exists() and not StatementImport.objects.exists()
    assert files_under(tmp_path) == before


@pytest.mark.parametrize(("hostile", "kept"), SCRIPT_NAMES, ids=range(len(SCRIPT_NAMES)))
def test_the_service_keeps_only_a_harmless_name(account, pledges, hostile, kept):
    """The same names given straight to the service (a script, the management command)."""
    upload = queue_upload(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename=hostile
    )

    assert upload.status == UploadStatus.DONE
    assert upload.file_name == kept
    assert StatementImport.objects.get().file_name == kept


def test_a_refused_upload_writes_nothing_of_its_lines(account, pledges, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    upload = queue_upload(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="sao-ke.csv"
    )

    assert upload.status == UploadStatus.FAILED
    assert upload.error == vietnamese(readers.TOO_MANY_ROWS, rows="3")
    assert nothing_stored()
