"""Statements uploaded in the admin are imported by a background task: once, all or nothing,
with the refusal (in Vietnamese) or the report on the upload."""

from unittest import mock

import pytest
from django.core.management import call_command

from donations.models import Receipt
from reconciliation.models import StatementImport, StatementLine, StatementUpload, UploadStatus
from reconciliation.services.uploads import queue_upload, run_upload
from tests.reconciliation.conftest import read_fixture


@pytest.fixture
def later_tasks(settings):
    """A queue that keeps tasks for a worker instead of running them in the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def upload_of(account, name="vietcombank.csv"):
    return queue_upload(account=account, file_bytes=read_fixture(name), filename=name)


def test_the_immediate_backend_imports_at_once(account, pledges):
    upload = upload_of(account)

    assert upload.status == UploadStatus.DONE
    assert upload.statement_import.lines_new == 6
    assert upload.statement_import.lines_matched == 3


def test_a_queued_upload_is_imported_once_however_often_it_runs(account, pledges, later_tasks):
    upload = upload_of(account)
    assert upload.status == UploadStatus.QUEUED and not StatementLine.objects.exists()

    first = run_upload(upload.pk)
    second = run_upload(upload.pk)

    assert first.status == second.status == UploadStatus.DONE
    assert StatementImport.objects.count() == 1
    assert StatementLine.objects.count() == 6
    assert Receipt.objects.count() == 3


def test_a_refused_file_keeps_its_vietnamese_message_and_stores_nothing(account, pledges):
    upload = upload_of(account, "broken_amount.csv")

    assert upload.status == UploadStatus.FAILED
    assert "Dòng 8, cột “Số tiền ghi có”" in upload.error
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()


def test_an_unexpected_error_rolls_back_and_says_so(account, pledges, later_tasks):
    upload = upload_of(account)

    with (
        mock.patch(
            "reconciliation.services.intake._record_decisions", side_effect=RuntimeError("boom")
        ),
        pytest.raises(RuntimeError),
    ):
        run_upload(upload.pk)

    upload.refresh_from_db()
    assert upload.status == UploadStatus.FAILED
    assert "không có gì được lưu" in upload.error
    assert not StatementLine.objects.exists() and not Receipt.objects.exists()


def test_the_command_runs_what_a_stopped_worker_left(account, pledges, later_tasks):
    waiting = [upload_of(account), upload_of(account, "broken_amount.csv")]

    call_command("run_statement_uploads")

    statuses = [StatementUpload.objects.get(pk=upload.pk).status for upload in waiting]
    assert statuses == [UploadStatus.DONE, UploadStatus.FAILED]
    assert StatementLine.objects.count() == 6
