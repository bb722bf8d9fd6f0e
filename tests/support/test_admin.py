"""Support's admin screens: every page answers, the board approves from the decision's page,
paying a line makes a voucher, commune staff see only their own funds' records (404 otherwise)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from donations.models import Voucher
from support import services
from support.models import Decision, House
from tests.support.conftest import SECRET_CCCD, approved_decision, make_household, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(support_world):
    w = support_world
    w.approved = approved_decision(w, [w.household, w.other_household], number="12/QĐ-BVĐ")
    w.line = w.approved.lines.get(beneficiary=w.household)
    w.house = House.objects.get(line=w.line)
    w.waiting = services.propose_decision(
        fund=w.province_fund,
        support_level=w.repair_level,
        title="Sửa chữa nhà đợt 2",
        beneficiaries=[w.other_household],
        user=w.front,
    )
    w.commune_decision = services.propose_decision(
        fund=w.commune_fund,
        support_level=w.repair_level,
        title="Sửa chữa nhà của xã",
        beneficiaries=[make_household(w.commune, "Hồ Văn Khăm")],
        user=w.commune_staff,
    )
    return w


def pages(w):
    return [
        reverse("decision:index"),
        reverse("decision:index") + "?status=proposed",
        reverse("decision:add"),
        reverse("decision:inspect", args=[w.approved.pk]),
        reverse("decision:inspect", args=[w.waiting.pk]),
        reverse("decision:history", args=[w.approved.pk]),
        reverse("decision:add_lines", args=[w.waiting.pk]),
        reverse("decision:pay_line", args=[w.line.pk]),
        reverse("decision:line_story", args=[w.line.pk]),
        reverse("decision:revoke", args=[w.approved.pk]),
        reverse("beneficiary:index"),
        reverse("beneficiary:index") + "?q=ho thi nhung",
        reverse("beneficiary:add"),
        reverse("beneficiary:inspect", args=[w.household.pk]),
        reverse("beneficiary:edit", args=[w.household.pk]),
        reverse("beneficiary:consent", args=[w.household.pk]),
        reverse("beneficiary:import"),
        reverse("house:index"),
        reverse("house:index") + "?late=true",
        reverse("house:inspect", args=[w.house.pk]),
        reverse("house:advance", args=[w.house.pk]),
        reverse("house:photos", args=[w.house.pk]),
        reverse("supportlevel:index"),
        reverse("supportlevel:add"),
        reverse("wagtailadmin_home"),
    ]


def test_every_page_answers_front_staff(client, records):
    client.force_login(records.front)
    for url in pages(records):
        assert client.get(url).status_code == 200, url


def test_search_without_diacritics(client, records):
    client.force_login(records.front)
    response = client.get(reverse("beneficiary:index"), {"q": "ho thi nhung"})
    assert "Hồ Thị Nhung" in response.text
    assert "Lê Văn Tám" not in response.text
    by_commune = client.get(reverse("beneficiary:index"), {"commune": records.other_commune.pk})
    assert "Lê Văn Tám" in by_commune.text and "Hồ Thị Nhung" not in by_commune.text


def test_the_board_approves_from_the_decisions_page(client, records):
    w = records
    page = reverse("decision:inspect", args=[w.waiting.pk])
    client.force_login(w.front)
    assert reverse("decision:approve", args=[w.waiting.pk]) not in client.get(page).text
    assert client.get(reverse("decision:approve", args=[w.waiting.pk])).status_code in (302, 403)
    assert "Sửa chữa nhà đợt 2" not in client.get(reverse("wagtailadmin_home")).text
    client.force_login(w.board)
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert "Sửa chữa nhà đợt 2" in dashboard  # the board's panel of decisions waiting
    assert reverse("decision:inspect", args=[w.waiting.pk]) in dashboard
    assert reverse("decision:approve", args=[w.waiting.pk]) in client.get(page).text
    response = client.post(
        reverse("decision:approve", args=[w.waiting.pk]),
        {"number": "13/QĐ-BVĐ", "decided_on": "06/11/2026"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(pk=w.waiting.pk)
    assert decision.status == Decision.Status.APPROVED
    assert decision.decided_on == datetime.date(2026, 11, 6)


def test_a_board_member_cannot_approve_their_own_proposal_in_the_admin(client, records):
    w = records
    own = propose(w, w.board)
    client.force_login(w.board)
    assert (
        reverse("decision:approve", args=[own.pk])
        not in client.get(reverse("decision:inspect", args=[own.pk])).text
    )
    response = client.post(
        reverse("decision:approve", args=[own.pk]),
        {"number": "14/QĐ-BVĐ", "decided_on": "06/11/2026"},
    )
    assert response.status_code == 200
    assert "another member of the board" in response.text or "thành viên khác" in response.text
    assert Decision.objects.get(pk=own.pk).status == Decision.Status.PROPOSED


def test_return_with_a_reason(client, records):
    client.force_login(records.board)
    url = reverse("decision:return", args=[records.waiting.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Thiếu biên bản bình xét"})
    decision = Decision.objects.get(pk=records.waiting.pk)
    assert decision.status == Decision.Status.RETURNED
    assert decision.returned_reason == "Thiếu biên bản bình xét"


def test_paying_a_line_makes_a_voucher_shown_on_the_decision(client, records):
    w = records
    client.force_login(w.front)
    form = client.get(reverse("decision:pay_line", args=[w.line.pk]))
    assert 'value="60.000.000"' in form.text  # the remainder
    response = client.post(
        reverse("decision:pay_line", args=[w.line.pk]),
        {"amount": "30.000.000", "method": "cash", "paid_on": "10/11/2026", "place": "Thôn Cheng"},
    )
    assert response.status_code == 302
    voucher = Voucher.objects.get(authority_key=w.line.authority_key)
    assert voucher.amount == 30_000_000 and voucher.paid_on == datetime.date(2026, 11, 10)
    page = client.get(reverse("decision:inspect", args=[w.approved.pk]))
    assert voucher.number in page.text
    again = client.get(reverse("decision:pay_line", args=[w.line.pk]))
    assert 'value="30.000.000"' in again.text


def test_paying_needs_the_ledgers_permission_to_write_a_voucher(client, records):
    """A commune whose Front account may record decisions but not write vouchers (the operator
    took "add payment voucher" from the group): no pay button, refused, nothing written."""
    from django.contrib.auth.models import Group

    from sitewide.groups import COMMUNE_FRONT_STAFF

    w = records
    household = make_household(w.commune, "Hồ Thị Pỏi")
    decision = approved_decision(w, [household], fund=w.commune_fund)
    line = decision.lines.get()
    pay_url = reverse("decision:pay_line", args=[line.pk])
    inspect_url = reverse("decision:inspect", args=[decision.pk])
    client.force_login(w.commune_staff)
    assert pay_url in client.get(inspect_url).text

    Group.objects.get(name=COMMUNE_FRONT_STAFF).permissions.remove(
        Permission.objects.get(content_type__app_label="donations", codename="add_voucher")
    )
    page = client.get(inspect_url)
    assert page.status_code == 200 and pay_url not in page.text
    form = {"amount": "30.000.000", "method": "cash", "paid_on": "10/11/2026"}
    refused = client.post(pay_url, form)  # Wagtail answers PermissionDenied this way
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert not Voucher.objects.exists()


def test_a_line_paid_in_goods_the_fund_received_in_kind(client, records):
    """500 kg of rice received in kind: 120 kg given on a line makes a goods voucher; 400 kg
    more is refused on the quantity field (380 kg are left), with nothing written."""
    from django.utils import timezone

    from donations.models import Channel
    from donations.services import record_receipt

    w = records
    pay_url = reverse("decision:pay_line", args=[w.line.pk])
    client.force_login(w.front)
    assert 'value="goods"' not in client.get(pay_url).text  # nothing received in kind yet
    record_receipt(
        channel=Channel.IN_KIND,
        amount=10_000_000,
        received_at=timezone.make_aware(datetime.datetime(2026, 10, 25, 9)),
        fund=w.province_fund,
        goods_description="Gạo tẻ",
        goods_quantity=500,
        goods_unit="kg",
        user=w.front,
    )
    form = client.get(pay_url).text
    assert 'value="goods"' in form and "Gạo tẻ (500)" in form
    goods = {"method": "goods", "goods_item": "Gạo tẻ", "goods_unit": "kg", "paid_on": "10/11/2026"}
    response = client.post(pay_url, {**goods, "amount": "2.400.000", "goods_quantity": "120"})
    assert response.status_code == 302
    voucher = Voucher.objects.get()
    assert (voucher.method, voucher.goods_item, voucher.goods_quantity, voucher.amount) == (
        "goods", "Gạo tẻ", 120, 2_400_000
    )  # fmt: skip
    refused = client.post(pay_url, {**goods, "amount": "8.000.000", "goods_quantity": "400"})
    assert refused.status_code == 200
    assert "380" in refused.context["form"].errors["goods_quantity"][0]
    assert Voucher.objects.count() == 1
    missing = client.post(pay_url, {**goods, "amount": "1.000.000", "goods_quantity": ""})
    assert missing.context["form"].errors["goods_quantity"] == ["Nhập số lượng hàng, lớn hơn 0."]


def test_erasing_private_details_from_the_households_page(client, records):
    w = records
    client.force_login(w.front)
    inspect_url = reverse("beneficiary:inspect", args=[w.household.pk])
    erase_url = reverse("beneficiary:erase", args=[w.household.pk])
    page = client.get(inspect_url).text
    assert SECRET_CCCD in page and erase_url in page and "Xóa dữ liệu cá nhân" in page
    assert "Họ tên, xã và các khoản hỗ trợ đã nhận được giữ lại" in client.get(erase_url).text
    refused = client.post(erase_url, {"reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    done = client.post(erase_url, {"reason": "Hộ gia đình đề nghị"})
    assert done.status_code == 302 and done.url == inspect_url
    page = client.get(inspect_url).text
    assert SECRET_CCCD not in page and erase_url not in page
    assert "Đã xóa theo đề nghị của hộ gia đình ngày" in page


def test_a_voucher_over_the_line_is_refused_with_nothing_written(client, records):
    client.force_login(records.front)
    response = client.post(
        reverse("decision:pay_line", args=[records.line.pk]),
        {"amount": "60.000.001", "method": "cash", "paid_on": "10/11/2026"},
    )
    assert response.status_code == 200
    assert not Voucher.objects.exists()


def test_commune_staff_see_only_their_funds_decisions_and_communes_households(client, records):
    w = records
    client.force_login(w.commune_staff)
    listing = client.get(reverse("decision:index")).text
    assert "Sửa chữa nhà của xã" in listing and "Sửa chữa nhà đợt 2" not in listing
    assert client.get(reverse("decision:inspect", args=[w.commune_decision.pk])).status_code == 200
    for url in (
        reverse("decision:inspect", args=[w.approved.pk]),
        reverse("decision:approve", args=[w.waiting.pk]),
        reverse("decision:pay_line", args=[w.line.pk]),
        reverse("beneficiary:inspect", args=[w.other_household.pk]),
        reverse("beneficiary:edit", args=[w.other_household.pk]),
        reverse("house:inspect", args=[w.house.pk]),
    ):
        assert client.get(url).status_code in (302, 403, 404), url
    assert client.get(reverse("decision:inspect", args=[w.approved.pk])).status_code == 404
    assert client.get(reverse("beneficiary:inspect", args=[w.household.pk])).status_code == 200
    households = client.get(reverse("beneficiary:index")).text
    assert "Hồ Thị Nhung" in households and "Lê Văn Tám" not in households


def test_editors_and_moderators_see_nothing_of_support(client, records, editor, moderator):
    for user in (editor, moderator):
        client.force_login(user)
        for url in pages(records)[:-1]:
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            assert SECRET_CCCD not in response.text


def test_advancing_a_house_with_photos(client, records):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 100, 50)).save(buffer, "JPEG")
    photo = SimpleUploadedFile("khoi-cong.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.force_login(records.front)
    response = client.post(
        reverse("house:advance", args=[records.house.pk]),
        {"on": "12/11/2026", "photos": [photo]},
    )
    assert response.status_code == 302
    house = House.objects.get(pk=records.house.pk)
    assert house.stage == House.Stage.STARTED
    assert house.photos.get().stage == House.Stage.STARTED
    page = client.get(reverse("house:inspect", args=[house.pk]))
    assert "<img" in page.text


def test_the_house_list_is_titled_as_its_menu_item(client, records):
    """The menu says "Nhà Đại đoàn kết"; the list it opens said only "Nhà"."""
    client.force_login(records.front)
    html = client.get(reverse("house:index")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.strip().startswith("Nhà Đại đoàn kết"), title
    assert re.search(r"<h1[^>]*>\s*Nhà Đại đoàn kết\s*</h1>", html), "heading"


def test_money_in_a_list_stays_on_one_line(client, records):
    """A narrow "Tổng cộng" column put "₫" on a line of its own; the cell does not wrap now
    (a class that Wagtail's own stylesheet defines)."""
    client.force_login(records.front)
    html = client.get(reverse("decision:index")).content.decode()
    cells = re.findall(r"<td([^>]*)>\s*([\d.]+ ₫)\s*</td>", html)
    assert cells, "no money cell in the list"
    assert all('class="w-whitespace-nowrap"' in attrs for attrs, _money in cells), cells
