"""Broken and hostile uploads: statements that are not statements (a zip bomb posing as XLSX,
a PDF, binary garbage, a program, an old .xls) are refused through the Front staff's upload
form with a clear Vietnamese message and no line stored; a truncated photo or an SVG is
refused as an image; a document that is really an HTML page is served so that no browser runs
it on our origin. Size and pixel limits are in tests/sitewide/test_uploads.py and
tests/reconciliation/test_reconciliation_admin.py."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from reconciliation.models import StatementImport, StatementLine
from sitewide.groups import EDITORS
from tests.sitewide.conftest import make_staff


def vietnamese(msgid):
    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Vietnamese for {msgid!r}"
    return text


def zip_bomb():
    """A ZIP that starts like an XLSX and inflates a thousandfold (50 MB of spaces)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 50_000_000)
    return buffer.getvalue()


UNREADABLE = "The file cannot be read as a CSV or Excel (.xlsx) statement."
HOSTILE_STATEMENTS = [
    ("bom.xlsx", zip_bomb, UNREADABLE),
    ("sao-ke.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", None),
    ("rac.csv", lambda: bytes(range(256)) * 64, None),
    ("chuong-trinh.xlsx", lambda: b"MZ\x90\x00\x03" + b"\x00" * 500, UNREADABLE),
    (
        "cu.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
        "This is an old Excel (.xls) file; open it in Excel and save it as .xlsx or CSV.",
    ),
]


@pytest.mark.parametrize(("name", "make", "msgid"), HOSTILE_STATEMENTS, ids=lambda v: str(v)[:12])
def test_hostile_statement_files_are_refused_with_nothing_stored(
    client, account, front_staff, name, make, msgid
):
    client.force_login(front_staff)
    response = client.post(
        reverse("reconciliation_import:add"),
        {"bank_account": account.pk, "statement_file": SimpleUploadedFile(name, make())},
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    refused = "Tệp bị từ chối, không có gì được lưu." in body or "errorlist" in body
    assert refused, body[-2000:]
    if msgid:
        assert vietnamese(msgid) in body
    assert not StatementImport.objects.exists()
    assert not StatementLine.objects.exists()


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_staff(EDITORS, "bientap"))
    return client


def upload_image(client, name, content, content_type="image/jpeg"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh lễ phát động",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
            "tags": "",
        },
    )


def jpeg(size=(800, 600)):
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_a_truncated_photo_is_refused(editor_client):
    whole = jpeg()
    response = upload_image(editor_client, "dut.jpg", whole[: len(whole) // 3])
    assert response.status_code == 200, "a refused upload shows the form again"
    errors = " ".join(str(e) for e in response.context["form"].errors.get("file", []))
    corrupted = "Upload a valid image. The file you uploaded was either not an image or a corrupted"
    assert vietnamese(f"{corrupted} image.") in errors
    assert not Image.objects.exists()


def test_an_svg_with_a_script_is_not_an_image_here(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload_image(editor_client, "logo.svg", svg, "image/svg+xml")
    assert response.status_code == 200
    assert response.context["form"].errors.get("file")
    assert not Image.objects.exists()


def test_a_document_that_is_really_a_web_page_never_runs_on_our_origin(editor_client, client):
    page = b"<html><body><script>document.location='https://lua-dao.example/'</script></body>"
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Báo cáo",
            "file": SimpleUploadedFile("bao-cao.pdf", page, "application/pdf"),
            "collection": "1",
            "tags": "",
        },
    )
    assert response.status_code == 302  # accepted: Wagtail checks a document's extension only
    served = client.get(Document.objects.get().url)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"
