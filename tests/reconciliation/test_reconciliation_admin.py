"""Reconciliation's admin: only Front staff (and superusers) reach any of it; the upload form,
column mappings and transfer feeds through their forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.admin.viewsets import viewsets as registered_viewsets

from donations.models import Receipt
from reconciliation.models import (
    Decision,
    FeedSource,
    SavedColumnMapping,
    StatementImport,
    StatementLine,
    StatementUpload,
)
from reconciliation.services import import_statement
from reconciliation.services.uploads import queue_upload, run_upload
from tests.reconciliation.conftest import read_fixture
from tests.sitewide.conftest import make_user

SECRET = "khoa-bi-mat-khong-duoc-lo"
MEMO_WORDS = "Lãi tiền gửi tháng 8"


@pytest.fixture
def setup(account, pledges, settings):
    settings.RECONCILIATION_FEED_KEYS = {"FEED_KEY_VCB": SECRET}
    report = import_statement(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="vietcombank.csv"
    )
    line = StatementLine.objects.get(row=14)
    return {
        "reconciliation_line": line,
        "reconciliation_import": report.statement_import,
        "reconciliation_mapping": SavedColumnMapping.objects.create(
            name="Techcombank",
            mapping={"date": "Ngày", "credit": "Có", "memo": "Nội dung"},
        ),
        "reconciliation_feed": FeedSource.objects.create(
            slug="vcb-sepay",
            name="SePay VCB",
            bank_account=account,
            kind="sepay",
            key_name="FEED_KEY_VCB",
        ),
        "reconciliation_donor_chooser": pledges["C0"].donor,
        "decision": Decision.objects.filter(line__row=8).get(),
        "upload": queue_upload(
            account=account,
            file_bytes=read_fixture("broken_amount.csv"),
            filename="broken_amount.csv",
        ),
    }


def admin_urls(setup):
    reverse("wagtailadmin_home")  # loads the admin URLconf, which registers the viewsets
    urls = []
    for viewset in registered_viewsets.viewsets:
        if not type(viewset).__module__.startswith("reconciliation."):
            continue
        namespace = viewset.url_namespace
        for pattern in viewset.get_urlpatterns():
            kwargs = {}
            converters = pattern.pattern.converters
            if "pk" in converters:
                kwargs["pk"] = setup[namespace].pk
            if "upload_pk" in converters:
                kwargs["upload_pk"] = setup["upload"].pk
            if "decision_pk" in converters:
                kwargs["pk"] = setup["decision"].line_id
                kwargs["decision_pk"] = setup["decision"].pk
            name = f"{namespace}:{pattern.name}"
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def test_every_url_is_listed(setup):
    names = {name for name, _url in admin_urls(setup)}
    for expected in (
        "reconciliation_line:index",
        "reconciliation_line:inspect",
        "reconciliation_line:confirm",
        "reconciliation_line:split",
        "reconciliation_line:donor",
        "reconciliation_line:unidentified",
        "reconciliation_line:not_donation",
        "reconciliation_line:reverse",
        "reconciliation_import:add",
        "reconciliation_import:inspect",
        "reconciliation_import:upload",
        "reconciliation_mapping:add",
        "reconciliation_feed:inspect",
        "reconciliation_donor_chooser:choose",
    ):
        assert expected in names


def test_anonymous_users_are_sent_to_the_login_page(client, setup):
    for name, url in admin_urls(setup):
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/admin/login/" in response["Location"], name


@pytest.mark.parametrize("group_user", ["editor", "moderator"])
def test_editors_and_moderators_see_nothing(client, setup, group_user, request):
    client.force_login(request.getfixturevalue(group_user))
    for name, url in admin_urls(setup):
        response = client.get(url)
        assert response.status_code in (302, 403), name
        assert MEMO_WORDS not in response.content.decode(errors="ignore"), name
    line = setup["reconciliation_line"]
    refused = client.post(
        reverse("reconciliation_line:unidentified", args=[line.pk]), {"campaign": ""}
    )
    assert refused.status_code in (302, 403)
    assert Receipt.objects.count() == 3
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reconciliation_line:index") not in menu


#: Lines, imports and decisions are written by the services only; feeds and mappings are
#: switched off or renamed, not deleted (lines and imports point at them).
NOT_BY_HAND = {
    "reconciliation_line:add",
    "reconciliation_line:edit",
    "reconciliation_line:delete",
    "reconciliation_import:edit",
    "reconciliation_import:delete",
    "reconciliation_feed:delete",
    "reconciliation_mapping:delete",
}


def test_front_staff_reach_every_url(client, setup, front_staff):
    client.force_login(front_staff)
    for name, url in admin_urls(setup):
        response = client.get(url)
        if name in NOT_BY_HAND:
            assert response.status_code in (302, 403), name
        else:
            assert response.status_code == 200, name
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reconciliation_line:index") in menu


def test_superusers_reach_every_url_but_cannot_edit_lines(client, setup):
    admin = make_user("quan-tri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for name, url in admin_urls(setup):
        response = client.get(url)
        assert response.status_code == (302 if name in NOT_BY_HAND else 200), name
    line = setup["reconciliation_line"]
    page = client.get(reverse("reconciliation_line:inspect", args=[line.pk])).content.decode()
    assert "/edit/" not in page and "/delete/" not in page


def test_upload_through_the_admin(client, account, pledges, front_staff):
    client.force_login(front_staff)
    upload = SimpleUploadedFile("vietcombank.csv", read_fixture("vietcombank.csv"), "text/csv")

    response = client.post(
        reverse("reconciliation_import:add"),
        {"bank_account": account.pk, "statement_file": upload},
        follow=True,
    )

    statement_import = StatementImport.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "reconciliation_import:inspect", args=[statement_import.pk]
    )
    body = response.content.decode()
    assert "6 dòng mới" in body and "3 dòng khớp tự động" in body
    assert statement_import.uploaded_by == front_staff

    upload.seek(0)
    again = client.post(
        reverse("reconciliation_import:add"),
        {"bank_account": account.pk, "statement_file": upload},
        follow=True,
    ).content.decode()
    assert "Tệp này đã được nhập trước đây" in again and "0 dòng mới, 6 dòng đã có" in again


def test_broken_upload_shows_row_and_column_and_stores_nothing(client, account, front_staff):
    client.force_login(front_staff)
    upload = SimpleUploadedFile("broken_amount.csv", read_fixture("broken_amount.csv"), "text/csv")

    response = client.post(
        reverse("reconciliation_import:add"),
        {"bank_account": account.pk, "statement_file": upload, "period_start": "01/09/2024"},
        follow=True,
    )

    stored = StatementUpload.objects.get()
    assert response.redirect_chain == [
        (reverse("reconciliation_import:upload", kwargs={"upload_pk": stored.pk}), 302)
    ]
    body = response.content.decode()
    assert "Tệp bị từ chối, không có gì được lưu." in body
    assert "Dòng 8, cột “Số tiền ghi có”: “1.2OO.000” không phải là số tiền." in body
    assert "01/09/2024" in body  # what was chosen is shown
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()
    assert "Refresh" not in response  # a refused file is final: no reloading

    again = client.get(f"{reverse('reconciliation_import:add')}?again={stored.pk}").content
    assert b'value="01/09/2024"' in again  # and kept for the corrected file


def test_the_upload_page_reloads_while_the_import_waits_for_a_worker(
    client, account, front_staff, settings
):
    """With a queue that runs tasks later (the database backend in production), the request
    only stores the file; the page says it is being processed and reloads itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(front_staff)
    upload = SimpleUploadedFile("vietcombank.csv", read_fixture("vietcombank.csv"), "text/csv")

    response = client.post(
        reverse("reconciliation_import:add"),
        {"bank_account": account.pk, "statement_file": upload},
        follow=True,
    )

    assert response.status_code == 200 and response["Refresh"] == "3"
    assert "Đang xử lý…" in response.content.decode()
    stored = StatementUpload.objects.get()
    assert (stored.status, bytes(stored.content)) == ("queued", read_fixture("vietcombank.csv"))
    assert not StatementImport.objects.exists()

    run_upload(stored.pk)  # what the worker does

    done = client.get(reverse("reconciliation_import:upload", kwargs={"upload_pk": stored.pk}))
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "reconciliation_import:inspect", args=[StatementImport.objects.get().pk]
    )


def test_upload_over_the_limit_is_refused(client, account, front_staff, settings):
    settings.STATEMENT_MAX_UPLOAD_BYTES = 100
    client.force_login(front_staff)
    upload = SimpleUploadedFile("vietcombank.csv", read_fixture("vietcombank.csv"), "text/csv")

    response = client.post(
        reverse("reconciliation_import:add"), {"bank_account": account.pk, "statement_file": upload}
    )

    assert response.status_code == 200
    assert "vượt giới hạn" in response.content.decode()
    assert not StatementImport.objects.exists()


def test_column_mapping_form_stores_the_mapping_json(client, account, front_staff):
    client.force_login(front_staff)
    form = {
        "name": "Techcombank Unicode text",
        "bank_account": account.pk,
        "date": "Ngày hạch toán",
        "time": "Giờ",
        "credit": "Số tiền",
        "memo": "Nội dung giao dịch",
        "reference": "Mã giao dịch",
        "counterparty_name": "Người chuyển",
        "amount_style": "en",
        "signed_amount": "on",
        "bank": "Techcombank",
    }
    response = client.post(reverse("reconciliation_mapping:add"), form)

    assert response.status_code == 302
    mapping = SavedColumnMapping.objects.get()
    assert mapping.mapping["credit"] == "Số tiền" and mapping.mapping["signed_amount"] is True
    assert mapping.as_mapping().bank == "Techcombank"
    edit = client.get(reverse("reconciliation_mapping:edit", args=[mapping.pk])).content.decode()
    assert "Ngày hạch toán" in edit

    missing = client.post(reverse("reconciliation_mapping:add"), {**form, "name": "x", "memo": ""})
    assert missing.status_code == 200
    assert SavedColumnMapping.objects.count() == 1


def test_feed_page_shows_the_address_but_never_the_key(client, setup, front_staff):
    client.force_login(front_staff)
    feed = setup["reconciliation_feed"]
    body = client.get(reverse("reconciliation_feed:inspect", args=[feed.pk])).content.decode()
    assert "/reconciliation/feeds/vcb-sepay/" in body
    assert "FEED_KEY_VCB" in body and "đã đặt" in body
    assert SECRET not in body
    edit = client.get(reverse("reconciliation_feed:edit", args=[feed.pk])).content.decode()
    assert SECRET not in edit


def test_decisions_stay_out_of_the_editors_history(client, setup, editor, front_staff):
    client.force_login(front_staff)
    line = setup["reconciliation_line"]
    client.post(
        reverse("reconciliation_line:not_donation", args=[line.pk]),
        {"category": "interest", "reason": "Lãi tiền gửi tháng 8/2024"},
    )
    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Lãi tiền gửi tháng 8/2024" not in history


def test_imports_listing_queries_do_not_grow_with_rows(client, account, front_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(front_staff)

    def add_imports(count):
        for number in range(count):
            StatementImport.objects.create(
                bank_account=account,
                file_name=f"sao-ke-{number}.csv",
                sha256=f"{number:064x}",
                uploaded_by=front_staff,
                bank="Vietcombank",
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reconciliation_import:index")).status_code == 200
        return len(captured)

    add_imports(2)
    few = queries()
    add_imports(10)
    assert queries() == few
