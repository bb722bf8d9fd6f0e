"""A form refused for its CSRF token gets the site's own Vietnamese page, not Django's.

Django's page is English, tells the reader to set DEBUG=True and styles itself inline, which
the public Content-Security-Policy blocks. Each test makes a real CSRF failure: a client that
enforces the checks posts without the token.
"""

import re

import pytest
from django.test import Client
from django.utils import translation

from giving.models import OnlineGift

HEADING = "This form has expired"
ADVICE = (
    "Go back to the previous page: what you typed is still there. Reload that page, fill in "
    "anything that was cleared and send the form again. If this happens again, allow cookies "
    "for this site."
)
DONATION = {"preset": "200000", "disclosure": "anonymous", "method": "vnpay", "website": ""}


def vietnamese(msgid):
    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Vietnamese for {msgid!r}"
    return text


def assert_the_sites_own_page(response):
    assert response.status_code == 403
    assert "security/csrf_failure.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert vietnamese(HEADING) in html
    assert vietnamese(ADVICE) in html
    assert "tải lại trang" in html.lower()
    assert "/static/css/site.css" in html, "styled by the site's stylesheet"
    assert "DEBUG" not in html
    assert "CSRF verification failed" not in html
    assert not re.search(r"<style|\sstyle=|<script", html), "nothing inline for the CSP to block"
    return html


@pytest.mark.django_db
def test_a_donation_from_another_site_gets_the_vietnamese_page(giving_campaign, settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post(
        f"/ung-ho/gui/{giving_campaign.pk}/", DONATION, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert "security/cross_origin.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert vietnamese("This form was sent from another website") in html
    assert "/static/css/site.css" in html, "styled by the site's stylesheet"
    assert not re.search(r"<style|\sstyle=|<script", html), "nothing inline for the CSP to block"
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert OnlineGift.objects.count() == 0


@pytest.mark.django_db
def test_the_admin_sign_in_without_its_token_gets_the_same_page(settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "admin", "password": "chungtay-demo"}
    )
    assert_the_sites_own_page(response)
