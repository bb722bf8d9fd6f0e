"""The admin asks no third party for anything: staff avatars do not come from gravatar.com."""

import pytest
from wagtail.users.utils import get_gravatar_url


def test_no_gravatar_url_is_made():
    assert get_gravatar_url("can.bo@mattran.quangtri.vn") is None


@pytest.mark.django_db
def test_admin_pages_reference_no_gravatar(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin", "quan.tri@mattran.quangtri.vn", "mat-khau-dai-du-an-toan"
    )
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    assert "gravatar" not in body
