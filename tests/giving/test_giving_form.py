"""The donate form on campaign pages: shown only while a campaign runs, validated in Vietnamese,
protected by CSRF, a honeypot and a per-IP rate limit; VNPay gifts leave with a signed 302."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from donations.models import CampaignFund
from giving.models import GiftMethod, GiftStatus, OnlineGift
from giving.payments import vnpay
from tests.campaigns.conftest import make_campaign
from tests.giving.conftest import running_campaign


def donate_url(campaign):
    return f"/ung-ho/gui/{campaign.pk}/"


def form_data(**overrides):
    data = {
        "preset": "200000",
        "other_amount": "",
        "disclosure": "anonymous",
        "donor_name": "",
        "phone": "",
        "email": "",
        "message": "",
        "method": "vnpay",
        "website": "",
    }
    data.update(overrides)
    return data


def test_running_campaign_shows_the_form_without_scripts(client, giving_campaign):
    response = client.get(giving_campaign.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="{donate_url(giving_campaign)}#donate"' in html
    for amount in ("50.000 ₫", "100.000 ₫", "200.000 ₫", "500.000 ₫"):
        assert amount in html
    assert re.search(r'value="anonymous"[^>]*checked', html), "anonymous is preselected"
    assert "csrfmiddlewaretoken" not in html  # checked by origin instead: the page is cached
    assert 'name="website"' in html
    assert "Ủng hộ trực tuyến" in html
    assert "Nhà hảo tâm ẩn danh" in html
    assert "Chuyển khoản ngân hàng (VietQR)" in html
    donate_section = html[html.index('id="donate"') : html.index("</form>")]
    assert "<script" not in donate_section
    assert " style=" not in donate_section
    assert " onclick=" not in donate_section


@pytest.mark.parametrize(
    ("start", "end"),
    [(-30, -1), (2, 20)],
    ids=["ended", "upcoming"],
)
def test_closed_campaigns_show_no_form_and_refuse_posts(
    client, campaign_index, fund, vnpay_config, start, end
):
    from tests.donations.conftest import link_campaign

    today = timezone.localdate()
    campaign = link_campaign(
        make_campaign(
            campaign_index,
            start_date=today + datetime.timedelta(days=start),
            end_date=today + datetime.timedelta(days=end),
        ),
        fund,
    )
    assert 'id="donate"' not in client.get(campaign.url).content.decode()
    response = client.post(donate_url(campaign), form_data())
    assert response.status_code == 400
    assert "không nhận ủng hộ trực tuyến" in response.content.decode()
    assert OnlineGift.objects.count() == 0


def test_campaign_without_a_fund_shows_no_form(client, giving_campaign):
    CampaignFund.objects.filter(campaign=giving_campaign).delete()
    assert 'id="donate"' not in client.get(giving_campaign.url).content.decode()


def test_vnpay_gift_redirects_with_a_signed_payment_url(client, giving_campaign, vnpay_config):
    response = client.post(donate_url(giving_campaign), form_data(), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/_vnpay-sandbox/paymentv2/vpcpay.html"
    params = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert vnpay.verify(params, vnpay_config.hash_secret)
    gift = OnlineGift.objects.get()
    assert gift.status == GiftStatus.PENDING
    assert gift.method == GiftMethod.VNPAY
    assert gift.amount == 200_000
    assert params["vnp_Amount"] == "20000000"
    assert params["vnp_TxnRef"] == gift.txn_ref
    assert params["vnp_CreateDate"] == gift.vnp_create_date
    assert params["vnp_IpAddr"] == "203.0.113.9" == gift.ip_address
    assert params["vnp_ReturnUrl"] == "http://testserver/donations/vnpay/return/"
    assert params["vnp_OrderInfo"] == f"Ung ho Ngay vi nguoi ngheo 2026 {gift.payment_code}"
    assert params["vnp_OrderInfo"].isascii()
    assert gift.txn_ref.startswith(gift.payment_code)


def test_free_amount_with_dots_is_whole_dong(client, giving_campaign):
    data = form_data(preset="other", other_amount="1.250.000")
    assert client.post(donate_url(giving_campaign), data).status_code == 302
    assert OnlineGift.objects.get().amount == 1_250_000


def test_free_amount_without_a_preset_is_taken(client, giving_campaign):
    data = form_data(preset="", other_amount="75000")
    assert client.post(donate_url(giving_campaign), data).status_code == 302
    assert OnlineGift.objects.get().amount == 75_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9.999", "Số tiền ủng hộ phải từ 10.000 ₫ đến 500.000.000 ₫."),
        ("500.000.001", "Số tiền ủng hộ phải từ 10.000 ₫ đến 500.000.000 ₫."),
        ("0", "Số tiền ủng hộ phải từ 10.000 ₫ đến 500.000.000 ₫."),
        ("150000,50", "Số tiền tính bằng đồng chẵn, không có phần thập phân."),
        ("-50000", "Số tiền không được là số âm."),
        ("1e6", "Nhập số tiền bằng đồng, không có phần lẻ, ví dụ 150.000.000."),
    ],
)
def test_amount_out_of_bounds_or_not_whole_is_refused_and_kept(
    client, giving_campaign, typed, message
):
    data = form_data(preset="other", other_amount=typed, donor_name="Lê Văn Cường")
    response = client.post(donate_url(giving_campaign), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{typed}"' in html
    assert 'value="Lê Văn Cường"' in html
    assert OnlineGift.objects.count() == 0


def test_bounds_follow_settings(client, giving_campaign, settings):
    settings.GIVING_MIN_AMOUNT = 100_000
    response = client.post(donate_url(giving_campaign), form_data(preset="50000"))
    assert "Số tiền ủng hộ phải từ 100.000 ₫ đến 500.000.000 ₫." in response.content.decode()
    assert OnlineGift.objects.count() == 0


def test_no_amount_and_two_amounts_are_refused(client, giving_campaign):
    html = client.post(donate_url(giving_campaign), form_data(preset="")).content.decode()
    assert "Vui lòng chọn một mức ủng hộ hoặc nhập số tiền khác." in html
    data = form_data(preset="100000", other_amount="300000")
    html = client.post(donate_url(giving_campaign), data).content.decode()
    assert "Bạn đã chọn 100.000 ₫ và cũng nhập một số tiền khác." in html
    assert OnlineGift.objects.count() == 0


def test_publishing_a_name_needs_the_name_and_consent(client, giving_campaign):
    data = form_data(disclosure="full")
    html = client.post(donate_url(giving_campaign), data).content.decode()
    assert "Vui lòng nhập tên để công khai, hoặc chọn ủng hộ ẩn danh." in html
    assert "Vui lòng đánh dấu ô đồng ý" in html
    data = form_data(disclosure="masked", donor_name="Phạm Thị Dung")
    html = client.post(donate_url(giving_campaign), data).content.decode()
    assert "Vui lòng đánh dấu ô đồng ý" in html
    assert re.search(r'value="masked"[^>]*checked', html), "the choice is kept"
    assert OnlineGift.objects.count() == 0

    data = form_data(disclosure="masked", donor_name="Phạm Thị  Dung", consent="on")
    assert client.post(donate_url(giving_campaign), data).status_code == 302
    gift = OnlineGift.objects.get()
    assert (gift.disclosure, gift.donor_name, gift.consent) == ("masked", "Phạm Thị Dung", True)
    assert gift.public_name == "Phạm T. D."


def test_contact_details_are_checked_and_kept_for_staff(client, giving_campaign):
    data = form_data(phone="12", email="not-an-email")
    html = client.post(donate_url(giving_campaign), data).content.decode()
    assert "từ 8 đến 15 chữ số" in html
    assert OnlineGift.objects.count() == 0
    data = form_data(phone="+84 912 345 678", email="an@example.vn", message="Chúc bà con ấm no")
    client.post(donate_url(giving_campaign), data)
    gift = OnlineGift.objects.get()
    assert (gift.phone, gift.email, gift.message) == (
        "0912345678",
        "an@example.vn",
        "Chúc bà con ấm no",
    )


def test_honeypot_creates_nothing(client, giving_campaign):
    response = client.post(donate_url(giving_campaign), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "Không gửi được thông tin ủng hộ." in response.content.decode()
    assert OnlineGift.objects.count() == 0


def test_rate_limit_per_ip_keeps_the_typed_values(client, giving_campaign, settings):
    settings.GIVING_RATE_LIMIT = 2
    for _attempt in range(2):
        response = client.post(donate_url(giving_campaign), form_data(), REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 302
    data = form_data(preset="other", other_amount="345.000")
    response = client.post(donate_url(giving_campaign), data, REMOTE_ADDR="198.51.100.7")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Có quá nhiều lượt ủng hộ được tạo từ kết nối của bạn" in html
    assert 'value="345.000"' in html
    assert OnlineGift.objects.count() == 2
    # Another donor is not affected.
    response = client.post(donate_url(giving_campaign), form_data(), REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302


def test_rate_limit_uses_the_proxys_address_only_when_trusted(client, giving_campaign, settings):
    settings.GIVING_RATE_LIMIT = 1
    settings.TRUST_X_FORWARDED_FOR = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 203.0.113.20", **proxy}
    spoofed = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.20", **proxy}
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.21", **proxy}
    assert client.post(donate_url(giving_campaign), form_data(), **first).status_code == 302
    assert client.post(donate_url(giving_campaign), form_data(), **spoofed).status_code == 429
    assert client.post(donate_url(giving_campaign), form_data(), **other).status_code == 302
    assert OnlineGift.objects.first().ip_address == "203.0.113.21"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},  # a sibling subdomain is another origin
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a data: page
    ],
)
def test_an_anonymous_donation_from_another_site_is_refused(giving_campaign, headers):
    """No CSRF token for anonymous donors (the page is cached): the origin is checked."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(donate_url(giving_campaign), form_data(), **headers)
    assert response.status_code == 403
    assert "Biểu mẫu được gửi từ một trang web khác" in response.content.decode()
    assert OnlineGift.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "http://localhost"},  # SITE_URL, as behind a proxy that rewrites Host
        {},  # no browser sent it: nothing a forged page could make a reader's browser do
    ],
)
def test_an_anonymous_donation_from_the_site_itself_needs_no_token(giving_campaign, headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(donate_url(giving_campaign), form_data(), **headers)
    assert response.status_code == 302
    assert OnlineGift.objects.count() == 1


def test_a_signed_in_reader_still_needs_the_csrf_token(giving_campaign, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    same_origin = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    assert client.post(donate_url(giving_campaign), form_data(), **same_origin).status_code == 403
    page = client.get(giving_campaign.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = form_data(csrfmiddlewaretoken=token)
    assert client.post(donate_url(giving_campaign), data, **same_origin).status_code == 302
    assert OnlineGift.objects.count() == 1


def test_donate_accepts_post_only(client, giving_campaign):
    assert client.get(donate_url(giving_campaign)).status_code == 405


def test_transfer_is_offered_only_with_a_bank_account(client, campaign_index, fund, vnpay_config):
    from tests.donations.conftest import link_campaign

    campaign = link_campaign(running_campaign(campaign_index), fund)
    html = client.get(campaign.url).content.decode()
    assert 'id="donate"' in html
    assert 'value="transfer"' not in html
    response = client.post(donate_url(campaign), form_data(method="transfer"))
    assert response.status_code == 200
    assert OnlineGift.objects.count() == 0


def test_campaign_page_queries_do_not_grow_with_gifts(
    client, giving_campaign, django_assert_max_num_queries
):
    from tests.giving.conftest import make_gift

    client.get(giving_campaign.url)
    with django_assert_max_num_queries(40) as captured:
        client.get(giving_campaign.url)
    baseline = len(captured.captured_queries)
    for _index in range(5):
        make_gift(giving_campaign)
    with django_assert_max_num_queries(baseline):
        client.get(giving_campaign.url)
