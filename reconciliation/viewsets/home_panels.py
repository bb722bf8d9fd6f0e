"""Reconciliation's panels on the Front staff's admin home: the lines waiting in the queue and
the statement uploads still being processed, each linking to its list.

Registered by reconciliation.wagtail_hooks for whoever may see statement lines (or upload
statements); editors and moderators hold neither permission and get none. Each panel is one or
two small queries on an index (lines by state, uploads by status); the file contents of the
uploads are never read.
"""

from django.db.models import Count, Min, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import StatementLine, StatementUpload, UploadStatus

#: Uploads being processed listed by name at most; more are counted.
UPLOADS_SHOWN = 5


class QueuePanel(Component):
    """How many lines wait for a decision, how much money they carry, since when."""

    name = "reconciliation_queue"
    template_name = "reconciliation/admin/home/queue.html"
    order = 100

    def get_context_data(self, parent_context):
        figures = StatementLine.objects.in_queue().aggregate(
            lines=Count("id"), amount=Coalesce(Sum("amount"), 0), oldest=Min("booked_at")
        )
        return {**figures, "queue_url": reverse("reconciliation_line:index")}


class UploadsPanel(Component):
    """Statement files uploaded and waiting for (or in) their background import."""

    name = "reconciliation_uploads"
    template_name = "reconciliation/admin/home/uploads.html"
    order = 105

    def get_context_data(self, parent_context):
        waiting = StatementUpload.objects.filter(status=UploadStatus.QUEUED)
        shown = list(
            waiting.select_related("bank_account")
            .only(
                "pk",
                "file_name",
                "uploaded_at",
                "bank_account__bank_name",
                "bank_account__account_number",
            )
            .order_by("uploaded_at", "pk")[:UPLOADS_SHOWN]
        )
        return {
            "uploads": [
                (upload, reverse("reconciliation_import:upload", args=[upload.pk]))
                for upload in shown
            ],
            "more": waiting.count() - len(shown),
            "imports_url": reverse("reconciliation_import:index"),
        }
