"""Importing a statement file, all or nothing.

The file is read whole first (any StatementError names its row and column and nothing is
stored); then, in one transaction, the import row, the new lines, and the receipts and
allocations of the automatic matches are written together, or none of them is.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from wagtail.log_actions import log

from reconciliation.statements import StatementError, parse_statement
from reconciliation.statements.formats import UNKNOWN_LAYOUT

from ..models import ImportStatus, SavedColumnMapping, StatementImport
from . import audit
from .intake import check_account, statement_incoming, take_lines

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from donations.models import BankAccount
    from reconciliation.statements import ParseResult

#: The dates a statement covers, as staff give them: (start, end), either may be unknown.
Period = tuple[datetime.date | None, datetime.date | None]


@dataclass(frozen=True)
class ImportReport:
    statement_import: StatementImport
    bank: str
    skipped: int
    new: int
    duplicate: int
    matched: int
    left: int
    already_imported: bool = False


def max_upload_bytes() -> int:
    return settings.STATEMENT_MAX_UPLOAD_BYTES


def read_statement(
    file_bytes: bytes,
    filename: str,
    account: BankAccount,
    mapping: SavedColumnMapping | None = None,
    period: Period | None = None,
) -> tuple[ParseResult, SavedColumnMapping | None]:
    """(ParseResult, mapping used). Without a mapping, the five known layouts are tried, then
    the mappings saved for this account, so a bank we do not recognise is read after staff
    describe its columns once."""
    limit = max_upload_bytes()
    if mapping is not None:
        return parse_statement(
            file_bytes, filename, mapping=mapping.as_mapping(), period=period, max_bytes=limit
        ), mapping
    try:
        return parse_statement(file_bytes, filename, period=period, max_bytes=limit), None
    except StatementError as error:
        if error.message is not UNKNOWN_LAYOUT:
            raise
        for saved in SavedColumnMapping.objects.filter(bank_account=account).order_by("pk"):
            try:
                return parse_statement(
                    file_bytes, filename, mapping=saved.as_mapping(), period=period, max_bytes=limit
                ), saved
            except StatementError:
                continue
        raise


def import_statement(
    *,
    account: BankAccount,
    file_bytes: bytes,
    filename: str,
    user: AbstractBaseUser | None = None,
    mapping: SavedColumnMapping | None = None,
    period: Period | None = None,
) -> ImportReport:
    """Read and store a statement for `account`; raise StatementError or ValidationError
    (clear Vietnamese messages) with nothing stored. Returns the ImportReport."""
    check_account(account)
    parsed, used_mapping = read_statement(file_bytes, filename, account, mapping, period)
    sha256 = hashlib.sha256(file_bytes).hexdigest()
    already = StatementImport.objects.filter(bank_account=account, sha256=sha256).exists()
    with transaction.atomic():
        statement_import = StatementImport.objects.create(
            bank_account=account,
            sha256=sha256,
            **StatementImport.file_fields(filename, user, period),
            bank=parsed.label[:60],
            mapping=used_mapping,
            rows_skipped=parsed.skipped,
        )
        intake = take_lines(
            account,
            statement_incoming(account, parsed.lines),
            statement_import=statement_import,
            user=user,
        )
        statement_import.lines_new = intake.new
        statement_import.lines_duplicate = intake.duplicate
        statement_import.lines_matched = intake.matched
        statement_import.lines_left = intake.left
        statement_import.status = ImportStatus.WAITING if intake.left else ImportStatus.RECONCILED
        statement_import.save()
        log(
            statement_import,
            audit.IMPORT,
            user=user,
            data={
                "new": intake.new,
                "duplicate": intake.duplicate,
                "matched": intake.matched,
                "left": intake.left,
            },
        )
    return ImportReport(
        statement_import=statement_import,
        bank=parsed.label,
        skipped=parsed.skipped,
        new=intake.new,
        duplicate=intake.duplicate,
        matched=intake.matched,
        left=intake.left,
        already_imported=already,
    )
