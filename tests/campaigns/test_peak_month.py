"""The peak month is a campaign's own pair of dates, 17/10 – 18/11 of its start year unless
staff change them, and the site-wide banner shows during the peak month only, not over a
drive that goes on collecting until Tết."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from campaigns.models import CampaignPage
from campaigns.queries import peak_month_campaigns, running_campaigns
from tests.campaigns.conftest import make_campaign
from tests.sitewide.conftest import make_user

LONG_DRIVE = {"start_date": datetime.date(2026, 10, 17), "end_date": datetime.date(2026, 12, 31)}


def banner(day):
    return Template("{% load campaign_tags %}{% peak_month_banner on=day %}").render(
        Context({"day": day})
    )


def test_a_new_campaign_gets_the_peak_month_of_its_start_year(campaign_index):
    campaign = make_campaign(campaign_index, **LONG_DRIVE)
    campaign.refresh_from_db()
    assert (campaign.peak_start, campaign.peak_end) == (
        datetime.date(2026, 10, 17),
        datetime.date(2026, 11, 18),
    )


def test_staff_may_set_other_peak_dates(campaign_index):
    campaign = make_campaign(
        campaign_index,
        peak_start=datetime.date(2026, 10, 20),
        peak_end=datetime.date(2026, 11, 30),
        **LONG_DRIVE,
    )
    campaign.refresh_from_db()
    assert (campaign.peak_start, campaign.peak_end) == (
        datetime.date(2026, 10, 20),
        datetime.date(2026, 11, 30),
    )


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (datetime.date(2026, 10, 16), False),
        (datetime.date(2026, 10, 17), True),
        (datetime.date(2026, 11, 18), True),
        (datetime.date(2026, 11, 19), False),  # the drive still runs, its peak month is over
        (datetime.date(2026, 12, 3), False),
    ],
)
def test_the_banner_shows_in_the_peak_month_only(campaign_index, day, shown):
    make_campaign(campaign_index, **LONG_DRIVE)
    html = banner(day)
    assert ("Ngày vì người nghèo 2026" in html) is shown
    if shown:
        assert "tháng cao điểm từ 17/10/2026 đến 18/11/2026" in html


def test_after_the_peak_month_the_campaign_still_runs(campaign_index):
    campaign = make_campaign(campaign_index, **LONG_DRIVE)
    day = datetime.date(2026, 12, 3)
    assert list(running_campaigns(day)) == [campaign]
    assert list(peak_month_campaigns(day)) == []


def test_a_campaign_outside_october_has_no_peak_month_and_its_banner_follows_its_period(
    campaign_index,
):
    spring = make_campaign(
        campaign_index,
        title="Chung tay khắc phục hạn hán",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 4, 30),
    )
    spring.refresh_from_db()
    assert (spring.peak_start, spring.peak_end) == (None, None)
    assert "Chung tay khắc phục hạn hán" in banner(datetime.date(2027, 4, 1))
    assert "Chung tay khắc phục hạn hán" not in banner(datetime.date(2027, 5, 1))


def test_a_short_drive_gets_the_part_of_the_window_within_its_period(campaign_index):
    campaign = make_campaign(
        campaign_index, start_date=datetime.date(2026, 11, 1), end_date=datetime.date(2026, 12, 31)
    )
    campaign.refresh_from_db()
    assert (campaign.peak_start, campaign.peak_end) == (
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 18),
    )


@pytest.mark.parametrize(
    ("peak_start", "peak_end", "field", "message"),
    [
        (datetime.date(2026, 10, 17), None, "peak_end", "Nhập đủ cả hai ngày"),
        (datetime.date(2026, 11, 18), datetime.date(2026, 10, 17), "peak_end", "không được kết"),
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 18), "peak_start", "phải nằm trong"),
        (datetime.date(2026, 12, 1), datetime.date(2027, 1, 10), "peak_start", "phải nằm trong"),
    ],
)
def test_wrong_peak_dates_are_refused_in_vietnamese(
    campaign_index, peak_start, peak_end, field, message
):
    campaign = CampaignPage(
        title="Sai ngày",
        slug="sai-ngay",
        intro="x",
        organiser="Ủy ban MTTQ tỉnh",
        peak_start=peak_start,
        peak_end=peak_end,
        **LONG_DRIVE,
    )
    with pytest.raises(ValidationError) as refused:
        campaign_index.add_child(instance=campaign)
    assert message in " ".join(refused.value.message_dict[field])


def test_the_campaign_page_names_its_peak_month(client, campaign_index):
    campaign = make_campaign(campaign_index, **LONG_DRIVE)
    html = client.get(campaign.url).content.decode()
    assert "Tháng cao điểm" in html and "17/10/2026 – 18/11/2026" in html


def test_the_editor_offers_the_peak_dates(client, campaign_index):
    campaign = make_campaign(campaign_index, **LONG_DRIVE)
    client.force_login(make_user("quan-tri", is_superuser=True, is_staff=True))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()
    assert 'name="peak_start"' in html and 'name="peak_end"' in html
    assert "tháng cao điểm bắt đầu" in html.lower()


def test_the_migration_gives_existing_campaigns_their_peak_month(campaign_index):
    campaign = make_campaign(campaign_index, **LONG_DRIVE)
    spring = make_campaign(
        campaign_index,
        title="Mùa xuân",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 4, 30),
    )
    CampaignPage.objects.update(peak_start=None, peak_end=None)
    migration = importlib.import_module("campaigns.migrations.0005_campaign_peak_month")
    migration.fill_peak_months(apps, None)
    campaign.refresh_from_db()
    spring.refresh_from_db()
    assert (campaign.peak_start, campaign.peak_end) == (
        datetime.date(2026, 10, 17),
        datetime.date(2026, 11, 18),
    )
    assert (spring.peak_start, spring.peak_end) == (None, None)
