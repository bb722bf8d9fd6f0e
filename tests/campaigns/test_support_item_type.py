"""A support item's support type: existing items get the one their name says (the data
migration's rules, expected types written here by hand), in the table and in the campaign's
revisions, and the admin offers the field."""

import importlib

import pytest
from django.apps import apps

from campaigns.models import CampaignPage, SupportItem
from sitewide.support_types import SupportType
from tests.campaigns.conftest import make_campaign

MIGRATION = importlib.import_module("campaigns.migrations.0007_support_item_type_from_name")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nhà Đại đoàn kết", "house_new"),
        ("Nhà Đại đoàn kết (mục tiêu 100 căn)", "house_new"),
        ("Xây mới nhà Đại đoàn kết", "house_new"),
        ("Sửa chữa nhà ở", "house_repair"),
        ("Sửa chữa nhà Đại đoàn kết", "house_repair"),
        ("Bò giống sinh sản", "livelihood"),
        ("Cây giống và vật tư sản xuất", "livelihood"),
        ("Hỗ trợ sinh kế", "livelihood"),
        ("Học bổng “Nâng bước em đến trường”", "scholarship"),
        ("HỌC BỔNG học sinh nghèo", "scholarship"),
        ("Thẻ bảo hiểm y tế", "health_insurance"),
        ("Thẻ BHYT cho hộ cận nghèo", "health_insurance"),
        ("Quà Tết", ""),
        ("Nhận đỡ đầu học sinh", ""),  # "nhận" is not "nhà"
        ("Hạng mục 1", ""),
        ("", ""),
    ],
)
def test_the_migration_reads_the_type_from_the_name(name, expected):
    assert MIGRATION.type_from_name(name) == expected


def test_the_migration_types_items_and_revisions_leaving_typed_ones(campaign_index):
    campaign = make_campaign(
        campaign_index,
        support_items=[
            SupportItem(name="Nhà Đại đoàn kết", unit_cost=60_000_000, target_count=120),
            SupportItem(name="Học bổng “Nâng bước em đến trường”", unit_cost=5, target_count=4),
            SupportItem(name="Quà Tết", unit_cost=500_000, target_count=1_000),
            SupportItem(
                name="Nhà tình thương", unit_cost=1, target_count=1, support_type=SupportType.OTHER
            ),
        ],
    )
    SupportItem.objects.filter(name="Nhà Đại đoàn kết").update(support_type="")
    revision = campaign.latest_revision
    content = revision.content
    for item in content["support_items"]:
        if item["name"] != "Nhà tình thương":
            item["support_type"] = ""
    del content["support_items"][0]["support_type"]  # a revision saved before the field
    revision.content = content
    revision.save(update_fields=["content"])

    MIGRATION.fill_support_types(apps, None)

    expected = {
        "Nhà Đại đoàn kết": "house_new",
        "Học bổng “Nâng bước em đến trường”": "scholarship",
        "Quà Tết": "",
        "Nhà tình thương": "other",
    }
    assert dict(campaign.support_items.values_list("name", "support_type")) == expected
    revision.refresh_from_db()
    assert {
        item["name"]: item["support_type"] for item in revision.content["support_items"]
    } == expected
    # What the editor opens (the latest revision) carries the types too.
    draft = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert {item.name: item.support_type for item in draft.support_items.all()} == expected


def test_the_editor_sets_the_support_type():
    form_class = CampaignPage.get_edit_handler().get_form_class()
    assert "support_type" in form_class.formsets["support_items"].form.base_fields
