"""The earmark ("a business adopts a commune") where pledges come in: live entry at a ceremony
and the bulk import's optional columns (a commune not found is refused with row and column)."""

import pytest
from django.urls import reverse

from donations.models import Pledge, SupportType
from mobilisation.models import PledgeImport
from mobilisation.services.imports import ImportRefused, confirm_import, stage_import
from tests.sitewide.conftest import make_area

pytestmark = pytest.mark.django_db

HEADINGS = "Tên đơn vị;Mã số thuế;Số tiền;Xã nhận hỗ trợ;Loại hỗ trợ;Nội dung hỗ trợ"


def csv_file(*rows):
    return ("\n".join([HEADINGS, *rows]) + "\n").encode()


@pytest.fixture
def a_doi(db):
    return make_area("Xã A Dơi")


def test_the_earmark_columns_are_imported(ceremony, a_doi):
    data = csv_file(
        "Công ty Điện lực;3200111222;600.000.000;xa a doi;Xây mới nhà Đại đoàn kết;"
        "10 Nhà Đại đoàn kết tại xã A Dơi",
        "Ngân hàng Thử;;50.000.000;A Dơi;;",
        "Trần Thị Bích;;2.000.000;;;",
    )
    staged = stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    pledges = sorted(confirm_import(staged), key=lambda pledge: -pledge.amount)
    earmarks = [(p.earmark_area, p.earmark_support_type, p.earmark_label) for p in pledges]
    assert earmarks == [
        (a_doi, SupportType.HOUSE_NEW, "10 Nhà Đại đoàn kết tại xã A Dơi"),
        (a_doi, "", ""),
        (None, "", ""),
    ]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("Công ty A;;1.000.000;Xã Không Có;;", "D", "Xã Không Có"),
        ("Công ty A;;1.000.000;A Dơi;Xây lâu đài;", "E", "Xây lâu đài"),
        ("Công ty A;;1.000.000;;Học bổng;", "E", "xã"),
        ("Công ty A;;1.000.000;;;Nhà ở xã nào đó", "F", "xã"),
    ],
)
def test_a_bad_earmark_refuses_the_file_naming_row_and_column(ceremony, a_doi, row, column, words):
    data = csv_file("Công ty B;;2.000.000;A Dơi;;", row)
    with pytest.raises(ImportRefused) as refused:
        stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    assert str(refused.value).startswith(f"Dòng 3, cột {column}")
    assert words in str(refused.value)
    assert PledgeImport.objects.count() == 0 and Pledge.objects.count() == 0


def test_the_preview_shows_the_earmark(client, front_staff, ceremony, a_doi):
    data = csv_file("Công ty A;;1.000.000;A Dơi;Học bổng;5 suất học bổng")
    staged = stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    client.force_login(front_staff)
    page = client.get(reverse("pledge_import:inspect", args=[staged.pk])).content.decode()
    assert "Xã A Dơi · Học bổng" in page and "5 suất học bổng" in page


def test_live_entry_records_an_earmark(client, ceremony, business, front_staff):
    client.force_login(front_staff)
    commune = make_area("Xã Hướng Lập")
    response = client.post(
        reverse("ceremony:live", args=[ceremony.pk]),
        {"query": "3200123456", "amount": "1.000.000.000", "earmark_area": commune.pk,
         "earmark_support_type": "house_new",
         "earmark_label": "10 Nhà Đại đoàn kết tại xã Hướng Lập"},
    )  # fmt: skip
    assert response.status_code == 302
    pledge = ceremony.entries.get().pledge
    assert (pledge.earmark_area, pledge.earmark_support_type, pledge.earmark_label) == (
        commune,
        "house_new",
        "10 Nhà Đại đoàn kết tại xã Hướng Lập",
    )
    page = client.get(reverse("pledge:inspect", args=[pledge.pk])).content.decode()
    assert "10 Nhà Đại đoàn kết tại xã Hướng Lập" in page
