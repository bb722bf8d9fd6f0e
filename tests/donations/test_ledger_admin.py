"""The ledger's admin: who may reach each URL, and the forms that call the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.admin.viewsets import viewsets as registered_viewsets
from wagtail.models import ModelLogEntry

from donations.models import Channel, FundAssignment, Pledge, PledgeStatus, Receipt
from donations.services import (
    allocate,
    attach_handover,
    record_pledge,
    record_receipt,
    transfer_between_funds,
)
from tests.donations.conftest import (
    at,
    make_authority,
    make_bank_account,
    make_commune_fund,
    make_donor,
    pay,
)
from tests.sitewide.conftest import make_user

DAY = datetime.date(2026, 10, 20)
PHONE = "0912000111"
TAX_CODE = "3200123456"


@pytest.fixture
def ledger(ledger_campaign, fund, front_staff):
    """One of everything, so every admin URL has an object to show."""
    donor = make_donor(
        "Công ty TNHH Hải Sản Cửa Việt",
        kind="business",
        phone=PHONE,
        email="ketoan@haisancuaviet.vn",
        tax_code=TAX_CODE,
    )
    account = make_bank_account(fund)
    pledge = record_pledge(
        donor=donor,
        campaign=ledger_campaign,
        amount=50_000_000,
        pledged_on=DAY,
        due_on=DAY + datetime.timedelta(days=10),
        event="Lễ phát động Ngày vì người nghèo 17/10/2026",
    )
    receipt = record_receipt(
        channel=Channel.BANK,
        amount=20_000_000,
        received_at=at(DAY, 10),
        campaign=ledger_campaign,
        donor=donor,
        bank_account=account,
        bank_reference="FT26293555",
        memo=f"MBVCB.1234.{pledge.code} ung ho",
        user=front_staff,
    )
    allocation = allocate(receipt, pledge, user=front_staff)
    voucher = attach_handover(
        pay(make_authority(fund, 5_000_000), 1_000_000, DAY, front_staff),
        file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
        received_by="Hồ Văn Lục",
        handed_over_on=DAY,
        place="",
        user=front_staff,
    )
    commune = make_commune_fund(fund)
    transfer = transfer_between_funds(
        from_fund=fund, to_fund=commune, amount=1_000_000, transferred_on=DAY, user=front_staff
    )
    assignment = FundAssignment.objects.create(user=front_staff, fund=commune)
    return {
        "voucher": voucher,
        "fundtransfer": transfer,
        "fundassignment": assignment,
        "campaign": ledger_campaign,
        "fund": fund,
        "account": account,
        "donor": donor,
        "pledge": pledge,
        "receipt": receipt,
        "allocation": allocation,
        "campaignfund": ledger_campaign.ledger_fund,
    }


def ledger_admin_urls(ledger):
    """Every admin URL the donations app registers, with an object to point at."""
    objects = {
        "ledger": ledger["campaign"],
        "receipt": ledger["receipt"],
        "pledge": ledger["pledge"],
        "donor": ledger["donor"],
        "fund": ledger["fund"],
        "bankaccount": ledger["account"],
        "campaignfund": ledger["campaignfund"],
        "donor_chooser": ledger["donor"],
        "pledge_chooser": ledger["pledge"],
        "voucher": ledger["voucher"],
        "fundtransfer": ledger["fundtransfer"],
        "fundassignment": ledger["fundassignment"],
    }
    reverse("wagtailadmin_home")  # loads the admin URLconf, which registers the viewsets
    urls = []
    for viewset in registered_viewsets.viewsets:
        if not type(viewset).__module__.startswith("donations."):
            continue
        namespace = viewset.url_namespace
        for pattern in viewset.get_urlpatterns():
            kwargs = {}
            if "pk" in pattern.pattern.converters:
                target = objects[namespace]
                if pattern.name == "reverse_allocation":
                    target = ledger["allocation"]
                kwargs["pk"] = target.pk
            name = f"{namespace}:{pattern.name}"
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def test_every_ledger_url_is_covered(ledger):
    names = {name for name, _url in ledger_admin_urls(ledger)}
    for expected in [
        "ledger:index",
        "ledger:campaign_report",
        "receipt:index",
        "receipt:add",
        "receipt:inspect",
        "receipt:allocate",
        "receipt:reverse",
        "receipt:print",
        "pledge:cancel",
        "pledge:reminders",
        "donor:index",
        "donor_chooser:choose",
    ]:
        assert expected in names
    assert "receipt:edit" not in names and "receipt:delete" not in names
    assert "pledge:delete" not in names


def test_anonymous_users_are_sent_to_the_login_page(client, ledger):
    for name, url in ledger_admin_urls(ledger):
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/admin/login/" in response["Location"], name


@pytest.mark.parametrize("group_user", ["editor", "moderator"])
def test_editors_and_moderators_see_nothing_of_the_ledger(client, ledger, group_user, request):
    client.force_login(request.getfixturevalue(group_user))
    for name, url in ledger_admin_urls(ledger):
        response = client.get(url)
        assert response.status_code in (302, 403), name
        body = response.content.decode(errors="ignore")
        assert PHONE not in body and "Hải Sản Cửa Việt" not in body, name
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("receipt:index") not in menu
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert ledger["receipt"].number not in history


def test_front_staff_reach_every_ledger_url(client, ledger, front_staff):
    client.force_login(front_staff)
    for name, url in ledger_admin_urls(ledger):
        response = client.get(url)
        if name.endswith(":delete") or name.startswith("fundassignment:"):
            # Nothing here is theirs to delete; superusers keep the fund assignments.
            assert response.status_code in (302, 403), name
        else:
            assert response.status_code == 200, name
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("receipt:index") in menu


def test_superusers_reach_every_ledger_url_but_cannot_edit_receipts(client, ledger):
    admin = make_user("quan-tri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for name, url in ledger_admin_urls(ledger):
        assert client.get(url).status_code == 200, name
    page = client.get(reverse("receipt:inspect", args=[ledger["receipt"].pk])).content.decode()
    assert "/edit/" not in page and "/delete/" not in page


def test_staff_record_a_receipt_through_the_form(client, ledger, front_staff):
    client.force_login(front_staff)
    form = {
        "channel": Channel.CASH,
        "amount": "1500000",
        "received_at": "20/10/2026 09:30",
        "campaign": ledger["campaign"].pk,
        "donor": ledger["donor"].pk,
        "disclosure": "",
        "receipt_book_number": "Q05-0042",
    }
    response = client.post(reverse("receipt:add"), form)
    receipt = Receipt.objects.get(receipt_book_number="Q05-0042")
    assert response.status_code == 302
    assert response["Location"] == reverse("receipt:inspect", args=[receipt.pk])
    assert (receipt.number, receipt.amount, receipt.recorded_by) == (
        "BN-2026-000002",
        1_500_000,
        front_staff,
    )
    assert receipt.fund == ledger["fund"]  # taken from the campaign


def test_a_refused_receipt_form_keeps_what_was_typed(client, ledger, front_staff):
    client.force_login(front_staff)
    form = {
        "channel": Channel.BANK,
        "amount": "2750000",
        "received_at": "20/10/2026 09:30",
        "campaign": ledger["campaign"].pk,
        "bank_reference": "FT-NHAP-TAY-01",
    }
    response = client.post(reverse("receipt:add"), form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chọn tài khoản ngân hàng nhận tiền chuyển khoản." in body
    assert "FT-NHAP-TAY-01" in body and "2.750.000" in body  # as understood, grouped
    assert Receipt.objects.count() == 1


def test_allocate_and_reverse_through_the_admin(client, ledger, front_staff):
    client.force_login(front_staff)
    receipt, pledge = ledger["receipt"], ledger["pledge"]
    second = record_receipt(
        channel=Channel.CASH,
        amount=30_000_000,
        received_at=at(DAY, 11),
        campaign=ledger["campaign"],
        receipt_book_number="Q05-0043",
    )
    response = client.post(reverse("receipt:allocate", args=[second.pk]), {"pledge": pledge.pk})
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.PAID

    response = client.post(reverse("receipt:reverse", args=[receipt.pk]), {"reason": ""})
    assert response.status_code == 200  # the reason is required
    response = client.post(
        reverse("receipt:reverse", args=[receipt.pk]), {"reason": "Chuyển khoản bị ngân hàng hoàn"}
    )
    assert response.status_code == 302
    assert Receipt.objects.get(pk=receipt.pk).is_reversed
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.PARTLY_PAID
    entry = ModelLogEntry.objects.get(action="donations.receipt.reverse")
    assert entry.user == front_staff
    history = client.get(reverse("receipt:history", args=[receipt.pk])).content.decode()
    assert "Chuyển khoản bị ngân hàng hoàn" in history


def test_pledge_edit_changes_only_its_details(client, ledger, front_staff):
    client.force_login(front_staff)
    pledge = ledger["pledge"]
    response = client.post(
        reverse("pledge:edit", args=[pledge.pk]),
        {"due_on": "30/11/2026", "event": "Thư vận động", "note": "", "amount": "1"},
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.due_on == datetime.date(2026, 11, 30)
    assert pledge.amount == 50_000_000


def test_cancel_pledge_through_the_admin(client, ledger, front_staff):
    client.force_login(front_staff)
    pledge = ledger["pledge"]
    response = client.post(
        reverse("pledge:cancel", args=[pledge.pk]), {"reason": "Đơn vị xin rút đăng ký"}
    )
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.CANCELLED


def test_front_staff_choose_the_campaigns_an_account_is_shown_on(client, ledger, front_staff):
    """A campaign's bank accounts are the ledger's to choose, in the account's own form; the
    campaign page shows the change without being published again."""
    client.force_login(front_staff)
    account, campaign = ledger["account"], ledger["campaign"]
    url = reverse("bankaccount:edit", args=[account.pk])
    form = client.get(url).content.decode()
    assert f'name="campaigns" value="{campaign.pk}"' in form and campaign.title in form
    data = {
        "fund": account.fund_id,
        "bank_name": account.bank_name,
        "bank_bin": account.bank_bin,
        "account_number": account.account_number,
        "holder": account.holder,
        "branch": "",
        "is_active": "on",
        "campaigns": [campaign.pk],
    }
    assert client.post(url, data).status_code == 302
    assert list(campaign.bank_accounts.all()) == [account]
    assert account.account_number in client.get(campaign.url).content.decode()

    del data["campaigns"]
    assert client.post(url, data).status_code == 302
    assert not campaign.bank_accounts.exists()
    assert account.account_number not in client.get(campaign.url).content.decode()


def test_donor_search_ignores_diacritics(client, ledger, front_staff):
    client.force_login(front_staff)
    make_donor("Trần Văn Đức")
    for query in ["hai san cua viet", "Hải Sản", PHONE[-6:], TAX_CODE]:
        body = client.get(reverse("donor:index"), {"q": query}).content.decode()
        assert "Hải Sản Cửa Việt" in body, query
        assert "Trần Văn Đức" not in body, query
    body = client.get(reverse("donor:index"), {"q": "duc"}).content.decode()
    assert "Trần Văn Đức" in body


def test_receipt_list_queries_do_not_grow_with_rows(
    client, ledger, front_staff, django_assert_max_num_queries
):
    client.force_login(front_staff)
    url = reverse("receipt:index")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for index in range(15):
        record_receipt(
            channel=Channel.CASH,
            amount=100_000 + index,
            received_at=at(DAY, 12),
            campaign=ledger["campaign"],
            donor=make_donor(f"Người ủng hộ {index}"),
            receipt_book_number=f"Q06-{index:04d}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_pledge_list_queries_do_not_grow_with_rows(
    client, ledger, front_staff, django_assert_max_num_queries
):
    client.force_login(front_staff)
    url = reverse("pledge:index")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for index in range(15):
        record_pledge(
            donor=make_donor(f"Đơn vị {index}"), campaign=ledger["campaign"], amount=1_000_000
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_reminder_list_groups_overdue_pledges_by_donor(client, ledger, front_staff):
    client.force_login(front_staff)
    body = client.get(reverse("pledge:reminders")).content.decode()
    assert "Hải Sản Cửa Việt" in body and PHONE in body  # due 30/10/2026, 30.000.000 ₫ owed
    assert "30.000.000 ₫" in body
    response = client.get(reverse("pledge:reminders"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("chosen", ["²", "١٢", "9" * 40, "abc"])
def test_a_campaign_chosen_by_hand_in_the_url_never_breaks_the_page(
    client, ledger, front_staff, chosen
):
    """ "²" passes str.isdigit() but int() refuses it: these pages answered 500."""
    client.force_login(front_staff)
    for name in ("ledger:index", "pledge:reminders"):
        assert client.get(reverse(name), {"campaign": chosen}).status_code == 200


def test_printable_confirmation_of_donation(client, ledger, front_staff):
    client.force_login(front_staff)
    body = client.get(reverse("receipt:print", args=[ledger["receipt"].pk])).content.decode()
    assert "GIẤY XÁC NHẬN" in body.upper()
    assert ledger["receipt"].number in body and TAX_CODE in body and "20.000.000 đồng" in body
    assert "Hai mươi triệu đồng" in body  # the amount in words


def test_a_campaign_page_with_money_cannot_be_deleted(client, ledger, campaign_index):
    from wagtail.models import Page

    from tests.campaigns.conftest import make_campaign

    admin = make_user("quan-tri-trang", is_superuser=True, is_staff=True)
    client.force_login(admin)
    campaign = ledger["campaign"]
    for page in (campaign, campaign_index):
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        assert client.get(url).status_code == 302
        assert client.post(url).status_code == 302
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    client.post(f"{bulk}?id={campaign.pk}", {})
    assert Page.objects.filter(pk__in=[campaign.pk, campaign_index.pk]).count() == 2

    empty = make_campaign(campaign_index, title="Chiến dịch chưa có tiền", slug="chua-co-tien")
    url = reverse("wagtailadmin_pages:delete", args=[empty.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Page.objects.filter(pk=empty.pk).exists()


def test_pledge_filters_by_status_and_overdue(client, ledger, front_staff):
    client.force_login(front_staff)
    other = record_pledge(
        donor=make_donor("Hợp tác xã Cồn Tiên"),
        campaign=ledger["campaign"],
        amount=10_000_000,
        pledged_on=DAY,
        due_on=datetime.date(2099, 1, 1),
    )
    url = reverse("pledge:index")
    body = client.get(url, {"status": PledgeStatus.PARTLY_PAID}).content.decode()
    assert ledger["pledge"].code in body and other.code not in body
    body = client.get(url, {"status": PledgeStatus.OPEN}).content.decode()
    assert other.code in body and ledger["pledge"].code not in body
    body = client.get(url, {"overdue": "true"}).content.decode()
    assert ledger["pledge"].code in body and other.code not in body
    body = client.get(url, {"q": "hop tac xa con tien"}).content.decode()
    assert other.code in body and ledger["pledge"].code not in body


def test_receipt_list_names_the_payer_of_a_transfer_without_a_donor(client, ledger, front_staff):
    client.force_login(front_staff)
    record_receipt(
        channel=Channel.BANK,
        amount=350_000,
        received_at=at(DAY, 9),
        campaign=ledger["campaign"],
        bank_account=ledger["account"],
        bank_reference="FT26300112233",
        payer_name="LE THI HONG NHUNG",
    )
    body = client.get(reverse("receipt:index")).content.decode()
    assert "LE THI HONG NHUNG (người chuyển)" in body
