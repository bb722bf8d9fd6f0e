"""Front staff sign a checkpoint now from the admin; nobody else may."""

import pytest
from django.urls import reverse

from public_record.models import Checkpoint
from tests.public_record.conftest import append

pytestmark = pytest.mark.django_db
URL = "/admin/minh-bach/"


def test_the_url_is_the_admin_screen():
    assert reverse("public_record_sign") == URL


def test_front_staff_sign_now_and_see_it(client, front_staff):
    append(4)
    client.force_login(front_staff)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Ký checkpoint ngay" in page.content.decode()
    response = client.post(URL, follow=True)
    checkpoint = Checkpoint.objects.get()
    assert (checkpoint.size, checkpoint.requested_by) == (4, front_staff)
    text = response.content.decode()
    assert "Đã ký checkpoint: 4 mục." in text
    assert reverse("public_record_checkpoint_at", args=[4]) in text
    client.post(URL, follow=True)
    assert Checkpoint.objects.count() == 1


def test_the_menu_shows_it_to_front_staff_only(client, front_staff, editor):
    client.force_login(front_staff)
    assert f'"url": "{URL}"' in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert f'"url": "{URL}"' not in client.get("/admin/").content.decode()
    assert client.post(URL).status_code in (302, 403)
    assert not Checkpoint.objects.exists()


def test_without_a_key_nothing_is_signed_and_staff_are_told(client, front_staff, settings):
    settings.PUBLIC_RECORD_SIGNING_KEY = ""
    settings.DEBUG = False
    settings.IS_POSTGRES = True
    client.force_login(front_staff)
    response = client.post(URL, follow=True)
    assert "Chưa cấu hình khóa ký" in response.content.decode()
    assert not Checkpoint.objects.exists()
