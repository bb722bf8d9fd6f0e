"""Campaign pages: what a donor reads, the peak-month banner's dates and the date check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from campaigns.models import CampaignPage, SupportItem
from campaigns.queries import campaign_details, campaign_timeline
from donations.models import BankAccount
from donations.public.accounts import campaign_accounts
from giving.services import transfer_account
from tests.campaigns.conftest import make_campaign
from tests.sitewide.conftest import make_area

DAY = datetime.timedelta(days=1)


def make_account(bank_name="Vietcombank", bank_bin="970436", number="0071000123456", **kwargs):
    return BankAccount.objects.create(
        bank_name=bank_name,
        bank_bin=bank_bin,
        account_number=number,
        holder=kwargs.pop("holder", "Quỹ Vì người nghèo tỉnh Quảng Trị"),
        **kwargs,
    )


@pytest.fixture
def full_campaign(campaign_index):
    return make_campaign(
        campaign_index,
        area=make_area("Tỉnh Quảng Trị", level="province", slug="quang-tri"),
        support_items=[
            SupportItem(
                name="Nhà Đại đoàn kết", unit_cost=60_000_000, target_count=120, unit="căn"
            ),
            SupportItem(
                name="Bò giống sinh sản",
                unit_cost=18_500_000,
                target_count=200,
                description="Mỗi hộ một con bò cái giống",
            ),
        ],
        bank_accounts=[
            make_account(branch="Chi nhánh Quảng Trị"),
            make_account("BIDV", "970418", "54010000987654"),
            make_account("Agribank", "970405", "3900201001234", is_active=False),
        ],
        body=[("paragraph", "<p>Thư kêu gọi ủng hộ Quỹ Vì người nghèo năm 2026.</p>")],
    )


def test_campaign_page_shows_facts_items_and_accounts(client, full_campaign):
    html = client.get(full_campaign.url).content.decode()

    assert "<h1>Ngày vì người nghèo 2026</h1>" in html
    assert "17/10/2026" in html and "18/11/2026" in html
    assert "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị" in html
    assert "Tỉnh Quảng Trị" in html
    assert "15.000.000.000 ₫" in html
    # Each support item with unit cost, count and its own target; then all items together.
    assert "Nhà Đại đoàn kết" in html
    assert "60.000.000 ₫" in html and ">120 căn<" in html
    assert "7.200.000.000 ₫" in html
    assert "3.700.000.000 ₫" in html
    assert "10.900.000.000 ₫" in html
    assert "Mỗi hộ một con bò cái giống" in html
    # Active accounts, public on purpose; an account out of use is not offered to donors.
    assert "0071000123456" in html and "970436" in html and "Chi nhánh Quảng Trị" in html
    assert "54010000987654" in html and "970418" in html
    assert "3900201001234" not in html
    assert "Quỹ Vì người nghèo tỉnh Quảng Trị" in html
    assert "Thư kêu gọi ủng hộ Quỹ Vì người nghèo năm 2026." in html


def test_campaign_page_reads_in_vietnamese(client, full_campaign):
    html = client.get(full_campaign.url).content.decode()
    for label in ["Thời gian", "Đơn vị tổ chức", "Mục tiêu vận động", "Đơn giá", "Số tài khoản"]:
        assert label in html, label


def test_money_extension_point_renders_ledger_template(client, full_campaign, settings, tmp_path):
    """The page hands itself to the ledger's `campaign_money` tag; no numbers of its own."""
    override = tmp_path / "templates" / "donations" / "includes"
    override.mkdir(parents=True)
    (override / "campaign_money.html").write_text("LEDGER-TOTALS-FOR-{{ campaign.pk }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    html = client.get(full_campaign.url).content.decode()
    assert f"LEDGER-TOTALS-FOR-{full_campaign.pk}" in html


def test_donate_block_is_a_named_extension_point(rf, full_campaign):
    template = Template(
        '{% extends "campaigns/campaign_page.html" %}{% block donate %}DONATE-FORM{% endblock %}'
    )
    request = rf.get(full_campaign.url)
    context = full_campaign.get_context(request)
    html = template.render(Context(context))
    assert html.index("DONATE-FORM") > html.index("Nhà Đại đoàn kết")


def test_index_lists_running_upcoming_and_past(client, campaign_index):
    today = timezone.localdate()
    make_campaign(campaign_index, title="Đang chạy", start_date=today - DAY, end_date=today + DAY)
    make_campaign(
        campaign_index, title="Sắp tới", start_date=today + 5 * DAY, end_date=today + 30 * DAY
    )
    make_campaign(
        campaign_index, title="Đã qua", start_date=today - 60 * DAY, end_date=today - 30 * DAY
    )
    html = client.get(campaign_index.url).content.decode()
    running, upcoming, past = (html.index(t) for t in ["Đang chạy", "Sắp tới", "Đã qua"])
    assert running < upcoming < past
    assert "Đang diễn ra" in html and "Sắp diễn ra" in html and "Đã kết thúc" in html
    assert "15.000.000.000 ₫" in html


def test_index_without_campaigns_says_so(client, campaign_index):
    assert "Chưa có chiến dịch nào" in client.get(campaign_index.url).content.decode()


def test_timeline_boundaries_are_inclusive():
    start, end = datetime.date(2026, 10, 17), datetime.date(2026, 11, 18)
    campaign = CampaignPage(title="x", start_date=start, end_date=end)
    assert campaign_timeline([campaign], on=start - DAY).upcoming == [campaign]
    assert campaign_timeline([campaign], on=start).running == [campaign]
    assert campaign_timeline([campaign], on=end).running == [campaign]
    assert campaign_timeline([campaign], on=end + DAY).past == [campaign]


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (datetime.date(2026, 10, 16), False),
        (datetime.date(2026, 10, 17), True),
        (datetime.date(2026, 11, 1), True),
        (datetime.date(2026, 11, 18), True),
        (datetime.date(2026, 11, 19), False),
    ],
)
def test_banner_shows_only_between_start_and_end(campaign_index, day, shown):
    make_campaign(campaign_index)  # 17/10/2026 – 18/11/2026
    html = Template("{% load campaign_tags %}{% peak_month_banner on=day %}").render(
        Context({"day": day})
    )
    assert ("Ngày vì người nghèo 2026" in html) is shown


def test_banner_on_other_pages_today_but_not_on_its_own(client, campaign_index):
    today = timezone.localdate()
    running = make_campaign(campaign_index, start_date=today, end_date=today)
    other = make_campaign(
        campaign_index,
        title="Chiến dịch năm trước",
        start_date=today - 400 * DAY,
        end_date=today - DAY,
    )

    assert 'class="peak-banner"' in client.get(campaign_index.url).content.decode()
    assert 'class="peak-banner"' in client.get(other.url).content.decode()
    assert 'class="peak-banner"' not in client.get(running.url).content.decode()


def test_banner_hidden_when_campaign_has_ended_or_not_begun(client, campaign_index):
    today = timezone.localdate()
    make_campaign(campaign_index, title="Đã xong", start_date=today - 9 * DAY, end_date=today - DAY)
    make_campaign(campaign_index, title="Sắp tới", start_date=today + DAY, end_date=today + 9 * DAY)
    assert 'class="peak-banner"' not in client.get(campaign_index.url).content.decode()


def test_end_before_start_is_refused_in_vietnamese(campaign_index):
    campaign = CampaignPage(
        title="Sai ngày",
        slug="sai-ngay",
        intro="x",
        organiser="Ủy ban MTTQ tỉnh",
        start_date=datetime.date(2026, 11, 18),
        end_date=datetime.date(2026, 10, 17),
    )
    with pytest.raises(ValidationError) as error:
        campaign.clean()
    assert error.value.message_dict["end_date"] == ["Ngày kết thúc không được trước ngày bắt đầu."]


def test_support_item_target_is_unit_cost_times_count():
    item = SupportItem(name="Học bổng", unit_cost=5_000_000, target_count=300)
    assert item.target_amount == 1_500_000_000
    assert isinstance(item.target_amount, int)


@pytest.mark.django_db
def test_details_work_on_an_unsaved_preview():
    """Wagtail previews pages that are not saved: the items are still in memory, and no bank
    account (the ledger's link) can point at such a page yet."""
    make_account()
    campaign = CampaignPage(
        title="Bản nháp",
        start_date=datetime.date(2027, 10, 17),
        end_date=datetime.date(2027, 11, 18),
        support_items=[SupportItem(name="Học bổng", unit_cost=5_000_000, target_count=10)],
    )
    details = campaign_details(campaign)
    assert [item.name for item in details.support_items] == ["Học bổng"]
    assert details.support_total == 50_000_000
    assert list(campaign_accounts(campaign)) == []


def test_accounts_in_use_are_listed_by_bank_name_and_the_first_takes_transfers(full_campaign):
    """The order the page lists them in (bank name, then number) is the one VietQR codes use."""
    listed = [account.account_number for account in campaign_accounts(full_campaign)]
    assert listed == ["54010000987654", "0071000123456"]
    assert transfer_account(full_campaign).account_number == "54010000987654"
