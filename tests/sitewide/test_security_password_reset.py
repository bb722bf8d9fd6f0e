"""The admin's "forgot password" form is limited per client address
(sitewide/security/password_reset.py): past the limit nothing is sent, the form comes back with
what was typed and a Vietnamese message, and other addresses are not affected."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

RESET = "/admin/password_reset/"
EMAIL = "bientap@mttq.quangtri.vn"


@pytest.fixture
def reset_limit(settings, db):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    settings.PASSWORD_RESET_RATE_LIMIT_SECONDS = 3600
    settings.TRUST_X_FORWARDED_FOR = False
    get_user_model().objects.create_user("bientap", email=EMAIL, password="mat-khau-2026")
    cache.clear()
    yield settings
    cache.clear()


def ask(client, ip, email=EMAIL):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_past_the_limit_nothing_is_sent_and_the_form_keeps_the_address(
    client, reset_limit, mailoutbox
):
    for _ in range(2):
        assert ask(client, "203.0.113.7").status_code == 302  # to "check your e-mail"
    assert len(mailoutbox) == 2

    refused = ask(client, "203.0.113.7")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Có quá nhiều yêu cầu đặt lại mật khẩu từ mạng của bạn" in body
    assert f'value="{EMAIL}"' in body
    assert len(mailoutbox) == 2

    assert ask(client, "198.51.100.9").status_code == 302  # another address
    assert len(mailoutbox) == 3


def test_an_unknown_address_counts_too(client, reset_limit, mailoutbox):
    """Django answers the same for an address with no account, and so does the limit: the
    form does not tell who has an account, before or after the limit."""
    for _ in range(2):
        assert ask(client, "203.0.113.8", email="khong-co@example.vn").status_code == 302
    assert ask(client, "203.0.113.8", email="khong-co@example.vn").status_code == 429
    assert mailoutbox == []
