"""Launch ceremonies: the record in the admin, live entry (one field finds or creates the donor,
amounts typed the Vietnamese way, record_pledge gives the payment code) and the stage screen."""

import datetime
import re

import pytest
from django.urls import reverse

from donations.models import Donor, Pledge
from donations.services import cancel_pledge
from mobilisation.models import Ceremony, CeremonyPledge
from mobilisation.services.ceremonies import announce_pledge
from tests.donations.conftest import make_donor

pytestmark = pytest.mark.django_db


def live(client, ceremony, **data):
    return client.post(reverse("ceremony:live", args=[ceremony.pk]), data)


def test_a_pledge_typed_without_diacritics_goes_to_the_donor_it_names(
    client, front_staff, ceremony, business
):
    make_donor("Công ty TNHH Xi măng Miền Trung", kind="business")
    client.force_login(front_staff)
    response = live(client, ceremony, query="cong ty co phan xi mang dong ha", amount="150.000.000")
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.donor, pledge.amount) == (business, 150_000_000)
    assert pledge.campaign == ceremony.campaign
    assert pledge.pledged_on == datetime.date(2026, 10, 17)
    assert pledge.event == ceremony.name
    assert re.fullmatch(r"[A-Z0-9]{6,12}", pledge.code)
    assert CeremonyPledge.objects.get().pledge == pledge


def test_a_query_meaning_several_donors_asks_which_and_records_nothing(
    client, front_staff, ceremony, business
):
    other = make_donor("Công ty TNHH Xi măng Miền Trung", kind="business")
    client.force_login(front_staff)
    response = live(client, ceremony, query="xi mang", amount="20.000.000")
    assert response.status_code == 200
    assert Pledge.objects.count() == 0
    page = response.content.decode()
    assert f'value="{business.pk}"' in page and f'value="{other.pk}"' in page
    assert 'value="new"' in page
    assert 'value="20.000.000"' in page  # what was typed is kept
    response = live(client, ceremony, query="xi mang", amount="20.000.000", donor=other.pk)
    assert response.status_code == 302
    assert Pledge.objects.get().donor == other


def test_a_new_donor_is_created_from_the_same_field(client, front_staff, ceremony):
    client.force_login(front_staff)
    response = live(
        client, ceremony, query="Ngân hàng TMCP Quân đội chi nhánh Quảng Trị",
        amount="1.000.000.000", donor="new", kind="business", tax_code="0100283873",
    )  # fmt: skip
    assert response.status_code == 302
    donor = Donor.objects.get()
    assert donor.name == "Ngân hàng TMCP Quân đội chi nhánh Quảng Trị"
    assert (donor.kind, donor.tax_code) == ("business", "0100283873")
    assert Pledge.objects.get().amount == 1_000_000_000


def test_a_new_donor_with_no_match_must_be_confirmed(client, front_staff, ceremony):
    client.force_login(front_staff)
    response = live(client, ceremony, query="Hội Doanh nhân trẻ", amount="5.000.000")
    assert response.status_code == 200
    assert Donor.objects.count() == 0 and Pledge.objects.count() == 0


def test_an_amount_typed_ambiguously_is_refused_and_nothing_is_written(
    client, front_staff, ceremony, business
):
    client.force_login(front_staff)
    response = live(client, ceremony, query=business.tax_code, amount="1,5")
    assert response.status_code == 200
    assert "1,5" in response.content.decode()
    assert Pledge.objects.count() == 0


def test_goods_make_a_pledge_in_kind(client, front_staff, ceremony, business):
    client.force_login(front_staff)
    live(
        client, ceremony, query="3200123456", amount="90.000.000",
        goods_description="30 tấn xi măng PCB40", due_on="31/12/2026",
    )  # fmt: skip
    pledge = Pledge.objects.get()
    assert pledge.in_kind and pledge.goods_description == "30 tấn xi măng PCB40"
    assert pledge.due_on == datetime.date(2026, 12, 31)


def test_live_entry_is_refused_to_editors(client, editor, ceremony, business):
    client.force_login(editor)
    live(client, ceremony, query="3200123456", amount="1.000.000")
    assert Pledge.objects.count() == 0


def test_the_stage_screen_shows_the_pledges_and_running_total(client, front_staff, ceremony):
    first = make_donor("Công ty Điện lực Quảng Trị", kind="business")
    second = make_donor("Ngân hàng Nông nghiệp chi nhánh Quảng Trị", kind="business")
    third = make_donor("Trường THPT Đông Hà", kind="organisation")
    announce_pledge(ceremony, donor=first, amount=500_000_000)
    announce_pledge(ceremony, donor=second, amount=1_250_000_000)
    cancelled = announce_pledge(ceremony, donor=third, amount=7_000_000)
    cancel_pledge(cancelled, reason="Nhập trùng")
    client.force_login(front_staff)
    response = client.get(reverse("ceremony:stage", args=[ceremony.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "<script" not in page
    assert "1.750.000.000 ₫" in page
    assert "Ngân hàng Nông nghiệp chi nhánh Quảng Trị" in page
    assert "Trường THPT Đông Hà" not in page
    assert page.index("Ngân hàng Nông nghiệp") < page.index("Công ty Điện lực")  # newest first


def test_the_stage_screen_is_refused_to_editors(client, editor, ceremony):
    client.force_login(editor)
    response = client.get(reverse("ceremony:stage", args=[ceremony.pk]))
    assert response.status_code in (302, 403)  # Wagtail sends a refused user to the dashboard
    assert ceremony.name not in response.content.decode()


def test_a_ceremony_is_created_in_the_admin_with_a_vietnamese_date(
    client, front_staff, ledger_campaign
):
    client.force_login(front_staff)
    response = client.post(
        reverse("ceremony:add"),
        {
            "name": "Lễ phát động tháng cao điểm xã Hướng Phùng",
            "held_on": "20/10/2026",
            "place": "Nhà văn hóa xã",
            "campaign": ledger_campaign.pk,
            "committee": "Ủy ban MTTQ Việt Nam xã Hướng Phùng",
            "pledges_due_on": "30/11/2026",
        },
    )
    assert response.status_code == 302
    ceremony = Ceremony.objects.get()
    assert ceremony.held_on == datetime.date(2026, 10, 20)
    index = client.get(reverse("ceremony:index")).content.decode()
    assert (
        reverse("ceremony:edit", args=[ceremony.pk]) in index
        or reverse("ceremony:inspect", args=[ceremony.pk]) in index
    )
    inspect = client.get(reverse("ceremony:inspect", args=[ceremony.pk])).content.decode()
    assert reverse("ceremony:live", args=[ceremony.pk]) in inspect
    assert reverse("ceremony:stage", args=[ceremony.pk]) in inspect


def test_the_menu_offers_the_ceremonies_to_front_staff(client, front_staff, db):
    client.force_login(front_staff)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("ceremony:index") in page
    assert reverse("pledge_import:index") in page
    assert reverse("reminder:index") in page


def test_a_single_near_match_is_offered_ready_to_confirm(client, front_staff, ceremony, business):
    client.force_login(front_staff)
    response = live(client, ceremony, query="xi mang", amount="20.000.000")
    assert Pledge.objects.count() == 0
    page = response.content.decode()
    assert re.search(rf'value="{business.pk}"[^>]*checked', page)


def test_a_new_donor_typed_without_diacritics_is_asked_for_the_full_name(
    client, front_staff, ceremony
):
    client.force_login(front_staff)
    typed = {"query": "cong ty co phan xi mang dong ha", "amount": "150.000.000", "donor": "new"}

    response = live(client, ceremony, **typed)

    assert response.status_code == 200
    assert Donor.objects.count() == 0 and Pledge.objects.count() == 0
    page = response.content.decode()
    assert "Viết đầy đủ tên nhà hảo tâm mới, có dấu" in page
    assert 'name="name" value="cong ty co phan xi mang dong ha"' in page
    response = live(client, ceremony, **typed, name="Công ty Cổ phần Xi măng Đông Hà")
    assert response.status_code == 302
    assert Pledge.objects.get().donor.name == "Công ty Cổ phần Xi măng Đông Hà"


def test_a_name_without_diacritics_is_kept_when_recorded_again(client, front_staff, ceremony):
    client.force_login(front_staff)
    typed = {"query": "FPT Telecom", "amount": "50.000.000", "donor": "new"}
    assert live(client, ceremony, **typed).status_code == 200
    assert live(client, ceremony, **typed, name="FPT Telecom").status_code == 302
    assert Donor.objects.get().name == "FPT Telecom"


def test_a_new_donor_found_by_phone_is_not_named_by_the_number(client, front_staff, ceremony):
    client.force_login(front_staff)
    response = live(client, ceremony, query="0912 345 678", amount="2.000.000", donor="new")
    assert response.status_code == 200
    assert 'name="name" value="0912' not in response.content.decode()
    response = live(
        client, ceremony, query="0912 345 678", amount="2.000.000", donor="new",
        name="Trần Thị Bích", kind="individual", phone="0912 345 678",
    )  # fmt: skip
    assert response.status_code == 302
    assert Donor.objects.get().name == "Trần Thị Bích"
