"""Admin sign-in lock-out (django-axes, settings in sitewide/settings.py, page in
sitewide/security/lockout.py): after AXES_FAILURE_LIMIT wrong passwords for one username from
one address, that pair is refused with a Vietnamese page, even with the right password, until
the cool-off ends or staff reset it; other usernames and addresses are not affected."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation

PASSWORD = "mat-khau-dung-2026"
LOGIN = "/admin/login/"


@pytest.fixture
def lockout(settings, db):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.TRUST_X_FORWARDED_FOR = False
    for username in ("bientap", "kiemduyet"):
        get_user_model().objects.create_superuser(username, password=PASSWORD)
    return settings


def sign_in(client, username, password, ip="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def vietnamese(msgid):
    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Vietnamese for {msgid!r}"
    return text


def lock(client, username="bientap", ip="203.0.113.7", **headers):
    answers = [sign_in(client, username, "sai-mat-khau", ip, **headers) for _ in range(3)]
    return answers


def test_wrong_passwords_lock_the_pair_with_a_vietnamese_page(client, lockout):
    first, second, third = lock(client)
    assert first.status_code == second.status_code == 200  # the form again, with its error
    assert third.status_code == 429
    page = third.content.decode()
    assert vietnamese("Sign-in temporarily locked") in page
    assert "Vui lòng thử lại sau 15 phút." in page
    assert "Tạm khóa đăng nhập" in page
    assert "security/lockout.html" in [template.name for template in third.templates]


def test_the_right_password_is_refused_while_locked(client, lockout):
    lock(client)
    response = sign_in(client, "bientap", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the sign-in page


def test_other_usernames_and_other_addresses_are_not_affected(client, lockout):
    lock(client, "bientap", ip="203.0.113.7")
    assert signed_in(sign_in(client, "kiemduyet", PASSWORD, ip="203.0.113.7"))
    client.logout()
    assert signed_in(sign_in(client, "bientap", PASSWORD, ip="198.51.100.20"))


def test_a_success_before_the_limit_starts_the_count_again(client, lockout):
    sign_in(client, "bientap", "sai-mat-khau")
    sign_in(client, "bientap", "sai-mat-khau")
    assert signed_in(sign_in(client, "bientap", PASSWORD))
    client.logout()
    first, second, _third = lock(client)
    assert first.status_code == second.status_code == 200


def test_reset_command_lifts_the_lock(client, lockout):
    lock(client)
    assert sign_in(client, "bientap", PASSWORD).status_code == 429
    call_command("axes_reset_username", "bientap")
    assert signed_in(sign_in(client, "bientap", PASSWORD))


def test_the_lock_ends_after_the_cool_off(client, lockout):
    lock(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert signed_in(sign_in(client, "bientap", PASSWORD))


def test_behind_the_proxy_only_the_address_nginx_appended_counts(client, lockout):
    """A client writing its own X-Forwarded-For cannot spread its attempts over fake
    addresses: only the last entry, which our nginx appends, is used."""
    lockout.TRUST_X_FORWARDED_FOR = True
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        last = sign_in(
            client, "bientap", "sai-mat-khau", ip="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7",
        )  # fmt: skip
    assert last.status_code == 429
    other = sign_in(
        client,
        "bientap",
        PASSWORD,
        ip="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.20",
    )
    assert signed_in(other)


def test_without_the_proxy_a_forwarded_header_is_ignored(client, lockout):
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        last = sign_in(client, "bientap", "sai-mat-khau", HTTP_X_FORWARDED_FOR=forged)
    assert last.status_code == 429
