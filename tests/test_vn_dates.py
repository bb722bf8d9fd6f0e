"""Dates typed the Vietnamese way: dd/mm/yyyy (d/m/yyyy, ISO) and dd/mm/yyyy HH:MM.

Wagtail's date pickers once wrote and read Y-m-d: a date typed 17/10/2026 was not theirs, they
replaced it with today's when the field was left, and the pledge was saved under that date.
Now the pickers use the server's format (settings), keep what was typed (sitewide/static/
sitewide/admin-dates.js), and a date that cannot be read is an error on its field in
Vietnamese, in the admin's forms and filters and in the public statement's filters.
"""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaigns.models import CampaignPage
from donations.models import Channel, Disclosure, Pledge, Receipt
from donations.services import record_receipt
from donations.testing import at, make_donor
from reconciliation.viewsets.imports import ImportForm
from sitewide.forms import DateField, DateTimeField
from stories.models import StoryPage
from tests.factories import make_campaign, make_story

pytest_plugins = ["donations.testing"]

DATE_ERROR = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 17/10/2026."
DATETIME_ERROR = "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 17/10/2026 14:30."


@pytest.fixture(autouse=True)
def _vietnamese():
    cache.clear()  # the public statement keeps rendered fragments
    with translation.override("vi"):
        yield


# --- The formats: what the pickers write is what the server reads --------------------------


def test_the_pickers_write_the_format_the_server_reads():
    assert settings.WAGTAIL_DATE_FORMAT == "%d/%m/%Y"
    assert settings.WAGTAIL_DATE_FORMAT in formats.get_format("DATE_INPUT_FORMATS", lang="vi")
    assert settings.WAGTAIL_DATETIME_FORMAT in formats.get_format(
        "DATETIME_INPUT_FORMATS", lang="vi"
    )
    assert AdminDateInput().js_format == "d/m/Y"
    assert AdminDateTimeInput().js_format == "d/m/Y H:i"


def test_the_pickers_are_told_to_keep_what_was_typed():
    script = finders.find("sitewide/admin-dates.js")
    assert script, "sitewide/static/sitewide/admin-dates.js is missing"
    with open(script, encoding="utf-8") as source:
        assert "datetimepicker.defaults.validateOnBlur = false" in source.read()


def test_every_date_of_ours_is_read_the_vietnamese_way_in_wagtails_forms():
    """Pages, snippets and the ledger's and reconciliation's model forms alike."""
    seen = []
    for app in ("sitewide", "stories", "campaigns", "donations", "giving", "reconciliation"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.DateField) or not field.editable:
                    continue
                expected = DateTimeField if isinstance(field, models.DateTimeField) else DateField
                label = f"{model.__name__}.{field.name}"
                assert type(formfield_for_dbfield(field)) is expected, label
                seen.append(label)
    assert {"Pledge.pledged_on", "Receipt.received_at", "StoryPage.story_date"} <= set(seen)
    assert {"CampaignPage.start_date", "Area.valid_from"} <= set(seen)
    period = ImportForm().fields["period_start"]
    assert isinstance(period, DateField) and isinstance(period.widget, AdminDateInput)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("17/10/2026", datetime.date(2026, 10, 17)),
        ("7/1/2026", datetime.date(2026, 1, 7)),
        ("07/01/2026", datetime.date(2026, 1, 7)),
        (" 17/10/2026 ", datetime.date(2026, 10, 17)),
        ("17/10/26", datetime.date(2026, 10, 17)),
        ("2026-10-17", datetime.date(2026, 10, 17)),
        ("29/02/2028", datetime.date(2028, 2, 29)),
    ],
)
def test_a_date_field_reads_day_month_year(typed, expected):
    assert DateField().clean(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["31/02/2026", "29/02/2027", "32/10/2026", "17/13/2026", "10/17/2026", "17/10/0026",
     "17.10.2026", "17-10-2026", "hôm nay", "17/10", "2026"],
)  # fmt: skip
def test_a_date_that_cannot_be_read_is_refused_in_vietnamese(typed):
    with pytest.raises(Exception) as refused:
        DateField().clean(typed)
    assert refused.value.messages == [DATE_ERROR]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("17/10/2026 14:30", (2026, 10, 17, 14, 30)),
        ("7/1/2026 8:05", (2026, 1, 7, 8, 5)),
        ("14:30 17/10/2026", (2026, 10, 17, 14, 30)),
        ("17/10/2026", (2026, 10, 17, 0, 0)),
        ("2026-10-17 14:30:00", (2026, 10, 17, 14, 30)),
    ],
)
def test_a_date_time_field_reads_day_month_year_hour_minute(typed, expected):
    moment = timezone.localtime(DateTimeField().clean(typed))
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == expected
    assert str(moment.tzinfo) == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("typed", ["31/02/2026 10:00", "17/10/2026 25:00", "17/10/0026 10:00"])
def test_a_date_time_that_cannot_be_read_is_refused_in_vietnamese(typed):
    with pytest.raises(Exception) as refused:
        DateTimeField().clean(typed)
    assert refused.value.messages == [DATETIME_ERROR]


def test_a_date_read_any_way_is_shown_back_as_day_month_year():
    form_field = DateField()
    assert form_field.widget.format_value(form_field.prepare_value("7/1/2026")) == "07/01/2026"
    assert form_field.widget.format_value(form_field.prepare_value("2026-01-07")) == "07/01/2026"
    assert form_field.prepare_value("31/02/2026") == "31/02/2026"  # kept as typed, to fix


# --- The admin's forms ----------------------------------------------------------------------


def pledge_form(ledger_campaign, donor, **fields):
    return {
        "donor": donor.pk,
        "campaign": ledger_campaign.pk,
        "fund": "",
        "amount": "150.000.000",
        "goods_description": "",
        "pledged_on": "17/10/2026",
        "due_on": "",
        "event": "Lễ phát động Ngày vì người nghèo",
        "note": "",
        **fields,
    }


def test_a_pledge_typed_17_10_2026_is_saved_on_that_day(client, ledger_campaign, front_staff):
    client.force_login(front_staff)
    donor = make_donor("Công ty TNHH Thủy Sản Gio Linh", kind="business")
    form = pledge_form(ledger_campaign, donor, due_on="7/11/2026")
    response = client.post(reverse("pledge:add"), form)
    assert response.status_code == 302
    pledge = Pledge.objects.get(donor=donor)
    assert pledge.pledged_on == datetime.date(2026, 10, 17)
    assert pledge.due_on == datetime.date(2026, 11, 7)

    page = client.get(reverse("pledge:edit", args=[pledge.pk])).content.decode()
    assert 'value="07/11/2026"' in page  # shown as it is written, not 2026-11-07
    assert '"format": "d/m/Y"' in page  # the picker reads and writes the same
    assert "sitewide/admin-dates.js" in page


@pytest.mark.parametrize("typed", ["31/02/2026", "17/10/0026", "hôm qua"])
def test_a_pledge_date_that_cannot_be_read_is_refused_never_replaced_by_today(
    client, ledger_campaign, front_staff, typed
):
    client.force_login(front_staff)
    donor = make_donor("Bà Lê Thị Hoa")
    response = client.post(
        reverse("pledge:add"), pledge_form(ledger_campaign, donor, pledged_on=typed)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert DATE_ERROR in body
    assert f'value="{typed}"' in body  # kept as typed, to be corrected
    assert 'value="150.000.000"' in body
    assert not Pledge.objects.filter(donor=donor).exists()


def test_a_receipt_time_is_typed_day_month_year_hour_minute(client, ledger_campaign, front_staff):
    client.force_login(front_staff)
    for typed, book in (("17/10/2026 14:30", "Q09-0001"), ("14:30 17/10/2026", "Q09-0002")):
        form = {
            "channel": Channel.CASH,
            "amount": "1.500.000",
            "received_at": typed,
            "campaign": ledger_campaign.pk,
            "disclosure": "",
            "receipt_book_number": book,
        }
        assert client.post(reverse("receipt:add"), form).status_code == 302
        receipt = Receipt.objects.get(receipt_book_number=book)
        assert timezone.localtime(receipt.received_at) == at(datetime.date(2026, 10, 17), 14, 30)
        assert receipt.amount == 1_500_000
    form["received_at"], form["receipt_book_number"] = "17/10/2026 24:10", "Q09-0003"
    response = client.post(reverse("receipt:add"), form)
    assert DATETIME_ERROR in response.content.decode()
    assert not Receipt.objects.filter(receipt_book_number="Q09-0003").exists()


def test_the_receipt_filter_reads_day_month_year(client, ledger_campaign, front_staff):
    client.force_login(front_staff)
    record_receipt(
        channel=Channel.CASH,
        amount=2_000_000,
        received_at=at(datetime.date(2026, 10, 20), 10),
        campaign=ledger_campaign,
        receipt_book_number="Q09-0100",
    )
    url = reverse("receipt:index")
    found = client.get(url, {"received_from": "20/10/2026", "received_to": "20/10/2026"})
    assert "2.000.000 ₫" in found.content.decode()
    missed = client.get(url, {"received_from": "21/10/2026"}).content.decode()
    assert "2.000.000 ₫" not in missed
    refused = client.get(url, {"received_from": "32/10/2026"}).content.decode()
    assert DATE_ERROR in refused


# --- Wagtail's page editor ----------------------------------------------------------------


def campaign_form(page, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "listing_image": "",
        "start_date": "17/10/2026",
        "end_date": "18/11/2026",
        "organiser": page.organiser,
        "area": "",
        "target_amount": "15.000.000.000",
        "support_items": inline_formset(
            [
                {
                    "name": "Nhà Đại đoàn kết",
                    "unit_cost": "60.000.000",
                    "target_count": "120",
                    "unit": "căn",
                    "description": "",
                }
            ]
        ),  # fmt: skip
        "body": streamfield([]),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
        **fields,
    }
    return nested_form_data(data)


def test_campaign_dates_and_amounts_typed_in_the_page_editor(admin_client, campaign_index):
    campaign = make_campaign(
        campaign_index,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        target_amount=1,
    )
    url = reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    response = admin_client.post(url, campaign_form(campaign))
    assert response.status_code == 302, response.context["form"].errors
    draft = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert (draft.start_date, draft.end_date) == (
        datetime.date(2026, 10, 17),
        datetime.date(2026, 11, 18),
    )
    assert draft.target_amount == 15_000_000_000
    assert [item.unit_cost for item in draft.support_items.all()] == [60_000_000]

    page = admin_client.get(url).content.decode()
    assert 'value="17/10/2026"' in page and 'value="18/11/2026"' in page
    assert 'value="15.000.000.000"' in page and 'value="60.000.000"' in page

    response = admin_client.post(url, campaign_form(campaign, end_date="31/11/2026"))
    assert response.status_code == 200
    body = response.content.decode()
    assert DATE_ERROR in body and 'value="31/11/2026"' in body
    assert 'value="17/10/2026"' in body


def test_a_story_date_typed_in_the_page_editor(admin_client, story_index):
    story = make_story(story_index, story_date=datetime.date(2025, 1, 1))
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = {
        "title": story.title,
        "slug": story.slug,
        "intro": story.intro,
        "listing_image": "",
        "story_type": story.story_type,
        "story_date": "17/10/2026",
        "area": "",
        "tags": "",
        "body": streamfield([("paragraph", rich_text("<p>Nuôi bò sinh sản.</p>"))]),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
    }
    response = admin_client.post(url, nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors
    draft = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert draft.story_date == datetime.date(2026, 10, 17)
    assert 'value="17/10/2026"' in admin_client.get(url).content.decode()

    response = admin_client.post(url, nested_form_data({**data, "story_date": "17/10/0026"}))
    assert response.status_code == 200
    assert DATE_ERROR in response.content.decode()


# --- The public statement's filters ---------------------------------------------------------


@pytest.fixture
def statement(ledger_campaign):
    donor = make_donor("Nguyễn Văn An", public_display=Disclosure.FULL_NAME)
    for day, book in ((20, "Q08-0001"), (22, "Q08-0002")):
        record_receipt(
            channel=Channel.CASH,
            amount=1_000_000 * day,
            received_at=at(datetime.date(2026, 10, day), 9),
            campaign=ledger_campaign,
            donor=donor,
            receipt_book_number=book,
        )
    return reverse("donations_statement", args=[ledger_campaign.slug])


@pytest.mark.parametrize("typed", ["21/10/2026", "21/10/26", "2026-10-21"])
def test_the_statement_filters_from_a_day_written_any_common_way(client, statement, typed):
    body = client.get(statement, {"tu_ngay": typed}).content.decode()
    assert "22.000.000 ₫" in body and "20.000.000 ₫" not in body
    assert 'value="21/10/2026"' in body  # shown as it is written
    assert 'type="date"' not in body  # a browser's date box shows its own locale's order


def test_the_statement_says_when_a_day_cannot_be_read(client, statement):
    body = client.get(statement, {"tu_ngay": "32/10/2026", "den_ngay": "21/10/2026"})
    body = body.content.decode()
    assert DATE_ERROR in body
    assert 'value="32/10/2026"' in body
    assert "20.000.000 ₫" in body and "22.000.000 ₫" not in body  # the other filter applies
