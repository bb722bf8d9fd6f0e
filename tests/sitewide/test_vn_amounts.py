"""Amounts typed the way people type them: 150.000.000, 150 000 000, 150,000,000.

One field reads money everywhere (sitewide.forms.MoneyField, parsing in
sitewide.formatting.parse_money): Wagtail's model forms take it for every amount, the ledger's,
reconciliation's and giving's own forms and filters and the public forms declare it. A decimal
part, a negative amount and an ambiguous comma ("1,5") are refused on the field in Vietnamese,
and a field shows back what it understood (150.000.000).
"""

import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from wagtail.admin.forms.models import formfield_for_dbfield

from donations.models import Channel, Disclosure, Pledge
from donations.services import record_pledge, record_receipt
from donations.viewsets.pledges import PledgeViewSet
from donations.viewsets.receipt_actions import AllocateForm
from giving.admin_views import RefundForm
from reconciliation.viewsets.actions import SplitForm
from reconciliation.viewsets.lines import LineFilterSet
from sitewide.formatting import MoneyFormatError, group_thousands, parse_money
from sitewide.forms import MoneyField, MoneyInput
from tests.donations.conftest import at, make_donor

OUR_APPS = ("sitewide", "stories", "campaigns", "donations", "giving", "reconciliation")
FORMAT = "Nhập số tiền bằng đồng, không có phần lẻ, ví dụ 150.000.000."
DECIMAL = "Số tiền tính bằng đồng chẵn, không có phần thập phân."
NEGATIVE = "Số tiền không được là số âm."
HINT = "Số đồng chẵn, có thể dùng dấu chấm hoặc dấu cách ngăn cách hàng nghìn: 150.000.000."


def ambiguous(typed):
    return (
        f"“{typed}” có thể hiểu theo hai cách, vì dấu phẩy cũng là dấu thập phân. "
        "Hãy nhập số đồng chẵn, dùng dấu chấm ngăn cách hàng nghìn, ví dụ 1.500.000."
    )


@pytest.fixture(autouse=True)
def _vietnamese():
    cache.clear()
    with translation.override("vi"):
        yield


# --- Reading an amount ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("150.000.000", 150_000_000),
        ("150000000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150\u00a0000\u00a0000", 150_000_000),  # no-break spaces, as spreadsheets copy
        ("150\u202f000\u202f000", 150_000_000),  # narrow no-break spaces
        ("150,000,000", 150_000_000),
        ("1,500", 1_500),
        ("1.500", 1_500),
        ("  2.750.000  ", 2_750_000),
        ("150.000.000 ₫", 150_000_000),
        ("150.000.000đ", 150_000_000),
        ("500.000 đồng", 500_000),
        ("500.000 VNĐ", 500_000),
        ("500000 vnd", 500_000),
        ("0", 0),
        ("999.999.999.999.999", 999_999_999_999_999),
    ],
)
def test_amounts_as_people_type_them(typed, expected):
    assert parse_money(typed) == expected


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("1,5", "ambiguous"),
        ("1,50", "ambiguous"),
        ("1.5", "ambiguous"),
        ("150.000,5", "decimal"),
        ("150.000,00", "decimal"),
        ("150 000,5", "decimal"),
        ("150,000.50", "decimal"),
        ("150000,50", "decimal"),
        ("1500.5", "decimal"),
        ("15,00", "decimal"),
        ("-150.000", "negative"),
        ("\u2212150.000", "negative"),
        ("1.50.000", "format"),
        ("150.000 000", "format"),
        ("1..000", "format"),
        ("1e6", "format"),
        ("+150000", "format"),
        ("một triệu", "format"),
        ("²", "format"),
        ("١٢٣", "format"),
        ("", "format"),
        ("1.000.000.000.000.000", "too_large"),
    ],
)
def test_amounts_that_cannot_be_read_are_refused_never_guessed(typed, why):
    with pytest.raises(MoneyFormatError) as refused:
        parse_money(typed)
    assert refused.value.code == why


def test_a_negative_amount_is_read_where_it_is_allowed():
    assert parse_money("-150.000", allow_negative=True) == -150_000


AMOUNTS = st.integers(min_value=0, max_value=10**15 - 1)


@given(AMOUNTS)
def test_what_is_written_reads_back(amount):
    assert parse_money(group_thousands(amount)) == amount
    assert parse_money(f"{group_thousands(amount)} ₫") == amount
    assert parse_money(str(amount)) == amount


@given(AMOUNTS, st.sampled_from([" ", "\u00a0", "\u202f", ","]))
def test_every_thousands_separator_reads_back(amount, separator):
    assert parse_money(group_thousands(amount).replace(".", separator)) == amount


@given(AMOUNTS)
def test_the_box_shows_what_it_understood(amount):
    for typed in (str(amount), group_thousands(amount).replace(".", " ")):
        assert MoneyInput().format_value(typed) == group_thousands(amount)
    assert MoneyInput().format_value(amount) == group_thousands(amount)


@given(st.text(max_size=30))
def test_any_text_is_an_amount_or_a_refusal(text):
    try:
        value = parse_money(text)
    except MoneyFormatError as refused:
        assert refused.code in {"format", "decimal", "ambiguous", "negative", "too_large"}
    else:
        assert 0 <= value < 10**15
        assert parse_money(group_thousands(value)) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5", ambiguous("1,5")),
        ("150.000,5", DECIMAL),
        ("-150.000", NEGATIVE),
        ("150 ngàn", FORMAT),
    ],
)
def test_the_field_says_why_in_vietnamese(typed, message):
    with pytest.raises(ValidationError) as refused:
        MoneyField().clean(typed)
    assert refused.value.messages == [message]


def test_the_field_shows_the_format_after_any_help_text():
    assert str(MoneyField().help_text) == HINT
    assert str(MoneyField(help_text="Với hiện vật.").help_text) == f"Với hiện vật. {HINT}"
    assert MoneyField(hint=False).help_text == ""


# --- One field everywhere money is typed ----------------------------------------------------


def test_wagtail_reads_every_amount_of_ours_with_the_one_field():
    """Wagtail's model forms take MoneyField for every PositiveBigIntegerField
    (sitewide.forms.register_admin_form_fields), so each must be an amount in đồng: a count is
    a PositiveIntegerField."""
    amounts = []
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.PositiveBigIntegerField) and field.editable:
                    label = f"{model.__name__}.{field.name}"
                    assert "đồng" in str(field.verbose_name), label
                    assert isinstance(formfield_for_dbfield(field), MoneyField), label
                    amounts.append(label)
    assert {"Pledge.amount", "Receipt.amount", "CampaignPage.target_amount"} <= set(amounts)


def test_the_admin_and_action_forms_read_money_with_the_one_field(ledger_campaign):
    pledge_form = PledgeViewSet().get_edit_handler().get_form_class()
    assert isinstance(pledge_form.base_fields["amount"], MoneyField)
    campaign_form = type(ledger_campaign).get_edit_handler().get_form_class()
    assert isinstance(campaign_form.base_fields["target_amount"], MoneyField)
    support_items = campaign_form.formsets["support_items"].form.base_fields
    assert isinstance(support_items["unit_cost"], MoneyField)
    assert isinstance(AllocateForm.base_fields["amount"], MoneyField)
    assert isinstance(RefundForm.base_fields["amount"], MoneyField)
    split = SplitForm(line=None)
    assert all(isinstance(split.fields[f"amount_{n}"], MoneyField) for n in (1, 2))
    filters = LineFilterSet().form.fields
    assert isinstance(filters["amount_from"], MoneyField)
    assert isinstance(filters["amount_to"], MoneyField)


# --- The pledge form in the admin -----------------------------------------------------------


def pledge_form(campaign, donor, **fields):
    return {
        "donor": donor.pk,
        "campaign": campaign.pk,
        "fund": "",
        "amount": "150.000.000",
        "goods_description": "",
        "pledged_on": "17/10/2026",
        "due_on": "",
        "event": "",
        "note": "",
        **fields,
    }


@pytest.mark.parametrize("typed", ["150.000.000", "150 000 000", "150\u00a0000\u00a0000"])
def test_a_pledge_of_150_000_000(client, ledger_campaign, front_staff, typed):
    client.force_login(front_staff)
    donor = make_donor("Công ty CP Xây dựng Đông Hà", kind="business")
    response = client.post(reverse("pledge:add"), pledge_form(ledger_campaign, donor, amount=typed))
    assert response.status_code == 302
    pledge = Pledge.objects.get(donor=donor)
    assert pledge.amount == 150_000_000
    page = client.get(reverse("pledge:inspect", args=[pledge.pk])).content.decode()
    assert "150.000.000 ₫" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1,5", ambiguous("1,5")), ("150.000,5", DECIMAL), ("-150.000", NEGATIVE)],
)
def test_a_pledge_amount_that_cannot_be_read_is_refused(
    client, ledger_campaign, front_staff, typed, message
):
    client.force_login(front_staff)
    donor = make_donor("Ông Trần Văn Bình")
    response = client.post(reverse("pledge:add"), pledge_form(ledger_campaign, donor, amount=typed))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert f'value="{typed}"' in body
    assert not Pledge.objects.filter(donor=donor).exists()


def test_the_pledge_form_shows_the_amount_as_understood(client, ledger_campaign, front_staff):
    client.force_login(front_staff)
    donor = make_donor("Bà Nguyễn Thị Lan")
    form = pledge_form(ledger_campaign, donor, amount="150000000", pledged_on="hôm nay")
    body = client.post(reverse("pledge:add"), form).content.decode()
    assert 'value="150.000.000"' in body  # understood, though the form was refused for the date
    assert HINT in body
    assert 'inputmode="numeric"' in body


def test_an_allocation_amount_typed_with_dots(client, ledger_campaign, front_staff):
    client.force_login(front_staff)
    donor = make_donor("Ông Hồ Văn Lâm")
    day = datetime.date(2026, 10, 20)
    pledge = record_pledge(donor=donor, campaign=ledger_campaign, amount=5_000_000, pledged_on=day)
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=8_000_000,
        received_at=at(day, 10),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q10-0001",
    )
    url = reverse("receipt:allocate", args=[receipt.pk])
    refused = client.post(url, {"pledge": pledge.pk, "amount": "2,5"}).content.decode()
    assert ambiguous("2,5") in refused
    response = client.post(url, {"pledge": pledge.pk, "amount": "2.500.000"})
    assert response.status_code == 302
    assert [allocation.amount for allocation in pledge.allocations.all()] == [2_500_000]


# --- Public forms ---------------------------------------------------------------------------


def test_the_donate_form_reads_spaces_and_refuses_an_ambiguous_comma(client, giving_campaign):
    from giving.models import OnlineGift

    url = f"/ung-ho/gui/{giving_campaign.pk}/"
    data = {"preset": "other", "disclosure": "anonymous", "method": "vnpay"}
    response = client.post(url, {**data, "other_amount": "1,5"})
    assert ambiguous("1,5") in response.content.decode()
    assert not OnlineGift.objects.exists()
    response = client.post(url, {**data, "other_amount": "1\u00a0250\u00a0000"})
    assert response.status_code == 302
    assert OnlineGift.objects.get().amount == 1_250_000


@pytest.fixture
def gift(ledger_campaign):
    donor = make_donor("Nguyễn Văn An", public_display=Disclosure.FULL_NAME)
    return record_receipt(
        channel=Channel.CASH,
        amount=20_000_000,
        received_at=at(datetime.date(2026, 10, 20), 9),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q11-0001",
    )


def test_check_my_gift_reads_the_amount_as_typed_and_refuses_an_ambiguous_one(client, gift):
    url = reverse("donations_check_gift")
    for typed in ("20.000.000", "20 000 000", "20,000,000", "20.000.000 ₫"):
        body = client.post(url, {"reference": gift.number, "amount": typed}).content.decode()
        assert "Đã nhận: 20.000.000 ₫" in body, typed
    body = client.post(url, {"reference": gift.number, "amount": "20,5"}).content.decode()
    assert ambiguous("20,5") in body
    assert "Đã nhận" not in body


def test_the_statement_filters_by_amounts_as_typed_and_says_what_it_cannot_read(
    client, gift, ledger_campaign
):
    url = reverse("donations_statement", args=[ledger_campaign.slug])
    body = client.get(url, {"tu_so_tien": "20000000"}).content.decode()
    assert "20.000.000 ₫" in body
    assert 'value="20.000.000"' in body  # the box shows what it understood
    body = client.get(url, {"tu_so_tien": "20\u00a0000\u00a0001"}).content.decode()
    assert "Không có khoản ủng hộ nào khớp với bộ lọc." in body
    body = client.get(url, {"den_so_tien": "1,5"}).content.decode()
    assert ambiguous("1,5") in body
