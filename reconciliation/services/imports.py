"""Importing a statement file, all or nothing.

The file is read whole first (any StatementError names its row and column and nothing is
stored) and refused if its title rows name another bank or account number than the account
chosen (the account is part of every dedupe key, so the same transfers would be taken in a
second time); then, in one transaction, the import row, the new lines, and the receipts and
allocations of the automatic matches are written together, or none of them is.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from reconciliation.statements import StatementError, parse_statement
from reconciliation.statements.formats import UNKNOWN_LAYOUT, identify_statement
from reconciliation.statements.identity import FileIdentity, check_identity

from ..models import ImportStatus, SavedColumnMapping, StatementImport
from . import audit
from .intake import check_account, statement_incoming, take_lines

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from donations.models import BankAccount
    from reconciliation.statements import ParseResult

#: The dates a statement covers, as staff give them: (start, end), either may be unknown.
Period = tuple[datetime.date | None, datetime.date | None]

#: Said on the report of a file whose title rows name neither bank nor account number.
NAMES_NOTHING = _(
    "The file names neither its bank nor its account number: it could not be checked against "
    "the account chosen, and lines imported before under another account are not recognised."
)


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
    identity: FileIdentity = FileIdentity()


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


def check_file_account(account: BankAccount, identity: FileIdentity | None) -> None:
    """Refuse (StatementError) a file whose title rows name another bank or another account
    number than `account`; a file that names neither (or None: not read) passes."""
    if identity is None:
        return
    check_identity(
        identity,
        bank_bin=account.bank_bin,
        bank_name=account.bank_name,
        account_number=account.account_number,
        chosen=str(account),
    )


def precheck_statement(
    account: BankAccount,
    file_bytes: bytes,
    filename: str,
    mapping: SavedColumnMapping | None = None,
) -> None:
    """The account check on the file's first rows only, so the upload form can refuse a file
    chosen for the wrong account at once (a ValidationError), before it is stored and queued.
    The import itself checks again on the whole file."""
    if mapping is not None:
        mappings = [mapping.as_mapping()]
    else:
        saved = SavedColumnMapping.objects.filter(bank_account=account).order_by("pk")
        mappings = [None, *(each.as_mapping() for each in saved)]
    try:
        check_file_account(account, identify_statement(file_bytes, filename, mappings))
    except StatementError as error:
        raise ValidationError(str(error)) from None


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
    with collection_paused():
        return _import(account, file_bytes, filename, user, mapping, period)


@contextmanager
def collection_paused():
    """Python's cyclic garbage collector paused, then resumed as it was.

    An import keeps hundreds of thousands of objects alive at once (the file's rows, its lines,
    their keys and plans), none of them in a reference cycle. While they grow, the collector
    starts full collections that traverse them all again and again: 17 for the 100.000 lines
    of bench/reconcile.py, 15 % of the import's time. Objects are still freed by their
    reference counts; the collector catches up after the import.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _import(account, file_bytes, filename, user, mapping, period):
    parsed, used_mapping = read_statement(file_bytes, filename, account, mapping, period)
    check_file_account(account, parsed.identity)
    sha256 = hashlib.sha256(file_bytes).hexdigest()
    already = StatementImport.objects.filter(bank_account=account, sha256=sha256).exists()
    with transaction.atomic():
        statement_import = StatementImport.objects.create(
            bank_account=account,
            sha256=sha256,
            **StatementImport.file_fields(filename, user, period),
            bank=parsed.label[:60],
            file_identity=parsed.identity.as_json(),
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
        identity=parsed.identity,
    )
