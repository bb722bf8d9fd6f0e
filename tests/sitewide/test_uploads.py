"""Uploads through the Wagtail admin are limited in size, pixels and type, with a clear
Vietnamese message and nothing stored when they are refused (limits in sitewide/settings.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from sitewide.groups import EDITORS
from tests.sitewide.conftest import make_staff


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_staff(EDITORS, "bientap"))
    return client


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, 0).save(buffer, fmt)
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/jpeg"):
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh lễ phát động",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
            "tags": "",
        },
    )
    return response


def form_errors(response):
    assert response.status_code == 200, "a refused upload shows the form again"
    return " ".join(str(e) for e in response.context["form"].errors.get("file", []))


def vietnamese(msgid, **params):
    """The Vietnamese an editor must see for an upstream English message, filled in."""
    with translation.override("vi"):
        text = translation.gettext(msgid)
        assert text != msgid, f"no Vietnamese translation for {msgid!r}"
        return text % params if params else text


def test_a_good_image_is_accepted(editor_client):
    response = upload_image(editor_client, "anh.jpg", image_bytes())
    assert response.status_code == 302
    assert Image.objects.count() == 1


def test_oversized_image_is_refused(editor_client, settings):
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert limit == 10 * 1024 * 1024
    # A real JPEG padded past the limit: decoders ignore trailing bytes, the size check does not.
    content = image_bytes() + b"\0" * (limit + 1)
    errors = form_errors(upload_image(editor_client, "qua-lon.jpg", content))
    with translation.override("vi"):
        sizes = {"file_size": filesizeformat(len(content)), "max_filesize": filesizeformat(limit)}
    expected = vietnamese(
        "This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s.", **sizes
    )
    assert expected in errors
    assert "quá lớn" in errors and "10,0\xa0MB" in errors
    assert not Image.objects.exists()


def test_image_with_too_many_pixels_is_refused(editor_client, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 36_000_000
    # 6001 × 6001 one-bit pixels: a small file, but a decompression bomb for renditions.
    content = image_bytes("PNG", size=(6001, 6001), mode="1")
    errors = form_errors(upload_image(editor_client, "bom.png", content, "image/png"))
    expected = vietnamese(
        "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s.",
        num_pixels=6001 * 6001,
        max_pixels_count=36_000_000,
    )
    assert expected in errors
    assert not Image.objects.exists()


def test_gif_is_not_an_accepted_type(editor_client):
    errors = form_errors(upload_image(editor_client, "dong.gif", image_bytes("GIF"), "image/gif"))
    expected = vietnamese(
        "Not a supported image format. Supported formats: %(supported_formats)s.",
        supported_formats="JPG, JPEG, PNG, WEBP",
    )
    assert expected in errors
    assert not Image.objects.exists()


def test_text_file_renamed_jpg_is_refused(editor_client):
    content = "Danh sách hộ nghèo xã Hướng Phùng\n".encode()
    errors = form_errors(upload_image(editor_client, "danh-sach.jpg", content))
    expected = vietnamese(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    )
    assert expected in errors
    assert not Image.objects.exists()


def test_png_renamed_jpg_is_refused(editor_client):
    errors = form_errors(upload_image(editor_client, "gia-mao.jpg", image_bytes("PNG")))
    expected = vietnamese(
        "Not a valid .%(extension)s image. The extension does not match the file format "
        "(%(image_format)s)",
        extension="jpeg",
        image_format="png",
    )
    assert expected in errors
    assert not Image.objects.exists()


def test_document_of_a_forbidden_type_is_refused(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Sao kê tháng 10",
            "file": SimpleUploadedFile("sao-ke.exe", b"MZ\x90\x00", "application/octet-stream"),
            "collection": "1",
            "tags": "",
        },
    )
    errors = form_errors(response)
    expected = vietnamese(
        "File extension “%(extension)s” is not allowed. "
        "Allowed extensions are: %(allowed_extensions)s.",
        extension="exe",
        allowed_extensions="pdf, docx, xlsx, csv, odt",
    )
    assert expected in errors
    assert not Document.objects.exists()
