"""A statement file uploaded in the admin and waiting for (or done with) its background import.

The upload request only stores the file and queues reconciliation.tasks.import_statement_upload,
because a 100.000-line statement takes longer than a web request may. The import itself is still
all or nothing (reconciliation.services.imports): a StatementImport exists only for a file that
was taken in whole. This row is what the admin shows meanwhile ("đang xử lý"), then the report's
link or the Vietnamese message of a failure. Its status changes in the import's own transaction,
so a worker killed mid-import leaves it queued with nothing half-stored, to be run again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .sources import StatementFile


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Being processed")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Refused")


class StatementUpload(StatementFile):
    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.BinaryField(_("file content"))
    mapping = models.ForeignKey(
        "reconciliation.SavedColumnMapping",
        verbose_name=_("column mapping"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    error = models.TextField(_("why the file was refused"), blank=True)
    statement_import = models.OneToOneField(
        "reconciliation.StatementImport",
        verbose_name=_("statement import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upload",
    )
    already_imported = models.BooleanField(default=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement upload")
        verbose_name_plural = _("statement uploads")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["status", "uploaded_at"], name="upload_status")]

    def __str__(self):
        return self.file_name
