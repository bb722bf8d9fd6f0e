"""Statement files imported in the background.

A statement of 100.000 lines takes longer to import than gunicorn gives a request, so the
admin's upload only stores the file (StatementUpload) and queues its import as a django-tasks
task; the page it redirects to says "đang xử lý" until the import is done, then shows the report
or the refusal. With the database backend the task row commits together with the upload (both
or neither); the immediate backend of `make run` and the tests runs the import at once.

The import keeps its all-or-nothing rule: the upload's new status is written in the same
transaction as everything the import stores, with the upload row locked. A worker killed
half-way therefore leaves the upload queued and nothing of its file stored, and running it
again (the task again, or `manage.py run_statement_uploads`) imports it exactly once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reconciliation.statements import StatementError

from ..models import StatementUpload, UploadStatus
from .imports import import_statement

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from donations.models import BankAccount

    from ..models import SavedColumnMapping
    from .imports import Period

logger = logging.getLogger(__name__)


def queue_upload(
    *,
    account: BankAccount,
    file_bytes: bytes,
    filename: str,
    user: AbstractBaseUser | None = None,
    mapping: SavedColumnMapping | None = None,
    period: Period | None = None,
) -> StatementUpload:
    """Store an uploaded statement and queue its import; returns the StatementUpload."""
    from reconciliation.tasks import import_statement_upload

    with transaction.atomic():
        upload = StatementUpload.objects.create(
            bank_account=account,
            content=file_bytes,
            mapping=mapping,
            **StatementUpload.file_fields(filename, user, period),
        )
        import_statement_upload.enqueue(upload.pk)
    upload.refresh_from_db()
    return upload


def refusal_message(error: StatementError | ValidationError) -> str:
    """The Vietnamese text of a refusal, kept on the upload for the page that shows it."""
    if isinstance(error, StatementError):
        return str(error)
    return " ".join(str(message) for message in error.messages)


def run_upload(upload_id: int) -> StatementUpload | None:
    """Import one queued upload, once; returns it (None if it does not exist).

    A refusal (StatementError, ValidationError) is stored as the upload's error. Anything else
    rolls the import back, marks the upload refused with a general message, and is raised again
    so the worker's log shows it.
    """
    with translation.override("vi"):
        try:
            return _import(upload_id)
        except Exception:
            logger.exception("Statement upload %s could not be imported", upload_id)
            StatementUpload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).update(
                status=UploadStatus.FAILED,
                error=_(
                    "The import stopped on an unexpected error and nothing was stored. "
                    "Upload the file again; if it fails again, tell the site's administrator."
                ),
                finished_at=timezone.now(),
            )
            raise


def _import(upload_id):
    with transaction.atomic():
        upload = (
            StatementUpload.objects.select_for_update(of=("self",))
            .select_related("bank_account", "mapping", "uploaded_by")
            .filter(pk=upload_id)
            .first()
        )
        if upload is None or upload.status != UploadStatus.QUEUED:
            return upload
        try:
            with transaction.atomic():
                report = import_statement(
                    account=upload.bank_account,
                    file_bytes=bytes(upload.content),
                    filename=upload.file_name,
                    user=upload.uploaded_by,
                    mapping=upload.mapping,
                    period=upload.period,
                )
        except (StatementError, ValidationError) as error:
            upload.status = UploadStatus.FAILED
            upload.error = refusal_message(error)
        else:
            upload.status = UploadStatus.DONE
            upload.statement_import = report.statement_import
            upload.already_imported = report.already_imported
        upload.finished_at = timezone.now()
        upload.save(
            update_fields=["status", "error", "statement_import", "already_imported", "finished_at"]
        )
    return upload


def run_queued_uploads() -> int:
    """Run every upload still queued, oldest first (after a worker was stopped mid-import);
    returns how many were imported or refused now."""
    done = 0
    queued = StatementUpload.objects.filter(status=UploadStatus.QUEUED).order_by("uploaded_at")
    for upload_id in list(queued.values_list("pk", flat=True)):
        upload = run_upload(upload_id)
        done += upload is not None and upload.status != UploadStatus.QUEUED
    return done
