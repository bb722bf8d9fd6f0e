"""Where statement lines come from: an uploaded statement file, or a transfer feed's webhook;
and the column mappings saved for banks whose layout is not recognised."""

import os

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconciliation.statements import ColumnMapping

key_name_validator = RegexValidator(
    r"^FEED_KEY_[A-Z0-9_]+$",
    _("The name of a setting starting with FEED_KEY_, e.g. FEED_KEY_VCB_SEPAY."),
)


class ImportStatus(models.TextChoices):
    WAITING = "waiting", _("Lines waiting in the queue")
    RECONCILED = "reconciled", _("Every line reconciled")


class StatementFile(models.Model):
    """What a statement file came with: its name, who uploaded it and when, and the period the
    uploader said it covers. Shared by the upload waiting for its import (uploads.py) and the
    import it becomes."""

    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def file_fields(filename, user, period):
        """These fields as the services receive them (a period is (start, end) or None)."""
        start, end = period or (None, None)
        return {
            "file_name": safe_file_name(filename),
            "uploaded_by": user,
            "period_start": start,
            "period_end": end,
        }

    @property
    def period(self):
        if self.period_start or self.period_end:
            return (self.period_start, self.period_end)
        return None


def safe_file_name(filename, max_length=255):
    """The last part of a file name as a person or program gave it, without folders (either
    slash), control characters (a NUL is refused by PostgreSQL) or a leading dot, and at most
    `max_length` characters with its extension kept: only ever shown, never a path, however
    it was written ("../../etc/passwd.csv" is "passwd.csv")."""
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".")
    stem, extension = os.path.splitext(name)
    extension = extension[:16]
    return stem[: max_length - len(extension)] + extension


class StatementImport(StatementFile):
    """One statement file taken in as a whole (a failed import leaves no row at all)."""

    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        on_delete=models.PROTECT,
        related_name="statement_imports",
    )
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    bank = models.CharField(_("bank detected"), max_length=60, blank=True)
    #: What the file's title rows say it is: {"banks": [names], "accounts": [numbers]}, both
    #: checked against the account; None for imports made before files were checked.
    file_identity = models.JSONField(
        _("bank and account named in the file"), null=True, blank=True, editable=False
    )
    mapping = models.ForeignKey(
        "reconciliation.SavedColumnMapping",
        verbose_name=_("column mapping"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    rows_skipped = models.PositiveIntegerField(_("rows that are not credits"), default=0)
    lines_new = models.PositiveIntegerField(_("new lines"), default=0)
    lines_duplicate = models.PositiveIntegerField(_("duplicate lines"), default=0)
    lines_matched = models.PositiveIntegerField(_("matched automatically"), default=0)
    lines_left = models.PositiveIntegerField(_("left for the queue"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.bank_account})"

    @property
    def names_nothing(self):
        """Whether the file named neither its bank nor its account number, so it could not be
        checked against the account chosen (False for imports made before the check)."""
        identity = self.file_identity
        return identity is not None and not identity.get("banks") and not identity.get("accounts")


class SavedColumnMapping(models.Model):
    """A ColumnMapping (reconciliation.statements) kept for a bank we do not recognise.

    Stored as the mapping's own JSON (`ColumnMapping.to_dict`) so the statement reader stays the
    only place that knows what a mapping means. With a bank account, it is tried for that
    account's files whose layout is not recognised.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="column_mappings",
        help_text=_("Used for this account's files when the layout is not recognised."),
    )
    mapping = models.JSONField(_("columns"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def as_mapping(self):
        return ColumnMapping.from_dict(self.mapping)


class FeedKind(models.TextChoices):
    SEPAY = "sepay", "SePay"
    CASSO = "casso", "Casso"


class FeedSource(models.Model):
    """A transfer feed (SePay, Casso) watching one of the Fund's accounts.

    The keys are never stored here nor in code: the row names the settings entries
    (FEED_KEY_…, read from the environment by sitewide/settings.py) that hold them, so a
    database dump or a screenshot of the admin leaks nothing.
    """

    slug = models.SlugField(
        _("address"),
        unique=True,
        help_text=_("The feed calls /reconciliation/feeds/<address>/."),
    )
    name = models.CharField(_("name"), max_length=100)
    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        on_delete=models.PROTECT,
        related_name="feed_sources",
    )
    kind = models.CharField(_("service"), max_length=10, choices=FeedKind.choices)
    key_name = models.CharField(
        _("key setting"),
        max_length=60,
        validators=[key_name_validator],
        help_text=_(
            "Name of the environment variable holding the SePay API key or the Casso checksum key."
        ),
    )
    hmac_key_name = models.CharField(
        _("signing secret setting (SePay)"),
        max_length=60,
        blank=True,
        validators=[key_name_validator],
        help_text=_("Optional: the environment variable holding SePay's HMAC-SHA256 secret."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("transfer feed")
        verbose_name_plural = _("transfer feeds")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def key(self):
        return _setting(self.key_name)

    def hmac_key(self):
        return _setting(self.hmac_key_name)


def _setting(name):
    if not name:
        return ""
    return settings.RECONCILIATION_FEED_KEYS.get(name, "")
